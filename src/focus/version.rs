//! Telling the FOCUS version of a file from its header.
//!
//! Columns are only ever added between 1.0 and 1.2, so the newest column present
//! decides: a column introduced in 1.2 means 1.2, one introduced in 1.1 means 1.1, one
//! introduced in 1.0 (ChargeClass, ConsumedQuantity, RegionId, …) means 1.0. Names of
//! FOCUS 0.5 and 1.0-preview (ChargeType, AmortizedCost, UsageQuantity, …) are
//! recognized so the user hears that those versions are not supported.

use super::{catalogue, FocusVersion};

/// Column names of FOCUS 0.5 and 1.0-preview that later versions renamed or removed,
/// with the name that replaced each (empty when the column was removed).
pub const LEGACY_COLUMNS: [(&str, &str); 9] = [
    ("ChargeType", "ChargeCategory"),
    ("AmortizedCost", "EffectiveCost"),
    ("UsageQuantity", "ConsumedQuantity"),
    ("UsageUnit", "ConsumedUnit"),
    ("Region", "RegionId"),
    ("InvoiceIssuer", "InvoiceIssuerName"),
    ("Provider", "ProviderName"),
    ("Publisher", "PublisherName"),
    ("ChargeSubcategory", ""),
];

/// What the header says about the FOCUS version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionDetection {
    /// The version the header follows; `None` when no FOCUS column of 1.0 or later is
    /// present at all.
    pub version: Option<FocusVersion>,
    /// The header names that decided it (columns introduced in that version), in file order.
    pub evidence: Vec<String>,
    /// True when no column tells the versions apart (only columns common to 1.0–1.2), so
    /// the version was assumed to be 1.2, the certification's version.
    pub assumed: bool,
    /// Names of FOCUS 0.5 / 1.0-preview found in the header.
    pub legacy_columns: Vec<String>,
    /// Header names that are FOCUS 1.0–1.2 columns (exact spelling), in file order.
    pub focus_columns: Vec<String>,
}

/// Detects the FOCUS version of a header (names exactly as in the file).
pub fn detect_version(header: &[String]) -> VersionDetection {
    let v12 = catalogue(FocusVersion::V1_2);
    let v11 = catalogue(FocusVersion::V1_1);
    let v10 = catalogue(FocusVersion::V1_0);
    let focus_columns: Vec<String> = header.iter().filter(|h| v12.contains(h)).cloned().collect();
    let legacy_columns: Vec<String> = header
        .iter()
        .filter(|h| LEGACY_COLUMNS.iter().any(|(old, _)| old == h))
        .cloned()
        .collect();
    let introduced_in = |version: FocusVersion| -> Vec<String> {
        focus_columns
            .iter()
            .filter(|h| match version {
                FocusVersion::V1_2 => !v11.contains(h),
                FocusVersion::V1_1 => v11.contains(h) && !v10.contains(h),
                FocusVersion::V1_0 => v10.column(h).is_some_and(|c| c.introduced == "1.0"),
            })
            .cloned()
            .collect()
    };
    if focus_columns.is_empty() {
        return VersionDetection {
            version: None,
            evidence: Vec::new(),
            assumed: false,
            legacy_columns,
            focus_columns,
        };
    }
    for version in [FocusVersion::V1_2, FocusVersion::V1_1, FocusVersion::V1_0] {
        let evidence = introduced_in(version);
        if !evidence.is_empty() {
            return VersionDetection {
                version: Some(version),
                evidence,
                assumed: false,
                legacy_columns,
                focus_columns,
            };
        }
    }
    VersionDetection {
        version: Some(FocusVersion::V1_2),
        evidence: Vec::new(),
        assumed: true,
        legacy_columns,
        focus_columns,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_1_2_column_means_1_2() {
        let d = detect_version(&header(&["BilledCost", "InvoiceId", "SkuMeter"]));
        assert_eq!(d.version, Some(FocusVersion::V1_2));
        assert_eq!(d.evidence, ["InvoiceId"]);
        assert!(!d.assumed);
    }

    #[test]
    fn a_1_1_column_means_1_1() {
        let d = detect_version(&header(&["BilledCost", "ServiceSubcategory"]));
        assert_eq!(d.version, Some(FocusVersion::V1_1));
    }

    #[test]
    fn a_1_0_column_means_1_0() {
        let d = detect_version(&header(&["BilledCost", "ChargeClass", "RegionId", "Id"]));
        assert_eq!(d.version, Some(FocusVersion::V1_0));
        assert_eq!(d.evidence, ["ChargeClass", "RegionId"]);
    }

    #[test]
    fn only_common_columns_assume_1_2() {
        let d = detect_version(&header(&["BilledCost", "ChargeCategory"]));
        assert_eq!(d.version, Some(FocusVersion::V1_2));
        assert!(d.assumed);
    }

    #[test]
    fn focus_0_5_names_give_no_version_and_are_listed() {
        let d = detect_version(&header(&["ChargeType", "AmortizedCost", "ResourceID"]));
        assert_eq!(d.version, None);
        assert_eq!(d.legacy_columns, ["ChargeType", "AmortizedCost"]);
    }

    #[test]
    fn no_focus_column_gives_no_version() {
        let d = detect_version(&header(&["a", "b"]));
        assert_eq!(d.version, None);
        assert!(d.legacy_columns.is_empty());
    }
}
