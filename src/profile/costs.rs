//! Costs grouped for the charts: BilledCost and EffectiveCost summed per ChargeCategory,
//! per ServiceCategory, per day of ChargePeriodStart and per BillingCurrency, always
//! within one currency so amounts in different currencies are never added together.
//!
//! Every grouping is capped so memory stays bounded: at most [`MAX_CURRENCIES`]
//! currencies, [`MAX_KEYS`] category values and [`MAX_DAYS`] days. A row whose group
//! is new once its cap is reached is left out of that chart, and a note says how many
//! rows were.

use arrow_array::{ArrayRef, RecordBatch};

use crate::byte_map::ByteMap;
use crate::bytes;
use crate::rules::cells::Cells;
use crate::rules::cross_row::{FastMap, FastSet};
use crate::rules::formats::datetime;
use crate::rules::nullability::is_placeholder;
use crate::rules::number::Number;

use super::column::read_number;
use super::model::Bucket;

/// Most currencies charted.
pub const MAX_CURRENCIES: usize = 20;
/// Most values of a category charted.
pub const MAX_KEYS: usize = 1_000;
/// Most days charted.
pub const MAX_DAYS: usize = 1_000;

/// The group of a row within one chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Group {
    /// The grouping column is null (or a placeholder) on this row.
    Null,
    /// A value's number among the values seen.
    Id(u32),
    /// A new value after the cap: left out.
    OverCap,
}

/// Distinct values of one grouping column, numbered in order of appearance.
#[derive(Debug, Clone)]
struct Interner {
    ids: ByteMap<u32>,
    labels: Vec<String>,
    cap: usize,
    /// The id given last: rows often repeat the value above them (one currency, one
    /// category for a run of rows), and comparing with its label skips the hashing.
    last: Option<u32>,
}

impl Interner {
    fn new(cap: usize) -> Self {
        Interner {
            ids: ByteMap::new(),
            labels: Vec::new(),
            cap,
            last: None,
        }
    }

    /// The group of the value at `row`.
    fn group(&mut self, cells: &Cells, row: usize) -> Group {
        if cells.is_null(row) {
            return Group::Null;
        }
        match cells.text(row) {
            Some(text) if is_placeholder(text) => Group::Null,
            Some(text) => self.id(text),
            // A typed grouping column (unusual): group by its rendering.
            None => self.id(cells.render(row).as_bytes()),
        }
    }

    fn id(&mut self, text: &[u8]) -> Group {
        // A label equal to the text was made from the same bytes (a label differs from
        // its bytes only where they were not UTF-8), so the repeat has the same id.
        if let Some(last) = self.last {
            if bytes::equal(self.labels[last as usize].as_bytes(), text) {
                return Group::Id(last);
            }
        }
        if let Some(&id) = self.ids.get(text) {
            self.last = Some(id);
            return Group::Id(id);
        }
        if self.labels.len() >= self.cap {
            return Group::OverCap;
        }
        let id = self.labels.len() as u32;
        self.ids.insert(text, id);
        self.labels.push(String::from_utf8_lossy(text).into_owned());
        self.last = Some(id);
        Group::Id(id)
    }

    fn label(&self, group: Group) -> Option<String> {
        match group {
            Group::Id(id) => self.labels.get(id as usize).cloned(),
            Group::Null | Group::OverCap => None,
        }
    }

    fn state_bytes(&self) -> usize {
        self.labels
            .iter()
            .map(|l| 2 * l.capacity() + 16)
            .sum::<usize>()
            + self.ids.capacity() * (std::mem::size_of::<(Box<[u8]>, u32)>() + 1)
    }
}

/// Sums of one bucket, exact while the costs are.
#[derive(Debug, Clone, Copy)]
struct Sums {
    billed: Number,
    effective: Number,
    rows: u64,
}

impl Default for Sums {
    fn default() -> Self {
        let zero = Number::Exact {
            mantissa: 0,
            scale: 0,
        };
        Sums {
            billed: zero,
            effective: zero,
            rows: 0,
        }
    }
}

impl Sums {
    fn add(&mut self, billed: Option<Number>, effective: Option<Number>) {
        if let Some(b) = billed {
            self.billed = self.billed.add(b);
        }
        if let Some(e) = effective {
            self.effective = self.effective.add(e);
        }
        self.rows += 1;
    }
}

