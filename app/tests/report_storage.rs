//! The supervisor's metrics on SQLite and PostgreSQL, against two days whose
//! answers were worked out by hand (see each assertion's arithmetic).

use app::domain::chat::Rating;
use app::domain::quality::Escalation;
use app::domain::report::{Bucket, Count, ReportQuery, Share};
use app::domain::widget::Handoff;
use app::domain::{
    CaseEdit, CaseId, CaseStatus, Channel, CustomerId, EntryKind, Priority, QueueId, Tier, UserId,
};
use app::storage::case_edit::Editor;
use app::storage::cases::NewEntry;
use app::storage::intake::Intake;
use app::storage::kb::ArticleFigure;
use app::storage::seed::{SeedSize, DEMO_QUEUES};
use app::storage::{Storage, TimeSource};
use app::testing::TestDb;

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite { $( #[tokio::test] async fn $name() { super::$name("sqlite").await } )* }
        mod postgres { $( #[tokio::test] async fn $name() { super::$name("postgres").await } )* }
    };
}

on_both_backends!(two_days_of_cases_give_the_figures_worked_out_by_hand);

/// Monday 23 November 2026, 09:00 UTC.
const NOW: i64 = 1_795_424_400_000;
/// Monday 00:00 UTC.
const MONDAY: i64 = 1_795_392_000_000;
const MINUTE: i64 = 60_000;
const DAY: i64 = 86_400_000;

fn queue(name: &str) -> QueueId {
    QueueId(DEMO_QUEUES.iter().position(|(n, _)| *n == name).unwrap() as i64 + 1)
}

/// An editor who may touch every queue.
fn boss(id: UserId) -> Editor<'static> {
    Editor {
        id,
        name: "Priya Raman",
        email: "priya@demo.switchboard",
        queues: None,
    }
}

async fn reply(s: &Storage, case: CaseId, who: UserId) {
    s.add_entry(&NewEntry {
        case_id: case,
        kind: EntryKind::AgentReply,
        author_id: Some(who),
        author_name: "Maya Okafor",
        body: "Here it is.",
        client_id: None,
    })
    .await
    .unwrap();
}

async fn solve(s: &Storage, case: CaseId, who: UserId) {
    for item in s.case_checklist(case).await.unwrap() {
        s.set_check(case, item.item_id, true, boss(who))
            .await
            .unwrap();
    }
    s.edit_case(case, &CaseEdit::Status(CaseStatus::Solved), None, boss(who))
        .await
        .unwrap();
}

fn range(days: i64, bucket: Bucket) -> ReportQuery {
    ReportQuery {
        from: MONDAY,
        to: MONDAY + days * DAY,
        bucket,
        queue: None,
        channel: None,
    }
}

/// The report the rollup gives as the writes so far left it equals the one
/// recomputed from every case: no write that changes a figure goes unmarked.
async fn rollup_is_current(s: &Storage, step: &str) {
    let queries = [
        range(2, Bucket::Day),
        range(2, Bucket::Hour),
        ReportQuery {
            queue: Some(queue("Billing")),
            ..range(2, Bucket::Day)
        },
        ReportQuery {
            channel: Some(Channel::Chat),
            ..range(2, Bucket::Day)
        },
    ];
    let mut kept = Vec::new();
    for q in &queries {
        kept.push(s.report(q).await.unwrap());
    }
    assert!(s.rebuild_report().await.unwrap() > 0);
    for (q, kept) in queries.iter().zip(kept) {
        assert_eq!(kept, s.report(q).await.unwrap(), "after {step}: {q:?}");
    }
}

fn count(name: &str, n: i64) -> Count {
    Count {
        name: name.into(),
        count: n,
    }
}

async fn two_days_of_cases_give_the_figures_worked_out_by_hand(backend: &str) {
    let db = TestDb::new(backend).await;
    let time = TimeSource::manual(NOW);
    let s = db.open().await.expect("open").with_time(time.clone());
    let size = SeedSize {
        customers: 5,
        cases: 0,
    };
    assert!(s.seed_demo(size, "$argon2id$x", NOW).await.expect("seed"));
    let maya = UserId(
        s.find_user_by_email("maya@demo.switchboard")
            .await
            .unwrap()
            .unwrap()
            .id,
    );
    let article = s.published_hits().await.unwrap()[0].id;

    // Monday 09:00: three emails about an invoice (the "Refunds and deposits"
    // rule sends them to Billing; P3).
    let mut cases = Vec::new();
    for n in 1..=3 {
        let c = s
            .open_case(&Intake {
                customer_id: CustomerId(n),
                channel: Channel::Email,
                subject: "Invoice",
                message: "Where is my invoice?",
                client_id: None,
                default_queue: queue("Bookings"),
            })
            .await
            .unwrap()
            .case;
        assert_eq!((c.queue_id, c.priority), (queue("Billing"), Priority::P3));
        cases.push(c.id);
    }
    rollup_is_current(&s, "three cases opened").await;
    let (a, b, c) = (cases[0], cases[1], cases[2]);
    // Two customers say an answer solved it.
    s.count_article(article, ArticleFigure::Solved)
        .await
        .unwrap();
    s.count_article(article, ArticleFigure::Deflection)
        .await
        .unwrap();
    time.set(NOW + 10 * MINUTE);
    reply(&s, a, maya).await; // a: first response after 10 min
    reply(&s, c, maya).await; // c: after 10 min
    time.set(NOW + 30 * MINUTE);
    reply(&s, b, maya).await; // b: after 30 min
    time.set(NOW + 40 * MINUTE);
    reply(&s, b, maya).await; // b: a second reply
    rollup_is_current(&s, "replies").await;
    // An agent moves c to Bookings: the rule's queue was wrong.
    s.edit_case(c, &CaseEdit::Queue(queue("Bookings")), None, boss(maya))
        .await
        .unwrap();
    rollup_is_current(&s, "a queue correction").await;
    time.set(NOW + 90 * MINUTE);
    solve(&s, a, maya).await; // a: solved after 90 min, 80 after its first response
    time.set(NOW + 100 * MINUTE);
    solve(&s, b, maya).await; // b: solved after 100 min, 70 after its first response
    rollup_is_current(&s, "solves").await;

    // Tuesday 09:00: a visitor hands off a chat; no one answers for 5 min
    // (the chat promise is 1 min), then Maya takes it, escalates it to T2,
    // answers after 6 min, solves it after 10, and the visitor rates it 4.
    let tuesday = NOW + DAY;
    time.set(tuesday);
    let token = "d".repeat(64);
    let handoff = Handoff {
        token: token.clone(),
        question: "Can I add a child seat?".into(),
        language: "en".into(),
        ..Default::default()
    }
    .normalise()
    .unwrap();
    let d = s
        .hand_off(&handoff, false)
        .await
        .unwrap()
        .handed_off
        .case_id;
    let d_case = s.get_case(d).await.unwrap();
    assert_eq!(
        (d_case.queue_id, d_case.priority, d_case.channel),
        (queue("Bookings"), Priority::P3, Channel::Chat)
    );
    time.set(tuesday + 5 * MINUTE);
    s.sla_pass(time.now(), 100).await.unwrap();
    rollup_is_current(&s, "a breach").await;
    s.edit_case(d, &CaseEdit::Assignee(Some(maya)), None, boss(maya))
        .await
        .unwrap();
    s.escalate_case(
        &Escalation {
            case_id: d,
            queue_id: None,
            tier: Some(Tier::T2),
            reason: "Needs the fleet team".into(),
        },
        boss(maya),
    )
    .await
    .unwrap();
    rollup_is_current(&s, "an escalation").await;
    time.set(tuesday + 6 * MINUTE);
    reply(&s, d, maya).await;
    time.set(tuesday + 10 * MINUTE);
    solve(&s, d, maya).await;
    s.rate_chat(&Rating {
        token,
        score: 4,
        comment: String::new(),
    })
    .await
    .unwrap();
    rollup_is_current(&s, "a rating").await;
    // Wednesday: another deflection, outside the range below.
    time.set(NOW + 2 * DAY + 60 * MINUTE);
    s.count_article(article, ArticleFigure::Solved)
        .await
        .unwrap();

    let r = s.report(&range(2, Bucket::Day)).await.unwrap();
    assert_eq!(r.points.len(), 2);
    let monday = &r.points[0];
    assert_eq!((monday.start, monday.volume), (MONDAY, 3));
    assert_eq!(
        monday.first_response_ms,
        Some(1_000_000),
        "(10 + 30 + 10) / 3 min = 16 2/3 min"
    );
    assert_eq!(
        monday.resolution_ms,
        Some(95 * MINUTE),
        "(90 + 100) / 2 min; c is open"
    );
    assert_eq!(monday.csat, None);
    let tue = &r.points[1];
    assert_eq!((tue.start, tue.volume), (MONDAY + DAY, 1));
    assert_eq!(tue.first_response_ms, Some(6 * MINUTE));
    assert_eq!(tue.resolution_ms, Some(10 * MINUTE));
    assert_eq!(tue.csat, Some(4.0));

    assert_eq!(r.volume, 4);
    assert_eq!(
        r.first_response_ms,
        Some(14 * MINUTE),
        "(10 + 30 + 10 + 6) / 4"
    );
    assert_eq!(
        r.resolution_ms,
        Some(4_000_000),
        "(90 + 100 + 10) / 3 min = 66 2/3 min"
    );
    assert_eq!(r.handle_ms, Some(3_080_000), "(80 + 70 + 4) / 3 min");
    assert_eq!(
        r.first_contact,
        Share { part: 2, whole: 3 },
        "a and d took one reply, b two"
    );
    assert_eq!((r.csat, r.csat_count), (Some(4.0), 1));
    assert_eq!(r.by_queue, vec![count("Billing", 2), count("Bookings", 2)]);
    assert_eq!(r.by_channel, vec![count("email", 3), count("chat", 1)]);
    // The 80 % warning on d's first response raised it to P2.
    let within = |p: Priority| {
        let c = r.compliance.iter().find(|c| c.priority == p).unwrap();
        (c.within, c.goal, c.met())
    };
    assert_eq!(
        within(Priority::P3),
        (Share { part: 5, whole: 5 }, 90, Some(true)),
        "first responses of a, b, c and resolutions of a, b ended in time; c is open"
    );
    assert_eq!(
        within(Priority::P2),
        (Share { part: 1, whole: 2 }, 95, Some(false)),
        "d: its first response breached, its resolution was in time"
    );
    assert_eq!(within(Priority::P1), (Share::default(), 95, None));
    assert_eq!(within(Priority::P4), (Share::default(), 90, None));
    assert_eq!(
        r.breaches_by_priority,
        vec![count("P2", 1)],
        "d was P2 when it breached (raised at the 80 % warning)"
    );
    assert_eq!(
        r.breaches_by_agent,
        vec![count("Unassigned", 1)],
        "d breached before Maya took it"
    );
    assert_eq!(r.escalation, Share { part: 1, whole: 4 });
    assert_eq!(
        r.deflection,
        Share { part: 2, whole: 3 },
        "two answers solved it on Monday, one chat handed off; Wednesday's is outside"
    );
    assert_eq!(
        r.triage,
        Share { part: 2, whole: 3 },
        "the rule routed a, b and c; c was corrected; d matched no rule"
    );

    // By the hour on Monday; one queue; one channel.
    let hourly = s.report(&range(1, Bucket::Hour)).await.unwrap();
    assert_eq!(hourly.points.len(), 24);
    let busy: Vec<(usize, i64)> = hourly
        .points
        .iter()
        .enumerate()
        .filter(|(_, p)| p.volume > 0)
        .map(|(i, p)| (i, p.volume))
        .collect();
    assert_eq!(busy, vec![(9, 3)]);
    let billing = s
        .report(&ReportQuery {
            queue: Some(queue("Billing")),
            ..range(2, Bucket::Day)
        })
        .await
        .unwrap();
    assert_eq!(billing.volume, 2);
    assert_eq!(billing.resolution_ms, Some(95 * MINUTE));
    let chat = s
        .report(&ReportQuery {
            channel: Some(Channel::Chat),
            ..range(2, Bucket::Day)
        })
        .await
        .unwrap();
    assert_eq!(
        (chat.volume, chat.escalation),
        (1, Share { part: 1, whole: 1 })
    );
    // A range with nothing in it has nothing to average.
    let empty = s
        .report(&ReportQuery {
            from: MONDAY - 7 * DAY,
            to: MONDAY,
            ..range(1, Bucket::Day)
        })
        .await
        .unwrap();
    assert_eq!(
        (empty.volume, empty.first_response_ms, empty.csat),
        (0, None, None)
    );
    assert_eq!(empty.first_contact.percent(), None);
    db.drop_db().await;
}
