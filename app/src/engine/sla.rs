//! SLA policies and clocks: which targets apply to a case, and how far each
//! promise (first response, next update, resolution) has run in business time.
//!
//! Everything here is pure: callers pass the current instant (Unix milliseconds,
//! UTC) and the policy's [`Calendar`], and store the [`Clock`]s they get back.
//!
//! A clock runs while its case is new, open or on hold, pauses while the case is
//! pending on the customer, and stops when the case is solved or closed (see
//! [`clocks_running_in`]). At 50 % of a target an unassigned case is
//! auto-assigned, at 80 % the team lead is alerted, and once the target is used up
//! the clock is breached ([`Threshold`]).

use std::cmp::Reverse;

use serde::{Deserialize, Serialize};

use super::calendar::Calendar;
use crate::domain::{CaseStatus, Channel, Priority};

crate::domain::named_enum!(
    /// Which promise a clock measures.
    ClockKind { FirstResponse => "first_response", NextUpdate => "next_update", Resolution => "resolution" }
);

crate::domain::named_enum!(
    /// The customer's contract level, which policies may target.
    CustomerTier { Standard => "standard", Enterprise => "enterprise" }
);

crate::domain::named_enum!(
    /// A point along a target at which something happens: 50 % auto-assigns an
    /// unassigned case, 80 % alerts the team lead, 100 % is a breach.
    Threshold { Half => "half", Warning => "warning", Breach => "breach" }
);

impl Threshold {
    /// How much of the target must be used up to reach this point.
    pub fn percent(self) -> u8 {
        match self {
            Threshold::Half => 50,
            Threshold::Warning => 80,
            Threshold::Breach => 100,
        }
    }
}

const MINUTE_MS: i64 = 60_000;
const HOUR_MS: i64 = 60 * MINUTE_MS;
/// The longest target a policy may set: a year of business time.
pub const MAX_TARGET_MS: i64 = 366 * 24 * HOUR_MS;

/// Business-time targets of a policy, in milliseconds; `None` = not measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Targets {
    /// Until the first agent reply.
    pub first_response_ms: Option<i64>,
    /// Between agent updates while the customer waits.
    pub next_update_ms: Option<i64>,
    /// Until the case is solved.
    pub resolution_ms: Option<i64>,
}

impl Targets {
    /// The default targets of a priority (the priority matrix of the design).
    pub fn defaults_for(priority: Priority) -> Targets {
        let (first, update, resolve) = match priority {
            Priority::P1 => (15 * MINUTE_MS, Some(30 * MINUTE_MS), 4 * HOUR_MS),
            Priority::P2 => (HOUR_MS, Some(2 * HOUR_MS), 8 * HOUR_MS),
            Priority::P3 => (4 * HOUR_MS, None, 24 * HOUR_MS),
            Priority::P4 => (8 * HOUR_MS, None, 48 * HOUR_MS),
        };
        Targets {
            first_response_ms: Some(first),
            next_update_ms: update,
            resolution_ms: Some(resolve),
        }
    }

    /// The target of one kind of clock.
    pub fn get(&self, kind: ClockKind) -> Option<i64> {
        match kind {
            ClockKind::FirstResponse => self.first_response_ms,
            ClockKind::NextUpdate => self.next_update_ms,
            ClockKind::Resolution => self.resolution_ms,
        }
    }

    /// Every target set must be longer than zero and at most [`MAX_TARGET_MS`].
    pub fn validate(&self) -> Result<(), PolicyError> {
        for kind in ClockKind::ALL.iter().copied() {
            match self.get(kind) {
                Some(ms) if ms <= 0 => return Err(PolicyError::NonPositiveTarget { kind }),
                Some(ms) if ms > MAX_TARGET_MS => return Err(PolicyError::TargetTooLong { kind }),
                _ => {}
            }
        }
        Ok(())
    }
}

impl ClockKind {
    /// The promise in words: "first response", "next update", "resolution".
    pub fn words(self) -> &'static str {
        match self {
            ClockKind::FirstResponse => "first response",
            ClockKind::NextUpdate => "next update",
            ClockKind::Resolution => "resolution",
        }
    }
}

