//! certkit's core for JavaScript, built into `pkg/` by `scripts/build-pkg.sh`.
//!
//! Every function takes and returns the same JSON as the command line, so a page that
//! embeds certkit and a CI job that runs the CLI read one contract.

use wasm_bindgen::prelude::*;

/// certkit's version, as in its reports.
#[wasm_bindgen]
pub fn version() -> String {
    certkit::VERSION.to_string()
}
