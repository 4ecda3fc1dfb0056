//! The sample requirements checked while the rows stream past, in bounded memory:
//!
//! - `complete-billing-period`: the charge periods of at least one billing period
//!   (BillingPeriodStart..BillingPeriodEnd) cover it from start to end, so the
//!   reviewers see a whole month (or whatever the period is), not a slice of one.
//! - `several-charge-categories`: more than one ChargeCategory value.
//! - `purchase-tax-or-credit`: at least one Purchase, Tax or Credit row, the
//!   categories whose handling the review looks at beside plain usage.
//!
//! Memory: at most [`MAX_PERIODS`] billing periods, each with at most
//! [`MAX_INTERVALS`] separate covered stretches, and [`MAX_CATEGORIES`] category
//! values; past those limits the check says it could not look at everything.

use std::collections::BTreeMap;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType,
    TimestampSecondType,
};
use arrow_array::{Array, RecordBatch};
use arrow_schema::{DataType, Schema, TimeUnit};
use serde::Serialize;

use super::datetime::{civil_from_days, parse_instant};

/// Billing periods followed at once.
const MAX_PERIODS: usize = 256;
/// Separate covered stretches followed per billing period.
const MAX_INTERVALS: usize = 8192;
/// Distinct ChargeCategory values counted one by one; others are counted together.
const MAX_CATEGORIES: usize = 64;

/// The label under which category values past [`MAX_CATEGORIES`] are counted.
const OTHER_CATEGORIES: &str = "(other values)";

/// One sample requirement and whether the sample meets it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SampleCheck {
    /// Stable identifier: `complete-billing-period`, `several-charge-categories`,
    /// `purchase-tax-or-credit`.
    pub id: &'static str,
    /// True when the requirement is met.
    pub passed: bool,
    /// One or two plain sentences: what was found and, when not met, what to do.
    pub message: String,
}

/// The charge-period coverage of one billing period.
struct Period {
    start: i64,
    end: i64,
    /// Covered stretches, sorted, disjoint and not touching, inside `start..end`.
    covered: Vec<(i64, i64)>,
    /// True when some stretch could not be recorded (too many separate ones).
    saturated: bool,
}

impl Period {
    fn cover(&mut self, from: i64, to: i64) {
        let (from, to) = (from.max(self.start), to.min(self.end));
        if from >= to {
            return;
        }
        // Stretches that touch or overlap [from, to) merge with it.
        let first = self.covered.partition_point(|&(_, end)| end < from);
        let last = self.covered.partition_point(|&(start, _)| start <= to);
        if first == last {
            if self.covered.len() >= MAX_INTERVALS {
                self.saturated = true;
                return;
            }
            self.covered.insert(first, (from, to));
            return;
        }
        let merged = (from.min(self.covered[first].0), to.max(self.covered[last - 1].1));
        self.covered.splice(first..last, [merged]);
    }

    fn is_complete(&self) -> bool {
        self.covered.first() == Some(&(self.start, self.end))
    }

    fn covered_seconds(&self) -> i64 {
        self.covered.iter().map(|(s, e)| e - s).sum()
    }

    /// The first stretch of the period that no charge period covers.
    fn first_gap(&self) -> Option<(i64, i64)> {
        let mut at = self.start;
        for &(start, end) in &self.covered {
            if start > at {
                return Some((at, start));
            }
            at = end;
        }
        (at < self.end).then_some((at, self.end))
    }
}

/// Column positions of the columns the checks read.
struct Positions {
    billing_start: Option<usize>,
    billing_end: Option<usize>,
    charge_start: Option<usize>,
    charge_end: Option<usize>,
    category: Option<usize>,
}

/// Follows the sample requirements batch by batch.
pub(crate) struct SampleChecker {
    positions: Positions,
    periods: Vec<Period>,
    /// Rows whose billing period fell past [`MAX_PERIODS`].
    rows_past_period_limit: u64,
    /// Rows with a date in the four period columns that could not be read.
    unreadable_dates: u64,
    categories: BTreeMap<String, u64>,
}

impl SampleChecker {
    /// A checker for batches of `schema`.
    pub(crate) fn new(schema: &Schema) -> Self {
        let find = |name: &str| schema.fields().iter().position(|f| f.name().trim().eq_ignore_ascii_case(name));
        SampleChecker {
            positions: Positions {
                billing_start: find("BillingPeriodStart"),
                billing_end: find("BillingPeriodEnd"),
                charge_start: find("ChargePeriodStart"),
                charge_end: find("ChargePeriodEnd"),
                category: find("ChargeCategory"),
            },
            periods: Vec::new(),
            rows_past_period_limit: 0,
            unreadable_dates: 0,
            categories: BTreeMap::new(),
        }
    }

