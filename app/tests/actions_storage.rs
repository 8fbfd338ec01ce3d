//! Quick actions and approvals on SQLite and PostgreSQL: executed at once within
//! the agent's authority, otherwise held for a supervisor; executed exactly once
//! whatever is retried or raced; refused input changes nothing.

use app::domain::customer::Booking;
use app::domain::{
    ActionParams, ActionRequest, ActionStatus, CaseId, CaseSummary, Channel, CustomerId, EntryKind,
    EventKind, QueueId, UserId,
};
use app::storage::case_edit::Editor;
use app::storage::intake::Intake;
use app::storage::seed::{SeedSize, DEMO_QUEUES};
use app::storage::{Storage, StorageError, TimeSource};
use app::testing::TestDb;

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite { $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)] async fn $name() { super::$name("sqlite").await } )* }
        mod postgres { $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)] async fn $name() { super::$name("postgres").await } )* }
    };
}

on_both_backends!(
    within_authority_an_action_executes_once_however_often_it_is_sent,
    above_authority_a_supervisor_decides_and_the_action_executes_once,
    refused_actions_and_decisions_change_nothing,
);

/// Monday 23 November 2026, 10:00 in Berlin.
const NOW: i64 = 1_795_424_400_000;

struct Person {
    id: UserId,
    name: String,
    email: String,
    queues: Vec<QueueId>,
    all: bool,
}

impl Person {
    fn editor(&self) -> Editor<'_> {
        Editor {
            id: self.id,
            name: &self.name,
            email: &self.email,
            queues: (!self.all).then_some(self.queues.as_slice()),
        }
    }
}

async fn person(s: &Storage, email: &str) -> Person {
    let row = s.find_user_by_email(email).await.unwrap().unwrap();
    let id = UserId(row.id);
    Person {
        id,
        name: row.name.clone(),
        email: email.into(),
        queues: s.user_queue_ids(id).await.unwrap(),
        all: row.role().sees_all_queues(),
    }
}

fn queue(name: &str) -> QueueId {
    QueueId(DEMO_QUEUES.iter().position(|(n, _)| *n == name).unwrap() as i64 + 1)
}

struct Setup {
    _db: TestDb,
    s: Storage,
    case: CaseSummary,
    booking: Booking,
    maya: Person,
    priya: Person,
    admin: Person,
}

/// A demo workspace and a Billing case of a customer with a paid, confirmed booking.
async fn setup(backend: &str) -> Setup {
    let db = TestDb::new(backend).await;
    let time = TimeSource::manual(NOW);
    let s = db.open().await.expect("open").with_time(time.clone());
    let size = SeedSize {
        customers: 40,
        cases: 0,
    };
    assert!(s.seed_demo(size, "$argon2id$x", NOW).await.expect("seed"));
    let priya = person(&s, "priya@demo.switchboard").await;
    let viewer = app::domain::Viewer {
        id: priya.id,
        queues: priya.queues.clone(),
        all_queues: true,
    };
    let mut found = None;
    for id in 1..=40 {
        let view = s.customer_view(CustomerId(id), &viewer).await.unwrap();
        if let Some(b) = view
            .bookings
            .into_iter()
            .find(|b| b.status == "confirmed" && b.amount_cents >= 20_000 && b.payments.len() == 1)
        {
            found = Some((CustomerId(id), b));
            break;
        }
    }
    let (customer, booking) = found.expect("a demo customer with a confirmed, paid booking");
    let opened = s
        .open_case(&Intake {
            customer_id: customer,
            channel: Channel::Email,
            subject: "Refund please",
            message: "Please refund part of my booking.",
            client_id: None,
            default_queue: queue("Billing"),
        })
        .await
        .expect("open case");
    let maya = person(&s, "maya@demo.switchboard").await;
    assert!(
        maya.queues.contains(&opened.case.queue_id),
        "Maya works the case's queue"
    );
    Setup {
        _db: db,
        case: opened.case,
        booking,
        maya,
        priya,
        admin: person(&s, "admin@demo.switchboard").await,
        s,
    }
}

