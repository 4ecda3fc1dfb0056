//! The rule registry: every FOCUS 1.2 requirement certkit knows, loaded from
//! `data/focus/1.2/rules.json`.
//!
//! Rules are data; checks are code. Each rule names the official requirement ID (the
//! FinOps Foundation requirements model's `BilledCost-C-003-M`), or a stable certkit ID
//! (`certkit:UnitFormat-data-size-abbreviations`) for requirements without one, and
//! either a `check` (a check kind from [`Check`] with its parameters) or a
//! `not_checkable` reason. The engine ([`crate::rules::engine`]) compiles the checks
//! against a file's header.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::condition::{Condition, ConditionSpec};
use super::facet;

/// The RFC 2119 keyword of a requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Keyword {
    /// An absolute requirement.
    #[serde(rename = "MUST")]
    Must,
    /// An absolute prohibition.
    #[serde(rename = "MUST NOT")]
    MustNot,
    /// A recommendation.
    #[serde(rename = "SHOULD")]
    Should,
    /// A recommendation against.
    #[serde(rename = "SHOULD NOT")]
    ShouldNot,
    /// A recommendation (presence of Recommended columns).
    #[serde(rename = "RECOMMENDED")]
    Recommended,
    /// A permission.
    #[serde(rename = "MAY")]
    May,
}

impl Keyword {
    /// The keyword as the specification writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Keyword::Must => "MUST",
            Keyword::MustNot => "MUST NOT",
            Keyword::Should => "SHOULD",
            Keyword::ShouldNot => "SHOULD NOT",
            Keyword::Recommended => "RECOMMENDED",
            Keyword::May => "MAY",
        }
    }

    /// True for MUST and MUST NOT, the keywords whose failures can be deviations.
    pub fn is_mandatory(self) -> bool {
        matches!(self, Keyword::Must | Keyword::MustNot)
    }
}

impl fmt::Display for Keyword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a rule is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// One FOCUS column (`BilledCost-C-…`, and the `CostAndUsage-D-…` presence rules).
    Column,
    /// An attribute applied to every column that has it (`NumericFormat-A-…`).
    Attribute,
    /// The dataset as a whole (header naming, ordering).
    Dataset,
}

/// The row of the facts' `requirements.tsv` a rule stands for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequirementRef {
    /// The Scope column (a column ID or an attribute).
    pub scope: String,
    /// The keyword exactly as the facts write it.
    pub keyword: String,
    /// The requirement in short words.
    pub text: String,
    /// `static`, `cross-row` or `dynamic`.
    pub checkable: String,
}

/// A unit price column and the cost column it multiplies into.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricePair {
    /// The unit price column, e.g. `ListUnitPrice`.
    pub price: String,
    /// The cost column, e.g. `ListCost`.
    pub cost: String,
}

