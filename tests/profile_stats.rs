//! Per-column statistics of the profile on small tables whose answers are worked out
//! by hand: nulls, min and max, sums, kinds, top values, distinct counts, lengths.

use std::sync::Arc;

use arrow_array::{
    ArrayRef, BooleanArray, Date32Array, Decimal128Array, Float64Array, Int64Array, RecordBatch,
    StringArray, TimestampSecondArray,
};
use arrow_schema::{DataType, Field, Schema};
use certkit::profile::{ColumnProfile, Kind, KindSource, Profile, ProfileOptions, Profiler};

/// Profiles one batch made of named columns, with the given options.
fn profile_with(columns: Vec<(&str, ArrayRef)>, opts: ProfileOptions) -> Profile {
    let header: Vec<String> = columns.iter().map(|(n, _)| n.to_string()).collect();
    let fields: Vec<Field> = columns
        .iter()
        .map(|(n, a)| Field::new(*n, a.data_type().clone(), true))
        .collect();
    let schema = Arc::new(Schema::new(fields));
    let batch = RecordBatch::try_new(
        schema.clone(),
        columns.into_iter().map(|(_, a)| a).collect(),
    )
    .expect("the test batch is well formed");
    let mut profiler = Profiler::new(&header, &schema, opts);
    profiler.push(&batch);
    profiler.finish()
}

fn profile(columns: Vec<(&str, ArrayRef)>) -> Profile {
    profile_with(columns, ProfileOptions::default())
}

fn text(values: &[Option<&str>]) -> ArrayRef {
    Arc::new(StringArray::from(values.to_vec()))
}

fn column<'a>(profile: &'a Profile, name: &str) -> &'a ColumnProfile {
    profile
        .columns
        .iter()
        .find(|c| c.name == name)
        .expect("the column is profiled")
}

fn top(c: &ColumnProfile) -> Vec<(&str, u64)> {
    c.top_values
        .iter()
        .map(|t| (t.value.as_str(), t.count))
        .collect()
}

#[test]
fn nulls_count_real_nulls_and_placeholders() {
    let p = profile(vec![(
        "x_Note",
        text(&[
            Some("a"),
            None,
            Some("NULL"),
            Some("b"),
            Some(" n/a "),
            Some("a"),
        ]),
    )]);
    let c = column(&p, "x_Note");
    assert_eq!(p.rows, 6);
    assert_eq!(c.nulls, 3);
    assert_eq!(c.placeholders, 2);
    assert_eq!(c.empty_strings, 0);
    assert!((c.null_share - 0.5).abs() < 1e-12);
    assert_eq!((c.distinct_estimate, c.distinct_exact), (2, true));
    assert_eq!(top(c), [("a", 2), ("b", 1)]);
}

#[test]
fn empty_strings_are_placeholders_too() {
    // Only Parquet can hold an empty string (an empty CSV field is a real null).
    let p = profile(vec![("x_Note", text(&[Some(""), Some("x"), Some("")]))]);
    let c = column(&p, "x_Note");
    assert_eq!((c.nulls, c.placeholders, c.empty_strings), (2, 2, 2));
}

#[test]
fn numbers_written_as_text_are_ordered_and_summed_numerically() {
    let p = profile(vec![(
        "BilledCost",
        text(&[
            Some("10"),
            Some("9.5"),
            Some("-2"),
            Some("100.00"),
            Some("abc"),
            None,
        ]),
    )]);
    let c = column(&p, "BilledCost");
    assert_eq!(
        (c.kind, c.kind_source),
        (Kind::Number, KindSource::FocusCatalogue)
    );
    // Text order would give "-2" and "abc"; numeric order gives -2 and 100.00, as written.
    assert_eq!(c.min.as_deref(), Some("-2"));
    assert_eq!(c.max.as_deref(), Some("100.00"));
    assert_eq!(c.sum, Some(117.5));
    assert_eq!(c.unreadable, 1);
    assert_eq!(c.nulls, 1);
}

