//! certkit: is a FinOps product ready for the FinOps Foundation's certifications?
//!
//! The crate is layered the way data flows through it, each layer knowing only the
//! ones before it:
//!
//! - [`read`]: bytes → Arrow record batches, streaming (CSV, CSV.gz, Parquet).
//! - [`focus`]: the FOCUS column catalogue per version, loaded from `data/focus/`.
//! - [`rules`]: the rule registry and the engine that runs it over batches.
//! - [`report`]: the validation report and its renderers (text, JSON, Markdown, JUnit).
//! - [`calc`]: the certification calculator (Platform score, gates, staffing, program fit).
//!
//! Nothing here depends on a browser: the same code runs in the native CLI, in the
//! web app's worker and in the embeddable `pkg/`.

pub mod anonymize;
pub mod byte_map;
pub mod bytes;
pub mod calc;
pub mod focus;
pub mod hash;
pub mod profile;
pub mod read;
pub mod report;
pub mod rules;
pub mod submission;
pub mod validate;

#[cfg(test)]
mod test_random;

/// The version of certkit itself, shown in reports so a result can be traced to its ruleset.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
