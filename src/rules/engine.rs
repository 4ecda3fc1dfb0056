//! The rule engine: compiles the registry against one file's header once, then runs
//! it over the record batches as they are read.
//!
//! Compiling resolves every column a rule needs to its position in the header, sorts
//! the rules into
//! - header checks (presence, naming), settled at once;
//! - per-column value checks, run in one pass over each column: every value is
//!   analyzed once and each rule on that column picks the [facets](super::facet) it
//!   cares about;
//! - row checks (conditional nullability, price × quantity, …), run after the column
//!   pass with each distinct condition evaluated once per batch;
//! - cross-row checks, which keep bounded state across batches.
//!
//! A rule whose column is absent is not silently skipped: it is recorded as not
//! applicable with the reason.

use std::collections::BTreeMap;

use arrow_array::{Array, RecordBatch};
use arrow_schema::{DataType as ArrowType, Schema};

use super::allowed_values::{self, AllowedSet};
use super::cells::Cells;
use super::condition::{Cell, Condition, LeafTest};
use super::cross_column::{self, Tolerance};
use super::cross_row::{
    Amortization, CommitmentVerdict, KeyOutcome, OnePerKey, SampleStats, DEFAULT_KEY_CAP,
};
use super::facet::{self, Facets};
use super::formats::{currency, datetime, key_value, numeric, string_handling, unit};
use super::naming::{self, HeaderMap};
use super::nullability;
use super::number::{parse_lenient, Number};
use super::outcome::{CrossRowResult, CrossRowStatus, EngineOutput, Instance, InstanceStatus};
use super::presence;
use super::registry::{Check, Registry, Rule, Scope};
use super::tally::Tally;
use super::types;
use crate::byte_map::ByteMap;
use crate::focus::{areas, catalogue, Catalogue, DataType, FocusVersion, ValueFormat};

/// Settings of one engine run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EngineOptions {
    /// How close price × quantity must be to the cost.
    pub tolerance: Tolerance,
    /// Most distinct keys any cross-row map keeps.
    pub key_cap: usize,
}

impl Default for EngineOptions {
    fn default() -> Self {
        EngineOptions {
            tolerance: Tolerance::default(),
            key_cap: DEFAULT_KEY_CAP,
        }
    }
}

/// How the values of a column are read.
enum Analyzer {
    Numeric,
    DateTime,
    Currency { national_only: bool },
    KeyValue { sku_keys: bool },
    Unit,
    Allowed(AllowedSet),
    Text,
}

/// Everything run in the single pass over one column.
struct ColumnPlan {
    name: String,
    analyzer: Analyzer,
    type_fits: bool,
    focus_type: Option<DataType>,
    arrow_type: ArrowType,
    blank_check: bool,
    facet_checks: Vec<(Facets, usize)>,
    needed: Facets,
    placeholder: Option<usize>,
    not_null: Option<usize>,
    type_check: Option<usize>,
    cache_instants: bool,
    cache_numbers: bool,
    non_null_values: u64,
    /// Results by value for analyzers that are costly and see few distinct values
    /// (units, JSON); bounded by [`MEMO_CAP`].
    memo: Option<Memo>,
}

/// Analysis results by value: the facets and, for dates, the instant.
type Memo = ByteMap<(Facets, Option<i64>)>;

/// Most distinct values remembered per column.
const MEMO_CAP: usize = 4096;

/// A condition with its leaves resolved to header positions.
enum Resolved {
    All(Vec<Resolved>),
    Any(Vec<Resolved>),
    Not(Box<Resolved>),
    /// A slot of [`Engine::leaves`]: each distinct leaf is evaluated once per batch.
    Leaf(usize),
}

/// A check run row by row after the column pass.
enum RowCheck {
    NotNullWhen {
        target: usize,
        cond: usize,
    },
    NullWhen {
        target: usize,
        cond: usize,
    },
    Require {
        cond: usize,
        require: usize,
        show: Vec<usize>,
    },
    Equals {
        target: usize,
        other: usize,
        cond: usize,
    },
    Subcategory {
        target: usize,
        category: usize,
        parents: &'static BTreeMap<String, String>,
    },
    PriceTimesQuantity {
        quantity: usize,
        pairs: Vec<(usize, usize)>,
        cond: usize,
    },
    ZeroWhen {
        target: usize,
        cond: usize,
        show: Vec<usize>,
    },
    PeriodOrder {
        start: usize,
        end: usize,
    },
    OnePerKey {
        key: usize,
        value: usize,
        cond: Option<usize>,
        state: OnePerKey,
    },
}

/// Columns the amortization check reads.
struct AmortizationColumns {
    id: usize,
    category: usize,
    status: usize,
    billed: usize,
    effective: usize,
    start: usize,
    end: usize,
    class: Option<usize>,
}

/// A check instance before its status is known.
struct Draft {
    rule: usize,
    column: Option<String>,
    applicability: Option<String>,
    unit: &'static str,
    not_applicable: Option<String>,
    note: Option<String>,
}

/// Per-batch scratch buffers, reused between batches.
#[derive(Default)]
struct Scratch {
    nulls: Vec<Vec<bool>>,
    instants: Vec<Vec<Option<i64>>>,
    numbers: Vec<Vec<Option<Number>>>,
    conditions: Vec<Vec<bool>>,
    leaves: Vec<Vec<bool>>,
    /// Per distinct (quantity, price, cost, condition): the outcome on each row.
    pairs: Vec<(PairKey, Vec<PairOutcome>)>,
}

/// A unit price check: columns of quantity, price and cost, and the condition slot.
type PairKey = (usize, usize, usize, usize);

/// How one row fared in one price × quantity = cost check.
#[derive(Clone, Copy, PartialEq, Eq)]
enum PairOutcome {
    /// Not covered: the condition does not hold, or a factor or the cost is missing.
    Skipped,
    /// Price × quantity equals the cost.
    Match,
    /// It does not.
    Mismatch,
}

/// Where the pass over one column writes what later checks read.
struct ColumnOut<'a> {
    nulls: &'a mut [bool],
    instants: &'a mut [Option<i64>],
    numbers: &'a mut [Option<Number>],
}

/// The compiled rules of one file, fed batch by batch.
pub struct Engine<'r> {
    registry: &'r Registry,
    version: FocusVersion,
    catalogue: &'static Catalogue,
    header: HeaderMap,
    options: EngineOptions,
    plans: Vec<ColumnPlan>,
    conditions: Vec<Resolved>,
    condition_keys: Vec<String>,
    /// Distinct condition leaves: the column tested (`None`: absent, read as null) and the test.
    leaves: Vec<(Option<usize>, LeafTest)>,
    row_checks: Vec<(RowCheck, usize)>,
    amortization: Option<(AmortizationColumns, Amortization, Vec<usize>)>,
    stats: SampleStats,
    drafts: Vec<Draft>,
    tallies: Vec<Tally>,
    rows: u64,
    scratch: Scratch,
    notices: Vec<String>,
}

