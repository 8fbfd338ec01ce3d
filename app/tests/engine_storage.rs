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
    templates_are_seeded_checked_and_filled_in,
    pending_cases_are_reminded_then_solved_and_solved_cases_close,
    a_similar_subject_within_a_day_is_a_likely_duplicate,
    chats_of_an_agent_away_past_the_grace_period_are_rerouted,
    the_first_message_of_a_case_opened_without_text_is_triaged,
    routers_on_two_nodes_never_exceed_capacity,
    automation_settings_are_checked_and_take_effect_at_once,
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
        matches!(&e, StorageError::Field { field: "pattern", reason } if reason.starts_with("not a valid regular expression")),
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
        matches!(s.save_triage_rule(&huge, 1).await, Err(StorageError::Field { field: "pattern", reason }) if reason.contains("compiles to more than"))
    );
    assert_eq!(s.triage_rules().await.unwrap().len(), before);
    // A calendar with no working hours is refused unless it is 24/7.
    let closed = CalendarSpec {
        week: Default::default(),
        ..CalendarSpec::weekdays("Europe/Lisbon", Span::new(540, 1020))
    };
    let e = s.save_calendar(None, "Closed", &closed).await.unwrap_err();
    assert!(
        matches!(&e, StorageError::Field { field: "hours", reason } if reason.contains("no working hours")),
        "{e}"
    );
    let unknown = CalendarSpec::weekdays("Mars/Olympus", Span::new(540, 1020));
    assert!(
        matches!(s.save_calendar(None, "Mars", &unknown).await, Err(StorageError::Field { field: "tz", reason }) if reason.contains("unknown time zone"))
    );
    let open = CalendarSpec {
        always_open: true,
        ..closed
    };
    let id = s.save_calendar(None, "Lisbon 24/7", &open).await.unwrap();
    assert!(s.sla_config().await.unwrap().calendars.contains_key(&id));
    db.drop_db().await;
}

const HOUR: i64 = 60 * MINUTE;

async fn templates_are_seeded_checked_and_filled_in(backend: &str) {
    use app::domain::config::Template;
    let (db, s, _) = seeded(backend).await;
    let all = s.templates("", None).await.unwrap();
    assert_eq!(all.len(), 30, "30 seeded templates");
    let refunds = s.templates("REFUND", None).await.unwrap();
    assert!(refunds.iter().any(|t| t.name == "Refund issued"));
    assert!(refunds.len() < all.len());
    // Billing templates come first for a Billing case.
    let billing = s.templates("", Some(queue("Billing"))).await.unwrap();
    assert_eq!(billing[0].queue_id, Some(queue("Billing")));
    // Filled in for a case: the customer's first name, the agent, the case number.
    let case = s
        .open_case(&intake("Where is my car", ""))
        .await
        .unwrap()
        .case;
    let greeting = all.iter().find(|t| t.name == "Greeting").unwrap();
    let r = s
        .render_template(greeting.id, case.id, "Maya Chen")
        .await
        .unwrap();
    let first = case.customer_name.split_whitespace().next().unwrap();
    assert!(r.text.starts_with(&format!("Hi {first},")), "{}", r.text);
    assert!(r
        .text
        .contains("I'm Maya and I'll be looking after your case"));
    assert!(r.text.contains(&format!("#{}", case.id)));
    assert!(r.missing.is_empty());
    // Bad templates are refused with the field at fault; nothing is saved.
    let bad = Template {
        id: 0,
        name: "Nickname".into(),
        shortcut: None,
        body: "Hi {{customer.nickname}}".into(),
        queue_id: None,
        updated_at: 0,
    };
    match s.save_template(&bad).await {
        Err(StorageError::Field {
            field: "body",
            reason,
        }) => {
            assert!(reason.contains("unknown variable {{customer.nickname}}"));
            assert!(
                reason.contains("customer.first_name"),
                "lists the known ones"
            );
        }
        other => panic!("{other:?}"),
    }
    let twin = Template {
        name: "greeting".into(),
        body: "Hello".into(),
        ..bad.clone()
    };
    assert!(matches!(
        s.save_template(&twin).await,
        Err(StorageError::Field { field: "name", .. })
    ));
    assert_eq!(s.templates("", None).await.unwrap().len(), 30);
    // A good one is saved, edited and deleted.
    let good = Template {
        name: "Keys".into(),
        body: "Your keys are at {{booking.pickup}}.".into(),
        ..bad
    };
    let id = s.save_template(&good).await.unwrap();
    let edited = Template {
        id,
        body: "Keys: {{booking.pickup}}".into(),
        ..good
    };
    assert_eq!(s.save_template(&edited).await.unwrap(), id);
    assert_eq!(
        s.template(id).await.unwrap().body,
        "Keys: {{booking.pickup}}"
    );
    s.delete_template(id).await.unwrap();
    assert!(matches!(s.template(id).await, Err(StorageError::NotFound)));
    db.drop_db().await;
}

