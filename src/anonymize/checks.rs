//! The sample requirements checked while the rows stream past, in bounded memory:
//!
//! - `complete-billing-period`: the charge periods of at least one billing period
//!   (BillingPeriodStart..BillingPeriodEnd) cover it from start to end, so the
//!   reviewers see a whole month (or whatever the period is), not a slice of one.
//! - `several-charge-categories`: more than one ChargeCategory value.
//! - `purchase-tax-or-credit`: at least one Purchase, Tax or Credit row, the
//!   categories whose handling the review looks at beside plain usage.
//!
//! The coverage, the category counts and the reading of dates are the validator's own
//! (`rules::cross_row::SampleStats`, `rules::cells::Cells`), with its memory limits:
//! the validator's `certkit:Sample-complete-billing-period` and
//! `certkit:Sample-charge-category-mix` results and these checks cannot disagree.

use std::collections::BTreeMap;

use arrow_array::RecordBatch;
use arrow_schema::Schema;
use serde::Serialize;

use crate::rules::cells::Cells;
use crate::rules::cross_row::{IntervalSet, SampleStats};
use crate::rules::formats::datetime::civil_from_days;

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

/// Column positions of the columns the checks read.
struct Positions {
    billing_start: Option<usize>,
    billing_end: Option<usize>,
    charge_start: Option<usize>,
    charge_end: Option<usize>,
    category: Option<usize>,
}