impl<'r> Engine<'r> {
    /// Compiles `registry` for a file with this header and schema, checked as FOCUS `version`.
    pub fn new(
        registry: &'r Registry,
        version: FocusVersion,
        header: &[String],
        schema: &Schema,
        options: EngineOptions,
    ) -> Engine<'r> {
        let catalogue = catalogue(version);
        let map = naming::resolve_header(header, catalogue);
        let plans = map
            .names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let arrow_type = schema
                    .fields()
                    .get(i)
                    .map(|f| f.data_type().clone())
                    .unwrap_or(ArrowType::Utf8);
                let focus_column = if map.index(name) == Some(i) {
                    catalogue.column(name)
                } else {
                    None
                };
                let analyzer = match focus_column {
                    Some(c) => match (c.data_type, c.value_format) {
                        (DataType::Decimal, _) => Analyzer::Numeric,
                        (DataType::DateTime, _) => Analyzer::DateTime,
                        (DataType::Json, _) => Analyzer::KeyValue {
                            sku_keys: c.id == "SkuPriceDetails",
                        },
                        (_, ValueFormat::CurrencyFormat) => Analyzer::Currency {
                            national_only: false,
                        },
                        (_, ValueFormat::UnitFormat) => Analyzer::Unit,
                        (_, ValueFormat::AllowedValues) => {
                            Analyzer::Allowed(AllowedSet::new(&c.allowed_values))
                        }
                        _ => Analyzer::Text,
                    },
                    None => Analyzer::Text,
                };
                let focus_type = focus_column.map(|c| c.data_type);
                let type_fits = focus_type.is_none_or(|t| types::fits(t, &arrow_type));
                let cache_instants = matches!(analyzer, Analyzer::DateTime);
                // Units and JSON are costly to analyze and repeat a lot; the other
                // analyzers are cheaper than a lookup.
                let memoized = matches!(analyzer, Analyzer::Unit | Analyzer::KeyValue { .. });
                ColumnPlan {
                    name: name.clone(),
                    analyzer,
                    type_fits,
                    focus_type,
                    arrow_type,
                    blank_check: false,
                    facet_checks: Vec::new(),
                    needed: 0,
                    placeholder: None,
                    not_null: None,
                    type_check: None,
                    cache_instants,
                    cache_numbers: false,
                    non_null_values: 0,
                    memo: memoized.then(ByteMap::new),
                }
            })
            .collect();
        let mut engine = Engine {
            registry,
            version,
            catalogue,
            header: map,
            options,
            plans,
            conditions: Vec::new(),
            condition_keys: Vec::new(),
            leaves: Vec::new(),
            row_checks: Vec::new(),
            amortization: None,
            stats: SampleStats::default(),
            drafts: Vec::new(),
            tallies: Vec::new(),
            rows: 0,
            scratch: Scratch::default(),
            notices: Vec::new(),
        };
        for (index, rule) in registry.rules.iter().enumerate() {
            if let Some(check) = &rule.check {
                engine.compile_rule(index, rule, check);
            }
        }
        engine
    }

    /// The header as resolved against the FOCUS version.
    pub fn header(&self) -> &HeaderMap {
        &self.header
    }

    /// A new instance of rule `rule` on `column`; returns its tally index.
    fn instance(&mut self, rule: usize, column: Option<&str>, unit: &'static str) -> usize {
        let applicability = self.registry.rules[rule].applicability.clone().or_else(|| {
            column.and_then(|c| {
                areas()
                    .iter()
                    .find(|a| a.columns.iter().any(|x| x == c))
                    .map(|a| a.id.clone())
            })
        });
        self.drafts.push(Draft {
            rule,
            column: column.map(str::to_string),
            applicability,
            unit,
            not_applicable: None,
            note: None,
        });
        self.tallies.push(Tally::default());
        self.drafts.len() - 1
    }

    fn not_applicable(&mut self, rule: usize, column: Option<&str>, reason: String) {
        let i = self.instance(rule, column, "rows");
        self.drafts[i].not_applicable = Some(reason);
    }

    /// The position of a FOCUS column of this version, or why it cannot be used.
    fn column_position(&self, column: &str) -> Result<usize, String> {
        if !self.catalogue.contains(column) {
            return Err(format!(
                "{column} is not a column of FOCUS {}",
                self.version
            ));
        }
        match self.header.index(column) {
            Some(i) => Ok(i),
            None => match presence::misspelling_of(&self.header, column) {
                Some(found) => Err(format!(
                    "column {column} absent (the header has {found}, spelled in another case)"
                )),
                None => Err(format!("column {column} absent")),
            },
        }
    }

    fn compile_rule(&mut self, index: usize, rule: &Rule, check: &Check) {
        match check {
            Check::Presence => self.compile_presence(index, rule),
            Check::CustomColumnPrefix
            | Check::ExactColumnIds
            | Check::UniqueColumnNames
            | Check::CustomColumnsLast
            | Check::CustomColumnNaming => self.compile_naming(index, check),
            Check::Placeholder if rule.scope == Scope::Dataset => {
                let custom: Vec<usize> = self.header.custom.clone();
                if custom.is_empty() {
                    self.not_applicable(index, None, "no custom columns in the file".into());
                }
                for i in custom {
                    let name = self.plans[i].name.clone();
                    let t = self.instance(index, Some(&name), "values");
                    self.plans[i].placeholder = Some(t);
                }
            }
            _ => {
                for column in rule.target_columns() {
                    let position = match self.column_position(column) {
                        Ok(p) => p,
                        Err(reason) => {
                            self.not_applicable(index, Some(column), reason);
                            continue;
                        }
                    };
                    self.compile_on_column(index, check, column, position);
                }
            }
        }
    }

    fn compile_presence(&mut self, index: usize, rule: &Rule) {
        for column in rule.target_columns() {
            if !self.catalogue.contains(column) {
                self.not_applicable(
                    index,
                    Some(column),
                    format!("{column} is not a column of FOCUS {}", self.version),
                );
                continue;
            }
            let t = self.instance(index, Some(column), "columns");
            self.tallies[t].checked = 1;
            if !presence::is_present(&self.header, column) {
                let found = presence::misspelling_of(&self.header, column).map(str::to_string);
                let value = match &found {
                    Some(f) => format!("missing (the header has {f})"),
                    None => "missing".to_string(),
                };
                self.tallies[t].fail(None, || value);
                if let Some(f) = found {
                    self.drafts[t].note =
                        Some(format!("The header has {f}: rename it to {column}."));
                }
            }
        }
    }

    fn compile_naming(&mut self, index: usize, check: &Check) {
        let offenders: Vec<(String, String, Option<String>)> = match check {
            Check::CustomColumnPrefix => naming::missing_custom_prefix(&self.header)
                .into_iter()
                .map(|n| (n.to_string(), n.to_string(), Some(format!("Rename it to x_{n}, or remove it."))))
                .collect(),
            Check::ExactColumnIds => self
                .header
                .misnamed
                .iter()
                .map(|m| (m.expected.clone(), m.found.clone(), Some(format!("The header has {}; the FOCUS column ID is {}. Until it is renamed, {} counts as missing.", m.found, m.expected, m.expected))))
                .collect(),
            Check::UniqueColumnNames => self
                .header
                .duplicates
                .iter()
                .map(|(n, p)| (n.clone(), n.clone(), Some(format!("{n} appears {} times; certkit checks the first one.", p.len()))))
                .collect(),
            Check::CustomColumnsLast => naming::custom_columns_out_of_place(&self.header)
                .into_iter()
                .map(|n| (n.to_string(), n.to_string(), None))
                .collect(),
            Check::CustomColumnNaming => naming::badly_named_custom_columns(&self.header)
                .into_iter()
                .map(|n| (n.to_string(), n.to_string(), None))
                .collect(),
            _ => Vec::new(),
        };
        let considered = match check {
            Check::CustomColumnPrefix | Check::CustomColumnsLast | Check::CustomColumnNaming => {
                self.header.custom.len()
            }
            _ => self.header.names.len(),
        } as u64;
        if offenders.is_empty() {
            let t = self.instance(index, None, "columns");
            self.tallies[t].checked = considered;
            return;
        }
        for (column, found, note) in offenders {
            let t = self.instance(index, Some(&column), "columns");
            self.tallies[t].checked = 1;
            self.tallies[t].fail(None, || found);
            self.drafts[t].note = note;
        }
    }

    fn compile_on_column(&mut self, index: usize, check: &Check, column: &str, position: usize) {
        match check {
            Check::DataType => {
                let t = self.instance(index, Some(column), "values");
                self.plans[position].type_check = Some(t);
                if !self.plans[position].type_fits {
                    if let Some(ft) = self.plans[position].focus_type {
                        self.drafts[t].note = Some(types::mismatch_message(
                            column,
                            ft,
                            &self.plans[position].arrow_type,
                        ));
                    }
                }
            }
            Check::Placeholder => {
                let t = self.instance(index, Some(column), "values");
                self.plans[position].placeholder = Some(t);
            }
            Check::NotNull { when: None } => {
                let t = self.instance(index, Some(column), "rows");
                self.plans[position].not_null = Some(t);
            }
            Check::Numeric { .. }
            | Check::Datetime { .. }
            | Check::Currency { .. }
            | Check::KeyValue { .. }
            | Check::SkuPriceDetails { .. }
            | Check::Unit { .. }
            | Check::StringHandling { .. }
            | Check::AllowedValues => {
                let Some(mask) = check.facets() else {
                    return self.not_applicable(
                        index,
                        Some(column),
                        "the rule names a facet certkit does not know".into(),
                    );
                };
                let t = self.instance(index, Some(column), "values");
                let plan = &mut self.plans[position];
                if mask & facet::BLANK != 0 {
                    plan.blank_check = true;
                }
                if let (Check::Currency { facet }, Analyzer::Currency { national_only }) =
                    (check, &mut plan.analyzer)
                {
                    if facet == "national_only" {
                        *national_only = true;
                    }
                }
                plan.facet_checks.push((mask, t));
                plan.needed |= mask;
            }
            Check::NotNull { when: Some(_) } | Check::Null { .. } | Check::ZeroWhen { .. } => {
                let Some(cond) = self.resolve_condition(index, 0, column) else {
                    return;
                };
                let t = self.instance(index, Some(column), "rows");
                let row_check = match check {
                    Check::NotNull { .. } => RowCheck::NotNullWhen {
                        target: position,
                        cond,
                    },
                    Check::Null { .. } => RowCheck::NullWhen {
                        target: position,
                        cond,
                    },
                    _ => {
                        self.plans[position].cache_numbers = true;
                        let mut show = vec![position];
                        show.extend(self.condition_columns(index, 0));
                        RowCheck::ZeroWhen {
                            target: position,
                            cond,
                            show,
                        }
                    }
                };
                self.row_checks.push((row_check, t));
            }
            Check::RowCondition { .. } => {
                let Some(cond) = self.resolve_condition(index, 0, column) else {
                    return;
                };
                let Some(require) = self.resolve_condition(index, 1, column) else {
                    return;
                };
                let mut show = self.condition_columns(index, 0);
                show.extend(self.condition_columns(index, 1));
                show.dedup();
                let t = self.instance(index, Some(column), "rows");
                self.row_checks.push((
                    RowCheck::Require {
                        cond,
                        require,
                        show,
                    },
                    t,
                ));
            }
            Check::EqualsColumn { other, .. } => {
                let other = match self.column_position(other) {
                    Ok(p) => p,
                    Err(reason) => return self.not_applicable(index, Some(column), reason),
                };
                let Some(cond) = self.resolve_condition(index, 0, column) else {
                    return;
                };
                let t = self.instance(index, Some(column), "rows");
                self.row_checks.push((
                    RowCheck::Equals {
                        target: position,
                        other,
                        cond,
                    },
                    t,
                ));
            }
            Check::SubcategoryParent { category } => {
                let category = match self.column_position(category) {
                    Ok(p) => p,
                    Err(reason) => return self.not_applicable(index, Some(column), reason),
                };
                let Some(parents) = self
                    .catalogue
                    .column(column)
                    .map(|c| &c.parent_values)
                    .filter(|p| !p.is_empty())
                else {
                    return self.not_applicable(
                        index,
                        Some(column),
                        format!(
                            "FOCUS {} lists no parent categories for {column}",
                            self.version
                        ),
                    );
                };
                let t = self.instance(index, Some(column), "rows");
                self.row_checks.push((
                    RowCheck::Subcategory {
                        target: position,
                        category,
                        parents,
                    },
                    t,
                ));
            }
            Check::PriceTimesQuantity {
                quantity, pairs, ..
            } => {
                let quantity = match self.column_position(quantity) {
                    Ok(p) => p,
                    Err(reason) => return self.not_applicable(index, Some(column), reason),
                };
                let mut resolved = Vec::new();
                let mut missing = Vec::new();
                for pair in pairs {
                    match (
                        self.column_position(&pair.price),
                        self.column_position(&pair.cost),
                    ) {
                        (Ok(p), Ok(c)) => resolved.push((p, c)),
                        (Err(reason), _) | (_, Err(reason)) => missing.push(reason),
                    }
                }
                if resolved.is_empty() {
                    return self.not_applicable(index, Some(column), missing.join("; "));
                }
                let Some(cond) = self.resolve_condition(index, 0, column) else {
                    return;
                };
                self.plans[quantity].cache_numbers = true;
                for &(p, c) in &resolved {
                    self.plans[p].cache_numbers = true;
                    self.plans[c].cache_numbers = true;
                }
                let t = self.instance(index, Some(column), "rows");
                if !missing.is_empty() {
                    self.drafts[t].note = Some(format!(
                        "Only part of the check ran: {}.",
                        missing.join("; ")
                    ));
                }
                self.row_checks.push((
                    RowCheck::PriceTimesQuantity {
                        quantity,
                        pairs: resolved,
                        cond,
                    },
                    t,
                ));
            }
            Check::PeriodOrder { start, end } => {
                let (start, end) = match (self.column_position(start), self.column_position(end)) {
                    (Ok(s), Ok(e)) => (s, e),
                    (Err(reason), _) | (_, Err(reason)) => {
                        return self.not_applicable(index, Some(column), reason)
                    }
                };
                let t = self.instance(index, Some(column), "rows");
                self.row_checks
                    .push((RowCheck::PeriodOrder { start, end }, t));
            }
            Check::OnePerKey { key, value, .. } => {
                let (key, value) = match (self.column_position(key), self.column_position(value)) {
                    (Ok(k), Ok(v)) => (k, v),
                    (Err(reason), _) | (_, Err(reason)) => {
                        return self.not_applicable(index, Some(column), reason)
                    }
                };
                let cond = match check.conditions().is_empty() {
                    true => None,
                    false => match self.resolve_condition(index, 0, column) {
                        Some(c) => Some(c),
                        None => return,
                    },
                };
                let t = self.instance(index, Some(column), "rows");
                let state = OnePerKey::new(self.options.key_cap);
                self.row_checks.push((
                    RowCheck::OnePerKey {
                        key,
                        value,
                        cond,
                        state,
                    },
                    t,
                ));
            }
            Check::CommitmentAmortization => {
                let needed = [
                    "CommitmentDiscountId",
                    "ChargeCategory",
                    "CommitmentDiscountStatus",
                    "BilledCost",
                    "EffectiveCost",
                    "ChargePeriodStart",
                    "ChargePeriodEnd",
                ];
                let mut found = Vec::new();
                for n in needed {
                    match self.column_position(n) {
                        Ok(p) => found.push(p),
                        Err(reason) => return self.not_applicable(index, Some(column), reason),
                    }
                }
                let t = self.instance(index, Some(column), "commitments");
                self.plans[found[3]].cache_numbers = true;
                self.plans[found[4]].cache_numbers = true;
                match &mut self.amortization {
                    Some((_, _, instances)) => instances.push(t),
                    None => {
                        let columns = AmortizationColumns {
                            id: found[0],
                            category: found[1],
                            status: found[2],
                            billed: found[3],
                            effective: found[4],
                            start: found[5],
                            end: found[6],
                            class: self.header.index("ChargeClass"),
                        };
                        self.amortization =
                            Some((columns, Amortization::new(self.options.key_cap), vec![t]));
                    }
                }
            }
            Check::Presence
            | Check::CustomColumnPrefix
            | Check::ExactColumnIds
            | Check::UniqueColumnNames
            | Check::CustomColumnsLast
            | Check::CustomColumnNaming => {}
        }
    }

    /// The header positions of the columns a condition reads (present ones).
    fn condition_columns(&self, rule: usize, position: usize) -> Vec<usize> {
        let mut columns: Vec<usize> = self
            .registry
            .condition(rule, position)
            .map(|c| {
                c.leaves()
                    .iter()
                    .filter_map(|l| self.header.index(&l.column))
                    .collect()
            })
            .unwrap_or_default();
        columns.dedup();
        columns
    }

    /// Resolves condition `position` of rule `rule` to a distinct condition slot, or
    /// records the instance as not applicable when one of its columns is absent.
    fn resolve_condition(&mut self, rule: usize, position: usize, column: &str) -> Option<usize> {
        let Some(condition) = self.registry.condition(rule, position) else {
            self.not_applicable(
                rule,
                Some(column),
                "the rule's condition could not be read".into(),
            );
            return None;
        };
        match self.resolve(condition) {
            Ok(resolved) => {
                let key = format!("{condition:?}");
                if let Some(i) = self.condition_keys.iter().position(|k| *k == key) {
                    return Some(i);
                }
                self.conditions.push(resolved);
                self.condition_keys.push(key);
                Some(self.conditions.len() - 1)
            }
            Err(reason) => {
                self.not_applicable(
                    rule,
                    Some(column),
                    format!("{reason} (needed to decide which rows the rule covers)"),
                );
                None
            }
        }
    }

    fn resolve(&mut self, condition: &Condition) -> Result<Resolved, String> {
        Ok(match condition {
            Condition::All(list) => Resolved::All(
                list.iter()
                    .map(|c| self.resolve(c))
                    .collect::<Result<_, _>>()?,
            ),
            Condition::Any(list) => Resolved::Any(
                list.iter()
                    .map(|c| self.resolve(c))
                    .collect::<Result<_, _>>()?,
            ),
            Condition::Not(inner) => Resolved::Not(Box::new(self.resolve(inner)?)),
            Condition::Leaf(leaf) => {
                let column = match self.column_position(&leaf.column) {
                    Ok(p) => Some(p),
                    Err(_) if leaf.absent_as_null => None,
                    Err(reason) => return Err(reason),
                };
                let key = (column, leaf.test.clone());
                match self.leaves.iter().position(|l| *l == key) {
                    Some(slot) => Resolved::Leaf(slot),
                    None => {
                        self.leaves.push(key);
                        Resolved::Leaf(self.leaves.len() - 1)
                    }
                }
            }
        })
    }

    /// Runs every check over one batch.
    // Rows are indexed in step across several columns' buffers.
    #[allow(clippy::needless_range_loop)]
    pub fn push(&mut self, batch: &RecordBatch) {
        let n = batch.num_rows();
        if n == 0 {
            return;
        }
        let first_row = self.rows;
        let columns = batch.columns();
        let cells: Vec<Cells> = columns.iter().map(Cells::new).collect();
        let width = self.plans.len().min(cells.len());
        let scratch = &mut self.scratch;
        scratch.nulls.resize_with(width, Vec::new);
        scratch.instants.resize_with(width, Vec::new);
        scratch.numbers.resize_with(width, Vec::new);
        for i in 0..width {
            scratch.nulls[i].clear();
            scratch.nulls[i].resize(n, true);
            if self.plans[i].cache_instants {
                scratch.instants[i].clear();
                scratch.instants[i].resize(n, None);
            }
            if self.plans[i].cache_numbers {
                scratch.numbers[i].clear();
                scratch.numbers[i].resize(n, None);
            }
            let out = ColumnOut {
                nulls: &mut scratch.nulls[i],
                instants: &mut scratch.instants[i],
                numbers: &mut scratch.numbers[i],
            };
            scan_column(
                &mut self.plans[i],
                &cells[i],
                n,
                first_row,
                &mut self.tallies,
                out,
            );
        }
        // Columns the batch lacks (a malformed batch) read as all null.
        scratch.nulls.resize_with(self.plans.len(), Vec::new);
        for i in width..self.plans.len() {
            scratch.nulls[i].clear();
            scratch.nulls[i].resize(n, true);
        }
        let cells_ref = &cells;
        scratch
            .conditions
            .resize_with(self.conditions.len(), Vec::new);
        scratch.leaves.resize_with(self.leaves.len(), Vec::new);
        for (k, (column, test)) in self.leaves.iter().enumerate() {
            leaf_into(
                *column,
                test,
                n,
                cells_ref,
                &scratch.nulls,
                &mut scratch.leaves[k],
            );
        }
        for (k, cond) in self.conditions.iter().enumerate() {
            eval_into(cond, n, &scratch.leaves, &mut scratch.conditions[k]);
        }
        let tolerance = self.options.tolerance;
        scratch.pairs.clear();
        for (check, _) in &self.row_checks {
            if let RowCheck::PriceTimesQuantity {
                quantity,
                pairs,
                cond,
            } = check
            {
                for &(price, cost) in pairs {
                    let key = (*quantity, price, cost, *cond);
                    if !scratch.pairs.iter().any(|(k, _)| *k == key) {
                        let outcomes = pair_outcomes(key, n, cells_ref, scratch, tolerance);
                        scratch.pairs.push((key, outcomes));
                    }
                }
            }
        }
        let names = &self.header.names;
        for (check, t) in &mut self.row_checks {
            run_row_check(
                check,
                &mut self.tallies[*t],
                n,
                first_row,
                cells_ref,
                scratch,
                names,
            );
        }
        if let Some((columns, state, _)) = &mut self.amortization {
            feed_amortization(columns, state, n, cells_ref, scratch);
        }
        self.feed_stats(n, cells_ref);
        self.rows += n as u64;
    }

    fn feed_stats(&mut self, n: usize, cells: &[Cells]) {
        let scratch = &self.scratch;
        if let Some(c) = self
            .header
            .index("ChargeCategory")
            .filter(|&c| c < cells.len())
        {
            for r in 0..n {
                if !scratch.nulls[c][r] {
                    if let Some(t) = cells[c].text(r) {
                        self.stats.category(t);
                    }
                }
            }
        }
        let positions: Vec<Option<usize>> = [
            "BillingPeriodStart",
            "BillingPeriodEnd",
            "ChargePeriodStart",
            "ChargePeriodEnd",
        ]
        .iter()
        .map(|n| {
            self.header
                .index(n)
                .filter(|&p| p < scratch.instants.len() && self.plans[p].cache_instants)
        })
        .collect();
        if let [Some(bs), Some(be), Some(cs), Some(ce)] = positions[..] {
            for r in 0..n {
                let at = |c: usize| {
                    if scratch.nulls[c][r] {
                        None
                    } else {
                        scratch.instants[c][r]
                    }
                };
                if let (Some(a), Some(b), Some(c), Some(d)) = (at(bs), at(be), at(cs), at(ce)) {
                    self.stats.periods((a, b), (c, d));
                }
            }
        }
    }

    /// Ends the run: settles the cross-row results and returns everything found.
    pub fn finish(mut self) -> EngineOutput {
        let mut cross_row = Vec::new();
        for (check, t) in &self.row_checks {
            if let RowCheck::OnePerKey {
                state, key, value, ..
            } = check
            {
                let rule = &self.registry.rules[self.drafts[*t].rule];
                let (k, v) = (&self.plans[*key].name, &self.plans[*value].name);
                let mut numbers = BTreeMap::new();
                numbers.insert("distinct_keys".to_string(), state.keys() as f64);
                numbers.insert(
                    "keys_with_several_values".to_string(),
                    state.conflicting_keys() as f64,
                );
                numbers.insert("rows_not_checked".to_string(), state.unchecked_rows as f64);
                let mut detail = format!(
                    "{} distinct {k} values; {} have more than one {v}.",
                    state.keys(),
                    state.conflicting_keys()
                );
                if state.cap_reached() {
                    detail.push_str(&format!(" The cap of {} distinct keys was reached: {} rows with newer keys were not checked.", self.options.key_cap, state.unchecked_rows));
                    self.drafts[*t].note = Some(format!("Only the first {} distinct {k} values were tracked; {} rows were not checked.", self.options.key_cap, state.unchecked_rows));
                }
                let status = if state.conflicting_keys() > 0 {
                    CrossRowStatus::Fail
                } else {
                    CrossRowStatus::Pass
                };
                cross_row.push(CrossRowResult {
                    id: rule.id.clone(),
                    title: format!("One {v} per {k}"),
                    status,
                    detail,
                    numbers,
                });
            }
        }
        if let Some((_, state, instances)) = self.amortization.take() {
            cross_row.push(self.settle_amortization(&state, &instances));
        }
        cross_row.extend(self.sample_results());
        let instances = self
            .drafts
            .iter()
            .zip(self.tallies.iter())
            .map(|(d, t)| Instance {
                rule: d.rule,
                column: d.column.clone(),
                applicability: d.applicability.clone(),
                unit: d.unit,
                status: match &d.not_applicable {
                    Some(reason) => InstanceStatus::NotApplicable(reason.clone()),
                    None => InstanceStatus::Checked(t.clone()),
                },
                note: d.note.clone(),
            })
            .collect();
        let detected_areas = areas()
            .iter()
            .map(|a| {
                let detected = a.columns.iter().any(|c| {
                    self.header
                        .index(c)
                        .is_some_and(|p| self.plans[p].non_null_values > 0)
                });
                (a.id.clone(), detected)
            })
            .collect();
        EngineOutput {
            version: self.version,
            header: self.header.clone(),
            rows: self.rows,
            instances,
            cross_row,
            detected_areas,
            complete_billing_periods: self.stats.complete_billing_periods().len(),
            billing_periods: self.stats.billing_periods.len(),
            charge_categories: self.stats.categories(),
            notices: self.notices,
        }
    }

    fn settle_amortization(&mut self, state: &Amortization, instances: &[usize]) -> CrossRowResult {
        let mut ids: Vec<&[u8]> = state.commitments.keys().collect();
        ids.sort();
        let (mut balanced, mut unbalanced, mut incomplete) = (0u64, 0u64, 0u64);
        let mut examples = Vec::new();
        for id in ids {
            let Some(totals) = state.commitments.get(id) else {
                continue;
            };
            match Amortization::verdict(totals) {
                CommitmentVerdict::Balanced => balanced += 1,
                CommitmentVerdict::Incomplete => incomplete += 1,
                CommitmentVerdict::Unbalanced { usage, purchase } => {
                    unbalanced += 1;
                    examples.push(format!(
                        "{}: EffectiveCost of its usage rows {usage} vs BilledCost of its purchases {purchase}",
                        String::from_utf8_lossy(id)
                    ));
                }
            }
        }
        for &t in instances {
            let tally = &mut self.tallies[t];
            tally.checked = balanced + unbalanced;
            for e in &examples {
                tally.fail(None, || e.clone());
            }
            if state.unchecked_rows > 0 {
                self.drafts[t].note = Some(format!(
                    "The cap of {} commitments was reached: {} rows were not counted.",
                    self.options.key_cap, state.unchecked_rows
                ));
            }
        }
        let mut numbers = BTreeMap::new();
        numbers.insert("commitments".to_string(), state.commitments.len() as f64);
        numbers.insert("balanced".to_string(), balanced as f64);
        numbers.insert("unbalanced".to_string(), unbalanced as f64);
        numbers.insert("term_not_covered".to_string(), incomplete as f64);
        let status = if unbalanced > 0 {
            CrossRowStatus::Fail
        } else if balanced > 0 {
            CrossRowStatus::Pass
        } else {
            CrossRowStatus::Info
        };
        let detail = format!(
            "{} commitment discounts: {balanced} balance over their term, {unbalanced} do not, and for {incomplete} the sample does not cover the purchase term (or holds no purchase), so their sums are information only.",
            state.commitments.len()
        );
        CrossRowResult {
            id: "EffectiveCost-C-012-C".into(),
            title: "Commitment amortization (EffectiveCost of usage vs BilledCost of purchases)"
                .into(),
            status,
            detail,
            numbers,
        }
    }

    fn sample_results(&self) -> Vec<CrossRowResult> {
        let mut results = Vec::new();
        let complete = self.stats.complete_billing_periods();
        let periods_present = [
            "BillingPeriodStart",
            "BillingPeriodEnd",
            "ChargePeriodStart",
            "ChargePeriodEnd",
        ]
        .iter()
        .all(|c| self.header.index(c).is_some());
        let mut numbers = BTreeMap::new();
        numbers.insert(
            "billing_periods".to_string(),
            self.stats.billing_periods.len() as f64,
        );
        numbers.insert(
            "complete_billing_periods".to_string(),
            complete.len() as f64,
        );
        let (status, detail) = if !periods_present || self.stats.periods_compared == 0 {
            (CrossRowStatus::NotEvaluated, "The billing and charge period columns are absent or unreadable, so billing-period coverage could not be measured.".to_string())
        } else if let Some((s, e)) = complete.first() {
            (
                CrossRowStatus::Pass,
                format!(
                    "{} of {} billing periods are complete, e.g. {} to {}.",
                    complete.len(),
                    self.stats.billing_periods.len(),
                    datetime::format_epoch(*s),
                    datetime::format_epoch(*e)
                ),
            )
        } else {
            (CrossRowStatus::Fail, format!("None of the {} billing periods is covered by charge periods from its start to its end. The certification asks for at least one complete billing period.", self.stats.billing_periods.len()))
        };
        results.push(CrossRowResult {
            id: "certkit:Sample-complete-billing-period".into(),
            title: "At least one complete billing period".into(),
            status,
            detail,
            numbers,
        });

        let mut numbers = BTreeMap::new();
        let categories = self.stats.categories();
        for (category, count) in &categories {
            numbers.insert(format!("rows_{category}"), *count as f64);
        }
        let (status, detail) = match categories.len() {
            0 => (CrossRowStatus::NotEvaluated, "No ChargeCategory values to count.".to_string()),
            1 => (CrossRowStatus::Warning, format!("Every row has ChargeCategory {}. The certification asks for a representative mix of charge categories (usage, purchases, taxes, credits, adjustments as your platform produces them).", categories.keys().next().map(String::as_str).unwrap_or(""))),
            _ => (CrossRowStatus::Pass, format!("Charge categories present: {}.", categories.iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join(", "))),
        };
        results.push(CrossRowResult {
            id: "certkit:Sample-charge-category-mix".into(),
            title: "Representative mix of charge categories".into(),
            status,
            detail,
            numbers,
        });

        let mut numbers = BTreeMap::new();
        numbers.insert(
            "rows_compared".to_string(),
            self.stats.periods_compared as f64,
        );
        numbers.insert(
            "rows_outside".to_string(),
            self.stats.charge_outside_billing as f64,
        );
        let (status, detail) = if self.stats.periods_compared == 0 {
            (
                CrossRowStatus::NotEvaluated,
                "The periods could not be compared.".to_string(),
            )
        } else if self.stats.charge_outside_billing == 0 {
            (
                CrossRowStatus::Pass,
                "Every charge period lies inside its billing period.".to_string(),
            )
        } else {
            (CrossRowStatus::Info, format!("{} of {} rows have a charge period that extends outside its billing period. FOCUS does not forbid it (an upfront purchase can cover a longer term), but check that these rows are meant that way.", self.stats.charge_outside_billing, self.stats.periods_compared))
        };
        results.push(CrossRowResult {
            id: "certkit:Sample-charge-within-billing-period".into(),
            title: "Charge periods inside their billing period".into(),
            status,
            detail,
            numbers,
        });
        results
    }
}

