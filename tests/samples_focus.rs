//! The validator on real samples: the official FOCUS 1.0 sample data, the FOCUS 1.2
//! specification's example tables, the focus_validator's FOCUS 0.5 fixture, and a small
//! hand-made file that is fully valid FOCUS 1.2.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use certkit::read::{BytesSource, FileSource, ReadErrorKind};
use certkit::report::{CountsAs, Declarations, Report};
use certkit::validate::{validate, ValidateError, ValidateOptions, VersionChoice};

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/focus/samples");

fn shared(path: &str) -> PathBuf {
    let p = Path::new(SHARED).join(path);
    assert!(p.exists(), "../shared is missing: {} not found; these tests need the shared FOCUS samples next to the repository", p.display());
    p
}

fn run_path(path: &Path, opts: &ValidateOptions) -> Result<Report, ValidateError> {
    let source = match FileSource::open(path) {
        Ok(s) => s,
        Err(e) => panic!("cannot open {}: {e}", path.display()),
    };
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("sample");
    validate(Box::new(source), name, opts, &mut |_| {
        ControlFlow::Continue(())
    })
}

fn run(path: &Path) -> Report {
    match run_path(path, &ValidateOptions::default()) {
        Ok(r) => r,
        Err(e) => panic!("{} could not be validated: {e}", path.display()),
    }
}

fn run_text(text: &str, opts: &ValidateOptions) -> Result<Report, ValidateError> {
    validate(
        Box::new(BytesSource::new(text.as_bytes().to_vec())),
        "inline.csv",
        opts,
        &mut |_| ControlFlow::Continue(()),
    )
}

fn has(report: &Report, rule: &str, column: &str) -> bool {
    report.finding(rule, Some(column)).is_some()
}

#[test]
fn a_small_valid_focus_1_2_file_is_eligible() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules/valid-1.2.csv");
    let report = run(&path);
    let listing: Vec<String> = report
        .findings
        .iter()
        .map(|f| format!("{} {:?} {}", f.rule_id, f.column, f.message))
        .collect();
    assert!(
        report.findings.is_empty(),
        "unexpected findings:\n{}",
        listing.join("\n")
    );
    assert_eq!(report.focus_version, "1.2");
    assert_eq!(report.rows, 3);
    assert!(
        report.certification.eligible,
        "blocking: {:?}",
        report.certification.blocking
    );
    assert_eq!(report.certification.deviations, 0);
    assert_eq!(report.columns.custom, ["x_CostCenter"]);
    assert!(report.columns.missing.mandatory.is_empty());
    assert!(
        report.passed.iter().any(|id| id == "EffectiveCost-C-012-C"),
        "the commitment balances over its term"
    );
    assert!(
        report.passed.len() > 250,
        "only {} rules passed",
        report.passed.len()
    );
}

#[test]
fn the_focus_1_0_sample_is_detected_as_1_0_with_its_known_problems() {
    let report = run(&shared(
        "focus-1.0_official_sample/focus-1.0_focus_sample_1000rows.csv",
    ));
    assert_eq!(report.focus_version, "1.0");
    assert_eq!(report.rows, 1000);
    // Dates written "2024-10-01 00:00:00": no T, no Z.
    for column in [
        "BillingPeriodStart",
        "BillingPeriodEnd",
        "ChargePeriodStart",
        "ChargePeriodEnd",
    ] {
        let rule = format!("{column}-C-002-M");
        let f = report.finding(&rule, Some(column));
        assert!(
            f.is_some_and(|f| f.failed_rows == 1000),
            "{rule} should fail on every row"
        );
        assert!(has(&report, "DateTimeFormat-A-004-M", column));
        assert!(has(&report, "DateTimeFormat-A-006-M", column));
    }
    let start = report.finding("ChargePeriodStart-C-002-M", Some("ChargePeriodStart"));
    assert!(start.is_some_and(|f| f.counts_as == CountsAs::Blocking
        && f.examples[0].value.contains(' ')
        && f.examples[0].row == Some(1)));
    // Literal NULL written for nulls: placeholders, reported once per column.
    let nulls = report.finding("NullHandling-A-002-M", Some("ChargeClass"));
    assert!(nulls.is_some_and(|f| f.failed_rows == 1000 && f.examples[0].value.contains("NULL")));
    // …and read as null, so ChargeClass's own value rule does not fire.
    assert!(report
        .finding("ChargeClass-C-005-C", Some("ChargeClass"))
        .is_none());
    // The extra column Id has no x_ prefix.
    assert!(has(&report, "ColumnHandling-A-010-M", "Id"));
    assert_eq!(report.columns.custom, ["Id"]);
    assert!(!report.certification.eligible);
    assert!(report
        .certification
        .blocking
        .iter()
        .any(|b| b.kind == "version"));
    assert!(report
        .notices
        .iter()
        .any(|n| n.code == "version-detected" && n.message.contains("1.0")));
    assert!(report.assumptions.iter().any(|a| a.id == "older-versions"));
    // Usage-based (lower-case b) gets a did-you-mean.
    let freq = report.finding("ChargeFrequency-C-003-M", Some("ChargeFrequency"));
    assert!(freq.is_some_and(|f| f.message.contains("did you mean 'Usage-Based'")));
}

