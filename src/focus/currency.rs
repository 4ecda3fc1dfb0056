//! The ISO 4217 currency code list (`data/iso4217.json`), for CurrencyFormat and the
//! "BillingCurrency is a national currency" rule.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

#[derive(Deserialize)]
struct CurrencyFile {
    codes: Vec<String>,
    not_national: BTreeMap<String, String>,
}

struct CurrencyList {
    /// Sorted, for binary search over 3-byte codes.
    codes: Vec<[u8; 3]>,
    not_national: BTreeMap<String, String>,
}

const ISO4217: &str = include_str!("../../data/iso4217.json");

fn list() -> &'static CurrencyList {
    static LIST: OnceLock<CurrencyList> = OnceLock::new();
    LIST.get_or_init(|| {
        let file: CurrencyFile = match serde_json::from_str(ISO4217) {
            Ok(f) => f,
            // Compiled-in data; the tests load it.
            Err(e) => panic!("data/iso4217.json is not valid: {e}"),
        };
        let mut codes: Vec<[u8; 3]> = file
            .codes
            .iter()
            .filter_map(|c| <[u8; 3]>::try_from(c.as_bytes()).ok())
            .collect();
        codes.sort_unstable();
        CurrencyList {
            codes,
            not_national: file.not_national,
        }
    })
}

/// True when `code` is exactly (uppercase) an active ISO 4217 alphabetic code that
/// names a currency (the codes for "testing" and "no currency" are excluded).
pub fn is_iso_currency(code: &[u8]) -> bool {
    let Ok(key) = <[u8; 3]>::try_from(code) else {
        return false;
    };
    let list = list();
    list.codes.binary_search(&key).is_ok()
        && !list.not_national.keys().any(|k| k.as_bytes() == code)
}

/// The ISO code that `code` spells in another letter case (`usd` → `USD`), if any.
pub fn iso_currency_ignoring_case(code: &str) -> Option<String> {
    let upper = code.to_ascii_uppercase();
    if upper.as_bytes() != code.as_bytes() && is_iso_currency(upper.as_bytes()) {
        Some(upper)
    } else {
        None
    }
}

/// Why an ISO code is not accepted as a national currency (`XXX`: "no currency
/// involved"), if it is one of those.
pub fn national_currency_note(code: &str) -> Option<&'static str> {
    list().not_national.get(code).map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn major_currencies_are_known() {
        for code in [
            "USD", "EUR", "JPY", "GBP", "CHF", "CNY", "INR", "BRL", "XCG", "ZWG",
        ] {
            assert!(is_iso_currency(code.as_bytes()), "{code}");
        }
    }

    #[test]
    fn unknown_withdrawn_and_lowercase_codes_fail() {
        for code in ["XYZ", "HRK", "usd", "US", "USDD", ""] {
            assert!(!is_iso_currency(code.as_bytes()), "{code}");
        }
    }

    #[test]
    fn test_and_no_currency_codes_are_not_national() {
        assert!(!is_iso_currency(b"XXX"));
        assert!(!is_iso_currency(b"XTS"));
        assert_eq!(national_currency_note("XXX"), Some("no currency involved"));
    }

    #[test]
    fn case_variants_are_recognized() {
        assert_eq!(iso_currency_ignoring_case("usd").as_deref(), Some("USD"));
        assert_eq!(iso_currency_ignoring_case("USD"), None);
        assert_eq!(iso_currency_ignoring_case("xyz"), None);
    }
}
