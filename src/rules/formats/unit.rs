//! UnitFormat (FOCUS 1.2 text of `attributes/unit_format.md`): how units of measure
//! are written in PricingUnit, ConsumedUnit and CommitmentDiscountUnit.
//!
//! Recommended shapes (SHOULD): `<plural-units>` (`GB`, `Seconds`),
//! `<singular-unit>-<plural-time-units>` (`GB-Hours`), `<plural-units>/<singular-time-unit>`
//! (`GB/Hour`), optionally with a whole-number quantity (`1000 Tokens`) or interval
//! (`Units/3 Months`).
//!
//! Vocabulary (MUST): data sizes only as the listed abbreviations (`GB`, `GiB`, `Kb`, …,
//! never `GBs` or `terabyte`, nothing above exa); time units only Year, Month, Day,
//! Hour, Minute, Second (and plurals); listed terms in the listed capitalization;
//! newly coined count units capitalized; composite units without "per".

use crate::rules::facet::*;

const DATA_SIZES: [&str; 26] = [
    "b", "Kb", "Mb", "Gb", "Tb", "Pb", "Eb", "Kib", "Mib", "Gib", "Tib", "Pib", "Eib", "B", "KB",
    "MB", "GB", "TB", "PB", "EB", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB",
];
const TIME_SINGULAR: [&str; 6] = ["Year", "Month", "Day", "Hour", "Minute", "Second"];
const TIME_PLURAL: [&str; 6] = ["Years", "Months", "Days", "Hours", "Minutes", "Seconds"];
const COUNT_SINGULAR: [&str; 8] = [
    "Count",
    "Unit",
    "Request",
    "Token",
    "Connection",
    "Certificate",
    "Domain",
    "Core",
];
const COUNT_PLURAL: [&str; 8] = [
    "Counts",
    "Units",
    "Requests",
    "Tokens",
    "Connections",
    "Certificates",
    "Domains",
    "Cores",
];

/// Data sizes spelled out instead of abbreviated.
const DATA_SIZE_WORDS: [&str; 30] = [
    "bit", "byte", "kilobit", "kilobyte", "megabit", "megabyte", "gigabit", "gigabyte", "terabit",
    "terabyte", "petabit", "petabyte", "exabit", "exabyte", "kibibit", "kibibyte", "mebibit",
    "mebibyte", "gibibit", "gibibyte", "tebibit", "tebibyte", "pebibit", "pebibyte", "exbibit",
    "exbibyte", "kbit", "mbit", "gbit", "tbit",
];
/// Prefixes above exa (zetta, yotta, ronna, quetta).
const ABOVE_EXA_WORDS: [&str; 8] = [
    "zettabit",
    "zettabyte",
    "yottabit",
    "yottabyte",
    "zebibit",
    "zebibyte",
    "yobibit",
    "yobibyte",
];
/// Time units the attribute does not list (abbreviations and other periods).
const OTHER_TIME_WORDS: [&str; 32] = [
    "h",
    "hr",
    "hrs",
    "hour(s)",
    "min",
    "mins",
    "sec",
    "secs",
    "s",
    "ms",
    "msec",
    "us",
    "ns",
    "millisecond",
    "milliseconds",
    "microsecond",
    "microseconds",
    "nanosecond",
    "nanoseconds",
    "week",
    "weeks",
    "wk",
    "wks",
    "yr",
    "yrs",
    "mo",
    "mos",
    "mth",
    "mths",
    "quarter",
    "quarters",
    "fortnight",
];

/// What a term of a unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Term {
    DataSize,
    TimeSingular,
    TimePlural,
    CountSingular,
    CountPlural,
    /// A noun the attribute does not list (allowed when capitalized).
    Coined,
}

/// The facets a unit text violates.
pub fn analyze(text: &[u8]) -> Facets {
    let Ok(s) = std::str::from_utf8(text) else {
        return UNIT_FORMAT | UNIT_SHAPE;
    };
    if s.trim().is_empty() {
        return 0;
    }
    let mut facets = 0;
    for token in s.split([' ', '-', '/']).filter(|t| !t.is_empty()) {
        if token.as_bytes()[0].is_ascii_digit() {
            if !token.bytes().all(|b| b.is_ascii_digit()) {
                facets |= UNIT_WHOLE_QUANTITY;
            }
            continue;
        }
        facets |= vocabulary_facets(token);
    }
    if !has_recommended_shape(s) {
        facets |= UNIT_SHAPE;
    }
    if facets != 0 {
        facets |= UNIT_FORMAT;
    }
    facets
}

