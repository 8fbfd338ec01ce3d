//! The storage suite: the same scenarios on SQLite and on PostgreSQL.

use app::domain::{
    CaseStatus, Channel, CustomerId, EntryKind, EventKind, Priority, QueueId, UserId,
};
use app::storage::cases::{CaseScope, NewCase, NewEntry};
use app::storage::seed::{SeedSize, DEMO_QUEUES, DEMO_USERS};
use app::storage::{now_ms, Storage};
use app::testing::TestDb;

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite { $( #[tokio::test] async fn $name() { super::$name("sqlite").await } )* }
        mod postgres { $( #[tokio::test] async fn $name() { super::$name("postgres").await } )* }
    };
}

on_both_backends!(
    the_demo_seed_makes_the_whole_company_once,
    a_retry_with_the_same_client_id_writes_nothing_twice,
    concurrent_writers_get_a_gapless_sequence_in_commit_order,
    a_failed_write_among_concurrent_ones_changes_nothing_and_the_rest_commit,
    an_entry_on_a_case_outside_the_writers_queues_writes_nothing,
    what_adding_an_entry_answers_is_what_was_stored,
    entries_written_together_on_many_cases_answer_what_was_stored,
    customer_messages_carry_sentiment_and_an_angry_case_alerts_once,
    agents_list_only_their_queues_and_supervisors_all,
    sessions_expire_and_end_together_on_password_change,
    events_page_in_order_and_report_the_oldest,
    audit_entries_are_appended_and_read_newest_first,
    unknown_cases_are_not_found_and_nothing_is_written,
);

const SMALL: SeedSize = SeedSize {
    customers: 30,
    cases: 40,
};

/// The id of the seeded user with this email.
async fn user_id(s: &Storage, email: &str) -> UserId {
    UserId(s.find_user_by_email(email).await.unwrap().expect(email).id)
}

async fn seeded(backend: &str, size: SeedSize) -> (TestDb, Storage) {
    let db = TestDb::new(backend).await;
    let s = db.open().await.expect("open");
    assert!(s
        .seed_demo(size, "$argon2id$not-a-real-hash", now_ms())
        .await
        .expect("seed"));
    (db, s)
}

async fn count(s: &Storage, table: &str) -> i64 {
    // Test-only helper over a fixed table list.
    assert!([
        "users",
        "queues",
        "customers",
        "cases",
        "bookings",
        "payments",
        "timeline_entries",
        "events"
    ]
    .contains(&table));
    s.count_rows(table).await.expect("count")
}

async fn the_demo_seed_makes_the_whole_company_once(backend: &str) {
    let (db, s) = seeded(backend, SeedSize::default()).await;
    assert_eq!(count(&s, "queues").await, DEMO_QUEUES.len() as i64);
    assert_eq!(count(&s, "users").await, DEMO_USERS.len() as i64);
    assert_eq!(count(&s, "customers").await, 200);
    assert_eq!(count(&s, "cases").await, 300);
    assert!(count(&s, "bookings").await >= 200);
    assert!(count(&s, "payments").await >= count(&s, "bookings").await);
    assert!(
        count(&s, "timeline_entries").await > 600,
        "multi-message conversations"
    );
    assert!(
        !s.seed_demo(SeedSize::default(), "x", now_ms())
            .await
            .unwrap(),
        "a second seed does nothing"
    );
    assert_eq!(count(&s, "cases").await, 300);
    // Every status appears, and conversations read like a car-rental desk.
    let sup = s
        .find_user_by_email("priya@demo.switchboard")
        .await
        .unwrap()
        .unwrap();
    let open = s
        .list_open_cases(
            CaseScope {
                user: UserId(sup.id),
                all_queues: true,
            },
            1000,
        )
        .await
        .unwrap();
    for st in [
        CaseStatus::New,
        CaseStatus::Open,
        CaseStatus::Pending,
        CaseStatus::OnHold,
    ] {
        assert!(open.iter().any(|c| c.status == st), "no {st} case");
    }
    let entries = s.case_entries(open[0].id).await.unwrap();
    assert!(!entries.is_empty());
    assert!(entries.iter().all(|e| !e.body.contains("lorem")));
    // New ids continue after the seeded explicit ids (PostgreSQL identity sequences moved).
    let (case, _) = s
        .create_case(&NewCase {
            subject: "After seed",
            customer_id: CustomerId(1),
            channel: Channel::Email,
            priority: Priority::P3,
            queue_id: open[0].queue_id,
            assignee_id: None,
        })
        .await
        .unwrap();
    assert_eq!(case.id.0, 301);
    if backend == "sqlite" {
        assert_eq!(
            s.sqlite_pragma("journal_mode").await.unwrap().as_deref(),
            Some("wal")
        );
        assert_eq!(
            s.sqlite_pragma("foreign_keys").await.unwrap().as_deref(),
            Some("1")
        );
        assert_eq!(
            s.sqlite_pragma("synchronous").await.unwrap().as_deref(),
            Some("2"),
            "FULL"
        );
    }
    assert_eq!(s.integrity_check().await.unwrap(), "ok");
    s.close().await;
    db.drop_db().await;
}

fn reply<'a>(case: app::domain::CaseId, body: &'a str, client_id: Option<&'a str>) -> NewEntry<'a> {
    NewEntry {
        case_id: case,
        kind: EntryKind::AgentReply,
        author_id: None,
        author_name: "Test",
        body,
        client_id,
    }
}

/// The stored case has the status, preview, mood and time its announcement said.
fn assert_as_announced(
    announced: &app::domain::CaseSummary,
    now: &app::domain::CaseSummary,
    what: &str,
) {
    assert_eq!(
        (
            announced.status,
            &announced.preview,
            announced.mood,
            announced.updated_at
        ),
        (now.status, &now.preview, now.mood, now.updated_at),
        "{what}"
    );
}

/// The engine's mood over the newest scored messages of a timeline.
fn engine_mood(timeline: &[app::domain::TimelineEntry]) -> Option<app::engine::mood::Mood> {
    let scores: Vec<f64> = timeline
        .iter()
        .filter_map(|e| e.sentiment.map(|x| x.compound))
        .collect();
    let window = &scores[scores
        .len()
        .saturating_sub(app::engine::mood::ROLLING_WINDOW)..];
    app::engine::mood::mood(window, &Default::default())
}

/// On SQLite, `n` writes since `before` shared batches (group commit); on
/// either backend the database is intact.
async fn shared_batches_and_intact(
    s: &Storage,
    before: Option<app::storage::batch::BatchStats>,
    n: u64,
) {
    if let (Some(before), Some(after)) = (before, s.batch_stats()) {
        let (batches, writes) = (after.batches - before.batches, after.writes - before.writes);
        assert_eq!(writes, n);
        assert!(
            batches < writes,
            "no group commit: {batches} batches for {writes} writes"
        );
    }
    assert_eq!(s.integrity_check().await.unwrap(), "ok");
}

async fn first_case(s: &Storage) -> app::domain::CaseSummary {
    s.list_open_cases(
        CaseScope {
            user: UserId(0),
            all_queues: true,
        },
        1,
    )
    .await
    .unwrap()
    .remove(0)
}

async fn a_retry_with_the_same_client_id_writes_nothing_twice(backend: &str) {
    let (db, s) = seeded(backend, SMALL).await;
    let case = first_case(&s).await;
    let first = s
        .add_entry(&reply(case.id, "hello", Some("client-id-0001")))
        .await
        .unwrap();
    assert_eq!(first.events.len(), 2);
    assert!(matches!(first.events[0].kind, EventKind::EntryAdded { .. }));
    assert!(matches!(
        first.events[1].kind,
        EventKind::CaseUpdated { .. }
    ));
    let again = s
        .add_entry(&reply(case.id, "hello", Some("client-id-0001")))
        .await
        .unwrap();
    assert_eq!(again.entry.id, first.entry.id);
    assert!(again.events.is_empty());
    assert_eq!(s.last_seq().await.unwrap(), 2);
    // The same client id on another case is a different message.
    let other = s
        .list_open_cases(
            CaseScope {
                user: UserId(0),
                all_queues: true,
            },
            2,
        )
        .await
        .unwrap()
        .remove(1);
    let there = s
        .add_entry(&reply(other.id, "hello", Some("client-id-0001")))
        .await
        .unwrap();
    assert_ne!(there.entry.id, first.entry.id);
    s.close().await;
    db.drop_db().await;
}

async fn concurrent_writers_get_a_gapless_sequence_in_commit_order(backend: &str) {
    let (db, s) = seeded(backend, SMALL).await;
    let case = first_case(&s).await;
    let mut tasks = Vec::new();
    for i in 0..24 {
        let s = s.clone();
        tasks.push(tokio::spawn(async move {
            let cid = format!("concurrent-{i:04}");
            s.add_entry(&reply(case.id, &format!("message {i}"), Some(&cid)))
                .await
                .unwrap()
        }));
    }
    let mut seqs = Vec::new();
    for t in tasks {
        seqs.extend(t.await.unwrap().events.iter().map(|e| e.seq));
    }
    seqs.sort();
    assert_eq!(seqs, (1..=48).collect::<Vec<i64>>());
    let stored: Vec<i64> = s
        .events_after(0, 100)
        .await
        .unwrap()
        .iter()
        .map(|e| e.seq)
        .collect();
    assert_eq!(stored, (1..=48).collect::<Vec<i64>>());
    s.close().await;
    db.drop_db().await;
}

async fn a_failed_write_among_concurrent_ones_changes_nothing_and_the_rest_commit(backend: &str) {
    let (db, s) = seeded(backend, SMALL).await;
    let case = first_case(&s).await;
    let missing = app::domain::CaseId(9_999_999);
    let entries_before = count(&s, "timeline_entries").await;
    let before = s.batch_stats();
    // 40 writes at once: every fifth names a missing case, and pairs 0/1, 2/3, …
    // of the rest share a client id (a retry racing its original).
    let mut tasks = Vec::new();
    for i in 0..40 {
        let s = s.clone();
        let target = if i % 5 == 4 { missing } else { case.id };
        tasks.push(tokio::spawn(async move {
            let cid = format!("batch-{:04}", i / 2);
            s.add_entry(&reply(target, "same text", Some(&cid))).await
        }));
    }
    let mut ids = std::collections::HashMap::new();
    let mut seqs = Vec::new();
    for (i, t) in tasks.into_iter().enumerate() {
        match t.await.unwrap() {
            Ok(added) => {
                assert_ne!(i % 5, 4, "write {i} to a missing case succeeded");
                let first = *ids.entry(i / 2).or_insert(added.entry.id);
                assert_eq!(first, added.entry.id, "a retry got a different entry");
                seqs.extend(added.events.iter().map(|e| e.seq));
            }
            Err(e) => {
                assert_eq!(i % 5, 4, "write {i} failed: {e}");
                assert!(matches!(e, app::storage::StorageError::NotFound), "{e}");
            }
        }
    }
    // Pairs whose both halves hit the real case, or whose surviving half did.
    let written = ids.len() as i64;
    assert_eq!(
        count(&s, "timeline_entries").await,
        entries_before + written
    );
    seqs.sort();
    assert_eq!(seqs, (1..=2 * written).collect::<Vec<i64>>());
    shared_batches_and_intact(&s, before, 40).await;
    s.close().await;
    db.drop_db().await;
}

async fn an_entry_on_a_case_outside_the_writers_queues_writes_nothing(backend: &str) {
    let (db, s) = seeded(backend, SMALL).await;
    let case = first_case(&s).await;
    let other = app::domain::QueueId(case.queue_id.0 + 1);
    let entries_before = count(&s, "timeline_entries").await;
    let events_before = count(&s, "events").await;
    // Writes at once, so that the refused ones share batches with the rest.
    let mut tasks = Vec::new();
    for i in 0..12 {
        let s = s.clone();
        tasks.push(tokio::spawn(async move {
            let queues = if i % 3 == 0 {
                vec![other]
            } else {
                vec![other, case.queue_id]
            };
            let cid = format!("scope-{i:04}");
            s.add_entry_with_files(&reply(case.id, "scoped", Some(&cid)), &[], Some(&queues))
                .await
        }));
    }
    for (i, t) in tasks.into_iter().enumerate() {
        match t.await.unwrap() {
            Ok(_) => assert_ne!(i % 3, 0, "write {i} out of its queues succeeded"),
            Err(e) => {
                assert_eq!(i % 3, 0, "write {i} failed: {e}");
                assert!(matches!(e, app::storage::StorageError::OutOfScope), "{e}");
            }
        }
    }
    assert_eq!(count(&s, "timeline_entries").await, entries_before + 8);
    assert_eq!(count(&s, "events").await, events_before + 16);
    // No limit: any case.
    s.add_entry_with_files(&reply(case.id, "anyone", Some("scope-any")), &[], None)
        .await
        .unwrap();
    s.close().await;
    db.drop_db().await;
}

/// The entry, the events and the case a write answers with are the ones a
/// reader finds afterwards (SQLite works the id and sequence numbers out itself).
async fn what_adding_an_entry_answers_is_what_was_stored(backend: &str) {
    let (db, s) = seeded(backend, SMALL).await;
    let case = first_case(&s).await;
    let messages = [
        customer(
            case.id,
            "This is terrible, you lost my booking and nobody answers!",
        ),
        reply(
            case.id,
            "I am sorry, I am looking at it now.",
            Some("stored-1"),
        ),
        customer(
            case.id,
            "Awful. Still waiting, this is the worst service ever.",
        ),
        customer(case.id, "Thanks, that is great, it works now."),
    ];
    let mut was_negative = case.mood.is_some_and(|m| m.negative);
    for new in &messages {
        let seq_before = s
            .events_after(0, 100_000)
            .await
            .unwrap()
            .last()
            .map_or(0, |e| e.seq);
        let added = s.add_entry(new).await.unwrap();
        let stored = s.case_entries(case.id).await.unwrap();
        assert_eq!(stored.last(), Some(&added.entry), "{}", new.body);
        assert_eq!(s.events_after(seq_before, 100).await.unwrap(), added.events);
        let now = s.get_case(case.id).await.unwrap();
        let announced = added
            .events
            .iter()
            .find_map(|e| match &e.kind {
                app::domain::EventKind::CaseUpdated { case } => Some(case.clone()),
                _ => None,
            })
            .expect("case_updated");
        assert_as_announced(&announced, &now, new.body);
        // The mood is the engine's over the newest scored messages, this one included.
        if new.kind == EntryKind::CustomerMessage {
            assert_eq!(now.mood, engine_mood(&stored).or(case.mood), "{}", new.body);
        }
        // An alert exactly when the case has just turned negative.
        let negative = now.mood.is_some_and(|m| m.negative);
        let alerted = added
            .events
            .iter()
            .any(|e| matches!(e.kind, app::domain::EventKind::SentimentAlert { .. }));
        assert_eq!(alerted, negative && !was_negative, "{}", new.body);
        was_negative = negative;
    }
    s.close().await;
    db.drop_db().await;
}

/// Entries on several cases at once, so that batches add many together (on
/// SQLite: one read and one script for a run of distinct cases): each answer
/// is what a reader finds, the events are gapless and the ones stored, and
/// each case ends as its last announcement says, mood included.
async fn entries_written_together_on_many_cases_answer_what_was_stored(backend: &str) {
    let (db, s) = seeded(backend, SMALL).await;
    let cases = s
        .list_open_cases(
            CaseScope {
                user: UserId(0),
                all_queues: true,
            },
            6,
        )
        .await
        .unwrap();
    assert_eq!(cases.len(), 6);
    let missing = app::domain::CaseId(9_999_999);
    let seq_before = s
        .events_after(0, 100_000)
        .await
        .unwrap()
        .last()
        .map_or(0, |e| e.seq);
    let entries_before = count(&s, "timeline_entries").await;
    let stats_before = s.batch_stats();
    const TEXTS: [&str; 4] = [
        "This is terrible, nobody answers and my booking is gone!",
        "We are on it and will fix your booking today.",
        "Awful service, still waiting, the worst ever.",
        "Thank you, that is great, all sorted now.",
    ];
    // 48 writes: every eleventh on a missing case; customer messages
    // crowding two cases in the middle (so batches hold several on one case);
    // pairs of the last eight share a client id on one case (a retry racing
    // its original).
    let mut tasks = Vec::new();
    for i in 0..48usize {
        let s = s.clone();
        let target = match i {
            _ if i % 11 == 10 => missing,
            40.. => cases[(i - 40) / 2].id,
            20.. => cases[i % 2].id,
            _ => cases[i % cases.len()].id,
        };
        let cid = if i >= 40 {
            format!("many-dup-{}", (i - 40) / 2)
        } else {
            format!("many-{i:03}")
        };
        tasks.push(tokio::spawn(async move {
            let body = TEXTS[i % TEXTS.len()];
            let new = NewEntry {
                kind: if (20..40).contains(&i) || (i / 6) % 2 == 0 {
                    EntryKind::CustomerMessage
                } else {
                    EntryKind::AgentReply
                },
                ..reply(target, body, Some(&cid))
            };
            (target, cid.clone(), s.add_entry(&new).await)
        }));
    }
    let mut answered = Vec::new();
    let mut events = Vec::new();
    let mut by_client_id = std::collections::HashMap::new();
    for t in tasks {
        let (target, cid, result) = t.await.unwrap();
        match result {
            Ok(added) => {
                assert_ne!(target, missing, "a write to a missing case succeeded");
                let first = *by_client_id.entry(cid).or_insert(added.entry.id);
                assert_eq!(first, added.entry.id, "a retry got a different entry");
                events.extend(added.events);
                answered.push(added.entry);
            }
            Err(e) => {
                assert_eq!(target, missing, "{e}");
                assert!(matches!(e, app::storage::StorageError::NotFound), "{e}");
            }
        }
    }
    let written = by_client_id.len() as i64;
    assert_eq!(
        count(&s, "timeline_entries").await,
        entries_before + written
    );
    // The events answered are the events stored, gapless, none twice.
    events.sort_by_key(|e| e.seq);
    let stored_events = s.events_after(seq_before, 1_000).await.unwrap();
    assert_eq!(
        stored_events.len(),
        events.len(),
        "events stored and answered"
    );
    for (stored, answered) in stored_events.iter().zip(&events) {
        assert_eq!(stored, answered);
    }
    let seqs: Vec<i64> = events.iter().map(|e| e.seq).collect();
    let expected: Vec<i64> = (seq_before + 1..=seq_before + seqs.len() as i64).collect();
    assert_eq!(seqs, expected);
    for case in &cases {
        let stored = s.case_entries(case.id).await.unwrap();
        for entry in answered.iter().filter(|e| e.case_id == case.id) {
            assert!(
                stored.contains(entry),
                "answered entry {} not stored",
                entry.id
            );
        }
        // The case is as its last announcement says.
        let now = s.get_case(case.id).await.unwrap();
        let announced = events
            .iter()
            .rev()
            .find_map(|e| match &e.kind {
                app::domain::EventKind::CaseUpdated { case: c } if c.id == case.id => Some(c),
                _ => None,
            })
            .expect("case_updated");
        assert_as_announced(announced, &now, &format!("case {}", case.id));
        // Its mood is the engine's over its newest scored messages.
        assert_eq!(
            now.mood,
            engine_mood(&stored).or(case.mood),
            "case {}",
            case.id
        );
    }
    shared_batches_and_intact(&s, stats_before, 48).await;
    s.close().await;
    db.drop_db().await;
}

fn customer(case: app::domain::CaseId, body: &str) -> NewEntry<'_> {
    NewEntry {
        kind: EntryKind::CustomerMessage,
        ..reply(case, body, None)
    }
}

async fn customer_messages_carry_sentiment_and_an_angry_case_alerts_once(backend: &str) {
    use app::engine::mood::Trend;
    use app::engine::sentiment::polarity_scores;
    let (db, s) = seeded(backend, SMALL).await;
    let case = first_case(&s).await;
    let alerts = |events: &[app::domain::Event]| {
        events
            .iter()
            .filter(|e| matches!(e.kind, EventKind::SentimentAlert { .. }))
            .count()
    };
    let calm = "Thanks, the new pick-up time works great for me!";
    let added = s.add_entry(&customer(case.id, calm)).await.unwrap();
    assert_eq!(added.entry.sentiment, Some(polarity_scores(calm)));
    assert!(added.entry.sentiment.unwrap().compound > 0.5);
    assert_eq!(alerts(&added.events), 0);
    // An agent's reply is not scored and leaves the mood alone.
    let reply_added = s
        .add_entry(&reply(case.id, "Terrible news, sorry", None))
        .await
        .unwrap();
    assert_eq!(reply_added.entry.sentiment, None);
    let angry = [
        "This is terrible, I was charged twice and nobody helps!",
        "Awful service. I am furious and disgusted.",
        "Worst rental ever, I hate this, refund me now!!",
    ];
    let mut raised = 0;
    for (i, text) in angry.iter().enumerate() {
        let added = s.add_entry(&customer(case.id, text)).await.unwrap();
        raised += alerts(&added.events);
        let mood = s.get_case(case.id).await.unwrap().mood.expect("mood");
        if i == 0 {
            assert_eq!(mood.trend, Trend::Worsening);
        }
        if i == angry.len() - 1 {
            assert!(mood.negative, "{mood:?}");
            assert!(mood.rolling <= -0.5, "{mood:?}");
        }
    }
    // Raised when the case became negative, not again while it stays so.
    assert_eq!(raised, 1);
    let more = s
        .add_entry(&customer(case.id, "Still horrible. Awful."))
        .await
        .unwrap();
    assert_eq!(alerts(&more.events), 0);
    // The alert is stored and replayable like every other event.
    let stored = s.events_after(0, 1000).await.unwrap();
    assert_eq!(alerts(&stored), 1);
    // Calm again: the flag clears, so a later relapse would alert again.
    for _ in 0..3 {
        s.add_entry(&customer(
            case.id,
            "Great, thank you so much, that is perfect!",
        ))
        .await
        .unwrap();
    }
    let mood = s.get_case(case.id).await.unwrap().mood.unwrap();
    assert!(!mood.negative && mood.trend != Trend::Worsening, "{mood:?}");
    // The timeline keeps every customer message's scores.
    let scored = s
        .case_entries(case.id)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.sentiment.is_some())
        .count();
    assert!(scored >= 8);
    s.close().await;
    db.drop_db().await;
}

