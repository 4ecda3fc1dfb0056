//! The data profile, built on a second core: a second validation worker (the same wasm)
//! receives every batch this one reads, as an Arrow IPC stream, and profiles it while
//! this one runs the rules. The profile was about 40 % of a run's time on one core.
//!
//! At most [`IN_FLIGHT`] batches are on their way or waiting in the profile worker, so
//! memory stays bounded when the profile is the slower of the two.
//!
//! The batches go as one Arrow IPC stream for the whole run, cut into messages: the
//! schema first, then one batch per message. The stream is written straight into the
//! buffer the message carries ([`Outbox`]), so each byte is copied once on this side.
//! (Writing a fresh stream per batch into a `Vec` first copied it twice, plus the
//! `Vec`'s growth, on the core that also runs the rules.)

use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::Write;
use std::rc::Rc;
use std::sync::Arc;

use arrow_array::RecordBatch;
use arrow_ipc::writer::StreamWriter;
use arrow_schema::SchemaRef;
use js_sys::{Array, ArrayBuffer, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};

use super::signal::Signal;
use crate::protocol::{FromProfiler, PROFILE_BATCH, PROFILE_END, PROFILE_RESTART, PROFILE_START};

/// Batches sent and not yet profiled, at most.
const IN_FLIGHT: usize = 4;

/// How long the worker may take to load before the profile is built here instead.
const START_TIMEOUT_MS: u32 = 10_000;

const WORKER_URL: &str = "./worker-loader.js";

#[derive(Default)]
struct State {
    ready: bool,
    /// Messages waiting for the worker to be ready (it loses messages sent before).
    queued: VecDeque<(JsValue, Option<JsValue>)>,
    /// Batches sent (or queued) and not yet acknowledged.
    in_flight: usize,
    /// Buffers the profile worker gave back, to carry the next batches: allocating a fresh
    /// one for each batch cost more than the copy into it.
    spare: Vec<ArrayBuffer>,
    /// The finished profile (JSON) and the worker's milliseconds.
    profile: Option<(String, f64)>,
    failed: Option<String>,
}

/// Why a batch could not be sent.
pub enum SendError {
    /// The worker failed before it was ready: no batch reached it, so the profile can
    /// still be built elsewhere.
    NeverStarted(String),
    /// It stopped after batches reached it: they are gone.
    Stopped(String),
}

pub struct ProfileWorker {
    worker: Worker,
    state: Rc<RefCell<State>>,
    /// The IPC stream being sent, once the schema is, and the schema it was begun with.
    stream: RefCell<Option<(SchemaRef, StreamWriter<Outbox>)>>,
    news: Signal,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(JsValue)>,
}

