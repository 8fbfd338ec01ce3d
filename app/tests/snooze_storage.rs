//! Snoozing on SQLite and PostgreSQL: a snoozed case waits as pending with its
//! clocks paused, the pending automation leaves it alone, it comes back open
//! exactly once when its time comes, and bad input changes nothing.

use app::domain::{CaseEdit, CaseId, CaseStatus, Channel, CustomerId, EventKind};
use app::engine::sla::ClockKind;
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
    a_snoozed_case_waits_and_comes_back_open_once,
    bad_snoozes_change_nothing_and_a_status_change_ends_a_snooze,
);

const HOUR: i64 = 3_600_000;

async fn seeded(backend: &str) -> (TestDb, Storage, TimeSource) {
    let db = TestDb::new(backend).await;
    // Monday 23 November 2026, 09:00 UTC: office hours in Berlin.
    let time = TimeSource::manual(1_795_424_400_000);
    let s = db.open().await.expect("open").with_time(time.clone());
    let size = SeedSize {
        customers: 10,
        cases: 10,
    };
    assert!(s
        .seed_demo(size, "$argon2id$x", time.now())
        .await
        .expect("seed"));
    (db, s, time)
}

fn billing() -> app::domain::QueueId {
    app::domain::QueueId(
        DEMO_QUEUES
            .iter()
            .position(|(n, _)| *n == "Billing")
            .unwrap() as i64
            + 1,
    )
}

async fn open_case(s: &Storage, subject: &str) -> CaseId {
    s.open_case(&Intake {
        customer_id: CustomerId(1),
        channel: Channel::Email,
        subject,
        message: "Please look at my invoice.",
        client_id: None,
        default_queue: billing(),
    })
    .await
    .unwrap()
    .case
    .id
}

async fn a_snoozed_case_waits_and_comes_back_open_once(backend: &str) {
    let (db, s, time) = seeded(backend).await;
    let sofia = Staff::load(&s, "sofia@demo.switchboard").await;
    let soon = open_case(&s, "Invoice question").await;
    let later = open_case(&s, "Invoice copy").await;
    let t0 = time.now();

    let (case, events) = s
        .snooze_case(soon, t0 + 2 * HOUR, sofia.editor())
        .await
        .unwrap();
    assert_eq!(
        (case.status, case.snoozed_until),
        (CaseStatus::Pending, Some(t0 + 2 * HOUR))
    );
    assert!(events
        .iter()
        .any(|e| matches!(&e.kind, EventKind::CaseUpdated { case } if case.id == soon)));
    let entries = s.case_entries(soon).await.unwrap();
    assert!(entries
        .last()
        .unwrap()
        .body
        .starts_with("Sofia Marques snoozed the case until 2026-11-23 11:00 UTC"));
    // The clocks pause while it waits.
    let clocks = s.case_clocks(soon).await.unwrap();
    let resolution = clocks
        .iter()
        .find(|(c, _)| c.kind == ClockKind::Resolution)
        .unwrap();
    assert_eq!(resolution.0.since, None, "the resolution clock is paused");
    s.snooze_case(later, t0 + 80 * HOUR, sofia.editor())
        .await
        .unwrap();

    // Before its time: nothing happens.
    time.set(t0 + HOUR);
    let r = s.automation_pass(time.now(), 100).await.unwrap();
    assert!(r.woken.is_empty());
    // Its time comes: open again, with a reminder, once even if two passes run.
    time.set(t0 + 2 * HOUR);
    let r = s.automation_pass(time.now(), 100).await.unwrap();
    assert_eq!(r.woken, vec![soon]);
    let case = s.get_case(soon).await.unwrap();
    assert_eq!((case.status, case.snoozed_until), (CaseStatus::Open, None));
    assert!(s
        .case_entries(soon)
        .await
        .unwrap()
        .last()
        .unwrap()
        .body
        .contains("the snooze ended and the case is open again"));
    let clocks = s.case_clocks(soon).await.unwrap();
    assert!(
        clocks
            .iter()
            .find(|(c, _)| c.kind == ClockKind::Resolution)
            .unwrap()
            .0
            .since
            .is_some(),
        "running again"
    );
    assert!(s
        .automation_pass(time.now(), 100)
        .await
        .unwrap()
        .woken
        .is_empty());

    // Pending for three days, but snoozed: neither reminded nor solved.
    time.set(t0 + 73 * HOUR);
    let r = s.automation_pass(time.now(), 100).await.unwrap();
    assert!(
        !r.reminded.contains(&later) && !r.solved.contains(&later),
        "{r:?}"
    );
    assert_eq!(s.get_case(later).await.unwrap().status, CaseStatus::Pending);
    time.set(t0 + 80 * HOUR);
    assert_eq!(
        s.automation_pass(time.now(), 100).await.unwrap().woken,
        vec![later]
    );
    db.drop_db().await;
}

async fn bad_snoozes_change_nothing_and_a_status_change_ends_a_snooze(backend: &str) {
    let (db, s, time) = seeded(backend).await;
    let sofia = Staff::load(&s, "sofia@demo.switchboard").await;
    let leo = Staff::load(&s, "leo@demo.switchboard").await; // Bookings only
    let case = open_case(&s, "Invoice address").await;
    let now = time.now();
    let entries_before = s.case_entries(case).await.unwrap().len();
    let field = |r: Result<_, StorageError>| match r {
        Err(StorageError::Field { field, reason }) => (field, reason),
        other => panic!("expected a field error, got {:?}", other.map(|_| ())),
    };
    let (f, reason) = field(s.snooze_case(case, now, sofia.editor()).await);
    assert_eq!(
        (f, reason.as_str()),
        ("until", "Choose a time in the future.")
    );
    let (_, reason) = field(
        s.snooze_case(case, now + 91 * 24 * HOUR, sofia.editor())
            .await,
    );
    assert!(reason.contains("90 days"));
    assert!(matches!(
        s.snooze_case(case, now + HOUR, leo.editor()).await,
        Err(StorageError::NotFound)
    ));
    let untouched = s.get_case(case).await.unwrap();
    assert_eq!(
        (untouched.status, untouched.snoozed_until),
        (CaseStatus::New, None)
    );
    assert_eq!(s.case_entries(case).await.unwrap().len(), entries_before);

    // A colleague reopens the snoozed case by hand: the snooze is over.
    s.snooze_case(case, now + HOUR, sofia.editor())
        .await
        .unwrap();
    s.edit_case(
        case,
        &CaseEdit::Status(CaseStatus::Open),
        None,
        sofia.editor(),
    )
    .await
    .unwrap();
    assert_eq!(s.get_case(case).await.unwrap().snoozed_until, None);
    time.set(now + 2 * HOUR);
    assert!(s
        .automation_pass(time.now(), 100)
        .await
        .unwrap()
        .woken
        .is_empty());

    // A solved case cannot be snoozed.
    s.set_case_status(case, CaseStatus::Solved).await.unwrap();
    let (_, reason) = field(s.snooze_case(case, time.now() + HOUR, sofia.editor()).await);
    assert!(reason.contains("reopen it"), "{reason}");
    db.drop_db().await;
}