/// A check kind with its parameters, as written in `rules.json` (`"kind": …`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Check {
    /// The column is in the header.
    Presence,
    /// Header names that are not FOCUS columns start with `x_`.
    CustomColumnPrefix,
    /// FOCUS column IDs are spelled exactly, including case.
    ExactColumnIds,
    /// No header name appears twice.
    UniqueColumnNames,
    /// Custom columns come after all FOCUS columns.
    CustomColumnsLast,
    /// Custom column names are `x_` + PascalCase alphanumerics, at most 50 characters.
    CustomColumnNaming,
    /// The column's Arrow type fits its FOCUS data type.
    DataType,
    /// NumericFormat facets.
    Numeric {
        /// Which facet (see [`facet::by_name`]).
        facet: String,
    },
    /// DateTimeFormat facets.
    Datetime {
        /// Which facet.
        facet: String,
    },
    /// CurrencyFormat facets.
    Currency {
        /// Which facet.
        facet: String,
    },
    /// KeyValueFormat facets.
    KeyValue {
        /// Which facet.
        facet: String,
    },
    /// SkuPriceDetails key facets.
    SkuPriceDetails {
        /// Which facet.
        facet: String,
    },
    /// UnitFormat facets.
    Unit {
        /// Which facet.
        facet: String,
    },
    /// StringHandling facets.
    StringHandling {
        /// Which facet.
        facet: String,
    },
    /// The value is one of the column's allowed values.
    AllowedValues,
    /// No placeholder (`NULL`, `N/A`, empty string, …) in place of a null.
    Placeholder,
    /// Not null (on the rows `when` selects, or on all rows).
    NotNull {
        /// The rows covered; all rows when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        when: Option<ConditionSpec>,
    },
    /// Null on the rows `when` selects.
    Null {
        /// The rows covered.
        when: ConditionSpec,
    },
    /// On the rows `when` selects, `require` holds.
    RowCondition {
        /// The rows covered.
        when: ConditionSpec,
        /// What must hold on them.
        require: ConditionSpec,
    },
    /// On the rows `when` selects, the column equals `other`.
    EqualsColumn {
        /// The column it must equal.
        other: String,
        /// The rows covered.
        when: ConditionSpec,
    },
    /// ServiceSubcategory belongs to the row's `category` column.
    SubcategoryParent {
        /// The category column.
        category: String,
    },
    /// Unit price × `quantity` = cost, for each pair, on the rows `when` selects and
    /// where both factors are non-null.
    PriceTimesQuantity {
        /// The quantity column.
        quantity: String,
        /// The price/cost pairs.
        pairs: Vec<PricePair>,
        /// The rows covered.
        when: ConditionSpec,
    },
    /// The column is zero on the rows `when` selects.
    ZeroWhen {
        /// The rows covered.
        when: ConditionSpec,
    },
    /// `start` is before `end` on every row where both are readable.
    PeriodOrder {
        /// The inclusive start column.
        start: String,
        /// The exclusive end column.
        end: String,
    },
    /// Across rows: each value of `key` goes with exactly one value of `value`.
    OnePerKey {
        /// The grouping column.
        key: String,
        /// The column that must have one value per key.
        value: String,
        /// Rows covered; all when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        when: Option<ConditionSpec>,
    },
    /// Across rows: per CommitmentDiscountId, EffectiveCost of Used/Unused usage rows
    /// equals the BilledCost of its purchases, when the sample holds the whole term.
    CommitmentAmortization,
}

impl Check {
    /// The check family, as reported in findings (`numeric`, `nullability`, …).
    pub fn family(&self) -> &'static str {
        match self {
            Check::Presence => "presence",
            Check::CustomColumnPrefix
            | Check::ExactColumnIds
            | Check::UniqueColumnNames
            | Check::CustomColumnsLast
            | Check::CustomColumnNaming => "naming",
            Check::DataType => "types",
            Check::Numeric { .. } => "numeric",
            Check::Datetime { .. } => "datetime",
            Check::Currency { .. } => "currency",
            Check::KeyValue { .. } | Check::SkuPriceDetails { .. } => "key_value",
            Check::Unit { .. } => "unit",
            Check::StringHandling { .. } => "string_handling",
            Check::AllowedValues | Check::SubcategoryParent { .. } => "allowed_values",
            Check::Placeholder | Check::NotNull { .. } | Check::Null { .. } => "nullability",
            Check::RowCondition { .. }
            | Check::EqualsColumn { .. }
            | Check::PriceTimesQuantity { .. }
            | Check::ZeroWhen { .. }
            | Check::PeriodOrder { .. } => "cross_column",
            Check::OnePerKey { .. } | Check::CommitmentAmortization => "cross_row",
        }
    }

    /// The facets of a single-value format check (`None` for other kinds).
    pub fn facets(&self) -> Option<facet::Facets> {
        let (kind, name) = match self {
            Check::Numeric { facet } => ("numeric", facet),
            Check::Datetime { facet } => ("datetime", facet),
            Check::Currency { facet } => ("currency", facet),
            Check::KeyValue { facet } => ("key_value", facet),
            Check::SkuPriceDetails { facet } => ("sku_price_details", facet),
            Check::Unit { facet } => ("unit", facet),
            Check::StringHandling { facet } => ("string_handling", facet),
            Check::AllowedValues => return Some(facet::AV_NOT_ALLOWED),
            _ => return None,
        };
        facet::by_name(kind, name)
    }

    /// The conditions of the check, for validation and column lookups.
    pub fn conditions(&self) -> Vec<&ConditionSpec> {
        match self {
            Check::NotNull { when: Some(w) } | Check::OnePerKey { when: Some(w), .. } => vec![w],
            Check::Null { when }
            | Check::EqualsColumn { when, .. }
            | Check::PriceTimesQuantity { when, .. }
            | Check::ZeroWhen { when } => {
                vec![when]
            }
            Check::RowCondition { when, require } => vec![when, require],
            _ => Vec::new(),
        }
    }
}

