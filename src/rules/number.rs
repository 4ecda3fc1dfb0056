//! Numbers read from cells, kept exact where they can be: a decimal text such as
//! `0.00000080000` becomes mantissa `80000` with scale `11`, so price × quantity =
//! cost can be compared without binary floating-point error. Values that do not fit
//! (more than 38 digits) or come from typed float columns fall back to `f64`.

/// A number from one cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    /// `mantissa × 10^-scale`, exact.
    Exact {
        /// The digits as an integer, with the sign.
        mantissa: i128,
        /// How many of the digits are after the decimal point.
        scale: u32,
    },
    /// A binary floating-point value (typed float columns, or text too long for `Exact`).
    Float(f64),
}

/// The largest scale kept exact; beyond it `10^scale` no longer fits an `i128`.
const MAX_SCALE: u32 = 38;

impl Number {
    /// The value as `f64` (approximate for `Exact` values with many digits).
    pub fn to_f64(self) -> f64 {
        match self {
            Number::Exact { mantissa, scale } => mantissa as f64 / 10f64.powi(scale as i32),
            Number::Float(f) => f,
        }
    }

    /// True when the value is below zero.
    pub fn is_negative(self) -> bool {
        match self {
            Number::Exact { mantissa, .. } => mantissa < 0,
            Number::Float(f) => f < 0.0,
        }
    }

    /// True when the value is exactly zero.
    pub fn is_zero(self) -> bool {
        match self {
            Number::Exact { mantissa, .. } => mantissa == 0,
            Number::Float(f) => f == 0.0,
        }
    }

    /// True for a float value.
    pub fn is_float(self) -> bool {
        matches!(self, Number::Float(_))
    }

    /// The number of decimal places written (0 for floats, which have no written form).
    pub fn scale(self) -> u32 {
        match self {
            Number::Exact { scale, .. } => scale,
            Number::Float(_) => 0,
        }
    }

    /// The product, exact when both factors are exact and it fits.
    #[allow(clippy::should_implement_trait)]
    pub fn mul(self, other: Number) -> Number {
        if let (
            Number::Exact {
                mantissa: a,
                scale: sa,
            },
            Number::Exact {
                mantissa: b,
                scale: sb,
            },
        ) = (self, other)
        {
            if let Some(m) = a.checked_mul(b) {
                if sa + sb <= MAX_SCALE {
                    return Number::Exact {
                        mantissa: m,
                        scale: sa + sb,
                    };
                }
            }
        }
        Number::Float(self.to_f64() * other.to_f64())
    }

    /// The sum, exact when both are exact and it fits.
    #[allow(clippy::should_implement_trait)]
    pub fn add(self, other: Number) -> Number {
        if let (
            Number::Exact {
                mantissa: a,
                scale: sa,
            },
            Number::Exact {
                mantissa: b,
                scale: sb,
            },
        ) = (self, other)
        {
            // Only the number with fewer decimals is widened (a running sum usually has
            // the most, so most additions widen one small value or nothing).
            let (a, b, scale) = match sa.cmp(&sb) {
                std::cmp::Ordering::Equal => (Some(a), Some(b), sa),
                std::cmp::Ordering::Less => (rescale(a, sa, sb), Some(b), sb),
                std::cmp::Ordering::Greater => (Some(a), rescale(b, sb, sa), sa),
            };
            if let (Some(a), Some(b)) = (a, b) {
                if let Some(m) = a.checked_add(b) {
                    return Number::Exact { mantissa: m, scale };
                }
            }
        }
        Number::Float(self.to_f64() + other.to_f64())
    }

    /// Orders two numbers: exactly when both are exact and fit at a common scale,
    /// otherwise by their `f64` values.
    pub fn compare(self, other: Number) -> std::cmp::Ordering {
        if let (
            Number::Exact {
                mantissa: x,
                scale: sx,
            },
            Number::Exact {
                mantissa: y,
                scale: sy,
            },
        ) = (self, other)
        {
            // Equal scales and different signs need no scaling; otherwise only the
            // number with fewer decimals is widened.
            if sx == sy || (x < 0) != (y < 0) {
                return x.cmp(&y);
            }
            let order = if sx < sy {
                rescale(x, sx, sy).map(|x| x.cmp(&y))
            } else {
                rescale(y, sy, sx).map(|y| x.cmp(&y))
            };
            if let Some(order) = order {
                return order;
            }
        }
        self.to_f64()
            .partial_cmp(&other.to_f64())
            .unwrap_or(std::cmp::Ordering::Equal)
    }

