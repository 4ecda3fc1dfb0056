//! Data types (`<Column>-C-001-M`): does the Arrow type of a column fit the FOCUS
//! data type?
//!
//! A CSV file has no types: every column is text, and text is a valid carrier for
//! every FOCUS type, with the values then judged by the format rules (NumericFormat,
//! DateTimeFormat, …). Parquet columns are judged by type: a decimal, integer or float
//! column is a Decimal; a timestamp (any unit; the zone is judged by DateTimeFormat)
//! or a date is a Date/Time; only text is a String or JSON. A column of nulls fits any
//! type.

use arrow_schema::DataType as ArrowType;

use crate::focus::DataType;

/// Whether an Arrow type can carry a FOCUS data type.
pub fn fits(expected: DataType, actual: &ArrowType) -> bool {
    use ArrowType::*;
    if matches!(actual, Null | Utf8 | LargeUtf8 | Utf8View) {
        return true;
    }
    match expected {
        DataType::String | DataType::Json => false,
        DataType::Decimal => matches!(
            actual,
            Int8 | Int16
                | Int32
                | Int64
                | UInt8
                | UInt16
                | UInt32
                | UInt64
                | Float16
                | Float32
                | Float64
                | Decimal128(..)
                | Decimal256(..)
        ),
        DataType::DateTime => matches!(actual, Timestamp(..) | Date32 | Date64),
    }
}

/// What to tell the user about a type that does not fit.
pub fn mismatch_message(column: &str, expected: DataType, actual: &ArrowType) -> String {
    format!(
        "{column} is stored as {actual}, which cannot hold the FOCUS type {}",
        expected.as_str()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_schema::TimeUnit;

    #[test]
    fn text_fits_every_type() {
        for t in [
            DataType::String,
            DataType::Decimal,
            DataType::DateTime,
            DataType::Json,
        ] {
            assert!(fits(t, &ArrowType::Utf8));
            assert!(fits(t, &ArrowType::Null));
        }
    }

    #[test]
    fn numbers_fit_decimal_only() {
        assert!(fits(DataType::Decimal, &ArrowType::Decimal128(18, 6)));
        assert!(fits(DataType::Decimal, &ArrowType::Int64));
        assert!(fits(DataType::Decimal, &ArrowType::Float64));
        assert!(!fits(DataType::String, &ArrowType::Int64));
        assert!(!fits(DataType::Decimal, &ArrowType::Boolean));
    }

    #[test]
    fn timestamps_fit_date_time_only() {
        assert!(fits(
            DataType::DateTime,
            &ArrowType::Timestamp(TimeUnit::Second, None)
        ));
        assert!(fits(DataType::DateTime, &ArrowType::Date32));
        assert!(!fits(
            DataType::Decimal,
            &ArrowType::Timestamp(TimeUnit::Second, None)
        ));
        assert!(!fits(DataType::String, &ArrowType::Boolean));
    }

    #[test]
    fn mismatch_messages_name_both_types() {
        let m = mismatch_message("BillingAccountId", DataType::String, &ArrowType::Int64);
        assert!(m.contains("BillingAccountId") && m.contains("Int64") && m.contains("String"));
    }
}
