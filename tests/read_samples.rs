//! The real sample files in ../shared/focus/samples all read, with the right shape.

#[path = "fixtures/read/support.rs"]
mod support;

use std::path::{Path, PathBuf};

use certkit::read::{self, FileSource, InputFormat, ReadErrorKind, ReadOptions};
use support::{read_until_error, row_count, samples_dir};

/// Data rows of every sample CSV (path relative to the samples folder). Counted by
/// hand from the files: records, not lines, header excluded.
const CSV_ROWS: &[(&str, usize)] = &[
    ("focus-1.0_official_sample/focus-1.0_focus_sample_1000rows.csv", 1000),
    ("focus-1.2_spec_examples/commitment_discount_flexibility/one_hundred_percent_utilization_with_commitment_discount_flexibility_with_1_resource.csv", 3),
    ("focus-1.2_spec_examples/commitment_discount_flexibility/one_hundred_percent_utilization_with_commitment_discount_flexibility_with_2_resources.csv", 3),
    ("focus-1.2_spec_examples/commitment_discount_flexibility/one_hundred_percent_utilization_without_commitment_discount_flexibility.csv", 2),
    ("focus-1.2_spec_examples/commitment_discount_flexibility/zero_percent_utilization_without_commitment_discount_flexibility.csv", 3),
    ("focus-1.2_spec_examples/commitment_discount_scenarios/commitment_discount_purchase_scenario_1.csv", 1),
    ("focus-1.2_spec_examples/commitment_discount_scenarios/commitment_discount_purchase_scenario_2.csv", 3),
    ("focus-1.2_spec_examples/commitment_discount_scenarios/commitment_discount_purchase_scenario_3.csv", 4),
    ("focus-1.2_spec_examples/commitment_discount_scenarios/commitment_discount_usage_scenario_1.csv", 1),
    ("focus-1.2_spec_examples/commitment_discount_scenarios/commitment_discount_usage_scenario_2.csv", 1),
    ("focus-1.2_spec_examples/commitment_discount_scenarios/commitment_discount_usage_scenario_3.csv", 2),
    ("focus-1.2_spec_examples/commitment_discount_scenarios/commitment_discount_usage_scenario_4.csv", 2),
    ("focus-1.2_spec_examples/saas_examples/simple_agreements/simple_saas_agreements_a1.csv", 1),
    ("focus-1.2_spec_examples/saas_examples/simple_agreements/simple_saas_agreements_a2.csv", 1),
    ("focus-1.2_spec_examples/saas_examples/simple_agreements/simple_saas_agreements_a3.csv", 1),
    ("focus-1.2_spec_examples/saas_examples/simple_agreements/simple_saas_agreements_b.csv", 1),
    ("focus-1.2_spec_examples/saas_examples/simple_agreements/simple_saas_agreements_c.csv", 3),
    ("focus-1.2_spec_examples/saas_examples/spend_agreements/saas_spend_agreements_a1.csv", 4),
    ("focus-1.2_spec_examples/saas_examples/spend_agreements/saas_spend_agreements_a2.csv", 13),
    ("focus-1.2_spec_examples/saas_examples/spend_agreements/saas_spend_agreements_b1.csv", 5),
    ("focus-1.2_spec_examples/saas_examples/spend_agreements/saas_spend_agreements_b2.csv", 14),
    ("focus-1.2_spec_examples/saas_examples/virtual_currency_pricing_model_a1.csv", 1),
    ("focus-1.2_spec_examples/saas_examples/virtual_currency_pricing_model_a2.csv", 3),
    ("focus-1.2_spec_examples/saas_examples/virtual_currency_pricing_model_b1.csv", 1),
    ("focus-1.2_spec_examples/saas_examples/virtual_currency_pricing_model_b2.csv", 3),
    ("focus-1.2_spec_examples/saas_examples/virtual_currency_pricing_model_b3.csv", 3),
    ("focus-1.2_spec_examples/saas_examples/virtual_currency_pricing_model_c.csv", 2),
    ("focus_validator_test_fixtures/all_fail.csv", 1),
    ("focus_validator_test_fixtures/all_pass_0.5.csv", 2),
    ("focus_validator_test_fixtures/currency_codes_iso4217.csv", 180),
    ("focus_validator_test_fixtures/fail_charge_type_bad_value.csv", 3),
    ("focus_validator_test_fixtures/fail_invoice_issuer.csv", 2),
    ("focus_validator_test_fixtures/listUnitPriceTest.csv", 2),
    ("focus_validator_test_fixtures/multiple_failure_example_namespaced.csv", 3),
    ("focus_validator_test_fixtures/multiple_failure_examples.csv", 3),
];