async fn agents_list_only_their_queues_and_supervisors_all(backend: &str) {
    let (db, s) = seeded(backend, SeedSize::default()).await;
    let ken = s
        .find_user_by_email("ken@demo.switchboard")
        .await
        .unwrap()
        .unwrap();
    let kens_queues = s.user_queue_ids(UserId(ken.id)).await.unwrap();
    assert_eq!(kens_queues.len(), 1);
    let mine = s
        .list_open_cases(
            CaseScope {
                user: UserId(ken.id),
                all_queues: false,
            },
            1000,
        )
        .await
        .unwrap();
    assert!(!mine.is_empty());
    assert!(mine
        .iter()
        .all(|c| c.queue_id == kens_queues[0] && c.status.is_open()));
    let all = s
        .list_open_cases(
            CaseScope {
                user: UserId(ken.id),
                all_queues: true,
            },
            1000,
        )
        .await
        .unwrap();
    assert!(all.len() > mine.len());
    let queues: std::collections::HashSet<QueueId> = all.iter().map(|c| c.queue_id).collect();
    assert_eq!(queues.len(), DEMO_QUEUES.len());
    s.close().await;
    db.drop_db().await;
}

async fn sessions_expire_and_end_together_on_password_change(backend: &str) {
    let (db, s) = seeded(backend, SMALL).await;
    let maya = user_id(&s, "MAYA@demo.switchboard").await;
    let later = now_ms() + 60_000;
    s.save_session("a", Some(maya), "{}", later).await.unwrap();
    s.save_session("b", Some(maya), "{}", later).await.unwrap();
    s.save_session("old", Some(maya), "{}", now_ms() - 1)
        .await
        .unwrap();
    s.save_session("anon", None, "{\"x\":1}", later)
        .await
        .unwrap();
    assert!(
        s.load_session("old").await.unwrap().is_none(),
        "expired sessions do not load"
    );
    assert_eq!(
        s.load_session("anon").await.unwrap().unwrap().data,
        "{\"x\":1}"
    );
    assert_eq!(s.count_user_sessions(maya).await.unwrap(), 2);
    // Who a request comes from, in one read: the user and their queues.
    let (user, queues) = s.session_user("a").await.unwrap().expect("a live session");
    assert_eq!(user.id, maya.0);
    assert_eq!(queues, s.user_queue_ids(maya).await.unwrap());
    assert!(!queues.is_empty() && queues.windows(2).all(|w| w[0] < w[1]));
    for (id, why) in [
        ("old", "an expired session"),
        ("anon", "a session signed in to no one"),
        ("nope", "an unknown session"),
    ] {
        assert!(s.session_user(id).await.unwrap().is_none(), "{why}");
    }
    // A user in no queue is still found, with none.
    let admin = user_id(&s, "admin@demo.switchboard").await;
    assert!(s.user_queue_ids(admin).await.unwrap().is_empty());
    s.save_session("adm", Some(admin), "{}", later)
        .await
        .unwrap();
    let (user, queues) = s.session_user("adm").await.unwrap().unwrap();
    assert_eq!((user.id, queues.len()), (admin.0, 0));
    assert_eq!(s.delete_expired_sessions().await.unwrap(), 1);
    s.set_password(maya, "new-hash").await.unwrap();
    assert_eq!(s.count_user_sessions(maya).await.unwrap(), 0);
    assert!(
        s.session_user("a").await.unwrap().is_none(),
        "ended with the password change"
    );
    assert!(
        s.load_session("anon").await.unwrap().is_some(),
        "other sessions live on"
    );
    assert_eq!(
        s.get_user(maya).await.unwrap().unwrap().password_hash,
        "new-hash"
    );
    s.save_session("c", Some(maya), "{}", later).await.unwrap();
    s.deactivate_user(maya).await.unwrap();
    assert_eq!(s.count_user_sessions(maya).await.unwrap(), 0);
    assert!(!s.get_user(maya).await.unwrap().unwrap().active);
    s.close().await;
    db.drop_db().await;
}

