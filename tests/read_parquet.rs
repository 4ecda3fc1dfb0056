//! Parquet reading: every codec, both encodings, typed columns kept, strings
//! normalized to plain Utf8, damage reported with its place.
#![cfg(feature = "parquet")]

#[path = "fixtures/read/support.rs"]
mod support;

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{Decimal128Type, Float64Type, Int32Type, Int64Type, TimestampSecondType};
use arrow_array::{
    Array, ArrayRef, BooleanArray, Date32Array, Decimal128Array, DictionaryArray, Float64Array,
    Int64Array, LargeStringArray, RecordBatch, StringArray, StringViewArray, TimestampSecondArray,
};
use arrow_schema::{DataType, TimeUnit};
use certkit::read::{InputFormat, ReadErrorKind, ReadOptions};
use parquet::arrow::ArrowWriter;
use parquet::basic::{BrotliLevel, Compression, GzipLevel, ZstdLevel};
use parquet::file::properties::WriterProperties;
use support::{open_bytes, read_all, read_until_error, row_count, strings};

const ROWS: usize = 1000;

/// A batch with the column types a FOCUS export uses.
fn typed_batch(rows: usize) -> RecordBatch {
    let cost: Decimal128Array = (0..rows as i128)
        .map(|i| Some(i * 1_234_567 - 50_000))
        .collect::<Decimal128Array>()
        .with_precision_and_scale(20, 6)
        .unwrap();
    let quantity: Float64Array = (0..rows)
        .map(|i| {
            if i % 10 == 3 {
                None
            } else {
                Some(i as f64 * 0.25)
            }
        })
        .collect();
    let count: Int64Array = (0..rows as i64).map(Some).collect();
    // 2025-03-01T00:00:00Z plus one hour per row.
    let start: TimestampSecondArray = (0..rows as i64)
        .map(|i| Some(1_740_787_200 + i * 3600))
        .collect::<TimestampSecondArray>()
        .with_timezone("UTC");
    let category: StringArray = (0..rows)
        .map(|i| Some(["Usage", "Purchase", "Tax", "Credit"][i % 4]))
        .collect();
    let region: StringArray = (0..rows)
        .map(|i| {
            if i % 5 == 0 {
                None
            } else {
                Some(format!("region-{}", i % 3))
            }
        })
        .collect();
    let day: Date32Array = (0..rows as i32).map(|i| Some(20_000 + i)).collect();
    let flag: BooleanArray = (0..rows).map(|i| Some(i % 2 == 0)).collect();
    RecordBatch::try_from_iter(vec![
        ("BilledCost", Arc::new(cost) as ArrayRef),
        ("ConsumedQuantity", Arc::new(quantity) as ArrayRef),
        ("x_Count", Arc::new(count) as ArrayRef),
        ("ChargePeriodStart", Arc::new(start) as ArrayRef),
        ("ChargeCategory", Arc::new(category) as ArrayRef),
        ("RegionId", Arc::new(region) as ArrayRef),
        ("x_Day", Arc::new(day) as ArrayRef),
        ("x_Flag", Arc::new(flag) as ArrayRef),
    ])
    .unwrap()
}

fn write_parquet(batch: &RecordBatch, props: WriterProperties) -> Vec<u8> {
    let mut writer = ArrowWriter::try_new(Vec::new(), batch.schema(), Some(props)).unwrap();
    writer.write(batch).unwrap();
    writer.into_inner().unwrap()
}

fn props(compression: Compression, dictionary: bool) -> WriterProperties {
    WriterProperties::builder()
        .set_compression(compression)
        .set_dictionary_enabled(dictionary)
        .build()
}

fn opts(batch_rows: usize) -> ReadOptions {
    ReadOptions {
        batch_rows,
        delimiter: None,
        ..ReadOptions::default()
    }
}

/// Checks that `batches` hold exactly the values of `typed_batch(ROWS)`, with types.
fn assert_typed_values(batches: &[RecordBatch]) {
    let expected = typed_batch(ROWS);
    assert_eq!(row_count(batches), ROWS);
    let schema = batches[0].schema();
    assert_eq!(schema.field(0).data_type(), &DataType::Decimal128(20, 6));
    assert_eq!(schema.field(1).data_type(), &DataType::Float64);
    assert_eq!(schema.field(2).data_type(), &DataType::Int64);
    assert_eq!(
        schema.field(3).data_type(),
        &DataType::Timestamp(TimeUnit::Second, Some("UTC".into()))
    );
    assert_eq!(schema.field(4).data_type(), &DataType::Utf8);
    assert_eq!(schema.field(5).data_type(), &DataType::Utf8);
    assert_eq!(schema.field(6).data_type(), &DataType::Date32);
    assert_eq!(schema.field(7).data_type(), &DataType::Boolean);
    let mut offset = 0;
    for batch in batches {
        let want = expected.slice(offset, batch.num_rows());
        let cost = batch.column(0).as_primitive::<Decimal128Type>();
        assert_eq!(cost, want.column(0).as_primitive::<Decimal128Type>());
        assert_eq!(
            cost.value_as_string(0),
            want.column(0)
                .as_primitive::<Decimal128Type>()
                .value_as_string(0)
        );
        assert_eq!(
            batch.column(1).as_primitive::<Float64Type>(),
            want.column(1).as_primitive::<Float64Type>()
        );
        assert_eq!(
            batch.column(2).as_primitive::<Int64Type>(),
            want.column(2).as_primitive::<Int64Type>()
        );
        assert_eq!(
            batch
                .column(3)
                .as_primitive::<TimestampSecondType>()
                .values(),
            want.column(3)
                .as_primitive::<TimestampSecondType>()
                .values()
        );
        assert_eq!(
            batch.column(4).as_string::<i32>(),
            want.column(4).as_string::<i32>()
        );
        assert_eq!(
            batch.column(5).as_string::<i32>(),
            want.column(5).as_string::<i32>()
        );
        assert_eq!(batch.column(6).as_ref(), want.column(6).as_ref());
        assert_eq!(batch.column(7).as_ref(), want.column(7).as_ref());
        offset += batch.num_rows();
    }
}

