//! Each switchable rule of the anonymizer, the errors it reports, and the summary it
//! returns (lists, notes, assumptions).

#[path = "anonymize_support/mod.rs"]
mod support;

use std::ops::ControlFlow;

use certkit::anonymize::{
    anonymize, AnonymizeError, AnonymizeOptions, ColumnAction, ColumnKind, CustomColumns, OutputFormat,
};
use certkit::read::{BytesSource, ReadErrorKind, ReadOptions};
use support::{read_table, run, run_ok};

const CSV: &str = "\
BillingAccountId,BillingAccountName,SkuId,SkuPriceId,RegionId,ChargeDescription,Tags,x_Team,Owner,BilledCost,ChargeCategory
ACCT-1,Acme Corp,SKU-A,SKU-A-1,us-east-1,Compute for Apollo,\"{\"\"owner-jane\"\": \"\"Jane Doe\"\", \"\"env\"\": \"\"prod\"\"}\",Team Red,Jane,1.50,Usage
ACCT-1,Acme Corp,SKU-A,SKU-A-2,us-east-1,Compute for Apollo,not json,Team Red,Jane,0.010,Purchase
ACCT-2,,SKU-B,SKU-B-1,,,NULL,,,-2,Tax
";

fn opts() -> AnonymizeOptions {
    AnonymizeOptions::new("salt")
}

fn column(output: &[u8], name: &str) -> Vec<Option<String>> {
    read_table(output, "out.csv").column(name).to_vec()
}

#[test]
fn defaults_hash_ids_replace_names_and_drop_custom_columns() {
    let (output, summary) = run_ok(CSV.as_bytes(), "in.csv", &opts());
    let text = String::from_utf8(output.clone()).unwrap();
    assert!(text.starts_with("BillingAccountId,BillingAccountName,SkuId,SkuPriceId,RegionId,ChargeDescription,Tags,BilledCost,ChargeCategory\n"));
    for secret in ["ACCT-1", "ACCT-2", "Acme Corp", "Apollo", "Jane Doe", "prod", "Team Red"] {
        assert!(!text.contains(secret), "{secret} survived:\n{text}");
    }
    // Catalogue IDs, tag keys, costs and categories stay.
    for kept in ["SKU-A-1", "SKU-B", "us-east-1", "owner-jane", "1.50", "0.010", "-2", "Purchase"] {
        assert!(text.contains(kept), "{kept} is missing:\n{text}");
    }
    assert_eq!(summary.columns_hashed, ["BillingAccountId"]);
    assert_eq!(summary.columns_replaced, ["BillingAccountName", "ChargeDescription", "Tags"]);
    assert_eq!(summary.columns_dropped, ["x_Team", "Owner"]);
    assert_eq!(summary.columns_kept, ["SkuId", "SkuPriceId", "RegionId", "BilledCost", "ChargeCategory"]);
    let owner = summary.columns.iter().find(|c| c.name == "Owner").unwrap();
    assert_eq!(owner.kind, ColumnKind::Unknown);
    assert_eq!(owner.action, ColumnAction::Drop);
    let ids = column(&output, "BillingAccountId");
    assert_eq!(ids[0], ids[1], "one account, two tokens");
    assert_ne!(ids[0], ids[2]);
    assert_eq!(column(&output, "BillingAccountName")[2], None, "a null name must stay null");
    assert_eq!(summary.columns.iter().find(|c| c.name == "BillingAccountId").unwrap().values_replaced, 3);
}

#[test]
fn tags_keep_keys_and_count_invalid_cells() {
    let (output, summary) = run_ok(CSV.as_bytes(), "in.csv", &opts());
    let tags = column(&output, "Tags");
    let first = tags[0].clone().unwrap();
    assert!(first.starts_with("{\"owner-jane\":\"tag-"), "{first}");
    assert!(first.contains(",\"env\":\"tag-"), "{first}");
    assert!(tags[1].as_deref().unwrap().starts_with("tags-"));
    assert_eq!(tags[2].as_deref(), Some("NULL"), "a written-out null must stay as it is");
    let report = summary.tags.unwrap();
    assert_eq!((report.values_replaced, report.invalid_cells, report.first_invalid_row), (2, 1, Some(2)));
    assert!(!report.keys_hashed);
}

