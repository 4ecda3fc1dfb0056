//! The anonymized sample for the FOCUS Conformant certification: a billing sample in,
//! the same sample with customer data replaced out, streaming in bounded memory.
//!
//! The certification asks data generators to "hash or replace IDs (BillingAccountId,
//! SubAccountId, ResourceId), remove names and tag values", and not to touch "cost
//! columns, dates, currencies, categories, or quantities needed for validation".
//! [`anonymize`] does that, column by column (see `docs/anonymize.md`):
//!
//! - identifiers → `id-` tokens of a keyed hash (HMAC-SHA256 with a salt the user
//!   keeps), equal values giving equal tokens in every column and file (`token.rs`);
//! - names and descriptions → `name-` / `desc-` tokens; tag values → `tag-` tokens,
//!   keys kept (`tags.rs`); custom `x_` columns dropped (options change each of these);
//! - everything else copied unchanged; nulls and written-out nulls copied as they are.
//!
//! While the rows stream past it checks the sample requirements (`checks.rs`, on the
//! validator's own billing-period coverage, category counts and date reading): one
//! complete billing period, several charge categories. Everything it did and assumed
//! comes back in an [`AnonymizeSummary`].
//!
//! No threads and no file system here: the input is a [`ByteSource`] and the output
//! any `std::io::Write`, so the same code runs in the CLI and in the browser worker.

mod cells;
mod checks;
pub mod columns;
mod csv_out;
mod datetime;
#[cfg(feature = "parquet")]
mod parquet_out;
mod plan;
mod summary;
mod tags;
mod token;

use std::fmt;
use std::io::Write;
use std::ops::ControlFlow;

use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;
use serde::Serialize;

use crate::read::{self, ByteSource, InputFormat, ReadError, ReadOptions};

pub use checks::SampleCheck;
pub use columns::{ColumnAction, ColumnKind};
pub use summary::{AnonymizeSummary, Assumption, ColumnReport, TagsReport};
pub use token::DIGEST_CHARS;

/// The format of the anonymized output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OutputFormat {
    /// Comma-separated text (also for a `.csv.gz` input).
    Csv,
    /// Apache Parquet, zstd-compressed.
    Parquet,
}

/// What happens to custom `x_` columns (and to columns that are not FOCUS columns).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CustomColumns {
    /// Left out of the output (the default: their content is unknown).
    #[default]
    Drop,
    /// Kept, every value hashed like an identifier.
    Hash,
    /// Kept unchanged.
    Keep,
}

/// How to anonymize.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnonymizeOptions {
    /// The HMAC key. Keep it: the same salt gives the same tokens next time, and
    /// without it nobody can link a token to its value. Must not be empty.
    pub salt: Vec<u8>,
    /// The output format; `None` writes the input's format (CSV for `.csv.gz`).
    pub output: Option<OutputFormat>,
    /// Hash the provider catalogue identifiers too (SkuId, SkuPriceId, SkuMeter,
    /// RegionId, RegionName, AvailabilityZone, ServiceName, ResourceType).
    pub hash_catalogue_ids: bool,
    /// Hash the keys of Tags too, not only the values.
    pub hash_tag_keys: bool,
    /// Keep ChargeDescription unchanged instead of replacing it.
    pub keep_descriptions: bool,
    /// What to do with custom `x_` columns.
    pub custom_columns: CustomColumns,
    /// How to read the input.
    pub read: ReadOptions,
}

impl AnonymizeOptions {
    /// The default options with this salt: identifiers, names, tag values and
    /// descriptions replaced, catalogue IDs and tag keys kept, custom columns dropped.
    pub fn new(salt: impl Into<Vec<u8>>) -> Self {
        AnonymizeOptions {
            salt: salt.into(),
            output: None,
            hash_catalogue_ids: false,
            hash_tag_keys: false,
            keep_descriptions: false,
            custom_columns: CustomColumns::Drop,
            read: ReadOptions::default(),
        }
    }
}

/// Why an anonymization stopped. What was written to the output before is incomplete
/// and must be discarded.
#[derive(Debug, Clone, PartialEq)]
pub enum AnonymizeError {
    /// The input could not be read.
    Read(ReadError),
    /// The options cannot be used (an empty salt, an output format this build lacks).
    Options(String),
    /// The input holds something that cannot be written in the output format.
    Unsupported(String),
    /// The output refused bytes (disk full, closed stream).
    Write(String),
    /// The progress callback asked to stop.
    Cancelled,
}

impl fmt::Display for AnonymizeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnonymizeError::Read(error) => write!(f, "{error}"),
            AnonymizeError::Options(message) | AnonymizeError::Unsupported(message) => f.write_str(message),
            AnonymizeError::Write(message) => write!(
                f,
                "the anonymized output could not be written: {message}. Check the free space and that the \
                 destination may be written"
            ),
            AnonymizeError::Cancelled => f.write_str("the anonymization was cancelled; the output is incomplete"),
        }
    }
}

impl std::error::Error for AnonymizeError {}

impl From<ReadError> for AnonymizeError {
    fn from(error: ReadError) -> Self {
        AnonymizeError::Read(error)
    }
}

