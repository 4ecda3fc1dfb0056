//! StringHandling: of its rules, only one can be judged from a single file: a string
//! must not be empty or only whitespace. (Keeping the provider's casing, and IDs that
//! never change across billing periods, need earlier deliveries to compare with.)

use crate::rules::facet::*;

/// [`BLANK`] when the text is empty or consists of whitespace only.
#[inline]
pub fn analyze(text: &[u8]) -> Facets {
    if is_blank(text) {
        BLANK
    } else {
        0
    }
}

/// True for empty text and text made only of whitespace (ASCII or Unicode).
#[inline]
pub fn is_blank(text: &[u8]) -> bool {
    // Fast path: the first byte of almost every real value is not whitespace.
    match text.first() {
        None => true,
        Some(b) if b.is_ascii_alphanumeric() => false,
        Some(_) => std::str::from_utf8(text)
            .map(|s| s.trim().is_empty())
            .unwrap_or(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_strings_fail() {
        assert_eq!(analyze(b""), BLANK);
        assert_eq!(analyze(b"   "), BLANK);
        assert_eq!(analyze(b"\t\n"), BLANK);
        assert_eq!(analyze("\u{00a0}".as_bytes()), BLANK);
    }

    #[test]
    fn real_strings_pass_even_with_spaces_around() {
        assert_eq!(analyze(b"AWS"), 0);
        assert_eq!(analyze(b" AWS "), 0);
        assert_eq!(analyze(b"-"), 0);
    }
}
