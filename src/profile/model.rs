//! What a profile says, as the web app receives it (serialized with serde).

use serde::{Deserialize, Serialize};

/// The profile of a billing sample: its first rows, a summary of each column, and its
/// costs grouped for charts.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Profile {
    /// Data rows seen (the header excluded).
    pub rows: u64,
    /// The first rows, as they are in the file.
    pub preview: Preview,
    /// One summary per column, in file order.
    pub columns: Vec<ColumnProfile>,
    /// Costs per ChargeCategory value, per currency.
    pub cost_by_charge_category: Vec<Bucket>,
    /// Costs per ServiceCategory value, per currency.
    pub cost_by_service_category: Vec<Bucket>,
    /// Costs per day of ChargePeriodStart (`YYYY-MM-DD`), per currency, oldest first.
    pub cost_by_day: Vec<Bucket>,
    /// Costs per BillingCurrency: the UI charts one currency at a time, so amounts in
    /// different currencies are never added together.
    pub cost_by_currency: Vec<Bucket>,
    /// Plain sentences about what the figures leave out or approximate.
    pub notes: Vec<String>,
}

/// The first rows of the file.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Preview {
    /// Column names exactly as in the file.
    pub header: Vec<String>,
    /// The Arrow type of each column (`Utf8` for every CSV column).
    pub arrow_types: Vec<String>,
    /// The rows, each with one cell per column: `None` for a null, the text as written
    /// for text columns, a readable rendering for typed Parquet values (decimals with
    /// their scale, timestamps as `YYYY-MM-DDTHH:mm:ssZ`).
    pub rows: Vec<Vec<Option<String>>>,
}

/// The kind of values a column holds, which decides how it is summarized.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Free text or codes: min and max compare the text.
    Text,
    /// Numbers: min, max and sum are numeric.
    Number,
    /// Points in time: min and max compare the text (ISO 8601 sorts in time order)
    /// or, for typed values, the instant.
    Datetime,
    /// JSON objects (Tags, SkuPriceDetails): no min or max.
    Json,
    /// Booleans, nulls and types certkit does not summarize.
    Other,
}

/// Where a column's [`Kind`] comes from.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum KindSource {
    /// The column's Arrow type (typed Parquet columns).
    ArrowType,
    /// The data type FOCUS gives the column of that name.
    FocusCatalogue,
    /// The values themselves: every value read as a number (or a date-time, or a JSON object).
    Values,
}

/// The summary of one column.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct ColumnProfile {
    /// The name as in the file.
    pub name: String,
    /// Its Arrow type, e.g. `Utf8`, `Decimal128(38, 12)`.
    pub arrow_type: String,
    /// What kind of values it holds.
    pub kind: Kind,
    /// How the kind was decided.
    pub kind_source: KindSource,
    /// True for identifiers and names of accounts, resources, commitments, invoices and
    /// for tags: the UI masks them (see [`super::is_sensitive`]).
    pub sensitive: bool,
    /// Cells that are null or read as null: real nulls, empty strings and the
    /// placeholders `NULL`, `None`, `N/A`, `NA`, `Not Applicable` (any case), as the
    /// validator reads them.
    pub nulls: u64,
    /// Of `nulls`, how many were written as text (a placeholder word or an empty string).
    pub placeholders: u64,
    /// `nulls / rows` (0 when there are no rows).
    pub null_share: f64,
    /// Of `placeholders`, how many were empty strings (only Parquet can hold them:
    /// an empty CSV field is a real null).
    pub empty_strings: u64,
    /// How many different non-null values the column holds: exact when
    /// `distinct_exact`, else a HyperLogLog estimate within ±3.3 % 95 % of the time.
    pub distinct_estimate: u64,
    /// True when `distinct_estimate` is an exact count.
    pub distinct_exact: bool,
    /// The smallest value: numeric order for numbers, text order for text and
    /// date-times written as text, time order for typed date-times. `None` for JSON
    /// and other kinds, and when the column has no value. Text longer than 1,024 bytes
    /// is compared and shown by its first 1,024 bytes.
    pub min: Option<String>,
    /// The largest value, in the same order as `min`.
    pub max: Option<String>,
    /// The sum of a number column's values (`None` for other kinds, and when no value
    /// reads as a number).
    pub sum: Option<f64>,
    /// Values that do not read as the column's kind (a number column's `12 USD`, a
    /// date-time column's `yesterday`, a JSON column's `a=b`); they are left out of
    /// `min`, `max` and `sum`.
    pub unreadable: u64,
    /// The most frequent non-null values, most frequent first.
    pub top_values: Vec<TopValue>,
    /// True when every count in `top_values` is exact. False when the column has more
    /// distinct values than the top-values table holds: then each count may overstate
    /// the truth by its `error`.
    pub top_values_exact: bool,
    /// The length of the longest value, in characters, for text columns (`None` for
    /// typed Parquet columns, which have no written form).
    pub longest_length: Option<u64>,
}

/// One frequent value and how often it occurs.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct TopValue {
    /// The value (cut after 200 bytes, ending with `…`).
    pub value: String,
    /// How many rows hold it; when `error` is not 0 this is an upper bound.
    pub count: u64,
    /// How much `count` may overstate the truth: the true count lies between
    /// `count - error` and `count`.
    pub error: u64,
}

/// Costs summed over the rows sharing a key (and a currency).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Bucket {
    /// The value grouped on (a ChargeCategory, a ServiceCategory, a day `YYYY-MM-DD`, a
    /// currency code); `None` for rows where it is null.
    pub key: Option<String>,
    /// The BillingCurrency of these rows; `None` when the column is absent or null.
    pub currency: Option<String>,
    /// Sum of BilledCost.
    pub billed_cost: f64,
    /// Sum of EffectiveCost.
    pub effective_cost: f64,
    /// Rows in the bucket.
    pub rows: u64,
}
