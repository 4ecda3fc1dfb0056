//! The deviation list of the Conformance Gap Report: every failed check of the report,
//! sorted into the four types practitioners read a gap report by, with the counts of
//! the certification summary once requested KILs are set aside.

use std::collections::BTreeSet;

use super::input::KitInput;
use super::kil::{assess_all, requested_kil_rules};
use crate::report::{CountsAs, Finding, Level, Report};
use crate::rules::{registry, Check};

/// The type of a deviation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DeviationType {
    /// A Mandatory column is absent, or values are null where a value is required.
    MissingData,
    /// Values are present but wrong: not an allowed value, inconsistent with other
    /// columns of the row (cross-column) or with other rows (cross-row), or filled
    /// where they must be null.
    IncorrectData,
    /// Values or names do not follow the required type or format (numbers, dates,
    /// currency codes, units, JSON, null representation, column naming).
    Format,
    /// A Conditional or Recommended column (a feature area) is not provided.
    Unsupported,
}

impl DeviationType {
    /// Every type, in the order the gap report lists them.
    pub const ALL: [DeviationType; 4] = [
        DeviationType::MissingData,
        DeviationType::IncorrectData,
        DeviationType::Format,
        DeviationType::Unsupported,
    ];

    /// The type's title in the gap report.
    pub fn title(self) -> &'static str {
        match self {
            DeviationType::MissingData => "Missing data",
            DeviationType::IncorrectData => "Incorrect or inconsistent data",
            DeviationType::Format => "Format",
            DeviationType::Unsupported => "Unsupported",
        }
    }

    /// What the type covers, in one sentence.
    pub fn description(self) -> &'static str {
        match self {
            DeviationType::MissingData => "Mandatory columns absent from the data, or nulls where a value is required.",
            DeviationType::IncorrectData => {
                "Values that are present but wrong: not an allowed value, inconsistent with other columns of the row or with other rows, or filled where they must be null."
            }
            DeviationType::Format => "Values or column names that do not follow the required data type or format.",
            DeviationType::Unsupported => "Conditional or Recommended columns (feature areas) that the data does not provide.",
        }
    }
}

/// The type of one finding, from its rule's check kind (or, for a rule this ruleset
/// does not know, from the finding's check family).
pub fn classify(finding: &Finding) -> DeviationType {
    let absent_column = || match finding.feature_level {
        Level::Mandatory | Level::Dataset => DeviationType::MissingData,
        _ => DeviationType::Unsupported,
    };
    match registry()
        .rule(&finding.rule_id)
        .and_then(|r| r.check.as_ref())
    {
        Some(Check::Presence) => absent_column(),
        Some(Check::NotNull { .. }) => DeviationType::MissingData,
        Some(
            Check::Null { .. }
            | Check::AllowedValues
            | Check::SubcategoryParent { .. }
            | Check::RowCondition { .. }
            | Check::EqualsColumn { .. }
            | Check::PriceTimesQuantity { .. }
            | Check::ZeroWhen { .. }
            | Check::PeriodOrder { .. }
            | Check::OnePerKey { .. }
            | Check::CommitmentAmortization,
        ) => DeviationType::IncorrectData,
        Some(_) => DeviationType::Format,
        None => match finding.check.as_str() {
            "presence" => absent_column(),
            "nullability" => DeviationType::MissingData,
            "allowed_values" | "cross_column" | "cross_row" => DeviationType::IncorrectData,
            _ => DeviationType::Format,
        },
    }
}

/// One entry of the deviation list.
#[derive(Debug, Clone, PartialEq)]
pub struct DeviationEntry<'a> {
    /// The failed check.
    pub finding: &'a Finding,
    /// Its type.
    pub kind: DeviationType,
    /// True when a request meeting the three KIL criteria covers its rule (only for
    /// findings that count as deviations: a KIL does not lift a blocking failure).
    pub requested_kil: bool,
}

impl DeviationEntry<'_> {
    /// How the entry counts, in the gap report's words.
    pub fn counts_as_label(&self) -> &'static str {
        if self.requested_kil {
            "requested KIL"
        } else {
            super::words::counts_as(self.finding.counts_as)
        }
    }
}

/// Every finding of the report as a deviation-list entry, in report order.
pub fn entries<'a>(report: &'a Report, input: &KitInput) -> Vec<DeviationEntry<'a>> {
    let kil_rules = requested_kil_rules(input);
    report
        .findings
        .iter()
        .map(|f| DeviationEntry {
            finding: f,
            kind: classify(f),
            requested_kil: f.counts_as == CountsAs::Deviation && kil_rules.contains(&f.rule_id),
        })
        .collect()
}

/// The numbers of the certification summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DraftCounts {
    /// Reasons certification cannot proceed (failures on required columns, version, sample).
    pub blocking: usize,
    /// Deviations counted by the validation.
    pub deviations: u64,
    /// Of those, deviations whose rule a requested KIL covers.
    pub kil_excluded: u64,
    /// Deviations left once requested KILs are set aside: the draft's deviation count.
    pub draft_deviations: u64,
    /// SHOULD and Recommended-column failures, disclosed and not counted.
    pub disclosures: u64,
    /// Failures in areas that do not apply.
    pub not_counted: u64,
    /// KIL requests meeting the three criteria.
    pub kils_requested: usize,
    /// KIL requests that do not.
    pub kils_invalid: usize,
}

/// Counts the certification summary from the report and the user's KIL requests.
pub fn draft_counts(report: &Report, input: &KitInput) -> DraftCounts {
    let kil_rules: BTreeSet<String> = requested_kil_rules(input);
    let kil_excluded = report
        .findings
        .iter()
        .filter(|f| f.counts_as == CountsAs::Deviation && kil_rules.contains(&f.rule_id))
        .count() as u64;
    let c = &report.certification;
    let assessed = assess_all(input);
    let kils_requested = assessed.iter().filter(|a| a.valid()).count();
    DraftCounts {
        blocking: c.blocking.len(),
        deviations: c.deviations,
        kil_excluded,
        draft_deviations: c.deviations.saturating_sub(kil_excluded),
        disclosures: c.disclosures,
        not_counted: c.not_counted,
        kils_requested,
        kils_invalid: assessed.len() - kils_requested,
    }
}