/// Why a policy was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    /// A policy needs a name.
    #[error("the policy needs a name")]
    EmptyName,
    /// A target of zero or less.
    #[error("the {} target must be longer than zero", kind.words())]
    NonPositiveTarget { kind: ClockKind },
    /// A target longer than [`MAX_TARGET_MS`].
    #[error("the {} target must be at most a year", kind.words())]
    TargetTooLong { kind: ClockKind },
}

impl PolicyError {
    /// The admin form field at fault: `name` or the clock kind's name.
    pub fn field(&self) -> &'static str {
        match self {
            PolicyError::EmptyName => "name",
            PolicyError::NonPositiveTarget { kind } | PolicyError::TargetTooLong { kind } => {
                kind.as_str()
            }
        }
    }
}

/// An SLA policy: targets for cases of a priority, channel and customer tier
/// (`None` matches any), measured in the business hours of a calendar.
///
/// Live chat answers within seconds: give the chat channel its own policy, e.g.
/// `first_response_ms: Some(60_000)` on an always-open or chat-hours calendar.
/// Targets are milliseconds, so nothing else is needed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    /// Storage id; the lower id wins between equally specific policies.
    pub id: i64,
    /// Name shown to admins.
    pub name: String,
    /// Only cases of this priority, or any.
    pub priority: Option<Priority>,
    /// Only cases from this channel, or any.
    pub channel: Option<Channel>,
    /// Only customers of this tier, or any.
    pub tier: Option<CustomerTier>,
    /// The targets.
    pub targets: Targets,
    /// The calendar whose business hours the clocks run in.
    pub calendar_id: i64,
}

impl Policy {
    /// Checks the name and the targets.
    pub fn validate(&self) -> Result<(), PolicyError> {
        if self.name.trim().is_empty() {
            return Err(PolicyError::EmptyName);
        }
        self.targets.validate()
    }

    /// Whether the policy applies to a case with these properties.
    pub fn matches(&self, priority: Priority, channel: Channel, tier: CustomerTier) -> bool {
        self.priority.is_none_or(|p| p == priority)
            && self.channel.is_none_or(|c| c == channel)
            && self.tier.is_none_or(|t| t == tier)
    }

    /// How many of priority, channel and tier the policy pins down.
    pub fn specificity(&self) -> usize {
        [
            self.priority.is_some(),
            self.channel.is_some(),
            self.tier.is_some(),
        ]
        .into_iter()
        .filter(|pinned| *pinned)
        .count()
    }
}

/// The policy for a case: the most specific one that matches; between equally
/// specific ones the lowest id. `None` when none matches (keep a catch-all policy).
pub fn pick_policy(
    policies: &[Policy],
    priority: Priority,
    channel: Channel,
    tier: CustomerTier,
) -> Option<&Policy> {
    policies
        .iter()
        .filter(|p| p.matches(priority, channel, tier))
        .min_by_key(|p| (Reverse(p.specificity()), p.id))
}

/// Whether clocks run in a case status: yes while new, open or on hold (waiting
/// on us or a third party); no while pending on the customer (paused) or once
/// solved or closed (stopped).
pub fn clocks_running_in(status: CaseStatus) -> bool {
    matches!(
        status,
        CaseStatus::New | CaseStatus::Open | CaseStatus::OnHold
    )
}

/// One SLA clock of a case. Business time is counted in the policy's calendar.
///
/// A next-update clock covers one wait: start a fresh one after each agent
/// update. A stopped clock stays stopped; a reopened case gets fresh clocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clock {
    /// The promise measured.
    pub kind: ClockKind,
    /// Business milliseconds allowed.
    pub target_ms: i64,
    /// Business milliseconds used before `since` (all of them when not running).
    pub elapsed_ms: i64,
    /// Running since this instant; `None` when paused or stopped.
    pub since: Option<i64>,
    /// When the clock was stopped (the promise kept, in time or late).
    pub met_at: Option<i64>,
}

/// Business milliseconds needed to reach `percent` % of `target_ms`, rounded up.
fn needed_ms(target_ms: i64, percent: u8) -> i64 {
    let needed = (i128::from(target_ms) * i128::from(percent) + 99).div_euclid(100);
    i64::try_from(needed).unwrap_or(if needed < 0 { i64::MIN } else { i64::MAX })
}

