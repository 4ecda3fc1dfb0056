//! What a `Worker`'s `error` event says.
//!
//! An error thrown inside a worker arrives as an `ErrorEvent` with a `message`. A worker whose
//! script cannot be loaded (missing, blocked, not JavaScript) fires a plain `Event`, which
//! has no `message`: reading it through `ErrorEvent::message` then throws in the listener, and
//! the fallback that listener was meant to start never runs. So the text is read by hand.

use wasm_bindgen::JsValue;

/// The event's message, or `when_absent` for an event without one (a script that did not load).
pub fn describe(event: &JsValue, when_absent: &str) -> String {
    js_sys::Reflect::get(event, &"message".into())
        .ok()
        .and_then(|message| message.as_string())
        .filter(|message| !message.is_empty())
        .unwrap_or_else(|| when_absent.to_string())
}