#[test]
fn options_switch_each_rule() {
    let mut o = opts();
    o.hash_catalogue_ids = true;
    o.hash_tag_keys = true;
    o.keep_descriptions = true;
    o.custom_columns = CustomColumns::Keep;
    let (output, summary) = run_ok(CSV.as_bytes(), "in.csv", &o);
    let text = String::from_utf8(output.clone()).unwrap();
    for gone in ["SKU-A", "us-east-1", "owner-jane", "ACCT-1"] {
        assert!(!text.contains(gone), "{gone} survived:\n{text}");
    }
    for kept in ["Compute for Apollo", "Team Red", "Jane"] {
        assert!(text.contains(kept), "{kept} is missing:\n{text}");
    }
    assert!(column(&output, "Tags")[0].as_deref().unwrap().starts_with("{\"key-"));
    assert!(summary.columns_dropped.is_empty());
    // A catalogue ID and an identifier with the same text share a digest.
    let sku = column(&output, "SkuId");
    assert!(sku[0].as_deref().unwrap().starts_with("id-"));
    let ids: Vec<&str> = summary.assumptions.iter().map(|a| a.id).collect();
    for id in ["catalogue-ids-hashed", "tag-values-and-keys-replaced", "descriptions-kept", "custom-columns-kept"] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }

    o.custom_columns = CustomColumns::Hash;
    let (output, summary) = run_ok(CSV.as_bytes(), "in.csv", &o);
    let team = column(&output, "x_Team");
    assert!(team[0].as_deref().unwrap().starts_with("id-"));
    assert_eq!(team[2], None);
    assert!(summary.columns_hashed.contains(&"x_Team".to_string()));
    assert!(summary.assumptions.iter().any(|a| a.id == "custom-columns-hashed" && a.text.contains("Owner")));
}

#[test]
fn default_assumptions_are_all_stated() {
    let (_, summary) = run_ok(CSV.as_bytes(), "in.csv", &opts());
    let ids: Vec<&str> = summary.assumptions.iter().map(|a| a.id).collect();
    assert_eq!(
        ids,
        [
            "identifiers-hashed",
            "catalogue-ids-kept",
            "names-replaced",
            "tag-values-replaced",
            "invalid-tags-tokenized",
            "descriptions-replaced",
            "custom-columns-dropped",
            "values-unchanged",
            "nulls-unchanged",
            "column-names-matched-ignoring-case",
            "csv-layout",
        ]
    );
    let text = summary.to_text();
    assert!(text.contains("Dropped: x_Team, Owner"), "{text}");
    assert!(text.contains("[identifiers-hashed]"), "{text}");
    let json = serde_json::to_value(&summary).unwrap();
    assert_eq!(json["output_format"], "csv");
    assert_eq!(json["columns"][0]["action"]["token"], "id-");
}

#[test]
fn misspelt_identifier_columns_are_still_hashed() {
    let input = "billingaccountID, ResourceName ,BilledCost\nACCT-9,web-1,1\n";
    let (output, _) = run_ok(input.as_bytes(), "in.csv", &opts());
    let text = String::from_utf8(output).unwrap();
    assert!(!text.contains("ACCT-9") && !text.contains("web-1"), "{text}");
}

#[test]
fn values_are_written_back_with_the_same_text() {
    let input = "BilledCost,ChargePeriodStart,BillingCurrency,ServiceName\n\
                 1.0E-7,2024-01-01 00:00:00,\" USD\",\"Compute, \"\"Fast\"\"\"\n\
                 00012.50,2024-01-01T00:00:00+00:00,usd,\"two\nlines\"\n";
    let (output, _) = run_ok(input.as_bytes(), "in.csv", &opts());
    let text = String::from_utf8(output.clone()).unwrap();
    assert_eq!(
        text,
        "BilledCost,ChargePeriodStart,BillingCurrency,ServiceName\n\
         1.0E-7,2024-01-01 00:00:00,\" USD\",\"Compute, \"\"Fast\"\"\"\n\
         00012.50,2024-01-01T00:00:00+00:00,usd,\"two\nlines\"\n"
    );
}