#[test]
fn every_codec_with_and_without_dictionary_reads_back_exactly() {
    let codecs = [
        Compression::UNCOMPRESSED,
        Compression::SNAPPY,
        Compression::GZIP(GzipLevel::default()),
        Compression::ZSTD(ZstdLevel::default()),
        Compression::LZ4,
        Compression::LZ4_RAW,
        Compression::BROTLI(BrotliLevel::default()),
    ];
    let batch = typed_batch(ROWS);
    for codec in codecs {
        for dictionary in [true, false] {
            let bytes = write_parquet(&batch, props(codec, dictionary));
            let mut reader = open_bytes(bytes, "bill.parquet", &opts(256))
                .unwrap_or_else(|e| panic!("{codec:?} dictionary={dictionary}: {e}"));
            assert_eq!(reader.format(), InputFormat::Parquet);
            let batches = read_all(reader.as_mut());
            assert_typed_values(&batches);
            assert_eq!(
                reader.rows_read(),
                ROWS as u64,
                "{codec:?} dictionary={dictionary}"
            );
        }
    }
}

#[test]
fn header_and_schema_follow_the_file() {
    let bytes = write_parquet(&typed_batch(10), props(Compression::SNAPPY, true));
    let reader = open_bytes(bytes, "bill.parquet", &ReadOptions::default()).unwrap();
    let names: Vec<&str> = reader.header().iter().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "BilledCost",
            "ConsumedQuantity",
            "x_Count",
            "ChargePeriodStart",
            "ChargeCategory",
            "RegionId",
            "x_Day",
            "x_Flag"
        ]
    );
    let schema_names: Vec<String> = reader
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    assert_eq!(schema_names, reader.header());
}

#[test]
fn dictionary_large_and_view_strings_come_out_as_plain_utf8() {
    let values = [
        Some("Usage"),
        None,
        Some("Tax"),
        Some("Usage"),
        Some("Credit"),
    ];
    let dictionary: DictionaryArray<Int32Type> = values.iter().copied().collect();
    let large = LargeStringArray::from(values.to_vec());
    let view = StringViewArray::from(values.to_vec());
    let batch = RecordBatch::try_from_iter(vec![
        ("Dict", Arc::new(dictionary) as ArrayRef),
        ("Large", Arc::new(large) as ArrayRef),
        ("View", Arc::new(view) as ArrayRef),
    ])
    .unwrap();
    for dictionary_encoding in [true, false] {
        let bytes = write_parquet(
            &batch,
            props(Compression::ZSTD(ZstdLevel::default()), dictionary_encoding),
        );
        let mut reader = open_bytes(bytes, "x.parquet", &ReadOptions::default()).unwrap();
        for field in reader.schema().fields() {
            assert_eq!(field.data_type(), &DataType::Utf8, "{}", field.name());
        }
        let batches = read_all(reader.as_mut());
        let expected: Vec<Option<String>> = values.iter().map(|v| v.map(str::to_string)).collect();
        for column in ["Dict", "Large", "View"] {
            assert_eq!(
                batches[0]
                    .schema()
                    .field_with_name(column)
                    .unwrap()
                    .data_type(),
                &DataType::Utf8
            );
            assert_eq!(strings(&batches, column), expected, "{column}");
        }
    }
}

#[test]
fn batches_respect_batch_rows_across_row_groups() {
    let batch = typed_batch(ROWS);
    let props = WriterProperties::builder()
        .set_max_row_group_row_count(Some(300))
        .build();
    let bytes = write_parquet(&batch, props);
    let mut reader = open_bytes(bytes, "x.parquet", &opts(128)).unwrap();
    let sizes: Vec<usize> = read_all(reader.as_mut())
        .iter()
        .map(RecordBatch::num_rows)
        .collect();
    assert!(sizes.iter().all(|&n| n <= 128), "{sizes:?}");
    assert_eq!(sizes.iter().sum::<usize>(), ROWS);
    // Row groups of 300 rows: 128 + 128 + 44, four times over (the last group has 100).
    assert_eq!(sizes, vec![128, 128, 44, 128, 128, 44, 128, 128, 44, 100]);
}

