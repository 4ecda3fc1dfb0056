//! The certification calculator: is an organization eligible for a FinOps Foundation
//! certification, and if not, what is missing?
//!
//! Programs are data (`data/programs/*.json`, see [`Program`]); an assessment says what
//! the organization has (see `docs/assessment.md`). Scoring gives the points under two
//! readings of "total possible points", the smallest sets of capabilities that would
//! close a gap, every gate with what to do, and a staffing plan with costs.
//!
//! - [`score_json`]: JSON in, JSON out; what the web app and the wasm package call.
//! - [`evaluate`]: the same, returning the typed [`ScoreResult`] (the CLI renders it).
//! - [`Assessment::from_json`], [`score`], [`render_text`], [`render_markdown`]: the parts.
//! - [`program_fit`]: which program fits an organization, with its checklist.
//! - [`programs`]: the built-in programs.

mod assessment;
mod builtin;
mod error;
mod fit;
mod gates;
mod ids;
mod paths;
mod program;
mod render;
mod score;
mod staffing;

pub use assessment::{
    Assessment, CertifiedStaff, Focus, Memberships, PathOverrides, PriceOverrides, Reading,
    KNOWN_FIELDS,
};
pub use builtin::{builtin_program, builtin_programs, program_files, programs, ProgramSummary};
pub use error::CalcError;
pub use fit::{program_fit, program_fit_json, ChecklistItem, FitAnswers, ProgramFit};
pub use gates::GateResult;
pub use ids::kebab_id;
pub use paths::ShortestPath;
pub use program::{
    Alias, Audience, Capability, CertKind, Difference, Domain, Flat, Gate, GateKind, Item,
    PathPrices, PerItem, Price, Prices, Program, ProgramStatus, Required, Scoring, Staff,
    Supplemental, Tier, PROGRAM_FORMAT,
};
pub use render::{render_markdown, render_text};
pub use score::{
    score, CapabilityLine, Points, ReadingScore, ScoreResult, SupplementalLine, MAX_PATHS,
};
pub use staffing::{Cost, KindPlan, Staffing, UnitPrice, UnitPrices};

/// Scores an assessment given as JSON and returns the result as JSON.
///
/// `program_override_json` replaces the built-in program data (for example a newer
/// `platform.json` a website downloaded); the assessment's `program` must name it.
/// Errors name the field and the reason; an error in the override has a field path
/// inside the program file.
pub fn score_json(
    assessment_json: &str,
    program_override_json: Option<&str>,
) -> Result<String, CalcError> {
    let program = match program_override_json {
        Some(json) => Some(Program::from_json(json).map_err(|e| {
            CalcError::new(
                if e.field.is_empty() {
                    "program data".to_string()
                } else {
                    format!("program data: {}", e.field)
                },
                e.message,
            )
        })?),
        None => None,
    };
    let result = evaluate(assessment_json, program.as_ref())?;
    serde_json::to_string_pretty(&result)
        .map_err(|e| CalcError::new("", format!("could not write the result as JSON ({e})")))
}

/// Reads an assessment and scores it, against `program` when given, otherwise against
/// the built-in program its `program` field names.
pub fn evaluate(
    assessment_json: &str,
    program: Option<&Program>,
) -> Result<ScoreResult, CalcError> {
    match program {
        Some(program) => {
            let assessment = Assessment::from_json_for(assessment_json, program)?;
            Ok(score(program, &assessment))
        }
        None => {
            let assessment = Assessment::from_json(assessment_json)?;
            let program = builtin_program(&assessment.program)?;
            Ok(score(&program, &assessment))
        }
    }
}
