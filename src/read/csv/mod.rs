//! CSV (and the CSV inside a gzip stream) → batches of nullable `Utf8` columns.
//!
//! The text of every value is kept as it is: the validator checks number and date
//! formats on the text, so nothing is inferred here. An empty field is null.
//!
//! How a batch is made: the input is read in [`INPUT_CHUNK`] pieces; [`records`]
//! finds where the fields of the complete records in the buffer lie, without copying
//! them; their text is checked to be UTF-8 in one go (the row and column of a bad
//! byte are looked for only when there is one); then [`columns`] copies each value
//! once into its column, while the chunk is still in the processor's cache. The
//! header line is read by csv-core, whose rules the scanner follows.
//!
//! Memory: about two input chunks of text, the field positions of one chunk, and the
//! batch's columns, sized from the previous batch (their memory is reused once the
//! caller drops a batch, see [`recycle`]). A batch ends at `batch_rows` rows or
//! [`BATCH_BYTES_LIMIT`] bytes of values; a record may not have more than
//! [`MAX_RECORD_BYTES`] of values (a quote that is never closed would otherwise
//! swallow the rest of the file into one field) nor more than [`MAX_RECORD_TEXT`] of
//! text (a line of millions of delimiters).

mod columns;
mod records;
mod recycle;
#[cfg(test)]
mod test_support;

use std::cell::Cell;
use std::io::Read;
use std::rc::Rc;
use std::sync::Arc;

use arrow_array::RecordBatch;
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use csv_core::ReadRecordResult;

use super::sniff;
use super::{BatchReader, InputFormat, Notice, ReadError, ReadErrorKind, ReadOptions};
use records::{Fields, Scan, Scanner};

