//! Adding and comparing exact decimals ([`Number::Exact`]) with 64-bit multiplications
//! where they suffice.
//!
//! Bringing two decimals to one scale multiplies a 128-bit mantissa by a power of ten.
//! WebAssembly has no 128-bit multiplication: each one is a call into a software routine,
//! and the profile did one or two for every number cell (sums, extremes). But the value
//! being brought to the larger scale is almost always a single cell (`12.5` against a
//! running sum at scale 10), small enough that a 64-bit multiplication is exact. Only
//! that case is sped up; the results are exactly those of [`Number::add`] and the
//! general comparison.

use crate::rules::number::Number;

/// 10^k for k = 0..=18, every power of ten an `i64` holds.
const POW10: [i64; 19] = {
    let mut powers = [1i64; 19];
    let mut k = 1;
    while k < 19 {
        powers[k] = powers[k - 1] * 10;
        k += 1;
    }
    powers
};

/// `mantissa × 10^k` when both fit in 64 bits and so does the product; `None` otherwise
/// (the caller then takes the general, 128-bit way).
#[inline]
pub fn widen_small(mantissa: i128, k: u32) -> Option<i128> {
    let power = *POW10.get(k as usize)?;
    let m = i64::try_from(mantissa).ok()?;
    // |m| × 10^k ≤ i64::MAX exactly when |m| ≤ i64::MAX / 10^k: the product below cannot overflow.
    if m.unsigned_abs() > (i64::MAX / power) as u64 {
        return None;
    }
    Some((m * power) as i128)
}

/// `a + b`, the same value [`Number::add`] gives, without a 128-bit multiplication when
/// the operand with fewer decimals is small.
#[inline]
pub fn add(a: Number, b: Number) -> Number {
    if let (
        Number::Exact {
            mantissa: x,
            scale: sx,
        },
        Number::Exact {
            mantissa: y,
            scale: sy,
        },
    ) = (a, b)
    {
        let widened = if sx == sy {
            Some((x, y, sx))
        } else if sx < sy {
            widen_small(x, sy - sx).map(|x| (x, y, sy))
        } else {
            widen_small(y, sx - sy).map(|y| (x, y, sx))
        };
        if let Some((x, y, scale)) = widened {
            if let Some(mantissa) = x.checked_add(y) {
                return Number::Exact { mantissa, scale };
            }
        }
    }
    a.add(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact(mantissa: i128, scale: u32) -> Number {
        Number::Exact { mantissa, scale }
    }

    #[test]
    fn widening_is_exact_up_to_the_64_bit_limit_and_refused_beyond() {
        assert_eq!(widen_small(125, 9), Some(125_000_000_000));
        assert_eq!(widen_small(-125, 9), Some(-125_000_000_000));
        assert_eq!(widen_small(9, 18), Some(9 * 10i128.pow(18)));
        assert_eq!(widen_small(10, 18), None, "10^19 does not fit an i64");
        assert_eq!(widen_small(1, 19), None, "10^19 is past the table");
        assert_eq!(
            widen_small(i64::MAX as i128 / 10, 1),
            Some(i64::MAX as i128 / 10 * 10)
        );
        assert_eq!(widen_small(i64::MAX as i128 / 10 + 1, 1), None);
        assert_eq!(
            widen_small(i64::MAX as i128 + 1, 0),
            None,
            "a mantissa past 64 bits"
        );
    }

    #[test]
    fn sums_equal_those_of_number_add() {
        let values = [
            exact(125, 1),
            exact(-3, 0),
            exact(123_456_789, 9),
            exact(i64::MAX as i128, 2),
            exact(i128::MAX / 3, 0),
            exact(7, 38),
            exact(1, 30),
            Number::Float(0.25),
            exact(-999_999_999_999_999_999, 18),
        ];
        for &a in &values {
            for &b in &values {
                assert_eq!(add(a, b), a.add(b), "{a:?} + {b:?}");
            }
        }
        // A running sum keeps agreeing over many steps, scales mixed.
        let (mut fast, mut general) = (exact(0, 0), exact(0, 0));
        for i in 0..10_000i128 {
            let n = exact(i * 37 - 99_999, (i % 7) as u32);
            fast = add(fast, n);
            general = general.add(n);
        }
        assert_eq!(fast, general);
    }
}
