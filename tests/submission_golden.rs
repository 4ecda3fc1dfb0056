//! Golden-file tests of the submission kit: each case under tests/fixtures/submission/
//! (a report, and optionally the user's additions, invoice sums and identifier
//! conflicts) is rendered into the six kit files and compared with the checked-in copies
//! under tests/fixtures/submission/golden/<case>/. One case validates the official
//! FOCUS 1.0 sample from ../shared first.
//!
//! After an intended change of the documents, rewrite the golden files with
//! `CERTKIT_BLESS=1 cargo test --test submission_golden` and review the diff.

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use certkit::read::FileSource;
use certkit::report::Report;
use certkit::submission::{
    attestation_markdown, column_mapping_csv, column_mapping_markdown, gap_report_html,
    gap_report_markdown, invoice_sums, template, IdConflict, KitContext, KitInput,
};
use certkit::validate::{validate, ValidateOptions};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/submission");
const OFFICIAL_SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/focus/samples/focus-1.0_official_sample/focus-1.0_focus_sample_1000rows.csv"
);
const DATE: &str = "2025-06-30";

/// Reads a fixture file, or `None` when the case does not have it.
fn fixture(name: &str) -> Option<String> {
    let path = Path::new(FIXTURES).join(name);
    if !path.exists() {
        return None;
    }
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(e) => panic!("cannot read {}: {e}", path.display()),
    }
}

fn parse<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> T {
    match serde_json::from_str(text) {
        Ok(value) => value,
        Err(e) => panic!("fixture {name} is not valid: {e}"),
    }
}

/// The extras of a case: the additions, the invoice sums and the identifier conflicts.
struct Extras {
    input: KitInput,
    sums: Option<BTreeMap<String, (String, f64)>>,
    conflicts: Option<Vec<IdConflict>>,
}

fn extras(case: &str) -> Extras {
    let input = match fixture(&format!("{case}.input.json")) {
        Some(text) => match KitInput::from_json(&text) {
            Ok(input) => input,
            Err(e) => panic!("fixture {case}.input.json is refused: {e}"),
        },
        None => KitInput::default(),
    };
    let sums = fixture(&format!("{case}.invoices.json"))
        .map(|t| parse(&format!("{case}.invoices.json"), &t));
    let conflicts = fixture(&format!("{case}.conflicts.json"))
        .map(|t| parse(&format!("{case}.conflicts.json"), &t));
    Extras {
        input,
        sums,
        conflicts,
    }
}

/// The six files `certkit kit` writes, rendered from the core.
fn render(report: &Report, extras: &Extras) -> Vec<(&'static str, String)> {
    // The sample facts of a validated report, unless the case gives its own.
    let report_sums = invoice_sums(report);
    let from_report = KitContext::new(report, &extras.input, DATE, report_sums.as_ref());
    let ctx = KitContext {
        invoice_sums: extras.sums.as_ref().or(from_report.invoice_sums),
        id_conflicts: extras.conflicts.as_deref().or(from_report.id_conflicts),
        ..from_report
    };
    vec![
        ("gap-report.md", gap_report_markdown(&ctx)),
        ("gap-report.html", gap_report_html(&ctx)),
        ("column-mapping.md", column_mapping_markdown(&ctx)),
        ("column-mapping.csv", column_mapping_csv(&ctx)),
        ("attestation.md", attestation_markdown(&ctx)),
        (
            "kit-input.json",
            template(report, Some(&extras.input)).to_json() + "\n",
        ),
    ]
}

/// Compares each output with its golden file, or rewrites the golden files when
/// CERTKIT_BLESS=1.
fn check(case: &str, outputs: &[(&'static str, String)]) {
    let dir = Path::new(FIXTURES).join("golden").join(case);
    let bless = std::env::var("CERTKIT_BLESS").is_ok_and(|v| v == "1");
    let mut failures = Vec::new();
    for (name, actual) in outputs {
        let path: PathBuf = dir.join(name);
        if bless {
            if let Err(e) =
                std::fs::create_dir_all(&dir).and_then(|_| std::fs::write(&path, actual))
            {
                panic!("cannot write {}: {e}", path.display());
            }
            continue;
        }
        let expected = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) => {
                failures.push(format!(
                    "{}: cannot read the golden file ({e}); create it with CERTKIT_BLESS=1",
                    path.display()
                ));
                continue;
            }
        };
        if &expected != actual {
            let (line, want, got) = first_difference(&expected, actual);
            failures.push(format!(
                "{}: differs at line {line}\n  golden: {want}\n  now:    {got}",
                path.display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} file(s) differ from the golden copies (if the change is intended, run CERTKIT_BLESS=1 cargo test --test submission_golden and review the diff):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn first_difference<'a>(expected: &'a str, actual: &'a str) -> (usize, &'a str, &'a str) {
    let mut want = expected.lines();
    let mut got = actual.lines();
    let mut line = 1;
    loop {
        match (want.next(), got.next()) {
            (Some(a), Some(b)) if a == b => line += 1,
            (a, b) => {
                return (
                    line,
                    a.unwrap_or("(end of file)"),
                    b.unwrap_or("(end of file)"),
                )
            }
        }
    }
}

fn fixture_case(case: &str) {
    let text = fixture(&format!("{case}.report.json"))
        .unwrap_or_else(|| panic!("fixture {case}.report.json is missing"));
    let report: Report = parse(&format!("{case}.report.json"), &text);
    check(case, &render(&report, &extras(case)));
}

#[test]
fn mixed_findings_with_every_addition() {
    fixture_case("mixed");
}

#[test]
fn clean_sample_without_additions() {
    fixture_case("clean");
}

#[test]
fn older_focus_version_with_missing_and_misnamed_columns() {
    fixture_case("older");
}

#[test]
fn official_focus_1_0_sample() {
    let path = Path::new(OFFICIAL_SAMPLE);
    assert!(
        path.exists(),
        "../shared is missing: {} not found; this test needs the shared FOCUS samples next to the repository",
        path.display()
    );
    let source =
        FileSource::open(path).unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display()));
    let report = validate(
        Box::new(source),
        "focus-1.0_focus_sample_1000rows.csv",
        &ValidateOptions::default(),
        &mut |_| ControlFlow::Continue(()),
    )
    .unwrap_or_else(|e| panic!("the official sample could not be validated: {e}"));
    let extras = Extras {
        input: KitInput::default(),
        sums: None,
        conflicts: None,
    };
    check("official-1.0-sample", &render(&report, &extras));
}
