//! How a failed check counts for the "FinOps Certified FOCUS Conformant" review.
//!
//! From the certification's rules:
//! - The seven required columns (BilledCost, EffectiveCost, BillingCurrency,
//!   BillingAccountId, ChargeCategory, ChargePeriodStart, ChargePeriodEnd) must be
//!   present and pass every static check: a failed MUST/MUST NOT on one of them blocks
//!   certification outright.
//! - Only MUST and MUST NOT failures on Mandatory or Conditional columns (and on the
//!   dataset's structure) count toward the deviation threshold.
//! - SHOULD failures and gaps in Recommended or Optional columns are disclosed but do
//!   not affect the status.
//! - A rule whose applicability area does not apply to the sample does not count.
//! - Heuristic checks (proxies for requirements that need outside knowledge) are
//!   disclosures to review, never deviations.

use serde::{Deserialize, Serialize};

use super::registry::Keyword;
use crate::focus::{FeatureLevel, CERTIFICATION_REQUIRED_COLUMNS};

/// Whose rule a finding is: a FOCUS column of some feature level, the dataset as a
/// whole (header structure), or a custom column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Level {
    /// A Mandatory FOCUS column.
    Mandatory,
    /// A Conditional FOCUS column.
    Conditional,
    /// A Recommended FOCUS column.
    Recommended,
    /// An Optional FOCUS column.
    Optional,
    /// The dataset's structure (header naming and order).
    Dataset,
    /// A custom (non-FOCUS) column.
    Custom,
}

impl From<FeatureLevel> for Level {
    fn from(level: FeatureLevel) -> Self {
        match level {
            FeatureLevel::Mandatory => Level::Mandatory,
            FeatureLevel::Conditional => Level::Conditional,
            FeatureLevel::Recommended => Level::Recommended,
            FeatureLevel::Optional => Level::Optional,
        }
    }
}

/// How a finding counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum CountsAs {
    /// Fails a required column: certification cannot proceed.
    #[serde(rename = "blocking")]
    Blocking,
    /// A MUST failure that counts toward the deviation threshold.
    #[serde(rename = "deviation")]
    Deviation,
    /// Disclosed in the Conformance Gap Report, not counted.
    #[serde(rename = "disclosure")]
    Disclosure,
    /// Its applicability area does not apply to the sample.
    #[serde(rename = "not counted: not applicable")]
    NotApplicable,
}

impl CountsAs {
    /// The value as written in the report.
    pub fn as_str(self) -> &'static str {
        match self {
            CountsAs::Blocking => "blocking",
            CountsAs::Deviation => "deviation",
            CountsAs::Disclosure => "disclosure",
            CountsAs::NotApplicable => "not counted: not applicable",
        }
    }
}

/// True for the seven columns the certification requires.
pub fn is_required_column(column: &str) -> bool {
    CERTIFICATION_REQUIRED_COLUMNS.contains(&column)
}

/// How a failure of a rule with `keyword`, on a column of `level` named `column`,
/// counts; `applies` says whether its applicability area applies.
pub fn counts_as(
    keyword: Keyword,
    level: Level,
    column: Option<&str>,
    applies: bool,
    heuristic: bool,
) -> CountsAs {
    if !applies {
        return CountsAs::NotApplicable;
    }
    if !keyword.is_mandatory() || heuristic {
        return CountsAs::Disclosure;
    }
    if column.is_some_and(is_required_column) {
        return CountsAs::Blocking;
    }
    match level {
        Level::Mandatory | Level::Conditional | Level::Dataset => CountsAs::Deviation,
        Level::Recommended | Level::Optional | Level::Custom => CountsAs::Disclosure,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_columns_block() {
        assert_eq!(
            counts_as(
                Keyword::Must,
                Level::Mandatory,
                Some("BilledCost"),
                true,
                false
            ),
            CountsAs::Blocking
        );
        assert_eq!(
            counts_as(
                Keyword::MustNot,
                Level::Mandatory,
                Some("ChargePeriodEnd"),
                true,
                false
            ),
            CountsAs::Blocking
        );
    }

    #[test]
    fn must_on_other_mandatory_and_conditional_columns_deviates() {
        assert_eq!(
            counts_as(
                Keyword::Must,
                Level::Mandatory,
                Some("ListCost"),
                true,
                false
            ),
            CountsAs::Deviation
        );
        assert_eq!(
            counts_as(
                Keyword::Must,
                Level::Conditional,
                Some("SkuPriceId"),
                true,
                false
            ),
            CountsAs::Deviation
        );
        assert_eq!(
            counts_as(Keyword::Must, Level::Dataset, None, true, false),
            CountsAs::Deviation
        );
    }

    #[test]
    fn should_recommended_and_custom_are_disclosures() {
        assert_eq!(
            counts_as(
                Keyword::Should,
                Level::Mandatory,
                Some("BilledCost"),
                true,
                false
            ),
            CountsAs::Disclosure
        );
        assert_eq!(
            counts_as(
                Keyword::Recommended,
                Level::Recommended,
                Some("InvoiceId"),
                true,
                false
            ),
            CountsAs::Disclosure
        );
        assert_eq!(
            counts_as(
                Keyword::Must,
                Level::Recommended,
                Some("ChargeFrequency"),
                true,
                false
            ),
            CountsAs::Disclosure
        );
        assert_eq!(
            counts_as(Keyword::Must, Level::Custom, Some("x_A"), true, false),
            CountsAs::Disclosure
        );
    }

    #[test]
    fn heuristics_and_inapplicable_areas_do_not_count() {
        assert_eq!(
            counts_as(
                Keyword::Must,
                Level::Mandatory,
                Some("EffectiveCost"),
                true,
                true
            ),
            CountsAs::Disclosure
        );
        assert_eq!(
            counts_as(
                Keyword::Must,
                Level::Conditional,
                Some("Tags"),
                false,
                false
            ),
            CountsAs::NotApplicable
        );
    }

    #[test]
    fn counts_as_serializes_with_the_report_words() {
        assert_eq!(
            serde_json::to_string(&CountsAs::NotApplicable)
                .ok()
                .as_deref(),
            Some("\"not counted: not applicable\"")
        );
        assert_eq!(CountsAs::Blocking.as_str(), "blocking");
        assert!(
            CountsAs::Blocking < CountsAs::Deviation && CountsAs::Deviation < CountsAs::Disclosure
        );
    }
}