/// One rule of the registry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// The official requirement ID, or a `certkit:` ID.
    pub id: String,
    /// The RFC 2119 keyword.
    pub keyword: Keyword,
    /// What the rule is about.
    pub scope: Scope,
    /// The column of a column rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// The columns an attribute rule applies to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<String>,
    /// The attribute of an attribute rule (`NumericFormat`), or the dataset part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute: Option<String>,
    /// The specification file, e.g. `columns/billedcost.md`.
    pub spec_ref: String,
    /// The applicability area whose failures only count when the area applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applicability: Option<String>,
    /// What the rule asks, in plain words a vendor's engineer can act on.
    pub description: String,
    /// The requirement row it stands for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requirement: Option<RequirementRef>,
    /// The check, when the rule is implemented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check: Option<Check>,
    /// Why the rule is not checked, when it is not implemented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_checkable: Option<String>,
    /// For MAY exemptions: the rule this one relaxes (its exemption is built in there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exemption_of: Option<String>,
    /// True when the check is a proxy for a requirement that needs outside knowledge:
    /// its failures are disclosures to review, not deviations.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub heuristic: bool,
}

impl Rule {
    /// The columns the rule is checked on: its column, or its attribute's columns.
    pub fn target_columns(&self) -> Vec<&str> {
        match &self.column {
            Some(c) => vec![c.as_str()],
            None => self.columns.iter().map(String::as_str).collect(),
        }
    }

    /// True when the rule has a check.
    pub fn is_implemented(&self) -> bool {
        self.check.is_some()
    }
}

/// The whole registry of one ruleset.
#[derive(Debug, Clone, PartialEq)]
pub struct Registry {
    /// The FOCUS version whose requirements these are.
    pub focus_version: String,
    /// The rules in file order.
    pub rules: Vec<Rule>,
    /// Compiled conditions, by rule index and condition position.
    conditions: BTreeMap<(usize, usize), Condition>,
}

#[derive(Deserialize)]
struct RulesFile {
    focus_version: String,
    rules: Vec<Rule>,
}

