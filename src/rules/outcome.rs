//! What the engine hands back after the last batch: the raw result of every check
//! instance (a rule on one column), the cross-row results, and the facts the
//! certification needs about the sample as a whole.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::naming::HeaderMap;
use super::tally::Tally;
use crate::focus::FocusVersion;

/// The result of one rule on one column (or on the dataset).
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    /// Index of the rule in the registry.
    pub rule: usize,
    /// The column concerned (`None` for dataset-level results without one).
    pub column: Option<String>,
    /// The applicability area whose failures only count when the area applies.
    pub applicability: Option<String>,
    /// What counted as one checked item: `values`, `rows`, `columns`, `keys`, `commitments`.
    pub unit: &'static str,
    /// Ran (with its counts) or could not run.
    pub status: InstanceStatus,
    /// More to say in the finding's message (a cap reached, a better spelling, …).
    pub note: Option<String>,
}

/// Whether a check instance ran.
#[derive(Debug, Clone, PartialEq)]
pub enum InstanceStatus {
    /// It ran; here are the counts.
    Checked(Tally),
    /// It could not run, for this reason (a column absent, not in this FOCUS version).
    NotApplicable(String),
}

/// How a cross-row result came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CrossRowStatus {
    /// Checked and fine.
    Pass,
    /// Checked and broken.
    Fail,
    /// Worth a look, not a failure.
    Warning,
    /// Numbers for information (the sample cannot settle the question).
    Info,
    /// Could not be evaluated (columns absent or unreadable).
    NotEvaluated,
}

/// One cross-row result with its numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CrossRowResult {
    /// The rule ID, or a `certkit:` ID for sample-level checks.
    pub id: String,
    /// What was checked, in a few words.
    pub title: String,
    /// How it came out.
    pub status: CrossRowStatus,
    /// What was found, in plain words.
    pub detail: String,
    /// The numbers behind it (counts, sums), by name.
    pub numbers: BTreeMap<String, f64>,
}

/// Everything the engine found.
#[derive(Debug, Clone)]
pub struct EngineOutput {
    /// The FOCUS version the header was checked against.
    pub version: FocusVersion,
    /// What each header name is.
    pub header: HeaderMap,
    /// Data rows seen.
    pub rows: u64,
    /// One entry per rule and column.
    pub instances: Vec<Instance>,
    /// Cross-row results (rules and sample-level facts).
    pub cross_row: Vec<CrossRowResult>,
    /// Per applicability area: true when one of its columns is present with a non-null value.
    pub detected_areas: BTreeMap<String, bool>,
    /// Complete billing periods found (see `docs/assumptions.md`, `complete-billing-period`).
    pub complete_billing_periods: usize,
    /// Distinct billing periods seen.
    pub billing_periods: usize,
    /// Rows per ChargeCategory value.
    pub charge_categories: BTreeMap<String, u64>,
    /// Things the engine wants the user to know.
    pub notices: Vec<String>,
}
