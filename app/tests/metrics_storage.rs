//! An agent's personal metrics on SQLite and PostgreSQL, against a day whose
//! answers were worked out by hand.

use app::domain::{CaseEdit, CaseStatus, Channel, CustomerId, EntryKind, QueueId, UserId};
use app::storage::case_edit::Editor;
use app::storage::cases::NewEntry;
use app::storage::intake::Intake;
use app::storage::seed::{SeedSize, DEMO_QUEUES};
use app::storage::TimeSource;
use app::testing::TestDb;

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite { $( #[tokio::test] async fn $name() { super::$name("sqlite").await } )* }
        mod postgres { $( #[tokio::test] async fn $name() { super::$name("postgres").await } )* }
    };
}

on_both_backends!(todays_figures_count_only_the_agents_own_cases_of_today);

/// Monday 23 November 2026, 09:00 UTC (office hours in Berlin).
const NOW: i64 = 1_795_424_400_000;
const MINUTE: i64 = 60_000;

async fn todays_figures_count_only_the_agents_own_cases_of_today(backend: &str) {
    let db = TestDb::new(backend).await;
    let time = TimeSource::manual(NOW);
    let s = db.open().await.expect("open").with_time(time.clone());
    let size = SeedSize {
        customers: 5,
        cases: 0,
    };
    assert!(s.seed_demo(size, "$argon2id$x", NOW).await.expect("seed"));
    let billing = QueueId(
        DEMO_QUEUES
            .iter()
            .position(|(n, _)| *n == "Billing")
            .unwrap() as i64
            + 1,
    );
    let user = |email: &'static str| {
        let s = s.clone();
        async move {
            let id = UserId(s.find_user_by_email(email).await.unwrap().unwrap().id);
            (id, s.user_queue_ids(id).await.unwrap())
        }
    };
    let (maya, maya_q) = user("maya@demo.switchboard").await;
    let (sofia, sofia_q) = user("sofia@demo.switchboard").await;
    let ed = |id: UserId, q: &'static str, queues: &'static [QueueId]| Editor {
        id,
        name: q,
        email: q,
        queues: Some(queues),
    };
    let maya_q: &'static [QueueId] = Box::leak(maya_q.into_boxed_slice());
    let sofia_q: &'static [QueueId] = Box::leak(sofia_q.into_boxed_slice());
    let open = |n: i64| {
        let s = s.clone();
        async move {
            s.open_case(&Intake {
                customer_id: CustomerId(n),
                channel: Channel::Email,
                subject: "Invoice",
                message: "Where is my invoice?",
                client_id: None,
                default_queue: billing,
            })
            .await
            .unwrap()
            .case
        }
    };
    let (a, b, c) = (open(1).await, open(2).await, open(3).await);
    for (case, who, name, q) in [
        (&a, maya, "Maya Okafor", maya_q),
        (&b, maya, "Maya Okafor", maya_q),
        (&c, sofia, "Sofia Marques", sofia_q),
    ] {
        s.edit_case(
            case.id,
            &CaseEdit::Assignee(Some(who)),
            None,
            ed(who, name, q),
        )
        .await
        .unwrap();
    }
    let reply = |case: app::domain::CaseId, who: UserId, name: &'static str| {
        let s = s.clone();
        async move {
            s.add_entry(&NewEntry {
                case_id: case,
                kind: EntryKind::AgentReply,
                author_id: Some(who),
                author_name: name,
                body: "Here it is.",
                client_id: None,
            })
            .await
            .unwrap();
        }
    };
    let solve =
        |case: app::domain::CaseId, who: UserId, name: &'static str, q: &'static [QueueId]| {
            let s = s.clone();
            async move {
                for item in s.case_checklist(case).await.unwrap() {
                    s.set_check(case, item.item_id, true, ed(who, name, q))
                        .await
                        .unwrap();
                }
                s.edit_case(
                    case,
                    &CaseEdit::Status(CaseStatus::Solved),
                    None,
                    ed(who, name, q),
                )
                .await
                .unwrap();
            }
        };
    time.advance(10 * MINUTE);
    reply(a.id, maya, "Maya Okafor").await; // first response after 10 min
    reply(c.id, sofia, "Sofia Marques").await;
    time.advance(20 * MINUTE);
    reply(b.id, maya, "Maya Okafor").await; // after 30 min
    time.advance(60 * MINUTE);
    solve(a.id, maya, "Maya Okafor", maya_q).await; // at 90 min: 80 min after its first response
    solve(c.id, sofia, "Sofia Marques", sofia_q).await;

    let m = s.personal_metrics(maya).await.unwrap();
    assert_eq!(m.since, 1_795_392_000_000);
    assert_eq!(m.handled, 1);
    assert_eq!(m.first_responses, 2);
    assert_eq!(
        m.first_response_ms,
        Some(20 * MINUTE),
        "(10 + 30) / 2 minutes"
    );
    assert_eq!(m.handle_ms, Some(80 * MINUTE));
    assert_eq!(m.sla_met, 1);
    assert_eq!(m.sla_compliance(), Some(100.0));
    assert_eq!((m.csat_average, m.csat_count), (None, 0));
    let sofia_m = s.personal_metrics(sofia).await.unwrap();
    assert_eq!((sofia_m.handled, sofia_m.first_responses), (1, 1));
    assert_eq!(sofia_m.first_response_ms, Some(10 * MINUTE));
    // Tomorrow starts from nothing.
    time.set(NOW + 86_400_000);
    let tomorrow = s.personal_metrics(maya).await.unwrap();
    assert_eq!(
        (
            tomorrow.handled,
            tomorrow.first_responses,
            tomorrow.handle_ms
        ),
        (0, 0, None)
    );
}
