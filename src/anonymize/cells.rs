//! The text of one Arrow cell: what a CSV output writes, and what a token hashes when
//! a column to hash is not stored as text (a Parquet `int64` account number).
//!
//! CSV inputs arrive as text and are written back as the very same text. Parquet
//! values are written the way a FOCUS export writes them: numbers in plain decimal
//! notation, decimals with their scale, timestamps as `YYYY-MM-DDTHH:MM:SSZ`.

use std::fmt::Write as _;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Decimal128Type, Decimal256Type, Float32Type, Float64Type, Int16Type, Int32Type, Int64Type,
    Int8Type, TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType, TimestampSecondType,
    UInt16Type, UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::Array;
use arrow_schema::{DataType, TimeUnit};

use super::datetime::{format_date, format_timestamp};

/// Appends the text of the non-null cell at a row to a string.
pub(crate) type CellWriter<'a> = Box<dyn Fn(usize, &mut String) + 'a>;

/// True when [`cell_writer`] can write cells of this type.
pub(crate) fn has_text(data_type: &DataType) -> bool {
    matches!(
        data_type,
        DataType::Utf8
            | DataType::LargeUtf8
            | DataType::Utf8View
            | DataType::Boolean
            | DataType::Int8
            | DataType::Int16
            | DataType::Int32
            | DataType::Int64
            | DataType::UInt8
            | DataType::UInt16
            | DataType::UInt32
            | DataType::UInt64
            | DataType::Float32
            | DataType::Float64
            | DataType::Decimal128(_, _)
            | DataType::Decimal256(_, _)
            | DataType::Timestamp(_, _)
            | DataType::Date32
            | DataType::Date64
    )
}

/// Writes the number in plain notation.
macro_rules! display {
    ($array:expr, $type:ty) => {{
        let values = $array.as_primitive::<$type>();
        Box::new(move |row, out: &mut String| {
            let _ = write!(out, "{}", values.value(row));
        })
    }};
}

/// The writer of the cells of `array`, or `None` for a type without a text form here
/// (lists, structs, maps, binary, durations); see [`has_text`].
pub(crate) fn cell_writer(array: &dyn Array) -> Option<CellWriter<'_>> {
    Some(match array.data_type() {
        DataType::Utf8 => {
            let values = array.as_string::<i32>();
            Box::new(move |row, out| out.push_str(values.value(row)))
        }
        DataType::LargeUtf8 => {
            let values = array.as_string::<i64>();
            Box::new(move |row, out| out.push_str(values.value(row)))
        }
        DataType::Utf8View => {
            let values = array.as_string_view();
            Box::new(move |row, out| out.push_str(values.value(row)))
        }
        DataType::Boolean => {
            let values = array.as_boolean();
            Box::new(move |row, out| out.push_str(if values.value(row) { "true" } else { "false" }))
        }
        DataType::Int8 => display!(array, Int8Type),
        DataType::Int16 => display!(array, Int16Type),
        DataType::Int32 => display!(array, Int32Type),
        DataType::Int64 => display!(array, Int64Type),
        DataType::UInt8 => display!(array, UInt8Type),
        DataType::UInt16 => display!(array, UInt16Type),
        DataType::UInt32 => display!(array, UInt32Type),
        DataType::UInt64 => display!(array, UInt64Type),
        DataType::Float32 => display!(array, Float32Type),
        DataType::Float64 => display!(array, Float64Type),
        DataType::Decimal128(_, _) => {
            let values = array.as_primitive::<Decimal128Type>();
            Box::new(move |row, out| out.push_str(&values.value_as_string(row)))
        }
        DataType::Decimal256(_, _) => {
            let values = array.as_primitive::<Decimal256Type>();
            Box::new(move |row, out| out.push_str(&values.value_as_string(row)))
        }
        DataType::Timestamp(unit, tz) => {
            let utc = tz.is_some();
            match unit {
                TimeUnit::Second => timestamp(array.as_primitive::<TimestampSecondType>().values(), 1, utc),
                TimeUnit::Millisecond => {
                    timestamp(array.as_primitive::<TimestampMillisecondType>().values(), 1_000, utc)
                }
                TimeUnit::Microsecond => {
                    timestamp(array.as_primitive::<TimestampMicrosecondType>().values(), 1_000_000, utc)
                }
                TimeUnit::Nanosecond => {
                    timestamp(array.as_primitive::<TimestampNanosecondType>().values(), 1_000_000_000, utc)
                }
            }
        }
        DataType::Date32 => {
            let values = array.as_primitive::<Date32Type>();
            Box::new(move |row, out| format_date(i64::from(values.value(row)), out))
        }
        DataType::Date64 => {
            let values = array.as_primitive::<Date64Type>();
            Box::new(move |row, out| {
                let millis = values.value(row);
                if millis.rem_euclid(86_400_000) == 0 {
                    format_date(millis.div_euclid(86_400_000), out);
                } else {
                    format_timestamp(millis, 1_000, false, out);
                }
            })
        }
        _ => return None,
    })
}

/// A writer of timestamps stored as counts of `per_second`-ths of a second. A zone
/// on the column means the values are instants, written in UTC with `Z`.
fn timestamp(values: &[i64], per_second: i64, utc: bool) -> CellWriter<'_> {
    Box::new(move |row, out| {
        if let Some(&value) = values.get(row) {
            format_timestamp(value, per_second, utc, out);
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{
        BooleanArray, Date32Array, Decimal128Array, Float64Array, Int64Array, TimestampMillisecondArray,
    };

    fn texts(array: &dyn Array) -> Vec<String> {
        let writer = cell_writer(array).expect("type has a text form");
        (0..array.len())
            .map(|row| {
                let mut out = String::new();
                writer(row, &mut out);
                out
            })
            .collect()
    }

    #[test]
    fn parquet_types_are_written_as_focus_text() {
        let decimal = Decimal128Array::from(vec![12_345_600, -5]).with_precision_and_scale(20, 6).unwrap();
        assert_eq!(texts(&decimal), ["12.345600", "-0.000005"]);
        assert_eq!(texts(&Float64Array::from(vec![0.1, 1e-7, 2.0])), ["0.1", "0.0000001", "2"]);
        assert_eq!(texts(&Int64Array::from(vec![123_456_789_012])), ["123456789012"]);
        assert_eq!(texts(&BooleanArray::from(vec![true, false])), ["true", "false"]);
        assert_eq!(texts(&Date32Array::from(vec![19_723])), ["2024-01-01"]);
        let ts = TimestampMillisecondArray::from(vec![1_704_067_200_000]).with_timezone("UTC");
        assert_eq!(texts(&ts), ["2024-01-01T00:00:00Z"]);
        let naive = TimestampMillisecondArray::from(vec![1_704_067_200_500]);
        assert_eq!(texts(&naive), ["2024-01-01T00:00:00.5"]);
    }

    #[test]
    fn types_without_text_are_refused() {
        let list = arrow_array::ListArray::new_null(
            std::sync::Arc::new(arrow_schema::Field::new("item", DataType::Utf8, true)),
            1,
        );
        assert!(cell_writer(&list).is_none());
        assert!(!has_text(list.data_type()));
    }
}
