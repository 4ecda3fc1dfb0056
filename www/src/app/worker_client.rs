//! The page's side of the validation worker: spawns it (which loads the validator's wasm
//! only now), queues the request until the worker says it is ready, and turns its
//! messages into [`FromWorker`] values.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{File, MessageEvent, Worker, WorkerOptions, WorkerType};
use yew::Callback;

use crate::protocol::{FromWorker, ANONYMIZE, ANONYMIZED, PREPARE, VALIDATE};

/// A file the worker produced (the anonymized sample) and its summary for people.
#[derive(Clone)]
pub struct ProducedFile {
    pub blob: web_sys::Blob,
    pub summary_text: String,
}

const WORKER_URL: &str = "./worker-loader.js";

pub struct WorkerClient {
    worker: Worker,
    /// The request waiting for the worker's `Ready`; `None` once sent.
    pending: Rc<RefCell<Option<JsValue>>>,
    /// True when [`WorkerClient::prepare`] was asked before the worker was ready.
    prepare_pending: Rc<RefCell<bool>>,
    ready: Rc<RefCell<bool>>,
    /// Set when the worker reported an error (an error event, or its loader's message that
    /// the wasm did not load): a worker started ahead of a run may fail before anyone
    /// listens (see [`WorkerClient::is_usable`]).
    failed: Rc<RefCell<bool>>,
    /// False until the first request: what a worker started ahead of time says before it
    /// has work (an error while loading) must not land on another run's page.
    listening: Rc<RefCell<bool>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(JsValue)>,
}

impl WorkerClient {
    /// Starts a worker; every message it sends once it has been given work goes to
    /// `on_event`, files it produces to `on_file`.
    pub fn spawn(on_event: Callback<FromWorker>) -> Result<Self, String> {
        Self::spawn_with_files(on_event, Callback::noop())
    }

    /// [`WorkerClient::spawn`], with a callback for the files the worker produces.
    pub fn spawn_with_files(on_event: Callback<FromWorker>, on_file: Callback<ProducedFile>) -> Result<Self, String> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options(WORKER_URL, &options)
            .map_err(|e| format!("the validation worker could not start: {e:?}"))?;
        let pending: Rc<RefCell<Option<JsValue>>> = Rc::default();
        let prepare_pending: Rc<RefCell<bool>> = Rc::default();
        let ready: Rc<RefCell<bool>> = Rc::default();
        let listening: Rc<RefCell<bool>> = Rc::default();
        let failed: Rc<RefCell<bool>> = Rc::default();

        let on_message = {
            let (worker, pending, ready, on_event) = (worker.clone(), pending.clone(), ready.clone(), on_event.clone());
            let prepare_pending = prepare_pending.clone();
            let (listening, failed) = (listening.clone(), failed.clone());
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                let data = event.data();
                if !data.is_string() {
                    let field = |name: &str| js_sys::Reflect::get(&data, &name.into()).ok();
                    if field("kind").and_then(|k| k.as_string()).as_deref() == Some(ANONYMIZED) {
                        if let Some(blob) = field("blob").and_then(|b| b.dyn_into::<web_sys::Blob>().ok()) {
                            let summary_text = field("text").and_then(|t| t.as_string()).unwrap_or_default();
                            on_file.emit(ProducedFile { blob, summary_text });
                            return;
                        }
                    }
                }
                let message = parse_message(&data);
                if message == FromWorker::Ready {
                    *ready.borrow_mut() = true;
                    if std::mem::take(&mut *prepare_pending.borrow_mut()) {
                        let _ = worker.post_message(&prepare_message());
                    }
                    if let Some(request) = pending.borrow_mut().take() {
                        let _ = worker.post_message(&request);
                    }
                    return;
                }
                if matches!(message, FromWorker::Failed { .. }) {
                    *failed.borrow_mut() = true;
                }
                if *listening.borrow() {
                    on_event.emit(message);
                }
            })
        };
        let on_error = {
            let (failed, listening) = (failed.clone(), listening.clone());
            Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
                *failed.borrow_mut() = true;
                if !*listening.borrow() {
                    return;
                }
                on_event.emit(FromWorker::Failed {
                    message: format!(
                        "The validator stopped unexpectedly: {}",
                        crate::worker_error::describe(&event, "its script could not be loaded")
                    ),
                    hint: "Reload the page and try again; if it happens again, the file may be too unusual for the browser: try the certkit command line.".into(),
                    row: None,
                    column: None,
                });
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Self { worker, pending, prepare_pending, ready, failed, listening, _on_message: on_message, _on_error: on_error })
    }

    /// Asks a validation worker started ahead of a run to start its own helper (the profile
    /// worker) now too, so that the run finds it loaded.
    pub fn prepare(&self) {
        if *self.ready.borrow() {
            let _ = self.worker.post_message(&prepare_message());
        } else {
            *self.prepare_pending.borrow_mut() = true;
        }
    }

    /// False once the worker has reported an error: a new one must be started.
    pub fn is_usable(&self) -> bool {
        !*self.failed.borrow()
    }

    /// Asks the worker to validate `file` with the given options (JSON).
    pub fn validate(&self, file: &File, options_json: &str) {
        self.send(VALIDATE, file, options_json);
    }

    /// Asks the worker to anonymize `file` (options: an `AnonymizeRequest` as JSON).
    pub fn anonymize(&self, file: &File, options_json: &str) {
        self.send(ANONYMIZE, file, options_json);
    }

    fn send(&self, kind: &str, file: &File, options_json: &str) {
        let request = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&request, &"kind".into(), &kind.into());
        let _ = js_sys::Reflect::set(&request, &"file".into(), file);
        let _ = js_sys::Reflect::set(&request, &"options".into(), &options_json.into());
        *self.listening.borrow_mut() = true;
        if *self.ready.borrow() {
            let _ = self.worker.post_message(&request);
        } else {
            *self.pending.borrow_mut() = Some(request.into());
        }
    }
}

impl Drop for WorkerClient {
    /// Dropping the client stops the worker at once, mid-run if need be: that is how Cancel works.
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

/// `{kind: "prepare"}`.
fn prepare_message() -> JsValue {
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"kind".into(), &PREPARE.into());
    message.into()
}

fn parse_message(data: &JsValue) -> FromWorker {
    // The worker's loader (worker-loader.js) reports a wasm that could not load as a plain
    // object, `{kind: "error", message, hint}`: the Rust side, which writes JSON, never ran.
    if !data.is_string() {
        let field = |name: &str| js_sys::Reflect::get(data, &name.into()).ok().and_then(|v| v.as_string());
        if field("kind").as_deref() == Some("error") {
            return FromWorker::Failed {
                message: field("message").unwrap_or_else(|| "The validator could not start.".into()),
                hint: field("hint").unwrap_or_else(|| "Reload the page and try again.".into()),
                row: None,
                column: None,
            };
        }
    }
    let text = data.as_string().unwrap_or_default();
    serde_json::from_str(&text).unwrap_or_else(|e| FromWorker::Failed {
        message: format!("The validator sent a message the page does not understand ({e})."),
        hint: "Reload the page; the app's files may be from two different versions.".into(),
        row: None,
        column: None,
    })
}
