//! The submission kit: first drafts of what the FinOps Certified FOCUS Conformant
//! certification asks a data generator to publish or hand in, made from a validation
//! [`Report`] plus what the user adds ([`KitInput`]):
//!
//! - the Conformance Gap Report ([`gap_report_markdown`], [`gap_report_html`]): cover,
//!   certification summary, deviations grouped by type with workarounds, Known Industry
//!   Limitation requests against their three criteria, applicability declarations, and
//!   an appendix with every requirement's status;
//! - the Column Mapping Reference ([`column_mapping_markdown`], [`column_mapping_csv`]);
//! - the attestation worksheet for the eleven dynamic criteria ([`attestation_markdown`]),
//!   with what certkit could check in the sample, the invoice comparison and the
//!   identifier conflicts across billing periods.
//!
//! Everything here is pure: no clock (the caller gives the date), no files, so the same
//! code runs in the CLI (`certkit kit`) and in the browser. `docs/submission-kit.md`
//! describes the kit input and the documents.

mod attestation;
pub mod criteria;
pub mod deviations;
mod document;
mod gap;
mod html;
pub mod input;
pub mod invoices;
pub mod kil;
mod mapping;
mod markdown;
pub mod requirements;
mod words;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::report::Report;

pub use criteria::{criterion, Criterion, CRITERIA};
pub use deviations::{classify, DeviationType};
pub use input::{
    template, Attestation, AttestationStatus, ColumnMappingEntry, DeviationNote, InputError,
    InvoiceTotal, Kil, KitInput, Transform, KIT_INPUT_FORMAT,
};
pub use invoices::{compare_invoices, InvoiceComparison, InvoiceOutcome, INVOICE_TOLERANCE};
pub use mapping::{column_mapping_rows, MappingRow};

/// Everything the documents are drafted from.
#[derive(Debug, Clone, Copy)]
pub struct KitContext<'a> {
    /// The validation report.
    pub report: &'a Report,
    /// What the user added.
    pub input: &'a KitInput,
    /// The date printed on the documents (the caller's clock, e.g. `2025-06-30`).
    pub date: &'a str,
    /// Sum of BilledCost per InvoiceId with the BillingCurrency of its rows, computed
    /// while the sample was read; `None` when it was not computed.
    pub invoice_sums: Option<&'a BTreeMap<String, (String, f64)>>,
    /// Identifier-attribute conflicts across billing periods, computed while the
    /// sample was read; `None` when they were not computed.
    pub id_conflicts: Option<&'a [IdConflict]>,
}

/// An immutable identifier whose attribute changed from one billing period to another
/// (e.g. a ResourceId whose RegionId is `us-east-1` in January and `eu-west-1` in February).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdConflict {
    /// The identifier column, e.g. `ResourceId`.
    pub id_column: String,
    /// The identifier's value.
    pub id_value: String,
    /// The column whose value changed, e.g. `RegionId`.
    pub attribute: String,
    /// The attribute's value in each billing period, in period order.
    pub values: Vec<PeriodValue>,
}

/// An attribute's value in one billing period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodValue {
    /// The billing period, by its BillingPeriodStart as written in the data.
    pub billing_period_start: String,
    /// The value (`None`: null).
    pub value: Option<String>,
}

/// The Conformance Gap Report as Markdown.
pub fn gap_report_markdown(ctx: &KitContext) -> String {
    markdown::render(&gap::document(ctx))
}

/// The Conformance Gap Report as a printable, self-contained HTML page (inline styles,
/// no scripts, no external resources).
pub fn gap_report_html(ctx: &KitContext) -> String {
    html::render(&gap::document(ctx))
}

/// The Column Mapping Reference as Markdown.
pub fn column_mapping_markdown(ctx: &KitContext) -> String {
    markdown::render(&mapping::document(ctx))
}

/// The Column Mapping Reference as CSV (RFC 4180: CRLF line ends, quoted fields where needed).
pub fn column_mapping_csv(ctx: &KitContext) -> String {
    mapping::csv(ctx)
}

/// The attestation worksheet for the eleven criteria, as Markdown.
pub fn attestation_markdown(ctx: &KitContext) -> String {
    markdown::render(&attestation::document(ctx))
}
