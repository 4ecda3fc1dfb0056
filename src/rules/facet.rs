//! Facets: the individual ways a single value can fail, as bits of a `u64`.
//!
//! Each format family (numbers, dates, currencies, JSON, units, plain strings)
//! analyzes a value once and returns the set of facets it violates. A rule then says
//! which facets make it fail: `BilledCost-C-002-M` (NumericFormat) fails on
//! [`NUM_FORMAT`], `NumericFormat-A-010-M` (no leading `+`) only on
//! [`NUM_LEADING_PLUS`]. One pass over a column's values thus serves every
//! single-value rule on that column.

/// A set of facets.
pub type Facets = u64;

/// Empty or whitespace-only text.
pub const BLANK: Facets = 1 << 0;

/// Not in the strict NumericFormat form `-?D+(.D+)?(E-?D+)?`.
pub const NUM_FORMAT: Facets = 1 << 1;
/// More than one number in the cell (lists, ranges).
pub const NUM_SINGLE: Facets = 1 << 2;
/// A fraction such as `1 1/2`.
pub const NUM_FRACTION: Facets = 1 << 3;
/// Scientific notation not in the `mEn` form (lowercase `e`, `x 10^n`).
pub const NUM_EXPONENT_FORM: Facets = 1 << 4;
/// A `+` on the exponent (`35.2E+7`).
pub const NUM_EXPONENT_SIGN: Facets = 1 << 5;
/// Math symbols, functions or operators.
pub const NUM_MATH: Facets = 1 << 6;
/// Currency symbols, units, letters, spaces or other extra characters.
pub const NUM_SYMBOLS: Facets = 1 << 7;
/// Thousands separators or more than one decimal point.
pub const NUM_SEPARATORS: Facets = 1 << 8;
/// A leading `+`.
pub const NUM_LEADING_PLUS: Facets = 1 << 9;
/// A negative number written other than with a leading `-` (`5-`, `(5)`).
pub const NUM_NEGATIVE_FORM: Facets = 1 << 10;
/// Cannot be read as a decimal number at all, even leniently.
pub const NUM_UNPARSABLE: Facets = 1 << 11;
/// NaN or infinity.
pub const NUM_NOT_FINITE: Facets = 1 << 12;
/// A number below zero.
pub const NUM_NEGATIVE: Facets = 1 << 13;

/// Not in the DateTimeFormat form `YYYY-MM-DDTHH:mm:ssZ` with a real calendar date.
pub const DT_FORMAT: Facets = 1 << 14;
/// Not UTC: no `Z`/offset, a non-zero offset, or a typed timestamp without a UTC zone.
pub const DT_UTC: Facets = 1 << 15;
/// Not an ISO 8601 date-time at all (wrong order of parts, impossible date or time).
pub const DT_ISO: Facets = 1 << 16;
/// Not the extended form (missing seconds, fractional seconds, basic form).
pub const DT_EXTENDED: Facets = 1 << 17;
/// Date and time not joined by `T` (or no time part).
pub const DT_T_SEPARATOR: Facets = 1 << 18;
/// Hours, minutes or seconds not written with two digits.
pub const DT_TWO_DIGITS: Facets = 1 << 19;
/// Does not end in `Z`.
pub const DT_Z_SUFFIX: Facets = 1 << 20;

/// A national-currency value that is not an exact ISO 4217 code.
pub const CUR_NATIONAL: Facets = 1 << 21;
/// A virtual-currency value that breaks StringHandling (blank).
pub const CUR_VIRTUAL: Facets = 1 << 22;

/// Not one of the allowed values (exact, case-sensitive).
pub const AV_NOT_ALLOWED: Facets = 1 << 23;

/// Any KeyValueFormat problem.
pub const KV_FORMAT: Facets = 1 << 24;
/// Not a serialized JSON object (invalid JSON, or JSON that is not an object).
pub const KV_NOT_OBJECT: Facets = 1 << 25;
/// A key appears twice in one object.
pub const KV_DUPLICATE_KEY: Facets = 1 << 26;
/// A value that is not a string, number, true, false or null.
pub const KV_NOT_SCALAR: Facets = 1 << 27;
/// An object or array nested as a value.
pub const KV_NESTED: Facets = 1 << 28;
/// SkuPriceDetails: a key that is neither a FOCUS key nor starts with `x_`.
pub const SKU_CUSTOM_PREFIX: Facets = 1 << 29;
/// SkuPriceDetails: a FOCUS key written in another letter case.
pub const SKU_KEY_CASE: Facets = 1 << 30;
/// SkuPriceDetails: a FOCUS key whose value has the wrong type.
pub const SKU_KEY_TYPE: Facets = 1 << 31;
/// SkuPriceDetails: a key that is not PascalCase.
pub const SKU_PASCAL_CASE: Facets = 1 << 32;

