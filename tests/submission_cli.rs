//! `certkit kit` (src/cli/kit.rs), compiled here as a module the way the CLI does, so
//! its files, exit codes and error messages are tested without the binary.

#[path = "../src/cli/kit.rs"]
mod kit;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use certkit::submission::KitInput;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/submission");
const FILES: [&str; 6] = [
    "gap-report.md",
    "gap-report.html",
    "column-mapping.md",
    "column-mapping.csv",
    "attestation.md",
    "kit-input.json",
];

fn fixture(name: &str) -> PathBuf {
    Path::new(FIXTURES).join(name)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("cannot create a temporary directory: {e}"))
}

#[test]
fn writes_the_six_files() {
    let dir = temp_dir();
    let out = dir.path().join("kit");
    let code = kit::run(
        &fixture("mixed.report.json"),
        Some(&fixture("mixed.input.json")),
        &out,
        Some("2025-06-30"),
    );
    assert_eq!(code, ExitCode::from(0));
    for name in FILES {
        assert!(out.join(name).is_file(), "{name} was not written");
    }
    // What does not depend on the invoice sums and conflicts (not in a report file) is
    // exactly what the core renders for the same case.
    let golden = Path::new(FIXTURES).join("golden/mixed");
    for name in [
        "gap-report.md",
        "gap-report.html",
        "column-mapping.md",
        "column-mapping.csv",
        "kit-input.json",
    ] {
        assert_eq!(read(&out.join(name)), read(&golden.join(name)), "{name}");
    }
    // This report was written before certkit gathered sample facts: the worksheet says so.
    let attestation = read(&out.join("attestation.md"));
    assert!(
        attestation.contains("This report carries no sums of BilledCost per InvoiceId"),
        "an old report has no invoice sums"
    );
    assert!(attestation.contains("Not computed for this run (the report carries no identifier comparison"));
}

#[test]
fn the_written_additions_can_be_filled_in_and_read_back() {
    let dir = temp_dir();
    let out = dir.path().join("kit");
    assert_eq!(
        kit::run(
            &fixture("mixed.report.json"),
            None,
            &out,
            Some("2025-06-30")
        ),
        ExitCode::from(0)
    );
    let template = out.join("kit-input.json");
    let mut input = KitInput::from_json(&read(&template))
        .unwrap_or_else(|e| panic!("kit-input.json is refused: {e}"));
    assert_eq!(input.attestations.len(), 11);
    assert!(input.deviations.contains_key("ServiceCategory-C-003-M"));
    if let Some(note) = input.deviations.get_mut("ServiceCategory-C-003-M") {
        note.workaround = "Map Compute Services to Compute.".into();
    }
    std::fs::write(&template, input.to_json())
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", template.display()));
    assert_eq!(
        kit::run(
            &fixture("mixed.report.json"),
            Some(&template),
            &out,
            Some("2025-06-30")
        ),
        ExitCode::from(0)
    );
    assert!(read(&out.join("gap-report.md")).contains("| Map Compute Services to Compute. |"));
    assert_eq!(
        KitInput::from_json(&read(&template)).ok(),
        Some(input),
        "a second run keeps what the user wrote"
    );
}

#[test]
fn without_a_date_today_is_used() {
    let dir = temp_dir();
    let out = dir.path().join("kit");
    assert_eq!(
        kit::run(&fixture("clean.report.json"), None, &out, None),
        ExitCode::from(0)
    );
    let gap = read(&out.join("gap-report.md"));
    let date_line = gap
        .lines()
        .find(|l| l.starts_with("| Date | "))
        .unwrap_or_else(|| panic!("no date in the cover"));
    let date = date_line
        .trim_start_matches("| Date | ")
        .trim_end_matches(" |");
    assert_eq!(date.len(), 10, "{date_line}");
    assert!(
        date.starts_with("20") && date.as_bytes()[4] == b'-' && date.as_bytes()[7] == b'-',
        "{date_line}"
    );
}

/// Runs `draft` and returns its error message, failing if it succeeded.
fn error_of(report: &Path, input: Option<&Path>, out: &Path, date: Option<&str>) -> String {
    match kit::draft(report, input, out, date) {
        Ok(files) => panic!("expected an error, but {} files were written", files.len()),
        Err(message) => message,
    }
}

#[test]
fn bad_input_exits_2_naming_file_field_and_reason() {
    let dir = temp_dir();
    let out = dir.path().join("kit");
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        path
    };
    let report = fixture("mixed.report.json");

    let missing = dir.path().join("absent.json");
    assert_eq!(
        kit::run(&missing, None, &out, Some("2025-06-30")),
        ExitCode::from(2)
    );
    let message = error_of(&missing, None, &out, Some("2025-06-30"));
    assert!(
        message.contains("absent.json: cannot read the file"),
        "{message}"
    );

    let not_json = write("broken.json", "{ \"format\": ");
    assert!(error_of(&not_json, None, &out, None).contains("broken.json: not valid JSON (line 1"));

    let other = write("other.json", r#"{ "format": "certkit-kit-input/1" }"#);
    let message = error_of(&other, None, &out, None);
    assert!(message.contains("other.json: field format: is \"certkit-kit-input/1\"; certkit kit reads \"certkit-report/1\""), "{message}");

    let no_format = write("plain.json", r#"{ "rows": 3 }"#);
    assert!(error_of(&no_format, None, &out, None)
        .contains("plain.json: field format: missing; this is not a certkit report"));

    let mut broken_report: serde_json::Value =
        serde_json::from_str(&read(&report)).unwrap_or_else(|e| panic!("{e}"));
    if let Some(map) = broken_report.as_object_mut() {
        map.remove("rows");
    }
    let truncated = write("truncated.json", &broken_report.to_string());
    let message = error_of(&truncated, None, &out, None);
    assert!(
        message.contains("truncated.json: not a valid certkit report")
            && message.contains("missing field `rows`"),
        "{message}"
    );

    let bad_input = write(
        "additions.json",
        r#"{ "format": "certkit-kit-input/1", "kils": [ { "id": "KIL-1", "providers_affected": "AWS" } ] }"#,
    );
    assert_eq!(
        kit::run(&report, Some(&bad_input), &out, Some("2025-06-30")),
        ExitCode::from(2)
    );
    let message = error_of(&report, Some(&bad_input), &out, None);
    assert!(
        message.contains("additions.json: field kils[0].providers_affected: must be a list"),
        "{message}"
    );

    let message = error_of(&report, None, &out, Some("30/06/2025"));
    assert!(
        message.starts_with("--date: \"30/06/2025\" is not a date; write it as YYYY-MM-DD"),
        "{message}"
    );
    assert_eq!(
        kit::run(&report, None, &out, Some("2025-02-30")),
        ExitCode::from(2)
    );

    assert!(!out.exists(), "nothing is written when the input is bad");

    // An output directory that is a file.
    let file = write("not-a-dir", "x");
    let message = error_of(&report, None, &file, None);
    assert!(
        message.contains("not-a-dir: cannot create the directory"),
        "{message}"
    );
}
