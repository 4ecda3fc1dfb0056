//! Cross-column checks, one row at a time: unit price × PricingQuantity = cost,
//! ResourceId equal to CommitmentDiscountId on commitment rows, a zero EffectiveCost
//! on commitment purchases, and period starts before their ends.
//!
//! The specification sets no tolerance for price × quantity = cost. certkit's default
//! accepts a difference up to half a unit in the last decimal place written in the
//! cost (a cost written `1.20` may differ by 0.005), computed exactly on decimals;
//! values from float columns also get a relative epsilon of 1e-9. It also accepts what
//! the official validator's formula accepts, `|p × q − cost| ≤ 1e-9 × max(|cost|, 1)`:
//! exports that round a cost to ten places and pad it to eleven (the FOCUS 1.0 sample
//! does) would otherwise fail on differences of 1e-11 that no one would call a
//! mismatch. [`Tolerance`] lets the user choose an absolute or relative bound instead.

use serde::{Deserialize, Serialize};

use super::number::Number;

/// Relative slack added whenever a float takes part in a comparison.
pub const FLOAT_RELATIVE_EPSILON: f64 = 1e-9;

/// The official validator's bound, `1e-9 × max(|cost|, 1)`, which the default accepts too.
pub const OFFICIAL_BOUND: f64 = 1e-9;

/// How far price × quantity may be from the cost.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum Tolerance {
    /// Half a unit in the last decimal place written in the cost, or the official
    /// validator's `1e-9 × max(|cost|, 1)` when that is larger (the default).
    #[default]
    HalfLastDigit,
    /// At most this absolute difference, in the cost's currency.
    Absolute {
        /// The largest accepted difference.
        amount: f64,
    },
    /// At most this fraction of the larger of the two values.
    Relative {
        /// The largest accepted relative difference, e.g. 0.0001.
        fraction: f64,
    },
}

impl Tolerance {
    /// The policy in words, for the report's assumptions.
    pub fn describe(&self) -> String {
        match self {
            Tolerance::HalfLastDigit => "half a unit in the last decimal place written in the cost (exact decimal arithmetic, plus a relative 1e-9 for float columns), or 1e-9 × max(|cost|, 1) as the official validator allows, whichever is larger".into(),
            Tolerance::Absolute { amount } => format!("an absolute difference of at most {amount}"),
            Tolerance::Relative { fraction } => format!("a relative difference of at most {fraction}"),
        }
    }
}

/// True when `price × quantity` equals `cost` within `tolerance`.
pub fn product_matches(
    price: Number,
    quantity: Number,
    cost: Number,
    tolerance: Tolerance,
) -> bool {
    let product = price.mul(quantity);
    match tolerance {
        Tolerance::HalfLastDigit => {
            if cost.is_float() {
                // A float cost has no written last digit: compare relatively.
                let (a, b) = (product.to_f64(), cost.to_f64());
                (a - b).abs() <= FLOAT_RELATIVE_EPSILON * a.abs().max(b.abs()) + f64::EPSILON
                    || within_official_bound(product, cost)
            } else {
                let epsilon = if product.is_float() {
                    FLOAT_RELATIVE_EPSILON
                } else {
                    0.0
                };
                product.within_half_last_digit(cost, cost.scale(), epsilon)
                    || within_official_bound(product, cost)
            }
        }
        Tolerance::Absolute { amount } => (product.to_f64() - cost.to_f64()).abs() <= amount.abs(),
        Tolerance::Relative { fraction } => {
            let (a, b) = (product.to_f64(), cost.to_f64());
            (a - b).abs() <= fraction.abs() * a.abs().max(b.abs())
        }
    }
}

/// True when `|product − cost| ≤ 1e-9 × max(|cost|, 1)`, the official validator's
/// formula. f64 is exact enough here: its rounding is ~1e-16 relative, far below the bound.
fn within_official_bound(product: Number, cost: Number) -> bool {
    let (p, c) = (product.to_f64(), cost.to_f64());
    (p - c).abs() <= OFFICIAL_BOUND * c.abs().max(1.0)
}