/// Counters of one column pass.
#[derive(Default)]
struct ScanCounts {
    text_values: u64,
    non_null: u64,
    wrong_type: u64,
}

/// The last analyzed text value of a column and what its analysis found. Billing data
/// repeats a value down a column for long runs (a currency, a category, a period start),
/// so comparing with the value above is cheaper than analyzing again.
#[derive(Default)]
struct Previous<'a> {
    value: Option<&'a [u8]>,
    number: Option<Number>,
    facets: Facets,
    instant: Option<i64>,
}

/// The single pass over one column: nulls and placeholders (filling the null mask),
/// the type check, and every facet check, one analysis per value.
fn scan_column(
    plan: &mut ColumnPlan,
    cells: &Cells,
    n: usize,
    first_row: u64,
    tallies: &mut [Tally],
    mut out: ColumnOut,
) {
    let mut counts = ScanCounts::default();
    match cells {
        // Text, the common case: read the bytes straight from the offsets.
        Cells::Text(array) => {
            let offsets = array.value_offsets();
            let data = array.value_data();
            let null_buffer = array.nulls();
            let mut previous = Previous::default();
            for r in 0..n {
                let value = if null_buffer.is_some_and(|b| b.is_null(r)) {
                    None
                } else {
                    data.get(offsets[r] as usize..offsets[r + 1] as usize)
                };
                scan_cell(
                    plan,
                    cells,
                    r,
                    value,
                    first_row,
                    tallies,
                    &mut out,
                    &mut counts,
                    &mut previous,
                );
            }
        }
        _ => {
            for r in 0..n {
                if cells.is_null(r) {
                    scan_cell(
                        plan,
                        cells,
                        r,
                        None,
                        first_row,
                        tallies,
                        &mut out,
                        &mut counts,
                        &mut Previous::default(),
                    );
                } else {
                    scan_typed_cell(plan, cells, r, first_row, tallies, &mut out, &mut counts);
                }
            }
        }
    }
    plan.non_null_values += counts.non_null;
    if let Some(t) = plan.placeholder {
        tallies[t].checked += counts.text_values;
    }
    if let Some(t) = plan.not_null {
        tallies[t].checked += n as u64;
    }
    if let Some(t) = plan.type_check {
        tallies[t].checked += counts.non_null;
    }
    let checked_values = counts.non_null - counts.wrong_type;
    for &(_, t) in &plan.facet_checks {
        tallies[t].checked += checked_values;
    }
}

