//! The small condition language of `rules.json`: which rows a rule covers.
//!
//! ```json
//! {"all": [{"column": "ChargeCategory", "in": ["Usage", "Purchase"]},
//!          {"column": "ChargeClass", "not_eq": "Correction", "if_absent": "null"}]}
//! ```
//!
//! A leaf tests one column of the row: `eq`, `not_eq`, `in`, `not_in` (exact,
//! case-sensitive text) or `is_null` (true/false). A null cell (or a placeholder such
//! as `NULL`, which certkit reads as null) equals nothing, so `not_eq` and `not_in`
//! hold for it. When a leaf's column is absent from the file the rule cannot be
//! decided and is reported as not applicable, unless the leaf says
//! `"if_absent": "null"`: then the column is read as all null (for example ChargeClass,
//! whose absence means no row is a correction).

use serde::{Deserialize, Serialize};

/// A condition as written in `rules.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionSpec {
    /// Every one of these holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all: Option<Vec<ConditionSpec>>,
    /// At least one of these holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub any: Option<Vec<ConditionSpec>>,
    /// This does not hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not: Option<Box<ConditionSpec>>,
    /// The column a leaf tests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// The cell equals this text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eq: Option<String>,
    /// The cell is null or differs from this text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_eq: Option<String>,
    /// The cell equals one of these.
    #[serde(default, rename = "in", skip_serializing_if = "Option::is_none")]
    pub in_list: Option<Vec<String>>,
    /// The cell is null or equals none of these.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_in: Option<Vec<String>>,
    /// The cell is null (true) or not null (false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_null: Option<bool>,
    /// `"null"`: read an absent column as all null instead of making the rule not applicable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub if_absent: Option<String>,
}

/// A validated condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    /// Every one holds.
    All(Vec<Condition>),
    /// At least one holds.
    Any(Vec<Condition>),
    /// Does not hold.
    Not(Box<Condition>),
    /// A test of one column.
    Leaf(Leaf),
}

/// A test of one column of the row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leaf {
    /// The column tested.
    pub column: String,
    /// The test.
    pub test: LeafTest,
    /// Read an absent column as all null.
    pub absent_as_null: bool,
}

/// What a leaf tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeafTest {
    /// Equal to the text.
    Eq(String),
    /// Null or not equal.
    NotEq(String),
    /// Equal to one of the texts.
    In(Vec<String>),
    /// Null or equal to none.
    NotIn(Vec<String>),
    /// Null (true) or not null (false).
    IsNull(bool),
}

impl LeafTest {
    /// The outcome for a cell: `None` for null, else its text (`None` text for a typed,
    /// non-text value, which equals no text).
    pub fn holds(&self, cell: Cell<'_>) -> bool {
        match (self, cell) {
            (LeafTest::IsNull(want), cell) => *want == matches!(cell, Cell::Null),
            (LeafTest::Eq(v), Cell::Text(t)) => v.as_bytes() == t,
            (LeafTest::Eq(_), _) => false,
            (LeafTest::NotEq(v), Cell::Text(t)) => v.as_bytes() != t,
            (LeafTest::NotEq(_), _) => true,
            (LeafTest::In(list), Cell::Text(t)) => list.iter().any(|v| v.as_bytes() == t),
            (LeafTest::In(_), _) => false,
            (LeafTest::NotIn(list), Cell::Text(t)) => !list.iter().any(|v| v.as_bytes() == t),
            (LeafTest::NotIn(_), _) => true,
        }
    }
}

/// One cell as a condition sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell<'a> {
    /// Null, a placeholder, or an absent column read as null.
    Null,
    /// Text.
    Text(&'a [u8]),
    /// A typed value that is not text.
    Other,
}

impl ConditionSpec {
    /// Validates the spec: exactly one of `all`/`any`/`not`/a leaf, and a leaf with a
    /// column and exactly one test.
    pub fn compile(&self) -> Result<Condition, String> {
        let leaf_tests = [
            self.eq.is_some(),
            self.not_eq.is_some(),
            self.in_list.is_some(),
            self.not_in.is_some(),
            self.is_null.is_some(),
        ]
        .iter()
        .filter(|b| **b)
        .count();
        let shapes = [
            self.all.is_some(),
            self.any.is_some(),
            self.not.is_some(),
            self.column.is_some(),
        ]
        .iter()
        .filter(|b| **b)
        .count();
        if shapes != 1 {
            return Err("a condition needs exactly one of all, any, not or column".into());
        }
        if let Some(list) = &self.all {
            return list
                .iter()
                .map(ConditionSpec::compile)
                .collect::<Result<_, _>>()
                .map(Condition::All);
        }
        if let Some(list) = &self.any {
            return list
                .iter()
                .map(ConditionSpec::compile)
                .collect::<Result<_, _>>()
                .map(Condition::Any);
        }
        if let Some(inner) = &self.not {
            return Ok(Condition::Not(Box::new(inner.compile()?)));
        }
        let column = self.column.clone().unwrap_or_default();
        if leaf_tests != 1 {
            return Err(format!(
                "the condition on {column} needs exactly one of eq, not_eq, in, not_in, is_null"
            ));
        }
        let absent_as_null = match self.if_absent.as_deref() {
            None => false,
            Some("null") => true,
            Some(other) => return Err(format!("if_absent must be \"null\", not {other:?}")),
        };
        let test = if let Some(v) = &self.eq {
            LeafTest::Eq(v.clone())
        } else if let Some(v) = &self.not_eq {
            LeafTest::NotEq(v.clone())
        } else if let Some(v) = &self.in_list {
            LeafTest::In(v.clone())
        } else if let Some(v) = &self.not_in {
            LeafTest::NotIn(v.clone())
        } else {
            LeafTest::IsNull(self.is_null.unwrap_or(true))
        };
        Ok(Condition::Leaf(Leaf {
            column,
            test,
            absent_as_null,
        }))
    }
}

