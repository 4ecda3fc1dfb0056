//! DateTimeFormat: points in time are UTC, ISO 8601, written `YYYY-MM-DDTHH:mm:ssZ`.
//!
//! Strict reading: exactly 20 characters, a real calendar date (February 29 only in
//! leap years), hours 00–23, minutes and seconds 00–59, no fractional seconds and no
//! numeric offset (not even `+00:00`). The specification shows only this form; see
//! docs/assumptions.md (`datetime-fractional-seconds`, `datetime-offsets`).
//!
//! [`analyze`] also reads values that are not in that form when it can (a space
//! instead of `T`, no `Z`, an offset, fractional seconds, single-digit hours) so the
//! report can say precisely what is wrong, and so period checks still have a time to
//! work with.

use crate::rules::facet::*;

/// The facets a date-time text violates, and the instant it denotes (seconds since
/// 1970-01-01T00:00:00Z) when it can be read. A value without any zone designator is
/// read as UTC for the instant (and flagged by [`DT_UTC`]).
pub fn analyze(text: &[u8]) -> (Facets, Option<i64>) {
    if let Some(epoch) = parse_strict(text) {
        return (0, Some(epoch));
    }
    match parse_lenient(text) {
        Some(p) => {
            let mut facets = DT_FORMAT | p.facets;
            if !p.valid_calendar {
                facets |= DT_ISO;
            }
            (
                facets,
                if p.valid_calendar {
                    Some(p.epoch)
                } else {
                    None
                },
            )
        }
        None => (
            DT_FORMAT | DT_ISO | DT_EXTENDED | DT_T_SEPARATOR | DT_Z_SUFFIX | DT_UTC,
            None,
        ),
    }
}

/// The instant of a strict `YYYY-MM-DDTHH:mm:ssZ` value with a valid calendar date.
pub fn parse_strict(t: &[u8]) -> Option<i64> {
    if t.len() != 20
        || t[4] != b'-'
        || t[7] != b'-'
        || t[10] != b'T'
        || t[13] != b':'
        || t[16] != b':'
        || t[19] != b'Z'
    {
        return None;
    }
    let year = digits(&t[0..4])?;
    let month = digits(&t[5..7])?;
    let day = digits(&t[8..10])?;
    let hour = digits(&t[11..13])?;
    let minute = digits(&t[14..16])?;
    let second = digits(&t[17..19])?;
    if !valid_date(year, month, day) || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    Some(epoch_seconds(year, month, day, hour, minute, second))
}

fn digits(t: &[u8]) -> Option<i64> {
    let mut v: i64 = 0;
    for &b in t {
        if !b.is_ascii_digit() {
            return None;
        }
        v = v * 10 + (b - b'0') as i64;
    }
    Some(v)
}

/// A value read leniently, with what was wrong about its form.
struct Lenient {
    epoch: i64,
    facets: Facets,
    valid_calendar: bool,
}