/// Any UnitFormat problem (MUST or SHOULD).
pub const UNIT_FORMAT: Facets = 1 << 33;
/// Not one of the recommended unit shapes.
pub const UNIT_SHAPE: Facets = 1 << 34;
/// A unit quantity or interval that is not a whole number.
pub const UNIT_WHOLE_QUANTITY: Facets = 1 << 35;
/// A listed term in another capitalization (`gb`, `hours`).
pub const UNIT_CAPITALIZATION: Facets = 1 << 36;
/// A data size not written with a listed abbreviation (`GBs`, `terabyte`).
pub const UNIT_DATA_SIZE: Facets = 1 << 37;
/// A data size above exa (`ZB`, `YB`).
pub const UNIT_ABOVE_EXA: Facets = 1 << 38;
/// A coined count unit that is not capitalized.
pub const UNIT_COINED_CAPITALIZED: Facets = 1 << 39;
/// A time unit other than Year, Month, Day, Hour, Minute, Second.
pub const UNIT_TIME: Facets = 1 << 40;
/// A composite unit written with "per".
pub const UNIT_PER: Facets = 1 << 41;

/// The facet a rule names as `{"kind": <kind>, "facet": <name>}` in `rules.json`.
pub fn by_name(kind: &str, name: &str) -> Option<Facets> {
    let facets = match (kind, name) {
        ("string_handling", "not_blank") => BLANK,
        ("numeric", "format") => NUM_FORMAT,
        ("numeric", "single_number") => NUM_SINGLE,
        ("numeric", "no_fraction") => NUM_FRACTION,
        ("numeric", "exponent_form") => NUM_EXPONENT_FORM,
        ("numeric", "exponent_sign") => NUM_EXPONENT_SIGN,
        ("numeric", "no_math") => NUM_MATH,
        ("numeric", "no_symbols") => NUM_SYMBOLS,
        ("numeric", "no_separators") => NUM_SEPARATORS,
        ("numeric", "no_leading_plus") => NUM_LEADING_PLUS,
        ("numeric", "negative_form") => NUM_NEGATIVE_FORM,
        ("numeric", "parsable") => NUM_UNPARSABLE | NUM_NOT_FINITE,
        ("numeric", "non_negative") => NUM_NEGATIVE,
        ("datetime", "format") => DT_FORMAT,
        ("datetime", "utc") => DT_UTC,
        ("datetime", "iso8601") => DT_ISO,
        ("datetime", "extended_form") => DT_EXTENDED,
        ("datetime", "t_separator") => DT_T_SEPARATOR,
        ("datetime", "two_digits") => DT_TWO_DIGITS,
        ("datetime", "z_suffix") => DT_Z_SUFFIX,
        ("currency", "format") => CUR_NATIONAL | CUR_VIRTUAL,
        ("currency", "national_only") | ("currency", "national_code") => CUR_NATIONAL,
        ("currency", "virtual_string") => CUR_VIRTUAL,
        ("allowed_values", "listed") => AV_NOT_ALLOWED,
        ("key_value", "format") => KV_FORMAT,
        ("key_value", "object") => KV_NOT_OBJECT,
        ("key_value", "unique_keys") => KV_DUPLICATE_KEY,
        ("key_value", "scalar_values") => KV_NOT_SCALAR,
        ("key_value", "no_nesting") => KV_NESTED,
        ("sku_price_details", "custom_key_prefix") => SKU_CUSTOM_PREFIX,
        ("sku_price_details", "focus_key_casing") => SKU_KEY_CASE,
        ("sku_price_details", "focus_key_types") => SKU_KEY_TYPE,
        ("sku_price_details", "pascal_case") => SKU_PASCAL_CASE,
        ("unit", "format") => UNIT_FORMAT,
        ("unit", "shape") => UNIT_SHAPE,
        ("unit", "whole_quantity") => UNIT_WHOLE_QUANTITY,
        ("unit", "capitalization") => UNIT_CAPITALIZATION,
        ("unit", "data_size") => UNIT_DATA_SIZE,
        ("unit", "above_exa") => UNIT_ABOVE_EXA,
        ("unit", "coined_capitalized") => UNIT_COINED_CAPITALIZED,
        ("unit", "time_units") => UNIT_TIME,
        ("unit", "no_per") => UNIT_PER,
        _ => return None,
    };
    Some(facets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_map_to_their_bits() {
        assert_eq!(
            by_name("numeric", "no_leading_plus"),
            Some(NUM_LEADING_PLUS)
        );
        assert_eq!(
            by_name("numeric", "parsable"),
            Some(NUM_UNPARSABLE | NUM_NOT_FINITE)
        );
        assert_eq!(by_name("unit", "no_per"), Some(UNIT_PER));
        assert_eq!(by_name("numeric", "no_such_facet"), None);
        assert_eq!(by_name("no_such_kind", "format"), None);
    }
}
