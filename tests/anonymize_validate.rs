//! The anonymized sample validates like the original: certkit's validator gives the
//! same result on both for every rule that does not read the values of a replaced
//! column (and, for replaced columns, the same presence, naming and nullability
//! results). Findings about dropped columns are the only expected difference.

#[path = "anonymize_support/mod.rs"]
mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::ops::ControlFlow;

use certkit::anonymize::{AnonymizeOptions, AnonymizeSummary, ColumnAction};
use certkit::read::BytesSource;
use certkit::report::model::Report;
use certkit::validate::{validate, ValidateOptions};
use support::{generate, run_ok, samples_dir, to_csv, to_parquet};

/// Check families that look at whether a column is there and which cells are null,
/// never at the values: their results must match on replaced columns too.
const VALUE_BLIND_CHECKS: [&str; 3] = ["presence", "naming", "nullability"];

fn report(bytes: &[u8], name: &str) -> Report {
    validate(Box::new(BytesSource::new(bytes.to_vec())), name, &ValidateOptions::default(), &mut |_| {
        ControlFlow::Continue(())
    })
    .unwrap_or_else(|e| panic!("{name}: validation failed: {e}"))
}

/// (rule, column) → (failed, checked) for the findings that must match.
type Results = BTreeMap<(String, Option<String>), (u64, u64)>;

/// Splits a report's findings into those that must match and the rule IDs of those
/// that may differ (about a dropped column, or reading a replaced column's values).
fn comparable(report: &Report, summary: &AnonymizeSummary) -> (Results, BTreeSet<String>) {
    let replaced: BTreeSet<&str> = summary
        .columns
        .iter()
        .filter(|c| matches!(c.action, ColumnAction::Token(_) | ColumnAction::Tags))
        .map(|c| c.name.as_str())
        .collect();
    let dropped: BTreeSet<&str> = summary.columns_dropped.iter().map(String::as_str).collect();
    let mut results = Results::new();
    let mut excluded = BTreeSet::new();
    for finding in &report.findings {
        let column = finding.column.as_deref().unwrap_or_default();
        let reads_replaced_values = replaced.contains(column) && !VALUE_BLIND_CHECKS.contains(&finding.check.as_str());
        if dropped.contains(column) || reads_replaced_values {
            excluded.insert(finding.rule_id.clone());
        } else {
            results
                .insert((finding.rule_id.clone(), finding.column.clone()), (finding.failed_rows, finding.checked_rows));
        }
    }
    (results, excluded)
}

/// Validates `input` and its anonymized form and compares the results.
fn assert_same_validation(input: &[u8], name: &str) {
    let (output, summary) = run_ok(input, name, &AnonymizeOptions::new("validation-salt"));
    let (before, after) = (report(input, name), report(&output, name));
    assert_eq!(before.rows, after.rows, "{name}: rows");
    assert_eq!(before.focus_version, after.focus_version, "{name}: FOCUS version");
    let (results_before, excluded_before) = comparable(&before, &summary);
    let (results_after, excluded_after) = comparable(&after, &summary);
    assert_eq!(results_before, results_after, "{name}: findings differ");
    // A rule passed on one side only must be about a dropped or replaced column: a
    // finding excluded above, or a rule that no longer applies once the custom
    // columns are gone (NullHandling of custom columns).
    let excluded: BTreeSet<&String> = excluded_before.union(&excluded_after).collect();
    let not_applicable = |r: &Report, id: &String| r.not_applicable.iter().any(|n| &n.rule_id == id);
    let passed_before: BTreeSet<&String> = before.passed.iter().collect();
    let passed_after: BTreeSet<&String> = after.passed.iter().collect();
    for id in passed_before.symmetric_difference(&passed_after) {
        let now_not_applicable = !summary.columns_dropped.is_empty() && not_applicable(&after, id);
        assert!(excluded.contains(id) || now_not_applicable, "{name}: {id} passed on one side only");
    }
    if summary.columns_dropped.is_empty() {
        assert_eq!(before.certification.eligible, after.certification.eligible, "{name}: verdict");
        assert_eq!(before.certification.deviations, after.certification.deviations, "{name}: deviations");
    }
}

#[test]
fn the_official_sample_validates_the_same_after_anonymization() {
    let path = samples_dir().join("focus-1.0_official_sample/focus-1.0_focus_sample_1000rows.csv");
    let input = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_same_validation(&input, "focus-1.0_focus_sample_1000rows.csv");
}

#[test]
fn every_spec_example_validates_the_same_after_anonymization() {
    let mut pending = vec![samples_dir().join("focus-1.2_spec_examples")];
    let mut count = 0;
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "csv") {
                let input = std::fs::read(&path).unwrap();
                assert_same_validation(&input, &path.file_name().unwrap().to_string_lossy());
                count += 1;
            }
        }
    }
    assert!(count >= 20, "only {count} spec examples found");
}

#[test]
fn generated_samples_validate_the_same_after_anonymization() {
    for seed in 500..504 {
        let sample = generate(seed, 200);
        assert_same_validation(&to_csv(&sample, seed), &format!("generated-{seed}.csv"));
        assert_same_validation(&to_parquet(&sample), &format!("generated-{seed}.parquet"));
    }
}
