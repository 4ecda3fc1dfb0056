//! The Column Mapping Reference: for each FOCUS column, the source field(s) it comes
//! from and how it is derived. certkit drafts it from the run (a column present in the
//! sample is a Direct copy of a field of the same name, to be confirmed; a missing one
//! is Not available) and the user's `column_mapping` overrides the draft.

use std::collections::BTreeSet;

use super::document::{cell, code, code_cell, text, Document};
use super::input::Transform;
use super::words::{or, TO_BE_ENTERED};
use super::KitContext;
use crate::focus::{catalogue, FocusVersion};

/// The note of a drafted row the user has not confirmed yet.
const DRAFT_NOTE: &str =
    "Draft: present in the sample under this name; confirm the source field(s) and the transform.";

/// The note of a custom column the user has not described yet.
const CUSTOM_NOTE: &str = "Custom column; describe its source and meaning.";

/// One row of the Column Mapping Reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappingRow {
    /// The FOCUS column (or custom column).
    pub column: String,
    /// The source field(s); empty when not available.
    pub source: String,
    /// How the column is derived.
    pub transform: Transform,
    /// `Mandatory`, `Conditional`, `Recommended`, `Optional` or `Custom`.
    pub feature_level: String,
    /// What practitioners should know.
    pub notes: String,
}

/// The rows: every FOCUS column of the report's version (alphabetical), then the
/// custom columns of the sample, then columns only the user's mapping names.
pub fn column_mapping_rows(ctx: &KitContext) -> Vec<MappingRow> {
    let report = ctx.report;
    let version = FocusVersion::parse(&report.focus_version).unwrap_or(FocusVersion::V1_2);
    let cat = catalogue(version);
    let present: BTreeSet<&str> = report.columns.present.iter().map(String::as_str).collect();
    let mut rows: Vec<MappingRow> = cat
        .columns
        .iter()
        .map(|c| {
            let misnamed = report.columns.misnamed.iter().find(|m| m.expected == c.id);
            let (source, transform, notes) = if present.contains(c.id.as_str()) {
                (c.id.clone(), Transform::Direct, DRAFT_NOTE.to_string())
            } else if let Some(m) = misnamed {
                (
                    m.found.clone(),
                    Transform::Direct,
                    format!(
                        "The sample's header spells it {}; FOCUS requires {} exactly.",
                        m.found, c.id
                    ),
                )
            } else {
                (
                    String::new(),
                    Transform::NotAvailable,
                    "Not in the sample.".to_string(),
                )
            };
            MappingRow {
                column: c.id.clone(),
                source,
                transform,
                feature_level: c.feature_level.as_str().to_string(),
                notes,
            }
        })
        .collect();
    for name in &report.columns.custom {
        let notes = if name.starts_with("x_") {
            CUSTOM_NOTE.to_string()
        } else {
            "Not a FOCUS column, and custom columns need the x_ prefix; rename or drop it."
                .to_string()
        };
        rows.push(MappingRow {
            column: name.clone(),
            source: name.clone(),
            transform: Transform::Direct,
            feature_level: "Custom".into(),
            notes,
        });
    }
    let focus_1_2 = catalogue(FocusVersion::V1_2);
    for (column, entry) in &ctx.input.column_mapping {
        let index = match rows.iter().position(|r| &r.column == column) {
            Some(i) => i,
            None => {
                let (level, notes) = match focus_1_2.column(column) {
                    Some(c) => (
                        c.feature_level.as_str().to_string(),
                        format!("Not a column of FOCUS {version}."),
                    ),
                    None => ("Custom".to_string(), String::new()),
                };
                rows.push(MappingRow {
                    column: column.clone(),
                    source: String::new(),
                    transform: Transform::NotAvailable,
                    feature_level: level,
                    notes,
                });
                rows.len() - 1
            }
        };
        let row = &mut rows[index];
        let confirmed = !entry.source.trim().is_empty() || entry.transform.is_some();
        if !entry.source.trim().is_empty() {
            row.source = entry.source.clone();
        }
        if let Some(t) = entry.transform {
            row.transform = t;
        }
        if !entry.notes.trim().is_empty() {
            row.notes = entry.notes.clone();
        } else if confirmed && (row.notes == DRAFT_NOTE || row.notes == CUSTOM_NOTE) {
            row.notes.clear();
        }
    }
    rows
}

/// The Column Mapping Reference as a document.
pub fn document(ctx: &KitContext) -> Document {
    let report = ctx.report;
    let title = match ctx.input.data_generator.trim() {
        "" => "Column Mapping Reference".to_string(),
        name => format!("Column Mapping Reference: {name}"),
    };
    let mut doc = Document::new(title);
    doc.paragraph(vec![
        text(format!(
            "How each FOCUS {} column of the dataset \"{}\" is derived from the source billing data. Drafted by certkit {} on {} from the sample ",
            report.focus_version,
            or(&ctx.input.dataset, TO_BE_ENTERED),
            crate::VERSION,
            ctx.date
        )),
        code(&report.input.name),
        text(": a column present in the sample is pre-filled as a Direct copy of a source field of the same name, to be confirmed; a missing column is Not available. Replace the drafts with the real source fields and transforms (the column_mapping of the kit input)."),
    ]);
    let rows = column_mapping_rows(ctx)
        .into_iter()
        .map(|r| {
            vec![
                code_cell(&r.column),
                if r.source.is_empty() {
                    cell("–")
                } else {
                    cell(r.source)
                },
                cell(r.transform.as_str()),
                cell(r.feature_level),
                cell(if r.notes.is_empty() {
                    "–".to_string()
                } else {
                    r.notes
                }),
            ]
        })
        .collect();
    doc.table(
        &[
            "Column",
            "Source field(s)",
            "Transform",
            "Feature level",
            "Notes",
        ],
        rows,
    );
    doc.heading(2, "Transforms");
    doc.list(vec![
        cell("Direct: copied from one source field."),
        cell("Formula: computed from source fields by a formula."),
        cell("Conditional: chosen by conditions on the source data."),
        cell("Lookup: looked up in a reference table."),
        cell("Constant: the same value on every row."),
        cell("Composite: combined from several source fields."),
        cell("Not available: the column is not provided."),
    ]);
    doc
}

/// The Column Mapping Reference as CSV.
pub fn csv(ctx: &KitContext) -> String {
    let mut out = String::new();
    let mut line = |fields: &[&str]| {
        let quoted: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&quoted.join(","));
        out.push_str("\r\n");
    };
    line(&[
        "Column",
        "Source field(s)",
        "Transform",
        "Feature level",
        "Notes",
    ]);
    for r in column_mapping_rows(ctx) {
        line(&[
            &r.column,
            &r.source,
            r.transform.as_str(),
            &r.feature_level,
            &r.notes,
        ]);
    }
    out
}

/// One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break,
/// with quotes doubled.
pub fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("BilledCost"), "BilledCost");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
    }
}