fn refund(booking: i64, cents: i64, client_id: &str) -> ActionRequest {
    ActionRequest {
        booking_id: booking,
        params: ActionParams::Refund {
            amount_cents: cents,
            reason: "Charged for a child seat that was not fitted".into(),
        },
        client_id: client_id.into(),
    }
}

async fn booking_now(t: &Setup) -> Booking {
    let view =
        t.s.customer_view(
            t.case.customer_id,
            &app::domain::Viewer {
                id: t.priya.id,
                queues: t.priya.queues.clone(),
                all_queues: true,
            },
        )
        .await
        .unwrap();
    view.bookings
        .into_iter()
        .find(|b| b.id == t.booking.id)
        .unwrap()
}

async fn system_lines(s: &Storage, case: CaseId) -> Vec<String> {
    s.case_entries(case)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == EntryKind::SystemEvent)
        .map(|e| e.body)
        .collect()
}

async fn within_authority_an_action_executes_once_however_often_it_is_sent(backend: &str) {
    let t = setup(backend).await;
    // Maya's authority is €100.00: a €40 refund executes at once.
    let req = refund(t.booking.id, 4_000, "refund-click-0001");
    let (first, events) =
        t.s.request_action(t.case.id, &req, t.maya.editor())
            .await
            .unwrap();
    assert_eq!(first.status, ActionStatus::Executed);
    assert_eq!(first.amount_cents, 4_000);
    assert!(events.iter().any(|e| matches!(&e.kind,
        EventKind::ActionUpdated { action, .. } if action.id == first.id && action.status == ActionStatus::Executed)));
    // The double click and the network retry return the same action.
    let (again, none) =
        t.s.request_action(t.case.id, &req, t.maya.editor())
            .await
            .unwrap();
    assert_eq!(again, first);
    assert!(none.is_empty());
    let (a, b) = tokio::join!(
        t.s.request_action(t.case.id, &req, t.maya.editor()),
        t.s.request_action(t.case.id, &req, t.maya.editor()),
    );
    assert_eq!(a.unwrap().0.id, first.id);
    assert_eq!(b.unwrap().0.id, first.id);
    // Two different clicks racing for the same money: each is checked against
    // what is left, under the booking's lock.
    let paid = t.booking.amount_cents;
    let big = |id: &str| refund(t.booking.id, paid - 4_000, id);
    let priya_editor = t.priya.editor();
    let (first_click, second_click) = (big("race-aaaa-0001"), big("race-bbbb-0002"));
    let (x, y) = tokio::join!(
        t.s.request_action(t.case.id, &first_click, priya_editor),
        t.s.request_action(t.case.id, &second_click, priya_editor),
    );
    let ok = [&x, &y].iter().filter(|r| r.is_ok()).count();
    assert_eq!(ok, 1, "one of two full refunds fits: {x:?} {y:?}");
    let refused = if x.is_err() { x } else { y };
    assert!(
        matches!(
            &refused,
            Err(StorageError::Field {
                field: "amount",
                ..
            })
        ),
        "{refused:?}"
    );
    let now = booking_now(&t).await;
    let refunds: Vec<i64> = now
        .payments
        .iter()
        .filter(|p| p.kind == "refund")
        .map(|p| p.amount_cents)
        .collect();
    assert_eq!(
        refunds,
        vec![4_000, paid - 4_000],
        "each refund recorded once"
    );
    // Timeline and audit log.
    let lines = system_lines(&t.s, t.case.id).await;
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.starts_with("Maya Okafor did: refund €40.00"))
            .count(),
        1,
        "{lines:?}"
    );
    let audit = t.s.recent_audit_of("action_executed", 10).await.unwrap();
    assert_eq!(audit.len(), 2);
    assert_eq!(t.s.case_actions(t.case.id).await.unwrap().len(), 2);
}

