//! certkit's core for JavaScript, built into `pkg/` by `scripts/build-pkg.sh`.
//!
//! Every function takes and returns the same JSON as the command line, so a page that
//! embeds certkit and a CI job that runs `certkit` read one contract:
//!
//! ```js
//! import init, { score, validateBytes, renderReport } from './pkg/certkit.js';
//! await init();
//! const result = JSON.parse(score(JSON.stringify(assessment)));
//! ```
//!
//! Errors are thrown as `Error`s whose message names the field and the reason.

use std::ops::ControlFlow;

use certkit::read::BytesSource;
use certkit::report;
use certkit::validate::{validate, ValidateOptions, VersionChoice};
use wasm_bindgen::prelude::*;

/// certkit's version, as in its reports.
#[wasm_bindgen]
pub fn version() -> String {
    certkit::VERSION.to_string()
}

/// Scores an assessment (JSON, see docs/assessment.md) and returns the result as JSON.
/// `program_json` optionally replaces the built-in program data (same format as data/programs/).
#[wasm_bindgen]
pub fn score(assessment_json: &str, program_json: Option<String>) -> Result<String, JsError> {
    certkit::calc::score_json(assessment_json, program_json.as_deref()).map_err(|e| JsError::new(&e.to_string()))
}

/// The built-in certification programs (id, name, criteria version, whether scored) as JSON.
#[wasm_bindgen]
pub fn programs() -> String {
    serde_json::to_string(&certkit::calc::programs()).unwrap_or_else(|_| "[]".into())
}

/// Which programs fit an organization: answers as JSON (`builds_software`, `provides_services`,
/// `trains`, `generates_billing_data`, `single_technology_focus`), result as JSON.
#[wasm_bindgen(js_name = programFit)]
pub fn program_fit(answers_json: &str) -> Result<String, JsError> {
    certkit::calc::program_fit_json(answers_json).map_err(|e| JsError::new(&e.to_string()))
}

/// Validates a sample held in memory (CSV, CSV.gz or Parquet bytes) and returns the report as
/// JSON (docs/report-schema.json). `options_json` may hold `focus_version` ("auto", "1.0",
/// "1.1", "1.2"), `declarations` ({area: true|false}) and `max_deviations`.
/// For files larger than memory, use the web app's worker or the CLI, which stream.
#[wasm_bindgen(js_name = validateBytes)]
pub fn validate_bytes(bytes: Vec<u8>, name: &str, options_json: Option<String>) -> Result<String, JsError> {
    let options = parse_options(options_json.as_deref()).map_err(|e| JsError::new(&e))?;
    let source = Box::new(BytesSource::new(bytes));
    validate(source, name, &options, &mut |_| ControlFlow::Continue(()))
        .map(|report| report::json::to_json_compact(&report))
        .map_err(|e| JsError::new(&e.to_string()))
}

/// Renders a report (JSON from `validateBytes`) as `text`, `markdown`, `junit` or `json`.
#[wasm_bindgen(js_name = renderReport)]
pub fn render_report(report_json: &str, format: &str) -> Result<String, JsError> {
    let report = report::json::from_json(report_json).map_err(|e| JsError::new(&e))?;
    match format {
        "text" => Ok(report::text::render(&report)),
        "markdown" => Ok(report::markdown::render(&report)),
        "junit" => Ok(report::junit::render(&report)),
        "json" => Ok(report::json::to_json(&report)),
        other => Err(JsError::new(&format!("format: unknown format {other:?}; use text, markdown, junit or json"))),
    }
}

fn parse_options(json: Option<&str>) -> Result<ValidateOptions, String> {
    let mut options = ValidateOptions::default();
    let Some(json) = json.filter(|j| !j.trim().is_empty()) else { return Ok(options) };
    let value: serde_json::Value = serde_json::from_str(json).map_err(|e| format!("options: not valid JSON: {e}"))?;
    let object = value.as_object().ok_or("options: expected a JSON object")?;
    for (key, v) in object {
        match key.as_str() {
            "focus_version" => {
                options.focus_version = match v.as_str() {
                    Some("auto") | None if v.is_null() => VersionChoice::Auto,
                    Some("auto") => VersionChoice::Auto,
                    Some("1.0") => VersionChoice::V1_0,
                    Some("1.1") => VersionChoice::V1_1,
                    Some("1.2") => VersionChoice::V1_2,
                    _ => return Err(format!("options.focus_version: expected \"auto\", \"1.0\", \"1.1\" or \"1.2\", got {v}")),
                }
            }
            "max_deviations" => {
                options.max_deviations = v.as_u64().ok_or_else(|| format!("options.max_deviations: expected a whole number ≥ 0, got {v}"))?
            }
            "declarations" => {
                let areas = v.as_object().ok_or("options.declarations: expected an object of area ids to true/false")?;
                for (area, on) in areas {
                    if certkit::focus::area(area).is_none() {
                        let known: Vec<&str> = certkit::focus::areas().iter().map(|a| a.id.as_str()).collect();
                        return Err(format!("options.declarations.{area}: unknown area; the areas are {}", known.join(", ")));
                    }
                    let on = on.as_bool().ok_or_else(|| format!("options.declarations.{area}: expected true or false, got {on}"))?;
                    options.applicability = options.applicability.clone().declare(area, on);
                }
            }
            other => return Err(format!("options.{other}: unknown option; the options are focus_version, declarations, max_deviations")),
        }
    }
    Ok(options)
}
