//! Slices of the dropped `File`, read ahead by a worker of their own (`slice-reader.js`).
//!
//! Reading a `File` is a round trip to the browser's file storage: about a quarter of a
//! run when the validation worker did it itself with `FileReaderSync`. The reader worker
//! does it on another thread while this one parses, and transfers each slice (no copy).
//! The validation awaits a slice only when the parser is about to need it (the slice it is
//! in and the next), and the feed asks for [`AHEAD`] more past those, so memory stays
//! bounded whatever the file size.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use js_sys::{ArrayBuffer, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{File, MessageEvent, Worker};

use super::signal::Signal;

/// Bytes per slice. Each read is a round trip through the browser, which costs CPU that the
/// parser shares on two cores: measured on the 1M-row CSV, 16 MiB slices validate in about
/// 9.6 s against 10.6 s with 8 MiB; 32 MiB gained nothing more. With [`AHEAD`] they bound
/// the memory held: at most four slices (64 MiB).
pub const SLICE_BYTES: u64 = 16 << 20;

/// Slices requested beyond the one being parsed and the next.
const AHEAD: u64 = 2;

const READER_URL: &str = "./slice-reader.js";

#[derive(Default)]
struct State {
    /// Slices received and not yet released, by index.
    ready: BTreeMap<u64, ArrayBuffer>,
    /// Slices requested and not yet arrived.
    in_flight: BTreeSet<u64>,
    /// The first error the reader reported: the feed is useless after it.
    error: Option<String>,
}

/// How many slices the reader worker sent: the timing line shows it.
pub type SliceCount = Rc<Cell<u64>>;

pub struct SliceFeed {
    worker: Worker,
    received: SliceCount,
    file: File,
    len: u64,
    state: Rc<RefCell<State>>,
    arrival: Signal,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(JsValue)>,
}

impl SliceFeed {
    /// Starts the reader worker for `file`. Fails where a worker cannot start another
    /// (the caller then reads synchronously, as before).
    pub fn start(file: &File) -> Result<SliceFeed, String> {
        let worker = Worker::new(READER_URL).map_err(|e| format!("the file reader could not start: {e:?}"))?;
        let state: Rc<RefCell<State>> = Rc::default();
        let arrival = Signal::default();
        let received = SliceCount::default();
        let on_message = {
            let (state, arrival, received) = (Rc::clone(&state), arrival.clone(), Rc::clone(&received));
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                let data = event.data();
                let field = |name: &str| Reflect::get(&data, &name.into()).ok();
                let index = field("index").and_then(|i| i.as_f64()).unwrap_or(-1.0) as u64;
                let mut state = state.borrow_mut();
                state.in_flight.remove(&index);
                match field("buffer").and_then(|b| b.dyn_into::<ArrayBuffer>().ok()) {
                    Some(buffer) => {
                        state.ready.insert(index, buffer);
                        received.set(received.get() + 1);
                    }
                    None => {
                        let error = field("error").and_then(|e| e.as_string()).unwrap_or_else(|| "no data".into());
                        state.error.get_or_insert(format!("could not read the file at byte {}: {error}", index * SLICE_BYTES));
                    }
                }
                drop(state);
                arrival.notify();
            })
        };
        // A reader that stops (it should not) must not leave the run waiting forever.
        let on_error = {
            let (state, arrival) = (Rc::clone(&state), arrival.clone());
            Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
                let why = crate::worker_error::describe(&event, "its script could not be loaded");
                state.borrow_mut().error.get_or_insert(format!("the file reader stopped: {why}"));
                arrival.notify();
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(SliceFeed {
            worker,
            received,
            file: file.clone(),
            len: file.size() as u64,
            state,
            arrival,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// A handle on the number of slices received so far.
    pub fn received(&self) -> SliceCount {
        Rc::clone(&self.received)
    }

    /// The slice holding byte `offset`, and where in it that byte is, if it has arrived.
    pub fn slice_at(&self, offset: u64) -> Option<(ArrayBuffer, usize)> {
        let index = offset / SLICE_BYTES;
        let buffer = self.state.borrow().ready.get(&index)?.clone();
        Some((buffer, (offset - index * SLICE_BYTES) as usize))
    }

    /// Waits until the slice holding byte `offset` and the one after it have arrived (a
    /// batch of rows may cross into the next slice), having asked for the slices after
    /// them, and lets go of the slices before it.
    pub async fn ready_for(&self, offset: u64) -> Result<(), String> {
        let index = offset / SLICE_BYTES;
        let last = self.slice_count().saturating_sub(1);
        self.state.borrow_mut().ready.retain(|&i, _| i >= index);
        self.request(index..=(index + 1 + AHEAD).min(last));
        for wanted in index..=(index + 1).min(last) {
            self.arrived(wanted).await?;
        }
        Ok(())
    }

    fn slice_count(&self) -> u64 {
        self.len.div_ceil(SLICE_BYTES)
    }

    /// Asks for the slices in `wanted` that are neither here nor on their way. A reader
    /// that jumps back (Parquet reads its footer first) gets its slices asked for again.
    fn request(&self, wanted: std::ops::RangeInclusive<u64>) {
        let mut state = self.state.borrow_mut();
        for index in wanted {
            if state.ready.contains_key(&index) || state.in_flight.contains(&index) {
                continue;
            }
            let start = index * SLICE_BYTES;
            let end = (start + SLICE_BYTES).min(self.len);
            let message = js_sys::Object::new();
            for (key, value) in [
                ("file", JsValue::from(self.file.clone())),
                ("index", JsValue::from(index as f64)),
                ("start", JsValue::from(start as f64)),
                ("end", JsValue::from(end as f64)),
            ] {
                let _ = Reflect::set(&message, &key.into(), &value);
            }
            if let Err(e) = self.worker.post_message(&message) {
                state.error.get_or_insert(format!("could not ask for a slice of the file: {e:?}"));
                return;
            }
            state.in_flight.insert(index);
        }
    }

    /// Waits for slice `index`.
    async fn arrived(&self, index: u64) -> Result<(), String> {
        self.request(index..=index);
        loop {
            {
                let state = self.state.borrow();
                if let Some(error) = &state.error {
                    return Err(error.clone());
                }
                if state.ready.contains_key(&index) {
                    return Ok(());
                }
            }
            self.arrival.wait().await;
        }
    }
}

impl Drop for SliceFeed {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}