async fn above_authority_a_supervisor_decides_and_the_action_executes_once(backend: &str) {
    let t = setup(backend).await;
    // €150 is above Maya's €100 authority.
    let (asked, events) =
        t.s.request_action(
            t.case.id,
            &refund(t.booking.id, 15_000, "refund-big-0001"),
            t.maya.editor(),
        )
        .await
        .unwrap();
    assert_eq!(asked.status, ActionStatus::PendingApproval);
    assert!(events.iter().any(
        |e| e.kind.topics().contains(&app::domain::Topic::Supervisor)
            && matches!(e.kind, EventKind::ActionUpdated { .. })
    ));
    assert_eq!(
        booking_now(&t).await.payments.len(),
        1,
        "nothing is refunded before approval"
    );
    assert_eq!(
        t.s.pending_approvals()
            .await
            .unwrap()
            .iter()
            .map(|a| a.id)
            .collect::<Vec<_>>(),
        vec![asked.id]
    );
    let lines = system_lines(&t.s, t.case.id).await;
    assert!(
        lines
            .iter()
            .any(|l| l.contains("asked a supervisor to approve")
                && l.contains("above their authority of €100.00")),
        "{lines:?}"
    );
    // Nobody decides their own request.
    let own = t.s.decide_action(asked.id, true, "", t.maya.editor()).await;
    assert!(matches!(own, Err(StorageError::Invalid(_))), "{own:?}");
    // Two supervisors approve at once: the refund happens once.
    let (p, a) = tokio::join!(
        t.s.decide_action(asked.id, true, "", t.priya.editor()),
        t.s.decide_action(asked.id, true, "", t.admin.editor()),
    );
    let winners = [&p, &a].iter().filter(|r| r.is_ok()).count();
    assert_eq!(winners, 1, "{p:?} {a:?}");
    let loser = if p.is_ok() { &a } else { &p };
    assert!(matches!(loser, Err(StorageError::Stale(_))), "{loser:?}");
    let (decided, who) = match (p, a) {
        (Ok((d, _)), _) => (d, &t.priya),
        (_, Ok((d, _))) => (d, &t.admin),
        _ => unreachable!("one of them won"),
    };
    assert_eq!(decided.status, ActionStatus::Executed);
    assert_eq!(decided.decided_by_name.as_deref(), Some(who.name.as_str()));
    assert_eq!(
        decided.state_words(),
        format!("approved by {} and executed", who.name)
    );
    // The winner's retry returns the decision without doing it again.
    let (again, none) =
        t.s.decide_action(asked.id, true, "", who.editor())
            .await
            .unwrap();
    assert_eq!(again.id, decided.id);
    assert!(none.is_empty());
    let refunds = booking_now(&t)
        .await
        .payments
        .iter()
        .filter(|p| p.kind == "refund")
        .count();
    assert_eq!(refunds, 1);
    assert!(t.s.pending_approvals().await.unwrap().is_empty());
    assert_eq!(
        t.s.recent_audit_of("action_approved", 10)
            .await
            .unwrap()
            .len(),
        1
    );
    // A denial needs a reason and leaves the booking alone.
    let (second, _) =
        t.s.request_action(
            t.case.id,
            &refund(t.booking.id, 12_000, "refund-big-0002"),
            t.maya.editor(),
        )
        .await
        .unwrap();
    let no_reason =
        t.s.decide_action(second.id, false, "  ", t.priya.editor())
            .await;
    assert!(
        matches!(
            no_reason,
            Err(StorageError::Field {
                field: "reason",
                ..
            })
        ),
        "{no_reason:?}"
    );
    assert_eq!(
        t.s.action(second.id).await.unwrap().status,
        ActionStatus::PendingApproval
    );
    let (denied, _) =
        t.s.decide_action(
            second.id,
            false,
            "Policy allows 50 % at most",
            t.priya.editor(),
        )
        .await
        .unwrap();
    assert_eq!(
        denied.state_words(),
        "denied by Priya Raman: Policy allows 50 % at most"
    );
    let late =
        t.s.decide_action(second.id, true, "", t.admin.editor())
            .await;
    assert!(matches!(late, Err(StorageError::Stale(_))), "{late:?}");
    assert_eq!(
        booking_now(&t)
            .await
            .payments
            .iter()
            .filter(|p| p.kind == "refund")
            .count(),
        1
    );
    let lines = system_lines(&t.s, t.case.id).await;
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Priya Raman denied Maya Okafor's request")),
        "{lines:?}"
    );
}

