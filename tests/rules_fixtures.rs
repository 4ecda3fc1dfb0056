//! Data-driven rule fixtures (`tests/fixtures/rules/focus-1.2.json`): a base row with
//! all 57 FOCUS 1.2 columns passes every rule, and for every implemented rule one
//! change makes it pass (with the rule actually checking something) and another makes
//! it fail. The engine runs on record batches built here, independent of the reader.

use std::collections::BTreeMap;
use std::sync::Arc;

use arrow_array::{
    ArrayRef, BooleanArray, Decimal128Array, Float64Array, Int64Array, RecordBatch, StringArray,
    TimestampSecondArray,
};
use arrow_schema::{DataType, Field, Schema, TimeUnit};
use certkit::focus::FocusVersion;
use certkit::rules::{registry, Engine, EngineOptions, EngineOutput, InstanceStatus, Tally};
use serde_json::{Map, Value};

const FIXTURES: &str = include_str!("fixtures/rules/focus-1.2.json");

fn fixtures() -> Value {
    match serde_json::from_str(FIXTURES) {
        Ok(v) => v,
        Err(e) => panic!("tests/fixtures/rules/focus-1.2.json is not valid JSON: {e}"),
    }
}

/// A table: column names, per-column Arrow type name, rows of optional text.
struct Table {
    columns: Vec<String>,
    types: BTreeMap<String, String>,
    rows: Vec<Vec<Option<String>>>,
}

fn cell(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

fn object(v: Option<&Value>) -> Map<String, Value> {
    v.and_then(Value::as_object).cloned().unwrap_or_default()
}

/// The table a case describes, built on the base row.
fn table(base: &Map<String, Value>, case: &Value) -> Table {
    let mut columns: Vec<String> = base.keys().cloned().collect();
    let mut row: Vec<Option<String>> = base.values().map(cell).collect();
    for (name, value) in object(case.get("set")) {
        match columns.iter().position(|c| *c == name) {
            Some(i) => row[i] = cell(&value),
            None => panic!("fixture sets unknown column {name}"),
        }
    }
    if let Some(drop) = case.get("drop").and_then(Value::as_array) {
        for name in drop.iter().filter_map(Value::as_str) {
            if let Some(i) = columns.iter().position(|c| c == name) {
                columns.remove(i);
                row.remove(i);
            }
        }
    }
    for (old, new) in object(case.get("rename")) {
        if let (Some(i), Some(new)) = (columns.iter().position(|c| *c == old), new.as_str()) {
            columns[i] = new.to_string();
        }
    }
    for (name, value) in object(case.get("add")) {
        columns.push(name);
        row.push(cell(&value));
    }
    for (name, value) in object(case.get("add_first")) {
        columns.insert(0, name);
        row.insert(0, cell(&value));
    }
    let mut rows = vec![row.clone()];
    if let Some(extra) = case.get("rows").and_then(Value::as_array) {
        for changes in extra {
            let mut r = row.clone();
            for (name, value) in object(Some(changes)) {
                match columns.iter().position(|c| *c == name) {
                    Some(i) => r[i] = cell(&value),
                    None => panic!("fixture row sets unknown column {name}"),
                }
            }
            rows.push(r);
        }
    }
    let types = object(case.get("types"))
        .into_iter()
        .filter_map(|(k, v)| v.as_str().map(|t| (k, t.to_string())))
        .collect();
    Table {
        columns,
        types,
        rows,
    }
}

fn array(type_name: &str, values: Vec<Option<String>>) -> (DataType, ArrayRef) {
    match type_name {
        "Int64" => (
            DataType::Int64,
            Arc::new(Int64Array::from(
                values
                    .iter()
                    .map(|v| v.as_deref().and_then(|s| s.parse().ok()))
                    .collect::<Vec<_>>(),
            )),
        ),
        "Float64" => (
            DataType::Float64,
            Arc::new(Float64Array::from(
                values
                    .iter()
                    .map(|v| v.as_deref().and_then(|s| s.parse().ok()))
                    .collect::<Vec<_>>(),
            )),
        ),
        "Boolean" => (
            DataType::Boolean,
            Arc::new(BooleanArray::from(
                values
                    .iter()
                    .map(|v| v.as_deref().map(|s| s == "true"))
                    .collect::<Vec<_>>(),
            )),
        ),
        "Decimal" => {
            let parsed: Vec<Option<i128>> = values
                .iter()
                .map(|v| v.as_deref().and_then(|s| s.replace('.', "").parse().ok()))
                .collect();
            match Decimal128Array::from(parsed).with_precision_and_scale(18, 2) {
                Ok(a) => (DataType::Decimal128(18, 2), Arc::new(a)),
                Err(e) => panic!("decimal fixture: {e}"),
            }
        }
        "TimestampUTC" | "Timestamp" => {
            let secs: Vec<Option<i64>> = values
                .iter()
                .map(|v| v.as_deref().and_then(|s| s.parse().ok()))
                .collect();
            let a = TimestampSecondArray::from(secs);
            if type_name == "TimestampUTC" {
                (
                    DataType::Timestamp(TimeUnit::Second, Some("UTC".into())),
                    Arc::new(a.with_timezone("UTC")),
                )
            } else {
                (DataType::Timestamp(TimeUnit::Second, None), Arc::new(a))
            }
        }
        _ => (DataType::Utf8, Arc::new(StringArray::from(values))),
    }
}

/// Runs the FOCUS 1.2 ruleset over a table.
fn run(t: &Table) -> EngineOutput {
    let mut fields = Vec::new();
    let mut arrays = Vec::new();
    for (i, name) in t.columns.iter().enumerate() {
        let values: Vec<Option<String>> = t.rows.iter().map(|r| r[i].clone()).collect();
        let (dt, a) = array(
            t.types.get(name).map(String::as_str).unwrap_or("Utf8"),
            values,
        );
        fields.push(Field::new(name, dt, true));
        arrays.push(a);
    }
    let schema = Arc::new(Schema::new(fields));
    let batch = match RecordBatch::try_new(schema.clone(), arrays) {
        Ok(b) => b,
        Err(e) => panic!("fixture batch: {e}"),
    };
    let mut engine = Engine::new(
        registry(),
        FocusVersion::V1_2,
        &t.columns,
        &schema,
        EngineOptions::default(),
    );
    engine.push(&batch);
    engine.finish()
}

/// The tally of rule `id` on `column`, or why there is none.
fn tally<'a>(out: &'a EngineOutput, id: &str, column: Option<&str>) -> Result<&'a Tally, String> {
    let reg = registry();
    let mut found = None;
    for instance in &out.instances {
        if reg.rules[instance.rule].id != id {
            continue;
        }
        // Header-level rules report a passing header as one result without a column.
        if column.is_some() && instance.column.as_deref() != column && instance.column.is_some() {
            continue;
        }
        match &instance.status {
            InstanceStatus::Checked(t) => return Ok(t),
            InstanceStatus::NotApplicable(reason) => {
                found = Some(format!("not applicable: {reason}"))
            }
        }
    }
    Err(found.unwrap_or_else(|| format!("no result for {id} on {column:?}")))
}