impl ProfileWorker {
    /// Starts the profile worker; its wasm loads while this worker reads the header.
    pub fn start() -> Result<ProfileWorker, String> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options(WORKER_URL, &options).map_err(|e| format!("{e:?}"))?;
        let state: Rc<RefCell<State>> = Rc::default();
        let news = Signal::default();
        let on_message = {
            let (state, news, worker) = (Rc::clone(&state), news.clone(), worker.clone());
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                // `Ready` is a JSON string (as every worker says it); the rest come as
                // `{message, buffer?}`, the buffer being one of ours given back.
                let data = event.data();
                let text = data.as_string().unwrap_or_else(|| {
                    Reflect::get(&data, &"message".into()).ok().and_then(|m| m.as_string()).unwrap_or_default()
                });
                let mut state = state.borrow_mut();
                if let Some(buffer) = Reflect::get(&data, &"buffer".into()).ok().and_then(|b| b.dyn_into::<ArrayBuffer>().ok()) {
                    state.spare.push(buffer);
                }
                match serde_json::from_str::<FromProfiler>(&text) {
                    Ok(FromProfiler::Ready) => {
                        state.ready = true;
                        for (message, transfer) in state.queued.drain(..) {
                            post(&worker, &message, transfer.as_ref());
                        }
                    }
                    Ok(FromProfiler::Profiled) => state.in_flight = state.in_flight.saturating_sub(1),
                    Ok(FromProfiler::Profile { profile, ms }) => state.profile = Some((profile, ms)),
                    Ok(FromProfiler::Failed { message }) => {
                        state.failed.get_or_insert(message);
                    }
                    Err(e) => {
                        state.failed.get_or_insert(format!("unreadable message from the profile worker: {e}"));
                    }
                }
                drop(state);
                news.notify();
            })
        };
        let on_error = {
            let (state, news) = (Rc::clone(&state), news.clone());
            Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
                let why = crate::worker_error::describe(&event, "its script could not be loaded");
                state.borrow_mut().failed.get_or_insert(format!("the profile worker stopped: {why}"));
                news.notify();
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        // A worker that neither starts nor fails must not hold the run up.
        let give_up = {
            let (state, news) = (Rc::clone(&state), news.clone());
            Closure::once_into_js(move || {
                let mut locked = state.borrow_mut();
                if !locked.ready {
                    locked.failed.get_or_insert(format!("the profile worker did not start within {} s", START_TIMEOUT_MS / 1000));
                    drop(locked);
                    news.notify();
                }
            })
        };
        if let Ok(set_timeout) = Reflect::get(&js_sys::global(), &"setTimeout".into()).and_then(|f| f.dyn_into::<js_sys::Function>()) {
            let _ = set_timeout.call2(&JsValue::UNDEFINED, &give_up, &START_TIMEOUT_MS.into());
        }
        Ok(ProfileWorker { worker, state, stream: RefCell::default(), news, _on_message: on_message, _on_error: on_error })
    }

    /// Sends the schema (before any batch: a file without rows still has a profile).
    ///
    /// The schema goes alone as a whole stream (schema and end), which the profile worker
    /// reads at once; the run's stream writes it again and sends it with the first batch.
    /// (A stream decoder reads a message only once bytes follow it, so a schema that ends
    /// its message would wait for the first batch: a file without rows would never get
    /// its profile.)
    pub fn send_schema(&self, schema: &SchemaRef) -> Result<(), String> {
        let mut alone = StreamWriter::try_new(Outbox::default(), schema).map_err(|e| e.to_string())?;
        alone.finish().map_err(|e| e.to_string())?;
        let written = alone.get_mut().take();
        let stream = StreamWriter::try_new(Outbox::default(), schema).map_err(|e| e.to_string())?;
        *self.stream.borrow_mut() = Some((schema.clone(), stream));
        self.send(PROFILE_START, written);
        Ok(())
    }

    /// Sends one batch, after waiting for the worker to be ready and while too many
    /// batches are in flight.
    pub async fn send_batch(&self, batch: &RecordBatch) -> Result<(), SendError> {
        loop {
            {
                let state = self.state.borrow();
                match &state.failed {
                    Some(failed) if !state.ready => return Err(SendError::NeverStarted(failed.clone())),
                    Some(failed) => return Err(SendError::Stopped(failed.clone())),
                    None if state.ready && state.in_flight < IN_FLIGHT => break,
                    None => {}
                }
            }
            self.news.wait().await;
        }
        // The largest buffer given back: it held a batch like this one.
        let spare = {
            let mut state = self.state.borrow_mut();
            let largest = (0..state.spare.len()).max_by_key(|&at| state.spare[at].byte_length());
            largest.map(|at| state.spare.swap_remove(at))
        };
        let mut stream = self.stream.borrow_mut();
        let mut kind = PROFILE_BATCH;
        // A batch that does not match the stream's schema (a malformed file's) starts a
        // stream of its own, which the profile worker reads from a fresh decoder.
        let schema = batch.schema();
        if stream.as_ref().is_none_or(|(begun, _)| !Arc::ptr_eq(begun, &schema) && **begun != *schema) {
            let writer = StreamWriter::try_new(Outbox::default(), &schema);
            *stream = Some((schema, writer.map_err(|e| SendError::Stopped(e.to_string()))?));
            kind = PROFILE_RESTART;
        }
        let Some((_, writer)) = stream.as_mut() else {
            return Err(SendError::Stopped("the stream to the profile worker was not started".into()));
        };
        writer.get_mut().give(spare);
        writer.write(batch).map_err(|e| SendError::Stopped(e.to_string()))?;
        let written = writer.get_mut().take();
        drop(stream);
        self.state.borrow_mut().in_flight += 1;
        self.send(kind, written);
        Ok(())
    }

    /// Asks for the profile of everything sent, and waits for it: its JSON and the
    /// milliseconds the profile worker spent.
    pub async fn finish(&self) -> Result<(String, f64), SendError> {
        self.send(PROFILE_END, None);
        loop {
            {
                let mut state = self.state.borrow_mut();
                match &state.failed {
                    Some(failed) if !state.ready => return Err(SendError::NeverStarted(failed.clone())),
                    Some(failed) => return Err(SendError::Stopped(failed.clone())),
                    None => {}
                }
                if let Some(profile) = state.profile.take() {
                    return Ok(profile);
                }
            }
            self.news.wait().await;
        }
    }

    /// Posts `{kind, ipc, len}`: the IPC stream is the first `len` bytes of `ipc`.
    fn send(&self, kind: &str, ipc: Option<(ArrayBuffer, usize)>) {
        let message = Object::new();
        let _ = Reflect::set(&message, &"kind".into(), &kind.into());
        let transfer = ipc.map(|(buffer, len)| {
            let _ = Reflect::set(&message, &"ipc".into(), &buffer);
            let _ = Reflect::set(&message, &"len".into(), &(len as f64).into());
            JsValue::from(Array::of1(&buffer))
        });
        let message = JsValue::from(message);
        let mut state = self.state.borrow_mut();
        if state.ready {
            post(&self.worker, &message, transfer.as_ref());
        } else {
            state.queued.push_back((message, transfer));
        }
    }
}