impl Registry {
    /// Parses and validates a registry: unique IDs, a check or a reason (not both),
    /// known facets, well-formed conditions.
    pub fn from_json(text: &str) -> Result<Registry, String> {
        let file: RulesFile = serde_json::from_str(text).map_err(|e| format!("rules.json: {e}"))?;
        let mut seen = std::collections::BTreeSet::new();
        let mut conditions = BTreeMap::new();
        for (index, rule) in file.rules.iter().enumerate() {
            if !seen.insert(rule.id.as_str()) {
                return Err(format!("rules.json: rule {} appears twice", rule.id));
            }
            match (&rule.check, &rule.not_checkable) {
                (Some(_), Some(_)) => {
                    return Err(format!(
                        "rule {} has both a check and a not_checkable reason",
                        rule.id
                    ))
                }
                (None, None) => {
                    return Err(format!(
                        "rule {} has neither a check nor a not_checkable reason",
                        rule.id
                    ))
                }
                (None, Some(reason)) if reason.trim().is_empty() => {
                    return Err(format!(
                        "rule {} has an empty not_checkable reason",
                        rule.id
                    ))
                }
                _ => {}
            }
            if rule.column.is_some() && !rule.columns.is_empty() {
                return Err(format!("rule {} has both column and columns", rule.id));
            }
            if let Some(check) = &rule.check {
                let facet_kind = matches!(
                    check,
                    Check::Numeric { .. }
                        | Check::Datetime { .. }
                        | Check::Currency { .. }
                        | Check::KeyValue { .. }
                        | Check::SkuPriceDetails { .. }
                        | Check::Unit { .. }
                        | Check::StringHandling { .. }
                );
                if facet_kind && check.facets().is_none() {
                    return Err(format!("rule {} names an unknown facet", rule.id));
                }
                if rule.scope != Scope::Dataset && rule.target_columns().is_empty() {
                    return Err(format!("rule {} is checked but names no column", rule.id));
                }
                for (position, spec) in check.conditions().into_iter().enumerate() {
                    let condition = spec
                        .compile()
                        .map_err(|e| format!("rule {}: {e}", rule.id))?;
                    conditions.insert((index, position), condition);
                }
            }
        }
        Ok(Registry {
            focus_version: file.focus_version,
            rules: file.rules,
            conditions,
        })
    }

    /// The rule with this ID.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// The compiled condition number `position` of rule number `index` (in the order of
    /// [`Check::conditions`]).
    pub fn condition(&self, index: usize, position: usize) -> Option<&Condition> {
        self.conditions.get(&(index, position))
    }
}

const RULES_1_2: &str = include_str!("../../data/focus/1.2/rules.json");

/// The FOCUS 1.2 ruleset, parsed once.
pub fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(|| match Registry::from_json(RULES_1_2) {
        Ok(registry) => registry,
        // Compiled-in data, validated by the tests: only a packaging mistake gets here.
        Err(e) => panic!("data/focus/1.2/rules.json is not a valid registry: {e}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_in_registry_loads() {
        let r = registry();
        assert_eq!(r.focus_version, "1.2");
        assert!(r.rules.len() > 300);
        assert!(r
            .rule("BilledCost-C-003-M")
            .is_some_and(Rule::is_implemented));
    }

    #[test]
    fn duplicate_ids_and_missing_reasons_are_rejected() {
        let rule = r#"{"id":"X-C-001-M","keyword":"MUST","scope":"column","column":"X","spec_ref":"x.md","description":"d","check":{"kind":"presence"}}"#;
        let twice = format!(r#"{{"focus_version":"1.2","rules":[{rule},{rule}]}}"#);
        assert!(Registry::from_json(&twice).is_err_and(|e| e.contains("twice")));
        let neither = r#"{"focus_version":"1.2","rules":[{"id":"X","keyword":"MUST","scope":"column","column":"X","spec_ref":"x.md","description":"d"}]}"#;
        assert!(Registry::from_json(neither).is_err_and(|e| e.contains("neither")));
    }

    #[test]
    fn unknown_facets_and_bad_conditions_are_rejected() {
        let bad_facet = r#"{"focus_version":"1.2","rules":[{"id":"X","keyword":"MUST","scope":"column","column":"X","spec_ref":"x.md","description":"d","check":{"kind":"numeric","facet":"nope"}}]}"#;
        assert!(Registry::from_json(bad_facet).is_err_and(|e| e.contains("facet")));
        let bad_condition = r#"{"focus_version":"1.2","rules":[{"id":"X","keyword":"MUST","scope":"column","column":"X","spec_ref":"x.md","description":"d","check":{"kind":"null","when":{"column":"Y"}}}]}"#;
        assert!(Registry::from_json(bad_condition).is_err());
    }

    #[test]
    fn families_are_named() {
        assert_eq!(Check::Presence.family(), "presence");
        assert_eq!(
            Check::Numeric {
                facet: "format".into()
            }
            .family(),
            "numeric"
        );
        assert_eq!(Check::CommitmentAmortization.family(), "cross_row");
    }
}
