//! What an anonymization did, the assumptions it made, and whether the sample meets
//! the submission requirements; serializable for the web app, printable for the CLI.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::checks::SampleCheck;
use super::columns::{ColumnAction, ColumnKind, ID_PREFIX};
use super::plan::PlannedColumn;
use super::{AnonymizeOptions, CustomColumns, OutputFormat};

/// The result of [`super::anonymize`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnonymizeSummary {
    /// The input format detected: `CSV`, `CSV (gzip)` or `Parquet`.
    pub input_format: String,
    /// The format written.
    pub output_format: OutputFormat,
    /// Data rows written (the same as read).
    pub rows: u64,
    /// Every input column, in input order, with what was done to it.
    pub columns: Vec<ColumnReport>,
    /// Columns whose values became `id-` tokens.
    pub columns_hashed: Vec<String>,
    /// Columns whose values became other tokens (names, descriptions, tag values).
    pub columns_replaced: Vec<String>,
    /// Columns left out of the output.
    pub columns_dropped: Vec<String>,
    /// Columns copied unchanged.
    pub columns_kept: Vec<String>,
    /// What happened in the Tags column, when there is one and it was rewritten.
    pub tags: Option<TagsReport>,
    /// Rows per ChargeCategory value.
    pub charge_categories: BTreeMap<String, u64>,
    /// The sample requirements and whether they are met.
    pub sample_checks: Vec<SampleCheck>,
    /// Every rule applied, in words, with the option that changes it.
    pub assumptions: Vec<Assumption>,
    /// Remarks about the input from the reader (delimiter, byte-order mark, gzip).
    pub notices: Vec<String>,
}

/// One input column and its fate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnReport {
    /// The name as in the input header.
    pub name: String,
    /// What it holds.
    pub kind: ColumnKind,
    /// What was done to it.
    pub action: ColumnAction,
    /// Non-null values replaced by tokens (for Tags: cells rewritten).
    pub values_replaced: u64,
    /// A remark when the action is not the usual one for the column (a type that
    /// cannot be hashed, a number hashed as text).
    pub note: Option<String>,
}

/// What happened in the Tags column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TagsReport {
    /// Tag values replaced by `tag-` tokens.
    pub values_replaced: u64,
    /// True when keys were hashed too.
    pub keys_hashed: bool,
    /// Cells that were not JSON objects and became one `tags-` token each.
    pub invalid_cells: u64,
    /// The first such cell's row (1-based, header excluded).
    pub first_invalid_row: Option<u64>,
}

/// One rule of the anonymization, stated so a reviewer can judge it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assumption {
    /// Stable identifier, e.g. `identifiers-hashed`.
    pub id: &'static str,
    /// The rule in plain words, with its risk where it has one.
    pub text: String,
    /// The option that changes it (`AnonymizeOptions` field), or `none`.
    pub option: &'static str,
}

impl AnonymizeSummary {
    /// True when every sample requirement is met.
    pub fn requirements_met(&self) -> bool {
        self.sample_checks.iter().all(|c| c.passed)
    }

