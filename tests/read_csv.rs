//! CSV reading: text kept as text, every layout detail real exports have.

#[path = "fixtures/read/support.rs"]
mod support;

use std::io::Write;

use arrow_array::Array;
use arrow_schema::DataType;
use certkit::read::{self, FileSource, InputFormat, ReadErrorKind, ReadOptions};
use support::{open_bytes, open_default, read_all, read_until_error, row_count, strings};

fn opts(batch_rows: usize) -> ReadOptions {
    ReadOptions {
        batch_rows,
        ..ReadOptions::default()
    }
}

#[test]
fn values_are_text_and_empty_fields_are_null() {
    let mut reader =
        open_default("BilledCost,ChargeCategory,Tags\n1.50,Usage,NULL\n,\"\",\"{\"\"a\"\":1}\"\n");
    assert_eq!(reader.format(), InputFormat::Csv);
    let schema = reader.schema();
    for field in schema.fields() {
        assert_eq!(field.data_type(), &DataType::Utf8);
        assert!(field.is_nullable());
    }
    let batches = read_all(reader.as_mut());
    assert_eq!(
        strings(&batches, "BilledCost"),
        vec![Some("1.50".into()), None]
    );
    assert_eq!(
        strings(&batches, "ChargeCategory"),
        vec![Some("Usage".into()), None],
        "quoted \"\" is null too"
    );
    assert_eq!(
        strings(&batches, "Tags"),
        vec![Some("NULL".into()), Some("{\"a\":1}".into())],
        "NULL text is kept"
    );
    assert_eq!(reader.rows_read(), 2);
    assert!(reader.notices().is_empty(), "{:?}", reader.notices());
}

#[test]
fn header_names_are_kept_exactly() {
    let mut reader = open_default("BilledCost, ProviderName,x_Custom Column,\n1,2,3,4\n");
    assert_eq!(
        reader.header(),
        ["BilledCost", " ProviderName", "x_Custom Column", ""]
    );
    let names: Vec<String> = reader
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    assert_eq!(names, reader.header());
    assert_eq!(row_count(&read_all(reader.as_mut())), 1);
}

#[test]
fn a_utf8_bom_is_stripped_from_the_first_name_with_a_notice() {
    let mut reader = open_default(b"\xef\xbb\xbfBilledCost,BillingCurrency\n1,USD\n".to_vec());
    assert_eq!(reader.header()[0], "BilledCost");
    assert_eq!(reader.notices().len(), 1);
    assert_eq!(reader.notices()[0].code, "bom-stripped");
    let batches = read_all(reader.as_mut());
    assert_eq!(strings(&batches, "BilledCost"), vec![Some("1".into())]);
}

#[test]
fn crlf_lf_and_a_last_line_without_newline_all_end_records() {
    let mut reader = open_default("a,b\r\n1,2\r\n3,4\n5,6");
    let batches = read_all(reader.as_mut());
    assert_eq!(
        strings(&batches, "a"),
        vec![Some("1".into()), Some("3".into()), Some("5".into())]
    );
    assert_eq!(
        strings(&batches, "b"),
        vec![Some("2".into()), Some("4".into()), Some("6".into())],
        "no \\r left in values"
    );
}

#[test]
fn quoted_fields_keep_newlines_delimiters_and_doubled_quotes() {
    let text = "ChargeDescription,Tags\r\n\"two\r\nlines, one field\",\"{\"\"env\"\": \"\"prod\"\"}\"\r\n\"say \"\"hi\"\"\",x\r\n";
    let mut reader = open_default(text);
    let batches = read_all(reader.as_mut());
    assert_eq!(
        strings(&batches, "ChargeDescription"),
        vec![
            Some("two\r\nlines, one field".into()),
            Some("say \"hi\"".into())
        ]
    );
    assert_eq!(
        strings(&batches, "Tags")[0].as_deref(),
        Some("{\"env\": \"prod\"}")
    );
}

#[test]
fn blank_lines_are_skipped() {
    let mut reader = open_default("\n\na,b\n\n1,2\r\n\r\n\n3,4\n\n\n");
    assert_eq!(reader.header(), ["a", "b"]);
    let batches = read_all(reader.as_mut());
    assert_eq!(
        strings(&batches, "a"),
        vec![Some("1".into()), Some("3".into())]
    );
    assert_eq!(reader.rows_read(), 2);
}

