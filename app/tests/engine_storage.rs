//! The engine applied in storage, on SQLite and PostgreSQL: intake triages,
//! clocks and routes a case; the scheduler fires each SLA threshold once at the
//! right (injected) time; corrections count against triage rules.

use app::domain::{
    CaseId, CaseStatus, Channel, CustomerId, EntryKind, EventKind, Presence, Priority, QueueId,
    Tier, UserId,
};
use app::engine::calendar::{CalendarSpec, Span};
use app::engine::sla::{ClockKind, Threshold};
use app::engine::triage::{Actions, Conditions, RuleSpec};
use app::storage::cases::NewEntry;
use app::storage::intake::Intake;
use app::storage::seed::{SeedSize, DEMO_QUEUES};
use app::storage::sla::Fired;
use app::storage::{Storage, StorageError, TimeSource};
use app::testing::TestDb;

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite { $( #[tokio::test] async fn $name() { super::$name("sqlite").await } )* }
        mod postgres { $( #[tokio::test] async fn $name() { super::$name("postgres").await } )* }
    };
}

on_both_backends!(
    intake_triages_clocks_and_routes_to_an_eligible_agent,
    thresholds_fire_once_each_at_their_business_time,
    pending_pauses_the_clocks_and_replies_meet_them,
    two_schedulers_racing_fire_each_threshold_once,
    corrections_count_against_the_rule_that_decided,
    bad_rules_and_calendars_are_refused_and_nothing_is_saved,
);

const MINUTE: i64 = 60_000;

/// Monday 23 November 2026, 10:00 in Berlin (09:00 UTC): office hours.
fn monday_10_berlin() -> i64 {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp_millis()
}

async fn seeded(backend: &str) -> (TestDb, Storage, TimeSource) {
    let db = TestDb::new(backend).await;
    let time = TimeSource::manual(monday_10_berlin());
    let s = db.open().await.expect("open").with_time(time.clone());
    assert!(s
        .seed_demo(
            SeedSize {
                customers: 20,
                cases: 0
            },
            "$argon2id$x",
            time.now()
        )
        .await
        .expect("seed"));
    (db, s, time)
}

fn queue(name: &str) -> QueueId {
    QueueId(DEMO_QUEUES.iter().position(|(n, _)| *n == name).unwrap() as i64 + 1)
}

async fn user(s: &Storage, email: &str) -> UserId {
    UserId(s.find_user_by_email(email).await.unwrap().unwrap().id)
}

fn intake<'a>(subject: &'a str, message: &'a str) -> Intake<'a> {
    Intake {
        customer_id: CustomerId(1),
        channel: Channel::Email,
        subject,
        message,
        client_id: None,
        default_queue: queue("Bookings"),
    }
}

async fn intake_triages_clocks_and_routes_to_an_eligible_agent(backend: &str) {
    let (db, s, time) = seeded(backend).await;
    let maya = user(&s, "maya@demo.switchboard").await;
    let leo = user(&s, "leo@demo.switchboard").await;
    // Leo is online but not in Billing; Maya is in Billing but away: nobody eligible.
    s.set_presence(leo, Presence::Online).await.unwrap();
    let opened = s
        .open_case(&intake(
            "Card problem",
            "Hi, you charged twice my card for the Lisbon booking.",
        ))
        .await
        .unwrap();
    let case = &opened.case;
    assert_eq!(case.queue_id, queue("Billing"));
    assert_eq!(case.priority, Priority::P2);
    assert_eq!(case.assignee_id, None);
    assert_eq!(opened.decision.tags, vec!["double-charge".to_string()]);
    // Clocks: P2 in Berlin office hours, first response 1 h, resolution 8 h.
    let clocks = s.case_clocks(case.id).await.unwrap();
    let first = clocks
        .iter()
        .find(|(c, _)| c.kind == ClockKind::FirstResponse)
        .unwrap();
    assert_eq!(first.0.target_ms, 60 * MINUTE);
    assert_eq!(first.1, Some(time.now() + 60 * MINUTE));
    let resolution = clocks
        .iter()
        .find(|(c, _)| c.kind == ClockKind::Resolution)
        .unwrap();
    // 8 business hours from Monday 10:00 with 08:00–18:00 days: Monday 18:00.
    assert_eq!(resolution.1, Some(time.now() + 8 * 60 * MINUTE));
    // The message is on the timeline with its sentiment, then the triage note.
    let entries = s.case_entries(case.id).await.unwrap();
    assert_eq!(entries[0].kind, EntryKind::CustomerMessage);
    assert!(entries[0].sentiment.is_some());
    assert!(entries
        .iter()
        .any(|e| e.kind == EntryKind::SystemEvent && e.body.contains("Triaged to Billing, P2")));
    assert!(matches!(
        opened.events[0].kind,
        EventKind::CaseCreated { .. }
    ));

    // Maya comes online: the next Billing case goes to her.
    s.set_presence(maya, Presence::Online).await.unwrap();
    let second = s
        .open_case(&intake("Again", "I was double charged for my deposit"))
        .await
        .unwrap();
    assert_eq!(second.case.assignee_id, Some(maya));
    assert!(
        matches!(&second.events[0].kind, EventKind::CaseCreated { case } if case.assignee_id == Some(maya))
    );
    // No rule matched: the default queue and P3, no triage record.
    let plain = s
        .open_case(&intake("Question", "What fuel does the car take?"))
        .await
        .unwrap();
    assert_eq!(
        (plain.case.queue_id, plain.case.priority),
        (queue("Bookings"), Priority::P3)
    );
    assert!(plain.decision.matched.is_empty());
    // Leo (Bookings, online) takes it.
    assert_eq!(plain.case.assignee_id, Some(leo));
    db.drop_db().await;
}

async fn thresholds_fire_once_each_at_their_business_time(backend: &str) {
    let (db, s, time) = seeded(backend).await;
    let start = time.now();
    let maya = user(&s, "maya@demo.switchboard").await;
    let opened = s
        .open_case(&intake("Card", "charged twice, please fix"))
        .await
        .unwrap();
    let id = opened.case.id;
    assert_eq!(opened.case.assignee_id, None, "nobody online yet");
    let fired_at = |at: i64| {
        let s = s.clone();
        let time = time.clone();
        async move {
            time.set(at);
            s.sla_pass(at, 1000).await.unwrap()
        }
    };
    // Just before 50 % of the 1 h first response: nothing is due.
    let r = fired_at(start + 30 * MINUTE - 1).await;
    assert_eq!((r.due, r.fired.len()), (0, 0));
    // At 50 %: the unassigned case goes to an eligible agent (Maya, now online).
    s.set_presence(maya, Presence::Online).await.unwrap();
    let r = fired_at(start + 30 * MINUTE).await;
    assert_eq!(
        r.fired,
        vec![Fired {
            case_id: id,
            kind: ClockKind::FirstResponse,
            threshold: Threshold::Half
        }]
    );
    assert_eq!(s.get_case(id).await.unwrap().assignee_id, Some(maya));
    assert!(r.events.iter().any(
        |e| matches!(&e.kind, EventKind::CaseUpdated { case } if case.assignee_id == Some(maya))
    ));
    // Running the same pass again fires nothing more.
    assert!(fired_at(start + 30 * MINUTE).await.fired.is_empty());
    // At 80 %: a warning for supervisors and the priority goes up to P1. P1's
    // targets (15 min on the 24/7 calendar) are already used up: breached at once.
    let r = fired_at(start + 48 * MINUTE).await;
    let thresholds: Vec<_> = r.fired.iter().map(|f| (f.kind, f.threshold)).collect();
    assert_eq!(
        thresholds,
        vec![(ClockKind::FirstResponse, Threshold::Warning)]
    );
    let warning = r.events.iter().find_map(|e| match &e.kind {
        EventKind::SlaWarning { case, clock } => Some((case.priority, *clock)),
        _ => None,
    });
    assert_eq!(warning, Some((Priority::P1, ClockKind::FirstResponse)));
    assert!(e_topics_include_supervisor(&r.events));
    let r = fired_at(start + 48 * MINUTE).await;
    let thresholds: Vec<_> = r.fired.iter().map(|f| (f.kind, f.threshold)).collect();
    assert!(
        thresholds.contains(&(ClockKind::FirstResponse, Threshold::Breach)),
        "{thresholds:?}"
    );
    assert!(r.events.iter().any(|e| matches!(
        e.kind,
        EventKind::SlaBreached {
            clock: ClockKind::FirstResponse,
            ..
        }
    )));
    // Never again, however often the scheduler runs.
    for later in [49, 60, 120, 600] {
        let again = fired_at(start + later * MINUTE).await;
        assert!(
            again
                .fired
                .iter()
                .all(|f| f.kind != ClockKind::FirstResponse),
            "{:?}",
            again.fired
        );
    }
    let entries = s.case_entries(id).await.unwrap();
    let system: Vec<_> = entries
        .iter()
        .filter(|e| e.kind == EntryKind::SystemEvent)
        .map(|e| e.body.as_str())
        .collect();
    assert_eq!(
        system
            .iter()
            .filter(|b| b.starts_with("SLA warning: 80 % of the first response"))
            .count(),
        1,
        "{system:?}"
    );
    assert_eq!(
        system
            .iter()
            .filter(|b| b.starts_with("SLA breached: the first response"))
            .count(),
        1,
        "{system:?}"
    );
    db.drop_db().await;
}

fn e_topics_include_supervisor(events: &[app::domain::Event]) -> bool {
    events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::SlaWarning { .. }))
        .all(|e| e.kind.topics().contains(&app::domain::Topic::Supervisor))
}

