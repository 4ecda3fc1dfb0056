//! Byte sources ([`FileSource`], [`BytesSource`]) and the sequential reader that the
//! text formats use to walk a source from start to end.

use std::cell::Cell;
use std::io::Read;
use std::rc::Rc;

use super::{ByteSource, ReadError};

/// A [`ByteSource`] over bytes held in memory: tests, small inputs, and the browser's
/// fallback when a file cannot be read in slices.
#[derive(Debug, Clone, Default)]
pub struct BytesSource {
    bytes: Vec<u8>,
}

impl BytesSource {
    /// Wraps the given bytes.
    pub fn new(bytes: Vec<u8>) -> Self {
        BytesSource { bytes }
    }
}

impl From<Vec<u8>> for BytesSource {
    fn from(bytes: Vec<u8>) -> Self {
        BytesSource::new(bytes)
    }
}

impl ByteSource for BytesSource {
    fn len(&self) -> u64 {
        self.bytes.len() as u64
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> std::io::Result<usize> {
        let start = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(self.bytes.len());
        let available = &self.bytes[start..];
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        Ok(n)
    }
}

/// A [`ByteSource`] over a file on disk, read with positioned reads so that no
/// seek position is shared between readers.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug)]
pub struct FileSource {
    file: std::fs::File,
    len: u64,
}

#[cfg(not(target_arch = "wasm32"))]
impl FileSource {
    /// Opens the file at `path` for reading.
    pub fn open(path: impl AsRef<std::path::Path>) -> Result<Self, ReadError> {
        let path = path.as_ref();
        let not_opened = |e: std::io::Error| {
            ReadError::new(
                super::ReadErrorKind::Io,
                format!("{} could not be opened: {e}", path.display()),
                "check the path and that you may read the file",
            )
        };
        let file = std::fs::File::open(path).map_err(not_opened)?;
        let metadata = file.metadata().map_err(not_opened)?;
        if metadata.is_dir() {
            return Err(ReadError::new(
                super::ReadErrorKind::Io,
                format!("{} is a folder, not a file", path.display()),
                "give the path of a CSV or Parquet file",
            ));
        }
        Ok(FileSource {
            file,
            len: metadata.len(),
        })
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl ByteSource for FileSource {
    fn len(&self) -> u64 {
        self.len
    }

    #[cfg(unix)]
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> std::io::Result<usize> {
        std::os::unix::fs::FileExt::read_at(&self.file, buf, offset)
    }

    #[cfg(windows)]
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> std::io::Result<usize> {
        std::os::windows::fs::FileExt::seek_read(&self.file, buf, offset)
    }

    #[cfg(not(any(unix, windows)))]
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> std::io::Result<usize> {
        use std::io::{Seek, SeekFrom};
        // `&File` implements Read and Seek; this target has no positioned reads.
        let mut file = &self.file;
        file.seek(SeekFrom::Start(offset))?;
        file.read(buf)
    }
}

/// Fills `buf` from `offset` on, calling `read_at` until the buffer is full or the
/// source ends (a source may return fewer bytes than asked). Returns the bytes read.
pub(crate) fn read_full_at(
    source: &dyn ByteSource,
    offset: u64,
    buf: &mut [u8],
) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        let n = source.read_at(offset + filled as u64, &mut buf[filled..])?;
        if n == 0 {
            break;
        }
        filled += n;
    }
    Ok(filled)
}

/// The first `max` bytes of the source (fewer if it is shorter), for format detection.
pub(crate) fn read_head(source: &dyn ByteSource, max: usize) -> Result<Vec<u8>, ReadError> {
    let len = usize::try_from(source.len()).unwrap_or(usize::MAX).min(max);
    let mut head = vec![0; len];
    let n = read_full_at(source, 0, &mut head).map_err(|e| ReadError::io(&e))?;
    head.truncate(n);
    Ok(head)
}

/// Reads a source from start to end through [`Read`], each `read` call becoming one
/// `read_at` of the size the caller asks for (callers ask for large chunks: in the
/// browser every `read_at` is a `File.slice`).
///
/// The position is shared through a handle so that a reader wrapped in a decoder can
/// still report how many input bytes it has consumed.
pub(crate) struct SequentialReader {
    source: Box<dyn ByteSource>,
    position: Rc<Cell<u64>>,
}

impl SequentialReader {
    /// Starts reading `source` at byte 0.
    pub(crate) fn new(source: Box<dyn ByteSource>) -> Self {
        SequentialReader {
            source,
            position: Rc::new(Cell::new(0)),
        }
    }

    /// A handle that always shows how many bytes have been read so far.
    pub(crate) fn position_handle(&self) -> Rc<Cell<u64>> {
        Rc::clone(&self.position)
    }
}

impl Read for SequentialReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let offset = self.position.get();
        if offset >= self.source.len() || buf.is_empty() {
            return Ok(0);
        }
        let n = self.source.read_at(offset, buf)?;
        self.position.set(offset + n as u64);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A source that hands out at most 3 bytes per call, like a slow stream.
    struct Trickle(Vec<u8>);

    impl ByteSource for Trickle {
        fn len(&self) -> u64 {
            self.0.len() as u64
        }
        fn read_at(&self, offset: u64, buf: &mut [u8]) -> std::io::Result<usize> {
            let short = buf.len().min(3);
            BytesSource::new(self.0.clone()).read_at(offset, &mut buf[..short])
        }
    }

    #[test]
    fn bytes_source_reads_ranges_and_stops_at_the_end() {
        let source = BytesSource::new(b"abcdef".to_vec());
        let mut buf = [0u8; 4];
        assert_eq!(source.read_at(4, &mut buf).unwrap(), 2);
        assert_eq!(&buf[..2], b"ef");
        assert_eq!(source.read_at(10, &mut buf).unwrap(), 0);
    }

    #[test]
    fn read_full_at_keeps_reading_short_reads() {
        let source = Trickle(b"0123456789".to_vec());
        let mut buf = [0u8; 8];
        assert_eq!(read_full_at(&source, 1, &mut buf).unwrap(), 8);
        assert_eq!(&buf, b"12345678");
    }

    #[test]
    fn sequential_reader_tracks_its_position() {
        let mut reader = SequentialReader::new(Box::new(BytesSource::new(b"hello world".to_vec())));
        let position = reader.position_handle();
        let mut all = Vec::new();
        reader.read_to_end(&mut all).unwrap();
        assert_eq!(all, b"hello world");
        assert_eq!(position.get(), 11);
    }
}
