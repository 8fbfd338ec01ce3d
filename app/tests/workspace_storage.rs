//! The agent workspace's storage on SQLite and PostgreSQL: listings agree with
//! the rule the browser applies to live updates, counts agree with listings,
//! inline edits apply with their consequences and never overwrite a newer
//! value, and the customer view gathers everything about the customer.

use app::domain::inbox::MoodFilter;
use app::domain::{
    CaseEdit, CaseId, CaseStatus, CaseSummary, Channel, CustomerId, EntryKind, EventKind,
    InboxFilter, InboxQuery, InboxSort, InboxView, Priority, QueueId, SlaState, Tier, UserId,
    Viewer,
};
use app::engine::sla::ClockKind;
use app::storage::case_edit::Editor;
use app::storage::cases::NewEntry;
use app::storage::inbox::TagPlan;
use app::storage::intake::Intake;
use app::storage::seed::{SeedSize, DEMO_QUEUES};
use app::storage::{Storage, StorageError, TimeSource};
use app::testing::{Staff, TestDb};

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite { $( #[tokio::test] async fn $name() { super::$name("sqlite").await } )* }
        mod postgres { $( #[tokio::test] async fn $name() { super::$name("postgres").await } )* }
    };
}

on_both_backends!(
    every_listing_agrees_with_the_rule_the_browser_applies,
    edits_apply_with_their_consequences_and_stale_ones_change_nothing,
    the_customer_view_gathers_profile_history_bookings_and_notes,
    demo_cases_get_clocks_that_fit_their_state,
    counts_follow_every_change_of_status_queue_and_assignee,
);

const MINUTE: i64 = 60_000;

/// Monday 23 November 2026, 10:00 in Berlin: office hours.
fn monday_10_berlin() -> i64 {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp_millis()
}

async fn seeded(backend: &str, cases: usize) -> (TestDb, Storage, TimeSource) {
    let db = TestDb::new(backend).await;
    let time = TimeSource::manual(monday_10_berlin());
    let s = db.open().await.expect("open").with_time(time.clone());
    let size = SeedSize {
        customers: 30,
        cases,
    };
    assert!(s
        .seed_demo(size, "$argon2id$x", time.now())
        .await
        .expect("seed"));
    (db, s, time)
}

fn queue(name: &str) -> QueueId {
    QueueId(DEMO_QUEUES.iter().position(|(n, _)| *n == name).unwrap() as i64 + 1)
}

async fn viewer(s: &Storage, email: &str) -> Viewer {
    Staff::load(s, email).await.viewer()
}

fn intake<'a>(subject: &'a str, message: &'a str, customer: i64) -> Intake<'a> {
    Intake {
        customer_id: CustomerId(customer),
        channel: Channel::Email,
        subject,
        message,
        client_id: None,
        default_queue: queue("Bookings"),
    }
}

async fn every_case(s: &Storage) -> Vec<CaseSummary> {
    let mut all = Vec::new();
    for id in 1.. {
        match s.get_case(CaseId(id)).await {
            Ok(c) => all.push(c),
            Err(StorageError::NotFound) => break,
            Err(e) => panic!("{e}"),
        }
    }
    all
}

async fn every_listing_agrees_with_the_rule_the_browser_applies(backend: &str) {
    let (db, s, time) = seeded(backend, 120).await;
    // A few cases with running clocks, one taken past its SLA thresholds.
    for (i, subject) in [
        "Card charged twice",
        "Refund not received",
        "Cannot sign in",
    ]
    .iter()
    .enumerate()
    {
        s.open_case(&intake(
            subject,
            "Please help, this is urgent.",
            i as i64 + 1,
        ))
        .await
        .unwrap();
    }
    time.advance(50 * MINUTE);
    s.sla_pass(time.now(), 100).await.unwrap();
    let all = every_case(&s).await;
    assert!(all
        .iter()
        .any(|c| c.sla == Some(SlaState::Warning) || c.sla == Some(SlaState::Half)));
    assert!(all.iter().any(|c| !c.tags.is_empty()));
    assert!(all.iter().any(|c| !c.status.is_open()));
    let now = time.now();
    let mut queries = Vec::new();
    for view in [
        InboxView::Mine,
        InboxView::Unassigned,
        InboxView::AllOpen,
        InboxView::RecentlySolved,
        InboxView::Queue(queue("Billing")),
        InboxView::Queue(queue("Account Access")),
    ] {
        for sort in [InboxSort::SlaDue, InboxSort::Newest, InboxSort::Priority] {
            queries.push(InboxQuery {
                view,
                filter: InboxFilter::default(),
                sort,
            });
        }
    }
    let tag = all.iter().find_map(|c| c.tags.first().cloned()).unwrap();
    // A tag filter in every view and order: answered from the tag or by the
    // walk, each plan is checked below.
    for q in queries.clone() {
        queries.push(InboxQuery {
            filter: InboxFilter {
                tag: Some(tag.clone()),
                ..Default::default()
            },
            ..q
        });
    }
    let filters = [
        InboxFilter {
            status: Some(CaseStatus::Pending),
            ..Default::default()
        },
        InboxFilter {
            priority: Some(Priority::P2),
            ..Default::default()
        },
        InboxFilter {
            queue: Some(queue("Bookings")),
            ..Default::default()
        },
        InboxFilter {
            tag: Some(tag),
            ..Default::default()
        },
        InboxFilter {
            channel: Some(Channel::Chat),
            ..Default::default()
        },
        InboxFilter {
            sla: Some(SlaState::OnTrack),
            ..Default::default()
        },
        InboxFilter {
            sla: Some(SlaState::Half),
            ..Default::default()
        },
        InboxFilter {
            mood: Some(MoodFilter::Negative),
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
    ];
    for filter in filters {
        queries.push(InboxQuery {
            view: InboxView::AllOpen,
            filter,
            sort: InboxSort::SlaDue,
        });
    }
    let mut non_empty = 0;
    for email in [
        "maya@demo.switchboard",
        "ken@demo.switchboard",
        "priya@demo.switchboard",
    ] {
        let v = viewer(&s, email).await;
        for q in &queries {
            let mut expected: Vec<&CaseSummary> =
                all.iter().filter(|c| q.matches(c, &v, now)).collect();
            expected.sort_by(|a, b| q.compare(a, b));
            let expected: Vec<CaseId> = expected.iter().map(|c| c.id).collect();
            for plan in [TagPlan::Auto, TagPlan::FromTag, TagPlan::Walk] {
                let listed = listed_ids(&s, &v, q, now, 10_000, plan).await;
                assert_eq!(listed, expected, "{email} {q:?} {plan:?}");
                // The first few alone: a walk per queue keeps the right ones.
                let first = listed_ids(&s, &v, q, now, 3, plan).await;
                assert_eq!(
                    first,
                    expected[..expected.len().min(3)],
                    "{email} {q:?} {plan:?} first 3"
                );
            }
            non_empty += usize::from(!expected.is_empty());
        }
        let counts = s.inbox_counts(&v, now).await.unwrap();
        let count = |view| {
            all.iter()
                .filter(|c| {
                    InboxQuery {
                        view,
                        ..InboxQuery::default()
                    }
                    .matches(c, &v, now)
                })
                .count() as i64
        };
        assert_eq!(counts.mine, count(InboxView::Mine), "{email}");
        assert_eq!(counts.unassigned, count(InboxView::Unassigned), "{email}");
        assert_eq!(counts.all_open, count(InboxView::AllOpen), "{email}");
        assert_eq!(
            counts.recently_solved,
            count(InboxView::RecentlySolved),
            "{email}"
        );
        for (q, n) in &counts.queues {
            assert_eq!(*n, count(InboxView::Queue(*q)), "{email} queue {q}");
        }
    }
    // The comparison means something only if most listings hold cases.
    assert!(
        non_empty > queries.len(),
        "only {non_empty} listings had cases"
    );
    // Limits cut the ordered listing.
    let sup = viewer(&s, "priya@demo.switchboard").await;
    let all_open = InboxQuery {
        view: InboxView::AllOpen,
        ..InboxQuery::default()
    };
    let full = s.list_inbox(&sup, &all_open, now, 10_000).await.unwrap();
    let first = s.list_inbox(&sup, &all_open, now, 5).await.unwrap();
    assert_eq!(first, full[..5].to_vec());
    drop(s);
    db.drop_db().await;
}

async fn edits_apply_with_their_consequences_and_stale_ones_change_nothing(backend: &str) {
    let (db, s, time) = seeded(backend, 0).await;
    let maya_row = s
        .find_user_by_email("maya@demo.switchboard")
        .await
        .unwrap()
        .unwrap();
    // Maya as a supervisor would be (every queue), so moves to any queue can be tested;
    // the scope check is tested below with her own queues.
    let maya = Editor {
        id: UserId(maya_row.id),
        name: "Maya",
        email: "maya@demo.switchboard",
        queues: None,
    };
    let ken = UserId(
        s.find_user_by_email("ken@demo.switchboard")
            .await
            .unwrap()
            .unwrap()
            .id,
    );
    let opened = s
        .open_case(&intake(
            "Card problem",
            "You charged twice my card for the Lisbon booking.",
            1,
        ))
        .await
        .unwrap();
    let case = opened.case.clone();
    assert_eq!(
        (case.queue_id, case.priority),
        (queue("Billing"), Priority::P2)
    );
    let rules_before = s.triage_rules().await.unwrap();
    let resolution_before = s
        .case_clocks(case.id)
        .await
        .unwrap()
        .into_iter()
        .find(|(c, _)| c.kind == ClockKind::Resolution)
        .unwrap();

    // Priority P2 → P1 as seen: saved, clocks retargeted, timeline, audit, correction.
    let (after, events) = s
        .edit_case(
            case.id,
            &CaseEdit::Priority(Priority::P1),
            Some(&CaseEdit::Priority(Priority::P2)),
            maya,
        )
        .await
        .unwrap();
    assert_eq!(after.priority, Priority::P1);
    let resolution_after = s
        .case_clocks(case.id)
        .await
        .unwrap()
        .into_iter()
        .find(|(c, _)| c.kind == ClockKind::Resolution)
        .unwrap();
    assert!(
        resolution_after.0.target_ms < resolution_before.0.target_ms,
        "P1 promises sooner"
    );
    assert!(events.iter().any(|e| matches!(&e.kind, EventKind::EntryAdded { entry, .. } if entry.body == "Maya changed priority P2 → P1.")));
    assert!(events.iter().any(
        |e| matches!(&e.kind, EventKind::CaseUpdated { case } if case.priority == Priority::P1)
    ));
    let audit = s.recent_audit_of("case_edited", 5).await.unwrap();
    assert_eq!(audit[0].target, format!("case:{}", case.id));
    assert_eq!(audit[0].detail, "priority P2 → P1");
    let corrected =
        |rules: &[app::storage::intake::RuleStats]| rules.iter().map(|r| r.corrected).sum::<i64>();
    assert_eq!(
        corrected(&s.triage_rules().await.unwrap()),
        corrected(&rules_before) + 1
    );

    // The same change from a screen that still showed P2 after a colleague's P3: refused.
    s.edit_case(case.id, &CaseEdit::Priority(Priority::P3), None, maya)
        .await
        .unwrap();
    let entries_before = s.case_entries(case.id).await.unwrap().len();
    let stale = s
        .edit_case(
            case.id,
            &CaseEdit::Priority(Priority::P4),
            Some(&CaseEdit::Priority(Priority::P1)),
            maya,
        )
        .await;
    match stale {
        Err(StorageError::Stale(why)) => assert!(why.contains("priority to P3"), "{why}"),
        other => panic!("expected a stale refusal, got {other:?}"),
    }
    assert_eq!(s.get_case(case.id).await.unwrap().priority, Priority::P3);
    assert_eq!(s.case_entries(case.id).await.unwrap().len(), entries_before);
    // A no-op writes nothing.
    let (_, none) = s
        .edit_case(case.id, &CaseEdit::Priority(Priority::P3), None, maya)
        .await
        .unwrap();
    assert!(none.is_empty());

    // Assignee: only an active member of the case's queue.
    match s
        .edit_case(case.id, &CaseEdit::Assignee(Some(ken)), None, maya)
        .await
    {
        Err(StorageError::Field {
            field: "assignee", ..
        }) => {}
        other => panic!("{other:?}"),
    }
    let (c, _) = s
        .edit_case(case.id, &CaseEdit::Assignee(Some(maya.id)), None, maya)
        .await
        .unwrap();
    assert_eq!(c.assignee_id, Some(maya.id));

    // Tags are normalised; bad ones are refused with the field.
    let (c, _) = s
        .edit_case(
            case.id,
            &CaseEdit::Tags(vec!["VIP".into(), "double-charge".into(), "vip".into()]),
            None,
            maya,
        )
        .await
        .unwrap();
    assert_eq!(c.tags, vec!["double-charge".to_string(), "vip".to_string()]);
    let (c, _) = s
        .edit_case(case.id, &CaseEdit::AddTag("Late Return".into()), None, maya)
        .await
        .unwrap();
    assert_eq!(
        c.tags,
        vec![
            "double-charge".to_string(),
            "late-return".to_string(),
            "vip".to_string()
        ]
    );
    match s
        .edit_case(case.id, &CaseEdit::Tags(vec!["a,b".into()]), None, maya)
        .await
    {
        Err(StorageError::Field { field: "tags", .. }) => {}
        other => panic!("{other:?}"),
    }
    assert_eq!(s.get_case(case.id).await.unwrap().tags.len(), 3);
    let v = viewer(&s, "priya@demo.switchboard").await;
    let by_tag = InboxQuery {
        view: InboxView::AllOpen,
        filter: InboxFilter {
            tag: Some("late-return".into()),
            ..Default::default()
        },
        sort: InboxSort::SlaDue,
    };
    let listed = s.list_inbox(&v, &by_tag, time.now(), 50).await.unwrap();
    assert_eq!(
        listed.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![case.id]
    );

    // Status: pending pauses the clocks; closed and new are not for agents.
    for bad in [CaseStatus::Closed, CaseStatus::New] {
        match s
            .edit_case(case.id, &CaseEdit::Status(bad), None, maya)
            .await
        {
            Err(StorageError::Field {
                field: "status", ..
            }) => {}
            other => panic!("{other:?}"),
        }
    }
    let (c, _) = s
        .edit_case(case.id, &CaseEdit::Status(CaseStatus::Pending), None, maya)
        .await
        .unwrap();
    assert_eq!(c.status, CaseStatus::Pending);
    assert!(s
        .case_clocks(case.id)
        .await
        .unwrap()
        .iter()
        .all(|(clock, _)| clock.since.is_none()));
    let (c, _) = s
        .edit_case(case.id, &CaseEdit::Tier(Tier::T2), None, maya)
        .await
        .unwrap();
    assert_eq!(c.tier, Tier::T2);

    // A move to a queue Maya works keeps her; the queue it left is told.
    let (c, events) = s
        .edit_case(case.id, &CaseEdit::Queue(queue("Bookings")), None, maya)
        .await
        .unwrap();
    assert_eq!(
        (c.queue_id, c.assignee_id),
        (queue("Bookings"), Some(maya.id))
    );
    assert!(events.iter().any(
        |e| matches!(&e.kind, EventKind::CaseMoved { from, .. } if *from == queue("Billing"))
    ));
    assert!(events.iter().any(|e| e
        .kind
        .topics()
        .contains(&app::domain::Topic::Queue(queue("Billing")))));
    // A move to a queue she does not work leaves the case unassigned for that queue.
    let (c, _) = s
        .edit_case(
            case.id,
            &CaseEdit::Queue(queue("Account Access")),
            None,
            maya,
        )
        .await
        .unwrap();
    assert_eq!((c.queue_id, c.assignee_id), (queue("Account Access"), None));
    match s
        .edit_case(case.id, &CaseEdit::Queue(QueueId(999)), None, maya)
        .await
    {
        Err(StorageError::Field { field: "queue", .. }) => {}
        other => panic!("{other:?}"),
    }
    // An editor whose queues do not hold the case (it moved after their check): not found.
    let maya_queues = s.user_queue_ids(maya.id).await.unwrap();
    let scoped = Editor {
        queues: Some(&maya_queues),
        ..maya
    };
    let tier_before = s.get_case(case.id).await.unwrap().tier;
    match s
        .edit_case(case.id, &CaseEdit::Tier(Tier::T3), None, scoped)
        .await
    {
        Err(StorageError::NotFound) => {}
        other => panic!("{other:?}"),
    }
    assert_eq!(s.get_case(case.id).await.unwrap().tier, tier_before);
    match s
        .edit_case(CaseId(999_999), &CaseEdit::Tier(Tier::T1), None, maya)
        .await
    {
        Err(StorageError::NotFound) => {}
        other => panic!("{other:?}"),
    }
    drop(s);
    db.drop_db().await;
}

async fn the_customer_view_gathers_profile_history_bookings_and_notes(backend: &str) {
    let (db, s, _time) = seeded(backend, 60).await;
    let maya = UserId(
        s.find_user_by_email("maya@demo.switchboard")
            .await
            .unwrap()
            .unwrap()
            .id,
    );
    let customer = CustomerId(3);
    let all = every_case(&s).await;
    let theirs: Vec<&CaseSummary> = all.iter().filter(|c| c.customer_id == customer).collect();
    let sup = viewer(&s, "priya@demo.switchboard").await;
    let view = s.customer_view(customer, &sup).await.unwrap();
    assert_eq!(view.profile.id, customer);
    assert!(!view.identities.is_empty());
    assert_eq!(view.stats.cases, theirs.len() as i64);
    assert_eq!(
        view.stats.open_cases,
        theirs.iter().filter(|c| c.status.is_open()).count() as i64
    );
    let mut ids: Vec<CaseId> = theirs.iter().map(|c| c.id).collect();
    ids.sort();
    let mut listed: Vec<CaseId> = view.cases.iter().map(|c| c.id).collect();
    listed.sort();
    assert_eq!(listed, ids);
    assert_eq!(view.hidden_cases, 0);
    // An agent sees only the customer's cases in their own queues; the rest are counted.
    let ken = viewer(&s, "ken@demo.switchboard").await;
    let seen_by_ken = s.customer_view(customer, &ken).await.unwrap();
    let visible: Vec<CaseId> = theirs
        .iter()
        .filter(|c| ken.queues.contains(&c.queue_id))
        .map(|c| c.id)
        .collect();
    let mut ken_listed: Vec<CaseId> = seen_by_ken.cases.iter().map(|c| c.id).collect();
    ken_listed.sort();
    assert_eq!(ken_listed, visible);
    assert_eq!(
        seen_by_ken.hidden_cases,
        (theirs.len() - visible.len()) as i64
    );
    assert!(
        seen_by_ken.hidden_cases > 0,
        "customer 3 has cases outside Account Access"
    );
    assert!(!view.bookings.is_empty(), "the demo customer has bookings");
    assert!(
        view.bookings.iter().all(|b| !b.payments.is_empty()),
        "each booking was paid"
    );
    assert!(
        view.bookings
            .windows(2)
            .all(|w| w[0].pickup_at >= w[1].pickup_at),
        "newest first"
    );
    // Notes: a retry with the same client id writes once; newest first.
    let a = s
        .add_customer_note(customer, maya, "Maya", "Prefers email.", "note-0000001")
        .await
        .unwrap();
    let again = s
        .add_customer_note(customer, maya, "Maya", "Prefers email.", "note-0000001")
        .await
        .unwrap();
    assert_eq!(a, again);
    s.add_customer_note(
        customer,
        maya,
        "Maya",
        "Gold member since 2020.",
        "note-0000002",
    )
    .await
    .unwrap();
    let notes = s.customer_view(customer, &sup).await.unwrap().notes;
    assert_eq!(
        notes.iter().map(|n| n.body.as_str()).collect::<Vec<_>>(),
        vec!["Gold member since 2020.", "Prefers email."]
    );
    assert!(matches!(
        s.customer_view(CustomerId(99_999), &sup).await,
        Err(StorageError::NotFound)
    ));
    drop(s);
    db.drop_db().await;
}

async fn demo_cases_get_clocks_that_fit_their_state(backend: &str) {
    let (db, s, time) = seeded(backend, 80).await;
    let started = s.start_missing_clocks(time.now()).await.unwrap();
    assert!(started > 0);
    assert_eq!(
        s.start_missing_clocks(time.now()).await.unwrap(),
        0,
        "once only"
    );
    let mut checked = 0;
    for case in every_case(&s).await {
        let clocks = s.case_clocks(case.id).await.unwrap();
        if !case.status.is_open() || case.channel == Channel::Chat {
            assert!(
                clocks.is_empty(),
                "case {} ({:?}, {:?})",
                case.id,
                case.status,
                case.channel
            );
            continue;
        }
        assert!(!clocks.is_empty(), "open case {} has clocks", case.id);
        let entries = s.case_entries(case.id).await.unwrap();
        let answered = entries
            .iter()
            .any(|e| e.kind == app::domain::EntryKind::AgentReply);
        let first = clocks
            .iter()
            .find(|(c, _)| c.kind == ClockKind::FirstResponse)
            .unwrap();
        assert_eq!(first.0.met_at.is_some(), answered, "case {}", case.id);
        if case.status == CaseStatus::Pending {
            assert!(
                clocks.iter().all(|(c, _)| c.since.is_none()),
                "pending case {} is paused",
                case.id
            );
        }
        checked += 1;
    }
    assert_eq!(checked, started);
    drop(s);
    db.drop_db().await;
}

/// The ids a listing holds, in its order.
async fn listed_ids(
    s: &Storage,
    v: &Viewer,
    q: &InboxQuery,
    now: i64,
    limit: i64,
    plan: TagPlan,
) -> Vec<CaseId> {
    s.list_inbox_planned(v, q, now, limit, plan)
        .await
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect()
}

/// The counts of each view, from the rule the browser applies, over every case.
async fn counts_by_rule(s: &Storage, v: &Viewer, now: i64) -> (i64, i64, i64, Vec<(QueueId, i64)>) {
    let all = every_case(s).await;
    let count = |view| {
        all.iter()
            .filter(|c| {
                InboxQuery {
                    view,
                    ..InboxQuery::default()
                }
                .matches(c, v, now)
            })
            .count() as i64
    };
    let mut queues: Vec<(QueueId, i64)> = DEMO_QUEUES
        .iter()
        .enumerate()
        .map(|(i, _)| QueueId(i as i64 + 1))
        .filter(|q| v.all_queues || v.queues.contains(q))
        .map(|q| (q, count(InboxView::Queue(q))))
        .filter(|(_, n)| *n > 0)
        .collect();
    queues.sort();
    (
        count(InboxView::Mine),
        count(InboxView::Unassigned),
        count(InboxView::AllOpen),
        queues,
    )
}

/// A listing that walks a tag's rows, in each queue and over every queue,
/// in each sort, holds exactly the open cases with the tag, in the order the
/// browser puts them: the tag's rows keep their case's queue, open state and
/// sort keys.
async fn tag_ranges_agree(s: &Storage, label: &str, now: i64) {
    let all = every_case(s).await;
    let mut tags: Vec<String> = all.iter().flat_map(|c| c.tags.clone()).collect();
    tags.sort();
    tags.dedup();
    assert!(tags.len() > 3, "{label}: only {} tags", tags.len());
    let sup = viewer(s, "priya@demo.switchboard").await;
    let queues = DEMO_QUEUES.iter().map(|(q, _)| Some(queue(q)));
    for tag in &tags {
        for q in queues.clone().chain([None]) {
            for sort in [InboxSort::SlaDue, InboxSort::Newest, InboxSort::Priority] {
                let query = InboxQuery {
                    view: InboxView::AllOpen,
                    filter: InboxFilter {
                        tag: Some(tag.clone()),
                        queue: q,
                        ..Default::default()
                    },
                    sort,
                };
                let listed = listed_ids(s, &sup, &query, now, 10_000, TagPlan::FromTag).await;
                let mut expected: Vec<&CaseSummary> = all
                    .iter()
                    .filter(|c| c.status.is_open() && c.tags.contains(tag))
                    .filter(|c| q.is_none_or(|q| c.queue_id == q))
                    .collect();
                expected.sort_by(|a, b| query.compare(a, b));
                let expected: Vec<CaseId> = expected.iter().map(|c| c.id).collect();
                assert_eq!(listed, expected, "{label}: {tag} in {q:?} by {sort:?}");
                // The first few alone: the merged walks keep the right ones.
                let first = listed_ids(s, &sup, &query, now, 3, TagPlan::FromTag).await;
                assert_eq!(
                    first,
                    expected[..expected.len().min(3)],
                    "{label}: {tag} in {q:?} by {sort:?}, first 3"
                );
            }
        }
    }
}

async fn counts_follow_every_change_of_status_queue_and_assignee(backend: &str) {
    let (db, s, time) = seeded(backend, 60).await;
    let maya = Staff::load(&s, "maya@demo.switchboard").await;
    let priya = Staff::load(&s, "priya@demo.switchboard").await;
    let check = |label: &'static str| {
        let s = &s;
        let (maya, priya) = (&maya, &priya);
        let now = time.now();
        async move {
            tag_ranges_agree(s, label, now).await;
            for who in [maya, priya] {
                let v = who.viewer();
                let counts = s.inbox_counts(&v, now).await.unwrap();
                let mut queues = counts.queues.clone();
                queues.sort();
                assert_eq!(
                    (counts.mine, counts.unassigned, counts.all_open, queues),
                    counts_by_rule(s, &v, now).await,
                    "{label}: {}",
                    who.email
                );
            }
        }
    };
    check("seeded").await;
    let a = s
        .open_case(&intake("Card charged twice", "Please refund", 1))
        .await
        .unwrap()
        .case
        .id;
    let b = s
        .open_case(&intake("Booking change", "Move my dates", 1))
        .await
        .unwrap()
        .case
        .id;
    check("opened").await;
    let by = priya.editor();
    s.edit_case(a, &CaseEdit::Assignee(Some(maya.id)), None, by)
        .await
        .unwrap();
    check("assigned").await;
    s.edit_case(a, &CaseEdit::Queue(queue("Bookings")), None, by)
        .await
        .unwrap();
    check("moved").await;
    s.edit_case(a, &CaseEdit::AddTag("late-return".into()), None, by)
        .await
        .unwrap();
    check("tagged").await;
    s.edit_case(a, &CaseEdit::Priority(Priority::P4), None, by)
        .await
        .unwrap();
    check("reprioritised").await;
    // A reply meets the first-response clock: only the due time moves.
    s.add_entry(&NewEntry {
        case_id: a,
        kind: EntryKind::AgentReply,
        author_id: Some(maya.id),
        author_name: "Maya",
        body: "Looking into the double charge now.",
        client_id: None,
    })
    .await
    .unwrap();
    check("replied").await;
    s.edit_case(a, &CaseEdit::Assignee(None), None, by)
        .await
        .unwrap();
    check("unassigned").await;
    s.set_case_status(a, CaseStatus::Solved).await.unwrap();
    check("solved").await;
    s.set_case_status(a, CaseStatus::Open).await.unwrap();
    check("reopened").await;
    s.snooze_case(b, time.now() + MINUTE, by).await.unwrap();
    time.advance(2 * MINUTE);
    s.automation_pass(time.now(), 100).await.unwrap();
    check("snoozed and woken").await;
    s.merge_cases(b, a, by).await.unwrap();
    check("merged").await;
    db.drop_db().await;
}
