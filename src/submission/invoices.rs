//! Invoice alignment: the invoice totals the user entered, compared with the sums of
//! BilledCost per InvoiceId that certkit computes while reading the sample.
//!
//! Two amounts match when they are in the same currency and differ by at most
//! [`INVOICE_TOLERANCE`]: invoices are rounded to the currency's minor unit while the
//! sum of many rows carries more decimals (and binary rounding), so an exact equality
//! would flag correct data.

use std::collections::BTreeMap;

use super::input::InvoiceTotal;
use crate::report::model::InvoiceSum;
use crate::report::Report;

/// The largest difference between an invoice total and the sum of its BilledCost that
/// still counts as a match: one hundredth of the currency unit (one cent).
pub const INVOICE_TOLERANCE: f64 = 0.01;

/// Room for the binary rounding of the sum itself, so a difference of exactly one cent
/// is a match however the sum's last bits fell.
const FLOAT_SLACK: f64 = 1e-9;

/// How one invoice compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvoiceOutcome {
    /// Same currency, amounts within the tolerance.
    Match,
    /// Same currency, amounts further apart than the tolerance.
    AmountMismatch,
    /// The sample's BillingCurrency differs from the invoice's currency.
    CurrencyMismatch,
    /// The user entered a total but the sample has no row with that InvoiceId.
    NotInSample,
    /// The sample has the InvoiceId but the user entered no total.
    NoTotalEntered,
    /// The entered total is not a decimal number (only possible for an input that did
    /// not go through [`crate::submission::KitInput::from_json`]).
    UnreadableTotal,
}

impl InvoiceOutcome {
    /// The outcome in the worksheet's words.
    pub fn as_str(self) -> &'static str {
        match self {
            InvoiceOutcome::Match => "match",
            InvoiceOutcome::AmountMismatch => "amount mismatch",
            InvoiceOutcome::CurrencyMismatch => "currency mismatch",
            InvoiceOutcome::NotInSample => "not in the sample",
            InvoiceOutcome::NoTotalEntered => "no total entered",
            InvoiceOutcome::UnreadableTotal => "the entered total is not a decimal number",
        }
    }
}

/// One invoice's comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct InvoiceComparison {
    /// The InvoiceId.
    pub invoice_id: String,
    /// The total the user entered, if any.
    pub entered: Option<InvoiceTotal>,
    /// The sample's BillingCurrency and sum of BilledCost, if the InvoiceId is in it.
    pub sample: Option<(String, f64)>,
    /// Sample sum minus entered total, when both exist in the same currency.
    pub difference: Option<f64>,
    /// How it compares.
    pub outcome: InvoiceOutcome,
}

/// Compares every invoice that is entered or in the sample, by InvoiceId.
pub fn compare_invoices(
    entered: &BTreeMap<String, InvoiceTotal>,
    sums: &BTreeMap<String, (String, f64)>,
) -> Vec<InvoiceComparison> {
    let mut ids: Vec<&String> = entered.keys().chain(sums.keys()).collect();
    ids.sort();
    ids.dedup();
    ids.into_iter()
        .map(|id| {
            let total = entered.get(id);
            let sample = sums.get(id);
            let (difference, outcome) = match (total, sample) {
                (Some(t), Some((currency, sum))) => match t.total.trim().parse::<f64>() {
                    Ok(expected) if expected.is_finite() => {
                        if !currency.trim().eq_ignore_ascii_case(&t.currency) {
                            (None, InvoiceOutcome::CurrencyMismatch)
                        } else {
                            let diff = sum - expected;
                            let outcome = if diff.abs() <= INVOICE_TOLERANCE + FLOAT_SLACK {
                                InvoiceOutcome::Match
                            } else {
                                InvoiceOutcome::AmountMismatch
                            };
                            (Some(diff), outcome)
                        }
                    }
                    _ => (None, InvoiceOutcome::UnreadableTotal),
                },
                (Some(_), None) => (None, InvoiceOutcome::NotInSample),
                (None, _) => (None, InvoiceOutcome::NoTotalEntered),
            };
            InvoiceComparison {
                invoice_id: id.clone(),
                entered: total.cloned(),
                sample: sample.cloned(),
                difference,
                outcome,
            }
        })
        .collect()
}

