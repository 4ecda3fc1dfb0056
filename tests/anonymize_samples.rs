//! The real samples in ../shared/focus/samples (the FOCUS 1.0 official 1000-row sample
//! and the FOCUS 1.2 specification examples) anonymize with the same properties as the
//! generated ones: no customer value left, everything else unchanged, same shape,
//! consistent tokens.

#[path = "anonymize_support/mod.rs"]
mod support;

use std::collections::HashMap;
use std::path::Path;

use certkit::anonymize::{AnonymizeOptions, AnonymizeSummary, ColumnAction, ColumnKind};
use support::{read_table, run_ok, samples_dir, Haystack, Table};

/// Every string inside a JSON value (object values, array items, nested), not keys.
fn json_strings(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| json_strings(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| json_strings(v, out)),
        _ => {}
    }
}

/// The keys of the Tags objects, kept by default and so public.
fn tag_keys(before: &Table, summary: &AnonymizeSummary) -> Vec<String> {
    let Some(tags) = summary.columns.iter().find(|c| c.action == ColumnAction::Tags) else { return Vec::new() };
    before
        .column(&tags.name)
        .iter()
        .flatten()
        .filter_map(|cell| match serde_json::from_str::<serde_json::Value>(cell) {
            Ok(serde_json::Value::Object(map)) => Some(map.keys().cloned().collect::<Vec<_>>()),
            _ => None,
        })
        .flatten()
        .collect()
}

fn is_placeholder(text: &str) -> bool {
    ["", "null", "none", "n/a", "na", "not applicable"].iter().any(|p| p.eq_ignore_ascii_case(text.trim()))
}

/// The customer values of the input: every value of a replaced column, and every
/// tag value (a Tags cell that is not JSON counts as a whole).
fn secrets(before: &Table, summary: &AnonymizeSummary) -> Vec<String> {
    let mut secrets = Vec::new();
    for column in &summary.columns {
        let cells = before.column(&column.name).iter().flatten().filter(|c| !is_placeholder(c));
        match column.action {
            ColumnAction::Token(_) => secrets.extend(cells.cloned()),
            ColumnAction::Tags => {
                for cell in cells {
                    match serde_json::from_str::<serde_json::Value>(cell) {
                        Ok(serde_json::Value::Object(map)) => map.values().for_each(|v| json_strings(v, &mut secrets)),
                        _ => secrets.push(cell.clone()),
                    }
                }
            }
            ColumnAction::Keep | ColumnAction::Drop => {}
        }
    }
    secrets.sort();
    secrets.dedup();
    secrets
}

/// Anonymizes one sample file and checks every property; returns the number of
/// customer values looked for in the output.
fn check_sample(path: &Path) -> usize {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let input = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (output, summary) = run_ok(&input, &name, &AnonymizeOptions::new("real-sample-salt"));
    let before = read_table(&input, &name);
    let after = read_table(&output, &name);

    assert_eq!(after.rows(), before.rows(), "{name}: rows");
    assert_eq!(summary.rows as usize, before.rows(), "{name}: summary rows");
    let expected: Vec<&String> = before.header.iter().filter(|h| !summary.columns_dropped.contains(h)).collect();
    assert_eq!(after.header.iter().collect::<Vec<_>>(), expected, "{name}: column order");
    for column in &summary.columns_kept {
        assert_eq!(after.column(column), before.column(column), "{name}: {column} changed");
    }

    // Nulls and written-out nulls stay where they were in the replaced columns.
    for column in summary.columns.iter().filter(|c| matches!(c.action, ColumnAction::Token(_) | ColumnAction::Tags)) {
        for (row, (a, b)) in before.column(&column.name).iter().zip(after.column(&column.name)).enumerate() {
            match (a, b) {
                (None, None) => {}
                (Some(a), Some(b)) if is_placeholder(a) => assert_eq!(a, b, "{name}: {} row {row}", column.name),
                (Some(_), Some(b)) => assert!(!is_placeholder(b), "{name}: {} row {row}", column.name),
                _ => panic!("{name}: {} row {row}: null-ness changed", column.name),
            }
        }
    }

    // A value that is also in a kept column or the header is public (a description
    // equal to a service name); every other customer value must be gone.
    let public_text = summary
        .columns_kept
        .iter()
        .flat_map(|c| before.column(c).iter().flatten())
        .chain(&before.header)
        .cloned()
        .chain(tag_keys(&before, &summary))
        .collect::<Vec<_>>()
        .join("\u{1}");
    let public = Haystack::new(public_text.as_bytes());
    let out = Haystack::new(&output);
    let cells_text = after.cells().collect::<Vec<_>>().join("\u{1}");
    let cells = Haystack::new(cells_text.as_bytes());
    let mut looked_for = 0;
    for secret in secrets(&before, &summary).iter().filter(|s| s.len() >= 4) {
        if public.contains(secret.as_bytes()) {
            continue;
        }
        looked_for += 1;
        assert!(!cells.contains(secret.as_bytes()), "{name}: {secret:?} survived in a cell");
        // A value made of CSV punctuation (a tag value `,NULL,NULL,`) also occurs
        // between fields; for those the cells are the place to look.
        if !secret.contains([',', '"', '\n', '\r']) {
            assert!(!out.contains(secret.as_bytes()), "{name}: {secret:?} survived in the output bytes");
        }
    }

    // One identifier, one token, across the identifier columns.
    let mut token_of: HashMap<&str, &str> = HashMap::new();
    for column in summary.columns.iter().filter(|c| c.kind == ColumnKind::Identifier) {
        for (a, b) in before.column(&column.name).iter().zip(after.column(&column.name)) {
            if let (Some(a), Some(b)) = (a, b) {
                assert_eq!(*token_of.entry(a).or_insert(b), b.as_str(), "{name}: {a} got two tokens");
            }
        }
    }
    looked_for
}

