//! The kit input to fill in: what the user already wrote, plus an empty entry for
//! every failure of the report and every attestation criterion, so nothing the
//! certification asks for is forgotten.

use super::{Attestation, DeviationNote, KitInput};
use crate::report::{CountsAs, Report};
use crate::rules::registry;
use crate::submission::criteria::CRITERIA;

/// `existing` (or an empty input) with an entry added for each rule that fails in
/// `report` (blocking, deviation or disclosure) and for each of the eleven criteria.
/// Entries already present are kept as they are; rules this certkit's ruleset does not
/// know (a report from another version) are left out, so the result always reads back.
pub fn template(report: &Report, existing: Option<&KitInput>) -> KitInput {
    let mut input = existing.cloned().unwrap_or_default();
    let known = |f: &&crate::report::Finding| registry().rule(&f.rule_id).is_some();
    for finding in report
        .findings
        .iter()
        .filter(|f| f.counts_as != CountsAs::NotApplicable)
        .filter(known)
    {
        input
            .deviations
            .entry(finding.rule_id.clone())
            .or_insert_with(DeviationNote::default);
    }
    for criterion in &CRITERIA {
        input
            .attestations
            .entry(criterion.id.to_string())
            .or_insert_with(Attestation::default);
    }
    input
}