/// Reads the sample in `source` (CSV, CSV.gz or Parquet; `name` only improves
/// messages), writes its anonymized form to `out` batch by batch, and returns what
/// was done. `on_progress` is called after each batch with the input bytes and rows
/// read so far; returning `ControlFlow::Break` stops with [`AnonymizeError::Cancelled`].
pub fn anonymize(
    source: Box<dyn ByteSource>,
    name: &str,
    opts: &AnonymizeOptions,
    out: &mut dyn Write,
    on_progress: &mut dyn FnMut(u64, u64) -> ControlFlow<()>,
) -> Result<AnonymizeSummary, AnonymizeError> {
    if opts.salt.is_empty() {
        return Err(AnonymizeError::Options(
            "the salt is empty; give a secret salt (any text) so the tokens cannot be reversed".to_string(),
        ));
    }
    let mut tokenizer = token::Tokenizer::new(&opts.salt)
        .ok_or_else(|| AnonymizeError::Options("the salt cannot be used as a key".to_string()))?;
    let mut reader = read::open(source, name, &opts.read)?;
    let input_format = reader.format();
    let output = opts.output.unwrap_or(match input_format {
        InputFormat::Parquet => OutputFormat::Parquet,
        InputFormat::Csv | InputFormat::CsvGzip => OutputFormat::Csv,
    });
    let schema = reader.schema();
    let mut plan = plan::Plan::new(&schema, opts, output)?;
    let mut sink = Sink::start(output, plan.output_schema.clone(), out)?;
    let mut checker = checks::SampleChecker::new(&schema);
    while let Some(batch) = reader.next_batch() {
        let batch = batch?;
        checker.observe(&batch);
        let anonymized = plan.apply(&batch, &mut tokenizer)?;
        sink.write_batch(&anonymized, out)?;
        if on_progress(reader.bytes_read(), reader.rows_read()).is_break() {
            return Err(AnonymizeError::Cancelled);
        }
    }
    sink.finish(out)?;
    out.flush().map_err(|e| AnonymizeError::Write(e.to_string()))?;

    let [columns_hashed, columns_replaced, columns_dropped, columns_kept] = summary::column_lists(&plan.columns);
    let tags = plan.columns.iter().find(|c| c.action == ColumnAction::Tags).map(|_| TagsReport {
        values_replaced: plan.tags.values_replaced,
        keys_hashed: opts.hash_tag_keys,
        invalid_cells: plan.tags.invalid_cells,
        first_invalid_row: plan.tags.first_invalid_row,
    });
    Ok(AnonymizeSummary {
        input_format: input_format.to_string(),
        output_format: output,
        rows: reader.rows_read(),
        columns: plan
            .columns
            .iter()
            .map(|c| ColumnReport {
                name: c.name.clone(),
                kind: c.kind,
                action: c.action,
                values_replaced: c.values_replaced,
                note: c.note.clone(),
            })
            .collect(),
        columns_hashed,
        columns_replaced,
        columns_dropped,
        columns_kept,
        tags,
        charge_categories: checker.categories(),
        sample_checks: checker.results(),
        assumptions: summary::assumptions(opts, output, &plan.columns),
        notices: reader.notices().iter().map(|n| n.message.clone()).collect(),
    })
}

/// The writer of the chosen output format.
enum Sink {
    Csv(csv_out::CsvOutput),
    #[cfg(feature = "parquet")]
    Parquet(Box<parquet_out::ParquetOutput>),
}

impl Sink {
    /// Starts the output: the CSV header, or the Parquet writer.
    fn start(format: OutputFormat, schema: SchemaRef, out: &mut dyn Write) -> Result<Sink, AnonymizeError> {
        match format {
            OutputFormat::Csv => {
                let mut csv = csv_out::CsvOutput::new();
                csv.write_header(&schema, out)?;
                Ok(Sink::Csv(csv))
            }
            #[cfg(feature = "parquet")]
            OutputFormat::Parquet => Ok(Sink::Parquet(Box::new(parquet_out::ParquetOutput::new(schema)?))),
            #[cfg(not(feature = "parquet"))]
            OutputFormat::Parquet => {
                let _ = (schema, out);
                Err(AnonymizeError::Options(
                    "this build of certkit was made without Parquet support; choose CSV output".to_string(),
                ))
            }
        }
    }

    fn write_batch(&mut self, batch: &RecordBatch, out: &mut dyn Write) -> Result<(), AnonymizeError> {
        match self {
            Sink::Csv(csv) => csv.write_batch(batch, out),
            #[cfg(feature = "parquet")]
            Sink::Parquet(parquet) => parquet.write_batch(batch, out),
        }
    }

    fn finish(self, out: &mut dyn Write) -> Result<(), AnonymizeError> {
        match self {
            // Every CSV row is written as it comes: nothing is left to finish.
            Sink::Csv(_) => {
                let _ = out;
                Ok(())
            }
            #[cfg(feature = "parquet")]
            Sink::Parquet(parquet) => parquet.finish(out),
        }
    }
}
