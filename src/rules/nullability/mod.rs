//! Nullability and NullHandling: which cells are null, which must or must not be,
//! and placeholders written where a null belongs.
//!
//! NullHandling-A-002-M forbids empty strings and placeholders in place of null. From
//! a file, the recognizable placeholders are the empty string and the words `NULL`,
//! `None`, `N/A`, `NA` and `Not Applicable` in any letter case (a numeric 0 used as a
//! placeholder cannot be told from a real 0). A placeholder is reported once, by the
//! NullHandling rule, and every other rule then reads the cell as null, so a `NULL` in
//! ChargeClass is one placeholder finding, not also an invalid ChargeClass value.

/// The words read as placeholders for null, compared ignoring ASCII case.
pub const PLACEHOLDERS: [&str; 5] = ["null", "none", "n/a", "na", "not applicable"];

/// True when `text` is a placeholder for a null: empty, or one of [`PLACEHOLDERS`]
/// in any case (surrounding spaces ignored).
// Called for every cell by the rules and the profile: the cheap rejection is forced
// inline (the wasm build otherwise kept a call per cell) and the word list stays out
// of line.
#[inline(always)]
pub fn is_placeholder(text: &[u8]) -> bool {
    if text.is_empty() {
        return true;
    }
    // Cheap rejection: placeholders are short and start with n, N or a space.
    if text.len() > 16 || !matches!(text[0], b'n' | b'N' | b' ') {
        return false;
    }
    is_placeholder_word(text)
}

#[inline(never)]
fn is_placeholder_word(text: &[u8]) -> bool {
    let trimmed = trim_ascii(text);
    PLACEHOLDERS
        .iter()
        .any(|p| p.as_bytes().eq_ignore_ascii_case(trimmed))
}

fn trim_ascii(text: &[u8]) -> &[u8] {
    let start = text
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(text.len());
    let end = text
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(start, |e| e + 1);
    &text[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_recognized_in_any_case() {
        for p in [
            "",
            "NULL",
            "null",
            "Null",
            "None",
            "N/A",
            "n/a",
            "NA",
            "Not Applicable",
            "not applicable",
            " NULL ",
        ] {
            assert!(is_placeholder(p.as_bytes()), "{p:?}");
        }
    }

    #[test]
    fn real_values_are_not_placeholders() {
        for v in [
            "0",
            "Nullable",
            "NAT",
            "Nope",
            "North America",
            "USD",
            "n",
            "Not",
            "-",
        ] {
            assert!(!is_placeholder(v.as_bytes()), "{v:?}");
        }
    }
}
