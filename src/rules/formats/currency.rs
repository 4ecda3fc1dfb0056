//! CurrencyFormat: a national currency is an ISO 4217 three-letter code in capitals;
//! a virtual currency (credits, tokens) only has to be a proper string.
//!
//! A column that must hold a national currency (BillingCurrency) fails on any value
//! that is not an exact ISO code. A column that may hold a virtual currency
//! (PricingCurrency) fails on an ISO code written in the wrong case (`usd`, which can
//! only mean USD) and on blank text; any other text is taken for a virtual currency.

use crate::focus::{is_iso_currency, iso_currency_ignoring_case};
use crate::rules::facet::*;

/// The facets a currency text violates. `national_only` is true for columns that must
/// hold a national currency.
pub fn analyze(text: &[u8], national_only: bool) -> Facets {
    if is_iso_currency(text) {
        return 0;
    }
    if national_only {
        return CUR_NATIONAL;
    }
    let Ok(s) = std::str::from_utf8(text) else {
        return CUR_VIRTUAL;
    };
    if iso_currency_ignoring_case(s).is_some() {
        CUR_NATIONAL
    } else if s.trim().is_empty() {
        CUR_VIRTUAL
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn billing_currency_needs_an_exact_iso_code() {
        assert_eq!(analyze(b"USD", true), 0);
        assert_eq!(analyze(b"EUR", true), 0);
        assert_eq!(analyze(b"usd", true), CUR_NATIONAL);
        assert_eq!(analyze(b"XYZ", true), CUR_NATIONAL);
        assert_eq!(analyze(b"Credits", true), CUR_NATIONAL);
        assert_eq!(analyze(b"XXX", true), CUR_NATIONAL);
    }

    #[test]
    fn pricing_currency_may_be_virtual() {
        assert_eq!(analyze(b"USD", false), 0);
        assert_eq!(analyze(b"Credits", false), 0);
        assert_eq!(analyze(b"XYZ", false), 0);
        assert_eq!(analyze(b"usd", false), CUR_NATIONAL);
        assert_eq!(analyze(b"  ", false), CUR_VIRTUAL);
    }
}
