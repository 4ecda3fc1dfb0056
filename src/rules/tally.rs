//! Counting one check's results: how many values or rows were checked, how many
//! failed, and the first few failures as examples. Only the first
//! [`MAX_EXAMPLES`] failures are rendered, so a failing column costs no allocation
//! per row.

use serde::{Deserialize, Serialize};

/// Most examples kept per check.
pub const MAX_EXAMPLES: usize = 5;

/// One failing value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Example {
    /// Data row, 1-based, header excluded; `null` for header-level checks.
    pub row: Option<u64>,
    /// The value (or values) that failed, as written.
    pub value: String,
}

/// The counts of one check.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// Values or rows the check looked at.
    pub checked: u64,
    /// Of those, how many failed.
    pub failed: u64,
    /// The first failures.
    pub examples: Vec<Example>,
}

impl Tally {
    /// Records a failure; `value` is only called for the first [`MAX_EXAMPLES`].
    pub fn fail(&mut self, row: Option<u64>, value: impl FnOnce() -> String) {
        self.failed += 1;
        if self.examples.len() < MAX_EXAMPLES {
            self.examples.push(Example {
                row,
                value: value(),
            });
        }
    }

    /// True when at least one value failed.
    pub fn has_failures(&self) -> bool {
        self.failed > 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_stop_at_five_but_counts_go_on() {
        let mut t = Tally::default();
        let mut rendered = 0;
        for row in 1..=8 {
            t.checked += 1;
            t.fail(Some(row), || {
                rendered += 1;
                format!("v{row}")
            });
        }
        assert_eq!(
            (t.checked, t.failed, t.examples.len(), rendered),
            (8, 8, 5, 5)
        );
        assert_eq!(
            t.examples[0],
            Example {
                row: Some(1),
                value: "v1".into()
            }
        );
        assert!(t.has_failures());
    }
}
