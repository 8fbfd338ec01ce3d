//! Decision trees on SQLite and PostgreSQL: the demo playbook is sound, a tree
//! with problems is refused with all of them, links keep their targets, and
//! the steps an agent takes land on the case's timeline.

use app::domain::tree::{Answer, Node, NodeKind};
use app::domain::{Channel, CustomerId, EntryKind, EventKind, QueueId, UserId};
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
    the_playbook_is_seeded_sound_and_bad_trees_change_nothing,
    steps_are_recorded_on_the_timeline_for_those_who_may_see_the_case,
);

const NOW: i64 = 1_795_424_400_000;

async fn seeded(backend: &str) -> (TestDb, Storage) {
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
    (db, s)
}

fn editor<'a>(id: i64, queues: Option<&'a [QueueId]>) -> Editor<'a> {
    Editor {
        id: UserId(id),
        name: "Priya Raman",
        email: "priya@demo.switchboard",
        queues,
    }
}

async fn the_playbook_is_seeded_sound_and_bad_trees_change_nothing(backend: &str) {
    let (_db, s) = seeded(backend).await;
    let lib = s.tree_library().await.unwrap();
    let mut slugs: Vec<&str> = lib.trees.iter().map(|t| t.tree.slug.as_str()).collect();
    slugs.sort();
    assert_eq!(
        slugs,
        [
            "billing-dispute",
            "breakdown-roadside",
            "change-booking",
            "damage-dispute",
            "login-trouble",
            "refund-request"
        ]
    );
    // Each seeded tree saves as it is (the server's own check).
    for t in &lib.trees {
        s.save_tree(Some(t.id), &t.tree, editor(1, None))
            .await
            .unwrap();
    }
    let refund = lib
        .trees
        .iter()
        .find(|t| t.tree.slug == "refund-request")
        .unwrap();
    // A dangling answer and an unreachable node: refused with both, nothing saved.
    let mut bad = refund.tree.clone();
    if let NodeKind::Question { answers, .. } = &mut bad.nodes[0].kind {
        answers.push(Answer {
            label: "Not sure".into(),
            next: "nowhere".into(),
        });
    }
    bad.nodes.push(Node {
        id: "island".into(),
        kind: NodeKind::Outcome {
            text: "Unreachable".into(),
            template: Some("Refund issued".into()),
            action: None,
        },
    });
    match s.save_tree(Some(refund.id), &bad, editor(1, None)).await {
        Err(StorageError::Field {
            field: "tree",
            reason,
        }) => {
            assert!(
                reason.contains("\"Not sure\" leads to \"nowhere\""),
                "{reason}"
            );
            assert!(
                reason.contains("Node \"island\": No path from the start"),
                "{reason}"
            );
        }
        other => panic!("expected the problems, got {other:?}"),
    }
    let after = s.tree_library().await.unwrap();
    assert_eq!(
        after.trees.iter().find(|t| t.id == refund.id).unwrap().tree,
        refund.tree
    );
    // Two trees may not share a short name; a linked tree keeps its name and stays.
    let mut copy = refund.tree.clone();
    copy.name = "Copy".into();
    assert!(matches!(
        s.save_tree(None, &copy, editor(1, None)).await,
        Err(StorageError::Field { .. })
    ));
    let mut renamed = refund.tree.clone();
    renamed.slug = "refunds".into();
    match s
        .save_tree(Some(refund.id), &renamed, editor(1, None))
        .await
    {
        Err(StorageError::Field { reason, .. }) => {
            assert!(reason.contains("links to \"refund-request\""), "{reason}")
        }
        other => panic!("{other:?}"),
    }
    match s.delete_tree(refund.id).await {
        Err(StorageError::Field { reason, .. }) => {
            assert!(reason.contains("links to this tree"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
    // A new tree, then deleted.
    copy.slug = "refund-copy".into();
    let id = s.save_tree(None, &copy, editor(1, None)).await.unwrap();
    assert_eq!(s.tree_library().await.unwrap().trees.len(), 7);
    s.delete_tree(id).await.unwrap();
    assert_eq!(s.tree_library().await.unwrap().trees.len(), 6);
}

async fn steps_are_recorded_on_the_timeline_for_those_who_may_see_the_case(backend: &str) {
    let (_db, s) = seeded(backend).await;
    let billing = QueueId(
        DEMO_QUEUES
            .iter()
            .position(|(n, _)| *n == "Billing")
            .unwrap() as i64
            + 1,
    );
    let opened = s
        .open_case(&Intake {
            customer_id: CustomerId(1),
            channel: Channel::Chat,
            subject: "Money back",
            message: "I want my money back",
            client_id: None,
            default_queue: billing,
        })
        .await
        .unwrap();
    let case = opened.case;
    let lib = s.tree_library().await.unwrap();
    let refund = lib
        .trees
        .iter()
        .find(|t| t.tree.slug == "refund-request")
        .unwrap();
    let mine = [case.queue_id];
    let (_, events) = s
        .record_tree_step(case.id, refund.id, "twice", "Yes", editor(1, Some(&mine)))
        .await
        .unwrap();
    let line = "Decision tree “Refund request”: Does the customer say they were charged twice? → Yes (Priya Raman)";
    assert!(events
        .iter()
        .any(|e| matches!(&e.kind, EventKind::EntryAdded { entry, .. } if entry.body == line)));
    s.record_tree_step(
        case.id,
        refund.id,
        "refund-second",
        "reached",
        editor(1, Some(&mine)),
    )
    .await
    .unwrap();
    // An answer the question does not have, a node not in the tree, another queue's case.
    for (node, answer) in [("twice", "Maybe"), ("nope", "Yes"), ("check", "Yes")] {
        let r = s
            .record_tree_step(case.id, refund.id, node, answer, editor(1, Some(&mine)))
            .await;
        assert!(
            matches!(r, Err(StorageError::Invalid(_))),
            "{node} {answer}: {r:?}"
        );
    }
    let other = [QueueId(999)];
    let r = s
        .record_tree_step(case.id, refund.id, "twice", "No", editor(1, Some(&other)))
        .await;
    assert!(matches!(r, Err(StorageError::NotFound)), "{r:?}");
    let lines: Vec<String> = s
        .case_entries(case.id)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == EntryKind::SystemEvent && e.body.starts_with("Decision tree"))
        .map(|e| e.body)
        .collect();
    assert_eq!(
        lines,
        vec![
            line.to_string(),
            "Decision tree “Refund request” outcome: Refund the second charge. (Priya Raman)"
                .to_string()
        ]
    );
}
