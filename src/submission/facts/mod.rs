//! Facts about the sample that no rule judges but the attestation worksheet needs,
//! gathered from the same record batches as the rule engine, in bounded memory:
//!
//! - **Invoice sums**: the sum of BilledCost per InvoiceId and BillingCurrency, for
//!   comparison with the invoice totals the user enters (the certification's "Invoice
//!   Alignment" and "Currency Consistency" criteria). Rows with a null InvoiceId are not
//!   on an invoice and are skipped; an invoice whose rows carry two currencies is listed
//!   as such, since an invoice is issued in one currency.
//! - **Immutable identifiers**: for each identifier column of [`IMMUTABLE_IDS`], the
//!   attributes of the entity it names are compared across billing periods ("Immutable
//!   ID Consistency"). The first non-null value seen for an identifier is the reference;
//!   a non-null value in another billing period that differs from it is a conflict. A
//!   change inside one billing period is left to the cross-row rules (one SkuId per
//!   SkuPriceId, …), and a null says nothing (many rows legitimately leave an
//!   attribute null).
//!
//! Keys (identifiers, InvoiceIds, currencies, billing periods) are told apart by their
//! 64-bit fingerprint (`fingerprint`), so the hot loop neither keeps nor re-reads their text.
//!
//! Memory: at most [`MAX_INVOICES`] invoice/currency pairs, [`MAX_IDS`] identifier values, [`MAX_ATTRIBUTE_VALUES`] distinct
//! attribute values, [`MAX_PERIODS`] billing periods and [`MAX_CONFLICTS_LISTED`] listed conflicts.
//! Past a limit, new keys are not followed and the result says so in its notes.

use std::borrow::Cow;
use std::hash::Hasher;

use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, RecordBatch, StringArray};

use crate::report::model::{IdColumnCheck, IdConflict, ImmutableIdFacts, PeriodValue, SampleFacts};
use crate::rules::cells::Cells;
use crate::rules::cross_row::{FastHasher, FastMap};

mod ids;
mod invoices;
mod periods;

use ids::{AttributeValues, ConflictState, IdTracker};
use invoices::Invoices;
use periods::Periods;

/// The most InvoiceId / BillingCurrency pairs summed. Each is written into the report,
/// so the limit keeps the report small enough for a browser (a sample holds a few
/// invoices per billing account and period).
pub const MAX_INVOICES: usize = 100_000;
/// The most identifier values followed, over all identifier columns.
pub const MAX_IDS: usize = 1_000_000;
/// The most distinct attribute values kept, over all attribute columns.
pub const MAX_ATTRIBUTE_VALUES: usize = 1_000_000;
/// The most billing periods told apart.
pub const MAX_PERIODS: usize = 10_000;
/// The most conflicts listed in the report (all are counted).
pub const MAX_CONFLICTS_LISTED: usize = 1_000;

/// An identifier column, the attributes of the entity it names that must not change
/// from one billing period to another, and where the specification says so.
///
/// StringHandling-A-006-M (attributes/string_handling.md): "Immutable string values
/// that refer to the same entity (e.g., resource identifiers, region identifiers, etc.)
/// MUST remain consistent and unchanged across all billing periods." An identifier
/// names one entity (ResourceId-C-007-M, CommitmentDiscountId-C-007-M: "identify
/// exactly one entity"), so what the entity is (its type, region, owner account, SKU)
/// does not change either. Names and descriptions are left out: they may be renamed.
pub const IMMUTABLE_IDS: &[(&str, &[&str], &str)] = &[
    (
        "ResourceId",
        &["ResourceType", "RegionId", "SubAccountId"],
        "StringHandling-A-006-M; ResourceId-C-007-M (one entity per ResourceId)",
    ),
    (
        "SubAccountId",
        &["SubAccountType"],
        "StringHandling-A-006-M; SubAccountType-C-006-M (a stable label)",
    ),
    (
        "BillingAccountId",
        &["BillingAccountType"],
        "StringHandling-A-006-M; BillingAccountType-C-006-M (a stable label)",
    ),
    (
        "SkuId",
        &["SkuMeter"],
        "StringHandling-A-006-M; SkuMeter-C-006-O (SHOULD stay the same for a SkuId over time)",
    ),
    (
        "SkuPriceId",
        &["SkuId"],
        "SkuPriceId-C-008-M (one SkuId per SkuPriceId); SkuPriceId-C-009-M (stable over time)",
    ),
    (
        "CommitmentDiscountId",
        &[
            "CommitmentDiscountCategory",
            "CommitmentDiscountType",
            "CommitmentDiscountUnit",
        ],
        "StringHandling-A-006-M; CommitmentDiscountId-C-007-M; CommitmentDiscountUnit-C-008-M (the unit never changes)",
    ),
    (
        "CapacityReservationId",
        &["RegionId"],
        "StringHandling-A-006-M (a reservation holds capacity in one region: inferred)",
    ),
];