#[test]
fn the_commitment_flexibility_examples_show_the_misspelled_column_and_null_literals() {
    let report = run(&shared("focus-1.2_spec_examples/commitment_discount_flexibility/one_hundred_percent_utilization_without_commitment_discount_flexibility.csv"));
    let misnamed = report.finding(
        "certkit:ColumnHandling-exact-column-ids",
        Some("SkuPriceId"),
    );
    assert!(misnamed
        .is_some_and(|f| f.examples[0].value == "SkuPriceid" && f.message.contains("SkuPriceId")));
    assert_eq!(report.columns.misnamed.len(), 1);
    // The misspelled column counts as missing, and is not reported again as a custom column.
    assert!(report
        .finding("CostAndUsage-D-058-C", Some("SkuPriceId"))
        .is_some_and(|f| f.message.contains("SkuPriceid")));
    assert!(report
        .finding("ColumnHandling-A-010-M", Some("SkuPriceid"))
        .is_none());
    // Missing mandatory columns: the two the certification requires block.
    for (rule, column) in [
        ("CostAndUsage-D-024-M", "BillingAccountId"),
        ("CostAndUsage-D-035-M", "BillingCurrency"),
    ] {
        let f = report.finding(rule, Some(column));
        assert!(
            f.is_some_and(|f| f.counts_as == CountsAs::Blocking),
            "{column} missing should block"
        );
    }
    assert!(report
        .columns
        .missing
        .mandatory
        .iter()
        .any(|c| c == "ServiceName"));
    // Literal "null" strings.
    assert!(report
        .finding("NullHandling-A-002-M", Some("ConsumedQuantity"))
        .is_some_and(|f| f.examples[0].value.contains("null")));
    assert!(!report.certification.eligible);
}

#[test]
fn the_saas_examples_show_us_style_dates_and_values_outside_the_lists() {
    let report = run(&shared(
        "focus-1.2_spec_examples/saas_examples/spend_agreements/saas_spend_agreements_a1.csv",
    ));
    assert_eq!(
        report.focus_version, "1.1",
        "the SaaS examples have the 1.1 column set"
    );
    let dates = report.finding("ChargePeriodStart-C-002-M", Some("ChargePeriodStart"));
    assert!(dates.is_some_and(|f| f.examples.iter().any(|e| e.value.contains('/'))));
    assert!(
        has(&report, "DateTimeFormat-A-002-M", "BillingPeriodStart"),
        "5/1/25 is not ISO 8601"
    );
    let sub = report.finding("ServiceSubcategory-C-003-M", Some("ServiceSubcategory"));
    assert!(sub.is_some_and(|f| f.examples.iter().any(|e| e.value == "No-SQL DB")));
    let simple = run(&shared(
        "focus-1.2_spec_examples/saas_examples/simple_agreements/simple_saas_agreements_a1.csv",
    ));
    let cost = simple.finding("BilledCost-C-002-M", Some("BilledCost"));
    assert!(
        cost.is_some_and(
            |f| f.counts_as == CountsAs::Blocking && f.examples[0].value.starts_with('$')
        )
    );
    assert!(
        has(&simple, "NumericFormat-A-009-M", "BilledCost"),
        "$10,000.00 has a thousands separator"
    );
    assert!(
        has(&simple, "NumericFormat-A-008-M", "BilledCost"),
        "$10,000.00 has a currency symbol"
    );
}

#[test]
fn the_virtual_currency_examples_are_read_despite_their_byte_order_mark() {
    let report = run(&shared(
        "focus-1.2_spec_examples/saas_examples/virtual_currency_pricing_model_a1.csv",
    ));
    assert_eq!(
        report.focus_version, "1.2",
        "PricingCurrency is a 1.2 column"
    );
    assert!(
        report.columns.present.iter().any(|c| c == "BilledCost"),
        "the first column (after the BOM) is BilledCost"
    );
    assert!(report
        .finding("CostAndUsage-D-006-M", Some("BilledCost"))
        .is_none());
    assert!(
        has(&report, "ChargePeriodStart-C-002-M", "ChargePeriodStart"),
        "4/1/25 dates"
    );
}

