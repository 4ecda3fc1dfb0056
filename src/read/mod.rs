//! Reading a billing sample: bytes → Arrow record batches, one bounded batch at a time.
//!
//! Everything that reads goes through [`ByteSource`], random access over a byte range,
//! so the native CLI (a file on disk) and the browser worker (a `File` read in slices)
//! share one reader for each format.

use std::fmt;

/// Random access to the bytes of one input. Implemented for files on disk here and for
/// browser `File`s in the web worker.
pub trait ByteSource {
    /// Total length in bytes.
    fn len(&self) -> u64;
    /// Reads up to `buf.len()` bytes at `offset`; returns how many were read (0 at the end).
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> std::io::Result<usize>;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Why an input could not be read, where, and what the user can do about it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadError {
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadErrorKind {
    Empty,
    NotTabular,
    Encoding,
    Truncated,
    Malformed,
    NoFocusColumns,
    Unsupported,
    Io,
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