async fn pending_pauses_the_clocks_and_replies_meet_them(backend: &str) {
    let (db, s, time) = seeded(backend).await;
    let start = time.now();
    let maya = user(&s, "maya@demo.switchboard").await;
    let id = s
        .open_case(&intake("Card", "charged twice"))
        .await
        .unwrap()
        .case
        .id;
    // 10 minutes in, the agent replies: first response met, in time.
    time.set(start + 10 * MINUTE);
    let reply = NewEntry {
        case_id: id,
        kind: EntryKind::AgentReply,
        author_id: Some(maya),
        author_name: "Maya",
        body: "Looking into it now.",
        client_id: None,
    };
    s.add_entry(&reply).await.unwrap();
    let first = clock(&s, id, ClockKind::FirstResponse).await;
    assert_eq!(
        (first.met_at, first.elapsed_ms),
        (Some(start + 10 * MINUTE), 10 * MINUTE)
    );
    assert_eq!(first.met_in_time(), Some(true));
    // Waiting on the customer for 3 hours: the resolution clock does not move.
    s.set_case_status(id, CaseStatus::Pending).await.unwrap();
    let paused = clock(&s, id, ClockKind::Resolution).await;
    assert_eq!((paused.since, paused.elapsed_ms), (None, 10 * MINUTE));
    time.set(start + 190 * MINUTE);
    assert!(s.sla_pass(time.now(), 100).await.unwrap().fired.is_empty());
    // The customer answers: the case reopens, resolution runs again, and a
    // next-update round starts (P2: 2 h).
    let answer = NewEntry {
        kind: EntryKind::CustomerMessage,
        author_id: None,
        author_name: "Ana",
        body: "Still not refunded",
        ..reply
    };
    s.add_entry(&answer).await.unwrap();
    assert_eq!(s.get_case(id).await.unwrap().status, CaseStatus::Open);
    let resolution = clock(&s, id, ClockKind::Resolution).await;
    assert_eq!(
        (resolution.since, resolution.elapsed_ms),
        (Some(start + 190 * MINUTE), 10 * MINUTE)
    );
    let update = clock(&s, id, ClockKind::NextUpdate).await;
    assert_eq!(
        (update.target_ms, update.since),
        (120 * MINUTE, Some(start + 190 * MINUTE))
    );
    // Solved: every clock stops.
    time.set(start + 200 * MINUTE);
    s.set_case_status(id, CaseStatus::Solved).await.unwrap();
    for (c, breach_at) in s.case_clocks(id).await.unwrap() {
        assert!(c.is_stopped() && breach_at.is_none(), "{c:?}");
    }
    // Nothing else has clocks here: nothing is due, ever.
    assert_eq!(s.next_sla_due().await.unwrap(), None);
    db.drop_db().await;
}