/// One text cell (or a null of any column).
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn scan_cell<'a>(
    plan: &mut ColumnPlan,
    cells: &Cells,
    r: usize,
    value: Option<&'a [u8]>,
    first_row: u64,
    tallies: &mut [Tally],
    out: &mut ColumnOut,
    counts: &mut ScanCounts,
    previous: &mut Previous<'a>,
) {
    let row = Some(first_row + r as u64 + 1);
    let Some(v) = value else {
        if let Some(t) = plan.not_null {
            tallies[t].fail(row, || "null".into());
        }
        return;
    };
    counts.text_values += 1;
    if nullability::is_placeholder(v) {
        if let Some(t) = plan.placeholder {
            tallies[t].fail(row, || format!("{:?}", String::from_utf8_lossy(v)));
        }
        if let Some(t) = plan.not_null {
            tallies[t].fail(row, || String::from_utf8_lossy(v).into_owned());
        }
        return;
    }
    out.nulls[r] = false;
    counts.non_null += 1;
    if !plan.type_fits {
        counts.wrong_type += 1;
        if let Some(t) = plan.type_check {
            tallies[t].fail(row, || cells.render(r));
        }
        return;
    }
    if previous.value.is_some_and(|p| crate::bytes::equal(p, v)) {
        if plan.cache_numbers {
            out.numbers[r] = previous.number;
        }
        if plan.cache_instants {
            out.instants[r] = previous.instant;
        }
        report_facets(plan, cells, r, row, previous.facets, tallies);
        return;
    }
    let number = if plan.cache_numbers {
        parse_lenient(v)
    } else {
        None
    };
    if plan.cache_numbers {
        out.numbers[r] = number;
    }
    if plan.facet_checks.is_empty() && !plan.cache_instants {
        *previous = Previous {
            value: Some(v),
            number,
            facets: 0,
            instant: None,
        };
        return;
    }
    let memoized = plan.memo.as_ref().and_then(|m| m.get(v)).copied();
    let (facets, instant) = match memoized {
        Some(result) => result,
        None => {
            let mut instant = None;
            let facets = analyze_text(
                &plan.analyzer,
                plan.blank_check,
                v,
                plan.needed,
                &mut instant,
            );
            if let Some(memo) = plan.memo.as_mut().filter(|m| m.len() < MEMO_CAP) {
                memo.insert(v, (facets, instant));
            }
            (facets, instant)
        }
    };
    if plan.cache_instants {
        out.instants[r] = instant;
    }
    *previous = Previous {
        value: Some(v),
        number,
        facets,
        instant,
    };
    report_facets(plan, cells, r, row, facets, tallies);
}

