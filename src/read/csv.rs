//! CSV (and the CSV inside a gzip stream) → batches of nullable `Utf8` columns.
//!
//! The text of every value is kept as it is: the validator checks number and date
//! formats on the text, so nothing is inferred here. An empty field is null.
//!
//! Memory: one input chunk ([`INPUT_CHUNK`]), one record, and the batch being built.
//! A batch ends at `batch_rows` rows or [`BATCH_BYTES_LIMIT`] bytes of values, and a
//! record may not exceed [`MAX_RECORD_BYTES`] (a quote that is never closed would
//! otherwise swallow the rest of the file into one field).

use std::cell::Cell;
use std::io::Read;
use std::rc::Rc;
use std::sync::Arc;

use arrow_array::{ArrayRef, RecordBatch, StringArray};
use arrow_buffer::{Buffer, NullBufferBuilder, OffsetBuffer, ScalarBuffer};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use csv_core::ReadRecordResult;

use super::sniff;
use super::{BatchReader, InputFormat, Notice, ReadError, ReadErrorKind, ReadOptions};

/// Bytes asked of the input per read. Large, because in the browser each read is a
/// `File.slice`, and a few hundred of them per gigabyte is cheap where a million is not.
pub(crate) const INPUT_CHUNK: usize = 1 << 20;
/// A batch is handed out once its values reach this many bytes, even if it has fewer
/// than `batch_rows` rows, so very wide rows cannot make one batch huge.
const BATCH_BYTES_LIMIT: usize = 64 << 20;
/// The longest record accepted.
const MAX_RECORD_BYTES: usize = 16 << 20;

/// Turns an error of the input stream into a [`ReadError`]; decoders (gzip) know
/// what their errors mean, a plain file only has I/O errors.
pub(crate) type InputErrorMapper = fn(&std::io::Error) -> ReadError;

/// A streaming CSV reader; see the module documentation.
pub(crate) struct CsvReader {
    format: InputFormat,
    input: Box<dyn Read>,
    input_error: InputErrorMapper,
    /// Bytes consumed from the byte source, shared with the source reader.
    position: Rc<Cell<u64>>,
    chunk: Box<[u8]>,
    chunk_start: usize,
    chunk_end: usize,
    input_done: bool,
    parser: csv_core::Reader,
    /// The current record's field bytes, one after the other.
    record: Vec<u8>,
    record_len: usize,
    /// End offsets of the current record's fields in `record`.
    ends: Vec<usize>,
    field_count: usize,
    header: Vec<String>,
    schema: SchemaRef,
    batch_rows: usize,
    rows_read: u64,
    /// Bytes of values per column in the last batch: the next batch reserves as much.
    last_value_bytes: Vec<usize>,
    notices: Vec<Notice>,
    /// An error met after some rows of a batch: those rows go out first, then this.
    pending_error: Option<ReadError>,
    finished: bool,
}

impl CsvReader {
    /// Reads the header from `input` and returns a reader positioned before the first
    /// data row. `position` shows the bytes consumed from the underlying source.
    pub(crate) fn new(
        input: Box<dyn Read>,
        position: Rc<Cell<u64>>,
        format: InputFormat,
        opts: &ReadOptions,
        notices: Vec<Notice>,
        input_error: InputErrorMapper,
    ) -> Result<Self, ReadError> {
        let mut reader = CsvReader {
            format,
            input,
            input_error,
            position,
            chunk: vec![0; INPUT_CHUNK].into_boxed_slice(),
            chunk_start: 0,
            chunk_end: 0,
            input_done: false,
            parser: csv_core::Reader::new(),
            record: vec![0; 4096],
            record_len: 0,
            ends: vec![0; 64],
            field_count: 0,
            header: Vec::new(),
            schema: Arc::new(Schema::empty()),
            batch_rows: opts.batch_rows.max(1),
            rows_read: 0,
            last_value_bytes: Vec::new(),
            notices,
            pending_error: None,
            finished: false,
        };
        reader.fill_first_chunk()?;
        reader.check_content()?;
        reader.strip_bom();
        let delimiter = match opts.delimiter {
            Some(d) => d,
            None => reader.detect_delimiter(),
        };
        reader.parser = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
        reader.read_header()?;
        Ok(reader)
    }

