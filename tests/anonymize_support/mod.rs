//! Helpers shared by the `tests/anonymize_*.rs` suites (included with `#[path]`, so
//! each suite uses only some of them): a seeded generator of FOCUS-like samples with
//! customer data that must disappear, their CSV and Parquet forms, and readers that
//! turn any output back into cell texts.
#![allow(dead_code)]

use std::collections::HashMap;
use std::ops::ControlFlow;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{Decimal128Type, Float64Type, Int64Type, TimestampSecondType};
use arrow_array::{
    Array, ArrayRef, Decimal128Array, Float64Array, Int64Array, RecordBatch, StringArray, TimestampSecondArray,
};
use arrow_schema::DataType;
use certkit::anonymize::{anonymize, AnonymizeError, AnonymizeOptions, AnonymizeSummary};
use certkit::read::{self, BytesSource, ReadOptions};

/// A small deterministic generator (SplitMix64): the same seed, the same sample.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// `len` random characters among uppercase letters and digits: never a substring
    /// of a token, whose digest is lowercase letters and the digits 2 to 7.
    pub fn code(&mut self, len: usize) -> String {
        const CHARS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ0189";
        (0..len).map(|_| char::from(*self.pick(CHARS))).collect()
    }
}

/// The columns of a generated sample, in file order. `x_Owner` and `x_Count` are
/// custom columns, dropped by default.
pub const HEADER: [&str; 36] = [
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
    "ChargeDescription",
    "Tags",
    "x_Owner",
    "BilledCost",
    "EffectiveCost",
    "ListUnitPrice",
    "PricingQuantity",
    "ConsumedQuantity",
    "ConsumedUnit",
    "BillingCurrency",
    "BillingPeriodStart",
    "BillingPeriodEnd",
    "ChargePeriodStart",
    "ChargePeriodEnd",
    "ChargeCategory",
    "ChargeClass",
    "ChargeFrequency",
    "ServiceCategory",
    "ProviderName",
    "InvoiceIssuerName",
    "SkuId",
    "SkuPriceId",
    "RegionId",
    "SkuPriceDetails",
    "CommitmentDiscountStatus",
    "x_Count",
];

/// Columns whose values must come out unchanged, cell for cell.
pub const UNCHANGED: [&str; 21] = [
    "BilledCost",
    "EffectiveCost",
    "ListUnitPrice",
    "PricingQuantity",
    "ConsumedQuantity",
    "ConsumedUnit",
    "BillingCurrency",
    "BillingPeriodStart",
    "BillingPeriodEnd",
    "ChargePeriodStart",
    "ChargePeriodEnd",
    "ChargeCategory",
    "ChargeClass",
    "ChargeFrequency",
    "ServiceCategory",
    "ProviderName",
    "InvoiceIssuerName",
    "SkuId",
    "SkuPriceId",
    "RegionId",
    "SkuPriceDetails",
];

/// Columns typed in the Parquet form (all others are strings).
fn parquet_type(column: &str) -> DataType {
    match column {
        "BilledCost" | "EffectiveCost" | "ListUnitPrice" => DataType::Decimal128(20, 6),
        "PricingQuantity" | "ConsumedQuantity" => DataType::Float64,
        "BillingPeriodStart" | "BillingPeriodEnd" | "ChargePeriodStart" | "ChargePeriodEnd" => {
            DataType::Timestamp(arrow_schema::TimeUnit::Second, Some("UTC".into()))
        }
        "SubAccountId" | "x_Count" => DataType::Int64,
        _ => DataType::Utf8,
    }
}

/// A generated sample: rows of cell texts (`None` = null), and every customer value
/// that must not survive anonymization.
pub struct Sample {
    pub rows: Vec<Vec<Option<String>>>,
    pub secrets: Vec<String>,
}