#[test]
fn unknown_text_columns_take_their_kind_from_their_values() {
    let p = profile(vec![
        ("x_Amount", text(&[Some("10"), Some("9.5"), Some("1e2")])),
        ("x_Code", text(&[Some("10"), Some("9"), Some("A")])),
        (
            "x_When",
            text(&[
                Some("2024-01-02T00:00:00Z"),
                Some("2023-12-31T23:00:00Z"),
                None,
            ]),
        ),
        ("x_Labels", text(&[Some("{\"a\": 1}"), Some(" {} "), None])),
        ("x_Empty", text(&[None, None, None])),
    ]);
    let amount = column(&p, "x_Amount");
    assert_eq!(
        (amount.kind, amount.kind_source),
        (Kind::Number, KindSource::Values)
    );
    assert_eq!(
        (amount.min.as_deref(), amount.max.as_deref()),
        (Some("9.5"), Some("1e2"))
    );
    assert_eq!(amount.sum, Some(119.5));
    let code = column(&p, "x_Code");
    assert_eq!(code.kind, Kind::Text);
    // Text order: "10" < "9" < "A".
    assert_eq!(
        (code.min.as_deref(), code.max.as_deref()),
        (Some("10"), Some("A"))
    );
    assert_eq!(code.sum, None);
    let when = column(&p, "x_When");
    assert_eq!(when.kind, Kind::Datetime);
    assert_eq!(when.min.as_deref(), Some("2023-12-31T23:00:00Z"));
    let labels = column(&p, "x_Labels");
    assert_eq!(labels.kind, Kind::Json);
    assert_eq!((labels.min.as_ref(), labels.max.as_ref()), (None, None));
    assert_eq!(column(&p, "x_Empty").kind, Kind::Text);
}

#[test]
fn typed_decimals_and_floats_are_ordered_by_value() {
    let decimals = Decimal128Array::from(vec![Some(1050), Some(-3), None, Some(20)])
        .with_precision_and_scale(10, 2)
        .expect("a valid precision and scale");
    let p = profile(vec![
        ("BilledCost", Arc::new(decimals) as ArrayRef),
        (
            "x_Ratio",
            Arc::new(Float64Array::from(vec![2.5, f64::NAN, -1.25, 0.5])) as ArrayRef,
        ),
        (
            "x_Count",
            Arc::new(Int64Array::from(vec![Some(7), Some(-7), None, Some(7)])) as ArrayRef,
        ),
    ]);
    let cost = column(&p, "BilledCost");
    assert_eq!(
        (cost.kind, cost.kind_source),
        (Kind::Number, KindSource::ArrowType)
    );
    assert_eq!(cost.arrow_type, "Decimal128(10, 2)");
    assert_eq!(
        (cost.min.as_deref(), cost.max.as_deref()),
        (Some("-0.03"), Some("10.50"))
    );
    assert!((cost.sum.unwrap_or(f64::NAN) - 10.67).abs() < 1e-9);
    assert_eq!(cost.longest_length, None);
    assert_eq!(top(cost), [("-0.03", 1), ("0.20", 1), ("10.50", 1)]);
    let ratio = column(&p, "x_Ratio");
    assert_eq!(
        (ratio.min.as_deref(), ratio.max.as_deref()),
        (Some("-1.25"), Some("2.5"))
    );
    assert_eq!(ratio.sum, Some(1.75));
    assert_eq!(ratio.unreadable, 1, "NaN is not a number a bill can hold");
    let count = column(&p, "x_Count");
    assert_eq!(
        (count.min.as_deref(), count.max.as_deref()),
        (Some("-7"), Some("7"))
    );
    assert_eq!(top(count), [("7", 2), ("-7", 1)]);
    assert_eq!(count.nulls, 1);
}

#[test]
fn datetimes_in_text_compare_as_text_and_typed_ones_by_instant() {
    let p = profile(vec![
        (
            "ChargePeriodStart",
            text(&[
                Some("2024-03-02T00:00:00Z"),
                Some("2024-01-15T10:00:00Z"),
                Some("yesterday"),
                Some("NULL"),
            ]),
        ),
        (
            "ChargePeriodEnd",
            Arc::new(
                TimestampSecondArray::from(vec![Some(86_400), Some(0), None, Some(3_600)])
                    .with_timezone("UTC"),
            ) as ArrayRef,
        ),
        (
            "x_Day",
            Arc::new(Date32Array::from(vec![Some(1), Some(0), Some(365), None])) as ArrayRef,
        ),
    ]);
    let start = column(&p, "ChargePeriodStart");
    assert_eq!(
        (start.kind, start.kind_source),
        (Kind::Datetime, KindSource::FocusCatalogue)
    );
    // "yesterday" is not a date-time: counted, and kept out of min and max.
    assert_eq!(start.unreadable, 1);
    assert_eq!(start.min.as_deref(), Some("2024-01-15T10:00:00Z"));
    assert_eq!(start.max.as_deref(), Some("2024-03-02T00:00:00Z"));
    assert_eq!(start.nulls, 1);
    let end = column(&p, "ChargePeriodEnd");
    assert_eq!(
        (end.kind, end.kind_source),
        (Kind::Datetime, KindSource::ArrowType)
    );
    assert_eq!(end.min.as_deref(), Some("1970-01-01T00:00:00Z"));
    assert_eq!(end.max.as_deref(), Some("1970-01-02T00:00:00Z"));
    let day = column(&p, "x_Day");
    assert_eq!(day.max.as_deref(), Some("1971-01-01T00:00:00Z"));
}

