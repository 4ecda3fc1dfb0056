//! Parquet → batches, one row group at a time.
//!
//! Reads are few and large because in the browser each one is a `File.slice`: one for
//! the footer (two if the footer is unusually large), then one per row group covering
//! all of its column chunks. Only the current row group's bytes are held, so memory
//! stays at about one row group whatever the file size.

use std::sync::Arc;

use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;
use bytes::{Buf, Bytes};
use parquet::arrow::arrow_reader::{
    ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReader,
    ParquetRecordBatchReaderBuilder,
};
use parquet::errors::ParquetError;
use parquet::file::metadata::{ParquetMetaData, ParquetMetaDataReader, RowGroupMetaData};
use parquet::file::reader::{ChunkReader, Length};

use super::normalize;
use super::source::read_full_at;
use super::{BatchReader, ByteSource, InputFormat, Notice, ReadError, ReadErrorKind, ReadOptions};

/// Bytes read from the end of the file in the first footer read: enough for the
/// footer of a wide file with many row groups, small enough not to matter.
const FOOTER_READ: u64 = 256 << 10;
/// Trailing bytes of every Parquet file: 4-byte footer length, then `PAR1`.
const FOOTER_TAIL: u64 = 8;
const MAGIC: &[u8] = b"PAR1";
const ENCRYPTED_MAGIC: &[u8] = b"PARE";

/// A streaming Parquet reader; see the module documentation.
pub(crate) struct ParquetReader {
    source: Box<dyn ByteSource>,
    /// The footer, with the schema the batches are decoded to.
    metadata: ArrowReaderMetadata,
    /// The normalized schema handed out.
    schema: SchemaRef,
    header: Vec<String>,
    batch_rows: usize,
    next_row_group: usize,
    /// Batches of the row group being read, and its index.
    current: Option<(usize, ParquetRecordBatchReader)>,
    /// How far into the file reading has got: the end of the last row group fetched,
    /// the file length once every row group is read. The footer, read first, is at
    /// the end of the file and is not counted, so progress moves from start to end.
    position: u64,
    rows_read: u64,
    notices: Vec<Notice>,
    finished: bool,
}

impl ParquetReader {
    /// Reads the footer and prepares to read the first row group.
    pub(crate) fn new(
        source: Box<dyn ByteSource>,
        opts: &ReadOptions,
        notices: Vec<Notice>,
    ) -> Result<Self, ReadError> {
        let footer = read_footer(source.as_ref())?;
        let file_len = source.len();
        for (index, row_group) in footer.row_groups().iter().enumerate() {
            row_group_range(row_group, index, file_len)?;
        }
        let footer = Arc::new(footer);
        let natural = ArrowReaderMetadata::try_new(Arc::clone(&footer), ArrowReaderOptions::new())
            .map_err(|e| {
                ReadError::new(
                ReadErrorKind::Unsupported,
                format!("the Parquet schema could not be read: {e}"),
                "export the data with plain column types (strings, numbers, timestamps), or as CSV",
            )
            })?;
        let schema = normalize::normalized_schema(natural.schema());
        // Ask the decoder for the normalized types directly, so no conversion is needed
        // per batch; where it cannot, batches are converted as they come.
        let metadata = if schema.fields() == natural.schema().fields() {
            natural
        } else {
            let options = ArrowReaderOptions::new().with_schema(Arc::clone(&schema));
            ArrowReaderMetadata::try_new(footer, options).unwrap_or(natural)
        };
        let header = schema
            .fields()
            .iter()
            .map(|field| field.name().clone())
            .collect();
        Ok(ParquetReader {
            source,
            metadata,
            schema,
            header,
            batch_rows: opts.batch_rows.max(1),
            next_row_group: 0,
            current: None,
            position: 0,
            rows_read: 0,
            notices,
            finished: false,
        })
    }

