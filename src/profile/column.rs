//! The running summary of one column: nulls, distinct values, top values, min, max,
//! sum and the longest value, updated batch by batch in bounded memory.
//!
//! Per cell the work is small and allocation-free: a null check, a hash of the cell's
//! bytes (or of its typed value) for the distinct-count sketch and the top-values
//! table, and a comparison or two. Min and max are first found within the batch by
//! index and copied out once per batch, so a column sorted in descending order costs
//! no more than any other.

use std::cmp::Ordering;

use arrow_array::{Array, ArrayRef, StringArray};
use arrow_schema::DataType as ArrowType;

use crate::bytes;
use crate::focus::{self, DataType as FocusType, FocusVersion};
use crate::hash::{hash_bytes, hash_words};
use crate::rules::cells::Cells;
use crate::rules::formats::datetime;
use crate::rules::nullability::is_placeholder;
use crate::rules::number::{parse_lenient, Number};

use super::hll::HyperLogLog;
use super::model::{ColumnProfile, Kind, KindSource, TopValue};
use super::top::{write_label, TopTable};

/// Text longer than this is compared (for min and max) by its first bytes only, so the
/// kept min and max stay small whatever the cells hold.
pub const MAX_COMPARED_BYTES: usize = 1024;

/// Tags that keep typed values of different meaning apart in the hash.
const TAG_FLOAT: u64 = 0xF10A7;
const TAG_INSTANT: u64 = 0x1257A47;
const TAG_BOOL: u64 = 0xB001;

/// How a column's kind is decided.
#[derive(Debug, Clone, Copy)]
enum Plan {
    /// Known before reading: from the Arrow type or the FOCUS catalogue.
    Fixed(Kind, KindSource),
    /// A text column of unknown meaning: each flag stays true while every value so far
    /// reads that way.
    Guess {
        number: bool,
        datetime: bool,
        json: bool,
    },
}

/// Scales whose sums are kept apart (0 to 18 decimals: every cost a bill writes).
const SUMMED_SCALES: usize = 19;

/// The smallest and largest numbers seen, with their text, and their sum.
#[derive(Debug, Clone)]
struct NumberRange {
    min: Option<(Number, String)>,
    max: Option<(Number, String)>,
    /// The sum of the values not in `by_scale`.
    sum: Number,
    /// The sum of the exact values with each number of decimals, as mantissas: adding
    /// a value never rescales it (a 128-bit multiply per cell cost more than all the rest
    /// of a number's profiling); [`NumberRange::total`] brings them to one scale once.
    by_scale: [i128; SUMMED_SCALES],
    count: u64,
}

/// The running summary of one column.
#[derive(Debug, Clone)]
pub struct ColumnStats {
    name: String,
    arrow_type: String,
    is_text: bool,
    sensitive: bool,
    plan: Plan,
    nulls: u64,
    placeholders: u64,
    empty_strings: u64,
    values: u64,
    unreadable: u64,
    hll: HyperLogLog,
    /// False while the top-values table has room: it then holds every distinct value
    /// seen, and the sketch is filled from it the moment it is full (see `count_value`).
    sketching: bool,
    top: TopTable,
    top_shown: usize,
    longest: u64,
    text_min: Option<String>,
    text_max: Option<String>,
    numbers: NumberRange,
    time_min: Option<(i64, String)>,
    time_max: Option<(i64, String)>,
}

impl ColumnStats {
    /// An empty summary of a column named `name` of Arrow type `data_type`; the table of
    /// frequent values holds `table_capacity` values and the profile shows `top_shown`.
    pub fn new(name: &str, data_type: &ArrowType, table_capacity: usize, top_shown: usize) -> Self {
        let is_text = *data_type == ArrowType::Utf8;
        let plan = if is_text {
            match focus_kind(name) {
                Some(kind) => Plan::Fixed(kind, KindSource::FocusCatalogue),
                None => Plan::Guess {
                    number: true,
                    datetime: true,
                    json: true,
                },
            }
        } else {
            Plan::Fixed(arrow_kind(data_type), KindSource::ArrowType)
        };
        ColumnStats {
            name: name.to_string(),
            arrow_type: data_type.to_string(),
            is_text,
            sensitive: super::is_sensitive(name),
            plan,
            nulls: 0,
            placeholders: 0,
            empty_strings: 0,
            values: 0,
            unreadable: 0,
            hll: HyperLogLog::default(),
            sketching: false,
            top: TopTable::new(table_capacity),
            top_shown,
            longest: 0,
            text_min: None,
            text_max: None,
            numbers: NumberRange {
                min: None,
                max: None,
                sum: Number::Exact {
                    mantissa: 0,
                    scale: 0,
                },
                by_scale: [0; SUMMED_SCALES],
                count: 0,
            },
            time_min: None,
            time_max: None,
        }
    }

