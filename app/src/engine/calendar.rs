//! Business-hours calendars: a time zone, weekly working hours and holidays, and
//! the business time between two instants.
//!
//! All instants are Unix milliseconds (UTC). Working hours are worked out per
//! **local date**: each [`Span`] of that weekday (unless the date is a holiday)
//! becomes a stretch of real time, and business time is the real time elapsed
//! inside those stretches. Around daylight-saving changes a span's wall-clock
//! times are mapped to instants like this:
//!
//! - a time the clocks skip (spring forward) is the first instant after the jump,
//!   so a span 01:00–03:00 on a night that jumps from 02:00 to 03:00 lasts one hour;
//! - a time the clocks show twice (fall back) is the *earlier* instant for a
//!   span's start and the *later* one for its end, so a span 01:00–03:00 on a
//!   night that goes back from 02:00 to 01:00 lasts three hours: the repeated
//!   hour is worked, and counted once, as the real hour it is;
//! - stretches never overlap: where two spans meet inside a repeated hour, the
//!   later one starts where the earlier one ended.
//!
//! So a 24/7 calendar and a calendar open 00:00–24:00 every day agree exactly:
//! business time is plain elapsed time, and 24 business hours from midnight on
//! a spring-forward day end at 01:00 the next day (25 hours by the wall clock).
//!
//! Business time exists between the years 1 and 9999 (UTC); calendars that are
//! not 24/7 count nothing outside that range.

use std::collections::BTreeSet;

use chrono::{
    Datelike, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone, Weekday,
};
use chrono_tz::{GapInfo, Tz};
use serde::{Deserialize, Serialize};

/// Minutes in a day: a span may end at this minute (local midnight after).
pub const MINUTES_PER_DAY: u16 = 1440;
/// The weekdays in the order of [`CalendarSpec::week`].
pub const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];
/// Consecutive days without working time after which a search gives up (about 3 years).
const MAX_IDLE_DAYS: u32 = 3 * 366;
/// The first instant with business time: 0001-01-01T00:00:00Z.
const MIN_INSTANT: i64 = -62_135_596_800_000;
/// The last instant with business time: 9999-12-31T23:59:59.999Z.
const MAX_INSTANT: i64 = 253_402_300_799_999;

/// Working hours within one day: from `start_min` up to (not including)
/// `end_min`, in minutes after local midnight. `end_min` may be 1440 (midnight).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// First working minute after local midnight (0–1439).
    pub start_min: u16,
    /// The minute work stops, exclusive (1–1440).
    pub end_min: u16,
}

impl Span {
    /// Working hours from `start_min` to `end_min` minutes after local midnight.
    pub const fn new(start_min: u16, end_min: u16) -> Span {
        Span { start_min, end_min }
    }
}

/// A calendar as stored and sent: plain data, not yet checked. Turn it into a
/// [`Calendar`] with [`Calendar::new`] (or `try_into`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarSpec {
    /// IANA time zone name, e.g. `Europe/Berlin`.
    pub tz: String,
    /// Open 24/7: working hours and holidays are then ignored.
    #[serde(default)]
    pub always_open: bool,
    /// Working hours per weekday, Monday first.
    #[serde(default)]
    pub week: [Vec<Span>; 7],
    /// Local dates with no working hours.
    #[serde(default)]
    pub holidays: BTreeSet<NaiveDate>,
}

impl CalendarSpec {
    /// The same working hours Monday to Friday, closed at weekends, no holidays.
    pub fn weekdays(tz: &str, hours: Span) -> CalendarSpec {
        let mut week: [Vec<Span>; 7] = Default::default();
        for day in week.iter_mut().take(5) {
            day.push(hours);
        }
        CalendarSpec {
            tz: tz.to_string(),
            always_open: false,
            week,
            holidays: BTreeSet::new(),
        }
    }

    /// Open around the clock, every day.
    pub fn always_open(tz: &str) -> CalendarSpec {
        CalendarSpec {
            tz: tz.to_string(),
            always_open: true,
            week: Default::default(),
            holidays: BTreeSet::new(),
        }
    }
}