/// True when `value` is zero; used for EffectiveCost on commitment purchases.
pub fn is_zero(value: Number) -> bool {
    value.is_zero() || (value.is_float() && value.to_f64().abs() <= f64::EPSILON)
}

/// True when a period's start is strictly before its (exclusive) end.
pub fn period_in_order(start: i64, end: i64) -> bool {
    start < end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::number::parse_lenient;

    fn n(text: &str) -> Number {
        parse_lenient(text.as_bytes()).unwrap_or(Number::Float(f64::NAN))
    }

    #[test]
    fn exact_products_match_their_cost() {
        assert!(product_matches(
            n("0.0000004"),
            n("2.00000000000"),
            n("0.00000080000"),
            Tolerance::HalfLastDigit
        ));
        assert!(product_matches(
            n("3.00"),
            n("1.00"),
            n("3.00"),
            Tolerance::HalfLastDigit
        ));
    }

    #[test]
    fn rounding_to_the_written_digits_is_accepted() {
        // 0.333… × 3 written as 1.00 with two places.
        assert!(product_matches(
            n("0.3333"),
            n("3"),
            n("1.00"),
            Tolerance::HalfLastDigit
        ));
        // 0.004 rounds to 0.00 at two places.
        assert!(product_matches(
            n("0.002"),
            n("2"),
            n("0.00"),
            Tolerance::HalfLastDigit
        ));
    }

    #[test]
    fn real_mismatches_fail() {
        assert!(!product_matches(
            n("3.00"),
            n("2"),
            n("5.00"),
            Tolerance::HalfLastDigit
        ));
        assert!(!product_matches(
            n("0.003"),
            n("2"),
            n("0.00"),
            Tolerance::HalfLastDigit
        ));
    }

    #[test]
    fn padding_beyond_the_rounding_is_not_taken_for_precision() {
        // The FOCUS 1.0 sample: 0.008 × 0.00200749000 = 0.00001605992, written rounded to
        // ten places and padded to eleven. Half the eleventh place (5e-12) is less than the
        // 2e-11 gap, but the official bound (1e-9) covers it.
        assert!(product_matches(
            n("0.008"),
            n("0.00200749000"),
            n("0.00001605990"),
            Tolerance::HalfLastDigit
        ));
        // The official bound is relative above 1: 1e-9 of a million is 0.001.
        assert!(product_matches(
            n("1000000"),
            n("1.000000000001"),
            n("1000000.000000"),
            Tolerance::HalfLastDigit
        ));
        assert!(!product_matches(
            n("0.008"),
            n("0.00200749000"),
            n("0.00001606990"),
            Tolerance::HalfLastDigit
        ));
    }

    #[test]
    fn floats_use_a_relative_epsilon() {
        assert!(product_matches(
            Number::Float(0.1),
            Number::Float(3.0),
            Number::Float(0.3),
            Tolerance::HalfLastDigit
        ));
        assert!(!product_matches(
            Number::Float(0.1),
            Number::Float(3.0),
            Number::Float(0.31),
            Tolerance::HalfLastDigit
        ));
    }

    #[test]
    fn other_tolerances() {
        assert!(product_matches(
            n("1"),
            n("1"),
            n("1.4"),
            Tolerance::Absolute { amount: 0.5 }
        ));
        assert!(!product_matches(
            n("1"),
            n("1"),
            n("1.6"),
            Tolerance::Absolute { amount: 0.5 }
        ));
        assert!(product_matches(
            n("100"),
            n("1"),
            n("100.01"),
            Tolerance::Relative { fraction: 0.001 }
        ));
        assert!(!product_matches(
            n("100"),
            n("1"),
            n("101"),
            Tolerance::Relative { fraction: 0.001 }
        ));
    }

    #[test]
    fn zero_and_period_order() {
        assert!(is_zero(n("0.00")));
        assert!(!is_zero(n("0.01")));
        assert!(period_in_order(0, 1));
        assert!(!period_in_order(1, 1));
        assert!(!period_in_order(2, 1));
    }

    #[test]
    fn tolerance_describes_itself() {
        assert!(Tolerance::HalfLastDigit.describe().contains("half a unit"));
        assert!(Tolerance::Absolute { amount: 0.01 }
            .describe()
            .contains("0.01"));
    }
}