/// Reads `YYYY-MM-DD`, then optionally `T` or a space and `H[H]:MM[:SS[.fff]]`, then
/// optionally `Z` or an offset `±HH[:]MM`. Anything else is not ISO 8601.
fn parse_lenient(t: &[u8]) -> Option<Lenient> {
    let mut facets = 0;
    if t.len() < 10 || t[4] != b'-' || t[7] != b'-' {
        return None;
    }
    let year = digits(&t[0..4])?;
    let month = digits(&t[5..7])?;
    let day = digits(&t[8..10])?;
    let mut i = 10;
    let (mut hour, mut minute, mut second) = (0, 0, 0);
    // East of UTC is positive: the instant is the clock time minus the offset.
    let mut offset_seconds = 0;
    if i == t.len() {
        // A date alone: no time part, no zone.
        facets |= DT_EXTENDED | DT_T_SEPARATOR | DT_Z_SUFFIX | DT_UTC;
    } else {
        match t[i] {
            b'T' => {}
            b' ' | b't' => facets |= DT_T_SEPARATOR,
            _ => return None,
        }
        i += 1;
        let field = |i: &mut usize| -> Option<(i64, usize)> {
            let start = *i;
            while *i < t.len() && t[*i].is_ascii_digit() && *i - start < 2 {
                *i += 1;
            }
            let n = *i - start;
            if n == 0 {
                return None;
            }
            Some((digits(&t[start..*i])?, n))
        };
        let (h, hn) = field(&mut i)?;
        hour = h;
        if t.get(i) != Some(&b':') {
            return None;
        }
        i += 1;
        let (m, mn) = field(&mut i)?;
        minute = m;
        let mut two_digits = hn == 2 && mn == 2;
        if t.get(i) == Some(&b':') {
            i += 1;
            let (s, sn) = field(&mut i)?;
            second = s;
            two_digits &= sn == 2;
            if t.get(i) == Some(&b'.') || t.get(i) == Some(&b',') {
                // Fractional seconds: not in the stated form.
                i += 1;
                let start = i;
                while i < t.len() && t[i].is_ascii_digit() {
                    i += 1;
                }
                if i == start {
                    return None;
                }
                facets |= DT_EXTENDED;
            }
        } else {
            // Seconds missing.
            facets |= DT_EXTENDED;
        }
        if !two_digits {
            facets |= DT_TWO_DIGITS;
        }
        match t.get(i) {
            Some(b'Z') if i + 1 == t.len() => {}
            Some(b'z') if i + 1 == t.len() => facets |= DT_Z_SUFFIX,
            None => facets |= DT_Z_SUFFIX | DT_UTC,
            Some(&sign @ (b'+' | b'-')) => {
                facets |= DT_Z_SUFFIX;
                let rest = &t[i + 1..];
                let (oh, om) = match rest.len() {
                    5 if rest[2] == b':' => (digits(&rest[0..2])?, digits(&rest[3..5])?),
                    4 => (digits(&rest[0..2])?, digits(&rest[2..4])?),
                    2 => (digits(rest)?, 0),
                    _ => return None,
                };
                if oh > 23 || om > 59 {
                    return None;
                }
                if oh != 0 || om != 0 {
                    facets |= DT_UTC;
                }
                offset_seconds = (oh * 3600 + om * 60) * if sign == b'-' { -1 } else { 1 };
            }
            _ => return None,
        }
    }
    let valid_calendar = valid_date(year, month, day) && hour <= 23 && minute <= 59 && second <= 59;
    let epoch = if valid_calendar {
        epoch_seconds(year, month, day, hour, minute, second) - offset_seconds
    } else {
        0
    };
    Some(Lenient {
        epoch,
        facets,
        valid_calendar,
    })
}