/// Why a calendar was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// The time zone is not an IANA name chrono-tz knows.
    #[error("unknown time zone {0:?}")]
    UnknownTimeZone(String),
    /// A span starts at or after its end.
    #[error("{}: working hours must start before they end (minute {start_min} to {end_min})", day_name(.day))]
    EmptySpan {
        day: Weekday,
        start_min: u16,
        end_min: u16,
    },
    /// A span ends after midnight.
    #[error("{}: working hours end at midnight (minute 1440) at the latest, not minute {end_min}", day_name(.day))]
    PastMidnight { day: Weekday, end_min: u16 },
    /// Two spans of a day overlap.
    #[error("{}: working hours overlap", day_name(.day))]
    Overlap { day: Weekday },
    /// Not 24/7 and no working hours on any day.
    #[error("the calendar has no working hours: add some or make it open 24/7")]
    NoWorkingHours,
}

impl CalendarError {
    /// The admin form field at fault: `tz`, `hours`, or `hours_mon` … `hours_sun`.
    pub fn field(&self) -> &'static str {
        let day = |d: &Weekday| match d {
            Weekday::Mon => "hours_mon",
            Weekday::Tue => "hours_tue",
            Weekday::Wed => "hours_wed",
            Weekday::Thu => "hours_thu",
            Weekday::Fri => "hours_fri",
            Weekday::Sat => "hours_sat",
            Weekday::Sun => "hours_sun",
        };
        match self {
            CalendarError::UnknownTimeZone(_) => "tz",
            CalendarError::EmptySpan { day: d, .. }
            | CalendarError::PastMidnight { day: d, .. }
            | CalendarError::Overlap { day: d } => day(d),
            CalendarError::NoWorkingHours => "hours",
        }
    }
}

