//! Inputs that are not a readable table are rejected with a precise message.

#[path = "fixtures/read/support.rs"]
mod support;

use certkit::read::{ReadError, ReadErrorKind, ReadOptions};
use support::open_bytes;

fn open_error(bytes: impl Into<Vec<u8>>, name: &str) -> ReadError {
    match open_bytes(bytes, name, &ReadOptions::default()) {
        Ok(reader) => panic!("{name} opened as {}", reader.format()),
        Err(error) => error,
    }
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    text.encode_utf16()
        .flat_map(|unit| {
            if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            }
        })
        .collect()
}

#[test]
fn an_empty_file() {
    let error = open_error(Vec::new(), "bill.csv");
    assert_eq!(error.kind, ReadErrorKind::Empty);
    assert!(error.message.contains("empty"), "{error}");
}

#[test]
fn a_zip_archive_or_workbook() {
    let zip = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml".to_vec();
    let error = open_error(zip.clone(), "bill.zip");
    assert_eq!(error.kind, ReadErrorKind::NotTabular);
    assert!(
        error
            .message
            .contains("ZIP archive (an Excel workbook is one too)"),
        "{error}"
    );
    assert!(error.hint.contains("export the sheet as CSV"), "{error}");
    let error = open_error(zip, "bill.xlsx");
    assert!(error.message.contains("Excel workbook"), "{error}");
}

#[test]
fn a_pdf() {
    let error = open_error(
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj".to_vec(),
        "invoice.pdf",
    );
    assert_eq!(error.kind, ReadErrorKind::NotTabular);
    assert!(error.message.contains("PDF"), "{error}");
}

#[test]
fn utf16_with_a_bom_either_way_round() {
    for big_endian in [false, true] {
        let mut bytes = if big_endian {
            vec![0xfe, 0xff]
        } else {
            vec![0xff, 0xfe]
        };
        bytes.extend(utf16(
            "BilledCost,ChargeCategory\r\n1,Usage\r\n",
            big_endian,
        ));
        let error = open_error(bytes, "bill.csv");
        assert_eq!(error.kind, ReadErrorKind::Encoding);
        assert!(error.message.contains("UTF-16"), "{error}");
        assert!(error.hint.contains("UTF-8"), "{error}");
    }
}

#[test]
fn utf16_without_a_bom() {
    let error = open_error(
        utf16("BilledCost,ChargeCategory\n1,Usage\n2,Tax\n", false),
        "bill.csv",
    );
    assert_eq!(error.kind, ReadErrorKind::Encoding);
    assert!(error.message.contains("UTF-16"), "{error}");
}

#[test]
fn other_binary() {
    let bytes: Vec<u8> = (0..2000u32).map(|i| (i * 7 % 251) as u8).collect();
    let error = open_error(bytes, "bill.csv");
    assert_eq!(error.kind, ReadErrorKind::NotTabular);
    assert!(error.message.contains("binary"), "{error}");
}

#[test]
fn the_name_does_not_decide_the_format() {
    let reader = open_bytes("a,b\n1,2\n", "bill.parquet", &ReadOptions::default()).unwrap();
    assert_eq!(reader.format().to_string(), "CSV");
    assert_eq!(reader.notices()[0].code, "name-mismatch");
}

#[test]
fn formats_display_for_users() {
    use certkit::read::InputFormat;
    assert_eq!(InputFormat::Csv.to_string(), "CSV");
    assert_eq!(InputFormat::CsvGzip.to_string(), "CSV (gzip)");
    assert_eq!(InputFormat::Parquet.to_string(), "Parquet");
    let defaults = ReadOptions::default();
    assert_eq!((defaults.batch_rows, defaults.delimiter), (8192, None));
}