impl Drop for ProfileWorker {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

fn post(worker: &Worker, message: &JsValue, transfer: Option<&JsValue>) {
    let _ = match transfer {
        Some(transfer) => worker.post_message_with_transfer(message, transfer),
        None => worker.post_message(message),
    };
}

/// Where the IPC writer puts its bytes: straight into the `ArrayBuffer` the next message
/// carries (one given back by the profile worker when there is one), which grows by a
/// quarter more than needed when a write does not fit.
#[derive(Default)]
struct Outbox {
    buffer: Option<ArrayBuffer>,
    len: usize,
}

impl Outbox {
    /// Starts the next message's bytes in `buffer`, if one is given and nothing is
    /// written yet.
    fn give(&mut self, buffer: Option<ArrayBuffer>) {
        if self.len == 0 && buffer.is_some() {
            self.buffer = buffer;
        }
    }

    /// The bytes written since the last call: the buffer and how much of it they fill.
    fn take(&mut self) -> Option<(ArrayBuffer, usize)> {
        let len = std::mem::take(&mut self.len);
        self.buffer.take().filter(|_| len > 0).map(|buffer| (buffer, len))
    }
}

impl Write for Outbox {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let end = self.len + bytes.len();
        let capacity = self.buffer.as_ref().map_or(0, |b| b.byte_length() as usize);
        if end > capacity {
            let bigger = ArrayBuffer::new((end + end / 4) as u32);
            if let Some(old) = &self.buffer {
                let written = Uint8Array::new_with_byte_offset_and_length(old, 0, self.len as u32);
                Uint8Array::new(&bigger).set(&written, 0);
            }
            self.buffer = Some(bigger);
        }
        if let Some(buffer) = &self.buffer {
            Uint8Array::new_with_byte_offset_and_length(buffer, self.len as u32, bytes.len() as u32).copy_from(bytes);
        }
        self.len = end;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
