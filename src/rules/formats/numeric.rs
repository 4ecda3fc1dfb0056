//! NumericFormat: how a number must be written.
//!
//! The strict form is an optional leading `-`, digits, an optional decimal point
//! followed by digits, and an optional exponent `E` with an optional `-` and digits:
//! `-?D+(.D+)?(E-?D+)?`. So `12`, `-0.5`, `35.2E-7` pass, and `+12`, `35.2E+7`,
//! `1,000.00`, `$5`, `1 1/2`, `NaN` fail. Digits are required on both sides of a
//! decimal point and the exponent marker is an uppercase `E` (the specification only
//! shows that form; see docs/assumptions.md).
//!
//! [`analyze`] returns which NumericFormat sub-rules a text breaks, so each
//! `NumericFormat-A-0xx` rule can report only its own kind of problem.

use crate::rules::facet::*;
use crate::rules::number::parse_lenient;

/// True when `text` is in the strict NumericFormat form.
pub fn is_strict(text: &[u8]) -> bool {
    let mut i = 0;
    if text.first() == Some(&b'-') {
        i = 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < text.len() && text[*i].is_ascii_digit() {
            *i += 1;
        }
        *i > start
    };
    if !digits(&mut i) {
        return false;
    }
    if text.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return false;
        }
    }
    if text.get(i) == Some(&b'E') {
        i += 1;
        if text.get(i) == Some(&b'-') {
            i += 1;
        }
        if !digits(&mut i) {
            return false;
        }
    }
    i == text.len()
}

/// The facets a numeric text violates (empty for a strict number that is not
/// negative; [`NUM_NEGATIVE`] is set for values below zero so price rules can use it).
pub fn analyze(text: &[u8]) -> Facets {
    if is_strict(text) {
        return if is_negative_strict(text) {
            NUM_NEGATIVE
        } else {
            0
        };
    }
    let mut facets = NUM_FORMAT | classify(text);
    match parse_lenient(text) {
        Some(v) if v.is_negative() => facets |= NUM_NEGATIVE,
        Some(_) => {}
        None => facets |= NUM_UNPARSABLE,
    }
    facets
}

/// For a strict number: a leading '-' and a non-zero digit before the exponent.
fn is_negative_strict(text: &[u8]) -> bool {
    text.first() == Some(&b'-')
        && text[1..]
            .iter()
            .take_while(|&&b| b != b'E')
            .any(|b| matches!(b, b'1'..=b'9'))
}

/// The facets of a typed float value: NaN and infinities are not numbers in any
/// written form.
pub fn analyze_float(value: f64) -> Facets {
    if value.is_finite() {
        if value < 0.0 {
            NUM_NEGATIVE
        } else {
            0
        }
    } else {
        NUM_FORMAT | NUM_UNPARSABLE | NUM_NOT_FINITE
    }
}

/// Why a non-strict numeric text fails, as specific facets. Several can apply.
fn classify(text: &[u8]) -> Facets {
    let mut facets = 0;
    let Ok(s) = std::str::from_utf8(text) else {
        return NUM_SYMBOLS;
    };
    let trimmed = s.trim();
    if trimmed.len() != s.len() || trimmed.is_empty() {
        facets |= NUM_SYMBOLS;
    }
    let lower = trimmed.to_ascii_lowercase();
    let word = lower.trim_start_matches(['+', '-']);
    if matches!(word, "nan" | "inf" | "infinity") {
        return facets | NUM_NOT_FINITE;
    }
    let bytes = trimmed.as_bytes();
    if bytes.first() == Some(&b'+') {
        facets |= NUM_LEADING_PLUS;
    }
    // Negative numbers written with a trailing minus or in accounting parentheses.
    let parenthesized = bytes.first() == Some(&b'(') && bytes.last() == Some(&b')');
    if bytes.last() == Some(&b'-') || parenthesized {
        facets |= NUM_NEGATIVE_FORM;
    }
    let has_list = bytes
        .iter()
        .any(|&b| matches!(b, b'[' | b']' | b';' | b':'));
    if has_list {
        facets |= NUM_SINGLE;
    }
    if bytes.contains(&b'/') {
        facets |= NUM_FRACTION;
    }
    if !has_list && (bytes.contains(&b',') || bytes.iter().filter(|&&b| b == b'.').count() > 1) {
        facets |= NUM_SEPARATORS;
    }
    if bytes
        .windows(2)
        .any(|w| w[0].is_ascii_digit() && w[1] == b' ')
        && !bytes.contains(&b'/')
    {
        // "1 000" (a space as thousands separator) or "3 5" (two numbers).
        let after_space = trimmed
            .split(' ')
            .filter(|p| !p.is_empty())
            .skip(1)
            .all(|p| p.bytes().all(|b| b.is_ascii_digit()));
        facets |= if after_space { NUM_SEPARATORS } else { 0 };
    }
    facets |= exponent_facets(bytes);
    if has_math(&lower, parenthesized) {
        facets |= NUM_MATH;
    }
    if has_symbols(&lower) {
        facets |= NUM_SYMBOLS;
    }
    facets
}