    /// `|self - other|` compared with half a unit in the last decimal place of
    /// `written` (the cost as written in the file): true when within that bound.
    /// Exact when both are exact; `relative_epsilon` is added for floats.
    pub fn within_half_last_digit(
        self,
        other: Number,
        written_scale: u32,
        relative_epsilon: f64,
    ) -> bool {
        if let (
            Number::Exact {
                mantissa: a,
                scale: sa,
            },
            Number::Exact {
                mantissa: b,
                scale: sb,
            },
        ) = (self, other)
        {
            // Compare 2·|a - b| with 10^(S - written_scale), everything at scale S.
            let s = sa.max(sb).max(written_scale);
            if s <= MAX_SCALE {
                if let (Some(a), Some(b)) = (rescale(a, sa, s), rescale(b, sb, s)) {
                    if let Some(diff) = a
                        .checked_sub(b)
                        .and_then(|d| d.checked_abs())
                        .and_then(|d| d.checked_mul(2))
                    {
                        let bound = 10i128.pow(s - written_scale);
                        return diff <= bound;
                    }
                }
            }
        }
        let (a, b) = (self.to_f64(), other.to_f64());
        let bound =
            0.5 * 10f64.powi(-(written_scale as i32)) + relative_epsilon * a.abs().max(b.abs());
        (a - b).abs() <= bound
    }
}

/// `mantissa` at scale `from` rewritten at the larger scale `to`.
fn rescale(mantissa: i128, from: u32, to: u32) -> Option<i128> {
    if to < from || to > MAX_SCALE {
        return None;
    }
    let k = to - from;
    widen_small(mantissa, k).or_else(|| mantissa.checked_mul(10i128.pow(k)))
}

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

/// `mantissa × 10^k` when both fit in 64 bits and so does the product; `None` otherwise.
///
/// WebAssembly has no 128-bit multiplication: each one is a call into a software
/// routine, and sums and comparisons bring a value to a larger scale for almost every
/// number cell (`12.5` against a running sum at scale 10). The value widened is nearly
/// always small enough for an exact 64-bit multiplication, which this takes.
#[inline]
fn widen_small(mantissa: i128, k: u32) -> Option<i128> {
    let power = *POW10.get(k as usize)?;
    let m = i64::try_from(mantissa).ok()?;
    // |m| × 10^k ≤ i64::MAX exactly when |m| ≤ i64::MAX / 10^k: the product cannot overflow.
    if m.unsigned_abs() > WIDEN_LIMITS[k as usize] {
        return None;
    }
    Some((m * power) as i128)
}

/// i64::MAX / 10^k for k = 0..=18: the largest magnitude [`widen_small`] can scale by
/// 10^k, computed once here rather than by a 64-bit division per number.
const WIDEN_LIMITS: [u64; 19] = {
    let mut limits = [0u64; 19];
    let mut k = 0;
    while k < 19 {
        limits[k] = (i64::MAX / POW10[k]) as u64;
        k += 1;
    }
    limits
};

/// Reads a number leniently: optional sign (`+` or `-`), digits with at most one
/// decimal point (`.5` and `5.` accepted), optional exponent `e`/`E` with optional
/// sign. No spaces, separators or symbols. `None` when the text is not such a number.
/// The NumericFormat rules judge the written form; this only recovers the value.
#[inline]
pub fn parse_lenient(text: &[u8]) -> Option<Number> {
    parse_plain(text).or_else(|| parse_any(text))
}

/// The form nearly every cost and quantity takes, `-?digits[.digits]` with at most 18
/// digits, read in one pass with no exponent or overflow to track. `None` for anything
/// else, which [`parse_any`] then reads (or refuses). Called per number cell by the
/// rules and the profile, so it is kept small enough to inline.
#[inline(always)]
fn parse_plain(text: &[u8]) -> Option<Number> {
    let (negative, body) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, text),
    };
    // 18 digits and a point at most: the value fits a u64 with room to spare.
    if body.is_empty() || body.len() > 19 {
        return None;
    }
    let mut value: u64 = 0;
    let mut point = None;
    for (i, &byte) in body.iter().enumerate() {
        let digit = byte.wrapping_sub(b'0');
        if digit < 10 {
            value = value * 10 + u64::from(digit);
        } else if byte == b'.' && point.is_none() {
            point = Some(i);
        } else {
            return None;
        }
    }
    let digits = body.len() - usize::from(point.is_some());
    if digits == 0 || digits > 18 {
        return None;
    }
    let mantissa = i128::from(value);
    Some(Number::Exact {
        mantissa: if negative { -mantissa } else { mantissa },
        scale: point.map_or(0, |p| body.len() - p - 1) as u32,
    })
}

