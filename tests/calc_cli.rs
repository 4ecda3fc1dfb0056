//! `certkit score` (src/cli/score.rs), compiled here as a module the way the CLI does,
//! so its exit codes, formats and error lines are tested without the binary.

#[path = "../src/cli/score.rs"]
mod score;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/assessments")
        .join(name)
}

#[test]
fn exit_codes_follow_eligibility() {
    let out = tempfile::tempdir().unwrap();
    let cases = [
        ("platform-eligible.json", ExitCode::from(0)),
        ("platform-not-eligible.json", ExitCode::from(1)),
        ("focus-conformant.json", ExitCode::from(0)),
        ("service-provider.json", ExitCode::from(1)),
    ];
    for (name, code) in cases {
        let target = out.path().join(format!("{name}.txt"));
        assert_eq!(
            score::run(&example(name), "text", None, Some(&target)),
            code,
            "{name}"
        );
        assert!(
            std::fs::metadata(&target).unwrap().len() > 0,
            "{name}: nothing written"
        );
    }
}

#[test]
fn each_format_renders() {
    let (text, eligible) =
        score::score_to_string(&example("platform-not-eligible.json"), "text", None).unwrap();
    assert!(!eligible);
    // Score bar, gates with ✓/✗, missing points, paths, costs in dollars.
    for needle in [
        "Score  [",
        "✓ FinOps Foundation membership",
        "✗ Asset Library contribution",
        "Missing: 11 point(s)",
        "Cloud Sustainability + Invoicing & Chargeback + Onboarding Workloads",
        "$300",
        "$450",
        "Verdict: NOT ELIGIBLE",
    ] {
        assert!(text.contains(needle), "text lacks {needle:?}");
    }
    let (md, _) =
        score::score_to_string(&example("platform-not-eligible.json"), "markdown", None).unwrap();
    for needle in [
        "# FinOps Certified Platform readiness",
        "| **catalogue** (deciding) | 81 | 122 | 91.5 | 66.39% | ✗ |",
        "## Staffing",
        "| **Total** |",
    ] {
        assert!(md.contains(needle), "markdown lacks {needle:?}");
    }
    let (json, _) =
        score::score_to_string(&example("platform-eligible.json"), "json", None).unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["eligible"], true);
}

#[test]
fn bad_input_is_exit_2_with_file_field_and_reason() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(example("platform-eligible.json")).unwrap())
            .unwrap();
    v["company_size"] = serde_json::json!("big");
    std::fs::write(&bad, v.to_string()).unwrap();
    let err = score::score_to_string(&bad, "text", None).unwrap_err();
    assert_eq!(
        err,
        format!(
            "{}: company_size: expected a whole number ≥ 1, got \"big\"",
            bad.display()
        )
    );
    assert_eq!(score::run(&bad, "text", None, None), ExitCode::from(2));

    let missing = dir.path().join("nope.json");
    assert!(score::score_to_string(&missing, "text", None)
        .unwrap_err()
        .contains("cannot read the file"));
    assert_eq!(score::run(&missing, "json", None, None), ExitCode::from(2));

    assert!(
        score::score_to_string(&example("platform-eligible.json"), "html", None)
            .unwrap_err()
            .starts_with("--format")
    );
    assert_eq!(
        score::run(&example("platform-eligible.json"), "html", None, None),
        ExitCode::from(2)
    );

    let unwritable = dir.path().join("no-such-dir").join("out.txt");
    assert_eq!(
        score::run(
            &example("platform-eligible.json"),
            "text",
            None,
            Some(&unwritable)
        ),
        ExitCode::from(2)
    );
}

#[test]
fn a_program_file_replaces_the_built_in_data() {
    let dir = tempfile::tempdir().unwrap();
    let mut program: serde_json::Value =
        serde_json::from_str(certkit::calc::program_files()[0].1).unwrap();
    // The not-eligible example has 81 of 122 points (66.39%); at a 60% threshold the
    // points pass, but its gates still fail, so the exit code stays 1.
    program["scoring"]["threshold_percent"] = serde_json::json!(60);
    let file = dir.path().join("platform.json");
    std::fs::write(&file, program.to_string()).unwrap();
    let (json, eligible) =
        score::score_to_string(&example("platform-not-eligible.json"), "json", Some(&file))
            .unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        (v["meets_threshold"].as_bool(), eligible),
        (Some(true), false)
    );

    program["staff"]["tiers"][0]["min_employees"] = serde_json::json!(5);
    std::fs::write(&file, program.to_string()).unwrap();
    let err = score::score_to_string(&example("platform-not-eligible.json"), "text", Some(&file))
        .unwrap_err();
    assert!(
        err.starts_with(&format!(
            "{}: staff.tiers[0].min_employees:",
            file.display()
        )),
        "{err}"
    );
}
