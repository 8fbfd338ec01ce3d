//! Inbox views, filters and sorts, and the one rule that says whether a case
//! belongs in a listing, used by the browser for live updates and mirrored by
//! the storage query (a test keeps the two in step).

use super::case::{CaseStatus, CaseSummary, Channel, Priority};
use super::config::QueueRef;
use super::ids::{QueueId, UserId};
use crate::engine::mood::Trend;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// How far back "Recently solved" looks.
pub const RECENTLY_SOLVED_MS: i64 = 7 * 24 * 3_600_000;

/// Cases an inbox page lists at first; "Show more" adds as many again.
pub const INBOX_PAGE: u32 = 200;
/// Most cases one inbox page lists.
pub const INBOX_MAX_ROWS: u32 = 1_000;

/// Checks how many rows a listing asks for: `None` means one page.
pub fn inbox_rows(rows: Option<u32>) -> Result<u32, String> {
    match rows {
        None => Ok(INBOX_PAGE),
        Some(n) if (1..=INBOX_MAX_ROWS).contains(&n) => Ok(n),
        Some(_) => Err(format!(
            "An inbox shows between 1 and {INBOX_MAX_ROWS} cases at a time; narrow it with a filter."
        )),
    }
}

/// The rows after "Show more": one more page, at most [`INBOX_MAX_ROWS`].
pub fn more_rows(shown: u32) -> u32 {
    (shown + INBOX_PAGE).min(INBOX_MAX_ROWS)
}
/// Longest tag accepted, in characters.
pub const MAX_TAG_CHARS: usize = 32;
/// Most tags on one case.
pub const MAX_TAGS: usize = 20;

named_enum!(
    /// How far a case's most advanced running SLA clock has got.
    SlaState { OnTrack => "on_track", Half => "half", Warning => "warning", Breached => "breached" }
);

impl SlaState {
    /// The state from the level the storage computes (0 to 3).
    pub fn from_level(level: i64) -> Self {
        match level {
            i64::MIN..=0 => SlaState::OnTrack,
            1 => SlaState::Half,
            2 => SlaState::Warning,
            _ => SlaState::Breached,
        }
    }

    /// 0 to 3, in order of urgency.
    pub fn level(self) -> i64 {
        match self {
            SlaState::OnTrack => 0,
            SlaState::Half => 1,
            SlaState::Warning => 2,
            SlaState::Breached => 3,
        }
    }

    /// Words for people, readable without colour.
    pub fn words(self) -> &'static str {
        match self {
            SlaState::OnTrack => "On track",
            SlaState::Half => "≥ 50 % used",
            SlaState::Warning => "≥ 80 % used",
            SlaState::Breached => "Breached",
        }
    }
}

named_enum!(
    /// Which order a listing is in.
    InboxSort { SlaDue => "sla_due", Newest => "newest", Priority => "priority" }
);

named_enum!(
    /// Filter on the customer's mood.
    MoodFilter { Negative => "negative", Worsening => "worsening", Positive => "positive", Unscored => "unscored" }
);

/// Which cases a listing is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "queue", rename_all = "snake_case")]
pub enum InboxView {
    /// Open cases assigned to me.
    Mine,
    /// Open, unassigned cases of my queues.
    Unassigned,
    /// Open cases of one queue.
    Queue(QueueId),
    /// Every open case I may see.
    AllOpen,
    /// Cases solved or closed in the last week.
    RecentlySolved,
}

impl InboxView {
    /// The view's name in a URL (`queue-3` for a queue).
    pub fn key(self) -> String {
        match self {
            InboxView::Mine => "mine".into(),
            InboxView::Unassigned => "unassigned".into(),
            InboxView::Queue(q) => format!("queue-{q}"),
            InboxView::AllOpen => "all".into(),
            InboxView::RecentlySolved => "solved".into(),
        }
    }

    /// Parses [`InboxView::key`].
    pub fn from_key(s: &str) -> Option<Self> {
        match s {
            "mine" => Some(InboxView::Mine),
            "unassigned" => Some(InboxView::Unassigned),
            "all" => Some(InboxView::AllOpen),
            "solved" => Some(InboxView::RecentlySolved),
            _ => s
                .strip_prefix("queue-")
                .and_then(|q| q.parse().ok())
                .map(InboxView::Queue),
        }
    }

    /// Whether the view lists open cases (all but recently solved).
    pub fn lists_open(self) -> bool {
        self != InboxView::RecentlySolved
    }
}