async fn pending_cases_are_reminded_then_solved_and_solved_cases_close(backend: &str) {
    let (db, s, time) = seeded(backend).await;
    let t0 = time.now();
    let quiet = s
        .open_case(&intake("Fuel policy", "What fuel?"))
        .await
        .unwrap()
        .case;
    let answers = s
        .open_case(&intake("Child seat", "Do you have one?"))
        .await
        .unwrap()
        .case;
    for c in [quiet.id, answers.id] {
        s.set_case_status(c, CaseStatus::Pending).await.unwrap();
    }
    time.set(t0 + 48 * HOUR - MINUTE);
    let r = s.automation_pass(time.now(), 100).await.unwrap();
    assert_eq!(r.acted(), 0, "nothing before 48 h");
    time.set(t0 + 48 * HOUR);
    let r = s.automation_pass(time.now(), 100).await.unwrap();
    assert_eq!(r.reminded, vec![quiet.id, answers.id]);
    let reminder = s.case_entries(quiet.id).await.unwrap().pop().unwrap();
    assert_eq!(reminder.kind, EntryKind::BotMessage);
    assert!(
        reminder.body.contains("still waiting for your reply"),
        "{}",
        reminder.body
    );
    assert!(reminder.body.contains("within 24 hours"));
    assert_eq!(
        s.get_case(quiet.id).await.unwrap().status,
        CaseStatus::Pending
    );
    let again = s.automation_pass(time.now(), 100).await.unwrap();
    assert_eq!(again.acted(), 0, "one reminder per wait");
    // One customer answers: their case reopens and is not solved at 72 h.
    time.set(t0 + 50 * HOUR);
    s.add_entry(&NewEntry {
        case_id: answers.id,
        kind: EntryKind::CustomerMessage,
        author_id: None,
        author_name: "Customer",
        body: "Yes please, for a 3 year old",
        client_id: None,
    })
    .await
    .unwrap();
    time.set(t0 + 72 * HOUR);
    let r = s.automation_pass(time.now(), 100).await.unwrap();
    assert_eq!(r.solved, vec![quiet.id]);
    assert_eq!(
        s.get_case(quiet.id).await.unwrap().status,
        CaseStatus::Solved
    );
    assert_eq!(
        s.get_case(answers.id).await.unwrap().status,
        CaseStatus::Open
    );
    assert!(r
        .events
        .iter()
        .any(|e| matches!(&e.kind, EventKind::CaseUpdated { case } if case.id == quiet.id && case.status == CaseStatus::Solved)));
    // Solved 4 days ago: closed, once.
    time.set(t0 + 72 * HOUR + 4 * 24 * HOUR - MINUTE);
    assert!(s
        .automation_pass(time.now(), 100)
        .await
        .unwrap()
        .closed
        .is_empty());
    time.set(t0 + 72 * HOUR + 4 * 24 * HOUR);
    let other = if backend == "postgres" {
        db.open().await.unwrap().with_time(time.clone())
    } else {
        s.clone()
    };
    let (a, b) = tokio::join!(
        s.automation_pass(time.now(), 100),
        other.automation_pass(time.now(), 100)
    );
    let mut closed = a.unwrap().closed;
    closed.extend(b.unwrap().closed);
    assert_eq!(
        closed,
        vec![quiet.id],
        "closed exactly once across two nodes"
    );
    assert_eq!(
        s.get_case(quiet.id).await.unwrap().status,
        CaseStatus::Closed
    );
    db.drop_db().await;
}