    /// Reads until the first chunk is full or the input ends, so that content checks
    /// and delimiter detection see a whole header line.
    fn fill_first_chunk(&mut self) -> Result<(), ReadError> {
        while self.chunk_end < self.chunk.len() {
            let n = self.read_input(self.chunk_end)?;
            if n == 0 {
                self.input_done = true;
                break;
            }
            self.chunk_end += n;
        }
        Ok(())
    }

    /// One `read` into the chunk at `at`, retrying interrupted reads.
    fn read_input(&mut self, at: usize) -> Result<usize, ReadError> {
        loop {
            match self.input.read(&mut self.chunk[at..]) {
                Ok(n) => return Ok(n),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err((self.input_error)(&e)),
            }
        }
    }

    /// The format sniffing in `open` looked at the raw bytes; for gzip those were
    /// compressed, so the decompressed text gets the same checks here.
    fn check_content(&self) -> Result<(), ReadError> {
        let head = &self.chunk[..self.chunk_end.min(sniff::HEAD_LEN)];
        if head.is_empty() {
            let message = match self.format {
                InputFormat::CsvGzip => "the gzip file holds no data (it decompresses to 0 bytes)",
                _ => "the file is empty (0 bytes)",
            };
            return Err(ReadError::new(
                ReadErrorKind::Empty,
                message,
                "export the billing data again",
            ));
        }
        if head.starts_with(b"PAR1") {
            return Err(ReadError::new(
                ReadErrorKind::Unsupported,
                "this is a Parquet file inside a gzip stream",
                "decompress it first (Parquet compresses its own data, so the gzip layer is not needed)",
            ));
        }
        sniff::reject_documents(head, "")?;
        sniff::check_text(head)
    }

    fn strip_bom(&mut self) {
        if sniff::has_utf8_bom(&self.chunk[..self.chunk_end]) {
            self.chunk_start = sniff::UTF8_BOM_LEN;
            self.notices.push(Notice::new(
                "bom-stripped",
                "the file starts with a UTF-8 byte-order mark (BOM); it was removed from the first column name",
            ));
        }
    }

    /// Picks the delimiter that splits the header line into the most fields.
    fn detect_delimiter(&mut self) -> u8 {
        let delimiter = detect_delimiter(&self.chunk[self.chunk_start..self.chunk_end]);
        if delimiter != b',' {
            let name = match delimiter {
                b';' => "semicolons (;)",
                b'\t' => "tabs",
                _ => "vertical bars (|)",
            };
            self.notices.push(Notice::new(
                "delimiter-detected",
                format!(
                    "the fields are separated by {name}, not commas; detected from the header line"
                ),
            ));
        }
        delimiter
    }

    fn read_header(&mut self) -> Result<(), ReadError> {
        let header_error = |message: String| {
            ReadError::new(
                ReadErrorKind::Empty,
                message,
                "the first line must name the columns, for example BilledCost,BillingCurrency,...",
            )
        };
        if !self.read_record(0).map_err(|mut e| {
            e.row = None;
            e
        })? {
            return Err(header_error(
                "the file has no header line (it holds only blank lines)".into(),
            ));
        }
        let mut header = Vec::with_capacity(self.field_count);
        let mut start = 0;
        for (index, &end) in self.ends[..self.field_count].iter().enumerate() {
            let bytes = &self.record[start..end];
            let name = std::str::from_utf8(bytes).map_err(|_| {
                ReadError::new(
                    ReadErrorKind::Encoding,
                    format!("the header line is not valid UTF-8 (column {})", index + 1),
                    "save the file as UTF-8",
                )
            })?;
            header.push(name.to_string());
            start = end;
        }
        let fields: Vec<Field> = header
            .iter()
            .map(|name| Field::new(name, DataType::Utf8, true))
            .collect();
        self.schema = Arc::new(Schema::new(fields));
        self.last_value_bytes = vec![0; header.len()];
        self.header = header;
        Ok(())
    }