#[test]
fn bytes_read_moves_through_the_file_to_its_length() {
    let batch = typed_batch(ROWS);
    let props = WriterProperties::builder()
        .set_max_row_group_row_count(Some(250))
        .build();
    let bytes = write_parquet(&batch, props);
    let len = bytes.len() as u64;
    let mut reader = open_bytes(bytes, "x.parquet", &opts(100)).unwrap();
    let mut seen = vec![reader.bytes_read()];
    while let Some(batch) = reader.next_batch() {
        batch.unwrap();
        seen.push(reader.bytes_read());
    }
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    assert!(
        seen.iter().filter(|&&b| b > 0 && b < len).count() >= 3,
        "progress in steps: {seen:?}"
    );
    assert_eq!(reader.bytes_read(), len);
}

#[test]
fn a_cut_file_is_truncated() {
    let bytes = write_parquet(&typed_batch(ROWS), props(Compression::SNAPPY, true));
    for keep in [bytes.len() - 1, bytes.len() / 2, 100, 12, 4] {
        let error = match open_bytes(bytes[..keep].to_vec(), "x.parquet", &ReadOptions::default()) {
            Ok(_) => panic!("a file cut to {keep} bytes opened"),
            Err(error) => error,
        };
        assert_eq!(
            error.kind,
            ReadErrorKind::Truncated,
            "cut to {keep}: {error}"
        );
        assert!(
            error
                .message
                .contains(&format!("ends early ({keep} bytes): its footer is missing")),
            "{error}"
        );
        assert!(error.hint.contains("copy or export it again"), "{error}");
    }
}

#[test]
fn damaged_data_names_the_row_group_and_row() {
    let batch = typed_batch(ROWS);
    let props = WriterProperties::builder()
        .set_max_row_group_row_count(Some(500))
        .set_compression(Compression::SNAPPY)
        .set_dictionary_enabled(false)
        .build();
    let mut bytes = write_parquet(&batch, props);
    // Overwrite the middle of the second row group's data with garbage.
    let footer = parquet::file::metadata::ParquetMetaDataReader::new()
        .parse_and_finish(&bytes::Bytes::from(bytes.clone()))
        .unwrap();
    let second = &footer.row_groups()[1];
    let (start, len) = second.column(0).byte_range();
    for byte in &mut bytes[start as usize..(start + len) as usize] {
        *byte = 0xa5;
    }
    let mut reader = open_bytes(bytes, "x.parquet", &opts(500)).unwrap();
    let (batches, error) = read_until_error(reader.as_mut());
    assert_eq!(row_count(&batches), 500, "the first row group is read");
    let error = error.expect("damaged data must be an error");
    assert!(
        matches!(
            error.kind,
            ReadErrorKind::Malformed | ReadErrorKind::Truncated
        ),
        "{error:?}"
    );
    assert_eq!(error.row, Some(501));
    assert!(error.message.contains("row group 2"), "{error}");
    assert!(reader.next_batch().is_none());
}

#[test]
fn an_empty_parquet_file_has_a_header_and_no_rows() {
    let batch = typed_batch(0);
    let bytes = write_parquet(&batch, props(Compression::SNAPPY, true));
    let mut reader = open_bytes(bytes, "x.parquet", &ReadOptions::default()).unwrap();
    assert_eq!(reader.header().len(), 8);
    assert!(reader.next_batch().is_none());
    assert_eq!(reader.rows_read(), 0);
}

#[test]
fn nulls_survive() {
    let bytes = write_parquet(&typed_batch(20), props(Compression::SNAPPY, true));
    let mut reader = open_bytes(bytes, "x.parquet", &ReadOptions::default()).unwrap();
    let batches = read_all(reader.as_mut());
    assert_eq!(
        batches[0].column(1).null_count(),
        2,
        "rows 3 and 13 have no quantity"
    );
    assert_eq!(
        batches[0].column(5).null_count(),
        4,
        "rows 0, 5, 10 and 15 have no region"
    );
    assert!(batches[0].column(5).as_string::<i32>().is_null(0));
}

/// Memory follows the row group and the batch, not the file: a file of many row groups
/// is read with every batch under a fixed bound.
#[test]
fn memory_is_bounded_by_the_batch_not_the_file() {
    let rows = 200_000;
    let batch = typed_batch(rows);
    let props = WriterProperties::builder()
        .set_max_row_group_row_count(Some(20_000))
        .set_compression(Compression::ZSTD(ZstdLevel::default()))
        .build();
    let bytes = write_parquet(&batch, props);
    let mut reader = open_bytes(bytes, "big.parquet", &opts(4096)).unwrap();
    let mut largest = 0;
    let mut total = 0;
    while let Some(batch) = reader.next_batch() {
        let batch = batch.unwrap();
        assert!(batch.num_rows() <= 4096);
        total += batch.num_rows();
        largest = largest.max(batch.get_array_memory_size());
    }
    assert_eq!(total, rows);
    // Eight columns of at most 16 bytes a value, plus string data and validity.
    let bound = 4096 * 8 * 32;
    assert!(
        largest <= bound,
        "a batch took {largest} bytes, over {bound}"
    );
}
