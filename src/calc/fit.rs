//! The program fit: a few yes/no answers about an organization → the programs that fit
//! it, each with its checklist of requirements and, where the legacy partner page and
//! the current page disagree, the differences (the current page wins).

use serde::{Deserialize, Serialize};

use super::builtin::builtin_programs;
use super::error::CalcError;
use super::gates::plural;
use super::program::{Audience, CertKind, Difference, Program, ProgramStatus};
use super::score::fmt_points;

/// What the organization does. Every answer defaults to `false`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FitAnswers {
    /// Builds, licenses and delivers FinOps software (or founds/maintains an open-source tool).
    pub builds_software: bool,
    /// Provides FinOps consulting, advisory or professional services.
    pub provides_services: bool,
    /// Trains people in FinOps.
    pub trains: bool,
    /// Generates billing data (a cloud, SaaS or other provider whose bills could be FOCUS).
    pub generates_billing_data: bool,
    /// The software concentrates on a single technology or FinOps activity.
    pub single_technology_focus: bool,
}

/// A program that fits, and what it takes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProgramFit {
    /// Program id (what an assessment names in `program`).
    pub program: String,
    /// Program name.
    pub name: String,
    /// Whether the requirements come from the current or the legacy page.
    pub status: ProgramStatus,
    /// Why it fits the answers.
    pub why: String,
    /// The requirements, each with its source.
    pub checklist: Vec<ChecklistItem>,
    /// Where the legacy and current pages disagree; the current one wins.
    pub differences: Vec<Difference>,
    /// Anything else to know before starting.
    pub notes: Vec<String>,
}

/// One requirement of a program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChecklistItem {
    /// Gate id, or `points` / `staff-tiers` for the score and the staff table.
    pub id: String,
    /// What is required.
    pub requirement: String,
    /// Where it comes from.
    pub source: String,
}

/// The built-in programs that fit the answers, in built-in order; empty when no answer is yes.
pub fn program_fit(answers: &FitAnswers) -> Vec<ProgramFit> {
    builtin_programs()
        .iter()
        .filter_map(|program| fit(program, answers))
        .collect()
}

/// [`program_fit`] for JSON in and out (the web app and the wasm package use this).
pub fn program_fit_json(answers_json: &str) -> Result<String, CalcError> {
    let answers: FitAnswers = serde_json::from_str(answers_json).map_err(|e| {
        CalcError::new(
            "",
            format!(
                "expected {{\"builds_software\", \"provides_services\", \"trains\", \"generates_billing_data\", \"single_technology_focus\"}} as true/false ({e})"
            ),
        )
    })?;
    serde_json::to_string_pretty(&program_fit(&answers))
        .map_err(|e| CalcError::new("", format!("could not write the result as JSON ({e})")))
}

fn fit(program: &Program, answers: &FitAnswers) -> Option<ProgramFit> {
    let mut notes = Vec::new();
    let why = match program.audience {
        Audience::BuildsSoftware if answers.builds_software => {
            if answers.single_technology_focus {
                notes.push("A tool concentrating on one technology or FinOps activity earns the Technology Concentration criterion (10 points); the legacy \"FinOps Certified Solution\" for such tools is now part of Platform.".to_string());
            }
            "You build FinOps software (commercial, or an open-source tool you found or maintain)."
        }
        Audience::ProvidesServices if answers.provides_services => {
            "You provide FinOps consulting, advisory or professional services."
        }
        Audience::Trains if answers.trains => {
            if !answers.provides_services {
                notes.push("The legacy page requires being a FinOps Certified Service Provider before becoming a Training Partner.".to_string());
            }
            "You train people in FinOps."
        }
        Audience::GeneratesBillingData if answers.generates_billing_data => {
            "You generate billing data that could be delivered as FOCUS datasets."
        }
        _ => return None,
    };
    notes.extend(program.notes.iter().cloned());
    Some(ProgramFit {
        program: program.id.clone(),
        name: program.name.clone(),
        status: program.status,
        why: why.to_string(),
        checklist: checklist(program),
        differences: program.differences.clone(),
        notes,
    })
}

fn checklist(program: &Program) -> Vec<ChecklistItem> {
    let mut items = Vec::new();
    if let Some(scoring) = &program.scoring {
        let capability_points: u64 = scoring
            .capabilities
            .iter()
            .map(|c| u64::from(c.points))
            .sum();
        let s = &scoring.supplemental;
        items.push(ChecklistItem {
            id: "points".to_string(),
            requirement: format!(
                "Reach {}% of the total possible criteria points: {} Framework capabilities ({} points, each met in full or not at all) plus supplemental criteria ({} {} points each, {} {} points, {} {} points each, {} {} points each).",
                fmt_points(scoring.threshold_percent),
                scoring.capabilities.len(),
                capability_points,
                s.scopes.name,
                s.scopes.points_each,
                s.technology_concentration.name,
                s.technology_concentration.points,
                s.cloud_providers.name,
                s.cloud_providers.points_each,
                s.compliances.name,
                s.compliances.points_each,
            ),
            source: scoring.threshold_source.clone(),
        });
    }
    let tiers: Vec<String> = program
        .staff
        .tiers
        .iter()
        .map(|t| {
            let kinds: Vec<String> = CertKind::ALL
                .into_iter()
                .filter_map(|k| t.required.get(k).map(|n| format!("{n} {}", plural(k, n))))
                .collect();
            format!("{}: {}", t.label, kinds.join(", "))
        })
        .collect();
    items.push(ChecklistItem {
        id: "staff-tiers".to_string(),
        requirement: format!(
            "Certified people by parent-organization size — {}.{}",
            tiers.join("; "),
            if program.staff.engineer_counts_as_practitioner {
                " Each FinOps Certified Engineer counts as one Practitioner."
            } else {
                ""
            }
        ),
        source: program.staff.source.clone(),
    });
    for gate in &program.gates {
        items.push(ChecklistItem {
            id: gate.id.clone(),
            requirement: gate.requirement.clone(),
            source: gate.source.clone(),
        });
    }
    items
}