#[test]
fn every_specification_example_is_read_and_none_is_eligible() {
    let root = shared("focus-1.2_spec_examples");
    let mut files = Vec::new();
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) => panic!("cannot list {}: {e}", dir.display()),
        };
        for entry in entries.flatten() {
            let p = entry.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|e| e == "csv") {
                files.push(p);
            }
        }
    }
    assert_eq!(files.len(), 26);
    for file in files {
        let report = run(&file);
        assert!(report.rows > 0, "{} has rows", file.display());
        assert!(
            !report.certification.eligible,
            "{} is an illustration, not a conformant sample",
            file.display()
        );
        assert!(!report.findings.is_empty());
    }
}

#[test]
fn focus_0_5_files_are_refused_with_a_clear_message() {
    let err = run_path(
        &shared("focus_validator_test_fixtures/all_pass_0.5.csv"),
        &ValidateOptions::default(),
    );
    match err {
        Err(ValidateError::Read(e)) => {
            assert_eq!(e.kind, ReadErrorKind::Unsupported);
            assert!(
                e.message.contains("0.5") && e.message.contains("ChargeType"),
                "{}",
                e.message
            );
        }
        other => panic!("expected an unsupported-version error, got {other:?}"),
    }
}

#[test]
fn a_header_without_focus_columns_is_a_read_error() {
    match run_text("a,b,c\n1,2,3\n", &ValidateOptions::default()) {
        Err(ValidateError::Read(e)) => {
            assert_eq!(e.kind, ReadErrorKind::NoFocusColumns);
            assert!(e.hint.contains("BilledCost"));
        }
        other => panic!("expected NoFocusColumns, got {other:?}"),
    }
}

#[test]
fn a_declared_version_wins_and_is_reported() {
    let opts = ValidateOptions {
        focus_version: VersionChoice::V1_2,
        ..ValidateOptions::default()
    };
    let report = match run_path(
        &shared("focus-1.0_official_sample/focus-1.0_focus_sample_1000rows.csv"),
        &opts,
    ) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(report.focus_version, "1.2");
    assert!(report.notices.iter().any(|n| n.code == "version-declared"));
    // Checked as 1.2, the 1.1 and 1.2 columns are now missing.
    assert!(report
        .columns
        .missing
        .conditional
        .iter()
        .any(|c| c == "SkuMeter"));
}

#[test]
fn reevaluation_changes_only_how_failures_count() {
    let text = "BilledCost,EffectiveCost,BillingCurrency,BillingAccountId,ChargeCategory,ChargePeriodStart,ChargePeriodEnd,Tags\n\
                1,1,USD,a,Usage,2024-01-01T00:00:00Z,2024-01-02T00:00:00Z,[1]\n";
    let mut report = match run_text(text, &ValidateOptions::default()) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    let tags = |r: &Report| r.finding("Tags-C-001-M", Some("Tags")).map(|f| f.counts_as);
    assert_eq!(
        tags(&report),
        Some(CountsAs::Deviation),
        "Tags has a value, so the Tags area is detected"
    );
    let before = report.findings.len();
    report.reevaluate(&Declarations::default().declare("tags", false));
    assert_eq!(tags(&report), Some(CountsAs::NotApplicable));
    assert_eq!(report.findings.len(), before);
    let area = report.applicability.iter().find(|a| a.id == "tags");
    assert!(area.is_some_and(|a| a.detected && a.declared == Some(false) && !a.applies));
}

