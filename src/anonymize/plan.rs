//! The plan for one input: what happens to each column, the output schema, and the
//! rewriting of one batch into its anonymized form.

use std::sync::Arc;

use arrow_array::builder::StringBuilder;
use arrow_array::{Array, ArrayRef, RecordBatch, RecordBatchOptions};
use arrow_schema::{DataType, Field, Schema, SchemaRef};

use super::cells::{cell_writer, has_text};
use super::columns::{action, classify, is_null_placeholder, ColumnAction, ColumnKind};
use super::tags::{self, Rewritten};
use super::token::Tokenizer;
use super::{AnonymizeError, AnonymizeOptions, OutputFormat};

/// One input column and what happens to it.
#[derive(Debug, Clone)]
pub(crate) struct PlannedColumn {
    pub(crate) name: String,
    pub(crate) kind: ColumnKind,
    pub(crate) action: ColumnAction,
    /// Why the action differs from what the options alone say, if it does.
    pub(crate) note: Option<String>,
    /// Non-null values replaced by a token so far.
    pub(crate) values_replaced: u64,
}

/// What happened in the Tags column so far.
#[derive(Debug, Clone, Default)]
pub(crate) struct TagCounts {
    pub(crate) values_replaced: u64,
    pub(crate) invalid_cells: u64,
    pub(crate) first_invalid_row: Option<u64>,
}

/// The plan for one input.
pub(crate) struct Plan {
    pub(crate) columns: Vec<PlannedColumn>,
    pub(crate) output_schema: SchemaRef,
    pub(crate) tags: TagCounts,
    hash_tag_keys: bool,
    /// Rows rewritten so far, to number rows in the summary.
    rows_done: u64,
}

impl Plan {
    /// Decides each column's fate from its name, its type and the options. Fails
    /// when a column to copy into a CSV output has a type with no text form.
    pub(crate) fn new(schema: &Schema, opts: &AnonymizeOptions, output: OutputFormat) -> Result<Plan, AnonymizeError> {
        let mut columns = Vec::with_capacity(schema.fields().len());
        let mut fields = Vec::new();
        for field in schema.fields() {
            let kind = classify(field.name());
            let mut action = action(kind, opts);
            let mut note = None;
            let data_type = field.data_type();
            let is_text = matches!(data_type, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View);
            let cannot_rewrite = match action {
                ColumnAction::Token(_) => !has_text(data_type),
                ColumnAction::Tags => !is_text,
                ColumnAction::Keep | ColumnAction::Drop => false,
            };
            if cannot_rewrite {
                // Copying it would leak what it holds; leaving it out is the safe choice.
                note = Some(format!("dropped: its values ({data_type}) cannot be replaced by tokens"));
                action = ColumnAction::Drop;
            }
            if action == ColumnAction::Keep && output == OutputFormat::Csv && !has_text(data_type) {
                return Err(AnonymizeError::Unsupported(format!(
                    "column {} holds {data_type} values, which certkit cannot write as CSV; \
                     choose Parquet output to keep it, or leave the column out of the sample",
                    field.name()
                )));
            }
            match action {
                ColumnAction::Keep => fields.push(Field::new(field.name(), data_type.clone(), field.is_nullable())),
                ColumnAction::Token(_) | ColumnAction::Tags => {
                    fields.push(Field::new(field.name(), DataType::Utf8, field.is_nullable()))
                }
                ColumnAction::Drop => {}
            }
            if action != ColumnAction::Drop && !is_text && matches!(action, ColumnAction::Token(_)) {
                note = Some(format!("its {data_type} values were hashed as text; the output column holds strings"));
            }
            columns.push(PlannedColumn { name: field.name().clone(), kind, action, note, values_replaced: 0 });
        }
        if fields.is_empty() {
            return Err(AnonymizeError::Unsupported(
                "every column of the input would be dropped, so there is nothing to write; \
                 a FOCUS sample needs its FOCUS columns (custom columns can be kept with the custom-columns option)"
                    .to_string(),
            ));
        }
        Ok(Plan {
            columns,
            // Schema metadata is not copied: it can name the systems that made the file.
            output_schema: Arc::new(Schema::new(fields)),
            tags: TagCounts::default(),
            hash_tag_keys: opts.hash_tag_keys,
            rows_done: 0,
        })
    }

