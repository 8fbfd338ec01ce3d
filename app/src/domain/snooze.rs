//! Snoozing a case: it waits as pending until a chosen time, then comes back
//! open with a reminder on its timeline.

/// Furthest ahead a case may be snoozed.
pub const MAX_SNOOZE_MS: i64 = 90 * 24 * 60 * 60 * 1000;

/// Checks a snooze time chosen at `now`; the error says what to choose instead.
pub fn check_snooze(until: i64, now: i64) -> Result<(), String> {
    if until <= now {
        return Err("Choose a time in the future.".into());
    }
    if until - now > MAX_SNOOZE_MS {
        return Err("A case can be snoozed at most 90 days ahead.".into());
    }
    Ok(())
}

/// Reads a `datetime-local` value (`2026-12-01T09:00`, seconds optional) as UTC,
/// the zone every time in the workspace is shown in.
pub fn parse_snooze_input(text: &str) -> Option<i64> {
    let text = text.trim();
    ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"]
        .iter()
        .find_map(|f| chrono::NaiveDateTime::parse_from_str(text, f).ok())
        .map(|t| t.and_utc().timestamp_millis())
}

/// The `datetime-local` value of an instant (UTC, minutes).
pub fn snooze_input_value(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|d| d.format("%Y-%m-%dT%H:%M").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snooze_must_be_ahead_and_within_ninety_days() {
        assert!(check_snooze(1_001, 1_000).is_ok());
        assert_eq!(
            check_snooze(1_000, 1_000).unwrap_err(),
            "Choose a time in the future."
        );
        assert!(check_snooze(MAX_SNOOZE_MS, 0).is_ok());
        assert!(check_snooze(MAX_SNOOZE_MS + 1, 0)
            .unwrap_err()
            .contains("90 days"));
    }

    #[test]
    fn inputs_read_as_utc_with_or_without_seconds() {
        assert_eq!(
            parse_snooze_input("2026-11-23T09:00"),
            Some(1_795_424_400_000)
        );
        assert_eq!(
            parse_snooze_input(" 2026-11-23T09:00:30 "),
            Some(1_795_424_430_000)
        );
        assert_eq!(parse_snooze_input("tomorrow"), None);
        assert_eq!(parse_snooze_input(""), None);
        assert_eq!(snooze_input_value(1_795_424_430_000), "2026-11-23T09:00");
    }
}
