//! Merging on SQLite and PostgreSQL: the timeline moves to the case kept, the
//! merged case is closed with a link, and refused merges change nothing.

use app::domain::{CaseId, CaseStatus, Channel, CustomerId, EntryKind, EventKind};
use app::storage::cases::NewEntry;
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

on_both_backends!(a_merge_moves_the_timeline_and_closes_the_case_with_a_link);

async fn open_case(s: &Storage, customer: i64, subject: &str) -> CaseId {
    let billing = app::domain::QueueId(
        DEMO_QUEUES
            .iter()
            .position(|(n, _)| *n == "Billing")
            .unwrap() as i64
            + 1,
    );
    s.open_case(&Intake {
        customer_id: CustomerId(customer),
        channel: Channel::Email,
        subject,
        message: &format!("About {subject}"),
        client_id: None,
        default_queue: billing,
    })
    .await
    .unwrap()
    .case
    .id
}

async fn reply(s: &Storage, case: CaseId, body: &str, client_id: &str) {
    s.add_entry(&NewEntry {
        case_id: case,
        kind: EntryKind::AgentReply,
        author_id: None,
        author_name: "Sofia Marques",
        body,
        client_id: Some(client_id),
    })
    .await
    .unwrap();
}

async fn a_merge_moves_the_timeline_and_closes_the_case_with_a_link(backend: &str) {
    let db = TestDb::new(backend).await;
    let time = TimeSource::manual(1_795_424_400_000);
    let s = db.open().await.unwrap().with_time(time.clone());
    let size = SeedSize {
        customers: 10,
        cases: 5,
    };
    assert!(s.seed_demo(size, "$argon2id$x", time.now()).await.unwrap());
    let sofia_staff = Staff::load(&s, "sofia@demo.switchboard").await;
    let leo_staff = Staff::load(&s, "leo@demo.switchboard").await;
    let (sofia, leo) = (sofia_staff.editor(), leo_staff.editor());

    let dup = open_case(&s, 1, "Invoice twice").await;
    let kept = open_case(&s, 1, "Invoice question").await;
    let other = open_case(&s, 2, "Someone else's invoice").await;
    reply(&s, dup, "First answer on the duplicate", "same-client-id").await;
    reply(&s, kept, "Answer on the kept case", "same-client-id").await;
    let dup_entries: Vec<_> = s
        .case_entries(dup)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.id)
        .collect();
    let kept_before = s.case_entries(kept).await.unwrap().len();

    // Refused merges change nothing.
    let refused = |r: Result<_, StorageError>| match r {
        Err(StorageError::Field {
            field: "into",
            reason,
        }) => reason,
        other => panic!("expected a refusal at `into`, got {:?}", other.map(|_| ())),
    };
    assert!(refused(s.merge_cases(dup, dup, sofia).await).contains("itself"));
    assert!(refused(s.merge_cases(dup, other, sofia).await).contains("same customer"));
    assert!(matches!(
        s.merge_cases(dup, kept, leo).await,
        Err(StorageError::NotFound)
    ));
    assert_eq!(s.case_entries(dup).await.unwrap().len(), dup_entries.len());
    assert_eq!(s.get_case(dup).await.unwrap().merged_into, None);

    let (merged, events) = s.merge_cases(dup, kept, sofia).await.unwrap();
    assert_eq!(
        (merged.status, merged.merged_into),
        (CaseStatus::Closed, Some(kept))
    );
    assert!(events.iter().any(|e| matches!(&e.kind, EventKind::CaseMerged { case, into } if case.id == dup && *into == kept)));
    // Every entry of the duplicate is now on the kept case, in time order, with
    // a note on each side.
    let kept_after = s.case_entries(kept).await.unwrap();
    for id in &dup_entries {
        assert!(kept_after.iter().any(|e| e.id == *id), "entry {id:?} moved");
    }
    assert_eq!(kept_after.len(), kept_before + dup_entries.len() + 1);
    assert!(kept_after.windows(2).all(|w| w[0].id < w[1].id));
    assert!(kept_after
        .last()
        .unwrap()
        .body
        .contains(&format!("Sofia Marques merged #{dup}")));
    let left = s.case_entries(dup).await.unwrap();
    assert_eq!(left.len(), 1);
    assert!(left[0]
        .body
        .contains(&format!("merged this case into #{kept}")));
    // The colliding client id was dropped from the moved entry only.
    let ids: Vec<_> = kept_after
        .iter()
        .filter_map(|e| e.client_id.clone())
        .collect();
    assert_eq!(ids, vec!["same-client-id".to_string()]);
    let audit = s.recent_audit_of("case_merged", 5).await.unwrap();
    assert_eq!(audit.len(), 1);

    // Once merged, neither side takes it again.
    assert!(refused(s.merge_cases(dup, kept, sofia).await).contains("already merged"));
    assert!(refused(s.merge_cases(kept, dup, sofia).await)
        .contains(&format!("merge into #{kept} instead")));
    db.drop_db().await;
}
