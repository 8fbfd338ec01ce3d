//! Instants for people. Rendered the same on the server and in the browser
//! (UTC), so hydration never disagrees; zones per viewer come with the workspace.

/// `2026-11-23 09:00 UTC`. Written field by field: a chrono format string
/// would put its `strftime` parser in the inbox's first download.
pub fn local_time(ms: i64) -> String {
    use chrono::{Datelike, Timelike};
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|d| {
            format!(
                "{:04}-{:02}-{:02} {:02}:{:02} UTC",
                d.year(),
                d.month(),
                d.day(),
                d.hour(),
                d.minute()
            )
        })
        .unwrap_or_default()
}

/// A duration for people, coarse and short: "45 s", "12 min", "3 h 05 min", "2 d 4 h".
pub fn span(ms: i64) -> String {
    let s = ms.abs() / 1000;
    let (d, h, m) = (s / 86_400, s / 3_600 % 24, s / 60 % 60);
    if d > 0 {
        format!("{d} d {h} h")
    } else if h > 0 {
        format!("{h} h {m:02} min")
    } else if m > 0 {
        format!("{m} min")
    } else {
        format!("{s} s")
    }
}

/// Time left until `due` at `now`: "in 3 h 05 min", or "overdue 12 min".
pub fn countdown(due: i64, now: i64) -> String {
    if due >= now {
        format!("in {}", span(due - now))
    } else {
        format!("overdue {}", span(now - due))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn countdowns_read_as_time_left_or_overdue() {
        use super::countdown;
        assert_eq!(countdown(45_000, 0), "in 45 s");
        assert_eq!(countdown(3 * 3_600_000 + 5 * 60_000, 0), "in 3 h 05 min");
        assert_eq!(countdown(0, 12 * 60_000 + 30_000), "overdue 12 min");
        assert_eq!(countdown(2 * 86_400_000 + 4 * 3_600_000, 0), "in 2 d 4 h");
    }

    #[test]
    fn instants_read_as_utc_minutes() {
        assert_eq!(super::local_time(1_795_424_400_000), "2026-11-23 09:00 UTC");
        // Single digits are padded, and the minute is cut, not rounded.
        assert_eq!(super::local_time(1_767_330_359_999), "2026-01-02 05:05 UTC");
    }
}