    /// Parses the next record into `record`/`ends`. Returns false at the end of input.
    /// `row` is the data row being read, for error messages (0 for the header).
    fn read_record(&mut self, row: u64) -> Result<bool, ReadError> {
        self.record_len = 0;
        self.field_count = 0;
        loop {
            if self.chunk_start == self.chunk_end && !self.input_done {
                self.chunk_start = 0;
                self.chunk_end = 0;
                let n = self.read_input(0).map_err(|e| e.at_row(row))?;
                if n == 0 {
                    self.input_done = true;
                }
                self.chunk_end = n;
            }
            let input = &self.chunk[self.chunk_start..self.chunk_end];
            let (result, n_in, n_out, n_ends) = self.parser.read_record(
                input,
                &mut self.record[self.record_len..],
                &mut self.ends[self.field_count..],
            );
            self.chunk_start += n_in;
            self.record_len += n_out;
            self.field_count += n_ends;
            match result {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => self.grow_record(row)?,
                ReadRecordResult::OutputEndsFull => {
                    let len = self.ends.len();
                    self.ends.resize(len * 2, 0);
                }
                ReadRecordResult::Record => return Ok(true),
                ReadRecordResult::End => return Ok(false),
            }
        }
    }

    fn grow_record(&mut self, row: u64) -> Result<(), ReadError> {
        let len = self.record.len();
        if len >= MAX_RECORD_BYTES {
            let what = if row == 0 {
                "the header line".to_string()
            } else {
                format!("row {row}")
            };
            let error = ReadError::new(
                ReadErrorKind::Malformed,
                format!("{what} is longer than {} MiB, which usually means a quote (\") that is never closed", MAX_RECORD_BYTES >> 20),
                "check the quotes in that row: a quote inside a quoted value must be doubled (\"\")",
            );
            return Err(if row == 0 { error } else { error.at_row(row) });
        }
        self.record.resize((len * 2).min(MAX_RECORD_BYTES), 0);
        Ok(())
    }

    /// Checks the current record against the header: same field count, UTF-8 text.
    fn check_record(&self, row: u64) -> Result<(), ReadError> {
        let expected = self.header.len();
        if self.field_count != expected {
            return Err(ReadError::new(
                ReadErrorKind::Malformed,
                format!("row {row} has {} fields but the header has {expected}", self.field_count),
                "look for a missing or extra delimiter or an unclosed quote in that row \
                 (a value with a line break spans several lines, so line and row numbers can differ)",
            )
            .at_row(row));
        }
        let bytes = &self.record[..self.record_len];
        // One check for the whole record (fast for ASCII), then only the field
        // boundaries: a character split between two fields is invalid too.
        let whole = std::str::from_utf8(bytes);
        let ends = &self.ends[..self.field_count];
        let valid = match whole {
            Ok(text) => ends.iter().all(|&end| text.is_char_boundary(end)),
            Err(_) => false,
        };
        if valid {
            return Ok(());
        }
        let mut start = 0;
        for (index, &end) in ends.iter().enumerate() {
            if std::str::from_utf8(&bytes[start..end]).is_err() {
                let column = &self.header[index];
                return Err(ReadError::new(
                    ReadErrorKind::Encoding,
                    format!("row {row}, column {column}: the bytes are not valid UTF-8"),
                    "save the file as UTF-8 (in Excel: \"CSV UTF-8 (Comma delimited)\")",
                )
                .at_row(row)
                .in_column(column.as_str()));
            }
            start = end;
        }
        Ok(())
    }

    fn new_columns(&self) -> Vec<ColumnBuilder> {
        self.last_value_bytes
            .iter()
            .map(|&bytes| ColumnBuilder::new(self.batch_rows, bytes))
            .collect()
    }

    fn finish_batch(&mut self, columns: Vec<ColumnBuilder>) -> Result<RecordBatch, ReadError> {
        let mut arrays: Vec<ArrayRef> = Vec::with_capacity(columns.len());
        for (index, column) in columns.into_iter().enumerate() {
            self.last_value_bytes[index] = column.values.len();
            arrays.push(Arc::new(column.finish()?));
        }
        RecordBatch::try_new(Arc::clone(&self.schema), arrays).map_err(|e| {
            ReadError::new(
                ReadErrorKind::Malformed,
                format!("a batch could not be assembled: {e}"),
                "report this as a bug in certkit",
            )
        })
    }
}

impl BatchReader for CsvReader {
    fn format(&self) -> InputFormat {
        self.format
    }