/// Counts a failure of every facet check whose facets the value has.
#[inline(always)]
fn report_facets(
    plan: &ColumnPlan,
    cells: &Cells,
    r: usize,
    row: Option<u64>,
    facets: Facets,
    tallies: &mut [Tally],
) {
    if facets & plan.needed != 0 {
        for &(mask, t) in &plan.facet_checks {
            if facets & mask != 0 {
                tallies[t].fail(row, || cells.render(r));
            }
        }
    }
}

/// One non-null cell of a typed (non-text) column.
#[allow(clippy::too_many_arguments)]
fn scan_typed_cell(
    plan: &ColumnPlan,
    cells: &Cells,
    r: usize,
    first_row: u64,
    tallies: &mut [Tally],
    out: &mut ColumnOut,
    counts: &mut ScanCounts,
) {
    let row = Some(first_row + r as u64 + 1);
    out.nulls[r] = false;
    counts.non_null += 1;
    if !plan.type_fits {
        counts.wrong_type += 1;
        if let Some(t) = plan.type_check {
            tallies[t].fail(row, || cells.render(r));
        }
        return;
    }
    if plan.cache_numbers {
        out.numbers[r] = cells.number(r);
    }
    let mut instant = None;
    let facets = analyze_typed(&plan.analyzer, cells, r, &mut instant);
    if plan.cache_instants {
        out.instants[r] = instant;
    }
    report_facets(plan, cells, r, row, facets, tallies);
}

