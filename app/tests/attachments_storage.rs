//! Files on messages in storage, on SQLite and PostgreSQL: linked to the
//! entry in its own transaction or not at all, once, by their uploader, on
//! their case; a retry returns them; a merge takes them along.

use app::domain::{CaseId, Channel, CustomerId, EntryKind, EventKind};
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

on_both_backends!(files_are_linked_with_their_entry_once_or_not_at_all);

async fn open_case(s: &Storage, customer: i64) -> CaseId {
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
        subject: "Invoice",
        message: "See my invoice",
        client_id: None,
        default_queue: billing,
    })
    .await
    .unwrap()
    .case
    .id
}

fn reply<'a>(case: CaseId, sofia: &'a Staff, body: &'a str, client_id: &'a str) -> NewEntry<'a> {
    NewEntry {
        case_id: case,
        kind: EntryKind::AgentReply,
        author_id: Some(sofia.id),
        author_name: &sofia.name,
        body,
        client_id: Some(client_id),
    }
}

async fn files_are_linked_with_their_entry_once_or_not_at_all(backend: &str) {
    let db = TestDb::new(backend).await;
    let time = TimeSource::manual(1_795_424_400_000);
    let s = db.open().await.unwrap().with_time(time.clone());
    assert!(s
        .seed_demo(
            SeedSize {
                customers: 5,
                cases: 3
            },
            "$argon2id$x",
            time.now()
        )
        .await
        .unwrap());
    let sofia = Staff::load(&s, "sofia@demo.switchboard").await;
    let jonas = Staff::load(&s, "jonas@demo.switchboard").await; // Billing too
    let (a, b, other) = (
        open_case(&s, 1).await,
        open_case(&s, 1).await,
        open_case(&s, 2).await,
    );

    let png = b"\x89PNG\r\n\x1a\nbytes".to_vec();
    let file = s
        .save_attachment(a, sofia.id, "photo.png", "image/png", &png)
        .await
        .unwrap();
    let stored = s.attachment(&file.token).await.unwrap().unwrap();
    assert!(!stored.linked);
    assert_eq!((stored.case_id, stored.data.clone()), (a, png.clone()));

    let refused = |r: Result<_, StorageError>| match r {
        Err(StorageError::Field {
            field: "attachments",
            ..
        }) => {}
        other => panic!("expected a refusal, got {:?}", other.map(|_| ())),
    };
    let before = s.case_entries(a).await.unwrap().len();
    // Another person's upload, or one made for another case: refused, nothing written.
    refused(
        s.add_entry_with_files(
            &reply(a, &jonas, "not mine", "jonas-try-1"),
            std::slice::from_ref(&file.token),
            None,
        )
        .await,
    );
    refused(
        s.add_entry_with_files(
            &reply(other, &sofia, "wrong case", "sofia-try-1"),
            std::slice::from_ref(&file.token),
            None,
        )
        .await,
    );
    refused(
        s.add_entry_with_files(
            &reply(a, &sofia, "ghost", "sofia-try-2"),
            &["0".repeat(32)],
            None,
        )
        .await,
    );
    assert_eq!(s.case_entries(a).await.unwrap().len(), before);
    assert!(!s.attachment(&file.token).await.unwrap().unwrap().linked);

    let added = s
        .add_entry_with_files(
            &reply(a, &sofia, "Photo attached", "sofia-photo"),
            std::slice::from_ref(&file.token),
            None,
        )
        .await
        .unwrap();
    assert_eq!(added.entry.attachments, vec![file.clone()]);
    assert!(added.events.iter().any(|e| matches!(&e.kind, EventKind::EntryAdded { entry, .. } if entry.attachments == vec![file.clone()])));
    let entries = s.case_entries(a).await.unwrap();
    assert_eq!(entries.last().unwrap().attachments, vec![file.clone()]);
    // A retry returns the entry with its file and writes nothing.
    let again = s
        .add_entry_with_files(
            &reply(a, &sofia, "Photo attached", "sofia-photo"),
            std::slice::from_ref(&file.token),
            None,
        )
        .await
        .unwrap();
    assert!(again.events.is_empty());
    assert_eq!(again.entry.attachments, vec![file.clone()]);
    // Sent once: it cannot go with another message.
    refused(
        s.add_entry_with_files(
            &reply(a, &sofia, "again", "sofia-again"),
            std::slice::from_ref(&file.token),
            None,
        )
        .await,
    );

    // Merged into b, the file follows its message.
    s.merge_cases(a, b, sofia.editor()).await.unwrap();
    let moved = s.attachment(&file.token).await.unwrap().unwrap();
    assert_eq!((moved.case_id, moved.linked), (b, true));
    assert!(s
        .case_entries(b)
        .await
        .unwrap()
        .iter()
        .any(|e| e.attachments == vec![file.clone()]));
    db.drop_db().await;
}
