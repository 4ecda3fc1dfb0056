//! Reading a billing sample: bytes → Arrow record batches, one bounded batch at a time.
//!
//! Everything that reads goes through [`ByteSource`], random access over a byte range,
//! so the native CLI (a file on disk) and the browser worker (a `File` read in slices)
//! share one reader for each format.
//!
//! [`open`] looks at the first bytes to tell the format (never the file name), rejects
//! what is not a table with a plain explanation, and returns a [`BatchReader`] that
//! hands out batches of at most [`ReadOptions::batch_rows`] rows. Memory stays bounded
//! by the batch (CSV) or by one row group (Parquet), never by the file size.
//!
//! The batches use a small, normalized set of Arrow types so the rule engine has few
//! cases to handle: CSV columns are always nullable `Utf8` (the validator checks the
//! text itself), Parquet strings are always plain `Utf8`, other Parquet types are kept.
//!
//! In native builds [`open`] runs the reader on a thread of its own, so the next batch
//! is read while the caller works on the last one; [`open_in_foreground`] reads on the
//! calling thread (what wasm always does). What the caller sees is the same either way.

#[cfg(not(target_arch = "wasm32"))]
mod background;
mod csv;
#[cfg(feature = "gzip")]
mod gzip;
#[cfg(feature = "parquet")]
mod normalize;
#[cfg(feature = "parquet")]
mod parquet;
mod sniff;
mod source;

use std::fmt;

use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;

pub use source::BytesSource;
#[cfg(not(target_arch = "wasm32"))]
pub use source::FileSource;

/// `Send` in native builds, where a [`ByteSource`] may be read on a background thread;
/// nothing in wasm, where a browser `File` stays on the thread that has it.
#[cfg(not(target_arch = "wasm32"))]
pub trait MaybeSend: Send {}
#[cfg(not(target_arch = "wasm32"))]
impl<T: Send + ?Sized> MaybeSend for T {}

/// `Send` in native builds, where a [`ByteSource`] may be read on a background thread;
/// nothing in wasm, where a browser `File` stays on the thread that has it.
#[cfg(target_arch = "wasm32")]
pub trait MaybeSend {}
#[cfg(target_arch = "wasm32")]
impl<T: ?Sized> MaybeSend for T {}

/// Random access to the bytes of one input. Implemented for files on disk here and for
/// browser `File`s in the web worker.
pub trait ByteSource: MaybeSend {
    /// Total length in bytes.
    fn len(&self) -> u64;
    /// Reads up to `buf.len()` bytes at `offset`; returns how many were read (0 at the end).
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> std::io::Result<usize>;
    /// True when the input has no bytes at all.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Why an input could not be read, where, and what the user can do about it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadError {
    /// The family of problem, for callers that react differently to each.
    pub kind: ReadErrorKind,
    /// One plain sentence: what is wrong.
    pub message: String,
    /// Data row (1-based, header excluded) where the problem was found, if known.
    pub row: Option<u64>,
    /// Column name where the problem was found, if known.
    pub column: Option<String>,
    /// What to do about it.
    pub hint: String,
}

/// The family of a [`ReadError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadErrorKind {
    /// The file has no bytes, or no header line.
    Empty,
    /// The bytes are not a table at all (ZIP, PDF, other binary).
    NotTabular,
    /// The text is not UTF-8 (UTF-16, invalid bytes).
    Encoding,
    /// The file ends before its format says it should (cut download, partial copy).
    Truncated,
    /// The bytes are of the right format but break its rules (ragged rows, corrupt data).
    Malformed,
    /// The table has none of the FOCUS columns (raised by the layers above).
    NoFocusColumns,
    /// A format or feature this build cannot read.
    Unsupported,
    /// The bytes could not be read from the source.
    Io,
}

impl ReadError {
    /// An error with no row or column attached.
    pub fn new(kind: ReadErrorKind, message: impl Into<String>, hint: impl Into<String>) -> Self {
        ReadError {
            kind,
            message: message.into(),
            row: None,
            column: None,
            hint: hint.into(),
        }
    }

    /// The same error, located at a data row (1-based, header excluded).
    pub fn at_row(mut self, row: u64) -> Self {
        self.row = Some(row);
        self
    }

    /// The same error, located in a column.
    pub fn in_column(mut self, column: impl Into<String>) -> Self {
        self.column = Some(column.into());
        self
    }

    /// A failure of the byte source itself (disk error, browser read error).
    pub fn io(error: &std::io::Error) -> Self {
        ReadError::new(
            ReadErrorKind::Io,
            format!("the file could not be read: {error}"),
            "check that the file is still there and readable, then try again",
        )
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        match (&self.row, &self.column) {
            (Some(r), Some(c)) => write!(f, " (row {r}, column {c})")?,
            (Some(r), None) => write!(f, " (row {r})")?,
            (None, Some(c)) => write!(f, " (column {c})")?,
            (None, None) => {}
        }
        if !self.hint.is_empty() {
            write!(f, ". {}", self.hint)?;
        }
        Ok(())
    }
}

impl std::error::Error for ReadError {}

/// The formats [`open`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// Delimited text, UTF-8.
    Csv,
    /// Delimited text inside a gzip stream (`.csv.gz`).
    CsvGzip,
    /// Apache Parquet.
    Parquet,
}

impl fmt::Display for InputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            InputFormat::Csv => "CSV",
            InputFormat::CsvGzip => "CSV (gzip)",
            InputFormat::Parquet => "Parquet",
        })
    }
}

