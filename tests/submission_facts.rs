//! The sample facts the validation pass gathers for the submission kit (sums of BilledCost
//! per InvoiceId, identifiers whose attributes change across billing periods), from a
//! small CSV with two billing periods, through the JSON report, into `certkit kit`.
//!
//! The fixture (tests/fixtures/submission/two-periods.csv) has five rows:
//! - March: INV-A (USD) 0.28336 + 10.5; INV-C in EUR 0.47872 and in USD 0.47872;
//! - April: INV-B (USD) 0.28336, whose ResourceId `…search-dev-rds-32` was in RegionId
//!   us-west-2 in March and is in us-east-1 in April.

#[path = "../src/cli/kit.rs"]
mod kit;

use std::ops::ControlFlow;
use std::path::Path;

use certkit::read::FileSource;
use certkit::report::{json, Report};
use certkit::submission::{template, InvoiceTotal};
use certkit::validate::{validate, ValidateOptions};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/submission/two-periods.csv"
);
const RESOURCE: &str = "arn:aws:rds:us-west-2:596998891942:db:search-dev-rds-32";

fn report() -> Report {
    let source = FileSource::open(Path::new(FIXTURE))
        .unwrap_or_else(|e| panic!("cannot open {FIXTURE}: {e}"));
    validate(
        Box::new(source),
        "two-periods.csv",
        &ValidateOptions::default(),
        &mut |_| ControlFlow::Continue(()),
    )
    .unwrap_or_else(|e| panic!("{FIXTURE} cannot be validated: {e}"))
}

#[test]
fn invoice_sums_are_computed_in_the_validation_pass() {
    let report = report();
    let facts = report
        .sample_facts
        .as_ref()
        .unwrap_or_else(|| panic!("the report has no sample facts"));
    let sums: Vec<(&str, Option<&str>, String, u64)> = facts
        .invoices
        .sums
        .iter()
        .map(|s| {
            (
                s.invoice_id.as_str(),
                s.currency.as_deref(),
                format!("{:.5}", s.billed_cost),
                s.rows,
            )
        })
        .collect();
    assert_eq!(
        sums,
        [
            ("INV-A", Some("USD"), "10.78336".to_string(), 2),
            ("INV-B", Some("USD"), "0.28336".to_string(), 1),
            ("INV-C", Some("EUR"), "0.47872".to_string(), 1),
            ("INV-C", Some("USD"), "0.47872".to_string(), 1),
        ]
    );
    assert_eq!(facts.invoices.mixed_currency, ["INV-C"]);
    assert_eq!(facts.invoices.rows_summed, 5);
    assert!(
        facts.invoices.notes.is_empty(),
        "{:?}",
        facts.invoices.notes
    );
}

#[test]
fn a_resource_that_changed_region_between_billing_periods_is_a_conflict() {
    let report = report();
    let ids = &report
        .sample_facts
        .as_ref()
        .unwrap_or_else(|| panic!("the report has no sample facts"))
        .immutable_ids;
    assert_eq!(
        ids.billing_periods,
        ["2025-03-01T00:00:00Z", "2025-04-01T00:00:00Z"]
    );
    let found: Vec<(&str, &str, &str)> = ids
        .conflicts
        .iter()
        .map(|c| {
            (
                c.id_column.as_str(),
                c.id_value.as_str(),
                c.attribute.as_str(),
            )
        })
        .collect();
    assert_eq!(found, [("ResourceId", RESOURCE, "RegionId")]);
    let values: Vec<(&str, Option<&str>)> = ids.conflicts[0]
        .values
        .iter()
        .map(|v| (v.billing_period_start.as_str(), v.value.as_deref()))
        .collect();
    assert_eq!(
        values,
        [
            ("2025-03-01T00:00:00Z", Some("us-west-2")),
            ("2025-04-01T00:00:00Z", Some("us-east-1")),
        ]
    );
    let checked: Vec<&str> = ids.checked.iter().map(|c| c.id_column.as_str()).collect();
    assert_eq!(
        checked,
        [
            "ResourceId",
            "SubAccountId",
            "BillingAccountId",
            "SkuId",
            "SkuPriceId",
            "CommitmentDiscountId",
            "CapacityReservationId"
        ]
    );
    assert!(ids.notes.is_empty(), "{:?}", ids.notes);
}

#[test]
fn the_facts_survive_the_json_report_and_old_reports_still_read() {
    let report = report();
    let text = json::to_json(&report);
    let back = json::from_json(&text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back, report);
    let mut value: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    if let Some(object) = value.as_object_mut() {
        object.remove("sample_facts");
    }
    let old = json::from_json(&value.to_string()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(old.sample_facts, None);
}

#[test]
fn certkit_kit_compares_the_entered_invoice_totals_with_the_report_sums() {
    let report = report();
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let report_path = dir.path().join("report.json");
    std::fs::write(&report_path, json::to_json(&report)).unwrap_or_else(|e| panic!("{e}"));
    let mut input = template(&report, None);
    for (id, total, currency) in [
        ("INV-A", "10.78", "USD"),
        ("INV-B", "1.00", "USD"),
        ("INV-C", "0.48", "EUR"),
    ] {
        input.invoice_totals.insert(
            id.to_string(),
            InvoiceTotal {
                total: total.into(),
                currency: currency.into(),
            },
        );
    }
    let input_path = dir.path().join("input.json");
    std::fs::write(&input_path, input.to_json()).unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("kit");
    kit::draft(&report_path, Some(&input_path), &out, Some("2025-06-30"))
        .unwrap_or_else(|e| panic!("{e}"));
    let worksheet =
        std::fs::read_to_string(out.join("attestation.md")).unwrap_or_else(|e| panic!("{e}"));
    for line in [
        "| `INV-A` | 10.78 USD | 10.78 USD | 0.00 | match |",
        "| `INV-B` | 1.00 USD | 0.28 USD | -0.72 | amount mismatch |",
        // INV-C has a row in EUR and one in USD: compared in EUR (the first by name
        // among equally many rows), and listed as an invoice in two currencies.
        "| `INV-C` | 0.48 EUR | 0.48 EUR | 0.00 | match |",
        "| `INV-C` | USD | 0.48 | 1 |",
        "| `ResourceId` | arn:aws:rds:us-west-2:596998891942:db:search-dev-rds-32 | `RegionId` | 2025-03-01T00:00:00Z: us-west-2; 2025-04-01T00:00:00Z: us-east-1 |",
    ] {
        assert!(worksheet.contains(line), "missing {line:?} in\n{worksheet}");
    }
    assert!(worksheet.contains("1 invoice(s) have rows in more than one BillingCurrency"));
    assert!(
        worksheet.contains("1 identifier attribute(s) changed from one billing period to another")
    );
}
