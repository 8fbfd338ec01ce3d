//! The supervisor's metrics for a chosen range (UTC, like every time the
//! workspace shows): what is asked, what comes back, what each figure means,
//! and the tables behind the charts as CSV.

use super::{Channel, Priority, QueueId};
use serde::{Deserialize, Serialize};

/// An hour in milliseconds: reports are aligned to whole UTC hours.
pub const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 24 * HOUR_MS;
/// The longest range a report covers.
pub const MAX_DAYS: i64 = 366;
/// The most hourly points a chart draws (31 days).
pub const MAX_HOURS: i64 = 31 * 24;

/// How a chart's points are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    Hour,
    #[default]
    Day,
}

impl Bucket {
    pub fn ms(self) -> i64 {
        match self {
            Bucket::Hour => HOUR_MS,
            Bucket::Day => DAY_MS,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Bucket::Hour => "hour",
            Bucket::Day => "day",
        }
    }

    pub fn parse(s: &str) -> Option<Bucket> {
        match s {
            "hour" => Some(Bucket::Hour),
            "day" => Some(Bucket::Day),
            _ => None,
        }
    }
}

/// What a supervisor asks for: cases created in `[from, to)`, grouped by
/// hour or day, for one queue and one channel or all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportQuery {
    pub from: i64,
    pub to: i64,
    pub bucket: Bucket,
    pub queue: Option<QueueId>,
    pub channel: Option<Channel>,
}

/// Why a report was refused: the field and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportError {
    pub field: &'static str,
    pub reason: String,
}

impl ReportQuery {
    /// The last `days` whole days up to the end of today (UTC), by day.
    pub fn last_days(now: i64, days: i64) -> ReportQuery {
        let to = now - now.rem_euclid(DAY_MS) + DAY_MS;
        ReportQuery {
            from: to - days * DAY_MS,
            to,
            bucket: Bucket::Day,
            queue: None,
            channel: None,
        }
    }

    /// Checks the range: `from` before `to`, at most a year, and at most 31
    /// days by the hour. Bounds snap to whole buckets.
    pub fn normalise(mut self) -> Result<ReportQuery, ReportError> {
        let ms = self.bucket.ms();
        self.from -= self.from.rem_euclid(ms);
        if self.to.rem_euclid(ms) != 0 {
            self.to += ms - self.to.rem_euclid(ms);
        }
        if self.to <= self.from {
            return Err(ReportError {
                field: "to",
                reason: "the range must end after it starts".into(),
            });
        }
        if self.to - self.from > MAX_DAYS * DAY_MS {
            return Err(ReportError {
                field: "from",
                reason: format!("a report covers at most {MAX_DAYS} days"),
            });
        }
        if self.bucket == Bucket::Hour && self.to - self.from > MAX_HOURS * HOUR_MS {
            return Err(ReportError {
                field: "bucket",
                reason: "by the hour a report covers at most 31 days: choose by day".into(),
            });
        }
        Ok(self)
    }

    /// How many points the charts have.
    pub fn points(&self) -> usize {
        ((self.to - self.from) / self.bucket.ms()) as usize
    }
}

/// A part of a whole (escalated of created, deflected of asked, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Share {
    pub part: i64,
    pub whole: i64,
}

impl Share {
    /// In per cent; `None` of nothing.
    pub fn percent(self) -> Option<f64> {
        (self.whole > 0).then(|| 100.0 * self.part as f64 / self.whole as f64)
    }
}

/// One point of the charts: the cases created in `[start, start + bucket)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Point {
    pub start: i64,
    /// Cases created.
    pub volume: i64,
    /// Mean time to the first response of those that had one.
    pub first_response_ms: Option<i64>,
    /// Mean time to resolution of those resolved.
    pub resolution_ms: Option<i64>,
    /// Mean rating of those rated.
    pub csat: Option<f64>,
}

/// SLA compliance of one priority: clocks met in time against all that
/// ended (met or breached), and the goal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Compliance {
    pub priority: Priority,
    pub within: Share,
    /// The goal in per cent: 95 for P1 and P2, 90 for P3 and P4.
    pub goal: u8,
}

impl Compliance {
    pub fn goal_for(p: Priority) -> u8 {
        match p {
            Priority::P1 | Priority::P2 => 95,
            Priority::P3 | Priority::P4 => 90,
        }
    }

    /// Whether the goal is met; `None` with nothing measured.
    pub fn met(&self) -> Option<bool> {
        self.within.percent().map(|p| p >= f64::from(self.goal))
    }
}

/// A count under a name (a queue, a channel, an agent, a priority).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    pub name: String,
    pub count: i64,
}

/// Every figure for a range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub query: ReportQuery,
    pub points: Vec<Point>,
    pub volume: i64,
    pub by_queue: Vec<Count>,
    pub by_channel: Vec<Count>,
    pub first_response_ms: Option<i64>,
    pub resolution_ms: Option<i64>,
    pub handle_ms: Option<i64>,
    /// Solved cases answered with one agent reply.
    pub first_contact: Share,
    pub csat: Option<f64>,
    pub csat_count: i64,
    pub compliance: Vec<Compliance>,
    pub breaches_by_priority: Vec<Count>,
    pub breaches_by_agent: Vec<Count>,
    /// Cases escalated at least once, of those created.
    pub escalation: Share,
    /// Answers that solved it, of those plus the chats handed to a person.
    pub deflection: Share,
    /// Triaged cases whose queue and priority no agent changed.
    pub triage: Share,
}