/// The English name of a weekday, for messages.
fn day_name(day: &Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// A checked business-hours calendar. Stored and sent as a [`CalendarSpec`]
/// (the time zone by its IANA name); reading one back checks it again.
///
/// Holidays are local dates. A 24/7 calendar ignores its weekly hours and
/// holidays: it is open all the time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "CalendarSpec", into = "CalendarSpec")]
pub struct Calendar {
    tz: Tz,
    always_open: bool,
    /// Monday first; each day sorted by start, spans not overlapping.
    week: [Vec<Span>; 7],
    holidays: BTreeSet<NaiveDate>,
}

impl TryFrom<CalendarSpec> for Calendar {
    type Error = CalendarError;

    fn try_from(spec: CalendarSpec) -> Result<Calendar, CalendarError> {
        Calendar::new(spec)
    }
}

impl From<Calendar> for CalendarSpec {
    fn from(cal: Calendar) -> CalendarSpec {
        CalendarSpec {
            tz: cal.tz.name().to_string(),
            always_open: cal.always_open,
            week: cal.week,
            holidays: cal.holidays,
        }
    }
}

/// Sorts a day's spans by start and checks they are well formed and apart.
fn check_day(day: Weekday, spans: &mut [Span]) -> Result<(), CalendarError> {
    spans.sort_by_key(|s| s.start_min);
    for s in spans.iter() {
        if s.end_min > MINUTES_PER_DAY {
            return Err(CalendarError::PastMidnight {
                day,
                end_min: s.end_min,
            });
        }
        if s.start_min >= s.end_min {
            return Err(CalendarError::EmptySpan {
                day,
                start_min: s.start_min,
                end_min: s.end_min,
            });
        }
    }
    for pair in spans.windows(2) {
        if let [a, b] = pair {
            if b.start_min < a.end_min {
                return Err(CalendarError::Overlap { day });
            }
        }
    }
    Ok(())
}

/// Which end of a span a wall-clock time is: decides repeated (fall-back) times.
#[derive(Clone, Copy)]
enum Edge {
    Start,
    End,
}

/// The wall-clock time `minute` minutes after the start of `date` (1440 is the next midnight).
fn wall_clock(date: NaiveDate, minute: u16) -> Option<NaiveDateTime> {
    let offset = TimeDelta::try_minutes(i64::from(minute))?;
    date.and_time(NaiveTime::MIN).checked_add_signed(offset)
}

impl Calendar {
    /// Checks a spec: the time zone must exist; each day's spans must start
    /// before they end, end by midnight and not overlap (touching is fine); and
    /// unless the calendar is 24/7 it needs some working hours. Spans are sorted.
    pub fn new(spec: CalendarSpec) -> Result<Calendar, CalendarError> {
        let tz: Tz = spec
            .tz
            .parse()
            .map_err(|_| CalendarError::UnknownTimeZone(spec.tz.clone()))?;
        let mut week = spec.week;
        for (day, spans) in WEEKDAYS.iter().zip(week.iter_mut()) {
            check_day(*day, spans)?;
        }
        if !spec.always_open && week.iter().all(Vec::is_empty) {
            return Err(CalendarError::NoWorkingHours);
        }
        Ok(Calendar {
            tz,
            always_open: spec.always_open,
            week,
            holidays: spec.holidays,
        })
    }

    /// A calendar open around the clock in `tz`.
    pub fn always_open(tz: Tz) -> Calendar {
        Calendar {
            tz,
            always_open: true,
            week: Default::default(),
            holidays: BTreeSet::new(),
        }
    }

    /// The calendar's time zone.
    pub fn tz(&self) -> Tz {
        self.tz
    }

    /// Whether the calendar is open 24/7.
    pub fn is_always_open(&self) -> bool {
        self.always_open
    }

    /// The working hours of a weekday, sorted by start.
    pub fn spans(&self, day: Weekday) -> &[Span] {
        match self.week.get(day.num_days_from_monday() as usize) {
            Some(spans) => spans.as_slice(),
            None => &[],
        }
    }

    /// The holidays (local dates).
    pub fn holidays(&self) -> &BTreeSet<NaiveDate> {
        &self.holidays
    }

    /// The calendar as plain data.
    pub fn spec(&self) -> CalendarSpec {
        CalendarSpec::from(self.clone())
    }

    /// Business milliseconds in `[from, to)`; 0 when `to <= from`.
    pub fn business_ms_between(&self, from: i64, to: i64) -> i64 {
        if to <= from {
            return 0;
        }
        if self.always_open {
            return to.saturating_sub(from);
        }
        let from = from.clamp(MIN_INSTANT, MAX_INSTANT);
        let to = to.clamp(MIN_INSTANT, MAX_INSTANT);
        if to <= from {
            return 0;
        }
        let Some(last) = self.local_date(to).and_then(|d| d.succ_opt()) else {
            return 0;
        };
        let Some(intervals) = self.intervals(from, last, u32::MAX) else {
            return 0;
        };
        let mut total = 0;
        for (start, end) in intervals {
            if start >= to {
                break;
            }
            total += (end.min(to) - start.max(from)).max(0);
        }
        total
    }

    /// The earliest instant `t >= from` with `business_ms_between(from, t) == ms`:
    /// when `ms` business milliseconds have passed since `from`. `ms <= 0` gives
    /// `from` itself, even outside working hours; otherwise the answer lies in
    /// working hours (at the end of a stretch if the time runs out exactly there).
    /// `None` when no such instant exists: the search passed year 9999 or went
    /// about three years without any working time (e.g. every working day a holiday).
    pub fn add_business_ms(&self, from: i64, ms: i64) -> Option<i64> {
        if ms <= 0 {
            return Some(from);
        }
        if self.always_open {
            return from.checked_add(ms);
        }
        if from > MAX_INSTANT {
            return None;
        }
        let from = from.max(MIN_INSTANT);
        let last = self.local_date(MAX_INSTANT)?.succ_opt()?;
        let mut remaining = ms;
        for (start, end) in self.intervals(from, last, MAX_IDLE_DAYS)? {
            let start = start.max(from);
            if end <= start {
                continue;
            }
            if remaining <= end - start {
                let at = start + remaining;
                return (at <= MAX_INSTANT).then_some(at);
            }
            remaining -= end - start;
        }
        None
    }

    /// Whether `at` falls in working hours.
    pub fn is_open_at(&self, at: i64) -> bool {
        self.business_ms_between(at, at.saturating_add(1)) == 1
    }

    /// The first instant at or after `from` that falls in working hours.
    pub fn next_open_at(&self, from: i64) -> Option<i64> {
        self.add_business_ms(from, 1).map(|t| t.saturating_sub(1))
    }

    /// The local date at an instant.
    fn local_date(&self, at: i64) -> Option<NaiveDate> {
        self.tz
            .timestamp_millis_opt(at)
            .single()
            .map(|t| t.date_naive())
    }

    /// The working hours of a local date: none on holidays.
    fn spans_on(&self, date: NaiveDate) -> &[Span] {
        if self.holidays.contains(&date) {
            return &[];
        }
        self.spans(date.weekday())
    }

    /// The instant a wall-clock time stands for (see the module docs): in a gap
    /// the first instant after it; when repeated, the earlier for a span's start
    /// and the later for its end.
    fn instant(&self, local: NaiveDateTime, edge: Edge) -> Option<i64> {
        match self.tz.from_local_datetime(&local) {
            LocalResult::Single(t) => Some(t.timestamp_millis()),
            LocalResult::Ambiguous(a, b) => {
                let (a, b) = (a.timestamp_millis(), b.timestamp_millis());
                Some(match edge {
                    Edge::Start => a.min(b),
                    Edge::End => a.max(b),
                })
            }
            LocalResult::None => GapInfo::new(&local, &self.tz)?
                .end
                .map(|t| t.timestamp_millis()),
        }
    }

    /// A span of a local date as instants `(start, end)`, before clipping.
    fn span_instants(&self, date: NaiveDate, span: Span) -> Option<(i64, i64)> {
        let start = self.instant(wall_clock(date, span.start_min)?, Edge::Start)?;
        let end = self.instant(wall_clock(date, span.end_min)?, Edge::End)?;
        Some((start, end))
    }

    /// The working stretches from the local date before `from`'s (a span of the
    /// day before may end after `from` when midnight is repeated) up to `last`.
    fn intervals(&self, from: i64, last: NaiveDate, max_idle: u32) -> Option<Intervals<'_>> {
        let date = self.local_date(from)?.pred_opt()?;
        Some(Intervals {
            cal: self,
            date,
            last,
            next_span: 0,
            prev_end: i64::MIN,
            found_today: false,
            idle_days: 0,
            max_idle,
        })
    }
}

