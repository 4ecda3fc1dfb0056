//! The profile worker's side of [`super::profile_worker`]: it decodes the batches another
//! validation worker sends as Arrow IPC streams and builds the data profile from them.

use std::cell::RefCell;

use certkit::profile::{ProfileOptions, Profiler};
use js_sys::{ArrayBuffer, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

use super::timing::now_ms;
use crate::protocol::{FromProfiler, PROFILE_BATCH, PROFILE_END, PROFILE_START};

thread_local! {
    /// The profile being built, and the milliseconds spent on it.
    static JOB: RefCell<(Option<Profiler>, f64)> = const { RefCell::new((None, 0.0)) };
}

/// True for the messages this module handles.
pub fn handles(kind: &str) -> bool {
    matches!(kind, PROFILE_START | PROFILE_BATCH | PROFILE_END)
}

/// Handles one message from the validation worker.
pub fn handle(kind: &str, data: &JsValue) {
    let started = now_ms();
    if kind == PROFILE_END {
        let (profiler, ms) = JOB.with(|job| std::mem::take(&mut *job.borrow_mut()));
        let profile = profiler.map(|p| serde_json::to_string(&p.finish()).unwrap_or_default());
        return match profile {
            Some(profile) => reply(&FromProfiler::Profile { profile, ms: ms + now_ms() - started }),
            None => reply(&FromProfiler::Failed { message: "the profile worker received no schema".into() }),
        };
    }
    let buffer = Reflect::get(data, &"ipc".into()).ok().and_then(|b| b.dyn_into::<ArrayBuffer>().ok());
    let len = Reflect::get(data, &"len".into()).ok().and_then(|l| l.as_f64());
    let decoded = match (&buffer, len) {
        (Some(buffer), Some(len)) if len as u32 <= buffer.byte_length() => {
            decode(Uint8Array::new_with_byte_offset_and_length(buffer, 0, len as u32).to_vec())
        }
        _ => Err("a message to the profile worker carried no data".to_string()),
    };
    let (schema, batches) = match decoded {
        Ok(decoded) => decoded,
        Err(message) => return reply(&FromProfiler::Failed { message }),
    };
    JOB.with(|job| {
        let mut job = job.borrow_mut();
        if kind == PROFILE_START {
            let header: Vec<String> = schema.fields().iter().map(|f| f.name().clone()).collect();
            job.0 = Some(Profiler::new(&header, &schema, ProfileOptions::default()));
        }
        if let Some(profiler) = job.0.as_mut() {
            for batch in &batches {
                profiler.push(batch);
            }
        }
        job.1 += now_ms() - started;
    });
    if kind == PROFILE_BATCH {
        // The buffer goes back to be filled with a later batch.
        reply_with(&FromProfiler::Profiled, buffer);
    }
}

type Decoded = (arrow_schema::SchemaRef, Vec<arrow_array::RecordBatch>);

/// Decodes an Arrow IPC stream without copying the column data again: the batches point
/// into `bytes`.
fn decode(bytes: Vec<u8>) -> Result<Decoded, String> {
    let mut buffer = arrow_buffer::Buffer::from_vec(bytes);
    let mut decoder = arrow_ipc::reader::StreamDecoder::new();
    let mut batches = Vec::new();
    // `decode` returns each batch as it completes, and `None` once the bytes are used up.
    while let Some(batch) = decoder.decode(&mut buffer).map_err(|e| e.to_string())? {
        batches.push(batch);
    }
    decoder.finish().map_err(|e| e.to_string())?;
    let schema = decoder.schema().ok_or_else(|| "the stream to the profile worker held no schema".to_string())?;
    Ok((schema, batches))
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
