//! Instants for people. Rendered the same on the server and in the browser
//! (UTC), so hydration never disagrees; zones per viewer come with the workspace.

/// `2026-11-23 09:00 UTC`.
pub fn local_time(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|d| d.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn instants_read_as_utc_minutes() {
        assert_eq!(super::local_time(1_795_424_400_000), "2026-11-23 09:00 UTC");
    }
}
