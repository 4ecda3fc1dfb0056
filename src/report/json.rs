//! The report as JSON: the stable contract described by `docs/report-schema.json`.

use super::model::Report;

/// The report as indented JSON.
pub fn to_json(report: &Report) -> String {
    // Serializing plain structs with string keys cannot fail; fall back to an error
    // object rather than panicking if it ever did.
    serde_json::to_string_pretty(report).unwrap_or_else(|e| {
        format!("{{\"error\": \"the report could not be written as JSON: {e}\"}}")
    })
}

/// The report as compact JSON (for transfer between the worker and the page).
pub fn to_json_compact(report: &Report) -> String {
    serde_json::to_string(report).unwrap_or_else(|e| {
        format!("{{\"error\": \"the report could not be written as JSON: {e}\"}}")
    })
}

/// Reads a report written by [`to_json`] or [`to_json_compact`].
pub fn from_json(text: &str) -> Result<Report, String> {
    serde_json::from_str(text).map_err(|e| format!("this is not a certkit report: {e}"))
}