impl Clock {
    /// A clock running from `now` with nothing used yet.
    pub fn start(kind: ClockKind, target_ms: i64, now: i64) -> Clock {
        Clock {
            kind,
            target_ms,
            elapsed_ms: 0,
            since: Some(now),
            met_at: None,
        }
    }

    /// Whether the clock is running.
    pub fn is_running(&self) -> bool {
        self.since.is_some()
    }

    /// Whether the clock was stopped.
    pub fn is_stopped(&self) -> bool {
        self.met_at.is_some()
    }

    /// Pauses a running clock, banking the business time since it last started.
    /// Does nothing to a paused or stopped clock.
    pub fn pause(&mut self, cal: &Calendar, now: i64) {
        if let Some(since) = self.since.take() {
            self.elapsed_ms = self
                .elapsed_ms
                .saturating_add(cal.business_ms_between(since, now));
        }
    }

    /// Resumes a paused clock from `now`. Does nothing to a running or stopped clock.
    pub fn resume(&mut self, now: i64) {
        if self.since.is_none() && self.met_at.is_none() {
            self.since = Some(now);
        }
    }

    /// Stops the clock for good at `now`: the promise was kept (see [`Clock::met_in_time`]).
    /// Stopping again keeps the first stop.
    pub fn stop(&mut self, cal: &Calendar, now: i64) {
        self.pause(cal, now);
        if self.met_at.is_none() {
            self.met_at = Some(now);
        }
    }

    /// Follows a case's status: runs, pauses or stops as [`clocks_running_in`] says.
    pub fn follow_status(&mut self, cal: &Calendar, status: CaseStatus, now: i64) {
        match status {
            CaseStatus::Solved | CaseStatus::Closed => self.stop(cal, now),
            s if clocks_running_in(s) => self.resume(now),
            _ => self.pause(cal, now),
        }
    }

    /// Sets a new target mid-flight (e.g. the priority changed): time used so
    /// far is kept, and thresholds are measured against the new target.
    pub fn retarget(&mut self, target_ms: i64) {
        self.target_ms = target_ms;
    }

    /// Business milliseconds used by `now`.
    pub fn elapsed_at(&self, cal: &Calendar, now: i64) -> i64 {
        match self.since {
            Some(since) => self
                .elapsed_ms
                .saturating_add(cal.business_ms_between(since, now)),
            None => self.elapsed_ms,
        }
    }

    /// Business milliseconds left at `now`; negative once overdue.
    pub fn remaining_at(&self, cal: &Calendar, now: i64) -> i64 {
        self.target_ms.saturating_sub(self.elapsed_at(cal, now))
    }

    /// The instant a running clock uses up `percent` % of its target (rounded up
    /// to the millisecond). It may lie in the past; if the clock was already past
    /// that point when it last started, it is `since`. `None` when paused or
    /// stopped (nothing more will be used), or when no working time is left.
    pub fn threshold_at(&self, cal: &Calendar, percent: u8) -> Option<i64> {
        let since = self.since?;
        let needed = needed_ms(self.target_ms, percent);
        if needed <= self.elapsed_ms {
            return Some(since);
        }
        cal.add_business_ms(since, needed.saturating_sub(self.elapsed_ms))
    }

    /// When a running clock breaches: the instant its target is used up.
    pub fn due_at(&self, cal: &Calendar) -> Option<i64> {
        self.threshold_at(cal, Threshold::Breach.percent())
    }

    /// Whether the target is used up by `now`. The deadline itself counts as
    /// late: the target is a budget of `target_ms` milliseconds.
    pub fn is_breached(&self, cal: &Calendar, now: i64) -> bool {
        self.elapsed_at(cal, now) >= self.target_ms
    }

    /// For a stopped clock, whether it stopped within its target.
    pub fn met_in_time(&self) -> Option<bool> {
        self.met_at.map(|_| self.elapsed_ms < self.target_ms)
    }
}

