//! Value formats: one module per FOCUS attribute that fixes how a value is written.
//! Each module has an `analyze` function from the bytes of one value to the
//! [facets](crate::rules::facet) it violates; none of them allocates for a valid value.

pub mod currency;
pub mod datetime;
pub mod key_value;
pub mod numeric;
pub mod string_handling;
pub mod unit;