#[test]
fn min_and_max_are_kept_across_batches() {
    let header = vec!["BilledCost".to_string(), "x_Code".to_string()];
    let schema = Arc::new(Schema::new(vec![
        Field::new("BilledCost", DataType::Utf8, true),
        Field::new("x_Code", DataType::Utf8, true),
    ]));
    let mut profiler = Profiler::new(&header, &schema, ProfileOptions::default());
    for (costs, codes) in [
        (["5", "3"], ["m", "k"]),
        (["7.25", "4"], ["z", "l"]),
        (["-1", "6"], ["a", "n"]),
    ] {
        let batch = RecordBatch::try_new(
            schema.clone(),
            vec![
                Arc::new(StringArray::from(costs.to_vec())),
                Arc::new(StringArray::from(codes.to_vec())),
            ],
        )
        .expect("the test batch is well formed");
        profiler.push(&batch);
    }
    let p = profiler.finish();
    let cost = column(&p, "BilledCost");
    assert_eq!(
        (cost.min.as_deref(), cost.max.as_deref(), cost.sum),
        (Some("-1"), Some("7.25"), Some(24.25))
    );
    let code = column(&p, "x_Code");
    assert_eq!(
        (code.min.as_deref(), code.max.as_deref()),
        (Some("a"), Some("z"))
    );
}

#[test]
fn top_values_are_exact_when_few_distinct() {
    let values = [
        Some("b"),
        Some("a"),
        Some("b"),
        Some("c"),
        Some("b"),
        Some("a"),
        None,
    ];
    let p = profile(vec![("ChargeCategory", text(&values))]);
    let c = column(&p, "ChargeCategory");
    assert!(c.top_values_exact);
    assert_eq!(top(c), [("b", 3), ("a", 2), ("c", 1)]);
    assert!(c.top_values.iter().all(|t| t.error == 0));
    // Only as many as asked are listed; the distinct count still covers them all.
    let p = profile_with(
        vec![("ChargeCategory", text(&values))],
        ProfileOptions {
            preview_rows: 200,
            top_values: 2,
        },
    );
    let c = column(&p, "ChargeCategory");
    assert_eq!(top(c), [("b", 3), ("a", 2)]);
    assert_eq!((c.distinct_estimate, c.distinct_exact), (3, true));
}

#[test]
fn frequent_values_are_found_among_many_with_a_bounded_error() {
    // 20,000 distinct ids, one of which also appears on every fifth row.
    let mut values: Vec<String> = Vec::new();
    for i in 0..20_000 {
        values.push(format!("id-{i:05}"));
        if i % 5 == 0 {
            values.push("popular".to_string());
        }
    }
    let array: ArrayRef = Arc::new(StringArray::from_iter_values(values.iter()));
    let p = profile(vec![("x_Id", array)]);
    let c = column(&p, "x_Id");
    assert!(!c.top_values_exact);
    assert!(!c.distinct_exact);
    let first = &c.top_values[0];
    assert_eq!(first.value, "popular");
    // The true count, 4,000, lies within [count - error, count] ...
    assert!(
        first.count >= 4_000 && first.count - first.error <= 4_000,
        "{first:?}"
    );
    // ... and the error is at most N / table size (table of 8 × 10 = 80 values).
    assert!(first.error <= 24_000 / 80, "{first:?}");
    assert!(
        p.notes
            .iter()
            .any(|n| n.contains("approximate") && n.contains("x_Id")),
        "{:?}",
        p.notes
    );
}