    /// Takes the rows of one batch into account.
    pub(crate) fn observe(&mut self, batch: &RecordBatch) {
        if let Some(column) = self.positions.category.map(|i| batch.column(i)) {
            self.count_categories(column.as_ref());
        }
        let p = &self.positions;
        let (Some(bs), Some(be), Some(cs), Some(ce)) = (p.billing_start, p.billing_end, p.charge_start, p.charge_end)
        else {
            return;
        };
        let columns = [bs, be, cs, ce].map(|i| batch.column(i).as_ref());
        for row in 0..batch.num_rows() {
            let instants = columns.map(|c| instant_at(c, row));
            let [Some(Some(bs)), Some(Some(be)), Some(Some(cs)), Some(Some(ce))] = instants else {
                // A null period is the validator's business; a value that is not a date is worth a word.
                if instants.iter().any(Option::is_none) {
                    self.unreadable_dates += 1;
                }
                continue;
            };
            if bs >= be {
                continue;
            }
            let period = match self.periods.iter().position(|p| p.start == bs && p.end == be) {
                Some(index) => &mut self.periods[index],
                None if self.periods.len() < MAX_PERIODS => {
                    self.periods.push(Period { start: bs, end: be, covered: Vec::new(), saturated: false });
                    let last = self.periods.len() - 1;
                    &mut self.periods[last]
                }
                None => {
                    self.rows_past_period_limit += 1;
                    continue;
                }
            };
            period.cover(cs, ce);
        }
    }

    fn count_categories(&mut self, column: &dyn Array) {
        let Some(values) = column.as_string_opt::<i32>() else { return };
        for value in values.iter().flatten() {
            if let Some(count) = self.categories.get_mut(value) {
                *count += 1;
            } else if self.categories.len() < MAX_CATEGORIES {
                self.categories.insert(value.to_string(), 1);
            } else {
                *self.categories.entry(OTHER_CATEGORIES.to_string()).or_insert(0) += 1;
            }
        }
    }

    /// The count of rows per ChargeCategory value (nulls not counted).
    pub(crate) fn categories(&self) -> &BTreeMap<String, u64> {
        &self.categories
    }

    /// The verdict on each requirement.
    pub(crate) fn results(&self) -> Vec<SampleCheck> {
        vec![self.billing_period_check(), self.several_categories_check(), self.purchase_tax_credit_check()]
    }

    fn billing_period_check(&self) -> SampleCheck {
        let id = "complete-billing-period";
        let p = &self.positions;
        let missing: Vec<&str> = [
            ("BillingPeriodStart", p.billing_start),
            ("BillingPeriodEnd", p.billing_end),
            ("ChargePeriodStart", p.charge_start),
            ("ChargePeriodEnd", p.charge_end),
        ]
        .iter()
        .filter(|(_, position)| position.is_none())
        .map(|(name, _)| *name)
        .collect();
        if !missing.is_empty() {
            return SampleCheck {
                id,
                passed: false,
                message: format!(
                    "the sample has no {} column, so it cannot show a complete billing period; \
                     include the billing and charge period columns",
                    missing.join(", ")
                ),
            };
        }
        if let Some(period) = self.periods.iter().find(|p| p.is_complete()) {
            return SampleCheck {
                id,
                passed: true,
                message: format!(
                    "the charge periods cover the whole billing period {} to {}",
                    date_text(period.start),
                    date_text(period.end)
                ),
            };
        }
        let mut message = match self.periods.iter().max_by_key(|p| p.covered_seconds() * 1000 / (p.end - p.start)) {
            None => "no row has a billing period and a charge period that could be read as dates".to_string(),
            Some(best) => {
                let percent = best.covered_seconds() as f64 * 100.0 / (best.end - best.start) as f64;
                let mut text = format!(
                    "no billing period is fully covered by its rows' charge periods: the best, {} to {}, is covered at {:.1}%",
                    date_text(best.start),
                    date_text(best.end),
                    percent
                );
                if let Some((from, to)) = best.first_gap() {
                    text.push_str(&format!(" (first gap from {} to {})", date_text(from), date_text(to)));
                }
                if best.saturated {
                    text.push_str(" (its charge periods are too scattered to follow them all)");
                }
                text
            }
        };
        if self.unreadable_dates > 0 {
            message.push_str(&format!(
                "; {} row(s) had a period date that is not a date like 2024-01-01T00:00:00Z",
                self.unreadable_dates
            ));
        }
        if self.rows_past_period_limit > 0 {
            message.push_str(&format!(
                "; {} row(s) belong to billing periods past the first {MAX_PERIODS} and were not followed",
                self.rows_past_period_limit
            ));
        }
        message.push_str(". Submit every row of at least one whole billing period");
        SampleCheck { id, passed: false, message }
    }