    /// Fetches the next row group's bytes in one read and sets up its batch reader.
    /// Returns false when there is no row group left.
    fn start_next_row_group(&mut self) -> Result<bool, ReadError> {
        let footer = Arc::clone(self.metadata.metadata());
        let row_groups = footer.row_groups();
        // Row groups without rows have nothing to read.
        while self.next_row_group < row_groups.len()
            && row_groups[self.next_row_group].num_rows() == 0
        {
            self.next_row_group += 1;
        }
        let index = self.next_row_group;
        let Some(row_group) = row_groups.get(index) else {
            self.position = self.source.len();
            return Ok(false);
        };
        self.next_row_group += 1;
        let file_len = self.source.len();
        let (start, end) = row_group_range(row_group, index, file_len)?;
        let len = usize::try_from(end - start).map_err(|_| too_large(index))?;
        let mut data = Vec::new();
        data.try_reserve_exact(len).map_err(|_| too_large(index))?;
        data.resize(len, 0);
        let n = read_full_at(self.source.as_ref(), start, &mut data)
            .map_err(|e| ReadError::io(&e).at_row(self.rows_read + 1))?;
        self.position = start + n as u64;
        if n < len {
            return Err(ReadError::new(
                ReadErrorKind::Truncated,
                format!(
                    "the Parquet file ends early: row group {} stops at byte {}",
                    index + 1,
                    start + n as u64
                ),
                "copy or export the file again",
            )
            .at_row(self.rows_read + 1));
        }
        let chunk = RowGroupBytes {
            start,
            data: Bytes::from(data),
            file_len,
        };
        let reader =
            ParquetRecordBatchReaderBuilder::new_with_metadata(chunk, self.metadata.clone())
                .with_row_groups(vec![index])
                .with_batch_size(self.batch_rows)
                .build()
                .map_err(|e| self.damaged(index, &e.to_string()))?;
        self.current = Some((index, reader));
        Ok(true)
    }

    /// The error for data that could not be decoded in row group `index`.
    fn damaged(&self, index: usize, detail: &str) -> ReadError {
        let truncated = detail.contains("EOF") || detail.contains("end of file");
        let (kind, what) = if truncated {
            (ReadErrorKind::Truncated, "ends early")
        } else {
            (ReadErrorKind::Malformed, "is damaged")
        };
        ReadError::new(
            kind,
            format!(
                "the Parquet data {what} in row group {} ({detail})",
                index + 1
            ),
            "copy or export the file again",
        )
        .at_row(self.rows_read + 1)
    }
}

impl BatchReader for ParquetReader {
    fn format(&self) -> InputFormat {
        InputFormat::Parquet
    }

    fn header(&self) -> &[String] {
        &self.header
    }

    fn schema(&self) -> SchemaRef {
        Arc::clone(&self.schema)
    }

    fn next_batch(&mut self) -> Option<Result<RecordBatch, ReadError>> {
        while !self.finished {
            if self.current.is_none() {
                match self.start_next_row_group() {
                    Ok(true) => {}
                    Ok(false) => self.finished = true,
                    Err(error) => {
                        self.finished = true;
                        return Some(Err(error));
                    }
                }
                continue;
            }
            let Some((index, reader)) = self.current.as_mut() else {
                continue;
            };
            let index = *index;
            match reader.next() {
                None => self.current = None,
                Some(Ok(batch)) => {
                    let batch = normalize::normalize_batch(batch, &self.schema)
                        .map_err(|e| self.damaged(index, &e.to_string()));
                    match batch {
                        Ok(batch) => {
                            self.rows_read += batch.num_rows() as u64;
                            return Some(Ok(batch));
                        }
                        Err(error) => {
                            self.finished = true;
                            return Some(Err(error));
                        }
                    }
                }
                Some(Err(e)) => {
                    self.finished = true;
                    return Some(Err(self.damaged(index, &e.to_string())));
                }
            }
        }
        self.current = None;
        None
    }

    fn bytes_read(&self) -> u64 {
        self.position
    }

    fn rows_read(&self) -> u64 {
        self.rows_read
    }

    fn notices(&self) -> &[Notice] {
        &self.notices
    }
}

fn truncated_footer(file_len: u64) -> ReadError {
    ReadError::new(
        ReadErrorKind::Truncated,
        format!("the Parquet file ends early ({file_len} bytes): its footer is missing"),
        "copy or export it again",
    )
}