    /// The summary as plain text for a terminal.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "Anonymized {} rows ({} → {}).",
            self.rows,
            self.input_format,
            match self.output_format {
                OutputFormat::Csv => "CSV",
                OutputFormat::Parquet => "Parquet",
            }
        );
        let list = |names: &[String]| if names.is_empty() { "none".to_string() } else { names.join(", ") };
        let _ = writeln!(out, "Hashed (id- tokens): {}", list(&self.columns_hashed));
        let _ = writeln!(out, "Replaced by tokens: {}", list(&self.columns_replaced));
        let _ = writeln!(out, "Dropped: {}", list(&self.columns_dropped));
        let _ = writeln!(out, "Kept unchanged: {} column(s): {}", self.columns_kept.len(), list(&self.columns_kept));
        for column in self.columns.iter().filter(|c| c.note.is_some()) {
            let _ = writeln!(out, "  {}: {}", column.name, column.note.as_deref().unwrap_or_default());
        }
        if let Some(tags) = &self.tags {
            let _ = write!(
                out,
                "Tags: {} value(s) replaced, keys {}",
                tags.values_replaced,
                if tags.keys_hashed { "hashed" } else { "kept" }
            );
            if tags.invalid_cells > 0 {
                let _ = write!(
                    out,
                    "; {} cell(s) were not JSON objects and became one token each (first at row {})",
                    tags.invalid_cells,
                    tags.first_invalid_row.unwrap_or_default()
                );
            }
            out.push('\n');
        }
        let _ = writeln!(out, "Sample checks:");
        for check in &self.sample_checks {
            let mark = if check.passed { "ok  " } else { "WARN" };
            let _ = writeln!(out, "  {mark} {}: {}", check.id, check.message);
        }
        if !self.notices.is_empty() {
            let _ = writeln!(out, "Notices:");
            for notice in &self.notices {
                let _ = writeln!(out, "  - {notice}");
            }
        }
        let _ = writeln!(out, "Assumptions:");
        for assumption in &self.assumptions {
            let _ = writeln!(out, "  - [{}] {}", assumption.id, assumption.text);
        }
        out
    }
}

/// Sorts the planned columns into the summary's four lists.
pub(crate) fn column_lists(columns: &[PlannedColumn]) -> [Vec<String>; 4] {
    let mut lists: [Vec<String>; 4] = Default::default();
    for column in columns {
        let list = match column.action {
            ColumnAction::Token(ID_PREFIX) => 0,
            ColumnAction::Token(_) | ColumnAction::Tags => 1,
            ColumnAction::Drop => 2,
            ColumnAction::Keep => 3,
        };
        lists[list].push(column.name.clone());
    }
    lists
}

