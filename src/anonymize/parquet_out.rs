//! Parquet output: the anonymized batches through `ArrowWriter`, zstd-compressed.
//!
//! The writer wants an owned, `Send` destination, and the caller hands a borrowed
//! `dyn Write`; so the writer fills a small shared buffer that is emptied into the
//! caller's output after every batch. A row group is flushed once it holds
//! [`ROW_GROUP_ROWS`] rows or about [`ROW_GROUP_BYTES`] bytes, which bounds memory.

use std::io::Write;
use std::sync::{Arc, Mutex};

use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;

use super::AnonymizeError;

/// Most rows in one row group.
const ROW_GROUP_ROWS: usize = 128 * 1024;
/// Most buffered bytes in one row group before it is flushed.
const ROW_GROUP_BYTES: usize = 64 << 20;

/// Bytes the Parquet writer has produced and the caller's output has not yet taken.
#[derive(Clone, Default)]
struct SharedBuffer(Arc<Mutex<Vec<u8>>>);

impl Write for SharedBuffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let mut buffer = self.0.lock().map_err(|_| std::io::Error::other("the output buffer is unusable"))?;
        buffer.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Writes batches as one Parquet file.
pub(crate) struct ParquetOutput {
    writer: ArrowWriter<SharedBuffer>,
    buffer: SharedBuffer,
}

impl ParquetOutput {
    /// Starts a file with the columns of `schema`.
    pub(crate) fn new(schema: SchemaRef) -> Result<Self, AnonymizeError> {
        let properties = WriterProperties::builder()
            .set_compression(Compression::ZSTD(ZstdLevel::default()))
            .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
            .set_max_row_group_bytes(Some(ROW_GROUP_BYTES))
            .set_created_by(format!("certkit {} anonymize", crate::VERSION))
            .build();
        let buffer = SharedBuffer::default();
        let writer = ArrowWriter::try_new(buffer.clone(), schema, Some(properties))
            .map_err(|e| AnonymizeError::Unsupported(format!("the Parquet output could not be started: {e}")))?;
        Ok(ParquetOutput { writer, buffer })
    }

    /// Adds the rows of `batch`, handing finished row groups to `out`.
    pub(crate) fn write_batch(&mut self, batch: &RecordBatch, out: &mut dyn Write) -> Result<(), AnonymizeError> {
        self.writer.write(batch).map_err(|e| AnonymizeError::Write(e.to_string()))?;
        self.drain(out)
    }

    /// Writes the last row group and the footer.
    pub(crate) fn finish(self, out: &mut dyn Write) -> Result<(), AnonymizeError> {
        let ParquetOutput { writer, buffer } = self;
        writer.close().map_err(|e| AnonymizeError::Write(e.to_string()))?;
        drain(&buffer, out)
    }

    fn drain(&self, out: &mut dyn Write) -> Result<(), AnonymizeError> {
        drain(&self.buffer, out)
    }
}

fn drain(buffer: &SharedBuffer, out: &mut dyn Write) -> Result<(), AnonymizeError> {
    let mut bytes = buffer.0.lock().map_err(|_| AnonymizeError::Write("the output buffer is unusable".to_string()))?;
    if !bytes.is_empty() {
        out.write_all(&bytes).map_err(|e| AnonymizeError::Write(e.to_string()))?;
        bytes.clear();
    }
    Ok(())
}
