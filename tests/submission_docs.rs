//! docs/submission-kit.md stays in step with the code: its example reads as a kit input,
//! and it names every field, criterion, status, transform, deviation type, file and flag.

use certkit::rules::registry;
use certkit::submission::{
    AttestationStatus, DeviationType, KitInput, Transform, CRITERIA, INVOICE_TOLERANCE,
};

const DOC: &str = include_str!("../docs/submission-kit.md");

#[test]
fn the_example_is_a_valid_kit_input() {
    let start = DOC
        .find("```json\n")
        .unwrap_or_else(|| panic!("docs/submission-kit.md has no JSON example"))
        + "```json\n".len();
    let end = DOC[start..]
        .find("```")
        .unwrap_or_else(|| panic!("the JSON example is not closed"))
        + start;
    let input = KitInput::from_json(&DOC[start..end])
        .unwrap_or_else(|e| panic!("the documented example is refused: {e}"));
    assert_eq!(input.kils.len(), 1);
    assert_eq!(KitInput::from_json(&input.to_json()).ok(), Some(input));
}

#[test]
fn every_name_the_user_writes_is_documented() {
    let fields = [
        "format",
        "data_generator",
        "dataset",
        "contact",
        "sample_period",
        "deviations",
        "workaround",
        "planned_fix",
        "kil",
        "kils",
        "rule_ids",
        "title",
        "providers_affected",
        "root_cause",
        "attestations",
        "status",
        "note",
        "invoice_totals",
        "total",
        "currency",
        "column_mapping",
        "source",
        "transform",
        "notes",
    ];
    for field in fields {
        // `kils`, `kils[]`, `deviations.<rule id>`: the field's name as code, alone or with its path.
        assert!(
            ["`", ".", "["].iter().any(|end| DOC.contains(&format!("`{field}{end}"))),
            "docs/submission-kit.md does not name the field `{field}`"
        );
    }
    for status in AttestationStatus::ALL {
        assert!(
            DOC.contains(&format!("`{}`", status.as_str())),
            "status {} is not documented",
            status.as_str()
        );
    }
    for transform in Transform::ALL {
        assert!(
            DOC.contains(&format!("`{}`", transform.as_str())),
            "transform {transform} is not documented"
        );
    }
}

#[test]
fn criteria_and_their_rules_are_documented() {
    for c in &CRITERIA {
        let row = DOC
            .lines()
            .find(|l| l.starts_with(&format!("| `{}` |", c.id)))
            .unwrap_or_else(|| panic!("criterion {} has no row in docs/submission-kit.md", c.id));
        assert!(row.contains(c.name), "{row}");
        for rule in c.rules.iter().chain(c.cross_row) {
            assert!(
                row.contains(&format!("`{rule}`")),
                "criterion {}: {rule} is not in its documented row",
                c.id
            );
        }
        for rule in c.rules {
            assert!(registry().rule(rule).is_some(), "{rule}");
        }
    }
}

#[test]
fn documents_types_tolerance_files_and_flags() {
    for kind in DeviationType::ALL {
        assert!(
            DOC.contains(&format!("| {} |", kind.title())),
            "deviation type {} is not documented",
            kind.title()
        );
    }
    assert!(
        DOC.contains(&format!("**{INVOICE_TOLERANCE:.2}**")),
        "the invoice tolerance is not documented as {INVOICE_TOLERANCE:.2}"
    );
    for name in [
        "gap-report.md",
        "gap-report.html",
        "column-mapping.md",
        "column-mapping.csv",
        "attestation.md",
        "kit-input.json",
    ] {
        assert!(
            DOC.contains(&format!("`{name}`")),
            "file {name} is not documented"
        );
    }
    for flag in ["--input", "--out-dir", "--date", "CERTKIT_BLESS=1"] {
        assert!(DOC.contains(flag), "{flag} is not documented");
    }
}