    fn header(&self) -> &[String] {
        &self.header
    }

    fn schema(&self) -> SchemaRef {
        Arc::clone(&self.schema)
    }

    fn next_batch(&mut self) -> Option<Result<RecordBatch, ReadError>> {
        if let Some(error) = self.pending_error.take() {
            self.finished = true;
            return Some(Err(error));
        }
        if self.finished {
            return None;
        }
        let mut columns = self.new_columns();
        let mut rows = 0usize;
        let mut batch_bytes = 0usize;
        while rows < self.batch_rows && batch_bytes < BATCH_BYTES_LIMIT {
            let row = self.rows_read + rows as u64 + 1;
            let checked = self.read_record(row).and_then(|more| {
                if more {
                    self.check_record(row)?;
                }
                Ok(more)
            });
            match checked {
                Ok(true) => {}
                Ok(false) => {
                    self.finished = true;
                    break;
                }
                Err(error) => {
                    self.pending_error = Some(error);
                    break;
                }
            }
            let mut start = 0;
            for (column, &end) in columns.iter_mut().zip(&self.ends[..self.field_count]) {
                column.push(&self.record[start..end]);
                start = end;
            }
            batch_bytes += self.record_len;
            rows += 1;
        }
        if rows == 0 {
            return self.pending_error.take().map(|error| {
                self.finished = true;
                Err(error)
            });
        }
        match self.finish_batch(columns) {
            Ok(batch) => {
                self.rows_read += rows as u64;
                Some(Ok(batch))
            }
            Err(error) => {
                self.finished = true;
                Some(Err(error))
            }
        }
    }

    fn bytes_read(&self) -> u64 {
        self.position.get()
    }

    fn rows_read(&self) -> u64 {
        self.rows_read
    }

    fn notices(&self) -> &[Notice] {
        &self.notices
    }
}

/// One column of the batch being built, laid out as Arrow wants it.
struct ColumnBuilder {
    values: Vec<u8>,
    offsets: Vec<i32>,
    validity: NullBufferBuilder,
}

impl ColumnBuilder {
    fn new(rows: usize, value_bytes: usize) -> Self {
        let mut offsets = Vec::with_capacity(rows + 1);
        offsets.push(0);
        ColumnBuilder {
            values: Vec::with_capacity(value_bytes),
            offsets,
            validity: NullBufferBuilder::new(rows),
        }
    }

    /// Appends one field; an empty field is null.
    fn push(&mut self, field: &[u8]) {
        if field.is_empty() {
            self.validity.append_null();
        } else {
            self.values.extend_from_slice(field);
            self.validity.append_non_null();
        }
        // The batch byte limit keeps a column far below 2 GiB, so this never saturates.
        self.offsets
            .push(i32::try_from(self.values.len()).unwrap_or(i32::MAX));
    }

    fn finish(mut self) -> Result<StringArray, ReadError> {
        let offsets = OffsetBuffer::new(ScalarBuffer::from(self.offsets));
        StringArray::try_new(
            offsets,
            Buffer::from_vec(self.values),
            self.validity.finish(),
        )
        .map_err(|e| {
            ReadError::new(
                ReadErrorKind::Malformed,
                format!("a column could not be assembled: {e}"),
                "report this as a bug in certkit",
            )
        })
    }
}