/// True for a real calendar date of the proleptic Gregorian calendar.
pub fn valid_date(year: i64, month: i64, day: i64) -> bool {
    (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days from 1970-01-01 to a civil date (Howard Hinnant's algorithm).
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn epoch_seconds(year: i64, month: i64, day: i64, hour: i64, minute: i64, second: i64) -> i64 {
    days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second
}

/// The civil date of a day count from 1970-01-01 (inverse of [`days_from_civil`]).
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Writes an instant in the FOCUS form, `YYYY-MM-DDTHH:mm:ssZ`.
pub fn format_epoch(seconds: i64) -> String {
    let days = seconds.div_euclid(86400);
    let rem = seconds.rem_euclid(86400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// True when an Arrow timestamp time zone names UTC.
pub fn is_utc_zone(tz: &str) -> bool {
    matches!(
        tz,
        "UTC" | "utc" | "Etc/UTC" | "Z" | "+00:00" | "+0000" | "00:00" | "Etc/GMT" | "GMT" | "Zulu"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facets(text: &str) -> Facets {
        analyze(text.as_bytes()).0
    }

    #[test]
    fn the_strict_form_passes() {
        assert_eq!(facets("2024-01-01T00:00:00Z"), 0);
        assert_eq!(facets("2024-02-29T00:00:00Z"), 0);
        assert_eq!(facets("2023-12-31T23:59:59Z"), 0);
        assert_eq!(analyze(b"1970-01-02T00:00:01Z").1, Some(86401));
    }

    #[test]
    fn impossible_dates_fail_as_not_iso() {
        for bad in [
            "2024-02-30T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2024-13-01T00:00:00Z",
            "2024-19-39T00:00:00Z",
            "2024-01-01T24:00:00Z",
            "2024-01-01T00:60:00Z",
            "2024-01-01T00:00:60Z",
        ] {
            let (f, epoch) = analyze(bad.as_bytes());
            assert_eq!(f & (DT_FORMAT | DT_ISO), DT_FORMAT | DT_ISO, "{bad}");
            assert_eq!(epoch, None, "{bad}");
        }
    }

    #[test]
    fn a_space_and_no_zone_fail_their_rules() {
        let (f, epoch) = analyze(b"2024-01-01 00:00:00");
        assert_eq!(f, DT_FORMAT | DT_T_SEPARATOR | DT_Z_SUFFIX | DT_UTC);
        assert_eq!(epoch, Some(days_from_civil(2024, 1, 1) * 86400));
    }

    #[test]
    fn a_zero_offset_is_utc_but_not_the_z_form() {
        assert_eq!(facets("2024-01-01T00:00:00+00:00"), DT_FORMAT | DT_Z_SUFFIX);
        assert_eq!(
            facets("2024-01-01T00:00:00+02:00"),
            DT_FORMAT | DT_Z_SUFFIX | DT_UTC
        );
    }

    #[test]
    fn fractional_seconds_and_missing_seconds_are_not_the_extended_form() {
        assert_eq!(facets("2024-01-01T00:00:00.000Z"), DT_FORMAT | DT_EXTENDED);
        assert_eq!(facets("2024-01-01T00:00Z"), DT_FORMAT | DT_EXTENDED);
    }

    #[test]
    fn an_offset_is_applied_to_the_instant() {
        let utc = parse_strict(b"2024-01-01T00:00:00Z");
        assert_eq!(analyze(b"2024-01-01T01:00:00+01:00").1, utc);
        assert_eq!(analyze(b"2023-12-31T19:30:00-0430").1, utc);
        assert_eq!(analyze(b"2024-01-01T00:00:00+00:00").1, utc);
        // An offset beyond ±23:59 is not ISO 8601.
        assert!(analyze(b"2024-01-01T00:00:00+24:00").0 & DT_ISO != 0);
    }

    #[test]
    fn single_digit_hours_fail_two_digits() {
        assert_eq!(facets("2024-01-01T1:00:00Z"), DT_FORMAT | DT_TWO_DIGITS);
    }

    #[test]
    fn dates_alone_and_other_orders() {
        assert_eq!(
            facets("2024-01-01"),
            DT_FORMAT | DT_EXTENDED | DT_T_SEPARATOR | DT_Z_SUFFIX | DT_UTC
        );
        let f = facets("5/1/25");
        assert!(f & DT_ISO != 0 && f & DT_FORMAT != 0);
        assert!(facets("Oct 1 2024") & DT_ISO != 0);
        assert!(facets("") & DT_FORMAT != 0);
    }

    #[test]
    fn epoch_round_trips() {
        for s in [
            "2024-02-29T12:34:56Z",
            "1999-12-31T23:59:59Z",
            "1969-07-20T20:17:40Z",
        ] {
            let epoch = parse_strict(s.as_bytes());
            assert_eq!(epoch.map(format_epoch).as_deref(), Some(s));
        }
    }

    #[test]
    fn utc_zone_names() {
        assert!(is_utc_zone("UTC"));
        assert!(is_utc_zone("+00:00"));
        assert!(!is_utc_zone("Europe/Paris"));
        assert!(!is_utc_zone("+01:00"));
    }
}