/// `35.2E+7` (signed exponent) and `1e5` / `2 x 10^3` (exponent not in `mEn` form).
fn exponent_facets(bytes: &[u8]) -> Facets {
    let mut facets = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if (b == b'e' || b == b'E')
            && i > 0
            && (bytes[i - 1].is_ascii_digit() || bytes[i - 1] == b'.')
        {
            let next = bytes.get(i + 1).copied();
            let after_sign = if matches!(next, Some(b'+') | Some(b'-')) {
                bytes.get(i + 2).copied()
            } else {
                next
            };
            if after_sign.is_some_and(|c| c.is_ascii_digit()) {
                if b == b'e' {
                    facets |= NUM_EXPONENT_FORM;
                }
                if next == Some(b'+') {
                    facets |= NUM_EXPONENT_SIGN;
                }
            }
        }
    }
    let s = String::from_utf8_lossy(bytes).to_ascii_lowercase();
    if s.contains("x 10^") || s.contains("x10^") || s.contains("*10^") || s.contains("* 10^") {
        facets |= NUM_EXPONENT_FORM;
    }
    facets
}

/// Operators, powers, functions, imaginary units: anything that asks the reader to
/// compute the number.
fn has_math(lower: &str, parenthesized_negative: bool) -> bool {
    let b = lower.as_bytes();
    if b.iter().any(|&c| matches!(c, b'^' | b'*' | b'=' | b'%')) {
        return true;
    }
    if !parenthesized_negative && b.iter().any(|&c| matches!(c, b'(' | b')')) {
        return true;
    }
    // A '+' or '-' after the first character that is not an exponent sign or a
    // trailing minus: an operator.
    for i in 1..b.len() {
        if matches!(b[i], b'+' | b'-') && !matches!(b[i - 1], b'e') && i + 1 != b.len() {
            return true;
        }
    }
    if lower.contains(" x ")
        || lower.contains("sqrt")
        || lower.contains("log")
        || lower.contains("exp(")
    {
        return true;
    }
    // "5i + 4": a digit followed by the imaginary unit.
    b.windows(2).any(|w| w[0].is_ascii_digit() && w[1] == b'i') && !lower.contains("ib")
}

