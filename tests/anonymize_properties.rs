//! Properties of the anonymizer on generated FOCUS-like samples (CSV and Parquet,
//! random batch sizes): no customer value survives anywhere in the output, every
//! value to keep is unchanged cell for cell, shape and nulls are kept, and tokens are
//! consistent (same value → same token in every column; same salt → same output).

#[path = "anonymize_support/mod.rs"]
mod support;

use std::collections::HashMap;

use certkit::anonymize::{AnonymizeOptions, OutputFormat};
use certkit::read::ReadOptions;
use support::{generate, read_table, run_ok, to_csv, to_parquet, Haystack, Rng, Sample, Table, HEADER, UNCHANGED};

/// Generated samples per format.
const SEEDS: u64 = 24;

/// Columns whose non-null values must all become tokens.
const TOKEN_COLUMNS: [(&str, &str); 10] = [
    ("BillingAccountId", "id-"),
    ("SubAccountId", "id-"),
    ("ResourceId", "id-"),
    ("CommitmentDiscountId", "id-"),
    ("CapacityReservationId", "id-"),
    ("InvoiceId", "id-"),
    ("BillingAccountName", "name-"),
    ("SubAccountName", "name-"),
    ("CommitmentDiscountName", "name-"),
    ("ChargeDescription", "desc-"),
];

fn options(salt: &str, batch_rows: usize) -> AnonymizeOptions {
    let mut opts = AnonymizeOptions::new(salt);
    opts.read = ReadOptions { batch_rows, ..ReadOptions::default() };
    opts
}

/// Every property of one anonymization of `sample`, given as `input` named `name`.
fn check_properties(seed: u64, sample: &Sample, input: &[u8], name: &str, output: &[u8]) {
    let context = format!("seed {seed}, {name}");
    let before = read_table(input, name);
    let after = read_table(output, name);

    // Shape: same rows, same columns in the same order less the custom ones.
    assert_eq!(after.rows(), sample.rows.len(), "{context}: row count");
    let expected: Vec<&str> = HEADER.iter().copied().filter(|h| !h.starts_with("x_")).collect();
    assert_eq!(after.header, expected, "{context}: column order");

    // Values to keep: unchanged cell for cell, with the same type.
    for column in UNCHANGED {
        assert_eq!(after.column(column), before.column(column), "{context}: {column} changed");
        let index = |t: &Table| t.header.iter().position(|h| h == column).unwrap();
        assert_eq!(after.types[index(&after)], before.types[index(&before)], "{context}: {column} type");
    }

    // No customer value survives, neither in the bytes nor in any cell read back.
    let bytes = Haystack::new(output);
    let joined = after.cells().collect::<Vec<_>>().join("\u{1}");
    let cells = Haystack::new(joined.as_bytes());
    for secret in sample.secrets.iter().filter(|s| s.len() >= 4) {
        let escaped = secret.replace('"', "\"\"");
        assert!(
            !bytes.contains(secret.as_bytes()) && !bytes.contains(escaped.as_bytes()),
            "{context}: {secret:?} is in the output bytes"
        );
        assert!(!cells.contains(secret.as_bytes()), "{context}: {secret:?} is in an output cell");
    }

    // Tokens where values were, nulls and written-out nulls where they were.
    for (column, prefix) in TOKEN_COLUMNS {
        for (row, (a, b)) in before.column(column).iter().zip(after.column(column)).enumerate() {
            match (a, b) {
                (None, None) => {}
                (Some(a), Some(b)) if a == "NULL" => assert_eq!(b, "NULL", "{context}: {column} row {row}"),
                (Some(_), Some(b)) => assert!(
                    b.starts_with(prefix) && b.len() == prefix.len() + certkit::anonymize::DIGEST_CHARS,
                    "{context}: {column} row {row}: {b:?} is not a token"
                ),
                _ => panic!("{context}: {column} row {row}: null-ness changed ({a:?} → {b:?})"),
            }
        }
    }
    for (row, (a, b)) in before.column("ResourceName").iter().zip(after.column("ResourceName")).enumerate() {
        match (a.as_deref(), b.as_deref()) {
            (None, None) | (Some("NULL"), Some("NULL")) => {}
            (Some(_), Some(b)) => assert!(b.starts_with("name-"), "{context}: ResourceName row {row}: {b:?}"),
            _ => panic!("{context}: ResourceName row {row}: null-ness changed"),
        }
    }

    // One value, one token, whatever the column; two values, two tokens.
    let mut token_of: HashMap<String, String> = HashMap::new();
    let mut value_of: HashMap<String, String> = HashMap::new();
    for column in
        ["BillingAccountId", "SubAccountId", "ResourceId", "CommitmentDiscountId", "CapacityReservationId", "InvoiceId"]
    {
        for (a, b) in before.column(column).iter().zip(after.column(column)) {
            if let (Some(a), Some(b)) = (a, b) {
                assert_eq!(token_of.entry(a.clone()).or_insert_with(|| b.clone()), b, "{context}: {a} has two tokens");
                assert_eq!(value_of.entry(b.clone()).or_insert_with(|| a.clone()), a, "{context}: {b} has two values");
            }
        }
    }
    // Commitment purchases: ResourceId == CommitmentDiscountId before and after.
    let pairs = before.column("ResourceId").iter().zip(before.column("CommitmentDiscountId"));
    let out_pairs = after.column("ResourceId").iter().zip(after.column("CommitmentDiscountId"));
    for (row, ((r, c), (r2, c2))) in pairs.zip(out_pairs).enumerate() {
        assert_eq!(r.is_some() && r == c, r2.is_some() && r2 == c2, "{context}: row {row}: equality of ids changed");
    }

    check_tags(&context, before.column("Tags"), after.column("Tags"));
}