/// Narrowing within a view; `None` means any.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxFilter {
    pub status: Option<CaseStatus>,
    pub priority: Option<Priority>,
    pub queue: Option<QueueId>,
    pub tag: Option<String>,
    pub channel: Option<Channel>,
    pub sla: Option<SlaState>,
    pub mood: Option<MoodFilter>,
}

/// A listing: view, filter and sort.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxQuery {
    pub view: InboxView,
    pub filter: InboxFilter,
    pub sort: InboxSort,
}

impl Default for InboxQuery {
    fn default() -> Self {
        InboxQuery {
            view: InboxView::Mine,
            filter: InboxFilter::default(),
            sort: InboxSort::SlaDue,
        }
    }
}

/// Who is looking, for [`InboxQuery::matches`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Viewer {
    pub id: UserId,
    pub queues: Vec<QueueId>,
    /// Supervisors and admins see every queue.
    pub all_queues: bool,
}

impl Viewer {
    fn sees(&self, q: QueueId) -> bool {
        self.all_queues || self.queues.contains(&q)
    }
}

impl InboxQuery {
    /// Whether `case` belongs in this listing for `viewer` at `now`.
    pub fn matches(&self, case: &CaseSummary, viewer: &Viewer, now: i64) -> bool {
        let in_view = viewer.sees(case.queue_id)
            && match self.view {
                InboxView::Mine => case.status.is_open() && case.assignee_id == Some(viewer.id),
                InboxView::Unassigned => case.status.is_open() && case.assignee_id.is_none(),
                InboxView::Queue(q) => case.status.is_open() && case.queue_id == q,
                InboxView::AllOpen => case.status.is_open(),
                InboxView::RecentlySolved => {
                    !case.status.is_open() && case.updated_at >= now - RECENTLY_SOLVED_MS
                }
            };
        let f = &self.filter;
        in_view
            && f.status.is_none_or(|s| case.status == s)
            && f.priority.is_none_or(|p| case.priority == p)
            && f.queue.is_none_or(|q| case.queue_id == q)
            && f.channel.is_none_or(|c| case.channel == c)
            && f.tag.as_ref().is_none_or(|t| case.tags.contains(t))
            && f.sla.is_none_or(|s| sla_matches(s, case.sla))
            && f.mood.is_none_or(|m| mood_matches(m, case))
    }

    /// Whether the listing runs newest solved first: "Recently solved" in its
    /// default order (a solved case has no running clock to sort by).
    pub fn by_solved(&self) -> bool {
        self.view == InboxView::RecentlySolved && self.sort == InboxSort::SlaDue
    }

    /// The listing's order: `Less` puts `a` first.
    pub fn compare(&self, a: &CaseSummary, b: &CaseSummary) -> Ordering {
        if self.by_solved() {
            return (b.updated_at, b.id).cmp(&(a.updated_at, a.id));
        }
        // Cases without a running clock go last; ties keep the oldest case first.
        let by_due = |a: &CaseSummary, b: &CaseSummary| {
            (a.sla_due_at.is_none(), a.sla_due_at, a.id).cmp(&(
                b.sla_due_at.is_none(),
                b.sla_due_at,
                b.id,
            ))
        };
        match self.sort {
            InboxSort::SlaDue => by_due(a, b),
            InboxSort::Newest => (b.created_at, b.id).cmp(&(a.created_at, a.id)),
            InboxSort::Priority => a
                .priority
                .as_str()
                .cmp(b.priority.as_str())
                .then_with(|| by_due(a, b)),
        }
    }

    /// The query as URL parameters (defaults left out), for links and reloads.
    pub fn to_params(&self) -> Vec<(&'static str, String)> {
        let f = &self.filter;
        let mut out = vec![("view", self.view.key())];
        if self.sort != InboxSort::SlaDue {
            out.push(("sort", self.sort.as_str().into()));
        }
        let opt = [
            ("status", f.status.map(|s| s.as_str().to_string())),
            ("priority", f.priority.map(|p| p.as_str().to_string())),
            ("queue", f.queue.map(|q| q.to_string())),
            ("tag", f.tag.clone()),
            ("channel", f.channel.map(|c| c.as_str().to_string())),
            ("sla", f.sla.map(|s| s.as_str().to_string())),
            ("mood", f.mood.map(|m| m.as_str().to_string())),
        ];
        out.extend(opt.into_iter().filter_map(|(k, v)| v.map(|v| (k, v))));
        out
    }

