//! Messages between the page and the validation worker.
//!
//! Page → worker: a plain JS object `{kind: "validate", file: File, options: "<json>"}`,
//! because a `File` travels by structured clone and cannot be serialized as JSON.
//! Worker → page: one JSON string per message, a [`FromWorker`].

use serde::{Deserialize, Serialize};

/// What the worker tells the page.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FromWorker {
    /// The worker's wasm has loaded and it accepts work.
    Ready,
    /// Sent after each batch.
    Progress(Progress),
    /// The run finished; `report` is the validation report as JSON, `profile` the data
    /// profile (preview, column statistics, cost charts) as JSON, from the same pass. When
    /// the profile was lost (its worker stopped mid-run), `profile_error` says why.
    Done {
        report: String,
        #[serde(default)]
        profile: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        profile_error: Option<String>,
    },
    /// The input could not be read; `message` says what is wrong, `hint` what to do.
    Failed {
        message: String,
        hint: String,
        row: Option<u64>,
        column: Option<String>,
    },
}

/// How far a run is.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Default)]
pub struct Progress {
    pub bytes_read: u64,
    pub total_bytes: u64,
    pub rows: u64,
    /// The worker's wasm memory, in bytes: it only ever grows, so it is the peak so far.
    #[serde(default)]
    pub memory_bytes: u64,
}

/// What a profile worker (a second validation worker that builds the data profile from
/// the batches the first one reads) tells the worker that started it: one JSON string
/// per message. `Ready` is the same message a worker sends the page.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FromProfiler {
    /// Its wasm has loaded and it accepts batches.
    Ready,
    /// One more batch is profiled (the sender keeps only a few batches in flight).
    Profiled,
    /// The profile of every batch, as JSON, and the milliseconds spent building it.
    Profile { profile: String, ms: f64 },
    /// Something went wrong; the run goes on without a profile.
    Failed { message: String },
}

/// The `kind`s of the messages to a profile worker: `{kind, ipc: ArrayBuffer, len}`, the
/// first `len` bytes of `ipc` being the next part of one Arrow IPC stream (its schema for
/// [`PROFILE_START`], one batch for [`PROFILE_BATCH`]); [`PROFILE_RESTART`] begins a new
/// stream (its schema and one batch, for a batch whose schema differs); then
/// `{kind: PROFILE_END}`.
pub const PROFILE_START: &str = "profile-start";
pub const PROFILE_BATCH: &str = "profile-batch";
pub const PROFILE_RESTART: &str = "profile-restart";
pub const PROFILE_END: &str = "profile-end";

/// The `kind` of a validation request.
pub const VALIDATE: &str = "validate";
/// The `kind` of `{kind: "prepare"}`, sent to a validation worker started ahead of a run (the
/// user is dragging a file): it starts its profile worker now, for the run to come.
pub const PREPARE: &str = "prepare";
/// The `kind` of an anonymization request; the worker answers with a plain JS object
/// `{kind: "anonymized", blob: Blob, summary: "<json>"}`, since a Blob cannot be JSON.
pub const ANONYMIZE: &str = "anonymize";
/// The `kind` of the worker's answer to [`ANONYMIZE`].
pub const ANONYMIZED: &str = "anonymized";

/// The options of an anonymization, sent as JSON beside the `File`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(default)]
pub struct AnonymizeRequest {
    /// The secret salt of the tokens.
    pub salt: String,
    /// `csv` or `parquet`; empty: the input's format.
    pub format: String,
}

/// The options of a run, sent as JSON beside the `File`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(default)]
pub struct RunOptions {
    /// `auto`, `1.0`, `1.1` or `1.2`.
    pub focus_version: Option<String>,
    /// Applicability declarations by area id.
    pub declarations: std::collections::BTreeMap<String, bool>,
    /// Deviations allowed (the certification publishes no number; 0 by default).
    pub max_deviations: Option<u64>,
    /// How close unit price × PricingQuantity must be to the cost; `None`: the default.
    pub tolerance: Option<certkit::rules::Tolerance>,
    /// Read a quoted empty CSV field (`""`) as an empty string instead of a null.
    pub keep_quoted_empty: bool,
    /// Report a sample without a complete billing period without blocking the verdict.
    pub allow_partial_billing_period: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_options_read_old_and_new_messages() {
        // A page from before the switchable options sent only these fields.
        let old: RunOptions = serde_json::from_str(r#"{"focus_version":null,"max_deviations":2}"#).unwrap_or_default();
        assert_eq!(old.max_deviations, Some(2));
        assert_eq!(old.tolerance, None);
        assert!(!old.keep_quoted_empty && !old.allow_partial_billing_period);
        let new = RunOptions {
            tolerance: Some(certkit::rules::Tolerance::Relative { fraction: 0.001 }),
            keep_quoted_empty: true,
            allow_partial_billing_period: true,
            ..RunOptions::default()
        };
        let text = serde_json::to_string(&new).unwrap_or_default();
        assert_eq!(serde_json::from_str::<RunOptions>(&text).ok(), Some(new));
    }

    #[test]
    fn a_profile_worker_says_ready_the_way_every_worker_does() {
        // The profile worker is the same wasm as the validation worker: its first message is
        // the page's `Ready`, which the starting worker must read as the profiler's.
        let ready = serde_json::to_string(&FromWorker::Ready).unwrap_or_default();
        assert_eq!(serde_json::from_str::<FromProfiler>(&ready).ok(), Some(FromProfiler::Ready));
        let done = FromProfiler::Profile { profile: "{}".into(), ms: 1.5 };
        let text = serde_json::to_string(&done).unwrap_or_default();
        assert_eq!(serde_json::from_str::<FromProfiler>(&text).ok(), Some(done));
    }
}