    fn several_categories_check(&self) -> SampleCheck {
        let id = "several-charge-categories";
        if self.positions.category.is_none() {
            return SampleCheck {
                id,
                passed: false,
                message: "the sample has no ChargeCategory column; it is required".to_string(),
            };
        }
        let counts = self.category_counts();
        match self.categories.len() {
            0 => SampleCheck { id, passed: false, message: "no row has a ChargeCategory value".to_string() },
            1 => SampleCheck {
                id,
                passed: false,
                message: format!(
                    "every row has the same ChargeCategory ({counts}); a representative sample mixes \
                     usage with purchases, taxes, credits or adjustments where the data has them"
                ),
            },
            _ => SampleCheck { id, passed: true, message: format!("ChargeCategory values: {counts}") },
        }
    }

    fn purchase_tax_credit_check(&self) -> SampleCheck {
        let id = "purchase-tax-or-credit";
        let present: Vec<&str> =
            ["Purchase", "Tax", "Credit"].into_iter().filter(|c| self.categories.contains_key(*c)).collect();
        if present.is_empty() {
            SampleCheck {
                id,
                passed: false,
                message: "no Purchase, Tax or Credit row; if the data has such charges, include some so the \
                          reviewers can see how they are handled"
                    .to_string(),
            }
        } else {
            SampleCheck { id, passed: true, message: format!("the sample has {} rows", present.join(", ")) }
        }
    }

    fn category_counts(&self) -> String {
        self.categories.iter().map(|(value, count)| format!("{value} {count}")).collect::<Vec<_>>().join(", ")
    }
}

/// The point in time of a cell in seconds since 1970-01-01T00:00:00Z: `Ok(None)` for
/// a null, `None` for a value that is not a date. Text is parsed, Parquet timestamps
/// and dates are converted.
fn instant_at(column: &dyn Array, row: usize) -> Option<Option<i64>> {
    if column.is_null(row) {
        return Some(None);
    }
    let seconds = match column.data_type() {
        DataType::Utf8 => parse_instant(column.as_string::<i32>().value(row)),
        DataType::Timestamp(unit, _) => Some(match unit {
            TimeUnit::Second => column.as_primitive::<TimestampSecondType>().value(row),
            TimeUnit::Millisecond => column.as_primitive::<TimestampMillisecondType>().value(row).div_euclid(1_000),
            TimeUnit::Microsecond => column.as_primitive::<TimestampMicrosecondType>().value(row).div_euclid(1_000_000),
            TimeUnit::Nanosecond => {
                column.as_primitive::<TimestampNanosecondType>().value(row).div_euclid(1_000_000_000)
            }
        }),
        DataType::Date32 => Some(i64::from(column.as_primitive::<Date32Type>().value(row)) * 86_400),
        DataType::Date64 => Some(column.as_primitive::<Date64Type>().value(row).div_euclid(1_000)),
        _ => None,
    };
    seconds.map(Some)
}

/// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SSZ` for messages.
fn date_text(seconds: i64) -> String {
    let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
    let in_day = seconds.rem_euclid(86_400);
    if in_day == 0 {
        format!("{year:04}-{month:02}-{day:02}")
    } else {
        format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", in_day / 3600, in_day / 60 % 60, in_day % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period() -> Period {
        Period { start: 0, end: 100, covered: Vec::new(), saturated: false }
    }

    #[test]
    fn stretches_merge_in_any_order() {
        let mut p = period();
        p.cover(50, 60);
        p.cover(10, 20);
        p.cover(20, 30);
        assert_eq!(p.covered, [(10, 30), (50, 60)]);
        assert_eq!(p.first_gap(), Some((0, 10)));
        p.cover(-5, 15);
        p.cover(25, 55);
        p.cover(60, 200);
        assert_eq!(p.covered, [(0, 100)]);
        assert!(p.is_complete());
        assert_eq!(p.first_gap(), None);
    }

    #[test]
    fn stretches_outside_the_period_are_ignored() {
        let mut p = period();
        p.cover(100, 200);
        p.cover(-10, 0);
        p.cover(30, 30);
        assert!(p.covered.is_empty());
        assert_eq!(p.covered_seconds(), 0);
    }

    #[test]
    fn too_many_stretches_saturate_instead_of_growing() {
        let mut p = Period { start: 0, end: 10 * MAX_INTERVALS as i64 + 10, covered: Vec::new(), saturated: false };
        for i in 0..=MAX_INTERVALS as i64 {
            p.cover(i * 10, i * 10 + 5);
        }
        assert_eq!(p.covered.len(), MAX_INTERVALS);
        assert!(p.saturated);
    }
}