/// The facets of one text value.
fn analyze_text(
    analyzer: &Analyzer,
    blank: bool,
    v: &[u8],
    needed: Facets,
    instant: &mut Option<i64>,
) -> Facets {
    let mut f = if blank {
        string_handling::analyze(v)
    } else {
        0
    };
    match analyzer {
        Analyzer::Numeric => f |= numeric::analyze(v),
        Analyzer::DateTime => {
            let (facets, at) = datetime::analyze(v);
            *instant = at;
            f |= facets;
        }
        Analyzer::Currency { national_only } => f |= currency::analyze(v, *national_only),
        Analyzer::KeyValue { sku_keys } if needed != 0 => f |= key_value::analyze(v, *sku_keys),
        Analyzer::Unit if needed & !facet::BLANK != 0 => f |= unit::analyze(v),
        Analyzer::Allowed(set) => f |= allowed_values::analyze(v, set),
        _ => {}
    }
    f
}

/// The facets of one typed (non-text) value whose type fits the column.
fn analyze_typed(
    analyzer: &Analyzer,
    cells: &Cells,
    r: usize,
    instant: &mut Option<i64>,
) -> Facets {
    match (analyzer, cells) {
        (Analyzer::Numeric, Cells::Float(_)) => {
            cells.float(r).map(numeric::analyze_float).unwrap_or(0)
        }
        (Analyzer::Numeric, _) if cells.number(r).is_some_and(|n| n.is_negative()) => {
            facet::NUM_NEGATIVE
        }
        (Analyzer::Numeric, _) => 0,
        (Analyzer::DateTime, Cells::Timestamp(_, _, utc)) => {
            *instant = cells.instant(r);
            if *utc {
                0
            } else {
                facet::DT_FORMAT | facet::DT_UTC
            }
        }
        (Analyzer::DateTime, Cells::Date32(_) | Cells::Date64(_)) => {
            *instant = cells.instant(r);
            facet::DT_FORMAT | facet::DT_EXTENDED | facet::DT_T_SEPARATOR | facet::DT_Z_SUFFIX
        }
        _ => 0,
    }
}

