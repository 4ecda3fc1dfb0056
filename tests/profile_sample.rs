//! The profile of the real FOCUS 1.0 sample (../shared), checked against figures this
//! test computes itself in a simple second pass over the same file.

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

use arrow_array::cast::AsArray;
use arrow_array::{Array, RecordBatch};
use certkit::profile::{Kind, Profile, ProfileOptions, Profiler};
use certkit::read::{self, FileSource, ReadOptions};

const SAMPLE: &str = "focus/samples/focus-1.0_official_sample/focus-1.0_focus_sample_1000rows.csv";

fn sample_path() -> PathBuf {
    let shared = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared"));
    assert!(
        shared.is_dir(),
        "../shared is missing: these tests read the real FOCUS sample from {}; check out the shared facts next to the repository",
        shared.display()
    );
    shared.join(SAMPLE)
}

/// Reads the sample in batches of `batch_rows`; returns its header and batches.
fn read_sample(batch_rows: usize) -> (Vec<String>, arrow_schema::SchemaRef, Vec<RecordBatch>) {
    let path = sample_path();
    let source = FileSource::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let opts = ReadOptions {
        batch_rows,
        delimiter: None,
        ..ReadOptions::default()
    };
    let mut reader =
        read::open(Box::new(source), "sample.csv", &opts).unwrap_or_else(|e| panic!("{e}"));
    let mut batches = Vec::new();
    while let Some(batch) = reader.next_batch() {
        batches.push(batch.unwrap_or_else(|e| panic!("{e}")));
    }
    (reader.header().to_vec(), reader.schema(), batches)
}

fn profile_sample(batch_rows: usize) -> Profile {
    let (header, schema, batches) = read_sample(batch_rows);
    let mut profiler = Profiler::new(&header, &schema, ProfileOptions::default());
    for batch in &batches {
        profiler.push(batch);
    }
    profiler.finish()
}

/// Every cell of a column as text (`None` for nulls), over all batches.
fn cells(batches: &[RecordBatch], header: &[String], name: &str) -> Vec<Option<String>> {
    let at = header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("the sample has no {name} column"));
    let mut out = Vec::new();
    for batch in batches {
        let column = batch.column(at).as_string::<i32>();
        for row in 0..column.len() {
            out.push((!column.is_null(row)).then(|| column.value(row).to_string()));
        }
    }
    out
}

fn is_null_text(cell: &Option<String>) -> bool {
    cell.as_deref()
        .is_none_or(|t| t.trim().eq_ignore_ascii_case("null"))
}

#[test]
fn charge_categories_and_their_costs_match_a_second_pass() {
    let profile = profile_sample(128);
    let (header, _, batches) = read_sample(1000);
    let categories = cells(&batches, &header, "ChargeCategory");
    let billed = cells(&batches, &header, "BilledCost");
    let mut expected: BTreeMap<String, (u64, f64)> = BTreeMap::new();
    for (category, cost) in categories.iter().zip(&billed) {
        let category = category
            .clone()
            .expect("the sample has a ChargeCategory on every row");
        let cost: f64 = cost.as_deref().and_then(|c| c.parse().ok()).unwrap_or(0.0);
        let entry = expected.entry(category).or_default();
        entry.0 += 1;
        entry.1 += cost;
    }
    assert_eq!(profile.rows, 1000);
    // The column's own summary: exact top values, as many as there are categories.
    let column = profile
        .columns
        .iter()
        .find(|c| c.name == "ChargeCategory")
        .expect("profiled");
    assert!(column.top_values_exact && column.distinct_exact);
    assert_eq!(column.distinct_estimate, expected.len() as u64);
    let counted: BTreeMap<String, u64> = column
        .top_values
        .iter()
        .map(|t| (t.value.clone(), t.count))
        .collect();
    assert_eq!(
        counted,
        expected
            .iter()
            .map(|(k, (n, _))| (k.clone(), *n))
            .collect::<BTreeMap<_, _>>()
    );
    // The chart: rows and billed cost per category, all in one currency.
    assert!(profile
        .cost_by_charge_category
        .iter()
        .all(|b| b.currency.as_deref() == Some("USD")));
    assert_eq!(profile.cost_by_charge_category.len(), expected.len());
    for bucket in &profile.cost_by_charge_category {
        let key = bucket.key.clone().expect("no null category in the sample");
        let (rows, cost) = expected[&key];
        assert_eq!(bucket.rows, rows, "{key}");
        assert!(
            (bucket.billed_cost - cost).abs() < 1e-6,
            "{key}: {} against {cost}",
            bucket.billed_cost
        );
    }
}