async fn clock(s: &Storage, case: CaseId, kind: ClockKind) -> app::engine::sla::Clock {
    s.case_clocks(case)
        .await
        .unwrap()
        .into_iter()
        .find(|(c, _)| c.kind == kind)
        .unwrap_or_else(|| panic!("no {kind} clock"))
        .0
}

async fn two_schedulers_racing_fire_each_threshold_once(backend: &str) {
    let (db, s, time) = seeded(backend).await;
    let start = time.now();
    let mut ids = Vec::new();
    for i in 0..20 {
        let subject = format!("Card {i}");
        ids.push(
            s.open_case(&intake(&subject, "charged twice"))
                .await
                .unwrap()
                .case
                .id,
        );
    }
    // PostgreSQL: a second node on the same database. SQLite is one process
    // with one writer: a second pass racing in it.
    let other = if backend == "postgres" {
        db.open().await.unwrap().with_time(time.clone())
    } else {
        s.clone()
    };
    let at = start + 30 * MINUTE;
    time.set(at);
    let (a, b) = tokio::join!(s.sla_pass(at, 1000), other.sla_pass(at, 1000));
    let (a, b) = (a.unwrap(), b.unwrap());
    let mut all: Vec<_> = a
        .fired
        .iter()
        .chain(&b.fired)
        .map(|f| (f.case_id, f.kind, f.threshold))
        .collect();
    all.sort_by_key(|(c, k, t)| (c.0, k.as_str(), t.as_str()));
    let expected: Vec<_> = ids
        .iter()
        .map(|id| (*id, ClockKind::FirstResponse, Threshold::Half))
        .collect();
    assert_eq!(
        all, expected,
        "every half threshold exactly once across both nodes"
    );
    db.drop_db().await;
}