fn too_large(index: usize) -> ReadError {
    ReadError::new(
        ReadErrorKind::Unsupported,
        format!(
            "row group {} of the Parquet file is too large to hold in memory",
            index + 1
        ),
        "write the file with smaller row groups (for example 100,000 rows each)",
    )
}

/// Reads and decodes the footer: one read of the file's end, a second one only when
/// the footer is larger than that.
fn read_footer(source: &dyn ByteSource) -> Result<ParquetMetaData, ReadError> {
    let file_len = source.len();
    // Header magic + footer length + footer magic.
    if file_len < MAGIC.len() as u64 + FOOTER_TAIL {
        return Err(truncated_footer(file_len));
    }
    let tail_len = file_len.min(FOOTER_READ);
    let mut tail = vec![0; tail_len as usize];
    let n = read_full_at(source, file_len - tail_len, &mut tail).map_err(|e| ReadError::io(&e))?;
    if (n as u64) < tail_len {
        return Err(truncated_footer(file_len));
    }
    let magic = &tail[tail.len() - MAGIC.len()..];
    if magic == ENCRYPTED_MAGIC {
        return Err(ReadError::new(
            ReadErrorKind::Unsupported,
            "this Parquet file is encrypted",
            "export it without encryption; certkit reads the file only in your browser or on your machine",
        ));
    }
    if magic != MAGIC {
        return Err(truncated_footer(file_len));
    }
    let length_at = tail.len() - FOOTER_TAIL as usize;
    let mut length_bytes = [0u8; 4];
    length_bytes.copy_from_slice(&tail[length_at..length_at + 4]);
    let footer_len = u64::from(u32::from_le_bytes(length_bytes));
    if footer_len + FOOTER_TAIL + MAGIC.len() as u64 > file_len {
        return Err(truncated_footer(file_len));
    }
    let footer = if footer_len + FOOTER_TAIL <= tail_len {
        let start = (tail_len - FOOTER_TAIL - footer_len) as usize;
        tail[start..start + footer_len as usize].to_vec()
    } else {
        let mut footer = vec![0; footer_len as usize];
        let start = file_len - FOOTER_TAIL - footer_len;
        let n = read_full_at(source, start, &mut footer).map_err(|e| ReadError::io(&e))?;
        if n < footer.len() {
            return Err(truncated_footer(file_len));
        }
        footer
    };
    let metadata = ParquetMetaDataReader::decode_metadata(&footer).map_err(|e| {
        ReadError::new(
            ReadErrorKind::Malformed,
            format!("the Parquet footer is damaged ({e})"),
            "copy or export the file again",
        )
    })?;
    Ok(metadata)
}

/// The byte range `[start, end)` covering every column chunk of a row group, checked
/// against the file length (a damaged footer must not send reads anywhere).
fn row_group_range(
    row_group: &RowGroupMetaData,
    index: usize,
    file_len: u64,
) -> Result<(u64, u64), ReadError> {
    let damaged = |detail: String| {
        ReadError::new(
            ReadErrorKind::Malformed,
            format!(
                "the Parquet footer is damaged: row group {} {detail}",
                index + 1
            ),
            "copy or export the file again",
        )
    };
    let mut range: Option<(u64, u64)> = None;
    for column in row_group.columns() {
        let start = column
            .dictionary_page_offset()
            .unwrap_or(column.data_page_offset());
        let len = column.compressed_size();
        let (Ok(start), Ok(len)) = (u64::try_from(start), u64::try_from(len)) else {
            return Err(damaged(format!(
                "has a negative offset or size for column {}",
                column.column_path()
            )));
        };
        let end = start.saturating_add(len);
        if end > file_len {
            return Err(ReadError::new(
                ReadErrorKind::Truncated,
                format!(
                    "the Parquet file ends early ({file_len} bytes): row group {} needs bytes up to {end}",
                    index + 1
                ),
                "copy or export it again",
            ));
        }
        range = Some(match range {
            None => (start, end),
            Some((s, e)) => (s.min(start), e.max(end)),
        });
    }
    Ok(range.unwrap_or((0, 0)))
}

