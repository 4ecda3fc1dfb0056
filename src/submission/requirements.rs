//! The appendix of the Conformance Gap Report: every requirement of the ruleset with
//! what the validation found for it.

use std::collections::{BTreeMap, BTreeSet};

use super::words::{counts_as, share};
use crate::report::{Finding, Report};
use crate::rules::{registry, Rule, Scope};

/// What the validation found for one requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequirementStatus {
    /// Failed on at least one column.
    Failed,
    /// Checked and passed everywhere it ran.
    Passed,
    /// Could not run on this file (a column absent, not in this FOCUS version).
    NotApplicable,
    /// Cannot be checked from a data file.
    NotCheckable,
    /// The report says nothing about it (made with another ruleset).
    NotEvaluated,
}

impl RequirementStatus {
    /// The status in the appendix's words.
    pub fn as_str(self) -> &'static str {
        match self {
            RequirementStatus::Failed => "failed",
            RequirementStatus::Passed => "passed",
            RequirementStatus::NotApplicable => "not applicable",
            RequirementStatus::NotCheckable => "not checkable",
            RequirementStatus::NotEvaluated => "not evaluated",
        }
    }
}

/// One row of the appendix.
#[derive(Debug, Clone, PartialEq)]
pub struct RequirementRow {
    /// The rule of the registry.
    pub rule: &'static Rule,
    /// What was found.
    pub status: RequirementStatus,
    /// How each failure counts and how many items failed, or why the rule did not run.
    pub detail: String,
}

/// Where a rule applies, for the appendix: its column, its attribute, or the dataset.
pub fn rule_place(rule: &Rule) -> String {
    match (&rule.column, rule.scope, &rule.attribute) {
        (Some(column), _, _) => column.clone(),
        (None, Scope::Attribute, Some(attribute)) => format!("{attribute} (attribute)"),
        _ => "(dataset)".to_string(),
    }
}

/// Every rule of the registry, in the ruleset's order, with its status in `report`.
pub fn requirement_rows(report: &Report) -> Vec<RequirementRow> {
    let mut failed: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in &report.findings {
        failed.entry(f.rule_id.as_str()).or_default().push(f);
    }
    let passed: BTreeSet<&str> = report.passed.iter().map(String::as_str).collect();
    let mut not_applicable: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for note in &report.not_applicable {
        let reasons = not_applicable.entry(note.rule_id.as_str()).or_default();
        if !reasons.contains(&note.reason.as_str()) {
            reasons.push(note.reason.as_str());
        }
    }
    let not_checkable: BTreeMap<&str, &str> = report
        .not_checkable
        .iter()
        .map(|n| (n.rule_id.as_str(), n.reason.as_str()))
        .collect();
    registry()
        .rules
        .iter()
        .map(|rule| {
            let id = rule.id.as_str();
            let (status, detail) = if let Some(findings) = failed.get(id) {
                let detail = findings
                    .iter()
                    .map(|f| {
                        let place = f.column.as_deref().unwrap_or("the dataset");
                        format!(
                            "{} on {place}: {}",
                            counts_as(f.counts_as),
                            share(f.failed_rows, f.checked_rows, &f.unit)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                (RequirementStatus::Failed, detail)
            } else if passed.contains(id) {
                (RequirementStatus::Passed, String::new())
            } else if let Some(reasons) = not_applicable.get(id) {
                // Attribute rules give one reason per column; three say enough.
                let mut detail = reasons
                    .iter()
                    .take(3)
                    .copied()
                    .collect::<Vec<_>>()
                    .join("; ");
                if reasons.len() > 3 {
                    detail.push_str(&format!("; and {} more", reasons.len() - 3));
                }
                (RequirementStatus::NotApplicable, detail)
            } else if let Some(reason) = not_checkable.get(id) {
                (RequirementStatus::NotCheckable, reason.to_string())
            } else {
                (
                    RequirementStatus::NotEvaluated,
                    "the report says nothing about this rule (made with another ruleset)"
                        .to_string(),
                )
            };
            RequirementRow {
                rule,
                status,
                detail,
            }
        })
        .collect()
}
