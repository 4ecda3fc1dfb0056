//! Column naming (ColumnHandling): which header names are FOCUS columns, which are
//! custom, which are FOCUS columns misspelled in case, and which appear twice.
//!
//! Matching is by exact column ID: `SkuPriceid` is not `SkuPriceId`. A name that
//! matches a FOCUS column only when case (or surrounding spaces) is ignored is reported
//! as a misspelling naming the right spelling, and the column counts as missing.

use std::collections::BTreeMap;

use crate::focus::Catalogue;
use crate::rules::formats::key_value::is_pascal_case;

/// A header name that is a FOCUS column in the wrong letter case (or with spaces around it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misnamed {
    /// Position in the header, 0-based.
    pub index: usize,
    /// The name as written.
    pub found: String,
    /// The FOCUS column ID it should be.
    pub expected: String,
}

/// What each header name is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HeaderMap {
    /// The names as in the file (a UTF-8 byte-order mark on the first name removed).
    pub names: Vec<String>,
    /// FOCUS columns of the version, by ID, at their first position.
    pub focus: BTreeMap<String, usize>,
    /// FOCUS columns spelled in another case.
    pub misnamed: Vec<Misnamed>,
    /// Positions of names that are not FOCUS columns of the version (and not misnamed ones).
    pub custom: Vec<usize>,
    /// Names that appear more than once, with all their positions.
    pub duplicates: Vec<(String, Vec<usize>)>,
}

impl HeaderMap {
    /// The position of a FOCUS column, if present (exactly spelled).
    pub fn index(&self, column: &str) -> Option<usize> {
        self.focus.get(column).copied()
    }

    /// True when `index` is the first position of a FOCUS column.
    pub fn is_focus(&self, index: usize) -> bool {
        self.focus.values().any(|&i| i == index)
    }
}

/// Sorts the header names of a file against the columns of one FOCUS version.
pub fn resolve_header(header: &[String], catalogue: &Catalogue) -> HeaderMap {
    let names: Vec<String> = header
        .iter()
        .enumerate()
        .map(|(i, n)| {
            if i == 0 {
                n.trim_start_matches('\u{feff}').to_string()
            } else {
                n.clone()
            }
        })
        .collect();
    let mut map = HeaderMap {
        names: names.clone(),
        ..HeaderMap::default()
    };
    let mut positions: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, name) in names.iter().enumerate() {
        positions.entry(name.as_str()).or_default().push(i);
    }
    map.duplicates = positions
        .iter()
        .filter(|(_, p)| p.len() > 1)
        .map(|(n, p)| (n.to_string(), p.clone()))
        .collect();
    for (i, name) in names.iter().enumerate() {
        if catalogue.contains(name) {
            map.focus.entry(name.clone()).or_insert(i);
        } else if let Some(column) = catalogue.column_ignoring_case(name.trim()) {
            map.misnamed.push(Misnamed {
                index: i,
                found: name.clone(),
                expected: column.id.clone(),
            });
        } else {
            map.custom.push(i);
        }
    }
    map
}

/// Custom column names that do not start with `x_`.
pub fn missing_custom_prefix(map: &HeaderMap) -> Vec<&str> {
    map.custom
        .iter()
        .map(|&i| map.names[i].as_str())
        .filter(|n| !n.starts_with("x_"))
        .collect()
}

/// Custom (`x_`) column names that break the FOCUS naming rules after the prefix:
/// PascalCase letters and digits, at most 50 characters in all.
pub fn badly_named_custom_columns(map: &HeaderMap) -> Vec<&str> {
    map.custom
        .iter()
        .map(|&i| map.names[i].as_str())
        .filter_map(|n| n.strip_prefix("x_").map(|rest| (n, rest)))
        .filter(|(n, rest)| !is_pascal_case(rest) || n.chars().count() > 50)
        .map(|(n, _)| n)
        .collect()
}

/// Custom columns placed before the last FOCUS column (interleaved or first).
pub fn custom_columns_out_of_place(map: &HeaderMap) -> Vec<&str> {
    let last_focus = map.focus.values().copied().max();
    match last_focus {
        Some(last) => map
            .custom
            .iter()
            .filter(|&&i| i < last)
            .map(|&i| map.names[i].as_str())
            .collect(),
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::focus::{catalogue, FocusVersion};

    fn map(names: &[&str]) -> HeaderMap {
        let header: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        resolve_header(&header, catalogue(FocusVersion::V1_2))
    }

    #[test]
    fn names_are_sorted_into_focus_custom_and_misnamed() {
        let m = map(&["\u{feff}BilledCost", "SkuPriceid", "x_Team", "Id"]);
        assert_eq!(m.index("BilledCost"), Some(0));
        assert_eq!(
            m.misnamed,
            vec![Misnamed {
                index: 1,
                found: "SkuPriceid".into(),
                expected: "SkuPriceId".into()
            }]
        );
        assert_eq!(m.custom, vec![2, 3]);
        assert!(m.index("SkuPriceId").is_none());
    }

    #[test]
    fn names_with_spaces_around_are_misspellings() {
        let m = map(&[" BilledCost", "EffectiveCost "]);
        assert_eq!(m.misnamed.len(), 2);
        assert_eq!(m.misnamed[0].expected, "BilledCost");
        assert!(m.custom.is_empty());
    }

    #[test]
    fn custom_columns_need_the_prefix() {
        let m = map(&["BilledCost", "x_Team", "Id", "team"]);
        assert_eq!(missing_custom_prefix(&m), vec!["Id", "team"]);
        assert!(missing_custom_prefix(&map(&["BilledCost", "x_Team"])).is_empty());
    }

    #[test]
    fn custom_column_names_should_be_pascal_case() {
        let long = format!("x_{}", "A".repeat(49));
        let m = map(&["x_CostCenter", "x_cost_center", &long, "x_Team2"]);
        assert_eq!(
            badly_named_custom_columns(&m),
            vec!["x_cost_center", long.as_str()]
        );
    }

    #[test]
    fn duplicates_are_found() {
        let m = map(&["BilledCost", "BilledCost", "x_A"]);
        assert_eq!(m.duplicates, vec![("BilledCost".to_string(), vec![0, 1])]);
        assert_eq!(m.index("BilledCost"), Some(0));
    }

    #[test]
    fn custom_columns_belong_after_focus_columns() {
        assert_eq!(
            custom_columns_out_of_place(&map(&["BilledCost", "x_A", "ChargeCategory", "x_B"])),
            vec!["x_A"]
        );
        assert!(
            custom_columns_out_of_place(&map(&["BilledCost", "ChargeCategory", "x_B"])).is_empty()
        );
    }
}
