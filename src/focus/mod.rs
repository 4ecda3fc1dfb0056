//! The FOCUS column catalogue: which columns each FOCUS version defines, with their
//! feature level, data type, value format, nullability and allowed values.
//!
//! The facts live in `data/focus/<version>/columns.json` (our own format, derived from
//! the FOCUS specification) and are compiled in, so the catalogue needs no I/O. The
//! feature areas of the certification (availability zones, tags, …) live in
//! `data/focus/1.2/applicability.json`, see [`areas`].
//!
//! - [`catalogue`]: the columns of one version.
//! - [`detect_version`]: which version a header most likely follows.
//! - [`areas`]: the applicability areas and the columns they map to.
//! - [`is_iso_currency`]: the ISO 4217 code list.
//! - [`sku_price_details_keys`]: the FOCUS-defined SkuPriceDetails properties.

mod areas;
mod currency;
mod sku_keys;
mod version;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

pub use areas::{area, areas, Area};
pub use currency::{is_iso_currency, iso_currency_ignoring_case, national_currency_note};
pub use sku_keys::{sku_price_details_key, sku_price_details_keys, KeyType, SkuPriceDetailsKey};
pub use version::{detect_version, VersionDetection, LEGACY_COLUMNS};

/// A FOCUS release whose Cost and Usage columns certkit knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum FocusVersion {
    /// FOCUS 1.0 (June 2024), 43 columns.
    #[serde(rename = "1.0")]
    V1_0,
    /// FOCUS 1.1 (November 2024), 50 columns.
    #[serde(rename = "1.1")]
    V1_1,
    /// FOCUS 1.2 (May 2025), 57 columns; the version the certification validates.
    #[serde(rename = "1.2")]
    V1_2,
}

impl FocusVersion {
    /// Every known version, oldest first.
    pub const ALL: [FocusVersion; 3] = [FocusVersion::V1_0, FocusVersion::V1_1, FocusVersion::V1_2];

    /// The version number as written in the specification, e.g. `"1.2"`.
    pub fn as_str(self) -> &'static str {
        match self {
            FocusVersion::V1_0 => "1.0",
            FocusVersion::V1_1 => "1.1",
            FocusVersion::V1_2 => "1.2",
        }
    }

    /// Reads `"1.0"`, `"1.1"` or `"1.2"` (a leading `v` is accepted).
    pub fn parse(text: &str) -> Option<FocusVersion> {
        let text = text.trim();
        let text = text.strip_prefix(['v', 'V']).unwrap_or(text);
        FocusVersion::ALL.into_iter().find(|v| v.as_str() == text)
    }
}

impl fmt::Display for FocusVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How strongly the specification asks for a column to be present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FeatureLevel {
    /// Always present (presence MUST without condition).
    Mandatory,
    /// Present when the provider supports a feature (presence MUST with a condition).
    Conditional,
    /// Should be present (RECOMMENDED).
    Recommended,
    /// May be present.
    Optional,
}

impl FeatureLevel {
    /// The level's name as the specification writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            FeatureLevel::Mandatory => "Mandatory",
            FeatureLevel::Conditional => "Conditional",
            FeatureLevel::Recommended => "Recommended",
            FeatureLevel::Optional => "Optional",
        }
    }
}

/// The data type the specification gives a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DataType {
    /// Text.
    String,
    /// A decimal number.
    Decimal,
    /// A point in time (the specification writes "Date/Time").
    DateTime,
    /// A JSON object of key-value pairs (the specification writes "JSON").
    Json,
}

impl DataType {
    /// The type's name as the specification writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            DataType::String => "String",
            DataType::Decimal => "Decimal",
            DataType::DateTime => "Date/Time",
            DataType::Json => "JSON",
        }
    }
}

/// The attribute whose format rules a column's values follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ValueFormat {
    /// Free text (StringHandling only).
    StringHandling,
    /// Numbers (NumericFormat).
    NumericFormat,
    /// Points in time (DateTimeFormat).
    DateTimeFormat,
    /// JSON objects (KeyValueFormat).
    KeyValueFormat,
    /// Currency codes (CurrencyFormat).
    CurrencyFormat,
    /// Units of measure (UnitFormat, a SHOULD).
    UnitFormat,
    /// One of an enumerated list of values.
    AllowedValues,
}

/// Whether a column may hold nulls (our reading of the normative text; see
/// `columns.tsv` in the facts for the table's raw value).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Nulls {
    /// Never null.
    No,
    /// Null on some rows, as conditions in the column's requirements say.
    Conditional,
    /// Null allowed.
    Yes,
}

/// One FOCUS Cost and Usage column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    /// The column ID, exactly as it must appear in a header, e.g. `BilledCost`.
    pub id: String,
    /// The display name, e.g. `Billed Cost`.
    pub name: String,
    /// How strongly its presence is required.
    pub feature_level: FeatureLevel,
    /// Its data type.
    pub data_type: DataType,
    /// The attribute its values follow.
    pub value_format: ValueFormat,
    /// Whether it may hold nulls.
    pub nulls: Nulls,
    /// The FOCUS version that introduced it, as the specification says.
    pub introduced: String,
    /// Its file in the specification, e.g. `columns/billedcost.md`.
    pub spec_file: String,
    /// The enumerated values, exact and case-sensitive; empty when the column has none.
    #[serde(default)]
    pub allowed_values: Vec<String>,
    /// For ServiceSubcategory: the ServiceCategory each value belongs to.
    #[serde(default)]
    pub parent_values: BTreeMap<String, String>,
}