/// How to read an input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOptions {
    /// Most rows in one batch. Memory use grows with it; 8192 keeps a batch of a
    /// 57-column FOCUS file at a few megabytes.
    pub batch_rows: usize,
    /// CSV field delimiter; `None` detects it from the header line among `,` `;` tab `|`.
    pub delimiter: Option<u8>,
    /// Read a quoted empty CSV field (`""`) as an empty string instead of a null. An
    /// unquoted empty field is always null. Off by default (assumption
    /// `csv-quoted-empty`): many writers quote every field, nulls included.
    pub keep_quoted_empty: bool,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            batch_rows: 8192,
            delimiter: None,
            keep_quoted_empty: false,
        }
    }
}

/// Something worth telling the user about the input that is not an error
/// (a byte-order mark removed, a delimiter other than comma, a compressed file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// Stable identifier, e.g. `bom-stripped`, `delimiter-detected`, `gzip`.
    pub code: &'static str,
    /// One plain sentence for the user.
    pub message: String,
}

impl Notice {
    pub(crate) fn new(code: &'static str, message: impl Into<String>) -> Self {
        Notice {
            code,
            message: message.into(),
        }
    }
}

/// A stream of record batches over one input, whatever its format.
pub trait BatchReader {
    /// The format that was detected.
    fn format(&self) -> InputFormat;
    /// Column names exactly as in the file, in file order.
    fn header(&self) -> &[String];
    /// The schema of every batch; field names are the header names.
    fn schema(&self) -> SchemaRef;
    /// The next batch of at most `batch_rows` rows; `None` at the end. After an error
    /// the reader is finished: the rows before the error were handed out already.
    fn next_batch(&mut self) -> Option<Result<RecordBatch, ReadError>>;
    /// Input bytes consumed so far (compressed bytes for gzip), for progress: it ends
    /// at the file length. For Parquet it is how far into the file the row groups read
    /// so far reach (the footer, read first, sits at the end and is not counted).
    fn bytes_read(&self) -> u64;
    /// Data rows handed out so far.
    fn rows_read(&self) -> u64;
    /// Things worth telling the user that are not errors.
    fn notices(&self) -> &[Notice];
}

/// Opens an input: detects its format from its first bytes, checks that it is a table,
/// and returns a reader positioned before the first data row. `name` (the file name)
/// only makes messages more precise; it never decides the format.
///
/// In native builds the opening and reading happen on a background thread, a couple
/// of batches ahead of the caller, so that reading and the caller's work share two
/// cores; batches, errors, row numbers, progress and notices are exactly those of
/// [`open_in_foreground`]. Dropping the reader stops the thread. In wasm, which has no
/// threads, this is [`open_in_foreground`].
pub fn open(
    source: Box<dyn ByteSource>,
    name: &str,
    opts: &ReadOptions,
) -> Result<Box<dyn BatchReader>, ReadError> {
    #[cfg(not(target_arch = "wasm32"))]
    return background::open(source, name, opts);
    #[cfg(target_arch = "wasm32")]
    open_in_foreground(source, name, opts)
}

/// [`open`], reading on the calling thread only: each `next_batch` reads its batch.
pub fn open_in_foreground(
    source: Box<dyn ByteSource>,
    name: &str,
    opts: &ReadOptions,
) -> Result<Box<dyn BatchReader>, ReadError> {
    let opts = ReadOptions {
        batch_rows: opts.batch_rows.max(1),
        ..opts.clone()
    };
    let head = source::read_head(source.as_ref(), sniff::HEAD_LEN)?;
    let mut notices = Vec::new();
    if let Some(notice) = sniff::name_mismatch(name, &head) {
        notices.push(notice);
    }
    match sniff::detect(&head, name)? {
        InputFormat::Parquet => open_parquet(source, &opts, notices),
        InputFormat::CsvGzip => open_gzip(source, &opts, notices),
        InputFormat::Csv => {
            let input = source::SequentialReader::new(source);
            let position = input.position_handle();
            let reader = csv::CsvReader::new(
                Box::new(input),
                position,
                InputFormat::Csv,
                &opts,
                notices,
                ReadError::io,
            )?;
            Ok(Box::new(reader))
        }
    }
}

#[cfg(feature = "parquet")]
fn open_parquet(
    source: Box<dyn ByteSource>,
    opts: &ReadOptions,
    notices: Vec<Notice>,
) -> Result<Box<dyn BatchReader>, ReadError> {
    Ok(Box::new(parquet::ParquetReader::new(
        source, opts, notices,
    )?))
}

#[cfg(not(feature = "parquet"))]
fn open_parquet(
    _source: Box<dyn ByteSource>,
    _opts: &ReadOptions,
    _notices: Vec<Notice>,
) -> Result<Box<dyn BatchReader>, ReadError> {
    Err(ReadError::new(
        ReadErrorKind::Unsupported,
        "this is a Parquet file, and this build of certkit was made without Parquet support",
        "use a build with the `parquet` feature, or export the data as CSV",
    ))
}

#[cfg(feature = "gzip")]
fn open_gzip(
    source: Box<dyn ByteSource>,
    opts: &ReadOptions,
    notices: Vec<Notice>,
) -> Result<Box<dyn BatchReader>, ReadError> {
    Ok(Box::new(gzip::open(source, opts, notices)?))
}

#[cfg(not(feature = "gzip"))]
fn open_gzip(
    _source: Box<dyn ByteSource>,
    _opts: &ReadOptions,
    _notices: Vec<Notice>,
) -> Result<Box<dyn BatchReader>, ReadError> {
    Err(ReadError::new(
        ReadErrorKind::Unsupported,
        "this is a gzip-compressed file, and this build of certkit was made without gzip support",
        "decompress the file first, or use a build with the `gzip` feature",
    ))
}