#[test]
fn the_official_focus_1_0_sample_anonymizes_cleanly() {
    let path = samples_dir().join("focus-1.0_official_sample/focus-1.0_focus_sample_1000rows.csv");
    let looked_for = check_sample(&path);
    assert!(looked_for > 100, "only {looked_for} customer values were looked for");

    let input = std::fs::read(&path).unwrap();
    let (output, summary) = run_ok(&input, "sample.csv", &AnonymizeOptions::new("real-sample-salt"));
    assert_eq!(summary.rows, 1000);
    assert_eq!(
        summary.columns_hashed,
        ["BillingAccountId", "CommitmentDiscountId", "ResourceId", "SubAccountId"],
        "{}",
        summary.to_text()
    );
    assert_eq!(
        summary.columns_replaced,
        ["BillingAccountName", "ChargeDescription", "CommitmentDiscountName", "ResourceName", "SubAccountName", "Tags"]
    );
    // `Id` is not a FOCUS column and has no x_ prefix: dropped like a custom column.
    assert_eq!(summary.columns_dropped, ["Id"]);
    let tags = summary.tags.clone().unwrap();
    assert!(tags.values_replaced > 0);
    // The same salt gives the same bytes.
    assert!(run_ok(&input, "sample.csv", &AnonymizeOptions::new("real-sample-salt")).0 == output);
    // ResourceId and CommitmentDiscountId stay equal where they were.
    let (before, after) = (read_table(&input, "s.csv"), read_table(&output, "s.csv"));
    let equal = |t: &Table| -> Vec<bool> {
        t.column("ResourceId")
            .iter()
            .zip(t.column("CommitmentDiscountId"))
            .map(|(r, c)| r.is_some() && r == c)
            .collect()
    };
    assert_eq!(equal(&before), equal(&after));
}

#[test]
fn every_focus_1_2_spec_example_anonymizes_cleanly() {
    let dir = samples_dir().join("focus-1.2_spec_examples");
    let mut files = Vec::new();
    let mut pending = vec![dir];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "csv") {
                files.push(path);
            }
        }
    }
    assert!(files.len() >= 20, "only {} spec examples found", files.len());
    for path in &files {
        check_sample(path);
    }
}

#[test]
fn a_commitment_purchase_keeps_resource_equal_to_commitment() {
    let path = samples_dir()
        .join("focus-1.2_spec_examples/commitment_discount_scenarios/commitment_discount_purchase_scenario_3.csv");
    let input = std::fs::read(&path).unwrap();
    let (output, summary) = run_ok(&input, "p.csv", &AnonymizeOptions::new("salt"));
    let text = String::from_utf8(output.clone()).unwrap();
    assert!(!text.contains("my-commitment-discount-id"), "{text}");
    let after = read_table(&output, "p.csv");
    for (r, c) in after.column("ResourceId").iter().zip(after.column("CommitmentDiscountId")) {
        assert!(r.as_deref().is_some_and(|r| r.starts_with("id-")) && r == c, "{r:?} vs {c:?}");
    }
    // Purchases only, and the charge periods reach past the billing period: covered.
    assert!(summary.sample_checks.iter().any(|c| c.id == "complete-billing-period" && c.passed));
    assert!(summary.sample_checks.iter().any(|c| c.id == "several-charge-categories" && !c.passed));
}