    /// The anonymized form of `batch` (a batch of the schema the plan was made for).
    pub(crate) fn apply(
        &mut self,
        batch: &RecordBatch,
        tokenizer: &mut Tokenizer,
    ) -> Result<RecordBatch, AnonymizeError> {
        let mut arrays: Vec<ArrayRef> = Vec::with_capacity(self.output_schema.fields().len());
        for (index, column) in self.columns.iter_mut().enumerate() {
            let array = batch.column(index);
            match column.action {
                ColumnAction::Keep => arrays.push(Arc::clone(array)),
                ColumnAction::Drop => {}
                ColumnAction::Token(prefix) => {
                    let (tokens, replaced) = tokenize(array.as_ref(), prefix, tokenizer, &column.name)?;
                    column.values_replaced += replaced;
                    arrays.push(Arc::new(tokens));
                }
                ColumnAction::Tags => {
                    let rewritten =
                        rewrite_tags(array.as_ref(), tokenizer, self.hash_tag_keys, &mut self.tags, self.rows_done)?;
                    column.values_replaced += rewritten.1;
                    arrays.push(Arc::new(rewritten.0));
                }
            }
        }
        self.rows_done += batch.num_rows() as u64;
        let options = RecordBatchOptions::new().with_row_count(Some(batch.num_rows()));
        RecordBatch::try_new_with_options(Arc::clone(&self.output_schema), arrays, &options)
            .map_err(|e| AnonymizeError::Unsupported(format!("an anonymized batch could not be assembled: {e}")))
    }
}

/// The tokens of a column's values (placeholders and nulls copied), and how many
/// values were replaced.
fn tokenize(
    array: &dyn Array,
    prefix: &'static str,
    tokenizer: &mut Tokenizer,
    name: &str,
) -> Result<(arrow_array::StringArray, u64), AnonymizeError> {
    let writer = cell_writer(array).ok_or_else(|| {
        AnonymizeError::Unsupported(format!("column {name}: its {} values have no text form", array.data_type()))
    })?;
    let rows = array.len();
    let mut builder = StringBuilder::with_capacity(rows, rows * (prefix.len() + super::token::DIGEST_CHARS));
    let mut text = String::new();
    let mut token = String::new();
    let mut replaced = 0;
    for row in 0..rows {
        if array.is_null(row) {
            builder.append_null();
            continue;
        }
        text.clear();
        writer(row, &mut text);
        if is_null_placeholder(&text) {
            builder.append_value(&text);
        } else {
            token.clear();
            tokenizer.push_token(prefix, text.as_bytes(), &mut token);
            builder.append_value(&token);
            replaced += 1;
        }
    }
    Ok((builder.finish(), replaced))
}

/// The Tags column with every object's values replaced, and how many cells were
/// rewritten. `rows_before` numbers the rows for the first-invalid-row note.
fn rewrite_tags(
    array: &dyn Array,
    tokenizer: &mut Tokenizer,
    hash_keys: bool,
    counts: &mut TagCounts,
    rows_before: u64,
) -> Result<(arrow_array::StringArray, u64), AnonymizeError> {
    let writer = cell_writer(array).ok_or_else(|| {
        AnonymizeError::Unsupported(format!("column Tags: {} values have no text form", array.data_type()))
    })?;
    let rows = array.len();
    let mut builder = StringBuilder::with_capacity(rows, rows * 32);
    let mut text = String::new();
    let mut cells = 0;
    for row in 0..rows {
        if array.is_null(row) {
            builder.append_null();
            continue;
        }
        text.clear();
        writer(row, &mut text);
        if is_null_placeholder(&text) {
            builder.append_value(&text);
            continue;
        }
        cells += 1;
        match tags::rewrite(&text, tokenizer, hash_keys) {
            Rewritten::Object(json, replaced) => {
                counts.values_replaced += replaced;
                builder.append_value(&json);
            }
            Rewritten::Invalid(token) => {
                counts.invalid_cells += 1;
                counts.first_invalid_row.get_or_insert(rows_before + row as u64 + 1);
                builder.append_value(&token);
            }
        }
    }
    Ok((builder.finish(), cells))
}
