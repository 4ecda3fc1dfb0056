//! Arrow columns for a batch, filled with the scanned fields of one input chunk at a
//! time while that text is still in the processor's cache: each value is copied
//! once, from the input buffer straight into its column.

use std::sync::Arc;

use arrow_array::{ArrayRef, StringArray};
use arrow_buffer::{BooleanBuffer, Buffer, NullBuffer, OffsetBuffer, ScalarBuffer};

use super::records::{append, unescape, Fields, Value};
use super::recycle::Pool;
use crate::read::ReadError;

/// The columns of the batch being made: one nullable `Utf8` column per header
/// column, an empty value being null (except a quoted `""` when the reader keeps
/// those: an empty string).
pub(super) struct ColumnsBuilder {
    parts: Vec<ColumnParts>,
    rows: usize,
}

impl ColumnsBuilder {
    /// Columns with room for `rows` rows and, in each, about as many bytes of values
    /// as `sizes` says (the previous batch's, scaled); they grow if that is too few.
    pub(super) fn new(rows: usize, sizes: &[usize], memory: &ColumnMemory) -> Self {
        ColumnsBuilder {
            parts: sizes
                .iter()
                .map(|&size| ColumnParts::new(rows, size, memory))
                .collect(),
            rows: 0,
        }
    }

    /// Rows appended so far.
    pub(super) fn rows(&self) -> usize {
        self.rows
    }

    /// Appends the records of `fields` (whole records, one field per column), whose
    /// values lie in `text`.
    ///
    /// The caller has checked that `text` is valid UTF-8 where the values lie, and that
    /// every value starts and ends next to a delimiter, quote, terminator or the end of
    /// the checked text, which are ASCII: so each value is valid UTF-8 on its own.
    pub(super) fn append(&mut self, text: &[u8], fields: &Fields) {
        let columns = self.parts.len();
        if columns == 0 {
            return;
        }
        for record in fields.spans.chunks_exact(columns) {
            for (part, &span) in self.parts.iter_mut().zip(record) {
                match fields.value(span) {
                    Value::Plain { start, len } => append(&mut part.values, text, start, len),
                    Value::Escaped { start, raw_end } => {
                        let before = part.values.len();
                        unescape(text, start, raw_end, &mut part.values);
                        if part.values.len() == before {
                            // Only a kept quoted empty field (`""`) unescapes to nothing.
                            part.empty_strings.push(self.rows);
                        }
                    }
                }
                // A batch holds far less than 2 GiB of values (see the reader's limits).
                part.offsets.push(part.values.len() as i32);
            }
            self.rows += 1;
        }
    }

    /// Bytes of values in each column so far.
    pub(super) fn sizes(&self) -> Vec<usize> {
        self.parts.iter().map(|part| part.values.len()).collect()
    }

    /// The finished columns.
    pub(super) fn finish(self, memory: &ColumnMemory) -> Result<Vec<ArrayRef>, ReadError> {
        self.parts
            .into_iter()
            .map(|part| part.finish(memory).map(|array| Arc::new(array) as ArrayRef))
            .collect()
    }
}

/// The value of each field of one record, in order, unescaped (for error messages).
pub(super) fn record_values(
    text: &[u8],
    fields: &Fields,
    first: usize,
    count: usize,
) -> Vec<Vec<u8>> {
    fields.spans[first..first + count]
        .iter()
        .map(|&span| match fields.value(span) {
            Value::Plain { start, len } => text[start..start + len].to_vec(),
            Value::Escaped { start, raw_end } => {
                let mut value = Vec::with_capacity(fields.value_len(span));
                unescape(text, start, raw_end, &mut value);
                value
            }
        })
        .collect()
}

/// Where the memory of columns comes from and goes back to.
#[derive(Default)]
pub(super) struct ColumnMemory {
    values: Pool<u8>,
    offsets: Pool<i32>,
}

/// Room left after a column's expected values so that short values can be copied
/// as one block of fixed size (see [`append`]) without reallocating.
const SLACK: usize = 32;

/// A column's bytes and offsets while it is being filled.
struct ColumnParts {
    /// Allocated for the expected values plus [`SLACK`].
    values: Vec<u8>,
    offsets: Vec<i32>,
    /// Rows whose empty value is an empty string, not a null (kept quoted `""`).
    empty_strings: Vec<usize>,
}

impl ColumnParts {
    fn new(rows: usize, value_bytes: usize, memory: &ColumnMemory) -> Self {
        let mut offsets = memory.offsets.take(rows + 1);
        offsets.push(0);
        ColumnParts {
            values: memory.values.take(value_bytes + SLACK),
            offsets,
            empty_strings: Vec::new(),
        }
    }

    fn finish(self, memory: &ColumnMemory) -> Result<StringArray, ReadError> {
        let offsets = &self.offsets;
        let mut empty_strings = self.empty_strings.iter().copied().peekable();
        let present = BooleanBuffer::collect_bool(offsets.len() - 1, |row| {
            offsets[row] != offsets[row + 1] || empty_strings.next_if_eq(&row).is_some()
        });
        let nulls = Some(NullBuffer::new(present)).filter(|nulls| nulls.null_count() > 0);
        let offsets = OffsetBuffer::new(ScalarBuffer::from(memory.offsets.buffer(self.offsets)));
        let values = memory.values.buffer(self.values);
        string_array(offsets, values, nulls)
    }
}

/// Debug builds (the tests) check the UTF-8 again, so a broken promise shows up there.
#[cfg(debug_assertions)]
fn string_array(
    offsets: OffsetBuffer<i32>,
    values: Buffer,
    nulls: Option<NullBuffer>,
) -> Result<StringArray, ReadError> {
    StringArray::try_new(offsets, values, nulls).map_err(|e| {
        ReadError::new(
            crate::read::ReadErrorKind::Malformed,
            format!("a column could not be assembled: {e}"),
            "report this as a bug in certkit",
        )
    })
}

/// Release builds trust the one UTF-8 check made per batch (see [`build`]).
#[cfg(not(debug_assertions))]
fn string_array(
    offsets: OffsetBuffer<i32>,
    values: Buffer,
    nulls: Option<NullBuffer>,
) -> Result<StringArray, ReadError> {
    // SAFETY: the offsets start at 0 and never decrease, the last one is the length
    // of `values`, and every value is valid UTF-8 (see `build`), which is all
    // `StringArray` asks.
    Ok(unsafe { StringArray::new_unchecked(offsets, values, nulls) })
}
