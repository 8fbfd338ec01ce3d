//! How admin forms write durations, working hours, dates and lists, both ways:
//! `format_*` fills a field from stored data, `parse_*` reads it back and
//! explains what is wrong in words for the field's error. Formatting then
//! parsing gives back the same value.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use crate::engine::calendar::Span;

const MINUTE_MS: i64 = 60_000;
const HOUR_MS: i64 = 60 * MINUTE_MS;
const DAY_MS: i64 = 24 * HOUR_MS;

/// A duration as the admin writes it: `45m`, `4h`, `2d`, `1h 30m`, `30s`.
pub fn format_duration(ms: i64) -> String {
    if ms % MINUTE_MS != 0 {
        return format!("{}s", ms / 1000);
    }
    let mut rest = ms;
    let mut parts = Vec::new();
    for (unit, size) in [("d", DAY_MS), ("h", HOUR_MS), ("m", MINUTE_MS)] {
        if rest >= size {
            parts.push(format!("{}{unit}", rest / size));
            rest %= size;
        }
    }
    if parts.is_empty() {
        "0m".into()
    } else {
        parts.join(" ")
    }
}

/// Reads a duration (`45m`, `4h`, `2d`, `1h 30m`, `30s`; a bare number is
/// minutes); empty is `None`.
pub fn parse_duration(s: &str) -> Result<Option<i64>, String> {
    let s = s.trim().to_lowercase();
    if s.is_empty() {
        return Ok(None);
    }
    const HOW: &str = "write a duration such as 30s, 45m, 4h, 2d or 1h 30m";
    let mut total: i64 = 0;
    let mut rest = s.as_str();
    while !rest.is_empty() {
        rest = rest.trim_start();
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if digits == 0 {
            return Err(HOW.into());
        }
        let n: i64 = rest[..digits].parse().map_err(|_| HOW.to_string())?;
        rest = rest[digits..].trim_start();
        let unit_len = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let size = match &rest[..unit_len] {
            "" | "m" | "min" | "mins" | "minute" | "minutes" => MINUTE_MS,
            "s" | "sec" | "secs" | "second" | "seconds" => 1_000,
            "h" | "hr" | "hrs" | "hour" | "hours" => HOUR_MS,
            "d" | "day" | "days" => DAY_MS,
            _ => return Err(HOW.into()),
        };
        total = n
            .checked_mul(size)
            .and_then(|x| total.checked_add(x))
            .ok_or_else(|| "that is far too long".to_string())?;
        rest = &rest[unit_len..];
    }
    Ok(Some(total))
}

fn hhmm(min: u16) -> String {
    format!("{:02}:{:02}", min / 60, min % 60)
}