/// The bytes of one row group's column chunks, served to the Parquet decoder as if
/// they were the file. Requests outside the prefetched range are errors: the decoder
/// only asks for column chunks of the row group it was given.
struct RowGroupBytes {
    /// File offset of `data[0]`.
    start: u64,
    data: Bytes,
    file_len: u64,
}

impl RowGroupBytes {
    fn slice(&self, start: u64, length: Option<usize>) -> Result<Bytes, ParquetError> {
        let outside = || {
            ParquetError::General(format!(
                "bytes at offset {start} were requested outside the prefetched row group ({}..{})",
                self.start,
                self.start + self.data.len() as u64
            ))
        };
        let from = start
            .checked_sub(self.start)
            .and_then(|from| usize::try_from(from).ok())
            .ok_or_else(outside)?;
        if from > self.data.len() {
            return Err(outside());
        }
        let to = match length {
            Some(length) => from
                .checked_add(length)
                .filter(|&to| to <= self.data.len())
                .ok_or_else(outside)?,
            None => self.data.len(),
        };
        Ok(self.data.slice(from..to))
    }
}

impl Length for RowGroupBytes {
    fn len(&self) -> u64 {
        self.file_len
    }
}

impl ChunkReader for RowGroupBytes {
    type T = bytes::buf::Reader<Bytes>;

    fn get_read(&self, start: u64) -> Result<Self::T, ParquetError> {
        Ok(self.slice(start, None)?.reader())
    }

    fn get_bytes(&self, start: u64, length: usize) -> Result<Bytes, ParquetError> {
        self.slice(start, Some(length))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_group_bytes_serve_only_their_range() {
        let chunk = RowGroupBytes {
            start: 100,
            data: Bytes::from_static(b"0123456789"),
            file_len: 1000,
        };
        assert_eq!(chunk.get_bytes(102, 3).unwrap(), Bytes::from_static(b"234"));
        assert_eq!(chunk.get_bytes(100, 10).unwrap().len(), 10);
        assert!(chunk.get_bytes(99, 2).is_err());
        assert!(chunk.get_bytes(105, 6).is_err());
        let mut rest = String::new();
        std::io::Read::read_to_string(&mut chunk.get_read(107).unwrap(), &mut rest).unwrap();
        assert_eq!(rest, "789");
        assert_eq!(chunk.len(), 1000);
    }

    #[test]
    fn the_decoder_is_asked_for_plain_strings_directly() {
        use arrow_array::types::Int32Type;
        use arrow_array::{ArrayRef, DictionaryArray, LargeStringArray};
        let dictionary: DictionaryArray<Int32Type> =
            vec![Some("a"), None, Some("a")].into_iter().collect();
        let large = LargeStringArray::from(vec![Some("x"), Some("y"), None]);
        let batch = RecordBatch::try_from_iter(vec![
            ("d", Arc::new(dictionary) as ArrayRef),
            ("l", Arc::new(large) as ArrayRef),
        ])
        .unwrap();
        let mut writer =
            parquet::arrow::ArrowWriter::try_new(Vec::new(), batch.schema(), None).unwrap();
        writer.write(&batch).unwrap();
        let bytes = writer.into_inner().unwrap();
        let reader = ParquetReader::new(
            Box::new(crate::read::BytesSource::new(bytes)),
            &ReadOptions::default(),
            Vec::new(),
        )
        .unwrap();
        // No per-batch conversion: the decoder's own schema is already the normalized one.
        assert_eq!(reader.metadata.schema().fields(), reader.schema.fields());
        assert!(reader
            .schema
            .fields()
            .iter()
            .all(|f| f.data_type() == &arrow_schema::DataType::Utf8));
    }

    #[test]
    fn files_too_short_for_a_footer_are_truncated() {
        let source = crate::read::BytesSource::new(b"PAR1\x00\x00".to_vec());
        let err = read_footer(&source).unwrap_err();
        assert_eq!(err.kind, ReadErrorKind::Truncated);
        assert!(err.message.contains("(6 bytes)"), "{err}");
    }
}
