//! The one error type of the calculator: which field is wrong and why.

use std::fmt;

/// Why an assessment or a program could not be used.
///
/// `field` is the JSON path of the offending value (`certified_staff.practitioner`,
/// `capabilities[2]`), empty when the problem is the document as a whole. `message`
/// says what is wrong and what to do, in plain words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalcError {
    /// JSON path of the offending value; empty for the whole document.
    pub field: String,
    /// What is wrong and what to do about it.
    pub message: String,
}

impl CalcError {
    /// An error about the value at `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> CalcError {
        CalcError {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for CalcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.field, self.message)
        }
    }
}

impl std::error::Error for CalcError {}