/// Tags: an object stays an object with the same keys in the same order and every
/// non-null value a `tag-` token; anything else becomes one `tags-` token.
fn check_tags(context: &str, before: &[Option<String>], after: &[Option<String>]) {
    for (row, (a, b)) in before.iter().zip(after).enumerate() {
        let (Some(a), Some(b)) = (a, b) else {
            assert_eq!(a.is_none(), b.is_none(), "{context}: Tags row {row}: null-ness changed");
            continue;
        };
        match serde_json::from_str::<serde_json::Value>(a) {
            Ok(serde_json::Value::Object(original)) => {
                let rewritten: serde_json::Value =
                    serde_json::from_str(b).unwrap_or_else(|e| panic!("{context}: Tags row {row}: {b:?}: {e}"));
                let rewritten =
                    rewritten.as_object().unwrap_or_else(|| panic!("{context}: Tags row {row}: not an object"));
                assert_eq!(
                    original.keys().collect::<Vec<_>>(),
                    rewritten.keys().collect::<Vec<_>>(),
                    "{context}: Tags row {row}: keys"
                );
                for (key, value) in rewritten {
                    match (&original[key], value) {
                        (serde_json::Value::Null, serde_json::Value::Null) => {}
                        (_, serde_json::Value::String(token)) => {
                            assert!(token.starts_with("tag-"), "{context}: Tags row {row}: {key}: {token}")
                        }
                        (o, r) => panic!("{context}: Tags row {row}: {key}: {o} became {r}"),
                    }
                }
                // Keys in file order: the first key of the input text comes first.
                let first_key = a.split('"').nth(1).unwrap_or_default();
                if !first_key.is_empty() {
                    assert!(b.starts_with(&format!("{{\"{first_key}\":")), "{context}: Tags row {row}: order: {b}");
                }
            }
            _ => assert!(b.starts_with("tags-"), "{context}: Tags row {row}: {a:?} became {b:?}"),
        }
    }
}

#[test]
fn csv_samples_keep_every_property() {
    for seed in 0..SEEDS {
        let mut rng = Rng::new(seed);
        let sample = generate(seed, 1 + rng.below(250) as usize);
        let input = to_csv(&sample, seed);
        let (output, summary) = run_ok(&input, "sample.csv", &options("salt-A", 1 + rng.below(64) as usize));
        assert_eq!(summary.output_format, OutputFormat::Csv);
        assert_eq!(summary.rows, sample.rows.len() as u64);
        assert_eq!(summary.columns_dropped, ["x_Owner", "x_Count"]);
        check_properties(seed, &sample, &input, "sample.csv", &output);
    }
}

#[test]
fn parquet_samples_keep_every_property() {
    for seed in 100..100 + SEEDS {
        let mut rng = Rng::new(seed);
        let sample = generate(seed, 1 + rng.below(250) as usize);
        let input = to_parquet(&sample);
        let (output, summary) = run_ok(&input, "sample.parquet", &options("salt-A", 1 + rng.below(64) as usize));
        assert_eq!(summary.output_format, OutputFormat::Parquet);
        assert_eq!(&output[..4], b"PAR1");
        check_properties(seed, &sample, &input, "sample.parquet", &output);
        let note = summary.columns.iter().find(|c| c.name == "SubAccountId").and_then(|c| c.note.clone());
        assert!(note.is_some_and(|n| n.contains("Int64")), "the int64 SubAccountId is not explained");
    }
}

#[test]
fn parquet_to_csv_writes_the_same_text_as_the_csv_form() {
    for seed in 200..208 {
        let sample = generate(seed, 120);
        let mut opts = options("salt-A", 40);
        opts.output = Some(OutputFormat::Csv);
        let (from_parquet, _) = run_ok(&to_parquet(&sample), "sample.parquet", &opts);
        let (from_csv, _) = run_ok(&to_csv(&sample, seed), "sample.csv", &opts);
        assert_eq!(
            String::from_utf8_lossy(&from_parquet),
            String::from_utf8_lossy(&from_csv),
            "seed {seed}: the same sample in two formats gives two outputs"
        );
    }
}

#[test]
fn csv_to_parquet_keeps_every_property() {
    for seed in 300..306 {
        let sample = generate(seed, 150);
        let input = to_csv(&sample, seed);
        let mut opts = options("salt-A", 33);
        opts.output = Some(OutputFormat::Parquet);
        let (output, summary) = run_ok(&input, "sample.csv", &opts);
        assert_eq!(summary.output_format, OutputFormat::Parquet);
        check_properties(seed, &sample, &input, "sample.csv", &output);
    }
}

#[test]
fn the_same_salt_gives_the_same_output_and_another_salt_other_tokens() {
    for seed in 400..406 {
        let sample = generate(seed, 80);
        for (input, name) in [(to_csv(&sample, seed), "s.csv"), (to_parquet(&sample), "s.parquet")] {
            let (first, _) = run_ok(&input, name, &options("salt-A", 16));
            let (again, _) = run_ok(&input, name, &options("salt-A", 50));
            assert!(first == again, "seed {seed} {name}: same salt, different bytes");
            let (other, _) = run_ok(&input, name, &options("salt-B", 16));
            let (a, b) = (read_table(&first, name), read_table(&other, name));
            for (column, _) in TOKEN_COLUMNS {
                for (x, y) in a.column(column).iter().zip(b.column(column)) {
                    if let (Some(x), Some(y)) = (x, y) {
                        assert!(x == "NULL" || x != y, "seed {seed} {name}: {column}: {x} under both salts");
                    }
                }
            }
            for column in UNCHANGED {
                assert_eq!(a.column(column), b.column(column), "{column} depends on the salt");
            }
        }
    }
}