/// One chart: sums per (currency, key).
type Chart<K> = FastMap<(Group, K), Sums>;

/// Where the columns the charts need sit in the header.
#[derive(Debug, Clone, Copy, Default)]
pub struct CostColumns {
    /// BilledCost.
    pub billed: Option<usize>,
    /// EffectiveCost.
    pub effective: Option<usize>,
    /// BillingCurrency.
    pub currency: Option<usize>,
    /// ChargeCategory.
    pub charge_category: Option<usize>,
    /// ServiceCategory.
    pub service_category: Option<usize>,
    /// ChargePeriodStart.
    pub charge_period_start: Option<usize>,
}

impl CostColumns {
    /// Finds the columns by name: exact FOCUS spelling first, then ignoring letter case.
    pub fn find(header: &[String]) -> Self {
        let at = |id: &str| {
            header.iter().position(|h| h == id).or_else(|| {
                header
                    .iter()
                    .position(|h| h.trim().eq_ignore_ascii_case(id))
            })
        };
        CostColumns {
            billed: at("BilledCost"),
            effective: at("EffectiveCost"),
            currency: at("BillingCurrency"),
            charge_category: at("ChargeCategory"),
            service_category: at("ServiceCategory"),
            charge_period_start: at("ChargePeriodStart"),
        }
    }
}

/// The running cost charts.
#[derive(Debug, Clone)]
pub struct CostCharts {
    columns: CostColumns,
    currencies: Interner,
    charge_categories: Interner,
    service_categories: Interner,
    by_charge_category: Chart<Group>,
    by_service_category: Chart<Group>,
    by_day: Chart<i64>,
    days: FastSet<i64>,
    by_currency: FastMap<Group, Sums>,
    unreadable_billed: u64,
    unreadable_effective: u64,
    rows_without_day: u64,
    rows_over_currency_cap: u64,
    rows_over_charge_cap: u64,
    rows_over_service_cap: u64,
    rows_over_day_cap: u64,
}

impl CostCharts {
    /// Empty charts over the columns found in a header.
    pub fn new(columns: CostColumns) -> Self {
        CostCharts {
            columns,
            currencies: Interner::new(MAX_CURRENCIES),
            charge_categories: Interner::new(MAX_KEYS),
            service_categories: Interner::new(MAX_KEYS),
            by_charge_category: Chart::default(),
            by_service_category: Chart::default(),
            by_day: Chart::default(),
            days: FastSet::default(),
            by_currency: FastMap::default(),
            unreadable_billed: 0,
            unreadable_effective: 0,
            rows_without_day: 0,
            rows_over_currency_cap: 0,
            rows_over_charge_cap: 0,
            rows_over_service_cap: 0,
            rows_over_day_cap: 0,
        }
    }

    /// Adds the rows of one batch.
    pub fn push(&mut self, batch: &RecordBatch) {
        let column =
            |at: Option<usize>| -> Option<&ArrayRef> { at.and_then(|i| batch.columns().get(i)) };
        let billed = column(self.columns.billed).map(Cells::new);
        let effective = column(self.columns.effective).map(Cells::new);
        let currency = column(self.columns.currency).map(Cells::new);
        let charge = column(self.columns.charge_category).map(Cells::new);
        let service = column(self.columns.service_category).map(Cells::new);
        let start = column(self.columns.charge_period_start).map(Cells::new);
        for row in 0..batch.num_rows() {
            let currency = match &currency {
                Some(cells) => self.currencies.group(cells, row),
                None => Group::Null,
            };
            if currency == Group::OverCap {
                self.rows_over_currency_cap += 1;
                continue;
            }
            let billed = billed
                .as_ref()
                .and_then(|c| cost(c, row, &mut self.unreadable_billed));
            let effective = effective
                .as_ref()
                .and_then(|c| cost(c, row, &mut self.unreadable_effective));
            self.by_currency
                .entry(currency)
                .or_default()
                .add(billed, effective);
            if let Some(cells) = &charge {
                match self.charge_categories.group(cells, row) {
                    Group::OverCap => self.rows_over_charge_cap += 1,
                    key => self
                        .by_charge_category
                        .entry((currency, key))
                        .or_default()
                        .add(billed, effective),
                }
            }
            if let Some(cells) = &service {
                match self.service_categories.group(cells, row) {
                    Group::OverCap => self.rows_over_service_cap += 1,
                    key => self
                        .by_service_category
                        .entry((currency, key))
                        .or_default()
                        .add(billed, effective),
                }
            }
            if let Some(cells) = &start {
                match day_of(cells, row) {
                    None => self.rows_without_day += 1,
                    Some(day) if self.days.len() >= MAX_DAYS && !self.days.contains(&day) => {
                        self.rows_over_day_cap += 1
                    }
                    Some(day) => {
                        self.days.insert(day);
                        self.by_day
                            .entry((currency, day))
                            .or_default()
                            .add(billed, effective);
                    }
                }
            }
        }
    }