/// Follows the sample requirements batch by batch, with the validator's own
/// accumulator ([`SampleStats`]: billing-period coverage and charge-category counts)
/// and its own reading of dates ([`Cells::instant`]), so the anonymizer and the
/// validator judge a sample the same way.
pub(crate) struct SampleChecker {
    positions: Positions,
    stats: SampleStats,
    /// Rows with a date in the four period columns that could not be read.
    unreadable_dates: u64,
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
            stats: SampleStats::default(),
            unreadable_dates: 0,
        }
    }

    /// Takes the rows of one batch into account.
    pub(crate) fn observe(&mut self, batch: &RecordBatch) {
        if let Some(column) = self.positions.category.map(|i| batch.column(i)) {
            let categories = Cells::new(column);
            for row in 0..batch.num_rows() {
                if let Some(value) = categories.text(row) {
                    self.stats.category(value);
                }
            }
        }
        let p = &self.positions;
        let (Some(bs), Some(be), Some(cs), Some(ce)) = (p.billing_start, p.billing_end, p.charge_start, p.charge_end)
        else {
            return;
        };
        let columns = [bs, be, cs, ce].map(|i| Cells::new(batch.column(i)));
        for row in 0..batch.num_rows() {
            let instants = columns.each_ref().map(|c| c.instant(row));
            let [Some(bs), Some(be), Some(cs), Some(ce)] = instants else {
                // A null period is the validator's business; a value that is not a date is worth a word.
                if columns.iter().zip(instants).any(|(c, at)| at.is_none() && !c.is_null(row)) {
                    self.unreadable_dates += 1;
                }
                continue;
            };
            self.stats.periods((bs, be), (cs, ce));
        }
    }

    /// The count of rows per ChargeCategory value (nulls not counted; the validator's
    /// counter keeps the first 64 distinct values).
    pub(crate) fn categories(&self) -> BTreeMap<String, u64> {
        self.stats.categories()
    }

    /// The verdict on each requirement.
    pub(crate) fn results(&self) -> Vec<SampleCheck> {
        let categories = self.categories();
        vec![
            self.billing_period_check(),
            self.several_categories_check(&categories),
            purchase_tax_credit_check(&categories),
        ]
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
        if let Some((start, end)) = self.stats.complete_billing_periods().first() {
            return SampleCheck {
                id,
                passed: true,
                message: format!(
                    "the charge periods cover the whole billing period {} to {}",
                    date_text(*start),
                    date_text(*end)
                ),
            };
        }
        let best = self
            .stats
            .billing_periods
            .iter()
            .map(|(&(start, end), set)| (set.covered_within(start, end) as f64 / (end - start) as f64, (start, end), set))
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut message = match best {
            None => "no row has a billing period and a charge period that could be read as dates".to_string(),
            Some((share, (start, end), set)) => {
                let mut text = format!(
                    "no billing period is fully covered by its rows' charge periods: the best, {} to {}, is covered at {:.1}%",
                    date_text(start),
                    date_text(end),
                    share * 100.0
                );
                if let Some((from, to)) = first_gap(set, start, end) {
                    text.push_str(&format!(" (first gap from {} to {})", date_text(from), date_text(to)));
                }
                if set.overflowed {
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
        if self.stats.untracked_billing_period_rows > 0 {
            message.push_str(&format!(
                "; {} row(s) belong to billing periods past the first {} and were not followed",
                self.stats.untracked_billing_period_rows,
                self.stats.billing_periods.len()
            ));
        }
        message.push_str(". Submit every row of at least one whole billing period");
        SampleCheck { id, passed: false, message }
    }

    fn several_categories_check(&self, categories: &BTreeMap<String, u64>) -> SampleCheck {
        let id = "several-charge-categories";
        if self.positions.category.is_none() {
            return SampleCheck {
                id,
                passed: false,
                message: "the sample has no ChargeCategory column; it is required".to_string(),
            };
        }
        let counts = category_counts(categories);
        match categories.len() {
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
}

fn purchase_tax_credit_check(categories: &BTreeMap<String, u64>) -> SampleCheck {
    let id = "purchase-tax-or-credit";
    let present: Vec<&str> =
        ["Purchase", "Tax", "Credit"].into_iter().filter(|c| categories.contains_key(*c)).collect();
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

fn category_counts(categories: &BTreeMap<String, u64>) -> String {
    categories.iter().map(|(value, count)| format!("{value} {count}")).collect::<Vec<_>>().join(", ")
}

/// The first stretch of `[start, end)` that `set` does not cover. The set keeps its
/// stretches to itself, but both of its questions grow with their end point, so the
/// edges of the gap are found by halving.
fn first_gap(set: &IntervalSet, start: i64, end: i64) -> Option<(i64, i64)> {
    if set.covers(start, end) {
        return None;
    }
    // The gap starts where the stretch covering `start` (if any) ends.
    let from = if set.covers(start, start + 1) { last_true(start + 1, end, |t| set.covers(start, t)) } else { start };
    // It ends where the next covered second begins.
    let to = if set.covered_within(from, end) == 0 {
        end
    } else {
        last_true(from, end, |t| set.covered_within(from, t) == 0)
    };
    Some((from, to))
}

/// The largest `t` in `[low, high]` with `holds(t)`, given `holds(low)` and that once
/// false it stays false.
fn last_true(mut low: i64, mut high: i64, holds: impl Fn(i64) -> bool) -> i64 {
    while low < high {
        let mid = low + (high - low + 1) / 2;
        if holds(mid) {
            low = mid;
        } else {
            high = mid - 1;
        }
    }
    low
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

    #[test]
    fn the_first_gap_is_found_between_covered_stretches() {
        let mut set = IntervalSet::default();
        set.insert(50, 60);
        set.insert(10, 30);
        assert_eq!(first_gap(&set, 0, 100), Some((0, 10)));
        set.insert(0, 10);
        assert_eq!(first_gap(&set, 0, 100), Some((30, 50)));
        set.insert(30, 50);
        assert_eq!(first_gap(&set, 0, 100), Some((60, 100)));
        set.insert(60, 100);
        assert_eq!(first_gap(&set, 0, 100), None);
    }

    #[test]
    fn dates_are_written_with_a_time_only_when_there_is_one() {
        assert_eq!(date_text(1_704_067_200), "2024-01-01");
        assert_eq!(date_text(1_704_067_200 + 3_661), "2024-01-01T01:01:01Z");
    }
}