    /// Adds the cells of one batch's column.
    pub fn update(&mut self, array: &ArrayRef) {
        let cells = Cells::new(array);
        match &cells {
            Cells::Text(text) => self.update_text(text),
            Cells::Int(_)
            | Cells::UInt(_)
            | Cells::Float(_)
            | Cells::Decimal128(..)
            | Cells::Decimal256(..) => self.update_numbers(&cells),
            Cells::Timestamp(..) | Cells::Date32(_) | Cells::Date64(_) => {
                self.update_instants(&cells)
            }
            Cells::Bool(bools) => {
                for row in 0..bools.len() {
                    if bools.is_null(row) {
                        self.nulls += 1;
                        continue;
                    }
                    self.count_value(hash_words(bools.value(row) as u64, 0, TAG_BOOL), row);
                }
            }
            Cells::Other(other) => self.nulls += other.logical_null_count() as u64,
        }
        // The values that entered the top-values table get their text while the batch
        // is still here: at most one table's worth per batch.
        self.top.settle(|row, out| match &cells {
            Cells::Text(text) => write_label(text.value(row), out),
            typed => out.push_str(&typed.render(row)),
        });
    }

    /// Records one non-null value, at `row` of the batch: the distinct sketch and the
    /// top-values table.
    ///
    /// Most columns have fewer distinct values than the table holds, and their distinct
    /// count is the table's length: the sketch is never read. So it is filled only once
    /// the table is full, from the table's values (until then, every distinct value seen),
    /// and from then on value by value. A sketch depends only on the set of hashes it
    /// was given, so it ends the same as if every value had gone into it.
    #[inline]
    fn count_value(&mut self, hash: u64, row: usize) {
        self.values += 1;
        if self.sketching {
            self.hll.insert(hash);
        }
        self.top.offer(hash, row);
        if !self.sketching && self.top.is_full() {
            for known in self.top.hashes() {
                self.hll.insert(known);
            }
            self.sketching = true;
        }
    }