async fn refused_actions_and_decisions_change_nothing(backend: &str) {
    let t = setup(backend).await;
    let before_lines = system_lines(&t.s, t.case.id).await.len();
    let before = booking_now(&t).await;
    let field = |r: Result<_, StorageError>| match r {
        Err(StorageError::Field { field, .. }) => field,
        other => panic!("expected a field error, got {other:?}"),
    };
    // Out of range, unknown code, wrong booking state.
    let over =
        t.s.request_action(
            t.case.id,
            &refund(t.booking.id, before.amount_cents + 1, "bad-amount-01"),
            t.maya.editor(),
        )
        .await;
    assert_eq!(field(over), "amount");
    let code = ActionRequest {
        booking_id: t.booking.id,
        params: ActionParams::ApplyDiscount {
            code: "FREE100".into(),
        },
        client_id: "bad-code-0001".into(),
    };
    assert_eq!(
        field(t.s.request_action(t.case.id, &code, t.maya.editor()).await),
        "code"
    );
    let roadside = ActionRequest {
        booking_id: t.booking.id,
        params: ActionParams::DispatchRoadside {
            location: "A9 near Leipzig".into(),
            problem: "Flat tyre".into(),
        },
        client_id: "bad-state-001".into(),
    };
    assert_eq!(
        field(
            t.s.request_action(t.case.id, &roadside, t.maya.editor())
                .await
        ),
        "booking",
        "roadside needs a car on the road"
    );
    // Another customer's booking.
    let other = ActionRequest {
        booking_id: t.booking.id + 1_000_000,
        params: ActionParams::ResendConfirmation,
        client_id: "bad-booking-1".into(),
    };
    assert_eq!(
        field(t.s.request_action(t.case.id, &other, t.maya.editor()).await),
        "booking"
    );
    // An agent outside the case's queue does not learn the case exists.
    let ken = person(&t.s, "ken@demo.switchboard").await;
    let outside =
        t.s.request_action(
            t.case.id,
            &refund(t.booking.id, 100, "outsider-0001"),
            ken.editor(),
        )
        .await;
    assert!(
        matches!(outside, Err(StorageError::NotFound)),
        "{outside:?}"
    );
    assert_eq!(booking_now(&t).await, before);
    assert_eq!(system_lines(&t.s, t.case.id).await.len(), before_lines);
    assert!(t.s.case_actions(t.case.id).await.unwrap().is_empty());
    // Approved after the booking changed: the decision stands, the action fails
    // with the reason, and nothing is half done.
    let (asked, _) =
        t.s.request_action(
            t.case.id,
            &refund(t.booking.id, 15_000, "refund-late-01"),
            t.maya.editor(),
        )
        .await
        .unwrap();
    assert_eq!(asked.status, ActionStatus::PendingApproval);
    let rest = before.amount_cents - 10_000;
    let (direct, _) =
        t.s.request_action(
            t.case.id,
            &refund(t.booking.id, rest, "refund-rest-01"),
            t.priya.editor(),
        )
        .await
        .unwrap();
    assert_eq!(
        direct.status,
        ActionStatus::Executed,
        "within Priya's authority"
    );
    let (failed, _) =
        t.s.decide_action(asked.id, true, "", t.admin.editor())
            .await
            .unwrap();
    assert_eq!(failed.status, ActionStatus::Failed);
    assert_eq!(
        failed.state_words(),
        format!(
            "approved by Alex Admin but could not execute: At most €100.00 of booking {} can still be refunded.",
            t.booking.confirmation
        )
    );
    let refunds: Vec<i64> = booking_now(&t)
        .await
        .payments
        .iter()
        .filter(|p| p.kind == "refund")
        .map(|p| p.amount_cents)
        .collect();
    assert_eq!(refunds, vec![rest]);
}