/// Bytes asked of the input per read. Large, because in the browser each read is a
/// `File.slice`, and a few hundred of them per gigabyte is cheap where a million is not.
pub(crate) const INPUT_CHUNK: usize = 1 << 20;
/// A batch is handed out once its values reach this many bytes, even if it has fewer
/// than `batch_rows` rows, so very wide rows cannot make one batch huge.
const BATCH_BYTES_LIMIT: usize = 64 << 20;
/// The most bytes of values one record may have.
const MAX_RECORD_BYTES: usize = 16 << 20;
/// The most bytes of text one record may take. The buffer holds one record and an
/// input chunk or two, so it stays far below 2 GiB, which field positions rely on.
const MAX_RECORD_TEXT: usize = 4 * MAX_RECORD_BYTES;

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
    /// Input text. The rows being added to the batch lie before `scanned`; the bytes
    /// from `scanned` to `filled` are read but not scanned yet.
    text: Vec<u8>,
    scanned: usize,
    filled: usize,
    input_done: bool,
    scanner: Scanner,
    /// Where the fields of the rows being added lie in `text`.
    fields: Fields,
    /// Where each row being added starts in `text`.
    row_starts: Vec<usize>,
    /// Bytes of values per column in the last batch, and its rows: the next batch
    /// reserves as much.
    last_sizes: Vec<usize>,
    last_rows: usize,
    /// Memory of dropped batches, for the next ones.
    column_memory: columns::ColumnMemory,
    /// [`MAX_RECORD_TEXT`], smaller in tests.
    max_record_text: usize,
    /// True when the delimiter is not ASCII: then checking the batch's text as a
    /// whole does not prove each value is UTF-8, so each record is checked alone.
    check_each_record: bool,
    header: Vec<String>,
    schema: SchemaRef,
    batch_rows: usize,
    rows_read: u64,
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
            text: Vec::new(),
            scanned: 0,
            filled: 0,
            input_done: false,
            scanner: Scanner::new(b',', false),
            fields: Fields::default(),
            row_starts: Vec::new(),
            column_memory: columns::ColumnMemory::default(),
            last_sizes: Vec::new(),
            last_rows: 0,
            max_record_text: MAX_RECORD_TEXT,
            check_each_record: false,
            header: Vec::new(),
            schema: Arc::new(Schema::empty()),
            batch_rows: opts.batch_rows.max(1),
            rows_read: 0,
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
        reader.scanner = Scanner::new(delimiter, opts.keep_quoted_empty);
        reader.check_each_record = !delimiter.is_ascii();
        reader.read_header(delimiter)?;
        Ok(reader)
    }

    /// Reads until the first chunk is full or the input ends, so that content checks
    /// and delimiter detection see a whole header line.
    fn fill_first_chunk(&mut self) -> Result<(), ReadError> {
        while self.filled < INPUT_CHUNK && !self.input_done {
            self.read_more(INPUT_CHUNK - self.filled)?;
        }
        Ok(())
    }

    /// Reads once more from the input, at most `most` bytes, after the bytes already
    /// read. When the batch has no row yet, the bytes already scanned (blank lines)
    /// are dropped first.
    fn read_more(&mut self, most: usize) -> Result<(), ReadError> {
        if self.row_starts.is_empty() && self.scanned > 0 {
            self.drop_scanned();
        }
        let want = self.filled + most;
        if self.text.len() < want {
            self.text.resize(want, 0);
        }
        let n = loop {
            match self.input.read(&mut self.text[self.filled..want]) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err((self.input_error)(&e)),
            }
        };
        if n == 0 {
            self.input_done = true;
        }
        self.filled += n;
        Ok(())
    }

    /// Reads more of the unfinished record that starts at `scanned`: one chunk, or,
    /// once the record is longer than a chunk, as much again as it has so far, so
    /// that scanning a long record again after each read costs little in all.
    fn read_for_record(&mut self) -> Result<(), ReadError> {
        let have = self.filled - self.scanned;
        if have < INPUT_CHUNK {
            return self.read_more(INPUT_CHUNK);
        }
        let target = 2 * have;
        while !self.input_done && self.filled - self.scanned < target {
            self.read_more(target - (self.filled - self.scanned))?;
        }
        Ok(())
    }

    /// Moves the bytes not scanned yet to the start of the buffer.
    fn drop_scanned(&mut self) {
        self.text.copy_within(self.scanned..self.filled, 0);
        self.filled -= self.scanned;
        self.scanned = 0;
    }

    /// The format sniffing in `open` looked at the raw bytes; for gzip those were
    /// compressed, so the decompressed text gets the same checks here.
    fn check_content(&self) -> Result<(), ReadError> {
        let head = &self.text[..self.filled.min(sniff::HEAD_LEN)];
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
        if sniff::has_utf8_bom(&self.text[..self.filled]) {
            self.scanned = sniff::UTF8_BOM_LEN;
            self.notices.push(Notice::new(
                "bom-stripped",
                "the file starts with a UTF-8 byte-order mark (BOM); it was removed from the first column name",
            ));
        }
    }

    /// Picks the delimiter that splits the header line into the most fields.
    fn detect_delimiter(&mut self) -> u8 {
        let delimiter = detect_delimiter(&self.text[self.scanned..self.filled]);
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

    /// Reads the header line with csv-core and makes the schema from it.
    fn read_header(&mut self, delimiter: u8) -> Result<(), ReadError> {
        let mut parser = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
        let mut record = vec![0u8; 4096];
        let mut ends = vec![0usize; 64];
        let (mut record_len, mut field_count) = (0, 0);
        loop {
            if self.scanned == self.filled && !self.input_done {
                // The header's bytes are copied into `record`, so the buffer is free.
                self.scanned = 0;
                self.filled = 0;
                self.read_more(INPUT_CHUNK)?;
            }
            let (result, n_in, n_out, n_ends) = parser.read_record(
                &self.text[self.scanned..self.filled],
                &mut record[record_len..],
                &mut ends[field_count..],
            );
            self.scanned += n_in;
            record_len += n_out;
            field_count += n_ends;
            match result {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => {
                    if record.len() >= MAX_RECORD_BYTES {
                        return Err(record_too_long(0));
                    }
                    record.resize((record.len() * 2).min(MAX_RECORD_BYTES), 0);
                }
                ReadRecordResult::OutputEndsFull => ends.resize(ends.len() * 2, 0),
                ReadRecordResult::Record => break,
                ReadRecordResult::End => {
                    return Err(ReadError::new(
                        ReadErrorKind::Empty,
                        "the file has no header line (it holds only blank lines)",
                        "the first line must name the columns, for example BilledCost,BillingCurrency,...",
                    ))
                }
            }
        }
        let mut header = Vec::with_capacity(field_count);
        let mut start = 0;
        for (index, &end) in ends[..field_count].iter().enumerate() {
            let name = std::str::from_utf8(&record[start..end]).map_err(|_| {
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
        self.last_sizes = vec![0; header.len()];
        self.header = header;
        Ok(())
    }

    /// Adds rows to `batch` until it is full, the input ends, or an error (kept in
    /// `pending_error`), one input chunk at a time.
    fn fill_batch(&mut self, batch: &mut columns::ColumnsBuilder) {
        let mut value_bytes = 0;
        loop {
            let stop = self.scan_records(batch.rows(), &mut value_bytes);
            let utf8_error = self.check_utf8(batch.rows());
            batch.append(&self.text, &self.fields);
            // The rows' values are in the batch now; their text is dropped when the
            // buffer needs room (see `read_more`).
            self.row_starts.clear();
            self.fields.clear();
            if let Some(error) = utf8_error {
                // A bad byte comes before whatever stopped the scanning.
                self.pending_error = Some(error);
                return;
            }
            match stop {
                Stop::Round => {}
                Stop::Full => return,
                Stop::End => {
                    self.finished = true;
                    return;
                }
                Stop::Error(error) => {
                    self.pending_error = Some(error);
                    return;
                }
                Stop::NeedInput { row } => {
                    if let Err(error) = self.read_for_record() {
                        self.pending_error = Some(error.at_row(row));
                        return;
                    }
                }
            }
        }
    }

    /// Scans the complete records in the buffer into `fields` and `row_starts`, the
    /// batch having `batch_rows` rows and `value_bytes` bytes of values before them.
    fn scan_records(&mut self, batch_rows: usize, value_bytes: &mut usize) -> Stop {
        let columns = self.header.len();
        loop {
            let rows = batch_rows + self.row_starts.len();
            if rows >= self.batch_rows || *value_bytes >= BATCH_BYTES_LIMIT {
                return Stop::Full;
            }
            if self.row_starts.len() == ROUND_ROWS {
                return Stop::Round;
            }
            let row = self.rows_read + rows as u64 + 1;
            let mark = self.fields.mark();
            let scan = self.scanner.scan(
                &self.text[..self.filled],
                self.scanned,
                self.input_done,
                &mut self.fields,
                columns,
            );
            match scan {
                Scan::End => return Stop::End,
                Scan::NeedInput { from, content } => {
                    self.scanned = from;
                    if content > MAX_RECORD_BYTES || self.filled - from > self.max_record_text {
                        return Stop::Error(record_too_long(row));
                    }
                    return Stop::NeedInput { row };
                }
                Scan::Record {
                    start,
                    next,
                    fields,
                    content,
                    ends_input,
                } => {
                    // csv-core, which this reader used to run on every record, stops a
                    // record once its values fill the limit and any byte follows.
                    let too_long =
                        content > MAX_RECORD_BYTES || (content == MAX_RECORD_BYTES && !ends_input);
                    let error = if too_long {
                        Some(record_too_long(row))
                    } else if fields != columns {
                        Some(ragged_row(row, fields, columns))
                    } else if self.check_each_record {
                        self.invalid_utf8(row, mark.spans())
                    } else {
                        None
                    };
                    if let Some(error) = error {
                        self.fields.truncate(mark);
                        return Stop::Error(error);
                    }
                    self.row_starts.push(start);
                    self.scanned = next;
                    *value_bytes += content;
                }
            }
        }
    }

    /// Checks the text of the scanned rows in one go. When a byte is not UTF-8, only
    /// the rows before its row are kept, and the error for it is returned.
    /// `batch_rows` is how many rows the batch had before them.
    fn check_utf8(&mut self, batch_rows: usize) -> Option<ReadError> {
        if self.check_each_record {
            return None;
        }
        let &first = self.row_starts.first()?;
        let error = std::str::from_utf8(&self.text[first..self.scanned]).err()?;
        let bad = first + error.valid_up_to();
        let bad_row = self
            .row_starts
            .partition_point(|&start| start <= bad)
            .saturating_sub(1);
        let columns = self.header.len();
        let row = self.rows_read + (batch_rows + bad_row) as u64 + 1;
        let error = self
            .invalid_utf8(row, bad_row * columns)
            .unwrap_or_else(|| {
                // Every value of the row is valid, so the bad byte lies between them.
                ReadError::new(
                    ReadErrorKind::Encoding,
                    format!("row {row}: the bytes are not valid UTF-8"),
                    "save the file as UTF-8 (in Excel: \"CSV UTF-8 (Comma delimited)\")",
                )
                .at_row(row)
            });
        self.fields.keep_first(bad_row * columns);
        self.row_starts.truncate(bad_row);
        Some(error)
    }

    /// The error for the first value of the record whose fields start at `first` in
    /// `fields` that is not UTF-8, if one is not.
    fn invalid_utf8(&self, row: u64, first: usize) -> Option<ReadError> {
        let count = self
            .fields
            .spans
            .len()
            .saturating_sub(first)
            .min(self.header.len());
        let values = columns::record_values(&self.text, &self.fields, first, count);
        let index = values
            .iter()
            .position(|value| std::str::from_utf8(value).is_err())?;
        let column = &self.header[index];
        Some(
            ReadError::new(
                ReadErrorKind::Encoding,
                format!("row {row}, column {column}: the bytes are not valid UTF-8"),
                "save the file as UTF-8 (in Excel: \"CSV UTF-8 (Comma delimited)\")",
            )
            .at_row(row)
            .in_column(column.as_str()),
        )
    }

    /// Makes the next batch; `None` when no row is left.
    fn make_batch(&mut self) -> Option<Result<RecordBatch, ReadError>> {
        let sizes: Vec<usize> = self
            .last_sizes
            .iter()
            .map(|&size| expected_size(size, self.last_rows, self.batch_rows))
            .collect();
        let mut batch = columns::ColumnsBuilder::new(self.batch_rows, &sizes, &self.column_memory);
        self.fill_batch(&mut batch);
        let rows = batch.rows();
        if rows == 0 {
            return None;
        }
        self.last_sizes = batch.sizes();
        self.last_rows = rows;
        let batch = batch.finish(&self.column_memory).and_then(|arrays| {
            RecordBatch::try_new(Arc::clone(&self.schema), arrays).map_err(|e| {
                ReadError::new(
                    ReadErrorKind::Malformed,
                    format!("a batch could not be assembled: {e}"),
                    "report this as a bug in certkit",
                )
            })
        });
        Some(batch)
    }
}

/// Rows scanned before they are copied into the batch: few enough that their text
/// (about 50 KB for a wide file) is still in the processor's cache when copied.
const ROUND_ROWS: usize = 64;

/// Why scanning stopped.
enum Stop {
    /// [`ROUND_ROWS`] rows were scanned: they go into the batch before more are.
    Round,
    /// The batch is full.
    Full,
    /// The buffer ends inside the record that is data row `row`.
    NeedInput { row: u64 },
    /// The input has no record left.
    End,
    /// A record is wrong.
    Error(ReadError),
}

/// The bytes a column is expected to need for `rows` rows, from the `size` bytes it
/// needed for `last_rows` rows, with a tenth more so that a little more is not a
/// reallocation.
fn expected_size(size: usize, last_rows: usize, rows: usize) -> usize {
    if last_rows == 0 {
        return 0;
    }
    let scaled = size as u128 * rows as u128 / last_rows as u128;
    usize::try_from(scaled + scaled / 10)
        .unwrap_or(usize::MAX)
        .min(BATCH_BYTES_LIMIT)
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
        match self.make_batch() {
            None => self.pending_error.take().map(|error| {
                self.finished = true;
                Err(error)
            }),
            Some(Ok(batch)) => {
                self.rows_read += batch.num_rows() as u64;
                Some(Ok(batch))
            }
            Some(Err(error)) => {
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

/// A record whose values pass [`MAX_RECORD_BYTES`] (or its text [`MAX_RECORD_TEXT`]);
/// `row` 0 is the header line.
fn record_too_long(row: u64) -> ReadError {
    let what = if row == 0 {
        "the header line".to_string()
    } else {
        format!("row {row}")
    };
    let error = ReadError::new(
        ReadErrorKind::Malformed,
        format!(
            "{what} is longer than {} MiB, which usually means a quote (\") that is never closed",
            MAX_RECORD_BYTES >> 20
        ),
        "check the quotes in that row: a quote inside a quoted value must be doubled (\"\")",
    );
    if row == 0 {
        error
    } else {
        error.at_row(row)
    }
}

/// A record with another number of fields than the header.
fn ragged_row(row: u64, fields: usize, expected: usize) -> ReadError {
    ReadError::new(
        ReadErrorKind::Malformed,
        format!("row {row} has {fields} fields but the header has {expected}"),
        "look for a missing or extra delimiter or an unclosed quote in that row \
         (a value with a line break spans several lines, so line and row numbers can differ)",
    )
    .at_row(row)
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
    use super::test_support::{csv_core_records, Random};
    use super::*;
    use crate::read::source::SequentialReader;
    use crate::read::{ByteSource, BytesSource};
    use arrow_array::{Array, StringArray};

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
            ..ReadOptions::default()
        };
        let mut reader = reader(&text, &opts).unwrap();
        let mut rows = 0;
        let mut largest_text = 0;
        while let Some(batch) = reader.next_batch() {
            rows += batch.unwrap().num_rows();
            largest_text = largest_text.max(reader.text.len());
        }
        assert_eq!(rows, 200_000);
        // One batch of text (about 40 KB here) plus at most two input chunks.
        assert!(
            largest_text <= 2 * INPUT_CHUNK + 64 * 1000,
            "the text buffer grew to {largest_text} bytes"
        );
        assert!(
            reader.fields.spans.capacity() <= 2 * 3 * 1000,
            "{} field positions kept",
            reader.fields.spans.capacity()
        );
    }

    #[test]
    fn blank_lines_do_not_fill_the_buffer() {
        let mut text = b"a,b\n".to_vec();
        text.extend(std::iter::repeat_n(b'\n', 5 * INPUT_CHUNK));
        text.extend(b"1,2\n");
        let mut reader = reader(&text, &ReadOptions::default()).unwrap();
        let batch = reader.next_batch().unwrap().unwrap();
        assert_eq!(batch.num_rows(), 1);
        assert!(
            reader.text.len() <= 2 * INPUT_CHUNK,
            "{}",
            reader.text.len()
        );
        assert!(reader.next_batch().is_none());
    }

    #[test]
    fn a_line_of_many_delimiters_is_counted_without_keeping_its_fields() {
        let mut text = b"a,b\n".to_vec();
        text.extend(std::iter::repeat_n(b',', 3 * INPUT_CHUNK));
        text.extend(b"\n1,2\n");
        let mut reader = reader(&text, &ReadOptions::default()).unwrap();
        let err = reader.next_batch().unwrap().unwrap_err();
        assert_eq!((err.kind, err.row), (ReadErrorKind::Malformed, Some(1)));
        assert!(
            err.message.contains(&format!(
                "has {} fields but the header has 2",
                3 * INPUT_CHUNK + 1
            )),
            "{err}"
        );
        assert!(reader.fields.spans.capacity() < 1000);
    }

    #[test]
    fn a_record_whose_text_passes_the_text_limit_stops_there() {
        let mut text = b"a,b\n".to_vec();
        text.extend(std::iter::repeat_n(b',', 10 * INPUT_CHUNK));
        let mut reader = reader(&text, &ReadOptions::default()).unwrap();
        reader.max_record_text = 4 * INPUT_CHUNK;
        let err = reader.next_batch().unwrap().unwrap_err();
        assert_eq!((err.kind, err.row), (ReadErrorKind::Malformed, Some(1)));
        assert!(err.message.contains("longer than 16 MiB"), "{err}");
        assert!(
            reader.text.len() < 10 * INPUT_CHUNK,
            "{}",
            reader.text.len()
        );
    }

    #[test]
    fn a_record_of_exactly_the_limit_is_refused_unless_it_ends_the_input() {
        let value = "x".repeat(MAX_RECORD_BYTES - 1);
        let at_end = format!("a,b\n1,{value}");
        let mut first = reader(at_end.as_bytes(), &ReadOptions::default()).unwrap();
        assert_eq!(first.next_batch().unwrap().unwrap().num_rows(), 1);
        let followed = format!("a,b\n1,{value}\n");
        let mut second = reader(followed.as_bytes(), &ReadOptions::default()).unwrap();
        let err = second.next_batch().unwrap().unwrap_err();
        assert_eq!(err.row, Some(1));
    }

    #[test]
    fn a_non_ascii_delimiter_still_finds_bad_utf8_in_each_value() {
        let opts = ReadOptions {
            delimiter: Some(0xa7),
            ..ReadOptions::default()
        };
        let mut reader = reader(b"a\xa7b\nx\xa7y\nz\xa7\xe9\n", &opts).unwrap();
        let batch = reader.next_batch().unwrap().unwrap();
        assert_eq!(batch.num_rows(), 1);
        let err = reader.next_batch().unwrap().unwrap_err();
        assert_eq!((err.row, err.column.as_deref()), (Some(2), Some("b")));
    }

    #[test]
    fn a_quoted_empty_field_is_null_unless_kept() {
        let text = b"a,b,c\n\"\",,\"x\"\n\"\"\"\",\"\",\n";
        let column = |opts: &ReadOptions, index: usize| -> Vec<Option<String>> {
            let mut reader = reader(text, opts).unwrap();
            let batch = reader.next_batch().unwrap().unwrap();
            let values = batch
                .column(index)
                .as_any()
                .downcast_ref::<StringArray>()
                .unwrap();
            values.iter().map(|v| v.map(str::to_string)).collect()
        };
        let default = ReadOptions::default();
        assert_eq!(column(&default, 0), [None, Some("\"".into())]);
        assert_eq!(column(&default, 1), [None, None]);
        let kept = ReadOptions {
            keep_quoted_empty: true,
            ..ReadOptions::default()
        };
        // A quoted empty field becomes an empty string; an unquoted empty field stays
        // null; a doubled quote inside quotes is one quote either way.
        assert_eq!(column(&kept, 0), [Some(String::new()), Some("\"".into())]);
        assert_eq!(column(&kept, 1), [None, Some(String::new())]);
        assert_eq!(column(&kept, 2), [Some("x".into()), None]);
    }

    #[test]
    fn values_longer_than_a_chunk_are_read_whole() {
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

    /// A source that hands out at most `most` bytes per read, so records end up split
    /// across reads at every possible place.
    struct Trickle {
        bytes: BytesSource,
        most: usize,
    }

    impl ByteSource for Trickle {
        fn len(&self) -> u64 {
            self.bytes.len()
        }
        fn read_at(&self, offset: u64, buf: &mut [u8]) -> std::io::Result<usize> {
            let most = buf.len().min(self.most);
            self.bytes.read_at(offset, &mut buf[..most])
        }
    }

    /// A random field: plain, quoted, with doubled quotes, line breaks, delimiters,
    /// text after the closing quote, multi-byte or invalid UTF-8, or empty.
    fn random_field(random: &mut Random) -> Vec<u8> {
        let pieces: [&[u8]; 9] = [
            b"x",
            b"12.5",
            "é€".as_bytes(),
            b" ",
            b"\"",
            b",",
            b"\n",
            b"\r\n",
            b"\xff",
        ];
        let mut body = Vec::new();
        for _ in 0..random.below(5) {
            let piece = pieces[random.below(pieces.len())];
            // Invalid bytes are rare, so most files read to their end.
            if piece != b"\xff" || random.below(20) == 0 {
                body.extend_from_slice(piece);
            }
        }
        match random.below(4) {
            0 => {
                // Plain: a quote inside is literal, but a delimiter or line break would
                // split it, so those are left out.
                body.retain(|&b| !matches!(b, b',' | b'\n' | b'\r'));
                if body.first() == Some(&b'"') {
                    body[0] = b'x';
                }
                body
            }
            1 | 2 => {
                let mut quoted = vec![b'"'];
                for &b in &body {
                    quoted.push(b);
                    if b == b'"' {
                        quoted.push(b'"');
                    }
                }
                quoted.push(b'"');
                if random.below(6) == 0 {
                    quoted.extend_from_slice(b"tail\"");
                }
                quoted
            }
            _ => Vec::new(),
        }
    }

    /// A random CSV of three columns: mostly right, sometimes a ragged row or an
    /// invalid byte, with every kind of line ending and blank lines.
    fn random_csv(random: &mut Random) -> Vec<u8> {
        let mut text = b"a,b,c\n".to_vec();
        let rows = random.below(40);
        for row in 0..rows {
            let fields = if random.below(40) == 0 {
                2 + 2 * random.below(2)
            } else {
                3
            };
            let mut line = Vec::new();
            for index in 0..fields {
                if index > 0 {
                    line.push(b',');
                }
                line.extend(random_field(random));
            }
            if line.is_empty() {
                // A blank line is skipped, not a row; keep the row count simple.
                line.push(b' ');
            }
            text.extend(line);
            let last = row + 1 == rows;
            if !last || random.below(2) == 0 {
                text.extend_from_slice([&b"\n"[..], b"\r\n", b"\r", b"\n\n"][random.below(4)]);
            }
        }
        text
    }

    /// The rows read, then the kind, row and column of the error that stopped reading.
    type Outcome = (
        Vec<Vec<Option<String>>>,
        Option<(ReadErrorKind, u64, Option<String>)>,
    );

    /// What the reader used to give for `text` (csv-core on each record, the field
    /// count and UTF-8 checked record by record): the rows, then the first error.
    fn expected(text: &[u8]) -> Outcome {
        let records = csv_core_records(text, b',');
        let header: Vec<String> = records[0]
            .iter()
            .map(|name| String::from_utf8(name.clone()).unwrap())
            .collect();
        let mut rows = Vec::new();
        for (index, record) in records[1..].iter().enumerate() {
            let row = index as u64 + 1;
            if record.len() != header.len() {
                return (rows, Some((ReadErrorKind::Malformed, row, None)));
            }
            let mut values = Vec::new();
            for (field, name) in record.iter().zip(&header) {
                match std::str::from_utf8(field) {
                    Ok("") => values.push(None),
                    Ok(value) => values.push(Some(value.to_string())),
                    Err(_) => {
                        return (
                            rows,
                            Some((ReadErrorKind::Encoding, row, Some(name.clone()))),
                        )
                    }
                }
            }
            rows.push(values);
        }
        (rows, None)
    }

    /// What the reader gives for `text`, read `most` bytes at a time.
    fn actual(text: &[u8], most: usize, batch_rows: usize) -> Outcome {
        let source = Trickle {
            bytes: BytesSource::new(text.to_vec()),
            most,
        };
        let input = SequentialReader::new(Box::new(source));
        let position = input.position_handle();
        let opts = ReadOptions {
            batch_rows,
            ..ReadOptions::default()
        };
        let mut reader = CsvReader::new(
            Box::new(input),
            position,
            InputFormat::Csv,
            &opts,
            Vec::new(),
            ReadError::io,
        )
        .unwrap();
        let mut rows = Vec::new();
        while let Some(batch) = reader.next_batch() {
            match batch {
                Ok(batch) => {
                    assert!(batch.num_rows() <= batch_rows);
                    for row in 0..batch.num_rows() {
                        rows.push(
                            batch
                                .columns()
                                .iter()
                                .map(|column| {
                                    let column =
                                        column.as_any().downcast_ref::<StringArray>().unwrap();
                                    column.is_valid(row).then(|| column.value(row).to_string())
                                })
                                .collect(),
                        );
                    }
                }
                Err(error) => {
                    assert!(
                        reader.next_batch().is_none(),
                        "the reader stops after an error"
                    );
                    let row = error.row.expect("a row error has its row");
                    return (rows, Some((error.kind, row, error.column)));
                }
            }
        }
        (rows, None)
    }

    #[test]
    fn random_files_read_as_csv_core_read_them_record_by_record() {
        let mut random = Random(0x2545_f491_4f6c_dd1d);
        let (mut ragged, mut invalid) = (0, 0);
        for round in 0..600 {
            let text = random_csv(&mut random);
            let expected = expected(&text);
            match expected.1 {
                Some((ReadErrorKind::Malformed, ..)) => ragged += 1,
                Some((ReadErrorKind::Encoding, ..)) => invalid += 1,
                _ => {}
            }
            for (most, batch_rows) in [(1 << 20, 8192), (1 + round % 7, 1 + round % 5), (64, 3)] {
                assert_eq!(
                    actual(&text, most, batch_rows),
                    expected,
                    "round {round}, {most} bytes per read, {batch_rows} rows per batch: {:?}",
                    String::from_utf8_lossy(&text)
                );
            }
        }
        assert!(
            ragged > 30 && invalid > 30,
            "{ragged} ragged and {invalid} invalid files"
        );
    }
}