impl Condition {
    /// Every leaf of the condition.
    pub fn leaves(&self) -> Vec<&Leaf> {
        match self {
            Condition::All(list) | Condition::Any(list) => {
                list.iter().flat_map(Condition::leaves).collect()
            }
            Condition::Not(inner) => inner.leaves(),
            Condition::Leaf(leaf) => vec![leaf],
        }
    }

    /// Evaluates the condition, reading leaves through `leaf` (true when that leaf holds).
    pub fn eval(&self, leaf: &mut dyn FnMut(&Leaf) -> bool) -> bool {
        match self {
            Condition::All(list) => list.iter().all(|c| c.eval(leaf)),
            Condition::Any(list) => list.iter().any(|c| c.eval(leaf)),
            Condition::Not(inner) => !inner.eval(leaf),
            Condition::Leaf(l) => leaf(l),
        }
    }

    /// The condition in words, for messages: `ChargeCategory is Usage or Purchase and …`.
    pub fn describe(&self) -> String {
        match self {
            Condition::All(list) => list
                .iter()
                .map(Condition::describe)
                .collect::<Vec<_>>()
                .join(" and "),
            Condition::Any(list) => format!(
                "({})",
                list.iter()
                    .map(Condition::describe)
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
            Condition::Not(inner) => format!("not ({})", inner.describe()),
            Condition::Leaf(l) => match &l.test {
                LeafTest::Eq(v) => format!("{} is {v}", l.column),
                LeafTest::NotEq(v) => format!("{} is not {v}", l.column),
                LeafTest::In(vs) => format!("{} is {}", l.column, vs.join(" or ")),
                LeafTest::NotIn(vs) => format!("{} is not {}", l.column, vs.join(" or ")),
                LeafTest::IsNull(true) => format!("{} is null", l.column),
                LeafTest::IsNull(false) => format!("{} is not null", l.column),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<Condition, String> {
        serde_json::from_str::<ConditionSpec>(json)
            .map_err(|e| e.to_string())?
            .compile()
    }

    #[test]
    fn leaves_test_text_and_nulls() {
        assert!(LeafTest::Eq("Usage".into()).holds(Cell::Text(b"Usage")));
        assert!(!LeafTest::Eq("Usage".into()).holds(Cell::Text(b"usage")));
        assert!(!LeafTest::Eq("Usage".into()).holds(Cell::Null));
        assert!(LeafTest::NotEq("Correction".into()).holds(Cell::Null));
        assert!(!LeafTest::NotEq("Correction".into()).holds(Cell::Text(b"Correction")));
        assert!(
            LeafTest::In(vec!["Usage".into(), "Purchase".into()]).holds(Cell::Text(b"Purchase"))
        );
        assert!(LeafTest::NotIn(vec!["Tax".into()]).holds(Cell::Other));
        assert!(LeafTest::IsNull(true).holds(Cell::Null));
        assert!(LeafTest::IsNull(false).holds(Cell::Other));
    }

    #[test]
    fn nested_conditions_evaluate() {
        let c = parse(
            r#"{"all":[{"column":"ChargeCategory","in":["Usage","Purchase"]},{"column":"ChargeClass","not_eq":"Correction","if_absent":"null"}]}"#,
        );
        let c = c.unwrap_or(Condition::All(vec![]));
        assert_eq!(c.leaves().len(), 2);
        assert!(c.leaves()[1].absent_as_null);
        let row = |category: &'static [u8], class: Option<&'static [u8]>| {
            move |l: &Leaf| match l.column.as_str() {
                "ChargeCategory" => l.test.holds(Cell::Text(category)),
                _ => l.test.holds(class.map(Cell::Text).unwrap_or(Cell::Null)),
            }
        };
        assert!(c.eval(&mut row(b"Usage", None)));
        assert!(!c.eval(&mut row(b"Usage", Some(b"Correction"))));
        assert!(!c.eval(&mut row(b"Tax", None)));
        assert_eq!(
            c.describe(),
            "ChargeCategory is Usage or Purchase and ChargeClass is not Correction"
        );
    }

    #[test]
    fn malformed_conditions_are_rejected() {
        assert!(parse(r#"{"column":"A"}"#).is_err());
        assert!(parse(r#"{"column":"A","eq":"x","not_eq":"y"}"#).is_err());
        assert!(parse(r#"{"all":[],"any":[]}"#).is_err());
        assert!(parse(r#"{"column":"A","eq":"x","if_absent":"zero"}"#).is_err());
        assert!(parse(r#"{"column":"A","equals":"x"}"#).is_err());
        assert!(parse(r#"{"not":{"column":"A","is_null":true}}"#).is_ok());
    }
}
