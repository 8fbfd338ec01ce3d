//! A visitor's live chat on SQLite and PostgreSQL: what they read back (never
//! a note), messages written once per client id, their place in the queue,
//! the rating (once, only when solved), and the visitor socket carrying only
//! what a customer may see.

use app::domain::activity::Doing;
use app::domain::chat::{ChatAuthor, ChatMessage, ChatState, Rating, VisitorFrame};
use app::domain::edit::CaseEdit;
use app::domain::widget::Handoff;
use app::domain::{CaseId, CaseStatus, EntryKind, UserId};
use app::engine::calendar::{CalendarSpec, Span};
use app::realtime::{run_visitor, Ended, Hub, Inbound, Outbound, Timing};
use app::storage::case_edit::Editor;
use app::storage::cases::NewEntry;
use app::storage::seed::SeedSize;
use app::storage::users::UserRow;
use app::storage::{Storage, StorageError, TimeSource};
use app::testing::TestDb;
use futures::channel::mpsc;
use futures::{SinkExt, StreamExt};
use std::sync::Arc;
use std::time::Duration;

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite { $( #[tokio::test] async fn $name() { super::$name("sqlite").await } )* }
        mod postgres { $( #[tokio::test] async fn $name() { super::$name("postgres").await } )* }
    };
}

on_both_backends!(
    a_visitor_reads_their_chat_without_notes_and_a_resend_writes_once,
    a_solved_chat_is_rated_once_and_a_refusal_changes_nothing,
    waiting_visitors_know_their_place_in_the_queue,
    the_visitor_socket_carries_only_what_the_customer_may_see,
    a_verified_customer_sees_their_earlier_chats_and_no_one_else_does,
    outside_chat_hours_a_chat_waits_for_the_team_to_come_back,
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

fn token(c: char) -> String {
    c.to_string().repeat(64)
}

async fn open_chat(s: &Storage, c: char) -> CaseId {
    let h = Handoff {
        token: token(c),
        question: "My card was charged twice for one rental".into(),
        language: "en".into(),
        ..Default::default()
    }
    .normalise()
    .unwrap();
    s.hand_off(&h, false).await.unwrap().handed_off.case_id
}

fn message(c: char, cid: &str, body: &str) -> ChatMessage {
    ChatMessage {
        token: token(c),
        client_id: cid.into(),
        body: body.into(),
    }
}

async fn staff(s: &Storage, case: CaseId, kind: EntryKind, body: &str) -> Vec<app::domain::Event> {
    s.add_entry(&NewEntry {
        case_id: case,
        kind,
        author_id: None,
        author_name: "Priya Sharma",
        body,
        client_id: None,
    })
    .await
    .unwrap()
    .events
}

async fn a_visitor_reads_their_chat_without_notes_and_a_resend_writes_once(backend: &str) {
    let (db, s) = seeded(backend).await;
    assert!(s.conversation(&token('a')).await.unwrap().is_none());
    let case = open_chat(&s, 'a').await;
    staff(
        &s,
        case,
        EntryKind::InternalNote,
        "VIP? check the refund log",
    )
    .await;
    staff(
        &s,
        case,
        EntryKind::AgentReply,
        "Hi, I can see the two charges.",
    )
    .await;

    let first = s
        .visitor_send(&message('a', "m-1", "Thanks!"))
        .await
        .unwrap();
    assert!(!first.events.is_empty(), "agents are told");
    let again = s
        .visitor_send(&message('a', "m-1", "Thanks!"))
        .await
        .unwrap();
    assert_eq!(
        again.entry.id, first.entry.id,
        "a resend answers the first write"
    );
    assert!(again.events.is_empty(), "and writes nothing");

    let c = s.conversation(&token('a')).await.unwrap().unwrap();
    assert_eq!(c.case_id, case);
    let shown: Vec<(ChatAuthor, &str, &str)> = c
        .lines
        .iter()
        .map(|l| (l.author, l.name.as_str(), l.body.as_str()))
        .collect();
    assert_eq!(
        shown,
        vec![
            (
                ChatAuthor::Visitor,
                "",
                "My card was charged twice for one rental"
            ),
            (ChatAuthor::Agent, "Priya", "Hi, I can see the two charges."),
            (ChatAuthor::Visitor, "", "Thanks!"),
        ],
        "the hand-off's context note and the internal note never show"
    );
    assert_eq!(c.lines[2].client_id.as_deref(), Some("m-1"));

    // Another browser's token reads nothing and sends nothing.
    assert!(s.conversation(&token('b')).await.unwrap().is_none());
    let refused = s.visitor_send(&message('b', "m-2", "hello?")).await;
    assert!(matches!(
        refused,
        Err(StorageError::Field { field: "token", .. })
    ));
    db.drop_db().await;
}

async fn a_solved_chat_is_rated_once_and_a_refusal_changes_nothing(backend: &str) {
    let (db, s) = seeded(backend).await;
    let case = open_chat(&s, 'a').await;
    let rating = |score, comment: &str| {
        Rating {
            token: token('a'),
            score,
            comment: comment.into(),
        }
        .normalise()
        .unwrap()
    };
    let early = s.rate_chat(&rating(5, "")).await;
    assert!(
        matches!(&early, Err(StorageError::Field { field: "score", reason }) if reason.contains("once it is solved")),
        "{early:?}"
    );
    let csat = |s: Storage| async move {
        let c = s.get_case(case).await.unwrap();
        let entries = s.case_entries(case).await.unwrap();
        (
            c.status,
            entries
                .iter()
                .filter(|e| e.kind == EntryKind::SystemEvent && e.body.contains("rated"))
                .count(),
        )
    };
    assert_eq!(
        csat(s.clone()).await,
        (CaseStatus::New, 0),
        "a refusal writes nothing"
    );

    s.set_case_status(case, CaseStatus::Solved).await.unwrap();
    assert_eq!(
        s.chat_state(case).await.unwrap(),
        ChatState::Solved { rated: None }
    );
    let events = s.rate_chat(&rating(4, "  Quick and kind  ")).await.unwrap();
    assert!(!events.is_empty(), "the agents see the rating live");
    assert_eq!(
        s.chat_state(case).await.unwrap(),
        ChatState::Solved { rated: Some(4) }
    );
    let note = s
        .case_entries(case)
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.kind == EntryKind::SystemEvent && e.body.contains("rated"))
        .unwrap();
    assert_eq!(
        note.body,
        "The customer rated this chat 4/5: “Quick and kind”"
    );

    let twice = s.rate_chat(&rating(1, "changed my mind")).await;
    assert!(
        matches!(&twice, Err(StorageError::Field { field: "score", reason }) if reason.contains("already rated")),
        "{twice:?}"
    );
    assert_eq!(
        s.chat_state(case).await.unwrap(),
        ChatState::Solved { rated: Some(4) }
    );
    assert_eq!(csat(s.clone()).await.1, 1);

    // The chat is over: the visitor's next question opens a new one.
    let next = open_chat(&s, 'a').await;
    assert_ne!(next, case);
    assert_eq!(
        s.conversation(&token('a')).await.unwrap().unwrap().case_id,
        next
    );
    db.drop_db().await;
}

async fn waiting_visitors_know_their_place_in_the_queue(backend: &str) {
    let (db, s) = seeded(backend).await;
    let first = open_chat(&s, 'a').await;
    s.time().advance(1_000);
    let second = open_chat(&s, 'b').await;
    let place = |st: ChatState| match st {
        ChatState::Waiting { position, .. } => position,
        other => panic!("not waiting: {other:?}"),
    };
    let p1 = place(s.chat_state(first).await.unwrap());
    let p2 = place(s.chat_state(second).await.unwrap());
    assert!(p1 >= 1);
    assert_eq!(p2, p1 + 1, "the later chat waits behind the earlier one");

    // Taking the first moves the second up, and the first is with its agent.
    let agent = priya(&s).await;
    assign(&s, first, &agent).await;
    assert_eq!(place(s.chat_state(second).await.unwrap()), p1);
    assert_eq!(
        s.chat_state(first).await.unwrap(),
        ChatState::WithAgent {
            name: agent.name.split_whitespace().next().unwrap().into()
        }
    );
    db.drop_db().await;
}

async fn priya(s: &Storage) -> UserRow {
    s.find_user_by_email("priya@demo.switchboard")
        .await
        .unwrap()
        .unwrap()
}

async fn assign(s: &Storage, case: CaseId, agent: &UserRow) -> Vec<app::domain::Event> {
    let by = Editor {
        id: UserId(agent.id),
        name: &agent.name,
        email: &agent.email,
        queues: None,
    };
    s.edit_case(case, &CaseEdit::Assignee(Some(UserId(agent.id))), None, by)
        .await
        .unwrap()
        .1
}

/// The frames a visitor's socket sent, until none comes for a moment.
async fn frames(out: &mut mpsc::Receiver<Outbound>) -> Vec<VisitorFrame> {
    let mut got = Vec::new();
    while let Ok(Some(o)) = tokio::time::timeout(Duration::from_millis(300), out.next()).await {
        if let Outbound::Text(t) = o {
            got.push(serde_json::from_str(&t).unwrap());
        }
    }
    got
}

async fn the_visitor_socket_carries_only_what_the_customer_may_see(backend: &str) {
    let (db, s) = seeded(backend).await;
    let case = open_chat(&s, 'a').await;
    let hub = Hub::new(Arc::new(s.clone()), s.last_seq().await.unwrap());
    let mut activity = hub.watch_activity();

    // Someone without a chat is refused.
    let (mut tx, rx) = mpsc::channel::<Inbound>(8);
    let (otx, mut orx) = mpsc::channel::<Outbound>(64);
    let stranger = tokio::spawn(run_visitor(
        hub.clone(),
        s.clone(),
        rx,
        otx,
        Timing::default(),
    ));
    let hello = |c: char| Inbound::Text(format!(r#"{{"type":"hello","token":"{}"}}"#, token(c)));
    tx.send(hello('f')).await.unwrap();
    assert!(matches!(
        frames(&mut orx).await.first(),
        Some(VisitorFrame::Refused { .. })
    ));
    assert_eq!(stranger.await.unwrap(), Ended::ClientClosed);

    let (mut tx, rx) = mpsc::channel::<Inbound>(8);
    let (otx, mut orx) = mpsc::channel::<Outbound>(64);
    let visitor = tokio::spawn(run_visitor(
        hub.clone(),
        s.clone(),
        rx,
        otx,
        Timing::default(),
    ));
    tx.send(hello('a')).await.unwrap();
    let start = frames(&mut orx).await;
    assert_eq!(start[0], VisitorFrame::Ready { case_id: case });
    assert!(matches!(
        start[1],
        VisitorFrame::State {
            state: ChatState::Waiting { .. }
        }
    ));

    // A note is never sent; a reply is, as a line.
    hub.committed(&staff(&s, case, EntryKind::InternalNote, "secret").await);
    hub.committed(&staff(&s, case, EntryKind::AgentReply, "On it.").await);
    let got = frames(&mut orx).await;
    let lines: Vec<&str> = got
        .iter()
        .filter_map(|f| match f {
            VisitorFrame::Line { line } => Some(line.body.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(lines, vec!["On it."]);
    let text = format!("{got:?}");
    assert!(!text.contains("secret"), "{text}");

    // Taking the case: the visitor learns who has it.
    let agent = priya(&s).await;
    hub.committed(&assign(&s, case, &agent).await);
    let first = agent.name.split_whitespace().next().unwrap().to_string();
    assert!(frames(&mut orx).await.contains(&VisitorFrame::State {
        state: ChatState::WithAgent {
            name: first.clone()
        }
    }));

    // Typing both ways.
    hub.activity(app::domain::activity::Activity {
        case_id: case,
        user_id: UserId(agent.id),
        name: agent.name.clone(),
        doing: Doing::Typing,
    });
    assert!(frames(&mut orx)
        .await
        .contains(&VisitorFrame::Typing { name: first }));
    while activity.try_recv().is_ok() {}
    tx.send(Inbound::Text(r#"{"type":"typing"}"#.into()))
        .await
        .unwrap();
    let heard = tokio::time::timeout(Duration::from_secs(2), activity.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (heard.activity.case_id, heard.activity.doing),
        (case, Doing::Typing)
    );
    assert!(
        heard.activity.user_id.0 < 0,
        "a visitor is never taken for a staff member"
    );

    tx.send(Inbound::Close).await.unwrap();
    assert_eq!(visitor.await.unwrap(), Ended::ClientClosed);
    db.drop_db().await;
}

async fn a_verified_customer_sees_their_earlier_chats_and_no_one_else_does(backend: &str) {
    let (db, s) = seeded(backend).await;
    let claim = app::domain::widget::IdentityClaim {
        user_id: "ext-olivia".into(),
        email: "olivia@example.com".into(),
        name: "Olivia".into(),
        user_hash: String::new(),
    };
    let h = Handoff {
        token: token('a'),
        question: "Where is my invoice?".into(),
        language: "en".into(),
        identity: Some(claim),
        ..Default::default()
    }
    .normalise()
    .unwrap();
    let case = s.hand_off(&h, true).await.unwrap().handed_off.case_id;
    staff(&s, case, EntryKind::AgentReply, "Sent it to your email.").await;

    let past = s.customer_history("ext-olivia", None).await.unwrap();
    assert_eq!(past.len(), 1);
    assert_eq!(past[0].case_id, case);
    let bodies: Vec<&str> = past[0].lines.iter().map(|l| l.body.as_str()).collect();
    assert_eq!(
        bodies,
        vec!["Where is my invoice?", "Sent it to your email."],
        "never the hand-off's note"
    );
    assert!(
        s.customer_history("ext-olivia", Some(case))
            .await
            .unwrap()
            .is_empty(),
        "the chat on screen is left out"
    );
    assert!(s
        .customer_history("ext-someone-else", None)
        .await
        .unwrap()
        .is_empty());

    // An unverified hand-off with the same claim is someone else entirely.
    let mut spoof = h.clone();
    spoof.token = token('b');
    let other = s.hand_off(&spoof, false).await.unwrap().handed_off.case_id;
    let past = s.customer_history("ext-olivia", None).await.unwrap();
    assert!(past.iter().all(|p| p.case_id != other));
    db.drop_db().await;
}

async fn outside_chat_hours_a_chat_waits_for_the_team_to_come_back(backend: &str) {
    let (db, s) = seeded(backend).await;
    // Wednesday 2026-11-18 11:06 UTC; the chat desk below opens Fridays 09:00-10:00 UTC.
    let clock = TimeSource::manual(1_795_000_000_000);
    let s = s.with_time(clock.clone());
    let friday_nine = 1_795_165_200_000;
    assert!(
        s.chat_hours(s.now()).await.unwrap().open,
        "the demo answers chats around the clock"
    );
    let mut week: [Vec<Span>; 7] = Default::default();
    week[4].push(Span::new(540, 600));
    let spec = CalendarSpec {
        tz: "UTC".into(),
        always_open: false,
        week,
        holidays: Default::default(),
    };
    let calendar = s.save_calendar(None, "Chat desk", &spec).await.unwrap();
    let config = s.sla_config().await.unwrap();
    let mut chat_policy = config
        .policies
        .iter()
        .find(|p| p.channel == Some(app::domain::Channel::Chat))
        .expect("the demo has a chat policy")
        .clone();
    chat_policy.calendar_id = calendar;
    s.save_policy(&chat_policy).await.unwrap();

    let hours = s.chat_hours(s.now()).await.unwrap();
    assert!(!hours.open);
    assert_eq!(hours.back_at, Some(friday_nine));

    let h = Handoff {
        token: token('a'),
        question: "Can I extend my rental by a day?".into(),
        email: "sam@example.net".into(),
        language: "en".into(),
        ..Default::default()
    }
    .normalise()
    .unwrap();
    let case = s.hand_off(&h, false).await.unwrap().handed_off.case_id;
    let chat = s.conversation(&token('a')).await.unwrap().unwrap();
    assert_eq!(
        chat.state,
        ChatState::Away {
            back_at: Some(friday_nine)
        }
    );
    let note = s
        .case_entries(case)
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.kind == EntryKind::InternalNote)
        .expect("the hand-off note");
    assert!(
        note.body.contains(
            "Left outside chat hours: if they have gone, reply by email to sam@example.net."
        ),
        "{:?}",
        note.body
    );

    // Friday 09:00: the team is back and the chat waits in the queue again.
    clock.set(friday_nine);
    assert!(s.chat_hours(s.now()).await.unwrap().open);
    assert!(matches!(
        s.chat_state(case).await.unwrap(),
        ChatState::Waiting { .. }
    ));
    clock.set(friday_nine + 3_600_000);
    assert_eq!(
        s.chat_hours(s.now()).await.unwrap().back_at,
        Some(friday_nine + 7 * 86_400_000),
        "closed again at 10:00 until next Friday"
    );
    db.drop_db().await;
}