    fn update_text(&mut self, array: &StringArray) {
        let (fixed, mut guess_number, mut guess_datetime, mut guess_json) = match self.plan {
            Plan::Fixed(kind, _) => (Some(kind), false, false, false),
            Plan::Guess {
                number,
                datetime,
                json,
            } => (None, number, datetime, json),
        };
        // The batch's extremes, by reference into the batch; copied out at the end.
        let mut low: Option<&str> = None;
        let mut high: Option<&str> = None;
        let mut low_number: Option<(Number, usize)> = None;
        let mut high_number: Option<(Number, usize)> = None;
        // The previous value, its hash and what reading it gave (its number, whether it
        // was unreadable): a cell repeating the one above it (one currency, one billing
        // period, one account for many rows) is counted without being hashed or read
        // again. The bytes are compared a word at a time ([`bytes::equal`]); most cells
        // that differ differ in length and cost one comparison.
        let mut previous: Option<(&[u8], u64, Option<Number>, bool)> = None;
        for row in 0..array.len() {
            if array.is_null(row) {
                self.nulls += 1;
                continue;
            }
            let text = array.value(row);
            let bytes = text.as_bytes();
            if is_placeholder(bytes) {
                self.nulls += 1;
                self.placeholders += 1;
                self.empty_strings += bytes.is_empty() as u64;
                continue;
            }
            if let Some((last, hash, number, unreadable)) = previous {
                if bytes::equal(last, bytes) {
                    // Already counted as distinct (the table holds it, or the sketch has
                    // it); the table counts it once more.
                    self.values += 1;
                    self.top.offer(hash, row);
                    if let Some(n) = number {
                        self.numbers.add(n);
                    }
                    self.unreadable += unreadable as u64;
                    continue;
                }
            }
            let hash = hash_bytes(bytes);
            self.count_value(hash, row);
            // Characters never outnumber bytes: only a value with more bytes than the
            // longest so far can be longer, so most values are never counted.
            if bytes.len() as u64 > self.longest {
                self.longest = self.longest.max(text.chars().count() as u64);
            }
            let mut number = None;
            let mut unreadable = false;
            // Text order serves text and date-time columns (and guessed columns, which
            // may turn out to be text); numbers and JSON objects do not use it.
            let in_text_order = match fixed {
                Some(Kind::Number) => {
                    number = read_number(bytes);
                    unreadable = number.is_none();
                    false
                }
                Some(Kind::Datetime) => {
                    unreadable = datetime::analyze(bytes).1.is_none();
                    !unreadable
                }
                Some(Kind::Json) => {
                    unreadable = !looks_like_json_object(bytes);
                    false
                }
                Some(Kind::Text) => true,
                Some(Kind::Other) => false,
                None => {
                    if guess_number {
                        number = read_number(bytes);
                        guess_number = number.is_some();
                    }
                    if guess_datetime && datetime::analyze(bytes).1.is_none() {
                        guess_datetime = false;
                    }
                    if guess_json && !looks_like_json_object(bytes) {
                        guess_json = false;
                    }
                    true
                }
            };
            previous = Some((bytes, hash, number, unreadable));
            self.unreadable += unreadable as u64;
            if let Some(n) = number {
                self.numbers.add(n);
                track_extremes(n, row, &mut low_number, &mut high_number);
            }
            if in_text_order {
                let compared = compared_prefix(text);
                if low.is_none_or(|m| bytes::order(compared.as_bytes(), m.as_bytes()).is_lt()) {
                    low = Some(compared);
                }
                if high.is_none_or(|m| bytes::order(compared.as_bytes(), m.as_bytes()).is_gt()) {
                    high = Some(compared);
                }
            }
        }
        if let Plan::Guess { .. } = self.plan {
            self.plan = Plan::Guess {
                number: guess_number,
                datetime: guess_datetime,
                json: guess_json,
            };
        }
        if let Some(low) = low {
            if self.text_min.as_deref().is_none_or(|m| low < m) {
                self.text_min = Some(low.to_string());
            }
        }
        if let Some(high) = high {
            if self.text_max.as_deref().is_none_or(|m| high > m) {
                self.text_max = Some(high.to_string());
            }
        }
        self.numbers.merge(low_number, high_number, |row| {
            compared_prefix(array.value(row)).to_string()
        });
    }

    fn update_numbers(&mut self, cells: &Cells) {
        let mut low: Option<(Number, usize)> = None;
        let mut high: Option<(Number, usize)> = None;
        for row in 0..cells.array().len() {
            if cells.is_null(row) {
                self.nulls += 1;
                continue;
            }
            // `None` here is NaN or an infinity: not a number a bill can hold.
            let Some(n) = cells.number(row) else {
                self.unreadable += 1;
                continue;
            };
            self.count_value(number_hash(n), row);
            self.numbers.add(n);
            track_extremes(n, row, &mut low, &mut high);
        }
        self.numbers.merge(low, high, |row| cells.render(row));
    }

    fn update_instants(&mut self, cells: &Cells) {
        let mut low: Option<(i64, usize)> = None;
        let mut high: Option<(i64, usize)> = None;
        for row in 0..cells.array().len() {
            if cells.is_null(row) {
                self.nulls += 1;
                continue;
            }
            let Some(t) = cells.instant(row) else {
                self.unreadable += 1;
                continue;
            };
            self.count_value(hash_words(t as u64, 0, TAG_INSTANT), row);
            if low.is_none_or(|(m, _)| t < m) {
                low = Some((t, row));
            }
            if high.is_none_or(|(m, _)| t > m) {
                high = Some((t, row));
            }
        }
        if let Some((t, row)) = low {
            if self.time_min.as_ref().is_none_or(|(m, _)| t < *m) {
                self.time_min = Some((t, cells.render(row)));
            }
        }
        if let Some((t, row)) = high {
            if self.time_max.as_ref().is_none_or(|(m, _)| t > *m) {
                self.time_max = Some((t, cells.render(row)));
            }
        }
    }

