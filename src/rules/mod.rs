//! The FOCUS rules: the registry of requirements (data, `data/focus/1.2/rules.json`),
//! the checks (code, one module per family) and the engine that runs them over
//! record batches.
//!
//! - [`registry`]: the rules, each with its official ID, keyword, scope, description
//!   and either a check or the reason it cannot be checked from a file.
//! - [`engine`]: compiles the registry against a header and runs it batch by batch.
//! - [`verdict`]: how failures count for the certification.
//! - Check families: [`presence`], [`naming`], [`types`], [`formats`] (datetime,
//!   numeric, currency, key_value, string_handling, unit), [`nullability`],
//!   [`allowed_values`], [`cross_column`], [`cross_row`].

pub mod allowed_values;
pub mod cells;
pub mod condition;
pub mod cross_column;
pub mod cross_row;
pub mod engine;
pub mod facet;
pub mod formats;
pub mod naming;
pub mod nullability;
pub mod number;
pub mod outcome;
pub mod presence;
pub mod registry;
pub mod tally;
pub mod types;
pub mod verdict;

pub use cross_column::Tolerance;
pub use engine::{Engine, EngineOptions};
pub use outcome::{CrossRowResult, CrossRowStatus, EngineOutput, Instance, InstanceStatus};
pub use registry::{registry, Check, Keyword, Registry, Rule, Scope};
pub use tally::{Example, Tally};
