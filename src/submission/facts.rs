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

use crate::report::model::{
    IdColumnCheck, IdConflict, ImmutableIdFacts, InvoiceFacts, InvoiceSum, PeriodValue, SampleFacts,
};
use crate::rules::cells::Cells;
use crate::rules::cross_row::{FastHasher, FastMap};
use crate::rules::formats::datetime;
use crate::rules::number::Number;

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

/// One identifier column being followed.
struct IdTracker {
    name: &'static str,
    column: usize,
    /// The attribute columns present: (position, name).
    attributes: Vec<(usize, &'static str)>,
    spec_ref: &'static str,
    /// Identifier fingerprint → slot number, and the billing period in which all its
    /// attributes have their reference ([`NO_VALUE`] when none has them all, or when
    /// one of them conflicts and every row is looked at).
    slots: FastMap<u64, (u32, u32)>,
    /// Per slot: a word of conflict flags (one bit per attribute), then for each
    /// attribute the billing period and value index of its reference.
    words: Vec<u32>,
    /// (slot, attribute) → index of its listed conflict.
    listed: FastMap<(u32, u8), u32>,
}

impl IdTracker {
    fn new(
        name: &'static str,
        column: usize,
        attributes: Vec<(usize, &'static str)>,
        spec_ref: &'static str,
    ) -> Self {
        IdTracker {
            name,
            column,
            attributes,
            spec_ref,
            slots: FastMap::default(),
            words: Vec::new(),
            listed: FastMap::default(),
        }
    }

    fn stride(&self) -> usize {
        1 + 2 * self.attributes.len()
    }

    fn add_slot(&mut self, key: u64) -> usize {
        let slot = self.slots.len();
        self.slots.insert(key, (slot as u32, NO_VALUE));
        self.words.push(0);
        for _ in 0..self.attributes.len() {
            self.words.extend([NO_VALUE, NO_VALUE]);
        }
        slot
    }

    /// The billing period and value index of attribute `a`'s reference.
    fn reference(&self, slot: usize, a: usize) -> (u32, u32) {
        let at = slot * self.stride() + 1 + 2 * a;
        (self.words[at], self.words[at + 1])
    }

    fn set_reference(&mut self, slot: usize, a: usize, period: u32, value: u32) {
        let at = slot * self.stride() + 1 + 2 * a;
        self.words[at] = period;
        self.words[at + 1] = value;
    }

    fn is_flagged(&self, slot: usize, a: usize) -> bool {
        self.words[slot * self.stride()] & (1 << a) != 0
    }

    fn flag(&mut self, slot: usize, a: usize) {
        let at = slot * self.stride();
        self.words[at] |= 1 << a;
    }
}

/// A conflict being listed: the identifier, the attribute and its values by period.
struct ConflictState {
    tracker: usize,
    attribute: usize,
    id_value: String,
    /// (billing period, value index), the reference first.
    values: Vec<(u32, u32)>,
}

/// Distinct attribute values, interned per attribute column so identifiers keep small
/// indexes instead of copies of the text.
#[derive(Default)]
struct AttributeValues {
    /// Per attribute column position: value → index.
    tables: Vec<(usize, FastMap<Box<[u8]>, u32>)>,
    texts: Vec<Box<str>>,
    /// True once [`MAX_ATTRIBUTE_VALUES`] was reached.
    full: bool,
}

impl AttributeValues {
    /// The index of `value` in column `column`, or [`NO_VALUE`] when the table is full.
    fn index_of(&mut self, column: usize, value: &[u8]) -> u32 {
        let table = match self.tables.iter().position(|(c, _)| *c == column) {
            Some(t) => t,
            None => {
                self.tables.push((column, FastMap::default()));
                self.tables.len() - 1
            }
        };
        if let Some(&i) = self.tables[table].1.get(value) {
            return i;
        }
        if self.texts.len() >= MAX_ATTRIBUTE_VALUES {
            self.full = true;
            return NO_VALUE;
        }
        let i = self.texts.len() as u32;
        self.texts
            .push(String::from_utf8_lossy(value).into_owned().into_boxed_str());
        self.tables[table].1.insert(value.into(), i);
        i
    }

