//! A [`ByteSource`] over a browser `File`: each read is one `File.slice` read with
//! `FileReaderSync`, so the file is never loaded whole.

use certkit::read::ByteSource;
use web_sys::{File, FileReaderSync};

pub struct BrowserFile {
    file: File,
    reader: FileReaderSync,
    len: u64,
}

impl BrowserFile {
    pub fn new(file: File) -> Result<Self, String> {
        let reader = FileReaderSync::new().map_err(|e| format!("FileReaderSync is not available: {e:?}"))?;
        let len = file.size() as u64;
        Ok(Self { file, reader, len })
    }
}

impl BrowserFile {
    /// The file's size in bytes.
    pub fn len_bytes(&self) -> u64 {
        self.len
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
        let io_error = |what: &str, e: wasm_bindgen::JsValue| {
            std::io::Error::other(format!("could not {what} the file at byte {offset}: {e:?}"))
        };
        let blob = self
            .file
            .slice_with_f64_and_f64(offset as f64, end as f64)
            .map_err(|e| io_error("slice", e))?;
        let buffer = self.reader.read_as_array_buffer(&blob).map_err(|e| io_error("read", e))?;
        let bytes = js_sys::Uint8Array::new(&buffer);
        let n = bytes.length() as usize;
        bytes.copy_to(&mut buf[..n]);
        Ok(n)
    }
}
