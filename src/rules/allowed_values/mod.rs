//! Allowed values: enumerated columns (ChargeCategory, ServiceCategory, …) accept only
//! their listed values, compared exactly and case-sensitively. A value that matches a
//! listed one in another case gets a "did you mean" hint in the report. A
//! ServiceSubcategory must also belong to the row's ServiceCategory.

use std::collections::BTreeMap;

use crate::rules::facet::*;

/// The allowed values of one column, ready for fast lookups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedSet {
    /// Sorted, for binary search.
    sorted: Vec<Box<str>>,
}

impl AllowedSet {
    /// A set of the given values.
    pub fn new<I: IntoIterator<Item = S>, S: AsRef<str>>(values: I) -> Self {
        let mut sorted: Vec<Box<str>> = values.into_iter().map(|v| Box::from(v.as_ref())).collect();
        sorted.sort_unstable();
        sorted.dedup();
        AllowedSet { sorted }
    }

    /// True when `value` is exactly one of the values.
    pub fn contains(&self, value: &[u8]) -> bool {
        self.sorted
            .binary_search_by(|v| v.as_bytes().cmp(value))
            .is_ok()
    }

    /// The listed value that `value` spells in another letter case or with extra
    /// spaces around it (`usage` → `Usage`), if any.
    pub fn suggestion(&self, value: &str) -> Option<&str> {
        let trimmed = value.trim();
        self.sorted
            .iter()
            .map(|v| &**v)
            .find(|v| v.eq_ignore_ascii_case(trimmed) && *v != value)
    }

    /// The values, sorted.
    pub fn values(&self) -> impl Iterator<Item = &str> {
        self.sorted.iter().map(|v| &**v)
    }
}

/// [`AV_NOT_ALLOWED`] when `value` is not in `set`.
pub fn analyze(value: &[u8], set: &AllowedSet) -> Facets {
    if set.contains(value) {
        0
    } else {
        AV_NOT_ALLOWED
    }
}

/// True when `subcategory` belongs to `category` according to `parents`
/// (subcategory → category). An unknown subcategory is left to the allowed-values rule.
pub fn subcategory_belongs(
    subcategory: &str,
    category: &str,
    parents: &BTreeMap<String, String>,
) -> bool {
    match parents.get(subcategory) {
        Some(parent) => parent == category,
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn charge_categories() -> AllowedSet {
        AllowedSet::new(["Usage", "Purchase", "Tax", "Credit", "Adjustment"])
    }

    #[test]
    fn exact_values_pass_and_others_fail() {
        let set = charge_categories();
        assert_eq!(analyze(b"Usage", &set), 0);
        assert_eq!(analyze(b"usage", &set), AV_NOT_ALLOWED);
        assert_eq!(analyze(b"Usage ", &set), AV_NOT_ALLOWED);
        assert_eq!(analyze(b"Fee", &set), AV_NOT_ALLOWED);
    }

    #[test]
    fn case_variants_get_a_suggestion() {
        let set = charge_categories();
        assert_eq!(set.suggestion("usage"), Some("Usage"));
        assert_eq!(set.suggestion(" Tax "), Some("Tax"));
        assert_eq!(set.suggestion("Fee"), None);
        assert_eq!(set.suggestion("Usage"), None);
    }

    #[test]
    fn subcategories_must_belong_to_their_category() {
        let parents: BTreeMap<String, String> =
            [("Virtual Machines".to_string(), "Compute".to_string())]
                .into_iter()
                .collect();
        assert!(subcategory_belongs("Virtual Machines", "Compute", &parents));
        assert!(!subcategory_belongs(
            "Virtual Machines",
            "Storage",
            &parents
        ));
        assert!(subcategory_belongs("No-SQL DB", "Databases", &parents));
    }
}
