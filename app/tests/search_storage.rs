//! Global search on SQLite and PostgreSQL: each group finds what it should by
//! prefix, needs every word, lists newest first, and shows nobody a case,
//! message, customer or booking outside the queues they work.

use app::domain::search::{SearchQuery, SearchResults, GROUP_LIMIT};
use app::domain::{CaseId, Channel, CustomerId, EntryKind, Viewer};
use app::storage::cases::NewEntry;
use app::storage::customers::{NewBooking, NewCustomer};
use app::storage::intake::Intake;
use app::storage::seed::{SeedSize, DEMO_QUEUES};
use app::storage::{Storage, TimeSource};
use app::testing::{Staff, TestDb};

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite { $( #[tokio::test] async fn $name() { super::$name("sqlite").await } )* }
        mod postgres { $( #[tokio::test] async fn $name() { super::$name("postgres").await } )* }
    };
}

on_both_backends!(
    each_group_finds_by_prefix_within_the_viewers_queues,
    every_word_is_required_and_newest_comes_first,
);

async fn seeded(backend: &str) -> (TestDb, Storage, TimeSource) {
    let db = TestDb::new(backend).await;
    let time = TimeSource::manual(1_795_000_000_000);
    let s = db.open().await.expect("open").with_time(time.clone());
    let size = SeedSize {
        customers: 20,
        cases: 40,
    };
    assert!(s
        .seed_demo(size, "$argon2id$x", time.now())
        .await
        .expect("seed"));
    (db, s, time)
}

fn queue(name: &str) -> app::domain::QueueId {
    app::domain::QueueId(DEMO_QUEUES.iter().position(|(n, _)| *n == name).unwrap() as i64 + 1)
}

async fn viewer(s: &Storage, email: &str) -> Viewer {
    Staff::load(s, email).await.viewer()
}

async fn find(s: &Storage, v: &Viewer, text: &str) -> SearchResults {
    let q = SearchQuery::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    s.search(v, &q)
        .await
        .unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// A new customer of the Billing queue only, with one booking and one case.
async fn billing_customer(s: &Storage, subject: &str, message: &str) -> (CustomerId, CaseId) {
    let customer = s
        .create_customer(&NewCustomer {
            name: "Zoltan Quixote",
            email: Some("zoltan.quixote@windmill.example"),
            phone: Some("+49 170 5550123"),
            tier: "standard",
            language: "en",
        })
        .await
        .unwrap();
    s.add_booking(
        customer,
        &NewBooking {
            confirmation: "ZQ-777001",
            vehicle: "Fiat 500",
            pickup_location: "Berlin",
            return_location: "Berlin",
            pickup_at: s.now() + 86_400_000,
            return_at: s.now() + 3 * 86_400_000,
            status: "confirmed",
            amount_cents: 12_000,
            currency: "EUR",
        },
    )
    .await
    .unwrap();
    let opened = s
        .open_case(&Intake {
            customer_id: customer,
            channel: Channel::Email,
            subject,
            message,
            client_id: None,
            default_queue: queue("Billing"),
        })
        .await
        .unwrap();
    assert_eq!(
        opened.case.queue_id,
        queue("Billing"),
        "no triage rule moves it"
    );
    (customer, opened.case.id)
}

async fn each_group_finds_by_prefix_within_the_viewers_queues(backend: &str) {
    let (db, s, _time) = seeded(backend).await;
    let (customer, case) = billing_customer(
        &s,
        "Zeppelin invoice question",
        "Hello, my quokka-shaped invoice has a strange line.",
    )
    .await;
    s.add_entry(&NewEntry {
        case_id: case,
        kind: EntryKind::InternalNote,
        author_id: None,
        author_name: "Sofia",
        body: "Checked the ledger: marmalade discount applied twice.",
        client_id: None,
    })
    .await
    .unwrap();
    let sofia = viewer(&s, "sofia@demo.switchboard").await; // Billing
    let leo = viewer(&s, "leo@demo.switchboard").await; // Bookings only
    let priya = viewer(&s, "priya@demo.switchboard").await; // supervisor

    // Cases by subject prefix and by number.
    let r = find(&s, &sofia, "zeppel").await;
    assert_eq!(r.cases.iter().map(|c| c.id).collect::<Vec<_>>(), vec![case]);
    assert_eq!(r.cases[0].customer_name, "Zoltan Quixote");
    assert_eq!(r.cases[0].queue_name, "Billing");
    let r = find(&s, &sofia, &format!("#{}", case.0)).await;
    assert_eq!(r.cases.first().map(|c| c.id), Some(case));

    // Messages and notes by a word inside, with the text around it.
    let r = find(&s, &sofia, "quokka").await;
    assert_eq!(r.messages.len(), 1);
    assert_eq!(r.messages[0].case_id, case);
    assert_eq!(r.messages[0].kind, "customer_message");
    assert!(
        r.messages[0].snippet.contains("quokka-shaped invoice"),
        "{:?}",
        r.messages[0]
    );
    let r = find(&s, &sofia, "marmal").await;
    assert_eq!(r.messages.len(), 1);
    assert_eq!(r.messages[0].kind, "internal_note");

    // Customers by name, email or phone (as written or digits only).
    for text in [
        "quix",
        "zoltan.quix",
        "windmill",
        "170 5550",
        "491705550123",
    ] {
        let r = find(&s, &sofia, text).await;
        assert_eq!(
            r.customers
                .iter()
                .map(|c| (c.id, c.latest_case))
                .collect::<Vec<_>>(),
            vec![(customer, Some(case))],
            "{text}"
        );
    }

    // Bookings by the start of their confirmation number, any case typed.
    for text in ["ZQ-777", "zq-7770", "ZQ-777001"] {
        let r = find(&s, &sofia, text).await;
        assert_eq!(r.bookings.len(), 1, "{text}");
        assert_eq!(r.bookings[0].confirmation, "ZQ-777001");
        assert_eq!(r.bookings[0].latest_case, Some(case));
    }
    assert!(find(&s, &sofia, "ZQ-778").await.bookings.is_empty());

    // Leo works Bookings only: none of it is his to see.
    for text in [
        "zeppel",
        "quokka",
        "marmal",
        "quix",
        "491705550123",
        "ZQ-777",
    ] {
        assert!(
            find(&s, &leo, text).await.is_empty(),
            "{text} leaked to another queue"
        );
    }
    let r = find(&s, &leo, &format!("{}", case.0)).await;
    assert!(r.cases.iter().all(|c| c.id != case), "case number leaked");

    // The supervisor sees every queue.
    let r = find(&s, &priya, "quokka").await;
    assert_eq!(r.messages.len(), 1);
    assert_eq!(find(&s, &priya, "ZQ-777").await.bookings.len(), 1);

    // Text that looks like query syntax is only words.
    for text in [
        "\" OR 1=1 --",
        "NEAR(quokka invoice)",
        "quokka*",
        "zq-7%",
        "a_bc'de",
    ] {
        let q = SearchQuery::parse(text).unwrap();
        s.search(&sofia, &q)
            .await
            .unwrap_or_else(|e| panic!("{text}: {e}"));
    }
    assert_eq!(
        find(&s, &sofia, "(quokka* invoice)").await.messages.len(),
        1
    );
    db.drop_db().await;
}

async fn every_word_is_required_and_newest_comes_first(backend: &str) {
    let (db, s, time) = seeded(backend).await;
    let (_, first) = billing_customer(&s, "Zeppelin invoice one", "First message").await;
    time.advance(60_000);
    let second = s
        .open_case(&Intake {
            customer_id: CustomerId(1),
            channel: Channel::Email,
            subject: "Zeppelin refund two",
            message: "Second message",
            client_id: None,
            default_queue: queue("Billing"),
        })
        .await
        .unwrap()
        .case;
    let sofia = viewer(&s, "sofia@demo.switchboard").await;
    let ids = |r: SearchResults| r.cases.iter().map(|c| c.id).collect::<Vec<_>>();
    assert_eq!(
        ids(find(&s, &sofia, "zeppelin").await),
        vec![second.id, first]
    );
    assert_eq!(ids(find(&s, &sofia, "zeppelin invoice").await), vec![first]);
    assert_eq!(ids(find(&s, &sofia, "zepp ref").await), vec![second.id]);
    assert!(find(&s, &sofia, "zeppelin walrus").await.is_empty());

    // Many hits: each group stops at its limit; a case with several matching
    // messages is listed once, by its newest.
    for i in 0..(GROUP_LIMIT + 3) {
        s.add_entry(&NewEntry {
            case_id: if i % 2 == 0 { first } else { second.id },
            kind: EntryKind::AgentReply,
            author_id: None,
            author_name: "Sofia",
            body: &format!("Albatross reply number {i}"),
            client_id: None,
        })
        .await
        .unwrap();
    }
    let r = find(&s, &sofia, "albatross").await;
    assert_eq!(
        r.messages.iter().map(|m| m.case_id).collect::<Vec<_>>(),
        vec![first, second.id]
    );
    assert!(r.messages[0]
        .snippet
        .ends_with(&format!("number {}", GROUP_LIMIT + 2)));
    db.drop_db().await;
}