    /// The kind the column turned out to hold, and how that was decided.
    pub fn kind(&self) -> (Kind, KindSource) {
        match self.plan {
            Plan::Fixed(kind, source) => (kind, source),
            Plan::Guess { .. } if self.values == 0 => (Kind::Text, KindSource::Values),
            Plan::Guess { number: true, .. } => (Kind::Number, KindSource::Values),
            Plan::Guess { datetime: true, .. } => (Kind::Datetime, KindSource::Values),
            Plan::Guess { json: true, .. } => (Kind::Json, KindSource::Values),
            Plan::Guess { .. } => (Kind::Text, KindSource::Values),
        }
    }

    /// Heap bytes held by this summary.
    pub fn state_bytes(&self) -> usize {
        let strings = [&self.text_min, &self.text_max]
            .iter()
            .map(|s| s.as_ref().map_or(0, String::capacity))
            .sum::<usize>()
            + [&self.numbers.min, &self.numbers.max]
                .iter()
                .map(|s| s.as_ref().map_or(0, |(_, t)| t.capacity()))
                .sum::<usize>()
            + [&self.time_min, &self.time_max]
                .iter()
                .map(|s| s.as_ref().map_or(0, |(_, t)| t.capacity()))
                .sum::<usize>();
        self.name.capacity()
            + self.arrow_type.capacity()
            + self.hll.state_bytes()
            + self.top.state_bytes()
            + strings
    }

    /// The column's profile, given the number of rows of the file.
    pub fn finish(self, rows: u64) -> ColumnProfile {
        let (kind, kind_source) = self.kind();
        let (min, max) = match kind {
            Kind::Number => (
                self.numbers.min.as_ref().map(|(_, t)| t.clone()),
                self.numbers.max.as_ref().map(|(_, t)| t.clone()),
            ),
            Kind::Datetime if !self.is_text => (
                self.time_min.as_ref().map(|(_, t)| t.clone()),
                self.time_max.as_ref().map(|(_, t)| t.clone()),
            ),
            Kind::Datetime | Kind::Text => (self.text_min.clone(), self.text_max.clone()),
            Kind::Json | Kind::Other => (None, None),
        };
        let sum =
            (kind == Kind::Number && self.numbers.count > 0).then(|| self.numbers.total().to_f64());
        let (distinct_estimate, distinct_exact) = if self.top.is_exact() {
            (self.top.len() as u64, true)
        } else {
            // The sketch may overshoot by a few percent: never more distinct values than
            // values, never fewer than the table holds (each entry is a distinct value).
            let estimate = self
                .hll
                .estimate()
                .min(self.values)
                .max(self.top.len() as u64);
            (estimate, false)
        };
        let top_values = self
            .top
            .top(self.top_shown)
            .into_iter()
            .map(|c| TopValue {
                value: c.label,
                count: c.count,
                error: c.error,
            })
            .collect();
        ColumnProfile {
            name: self.name,
            arrow_type: self.arrow_type,
            kind,
            kind_source,
            sensitive: self.sensitive,
            nulls: self.nulls,
            placeholders: self.placeholders,
            null_share: if rows == 0 {
                0.0
            } else {
                self.nulls as f64 / rows as f64
            },
            empty_strings: self.empty_strings,
            distinct_estimate,
            distinct_exact,
            min,
            max,
            sum,
            unreadable: self.unreadable,
            top_values,
            top_values_exact: self.top.is_exact(),
            longest_length: self.is_text.then_some(self.longest),
        }
    }
}

impl NumberRange {
    /// Adds `n` to the sum.
    #[inline]
    fn add(&mut self, n: Number) {
        self.count += 1;
        if let Number::Exact { mantissa, scale } = n {
            if let Some(kept) = self.by_scale.get_mut(scale as usize) {
                match kept.checked_add(mantissa) {
                    Some(sum) => *kept = sum,
                    // Too large for 128 bits: what was kept joins the general sum.
                    None => {
                        self.sum = self.sum.add(Number::Exact { mantissa: *kept, scale });
                        *kept = mantissa;
                    }
                }
                return;
            }
        }
        self.sum = self.sum.add(n);
    }

