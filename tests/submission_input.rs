//! The kit input (the user's additions): it round-trips through JSON, serde's own
//! reading agrees with certkit's checked reading, the template reads back, and every
//! kind of mistake is refused with the path of the wrong field.

use certkit::report::{CountsAs, Report};
use certkit::submission::{
    template, AttestationStatus, KitInput, Transform, CRITERIA, KIT_INPUT_FORMAT,
};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/submission");

fn read(name: &str) -> String {
    let path = format!("{FIXTURES}/{name}");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

fn mixed_input() -> KitInput {
    KitInput::from_json(&read("mixed.input.json"))
        .unwrap_or_else(|e| panic!("mixed.input.json is refused: {e}"))
}

fn report(name: &str) -> Report {
    serde_json::from_str(&read(name)).unwrap_or_else(|e| panic!("{name} is not a report: {e}"))
}

#[test]
fn additions_round_trip_through_json() {
    let input = mixed_input();
    assert_eq!(input.data_generator, "Acme Cloud");
    assert_eq!(input.kils.len(), 2);
    assert_eq!(
        input.attestations["pricing-math"].status,
        AttestationStatus::Deviation
    );
    assert_eq!(
        input.column_mapping["BilledCost"].transform,
        Some(Transform::Formula)
    );
    assert_eq!(input.invoice_totals["INV-003"].currency, "EUR");
    let again = KitInput::from_json(&input.to_json())
        .unwrap_or_else(|e| panic!("to_json output is refused: {e}"));
    assert_eq!(again, input);
}

#[test]
fn serde_reads_the_same_as_the_checked_reader() {
    let text = read("mixed.input.json");
    let by_serde: KitInput = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("serde refuses mixed.input.json: {e}"));
    assert_eq!(by_serde, mixed_input());
}

