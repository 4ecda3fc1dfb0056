//! The FOCUS-defined SkuPriceDetails properties (`data/focus/1.2/sku_price_details_keys.json`):
//! their exact spelling and the JSON type their values must have.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// The type a FOCUS-defined SkuPriceDetails property holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum KeyType {
    /// A JSON number.
    Numeric,
    /// A JSON string.
    String,
}

/// One FOCUS-defined SkuPriceDetails property.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkuPriceDetailsKey {
    /// The key, exactly as it must be written.
    pub key: String,
    /// The type of its value.
    #[serde(rename = "type")]
    pub key_type: KeyType,
    /// The unit of a numeric value (empty for strings).
    pub unit: String,
}

#[derive(Deserialize)]
struct KeysFile {
    keys: Vec<SkuPriceDetailsKey>,
}

const KEYS_1_2: &str = include_str!("../../data/focus/1.2/sku_price_details_keys.json");

/// The 13 FOCUS-defined SkuPriceDetails properties of FOCUS 1.2.
pub fn sku_price_details_keys() -> &'static [SkuPriceDetailsKey] {
    static KEYS: OnceLock<Vec<SkuPriceDetailsKey>> = OnceLock::new();
    KEYS.get_or_init(|| match serde_json::from_str::<KeysFile>(KEYS_1_2) {
        Ok(file) => file.keys,
        // Compiled-in data; the tests load it.
        Err(e) => panic!("data/focus/1.2/sku_price_details_keys.json is not valid: {e}"),
    })
}

/// The FOCUS-defined property whose key equals `key` ignoring ASCII case.
pub fn sku_price_details_key(key: &str) -> Option<&'static SkuPriceDetailsKey> {
    sku_price_details_keys()
        .iter()
        .find(|k| k.key.eq_ignore_ascii_case(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thirteen_keys_with_types() {
        assert_eq!(sku_price_details_keys().len(), 13);
        assert_eq!(
            sku_price_details_key("CoreCount").map(|k| k.key_type),
            Some(KeyType::Numeric)
        );
        assert_eq!(
            sku_price_details_key("coreCOUNT").map(|k| k.key.as_str()),
            Some("CoreCount")
        );
        assert_eq!(sku_price_details_key("x_Custom"), None);
    }
}