/// The thresholds a clock has reached by `now` that have not fired yet, in
/// order. Thresholds reached before the clock was paused or stopped are still
/// reported (a breach between two checks must be recorded); callers may ignore
/// the 50 % and 80 % ones for stopped clocks. After [`Clock::retarget`] to a
/// longer target, thresholds that already fired stay fired.
pub fn due_thresholds(
    clock: &Clock,
    cal: &Calendar,
    now: i64,
    already_fired: &[Threshold],
) -> Vec<Threshold> {
    let elapsed = clock.elapsed_at(cal, now);
    Threshold::ALL
        .iter()
        .copied()
        .filter(|t| !already_fired.contains(t))
        .filter(|t| elapsed >= needed_ms(clock.target_ms, t.percent()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::calendar::{CalendarSpec, Span};
    use proptest::prelude::*;

    const MINUTE: i64 = 60_000;
    const HOUR: i64 = 60 * MINUTE;
    const DAY: i64 = 24 * HOUR;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> i64 {
        chrono::NaiveDate::from_ymd_opt(y, mo, d)
            .unwrap()
            .and_hms_opt(h, mi, 0)
            .unwrap()
            .and_utc()
            .timestamp_millis()
    }

    /// Europe/Berlin, Monday to Friday 09:00–17:00 (UTC+1 in January).
    fn berlin_office() -> Calendar {
        Calendar::new(CalendarSpec::weekdays(
            "Europe/Berlin",
            Span::new(540, 1020),
        ))
        .unwrap()
    }

    fn policy(
        id: i64,
        priority: Option<Priority>,
        channel: Option<Channel>,
        tier: Option<CustomerTier>,
    ) -> Policy {
        Policy {
            id,
            name: format!("policy {id}"),
            priority,
            channel,
            tier,
            targets: Targets::defaults_for(priority.unwrap_or(Priority::P3)),
            calendar_id: 1,
        }
    }

    #[test]
    fn default_targets_follow_the_priority_matrix() {
        let p1 = Targets::defaults_for(Priority::P1);
        assert_eq!(
            (p1.first_response_ms, p1.next_update_ms, p1.resolution_ms),
            (Some(15 * MINUTE), Some(30 * MINUTE), Some(4 * HOUR))
        );
        let p2 = Targets::defaults_for(Priority::P2);
        assert_eq!(
            (p2.first_response_ms, p2.next_update_ms, p2.resolution_ms),
            (Some(HOUR), Some(2 * HOUR), Some(8 * HOUR))
        );
        let p3 = Targets::defaults_for(Priority::P3);
        assert_eq!(
            (p3.first_response_ms, p3.next_update_ms, p3.resolution_ms),
            (Some(4 * HOUR), None, Some(24 * HOUR))
        );
        let p4 = Targets::defaults_for(Priority::P4);
        assert_eq!(
            (p4.first_response_ms, p4.next_update_ms, p4.resolution_ms),
            (Some(8 * HOUR), None, Some(48 * HOUR))
        );
        assert_eq!(p4.get(ClockKind::Resolution), Some(48 * HOUR));
        for p in Priority::ALL {
            assert_eq!(Targets::defaults_for(*p).validate(), Ok(()));
        }
    }

    #[test]
    fn the_most_specific_policy_wins_and_ties_go_to_the_lowest_id() {
        let policies = vec![
            policy(1, None, None, None),
            policy(7, Some(Priority::P2), None, None),
            policy(6, Some(Priority::P1), Some(Channel::Chat), None),
            policy(2, Some(Priority::P1), None, None),
            policy(3, None, Some(Channel::Chat), None),
            policy(4, Some(Priority::P1), Some(Channel::Chat), None),
            policy(5, None, None, Some(CustomerTier::Enterprise)),
        ];
        let pick = |p, c, t| pick_policy(&policies, p, c, t).map(|p| p.id);
        use Channel::*;
        use CustomerTier::*;
        use Priority::*;
        // P1 + chat beats P1 alone and chat alone; 4 and 6 tie, 4 is lower.
        assert_eq!(pick(P1, Chat, Standard), Some(4));
        assert_eq!(pick(P1, Email, Standard), Some(2));
        // Priority-only 7 and channel-only 3 tie: the lower id wins.
        assert_eq!(pick(P2, Chat, Standard), Some(3));
        assert_eq!(pick(P2, Email, Standard), Some(7));
        assert_eq!(pick(P3, Email, Enterprise), Some(5));
        assert_eq!(pick(P3, Web, Standard), Some(1));
        assert_eq!(pick_policy(&policies[1..2], P4, Phone, Standard), None);
        assert_eq!(pick_policy(&[], P1, Chat, Standard), None);
    }

    #[test]
    fn bad_policies_are_refused() {
        let mut p = policy(1, Some(Priority::P1), None, None);
        assert_eq!(p.validate(), Ok(()));
        p.targets.next_update_ms = Some(0);
        assert_eq!(
            p.validate(),
            Err(PolicyError::NonPositiveTarget {
                kind: ClockKind::NextUpdate
            })
        );
        p.targets.next_update_ms = Some(MAX_TARGET_MS + 1);
        let err = p.validate().unwrap_err();
        assert_eq!(
            err,
            PolicyError::TargetTooLong {
                kind: ClockKind::NextUpdate
            }
        );
        assert_eq!(
            err.to_string(),
            "the next update target must be at most a year"
        );
        p.targets.next_update_ms = None;
        p.name = "  ".into();
        assert_eq!(p.validate(), Err(PolicyError::EmptyName));
    }

    #[test]
    fn a_live_chat_first_response_is_due_in_seconds() {
        let cal = Calendar::always_open(chrono_tz::Europe::Berlin);
        let mut chat = policy(9, None, Some(Channel::Chat), None);
        chat.targets.first_response_ms = Some(60_000);
        let opened = utc(2026, 1, 17, 22, 15);
        let clock = Clock::start(
            ClockKind::FirstResponse,
            chat.targets.first_response_ms.unwrap(),
            opened,
        );
        assert_eq!(clock.due_at(&cal), Some(opened + 60_000));
        assert_eq!(clock.threshold_at(&cal, 50), Some(opened + 30_000));
    }

    #[test]
    fn thresholds_fall_at_half_eighty_percent_and_the_deadline() {
        let cal = berlin_office();
        // Friday 2026-01-16 16:30 CET, one business hour.
        let clock = Clock::start(ClockKind::FirstResponse, HOUR, utc(2026, 1, 16, 15, 30));
        // Half an hour is used up at 17:00 on Friday, when the office closes.
        assert_eq!(clock.threshold_at(&cal, 50), Some(utc(2026, 1, 16, 16, 0)));
        // 48 minutes: Monday 09:18.
        assert_eq!(clock.threshold_at(&cal, 80), Some(utc(2026, 1, 19, 8, 18)));
        assert_eq!(clock.due_at(&cal), Some(utc(2026, 1, 19, 8, 30)));
        let saturday = utc(2026, 1, 17, 12, 0);
        assert_eq!(
            due_thresholds(&clock, &cal, saturday, &[]),
            vec![Threshold::Half]
        );
        assert!(due_thresholds(&clock, &cal, saturday, &[Threshold::Half]).is_empty());
        let monday = utc(2026, 1, 19, 8, 29);
        assert_eq!(
            due_thresholds(&clock, &cal, monday, &[Threshold::Half]),
            vec![Threshold::Warning]
        );
        assert!(!clock.is_breached(&cal, monday));
        assert_eq!(clock.remaining_at(&cal, monday), MINUTE);
        let late = utc(2026, 1, 19, 8, 30);
        assert_eq!(
            due_thresholds(&clock, &cal, late, &[Threshold::Half, Threshold::Warning]),
            vec![Threshold::Breach]
        );
        assert!(clock.is_breached(&cal, late));
    }

    #[test]
    fn time_pending_on_the_customer_does_not_count() {
        let cal = berlin_office();
        // Opened Monday 2026-01-19 10:00 CET with 8 business hours to resolve.
        let mut clock = Clock::start(ClockKind::Resolution, 8 * HOUR, utc(2026, 1, 19, 9, 0));
        // Unpaused it would be due Tuesday 10:00.
        assert_eq!(clock.due_at(&cal), Some(utc(2026, 1, 20, 9, 0)));
        // Pending on the customer from 12:00 to 15:00.
        clock.follow_status(&cal, CaseStatus::Pending, utc(2026, 1, 19, 11, 0));
        assert_eq!(clock.elapsed_ms, 2 * HOUR);
        assert!(!clock.is_running());
        assert_eq!(clock.due_at(&cal), None);
        assert_eq!(clock.elapsed_at(&cal, utc(2026, 1, 19, 13, 0)), 2 * HOUR);
        clock.follow_status(&cal, CaseStatus::Open, utc(2026, 1, 19, 14, 0));
        assert_eq!(clock.elapsed_at(&cal, utc(2026, 1, 19, 16, 0)), 4 * HOUR);
        // Six hours left: 15:00–17:00 on Monday, then 09:00–13:00 on Tuesday.
        assert_eq!(clock.due_at(&cal), Some(utc(2026, 1, 20, 12, 0)));
        // Solved Tuesday 11:00 CET: 4 + 2 hours used, in time.
        clock.follow_status(&cal, CaseStatus::Solved, utc(2026, 1, 20, 10, 0));
        assert_eq!(clock.elapsed_ms, 6 * HOUR);
        assert_eq!(clock.met_at, Some(utc(2026, 1, 20, 10, 0)));
        assert_eq!(clock.met_in_time(), Some(true));
        // A stopped clock stays stopped.
        clock.follow_status(&cal, CaseStatus::Open, utc(2026, 1, 20, 11, 0));
        assert!(!clock.is_running());
        assert_eq!(clock.elapsed_at(&cal, utc(2026, 1, 21, 11, 0)), 6 * HOUR);
    }

    #[test]
    fn a_priority_bump_mid_flight_keeps_the_time_used() {
        let cal = berlin_office();
        // P3 first response (4 h) opened Monday 10:00 CET; bumped to P1 (15 min) an hour later.
        let mut clock = Clock::start(ClockKind::FirstResponse, 4 * HOUR, utc(2026, 1, 19, 9, 0));
        let bumped = utc(2026, 1, 19, 10, 0);
        assert!(due_thresholds(&clock, &cal, bumped, &[]).is_empty());
        clock.retarget(15 * MINUTE);
        assert_eq!(clock.elapsed_at(&cal, bumped), HOUR);
        // The new deadline passed long ago: 10:15.
        assert_eq!(clock.due_at(&cal), Some(utc(2026, 1, 19, 9, 15)));
        assert_eq!(
            due_thresholds(&clock, &cal, bumped, &[]),
            Threshold::ALL.to_vec()
        );
        // Downgraded to 8 h: nothing new is due, what fired stays fired.
        clock.retarget(8 * HOUR);
        assert!(due_thresholds(&clock, &cal, bumped, Threshold::ALL).is_empty());
        // Seven hours on Monday, the eighth from 09:00 CET on Tuesday.
        assert_eq!(clock.due_at(&cal), Some(utc(2026, 1, 20, 9, 0)));
    }

    #[test]
    fn a_threshold_passed_before_the_last_resume_is_reached_at_the_resume() {
        let cal = berlin_office();
        let mut clock = Clock::start(ClockKind::Resolution, 4 * HOUR, utc(2026, 1, 19, 8, 0));
        clock.pause(&cal, utc(2026, 1, 19, 10, 0)); // 2 h used
        clock.retarget(HOUR);
        assert_eq!(clock.threshold_at(&cal, 100), None);
        assert_eq!(
            due_thresholds(&clock, &cal, utc(2026, 1, 19, 11, 0), &[]),
            Threshold::ALL.to_vec()
        );
        let resumed = utc(2026, 1, 19, 12, 0);
        clock.resume(resumed);
        assert_eq!(clock.due_at(&cal), Some(resumed));
        assert_eq!(clock.remaining_at(&cal, resumed), -HOUR);
        clock.stop(&cal, utc(2026, 1, 19, 13, 0));
        assert_eq!(clock.met_in_time(), Some(false));
    }

    #[test]
    fn pausing_and_stopping_twice_changes_nothing() {
        let cal = berlin_office();
        let mut clock = Clock::start(ClockKind::NextUpdate, 2 * HOUR, utc(2026, 1, 19, 8, 0));
        clock.pause(&cal, utc(2026, 1, 19, 9, 0));
        clock.pause(&cal, utc(2026, 1, 19, 10, 0));
        assert_eq!(clock.elapsed_ms, HOUR);
        clock.resume(utc(2026, 1, 19, 11, 0));
        clock.resume(utc(2026, 1, 19, 12, 0));
        assert_eq!(clock.since, Some(utc(2026, 1, 19, 11, 0)));
        clock.stop(&cal, utc(2026, 1, 19, 11, 30));
        clock.stop(&cal, utc(2026, 1, 19, 15, 0));
        assert_eq!(clock.met_at, Some(utc(2026, 1, 19, 11, 30)));
        assert_eq!(clock.elapsed_ms, 90 * MINUTE);
        assert_eq!(clock.met_in_time(), Some(true));
    }

    #[test]
    fn clocks_run_only_while_the_case_waits_on_us() {
        let running: Vec<CaseStatus> = CaseStatus::ALL
            .iter()
            .copied()
            .filter(|s| clocks_running_in(*s))
            .collect();
        assert_eq!(
            running,
            vec![CaseStatus::New, CaseStatus::Open, CaseStatus::OnHold]
        );
    }

    #[test]
    fn clocks_and_thresholds_travel_by_stable_names() {
        let clock = Clock::start(ClockKind::FirstResponse, HOUR, 1_000);
        let json = serde_json::to_string(&clock).unwrap();
        assert!(json.contains("\"first_response\""), "{json}");
        assert_eq!(serde_json::from_str::<Clock>(&json).unwrap(), clock);
        assert_eq!(
            serde_json::to_string(&Threshold::Warning).unwrap(),
            "\"warning\""
        );
        assert_eq!(
            CustomerTier::parse("enterprise"),
            Some(CustomerTier::Enterprise)
        );
        assert_eq!(
            Threshold::ALL
                .iter()
                .map(|t| t.percent())
                .collect::<Vec<_>>(),
            vec![50, 80, 100]
        );
    }

    // ---- properties ----

    /// A few calendars: office hours, 24/7, and all-day hours across DST.
    fn calendar(which: u8) -> Calendar {
        match which {
            0 => berlin_office(),
            1 => Calendar::always_open(chrono_tz::America::New_York),
            _ => {
                let mut spec = CalendarSpec::always_open("America/New_York");
                spec.always_open = false;
                spec.week = std::array::from_fn(|_| vec![Span::new(0, 1440)]);
                Calendar::new(spec).unwrap()
            }
        }
    }

    /// 2026-01-01T00:00:00Z.
    const START: i64 = 1_767_225_600_000;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn paused_time_is_excluded_exactly(
            which in 0u8..3,
            steps in prop::collection::vec(0i64..60 * DAY, 1..12),
            tail in 0i64..14 * DAY,
        ) {
            let cal = calendar(which);
            let mut steps = steps;
            steps.sort_unstable();
            let toggles: Vec<i64> = steps.iter().map(|s| START + s).collect();
            let mut clock = Clock::start(ClockKind::Resolution, 8 * HOUR, toggles[0]);
            let mut expected = 0;
            for (i, pair) in toggles.windows(2).enumerate() {
                if i % 2 == 0 {
                    clock.pause(&cal, pair[1]);
                    expected += cal.business_ms_between(pair[0], pair[1]);
                } else {
                    clock.resume(pair[1]);
                }
            }
            let last = toggles[toggles.len() - 1];
            let now = last + tail;
            if clock.is_running() {
                expected += cal.business_ms_between(last, now);
            }
            prop_assert_eq!(clock.elapsed_at(&cal, now), expected);
        }

        #[test]
        fn a_threshold_instant_is_when_the_clock_reaches_it(
            which in 0u8..3,
            start in 0i64..60 * DAY,
            used in 0i64..10 * HOUR,
            target in 1i64..3 * DAY,
            percent in 1u8..=150,
        ) {
            let cal = calendar(which);
            let mut clock = Clock::start(ClockKind::FirstResponse, target, START + start);
            clock.elapsed_ms = used;
            let at = clock.threshold_at(&cal, percent).unwrap();
            let needed = needed_ms(target, percent);
            prop_assert!(clock.elapsed_at(&cal, at) >= needed);
            if at > START + start {
                prop_assert!(clock.elapsed_at(&cal, at - 1) < needed);
            }
        }
    }
}