/// This fixture is ragged on purpose upstream: a 3-column header over 2-field rows.
const RAGGED_SAMPLE: &str = "focus_validator_test_fixtures/billedCostTest.csv";

fn csv_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            csv_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "csv") {
            found.push(path);
        }
    }
}

fn open(path: &Path) -> Box<dyn read::BatchReader> {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let source = FileSource::open(path).unwrap();
    read::open(Box::new(source), &name, &ReadOptions::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_sample_csv_is_listed_here() {
    let dir = samples_dir();
    let mut found = Vec::new();
    csv_files(&dir, &mut found);
    for path in &found {
        let relative = path
            .strip_prefix(&dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        assert!(
            relative == RAGGED_SAMPLE || CSV_ROWS.iter().any(|(p, _)| *p == relative),
            "a new sample {relative} needs its row count in CSV_ROWS"
        );
    }
    assert_eq!(found.len(), CSV_ROWS.len() + 1);
}

#[test]
fn every_sample_csv_reads_with_its_row_count() {
    let dir = samples_dir();
    for (relative, rows) in CSV_ROWS {
        let path = dir.join(relative);
        let mut reader = open(&path);
        assert_eq!(reader.format(), InputFormat::Csv);
        let (batches, error) = read_until_error(reader.as_mut());
        assert!(error.is_none(), "{relative}: {}", error.unwrap());
        assert_eq!(row_count(&batches), *rows, "{relative}");
        assert_eq!(reader.rows_read(), *rows as u64, "{relative}");
        assert_eq!(
            reader.bytes_read(),
            std::fs::metadata(&path).unwrap().len(),
            "{relative}"
        );
        for batch in &batches {
            assert_eq!(batch.num_columns(), reader.header().len(), "{relative}");
        }
    }
}

#[test]
fn the_focus_1_0_sample_has_44_columns_and_1000_rows() {
    let mut reader =
        open(&samples_dir().join("focus-1.0_official_sample/focus-1.0_focus_sample_1000rows.csv"));
    assert_eq!(reader.header().len(), 44);
    assert_eq!(reader.header()[0], "AvailabilityZone");
    let (batches, error) = read_until_error(reader.as_mut());
    assert!(error.is_none());
    assert_eq!(row_count(&batches), 1000);
    // The sample writes missing values as the text NULL; it is kept as text.
    let nulls_as_text = batches.iter().any(|b| {
        use arrow_array::cast::AsArray;
        b.columns()
            .iter()
            .any(|c| c.as_string::<i32>().iter().any(|v| v == Some("NULL")))
    });
    assert!(
        nulls_as_text,
        "the literal NULL values of the sample must survive"
    );
}

#[test]
fn spec_examples_with_a_bom_lose_it_with_a_notice() {
    let path = samples_dir()
        .join("focus-1.2_spec_examples/saas_examples/virtual_currency_pricing_model_a1.csv");
    let reader = open(&path);
    assert_eq!(reader.header()[0], "BilledCost");
    assert!(reader.notices().iter().any(|n| n.code == "bom-stripped"));
}

#[test]
fn the_ragged_fixture_is_malformed_at_row_1() {
    let mut reader = open(&samples_dir().join(RAGGED_SAMPLE));
    assert_eq!(
        reader.header(),
        ["BilledCost", " ProviderName", " InvoiceIssuerName"]
    );
    let (batches, error) = read_until_error(reader.as_mut());
    assert!(batches.is_empty());
    let error = error.expect("2 fields under a 3-column header is an error");
    assert_eq!((error.kind, error.row), (ReadErrorKind::Malformed, Some(1)));
    assert!(
        error.message.contains("2 fields but the header has 3"),
        "{error}"
    );
}

#[cfg(feature = "parquet")]
#[test]
fn the_sample_parquet_reads_two_rows() {
    let mut reader = open(&samples_dir().join("focus_validator_test_fixtures/sample.parquet"));
    assert_eq!(reader.format(), InputFormat::Parquet);
    assert!(!reader.header().is_empty());
    let (batches, error) = read_until_error(reader.as_mut());
    assert!(error.is_none(), "{}", error.unwrap());
    assert_eq!(row_count(&batches), 2);
    for field in reader.schema().fields() {
        assert!(
            !matches!(
                field.data_type(),
                arrow_schema::DataType::Dictionary(..)
                    | arrow_schema::DataType::LargeUtf8
                    | arrow_schema::DataType::Utf8View
            ),
            "{} is not normalized: {}",
            field.name(),
            field.data_type()
        );
    }
}
