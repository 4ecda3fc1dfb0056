//! What the user adds to a validation run: who they are, workarounds for the
//! deviations, Known Industry Limitation requests, attestations, invoice totals and
//! the column mapping. One JSON document (format `certkit-kit-input/1`, described in
//! `docs/submission-kit.md`) that the web app keeps in local storage and offers as a
//! file to download and load again, and that `certkit kit --input` reads.
//!
//! [`KitInput::from_json`] checks every field and names the path of the first wrong
//! one (`kils[0].providers_affected`, `attestations.pricing-math.status`, …); unknown
//! fields are errors too, so a typo never silently drops what the user wrote.

mod parse;
mod template;

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// The kit input's format; bumped on any incompatible change.
pub const KIT_INPUT_FORMAT: &str = "certkit-kit-input/1";

/// The user's additions to a validation run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KitInput {
    /// Always `certkit-kit-input/1`.
    pub format: String,
    /// The organisation that generates the FOCUS data.
    #[serde(default)]
    pub data_generator: String,
    /// The dataset or product the sample comes from.
    #[serde(default)]
    pub dataset: String,
    /// Who answers questions about the submission.
    #[serde(default)]
    pub contact: String,
    /// The period the sample covers, as the user writes it (e.g. `2025-01`).
    #[serde(default)]
    pub sample_period: String,
    /// Workarounds and planned fixes, by rule ID.
    #[serde(default)]
    pub deviations: BTreeMap<String, DeviationNote>,
    /// Known Industry Limitation requests.
    #[serde(default)]
    pub kils: Vec<Kil>,
    /// Attestations, by criterion ID (see [`crate::submission::CRITERIA`]).
    #[serde(default)]
    pub attestations: BTreeMap<String, Attestation>,
    /// Invoice totals from the issuer, by InvoiceId.
    #[serde(default)]
    pub invoice_totals: BTreeMap<String, InvoiceTotal>,
    /// How each FOCUS column is derived, by column; overrides certkit's draft.
    #[serde(default)]
    pub column_mapping: BTreeMap<String, ColumnMappingEntry>,
}

impl Default for KitInput {
    fn default() -> Self {
        KitInput {
            format: KIT_INPUT_FORMAT.to_string(),
            data_generator: String::new(),
            dataset: String::new(),
            contact: String::new(),
            sample_period: String::new(),
            deviations: BTreeMap::new(),
            kils: Vec::new(),
            attestations: BTreeMap::new(),
            invoice_totals: BTreeMap::new(),
            column_mapping: BTreeMap::new(),
        }
    }
}

/// What the user says about one failing rule.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviationNote {
    /// What practitioners can do meanwhile.
    #[serde(default)]
    pub workaround: String,
    /// What the data generator plans to change, and when.
    #[serde(default)]
    pub planned_fix: String,
    /// True when the user considers it a Known Industry Limitation (a KIL in `kils`
    /// must then list the rule).
    #[serde(default)]
    pub kil: bool,
}

/// One Known Industry Limitation request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kil {
    /// The user's identifier, e.g. `KIL-1`.
    pub id: String,
    /// The rules whose failures it explains.
    #[serde(default)]
    pub rule_ids: Vec<String>,
    /// A short title.
    #[serde(default)]
    pub title: String,
    /// The data providers affected (two or more for a valid request).
    #[serde(default)]
    pub providers_affected: Vec<String>,
    /// The billing-architecture root cause.
    #[serde(default)]
    pub root_cause: String,
    /// The documented practitioner workaround.
    #[serde(default)]
    pub workaround: String,
}

/// An attestation's status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum AttestationStatus {
    /// The data generator attests the criterion holds.
    #[serde(rename = "attested")]
    Attested,
    /// The criterion does not hold; the note documents the deviation.
    #[serde(rename = "deviation")]
    Deviation,
    /// The criterion does not apply to the platform (the note says why).
    #[serde(rename = "not-applicable")]
    NotApplicable,
    /// Not answered yet.
    #[default]
    #[serde(rename = "unanswered")]
    Unanswered,
}

