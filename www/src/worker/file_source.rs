//! A [`ByteSource`] over a browser `File`: the file is read in slices, so it is never
//! loaded whole.
//!
//! With a [`SliceFeed`] the slices come from the reader worker, read ahead; a slice that
//! has not arrived (the Parquet footer, a request the feed did not foresee) is read here
//! with `FileReaderSync`. Every such read is a round trip to the browser's file storage,
//! costly next to the copy itself, while the readers ask for pieces of about a megabyte.
//! So one slice of [`SLICE_BYTES`] is read at a time, and the readers' requests are
//! served from it.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use certkit::read::ByteSource;
use web_sys::{File, FileReaderSync};

use super::slice_feed::SliceFeed;

/// Bytes read from the `File` at once. Large enough that the browser's per-read cost is
/// small next to the parsing, small enough to be a modest part of the worker's memory.
const SLICE_BYTES: u64 = 16 << 20;

pub struct BrowserFile {
    file: File,
    reader: FileReaderSync,
    len: u64,
    /// The last slice read, and where it starts in the file.
    window: RefCell<(u64, Vec<u8>)>,
    /// Milliseconds spent waiting for the browser to hand out slices, for the timing line.
    read_ms: Rc<Cell<f64>>,
    /// Slices read ahead by the reader worker, when there is one.
    feed: Option<Rc<SliceFeed>>,
    /// Where the last read ended: the reader's next request starts about there.
    position: Rc<Cell<u64>>,
}

impl BrowserFile {
    pub fn new(file: File) -> Result<Self, String> {
        let reader = FileReaderSync::new().map_err(|e| format!("FileReaderSync is not available: {e:?}"))?;
        let len = file.size() as u64;
        Ok(Self {
            file,
            reader,
            len,
            window: RefCell::new((0, Vec::new())),
            read_ms: Rc::default(),
            feed: None,
            position: Rc::default(),
        })
    }

    /// Serves reads from `feed` where it has the bytes.
    pub fn with_feed(mut self, feed: Rc<SliceFeed>) -> Self {
        self.feed = Some(feed);
        self
    }

    /// A handle on where the last read ended; it stays valid after the source has been
    /// handed to the reader.
    pub fn position_handle(&self) -> Rc<Cell<u64>> {
        Rc::clone(&self.position)
    }

    /// The file's size in bytes.
    pub fn len_bytes(&self) -> u64 {
        self.len
    }

    /// A handle on the milliseconds spent reading slices so far; it stays valid after the
    /// source has been handed to the reader.
    pub fn read_ms_handle(&self) -> Rc<Cell<f64>> {
        Rc::clone(&self.read_ms)
    }

    /// Reads bytes `start..end` of the file into `out` (which must be that long).
    fn read_slice(&self, start: u64, end: u64, out: &mut [u8]) -> std::io::Result<()> {
        let started = super::timing::now_ms();
        let io_error = |what: &str, e: wasm_bindgen::JsValue| {
            std::io::Error::other(format!("could not {what} the file at byte {start}: {e:?}"))
        };
        let blob = self.file.slice_with_f64_and_f64(start as f64, end as f64).map_err(|e| io_error("slice", e))?;
        let buffer = self.reader.read_as_array_buffer(&blob).map_err(|e| io_error("read", e))?;
        let bytes = js_sys::Uint8Array::new(&buffer);
        if bytes.length() as usize != out.len() {
            return Err(std::io::Error::other(format!(
                "the browser returned {} bytes at byte {start} instead of {}: the file changed while it was read",
                bytes.length(),
                out.len()
            )));
        }
        bytes.copy_to(out);
        self.read_ms.set(self.read_ms.get() + super::timing::now_ms() - started);
        Ok(())
    }
}

impl ByteSource for BrowserFile {
    fn len(&self) -> u64 {
        self.len
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> std::io::Result<usize> {
        if offset >= self.len || buf.is_empty() {
            return Ok(0);
        }
        let end = (offset + buf.len() as u64).min(self.len);
        let wanted = (end - offset) as usize;
        let n = self.read_uncounted(offset, end, &mut buf[..wanted])?;
        self.position.set(offset + n as u64);
        Ok(n)
    }
}

impl BrowserFile {
    /// Reads from `offset` towards `end` into `buf` (that long): as much as one slice holds.
    fn read_uncounted(&self, offset: u64, end: u64, buf: &mut [u8]) -> std::io::Result<usize> {
        let wanted = buf.len();
        if let Some((slice, from)) = self.feed.as_ref().and_then(|feed| feed.slice_at(offset)) {
            let n = wanted.min(slice.byte_length() as usize - from);
            js_sys::Uint8Array::new_with_byte_offset_and_length(&slice, from as u32, n as u32).copy_to(&mut buf[..n]);
            return Ok(n);
        }
        // A request as large as a slice goes straight into the caller's buffer.
        if wanted as u64 >= SLICE_BYTES {
            self.read_slice(offset, end, &mut buf[..wanted])?;
            return Ok(wanted);
        }
        let mut window = self.window.borrow_mut();
        let (start, bytes) = &mut *window;
        let inside = offset >= *start && offset < *start + bytes.len() as u64;
        if !inside {
            let slice_end = (offset + SLICE_BYTES).min(self.len);
            bytes.resize((slice_end - offset) as usize, 0);
            if let Err(e) = self.read_slice(offset, slice_end, bytes) {
                bytes.clear();
                return Err(e);
            }
            *start = offset;
        }
        let from = (offset - *start) as usize;
        // A request that runs past the window gets what the window has; the caller asks again.
        let n = wanted.min(bytes.len() - from);
        buf[..n].copy_from_slice(&bytes[from..from + n]);
        Ok(n)
    }
}