impl Sample {
    pub fn column(&self, name: &str) -> Vec<Option<String>> {
        let index = HEADER.iter().position(|h| *h == name).unwrap_or_else(|| panic!("no column {name}"));
        self.rows.iter().map(|row| row[index].clone()).collect()
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` of seconds since 1970.
pub fn iso(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let in_day = seconds.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", in_day / 3600, in_day / 60 % 60, in_day % 60)
}

/// A sample of `rows` rows with random customer data.
pub fn generate(seed: u64, rows: usize) -> Sample {
    let mut rng = Rng::new(seed);
    let mut secrets = Vec::new();
    let secret = |value: String, secrets: &mut Vec<String>| {
        secrets.push(value.clone());
        value
    };
    let accounts: Vec<(String, String)> = (0..1 + rng.below(3))
        .map(|_| {
            let id = secret(format!("ACCT-{}", rng.code(10)), &mut secrets);
            let name = secret(format!("Acme {}, \"EU\" Ltd", rng.code(6)), &mut secrets);
            (id, name)
        })
        .collect();
    let sub_accounts: Vec<(i64, String)> = (0..1 + rng.below(5))
        .map(|_| {
            let id = 100_000_000_000 + rng.below(900_000_000_000) as i64;
            secrets.push(id.to_string());
            let name = secret(format!("Sub {} team", rng.code(6)), &mut secrets);
            (id, name)
        })
        .collect();
    let resources: Vec<(String, Option<String>)> = (0..1 + rng.below(20))
        .map(|_| {
            let id = secret(format!("arn:res/RES-{}", rng.code(12)), &mut secrets);
            let name = match rng.below(4) {
                0 => None,
                1 => Some("NULL".to_string()),
                _ => Some(secret(format!("web {} node", rng.code(6)), &mut secrets)),
            };
            (id, name)
        })
        .collect();
    let commitments: Vec<(String, String)> = (0..1 + rng.below(2))
        .map(|_| {
            let id = secret(format!("CD-{}", rng.code(10)), &mut secrets);
            let name = secret(format!("Commit {}", rng.code(6)), &mut secrets);
            (id, name)
        })
        .collect();
    let reservations: Vec<String> =
        (0..1 + rng.below(2)).map(|_| secret(format!("CR-{}", rng.code(10)), &mut secrets)).collect();
    let invoices: Vec<String> =
        (0..1 + rng.below(3)).map(|_| secret(format!("INV-{}", rng.code(8)), &mut secrets)).collect();
    let descriptions: Vec<String> = (0..1 + rng.below(6))
        .map(|_| secret(format!("Desc {} for project {}, line\n2", rng.code(5), rng.code(5)), &mut secrets))
        .collect();
    let owners: Vec<String> =
        (0..1 + rng.below(3)).map(|_| secret(format!("XO-{}", rng.code(8)), &mut secrets)).collect();
    let skus: Vec<(String, String)> =
        (0..1 + rng.below(4)).map(|i| (format!("sku{i}"), format!("sku{i}.price{}", rng.below(3)))).collect();

    let billing_start = 1_725_148_800 + 86_400 * 30 * rng.below(3) as i64; // 2024-09-01 and on
    let billing_end = billing_start + 30 * 86_400;
    let mut out = Vec::with_capacity(rows);
    for _ in 0..rows {
        let account = rng.pick(&accounts).clone();
        let sub = rng.pick(&sub_accounts).clone();
        let mut resource = rng.pick(&resources).clone();
        let category = *rng.pick(&["Usage", "Usage", "Usage", "Purchase", "Tax", "Credit", "Adjustment"]);
        let mut commitment = (None, None);
        if category == "Purchase" || rng.chance(20) {
            let (id, name) = rng.pick(&commitments).clone();
            if category == "Purchase" {
                // A commitment purchase's resource is the commitment itself.
                resource = (id.clone(), Some(name.clone()));
            }
            commitment = (Some(id), Some(name));
        }
        let tag_value = secret(format!("TV-{}", rng.code(8)), &mut secrets);
        let tags = match rng.below(6) {
            0 => None,
            1 => Some("{}".to_string()),
            2 => Some(format!("not json {tag_value}")),
            3 => Some(format!(r#"{{"env": "{tag_value}", "n": 7, "ok": true, "none": null}}"#)),
            4 => Some(format!(r#"{{"team": {{"lead": "{tag_value}"}}, "list": ["{tag_value}", 1]}}"#)),
            _ => Some(format!(r#"{{"cost-center": "{tag_value}", "cost-center": "{tag_value}"}}"#)),
        };
        let charge_start = billing_start + 3600 * rng.below(24 * 30) as i64;
        let cost = rng.below(100_000_000) as i64 - 10_000_000;
        let (sku, sku_price) = rng.pick(&skus).clone();
        let text = |v: &str| Some(v.to_string());
        let row = vec![
            Some(account.0),
            Some(account.1),
            Some(sub.0.to_string()),
            Some(sub.1),
            Some(resource.0),
            resource.1,
            commitment.0,
            commitment.1,
            rng.chance(30).then(|| rng.pick(&reservations).clone()),
            Some(rng.pick(&invoices).clone()),
            rng.chance(90).then(|| rng.pick(&descriptions).clone()),
            tags,
            rng.chance(70).then(|| rng.pick(&owners).clone()),
            Some(micros(cost)),
            Some(micros(cost / 2)),
            rng.chance(80).then(|| micros(rng.below(5_000_000) as i64)),
            rng.chance(80).then(|| format!("{}.25", rng.below(1000))),
            rng.chance(80).then(|| format!("{}", rng.below(1000))),
            text("Hours"),
            text(rng.pick::<&str>(&["USD", "EUR"])),
            Some(iso(billing_start)),
            Some(iso(billing_end)),
            Some(iso(charge_start)),
            Some(iso(charge_start + 3600)),
            text(category),
            (category == "Credit" && rng.chance(50)).then(|| "Correction".to_string()),
            text(rng.pick::<&str>(&["Usage-Based", "One-Time", "Recurring"])),
            text("Compute"),
            text("Example Cloud"),
            text("Example Cloud, Inc."),
            Some(sku),
            Some(sku_price),
            rng.chance(90).then(|| "us-east-1".to_string()),
            rng.chance(50).then(|| r#"{"CoreCount": 4, "InstanceType": "m5.xlarge"}"#.to_string()),
            rng.chance(50).then(|| "Used".to_string()),
            rng.chance(50).then(|| (rng.below(90) + 10).to_string()),
        ];
        out.push(row);
    }
    Sample { rows: out, secrets }
}

/// Six-decimal text of a count of millionths.
fn micros(value: i64) -> String {
    let sign = if value < 0 { "-" } else { "" };
    format!("{sign}{}.{:06}", value.unsigned_abs() / 1_000_000, value.unsigned_abs() % 1_000_000)
}

/// The sample as CSV: a null is an empty field, values quoted when they must be and
/// at random otherwise (quoting does not change a value).
pub fn to_csv(sample: &Sample, seed: u64) -> Vec<u8> {
    let mut rng = Rng::new(seed ^ 0xC5C5);
    let mut out = String::new();
    out.push_str(&HEADER.join(","));
    out.push('\n');
    for row in &sample.rows {
        let cells: Vec<String> = row
            .iter()
            .map(|cell| match cell {
                None => String::new(),
                Some(text) => {
                    let must = text.contains([',', '"', '\n', '\r']) || text.starts_with(' ') || text.ends_with(' ');
                    if must || rng.chance(30) {
                        format!("\"{}\"", text.replace('"', "\"\""))
                    } else {
                        text.clone()
                    }
                }
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push_str(if rng.chance(50) { "\n" } else { "\r\n" });
    }
    out.into_bytes()
}

/// The sample as Parquet, with typed cost, quantity, date and count columns and a
/// numeric SubAccountId.
pub fn to_parquet(sample: &Sample) -> Vec<u8> {
    let mut columns: Vec<(&str, ArrayRef)> = Vec::new();
    for (index, name) in HEADER.iter().enumerate() {
        let cells = sample.rows.iter().map(|row| row[index].as_deref());
        let array: ArrayRef = match parquet_type(name) {
            DataType::Decimal128(p, s) => Arc::new(
                cells
                    .map(|c| c.map(|t| t.replace('.', "").parse::<i128>().expect("six-decimal text")))
                    .collect::<Decimal128Array>()
                    .with_precision_and_scale(p, s)
                    .expect("valid decimal type"),
            ),
            DataType::Float64 => {
                Arc::new(cells.map(|c| c.map(|t| t.parse::<f64>().expect("number"))).collect::<Float64Array>())
            }
            DataType::Int64 => {
                Arc::new(cells.map(|c| c.map(|t| t.parse::<i64>().expect("integer"))).collect::<Int64Array>())
            }
            DataType::Timestamp(_, _) => Arc::new(
                cells
                    .map(|c| c.map(|t| parse_iso(t).expect("date")))
                    .collect::<TimestampSecondArray>()
                    .with_timezone("UTC"),
            ),
            _ => Arc::new(cells.collect::<StringArray>()),
        };
        columns.push((name, array));
    }
    let batch = RecordBatch::try_from_iter(columns).expect("consistent columns");
    let props = parquet::file::properties::WriterProperties::builder().set_max_row_group_row_count(Some(97)).build();
    let mut writer = parquet::arrow::ArrowWriter::try_new(Vec::new(), batch.schema(), Some(props)).expect("writer");
    writer.write(&batch).expect("write");
    writer.into_inner().expect("close")
}

/// Seconds of `YYYY-MM-DDTHH:MM:SSZ`.
fn parse_iso(text: &str) -> Option<i64> {
    let n = |r: std::ops::Range<usize>| text.get(r)?.parse::<i64>().ok();
    let (y, m, d) = (n(0..4)?, n(5..7)?, n(8..10)?);
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let days = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468;
    Some(days * 86_400 + n(11..13)? * 3600 + n(14..16)? * 60 + n(17..19)?)
}

/// Anonymizes in-memory bytes; returns the output bytes and the summary.
pub fn run(bytes: &[u8], name: &str, opts: &AnonymizeOptions) -> Result<(Vec<u8>, AnonymizeSummary), AnonymizeError> {
    let mut out = Vec::new();
    let summary = anonymize(Box::new(BytesSource::new(bytes.to_vec())), name, opts, &mut out, &mut |_, _| {
        ControlFlow::Continue(())
    })?;
    Ok((out, summary))
}

/// Anonymizes and panics on an error.
pub fn run_ok(bytes: &[u8], name: &str, opts: &AnonymizeOptions) -> (Vec<u8>, AnonymizeSummary) {
    run(bytes, name, opts).unwrap_or_else(|e| panic!("anonymize failed: {e}"))
}

/// A table read back: header and every column's cells as text.
pub struct Table {
    pub header: Vec<String>,
    pub types: Vec<DataType>,
    pub columns: Vec<Vec<Option<String>>>,
}

impl Table {
    pub fn column(&self, name: &str) -> &[Option<String>] {
        let index = self.header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
        &self.columns[index]
    }

    pub fn rows(&self) -> usize {
        self.columns.first().map_or(0, Vec::len)
    }

    /// Every non-null cell of every column.
    pub fn cells(&self) -> impl Iterator<Item = &str> {
        self.columns.iter().flatten().flatten().map(String::as_str)
    }
}

/// Reads bytes (any format) back into a [`Table`].
pub fn read_table(bytes: &[u8], name: &str) -> Table {
    let opts = ReadOptions { batch_rows: 50, delimiter: None, ..ReadOptions::default() };
    let mut reader = read::open(Box::new(BytesSource::new(bytes.to_vec())), name, &opts)
        .unwrap_or_else(|e| panic!("output does not read back: {e}"));
    let header = reader.header().to_vec();
    let types = reader.schema().fields().iter().map(|f| f.data_type().clone()).collect();
    let mut columns = vec![Vec::new(); header.len()];
    while let Some(batch) = reader.next_batch() {
        let batch = batch.unwrap_or_else(|e| panic!("output does not read back: {e}"));
        for (index, column) in columns.iter_mut().enumerate() {
            let array = batch.column(index);
            column.extend((0..array.len()).map(|row| cell_text(array.as_ref(), row)));
        }
    }
    Table { header, types, columns }
}

/// The text of a cell of the types the tests use.
pub fn cell_text(array: &dyn Array, row: usize) -> Option<String> {
    if array.is_null(row) {
        return None;
    }
    Some(match array.data_type() {
        DataType::Utf8 => array.as_string::<i32>().value(row).to_string(),
        DataType::Int64 => array.as_primitive::<Int64Type>().value(row).to_string(),
        DataType::Float64 => array.as_primitive::<Float64Type>().value(row).to_string(),
        DataType::Decimal128(_, _) => array.as_primitive::<Decimal128Type>().value_as_string(row),
        DataType::Timestamp(_, _) => iso(array.as_primitive::<TimestampSecondType>().value(row)),
        other => panic!("unexpected type {other}"),
    })
}

/// Bytes indexed by their 4-byte windows, to look for many needles of 4 bytes or
/// more quickly (a plain search per needle is slow in a debug build).
pub struct Haystack<'a> {
    bytes: &'a [u8],
    starts: HashMap<[u8; 4], Vec<usize>>,
}

impl<'a> Haystack<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        let mut starts: HashMap<[u8; 4], Vec<usize>> = HashMap::new();
        for (at, window) in bytes.windows(4).enumerate() {
            starts.entry([window[0], window[1], window[2], window[3]]).or_default().push(at);
        }
        Haystack { bytes, starts }
    }

    /// True when `needle` (at least 4 bytes) occurs.
    pub fn contains(&self, needle: &[u8]) -> bool {
        assert!(needle.len() >= 4, "needles are at least 4 bytes long");
        let key = [needle[0], needle[1], needle[2], needle[3]];
        self.starts
            .get(&key)
            .is_some_and(|starts| starts.iter().any(|&at| self.bytes.get(at..at + needle.len()) == Some(needle)))
    }
}

/// `../shared/focus/samples`, the real sample files; fails clearly when absent.
pub fn samples_dir() -> std::path::PathBuf {
    let dir = std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/focus/samples"));
    assert!(
        dir.is_dir(),
        "../shared is missing: these tests read the sample files in {} (the shared folder beside the repository)",
        dir.display()
    );
    dir
}