/// Working stretches `(start, end)` as instants, ascending and not overlapping,
/// local date by local date.
struct Intervals<'a> {
    cal: &'a Calendar,
    /// The local date being walked.
    date: NaiveDate,
    /// The last local date walked.
    last: NaiveDate,
    /// The index of the next span of `date`.
    next_span: usize,
    /// The end of the latest stretch so far: later stretches start no earlier.
    prev_end: i64,
    found_today: bool,
    /// Consecutive days without a stretch.
    idle_days: u32,
    /// Stop after this many consecutive days without a stretch.
    max_idle: u32,
}

impl Intervals<'_> {
    /// A span of the current date as a stretch, clipped to start after the previous one.
    fn clip(&mut self, span: Span) -> Option<(i64, i64)> {
        let (start, end) = self.cal.span_instants(self.date, span)?;
        let start = start.max(self.prev_end);
        self.prev_end = self.prev_end.max(end);
        (end > start).then_some((start, end))
    }

    /// Moves to the next date; `None` past the last date chrono knows.
    fn next_day(&mut self) -> Option<()> {
        self.idle_days = if self.found_today {
            0
        } else {
            self.idle_days.saturating_add(1)
        };
        self.found_today = false;
        self.next_span = 0;
        self.date = self.date.succ_opt()?;
        Some(())
    }
}

