//! Cost charts and the preview of the profile, on small tables worked out by hand.

use std::sync::Arc;

use arrow_array::{ArrayRef, Decimal128Array, RecordBatch, StringArray, TimestampSecondArray};
use arrow_schema::{DataType, Field, Schema};
use certkit::profile::{Bucket, Profile, ProfileOptions, Profiler};

/// Profiles batches of text columns (one `Vec` of rows per batch).
fn profile_rows(
    header: &[&str],
    batches: &[Vec<Vec<Option<&str>>>],
    opts: ProfileOptions,
) -> Profile {
    let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    let schema = Arc::new(Schema::new(
        header
            .iter()
            .map(|h| Field::new(h, DataType::Utf8, true))
            .collect::<Vec<_>>(),
    ));
    let mut profiler = Profiler::new(&header, &schema, opts);
    for rows in batches {
        let columns: Vec<ArrayRef> = (0..header.len())
            .map(|i| {
                Arc::new(StringArray::from(
                    rows.iter().map(|r| r[i]).collect::<Vec<_>>(),
                )) as ArrayRef
            })
            .collect();
        let batch =
            RecordBatch::try_new(schema.clone(), columns).expect("the test batch is well formed");
        profiler.push(&batch);
    }
    profiler.finish()
}

/// A bucket as (key, currency, billed, effective, rows).
type Summary<'a> = (Option<&'a str>, Option<&'a str>, f64, f64, u64);

/// Each bucket as a [`Summary`], costs rounded to 1e-9.
fn summary(buckets: &[Bucket]) -> Vec<Summary<'_>> {
    let round = |x: f64| (x * 1e9).round() / 1e9;
    buckets
        .iter()
        .map(|b| {
            (
                b.key.as_deref(),
                b.currency.as_deref(),
                round(b.billed_cost),
                round(b.effective_cost),
                b.rows,
            )
        })
        .collect()
}

const HEADER: [&str; 6] = [
    "BillingCurrency",
    "ChargeCategory",
    "ServiceCategory",
    "ChargePeriodStart",
    "BilledCost",
    "EffectiveCost",
];

fn sample() -> Vec<Vec<Option<&'static str>>> {
    vec![
        vec![
            Some("USD"),
            Some("Usage"),
            Some("Compute"),
            Some("2025-03-01T00:00:00Z"),
            Some("10.50"),
            Some("8"),
        ],
        vec![
            Some("USD"),
            Some("Usage"),
            Some("Storage"),
            Some("2025-03-01T05:00:00Z"),
            Some("2"),
            Some("2"),
        ],
        vec![
            Some("USD"),
            Some("Tax"),
            None,
            Some("2025-03-02T00:00:00Z"),
            Some("1e0"),
            Some(" 1 "),
        ],
        vec![
            Some("EUR"),
            Some("Usage"),
            Some("Compute"),
            Some("2025-03-01T10:00:00Z"),
            Some("7"),
            Some("6.5"),
        ],
        vec![
            Some("EUR"),
            Some("Credit"),
            Some("Compute"),
            Some("2025-03-02 00:00:00"),
            Some("-3"),
            Some("-3"),
        ],
        // An unreadable cost counts as nothing (and is noted); a placeholder is a null.
        vec![
            Some("EUR"),
            Some("Usage"),
            Some("Storage"),
            Some("not a date"),
            Some("12 EUR"),
            Some("NULL"),
        ],
    ]
}

#[test]
fn costs_are_summed_per_category_within_each_currency() {
    let p = profile_rows(&HEADER, &[sample()], ProfileOptions::default());
    assert_eq!(
        summary(&p.cost_by_charge_category),
        [
            (Some("Credit"), Some("EUR"), -3.0, -3.0, 1),
            (Some("Usage"), Some("EUR"), 7.0, 6.5, 2),
            (Some("Tax"), Some("USD"), 1.0, 1.0, 1),
            (Some("Usage"), Some("USD"), 12.5, 10.0, 2),
        ]
    );
    assert_eq!(
        summary(&p.cost_by_service_category),
        [
            (Some("Compute"), Some("EUR"), 4.0, 3.5, 2),
            (Some("Storage"), Some("EUR"), 0.0, 0.0, 1),
            (None, Some("USD"), 1.0, 1.0, 1),
            (Some("Compute"), Some("USD"), 10.5, 8.0, 1),
            (Some("Storage"), Some("USD"), 2.0, 2.0, 1),
        ]
    );
    assert_eq!(
        summary(&p.cost_by_currency),
        [
            (Some("EUR"), Some("EUR"), 4.0, 3.5, 3),
            (Some("USD"), Some("USD"), 13.5, 11.0, 3)
        ]
    );
    assert!(
        p.notes.iter().any(|n| n.contains("1 value in BilledCost")),
        "{:?}",
        p.notes
    );
    assert!(
        !p.notes.iter().any(|n| n.contains("in EffectiveCost")),
        "NULL is a null: {:?}",
        p.notes
    );
}