    /// The sum of every value added.
    fn total(&self) -> Number {
        (0..SUMMED_SCALES as u32)
            .zip(self.by_scale)
            .filter(|&(_, mantissa)| mantissa != 0)
            .fold(self.sum, |total, (scale, mantissa)| total.add(Number::Exact { mantissa, scale }))
    }

    /// Takes the batch's extremes in when they beat the kept ones; `text` writes the
    /// value of a batch row.
    fn merge(
        &mut self,
        low: Option<(Number, usize)>,
        high: Option<(Number, usize)>,
        text: impl Fn(usize) -> String,
    ) {
        if let Some((n, row)) = low {
            if self
                .min
                .as_ref()
                .is_none_or(|(m, _)| n.compare(*m) == Ordering::Less)
            {
                self.min = Some((n, text(row)));
            }
        }
        if let Some((n, row)) = high {
            if self
                .max
                .as_ref()
                .is_none_or(|(m, _)| n.compare(*m) == Ordering::Greater)
            {
                self.max = Some((n, text(row)));
            }
        }
    }
}

/// Takes `n` (at `row` of the batch) into the batch's extremes.
#[inline]
fn track_extremes(
    n: Number,
    row: usize,
    low: &mut Option<(Number, usize)>,
    high: &mut Option<(Number, usize)>,
) {
    if low.is_none_or(|(m, _)| n.compare(m) == Ordering::Less) {
        *low = Some((n, row));
    }
    if high.is_none_or(|(m, _)| n.compare(m) == Ordering::Greater) {
        *high = Some((n, row));
    }
}

/// The kind FOCUS gives a column of this name (any FOCUS version; exact spelling
/// first, then ignoring letter case), or `None` for a column FOCUS does not define.
fn focus_kind(name: &str) -> Option<Kind> {
    let column = FocusVersion::ALL
        .iter()
        .rev()
        .find_map(|v| focus::catalogue(*v).column(name))
        .or_else(|| focus::catalogue(FocusVersion::V1_2).column_ignoring_case(name))?;
    Some(match column.data_type {
        FocusType::String => Kind::Text,
        FocusType::Decimal => Kind::Number,
        FocusType::DateTime => Kind::Datetime,
        FocusType::Json => Kind::Json,
    })
}

/// The kind of a typed (non-text) Arrow column.
fn arrow_kind(data_type: &ArrowType) -> Kind {
    match data_type {
        ArrowType::Utf8 => Kind::Text,
        ArrowType::Int8
        | ArrowType::Int16
        | ArrowType::Int32
        | ArrowType::Int64
        | ArrowType::UInt8
        | ArrowType::UInt16
        | ArrowType::UInt32
        | ArrowType::UInt64
        | ArrowType::Float32
        | ArrowType::Float64
        | ArrowType::Decimal128(..)
        | ArrowType::Decimal256(..) => Kind::Number,
        ArrowType::Timestamp(..) | ArrowType::Date32 | ArrowType::Date64 => Kind::Datetime,
        _ => Kind::Other,
    }
}

/// Reads a number from text leniently (see [`parse_lenient`]), forgiving spaces around it.
pub fn read_number(text: &[u8]) -> Option<Number> {
    parse_lenient(text).or_else(|| {
        let trimmed = text.trim_ascii();
        (trimmed.len() != text.len())
            .then(|| parse_lenient(trimmed))
            .flatten()
    })
}

/// The hash of a typed number: equal values of one column hash equal (a column has
/// one scale, so `1.50` and `1.5` never meet).
fn number_hash(n: Number) -> u64 {
    match n {
        Number::Exact { mantissa, scale } => {
            hash_words(mantissa as u64, (mantissa >> 64) as u64, scale as u64 + 1)
        }
        Number::Float(f) => hash_words(f.to_bits(), 0, TAG_FLOAT),
    }
}