impl Iterator for Intervals<'_> {
    type Item = (i64, i64);

    fn next(&mut self) -> Option<(i64, i64)> {
        while self.date <= self.last && self.idle_days <= self.max_idle {
            match self.cal.spans_on(self.date).get(self.next_span).copied() {
                Some(span) => {
                    self.next_span += 1;
                    if let Some(stretch) = self.clip(span) {
                        self.found_today = true;
                        return Some(stretch);
                    }
                }
                None => self.next_day()?,
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::{America::New_York, Europe::Berlin};
    use proptest::prelude::*;

    const MINUTE: i64 = 60_000;
    const HOUR: i64 = 60 * MINUTE;
    const DAY: i64 = 24 * HOUR;
    /// 2020-01-01T00:00:00Z.
    const T0: i64 = 1_577_836_800_000;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> i64 {
        NaiveDate::from_ymd_opt(y, mo, d)
            .unwrap()
            .and_hms_opt(h, mi, 0)
            .unwrap()
            .and_utc()
            .timestamp_millis()
    }

    fn date(y: i32, mo: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, mo, d).unwrap()
    }

    /// The wall clock in New York at an instant.
    fn new_york_wall(at: i64) -> NaiveDateTime {
        New_York.timestamp_millis_opt(at).unwrap().naive_local()
    }

    /// Europe/Berlin, Monday to Friday 09:00–17:00.
    fn berlin_office() -> Calendar {
        Calendar::new(CalendarSpec::weekdays(
            "Europe/Berlin",
            Span::new(540, 1020),
        ))
        .unwrap()
    }

    /// The same span every day of the week.
    fn every_day(tz: &str, span: Span) -> Calendar {
        Calendar::new(CalendarSpec {
            tz: tz.to_string(),
            always_open: false,
            week: std::array::from_fn(|_| vec![span]),
            holidays: BTreeSet::new(),
        })
        .unwrap()
    }

    #[test]
    fn a_case_opened_friday_afternoon_is_due_monday_morning() {
        let cal = berlin_office();
        // Friday 2026-01-16 16:30 CET (UTC+1), one business hour to go.
        let opened = utc(2026, 1, 16, 15, 30);
        let due = cal.add_business_ms(opened, HOUR);
        // Half an hour on Friday, half an hour from 09:00 on Monday 2026-01-19.
        assert_eq!(due, Some(utc(2026, 1, 19, 8, 30)));
        assert_eq!(
            cal.business_ms_between(opened, utc(2026, 1, 19, 8, 30)),
            HOUR
        );
        // The weekend is not business time.
        assert_eq!(
            cal.business_ms_between(utc(2026, 1, 16, 16, 0), utc(2026, 1, 19, 8, 0)),
            0
        );
        assert!(!cal.is_open_at(utc(2026, 1, 17, 10, 0)));
        assert!(cal.is_open_at(utc(2026, 1, 19, 8, 0)));
        assert_eq!(
            cal.next_open_at(utc(2026, 1, 17, 10, 0)),
            Some(utc(2026, 1, 19, 8, 0))
        );
    }

    #[test]
    fn a_due_time_across_the_spring_change_keeps_office_hours() {
        let cal = berlin_office();
        // Friday 2026-03-27 16:30 CET; the clocks go forward on Sunday the 29th.
        let due = cal.add_business_ms(utc(2026, 3, 27, 15, 30), HOUR);
        // Monday 09:30 CEST (UTC+2).
        assert_eq!(due, Some(utc(2026, 3, 30, 7, 30)));
        // The week still has 5 × 8 business hours.
        assert_eq!(
            cal.business_ms_between(utc(2026, 3, 23, 0, 0), utc(2026, 3, 30, 0, 0)),
            40 * HOUR
        );
    }

    #[test]
    fn a_holiday_skips_the_day() {
        let mut spec = CalendarSpec::weekdays("Europe/Berlin", Span::new(540, 1020));
        spec.holidays.insert(date(2026, 1, 19));
        let cal = Calendar::new(spec).unwrap();
        let due = cal.add_business_ms(utc(2026, 1, 16, 15, 30), HOUR);
        // Tuesday 2026-01-20 09:30 CET.
        assert_eq!(due, Some(utc(2026, 1, 20, 8, 30)));
        assert!(!cal.is_open_at(utc(2026, 1, 19, 9, 0)));
        assert_eq!(
            cal.business_ms_between(utc(2026, 1, 19, 0, 0), utc(2026, 1, 20, 0, 0)),
            0
        );
    }

    #[test]
    fn twenty_four_business_hours_over_spring_forward_are_twenty_five_on_the_wall() {
        // New York jumps from 02:00 EST to 03:00 EDT on 2026-03-08.
        let midnight = utc(2026, 3, 8, 5, 0); // 00:00 EST
        for cal in [
            Calendar::always_open(New_York),
            every_day("America/New_York", Span::new(0, 1440)),
        ] {
            let due = cal.add_business_ms(midnight, 24 * HOUR).unwrap();
            assert_eq!(due, utc(2026, 3, 9, 5, 0));
            assert_eq!(
                new_york_wall(due),
                date(2026, 3, 9).and_hms_opt(1, 0, 0).unwrap()
            );
            // The local day itself is 23 hours long.
            assert_eq!(
                cal.business_ms_between(midnight, utc(2026, 3, 9, 4, 0)),
                23 * HOUR
            );
        }
    }

    #[test]
    fn twenty_four_business_hours_over_fall_back_are_twenty_three_on_the_wall() {
        // New York goes back from 02:00 EDT to 01:00 EST on 2026-11-01.
        let midnight = utc(2026, 11, 1, 4, 0); // 00:00 EDT
        for cal in [
            Calendar::always_open(New_York),
            every_day("America/New_York", Span::new(0, 1440)),
        ] {
            let due = cal.add_business_ms(midnight, 24 * HOUR).unwrap();
            assert_eq!(due, utc(2026, 11, 2, 4, 0));
            assert_eq!(
                new_york_wall(due),
                date(2026, 11, 1).and_hms_opt(23, 0, 0).unwrap()
            );
            // The local day itself is 25 hours long.
            assert_eq!(
                cal.business_ms_between(midnight, utc(2026, 11, 2, 5, 0)),
                25 * HOUR
            );
        }
    }

    #[test]
    fn night_hours_on_the_change_days_count_real_time() {
        // Open 01:00–03:00 every night. An ordinary night: two hours (06:00–08:00 UTC).
        let cal = every_day("America/New_York", Span::new(60, 180));
        assert_eq!(
            cal.business_ms_between(utc(2026, 3, 7, 5, 0), utc(2026, 3, 8, 5, 0)),
            2 * HOUR
        );
        // Spring forward: 01:00 EST to 03:00 EDT is one real hour.
        assert_eq!(
            cal.business_ms_between(utc(2026, 3, 8, 5, 0), utc(2026, 3, 9, 4, 0)),
            HOUR
        );
        // 90 minutes from that midnight: the hour, then 01:30 EDT next night.
        assert_eq!(
            cal.add_business_ms(utc(2026, 3, 8, 5, 0), 90 * MINUTE),
            Some(utc(2026, 3, 9, 5, 30))
        );
        // Fall back: 01:00 EDT to 03:00 EST is three real hours.
        assert_eq!(
            cal.business_ms_between(utc(2026, 11, 1, 4, 0), utc(2026, 11, 2, 5, 0)),
            3 * HOUR
        );
        // 90 minutes from that midnight end at the second 01:30 (EST).
        let due = cal
            .add_business_ms(utc(2026, 11, 1, 4, 0), 90 * MINUTE)
            .unwrap();
        assert_eq!(due, utc(2026, 11, 1, 6, 30));
        assert_eq!(
            new_york_wall(due),
            date(2026, 11, 1).and_hms_opt(1, 30, 0).unwrap()
        );
    }

    #[test]
    fn hours_starting_or_ending_in_the_skipped_hour_begin_or_end_at_the_jump() {
        // 02:30–04:00: on 2026-03-08 02:30 does not exist, the span starts at 03:00 EDT.
        let late = every_day("America/New_York", Span::new(150, 240));
        assert_eq!(
            late.business_ms_between(utc(2026, 3, 8, 5, 0), utc(2026, 3, 9, 4, 0)),
            HOUR
        );
        assert_eq!(
            late.add_business_ms(utc(2026, 3, 8, 5, 0), MINUTE),
            Some(utc(2026, 3, 8, 7, 1))
        );
        assert_eq!(
            late.business_ms_between(utc(2026, 3, 7, 5, 0), utc(2026, 3, 8, 5, 0)),
            90 * MINUTE
        );
        // 01:00–02:30: the span ends at the jump, 03:00 EDT (07:00 UTC).
        let early = every_day("America/New_York", Span::new(60, 150));
        assert_eq!(
            early.business_ms_between(utc(2026, 3, 8, 5, 0), utc(2026, 3, 9, 4, 0)),
            HOUR
        );
        assert_eq!(
            early.add_business_ms(utc(2026, 3, 8, 5, 0), HOUR),
            Some(utc(2026, 3, 8, 7, 0))
        );
    }

    #[test]
    fn spans_meeting_in_the_repeated_hour_count_it_once() {
        let mut spec = CalendarSpec::always_open("America/New_York");
        spec.always_open = false;
        spec.week = std::array::from_fn(|_| vec![Span::new(0, 90), Span::new(90, 180)]);
        let cal = Calendar::new(spec).unwrap();
        // 00:00 EDT (04:00 UTC) to 03:00 EST (08:00 UTC): four real hours.
        assert_eq!(
            cal.business_ms_between(utc(2026, 11, 1, 4, 0), utc(2026, 11, 2, 4, 0)),
            4 * HOUR
        );
    }

    #[test]
    fn a_24_7_calendar_ignores_holidays() {
        let mut spec = CalendarSpec::always_open("Europe/Berlin");
        spec.holidays.insert(date(2026, 12, 25));
        let cal = Calendar::new(spec).unwrap();
        assert_eq!(
            cal.business_ms_between(utc(2026, 12, 25, 0, 0), utc(2026, 12, 26, 0, 0)),
            DAY
        );
        assert_eq!(cal.add_business_ms(5, 7), Some(12));
        assert_eq!(cal.add_business_ms(5, 0), Some(5));
    }

    #[test]
    fn zero_time_is_due_at_once_even_when_closed() {
        let cal = berlin_office();
        let saturday = utc(2026, 1, 17, 12, 0);
        assert_eq!(cal.add_business_ms(saturday, 0), Some(saturday));
        assert_eq!(cal.business_ms_between(saturday, saturday), 0);
        assert_eq!(cal.business_ms_between(saturday, saturday - HOUR), 0);
    }

    #[test]
    fn a_calendar_whose_every_working_day_is_a_holiday_never_comes_due() {
        let mut spec = CalendarSpec {
            tz: "UTC".into(),
            always_open: false,
            week: Default::default(),
            holidays: BTreeSet::new(),
        };
        spec.week[0] = vec![Span::new(540, 1020)];
        for week in 0..260 {
            spec.holidays
                .insert(date(2026, 1, 5) + chrono::Days::new(7 * week));
        }
        let cal = Calendar::new(spec).unwrap();
        assert_eq!(cal.add_business_ms(utc(2026, 1, 1, 0, 0), MINUTE), None);
        assert_eq!(
            cal.business_ms_between(utc(2026, 1, 1, 0, 0), utc(2027, 1, 1, 0, 0)),
            0
        );
    }

    #[test]
    fn extreme_instants_do_not_panic() {
        let cal = berlin_office();
        assert_eq!(cal.add_business_ms(i64::MAX, HOUR), None);
        assert_eq!(cal.add_business_ms(i64::MAX - 1, i64::MAX), None);
        assert!(cal.add_business_ms(i64::MIN, HOUR).is_some());
        assert_eq!(cal.business_ms_between(i64::MAX - DAY, i64::MAX), 0);
        assert_eq!(cal.business_ms_between(i64::MIN, i64::MIN + DAY), 0);
        let always = Calendar::always_open(Berlin);
        assert_eq!(always.add_business_ms(i64::MAX, 1), None);
        assert_eq!(always.business_ms_between(i64::MIN, i64::MAX), i64::MAX);
    }

    #[test]
    fn bad_calendars_are_refused_with_the_reason() {
        let office = CalendarSpec::weekdays("Europe/Berlin", Span::new(540, 1020));

        let mut s = office.clone();
        s.tz = "Mars/Olympus_Mons".into();
        assert_eq!(
            Calendar::new(s),
            Err(CalendarError::UnknownTimeZone("Mars/Olympus_Mons".into()))
        );

        let mut s = office.clone();
        s.week[1] = vec![Span::new(600, 600)];
        let err = Calendar::new(s).unwrap_err();
        assert_eq!(
            err,
            CalendarError::EmptySpan {
                day: Weekday::Tue,
                start_min: 600,
                end_min: 600
            }
        );
        assert!(err.to_string().starts_with("Tuesday"), "{err}");

        let mut s = office.clone();
        s.week[2] = vec![Span::new(600, 1500)];
        assert_eq!(
            Calendar::new(s),
            Err(CalendarError::PastMidnight {
                day: Weekday::Wed,
                end_min: 1500
            })
        );

        let mut s = office.clone();
        s.week[3] = vec![Span::new(700, 1020), Span::new(540, 720)];
        let err = Calendar::new(s).unwrap_err();
        assert_eq!(err, CalendarError::Overlap { day: Weekday::Thu });
        assert_eq!(err.to_string(), "Thursday: working hours overlap");

        let mut s = office.clone();
        s.week = Default::default();
        assert_eq!(Calendar::new(s.clone()), Err(CalendarError::NoWorkingHours));
        s.always_open = true;
        assert!(Calendar::new(s).is_ok());
    }

    #[test]
    fn spans_are_sorted_and_may_touch() {
        let mut s = CalendarSpec::weekdays("Europe/Berlin", Span::new(540, 1020));
        s.week[4] = vec![Span::new(780, 1020), Span::new(540, 780)];
        let cal = Calendar::new(s).unwrap();
        assert_eq!(
            cal.spans(Weekday::Fri),
            &[Span::new(540, 780), Span::new(780, 1020)]
        );
        assert_eq!(
            cal.business_ms_between(utc(2026, 1, 16, 0, 0), utc(2026, 1, 17, 0, 0)),
            8 * HOUR
        );
    }

    #[test]
    fn calendars_travel_with_the_zone_name_and_are_checked_on_arrival() {
        let mut spec = CalendarSpec::weekdays("Europe/Berlin", Span::new(540, 1020));
        spec.holidays.insert(date(2026, 12, 25));
        let cal = Calendar::new(spec).unwrap();
        let json = serde_json::to_string(&cal).unwrap();
        assert!(json.contains("\"tz\":\"Europe/Berlin\""), "{json}");
        assert!(json.contains("\"2026-12-25\""), "{json}");
        assert_eq!(serde_json::from_str::<Calendar>(&json).unwrap(), cal);
        let bad = json.replace("Europe/Berlin", "Europe/Atlantis");
        assert!(serde_json::from_str::<Calendar>(&bad).is_err());
        assert_eq!(cal.spec().tz, "Europe/Berlin");
    }

    // ---- properties ----

    /// Zones with DST at night, at midnight, by 30 minutes, and a zone that dropped DST.
    const ZONES: &[&str] = &[
        "UTC",
        "Europe/Berlin",
        "America/New_York",
        "America/Santiago",
        "America/Havana",
        "Asia/Beirut",
        "Australia/Lord_Howe",
        "Asia/Kathmandu",
        "Pacific/Apia",
    ];

    /// Up to three spans in a day, on quarter hours, apart from each other.
    fn day_spans() -> impl Strategy<Value = Vec<Span>> {
        prop::collection::btree_set(0u16..=96, 0..=6).prop_map(|bounds| {
            let bounds: Vec<u16> = bounds.into_iter().collect();
            bounds
                .chunks_exact(2)
                .map(|p| Span::new(p[0] * 15, p[1] * 15))
                .collect()
        })
    }

    fn holiday() -> impl Strategy<Value = NaiveDate> {
        (0u64..3653).prop_map(|d| date(2020, 1, 1) + chrono::Days::new(d))
    }

    fn calendar() -> impl Strategy<Value = Calendar> {
        (
            prop::sample::select(ZONES),
            prop::array::uniform7(day_spans()),
            prop::collection::btree_set(holiday(), 0..12),
        )
            .prop_map(|(tz, mut week, holidays)| {
                if week.iter().all(Vec::is_empty) {
                    week[0] = vec![Span::new(540, 1020)];
                }
                Calendar::new(CalendarSpec {
                    tz: tz.to_string(),
                    always_open: false,
                    week,
                    holidays,
                })
                .unwrap()
            })
    }

    /// An instant in 2020–2029.
    fn instant() -> impl Strategy<Value = i64> {
        T0..T0 + 3650 * DAY
    }

    /// Up to a week of business time.
    fn duration() -> impl Strategy<Value = i64> {
        0..=7 * DAY
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn adding_then_measuring_gives_the_duration_back(
            cal in calendar(),
            from in instant(),
            ms in duration(),
        ) {
            let Some(due) = cal.add_business_ms(from, ms) else {
                return Err(TestCaseError::fail("no deadline found"));
            };
            prop_assert!(due >= from);
            prop_assert_eq!(cal.business_ms_between(from, due), ms);
            if ms > 0 {
                // The deadline is the earliest such instant: its last millisecond is working time.
                prop_assert_eq!(cal.business_ms_between(due - 1, due), 1);
            }
        }

        #[test]
        fn later_targets_are_due_no_earlier(
            cal in calendar(),
            from in instant(),
            a in duration(),
            b in duration(),
        ) {
            let (lo, hi) = (a.min(b), a.max(b));
            let (early, late) = (cal.add_business_ms(from, lo), cal.add_business_ms(from, hi));
            prop_assert!(early.is_some() && late.is_some() && early <= late);
        }

        #[test]
        fn later_starts_are_due_no_earlier(
            cal in calendar(),
            a in instant(),
            x in 0..30 * DAY,
            ms in duration(),
        ) {
            let (early, late) = (cal.add_business_ms(a, ms), cal.add_business_ms(a + x, ms));
            prop_assert!(early.is_some() && late.is_some() && early <= late);
        }

        #[test]
        fn business_time_adds_up_over_a_split(
            cal in calendar(),
            a in instant(),
            x in 0..30 * DAY,
            y in 0..30 * DAY,
        ) {
            let (b, c) = (a + x, a + x + y);
            let whole = cal.business_ms_between(a, c);
            prop_assert_eq!(whole, cal.business_ms_between(a, b) + cal.business_ms_between(b, c));
            prop_assert!(whole <= c - a);
        }

        #[test]
        fn around_the_clock_is_plain_arithmetic(
            zone in prop::sample::select(ZONES),
            from in instant(),
            span in -DAY..60 * DAY,
            ms in duration(),
        ) {
            let to = from + span;
            let always = Calendar::new(CalendarSpec::always_open(zone)).unwrap();
            let all_day = every_day(zone, Span::new(0, 1440));
            for cal in [&always, &all_day] {
                prop_assert_eq!(cal.business_ms_between(from, to), span.max(0));
                prop_assert_eq!(cal.add_business_ms(from, ms), Some(from + ms));
            }
        }

        #[test]
        fn calendars_survive_a_round_trip(cal in calendar()) {
            let json = serde_json::to_string(&cal).unwrap();
            prop_assert_eq!(serde_json::from_str::<Calendar>(&json).unwrap(), cal);
        }
    }
}