async fn events_page_in_order_and_report_the_oldest(backend: &str) {
    let (db, s) = seeded(backend, SMALL).await;
    assert_eq!(s.oldest_seq().await.unwrap(), None);
    let case = first_case(&s).await;
    for i in 0..5 {
        s.add_entry(&reply(case.id, &format!("m{i}"), None))
            .await
            .unwrap();
    }
    assert_eq!(s.oldest_seq().await.unwrap(), Some(1));
    let page: Vec<i64> = s
        .events_after(3, 4)
        .await
        .unwrap()
        .iter()
        .map(|e| e.seq)
        .collect();
    assert_eq!(page, vec![4, 5, 6, 7]);
    let all = s.events_after(0, 100).await.unwrap();
    assert_eq!(all.len(), 10);
    match &all[8].kind {
        EventKind::EntryAdded { entry, queue_id } => {
            assert_eq!(entry.body, "m4");
            assert_eq!(*queue_id, case.queue_id);
        }
        other => panic!("{other:?}"),
    }
    s.close().await;
    db.drop_db().await;
}

async fn audit_entries_are_appended_and_read_newest_first(backend: &str) {
    let (db, s) = seeded(backend, SMALL).await;
    for action in ["login_failed", "login"] {
        s.audit(&app::storage::audit::AuditEntry {
            actor: None,
            actor_label: "maya@demo.switchboard",
            action,
            target: "session",
            detail: "",
            client_addr: "127.0.0.1",
        })
        .await
        .unwrap();
    }
    let rows = s.recent_audit(10).await.unwrap();
    assert_eq!(
        rows.iter().map(|r| r.action.as_str()).collect::<Vec<_>>(),
        vec!["login", "login_failed"]
    );
    assert_eq!(rows[0].client_addr, "127.0.0.1");
    s.close().await;
    db.drop_db().await;
}

