//! Small pieces of wording shared by the submission documents, so every document
//! says a count, a share or a status the same way (and the way the validation report
//! says them: counts and shares are the report's own).

pub use crate::report::words::{share, thousands};
use crate::report::{CountsAs, CrossRowStatus, Example};

/// How a finding counts, in the documents' words.
pub fn counts_as(kind: CountsAs) -> &'static str {
    match kind {
        CountsAs::Blocking => "blocking",
        CountsAs::Deviation => "deviation",
        CountsAs::Disclosure => "disclosure",
        CountsAs::NotApplicable => "not counted (area does not apply)",
    }
}

/// A cross-row result's status in plain words.
pub fn cross_row_status(status: CrossRowStatus) -> &'static str {
    match status {
        CrossRowStatus::Pass => "pass",
        CrossRowStatus::Fail => "fail",
        CrossRowStatus::Warning => "warning",
        CrossRowStatus::Info => "information",
        CrossRowStatus::NotEvaluated => "not evaluated",
    }
}

/// `yes` or `no`.
pub fn yes_no(value: bool) -> &'static str {
    if value {
        "yes"
    } else {
        "no"
    }
}

/// Examples as `row 12: "+5"; row 40: "1,000"` (at most `limit`).
pub fn examples(examples: &[Example], limit: usize) -> String {
    examples
        .iter()
        .take(limit)
        .map(|e| match e.row {
            Some(row) => format!("row {}: {:?}", thousands(row), e.value),
            None => format!("{:?}", e.value),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The text itself, or `fallback` when it is empty or only whitespace.
pub fn or<'a>(text: &'a str, fallback: &'a str) -> &'a str {
    if text.trim().is_empty() {
        fallback
    } else {
        text
    }
}

/// The words written where the user has not entered something yet.
pub const TO_BE_ENTERED: &str = "to be entered";

/// The words written where a workaround has not been written yet.
pub const TO_BE_WRITTEN: &str = "to be written";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(share(3, 1000, "rows"), "3 of 1,000 rows (0.30%)");
        assert_eq!(
            share(1000, 1000, "values"),
            "1,000 of 1,000 values (100.0%)"
        );
        assert_eq!(share(2, 0, "columns"), "2 columns");
    }

    #[test]
    fn examples_are_capped() {
        let list: Vec<Example> = (1..=7)
            .map(|i| Example {
                row: Some(i),
                value: format!("v{i}"),
            })
            .collect();
        assert_eq!(examples(&list, 2), "row 1: \"v1\"; row 2: \"v2\"");
        assert_eq!(
            examples(
                &[Example {
                    row: None,
                    value: "x".into()
                }],
                5
            ),
            "\"x\""
        );
    }

    #[test]
    fn blank_text_falls_back() {
        assert_eq!(or("  ", TO_BE_WRITTEN), TO_BE_WRITTEN);
        assert_eq!(or("done", TO_BE_WRITTEN), "done");
    }
}
