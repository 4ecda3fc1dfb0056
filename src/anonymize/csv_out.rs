//! CSV output: comma-delimited, header first, RFC 4180 quoting, LF line ends, no
//! byte-order mark.
//!
//! A value is quoted only when it must be (it holds a comma, a quote, a CR or LF) or
//! when it starts or ends with a space or tab (which some readers would trim). Inside
//! quotes a quote is doubled. A null is an empty field; a non-null empty string (only
//! Parquet has those) is written `""`.

use std::io::Write;

use arrow_array::{Array, RecordBatch};
use arrow_schema::Schema;

use super::cells::{cell_writer, CellWriter};
use super::AnonymizeError;

/// Bytes gathered before they are handed to the output, so writes are few and large.
const FLUSH_BYTES: usize = 1 << 20;

/// Writes batches as CSV.
pub(crate) struct CsvOutput {
    buffer: Vec<u8>,
    cell: String,
}

impl CsvOutput {
    pub(crate) fn new() -> Self {
        CsvOutput { buffer: Vec::with_capacity(FLUSH_BYTES + 4096), cell: String::new() }
    }

    /// Writes the header line: the column names of `schema`.
    pub(crate) fn write_header(&mut self, schema: &Schema, out: &mut dyn Write) -> Result<(), AnonymizeError> {
        for (index, field) in schema.fields().iter().enumerate() {
            if index > 0 {
                self.buffer.push(b',');
            }
            push_field(field.name(), &mut self.buffer);
        }
        self.buffer.push(b'\n');
        self.flush_to(out)
    }

    /// Writes the rows of `batch`.
    pub(crate) fn write_batch(&mut self, batch: &RecordBatch, out: &mut dyn Write) -> Result<(), AnonymizeError> {
        let columns: Vec<(&dyn Array, CellWriter)> = batch
            .columns()
            .iter()
            .zip(batch.schema().fields())
            .map(|(array, field)| {
                cell_writer(array.as_ref()).map(|writer| (array.as_ref(), writer)).ok_or_else(|| {
                    AnonymizeError::Unsupported(format!(
                        "column {} holds {} values, which certkit cannot write as CSV",
                        field.name(),
                        array.data_type()
                    ))
                })
            })
            .collect::<Result<_, _>>()?;
        for row in 0..batch.num_rows() {
            for (index, (array, writer)) in columns.iter().enumerate() {
                if index > 0 {
                    self.buffer.push(b',');
                }
                if array.is_null(row) {
                    continue;
                }
                self.cell.clear();
                writer(row, &mut self.cell);
                push_field(&self.cell, &mut self.buffer);
            }
            self.buffer.push(b'\n');
            if self.buffer.len() >= FLUSH_BYTES {
                self.flush_to(out)?;
            }
        }
        self.flush_to(out)
    }

    fn flush_to(&mut self, out: &mut dyn Write) -> Result<(), AnonymizeError> {
        out.write_all(&self.buffer).map_err(|e| AnonymizeError::Write(e.to_string()))?;
        self.buffer.clear();
        Ok(())
    }
}

/// Appends one field, quoted when RFC 4180 (or a trimming reader) needs it.
fn push_field(text: &str, out: &mut Vec<u8>) {
    let bytes = text.as_bytes();
    let padded = |b: Option<&u8>| matches!(b, Some(b' ' | b'\t'));
    let needs_quotes = bytes.is_empty()
        || padded(bytes.first())
        || padded(bytes.last())
        || bytes.iter().any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'));
    if !needs_quotes {
        out.extend_from_slice(bytes);
        return;
    }
    out.push(b'"');
    for &b in bytes {
        if b == b'"' {
            out.push(b'"');
        }
        out.push(b);
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(text: &str) -> String {
        let mut out = Vec::new();
        push_field(text, &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn fields_are_quoted_only_when_needed() {
        assert_eq!(field("USD"), "USD");
        assert_eq!(field("0.00001605990"), "0.00001605990");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field(r#"{"k": "v"}"#), r#""{""k"": ""v""}""#);
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field(" padded"), "\" padded\"");
        assert_eq!(field("padded\t"), "\"padded\t\"");
        assert_eq!(field(""), "\"\"");
        assert_eq!(field("in side"), "in side");
    }
}