#[test]
fn a_minimal_input_has_defaults() {
    let input = KitInput::from_json(r#"{ "format": "certkit-kit-input/1" }"#)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(input, KitInput::default());
    assert_eq!(input.format, KIT_INPUT_FORMAT);
    let blank = KitInput::from_json(
        r#"{ "format": "certkit-kit-input/1", "attestations": { "pricing-math": {} } }"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        blank.attestations["pricing-math"].status,
        AttestationStatus::Unanswered
    );
}

#[test]
fn the_template_lists_every_failure_and_criterion_and_reads_back() {
    let report = report("mixed.report.json");
    let filled = template(&report, None);
    for f in report
        .findings
        .iter()
        .filter(|f| f.counts_as != CountsAs::NotApplicable)
    {
        assert!(
            filled.deviations.contains_key(&f.rule_id),
            "the template misses {}",
            f.rule_id
        );
    }
    assert!(
        !filled.deviations.contains_key("Tags-C-001-M"),
        "failures in areas that do not apply need no workaround"
    );
    for c in &CRITERIA {
        assert_eq!(
            filled.attestations.get(c.id).map(|a| a.status),
            Some(AttestationStatus::Unanswered),
            "{}",
            c.id
        );
    }
    let back = KitInput::from_json(&filled.to_json())
        .unwrap_or_else(|e| panic!("the template is refused: {e}"));
    assert_eq!(back, filled);

    // What the user wrote survives, new entries are added around it.
    let existing = mixed_input();
    let merged = template(&report, Some(&existing));
    assert_eq!(
        merged.deviations["ListCost-C-009-C"],
        existing.deviations["ListCost-C-009-C"]
    );
    assert_eq!(
        merged.attestations["pricing-math"],
        existing.attestations["pricing-math"]
    );
    assert!(merged.deviations.contains_key("ServiceCategory-C-003-M"));
    assert_eq!(merged.kils, existing.kils);
    assert_eq!(merged.column_mapping, existing.column_mapping);
}

/// Each mistake, with the path the error must name and a word its reason must hold.
const MISTAKES: &[(&str, &str, &str)] = &[
    (
        r#"{ "format": "certkit-kit-input/1", "datagenerator": "Acme" }"#,
        "datagenerator",
        "not a field",
    ),
    (r#"{ "data_generator": "Acme" }"#, "format", "missing"),
    (
        r#"{ "format": "certkit-kit-input/9" }"#,
        "format",
        "certkit-kit-input/1",
    ),
    (
        r#"{ "format": "certkit-kit-input/1", "contact": 5 }"#,
        "contact",
        "text",
    ),
    (
        r#"{ "format": "certkit-kit-input/1", "deviations": { "NotARule-1": {} } }"#,
        "deviations.NotARule-1",
        "rule ID",
    ),
    (
        r#"{ "format": "certkit-kit-input/1", "deviations": { "ListCost-C-009-C": { "kil": "yes" } } }"#,
        "deviations.ListCost-C-009-C.kil",
        "true or false",
    ),
    (
        r#"{ "format": "certkit-kit-input/1", "deviations": { "ListCost-C-009-C": { "workarounds": "x" } } }"#,
        "deviations.ListCost-C-009-C.workarounds",
        "workaround",
    ),
    (
        r#"{ "format": "certkit-kit-input/1", "kils": { "id": "KIL-1" } }"#,
        "kils",
        "list",
    ),
    (
        r#"{ "format": "certkit-kit-input/1", "kils": [ { "title": "no id" } ] }"#,
        "kils[0].id",
        "identifier",
    ),
    (
        r#"{ "format": "certkit-kit-input/1", "kils": [ { "id": "K", "providers_affected": "AWS" } ] }"#,
        "kils[0].providers_affected",
        "list",
    ),
    (
        r#"{ "format": "certkit-kit-input/1", "kils": [ { "id": "K", "providers_affected": ["AWS", 3] } ] }"#,
        "kils[0].providers_affected[1]",
        "text",
    ),
    (
        r#"{ "format": "certkit-kit-input/1", "kils": [ { "id": "K" }, { "id": "K" } ] }"#,
        "kils[1].id",
        "earlier",
    ),
    (
        r#"{ "format": "certkit-kit-input/1", "kils": [ { "id": "K", "rule_ids": ["ListCost-C-009-C", "Nope"] } ] }"#,
        "kils[0].rule_ids[1]",
        "rule ID",
    ),
    (
        r#"{ "format": "certkit-kit-input/1", "attestations": { "invoices": {} } }"#,
        "attestations.invoices",
        "invoice-alignment",
    ),
    (
        r#"{ "format": "certkit-kit-input/1", "attestations": { "pricing-math": { "status": "yes" } } }"#,
        "attestations.pricing-math.status",
        "not-applicable",
    ),
    (
        r#"{ "format": "certkit-kit-input/1", "invoice_totals": { "INV-1": { "total": "1,234.00", "currency": "USD" } } }"#,
        "invoice_totals.INV-1.total",
        "decimal",
    ),
    (
        r#"{ "format": "certkit-kit-input/1", "invoice_totals": { "INV-1": { "total": 12.5, "currency": "USD" } } }"#,
        "invoice_totals.INV-1.total",
        "as text",
    ),
    (
        r#"{ "format": "certkit-kit-input/1", "invoice_totals": { "INV-1": { "total": "12.50" } } }"#,
        "invoice_totals.INV-1.currency",
        "missing",
    ),
    (
        r#"{ "format": "certkit-kit-input/1", "invoice_totals": { "INV-1": { "total": "12.50", "currency": "usd" } } }"#,
        "invoice_totals.INV-1.currency",
        "ISO 4217",
    ),
    (
        r#"{ "format": "certkit-kit-input/1", "column_mapping": { "billedcost": {} } }"#,
        "column_mapping.billedcost",
        "BilledCost",
    ),
    (
        r#"{ "format": "certkit-kit-input/1", "column_mapping": { "BilledCost": { "transform": "Copy" } } }"#,
        "column_mapping.BilledCost.transform",
        "Not available",
    ),
    (
        r#"{ "format": "certkit-kit-input/1", "column_mapping": { "BilledCost": "line_item.cost" } }"#,
        "column_mapping.BilledCost",
        "object",
    ),
];

#[test]
fn mistakes_name_the_field_path() {
    for (text, path, word) in MISTAKES {
        match KitInput::from_json(text) {
            Ok(_) => panic!("accepted: {text}"),
            Err(e) => {
                assert_eq!(e.path, *path, "wrong path for {text}: {e}");
                assert!(
                    e.reason.contains(word),
                    "the reason for {text} should mention {word:?}: {e}"
                );
                assert!(e.to_string().starts_with(&format!("field {path}: ")), "{e}");
            }
        }
    }
}

#[test]
fn broken_json_says_where() {
    let e = KitInput::from_json("{ \"format\": \"certkit-kit-input/1\",\n  \"contact\": }").err();
    let e = e.unwrap_or_else(|| panic!("broken JSON was accepted"));
    assert_eq!(e.path, "");
    assert!(
        e.reason.contains("not valid JSON") && e.reason.contains("line 2"),
        "{e}"
    );
    let e = KitInput::from_json("[1, 2]")
        .err()
        .unwrap_or_else(|| panic!("a list was accepted"));
    assert!(
        e.reason.contains("the document must be a JSON object"),
        "{e}"
    );
}

#[test]
fn custom_columns_and_nulls_are_accepted() {
    let text = r#"{ "format": "certkit-kit-input/1", "contact": null,
        "column_mapping": { "x_Team": { "source": "tags.team", "transform": null } },
        "deviations": { "ListCost-C-009-C": { "kil": null } } }"#;
    let input = KitInput::from_json(text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(input.column_mapping["x_Team"].source, "tags.team");
    assert_eq!(input.column_mapping["x_Team"].transform, None);
    assert!(!input.deviations["ListCost-C-009-C"].kil);
    assert!(KitInput::from_json(
        r#"{ "format": "certkit-kit-input/1", "column_mapping": { "x_": {} } }"#
    )
    .is_err());
}