/// The sums of BilledCost per InvoiceId that the report's `sample_facts` carries, in
/// the form [`compare_invoices`] takes: InvoiceId → (BillingCurrency, sum). An invoice
/// whose rows carry several currencies (listed in `sample_facts` as a finding of its
/// own) is compared in the currency of most of its rows. `None` when the report has
/// no sample facts or the sample has no InvoiceId column.
pub fn invoice_sums(report: &Report) -> Option<BTreeMap<String, (String, f64)>> {
    let facts = &report.sample_facts.as_ref()?.invoices;
    if !facts.computed {
        return None;
    }
    let mut chosen: BTreeMap<String, &InvoiceSum> = BTreeMap::new();
    for sum in &facts.sums {
        let better = match chosen.get(&sum.invoice_id) {
            None => true,
            Some(held) => (sum.currency.is_some(), sum.rows) > (held.currency.is_some(), held.rows),
        };
        if better {
            chosen.insert(sum.invoice_id.clone(), sum);
        }
    }
    Some(
        chosen
            .into_iter()
            .map(|(id, s)| (id, (s.currency.clone().unwrap_or_default(), s.billed_cost)))
            .collect(),
    )
}

/// An amount with two decimals, as invoices show them (`-0.00` written `0.00`).
pub fn money(amount: f64) -> String {
    let text = format!("{amount:.2}");
    if text == "-0.00" {
        "0.00".to_string()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn total(amount: &str, currency: &str) -> InvoiceTotal {
        InvoiceTotal {
            total: amount.into(),
            currency: currency.into(),
        }
    }

    #[test]
    fn outcomes() {
        let entered: BTreeMap<String, InvoiceTotal> = [
            ("A".to_string(), total("100.00", "USD")),
            ("B".to_string(), total("50.00", "USD")),
            ("C".to_string(), total("10.00", "EUR")),
            ("D".to_string(), total("1.00", "USD")),
        ]
        .into();
        let sums: BTreeMap<String, (String, f64)> = [
            ("A".to_string(), ("USD".to_string(), 100.01)),
            ("B".to_string(), ("USD".to_string(), 49.5)),
            ("C".to_string(), ("USD".to_string(), 10.0)),
            ("E".to_string(), ("USD".to_string(), 3.0)),
        ]
        .into();
        let outcomes: Vec<(String, InvoiceOutcome)> = compare_invoices(&entered, &sums)
            .into_iter()
            .map(|c| (c.invoice_id, c.outcome))
            .collect();
        assert_eq!(
            outcomes,
            [
                ("A".to_string(), InvoiceOutcome::Match),
                ("B".to_string(), InvoiceOutcome::AmountMismatch),
                ("C".to_string(), InvoiceOutcome::CurrencyMismatch),
                ("D".to_string(), InvoiceOutcome::NotInSample),
                ("E".to_string(), InvoiceOutcome::NoTotalEntered),
            ]
        );
    }

    #[test]
    fn an_unreadable_total_is_said_so() {
        let entered: BTreeMap<String, InvoiceTotal> =
            [("A".to_string(), total("abc", "USD"))].into();
        let sums: BTreeMap<String, (String, f64)> =
            [("A".to_string(), ("USD".to_string(), 1.0))].into();
        let result = compare_invoices(&entered, &sums);
        assert_eq!(result[0].outcome, InvoiceOutcome::UnreadableTotal);
        assert_eq!(result[0].difference, None);
    }

    #[test]
    fn money_has_two_decimals() {
        assert_eq!(money(1234.5), "1234.50");
        assert_eq!(money(-0.001), "0.00");
        assert_eq!(money(-0.5), "-0.50");
    }
}