#[test]
fn the_base_row_passes_every_rule() {
    let fx = fixtures();
    let base = object(fx.get("base"));
    assert_eq!(
        base.len(),
        57,
        "the base row must have all 57 FOCUS 1.2 columns"
    );
    let out = run(&table(&base, &Value::Null));
    let reg = registry();
    let failures: Vec<String> = out
        .instances
        .iter()
        .filter_map(|i| match &i.status {
            InstanceStatus::Checked(t) if t.failed > 0 => Some(format!(
                "{} on {:?}: {:?}",
                reg.rules[i.rule].id, i.column, t.examples
            )),
            _ => None,
        })
        .collect();
    assert!(
        failures.is_empty(),
        "the base row fails:\n{}",
        failures.join("\n")
    );
    assert_eq!(out.complete_billing_periods, 1);
}

#[test]
fn every_rule_passes_and_fails_as_its_fixture_says() {
    let fx = fixtures();
    let base = object(fx.get("base"));
    let rules = object(fx.get("rules"));
    let mut problems = Vec::new();
    for (id, entry) in &rules {
        let column = entry.get("column").and_then(Value::as_str);
        match entry.get("pass").map(|c| run(&table(&base, c))) {
            Some(out) => match tally(&out, id, column) {
                Ok(t) if t.failed > 0 => {
                    problems.push(format!("{id}: the pass case fails: {:?}", t.examples))
                }
                Ok(t) if t.checked == 0 => {
                    problems.push(format!("{id}: the pass case checks nothing"))
                }
                Ok(_) => {}
                Err(e) => problems.push(format!("{id}: pass case: {e}")),
            },
            None => problems.push(format!("{id}: no pass case")),
        }
        match entry.get("fail").map(|c| run(&table(&base, c))) {
            Some(out) => match tally(&out, id, column) {
                Ok(t) if t.failed == 0 => problems.push(format!(
                    "{id}: the fail case passes ({} checked)",
                    t.checked
                )),
                Ok(_) => {}
                Err(e) => problems.push(format!("{id}: fail case: {e}")),
            },
            None => problems.push(format!("{id}: no fail case")),
        }
    }
    assert!(
        problems.is_empty(),
        "{} fixture problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    println!(
        "{} rules checked against their pass and fail fixtures",
        rules.len()
    );
}

#[test]
fn every_implemented_rule_has_a_fixture() {
    let fx = fixtures();
    let rules = object(fx.get("rules"));
    let missing: Vec<&str> = registry()
        .rules
        .iter()
        .filter(|r| r.is_implemented() && !rules.contains_key(&r.id))
        .map(|r| r.id.as_str())
        .collect();
    assert!(
        missing.is_empty(),
        "implemented rules without a fixture: {missing:?}"
    );
    let unknown: Vec<&String> = rules
        .keys()
        .filter(|id| registry().rule(id).is_none_or(|r| !r.is_implemented()))
        .collect();
    assert!(
        unknown.is_empty(),
        "fixtures for rules that are not implemented: {unknown:?}"
    );
}
