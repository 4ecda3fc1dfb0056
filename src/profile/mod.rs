//! A data profile of a billing sample, computed in one streaming pass: what the user
//! is about to share, before they share it.
//!
//! [`Profiler`] takes the same record batches the validator reads ([`crate::read`])
//! and keeps, in memory bounded whatever the file size:
//!
//! - the first rows ([`Preview`]), as written;
//! - per column ([`ColumnProfile`]): nulls (placeholders such as `NULL` included, as
//!   the validator reads them), distinct values, the most frequent values, min, max,
//!   sum, unreadable values, the longest value, and whether it is sensitive;
//! - costs ([`Bucket`]) per ChargeCategory, ServiceCategory, day and currency, always
//!   within one BillingCurrency.
//!
//! # Which figures are approximate, and by how much
//!
//! - `distinct_estimate`: exact (`distinct_exact: true`) while the column has no more
//!   distinct values than its top-values table holds (8 × `top_values`, at least 64);
//!   beyond, a HyperLogLog estimate with 4,096 registers (4 KiB per column) whose
//!   relative standard error is 1.04 / √4096 ≈ 1.6 %: within ±3.3 % of the truth 95 %
//!   of the time, ±4.9 % 99.7 % of the time (and never above the column's non-null count).
//! - `top_values`: a Space-Saving table of 8 × `top_values` entries (at least 64).
//!   Exact (`top_values_exact: true`) while the column has no more distinct values than
//!   the table holds. Beyond, each count is an upper bound that overstates the truth by
//!   at most its `error`, itself at most N / table size (N = the column's non-null
//!   values), and every value more frequent than N / table size is kept in the table
//!   (so it is shown whenever it is among the `top_values` most frequent).
//! - Values are identified by a 64-bit hash: two different values sharing one would be
//!   counted as one (for a million distinct values, a chance of about 3 in 100 million).
//! - Everything else (rows, nulls, min, max, sums, cost buckets) is exact, except that
//!   min and max compare long text by its first 1,024 bytes and sums of numbers too
//!   long for 38 digits fall back to binary floating point. Sums are kept exact as
//!   decimals and handed out as `f64`.
//!
//! # Memory
//!
//! Per column: 4 KiB of sketch, the top-values table (each entry's text cut at 200
//! bytes) and the min and max (cut at 1,024 bytes). Plus the preview (`preview_rows`
//! rows, cells cut at 4 KiB) and the cost charts, capped at 20 currencies, 1,000 values
//! per category and 1,000 days. [`Profiler::state_bytes`] tells the current total.

mod column;
mod costs;
mod hll;
mod model;
mod preview;
mod slots;
mod top;

use arrow_array::RecordBatch;
use arrow_schema::{DataType, Schema};

pub use model::{Bucket, ColumnProfile, Kind, KindSource, Preview, Profile, TopValue};

use column::ColumnStats;
use costs::{CostCharts, CostColumns};
use preview::PreviewRows;

/// How much of the file the profile keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProfileOptions {
    /// Rows kept for the preview table (default 200).
    pub preview_rows: usize,
    /// Most frequent values listed per column (default 10).
    pub top_values: usize,
}

impl Default for ProfileOptions {
    fn default() -> Self {
        ProfileOptions {
            preview_rows: 200,
            top_values: 10,
        }
    }
}

/// True when a column of this name holds what could identify a customer, so the UI
/// masks it: the columns the anonymizer replaces by tokens (customer identifiers,
/// customer-chosen names, tags; `anonymize::columns`), matched the same way (letter case
/// and surrounding spaces ignored). One list serves both, so they cannot drift apart.
pub fn is_sensitive(column: &str) -> bool {
    use crate::anonymize::columns::{classify, ColumnKind};
    matches!(classify(column), ColumnKind::Identifier | ColumnKind::Name | ColumnKind::Tags)
}

/// Builds a [`Profile`] from record batches, one batch at a time.
#[derive(Debug, Clone)]
pub struct Profiler {
    header: Vec<String>,
    arrow_types: Vec<String>,
    rows: u64,
    columns: Vec<ColumnStats>,
    preview: PreviewRows,
    costs: CostCharts,
    /// Batches whose column count differed from the header's.
    mismatched_batches: u64,
}

