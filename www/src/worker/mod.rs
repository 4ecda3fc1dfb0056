//! The validation worker: receives a dropped `File`, reads it in slices through the core's
//! streaming reader and validator, and posts progress and the result back to the page.
//!
//! The work is synchronous inside the worker (FileReaderSync), which is what keeps memory
//! flat: only the slice being parsed is in memory. The page cancels by terminating the
//! worker, which stops a run at once wherever it is.

mod anonymize;
mod file_source;
mod run;
mod timing;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::protocol::FromWorker;

/// Installs the message handler and tells the page the worker is ready.
pub fn start() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let handler = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        run::handle_request(&event.data());
    });
    scope.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    // The handler lives as long as the worker does.
    handler.forget();
    post(&FromWorker::Ready);
}

/// Sends one message to the page.
pub(crate) fn post(message: &FromWorker) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let text = serde_json::to_string(message).unwrap_or_else(|e| {
        format!("{{\"kind\":\"failed\",\"message\":\"internal error: {e}\",\"hint\":\"\",\"row\":null,\"column\":null}}")
    });
    // Posting a string cannot fail for a dedicated worker scope; nothing useful to do if it did.
    let _ = scope.post_message(&JsValue::from_str(&text));
}

/// Sends a JS object (one that carries a Blob) to the page.
pub(crate) fn post_value(message: &JsValue) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let _ = scope.post_message(message);
}