    /// Reads [`InboxQuery::to_params`]; unknown or bad values fall back to "any".
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        let filter = InboxFilter {
            status: get("status").and_then(|s| CaseStatus::parse(&s)),
            priority: get("priority").and_then(|s| Priority::parse(&s)),
            queue: get("queue").and_then(|s| s.parse().ok()),
            tag: get("tag").and_then(|t| normalise_tag(&t).ok()),
            channel: get("channel").and_then(|s| Channel::parse(&s)),
            sla: get("sla").and_then(|s| SlaState::parse(&s)),
            mood: get("mood").and_then(|s| MoodFilter::parse(&s)),
        };
        InboxQuery {
            view: get("view")
                .and_then(|v| InboxView::from_key(&v))
                .unwrap_or(InboxView::Mine),
            filter,
            sort: get("sort")
                .and_then(|s| InboxSort::parse(&s))
                .unwrap_or(InboxSort::SlaDue),
        }
    }

    /// The URL query string, starting with `?`.
    pub fn to_query_string(&self) -> String {
        let parts: Vec<String> = self
            .to_params()
            .into_iter()
            .map(|(k, v)| format!("{k}={}", encode_component(&v)))
            .collect();
        format!("?{}", parts.join("&"))
    }
}

/// "On track" means no threshold passed yet; the others mean at least that far.
fn sla_matches(want: SlaState, has: Option<SlaState>) -> bool {
    match (want, has) {
        (SlaState::OnTrack, has) => has.is_none_or(|s| s == SlaState::OnTrack),
        (_, None) => false,
        (want, Some(has)) => has.level() >= want.level(),
    }
}

fn mood_matches(want: MoodFilter, case: &CaseSummary) -> bool {
    match (want, case.mood) {
        (MoodFilter::Unscored, m) => m.is_none(),
        (_, None) => false,
        (MoodFilter::Negative, Some(m)) => m.negative,
        (MoodFilter::Worsening, Some(m)) => m.trend == Trend::Worsening,
        (MoodFilter::Positive, Some(m)) => m.rolling >= POSITIVE_AT,
    }
}

/// A rolling score at or above this reads as positive.
pub const POSITIVE_AT: f64 = 0.05;

/// Percent-encodes a URL query value (letters, digits and `-_.~` stay).
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A tag as stored: trimmed, lower case, letters, digits and `-`, at most
/// [`MAX_TAG_CHARS`] characters.
pub fn normalise_tag(raw: &str) -> Result<String, String> {
    let tag = raw.trim().to_lowercase().replace([' ', '_'], "-");
    if tag.is_empty() {
        return Err("A tag cannot be empty.".into());
    }
    if tag.chars().count() > MAX_TAG_CHARS {
        return Err(format!("A tag has at most {MAX_TAG_CHARS} characters."));
    }
    if !tag.chars().all(|c| c.is_alphanumeric() || c == '-') {
        return Err(format!(
            "The tag {raw:?} may hold only letters, digits and dashes."
        ));
    }
    Ok(tag)
}

/// A case's tags: each normalised, no repeats, sorted, at most [`MAX_TAGS`].
pub fn normalise_tags(raw: &[String]) -> Result<Vec<String>, String> {
    let mut tags = raw
        .iter()
        .map(|t| normalise_tag(t))
        .collect::<Result<Vec<_>, _>>()?;
    tags.sort();
    tags.dedup();
    if tags.len() > MAX_TAGS {
        return Err(format!("A case has at most {MAX_TAGS} tags."));
    }
    Ok(tags)
}

/// Cases per view, for the view list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxCounts {
    pub mine: i64,
    pub unassigned: i64,
    pub all_open: i64,
    pub recently_solved: i64,
    /// Open cases per queue the viewer may see.
    pub queues: Vec<(QueueId, i64)>,
}

/// A colleague cases can be assigned to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentRef {
    pub id: UserId,
    pub name: String,
    pub presence: super::user::Presence,
    pub queues: Vec<QueueId>,
}

/// Queues and agents, for filters, assignment and moving cases.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Directory {
    pub queues: Vec<QueueRef>,
    pub agents: Vec<AgentRef>,
}

