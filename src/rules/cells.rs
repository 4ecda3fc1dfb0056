//! Reading the cells of one Arrow column, whatever its normalized type.
//!
//! CSV columns arrive as `Utf8` text; Parquet columns keep their types (integers,
//! floats, decimals, timestamps, dates, booleans, null). [`Cells`] wraps one column of a
//! batch so the checks can ask for text, a number or an instant without caring which.

use arrow_array::cast::AsArray;
use arrow_array::types::*;
use arrow_array::{Array, ArrayRef};
use arrow_schema::{DataType as ArrowType, TimeUnit};

use super::formats::datetime;
use super::number::{parse_lenient, Number};

/// One column of a batch, by the kind of values it holds.
pub enum Cells<'a> {
    /// Text (CSV, or Parquet strings).
    Text(&'a arrow_array::StringArray),
    /// Signed integers, widened.
    Int(IntCells<'a>),
    /// Unsigned integers, widened.
    UInt(UIntCells<'a>),
    /// Floating-point numbers.
    Float(FloatCells<'a>),
    /// Decimals with their scale.
    Decimal128(&'a arrow_array::Decimal128Array, i8),
    /// Wide decimals with their scale.
    Decimal256(&'a arrow_array::Decimal256Array, i8),
    /// Timestamps: the raw values, how many of them make a second, and whether the zone is UTC.
    Timestamp(&'a dyn Array, i64, bool),
    /// Dates as days since 1970-01-01.
    Date32(&'a arrow_array::Date32Array),
    /// Dates as milliseconds since 1970-01-01.
    Date64(&'a arrow_array::Date64Array),
    /// Booleans.
    Bool(&'a arrow_array::BooleanArray),
    /// A column of nulls, or a type certkit does not read.
    Other(&'a dyn Array),
}

/// Signed integer columns of any width.
pub enum IntCells<'a> {
    /// 8-bit.
    I8(&'a arrow_array::Int8Array),
    /// 16-bit.
    I16(&'a arrow_array::Int16Array),
    /// 32-bit.
    I32(&'a arrow_array::Int32Array),
    /// 64-bit.
    I64(&'a arrow_array::Int64Array),
}

/// Unsigned integer columns of any width.
pub enum UIntCells<'a> {
    /// 8-bit.
    U8(&'a arrow_array::UInt8Array),
    /// 16-bit.
    U16(&'a arrow_array::UInt16Array),
    /// 32-bit.
    U32(&'a arrow_array::UInt32Array),
    /// 64-bit.
    U64(&'a arrow_array::UInt64Array),
}

/// Float columns of either width.
pub enum FloatCells<'a> {
    /// 32-bit.
    F32(&'a arrow_array::Float32Array),
    /// 64-bit.
    F64(&'a arrow_array::Float64Array),
}

impl<'a> Cells<'a> {
    /// Wraps a column.
    pub fn new(array: &'a ArrayRef) -> Cells<'a> {
        let a = array.as_ref();
        match a.data_type() {
            ArrowType::Utf8 => a
                .as_string_opt::<i32>()
                .map(Cells::Text)
                .unwrap_or(Cells::Other(a)),
            ArrowType::Int8 => a
                .as_primitive_opt::<Int8Type>()
                .map(|x| Cells::Int(IntCells::I8(x)))
                .unwrap_or(Cells::Other(a)),
            ArrowType::Int16 => a
                .as_primitive_opt::<Int16Type>()
                .map(|x| Cells::Int(IntCells::I16(x)))
                .unwrap_or(Cells::Other(a)),
            ArrowType::Int32 => a
                .as_primitive_opt::<Int32Type>()
                .map(|x| Cells::Int(IntCells::I32(x)))
                .unwrap_or(Cells::Other(a)),
            ArrowType::Int64 => a
                .as_primitive_opt::<Int64Type>()
                .map(|x| Cells::Int(IntCells::I64(x)))
                .unwrap_or(Cells::Other(a)),
            ArrowType::UInt8 => a
                .as_primitive_opt::<UInt8Type>()
                .map(|x| Cells::UInt(UIntCells::U8(x)))
                .unwrap_or(Cells::Other(a)),
            ArrowType::UInt16 => a
                .as_primitive_opt::<UInt16Type>()
                .map(|x| Cells::UInt(UIntCells::U16(x)))
                .unwrap_or(Cells::Other(a)),
            ArrowType::UInt32 => a
                .as_primitive_opt::<UInt32Type>()
                .map(|x| Cells::UInt(UIntCells::U32(x)))
                .unwrap_or(Cells::Other(a)),
            ArrowType::UInt64 => a
                .as_primitive_opt::<UInt64Type>()
                .map(|x| Cells::UInt(UIntCells::U64(x)))
                .unwrap_or(Cells::Other(a)),
            ArrowType::Float32 => a
                .as_primitive_opt::<Float32Type>()
                .map(|x| Cells::Float(FloatCells::F32(x)))
                .unwrap_or(Cells::Other(a)),
            ArrowType::Float64 => a
                .as_primitive_opt::<Float64Type>()
                .map(|x| Cells::Float(FloatCells::F64(x)))
                .unwrap_or(Cells::Other(a)),
            ArrowType::Decimal128(_, scale) => a
                .as_primitive_opt::<Decimal128Type>()
                .map(|x| Cells::Decimal128(x, *scale))
                .unwrap_or(Cells::Other(a)),
            ArrowType::Decimal256(_, scale) => a
                .as_primitive_opt::<Decimal256Type>()
                .map(|x| Cells::Decimal256(x, *scale))
                .unwrap_or(Cells::Other(a)),
            ArrowType::Timestamp(unit, tz) => {
                let per_second = match unit {
                    TimeUnit::Second => 1,
                    TimeUnit::Millisecond => 1_000,
                    TimeUnit::Microsecond => 1_000_000,
                    TimeUnit::Nanosecond => 1_000_000_000,
                };
                let utc = tz.as_deref().is_some_and(datetime::is_utc_zone);
                Cells::Timestamp(a, per_second, utc)
            }
            ArrowType::Date32 => a
                .as_primitive_opt::<Date32Type>()
                .map(Cells::Date32)
                .unwrap_or(Cells::Other(a)),
            ArrowType::Date64 => a
                .as_primitive_opt::<Date64Type>()
                .map(Cells::Date64)
                .unwrap_or(Cells::Other(a)),
            ArrowType::Boolean => a
                .as_boolean_opt()
                .map(Cells::Bool)
                .unwrap_or(Cells::Other(a)),
            _ => Cells::Other(a),
        }
    }

    /// The underlying array.
    pub fn array(&self) -> &dyn Array {
        match self {
            Cells::Text(a) => *a,
            Cells::Int(IntCells::I8(a)) => *a,
            Cells::Int(IntCells::I16(a)) => *a,
            Cells::Int(IntCells::I32(a)) => *a,
            Cells::Int(IntCells::I64(a)) => *a,
            Cells::UInt(UIntCells::U8(a)) => *a,
            Cells::UInt(UIntCells::U16(a)) => *a,
            Cells::UInt(UIntCells::U32(a)) => *a,
            Cells::UInt(UIntCells::U64(a)) => *a,
            Cells::Float(FloatCells::F32(a)) => *a,
            Cells::Float(FloatCells::F64(a)) => *a,
            Cells::Decimal128(a, _) => *a,
            Cells::Decimal256(a, _) => *a,
            Cells::Timestamp(a, _, _) => *a,
            Cells::Date32(a) => *a,
            Cells::Date64(a) => *a,
            Cells::Bool(a) => *a,
            Cells::Other(a) => *a,
        }
    }

    /// True when the Arrow value at `row` is null (placeholders are judged elsewhere).
    pub fn is_null(&self, row: usize) -> bool {
        self.array().is_null(row)
    }

    /// The text at `row`, for text columns.
    pub fn text(&self, row: usize) -> Option<&'a [u8]> {
        match self {
            Cells::Text(a) if !a.is_null(row) => Some(a.value(row).as_bytes()),
            _ => None,
        }
    }

    /// The integer at `row`, for integer columns (unsigned values beyond `i128` cannot occur).
    fn integer(&self, row: usize) -> Option<i128> {
        let v = match self {
            Cells::Int(IntCells::I8(a)) => a.value(row) as i128,
            Cells::Int(IntCells::I16(a)) => a.value(row) as i128,
            Cells::Int(IntCells::I32(a)) => a.value(row) as i128,
            Cells::Int(IntCells::I64(a)) => a.value(row) as i128,
            Cells::UInt(UIntCells::U8(a)) => a.value(row) as i128,
            Cells::UInt(UIntCells::U16(a)) => a.value(row) as i128,
            Cells::UInt(UIntCells::U32(a)) => a.value(row) as i128,
            Cells::UInt(UIntCells::U64(a)) => a.value(row) as i128,
            _ => return None,
        };
        Some(v)
    }

    /// The float at `row`, for float columns.
    pub fn float(&self, row: usize) -> Option<f64> {
        match self {
            Cells::Float(FloatCells::F32(a)) => Some(a.value(row) as f64),
            Cells::Float(FloatCells::F64(a)) => Some(a.value(row)),
            _ => None,
        }
    }

    /// The number at `row`: parsed leniently from text, exact from integers and
    /// decimals, approximate from floats. `None` for nulls, non-numbers, NaN and infinities.
    pub fn number(&self, row: usize) -> Option<Number> {
        if self.is_null(row) {
            return None;
        }
        match self {
            Cells::Text(a) => parse_lenient(a.value(row).as_bytes()),
            Cells::Int(_) | Cells::UInt(_) => self.integer(row).map(|m| Number::Exact {
                mantissa: m,
                scale: 0,
            }),
            Cells::Float(_) => self.float(row).filter(|f| f.is_finite()).map(Number::Float),
            Cells::Decimal128(a, scale) => Some(decimal(a.value(row), *scale)),
            Cells::Decimal256(a, scale) => {
                let v = a.value(row);
                Some(match v.to_i128() {
                    Some(m) => decimal(m, *scale),
                    None => {
                        let (low, high) = v.to_parts();
                        let approx = high as f64 * 2f64.powi(128) + low as f64;
                        Number::Float(approx / 10f64.powi(*scale as i32))
                    }
                })
            }
            _ => None,
        }
    }

    /// The instant at `row` in seconds since 1970-01-01T00:00:00Z: from text as
    /// [`datetime::analyze`] reads it, from timestamps and dates by their unit.
    pub fn instant(&self, row: usize) -> Option<i64> {
        if self.is_null(row) {
            return None;
        }
        match self {
            Cells::Text(a) => datetime::analyze(a.value(row).as_bytes()).1,
            Cells::Timestamp(a, per_second, _) => {
                let raw = a
                    .as_primitive_opt::<TimestampSecondType>()
                    .map(|x| x.value(row))
                    .or_else(|| {
                        a.as_primitive_opt::<TimestampMillisecondType>()
                            .map(|x| x.value(row))
                    })
                    .or_else(|| {
                        a.as_primitive_opt::<TimestampMicrosecondType>()
                            .map(|x| x.value(row))
                    })
                    .or_else(|| {
                        a.as_primitive_opt::<TimestampNanosecondType>()
                            .map(|x| x.value(row))
                    })?;
                Some(raw.div_euclid(*per_second))
            }
            Cells::Date32(a) => Some(a.value(row) as i64 * 86400),
            Cells::Date64(a) => Some(a.value(row).div_euclid(1000)),
            _ => None,
        }
    }

    /// The value at `row` written out for a report example (`null` for nulls).
    pub fn render(&self, row: usize) -> String {
        if self.is_null(row) {
            return "null".to_string();
        }
        match self {
            Cells::Text(a) => shorten(a.value(row)),
            Cells::Int(_) | Cells::UInt(_) => {
                self.integer(row).map(|v| v.to_string()).unwrap_or_default()
            }
            Cells::Float(_) => self.float(row).map(|v| v.to_string()).unwrap_or_default(),
            Cells::Decimal128(a, scale) => render_decimal(a.value(row), *scale),
            Cells::Decimal256(a, scale) => match a.value(row).to_i128() {
                Some(m) => render_decimal(m, *scale),
                None => a.value(row).to_string(),
            },
            Cells::Timestamp(..) | Cells::Date32(_) | Cells::Date64(_) => self
                .instant(row)
                .map(datetime::format_epoch)
                .unwrap_or_default(),
            Cells::Bool(a) => a.value(row).to_string(),
            Cells::Other(a) => format!("({} value)", a.data_type()),
        }
    }
}

fn decimal(mantissa: i128, scale: i8) -> Number {
    if scale >= 0 {
        Number::Exact {
            mantissa,
            scale: scale as u32,
        }
    } else {
        match mantissa.checked_mul(10i128.pow((-scale as u32).min(38))) {
            Some(m) => Number::Exact {
                mantissa: m,
                scale: 0,
            },
            None => Number::Float(mantissa as f64 * 10f64.powi(-scale as i32)),
        }
    }
}

fn render_decimal(mantissa: i128, scale: i8) -> String {
    if scale <= 0 {
        let mut s = mantissa.to_string();
        if mantissa != 0 {
            s.extend(std::iter::repeat_n('0', (-scale) as usize));
        }
        return s;
    }
    let digits = mantissa.unsigned_abs().to_string();
    let scale = scale as usize;
    let padded = if digits.len() <= scale {
        format!("{}{}", "0".repeat(scale + 1 - digits.len()), digits)
    } else {
        digits
    };
    let (int, frac) = padded.split_at(padded.len() - scale);
    format!("{}{int}.{frac}", if mantissa < 0 { "-" } else { "" })
}

/// Long values are cut for examples, on a character boundary.
fn shorten(text: &str) -> String {
    const MAX: usize = 200;
    if text.len() <= MAX {
        return text.to_string();
    }
    let mut end = MAX;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    use arrow_array::{
        Decimal128Array, Float64Array, Int64Array, StringArray, TimestampSecondArray,
    };

    #[test]
    fn text_cells_give_text_numbers_and_instants() {
        let array: ArrayRef = Arc::new(StringArray::from(vec![
            Some("1.50"),
            None,
            Some("2024-01-01T00:00:00Z"),
        ]));
        let cells = Cells::new(&array);
        assert_eq!(cells.text(0), Some(&b"1.50"[..]));
        assert!(cells.is_null(1));
        assert_eq!(
            cells.number(0),
            Some(Number::Exact {
                mantissa: 150,
                scale: 2
            })
        );
        assert_eq!(cells.instant(2), Some(1704067200));
        assert_eq!(cells.render(1), "null");
    }

    #[test]
    fn typed_numbers_are_read_by_type() {
        let ints: ArrayRef = Arc::new(Int64Array::from(vec![-3]));
        assert_eq!(
            Cells::new(&ints).number(0),
            Some(Number::Exact {
                mantissa: -3,
                scale: 0
            })
        );
        let floats: ArrayRef = Arc::new(Float64Array::from(vec![f64::NAN, 2.5]));
        assert_eq!(Cells::new(&floats).number(0), None);
        assert_eq!(Cells::new(&floats).number(1), Some(Number::Float(2.5)));
        let Ok(decimals) = Decimal128Array::from(vec![12345]).with_precision_and_scale(10, 3)
        else {
            panic!("a valid precision and scale was rejected");
        };
        let decimals: ArrayRef = Arc::new(decimals);
        let cells = Cells::new(&decimals);
        assert_eq!(
            cells.number(0),
            Some(Number::Exact {
                mantissa: 12345,
                scale: 3
            })
        );
        assert_eq!(cells.render(0), "12.345");
    }

    #[test]
    fn timestamps_convert_units_and_render() {
        let ts: ArrayRef = Arc::new(TimestampSecondArray::from(vec![86400]).with_timezone("UTC"));
        let cells = Cells::new(&ts);
        assert!(matches!(cells, Cells::Timestamp(_, 1, true)));
        assert_eq!(cells.instant(0), Some(86400));
        assert_eq!(cells.render(0), "1970-01-02T00:00:00Z");
        let naive: ArrayRef = Arc::new(TimestampSecondArray::from(vec![0]));
        assert!(matches!(Cells::new(&naive), Cells::Timestamp(_, 1, false)));
    }

    #[test]
    fn decimals_render_with_their_scale() {
        assert_eq!(render_decimal(-5, 2), "-0.05");
        assert_eq!(render_decimal(100, 0), "100");
        assert_eq!(render_decimal(7, -2), "700");
    }
}
