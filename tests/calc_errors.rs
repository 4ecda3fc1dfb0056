//! Bad input: every error names the field path and the reason, and for ids, the valid ones.

use certkit::calc::{evaluate, score_json, Assessment, CalcError};
use serde_json::{json, Value};

fn valid() -> Value {
    let json = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/assessments/platform-eligible.json"
    ))
    .unwrap();
    serde_json::from_str(&json).unwrap()
}

fn error_for(v: &Value) -> CalcError {
    match evaluate(&v.to_string(), None) {
        Ok(r) => panic!("expected an error, got a result: {}", r.summary),
        Err(e) => e,
    }
}

const CAPABILITY_IDS: [&str; 21] = [
    "data-ingestion",
    "allocation",
    "reporting-and-analytics",
    "anomaly-management",
    "planning-and-estimating",
    "forecasting",
    "budgeting",
    "benchmarking",
    "unit-economics",
    "architecting-for-cloud",
    "workload-optimization",
    "licensing-and-saas",
    "rate-optimization",
    "cloud-sustainability",
    "finops-practice-operations",
    "finops-education-and-enablement",
    "cloud-policy-and-governance",
    "invoicing-and-chargeback",
    "finops-assessment",
    "onboarding-workloads",
    "intersecting-disciplines",
];

#[test]
fn the_brief_example_message() {
    let mut v = valid();
    v["certified_staff"]["practitioner"] = json!("ten");
    let e = error_for(&v);
    assert_eq!(
        e.to_string(),
        "certified_staff.practitioner: expected a whole number ≥ 0, got \"ten\""
    );
}

#[test]
fn unknown_ids_name_the_valid_ones() {
    // (field to set, value, error field, ids the message must list)
    let cases: [(&str, Value, &str, Vec<&str>); 4] = [
        (
            "capabilities",
            json!(["allocation", "cost-explorer"]),
            "capabilities[1]",
            CAPABILITY_IDS.to_vec(),
        ),
        (
            "scopes",
            json!(["kubernetes"]),
            "scopes[0]",
            vec!["public-cloud", "saas", "data-center"],
        ),
        (
            "cloud_providers",
            json!(["aws", "ibm-cloud"]),
            "cloud_providers[1]",
            vec!["aws", "azure", "google-cloud", "oracle-cloud", "openstack"],
        ),
        (
            "compliances",
            json!(["hipaa"]),
            "compliances[0]",
            vec!["fedramp", "gdpr", "soc", "iso-27001"],
        ),
    ];
    for (field, value, error_field, ids) in cases {
        let mut v = valid();
        v[field] = value;
        let e = error_for(&v);
        assert_eq!(e.field, error_field, "{e}");
        for id in ids {
            assert!(
                e.message.contains(id),
                "{error_field}: message \"{}\" does not name {id}",
                e.message
            );
        }
    }
    // Capability errors also list the accepted newer names.
    let mut v = valid();
    v["capabilities"] = json!(["nope"]);
    assert!(error_for(&v).message.contains("kpis-and-benchmarking"));
    // Unknown scopes point at custom_scopes.
    let mut v = valid();
    v["scopes"] = json!(["kubernetes"]);
    assert!(error_for(&v).message.contains("custom_scopes"));
}

#[test]
fn typos_get_a_suggestion() {
    let mut v = valid();
    v["capabilities"] = json!(["alocation"]);
    assert!(error_for(&v)
        .message
        .contains("did you mean \"allocation\""));
    let mut v = valid();
    v["certified_staff"] =
        json!({ "practioner": 1, "professional": 3, "focus_analyst": 15, "engineer": 6 });
    let e = error_for(&v);
    assert_eq!(e.field, "certified_staff.practioner");
    assert!(e.message.contains("did you mean \"practitioner\""), "{e}");
}

#[test]
fn wrong_types_and_missing_fields_name_the_path() {
    type Change = fn(&mut Value);
    let cases: [(Change, &str, &str); 18] = [
        (
            |v| {
                v.as_object_mut().unwrap().remove("company_size");
            },
            "company_size",
            "missing required field",
        ),
        (
            |v| v["company_size"] = json!(0),
            "company_size",
            "expected a whole number ≥ 1, got 0",
        ),
        (
            |v| v["company_size"] = json!(12.5),
            "company_size",
            "expected a whole number ≥ 1, got 12.5",
        ),
        (
            |v| v["company_size"] = json!("1,200"),
            "company_size",
            "got \"1,200\"",
        ),
        (
            |v| {
                v["certified_staff"]
                    .as_object_mut()
                    .unwrap()
                    .remove("engineer");
            },
            "certified_staff.engineer",
            "missing required field",
        ),
        (
            |v| v["certified_staff"]["focus_analyst"] = json!(-2),
            "certified_staff.focus_analyst",
            "expected a whole number ≥ 0, got -2",
        ),
        (
            |v| v["certified_staff"] = json!(10),
            "certified_staff",
            "expected an object with practitioner, professional, focus_analyst, engineer",
        ),
        (
            |v| v["memberships"]["finops_foundation"] = json!("yes"),
            "memberships.finops_foundation",
            "expected true or false, got \"yes\"",
        ),
        (
            |v| {
                v["focus"]
                    .as_object_mut()
                    .unwrap()
                    .remove("gap_report_published");
            },
            "focus.gap_report_published",
            "missing required field",
        ),
        (
            |v| v["capabilities"] = json!("allocation"),
            "capabilities",
            "expected a list of ids",
        ),
        (
            |v| v["capabilities"] = json!(["allocation", 5]),
            "capabilities[1]",
            "got 5",
        ),
        (
            |v| v["technology_concentration"] = json!(1),
            "technology_concentration",
            "expected true or false, got 1",
        ),
        (
            |v| v["asset_contribution_months_ago"] = json!(-1),
            "asset_contribution_months_ago",
            "or null for no contribution",
        ),
        (
            |v| {
                v.as_object_mut()
                    .unwrap()
                    .remove("asset_contribution_months_ago");
            },
            "asset_contribution_months_ago",
            "or null if there is none",
        ),
        (
            |v| v["reading"] = json!("strict"),
            "reading",
            "expected \"catalogue\" or \"capabilities-only\"",
        ),
        (
            |v| v["prices"] = json!({ "practitioner": { "exam_only": -5 } }),
            "prices.practitioner.exam_only",
            "whole number of US dollars",
        ),
        (
            |v| v["prices"] = json!({ "engineer": {} }),
            "prices.engineer",
            "practitioner, professional, focus_analyst",
        ),
        (
            |v| {
                v.as_object_mut().unwrap().remove("program");
            },
            "program",
            "missing required field",
        ),
    ];
    for (change, field, phrase) in cases {
        let mut v = valid();
        change(&mut v);
        let e = error_for(&v);
        assert_eq!(e.field, field, "{e}");
        assert!(
            e.message.contains(phrase),
            "{field}: \"{}\" lacks \"{phrase}\"",
            e.message
        );
        assert_eq!(e.to_string(), format!("{field}: {}", e.message));
    }
}

