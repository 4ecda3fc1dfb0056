//! `.csv.gz`: the CSV reader over a streaming gzip decoder.
//!
//! `MultiGzDecoder` reads concatenated gzip members too (what `cat a.gz b.gz` or some
//! exporters produce). Progress counts compressed bytes, the ones the user's file has.

use std::io::BufReader;

use flate2::bufread::MultiGzDecoder;

use super::csv::{CsvReader, INPUT_CHUNK};
use super::source::SequentialReader;
use super::{ByteSource, InputFormat, Notice, ReadError, ReadErrorKind, ReadOptions};

/// Opens the CSV inside a gzip stream.
pub(crate) fn open(
    source: Box<dyn ByteSource>,
    opts: &ReadOptions,
    mut notices: Vec<Notice>,
) -> Result<CsvReader, ReadError> {
    let compressed = SequentialReader::new(source);
    let position = compressed.position_handle();
    let decoder = MultiGzDecoder::new(BufReader::with_capacity(INPUT_CHUNK, compressed));
    notices.push(Notice::new(
        "gzip",
        "the file is gzip-compressed; the CSV inside was read while decompressing",
    ));
    CsvReader::new(
        Box::new(decoder),
        position,
        InputFormat::CsvGzip,
        opts,
        notices,
        gzip_error,
    )
}

/// What a decoder error means for the user: a stream that stops early was cut short
/// (an interrupted download or copy); anything else is damaged data.
fn gzip_error(error: &std::io::Error) -> ReadError {
    match error.kind() {
        std::io::ErrorKind::UnexpectedEof => ReadError::new(
            ReadErrorKind::Truncated,
            "the gzip file ends early: it was cut short",
            "download or copy the file again, then check that it has its full size",
        ),
        std::io::ErrorKind::InvalidInput | std::io::ErrorKind::InvalidData => ReadError::new(
            ReadErrorKind::Malformed,
            format!("the gzip data is damaged ({error})"),
            "download or copy the file again, or compress the CSV again",
        ),
        _ => ReadError::io(error),
    }
}