    fn text(&self, index: u32) -> Option<String> {
        self.texts.get(index as usize).map(|t| t.to_string())
    }
}

/// The billing periods, told apart by BillingPeriodStart.
struct Periods {
    column: Option<usize>,
    /// Fingerprint of the value as written → index.
    indexes: FastMap<u64, u32>,
    /// Index → value as written.
    texts: Vec<String>,
    /// Rows whose billing period was new once [`MAX_PERIODS`] was reached.
    overflow_rows: u64,
}

impl Periods {
    fn new(column: Option<usize>) -> Self {
        Periods {
            column,
            indexes: FastMap::default(),
            texts: Vec::new(),
            overflow_rows: 0,
        }
    }

    /// The billing period index of every row of a batch ([`NO_VALUE`] for a null
    /// BillingPeriodStart or one past the limit); `None` without the column.
    fn of_batch(&mut self, columns: &[ArrayRef], rows: usize) -> Option<Vec<u32>> {
        let cells = Column::new(columns.get(self.column?)?);
        let mut out = Vec::with_capacity(rows);
        let mut last: Option<(u64, u32)> = None;
        for row in 0..rows {
            let Some(bytes) = cells.get(row) else {
                out.push(NO_VALUE);
                continue;
            };
            let key = fingerprint(&bytes);
            let index = match last {
                Some((k, index)) if k == key => index,
                _ => self.index_of(key, &bytes),
            };
            out.push(index);
            last = Some((key, index));
        }
        Some(out)
    }

    fn index_of(&mut self, key: u64, value: &[u8]) -> u32 {
        if let Some(&i) = self.indexes.get(&key) {
            return i;
        }
        if self.texts.len() >= MAX_PERIODS {
            self.overflow_rows += 1;
            return NO_VALUE;
        }
        let i = self.texts.len() as u32;
        self.indexes.insert(key, i);
        self.texts.push(String::from_utf8_lossy(value).into_owned());
        i
    }

    /// (index, text) of every period, in time order (text order for unreadable dates).
    fn sorted(&self) -> Vec<(u32, String)> {
        let mut periods: Vec<(Option<i64>, u32, String)> = self
            .texts
            .iter()
            .enumerate()
            .map(|(i, text)| (datetime::analyze(text.as_bytes()).1, i as u32, text.clone()))
            .collect();
        periods.sort_by(|a, b| (a.0.is_none(), a.0, &a.2).cmp(&(b.0.is_none(), b.0, &b.2)));
        periods.into_iter().map(|(_, i, text)| (i, text)).collect()
    }
}

/// Sums of BilledCost per InvoiceId and BillingCurrency.
struct Invoices {
    /// InvoiceId, BilledCost, BillingCurrency positions; `None` without InvoiceId or BilledCost.
    columns: Option<(usize, usize, Option<usize>)>,
    /// Fingerprint of the InvoiceId → index into `invoices`.
    indexes: FastMap<u64, u32>,
    invoices: Vec<InvoiceState>,
    /// InvoiceId / currency pairs held.
    pairs: usize,
    rows_summed: u64,
    rows_without_invoice_id: u64,
    rows_without_cost: u64,
    rows_not_summed: u64,
}

/// One invoice's sums, by currency (`None`: a null BillingCurrency).
struct InvoiceState {
    id: String,
    by_currency: Vec<CurrencySum>,
}

/// The sum of one invoice in one currency.
struct CurrencySum {
    /// The fingerprint and text of the currency (`None`: null).
    currency: Option<(u64, Box<str>)>,
    sum: Number,
    rows: u64,
}

impl Invoices {
    fn new(header: &[String]) -> Self {
        let columns = match (
            position(header, "InvoiceId"),
            position(header, "BilledCost"),
        ) {
            (Some(invoice), Some(cost)) => {
                Some((invoice, cost, position(header, "BillingCurrency")))
            }
            _ => None,
        };
        Invoices {
            columns,
            indexes: FastMap::default(),
            invoices: Vec::new(),
            pairs: 0,
            rows_summed: 0,
            rows_without_invoice_id: 0,
            rows_without_cost: 0,
            rows_not_summed: 0,
        }
    }