/// The outcome of one price × quantity = cost check on every row of the batch.
fn pair_outcomes(
    key: PairKey,
    n: usize,
    cells: &[Cells],
    scratch: &Scratch,
    tolerance: Tolerance,
) -> Vec<PairOutcome> {
    let (quantity, price, cost, cond) = key;
    (0..n)
        .map(|r| {
            if !scratch.conditions[cond][r] {
                return PairOutcome::Skipped;
            }
            let factors = (
                number_at(scratch, cells, quantity, r),
                number_at(scratch, cells, price, r),
                number_at(scratch, cells, cost, r),
            );
            match factors {
                (Some(q), Some(p), Some(c))
                    if cross_column::product_matches(p, q, c, tolerance) =>
                {
                    PairOutcome::Match
                }
                (Some(_), Some(_), Some(_)) => PairOutcome::Mismatch,
                _ => PairOutcome::Skipped,
            }
        })
        .collect()
}

/// The number in column `c` at row `r`: from the column pass's cache when the column
/// keeps one, else read now; `None` for nulls and non-numbers.
fn number_at(scratch: &Scratch, cells: &[Cells], c: usize, r: usize) -> Option<Number> {
    if c >= cells.len() || scratch.nulls[c][r] {
        return None;
    }
    match scratch.numbers.get(c).and_then(|cached| cached.get(r)) {
        Some(n) => *n,
        None => cells[c].number(r),
    }
}

/// Evaluates a condition for every row of the batch into `out`, from the leaves'
/// values computed for this batch.
fn eval_into(cond: &Resolved, n: usize, leaves: &[Vec<bool>], out: &mut Vec<bool>) {
    out.clear();
    match cond {
        Resolved::Leaf(slot) => out.extend_from_slice(&leaves[*slot][..n]),
        Resolved::All(list) | Resolved::Any(list) => {
            let all = matches!(cond, Resolved::All(_));
            out.resize(n, all);
            let mut part = Vec::with_capacity(n);
            for c in list {
                eval_into(c, n, leaves, &mut part);
                if all {
                    out.iter_mut().zip(&part).for_each(|(o, p)| *o &= *p);
                } else {
                    out.iter_mut().zip(&part).for_each(|(o, p)| *o |= *p);
                }
            }
        }
        Resolved::Not(inner) => {
            eval_into(inner, n, leaves, out);
            out.iter_mut().for_each(|o| *o = !*o);
        }
    }
}

/// One leaf for every row: null cells (and placeholders, and absent columns read as
/// null) are `Cell::Null`, text is compared as bytes, typed values are `Cell::Other`.
fn leaf_into(
    column: Option<usize>,
    test: &LeafTest,
    n: usize,
    cells: &[Cells],
    nulls: &[Vec<bool>],
    out: &mut Vec<bool>,
) {
    out.clear();
    let null_holds = test.holds(Cell::Null);
    let Some(c) = column.filter(|&c| c < cells.len()) else {
        out.resize(n, null_holds);
        return;
    };
    let nulls = &nulls[c][..n];
    if let LeafTest::IsNull(want) = test {
        out.extend(nulls.iter().map(|&is_null| is_null == *want));
        return;
    }
    match &cells[c] {
        Cells::Text(array) => {
            let offsets = array.value_offsets();
            let data = array.value_data();
            let text = |r: usize| {
                data.get(offsets[r] as usize..offsets[r + 1] as usize)
                    .unwrap_or_default()
            };
            match test {
                // The common tests get a loop of their own; the rest go through `holds`.
                LeafTest::Eq(v) => out.extend((0..n).map(|r| !nulls[r] && text(r) == v.as_bytes())),
                LeafTest::NotEq(v) => {
                    out.extend((0..n).map(|r| nulls[r] || text(r) != v.as_bytes()))
                }
                _ => out.extend((0..n).map(|r| {
                    if nulls[r] {
                        null_holds
                    } else {
                        test.holds(Cell::Text(text(r)))
                    }
                })),
            }
        }
        _ => {
            let other_holds = test.holds(Cell::Other);
            out.extend(
                nulls
                    .iter()
                    .map(|&is_null| if is_null { null_holds } else { other_holds }),
            );
        }
    }
}

