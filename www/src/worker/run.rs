//! One validation run inside the worker.

use certkit::read::{self, ReadError, ReadOptions};
use wasm_bindgen::{JsCast, JsValue};

use super::file_source::BrowserFile;
use super::post;
use crate::protocol::{FromWorker, Progress, VALIDATE};

/// Handles one request from the page; anything malformed is answered with `Failed`.
pub fn handle_request(data: &JsValue) {
    let kind = js_sys::Reflect::get(data, &"kind".into()).ok().and_then(|k| k.as_string());
    if kind.as_deref() != Some(VALIDATE) {
        return fail("The worker received a request it does not know.", "Reload the page.");
    }
    let file = match js_sys::Reflect::get(data, &"file".into()).ok().and_then(|f| f.dyn_into::<web_sys::File>().ok()) {
        Some(file) => file,
        None => return fail("No file was given to the validator.", "Choose a CSV or Parquet file."),
    };
    let name = file.name();
    let source = match BrowserFile::new(file) {
        Ok(source) => source,
        Err(message) => return fail(&message, "Use a current version of Chrome, Edge or Firefox."),
    };
    match summarize(Box::new(source), &name) {
        Ok(report) => post(&FromWorker::Done { report }),
        Err(e) => post(&FromWorker::Failed { message: e.message, hint: e.hint, row: e.row, column: e.column }),
    }
}

/// Reads the whole file through the streaming reader and reports its shape.
fn summarize(source: Box<dyn read::ByteSource>, name: &str) -> Result<String, ReadError> {
    let total_bytes = source.len();
    let mut reader = read::open(source, name, &ReadOptions::default())?;
    while let Some(batch) = reader.next_batch() {
        batch?;
        post(&FromWorker::Progress(Progress { bytes_read: reader.bytes_read(), total_bytes, rows: reader.rows_read() }));
    }
    let summary = serde_json::json!({
        "input": { "name": name, "format": reader.format().to_string(), "bytes": total_bytes },
        "rows": reader.rows_read(),
        "columns": reader.header().len(),
    });
    Ok(summary.to_string())
}

fn fail(message: &str, hint: &str) {
    post(&FromWorker::Failed { message: message.into(), hint: hint.into(), row: None, column: None });
}