/// The delimiter among `,` `;` tab `|` that occurs most often outside quotes in the
/// first non-blank line of `text`; comma when none occurs or on a tie.
fn detect_delimiter(text: &[u8]) -> u8 {
    const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];
    let mut counts = [0usize; 4];
    let mut in_quotes = false;
    // Blank lines before the header are skipped by the parser, so skip them here too.
    let first_line = text
        .iter()
        .position(|&b| b != b'\n' && b != b'\r')
        .unwrap_or(text.len());
    for &byte in &text[first_line..] {
        match byte {
            b'"' => in_quotes = !in_quotes,
            b'\n' | b'\r' if !in_quotes => break,
            _ if !in_quotes => {
                if let Some(i) = CANDIDATES.iter().position(|&c| c == byte) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    let mut best = 0;
    for i in 1..CANDIDATES.len() {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    CANDIDATES[best]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::source::SequentialReader;
    use crate::read::BytesSource;
    use arrow_array::Array;

    fn reader(text: &[u8], opts: &ReadOptions) -> Result<CsvReader, ReadError> {
        let input = SequentialReader::new(Box::new(BytesSource::new(text.to_vec())));
        let position = input.position_handle();
        CsvReader::new(
            Box::new(input),
            position,
            InputFormat::Csv,
            opts,
            Vec::new(),
            ReadError::io,
        )
    }

    #[test]
    fn delimiter_detection_counts_outside_quotes_and_prefers_comma_on_ties() {
        assert_eq!(detect_delimiter(b"a;b;c\n1,2,3,4,5"), b';');
        assert_eq!(detect_delimiter(b"\"x;y;z\",b\n"), b',');
        assert_eq!(detect_delimiter(b"a,b;c\n"), b',');
        assert_eq!(detect_delimiter(b"a\tb\tc|d\r\n"), b'\t');
        assert_eq!(detect_delimiter(b"single"), b',');
        assert_eq!(
            detect_delimiter(b"\r\n\na;b\n"),
            b';',
            "blank lines before the header"
        );
    }

    #[test]
    fn buffers_do_not_grow_with_the_input() {
        let mut text = b"a,b,c\n".to_vec();
        for i in 0..200_000 {
            text.extend(format!("{i},value {i},\"quoted, {i}\"\n").as_bytes());
        }
        let opts = ReadOptions {
            batch_rows: 1000,
            delimiter: None,
        };
        let mut reader = reader(&text, &opts).unwrap();
        let mut rows = 0;
        while let Some(batch) = reader.next_batch() {
            rows += batch.unwrap().num_rows();
        }
        assert_eq!(rows, 200_000);
        assert_eq!(reader.chunk.len(), INPUT_CHUNK);
        assert_eq!(
            reader.record.len(),
            4096,
            "the record buffer grew for short rows"
        );
        assert_eq!(reader.ends.len(), 64);
        assert!(
            reader.last_value_bytes.iter().all(|&b| b < 64 * 1000),
            "{:?}",
            reader.last_value_bytes
        );
    }

    #[test]
    fn long_records_grow_the_record_buffer_up_to_the_limit() {
        let long = "x".repeat(100_000);
        let text = format!("a,b\n1,{long}\n");
        let mut reader = reader(text.as_bytes(), &ReadOptions::default()).unwrap();
        let batch = reader.next_batch().unwrap().unwrap();
        let column = batch
            .column(1)
            .as_any()
            .downcast_ref::<StringArray>()
            .unwrap();
        assert_eq!(column.value(0).len(), 100_000);
    }

    #[test]
    fn an_unclosed_quote_stops_at_the_record_limit() {
        let mut text = b"a,b\n1,\"never closed\n".to_vec();
        text.extend(std::iter::repeat_n(b'y', MAX_RECORD_BYTES + 10));
        let mut reader = reader(&text, &ReadOptions::default()).unwrap();
        let err = reader.next_batch().unwrap().unwrap_err();
        assert_eq!(err.kind, ReadErrorKind::Malformed);
        assert_eq!(err.row, Some(1));
        assert!(err.message.contains("never closed"), "{err}");
        assert!(
            reader.next_batch().is_none(),
            "the reader is finished after an error"
        );
    }

    #[test]
    fn rows_before_an_error_are_handed_out_first() {
        let text = b"a,b\n1,2\n3,4\n5\n";
        let mut reader = reader(text, &ReadOptions::default()).unwrap();
        let batch = reader.next_batch().unwrap().unwrap();
        assert_eq!(batch.num_rows(), 2);
        assert_eq!(batch.column(0).null_count(), 0);
        let err = reader.next_batch().unwrap().unwrap_err();
        assert_eq!(err.row, Some(3));
        assert!(reader.next_batch().is_none());
        assert_eq!(reader.rows_read, 2);
    }

    #[test]
    fn a_character_split_across_two_fields_is_invalid() {
        let text = b"a,b\n\xe2,\x82\xac\n";
        let mut reader = reader(text, &ReadOptions::default()).unwrap();
        let err = reader.next_batch().unwrap().unwrap_err();
        assert_eq!(err.kind, ReadErrorKind::Encoding);
        assert_eq!(err.column.as_deref(), Some("a"));
    }
}