/// `Name=value, Name=value` for examples of multi-column checks.
fn show_columns(
    columns: &[usize],
    names: &[String],
    cells: &[Cells],
    nulls: &[Vec<bool>],
    r: usize,
) -> String {
    columns
        .iter()
        .filter(|&&c| c < cells.len())
        .map(|&c| {
            let value = if nulls[c][r] && !cells[c].is_null(r) {
                format!("{} (read as null)", cells[c].render(r))
            } else {
                cells[c].render(r)
            };
            format!(
                "{}={value}",
                names.get(c).map(String::as_str).unwrap_or("?")
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[allow(clippy::too_many_arguments)]
// Rows are indexed in step across several columns' buffers.
#[allow(clippy::needless_range_loop)]
fn run_row_check(
    check: &mut RowCheck,
    tally: &mut Tally,
    n: usize,
    first_row: u64,
    cells: &[Cells],
    scratch: &Scratch,
    names: &[String],
) {
    let nulls = &scratch.nulls;
    let row_no = |r: usize| Some(first_row + r as u64 + 1);
    let name = |c: usize| names.get(c).map(String::as_str).unwrap_or("?");
    match check {
        RowCheck::NotNullWhen { target, cond } => {
            for r in (0..n).filter(|&r| scratch.conditions[*cond][r]) {
                tally.checked += 1;
                if nulls[*target][r] {
                    tally.fail(row_no(r), || cells[*target].render(r));
                }
            }
        }
        RowCheck::NullWhen { target, cond } => {
            for r in (0..n).filter(|&r| scratch.conditions[*cond][r]) {
                tally.checked += 1;
                if !nulls[*target][r] {
                    tally.fail(row_no(r), || cells[*target].render(r));
                }
            }
        }
        RowCheck::Require {
            cond,
            require,
            show,
        } => {
            for r in (0..n).filter(|&r| scratch.conditions[*cond][r]) {
                tally.checked += 1;
                if !scratch.conditions[*require][r] {
                    tally.fail(row_no(r), || show_columns(show, names, cells, nulls, r));
                }
            }
        }
        RowCheck::Equals {
            target,
            other,
            cond,
        } => {
            for r in (0..n).filter(|&r| scratch.conditions[*cond][r]) {
                tally.checked += 1;
                let same = !nulls[*target][r]
                    && !nulls[*other][r]
                    && cells[*target].render(r) == cells[*other].render(r);
                if !same {
                    tally.fail(row_no(r), || {
                        show_columns(&[*target, *other], names, cells, nulls, r)
                    });
                }
            }
        }
        RowCheck::Subcategory {
            target,
            category,
            parents,
        } => {
            for r in 0..n {
                if nulls[*target][r] || nulls[*category][r] {
                    continue;
                }
                let (Some(sub), Some(cat)) = (cells[*target].text(r), cells[*category].text(r))
                else {
                    continue;
                };
                tally.checked += 1;
                // Text columns hold valid UTF-8 (the reader guarantees it).
                let (Ok(sub), Ok(cat)) = (std::str::from_utf8(sub), std::str::from_utf8(cat))
                else {
                    continue;
                };
                if !allowed_values::subcategory_belongs(sub, cat, parents) {
                    tally.fail(row_no(r), || {
                        let parent = parents.get(sub).map(String::as_str).unwrap_or("?");
                        format!("ServiceSubcategory={sub} under ServiceCategory={cat} (it belongs to {parent})")
                    });
                }
            }
        }
        RowCheck::PriceTimesQuantity {
            quantity,
            pairs,
            cond,
        } => {
            // The outcomes were computed once per batch for every distinct pair.
            let outcomes: Vec<(usize, usize, &[PairOutcome])> = pairs
                .iter()
                .filter_map(|&(price, cost)| {
                    scratch
                        .pairs
                        .iter()
                        .find(|(key, _)| *key == (*quantity, price, cost, *cond))
                        .map(|(_, v)| (price, cost, v.as_slice()))
                })
                .collect();
            for r in 0..n {
                let mut checked = false;
                let mut failed: Option<(usize, usize)> = None;
                for &(price, cost, outcome) in &outcomes {
                    match outcome[r] {
                        PairOutcome::Skipped => {}
                        PairOutcome::Match => checked = true,
                        PairOutcome::Mismatch => {
                            checked = true;
                            failed = failed.or(Some((price, cost)));
                        }
                    }
                }
                if checked {
                    tally.checked += 1;
                }
                if let Some((price, cost)) = failed {
                    tally.fail(row_no(r), || {
                        let product = match (
                            number_at(scratch, cells, price, r),
                            number_at(scratch, cells, *quantity, r),
                        ) {
                            (Some(p), Some(q)) => p.mul(q).to_f64().to_string(),
                            _ => "?".to_string(),
                        };
                        format!(
                            "{}={} × {}={} = {product}, but {}={}",
                            name(price),
                            cells[price].render(r),
                            name(*quantity),
                            cells[*quantity].render(r),
                            name(cost),
                            cells[cost].render(r)
                        )
                    });
                }
            }
        }
        RowCheck::ZeroWhen { target, cond, show } => {
            for r in (0..n).filter(|&r| scratch.conditions[*cond][r]) {
                let Some(v) = number_at(scratch, cells, *target, r) else {
                    continue;
                };
                tally.checked += 1;
                if !cross_column::is_zero(v) {
                    tally.fail(row_no(r), || show_columns(show, names, cells, nulls, r));
                }
            }
        }
        RowCheck::PeriodOrder { start, end } => {
            for r in 0..n {
                let at = |c: usize| {
                    if nulls[c][r] {
                        None
                    } else {
                        scratch
                            .instants
                            .get(c)
                            .and_then(|v| v.get(r).copied().flatten())
                            .or_else(|| cells[c].instant(r))
                    }
                };
                let (Some(s), Some(e)) = (at(*start), at(*end)) else {
                    continue;
                };
                tally.checked += 1;
                if !cross_column::period_in_order(s, e) {
                    tally.fail(row_no(r), || {
                        format!(
                            "{}={} → {}={}",
                            name(*start),
                            cells[*start].render(r),
                            name(*end),
                            cells[*end].render(r)
                        )
                    });
                }
            }
        }
        RowCheck::OnePerKey {
            key,
            value,
            cond,
            state,
        } => {
            for r in 0..n {
                if cond.is_some_and(|c| !scratch.conditions[c][r])
                    || nulls[*key][r]
                    || nulls[*value][r]
                {
                    continue;
                }
                let (Some(k), Some(v)) = (cells[*key].text(r), cells[*value].text(r)) else {
                    continue;
                };
                match state.observe(k, v) {
                    KeyOutcome::Consistent => tally.checked += 1,
                    KeyOutcome::Conflict(first) => {
                        tally.checked += 1;
                        tally.fail(row_no(r), || {
                            format!(
                                "{} has {} here, {first} on an earlier row",
                                String::from_utf8_lossy(k),
                                String::from_utf8_lossy(v)
                            )
                        });
                    }
                    KeyOutcome::Unchecked => {}
                }
            }
        }
    }
}

// Rows are indexed in step across several columns' buffers.
#[allow(clippy::needless_range_loop)]
fn feed_amortization(
    columns: &AmortizationColumns,
    state: &mut Amortization,
    n: usize,
    cells: &[Cells],
    scratch: &Scratch,
) {
    let nulls = &scratch.nulls;
    let instant = |c: usize, r: usize| {
        if nulls[c][r] {
            None
        } else {
            scratch
                .instants
                .get(c)
                .and_then(|v| v.get(r).copied().flatten())
        }
    };
    for r in 0..n {
        if nulls[columns.id][r] {
            continue;
        }
        if columns
            .class
            .is_some_and(|c| cells[c].text(r) == Some(b"Correction") && !nulls[c][r])
        {
            continue;
        }
        let Some(id) = cells[columns.id].text(r) else {
            continue;
        };
        let category = if nulls[columns.category][r] {
            None
        } else {
            cells[columns.category].text(r)
        };
        let (start, end) = (instant(columns.start, r), instant(columns.end, r));
        match category {
            Some(b"Purchase") => {
                if let Some(billed) = number_at(scratch, cells, columns.billed, r) {
                    state.purchase(id, billed, start, end);
                }
            }
            Some(b"Usage") => {
                let status = if nulls[columns.status][r] {
                    None
                } else {
                    cells[columns.status].text(r)
                };
                if matches!(status, Some(b"Used") | Some(b"Unused")) {
                    if let Some(effective) = number_at(scratch, cells, columns.effective, r) {
                        state.usage(id, effective, start, end);
                    }
                }
            }
            _ => {}
        }
    }
}
