//! `certkit kit REPORT.json [--input ADDITIONS.json] --out-dir DIR [--date YYYY-MM-DD]`
//!
//! Drafts the documents the FOCUS Conformant certification asks for from a JSON report
//! of `certkit validate --format json` and the user's additions (docs/submission-kit.md):
//! gap-report.md, gap-report.html, column-mapping.md, column-mapping.csv, attestation.md,
//! and kit-input.json, the additions to fill in (the given ones, plus an empty entry
//! for every failing rule and every attestation criterion).
//!
//! Exit status: 0 written, 2 bad input or unwritable output (one line on stderr names
//! the file, the field and what is wrong).
//!
//! The clap subcommand for `src/cli/main.rs`:
//!
//! ```ignore
//! /// Draft the certification's submission documents from a validation report.
//! ///
//! /// Writes the Conformance Gap Report (Markdown and HTML), the Column Mapping Reference
//! /// (Markdown and CSV), the attestation worksheet and kit-input.json (your additions to
//! /// fill in and pass back with --input). Exit status: 0 written, 2 bad input or
//! /// unwritable output. See docs/submission-kit.md.
//! Kit {
//!     /// The JSON report written by `certkit validate --format json`.
//!     report: PathBuf,
//!     /// Your additions: workarounds, KIL requests, attestations, invoice totals, column mapping.
//!     #[arg(long, value_name = "ADDITIONS.json")]
//!     input: Option<PathBuf>,
//!     /// The directory to write the documents to (created if needed).
//!     #[arg(long, value_name = "DIR")]
//!     out_dir: PathBuf,
//!     /// The date printed on the documents; default: today (UTC).
//!     #[arg(long, value_name = "YYYY-MM-DD")]
//!     date: Option<String>,
//! },
//! // in main():
//! Command::Kit { report, input, out_dir, date } => kit::run(&report, input.as_deref(), &out_dir, date.as_deref()),
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use certkit::report::{Report, REPORT_FORMAT};
use certkit::submission::{
    attestation_markdown, column_mapping_csv, column_mapping_markdown, gap_report_html,
    gap_report_markdown, invoice_sums, template, KitContext, KitInput,
};

const EXIT_WRITTEN: u8 = 0;
const EXIT_BAD_INPUT: u8 = 2;

/// Reads the report (and the additions), drafts the documents and writes them to `out_dir`.
pub fn run(
    report_json: &Path,
    input: Option<&Path>,
    out_dir: &Path,
    date: Option<&str>,
) -> ExitCode {
    match draft(report_json, input, out_dir, date) {
        Ok(written) => {
            println!(
                "certkit: wrote {} files to {}:",
                written.len(),
                out_dir.display()
            );
            for path in &written {
                println!("  {}", path.display());
            }
            println!(
                "Fill in kit-input.json, then run certkit kit again with --input {}.",
                out_dir.join("kit-input.json").display()
            );
            ExitCode::from(EXIT_WRITTEN)
        }
        Err(message) => {
            eprintln!("certkit: {message}");
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
}

/// Does the work and returns the files written; the error is the one line to print
/// (file, field, reason).
pub fn draft(
    report_json: &Path,
    input: Option<&Path>,
    out_dir: &Path,
    date: Option<&str>,
) -> Result<Vec<PathBuf>, String> {
    let date = match date {
        Some(d) => check_date(d).map_err(|reason| format!("--date: {reason}"))?,
        None => today(),
    };
    let report = read_report(report_json)?;
    let additions = match input {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("{}: cannot read the file: {e}", path.display()))?;
            KitInput::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))?
        }
        None => KitInput::default(),
    };
    let sums = invoice_sums(&report);
    let ctx = KitContext::new(&report, &additions, &date, sums.as_ref());
    let documents = [
        ("gap-report.md", gap_report_markdown(&ctx)),
        ("gap-report.html", gap_report_html(&ctx)),
        ("column-mapping.md", column_mapping_markdown(&ctx)),
        ("column-mapping.csv", column_mapping_csv(&ctx)),
        ("attestation.md", attestation_markdown(&ctx)),
        (
            "kit-input.json",
            template(&report, Some(&additions)).to_json() + "\n",
        ),
    ];
    std::fs::create_dir_all(out_dir)
        .map_err(|e| format!("{}: cannot create the directory: {e}", out_dir.display()))?;
    let mut written = Vec::new();
    for (name, content) in documents {
        let path = out_dir.join(name);
        std::fs::write(&path, content.as_bytes())
            .map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

/// Reads a report written by `certkit validate --format json`, saying which field is wrong.
fn read_report(path: &Path) -> Result<Report, String> {
    let shown = path.display();
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("{shown}: cannot read the file: {e}"))?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        format!(
            "{shown}: not valid JSON (line {}, column {}): {e}",
            e.line(),
            e.column()
        )
    })?;
    match value.get("format") {
        Some(serde_json::Value::String(f)) if f == REPORT_FORMAT => {}
        Some(serde_json::Value::String(f)) => {
            return Err(format!("{shown}: field format: is \"{f}\"; certkit kit reads \"{REPORT_FORMAT}\" reports (run certkit validate --format json again)"))
        }
        _ => {
            return Err(format!(
                "{shown}: field format: missing; this is not a certkit report (write one with certkit validate FILE --format json --output REPORT.json)"
            ))
        }
    }
    serde_json::from_str::<Report>(&text).map_err(|e| {
        // serde names the field for missing and unknown fields; the line points at the rest.
        let reason = e.to_string();
        let reason = reason
            .split(" at line ")
            .next()
            .unwrap_or(&reason)
            .to_string();
        format!(
            "{shown}: not a valid certkit report (line {}, column {}): {reason}",
            e.line(),
            e.column()
        )
    })
}

/// Checks a `YYYY-MM-DD` date.
fn check_date(text: &str) -> Result<String, String> {
    let bad = || format!("\"{text}\" is not a date; write it as YYYY-MM-DD, e.g. 2025-06-30");
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts[..] else {
        return Err(bad());
    };
    if y.len() != 4
        || m.len() != 2
        || d.len() != 2
        || !text.bytes().all(|b| b.is_ascii_digit() || b == b'-')
    {
        return Err(bad());
    }
    let (year, month, day): (i64, u32, u32) = match (y.parse(), m.parse(), d.parse()) {
        (Ok(y), Ok(m), Ok(d)) => (y, m, d),
        _ => return Err(bad()),
    };
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return Err(bad());
    }
    Ok(text.to_string())
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Today's date (UTC) as `YYYY-MM-DD`.
fn today() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The calendar date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert!(check_date("2025-06-30").is_ok());
        assert!(check_date("2024-02-29").is_ok());
        for bad in [
            "2025-02-29",
            "2025-13-01",
            "25-06-30",
            "2025/06/30",
            "2025-6-30",
            "+025-06-30",
        ] {
            assert!(check_date(bad).is_err(), "{bad}");
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_089), (2025, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
    }
}