    /// Heap bytes held.
    pub fn state_bytes(&self) -> usize {
        let entry = std::mem::size_of::<((Group, i64), Sums)>() + 1;
        self.currencies.state_bytes()
            + self.charge_categories.state_bytes()
            + self.service_categories.state_bytes()
            + (self.by_charge_category.capacity()
                + self.by_service_category.capacity()
                + self.by_day.capacity()
                + self.by_currency.capacity())
                * entry
            + self.days.capacity() * (std::mem::size_of::<i64>() + 1)
    }

    /// The four charts, and notes on what they leave out.
    pub fn finish(self) -> CostResult {
        let mut notes = Vec::new();
        let CostColumns {
            billed,
            effective,
            currency,
            charge_category,
            service_category,
            charge_period_start,
        } = self.columns;
        if billed.is_none() {
            notes.push(
                "There is no BilledCost column, so every billed cost in the charts is 0."
                    .to_string(),
            );
        }
        if effective.is_none() {
            notes.push(
                "There is no EffectiveCost column, so every effective cost in the charts is 0."
                    .to_string(),
            );
        }
        if currency.is_none() {
            notes.push(
                "There is no BillingCurrency column, so costs are summed without knowing their currency; \
                 they are only meaningful if every row is in the same currency."
                    .to_string(),
            );
        }
        for (present, name, chart) in [
            (
                charge_category.is_some(),
                "ChargeCategory",
                "cost by charge category",
            ),
            (
                service_category.is_some(),
                "ServiceCategory",
                "cost by service category",
            ),
            (
                charge_period_start.is_some(),
                "ChargePeriodStart",
                "cost by day",
            ),
        ] {
            if !present {
                notes.push(format!(
                    "There is no {name} column, so the {chart} chart is empty."
                ));
            }
        }
        for (count, name) in [
            (self.unreadable_billed, "BilledCost"),
            (self.unreadable_effective, "EffectiveCost"),
        ] {
            if count > 0 {
                notes.push(format!(
                    "{} in {name} could not be read as a number and {} left out of the cost charts.",
                    plural(count, "value", "values"),
                    if count == 1 { "is" } else { "are" }
                ));
            }
        }
        if self.rows_without_day > 0 {
            notes.push(format!(
                "{} no readable date in ChargePeriodStart and {} left out of the cost by day chart.",
                plural_has(self.rows_without_day),
                if self.rows_without_day == 1 { "is" } else { "are" }
            ));
        }
        let caps = [
            (
                self.rows_over_currency_cap,
                MAX_CURRENCIES,
                "billing currencies",
                "every chart",
            ),
            (
                self.rows_over_charge_cap,
                MAX_KEYS,
                "charge categories",
                "the cost by charge category chart",
            ),
            (
                self.rows_over_service_cap,
                MAX_KEYS,
                "service categories",
                "the cost by service category chart",
            ),
            (
                self.rows_over_day_cap,
                MAX_DAYS,
                "days",
                "the cost by day chart",
            ),
        ];
        for (count, cap, what, chart) in caps {
            if count > 0 {
                notes.push(format!(
                    "Only the first {cap} different {what} found in the file are charted: {} with other {what} {} left out of {chart}.",
                    plural(count, "row", "rows"),
                    if count == 1 { "is" } else { "are" }
                ));
            }
        }
        let currencies = &self.currencies;
        let bucket = |currency: Group, key: Option<String>, sums: &Sums| Bucket {
            key,
            currency: currencies.label(currency),
            billed_cost: sums.billed.to_f64(),
            effective_cost: sums.effective.to_f64(),
            rows: sums.rows,
        };
        let mut by_charge: Vec<Bucket> = self
            .by_charge_category
            .iter()
            .map(|((c, k), s)| bucket(*c, self.charge_categories.label(*k), s))
            .collect();
        let mut by_service: Vec<Bucket> = self
            .by_service_category
            .iter()
            .map(|((c, k), s)| bucket(*c, self.service_categories.label(*k), s))
            .collect();
        let mut by_day: Vec<Bucket> = self
            .by_day
            .iter()
            .map(|((c, d), s)| bucket(*c, Some(format_day(*d)), s))
            .collect();
        let mut by_currency: Vec<Bucket> = self
            .by_currency
            .iter()
            .map(|(c, s)| bucket(*c, currencies.label(*c), s))
            .collect();
        for chart in [
            &mut by_charge,
            &mut by_service,
            &mut by_day,
            &mut by_currency,
        ] {
            chart.sort_by(|a, b| (&a.currency, &a.key).cmp(&(&b.currency, &b.key)));
        }
        CostResult {
            by_charge_category: by_charge,
            by_service_category: by_service,
            by_day,
            by_currency,
            notes,
        }
    }
}

