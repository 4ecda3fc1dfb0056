//! docs/anonymize.md documents every assumption and sample check the summary can list,
//! and its token example is what the code computes.

#[path = "anonymize_support/mod.rs"]
mod support;

use certkit::anonymize::{AnonymizeOptions, CustomColumns, OutputFormat};
use support::run_ok;

fn docs() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/anonymize.md");
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

const INPUT: &str = "BillingAccountId,x_Team,Tags,ChargeCategory\n1234567890123,Red,{},Usage\n";

#[test]
fn every_assumption_and_check_is_documented() {
    let docs = docs();
    let mut switched = AnonymizeOptions::new("s");
    switched.hash_catalogue_ids = true;
    switched.hash_tag_keys = true;
    switched.keep_descriptions = true;
    switched.output = Some(OutputFormat::Parquet);
    let mut variants = vec![AnonymizeOptions::new("s"), switched];
    for policy in [CustomColumns::Hash, CustomColumns::Keep] {
        let mut o = AnonymizeOptions::new("s");
        o.custom_columns = policy;
        variants.push(o);
    }
    for opts in &variants {
        let (_, summary) = run_ok(INPUT.as_bytes(), "in.csv", opts);
        for assumption in &summary.assumptions {
            assert!(docs.contains(&format!("`{}`", assumption.id)), "docs/anonymize.md lacks `{}`", assumption.id);
        }
        for check in &summary.sample_checks {
            assert!(docs.contains(&format!("`{}`", check.id)), "docs/anonymize.md lacks `{}`", check.id);
        }
    }
}

#[test]
fn the_documented_token_is_the_computed_one() {
    let docs = docs();
    assert!(docs.contains(r#"token(b"x", "1234567890123")   # 'id-4h7r7etfbszigjwqzhkc'"#));
    let (output, _) = run_ok(INPUT.as_bytes(), "in.csv", &AnonymizeOptions::new("x"));
    let text = String::from_utf8(output).unwrap();
    assert!(text.contains("\nid-4h7r7etfbszigjwqzhkc,"), "{text}");
}