/// Currency symbols, units and other letters (besides an exponent marker and the
/// words `has_math` already covers).
fn has_symbols(lower: &str) -> bool {
    let without_words = lower
        .replace("sqrt", "")
        .replace("log", "")
        .replace("exp(", "")
        .replace(" x ", "");
    let b = without_words.as_bytes();
    b.iter().enumerate().any(|(i, &c)| {
        if !c.is_ascii() {
            return true; // €, £, ¥, non-breaking spaces, …
        }
        match c {
            b'$' | b'#' | b'@' | b'&' | b'_' | b'"' | b'\'' => true,
            b'e' => !(i > 0 && (b[i - 1].is_ascii_digit() || b[i - 1] == b'.')),
            b'i' => !(i > 0 && b[i - 1].is_ascii_digit()) || b.get(i + 1) == Some(&b'b'),
            b'a'..=b'z' => true,
            _ => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facets(text: &str) -> Facets {
        analyze(text.as_bytes())
    }

    #[test]
    fn strict_numbers_pass() {
        for ok in [
            "0",
            "12",
            "-12",
            "0.5",
            "-0.00000080000",
            "35.2E-7",
            "35E7",
            "1E0",
            "007",
        ] {
            assert!(is_strict(ok.as_bytes()), "{ok}");
            assert_eq!(facets(ok) & !NUM_NEGATIVE, 0, "{ok}");
        }
    }

    #[test]
    fn leading_plus_fails_only_its_rule_and_the_form() {
        let f = facets("+12");
        assert_eq!(f, NUM_FORMAT | NUM_LEADING_PLUS);
        assert_eq!(facets("+333") & NUM_LEADING_PLUS, NUM_LEADING_PLUS);
    }

    #[test]
    fn exponent_sign_and_form() {
        assert_eq!(facets("35.2E+7"), NUM_FORMAT | NUM_EXPONENT_SIGN);
        assert_eq!(facets("35.2e-7"), NUM_FORMAT | NUM_EXPONENT_FORM);
        assert!(facets("35.24 x 10^7") & NUM_EXPONENT_FORM != 0);
        assert!(facets("35.24 x 10^7") & NUM_MATH != 0);
    }

    #[test]
    fn separators_fail() {
        assert!(facets("1,000.00") & NUM_SEPARATORS != 0);
        assert!(facets("3,432,342") & NUM_SEPARATORS != 0);
        assert!(facets("1.2.3") & NUM_SEPARATORS != 0);
        assert!(facets("1 000") & NUM_SEPARATORS != 0);
        assert!(facets("1,000.00") & NUM_UNPARSABLE != 0);
    }

    #[test]
    fn currency_symbols_and_units_fail() {
        assert!(facets("$5") & NUM_SYMBOLS != 0);
        assert!(facets("$32") & NUM_SYMBOLS != 0);
        assert!(facets("32 GiB") & NUM_SYMBOLS != 0);
        assert!(facets("€3") & NUM_SYMBOLS != 0);
        assert!(facets(" 5") & NUM_SYMBOLS != 0);
        assert!(
            facets("$10,000.00 ") & (NUM_SYMBOLS | NUM_SEPARATORS) == NUM_SYMBOLS | NUM_SEPARATORS
        );
    }

    #[test]
    fn fractions_fail_as_fractions() {
        let f = facets("1 1/2");
        assert!(f & NUM_FRACTION != 0);
        assert!(f & NUM_SEPARATORS == 0);
    }

    #[test]
    fn math_and_lists_fail() {
        assert!(facets("2.3^3") & NUM_MATH != 0);
        assert!(facets("sqrt(2)") & NUM_MATH != 0);
        assert!(facets("5i + 4") & NUM_MATH != 0);
        assert!(facets("[3,5,8]") & NUM_SINGLE != 0);
        assert!(facets("[4:5]") & NUM_SINGLE != 0);
    }

    #[test]
    fn negative_forms() {
        assert!(facets("5-") & NUM_NEGATIVE_FORM != 0);
        assert!(facets("(5)") & NUM_NEGATIVE_FORM != 0);
        assert_eq!(facets("-5"), NUM_NEGATIVE);
    }

    #[test]
    fn not_finite_and_empty() {
        assert!(facets("NaN") & NUM_NOT_FINITE != 0);
        assert!(facets("Infinity") & NUM_UNPARSABLE != 0);
        assert!(facets("") & NUM_FORMAT != 0);
        assert_eq!(analyze_float(f64::NAN) & NUM_NOT_FINITE, NUM_NOT_FINITE);
        assert_eq!(analyze_float(f64::INFINITY) & NUM_FORMAT, NUM_FORMAT);
        assert_eq!(analyze_float(1.5), 0);
        assert_eq!(analyze_float(-1.5), NUM_NEGATIVE);
    }

    #[test]
    fn half_written_decimals_are_not_strict_but_readable() {
        assert_eq!(analyze(b".5"), NUM_FORMAT);
        assert!(parse_lenient(b".5").is_some());
        assert_eq!(analyze(b"5."), NUM_FORMAT);
    }

    #[test]
    fn negative_values_are_flagged_for_price_rules() {
        assert_eq!(facets("-0.01") & NUM_NEGATIVE, NUM_NEGATIVE);
        assert_eq!(facets("0") & NUM_NEGATIVE, 0);
        assert_eq!(facets("-0.00"), 0);
        assert_eq!(facets("-1E-5"), NUM_NEGATIVE);
    }
}
