//! One validation run inside the worker.

use std::ops::ControlFlow;

use certkit::report::json::to_json_compact;
use certkit::profile::{ProfileOptions, Profiler};
use certkit::validate::{validate_observed, BatchObserver, Progress as CoreProgress, ValidateError, ValidateOptions, VersionChoice};
use wasm_bindgen::{JsCast, JsValue};

use super::file_source::BrowserFile;
use super::post;
use super::timing::{now_ms, StageTimes};
use crate::protocol::{AnonymizeRequest, FromWorker, Progress, RunOptions, ANONYMIZE, VALIDATE};

/// A progress message per batch would flood the page on fast files; ten a second are
/// plenty for a smooth bar.
const PROGRESS_EVERY_MS: f64 = 100.0;

/// Handles one request from the page; anything malformed is answered with `Failed`.
pub fn handle_request(data: &JsValue) {
    let field = |name: &str| js_sys::Reflect::get(data, &name.into()).ok();
    let kind = field("kind").and_then(|k| k.as_string());
    let Some(file) = field("file").and_then(|f| f.dyn_into::<web_sys::File>().ok()) else {
        return fail("No file was given to the validator.", "Choose a CSV or Parquet file.");
    };
    match kind.as_deref() {
        Some(VALIDATE) => {}
        Some(ANONYMIZE) => {
            let request: AnonymizeRequest =
                field("options").and_then(|o| o.as_string()).and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default();
            return super::anonymize::run(file, &request);
        }
        _ => return fail("The worker received a request it does not know.", "Reload the page."),
    }
    let options: RunOptions = field("options")
        .and_then(|o| o.as_string())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    let name = file.name();
    let source = match BrowserFile::new(file) {
        Ok(source) => source,
        Err(message) => return fail(&message, "Use a current version of Chrome, Edge or Firefox."),
    };
    let mut times = StageTimes { total: now_ms(), ..StageTimes::default() };
    let read_ms = source.read_ms_handle();
    let mut last_posted = f64::NEG_INFINITY;
    let mut on_progress = |p: &CoreProgress| {
        let now = now_ms();
        if now >= last_posted + PROGRESS_EVERY_MS || p.bytes_read == p.total_bytes {
            last_posted = now;
            post(&FromWorker::Progress(Progress {
                bytes_read: p.bytes_read,
                total_bytes: p.total_bytes,
                rows: p.rows,
                memory_bytes: wasm_memory_bytes(),
            }));
            times.progress += now_ms() - now;
        }
        ControlFlow::Continue(())
    };
    let mut profile = ProfileObserver(None, 0.0);
    let result = validate_observed(Box::new(source), &name, &core_options(&options), Some(&mut profile), &mut on_progress);
    times.total = now_ms() - times.total;
    (times.file_reads, times.profile) = (read_ms.get(), profile.1);
    match result {
        Ok(report) => {
            times.log(report.input.bytes, report.rows);
            let profile = profile.0.map(|p| serde_json::to_string(&p.finish()).unwrap_or_default());
            post(&FromWorker::Done { report: to_json_compact(&report), profile });
        }
        Err(ValidateError::Read(e)) => post(&FromWorker::Failed { message: e.message, hint: e.hint, row: e.row, column: e.column }),
        // The page cancels by terminating the worker; a callback-driven cancel cannot happen here.
        Err(ValidateError::Cancelled) => fail("The validation was cancelled.", ""),
    }
}

/// Builds the data profile from the batches the validator reads, in the same pass, and
/// counts the milliseconds it takes.
struct ProfileObserver(Option<Profiler>, f64);

impl BatchObserver for ProfileObserver {
    fn start(&mut self, header: &[String], schema: &arrow_schema::Schema) {
        self.0 = Some(Profiler::new(header, schema, ProfileOptions::default()));
    }

    fn observe(&mut self, batch: &arrow_array::RecordBatch) {
        if let Some(profiler) = &mut self.0 {
            let started = now_ms();
            profiler.push(batch);
            self.1 += now_ms() - started;
        }
    }
}

/// Size of this worker's wasm linear memory.
pub(crate) fn wasm_memory_bytes() -> u64 {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .map(|m| m.buffer().unchecked_into::<js_sys::ArrayBuffer>().byte_length() as u64)
        .unwrap_or(0)
}

fn core_options(options: &RunOptions) -> ValidateOptions {
    let mut core = ValidateOptions {
        focus_version: match options.focus_version.as_deref() {
            Some("1.0") => VersionChoice::V1_0,
            Some("1.1") => VersionChoice::V1_1,
            Some("1.2") => VersionChoice::V1_2,
            _ => VersionChoice::Auto,
        },
        max_deviations: options.max_deviations.unwrap_or(0),
        tolerance: options.tolerance.unwrap_or_default(),
        require_complete_billing_period: !options.allow_partial_billing_period,
        ..ValidateOptions::default()
    };
    core.read.keep_quoted_empty = options.keep_quoted_empty;
    for (area, on) in &options.declarations {
        core.applicability = core.applicability.clone().declare(area, *on);
    }
    core
}

pub(crate) fn fail(message: &str, hint: &str) {
    post(&FromWorker::Failed { message: message.into(), hint: hint.into(), row: None, column: None });
}
