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
pub mod facts;
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

use crate::report::Report;

/// Defined with the report, which carries them; re-exported here where the kit reads them.
pub use crate::report::model::{IdConflict, PeriodValue};

pub use criteria::{criterion, Criterion, CRITERIA};
pub use deviations::{classify, DeviationType};
pub use input::{
    template, Attestation, AttestationStatus, ColumnMappingEntry, DeviationNote, InputError,
    InvoiceTotal, Kil, KitInput, Transform, KIT_INPUT_FORMAT,
};
pub use invoices::{
    compare_invoices, invoice_sums, InvoiceComparison, InvoiceOutcome, INVOICE_TOLERANCE,
};
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

impl<'a> KitContext<'a> {
    /// The context for a report, with the identifier conflicts the report carries and the
    /// invoice sums `invoice_sums` made of it (see [`invoices::invoice_sums`]); both are
    /// `None` for a report written before certkit gathered them.
    pub fn new(
        report: &'a Report,
        input: &'a KitInput,
        date: &'a str,
        invoice_sums: Option<&'a BTreeMap<String, (String, f64)>>,
    ) -> Self {
        KitContext {
            report,
            input,
            date,
            invoice_sums,
            id_conflicts: report
                .sample_facts
                .as_ref()
                .map(|f| f.immutable_ids.conflicts.as_slice()),
        }
    }
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
