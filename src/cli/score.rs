//! `certkit score ASSESSMENT.json [--format text|json|markdown] [--program FILE] [--output PATH]`
//!
//! Scores an assessment against a certification program and prints the verdict.
//! Exit status: 0 eligible, 1 not eligible, 2 bad input (unreadable file, invalid
//! assessment or program file, unknown format, unwritable output). Errors go to stderr
//! as `certkit: <file>: <field>: <reason>`.

use std::path::Path;
use std::process::ExitCode;

use certkit::calc::{evaluate, render_markdown, render_text, CalcError, Program};

/// Exit status when the assessment is eligible.
const EXIT_ELIGIBLE: u8 = 0;
/// Exit status when it is not (yet) eligible.
const EXIT_NOT_ELIGIBLE: u8 = 1;
/// Exit status for bad input of any kind.
const EXIT_BAD_INPUT: u8 = 2;

/// Runs `certkit score`: reads `assessment_path` (and `program_file`, which replaces the
/// built-in program data), scores it, and writes the result in `format` (`text`,
/// `json` or `markdown`) to `output` or stdout.
pub fn run(
    assessment_path: &Path,
    format: &str,
    program_file: Option<&Path>,
    output: Option<&Path>,
) -> ExitCode {
    match score_to_string(assessment_path, format, program_file) {
        Ok((rendered, eligible)) => {
            if let Err(message) = write_output(output, &rendered) {
                eprintln!("certkit: {message}");
                return ExitCode::from(EXIT_BAD_INPUT);
            }
            ExitCode::from(if eligible {
                EXIT_ELIGIBLE
            } else {
                EXIT_NOT_ELIGIBLE
            })
        }
        Err(message) => {
            eprintln!("certkit: {message}");
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
}

/// The rendered result and whether it is eligible, or the error line (without the
/// `certkit: ` prefix) naming the file, the field and the reason.
pub(crate) fn score_to_string(
    assessment_path: &Path,
    format: &str,
    program_file: Option<&Path>,
) -> Result<(String, bool), String> {
    if !matches!(format, "text" | "json" | "markdown") {
        return Err(format!(
            "--format: unknown format \"{format}\"; use text, json or markdown"
        ));
    }
    let program = match program_file {
        Some(path) => {
            let json = read(path)?;
            Some(Program::from_json(&json).map_err(|e| located(path, &e))?)
        }
        None => None,
    };
    let json = read(assessment_path)?;
    let result = evaluate(&json, program.as_ref()).map_err(|e| located(assessment_path, &e))?;
    let rendered = match format {
        "json" => {
            let mut s = serde_json::to_string_pretty(&result)
                .map_err(|e| format!("could not write the result as JSON: {e}"))?;
            s.push('\n');
            s
        }
        "markdown" => render_markdown(&result),
        _ => render_text(&result),
    };
    Ok((rendered, result.eligible))
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| {
        format!(
            "{}: cannot read the file ({e}); check the path and that it is UTF-8 JSON",
            path.display()
        )
    })
}

/// `<file>: <field>: <reason>`, or `<file>: <reason>` for whole-document errors.
fn located(path: &Path, error: &CalcError) -> String {
    format!("{}: {error}", path.display())
}

fn write_output(output: Option<&Path>, rendered: &str) -> Result<(), String> {
    match output {
        Some(path) => std::fs::write(path, rendered).map_err(|e| {
            format!(
                "{}: cannot write the result ({e}); check that the folder exists and is writable",
                path.display()
            )
        }),
        None => {
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(rendered.as_bytes())
                .and_then(|()| stdout.flush())
                .map_err(|e| format!("cannot write to standard output ({e})"))
        }
    }
}