impl Directory {
    /// A queue's name, or its number when unknown.
    pub fn queue_name(&self, id: QueueId) -> String {
        self.queues
            .iter()
            .find(|q| q.id == id)
            .map_or_else(|| format!("Queue {id}"), |q| q.name.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::mood::Mood;

    fn case(id: i64) -> CaseSummary {
        CaseSummary::sample(id)
    }

    #[test]
    fn a_listing_asks_for_one_page_up_to_a_thousand_rows() {
        assert_eq!(inbox_rows(None), Ok(INBOX_PAGE));
        assert_eq!(inbox_rows(Some(1)), Ok(1));
        assert_eq!(inbox_rows(Some(1_000)), Ok(1_000));
        for bad in [0, 1_001, u32::MAX] {
            let err = inbox_rows(Some(bad)).unwrap_err();
            assert!(err.contains("between 1 and 1000"), "{err}");
        }
        assert_eq!(more_rows(200), 400);
        assert_eq!(more_rows(50), 250);
        assert_eq!(more_rows(900), 1_000);
        assert_eq!(more_rows(1_000), 1_000);
    }

    fn viewer() -> Viewer {
        Viewer {
            id: UserId(7),
            queues: vec![QueueId(1)],
            all_queues: false,
        }
    }

    fn query(view: InboxView) -> InboxQuery {
        InboxQuery {
            view,
            ..InboxQuery::default()
        }
    }

    #[test]
    fn recently_solved_lists_the_newest_solved_first_unless_sorted_otherwise() {
        let solved = |id, updated_at, created_at| CaseSummary {
            status: CaseStatus::Solved,
            updated_at,
            created_at,
            ..case(id)
        };
        let (early, late, late_too) = (solved(1, 100, 30), solved(2, 300, 10), solved(3, 300, 20));
        let mut list = vec![early.clone(), late.clone(), late_too.clone()];
        list.sort_by(|a, b| query(InboxView::RecentlySolved).compare(a, b));
        let ids = |l: &[CaseSummary]| l.iter().map(|c| c.id.0).collect::<Vec<_>>();
        assert_eq!(
            ids(&list),
            vec![3, 2, 1],
            "newest solved first, then the newer case"
        );
        let newest = InboxQuery {
            sort: InboxSort::Newest,
            ..query(InboxView::RecentlySolved)
        };
        list.sort_by(|a, b| newest.compare(a, b));
        assert_eq!(
            ids(&list),
            vec![1, 3, 2],
            "an explicit sort keeps its meaning"
        );
        assert!(!query(InboxView::AllOpen).by_solved());
    }

    #[test]
    fn each_view_takes_exactly_its_cases() {
        let v = viewer();
        let mut mine = case(1);
        mine.assignee_id = Some(UserId(7));
        let theirs = CaseSummary {
            assignee_id: Some(UserId(8)),
            ..case(2)
        };
        let unassigned = case(3);
        let other_queue = CaseSummary {
            queue_id: QueueId(2),
            ..case(4)
        };
        let solved = CaseSummary {
            status: CaseStatus::Solved,
            ..case(5)
        };
        let now = 2_000;
        let q = |view| query(view);
        assert!(q(InboxView::Mine).matches(&mine, &v, now));
        assert!(!q(InboxView::Mine).matches(&theirs, &v, now));
        assert!(q(InboxView::Unassigned).matches(&unassigned, &v, now));
        assert!(!q(InboxView::Unassigned).matches(&mine, &v, now));
        assert!(q(InboxView::AllOpen).matches(&theirs, &v, now));
        assert!(!q(InboxView::AllOpen).matches(&other_queue, &v, now));
        assert!(!q(InboxView::AllOpen).matches(&solved, &v, now));
        assert!(q(InboxView::RecentlySolved).matches(&solved, &v, now));
        assert!(!q(InboxView::RecentlySolved).matches(&solved, &v, 1_000 + RECENTLY_SOLVED_MS + 1));
        assert!(q(InboxView::Queue(QueueId(1))).matches(&theirs, &v, now));
        // A queue the viewer is not in shows nothing, even when asked for by name.
        assert!(!q(InboxView::Queue(QueueId(2))).matches(&other_queue, &v, now));
        let sup = Viewer {
            all_queues: true,
            ..viewer()
        };
        assert!(q(InboxView::Queue(QueueId(2))).matches(&other_queue, &sup, now));
    }

    #[test]
    fn filters_narrow_by_every_property() {
        let v = viewer();
        let mut c = case(1);
        c.priority = Priority::P1;
        c.tags = vec!["refund".into()];
        c.sla = Some(SlaState::Warning);
        c.mood = Some(Mood {
            rolling: -0.7,
            trend: Trend::Worsening,
            negative: true,
        });
        let with = |f: InboxFilter| InboxQuery {
            view: InboxView::AllOpen,
            filter: f,
            sort: InboxSort::SlaDue,
        };
        let yes = [
            InboxFilter {
                priority: Some(Priority::P1),
                ..Default::default()
            },
            InboxFilter {
                tag: Some("refund".into()),
                ..Default::default()
            },
            InboxFilter {
                sla: Some(SlaState::Half),
                ..Default::default()
            },
            InboxFilter {
                sla: Some(SlaState::Warning),
                ..Default::default()
            },
            InboxFilter {
                mood: Some(MoodFilter::Negative),
                ..Default::default()
            },
            InboxFilter {
                mood: Some(MoodFilter::Worsening),
                ..Default::default()
            },
            InboxFilter {
                channel: Some(Channel::Chat),
                status: Some(CaseStatus::Open),
                ..Default::default()
            },
        ];
        for f in yes {
            assert!(with(f.clone()).matches(&c, &v, 0), "{f:?}");
        }
        let no = [
            InboxFilter {
                priority: Some(Priority::P2),
                ..Default::default()
            },
            InboxFilter {
                tag: Some("billing".into()),
                ..Default::default()
            },
            InboxFilter {
                sla: Some(SlaState::Breached),
                ..Default::default()
            },
            InboxFilter {
                sla: Some(SlaState::OnTrack),
                ..Default::default()
            },
            InboxFilter {
                mood: Some(MoodFilter::Positive),
                ..Default::default()
            },
            InboxFilter {
                mood: Some(MoodFilter::Unscored),
                ..Default::default()
            },
            InboxFilter {
                channel: Some(Channel::Email),
                ..Default::default()
            },
            InboxFilter {
                queue: Some(QueueId(9)),
                ..Default::default()
            },
        ];
        for f in no {
            assert!(!with(f.clone()).matches(&c, &v, 0), "{f:?}");
        }
        // A case without clocks is on track.
        let plain = case(2);
        assert!(with(InboxFilter {
            sla: Some(SlaState::OnTrack),
            ..Default::default()
        })
        .matches(&plain, &v, 0));
    }

    #[test]
    fn sorts_put_the_most_urgent_first() {
        let mut a = case(1);
        a.sla_due_at = Some(500);
        a.priority = Priority::P3;
        let mut b = case(2);
        b.sla_due_at = Some(100);
        b.priority = Priority::P2;
        let c = case(3); // no clock
        let mut list = vec![c.clone(), a.clone(), b.clone()];
        let ids = |q: &InboxQuery, list: &mut Vec<CaseSummary>| {
            list.sort_by(|x, y| q.compare(x, y));
            list.iter().map(|c| c.id.0).collect::<Vec<_>>()
        };
        let mut q = InboxQuery::default();
        assert_eq!(ids(&q, &mut list), vec![2, 1, 3]);
        q.sort = InboxSort::Newest;
        assert_eq!(ids(&q, &mut list), vec![3, 2, 1]);
        q.sort = InboxSort::Priority;
        let mut p1 = case(4);
        p1.priority = Priority::P1;
        list.push(p1);
        assert_eq!(ids(&q, &mut list), vec![4, 2, 1, 3]);
    }

    #[test]
    fn a_query_survives_the_url_and_bad_values_mean_any() {
        let q = InboxQuery {
            view: InboxView::Queue(QueueId(3)),
            filter: InboxFilter {
                status: Some(CaseStatus::Pending),
                tag: Some("double-charge".into()),
                sla: Some(SlaState::Breached),
                mood: Some(MoodFilter::Negative),
                ..Default::default()
            },
            sort: InboxSort::Priority,
        };
        let params = q.to_params();
        let back = InboxQuery::from_params(|k| {
            params.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone())
        });
        assert_eq!(back, q);
        assert_eq!(
            q.to_query_string(),
            "?view=queue-3&sort=priority&status=pending&tag=double-charge&sla=breached&mood=negative"
        );
        let bad = InboxQuery::from_params(|k| match k {
            "view" => Some("nonsense".into()),
            "priority" => Some("P9".into()),
            "tag" => Some("<script>".into()),
            _ => None,
        });
        assert_eq!(bad, InboxQuery::default());
    }

    #[test]
    fn tags_are_normalised_and_bad_ones_refused() {
        assert_eq!(
            normalise_tag("  Double Charge "),
            Ok("double-charge".into())
        );
        assert!(normalise_tag("").is_err());
        assert!(normalise_tag("a,b").is_err());
        assert!(normalise_tag(&"x".repeat(MAX_TAG_CHARS + 1)).is_err());
        assert_eq!(
            normalise_tags(&["b".into(), "A".into(), "a".into()]),
            Ok(vec!["a".into(), "b".into()])
        );
        let many: Vec<String> = (0..=MAX_TAGS).map(|i| format!("t{i}")).collect();
        assert!(normalise_tags(&many).is_err());
    }

    #[test]
    fn sla_levels_map_to_states_and_back() {
        for s in SlaState::ALL {
            assert_eq!(SlaState::from_level(s.level()), *s);
        }
        assert_eq!(SlaState::from_level(7), SlaState::Breached);
    }
}