#[test]
fn gzip_input_gives_csv_output() {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(CSV.as_bytes()).unwrap();
    let gz = encoder.finish().unwrap();
    let (from_gzip, summary) = run_ok(&gz, "in.csv.gz", &opts());
    assert_eq!(summary.output_format, OutputFormat::Csv);
    assert_eq!(summary.input_format, "CSV (gzip)");
    let (from_csv, _) = run_ok(CSV.as_bytes(), "in.csv", &opts());
    assert_eq!(from_gzip, from_csv);
}

#[test]
fn parquet_output_without_custom_columns_reads_back() {
    let mut o = opts();
    o.output = Some(OutputFormat::Parquet);
    let (output, summary) = run_ok(CSV.as_bytes(), "in.csv", &o);
    assert_eq!(summary.output_format, OutputFormat::Parquet);
    let table = read_table(&output, "out.parquet");
    assert_eq!(table.rows(), 3);
    assert_eq!(table.column("BilledCost"), [Some("1.50".into()), Some("0.010".into()), Some("-2".into())]);
    assert!(summary.assumptions.iter().any(|a| a.id == "parquet-layout"));
}

#[test]
fn empty_salt_is_refused() {
    let error = run(CSV.as_bytes(), "in.csv", &AnonymizeOptions::new("")).unwrap_err();
    assert!(matches!(error, AnonymizeError::Options(_)));
    assert!(error.to_string().contains("salt is empty"), "{error}");
}

#[test]
fn read_errors_are_passed_on_with_their_place() {
    let error = run(b"PK\x03\x04zipped", "in.zip", &opts()).unwrap_err();
    assert!(matches!(&error, AnonymizeError::Read(e) if e.kind == ReadErrorKind::NotTabular), "{error:?}");
    let ragged = "BilledCost,ChargeCategory\n1,Usage\n2,Usage,extra\n";
    let error = run(ragged.as_bytes(), "in.csv", &opts()).unwrap_err();
    assert!(matches!(&error, AnonymizeError::Read(e) if e.row == Some(2)), "{error:?}");
}

#[test]
fn progress_is_reported_and_can_cancel() {
    let input: String = std::iter::once("BillingAccountId,BilledCost\n".to_string())
        .chain((0..100).map(|i| format!("A{i},{i}\n")))
        .collect();
    let mut o = opts();
    o.read = ReadOptions { batch_rows: 10, delimiter: None, ..ReadOptions::default() };
    let mut calls = Vec::new();
    let mut out = Vec::new();
    let summary =
        anonymize(Box::new(BytesSource::new(input.clone().into_bytes())), "in.csv", &o, &mut out, &mut |b, r| {
            calls.push((b, r));
            ControlFlow::Continue(())
        })
        .unwrap();
    assert_eq!(summary.rows, 100);
    assert_eq!(calls.len(), 10);
    assert_eq!(calls.last(), Some(&(input.len() as u64, 100)));
    assert!(calls.windows(2).all(|w| w[0].1 < w[1].1));

    let mut out = Vec::new();
    let result = anonymize(Box::new(BytesSource::new(input.into_bytes())), "in.csv", &o, &mut out, &mut |_, rows| {
        if rows >= 30 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    assert_eq!(result.unwrap_err(), AnonymizeError::Cancelled);
}

#[test]
fn a_failing_output_is_a_write_error() {
    struct Full;
    impl std::io::Write for Full {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("no space left on device"))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let result =
        anonymize(Box::new(BytesSource::new(CSV.as_bytes().to_vec())), "in.csv", &opts(), &mut Full, &mut |_, _| {
            ControlFlow::Continue(())
        });
    let error = result.unwrap_err();
    assert!(matches!(error, AnonymizeError::Write(_)));
    assert!(error.to_string().contains("no space left on device"), "{error}");
}

#[test]
fn an_input_whose_every_column_is_dropped_is_refused() {
    let error = run(
        b"x_Team,Owner
Red,Jane
",
        "in.csv",
        &opts(),
    )
    .unwrap_err();
    assert!(matches!(error, AnonymizeError::Unsupported(_)));
    assert!(error.to_string().contains("nothing to write"), "{error}");
}
