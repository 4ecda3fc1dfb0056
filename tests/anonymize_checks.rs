//! The sample requirements checked while anonymizing: one complete billing period,
//! several charge categories, some Purchase/Tax/Credit rows.

#[path = "anonymize_support/mod.rs"]
mod support;

use std::sync::Arc;

use arrow_array::{ArrayRef, RecordBatch, StringArray, TimestampMicrosecondArray};
use certkit::anonymize::{AnonymizeOptions, AnonymizeSummary, SampleCheck};
use certkit::read::ReadOptions;
use support::{iso, run_ok, Rng};

const JAN_1: i64 = 1_704_067_200;
const FEB_1: i64 = JAN_1 + 31 * 86_400;

/// A CSV with one row per (charge start, category), billing period January 2024.
fn csv(days: &[i64], categories: &[&str]) -> String {
    let mut out = String::from(
        "BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,BilledCost\n",
    );
    for (i, day) in days.iter().enumerate() {
        let start = JAN_1 + day * 86_400;
        let category = categories[i % categories.len()];
        out.push_str(&format!("{},{},{},{},{category},1\n", iso(JAN_1), iso(FEB_1), iso(start), iso(start + 86_400)));
    }
    out
}

fn summary(input: &str) -> AnonymizeSummary {
    let mut opts = AnonymizeOptions::new("salt");
    // Small batches, so coverage is gathered across many of them.
    opts.read = ReadOptions { batch_rows: 4, delimiter: None, ..ReadOptions::default() };
    run_ok(input.as_bytes(), "in.csv", &opts).1
}

fn check<'a>(summary: &'a AnonymizeSummary, id: &str) -> &'a SampleCheck {
    summary.sample_checks.iter().find(|c| c.id == id).unwrap_or_else(|| panic!("no check {id}"))
}

/// The days of January in a scrambled order.
fn shuffled_days(seed: u64) -> Vec<i64> {
    let mut days: Vec<i64> = (0..31).collect();
    let mut rng = Rng::new(seed);
    for i in (1..days.len()).rev() {
        days.swap(i, rng.below(i as u64 + 1) as usize);
    }
    days
}

#[test]
fn a_fully_covered_billing_period_passes_in_any_row_order() {
    for seed in 0..5 {
        let s = summary(&csv(&shuffled_days(seed), &["Usage", "Tax"]));
        let c = check(&s, "complete-billing-period");
        assert!(c.passed, "{}", c.message);
        assert!(c.message.contains("2024-01-01 to 2024-02-01"), "{}", c.message);
        assert!(s.requirements_met());
    }
}

#[test]
fn a_missing_day_fails_and_names_the_gap() {
    let days: Vec<i64> = shuffled_days(7).into_iter().filter(|d| *d != 14).collect();
    let s = summary(&csv(&days, &["Usage", "Tax"]));
    let c = check(&s, "complete-billing-period");
    assert!(!c.passed);
    assert!(c.message.contains("96.8%"), "{}", c.message);
    assert!(c.message.contains("first gap from 2024-01-15 to 2024-01-16"), "{}", c.message);
    assert!(!s.requirements_met());
    assert!(s.to_text().contains("WARN complete-billing-period"));
}

#[test]
fn a_charge_period_wider_than_the_billing_period_covers_it() {
    let input = format!(
        "BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,ChargeCategory\n\
         2024-01-01T00:00:00Z,2024-02-01T00:00:00Z,2023-01-01T00:00:00Z,2025-01-01T00:00:00Z,Purchase\n\
         {},{},{},{},Usage\n",
        iso(FEB_1),
        iso(FEB_1 + 29 * 86_400),
        iso(FEB_1),
        iso(FEB_1 + 86_400)
    );
    let s = summary(&input);
    assert!(check(&s, "complete-billing-period").passed, "{}", check(&s, "complete-billing-period").message);
}

#[test]
fn missing_columns_and_unreadable_dates_are_explained() {
    let s = summary("ChargePeriodStart,ChargeCategory\n2024-01-01T00:00:00Z,Usage\n");
    let c = check(&s, "complete-billing-period");
    assert!(!c.passed);
    assert!(c.message.contains("BillingPeriodStart, BillingPeriodEnd, ChargePeriodEnd"), "{}", c.message);

    let s = summary(
        "BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,ChargeCategory\n\
         4/1/25,5/1/25,4/1/25,5/1/25,Usage\n",
    );
    let c = check(&s, "complete-billing-period");
    assert!(!c.passed);
    assert!(c.message.contains("1 row(s) had a period date that is not a date"), "{}", c.message);
}

#[test]
fn parquet_timestamps_are_read_for_coverage() {
    let days = shuffled_days(3);
    let micros = |s: i64| s * 1_000_000;
    let column =
        |values: Vec<i64>| -> ArrayRef { Arc::new(TimestampMicrosecondArray::from(values).with_timezone("UTC")) };
    let batch = RecordBatch::try_from_iter(vec![
        ("BillingPeriodStart", column(vec![micros(JAN_1); 31])),
        ("BillingPeriodEnd", column(vec![micros(FEB_1); 31])),
        ("ChargePeriodStart", column(days.iter().map(|d| micros(JAN_1 + d * 86_400)).collect())),
        ("ChargePeriodEnd", column(days.iter().map(|d| micros(JAN_1 + (d + 1) * 86_400)).collect())),
        ("ChargeCategory", Arc::new(StringArray::from(vec!["Usage"; 31])) as ArrayRef),
    ])
    .unwrap();
    let mut writer = parquet::arrow::ArrowWriter::try_new(Vec::new(), batch.schema(), None).unwrap();
    writer.write(&batch).unwrap();
    let bytes = writer.into_inner().unwrap();
    let (_, s) = run_ok(&bytes, "in.parquet", &AnonymizeOptions::new("salt"));
    assert!(check(&s, "complete-billing-period").passed, "{}", check(&s, "complete-billing-period").message);
}

#[test]
fn a_single_category_sample_is_warned_about() {
    let s = summary(&csv(&shuffled_days(1), &["Usage"]));
    let several = check(&s, "several-charge-categories");
    assert!(!several.passed);
    assert!(several.message.contains("every row has the same ChargeCategory (Usage 31)"), "{}", several.message);
    let ptc = check(&s, "purchase-tax-or-credit");
    assert!(!ptc.passed);
    assert!(ptc.message.contains("no Purchase, Tax or Credit row"), "{}", ptc.message);
    assert!(check(&s, "complete-billing-period").passed);
    assert!(!s.requirements_met());
}

#[test]
fn a_mixed_sample_passes_and_counts_categories() {
    let s = summary(&csv(&shuffled_days(2), &["Usage", "Usage", "Credit", "Adjustment"]));
    assert!(check(&s, "several-charge-categories").passed);
    let ptc = check(&s, "purchase-tax-or-credit");
    assert!(ptc.passed && ptc.message.contains("Credit"), "{}", ptc.message);
    let counts: Vec<(&str, u64)> = s.charge_categories.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(counts, [("Adjustment", 7), ("Credit", 8), ("Usage", 16)]);
}

#[test]
fn usage_with_adjustments_only_still_warns_about_purchase_tax_credit() {
    let s = summary(&csv(&shuffled_days(4), &["Usage", "Adjustment"]));
    assert!(check(&s, "several-charge-categories").passed);
    assert!(!check(&s, "purchase-tax-or-credit").passed);
}
