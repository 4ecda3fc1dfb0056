//! `.csv.gz`: the CSV inside is read while decompressing; a cut stream is Truncated.
#![cfg(feature = "gzip")]

#[path = "fixtures/read/support.rs"]
mod support;

use std::io::Write;

use certkit::read::{InputFormat, ReadErrorKind, ReadOptions};
use flate2::write::GzEncoder;
use flate2::Compression;
use support::{open_bytes, read_all, read_until_error, row_count, strings};

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// A CSV of `rows` rows whose text does not compress to almost nothing.
fn csv_text(rows: u32) -> String {
    let mut text = String::from("\u{feff}BillingAccountId;BilledCost;ChargeDescription\r\n");
    let mut state = 12345u32;
    for i in 0..rows {
        state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
        text.push_str(&format!(
            "acct-{:08x};{}.{:04};\"usage {i}; line\"\r\n",
            state,
            state % 9973,
            state % 10000
        ));
    }
    text
}

fn opts(batch_rows: usize) -> ReadOptions {
    ReadOptions {
        batch_rows,
        delimiter: None,
        ..ReadOptions::default()
    }
}

#[test]
fn a_gzipped_csv_reads_like_the_plain_one() {
    let text = csv_text(20_000);
    let compressed = gzip(text.as_bytes());
    let len = compressed.len() as u64;
    let mut reader = open_bytes(compressed, "bill.csv.gz", &opts(4096)).unwrap();
    assert_eq!(reader.format(), InputFormat::CsvGzip);
    assert_eq!(
        reader.header(),
        ["BillingAccountId", "BilledCost", "ChargeDescription"]
    );
    let codes: Vec<&str> = reader.notices().iter().map(|n| n.code).collect();
    assert!(
        codes.contains(&"gzip")
            && codes.contains(&"bom-stripped")
            && codes.contains(&"delimiter-detected"),
        "{codes:?}"
    );
    let batches = read_all(reader.as_mut());
    assert_eq!(row_count(&batches), 20_000);
    assert!(batches.iter().all(|b| b.num_rows() <= 4096));
    assert_eq!(
        strings(&batches, "ChargeDescription")[7].as_deref(),
        Some("usage 7; line")
    );
    assert_eq!(
        reader.bytes_read(),
        len,
        "progress counts the compressed bytes"
    );

    let mut plain = open_bytes(text, "bill.csv", &opts(4096)).unwrap();
    let plain_batches = read_all(plain.as_mut());
    assert_eq!(
        strings(&plain_batches, "BilledCost"),
        strings(&batches, "BilledCost")
    );
}

#[test]
fn concatenated_gzip_members_are_one_stream() {
    let mut bytes = gzip(b"a,b\n1,2\n");
    bytes.extend(gzip(b"3,4\n5,6\n"));
    let mut reader = open_bytes(bytes, "x.csv.gz", &ReadOptions::default()).unwrap();
    let batches = read_all(reader.as_mut());
    assert_eq!(
        strings(&batches, "a"),
        vec![Some("1".into()), Some("3".into()), Some("5".into())]
    );
}

#[test]
fn a_cut_gzip_stream_is_truncated_with_the_row_reached() {
    let compressed = gzip(csv_text(60_000).as_bytes());
    let cut = compressed[..compressed.len() * 2 / 3].to_vec();
    let mut reader = open_bytes(cut, "bill.csv.gz", &opts(1000)).unwrap();
    let (batches, error) = read_until_error(reader.as_mut());
    let error = error.expect("a cut gzip stream must be an error");
    assert_eq!(error.kind, ReadErrorKind::Truncated, "{error}");
    assert!(error.message.contains("gzip"), "{error}");
    let rows = row_count(&batches) as u64;
    assert!(
        rows > 10_000 && rows < 60_000,
        "rows before the cut: {rows}"
    );
    assert_eq!(error.row, Some(rows + 1));
}

#[test]
fn a_gzip_stream_cut_in_its_trailer_is_truncated() {
    let compressed = gzip(b"a,b\n1,2\n");
    let cut = compressed[..compressed.len() - 4].to_vec();
    let mut reader = match open_bytes(cut, "x.csv.gz", &ReadOptions::default()) {
        Ok(reader) => reader,
        Err(error) => {
            assert_eq!(error.kind, ReadErrorKind::Truncated, "{error}");
            return;
        }
    };
    let (_, error) = read_until_error(reader.as_mut());
    assert_eq!(
        error.expect("a cut trailer must be an error").kind,
        ReadErrorKind::Truncated
    );
}

#[test]
fn damaged_gzip_data_is_malformed() {
    // Large enough that the damage lies past the first 1 MiB chunk read at open.
    let mut compressed = gzip(csv_text(60_000).as_bytes());
    let middle = compressed.len() * 3 / 4;
    for byte in &mut compressed[middle..middle + 64] {
        *byte ^= 0x5a;
    }
    let mut reader = open_bytes(compressed, "x.csv.gz", &opts(1000)).unwrap();
    let (batches, error) = read_until_error(reader.as_mut());
    let error = error.expect("damaged data must be an error");
    assert!(
        matches!(
            error.kind,
            ReadErrorKind::Malformed | ReadErrorKind::Encoding
        ),
        "{error}"
    );
    assert_eq!(error.row, Some(row_count(&batches) as u64 + 1), "{error}");
}

#[test]
fn what_is_inside_the_gzip_is_checked_too() {
    let empty = open_bytes(gzip(b""), "x.csv.gz", &ReadOptions::default())
        .err()
        .expect("empty content");
    assert_eq!(empty.kind, ReadErrorKind::Empty);
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain("a,b\n".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let error = open_bytes(gzip(&utf16), "x.csv.gz", &ReadOptions::default())
        .err()
        .expect("UTF-16 content");
    assert_eq!(error.kind, ReadErrorKind::Encoding);
    let error = open_bytes(gzip(b"PK\x03\x04rest"), "x.gz", &ReadOptions::default())
        .err()
        .expect("ZIP content");
    assert_eq!(error.kind, ReadErrorKind::NotTabular);
}
