//! Presence (CostAndUsage-D-…): Mandatory columns are always in the header;
//! Conditional columns are when their feature area applies; Recommended columns
//! should be. The check itself is a header lookup; whether a missing column counts
//! is decided later from its keyword and applicability area.

use super::naming::HeaderMap;

/// True when `column` is in the header, spelled exactly.
pub fn is_present(map: &HeaderMap, column: &str) -> bool {
    map.index(column).is_some()
}

/// The header name that looks like `column` but is spelled in another case, if any:
/// used to tell the user that the column is there, only misspelled.
pub fn misspelling_of<'a>(map: &'a HeaderMap, column: &str) -> Option<&'a str> {
    map.misnamed
        .iter()
        .find(|m| m.expected == column)
        .map(|m| m.found.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::focus::{catalogue, FocusVersion};
    use crate::rules::naming::resolve_header;

    #[test]
    fn present_missing_and_misspelled() {
        let header = vec!["BilledCost".to_string(), "SkuPriceid".to_string()];
        let map = resolve_header(&header, catalogue(FocusVersion::V1_2));
        assert!(is_present(&map, "BilledCost"));
        assert!(!is_present(&map, "EffectiveCost"));
        assert!(!is_present(&map, "SkuPriceId"));
        assert_eq!(misspelling_of(&map, "SkuPriceId"), Some("SkuPriceid"));
        assert_eq!(misspelling_of(&map, "EffectiveCost"), None);
    }
}