/// The columns of one FOCUS version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Catalogue {
    /// Which version.
    pub focus_version: FocusVersion,
    /// Where the facts come from.
    pub source: String,
    /// The columns, in alphabetical order.
    pub columns: Vec<Column>,
}

impl Catalogue {
    /// The column with exactly this ID.
    pub fn column(&self, id: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.id == id)
    }

    /// The column whose ID equals `name` ignoring ASCII case (for `SkuPriceid` →
    /// `SkuPriceId`), whether or not the casing is right.
    pub fn column_ignoring_case(&self, name: &str) -> Option<&Column> {
        self.columns
            .iter()
            .find(|c| c.id.eq_ignore_ascii_case(name))
    }

    /// True when the version defines a column with exactly this ID.
    pub fn contains(&self, id: &str) -> bool {
        self.column(id).is_some()
    }

    /// The columns of one feature level.
    pub fn at_level(&self, level: FeatureLevel) -> impl Iterator<Item = &Column> {
        self.columns
            .iter()
            .filter(move |c| c.feature_level == level)
    }
}

const COLUMNS_1_0: &str = include_str!("../../data/focus/1.0/columns.json");
const COLUMNS_1_1: &str = include_str!("../../data/focus/1.1/columns.json");
const COLUMNS_1_2: &str = include_str!("../../data/focus/1.2/columns.json");

/// The column catalogue of one FOCUS version, parsed once from the compiled-in data.
pub fn catalogue(version: FocusVersion) -> &'static Catalogue {
    static CATALOGUES: [OnceLock<Catalogue>; 3] =
        [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let (slot, text) = match version {
        FocusVersion::V1_0 => (&CATALOGUES[0], COLUMNS_1_0),
        FocusVersion::V1_1 => (&CATALOGUES[1], COLUMNS_1_1),
        FocusVersion::V1_2 => (&CATALOGUES[2], COLUMNS_1_2),
    };
    slot.get_or_init(|| parse_catalogue(text, version))
}

/// Parses a compiled-in catalogue. The data is part of the program, not user input:
/// a broken file is a build mistake that the tests catch, so it stops loudly.
fn parse_catalogue(text: &str, version: FocusVersion) -> Catalogue {
    match serde_json::from_str::<Catalogue>(text) {
        Ok(catalogue) if catalogue.focus_version == version => catalogue,
        Ok(other) => panic!(
            "data/focus/{version}/columns.json says it is FOCUS {}, which is a packaging mistake",
            other.focus_version
        ),
        Err(e) => panic!("data/focus/{version}/columns.json is not a valid catalogue: {e}"),
    }
}

/// The seven columns the certification names: they must be present and pass every
/// static check, or the certification cannot proceed.
pub const CERTIFICATION_REQUIRED_COLUMNS: [&str; 7] = [
    "BilledCost",
    "EffectiveCost",
    "BillingCurrency",
    "BillingAccountId",
    "ChargeCategory",
    "ChargePeriodStart",
    "ChargePeriodEnd",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogues_have_the_documented_sizes() {
        assert_eq!(catalogue(FocusVersion::V1_2).columns.len(), 57);
        assert_eq!(catalogue(FocusVersion::V1_1).columns.len(), 50);
        assert_eq!(catalogue(FocusVersion::V1_0).columns.len(), 43);
    }

    #[test]
    fn feature_levels_of_1_2_match_the_specification() {
        let c = catalogue(FocusVersion::V1_2);
        assert_eq!(c.at_level(FeatureLevel::Mandatory).count(), 21);
        assert_eq!(c.at_level(FeatureLevel::Conditional).count(), 32);
        assert_eq!(c.at_level(FeatureLevel::Recommended).count(), 4);
        assert_eq!(c.at_level(FeatureLevel::Optional).count(), 0);
    }

    #[test]
    fn newer_columns_are_absent_from_older_versions() {
        assert!(catalogue(FocusVersion::V1_2).contains("InvoiceId"));
        assert!(!catalogue(FocusVersion::V1_1).contains("InvoiceId"));
        assert!(catalogue(FocusVersion::V1_1).contains("SkuMeter"));
        assert!(!catalogue(FocusVersion::V1_0).contains("SkuMeter"));
        assert!(catalogue(FocusVersion::V1_0).contains("ChargeClass"));
    }

    #[test]
    fn allowed_values_and_parents_are_loaded() {
        let c = catalogue(FocusVersion::V1_2);
        let cat = c
            .column("ChargeCategory")
            .map(|c| c.allowed_values.clone())
            .unwrap_or_default();
        assert_eq!(cat, ["Usage", "Purchase", "Tax", "Credit", "Adjustment"]);
        let sub = c
            .column("ServiceSubcategory")
            .map(|c| c.parent_values.clone())
            .unwrap_or_default();
        assert_eq!(sub.len(), 82);
        assert_eq!(
            sub.get("Virtual Machines").map(String::as_str),
            Some("Compute")
        );
    }

    #[test]
    fn case_insensitive_lookup_finds_the_right_spelling() {
        let c = catalogue(FocusVersion::V1_2);
        assert_eq!(
            c.column_ignoring_case("SkuPriceid").map(|c| c.id.as_str()),
            Some("SkuPriceId")
        );
        assert!(c.column("SkuPriceid").is_none());
    }

    #[test]
    fn versions_parse_and_print() {
        assert_eq!(FocusVersion::parse("v1.1"), Some(FocusVersion::V1_1));
        assert_eq!(FocusVersion::parse("0.5"), None);
        assert_eq!(FocusVersion::V1_2.to_string(), "1.2");
    }
}
