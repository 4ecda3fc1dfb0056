//! Writing Parquet dates and timestamps as CSV text, on the validator's calendar
//! (`rules::formats::datetime`): proleptic Gregorian, UTC, no leap seconds, as FOCUS
//! dates are.

use crate::rules::formats::datetime::civil_from_days;

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
    fn dates_format_like_focus_dates() {
        let mut out = String::new();
        format_date(19_782, &mut out);
        assert_eq!(out, "2024-02-29");
        out.clear();
        format_date(-1, &mut out);
        assert_eq!(out, "1969-12-31");
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
