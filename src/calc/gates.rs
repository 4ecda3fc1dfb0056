//! The gates: requirements that must all hold, each checked against one answer of the
//! assessment and explained in plain words (what is required, what you have, what to do).

use serde::Serialize;

use super::assessment::Assessment;
use super::program::{CertKind, Gate, GateKind};
use super::render::thousands;
use super::staffing::Staffing;

/// One gate's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GateResult {
    /// Gate id from the program data.
    pub id: String,
    /// Short human name.
    pub name: String,
    /// Whether the assessment meets it.
    pub met: bool,
    /// What is required, what the assessment has, and what to do.
    pub detail: String,
    /// Where the requirement comes from.
    pub source: String,
}

/// Checks every gate of the program, in program order.
pub fn check_gates(
    gates: &[Gate],
    assessment: &Assessment,
    staffing: &Staffing,
) -> Vec<GateResult> {
    gates
        .iter()
        .map(|gate| {
            let (met, detail) = check(gate, assessment, staffing);
            GateResult {
                id: gate.id.clone(),
                name: gate.name.clone(),
                met,
                detail,
                source: gate.source.clone(),
            }
        })
        .collect()
}

fn check(gate: &Gate, a: &Assessment, staffing: &Staffing) -> (bool, String) {
    let required = &gate.requirement;
    match gate.kind {
        GateKind::FinopsFoundationMembership => yes_no(
            a.memberships.finops_foundation,
            required,
            "You are a member in good standing.",
            "The assessment says you are not (memberships.finops_foundation is false): join or renew FinOps Foundation membership first (hello@finops.org).",
        ),
        GateKind::LinuxFoundationMembership => yes_no(
            a.memberships.linux_foundation,
            required,
            "You are a member in good standing.",
            "The assessment says you are not (memberships.linux_foundation is false): join or renew Linux Foundation membership first; your company size there also sets the certification tier.",
        ),
        GateKind::IndividualCertifications => staffing_gate(required, staffing),
        GateKind::FocusSupport => {
            let f = a.focus;
            let mut todo = Vec::new();
            if !f.supported {
                todo.push("publicly document FOCUS support (producing, importing or exporting FOCUS datasets)");
            }
            if !f.gap_report_published {
                todo.push("publish a FOCUS conformance gap report");
            }
            if todo.is_empty() {
                (
                    true,
                    format!("{required} You support FOCUS and have published a gap report."),
                )
            } else {
                (
                    false,
                    format!(
                        "{required} You have: FOCUS support {}, gap report {}. To do: {}.",
                        if f.supported { "yes" } else { "no" },
                        if f.gap_report_published { "published" } else { "not published" },
                        todo.join("; ")
                    ),
                )
            }
        }
        GateKind::CommunityEngagement => yes_no(
            a.community_engagement,
            required,
            "You attest that you meet them.",
            "You answered no (community_engagement is false): ask member-cert@finops.org for the current list and meet all of it.",
        ),
        GateKind::AssetContribution => {
            let max = gate.max_months.unwrap_or(0);
            match a.asset_contribution_months_ago {
                Some(months) if months <= max => (
                    true,
                    format!("{required} Your latest contribution was {months} month(s) ago, within {max}."),
                ),
                Some(months) => (
                    false,
                    format!(
                        "{required} Your latest contribution was {months} months ago, more than {max}: contribute a new resource to the Asset Library."
                    ),
                ),
                None => (
                    false,
                    format!("{required} The assessment records no contribution: contribute a resource to the Asset Library."),
                ),
            }
        }
        GateKind::PublicEvidenceAndDemo => yes_no(
            a.public_evidence_and_demo,
            required,
            "You have both.",
            "You answered no (public_evidence_and_demo is false): publish the evidence for each capability you claim and record one product demo showing them.",
        ),
        GateKind::Attestation => match a.attestations.get(&gate.id) {
            Some(true) => (true, format!("{required} You attest that you meet it.")),
            Some(false) => (
                false,
                format!("{required} You answered no (attestations.{} is false).", gate.id),
            ),
            None => (
                false,
                format!(
                    "{required} Not answered: set attestations.{} to true once it holds.",
                    gate.id
                ),
            ),
        },
    }
}

fn yes_no(met: bool, required: &str, have: &str, todo: &str) -> (bool, String) {
    (met, format!("{required} {}", if met { have } else { todo }))
}

fn staffing_gate(required: &str, s: &Staffing) -> (bool, String) {
    let kinds = s.kinds();
    let needs: Vec<String> = kinds
        .iter()
        .map(|(k, p)| format!("{} {}", p.required, plural(*k, p.required)))
        .collect();
    let held: Vec<String> = kinds
        .iter()
        .map(|(k, p)| {
            if p.engineers_counted > 0 {
                format!(
                    "{} {} + {} Engineer(s) counted as Practitioners",
                    p.held_certified,
                    plural(*k, p.held_certified),
                    p.engineers_counted
                )
            } else {
                format!("{} {}", p.held, plural(*k, p.held))
            }
        })
        .collect();
    let missing: Vec<String> = kinds
        .iter()
        .filter(|(_, p)| p.missing > 0)
        .map(|(k, p)| {
            let or = if *k == CertKind::Practitioner && p.engineers_counted > 0 {
                " (or Engineers)"
            } else {
                ""
            };
            format!("{} {}{or}", p.missing, plural(*k, p.missing))
        })
        .collect();
    let base = format!(
        "{required} A parent organization of {} employees is in the \"{}\" tier: {} required. You hold {}.",
        thousands(s.company_size),
        s.tier,
        needs.join(", "),
        held.join(", ")
    );
    if missing.is_empty() {
        (true, base)
    } else {
        (
            false,
            format!(
                "{base} Missing: {}; certification types do not substitute for each other. See the staffing plan for costs.",
                missing.join(", ")
            ),
        )
    }
}

/// "Practitioner" or "Practitioners" for a count.
pub(crate) fn plural(kind: CertKind, n: u64) -> String {
    let one = match kind {
        CertKind::Practitioner => "Practitioner",
        CertKind::Professional => "Professional",
        CertKind::FocusAnalyst => "FOCUS Analyst",
    };
    if n == 1 {
        one.to_string()
    } else {
        format!("{one}s")
    }
}
