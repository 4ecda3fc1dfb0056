//! The JSON report honours `docs/report-schema.json`: a small checker of the schema
//! keywords the document uses (type, required, properties, items, enum, const,
//! minimum, maxItems, additionalProperties, $ref) validates real reports against it.

use std::ops::ControlFlow;

use certkit::read::BytesSource;
use certkit::report::json;
use certkit::validate::{validate, ValidateOptions};
use serde_json::Value;

const SCHEMA: &str = include_str!("../docs/report-schema.json");

fn schema() -> Value {
    match serde_json::from_str(SCHEMA) {
        Ok(v) => v,
        Err(e) => panic!("docs/report-schema.json is not valid JSON: {e}"),
    }
}

fn type_matches(name: &str, v: &Value) -> bool {
    match name {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "integer" => v.is_u64() || v.is_i64(),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        _ => false,
    }
}

/// Every violation of `schema` by `value` at `path`.
fn check(root: &Value, schema: &Value, value: &Value, path: &str, errors: &mut Vec<String>) {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference.trim_start_matches("#/$defs/");
        match root.get("$defs").and_then(|d| d.get(name)) {
            Some(target) => return check(root, target, value, path, errors),
            None => return errors.push(format!("{path}: unknown $ref {reference}")),
        }
    }
    match schema.get("type") {
        Some(Value::String(t)) if !type_matches(t, value) => {
            return errors.push(format!("{path}: expected {t}, got {value}"))
        }
        Some(Value::Array(ts))
            if !ts
                .iter()
                .filter_map(Value::as_str)
                .any(|t| type_matches(t, value)) =>
        {
            return errors.push(format!("{path}: expected one of {ts:?}, got {value}"))
        }
        _ => {}
    }
    if let Some(c) = schema.get("const") {
        if c != value {
            errors.push(format!("{path}: expected {c}, got {value}"));
        }
    }
    if let Some(options) = schema.get("enum").and_then(Value::as_array) {
        if !options.contains(value) {
            errors.push(format!("{path}: {value} is not one of {options:?}"));
        }
    }
    if let (Some(min), Some(n)) = (
        schema.get("minimum").and_then(Value::as_f64),
        value.as_f64(),
    ) {
        if n < min {
            errors.push(format!("{path}: {n} is below {min}"));
        }
    }
    if let Some(object) = value.as_object() {
        for key in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if !object.contains_key(key) {
                errors.push(format!("{path}: missing required field {key}"));
            }
        }
        let properties = schema.get("properties").and_then(Value::as_object);
        for (key, v) in object {
            match properties.and_then(|p| p.get(key)) {
                Some(s) => check(root, s, v, &format!("{path}.{key}"), errors),
                None => match schema.get("additionalProperties") {
                    Some(s) if s.is_object() => check(root, s, v, &format!("{path}.{key}"), errors),
                    _ if properties.is_some() => errors.push(format!(
                        "{path}: field {key} is not documented in the schema"
                    )),
                    _ => {}
                },
            }
        }
    }
    if let Some(items) = value.as_array() {
        if let Some(max) = schema.get("maxItems").and_then(Value::as_u64) {
            if items.len() as u64 > max {
                errors.push(format!("{path}: {} items, at most {max}", items.len()));
            }
        }
        if let Some(s) = schema.get("items") {
            for (i, v) in items.iter().enumerate() {
                check(root, s, v, &format!("{path}[{i}]"), errors);
            }
        }
    }
}

fn report_json(csv: &str) -> Value {
    let report = match validate(
        Box::new(BytesSource::new(csv.as_bytes().to_vec())),
        "t.csv",
        &ValidateOptions::default(),
        &mut |_| ControlFlow::Continue(()),
    ) {
        Ok(r) => r,
        Err(e) => panic!("validation failed: {e}"),
    };
    match serde_json::from_str(&json::to_json(&report)) {
        Ok(v) => v,
        Err(e) => panic!("the report is not valid JSON: {e}"),
    }
}

#[test]
fn reports_validate_against_the_documented_schema() {
    let root = schema();
    let valid = include_str!("fixtures/rules/valid-1.2.csv");
    let broken = "BilledCost,ChargeCategory,ChargePeriodStart,Id,SkuPriceid,Tags\n\
                  +1,usage,2024-01-01 00:00:00,1,x,\"{\"\"a\"\":1,\"\"a\"\":2}\"\n\
                  NULL,Tax,2024-02-30T00:00:00Z,2,y,\n";
    for (name, csv) in [("valid", valid), ("broken", broken)] {
        let value = report_json(csv);
        let mut errors = Vec::new();
        check(&root, &root, &value, "$", &mut errors);
        assert!(
            errors.is_empty(),
            "the {name} report breaks the schema:\n{}",
            errors.join("\n")
        );
        if name == "broken" {
            assert!(value["findings"].as_array().is_some_and(|f| f.len() > 5));
        }
    }
}

#[test]
fn the_checker_catches_violations() {
    let root = schema();
    let mut value = report_json(include_str!("fixtures/rules/valid-1.2.csv"));
    if let Some(o) = value.as_object_mut() {
        o.remove("certification");
        o.insert("rows".into(), Value::String("three".into()));
    }
    let mut errors = Vec::new();
    check(&root, &root, &value, "$", &mut errors);
    assert!(errors
        .iter()
        .any(|e| e.contains("missing required field certification")));
    assert!(errors
        .iter()
        .any(|e| e.contains("$.rows: expected integer")));
}

#[test]
fn reports_round_trip_through_json() {
    let report = match validate(
        Box::new(BytesSource::new(
            include_str!("fixtures/rules/valid-1.2.csv")
                .as_bytes()
                .to_vec(),
        )),
        "valid.csv",
        &ValidateOptions::default(),
        &mut |_| ControlFlow::Continue(()),
    ) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    let text = json::to_json(&report);
    assert_eq!(json::from_json(&text).as_ref(), Ok(&report));
    assert_eq!(
        json::from_json(&json::to_json_compact(&report)).as_ref(),
        Ok(&report)
    );
    assert!(json::from_json("{}").is_err());
}
