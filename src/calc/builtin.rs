//! The programs compiled into certkit from `data/programs/`.

use serde::Serialize;

use super::error::CalcError;
use super::program::{Program, ProgramStatus};

/// The built-in program files, in the order lists show them.
const PROGRAM_FILES: [(&str, &str); 4] = [
    (
        "data/programs/platform.json",
        include_str!("../../data/programs/platform.json"),
    ),
    (
        "data/programs/focus-conformant-1.2.json",
        include_str!("../../data/programs/focus-conformant-1.2.json"),
    ),
    (
        "data/programs/service-provider-legacy.json",
        include_str!("../../data/programs/service-provider-legacy.json"),
    ),
    (
        "data/programs/training-partner-legacy.json",
        include_str!("../../data/programs/training-partner-legacy.json"),
    ),
];

/// What a program list shows: id, name, which criteria, and whether it is scored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProgramSummary {
    /// The id an assessment names in `program`.
    pub id: String,
    /// Human name.
    pub name: String,
    /// Which criteria the data follows.
    pub criteria_version: String,
    /// Current or legacy page.
    pub status: ProgramStatus,
    /// Whether the program has capability points (otherwise gates and staffing only).
    pub scored: bool,
}

/// The raw text of every built-in program file with its repository path, for tools
/// and tests that want to check or show the data itself.
pub fn program_files() -> &'static [(&'static str, &'static str)] {
    &PROGRAM_FILES
}

/// The built-in programs: ids and names, in display order.
pub fn programs() -> Vec<ProgramSummary> {
    builtin_programs()
        .into_iter()
        .map(|p| ProgramSummary {
            scored: p.scoring.is_some(),
            id: p.id,
            name: p.name,
            criteria_version: p.criteria_version,
            status: p.status,
        })
        .collect()
}

/// Every built-in program, parsed. A file that fails to parse is left out here; the
/// data test (`tests/calc_programs.rs`) makes sure none does.
pub fn builtin_programs() -> Vec<Program> {
    PROGRAM_FILES
        .iter()
        .filter_map(|(_, json)| Program::from_json(json).ok())
        .collect()
}

/// The built-in program with this id, or an error naming the ids there are.
pub fn builtin_program(id: &str) -> Result<Program, CalcError> {
    for (path, json) in PROGRAM_FILES.iter() {
        let program = Program::from_json(json).map_err(|e| {
            CalcError::new(
                "program",
                format!("built-in program file {path} is broken ({e}); please report this"),
            )
        })?;
        if program.id == id {
            return Ok(program);
        }
    }
    let known: Vec<String> = builtin_programs().into_iter().map(|p| p.id).collect();
    Err(CalcError::new(
        "program",
        format!(
            "unknown program \"{id}\"; the programs are: {}",
            known.join(", ")
        ),
    ))
}