#[test]
fn costs_are_summed_per_day_of_charge_period_start() {
    let p = profile_rows(&HEADER, &[sample()], ProfileOptions::default());
    assert_eq!(
        summary(&p.cost_by_day),
        [
            (Some("2025-03-01"), Some("EUR"), 7.0, 6.5, 1),
            // The date part of a text not in the FOCUS form still gives the day.
            (Some("2025-03-02"), Some("EUR"), -3.0, -3.0, 1),
            (Some("2025-03-01"), Some("USD"), 12.5, 10.0, 2),
            (Some("2025-03-02"), Some("USD"), 1.0, 1.0, 1),
        ]
    );
    assert!(
        p.notes
            .iter()
            .any(|n| n.contains("1 row has no readable date")),
        "{:?}",
        p.notes
    );
}

#[test]
fn typed_costs_and_timestamps_are_charted_too() {
    let header: Vec<String> = [
        "BillingCurrency",
        "ChargePeriodStart",
        "BilledCost",
        "EffectiveCost",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let decimals = |v: Vec<i128>| {
        Arc::new(
            Decimal128Array::from(v)
                .with_precision_and_scale(38, 3)
                .expect("a valid precision and scale"),
        ) as ArrayRef
    };
    let columns: Vec<ArrayRef> = vec![
        Arc::new(StringArray::from(vec!["USD", "USD", "USD"])),
        // 23:59:59 on 1970-01-01, then 1970-01-02 twice.
        Arc::new(TimestampSecondArray::from(vec![86_399, 86_400, 90_000]).with_timezone("UTC")),
        decimals(vec![1_500, 250, -1]),
        decimals(vec![1_000, 250, 0]),
    ];
    let fields: Vec<Field> = header
        .iter()
        .zip(&columns)
        .map(|(h, c)| Field::new(h, c.data_type().clone(), true))
        .collect();
    let schema = Arc::new(Schema::new(fields));
    let mut profiler = Profiler::new(&header, &schema, ProfileOptions::default());
    profiler.push(&RecordBatch::try_new(schema, columns).expect("the test batch is well formed"));
    let p = profiler.finish();
    assert_eq!(
        summary(&p.cost_by_day),
        [
            (Some("1970-01-01"), Some("USD"), 1.5, 1.0, 1),
            (Some("1970-01-02"), Some("USD"), 0.249, 0.25, 2)
        ]
    );
}

#[test]
fn without_billing_currency_costs_have_no_currency_and_a_note() {
    let p = profile_rows(
        &["ChargeCategory", "BilledCost"],
        &[vec![
            vec![Some("Usage"), Some("1")],
            vec![Some("Usage"), Some("2.5")],
        ]],
        ProfileOptions::default(),
    );
    assert_eq!(
        summary(&p.cost_by_charge_category),
        [(Some("Usage"), None, 3.5, 0.0, 2)]
    );
    assert_eq!(summary(&p.cost_by_currency), [(None, None, 3.5, 0.0, 2)]);
    assert!(
        p.notes
            .iter()
            .any(|n| n.contains("no BillingCurrency column")),
        "{:?}",
        p.notes
    );
    assert!(
        p.notes
            .iter()
            .any(|n| n.contains("no EffectiveCost column")),
        "{:?}",
        p.notes
    );
    assert!(p.cost_by_day.is_empty());
}

#[test]
fn days_beyond_the_cap_are_left_out_with_a_note() {
    // 1,005 different days, one row each, each costing 1.
    let days: Vec<String> = (0..1_005)
        .map(|i| {
            let (y, m, d) = (2020 + i / 336, 1 + (i / 28) % 12, 1 + i % 28);
            format!("{y:04}-{m:02}-{d:02}T00:00:00Z")
        })
        .collect();
    let rows: Vec<Vec<Option<&str>>> = days
        .iter()
        .map(|d| vec![Some("USD"), Some(d.as_str()), Some("1")])
        .collect();
    let p = profile_rows(
        &["BillingCurrency", "ChargePeriodStart", "BilledCost"],
        &[rows],
        ProfileOptions::default(),
    );
    assert_eq!(p.cost_by_day.len(), 1_000);
    assert_eq!(p.cost_by_day.iter().map(|b| b.rows).sum::<u64>(), 1_000);
    assert!(
        p.notes
            .iter()
            .any(|n| n.contains("1000 different days") && n.contains("5 rows")),
        "{:?}",
        p.notes
    );
    // The other charts still hold every row.
    assert_eq!(
        summary(&p.cost_by_currency),
        [(Some("USD"), Some("USD"), 1_005.0, 0.0, 1_005)]
    );
}

#[test]
fn the_preview_keeps_exactly_the_first_rows() {
    // Three batches of 150 rows; the preview takes 200: all of the first, 50 of the second.
    let batches: Vec<Vec<Vec<String>>> = (0..3)
        .map(|b| {
            (0..150)
                .map(|r| vec![format!("row-{}", b * 150 + r), format!("{}", b * 150 + r)])
                .collect()
        })
        .collect();
    let borrowed: Vec<Vec<Vec<Option<&str>>>> = batches
        .iter()
        .map(|rows| {
            rows.iter()
                .map(|r| {
                    r.iter()
                        .enumerate()
                        .map(|(i, v)| (i == 0 || v != "7").then_some(v.as_str()))
                        .collect()
                })
                .collect()
        })
        .collect();
    let p = profile_rows(
        &["x_Name", "x_Number"],
        &borrowed,
        ProfileOptions::default(),
    );
    assert_eq!(p.rows, 450);
    assert_eq!(p.preview.header, ["x_Name", "x_Number"]);
    assert_eq!(p.preview.arrow_types, ["Utf8", "Utf8"]);
    assert_eq!(p.preview.rows.len(), 200);
    for (i, row) in p.preview.rows.iter().enumerate() {
        let number = (i != 7).then(|| i.to_string());
        assert_eq!(
            row,
            &vec![Some(format!("row-{i}")), number],
            "preview row {i}"
        );
    }
    // Fewer rows asked, fewer kept.
    let p = profile_rows(
        &["x_Name", "x_Number"],
        &borrowed,
        ProfileOptions {
            preview_rows: 3,
            top_values: 10,
        },
    );
    assert_eq!(p.preview.rows.len(), 3);
}

#[test]
fn the_preview_renders_typed_values_readably() {
    let header = vec!["BilledCost".to_string(), "ChargePeriodStart".to_string()];
    let columns: Vec<ArrayRef> = vec![
        Arc::new(
            Decimal128Array::from(vec![Some(-5), None])
                .with_precision_and_scale(12, 2)
                .expect("a valid precision and scale"),
        ),
        Arc::new(
            TimestampSecondArray::from(vec![Some(1_740_787_200), Some(0)]).with_timezone("UTC"),
        ),
    ];
    let fields: Vec<Field> = header
        .iter()
        .zip(&columns)
        .map(|(h, c)| Field::new(h, c.data_type().clone(), true))
        .collect();
    let schema = Arc::new(Schema::new(fields));
    let mut profiler = Profiler::new(&header, &schema, ProfileOptions::default());
    profiler.push(&RecordBatch::try_new(schema, columns).expect("the test batch is well formed"));
    let p = profiler.finish();
    assert_eq!(
        p.preview.rows[0],
        [
            Some("-0.05".to_string()),
            Some("2025-03-01T00:00:00Z".to_string())
        ]
    );
    assert_eq!(
        p.preview.rows[1],
        [None, Some("1970-01-01T00:00:00Z".to_string())]
    );
    assert_eq!(p.preview.arrow_types[0], "Decimal128(12, 2)");
}