/// The part of a text compared for min and max: all of it, or its first
/// [`MAX_COMPARED_BYTES`] bytes cut on a character boundary.
fn compared_prefix(text: &str) -> &str {
    if text.len() <= MAX_COMPARED_BYTES {
        return text;
    }
    let mut end = MAX_COMPARED_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// True when the text is shaped like a JSON object: `{` … `}` around optional spaces.
/// The KeyValueFormat rules check the JSON itself; the profile only needs the kind.
fn looks_like_json_object(text: &[u8]) -> bool {
    let trimmed = text.trim_ascii();
    trimmed.first() == Some(&b'{') && trimmed.last() == Some(&b'}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact(m: i128, s: u32) -> Number {
        Number::Exact {
            mantissa: m,
            scale: s,
        }
    }

    fn empty_range() -> NumberRange {
        NumberRange { min: None, max: None, sum: exact(0, 0), by_scale: [0; SUMMED_SCALES], count: 0 }
    }

    #[test]
    fn sums_kept_per_scale_add_up_exactly() {
        let mut range = empty_range();
        for n in [exact(150, 2), exact(-25, 1), exact(3, 0), exact(1, 30), Number::Float(0.25)] {
            range.add(n);
        }
        // 1.50 - 2.5 + 3 + 1e-30 + 0.25: the float makes the total a float.
        assert_eq!(range.count, 5);
        assert!((range.total().to_f64() - 2.25).abs() < 1e-12);
        let mut exact_only = empty_range();
        for n in [exact(150, 2), exact(-25, 1), exact(3, 0)] {
            exact_only.add(n);
        }
        assert_eq!(exact_only.total().compare(exact(2, 0)), Ordering::Equal);
    }

    #[test]
    fn a_per_scale_sum_that_would_overflow_joins_the_general_sum() {
        let mut range = empty_range();
        let big = i128::MAX / 2 + 1;
        for _ in 0..3 {
            range.add(exact(big, 0));
        }
        // 3 × (2^126) overflows 128 bits at one scale; the total falls back to a float.
        let expected = 3.0 * big as f64;
        assert!((range.total().to_f64() - expected).abs() / expected < 1e-12);
    }

    #[test]
    fn the_sketch_filled_late_is_the_sketch_filled_from_the_start() {
        // 10 slots; values 0..500, each offered a few times in a scrambled order.
        let mut stats = ColumnStats::new("x_Id", &ArrowType::Utf8, 10, 5);
        let mut reference = HyperLogLog::default();
        for i in 0..2_000u64 {
            let hash = hash_words((i * 7_919) % 500, 0, 1);
            stats.count_value(hash, 0);
            reference.insert(hash);
        }
        assert!(stats.sketching);
        assert_eq!(stats.hll, reference);
        // A column that never fills the table never fills the sketch, and needs none.
        let mut few = ColumnStats::new("x_Kind", &ArrowType::Utf8, 10, 5);
        for i in 0..2_000u64 {
            few.count_value(hash_words(i % 3, 0, 1), 0);
        }
        assert!(!few.sketching);
        assert_eq!(few.finish(2_000).distinct_estimate, 3);
    }

    #[test]
    fn focus_columns_take_their_catalogue_kind() {
        assert_eq!(focus_kind("BilledCost"), Some(Kind::Number));
        assert_eq!(focus_kind("ChargePeriodStart"), Some(Kind::Datetime));
        assert_eq!(focus_kind("Tags"), Some(Kind::Json));
        assert_eq!(focus_kind("ChargeCategory"), Some(Kind::Text));
        assert_eq!(focus_kind("billedcost"), Some(Kind::Number));
        assert_eq!(focus_kind("x_Discount"), None);
    }

    #[test]
    fn numbers_are_read_with_spaces_around() {
        assert_eq!(read_number(b" 1.5 "), Some(exact(15, 1)));
        assert_eq!(read_number(b"1 5"), None);
    }

    #[test]
    fn long_text_is_compared_by_its_prefix() {
        let long = "é".repeat(MAX_COMPARED_BYTES);
        let prefix = compared_prefix(&long);
        assert!(prefix.len() <= MAX_COMPARED_BYTES);
        assert!(long.starts_with(prefix));
    }
}
