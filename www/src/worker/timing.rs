//! Where a run's time goes, for `scripts/bench-browser.mjs`: the worker writes one line to
//! the console (at debug level) when a validation ends.

use wasm_bindgen::{JsCast, JsValue};

/// Milliseconds on the worker's high-resolution clock (0 if it has none).
pub fn now_ms() -> f64 {
    js_sys::Reflect::get(&js_sys::global(), &"performance".into())
        .ok()
        .and_then(|p| p.dyn_into::<web_sys::Performance>().ok())
        .map_or(0.0, |p| p.now())
}

/// Time spent in each stage of one run, in milliseconds.
#[derive(Debug, Default, Clone, Copy)]
pub struct StageTimes {
    /// The whole run, from the request to the report.
    pub total: f64,
    /// Waiting for the browser to hand out slices of the file.
    pub file_reads: f64,
    /// Building the data profile here, or (with a profile worker) sending it the batches
    /// and waiting for the profile at the end.
    pub profile: f64,
    /// The profile worker's own time, when it built the profile.
    pub profile_elsewhere: Option<f64>,
    /// Posting progress messages.
    pub progress: f64,
    /// File slices the reader worker sent (none without a reader worker).
    pub slices: Option<u64>,
}

impl StageTimes {
    /// Logs the line the bench script reads; the rest of the time is parsing and the rules.
    pub fn log(&self, bytes: u64, rows: u64) {
        let rest = self.total - self.file_reads - self.profile - self.progress;
        let elsewhere = self
            .profile_elsewhere
            .map(|ms| format!(" (the profile worker's own time: {:.2} s)", ms / 1e3))
            .unwrap_or_default();
        let slices = self
            .slices
            .map(|slices| format!(" ({slices} slices from the reader worker)"))
            .unwrap_or_default();
        let line = format!(
            "certkit-worker timing: {:.1} MB, {rows} rows in {:.2} s: file reads {:.2} s{slices}, profile {:.2} s{elsewhere}, progress messages {:.2} s, parsing and rules {:.2} s",
            bytes as f64 / 1e6,
            self.total / 1e3,
            self.file_reads / 1e3,
            self.profile / 1e3,
            self.progress / 1e3,
            rest / 1e3
        );
        let console = js_sys::Reflect::get(&js_sys::global(), &"console".into()).unwrap_or(JsValue::UNDEFINED);
        if let Ok(debug) = js_sys::Reflect::get(&console, &"debug".into()).and_then(|f| f.dyn_into::<js_sys::Function>()) {
            let _ = debug.call1(&console, &line.into());
        }
    }
}
