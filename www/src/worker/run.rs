//! One validation run inside the worker.

use std::cell::RefCell;
use std::rc::Rc;

use certkit::report::json::to_json_compact;
use certkit::profile::{ProfileOptions, Profiler};
use certkit::validate::{BatchObserver, ValidateError, ValidateOptions, Validation, VersionChoice};
use wasm_bindgen::{JsCast, JsValue};

use super::file_source::BrowserFile;
use super::profile_worker::{ProfileWorker, SendError};
use super::slice_feed::SliceFeed;
use super::post;
use super::timing::{now_ms, StageTimes};
use crate::protocol::{AnonymizeRequest, FromWorker, Progress, RunOptions, ANONYMIZE, PREPARE, VALIDATE};

/// A progress message per batch would flood the page on fast files; ten a second are
/// plenty for a smooth bar.
const PROGRESS_EVERY_MS: f64 = 100.0;

thread_local! {
    /// A profile worker started on [`PREPARE`], for the next run to take.
    static PREPARED: RefCell<Option<ProfileWorker>> = const { RefCell::new(None) };
}

/// Handles one request from the page; anything malformed is answered with `Failed`.
pub fn handle_request(data: &JsValue) {
    let field = |name: &str| js_sys::Reflect::get(data, &name.into()).ok();
    let kind = field("kind").and_then(|k| k.as_string());
    if let Some(kind) = kind.as_deref().filter(|k| super::profile_job::handles(k)) {
        return super::profile_job::handle(kind, data);
    }
    if kind.as_deref() == Some(PREPARE) {
        // If it cannot start, the run starts one itself (and falls back as it always does).
        return PREPARED.with(|prepared| {
            let mut prepared = prepared.borrow_mut();
            if prepared.is_none() {
                *prepared = ProfileWorker::start().ok();
            }
        });
    }
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
    wasm_bindgen_futures::spawn_local(validate_file(file, options));
}

/// Validates `file` batch by batch, giving control back to the browser between batches so
/// the reader worker's slices can arrive, and posts progress and the result.
async fn validate_file(file: web_sys::File, options: RunOptions) {
    let name = file.name();
    let mut source = match BrowserFile::new(file.clone()) {
        Ok(source) => source,
        Err(message) => return fail(&message, "Use a current version of Chrome, Edge or Firefox."),
    };
    // Without a reader worker (a browser that cannot start one from a worker) the source
    // reads its slices itself: slower, same result.
    let mut feed = SliceFeed::start(&file).ok().map(Rc::new);
    if let Some(feed) = &feed {
        source = source.with_feed(Rc::clone(feed));
    }
    let slices_received = feed.as_ref().map(|feed| feed.received());
    let mut times = StageTimes { total: now_ms(), ..StageTimes::default() };
    let read_ms = source.read_ms_handle();
    let position = source.position_handle();
    let mut awaited_ms = 0.0;
    // Waits for the reader worker's slices. If it fails, the run goes on without it: the
    // source then reads for itself, and a file that really cannot be read is reported from
    // there, with the row it stopped at.
    let mut wait_for_bytes = async |offset: u64| {
        if let Some(ready) = &feed {
            let started = now_ms();
            let arrived = ready.ready_for(offset).await;
            awaited_ms += now_ms() - started;
            if let Err(message) = arrived {
                web_sys::console::warn_1(&format!("certkit-worker: reading without the reader worker: {message}").into());
                feed = None;
            }
        }
    };
    wait_for_bytes(0).await;
    let mut validation = match Validation::start(Box::new(source), &name, &core_options(&options)) {
        Ok(validation) => validation,
        Err(e) => return post_error(e),
    };
    let mut profile = ProfileSink::start(validation.header(), &validation.schema());
    let mut last_posted = f64::NEG_INFINITY;
    loop {
        wait_for_bytes(position.get()).await;
        match validation.step() {
            Ok(Some(batch)) => profile.add(&batch).await,
            Ok(None) => break,
            Err(e) => return post_error(e),
        }
        let p = validation.progress();
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
    }
    let report = validation.finish();
    let (profile, profile_error) = match profile.finish(&mut times).await {
        Ok(profile) => (Some(profile), None),
        Err(lost) => (None, Some(lost)),
    };
    times.total = now_ms() - times.total;
    times.file_reads = read_ms.get() + awaited_ms;
    times.slices = slices_received.map(|received| received.get());
    times.log(report.input.bytes, report.rows);
    post(&FromWorker::Done { report: to_json_compact(&report), profile, profile_error });
}