impl Profiler {
    /// A profiler for a table with this header (names as in the file) and schema (the
    /// batches' schema: field `i` describes column `i`).
    pub fn new(header: &[String], schema: &Schema, opts: ProfileOptions) -> Profiler {
        let table_capacity = opts.top_values.saturating_mul(8).clamp(64, 4096);
        let columns: Vec<ColumnStats> = header
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let data_type = schema
                    .fields()
                    .get(i)
                    .map_or(DataType::Utf8, |f| f.data_type().clone());
                ColumnStats::new(name, &data_type, table_capacity, opts.top_values)
            })
            .collect();
        let arrow_types = header
            .iter()
            .enumerate()
            .map(|(i, _)| {
                schema
                    .fields()
                    .get(i)
                    .map_or(DataType::Utf8, |f| f.data_type().clone())
                    .to_string()
            })
            .collect();
        Profiler {
            header: header.to_vec(),
            arrow_types,
            rows: 0,
            columns,
            preview: PreviewRows::new(opts.preview_rows, header.len()),
            costs: CostCharts::new(CostColumns::find(header)),
            mismatched_batches: 0,
        }
    }

    /// Adds one batch.
    pub fn push(&mut self, batch: &RecordBatch) {
        self.rows += batch.num_rows() as u64;
        if batch.num_columns() != self.columns.len() {
            self.mismatched_batches += 1;
        }
        for (stats, array) in self.columns.iter_mut().zip(batch.columns()) {
            stats.update(array);
        }
        self.preview.push(batch);
        self.costs.push(batch);
    }

    /// Heap bytes the profiler holds now: bounded by the options and the number of
    /// columns, never by the number of rows.
    pub fn state_bytes(&self) -> usize {
        self.columns
            .iter()
            .map(ColumnStats::state_bytes)
            .sum::<usize>()
            + self.preview.state_bytes()
            + self.costs.state_bytes()
            + self
                .header
                .iter()
                .chain(&self.arrow_types)
                .map(String::capacity)
                .sum::<usize>()
    }

    /// The profile of everything pushed.
    pub fn finish(self) -> Profile {
        let mut notes = Vec::new();
        if self.mismatched_batches > 0 {
            notes.push(format!(
                "{} had a different number of columns than the header; only the columns they share were profiled.",
                if self.mismatched_batches == 1 { "1 batch".to_string() } else { format!("{} batches", self.mismatched_batches) }
            ));
        }
        if self.preview.cut_cells > 0 {
            notes.push(format!(
                "{} in the preview {} longer than {} bytes and {} cut.",
                if self.preview.cut_cells == 1 {
                    "1 cell".to_string()
                } else {
                    format!("{} cells", self.preview.cut_cells)
                },
                if self.preview.cut_cells == 1 {
                    "was"
                } else {
                    "were"
                },
                preview::MAX_PREVIEW_CELL_BYTES,
                if self.preview.cut_cells == 1 {
                    "was"
                } else {
                    "were"
                },
            ));
        }
        let rows = self.rows;
        let columns: Vec<ColumnProfile> =
            self.columns.into_iter().map(|c| c.finish(rows)).collect();
        let approximate: Vec<&str> = columns
            .iter()
            .filter(|c| !c.top_values_exact)
            .map(|c| c.name.as_str())
            .collect();
        if !approximate.is_empty() {
            notes.push(format!(
                "Top values and distinct counts are approximate for {}: these columns have more distinct values \
                 than the profile counts exactly (each count may overstate the truth by its error; distinct \
                 counts are within about 3 % of the truth).",
                approximate.join(", ")
            ));
        }
        let costs = self.costs.finish();
        notes.extend(costs.notes);
        Profile {
            rows,
            preview: Preview {
                header: self.header,
                arrow_types: self.arrow_types,
                rows: self.preview.rows,
            },
            columns,
            cost_by_charge_category: costs.by_charge_category,
            cost_by_service_category: costs.by_service_category,
            cost_by_day: costs.by_day,
            cost_by_currency: costs.by_currency,
            notes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sensitive_columns_are_recognized_ignoring_case() {
        assert!(is_sensitive("BillingAccountId"));
        assert!(is_sensitive(" resourcename "));
        assert!(is_sensitive("Tags"));
        assert!(!is_sensitive("BilledCost"));
        assert!(!is_sensitive("ServiceName"));
    }
}
