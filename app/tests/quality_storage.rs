//! The quality checklist and escalation on SQLite and PostgreSQL: a case is
//! solved only with every item of its queue's checklist ticked; ticks are
//! scoped to the case's queue; an escalation moves the case with its reason.

use app::domain::quality::Escalation;
use app::domain::{
    CaseEdit, CaseStatus, Channel, CustomerId, EntryKind, EventKind, QueueId, Tier, UserId,
};
use app::storage::case_edit::Editor;
use app::storage::intake::Intake;
use app::storage::seed::{SeedSize, DEMO_QUEUES};
use app::storage::{Storage, StorageError, TimeSource};
use app::testing::TestDb;

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite { $( #[tokio::test] async fn $name() { super::$name("sqlite").await } )* }
        mod postgres { $( #[tokio::test] async fn $name() { super::$name("postgres").await } )* }
    };
}

on_both_backends!(
    a_case_is_solved_only_with_its_checklist_ticked,
    an_escalation_moves_the_case_and_records_why,
);

const NOW: i64 = 1_795_424_400_000;

fn queue(name: &str) -> QueueId {
    QueueId(DEMO_QUEUES.iter().position(|(n, _)| *n == name).unwrap() as i64 + 1)
}

async fn setup(
    backend: &str,
) -> (
    TestDb,
    Storage,
    app::domain::CaseSummary,
    UserId,
    Vec<QueueId>,
) {
    let db = TestDb::new(backend).await;
    let s = db
        .open()
        .await
        .expect("open")
        .with_time(TimeSource::manual(NOW));
    let size = SeedSize {
        customers: 5,
        cases: 0,
    };
    assert!(s.seed_demo(size, "$argon2id$x", NOW).await.expect("seed"));
    let opened = s
        .open_case(&Intake {
            customer_id: CustomerId(2),
            channel: Channel::Email,
            subject: "Invoice question",
            message: "Where is my invoice?",
            client_id: None,
            default_queue: queue("Billing"),
        })
        .await
        .unwrap();
    assert_eq!(opened.case.queue_id, queue("Billing"));
    let maya = UserId(
        s.find_user_by_email("maya@demo.switchboard")
            .await
            .unwrap()
            .unwrap()
            .id,
    );
    let queues = s.user_queue_ids(maya).await.unwrap();
    (db, s, opened.case, maya, queues)
}

fn maya(id: UserId, queues: &[QueueId]) -> Editor<'_> {
    Editor {
        id,
        name: "Maya Okafor",
        email: "maya@demo.switchboard",
        queues: Some(queues),
    }
}

async fn a_case_is_solved_only_with_its_checklist_ticked(backend: &str) {
    let (_db, s, case, id, queues) = setup(backend).await;
    let list = s.case_checklist(case.id).await.unwrap();
    let texts: Vec<&str> = list.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Checked the booking's payments",
            "Told the customer when the money arrives"
        ]
    );
    let solve = CaseEdit::Status(CaseStatus::Solved);
    match s.edit_case(case.id, &solve, None, maya(id, &queues)).await {
        Err(StorageError::Field { field: "status", reason }) => assert_eq!(
            reason,
            "Tick the quality checklist before solving: Checked the booking's payments; Told the customer when the money arrives."
        ),
        other => panic!("{other:?}"),
    }
    let (after, events) = s
        .set_check(case.id, list[0].item_id, true, maya(id, &queues))
        .await
        .unwrap();
    assert_eq!(after[0].checked_by_name.as_deref(), Some("Maya Okafor"));
    assert!(
        matches!(&events[0].kind, EventKind::ChecklistUpdated { checks, .. } if checks == &after)
    );
    // Ticking twice is harmless; another queue's item is not this case's.
    s.set_check(case.id, list[0].item_id, true, maya(id, &queues))
        .await
        .unwrap();
    // Items are numbered in seed order (Bookings 2, Billing 2, Account Access 1,
    // then Roadside), so Billing's first item + 3 is Roadside's first.
    let roadside_item = list[0].item_id + 3;
    assert!(matches!(
        s.set_check(case.id, roadside_item, true, maya(id, &queues))
            .await,
        Err(StorageError::NotFound)
    ));
    assert!(s
        .edit_case(case.id, &solve, None, maya(id, &queues))
        .await
        .is_err());
    s.set_check(case.id, list[1].item_id, true, maya(id, &queues))
        .await
        .unwrap();
    let (solved, _) = s
        .edit_case(case.id, &solve, None, maya(id, &queues))
        .await
        .unwrap();
    assert_eq!(solved.status, CaseStatus::Solved);
    // Unticking after the fact is recorded; a changed checklist keeps kept items' ticks.
    s.save_checklist(
        queue("Billing"),
        &[
            "Told the customer when the money arrives".into(),
            "Sent the invoice".into(),
        ],
    )
    .await
    .unwrap();
    let now = s.case_checklist(case.id).await.unwrap();
    assert_eq!(now.len(), 2);
    assert_eq!(now[0].text, "Told the customer when the money arrives");
    assert!(now[0].checked_by_name.is_some(), "kept item keeps its tick");
    assert!(now[1].checked_by_name.is_none());
}