/// The MUST-level vocabulary facets of one term.
fn vocabulary_facets(token: &str) -> Facets {
    if classify_exact(token).is_some() {
        return 0;
    }
    let lower = token.to_ascii_lowercase();
    if lower == "per" {
        return UNIT_PER;
    }
    if classify_ignoring_case(token).is_some() {
        return UNIT_CAPITALIZATION;
    }
    let singular = lower.strip_suffix('s').unwrap_or(&lower);
    if ABOVE_EXA_WORDS.contains(&singular) || is_above_exa_abbreviation(token) {
        return UNIT_ABOVE_EXA;
    }
    if DATA_SIZE_WORDS.contains(&singular)
        || token
            .strip_suffix('s')
            .is_some_and(|t| DATA_SIZES.iter().any(|d| d.eq_ignore_ascii_case(t)))
    {
        return UNIT_DATA_SIZE;
    }
    if OTHER_TIME_WORDS.contains(&lower.as_str()) {
        return UNIT_TIME;
    }
    if token.as_bytes()[0].is_ascii_uppercase() {
        0
    } else {
        UNIT_COINED_CAPITALIZED
    }
}

/// `ZB`, `YiB`, `Zb`, `RB`, `QB`, …: a data size prefix above exa.
fn is_above_exa_abbreviation(token: &str) -> bool {
    let b = token.as_bytes();
    let rest = match b.first() {
        Some(b'Z' | b'Y' | b'R' | b'Q') => &b[1..],
        _ => return false,
    };
    matches!(rest, b"B" | b"b" | b"iB" | b"ib")
}

fn classify_exact(token: &str) -> Option<Term> {
    if DATA_SIZES.contains(&token) {
        Some(Term::DataSize)
    } else if TIME_SINGULAR.contains(&token) {
        Some(Term::TimeSingular)
    } else if TIME_PLURAL.contains(&token) {
        Some(Term::TimePlural)
    } else if COUNT_SINGULAR.contains(&token) {
        Some(Term::CountSingular)
    } else if COUNT_PLURAL.contains(&token) {
        Some(Term::CountPlural)
    } else {
        None
    }
}

fn classify_ignoring_case(token: &str) -> Option<Term> {
    let eq = |list: &[&str]| list.iter().any(|t| t.eq_ignore_ascii_case(token));
    if eq(&DATA_SIZES) {
        Some(Term::DataSize)
    } else if eq(&TIME_SINGULAR) {
        Some(Term::TimeSingular)
    } else if eq(&TIME_PLURAL) {
        Some(Term::TimePlural)
    } else if eq(&COUNT_SINGULAR) {
        Some(Term::CountSingular)
    } else if eq(&COUNT_PLURAL) {
        Some(Term::CountPlural)
    } else {
        None
    }
}

/// What a term is for the shape rules (capitalization aside).
fn term(token: &str) -> Term {
    classify_exact(token)
        .or_else(|| classify_ignoring_case(token))
        .unwrap_or(Term::Coined)
}

fn is_word(token: &str) -> bool {
    !token.is_empty() && !token.as_bytes()[0].is_ascii_digit() && !token.contains(' ')
}