#[test]
fn progress_is_reported_and_can_cancel() {
    let path = shared("focus-1.0_official_sample/focus-1.0_focus_sample_1000rows.csv");
    let mut opts = ValidateOptions::default();
    opts.read.batch_rows = 100;
    let mut calls = 0;
    let source = match FileSource::open(&path) {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    };
    let result = validate(Box::new(source), "sample.csv", &opts, &mut |p| {
        calls += 1;
        assert!(p.rows <= 1000 && p.bytes_read <= p.total_bytes);
        if p.rows >= 300 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    assert!(matches!(result, Err(ValidateError::Cancelled)));
    assert_eq!(calls, 3);
}

#[test]
fn every_assumption_in_a_report_is_documented() {
    let docs = include_str!("../docs/assumptions.md");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules/valid-1.2.csv");
    let mut ids: Vec<String> = run(&path)
        .assumptions
        .iter()
        .map(|a| a.id.clone())
        .collect();
    ids.extend(
        run(&shared(
            "focus-1.0_official_sample/focus-1.0_focus_sample_1000rows.csv",
        ))
        .assumptions
        .iter()
        .map(|a| a.id.clone()),
    );
    assert!(ids.len() > 20);
    for id in ids {
        assert!(
            docs.contains(&format!("### `{id}`")),
            "assumption {id} is not documented in docs/assumptions.md"
        );
    }
}

#[test]
fn the_coverage_counts_in_the_docs_are_current() {
    let docs = include_str!("../docs/rules.md");
    let reg = certkit::rules::registry();
    let implemented = reg.rules.iter().filter(|r| r.is_implemented()).count();
    let total = reg.rules.len();
    let line = format!(
        "{total} rules: {implemented} implemented, {} not checkable",
        total - implemented
    );
    assert!(docs.contains(&line), "docs/rules.md should say \"{line}\"");
}

/// Typed Parquet columns are judged by type: decimals and UTC timestamps pass, a
/// timestamp without zone fails the UTC rule, an integer account ID fails String.
#[cfg(feature = "parquet")]
#[test]
fn typed_parquet_columns_are_judged_by_type() {
    use std::sync::Arc;

    use arrow_array::{
        ArrayRef, Decimal128Array, Int64Array, RecordBatch, StringArray, TimestampSecondArray,
    };
    use arrow_schema::{DataType, Field, Schema, TimeUnit};
    use parquet::arrow::ArrowWriter;

    let decimal = |values: Vec<i128>| -> ArrayRef {
        match Decimal128Array::from(values).with_precision_and_scale(38, 12) {
            Ok(a) => Arc::new(a),
            Err(e) => panic!("{e}"),
        }
    };
    let utc = |secs: Vec<i64>| -> ArrayRef {
        Arc::new(TimestampSecondArray::from(secs).with_timezone("UTC"))
    };
    let schema = Arc::new(Schema::new(vec![
        Field::new("BilledCost", DataType::Decimal128(38, 12), true),
        Field::new("EffectiveCost", DataType::Decimal128(38, 12), true),
        Field::new("BillingCurrency", DataType::Utf8, true),
        Field::new("BillingAccountId", DataType::Int64, true),
        Field::new("ChargeCategory", DataType::Utf8, true),
        Field::new(
            "ChargePeriodStart",
            DataType::Timestamp(TimeUnit::Second, Some("UTC".into())),
            true,
        ),
        Field::new(
            "ChargePeriodEnd",
            DataType::Timestamp(TimeUnit::Second, None),
            true,
        ),
    ]));
    let columns: Vec<ArrayRef> = vec![
        decimal(vec![1_500_000_000_000, -250_000_000_000]),
        decimal(vec![1_500_000_000_000, -250_000_000_000]),
        Arc::new(StringArray::from(vec!["USD", "USD"])),
        Arc::new(Int64Array::from(vec![12345, 12345])),
        Arc::new(StringArray::from(vec!["Usage", "Credit"])),
        utc(vec![1_704_067_200, 1_704_067_200]),
        Arc::new(TimestampSecondArray::from(vec![
            1_704_153_600,
            1_704_153_600,
        ])),
    ];
    let batch = match RecordBatch::try_new(schema.clone(), columns) {
        Ok(b) => b,
        Err(e) => panic!("{e}"),
    };
    let mut bytes = Vec::new();
    let written = ArrowWriter::try_new(&mut bytes, schema, None).and_then(|mut w| {
        w.write(&batch)?;
        w.close()
    });
    assert!(
        written.is_ok(),
        "writing the Parquet fixture failed: {written:?}"
    );
    let report = match validate(
        Box::new(BytesSource::new(bytes)),
        "typed.parquet",
        &ValidateOptions::default(),
        &mut |_| ControlFlow::Continue(()),
    ) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(report.input.format, "Parquet");
    assert_eq!(report.rows, 2);
    // Decimal costs and the UTC start pass their type and format rules.
    for (rule, column) in [
        ("BilledCost-C-001-M", "BilledCost"),
        ("BilledCost-C-002-M", "BilledCost"),
        ("ChargePeriodStart-C-001-M", "ChargePeriodStart"),
        ("ChargePeriodStart-C-002-M", "ChargePeriodStart"),
    ] {
        assert!(
            report.finding(rule, Some(column)).is_none(),
            "{rule} should pass on typed {column}"
        );
    }
    // A timestamp without zone is not UTC.
    assert!(report
        .finding("DateTimeFormat-A-001-M", Some("ChargePeriodEnd"))
        .is_some_and(|f| f.failed_rows == 2));
    assert!(report
        .finding("DateTimeFormat-A-001-M", Some("ChargePeriodStart"))
        .is_none());
    // An integer column cannot be the String BillingAccountId.
    let account = report.finding("BillingAccountId-C-002-M", Some("BillingAccountId"));
    assert!(
        account.is_some_and(|f| f.counts_as == CountsAs::Blocking && f.message.contains("Int64"))
    );
    // The typed periods are still compared: end after start.
    assert!(report
        .finding("ChargePeriodEnd-C-004-M", Some("ChargePeriodEnd"))
        .is_none());
    assert!(report
        .passed
        .iter()
        .any(|id| id == "ChargePeriodEnd-C-004-M"));
}