/// What each figure means, shown on hover: `(key, name, definition)`.
pub const DEFINITIONS: &[(&str, &str, &str)] = &[
    ("volume", "Volume", "Cases created in the range."),
    ("first_response", "First response time", "Mean time from a case's creation to the first reply a customer saw, over the cases created in the range that had one."),
    ("resolution", "Resolution time (MTTR)", "Mean time from a case's creation to its solve, over the cases created in the range that were solved."),
    ("handle", "Handle time", "Mean time from the first response to the solve, over the cases created in the range that were solved."),
    ("first_contact", "First-contact resolution", "Solved cases that took exactly one agent reply, of all solved cases created in the range."),
    ("csat", "CSAT", "Mean customer rating (1 to 5) of the cases created in the range that were rated."),
    ("compliance", "SLA compliance", "SLA targets met in time, of the targets met or breached, for cases created in the range; goal 95 % for P1 and P2, 90 % for P3 and P4."),
    ("breaches", "Breaches", "SLA targets missed by cases created in the range, by the case's priority and by the agent it was assigned to when missed."),
    ("escalation", "Escalation rate", "Cases escalated at least once, of all cases created in the range."),
    ("deflection", "Self-service deflection", "Widget answers the customer said solved their question, of those plus the chats handed to a person, in the range."),
    ("triage", "Triage accuracy", "Cases whose queue or priority a triage rule set and no agent changed, of all cases a rule triaged, created in the range."),
];

/// The definition of a figure by its key.
pub fn definition(key: &str) -> &'static str {
    DEFINITIONS.iter().find(|d| d.0 == key).map_or("", |d| d.2)
}

/// Quotes a CSV field when it needs it (RFC 4180), and defuses a leading
/// `=`, `+`, `-` or `@` that a spreadsheet would run as a formula.
fn field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// A UTC instant as `YYYY-MM-DD HH:MM`.
pub fn utc(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

impl Report {
    /// The table behind the time charts.
    pub fn points_csv(&self) -> String {
        let mut out =
            String::from("start_utc,volume,first_response_minutes,resolution_minutes,csat\r\n");
        let minutes = |ms: Option<i64>| opt(ms.map(|m| format!("{:.1}", m as f64 / 60_000.0)));
        for p in &self.points {
            out.push_str(&format!(
                "{},{},{},{},{}\r\n",
                utc(p.start),
                p.volume,
                minutes(p.first_response_ms),
                minutes(p.resolution_ms),
                opt(p.csat.map(|c| format!("{c:.2}")))
            ));
        }
        out
    }

    /// The table behind the SLA compliance chart.
    pub fn compliance_csv(&self) -> String {
        let mut out = String::from("priority,met,ended,percent,goal_percent\r\n");
        for c in &self.compliance {
            out.push_str(&format!(
                "{},{},{},{},{}\r\n",
                c.priority.as_str(),
                c.within.part,
                c.within.whole,
                opt(c.within.percent().map(|p| format!("{p:.1}"))),
                c.goal
            ));
        }
        out
    }

    /// A table of counts (`by_queue`, `breaches_by_agent`, ...).
    pub fn counts_csv(heading: &str, counts: &[Count]) -> String {
        let mut out = format!("{},count\r\n", field(heading));
        for c in counts {
            out.push_str(&format!("{},{}\r\n", field(&c.name), c.count));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_range_snaps_to_whole_buckets_and_bad_ranges_are_refused() {
        // 2026-11-23 09:30 UTC to 2026-11-25 00:00.
        let q = ReportQuery {
            from: 1_795_426_200_000,
            to: 1_795_564_800_000,
            bucket: Bucket::Day,
            queue: None,
            channel: None,
        };
        let n = q.clone().normalise().unwrap();
        assert_eq!(n.from, 1_795_392_000_000);
        assert_eq!(n.to, 1_795_564_800_000);
        assert_eq!(n.points(), 2);
        let by_hour = ReportQuery {
            bucket: Bucket::Hour,
            ..q.clone()
        }
        .normalise()
        .unwrap();
        assert_eq!(by_hour.from, 1_795_424_400_000);
        assert_eq!(by_hour.points(), 39);

        let backwards = ReportQuery {
            from: q.to,
            to: q.from,
            ..q.clone()
        };
        assert_eq!(backwards.normalise().unwrap_err().field, "to");
        let long = ReportQuery {
            from: q.to - 400 * DAY_MS,
            ..q.clone()
        };
        assert_eq!(long.normalise().unwrap_err().field, "from");
        let hourly_quarter = ReportQuery {
            from: q.to - 90 * DAY_MS,
            bucket: Bucket::Hour,
            ..q
        };
        assert_eq!(hourly_quarter.normalise().unwrap_err().field, "bucket");
    }

    #[test]
    fn shares_goals_and_csv() {
        assert_eq!(Share { part: 1, whole: 4 }.percent(), Some(25.0));
        assert_eq!(Share::default().percent(), None);
        let c = Compliance {
            priority: Priority::P1,
            within: Share {
                part: 19,
                whole: 20,
            },
            goal: Compliance::goal_for(Priority::P1),
        };
        assert_eq!(c.met(), Some(true));
        assert_eq!(Compliance::goal_for(Priority::P4), 90);
        assert_eq!(
            Report::counts_csv(
                "agent",
                &[Count {
                    name: "=cmd, \"x\"".into(),
                    count: 2
                }]
            ),
            "agent,count\r\n\"'=cmd, \"\"x\"\"\",2\r\n"
        );
        assert!(definition("deflection").contains("handed to a person"));
        assert_eq!(utc(1_795_426_200_000), "2026-11-23 09:30");
    }
}