/// An attribute value index meaning "null or not kept": never compared.
const NO_VALUE: u32 = u32::MAX;

/// The first position of a column in the header, by exact name (a byte-order mark on
/// the first name ignored), as the rule engine matches columns.
fn position(header: &[String], column: &str) -> Option<usize> {
    header.iter().enumerate().position(|(i, name)| {
        let name = if i == 0 {
            name.trim_start_matches('\u{feff}')
        } else {
            name
        };
        name == column
    })
}

/// One column of a batch, read as bytes: text columns (all of a CSV, the strings of a
/// Parquet file) directly, typed ones through their written-out value.
enum Column<'a> {
    Text(&'a StringArray),
    Typed(Cells<'a>),
}

impl<'a> Column<'a> {
    fn new(array: &'a ArrayRef) -> Self {
        match array.as_string_opt::<i32>() {
            Some(text) => Column::Text(text),
            None => Column::Typed(Cells::new(array)),
        }
    }

    /// The value at `row` as bytes; `None` for a null.
    #[inline]
    fn get(&self, row: usize) -> Option<Cow<'a, [u8]>> {
        match self {
            Column::Text(a) => (!a.is_null(row)).then(|| Cow::Borrowed(a.value(row).as_bytes())),
            Column::Typed(cells) if cells.is_null(row) => None,
            Column::Typed(cells) => Some(Cow::Owned(cells.render(row).into_bytes())),
        }
    }
}

/// A 64-bit fingerprint of an identifier, by which identifiers are told apart without
/// keeping their text (memory) or reading it back (time): the validator's fast hasher
/// fed the length and the bytes 8 at a time (the last, partial word read as the last 8
/// bytes, overlapping, which spares a copy), then MurmurHash3's finalizer so every bit
/// of the result depends on every input bit. Each step of the hasher is a bijection of
/// its state, so two values of equal length that differ in a single word never collide;
/// otherwise two of a million identifiers share a fingerprint with odds of about 1 in
/// 30 million.
#[inline]
fn fingerprint(bytes: &[u8]) -> u64 {
    let word = |b: &[u8]| <[u8; 8]>::try_from(b).map(u64::from_le_bytes).unwrap_or(0);
    let mut hasher = FastHasher::default();
    hasher.write_usize(bytes.len());
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        hasher.write_u64(word(w));
    }
    let rest = words.remainder();
    if bytes.len() >= 8 && !rest.is_empty() {
        hasher.write_u64(word(&bytes[bytes.len() - 8..]));
    } else if !rest.is_empty() {
        hasher.write_u64(rest.iter().fold(0, |w, &b| (w << 8) | u64::from(b)));
    }
    let mut h = hasher.finish();
    h = (h ^ (h >> 33)).wrapping_mul(0xff51_afd7_ed55_8ccd);
    h = (h ^ (h >> 33)).wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Gathers [`SampleFacts`] batch by batch.