    fn observe(&mut self, columns: &[ArrayRef], rows: usize) {
        let Some((invoice, cost, currency)) = self.columns else {
            return;
        };
        let (Some(invoice), Some(cost)) = (columns.get(invoice), columns.get(cost)) else {
            return;
        };
        let (invoices, costs) = (Column::new(invoice), Cells::new(cost));
        let currencies = currency.and_then(|c| columns.get(c)).map(Column::new);
        let mut last: Option<(u64, u32)> = None;
        for row in 0..rows {
            let Some(id) = invoices.get(row) else {
                self.rows_without_invoice_id += 1;
                continue;
            };
            let Some(amount) = costs.number(row) else {
                self.rows_without_cost += 1;
                continue;
            };
            let currency = currencies.as_ref().and_then(|c| c.get(row));
            let key = fingerprint(&id);
            let index = match last {
                Some((k, index)) if k == key => Some(index),
                _ => self.invoice_index(key, &id),
            };
            let Some(index) = index else {
                self.rows_not_summed += 1;
                continue;
            };
            if self.add(index, currency.as_deref(), amount) {
                self.rows_summed += 1;
            } else {
                self.rows_not_summed += 1;
            }
            last = Some((key, index));
        }
    }

    /// The index of invoice `id`, added when new and under the limit.
    fn invoice_index(&mut self, key: u64, id: &[u8]) -> Option<u32> {
        if let Some(&i) = self.indexes.get(&key) {
            return Some(i);
        }
        if self.pairs >= MAX_INVOICES {
            return None;
        }
        let i = self.invoices.len() as u32;
        self.indexes.insert(key, i);
        self.invoices.push(InvoiceState {
            id: String::from_utf8_lossy(id).into_owned(),
            by_currency: Vec::new(),
        });
        Some(i)
    }

    /// Adds an amount to an invoice in a currency; false when that would need a new
    /// pair past the limit.
    fn add(&mut self, index: u32, currency: Option<&[u8]>, amount: Number) -> bool {
        let Some(invoice) = self.invoices.get_mut(index as usize) else {
            return false;
        };
        let key = currency.map(fingerprint);
        if let Some(entry) = invoice
            .by_currency
            .iter_mut()
            .find(|c| c.currency.as_ref().map(|(k, _)| *k) == key)
        {
            entry.sum = entry.sum.add(amount);
            entry.rows += 1;
            return true;
        }
        if self.pairs >= MAX_INVOICES {
            return false;
        }
        self.pairs += 1;
        invoice.by_currency.push(CurrencySum {
            currency: currency.zip(key).map(|(text, k)| {
                (
                    k,
                    String::from_utf8_lossy(text).into_owned().into_boxed_str(),
                )
            }),
            sum: amount,
            rows: 1,
        });
        true
    }

    fn finish(self) -> InvoiceFacts {
        let mut notes = Vec::new();
        if self.columns.is_none() {
            notes.push("The sample has no InvoiceId or no BilledCost column, so no invoice sum was computed.".to_string());
        }
        if self.rows_not_summed > 0 {
            notes.push(format!(
                "Summed the first {MAX_INVOICES} invoice and currency pairs only (the limit of this check); {} row(s) of later invoices were not summed.",
                self.rows_not_summed
            ));
        }
        let mut invoices = self.invoices;
        invoices.sort_by(|a, b| a.id.cmp(&b.id));
        let mut sums = Vec::new();
        let mut mixed_currency = Vec::new();
        for invoice in invoices {
            let mut by_currency = invoice.by_currency;
            by_currency.sort_by(|a, b| {
                let text = |c: &CurrencySum| c.currency.as_ref().map(|(_, t)| t.clone());
                text(a).cmp(&text(b))
            });
            if by_currency.iter().filter(|c| c.currency.is_some()).count() > 1 {
                mixed_currency.push(invoice.id.clone());
            }
            for c in by_currency {
                sums.push(InvoiceSum {
                    invoice_id: invoice.id.clone(),
                    currency: c.currency.map(|(_, text)| text.into_string()),
                    billed_cost: c.sum.to_f64(),
                    rows: c.rows,
                });
            }
        }
        InvoiceFacts {
            computed: self.columns.is_some(),
            sums,
            mixed_currency,
            rows_summed: self.rows_summed,
            rows_without_invoice_id: self.rows_without_invoice_id,
            rows_without_cost: self.rows_without_cost,
            max_invoices: MAX_INVOICES as u64,
            rows_not_summed: self.rows_not_summed,
            notes,
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