/// The whole lenient grammar: signs, exponents, and digits past 64 bits.
fn parse_any(text: &[u8]) -> Option<Number> {
    let mut i = 0;
    let negative = match text.first() {
        Some(b'-') => {
            i = 1;
            true
        }
        Some(b'+') => {
            i = 1;
            false
        }
        _ => false,
    };
    // Digits accumulate in a u64 (fast) for the first 18, then in an i128.
    let mut small: u64 = 0;
    let mut mantissa: i128 = 0;
    let mut overflow = false;
    let mut digits = 0usize;
    let mut scale: i64 = 0;
    let mut seen_point = false;
    while i < text.len() {
        match text[i] {
            c @ b'0'..=b'9' => {
                digits += 1;
                if digits <= 18 {
                    small = small * 10 + (c - b'0') as u64;
                } else {
                    if digits == 19 {
                        mantissa = small as i128;
                    }
                    match mantissa
                        .checked_mul(10)
                        .and_then(|m| m.checked_add((c - b'0') as i128))
                    {
                        Some(m) if !overflow => mantissa = m,
                        _ => overflow = true,
                    }
                }
                if seen_point {
                    scale += 1;
                }
            }
            b'.' if !seen_point => seen_point = true,
            b'e' | b'E' => break,
            _ => return None,
        }
        i += 1;
    }
    if digits == 0 {
        return None;
    }
    if digits <= 18 {
        mantissa = small as i128;
    }
    let mut exponent: i64 = 0;
    if i < text.len() {
        // At an exponent marker.
        i += 1;
        let exp_negative = match text.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        let start = i;
        while i < text.len() && text[i].is_ascii_digit() {
            exponent = exponent
                .saturating_mul(10)
                .saturating_add((text[i] - b'0') as i64);
            i += 1;
        }
        if i == start || i != text.len() {
            return None;
        }
        if exp_negative {
            exponent = -exponent;
        }
    }
    let signed = if negative { -mantissa } else { mantissa };
    let scale = scale - exponent;
    if !overflow {
        if (0..=MAX_SCALE as i64).contains(&scale) {
            return Some(Number::Exact {
                mantissa: signed,
                scale: scale as u32,
            });
        }
        if scale < 0 && -scale <= MAX_SCALE as i64 {
            if let Some(m) = signed.checked_mul(10i128.pow((-scale) as u32)) {
                return Some(Number::Exact {
                    mantissa: m,
                    scale: 0,
                });
            }
        }
    }
    // Too many digits or an extreme exponent: the standard library's float parser
    // accepts exactly this grammar (after the checks above).
    std::str::from_utf8(text)
        .ok()?
        .parse::<f64>()
        .ok()
        .filter(|f| f.is_finite())
        .map(Number::Float)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact(m: i128, s: u32) -> Number {
        Number::Exact {
            mantissa: m,
            scale: s,
        }
    }

    #[test]
    fn the_plain_reading_agrees_with_the_full_grammar() {
        // Every text the quick path reads, the full grammar reads the same; the rest it
        // leaves to the full grammar. Random texts over the grammar's own alphabet.
        let alphabet = b"0123456789.-+eE x";
        let mut random = crate::test_random::Random(0x9E37_79B9_7F4A_7C15);
        let mut read = 0;
        for _ in 0..200_000 {
            let len = random.below(23);
            // Mostly digits, so long numbers occur.
            let text: Vec<u8> = (0..len)
                .map(|_| match random.below(64) {
                    pick if pick < 40 => b'0' + (pick % 10) as u8,
                    pick => alphabet[pick % alphabet.len()],
                })
                .collect();
            if let Some(quick) = parse_plain(&text) {
                read += 1;
                assert_eq!(Some(quick), parse_any(&text), "{:?}", String::from_utf8_lossy(&text));
            }
        }
        assert!(read > 10_000, "the quick path read only {read} texts");
        for (text, expected) in [
            ("5.", exact(5, 0)),
            (".5", exact(5, 1)),
            ("-0.00", exact(0, 2)),
            ("-12.345", exact(-12345, 3)),
            ("999999999999999999", exact(999_999_999_999_999_999, 0)),
            ("0.00000000000000001", exact(1, 17)),
            (".000000000000000001", exact(1, 18)),
        ] {
            assert_eq!(parse_plain(text.as_bytes()), Some(expected), "{text}");
            assert_eq!(parse_lenient(text.as_bytes()), Some(expected), "{text}");
        }
        for text in ["", "-", ".", "-.", "1.2.3", "+5", "1e3", "1234567890123456789", "1 2"] {
            assert_eq!(parse_plain(text.as_bytes()), None, "{text}");
        }
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
    fn rescaling_gives_the_128_bit_product_either_way() {
        for (m, from, to) in [
            (125, 1, 10),
            (-3, 0, 18),
            (i64::MAX as i128, 0, 2),
            (i128::MAX / 3, 0, 0),
            (7, 0, 38),
            (-999_999_999_999_999_999, 18, 20),
        ] {
            let general = 10i128.checked_pow(to - from).and_then(|p| m.checked_mul(p));
            assert_eq!(rescale(m, from, to), general, "{m} from scale {from} to {to}");
        }
        assert_eq!(rescale(1, 2, 1), None, "to a smaller scale");
        assert_eq!(rescale(1, 0, 39), None, "past the largest scale");
    }

    #[test]
    fn a_running_sum_is_exact_across_scales() {
        let mut sum = exact(0, 0);
        let mut expected: i128 = 0;
        for i in 0..10_000i128 {
            let scale = (i % 7) as u32;
            let n = exact(i * 37 - 99_999, scale);
            sum = sum.add(n);
            expected += (i * 37 - 99_999) * 10i128.pow(6 - scale);
        }
        assert_eq!(sum, exact(expected, 6));
    }

    #[test]
    fn numbers_compare_across_scales() {
        use std::cmp::Ordering;
        assert_eq!(exact(15, 1).compare(exact(150, 2)), Ordering::Equal);
        assert_eq!(exact(-1, 0).compare(exact(5, 3)), Ordering::Less);
        assert_eq!(Number::Float(2.5).compare(exact(2, 0)), Ordering::Greater);
        assert_eq!(exact(-15, 1).compare(exact(-150, 3)), Ordering::Less);
        assert_eq!(exact(2, 0).compare(exact(19_999, 4)), Ordering::Greater);
        assert_eq!(exact(i128::MAX, 0).compare(exact(1, 38)), Ordering::Greater);
    }

    #[test]
    fn plain_decimals_are_exact() {
        assert_eq!(parse_lenient(b"0.00000080000"), Some(exact(80000, 11)));
        assert_eq!(parse_lenient(b"-12"), Some(exact(-12, 0)));
        assert_eq!(parse_lenient(b"+12"), Some(exact(12, 0)));
        assert_eq!(parse_lenient(b".5"), Some(exact(5, 1)));
    }

    #[test]
    fn exponents_shift_the_scale() {
        assert_eq!(parse_lenient(b"35.2E-7"), Some(exact(352, 8)));
        assert_eq!(parse_lenient(b"35.2E+7"), Some(exact(352000000, 0)));
        assert_eq!(parse_lenient(b"1e3"), Some(exact(1000, 0)));
    }

    #[test]
    fn non_numbers_are_rejected() {
        for bad in [
            "", "-", "1,000", "$5", "1 1/2", "1e", "1.2.3", "NaN", "inf", "12abc",
        ] {
            assert_eq!(parse_lenient(bad.as_bytes()), None, "{bad}");
        }
    }

    #[test]
    fn long_mantissas_stay_exact_up_to_38_digits() {
        assert_eq!(
            parse_lenient(b"1234567890123456789012345.5"),
            Some(exact(12345678901234567890123455, 1))
        );
        assert_eq!(
            parse_lenient(b"-0.000000000000000000001"),
            Some(exact(-1, 21))
        );
    }

    #[test]
    fn huge_values_fall_back_to_floats() {
        let n =
            parse_lenient(b"123456789012345678901234567890123456789012345").unwrap_or(exact(0, 0));
        assert!(n.is_float());
        assert!(parse_lenient(b"1E400").is_none());
    }

    #[test]
    fn products_and_sums_stay_exact() {
        let p = exact(4, 7).mul(exact(200, 2));
        assert_eq!(p, exact(800, 9));
        assert_eq!(exact(15, 1).add(exact(25, 2)), exact(175, 2));
    }

    #[test]
    fn half_last_digit_tolerance() {
        // 0.004 against a cost written "0.00" (2 places): within 0.005.
        assert!(exact(4, 3).within_half_last_digit(exact(0, 2), 2, 0.0));
        // 0.006 against "0.00": off by more than 0.005.
        assert!(!exact(6, 3).within_half_last_digit(exact(0, 2), 2, 0.0));
        // Exactly half a unit is accepted.
        assert!(exact(5, 3).within_half_last_digit(exact(0, 2), 2, 0.0));
        // Floats use the relative epsilon as well.
        assert!(Number::Float(0.1 + 0.2).within_half_last_digit(exact(3, 1), 1, 1e-9));
    }

    #[test]
    fn signs_and_zero() {
        assert!(exact(-1, 0).is_negative());
        assert!(exact(0, 5).is_zero());
        assert!(!Number::Float(0.5).is_zero());
    }
}