/// The finished charts.
#[derive(Debug, Clone)]
pub struct CostResult {
    /// Per ChargeCategory.
    pub by_charge_category: Vec<Bucket>,
    /// Per ServiceCategory.
    pub by_service_category: Vec<Bucket>,
    /// Per day.
    pub by_day: Vec<Bucket>,
    /// Per currency.
    pub by_currency: Vec<Bucket>,
    /// What the charts leave out.
    pub notes: Vec<String>,
}

/// The cost at `row`: `None` for nulls and placeholders, and for values that are not
/// numbers (counted in `unreadable`).
fn cost(cells: &Cells, row: usize, unreadable: &mut u64) -> Option<Number> {
    if cells.is_null(row) {
        return None;
    }
    let number = match cells.text(row) {
        Some(text) if is_placeholder(text) => return None,
        Some(text) => read_number(text),
        None => cells.number(row),
    };
    if number.is_none() {
        *unreadable += 1;
    }
    number
}

/// The day (days since 1970-01-01) of a ChargePeriodStart: the date part of a text as
/// written (`YYYY-MM-DD`, whatever follows), or the UTC date of a typed instant.
fn day_of(cells: &Cells, row: usize) -> Option<i64> {
    if cells.is_null(row) {
        return None;
    }
    match cells.text(row) {
        Some(text) => date_part(text),
        None => cells.instant(row).map(|t| t.div_euclid(86_400)),
    }
}

/// Reads the leading `YYYY-MM-DD` of a text, if it is a real date.
fn date_part(text: &[u8]) -> Option<i64> {
    let head = text.get(..10)?;
    let digits = |range: std::ops::Range<usize>| -> Option<i64> {
        head[range].iter().try_fold(0i64, |n, &b| {
            b.is_ascii_digit().then(|| n * 10 + (b - b'0') as i64)
        })
    };
    if head[4] != b'-' || head[7] != b'-' {
        return None;
    }
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    datetime::valid_date(year, month, day).then(|| datetime::days_from_civil(year, month, day))
}

/// `YYYY-MM-DD` of a day count.
fn format_day(day: i64) -> String {
    let (y, m, d) = datetime::civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

fn plural(count: u64, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

fn plural_has(count: u64) -> String {
    if count == 1 {
        "1 row has".to_string()
    } else {
        format!("{count} rows have")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_parts_are_read_from_the_text() {
        assert_eq!(date_part(b"1970-01-02T00:00:00Z"), Some(1));
        assert_eq!(
            date_part(b"2024-09-18 22:00:00"),
            Some(datetime::days_from_civil(2024, 9, 18))
        );
        assert_eq!(date_part(b"2024-02-30"), None);
        assert_eq!(date_part(b"18/09/2024"), None);
        assert_eq!(date_part(b"2024-9-1"), None);
        assert_eq!(
            format_day(datetime::days_from_civil(2024, 9, 18)),
            "2024-09-18"
        );
    }
}