#[test]
fn unknown_top_level_fields_name_the_known_ones() {
    let mut v = valid();
    v["capabilites"] = json!([]);
    let e = error_for(&v);
    assert_eq!(e.field, "capabilites");
    assert!(e.message.contains("did you mean \"capabilities\""));
    for known in [
        "program",
        "capabilities",
        "scopes",
        "technology_concentration",
        "cloud_providers",
        "compliances",
        "company_size",
        "certified_staff",
        "memberships",
        "focus",
        "community_engagement",
        "asset_contribution_months_ago",
        "public_evidence_and_demo",
        "reading",
        "custom_scopes",
        "custom_providers",
        "custom_compliances",
        "prices",
    ] {
        assert!(
            e.message.contains(known),
            "does not name {known}: {}",
            e.message
        );
    }
}

#[test]
fn repeats_and_catalogue_clashes_are_errors() {
    let mut v = valid();
    v["capabilities"] = json!(["benchmarking", "allocation", "kpis-and-benchmarking"]);
    let e = error_for(&v);
    assert_eq!(e.field, "capabilities[2]");
    assert!(e.message.contains("already at capabilities[0]"), "{e}");

    let mut v = valid();
    v["custom_scopes"] = json!(["SaaS"]);
    let e = error_for(&v);
    assert_eq!(e.field, "custom_scopes[0]");
    assert!(e.message.contains("list \"saas\" in scopes"), "{e}");

    let mut v = valid();
    v["custom_providers"] = json!(["VMware", "vmware"]);
    assert_eq!(error_for(&v).field, "custom_providers[1]");
}

#[test]
fn unknown_program_and_attestation_name_the_valid_ones() {
    let mut v = valid();
    v["program"] = json!("platinum");
    let e = error_for(&v);
    assert_eq!(e.field, "program");
    for id in [
        "platform",
        "focus-conformant",
        "service-provider",
        "training-partner",
    ] {
        assert!(e.message.contains(id), "{e}");
    }
    let json = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/assessments/focus-conformant.json"
    ))
    .unwrap();
    let mut v: Value = serde_json::from_str(&json).unwrap();
    v["attestations"]["notarized"] = json!(true);
    let e = error_for(&v);
    assert_eq!(e.field, "attestations.notarized");
    assert!(
        e.message.contains("column-mapping-published")
            && e.message.contains("sandbox-contribution"),
        "{e}"
    );
    // The platform has no attestations at all.
    let mut v = valid();
    v["attestations"] = json!({ "x": true });
    assert_eq!(error_for(&v).field, "attestations");
}

#[test]
fn not_json_or_not_an_object() {
    let e = evaluate("{ \"program\": ", None).unwrap_err();
    assert_eq!(e.field, "");
    assert!(e.message.starts_with("not valid JSON"), "{e}");
    let e = evaluate("[1, 2]", None).unwrap_err();
    assert!(e.message.contains("JSON object"), "{e}");
    let e = Assessment::from_json("42").unwrap_err();
    assert!(e.message.contains("got 42"), "{e}");
}

#[test]
fn an_override_for_another_program_is_refused() {
    let focus = certkit::calc::program_files()[1].1;
    let e = score_json(&valid().to_string(), Some(focus)).unwrap_err();
    assert_eq!(e.field, "program");
    assert!(
        e.message.contains("\"platform\"") && e.message.contains("\"focus-conformant\""),
        "{e}"
    );
    let e = score_json(&valid().to_string(), Some("{}")).unwrap_err();
    assert_eq!(e.field, "program data");
}

#[test]
fn gates_only_programs_need_no_capabilities_but_still_check_types() {
    let json = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/assessments/focus-conformant.json"
    ))
    .unwrap();
    let mut v: Value = serde_json::from_str(&json).unwrap();
    v["capabilities"] = json!(["allocation"]);
    let r = evaluate(&v.to_string(), None).unwrap();
    assert!(r
        .notes
        .iter()
        .any(|n| n.contains("capabilities is not used by the focus-conformant program")));
    v["capabilities"] = json!("allocation");
    assert_eq!(error_for(&v).field, "capabilities");
}