async fn a_similar_subject_within_a_day_is_a_likely_duplicate(backend: &str) {
    let (db, s, time) = seeded(backend).await;
    let first = s
        .open_case(&intake(
            "Charged twice for booking",
            "Two charges on my card",
        ))
        .await
        .unwrap()
        .case;
    assert_eq!(first.duplicate_of, None);
    time.advance(3 * HOUR);
    let again = s
        .open_case(&intake(
            "RE: charged twice for my booking!",
            "Still two charges",
        ))
        .await
        .unwrap();
    assert_eq!(again.case.duplicate_of, Some(first.id));
    assert!(s
        .case_entries(again.case.id)
        .await
        .unwrap()
        .iter()
        .any(|e| e.body
            == format!(
                "Likely a duplicate of case #{}: same customer, similar subject.",
                first.id
            )));
    // Another problem, another customer, or a day later: not flagged.
    let other = s
        .open_case(&intake("Car broke down", "Engine light"))
        .await
        .unwrap();
    assert_eq!(other.case.duplicate_of, None);
    let someone_else = s
        .open_case(&Intake {
            customer_id: CustomerId(2),
            ..intake("Charged twice for booking", "Me too")
        })
        .await
        .unwrap();
    assert_eq!(someone_else.case.duplicate_of, None);
    time.advance(25 * HOUR);
    let later = s
        .open_case(&intake("Charged twice for booking", "And again"))
        .await
        .unwrap();
    assert_eq!(later.case.duplicate_of, None, "outside the 24 h window");
    db.drop_db().await;
}

fn chat<'a>(subject: &'a str, message: &'a str) -> Intake<'a> {
    Intake {
        channel: Channel::Chat,
        ..intake(subject, message)
    }
}

async fn chats_of_an_agent_away_past_the_grace_period_are_rerouted(backend: &str) {
    let (db, s, time) = seeded(backend).await;
    let leo = user(&s, "leo@demo.switchboard").await;
    let maya = user(&s, "maya@demo.switchboard").await;
    s.set_presence(leo, Presence::Online).await.unwrap();
    let chat_case = s
        .open_case(&chat("Pick-up desk", "Where is the desk?"))
        .await
        .unwrap()
        .case;
    let mail_case = s
        .open_case(&intake("Child seat", "Do you have child seats?"))
        .await
        .unwrap()
        .case;
    assert_eq!(chat_case.assignee_id, Some(leo), "{chat_case:?}");
    assert_eq!(mail_case.assignee_id, Some(leo));
    s.set_presence(maya, Presence::Online).await.unwrap();
    s.set_presence(leo, Presence::Away).await.unwrap();
    let away_at = time.now();
    time.set(away_at + 5 * MINUTE - 1);
    assert!(s
        .automation_pass(time.now(), 100)
        .await
        .unwrap()
        .rerouted
        .is_empty());
    time.set(away_at + 5 * MINUTE);
    let r = s.automation_pass(time.now(), 100).await.unwrap();
    assert_eq!(
        r.rerouted,
        vec![chat_case.id],
        "only the open chat, not the email"
    );
    let moved = s.get_case(chat_case.id).await.unwrap();
    assert_eq!(moved.assignee_id, Some(maya));
    assert_eq!(
        s.get_case(mail_case.id).await.unwrap().assignee_id,
        Some(leo)
    );
    let notes: Vec<String> = s
        .case_entries(chat_case.id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.body)
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n == "Returned to the queue: Leo Brandt has been away for over 5 minutes."),
        "{notes:?}"
    );
    assert!(notes.iter().any(|n| n == "Assigned to Maya Okafor."));
    assert!(s
        .automation_pass(time.now(), 100)
        .await
        .unwrap()
        .rerouted
        .is_empty());
    db.drop_db().await;
}

