//! The profile worker's side of [`super::profile_worker`]: it decodes the batches another
//! validation worker sends as one Arrow IPC stream and builds the data profile from them.

use std::cell::RefCell;

use arrow_array::RecordBatch;
use arrow_ipc::reader::StreamDecoder;
use certkit::profile::{ProfileOptions, Profiler};
use js_sys::{ArrayBuffer, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

use super::timing::now_ms;
use crate::protocol::{FromProfiler, PROFILE_BATCH, PROFILE_END, PROFILE_RESTART, PROFILE_START};

/// A profile being built from one run's stream.
#[derive(Default)]
struct Job {
    profiler: Option<Profiler>,
    /// Reads the IPC stream across messages: each message continues it.
    decoder: Option<StreamDecoder>,
    /// Milliseconds spent on the profile.
    ms: f64,
}

thread_local! {
    static JOB: RefCell<Job> = RefCell::default();
}

/// True for the messages this module handles.
pub fn handles(kind: &str) -> bool {
    matches!(kind, PROFILE_START | PROFILE_BATCH | PROFILE_RESTART | PROFILE_END)
}

/// Handles one message from the validation worker.
pub fn handle(kind: &str, data: &JsValue) {
    let started = now_ms();
    if kind == PROFILE_END {
        let Job { profiler, ms, .. } = JOB.with(|job| std::mem::take(&mut *job.borrow_mut()));
        let profile = profiler.map(|p| serde_json::to_string(&p.finish()).unwrap_or_default());
        return match profile {
            Some(profile) => reply(&FromProfiler::Profile { profile, ms: ms + now_ms() - started }),
            None => reply(&FromProfiler::Failed { message: "the profile worker received no schema".into() }),
        };
    }
    let buffer = Reflect::get(data, &"ipc".into()).ok().and_then(|b| b.dyn_into::<ArrayBuffer>().ok());
    let len = Reflect::get(data, &"len".into()).ok().and_then(|l| l.as_f64());
    let failed = JOB.with(|job| {
        let mut job = job.borrow_mut();
        let bytes = match (&buffer, len) {
            (Some(buffer), Some(len)) if len as u32 <= buffer.byte_length() => {
                Uint8Array::new_with_byte_offset_and_length(buffer, 0, len as u32).to_vec()
            }
            _ => return Some("a message to the profile worker carried no data".to_string()),
        };
        if kind == PROFILE_START {
            // The schema comes as a whole stream of its own; the run's stream begins with
            // the first batch's message.
            let mut alone = StreamDecoder::new();
            if let Err(message) = decode(&mut alone, bytes) {
                return Some(message);
            }
            let Some(schema) = alone.schema() else {
                return Some("the stream to the profile worker began without a schema".to_string());
            };
            let header: Vec<String> = schema.fields().iter().map(|f| f.name().clone()).collect();
            job.profiler = Some(Profiler::new(&header, &schema, ProfileOptions::default()));
            job.decoder = Some(StreamDecoder::new());
            job.ms += now_ms() - started;
            return None;
        }
        if kind == PROFILE_RESTART {
            job.decoder = Some(StreamDecoder::new());
        }
        let Some(decoder) = job.decoder.as_mut() else {
            return Some("a batch reached the profile worker before the schema".to_string());
        };
        let batches = match decode(decoder, bytes) {
            Ok(batches) => batches,
            Err(message) => return Some(message),
        };
        if let Some(profiler) = job.profiler.as_mut() {
            for batch in &batches {
                profiler.push(batch);
            }
        }
        job.ms += now_ms() - started;
        None
    });
    if let Some(message) = failed {
        return reply(&FromProfiler::Failed { message });
    }
    if kind != PROFILE_START {
        // The buffer goes back to be filled with a later batch.
        reply_with(&FromProfiler::Profiled, buffer);
    }
}

/// Decodes the next part of the IPC stream without copying the column data again: the
/// batches point into `bytes`. A message holds whole IPC messages and ends with a batch's
/// body, so its batch is complete when the message is read.
fn decode(decoder: &mut StreamDecoder, bytes: Vec<u8>) -> Result<Vec<RecordBatch>, String> {
    let mut buffer = arrow_buffer::Buffer::from_vec(bytes);
    let mut batches = Vec::new();
    // `decode` returns each batch as it completes, and `None` once the bytes are used up.
    while let Some(batch) = decoder.decode(&mut buffer).map_err(|e| e.to_string())? {
        batches.push(batch);
    }
    Ok(batches)
}

fn reply(message: &FromProfiler) {
    reply_with(message, None);
}

/// Posts `{message: "<json>", buffer?}`, the buffer transferred.
fn reply_with(message: &FromProfiler, buffer: Option<ArrayBuffer>) {
    let object = js_sys::Object::new();
    let text = serde_json::to_string(message).unwrap_or_default();
    let _ = Reflect::set(&object, &"message".into(), &text.into());
    match buffer {
        Some(buffer) => {
            let _ = Reflect::set(&object, &"buffer".into(), &buffer);
            super::post_value_transferring(&object, &js_sys::Array::of1(&buffer));
        }
        None => super::post_value(&object),
    }
}