#[test]
fn distinct_estimate_of_100k_values_is_within_its_documented_error() {
    let header = vec!["ResourceId".to_string()];
    let schema = Arc::new(Schema::new(vec![Field::new(
        "ResourceId",
        DataType::Utf8,
        true,
    )]));
    let mut profiler = Profiler::new(&header, &schema, ProfileOptions::default());
    let n = 100_000u64;
    for start in (0..n).step_by(8192) {
        // Each value twice in the batch: repeats must not count.
        let values: Vec<String> = (start..(start + 8192).min(n))
            .flat_map(|i| {
                [
                    format!("arn:aws:ec2:i-{i:08x}"),
                    format!("arn:aws:ec2:i-{i:08x}"),
                ]
            })
            .collect();
        let batch = RecordBatch::try_new(
            schema.clone(),
            vec![Arc::new(StringArray::from_iter_values(values))],
        )
        .expect("the test batch is well formed");
        profiler.push(&batch);
    }
    let p = profiler.finish();
    let c = column(&p, "ResourceId");
    assert_eq!(p.rows, 2 * n);
    assert!(!c.distinct_exact);
    // The documented bound: ±4.9 % (three standard errors of 1.6 %).
    let relative = (c.distinct_estimate as f64 - n as f64).abs() / n as f64;
    assert!(
        relative <= 0.049,
        "estimate {} for {n} distinct values",
        c.distinct_estimate
    );
}

#[test]
fn longest_length_counts_characters() {
    let p = profile(vec![(
        "x_Name",
        text(&[Some("héllo"), Some("abcd"), Some("ab")]),
    )]);
    assert_eq!(column(&p, "x_Name").longest_length, Some(5));
}

#[test]
fn booleans_are_counted_but_not_ordered() {
    let p = profile(vec![(
        "x_Flag",
        Arc::new(BooleanArray::from(vec![
            Some(true),
            Some(false),
            Some(true),
            None,
        ])) as ArrayRef,
    )]);
    let c = column(&p, "x_Flag");
    assert_eq!(c.kind, Kind::Other);
    assert_eq!(top(c), [("true", 2), ("false", 1)]);
    assert_eq!((c.min.as_ref(), c.max.as_ref(), c.nulls), (None, None, 1));
}

#[test]
fn sensitive_columns_are_flagged() {
    let names = [
        "BillingAccountId",
        "BillingAccountName",
        "SubAccountId",
        "SubAccountName",
        "ResourceId",
        "ResourceName",
        "CommitmentDiscountId",
        "CommitmentDiscountName",
        "CapacityReservationId",
        "InvoiceId",
        "Tags",
    ];
    let mut columns: Vec<(&str, ArrayRef)> =
        names.iter().map(|n| (*n, text(&[Some("x")]))).collect();
    columns.push(("ServiceName", text(&[Some("x")])));
    columns.push(("BilledCost", text(&[Some("1")])));
    let p = profile(columns);
    for c in &p.columns {
        assert_eq!(c.sensitive, names.contains(&c.name.as_str()), "{}", c.name);
        assert_eq!(c.sensitive, certkit::profile::is_sensitive(&c.name));
    }
}

#[test]
fn the_profile_survives_a_json_round_trip() {
    let p = profile(vec![
        ("BilledCost", text(&[Some("1.5"), Some("2")])),
        ("ChargeCategory", text(&[Some("Usage"), None])),
    ]);
    let json = serde_json::to_string(&p).expect("a profile serializes");
    let back: Profile = serde_json::from_str(&json).expect("and reads back");
    assert_eq!(back, p);
    assert!(json.contains("\"kind\":\"number\""), "{json}");
}

#[test]
fn distinct_estimate_never_exceeds_the_values_counted() {
    // 1,000 different ids (more than the exact table holds) and some nulls: whatever
    // the sketch says, there cannot be more distinct values than values.
    for seed in 0..20 {
        let values: Vec<Option<String>> = (0..1_100)
            .map(|i| (i % 11 != 0).then(|| format!("{seed}-{}", i * 7919)))
            .collect();
        let array: ArrayRef = Arc::new(StringArray::from(values));
        let p = profile(vec![("x_Id", array)]);
        let c = column(&p, "x_Id");
        assert_eq!(c.nulls, 100);
        assert!(
            c.distinct_estimate <= 1_000,
            "seed {seed}: {}",
            c.distinct_estimate
        );
        assert!(
            c.distinct_estimate >= 950,
            "seed {seed}: {}",
            c.distinct_estimate
        );
    }
}