async fn the_first_message_of_a_case_opened_without_text_is_triaged(backend: &str) {
    let (db, s, _) = seeded(backend).await;
    let opened = s.open_case(&intake("A question", "")).await.unwrap();
    assert_eq!(
        (opened.case.queue_id, opened.case.priority),
        (queue("Bookings"), Priority::P3)
    );
    assert!(s.case_entries(opened.case.id).await.unwrap().is_empty());
    let legal = s
        .triage_rules()
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.rule.name == "Legal threats")
        .unwrap();
    let added = s
        .add_entry(&NewEntry {
            case_id: opened.case.id,
            kind: EntryKind::CustomerMessage,
            author_id: None,
            author_name: "Customer",
            body: "My lawyer will hear about this.",
            client_id: Some("c-1"),
        })
        .await
        .unwrap();
    let case = s.get_case(opened.case.id).await.unwrap();
    assert_eq!(
        (case.queue_id, case.priority),
        (queue("Escalations"), Priority::P1)
    );
    assert!(added
        .events
        .iter()
        .any(|e| matches!(&e.kind, EventKind::CaseUpdated { case } if case.queue_id == queue("Escalations"))));
    // P1 clocks now: first response within 15 minutes.
    let first = clock(&s, case.id, ClockKind::FirstResponse).await;
    assert_eq!(first.target_ms, 15 * MINUTE);
    let after = s
        .triage_rules()
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.rule.id == legal.rule.id)
        .unwrap();
    assert_eq!(after.applied, legal.applied + 1);
    // Later messages are not triaged again.
    s.add_entry(&NewEntry {
        case_id: case.id,
        kind: EntryKind::CustomerMessage,
        author_id: None,
        author_name: "Customer",
        body: "Also you charged twice my card.",
        client_id: Some("c-2"),
    })
    .await
    .unwrap();
    let still = s.get_case(case.id).await.unwrap();
    assert_eq!(
        (still.queue_id, still.priority),
        (queue("Escalations"), Priority::P1)
    );
    db.drop_db().await;
}

async fn routers_on_two_nodes_never_exceed_capacity(backend: &str) {
    use app::storage::cases::NewCase;
    let (db, s, time) = seeded(backend).await;
    let leo = user(&s, "leo@demo.switchboard").await; // Bookings, capacity 3
    s.set_presence(leo, Presence::Online).await.unwrap();
    let mut ids = Vec::new();
    for i in 0..12 {
        let subject = format!("Booking change {i}");
        let (case, _) = s
            .create_case(&NewCase {
                subject: &subject,
                customer_id: CustomerId(1 + i),
                channel: Channel::Chat,
                priority: Priority::P3,
                queue_id: queue("Bookings"),
                assignee_id: None,
            })
            .await
            .unwrap();
        ids.push(case.id);
    }
    let other = if backend == "postgres" {
        db.open().await.unwrap().with_time(time.clone())
    } else {
        s.clone()
    };
    let route_all = |st: Storage, order: Vec<CaseId>| async move {
        let mut n = 0;
        for id in order {
            if !st.route_case(id).await.unwrap().is_empty() {
                n += 1;
            }
        }
        n
    };
    let mut reversed = ids.clone();
    reversed.reverse();
    let (a, b) = tokio::join!(
        route_all(s.clone(), ids.clone()),
        route_all(other, reversed)
    );
    assert_eq!(a + b, 3, "exactly capacity assignments across both nodes");
    let mut assigned = 0;
    for id in &ids {
        let case = s.get_case(*id).await.unwrap();
        if case.assignee_id == Some(leo) {
            assigned += 1;
            let notes = s
                .case_entries(*id)
                .await
                .unwrap()
                .iter()
                .filter(|e| e.body.starts_with("Assigned to"))
                .count();
            assert_eq!(notes, 1, "one assignment per case");
        } else {
            assert_eq!(case.assignee_id, None);
        }
    }
    assert_eq!(assigned, 3, "Leo is at capacity, never above");
    db.drop_db().await;
}

async fn automation_settings_are_checked_and_take_effect_at_once(backend: &str) {
    use app::engine::automation::Automation;
    let (db, s, time) = seeded(backend).await;
    assert_eq!(*s.automation().await.unwrap(), Automation::default());
    let bad = Automation {
        pending_remind_after_ms: 80 * HOUR,
        ..Automation::default()
    };
    assert!(matches!(
        s.save_automation(&bad).await,
        Err(StorageError::Field {
            field: "pending_remind_after",
            ..
        })
    ));
    assert_eq!(*s.automation().await.unwrap(), Automation::default());
    let quick = Automation {
        pending_remind_after_ms: HOUR,
        pending_solve_after_ms: 2 * HOUR,
        ..Automation::default()
    };
    s.save_automation(&quick).await.unwrap();
    let case = s
        .open_case(&intake("Toll charges", "How do tolls work?"))
        .await
        .unwrap()
        .case;
    s.set_case_status(case.id, CaseStatus::Pending)
        .await
        .unwrap();
    time.advance(2 * HOUR);
    let r = s.automation_pass(time.now(), 100).await.unwrap();
    assert_eq!(
        r.solved,
        vec![case.id],
        "the new setting applies without a restart"
    );
    db.drop_db().await;
}