async fn unknown_cases_are_not_found_and_nothing_is_written(backend: &str) {
    let (db, s) = seeded(backend, SMALL).await;
    let missing = app::domain::CaseId(999_999);
    assert!(matches!(
        s.get_case(missing).await,
        Err(app::storage::StorageError::NotFound)
    ));
    assert!(matches!(
        s.add_entry(&reply(missing, "x", Some("nowhere-0001")))
            .await,
        Err(app::storage::StorageError::NotFound)
    ));
    assert_eq!(s.last_seq().await.unwrap(), 0);
    assert_eq!(count(&s, "events").await, 0);
    s.close().await;
    db.drop_db().await;
}

/// The SQLite writer and its connection's thread hand every statement to each
/// other: they are kept on one core (when there are several).
#[cfg(target_os = "linux")]
#[tokio::test]
async fn the_sqlite_writer_shares_a_core_with_its_connection() {
    let (db, s) = seeded("sqlite", SMALL).await;
    let case = first_case(&s).await;
    s.add_entry(&reply(case.id, "pinned", None)).await.unwrap();
    let cpus_of = |name: &str| -> Vec<String> {
        std::fs::read_dir("/proc/self/task")
            .unwrap()
            .flatten()
            .filter(|t| {
                std::fs::read_to_string(t.path().join("comm")).is_ok_and(|c| c.trim() == name)
            })
            .filter_map(|t| {
                let status = std::fs::read_to_string(t.path().join("status")).ok()?;
                status
                    .lines()
                    .find_map(|l| l.strip_prefix("Cpus_allowed_list:"))
                    .map(|v| v.trim().to_owned())
            })
            .collect()
    };
    let writers = cpus_of("sqlite-writer");
    let connections = cpus_of(app::storage::batch::WRITE_CONNECTION_THREAD);
    assert!(
        !writers.is_empty() && !connections.is_empty(),
        "{writers:?} {connections:?}"
    );
    let several = std::thread::available_parallelism().map_or(1, |n| n.get()) > 1;
    for cpus in writers.iter().chain(&connections) {
        if several {
            // One core, the same for both.
            assert!(cpus.parse::<usize>().is_ok(), "{cpus}");
            assert_eq!(cpus, &writers[0]);
        }
    }
    s.close().await;
    db.drop_db().await;
}