#[test]
fn days_nulls_and_distinct_counts_match_a_second_pass() {
    let profile = profile_sample(64);
    let (header, _, batches) = read_sample(1000);
    // Rows per day of ChargePeriodStart, from the date part of the text.
    let mut days: BTreeMap<String, u64> = BTreeMap::new();
    for start in cells(&batches, &header, "ChargePeriodStart")
        .into_iter()
        .flatten()
    {
        *days.entry(start[..10].to_string()).or_default() += 1;
    }
    let charted: BTreeMap<String, u64> = profile
        .cost_by_day
        .iter()
        .map(|b| (b.key.clone().unwrap_or_default(), b.rows))
        .collect();
    assert_eq!(charted, days);
    // Nulls of ChargeClass: real nulls and the word NULL.
    let class = cells(&batches, &header, "ChargeClass");
    let nulls = class.iter().filter(|c| is_null_text(c)).count() as u64;
    let column = profile
        .columns
        .iter()
        .find(|c| c.name == "ChargeClass")
        .expect("profiled");
    assert_eq!(column.nulls, nulls);
    assert!((column.null_share - nulls as f64 / 1000.0).abs() < 1e-12);
    // Distinct ServiceName and ResourceId values.
    for name in ["ServiceName", "ResourceId"] {
        let distinct: HashSet<String> = cells(&batches, &header, name)
            .into_iter()
            .filter(|c| !is_null_text(c))
            .flatten()
            .collect();
        let column = profile
            .columns
            .iter()
            .find(|c| c.name == name)
            .expect("profiled");
        if column.distinct_exact {
            assert_eq!(column.distinct_estimate, distinct.len() as u64, "{name}");
        } else {
            let relative = (column.distinct_estimate as f64 - distinct.len() as f64).abs()
                / distinct.len() as f64;
            assert!(
                relative <= 0.049,
                "{name}: {} against {}",
                column.distinct_estimate,
                distinct.len()
            );
        }
    }
}

#[test]
fn kinds_sensitivity_and_preview_of_the_sample() {
    let profile = profile_sample(100);
    let (header, _, batches) = read_sample(1000);
    let kind = |name: &str| {
        profile
            .columns
            .iter()
            .find(|c| c.name == name)
            .map(|c| (c.kind, c.sensitive))
    };
    assert_eq!(kind("BilledCost"), Some((Kind::Number, false)));
    assert_eq!(kind("ChargePeriodStart"), Some((Kind::Datetime, false)));
    assert_eq!(kind("Tags"), Some((Kind::Json, true)));
    assert_eq!(kind("ResourceId"), Some((Kind::Text, true)));
    assert_eq!(kind("BillingAccountName"), Some((Kind::Text, true)));
    // `Id` is no FOCUS column: its values, all numbers, decide.
    assert_eq!(kind("Id"), Some((Kind::Number, false)));
    // The preview: the first 200 rows, cell for cell.
    assert_eq!(profile.preview.header, header);
    assert_eq!(profile.preview.rows.len(), 200);
    for (i, name) in header.iter().enumerate() {
        let column = cells(&batches, &header, name);
        for (row, preview_row) in profile.preview.rows.iter().enumerate() {
            assert_eq!(preview_row[i], column[row], "row {row}, column {name}");
        }
    }
}

#[test]
fn the_profile_does_not_depend_on_the_batch_size() {
    assert_eq!(profile_sample(7), profile_sample(8192));
}
