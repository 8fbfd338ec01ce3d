//! The widget's hand-off on SQLite and PostgreSQL: a visitor's question opens
//! a routed chat case with the context note, a retry opens nothing twice, the
//! token is stored only as a hash, and typing an existing customer's email
//! joins the visitor to nobody.

use app::domain::widget::{Handoff, IdentityClaim, TranscriptLine};
use app::domain::{Channel, EntryKind};
use app::storage::customers::NewCustomer;
use app::storage::seed::SeedSize;
use app::storage::widget::{token_hash, WIDGET_AUTHOR};
use app::storage::{Storage, TimeSource};
use app::testing::TestDb;

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite { $( #[tokio::test] async fn $name() { super::$name("sqlite").await } )* }
        mod postgres { $( #[tokio::test] async fn $name() { super::$name("postgres").await } )* }
    };
}

on_both_backends!(
    a_handoff_opens_one_routed_chat_case_with_the_whole_context,
    a_typed_email_joins_the_visitor_to_no_existing_customer,
    a_verified_visitor_is_their_company_customer_an_unverified_claim_is_nobody,
);

async fn seeded(backend: &str) -> (TestDb, Storage) {
    let db = TestDb::new(backend).await;
    let s = db
        .open()
        .await
        .expect("open")
        .with_time(TimeSource::manual(1_795_000_000_000));
    let size = SeedSize {
        customers: 5,
        cases: 5,
    };
    assert!(s
        .seed_demo(size, "$argon2id$x", s.now())
        .await
        .expect("seed"));
    (db, s)
}

fn handoff(token: char, email: &str) -> Handoff {
    Handoff {
        token: token.to_string().repeat(64),
        question: "I was charged twice for my rental last week".into(),
        transcript: vec![
            TranscriptLine {
                from_visitor: true,
                text: "charged twice".into(),
            },
            TranscriptLine {
                from_visitor: false,
                text: "Showed: I was charged twice (visitor: not solved)".into(),
            },
        ],
        page_url: "https://rentals.example/account/bookings".into(),
        articles_seen: vec![],
        name: "Ana Silva".into(),
        email: email.into(),
        language: "es".into(),
        identity: None,
    }
    .normalise()
    .unwrap()
}

/// A company customer whose email a visitor may type.
async fn real_owner(s: &Storage) -> app::domain::CustomerId {
    s.create_customer(&NewCustomer {
        name: "Real Owner",
        email: Some("owner@example.com"),
        phone: None,
        tier: "enterprise",
        language: "en",
    })
    .await
    .unwrap()
}

async fn count(s: &Storage, table: &str) -> i64 {
    s.count_rows(table).await.unwrap()
}

async fn a_handoff_opens_one_routed_chat_case_with_the_whole_context(backend: &str) {
    let (db, s) = seeded(backend).await;
    let article = s
        .help_article("unrecognised-charge")
        .await
        .unwrap()
        .unwrap();
    let mut h = handoff('a', "ana@example.com");
    h.articles_seen = vec![article.id];
    let cases_before = count(&s, "cases").await;
    let first = s.hand_off(&h, false).await.unwrap();
    assert!(!first.events.is_empty(), "agents are told");
    let case = s.get_case(first.handed_off.case_id).await.unwrap();
    assert_eq!(case.channel, Channel::Chat);
    assert_eq!(case.subject, "I was charged twice for my rental last week");
    assert_eq!(case.customer_name, "Ana Silva");
    assert_eq!(case.queue_name, "Billing", "triaged like any message");

    let entries = s.case_entries(case.id).await.unwrap();
    assert_eq!(entries[0].kind, EntryKind::CustomerMessage);
    assert_eq!(
        entries[0].body,
        "I was charged twice for my rental last week"
    );
    let note = entries
        .iter()
        .find(|e| e.kind == EntryKind::InternalNote)
        .unwrap();
    assert_eq!(note.author_name, WIDGET_AUTHOR);
    for part in [
        "Page: https://rentals.example/account/bookings",
        &format!("Articles shown: “{}”", article.content.title),
        "Gave (not verified): Ana Silva · ana@example.com",
        "Language: es",
        "Visitor: charged twice",
        "Widget: Showed: I was charged twice (visitor: not solved)",
    ] {
        assert!(note.body.contains(part), "{part:?} in {}", note.body);
    }

    let retry = s.hand_off(&h, false).await.unwrap();
    assert_eq!(retry.handed_off, first.handed_off);
    assert!(retry.events.is_empty(), "a retry writes nothing");
    assert_eq!(count(&s, "cases").await, cases_before + 1);
    assert_eq!(s.case_entries(case.id).await.unwrap().len(), entries.len());

    let stored = s.visitor_token_hashes().await.unwrap();
    assert_eq!(stored, vec![token_hash(&h.token)]);
    assert!(!stored[0].contains(&h.token[..8]));
    db.drop_db().await;
}

async fn a_typed_email_joins_the_visitor_to_no_existing_customer(backend: &str) {
    let (db, s) = seeded(backend).await;
    let existing = real_owner(&s).await;
    let a = s
        .hand_off(&handoff('b', "owner@example.com"), false)
        .await
        .unwrap();
    let b = s
        .hand_off(&handoff('c', "owner@example.com"), false)
        .await
        .unwrap();
    let (ca, cb) = (
        s.get_case(a.handed_off.case_id).await.unwrap(),
        s.get_case(b.handed_off.case_id).await.unwrap(),
    );
    assert_ne!(ca.customer_id, existing);
    assert_ne!(cb.customer_id, existing);
    assert_ne!(
        ca.customer_id, cb.customer_id,
        "two visitors, two customers"
    );
    db.drop_db().await;
}

async fn a_verified_visitor_is_their_company_customer_an_unverified_claim_is_nobody(backend: &str) {
    let (db, s) = seeded(backend).await;
    let owner = real_owner(&s).await;
    let claim = IdentityClaim {
        user_id: "crm-881".into(),
        email: "owner@example.com".into(),
        name: "Real Owner".into(),
        user_hash: "whatever the host computed".into(),
    };
    let mut spoof = handoff('d', "");
    spoof.identity = Some(claim.clone());
    let spoofed = s.hand_off(&spoof, false).await.unwrap();
    let case = s.get_case(spoofed.handed_off.case_id).await.unwrap();
    assert_ne!(case.customer_id, owner, "an unverified claim is nobody");
    let note = s
        .case_entries(case.id)
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.kind == EntryKind::InternalNote)
        .unwrap();
    assert!(note.body.contains("NOT verified"), "{}", note.body);

    let mut real = handoff('e', "");
    real.identity = Some(claim.clone());
    let first = s.hand_off(&real, true).await.unwrap();
    assert_eq!(
        s.get_case(first.handed_off.case_id)
            .await
            .unwrap()
            .customer_id,
        owner,
        "found by email, then linked"
    );
    // Another device of the same user: found by the company's user id.
    let mut again = handoff('f', "");
    again.identity = Some(IdentityClaim {
        email: String::new(),
        ..claim
    });
    let second = s.hand_off(&again, true).await.unwrap();
    assert_eq!(
        s.get_case(second.handed_off.case_id)
            .await
            .unwrap()
            .customer_id,
        owner
    );
    let note = s
        .case_entries(second.handed_off.case_id)
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.kind == EntryKind::InternalNote)
        .unwrap();
    assert!(
        note.body
            .contains("Signed in on the company's site as crm-881 (verified)"),
        "{}",
        note.body
    );
    db.drop_db().await;
}