impl AttestationStatus {
    /// Every status, in the order the documents list them.
    pub const ALL: [AttestationStatus; 4] = [
        AttestationStatus::Attested,
        AttestationStatus::Deviation,
        AttestationStatus::NotApplicable,
        AttestationStatus::Unanswered,
    ];

    /// The status as written in the kit input.
    pub fn as_str(self) -> &'static str {
        match self {
            AttestationStatus::Attested => "attested",
            AttestationStatus::Deviation => "deviation",
            AttestationStatus::NotApplicable => "not-applicable",
            AttestationStatus::Unanswered => "unanswered",
        }
    }

    /// Reads a status as written in the kit input.
    pub fn parse(text: &str) -> Option<AttestationStatus> {
        AttestationStatus::ALL
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

/// The user's answer for one criterion.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attestation {
    /// Attested, deviation, not applicable or unanswered.
    #[serde(default)]
    pub status: AttestationStatus,
    /// The attestation's wording, or the deviation's description.
    #[serde(default)]
    pub note: String,
}

/// An invoice total as the issuer's invoice shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvoiceTotal {
    /// The payable total as a decimal text, e.g. `"123.45"` (text, so no digit is lost).
    pub total: String,
    /// Its ISO 4217 currency code, e.g. `USD`.
    pub currency: String,
}

/// How a FOCUS column is derived from the source data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Transform {
    /// Copied from one source field.
    Direct,
    /// Computed from source fields by a formula.
    Formula,
    /// Chosen by conditions on the source data.
    Conditional,
    /// Looked up in a reference table.
    Lookup,
    /// The same value on every row.
    Constant,
    /// Combined from several source fields.
    Composite,
    /// Not provided.
    #[serde(rename = "Not available")]
    NotAvailable,
}

impl Transform {
    /// Every transform, in the order the documents list them.
    pub const ALL: [Transform; 7] = [
        Transform::Direct,
        Transform::Formula,
        Transform::Conditional,
        Transform::Lookup,
        Transform::Constant,
        Transform::Composite,
        Transform::NotAvailable,
    ];

    /// The transform as written in the kit input and the documents.
    pub fn as_str(self) -> &'static str {
        match self {
            Transform::Direct => "Direct",
            Transform::Formula => "Formula",
            Transform::Conditional => "Conditional",
            Transform::Lookup => "Lookup",
            Transform::Constant => "Constant",
            Transform::Composite => "Composite",
            Transform::NotAvailable => "Not available",
        }
    }

    /// Reads a transform as written in the kit input.
    pub fn parse(text: &str) -> Option<Transform> {
        Transform::ALL.into_iter().find(|t| t.as_str() == text)
    }
}

impl fmt::Display for Transform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The user's mapping of one column; empty fields keep certkit's draft.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnMappingEntry {
    /// The source field(s) the column comes from.
    #[serde(default)]
    pub source: String,
    /// How it is derived.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transform: Option<Transform>,
    /// Anything practitioners should know.
    #[serde(default)]
    pub notes: String,
}

/// Why a kit input was refused: the field's path and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// Where: `kils[0].providers_affected`, `attestations.pricing-math.status`; empty
    /// when the document as a whole is wrong (not JSON).
    pub path: String,
    /// What is wrong and what to write instead.
    pub reason: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.reason)
        } else {
            write!(f, "field {}: {}", self.path, self.reason)
        }
    }
}

impl std::error::Error for InputError {}

impl KitInput {
    /// Reads and checks a kit input; the error names the first wrong field.
    pub fn from_json(text: &str) -> Result<KitInput, InputError> {
        parse::parse(text)
    }

    /// The kit input as indented JSON (read back by [`KitInput::from_json`]).
    pub fn to_json(&self) -> String {
        // Plain structs with string keys always serialize; fall back to an error object
        // rather than panicking if that ever changed.
        serde_json::to_string_pretty(self).unwrap_or_else(|e| {
            format!("{{\"error\": \"the kit input could not be written as JSON: {e}\"}}")
        })
    }
}

pub use template::template;