#[test]
fn a_line_of_only_delimiters_is_a_row_of_nulls() {
    let mut reader = open_default("a,b,c\n,,\n1,2,3\n");
    let batches = read_all(reader.as_mut());
    assert_eq!(row_count(&batches), 2);
    assert_eq!(batches[0].column(0).null_count(), 1);
}

#[test]
fn semicolons_tabs_and_bars_are_detected_from_the_header() {
    for (delimiter, text) in [
        (';', "a;b;c\n1,5;2;3\n"),
        ('\t', "a\tb\tc\n1,5\t2\t3\n"),
        ('|', "a|b|c\n1,5|2|3\n"),
    ] {
        let mut reader = open_default(text);
        assert_eq!(reader.header(), ["a", "b", "c"], "delimiter {delimiter:?}");
        let notice = reader
            .notices()
            .iter()
            .find(|n| n.code == "delimiter-detected");
        assert!(
            notice.is_some(),
            "no notice for {delimiter:?}: {:?}",
            reader.notices()
        );
        let batches = read_all(reader.as_mut());
        assert_eq!(
            strings(&batches, "a"),
            vec![Some("1,5".into())],
            "delimiter {delimiter:?}"
        );
    }
}

#[test]
fn comma_wins_ties_and_needs_no_notice() {
    let mut reader = open_default("a,b;c\n1,2;3\n");
    assert_eq!(reader.header(), ["a", "b;c"]);
    assert!(reader.notices().is_empty());
    assert_eq!(row_count(&read_all(reader.as_mut())), 1);
}

#[test]
fn a_given_delimiter_overrides_detection() {
    let opts = ReadOptions {
        batch_rows: 100,
        delimiter: Some(b';'),
        ..ReadOptions::default()
    };
    let mut reader = open_bytes("a,b;c\n1,2;3\n", "x.csv", &opts).unwrap();
    assert_eq!(reader.header(), ["a,b", "c"]);
    assert!(reader.notices().is_empty());
    assert_eq!(row_count(&read_all(reader.as_mut())), 1);
}

#[test]
fn a_ragged_row_is_malformed_at_its_record_number() {
    // Row 1 spans two lines, so the bad row is on line 5 but is record (row) 3.
    let text = "a,b,c,d\n\"x\ny\",1,2,3\n4,5,6,7\n8,9,10\n11,12,13,14\n";
    let mut reader = open_bytes(text, "x.csv", &opts(100)).unwrap();
    let (batches, error) = read_until_error(reader.as_mut());
    assert_eq!(
        row_count(&batches),
        2,
        "rows before the bad one are handed out"
    );
    let error = error.expect("a ragged row must be an error");
    assert_eq!(error.kind, ReadErrorKind::Malformed);
    assert_eq!(error.row, Some(3));
    assert!(
        error.message.contains("3 fields") && error.message.contains("header has 4"),
        "{error}"
    );
    assert!(
        reader.next_batch().is_none(),
        "reading stops after an error"
    );
}

#[test]
fn too_many_fields_is_malformed_too() {
    let mut reader = open_default("a,b\n1,2,3\n");
    let (_, error) = read_until_error(reader.as_mut());
    let error = error.unwrap();
    assert_eq!((error.kind, error.row), (ReadErrorKind::Malformed, Some(1)));
    assert!(
        error.message.contains("3 fields") && error.message.contains("header has 2"),
        "{error}"
    );
}

#[test]
fn invalid_utf8_names_row_and_column() {
    let text = b"ResourceId,ResourceName\nr1,ok\nr2,caf\xe9\n".to_vec();
    let mut reader = open_default(text);
    let (batches, error) = read_until_error(reader.as_mut());
    assert_eq!(row_count(&batches), 1);
    let error = error.unwrap();
    assert_eq!(error.kind, ReadErrorKind::Encoding);
    assert_eq!(error.row, Some(2));
    assert_eq!(error.column.as_deref(), Some("ResourceName"));
    assert!(
        error
            .message
            .contains("row 2, column ResourceName: the bytes are not valid UTF-8"),
        "{error}"
    );
    assert!(error.hint.contains("UTF-8"), "{error}");
}

