//! The validation worker: receives a dropped `File`, reads it in slices through the core's
//! streaming reader and validator, and posts progress and the result back to the page.
//!
//! A run uses three threads, so a two-core machine works on both cores:
//! - this worker parses and runs the rules, one batch at a time ([`certkit::validate::Validation`]);
//! - a file reader (`slice-reader.js`, [`slice_feed`]) reads the next slices of the file
//!   meanwhile;
//! - a profile worker (this same wasm, [`profile_worker`] and [`profile_job`]) builds the
//!   data profile from the batches this one sends it.
//!
//! The run is async only so that their messages can arrive between batches. Memory stays
//! flat: a few slices and a few batches are in flight at any time, however large the file.
//! The page cancels by terminating this worker, which ends the two it started with it.

mod anonymize;
mod file_source;
mod profile_job;
mod profile_worker;
mod run;
mod signal;
mod slice_feed;
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

/// Sends a JS object to whoever started this worker, transferring the objects in `transfer`.
pub(crate) fn post_value_transferring(message: &JsValue, transfer: &JsValue) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let _ = scope.post_message_with_transfer(message, transfer);
}