/// One day's working hours: `08:00-12:00, 13:00-18:00`; none is empty.
pub fn format_spans(spans: &[Span]) -> String {
    spans
        .iter()
        .map(|s| format!("{}-{}", hhmm(s.start_min), hhmm(s.end_min)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn parse_time(t: &str) -> Option<u16> {
    let (h, m) = t.trim().split_once(':').unwrap_or((t.trim(), "0"));
    let (h, m): (u16, u16) = (h.trim().parse().ok()?, m.trim().parse().ok()?);
    (m < 60 && (h < 24 || (h == 24 && m == 0))).then_some(h * 60 + m)
}

/// Reads one day's working hours; empty or `closed` is no hours. Order and
/// overlaps are checked by the calendar itself.
pub fn parse_spans(s: &str) -> Result<Vec<Span>, String> {
    let s = s.trim();
    if s.is_empty() || s.eq_ignore_ascii_case("closed") {
        return Ok(Vec::new());
    }
    s.split(',')
        .map(|part| {
            let (a, b) = part.split_once('-').ok_or_else(|| {
                format!(
                    "{:?}: write hours as 08:00-18:00, several separated by commas",
                    part.trim()
                )
            })?;
            match (parse_time(a), parse_time(b)) {
                (Some(start), Some(end)) => Ok(Span::new(start, end)),
                _ => Err(format!(
                    "{:?}: times are HH:MM from 00:00 to 24:00",
                    part.trim()
                )),
            }
        })
        .collect()
}

/// Holidays, one date per line.
pub fn format_dates(dates: &BTreeSet<NaiveDate>) -> String {
    dates
        .iter()
        .map(|d| d.format("%Y-%m-%d").to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads dates (YYYY-MM-DD) separated by lines, commas or spaces.
pub fn parse_dates(s: &str) -> Result<BTreeSet<NaiveDate>, String> {
    s.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|x| !x.is_empty())
        .map(|x| {
            NaiveDate::parse_from_str(x, "%Y-%m-%d")
                .map_err(|_| format!("{x:?} is not a date: write YYYY-MM-DD, such as 2026-12-25"))
        })
        .collect()
}

/// Items separated by commas or new lines, trimmed, without empty ones.
pub fn parse_list(s: &str) -> Vec<String> {
    s.split([',', '\n'])
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

/// An optional choice from a `<select>`: empty is `None`.
pub fn parse_choice<T>(s: &str, parse: impl Fn(&str) -> Option<T>) -> Result<Option<T>, String> {
    match s.trim() {
        "" => Ok(None),
        v => parse(v)
            .map(Some)
            .ok_or_else(|| format!("{v:?} is not one of the choices")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_round_trip_and_read_naturally() {
        for ms in [
            60_000,
            900_000,
            3_600_000,
            5_400_000,
            86_400_000,
            345_600_000,
            30_000,
        ] {
            assert_eq!(parse_duration(&format_duration(ms)), Ok(Some(ms)), "{ms}");
        }
        assert_eq!(format_duration(5_400_000), "1h 30m");
        assert_eq!(format_duration(345_600_000), "4d");
        assert_eq!(parse_duration("90"), Ok(Some(90 * 60_000)));
        assert_eq!(parse_duration("2 hours"), Ok(Some(2 * 3_600_000)));
        assert_eq!(parse_duration("  "), Ok(None));
        assert!(parse_duration("soon").unwrap_err().contains("such as"));
        assert!(parse_duration("4x").is_err());
        assert!(parse_duration("99999999999999d").is_err());
    }

    #[test]
    fn working_hours_round_trip_and_bad_ones_are_explained() {
        let spans = vec![Span::new(480, 720), Span::new(780, 1440)];
        assert_eq!(format_spans(&spans), "08:00-12:00, 13:00-24:00");
        assert_eq!(parse_spans(&format_spans(&spans)), Ok(spans));
        assert_eq!(parse_spans("closed"), Ok(vec![]));
        assert_eq!(parse_spans("9-17"), Ok(vec![Span::new(540, 1020)]));
        assert!(parse_spans("08:00 to 18:00")
            .unwrap_err()
            .contains("08:00-18:00"));
        assert!(parse_spans("08:00-25:00").unwrap_err().contains("HH:MM"));
    }

    #[test]
    fn dates_and_lists_are_read_leniently_and_checked() {
        let d = parse_dates("2026-12-25\n2026-12-26, 2027-01-01").unwrap();
        assert_eq!(d.len(), 3);
        assert_eq!(parse_dates(&format_dates(&d)), Ok(d));
        assert!(parse_dates("25/12/2026")
            .unwrap_err()
            .contains("YYYY-MM-DD"));
        assert_eq!(parse_list(" a, b\n\nc ,"), vec!["a", "b", "c"]);
        assert_eq!(parse_choice("", crate::domain::Priority::parse), Ok(None));
        assert_eq!(
            parse_choice("P2", crate::domain::Priority::parse),
            Ok(Some(crate::domain::Priority::P2))
        );
        assert!(parse_choice("P9", crate::domain::Priority::parse).is_err());
    }
}