/// The rules applied with these options, in words.
pub(crate) fn assumptions(opts: &AnonymizeOptions, output: OutputFormat, columns: &[PlannedColumn]) -> Vec<Assumption> {
    let mut list = vec![
        Assumption {
            id: "identifiers-hashed",
            text: "Customer identifiers (BillingAccountId, SubAccountId, ResourceId, CommitmentDiscountId, \
                   CapacityReservationId, InvoiceId) are replaced by `id-` and 20 base32 characters (100 bits) \
                   of HMAC-SHA256(salt, value). The same value gives the same token in every column and in \
                   every file anonymized with the same salt, so equal IDs across columns and files stay equal; \
                   without the salt a token cannot be traced back to its value. Keep the salt private."
                .to_string(),
            option: "salt",
        },
        if opts.hash_catalogue_ids {
            Assumption {
                id: "catalogue-ids-hashed",
                text: "Provider catalogue identifiers (SkuId, SkuPriceId, SkuMeter, RegionId, RegionName, \
                       AvailabilityZone, ServiceName, ResourceType) are hashed like identifiers. They are public \
                       catalogue data, so reviewers lose the ability to recognize SKUs and regions."
                    .to_string(),
                option: "hash_catalogue_ids",
            }
        } else {
            Assumption {
                id: "catalogue-ids-kept",
                text: "Provider catalogue identifiers (SkuId, SkuPriceId, SkuMeter, RegionId, RegionName, \
                       AvailabilityZone, ServiceName, ResourceType) are public catalogue data, not customer \
                       data, and are kept unchanged."
                    .to_string(),
                option: "hash_catalogue_ids",
            }
        },
        Assumption {
            id: "names-replaced",
            text: "Names (BillingAccountName, SubAccountName, ResourceName, CommitmentDiscountName) are replaced \
                   by `name-` tokens of the name, so a name that is set stays set and one name keeps one token."
                .to_string(),
            option: "none",
        },
        if opts.hash_tag_keys {
            Assumption {
                id: "tag-values-and-keys-replaced",
                text: "Tags: every non-null value becomes a `tag-` token and every key a `key-` token; the object \
                       is written back as compact JSON, keys in their order. Risk: the validator can no longer \
                       check tag key rules (provider prefixes), and reviewers cannot see what is tagged."
                    .to_string(),
                option: "hash_tag_keys",
            }
        } else {
            Assumption {
                id: "tag-values-replaced",
                text: "Tags: every non-null value becomes a `tag-` token (non-string values are hashed as their \
                       JSON text); keys are kept, in their order, and the object is written back as compact JSON. \
                       Risk: keys can themselves carry names (`owner-jane`, `project-apollo`); hash them if yours do."
                    .to_string(),
                option: "hash_tag_keys",
            }
        },
        Assumption {
            id: "invalid-tags-tokenized",
            text: "A Tags cell that is not a JSON object cannot be split into keys and values, so its whole \
                   text becomes one `tags-` token; the validator reports the original the same way."
                .to_string(),
            option: "none",
        },
        if opts.keep_descriptions {
            Assumption {
                id: "descriptions-kept",
                text: "ChargeDescription is kept unchanged. Risk: descriptions can name customers, projects or \
                       people; read them before submitting."
                    .to_string(),
                option: "keep_descriptions",
            }
        } else {
            Assumption {
                id: "descriptions-replaced",
                text: "ChargeDescription is free text that may carry names, so each distinct description \
                       becomes one `desc-` token."
                    .to_string(),
                option: "keep_descriptions",
            }
        },
        custom_columns_assumption(opts.custom_columns, columns),
        Assumption {
            id: "values-unchanged",
            text: "Costs, prices, quantities, units, dates, currencies, categories, statuses, classes, \
                   frequencies, ServiceCategory, ServiceSubcategory, ProviderName, PublisherName, \
                   InvoiceIssuerName and SkuPriceDetails are copied unchanged; from a CSV input, the very same \
                   text (numbers and dates are not reformatted)."
                .to_string(),
            option: "none",
        },
        Assumption {
            id: "nulls-unchanged",
            text: "A null stays null, and an empty value or a written-out null (NULL, None, N/A, NA, Not \
                   Applicable, any case) is copied as it is, never hashed, so nullability findings do not change."
                .to_string(),
            option: "none",
        },
        Assumption {
            id: "column-names-matched-ignoring-case",
            text: "Column names are matched ignoring case and surrounding spaces, so a misspelt \
                   `BillingAccountID` is still hashed."
                .to_string(),
            option: "none",
        },
    ];
    list.push(match output {
        OutputFormat::Csv => Assumption {
            id: "csv-layout",
            text: "CSV output: comma-delimited, header first, a value quoted only when it holds a comma, a quote \
                   or a line break or starts or ends with a space (RFC 4180), LF line ends, no byte-order mark. \
                   Quoting may differ from the input; values do not."
                .to_string(),
            option: "output",
        },
        OutputFormat::Parquet => Assumption {
            id: "parquet-layout",
            text: "Parquet output: the input's column names, order and types (a hashed column that was not text \
                   becomes text), zstd-compressed; metadata attached to the input file or its columns is not \
                   copied, since it can name the systems that produced it."
                .to_string(),
            option: "output",
        },
    });
    list
}

fn custom_columns_assumption(policy: CustomColumns, columns: &[PlannedColumn]) -> Assumption {
    let unknown: Vec<&str> =
        columns.iter().filter(|c| c.kind == ColumnKind::Unknown).map(|c| c.name.as_str()).collect();
    let unknown_note = if unknown.is_empty() {
        String::new()
    } else {
        format!(
            " Columns that are neither FOCUS nor custom columns are treated the same way (here: {}).",
            unknown.join(", ")
        )
    };
    let (id, text) = match policy {
        CustomColumns::Drop => (
            "custom-columns-dropped",
            "Custom columns (x_ prefix) can hold anything, so they are left out of the output.",
        ),
        CustomColumns::Hash => (
            "custom-columns-hashed",
            "Custom columns (x_ prefix) are kept with every value hashed like an identifier (`id-` tokens).",
        ),
        CustomColumns::Keep => (
            "custom-columns-kept",
            "Custom columns (x_ prefix) are kept unchanged. Risk: they can hold customer data; read them \
             before submitting.",
        ),
    };
    Assumption { id, text: format!("{text}{unknown_note}"), option: "custom_columns" }
}