async fn corrections_count_against_the_rule_that_decided(backend: &str) {
    let (db, s, _time) = seeded(backend).await;
    let rules = s.triage_rules().await.unwrap();
    let charged = rules
        .iter()
        .find(|r| r.rule.name == "Charged twice")
        .unwrap()
        .rule
        .id;
    let mut ids = Vec::new();
    for _ in 0..4 {
        ids.push(
            s.open_case(&intake("Card", "charged twice"))
                .await
                .unwrap()
                .case
                .id,
        );
    }
    // One agent moves a case to Bookings; another lowers a priority twice (counted once).
    s.reclassify_case(ids[0], Some(queue("Bookings")), None)
        .await
        .unwrap();
    s.reclassify_case(ids[1], None, Some(Priority::P3))
        .await
        .unwrap();
    s.reclassify_case(ids[1], None, Some(Priority::P4))
        .await
        .unwrap();
    // Setting what the rule already set is no correction.
    s.reclassify_case(ids[2], Some(queue("Billing")), Some(Priority::P2))
        .await
        .unwrap();
    let stats = s.triage_rules().await.unwrap();
    let r = stats.iter().find(|r| r.rule.id == charged).unwrap();
    assert_eq!((r.applied, r.corrected), (4, 2));
    assert_eq!(r.accuracy, Some(50.0));
    let (applied, corrected, overall) = s.triage_accuracy().await.unwrap();
    assert_eq!((applied, corrected, overall), (4, 2, Some(50.0)));
    assert_eq!(s.get_case(ids[1]).await.unwrap().priority, Priority::P4);
    db.drop_db().await;
}

async fn bad_rules_and_calendars_are_refused_and_nothing_is_saved(backend: &str) {
    let (db, s, _time) = seeded(backend).await;
    let before = s.triage_rules().await.unwrap().len();
    let bad = RuleSpec {
        id: 0,
        name: "Broken".into(),
        enabled: true,
        conditions: Conditions {
            pattern: Some("(unclosed".into()),
            ..Conditions::default()
        },
        actions: Actions {
            tier: Some(Tier::T2),
            ..Actions::default()
        },
    };
    let e = s.save_triage_rule(&bad, 1).await.unwrap_err();
    assert!(
        matches!(&e, StorageError::Invalid(m) if m.starts_with("pattern: not a valid regular expression")),
        "{e}"
    );
    let huge = RuleSpec {
        conditions: Conditions {
            pattern: Some(r"\w{300}\w{300}".into()),
            ..Conditions::default()
        },
        ..bad.clone()
    };
    assert!(
        matches!(s.save_triage_rule(&huge, 1).await, Err(StorageError::Invalid(m)) if m.contains("compiles to more than"))
    );
    assert_eq!(s.triage_rules().await.unwrap().len(), before);
    // A calendar with no working hours is refused unless it is 24/7.
    let closed = CalendarSpec {
        week: Default::default(),
        ..CalendarSpec::weekdays("Europe/Lisbon", Span::new(540, 1020))
    };
    let e = s.save_calendar(None, "Closed", &closed).await.unwrap_err();
    assert!(
        matches!(&e, StorageError::Invalid(m) if m.contains("no working hours")),
        "{e}"
    );
    let unknown = CalendarSpec::weekdays("Mars/Olympus", Span::new(540, 1020));
    assert!(
        matches!(s.save_calendar(None, "Mars", &unknown).await, Err(StorageError::Invalid(m)) if m.contains("unknown time zone"))
    );
    let open = CalendarSpec {
        always_open: true,
        ..closed
    };
    let id = s.save_calendar(None, "Lisbon 24/7", &open).await.unwrap();
    assert!(s.sla_config().await.unwrap().calendars.contains_key(&id));
    db.drop_db().await;
}
