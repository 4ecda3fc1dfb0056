//! Anonymizing a sample inside the worker. The output is streamed into Blob parts of a
//! few MB, which the browser may keep on disk, so a large sample never sits whole in the
//! worker's memory.

use std::io::Write;
use std::ops::ControlFlow;

use certkit::anonymize::{anonymize, AnonymizeOptions, OutputFormat};
use wasm_bindgen::JsValue;

use super::file_source::BrowserFile;
use crate::protocol::{AnonymizeRequest, FromWorker, Progress, ANONYMIZED};

/// Bytes gathered before they become one Blob part.
const PART_BYTES: usize = 4 << 20;

/// A `Write` whose bytes end up in a `Blob`.
struct BlobWriter {
    parts: js_sys::Array,
    buffer: Vec<u8>,
}

impl BlobWriter {
    fn flush_part(&mut self) {
        if !self.buffer.is_empty() {
            self.parts.push(&js_sys::Uint8Array::from(self.buffer.as_slice()));
            self.buffer.clear();
        }
    }

    fn into_blob(mut self, mime: &str) -> Result<web_sys::Blob, JsValue> {
        self.flush_part();
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(mime);
        web_sys::Blob::new_with_u8_array_sequence_and_options(&self.parts, &options)
    }
}

impl Write for BlobWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= PART_BYTES {
            self.flush_part();
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Anonymizes `file` and posts the Blob and the summary, or a `Failed` message.
pub fn run(file: web_sys::File, request: &AnonymizeRequest) {
    let name = file.name();
    let source = match BrowserFile::new(file) {
        Ok(source) => source,
        Err(message) => return super::run::fail(&message, "Use a current version of Chrome, Edge or Firefox."),
    };
    if request.salt.trim().is_empty() {
        return super::run::fail("The salt is empty.", "Enter a salt, or keep the one certkit proposes, and write it down.");
    }
    let mut options = AnonymizeOptions::new(request.salt.as_bytes().to_vec());
    options.output = match request.format.as_str() {
        "csv" => Some(OutputFormat::Csv),
        "parquet" => Some(OutputFormat::Parquet),
        _ => None,
    };
    let mut out = BlobWriter { parts: js_sys::Array::new(), buffer: Vec::with_capacity(PART_BYTES) };
    let total_bytes = source.len_bytes();
    let mut on_progress = |bytes_read: u64, rows: u64| {
        super::post(&FromWorker::Progress(Progress { bytes_read, total_bytes, rows, memory_bytes: super::run::wasm_memory_bytes() }));
        ControlFlow::Continue(())
    };
    match anonymize(Box::new(source), &name, &options, &mut out, &mut on_progress) {
        Ok(summary) => {
            let mime = if summary.output_format == OutputFormat::Parquet { "application/vnd.apache.parquet" } else { "text/csv" };
            let blob = match out.into_blob(mime) {
                Ok(blob) => blob,
                Err(e) => return super::run::fail(&format!("The anonymized file could not be assembled: {e:?}"), "Try a smaller sample, or the certkit command line."),
            };
            let message = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&message, &"kind".into(), &ANONYMIZED.into());
            let _ = js_sys::Reflect::set(&message, &"blob".into(), &blob);
            let _ = js_sys::Reflect::set(&message, &"summary".into(), &serde_json::to_string(&summary).unwrap_or_default().into());
            let _ = js_sys::Reflect::set(&message, &"text".into(), &summary.to_text().into());
            super::post_value(&message);
        }
        Err(e) => super::run::fail(&e.to_string(), "Check the file, or run `certkit anonymize` on it for details."),
    }
}