async fn an_escalation_moves_the_case_and_records_why(backend: &str) {
    let (_db, s, case, id, queues) = setup(backend).await;
    let esc = |q: Option<QueueId>, t: Option<Tier>, reason: &str| Escalation {
        case_id: case.id,
        queue_id: q,
        tier: t,
        reason: reason.into(),
    };
    // No reason, nothing to change: refused, nothing changes.
    assert!(matches!(
        s.escalate_case(
            &esc(Some(queue("Escalations")), None, " "),
            maya(id, &queues)
        )
        .await,
        Err(StorageError::Field {
            field: "reason",
            ..
        })
    ));
    assert!(matches!(
        s.escalate_case(&esc(None, Some(case.tier), "Because"), maya(id, &queues))
            .await,
        Err(StorageError::Field { field: "queue", .. })
    ));
    assert_eq!(s.get_case(case.id).await.unwrap().queue_id, case.queue_id);
    // Ken does not work Billing.
    let ken = UserId(
        s.find_user_by_email("ken@demo.switchboard")
            .await
            .unwrap()
            .unwrap()
            .id,
    );
    let kq = s.user_queue_ids(ken).await.unwrap();
    let ken_editor = Editor {
        id: ken,
        name: "Ken",
        email: "ken@demo.switchboard",
        queues: Some(&kq),
    };
    assert!(matches!(
        s.escalate_case(
            &esc(Some(queue("Escalations")), None, "Legal threat"),
            ken_editor
        )
        .await,
        Err(StorageError::NotFound)
    ));
    let (moved, events) = s
        .escalate_case(
            &esc(
                Some(queue("Escalations")),
                Some(Tier::T2),
                "Customer mentions a lawyer",
            ),
            maya(id, &queues),
        )
        .await
        .unwrap();
    assert_eq!(
        (moved.queue_name.as_str(), moved.tier),
        ("Escalations", Tier::T2)
    );
    assert!(events.iter().any(|e| matches!(&e.kind,
        EventKind::CaseEscalated { reason, by_name, .. } if reason == "Customer mentions a lawyer" && by_name == "Maya Okafor")));
    assert!(events
        .iter()
        .any(|e| matches!(&e.kind, EventKind::CaseMoved { .. })));
    assert_eq!(s.escalation_count(case.id).await.unwrap(), 1);
    let lines: Vec<String> = s
        .case_entries(case.id)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == EntryKind::SystemEvent)
        .map(|e| e.body)
        .collect();
    assert!(
        lines.iter().any(|l| l
            == "Maya Okafor escalated the case to Escalations, T2: Customer mentions a lawyer"),
        "{lines:?}"
    );
    assert_eq!(
        s.recent_audit_of("case_escalated", 5).await.unwrap().len(),
        1
    );
    // The case now asks for the Escalations checklist.
    let list = s.case_checklist(case.id).await.unwrap();
    assert_eq!(list[0].text, "Summarised the case for customer relations");
}
