//! docs/assessment.md and docs/assessment-schema.json stay in step with the code.

use certkit::calc::{evaluate, KNOWN_FIELDS};
use serde_json::Value;

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[test]
fn the_docs_example_is_the_eligible_example_and_scores_as_described() {
    let doc = read("docs/assessment.md");
    let start = doc.find("```json\n").expect("a json block") + "```json\n".len();
    let end = start + doc[start..].find("```").unwrap();
    let example: Value = serde_json::from_str(&doc[start..end]).unwrap();
    let file: Value =
        serde_json::from_str(&read("examples/assessments/platform-eligible.json")).unwrap();
    assert_eq!(
        example, file,
        "the docs example must match examples/assessments/platform-eligible.json"
    );
    // The text says: 65 + 27 = 92 of 119 (77.31%), eligible.
    let r = evaluate(&doc[start..end], None).unwrap();
    let p = r.points.unwrap();
    assert_eq!(
        (
            p.from_capabilities,
            p.from_supplemental,
            p.earned,
            p.possible,
            r.percent,
            r.eligible
        ),
        (65, 27, 92, 119, Some(77.31), true)
    );
}

#[test]
fn the_schema_knows_exactly_the_fields_the_parser_knows() {
    let schema: Value = serde_json::from_str(&read("docs/assessment-schema.json")).unwrap();
    let mut in_schema: Vec<&str> = schema["properties"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut known: Vec<&str> = KNOWN_FIELDS.to_vec();
    in_schema.sort_unstable();
    known.sort_unstable();
    assert_eq!(in_schema, known);
    let caps = schema["properties"]["capabilities"]["items"]["enum"]
        .as_array()
        .unwrap();
    assert_eq!(caps.len(), 21 + 5, "21 capability ids and 5 aliases");
}

#[test]
fn every_example_assessment_scores() {
    let dir = format!("{}/examples/assessments", env!("CARGO_MANIFEST_DIR"));
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let json = std::fs::read_to_string(&path).unwrap();
        evaluate(&json, None).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        count += 1;
    }
    assert!(count >= 3);
}