/// Where the data profile is built: in a profile worker on another core when one starts,
/// here otherwise. If the profile worker stops after it got batches, they cannot be sent
/// again, so the run ends without a profile rather than with a wrong one.
enum ProfileSink {
    Elsewhere { worker: ProfileWorker, sending_ms: f64, header: Vec<String>, schema: arrow_schema::SchemaRef },
    Here(ProfileObserver),
    Lost(String),
}

impl ProfileSink {
    fn start(header: &[String], schema: &arrow_schema::SchemaRef) -> ProfileSink {
        let worker = PREPARED.with(|prepared| prepared.borrow_mut().take()).map_or_else(ProfileWorker::start, Ok);
        match worker.and_then(|worker| worker.send_schema(schema).map(|()| worker)) {
            Ok(worker) => ProfileSink::Elsewhere { worker, sending_ms: 0.0, header: header.to_vec(), schema: schema.clone() },
            Err(_) => ProfileSink::here(header, schema),
        }
    }

    fn here(header: &[String], schema: &arrow_schema::Schema) -> ProfileSink {
        let mut here = ProfileObserver(None, 0.0);
        here.start(header, schema);
        ProfileSink::Here(here)
    }

    async fn add(&mut self, batch: &arrow_array::RecordBatch) {
        match self {
            ProfileSink::Elsewhere { worker, sending_ms, header, schema } => {
                let started = now_ms();
                let sent = worker.send_batch(batch).await;
                *sending_ms += now_ms() - started;
                match sent {
                    Ok(()) => {}
                    Err(SendError::NeverStarted(message)) => {
                        web_sys::console::warn_1(&format!("certkit-worker: profiling here: {message}").into());
                        *self = ProfileSink::here(header, schema);
                        if let ProfileSink::Here(here) = self {
                            here.observe(batch);
                        }
                    }
                    Err(SendError::Stopped(message)) => *self = ProfileSink::Lost(message),
                }
            }
            ProfileSink::Here(here) => here.observe(batch),
            ProfileSink::Lost(_) => {}
        }
    }

    /// The profile as JSON, or why it was lost (also said on the console).
    async fn finish(self, times: &mut StageTimes) -> Result<String, String> {
        let lost = match self {
            ProfileSink::Elsewhere { worker, sending_ms, header, schema } => {
                let started = now_ms();
                let finished = worker.finish().await;
                times.profile = sending_ms + now_ms() - started;
                match finished {
                    Ok((profile, ms)) => {
                        times.profile_elsewhere = Some(ms);
                        return Ok(profile);
                    }
                    // No batch reached it (a file without rows): the profile of the header
                    // alone is built here.
                    Err(SendError::NeverStarted(_)) => {
                        let mut here = ProfileObserver(None, 0.0);
                        here.start(&header, &schema);
                        return here.into_json();
                    }
                    Err(SendError::Stopped(message)) => message,
                }
            }
            ProfileSink::Here(here) => {
                times.profile = here.1;
                return here.into_json();
            }
            ProfileSink::Lost(message) => message,
        };
        web_sys::console::warn_1(&format!("certkit-worker: no data profile: {lost}").into());
        Err(lost)
    }
}

fn post_error(error: ValidateError) {
    match error {
        ValidateError::Read(e) => post(&FromWorker::Failed { message: e.message, hint: e.hint, row: e.row, column: e.column }),
        // The page cancels by terminating the worker; a callback-driven cancel cannot happen here.
        ValidateError::Cancelled => fail("The validation was cancelled.", ""),
    }
}

/// Builds the data profile from the batches the validator reads, in the same pass, and
/// counts the milliseconds it takes.
struct ProfileObserver(Option<Profiler>, f64);

impl ProfileObserver {
    /// The finished profile as JSON, or why there is none.
    fn into_json(self) -> Result<String, String> {
        let profiler = self.0.ok_or_else(|| "the profile was never started".to_string())?;
        serde_json::to_string(&profiler.finish()).map_err(|e| format!("the profile could not be written ({e})"))
    }
}

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