#[test]
fn multibyte_text_is_kept() {
    let mut reader = open_default("RegionName,ResourceName\nEurope (Zürich),データ€\n");
    let batches = read_all(reader.as_mut());
    assert_eq!(
        strings(&batches, "ResourceName"),
        vec![Some("データ€".into())]
    );
    assert_eq!(
        strings(&batches, "RegionName"),
        vec![Some("Europe (Zürich)".into())]
    );
}

#[test]
fn a_header_only_file_keeps_its_header_and_has_no_rows() {
    for text in ["BilledCost,BillingCurrency\n", "BilledCost,BillingCurrency"] {
        let mut reader = open_default(text);
        assert_eq!(reader.header(), ["BilledCost", "BillingCurrency"]);
        assert_eq!(reader.schema().fields().len(), 2);
        assert!(reader.next_batch().is_none());
        assert_eq!(reader.rows_read(), 0);
    }
}

#[test]
fn a_file_of_blank_lines_has_no_header() {
    let error = open_bytes("\n\r\n\n", "x.csv", &ReadOptions::default())
        .err()
        .expect("no header must be an error");
    assert_eq!(error.kind, ReadErrorKind::Empty);
    assert!(error.message.contains("no header"), "{error}");
}

#[test]
fn batches_respect_batch_rows() {
    let mut text = String::from("n,text\n");
    for i in 0..10 {
        text.push_str(&format!("{i},row {i}\n"));
    }
    let mut reader = open_bytes(text, "x.csv", &opts(3)).unwrap();
    let sizes: Vec<usize> = read_all(reader.as_mut())
        .iter()
        .map(|b| b.num_rows())
        .collect();
    assert_eq!(sizes, vec![3, 3, 3, 1]);
    assert_eq!(reader.rows_read(), 10);
}

#[test]
fn bytes_read_grows_to_the_file_length() {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    writeln!(file, "a,b,c").unwrap();
    for i in 0..150_000 {
        writeln!(file, "{i},text {i},\"quoted, {i}\"").unwrap();
    }
    file.flush().unwrap();
    let len = file.as_file().metadata().unwrap().len();
    assert!(len > 3 << 20, "the file must span several 1 MiB reads");
    let source = FileSource::open(file.path()).unwrap();
    let mut reader = read::open(Box::new(source), "big.csv", &opts(8192)).unwrap();
    let mut previous = reader.bytes_read();
    assert!(
        previous > 0 && previous < len,
        "the first chunk only is read at open ({previous} of {len})"
    );
    let mut rows = 0;
    while let Some(batch) = reader.next_batch() {
        rows += batch.unwrap().num_rows();
        let now = reader.bytes_read();
        assert!(
            now >= previous,
            "bytes_read went back from {previous} to {now}"
        );
        previous = now;
    }
    assert_eq!(rows, 150_000);
    assert_eq!(reader.bytes_read(), len);
}

/// Memory is bounded by the batch, not the file: a file 150 times larger than one
/// batch's memory is read with every batch under a fixed bound.
#[test]
fn memory_is_bounded_by_the_batch_not_the_file() {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    {
        let mut out = std::io::BufWriter::new(file.as_file_mut());
        writeln!(out, "BillingAccountId,ChargeDescription,BilledCost,Tags").unwrap();
        for i in 0..400_000u32 {
            writeln!(out, "acct-{:06},Compute usage for instance {i},{}.{:02},\"{{\"\"team\"\":\"\"t{}\"\"}}\"", i % 1000, i % 997, i % 100, i % 7)
                .unwrap();
        }
    }
    let len = file.as_file().metadata().unwrap().len();
    let batch_rows = 4096;
    let source = FileSource::open(file.path()).unwrap();
    let mut reader = read::open(Box::new(source), "big.csv", &opts(batch_rows)).unwrap();
    let mut rows = 0;
    let mut largest = 0;
    while let Some(batch) = reader.next_batch() {
        let batch = batch.unwrap();
        assert!(batch.num_rows() <= batch_rows);
        rows += batch.num_rows();
        largest = largest.max(batch.get_array_memory_size());
    }
    assert_eq!(rows, 400_000);
    // A row is about 90 bytes of text plus 4 offsets and validity bits per column.
    let bound = batch_rows * 256;
    assert!(
        largest <= bound,
        "a batch took {largest} bytes, over {bound}"
    );
    assert!(
        len as usize > 20 * bound,
        "the file ({len} bytes) must dwarf a batch"
    );
}
