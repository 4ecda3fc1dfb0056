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
            let scale = sa.max(sb);
            if let (Some(a), Some(b)) = (rescale(a, sa, scale), rescale(b, sb, scale)) {
                if let Some(m) = a.checked_add(b) {
                    return Number::Exact { mantissa: m, scale };
                }
            }
        }
        Number::Float(self.to_f64() + other.to_f64())
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
    mantissa.checked_mul(10i128.pow(to - from))
}

/// Reads a number leniently: optional sign (`+` or `-`), digits with at most one
/// decimal point (`.5` and `5.` accepted), optional exponent `e`/`E` with optional
/// sign. No spaces, separators or symbols. `None` when the text is not such a number.
/// The NumericFormat rules judge the written form; this only recovers the value.
pub fn parse_lenient(text: &[u8]) -> Option<Number> {
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