pub struct FactsCollector {
    invoices: Invoices,
    periods: Periods,
    ids: Vec<IdTracker>,
    values: AttributeValues,
    /// Identifier values followed, over all trackers.
    ids_followed: usize,
    /// Rows whose identifier was new once a limit was reached.
    ids_not_followed: u64,
    /// Rows not compared because their billing period was null, unreadable or past the limit.
    rows_without_period: u64,
    conflicts_found: u64,
    conflicts: Vec<ConflictState>,
}

impl FactsCollector {
    /// A collector for batches whose columns are named by `header`.
    pub fn new(header: &[String]) -> Self {
        let ids = IMMUTABLE_IDS
            .iter()
            .filter_map(|(id, attributes, spec_ref)| {
                let column = position(header, id)?;
                let attributes: Vec<(usize, &'static str)> = attributes
                    .iter()
                    .filter_map(|a| position(header, a).map(|p| (p, *a)))
                    .collect();
                (!attributes.is_empty()).then(|| IdTracker::new(id, column, attributes, spec_ref))
            })
            .collect();
        FactsCollector {
            invoices: Invoices::new(header),
            periods: Periods::new(position(header, "BillingPeriodStart")),
            ids,
            values: AttributeValues::default(),
            ids_followed: 0,
            ids_not_followed: 0,
            rows_without_period: 0,
            conflicts_found: 0,
            conflicts: Vec::new(),
        }
    }

    /// Takes the rows of one batch into account.
    pub fn observe(&mut self, batch: &RecordBatch) {
        let columns = batch.columns();
        self.invoices.observe(columns, batch.num_rows());
        if self.ids.is_empty() {
            return;
        }
        let Some(periods) = self.periods.of_batch(columns, batch.num_rows()) else {
            self.rows_without_period += batch.num_rows() as u64;
            return;
        };
        self.rows_without_period += periods.iter().filter(|p| **p == NO_VALUE).count() as u64;
        for t in 0..self.ids.len() {
            self.observe_ids(t, columns, &periods);
        }
    }

    /// Follows identifier column `t` over one batch whose rows are in billing periods `periods`.
    fn observe_ids(&mut self, t: usize, columns: &[ArrayRef], periods: &[u32]) {
        let tracker = &self.ids[t];
        let Some(ids) = columns.get(tracker.column).map(Column::new) else {
            return;
        };
        let attributes: Vec<Column> = tracker
            .attributes
            .iter()
            .filter_map(|(p, _)| columns.get(*p).map(Column::new))
            .collect();
        if attributes.len() != tracker.attributes.len() {
            return;
        }
        // The previous row's identifier and period, when all its attributes were already
        // settled in that period: a repeat of it needs no look-up.
        let mut settled: Option<(u64, u32)> = None;
        for (row, &period) in periods.iter().enumerate() {
            if period == NO_VALUE {
                continue;
            }
            let Some(id) = ids.get(row) else {
                continue;
            };
            let key = fingerprint(&id);
            if settled == Some((key, period)) {
                continue;
            }
            settled = None;
            let slot = match self.ids[t].slots.get(&key) {
                // Settled in this period: nothing to compare (the common case, answered
                // without touching the identifier's references).
                Some(&(_, settled_in)) if settled_in == period => {
                    settled = Some((key, period));
                    continue;
                }
                Some(&(slot, _)) => slot as usize,
                None if self.ids_followed >= MAX_IDS => {
                    self.ids_not_followed += 1;
                    continue;
                }
                None => {
                    self.ids_followed += 1;
                    self.ids[t].add_slot(key)
                }
            };
            if self.compare_row(t, slot, &id, row, period, &attributes) {
                settled = Some((key, period));
                if let Some(entry) = self.ids[t].slots.get_mut(&key) {
                    entry.1 = period;
                }
            }
        }
    }

    /// Compares one row's attributes with the identifier's reference values; true when
    /// every attribute has a reference from this same billing period (nothing to learn
    /// from a repeat of the row).
    fn compare_row(
        &mut self,
        t: usize,
        slot: usize,
        id: &[u8],
        row: usize,
        period: u32,
        attributes: &[Column],
    ) -> bool {
        let mut settled = true;
        for (a, cells) in attributes.iter().enumerate() {
            let (reference_period, reference) = self.ids[t].reference(slot, a);
            let flagged = self.ids[t].is_flagged(slot, a);
            if reference != NO_VALUE && reference_period == period && !flagged {
                continue;
            }
            settled = false;
            let value = match cells.get(row) {
                Some(bytes) => self.values.index_of(self.ids[t].attributes[a].0, &bytes),
                None => NO_VALUE,
            };
            if value == NO_VALUE {
                continue;
            }
            if reference == NO_VALUE {
                self.ids[t].set_reference(slot, a, period, value);
            } else if flagged {
                self.extend_conflict(t, slot, a, period, value);
            } else if reference_period != period && reference != value {
                self.ids[t].flag(slot, a);
                self.conflicts_found += 1;
                if self.conflicts.len() < MAX_CONFLICTS_LISTED {
                    self.ids[t]
                        .listed
                        .insert((slot as u32, a as u8), self.conflicts.len() as u32);
                    self.conflicts.push(ConflictState {
                        tracker: t,
                        attribute: a,
                        id_value: String::from_utf8_lossy(id).into_owned(),
                        values: vec![(reference_period, reference), (period, value)],
                    });
                }
            }
        }
        settled
    }

    /// Adds the value of a listed conflict in a billing period it does not list yet.
    fn extend_conflict(&mut self, t: usize, slot: usize, a: usize, period: u32, value: u32) {
        if let Some(&i) = self.ids[t].listed.get(&(slot as u32, a as u8)) {
            if let Some(c) = self.conflicts.get_mut(i as usize) {
                if !c.values.iter().any(|(p, _)| *p == period) {
                    c.values.push((period, value));
                }
            }
        }
    }

    /// The facts gathered.
    pub fn finish(self) -> SampleFacts {
        let periods = self.periods.sorted();
        let order: FastMap<u32, usize> = periods
            .iter()
            .enumerate()
            .map(|(rank, (index, _))| (*index, rank))
            .collect();
        let period_text = |p: u32| {
            self.periods
                .texts
                .get(p as usize)
                .cloned()
                .unwrap_or_default()
        };
        let mut conflicts: Vec<IdConflict> = self
            .conflicts
            .iter()
            .map(|c| {
                let tracker = &self.ids[c.tracker];
                let mut values = c.values.clone();
                values.sort_by_key(|(p, _)| order.get(p).copied().unwrap_or(usize::MAX));
                IdConflict {
                    id_column: tracker.name.to_string(),
                    id_value: c.id_value.clone(),
                    attribute: tracker.attributes[c.attribute].1.to_string(),
                    values: values
                        .into_iter()
                        .map(|(p, v)| PeriodValue {
                            billing_period_start: period_text(p),
                            value: self.values.text(v),
                        })
                        .collect(),
                }
            })
            .collect();
        conflicts.sort_by(|a, b| {
            (&a.id_column, &a.id_value, &a.attribute).cmp(&(
                &b.id_column,
                &b.id_value,
                &b.attribute,
            ))
        });
        let mut notes = Vec::new();
        if self.ids.is_empty() {
            notes.push("The sample has none of the identifier columns compared (ResourceId, SubAccountId, BillingAccountId, SkuId, SkuPriceId, CommitmentDiscountId, CapacityReservationId) together with one of their attribute columns, so nothing was compared.".to_string());
        } else if self.periods.column.is_none() {
            notes.push("The sample has no BillingPeriodStart column, so identifiers could not be compared across billing periods.".to_string());
        } else if periods.len() < 2 {
            notes.push(format!(
                "The sample holds {} billing period(s); comparing identifiers across billing periods needs two or more.",
                periods.len()
            ));
        }
        if self.ids_not_followed > 0 {
            notes.push(format!(
                "Checked the first {} identifier values only (the memory limit of this check); {} row(s) with identifiers seen after that were not compared.",
                self.ids_followed, self.ids_not_followed
            ));
        }
        if self.values.full {
            notes.push(format!("More than {MAX_ATTRIBUTE_VALUES} distinct attribute values: values seen after that were not compared."));
        }
        if self.periods.overflow_rows > 0 {
            notes.push(format!(
                "More than {MAX_PERIODS} billing periods: {} row(s) of later ones were not compared.",
                self.periods.overflow_rows
            ));
        }
        if self.conflicts_found > MAX_CONFLICTS_LISTED as u64 {
            notes.push(format!(
                "{} conflicts found; the first {MAX_CONFLICTS_LISTED} found are listed.",
                self.conflicts_found
            ));
        }
        SampleFacts {
            invoices: self.invoices.finish(),
            immutable_ids: ImmutableIdFacts {
                billing_periods: periods.into_iter().map(|(_, text)| text).collect(),
                checked: self
                    .ids
                    .iter()
                    .map(|t| IdColumnCheck {
                        id_column: t.name.to_string(),
                        attributes: t.attributes.iter().map(|(_, a)| a.to_string()).collect(),
                        ids: t.slots.len() as u64,
                        spec_ref: t.spec_ref.to_string(),
                    })
                    .collect(),
                conflicts,
                conflicts_found: self.conflicts_found,
                max_conflicts_listed: MAX_CONFLICTS_LISTED as u64,
                max_ids: MAX_IDS as u64,
                rows_not_checked: self.ids_not_followed + self.rows_without_period,
                notes,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow_array::StringArray;
    use arrow_schema::{DataType, Field, Schema};

    use super::*;

    /// A batch of text columns (`None`: a null cell).
    fn batch(columns: &[(&str, Vec<Option<&str>>)]) -> (Vec<String>, RecordBatch) {
        let header: Vec<String> = columns.iter().map(|(n, _)| n.to_string()).collect();
        let schema = Schema::new(
            header
                .iter()
                .map(|n| Field::new(n, DataType::Utf8, true))
                .collect::<Vec<_>>(),
        );
        let arrays: Vec<ArrayRef> = columns
            .iter()
            .map(|(_, values)| Arc::new(StringArray::from(values.clone())) as ArrayRef)
            .collect();
        match RecordBatch::try_new(Arc::new(schema), arrays) {
            Ok(b) => (header, b),
            Err(e) => panic!("test batch: {e}"),
        }
    }

    fn facts(columns: &[(&str, Vec<Option<&str>>)]) -> SampleFacts {
        let (header, b) = batch(columns);
        let mut collector = FactsCollector::new(&header);
        collector.observe(&b);
        collector.finish()
    }

    const JAN: &str = "2025-01-01T00:00:00Z";
    const FEB: &str = "2025-02-01T00:00:00Z";

    #[test]
    fn billed_cost_is_summed_per_invoice_and_currency() {
        let f = facts(&[
            (
                "InvoiceId",
                vec![Some("A"), Some("B"), Some("A"), None, Some("A"), Some("B")],
            ),
            (
                "BilledCost",
                vec![
                    Some("1.10"),
                    Some("5"),
                    Some("2.205"),
                    Some("100"),
                    Some("x"),
                    Some("-0.5"),
                ],
            ),
            ("BillingCurrency", vec![Some("USD"); 6]),
        ]);
        let sums: Vec<(&str, Option<&str>, f64, u64)> = f
            .invoices
            .sums
            .iter()
            .map(|s| {
                (
                    s.invoice_id.as_str(),
                    s.currency.as_deref(),
                    s.billed_cost,
                    s.rows,
                )
            })
            .collect();
        // A: 1.10 + 2.205 = 3.305 (exact decimal sum); B: 5 - 0.5 = 4.5.
        assert_eq!(
            sums,
            [("A", Some("USD"), 3.305, 2), ("B", Some("USD"), 4.5, 2)]
        );
        assert!(f.invoices.computed);
        assert_eq!(f.invoices.rows_summed, 4);
        assert_eq!(f.invoices.rows_without_invoice_id, 1);
        assert_eq!(f.invoices.rows_without_cost, 1);
        assert!(f.invoices.mixed_currency.is_empty());
        assert!(f.invoices.notes.is_empty());
    }

    #[test]
    fn an_invoice_in_two_currencies_is_listed() {
        let f = facts(&[
            ("InvoiceId", vec![Some("A"), Some("A"), Some("B")]),
            ("BilledCost", vec![Some("1"), Some("2"), Some("3")]),
            (
                "BillingCurrency",
                vec![Some("USD"), Some("EUR"), Some("EUR")],
            ),
        ]);
        assert_eq!(f.invoices.mixed_currency, ["A"]);
        let a: Vec<(Option<&str>, f64)> = f
            .invoices
            .sums
            .iter()
            .filter(|s| s.invoice_id == "A")
            .map(|s| (s.currency.as_deref(), s.billed_cost))
            .collect();
        assert_eq!(a, [(Some("EUR"), 2.0), (Some("USD"), 1.0)]);
    }

    #[test]
    fn without_an_invoice_column_nothing_is_summed_and_it_is_said() {
        let f = facts(&[("BilledCost", vec![Some("1")])]);
        assert!(!f.invoices.computed);
        assert!(f.invoices.sums.is_empty());
        assert_eq!(f.invoices.notes.len(), 1);
    }

    #[test]
    fn an_attribute_changing_across_billing_periods_is_a_conflict() {
        let f = facts(&[
            (
                "BillingPeriodStart",
                vec![Some(JAN), Some(JAN), Some(FEB), Some(FEB), Some(FEB)],
            ),
            (
                "ResourceId",
                vec![Some("r1"), Some("r2"), Some("r1"), Some("r2"), Some("r1")],
            ),
            (
                "RegionId",
                vec![
                    Some("us-east-1"),
                    Some("eu-west-1"),
                    Some("eu-west-1"),
                    Some("eu-west-1"),
                    None,
                ],
            ),
            (
                "ResourceType",
                vec![Some("VM"), None, Some("VM"), Some("Disk"), Some("VM")],
            ),
        ]);
        let ids = &f.immutable_ids;
        assert_eq!(ids.billing_periods, [JAN, FEB]);
        assert_eq!(ids.conflicts_found, 1, "{:?}", ids.conflicts);
        let c = &ids.conflicts[0];
        assert_eq!(
            (
                c.id_column.as_str(),
                c.id_value.as_str(),
                c.attribute.as_str()
            ),
            ("ResourceId", "r1", "RegionId")
        );
        let values: Vec<(&str, Option<&str>)> = c
            .values
            .iter()
            .map(|v| (v.billing_period_start.as_str(), v.value.as_deref()))
            .collect();
        assert_eq!(values, [(JAN, Some("us-east-1")), (FEB, Some("eu-west-1"))]);
        // r2's ResourceType was null in January: a null says nothing, so Disk is its first value.
        let resource = ids.checked.iter().find(|c| c.id_column == "ResourceId");
        assert_eq!(resource.map(|c| c.ids), Some(2));
        assert_eq!(
            resource.map(|c| c.attributes.clone()),
            Some(vec!["ResourceType".to_string(), "RegionId".to_string()])
        );
    }

    #[test]
    fn a_change_inside_one_billing_period_is_not_a_conflict() {
        let f = facts(&[
            ("BillingPeriodStart", vec![Some(JAN), Some(JAN)]),
            ("SkuPriceId", vec![Some("p1"), Some("p1")]),
            ("SkuId", vec![Some("s1"), Some("s2")]),
        ]);
        assert!(f.immutable_ids.conflicts.is_empty());
        assert_eq!(f.immutable_ids.conflicts_found, 0);
        assert_eq!(f.immutable_ids.billing_periods, [JAN]);
        assert!(f.immutable_ids.notes[0].contains("needs two or more"));
    }

    #[test]
    fn periods_are_listed_in_time_order_with_each_value() {
        let mar = "2025-03-01T00:00:00Z";
        let f = facts(&[
            ("BillingPeriodStart", vec![Some(mar), Some(JAN), Some(FEB)]),
            ("SkuPriceId", vec![Some("p1"), Some("p1"), Some("p1")]),
            ("SkuId", vec![Some("s3"), Some("s1"), Some("s2")]),
        ]);
        let c = &f.immutable_ids.conflicts[0];
        let periods: Vec<&str> = c
            .values
            .iter()
            .map(|v| v.billing_period_start.as_str())
            .collect();
        assert_eq!(periods, [JAN, FEB, mar]);
        assert_eq!(f.immutable_ids.billing_periods, [JAN, FEB, mar]);
    }

    #[test]
    fn the_identifier_limit_stops_growth_and_is_said() {
        let (header, b) = batch(&[
            ("BillingPeriodStart", vec![Some(JAN), Some(JAN), Some(FEB)]),
            ("SkuPriceId", vec![Some("p1"), Some("p2"), Some("p2")]),
            ("SkuId", vec![Some("s1"), Some("s1"), Some("s9")]),
        ]);
        let mut collector = FactsCollector::new(&header);
        // Pretend the limit is reached once p1 is followed.
        collector.observe(&b.slice(0, 1));
        collector.ids_followed = MAX_IDS;
        collector.observe(&b.slice(1, 2));
        let f = collector.finish();
        assert_eq!(f.immutable_ids.checked[0].ids, 1);
        assert_eq!(f.immutable_ids.rows_not_checked, 2);
        assert!(f.immutable_ids.conflicts.is_empty());
        assert!(f
            .immutable_ids
            .notes
            .iter()
            .any(|n| n.starts_with(&format!("Checked the first {MAX_IDS} identifier values"))));
    }

    #[test]
    fn fingerprints_tell_identifiers_apart() {
        let ids = [
            "",
            "a",
            "ab",
            "abcdefgh",
            "abcdefgi",
            "abcdefghi",
            "abcdefghj",
            "bbcdefghi",
        ];
        let prints: Vec<u64> = ids.iter().map(|id| fingerprint(id.as_bytes())).collect();
        for (i, a) in prints.iter().enumerate() {
            for (j, b) in prints.iter().enumerate() {
                assert_eq!(i == j, a == b, "{} and {}", ids[i], ids[j]);
            }
        }
        assert_eq!(fingerprint(b"r-1"), fingerprint(b"r-1"));
    }

    #[test]
    fn the_invoice_limit_stops_growth_and_is_said() {
        let (header, b) = batch(&[
            ("InvoiceId", vec![Some("A"), Some("B"), Some("A")]),
            ("BilledCost", vec![Some("1"), Some("2"), Some("3")]),
        ]);
        let mut collector = FactsCollector::new(&header);
        collector.observe(&b.slice(0, 1));
        collector.invoices.pairs = MAX_INVOICES;
        collector.observe(&b.slice(1, 2));
        let f = collector.finish();
        let sums: Vec<(&str, f64)> = f
            .invoices
            .sums
            .iter()
            .map(|s| (s.invoice_id.as_str(), s.billed_cost))
            .collect();
        assert_eq!(sums, [("A", 4.0)]);
        assert_eq!(f.invoices.rows_not_summed, 1);
        assert!(f.invoices.notes[0].starts_with(&format!("Summed the first {MAX_INVOICES}")));
    }
}
