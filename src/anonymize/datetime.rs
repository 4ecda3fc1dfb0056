//! Calendar arithmetic for the sample checks (reading dates written as text) and for
//! writing Parquet timestamps as CSV text. Proleptic Gregorian calendar, UTC, no leap
//! seconds, as FOCUS dates are.

/// Days since 1970-01-01 of a calendar date (month 1–12, day 1–31).
pub(crate) fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    // Howard Hinnant's algorithm: years start in March so the leap day comes last.
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let shifted_month = i64::from((month + 9) % 12);
    let day_of_year = (153 * shifted_month + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The calendar date (year, month, day) of a count of days since 1970-01-01.
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Seconds since 1970-01-01T00:00:00Z of a date written as text, or `None` when the
/// text is not a date this reads.
///
/// Reads `YYYY-MM-DD`, optionally followed by `T` or a space and `HH:MM`, `HH:MM:SS`
/// or `HH:MM:SS.fff…`, optionally followed by `Z`, ` UTC` or an offset `±HH:MM` /
/// `±HHMM`. A date without an offset is read as UTC. Fractions of seconds are dropped:
/// coverage of a billing period is judged to the second.
pub(crate) fn parse_instant(text: &str) -> Option<i64> {
    let s = text.trim().as_bytes();
    let year = digits(s.get(0..4)?)?;
    if s.get(4) != Some(&b'-') || s.get(7) != Some(&b'-') {
        return None;
    }
    let month = u32::try_from(digits(s.get(5..7)?)?).ok()?;
    let day = u32::try_from(digits(s.get(8..10)?)?).ok()?;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    let mut seconds = days_from_civil(year, month, day) * 86_400;
    let mut rest = &s[10..];
    if let Some((&sep, time)) = rest.split_first() {
        if sep != b'T' && sep != b't' && sep != b' ' {
            return None;
        }
        let (time_seconds, after) = parse_time(time)?;
        seconds += time_seconds;
        rest = after;
    }
    seconds -= parse_offset(rest)?;
    Some(seconds)
}

/// `HH:MM[:SS[.fff…]]` at the start of `s`: its seconds and what follows.
fn parse_time(s: &[u8]) -> Option<(i64, &[u8])> {
    let hour = digits(s.get(0..2)?)?;
    if s.get(2) != Some(&b':') {
        return None;
    }
    let minute = digits(s.get(3..5)?)?;
    let mut rest = &s[5..];
    let mut second = 0;
    if rest.first() == Some(&b':') {
        second = digits(rest.get(1..3)?)?;
        rest = &rest[3..];
        if rest.first() == Some(&b'.') {
            let fraction = rest[1..].iter().take_while(|b| b.is_ascii_digit()).count();
            if fraction == 0 {
                return None;
            }
            rest = &rest[1 + fraction..];
        }
    }
    // 24:00:00 is the end of a day; 60 seconds only as a leap second.
    let valid = (hour < 24 && minute < 60 && second <= 60) || (hour == 24 && minute == 0 && second == 0);
    valid.then_some((hour * 3600 + minute * 60 + second, rest))
}

/// The UTC offset in seconds written in `s` (nothing, `Z`, ` UTC`, `±HH:MM`, `±HHMM`, `±HH`).
fn parse_offset(s: &[u8]) -> Option<i64> {
    match s {
        b"" | b"Z" | b"z" | b" UTC" | b"UTC" => Some(0),
        [sign @ (b'+' | b'-'), rest @ ..] => {
            let (hours, minutes) = match rest {
                [h1, h2] => (digits(&[*h1, *h2])?, 0),
                [h1, h2, b':', m1, m2] | [h1, h2, m1, m2] => (digits(&[*h1, *h2])?, digits(&[*m1, *m2])?),
                _ => return None,
            };
            if hours > 23 || minutes > 59 {
                return None;
            }
            let offset = hours * 3600 + minutes * 60;
            Some(if *sign == b'-' { -offset } else { offset })
        }
        _ => None,
    }
}

/// The number written in ASCII digits only.
fn digits(s: &[u8]) -> Option<i64> {
    if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(s.iter().fold(0i64, |n, &b| n * 10 + i64::from(b - b'0')))
}

/// `YYYY-MM-DD` of a count of days since 1970-01-01.
pub(crate) fn format_date(days: i64, out: &mut String) {
    let (year, month, day) = civil_from_days(days);
    out.push_str(&format!("{year:04}-{month:02}-{day:02}"));
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction][Z]` of a point in time given as a count of
/// `units_per_second`-ths of a second since 1970-01-01T00:00:00 (1 for seconds,
/// 1000 for milliseconds, …). The fraction is written only when not zero, with
/// trailing zeros dropped; `Z` only when the time is known to be UTC.
pub(crate) fn format_timestamp(value: i64, units_per_second: i64, utc: bool, out: &mut String) {
    let seconds = value.div_euclid(units_per_second);
    let fraction = value.rem_euclid(units_per_second);
    let days = seconds.div_euclid(86_400);
    let in_day = seconds.rem_euclid(86_400);
    format_date(days, out);
    out.push_str(&format!("T{:02}:{:02}:{:02}", in_day / 3600, in_day / 60 % 60, in_day % 60));
    if fraction != 0 {
        let width = units_per_second.ilog10() as usize;
        let text = format!("{fraction:0width$}");
        out.push('.');
        out.push_str(text.trim_end_matches('0'));
    }
    if utc {
        out.push('Z');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_through_the_calendar() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(2024, 2, 29), 19_782);
        for days in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn instants_parse_in_the_usual_spellings() {
        let jan = 1_704_067_200; // 2024-01-01T00:00:00Z
        for text in [
            "2024-01-01T00:00:00Z",
            "2024-01-01 00:00:00",
            "2024-01-01",
            "2024-01-01T00:00Z",
            "2024-01-01T00:00:00.000Z",
            "2024-01-01T01:00:00+01:00",
            "2023-12-31T23:00:00-0100",
            "2023-12-31T24:00:00Z",
            " 2024-01-01 00:00:00 UTC ",
        ] {
            assert_eq!(parse_instant(text), Some(jan), "{text}");
        }
    }

    #[test]
    fn non_dates_are_not_read() {
        for text in ["5/1/25", "2023-02-01T30:00:00Z", "2023-02-30", "2024-13-01", "2024-01-01X", "", "2024-01-01T10"] {
            assert_eq!(parse_instant(text), None, "{text}");
        }
    }

    #[test]
    fn timestamps_format_like_focus_dates() {
        let mut out = String::new();
        format_timestamp(1_704_067_200, 1, true, &mut out);
        assert_eq!(out, "2024-01-01T00:00:00Z");
        out.clear();
        format_timestamp(1_704_067_200_250, 1000, false, &mut out);
        assert_eq!(out, "2024-01-01T00:00:00.25");
        out.clear();
        format_timestamp(-1, 1, true, &mut out);
        assert_eq!(out, "1969-12-31T23:59:59Z");
    }
}