/// One of the recommended shapes, with an optional whole-number quantity or interval.
fn has_recommended_shape(s: &str) -> bool {
    // `<quantity> <unit>`: the quantity itself is judged by the whole-number rule.
    let unit = match s.split_once(' ') {
        Some((q, rest)) if q.as_bytes().first().is_some_and(u8::is_ascii_digit) => rest,
        _ => s,
    };
    let (numerator, denominator) = match unit.split_once('/') {
        Some((n, d)) => (n, Some(d)),
        None => (unit, None),
    };
    let numerator_ok = match numerator.split_once('-') {
        // <singular-unit>-<plural-time-units>
        Some((a, t)) if denominator.is_none() => {
            is_word(a)
                && is_word(t)
                && matches!(term(a), Term::DataSize | Term::CountSingular | Term::Coined)
                && term(t) == Term::TimePlural
        }
        Some(_) => false,
        // <plural-units>
        None => {
            is_word(numerator)
                && matches!(
                    term(numerator),
                    Term::DataSize | Term::TimePlural | Term::CountPlural | Term::Coined
                )
        }
    };
    let denominator_ok = match denominator {
        None => true,
        Some(d) => match d.split_once(' ') {
            // <interval> <plural-time-units>
            Some((n, t)) => {
                n.as_bytes().first().is_some_and(u8::is_ascii_digit)
                    && is_word(t)
                    && term(t) == Term::TimePlural
            }
            // <singular-time-unit>
            None => is_word(d) && term(d) == Term::TimeSingular,
        },
    };
    // A ratio's numerator must be plural units (no compound before a slash).
    numerator_ok && denominator_ok && !(denominator.is_some() && numerator.contains('-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facets(text: &str) -> Facets {
        analyze(text.as_bytes())
    }

    #[test]
    fn recommended_shapes_pass() {
        for ok in [
            "GB",
            "Seconds",
            "GB-Hours",
            "MB-Days",
            "GB/Hour",
            "PB/Day",
            "1000 Tokens",
            "Units/3 Months",
            "Requests",
            "Hours",
            "IOPS-Months",
            "WriteCapacityUnit-Hours",
            "Units/Month",
            "Keys",
            "StateTransitions",
            "Request-Hours",
        ] {
            assert_eq!(facets(ok), 0, "{ok}");
        }
    }

    #[test]
    fn other_shapes_fail_only_the_should() {
        for bad in [
            "API Requests",
            "GB Hours",
            "Lambda-GB-Seconds",
            "GiB/Second-Months",
            "Hour",
            "Requests-Hours",
        ] {
            assert_eq!(facets(bad), UNIT_FORMAT | UNIT_SHAPE, "{bad}");
        }
    }

    #[test]
    fn quantities_must_be_whole_numbers() {
        assert_eq!(
            facets("1.5 Tokens") & UNIT_WHOLE_QUANTITY,
            UNIT_WHOLE_QUANTITY
        );
        assert_eq!(
            facets("Units/1.5 Months") & UNIT_WHOLE_QUANTITY,
            UNIT_WHOLE_QUANTITY
        );
    }

    #[test]
    fn listed_terms_keep_their_capitalization() {
        assert_eq!(facets("gb") & UNIT_CAPITALIZATION, UNIT_CAPITALIZATION);
        assert_eq!(facets("hours") & UNIT_CAPITALIZATION, UNIT_CAPITALIZATION);
        assert_eq!(
            facets("GB-hours") & UNIT_CAPITALIZATION,
            UNIT_CAPITALIZATION
        );
        let f = facets("gigabyte-seconds");
        assert_eq!(
            f & (UNIT_DATA_SIZE | UNIT_CAPITALIZATION),
            UNIT_DATA_SIZE | UNIT_CAPITALIZATION
        );
    }

    #[test]
    fn data_sizes_use_the_abbreviations() {
        assert_eq!(facets("GBs") & UNIT_DATA_SIZE, UNIT_DATA_SIZE);
        assert_eq!(facets("terabyte") & UNIT_DATA_SIZE, UNIT_DATA_SIZE);
        assert_eq!(
            facets("Gigabyte Per Hour") & (UNIT_DATA_SIZE | UNIT_PER),
            UNIT_DATA_SIZE | UNIT_PER
        );
    }

    #[test]
    fn nothing_above_exa() {
        assert_eq!(facets("YB") & UNIT_ABOVE_EXA, UNIT_ABOVE_EXA);
        assert_eq!(facets("ZiB") & UNIT_ABOVE_EXA, UNIT_ABOVE_EXA);
        assert_eq!(facets("EB"), 0);
    }

    #[test]
    fn time_units_are_the_listed_ones() {
        assert_eq!(facets("Hrs") & UNIT_TIME, UNIT_TIME);
        assert_eq!(facets("GB-Weeks") & UNIT_TIME, UNIT_TIME);
        assert_eq!(facets("Requests/sec") & UNIT_TIME, UNIT_TIME);
    }

    #[test]
    fn coined_units_are_capitalized() {
        assert_eq!(
            facets("vCPU-Hours") & UNIT_COINED_CAPITALIZED,
            UNIT_COINED_CAPITALIZED
        );
        assert_eq!(
            facets("instances") & UNIT_COINED_CAPITALIZED,
            UNIT_COINED_CAPITALIZED
        );
        assert_eq!(facets("Instances"), 0);
    }

    #[test]
    fn per_is_not_allowed() {
        assert_eq!(facets("OCPU Per Hour") & UNIT_PER, UNIT_PER);
        assert_eq!(facets("requests per day") & UNIT_PER, UNIT_PER);
    }

    #[test]
    fn blank_units_are_left_to_string_handling() {
        assert_eq!(facets(""), 0);
        assert_eq!(facets("  "), 0);
    }
}
