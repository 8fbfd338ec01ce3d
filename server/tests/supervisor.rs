//! The supervisor console through its server functions, on SQLite and
//! PostgreSQL: only supervisors and admins read the board and change agents;
//! the board follows cases and agents as of the event asked for; alerts come
//! from the events that need a person and are marked handled once, live.

mod common;

use app::domain::board::{Board, BoardTally};
use app::domain::{EventKind, Presence, ServerFrame, UserId};
use app::testing::TestDb;
use common::{Client, Socket, TestServer, LEO, MAYA};
use serde_json::{json, Value};

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite { $( #[tokio::test] async fn $name() { super::$name("sqlite").await } )* }
        mod postgres { $( #[tokio::test] async fn $name() { super::$name("postgres").await } )* }
    };
}

on_both_backends!(
    only_supervisors_read_the_board_and_change_agents,
    the_board_follows_a_case_taken_and_agrees_with_a_recount,
    sla_alerts_are_listed_and_marked_handled_live,
);

const PRIYA: &str = "priya@demo.switchboard";

async fn code(r: reqwest::Response) -> (u16, Value) {
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn user_id(s: &TestServer, email: &str) -> UserId {
    UserId(
        s.state
            .storage
            .find_user_by_email(email)
            .await
            .unwrap()
            .unwrap()
            .id,
    )
}

async fn board(c: &Client, after: Option<i64>) -> Board {
    let after = after.map(|a| a.to_string());
    let form: Vec<(&str, &str)> = after.iter().map(|a| ("after", a.as_str())).collect();
    let (status, body) = code(c.call("get_board", &form).await).await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_value(body).unwrap()
}

/// The next event on `socket` that `pick` accepts.
async fn next_event<T>(socket: &mut Socket, pick: impl Fn(EventKind) -> Option<T>) -> T {
    loop {
        if let ServerFrame::Event(e) = socket.next_frame().await {
            if let Some(t) = pick(e.kind) {
                return t;
            }
        }
    }
}

async fn only_supervisors_read_the_board_and_change_agents(backend: &str) {
    let s = TestServer::start(backend).await;
    let leo = user_id(&s, LEO).await;
    let maya = s.signed_in(MAYA).await;
    let leo_presence = s.state.storage.presence_of(leo).await.unwrap();
    for (endpoint, form) in [
        ("get_board", vec![]),
        ("list_alerts", vec![]),
        (
            "change_agent",
            vec![("agent", leo.0.to_string()), ("presence", "away".into())],
        ),
        (
            "mark_alert",
            vec![("seq", "1".to_string()), ("handled", "true".into())],
        ),
    ] {
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, body) = code(maya.call(endpoint, &form).await).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (403, Some("forbidden")),
            "{endpoint}"
        );
    }
    assert_eq!(
        s.state.storage.presence_of(leo).await.unwrap(),
        leo_presence
    );

    // Leo hears a supervisor's change on his own topic.
    let leo_client = s.signed_in(LEO).await;
    let mut leo_socket = leo_client.socket().await;
    assert!(matches!(
        leo_socket.subscribe(&format!("agent:{leo}"), None).await,
        ServerFrame::Subscribed { .. }
    ));
    let priya = s.signed_in(PRIYA).await;
    let (status, _) = code(
        priya
            .call(
                "change_agent",
                &[
                    ("agent", &leo.0.to_string()),
                    ("presence", "away"),
                    ("routing_paused", "true"),
                ],
            )
            .await,
    )
    .await;
    assert_eq!(status, 200);
    let (presence, paused) = next_event(&mut leo_socket, |k| match k {
        EventKind::AgentUpdated {
            agent_id,
            presence,
            routing_paused,
            ..
        } if agent_id == leo => Some((presence, routing_paused)),
        _ => None,
    })
    .await;
    assert_eq!((presence, paused), (Presence::Away, true));
    assert_eq!(
        s.state.storage.presence_of(leo).await.unwrap(),
        Presence::Away
    );
    let b = board(&priya, None).await;
    let row = b.agents.iter().find(|a| a.id == leo).unwrap();
    assert_eq!((row.presence, row.routing_paused), (Presence::Away, true));

    // Bad input changes nothing and says why.
    let priya_id = user_id(&s, PRIYA).await;
    for (form, want) in [
        (vec![("agent", leo.0.to_string())], 422),
        (
            vec![
                ("agent", priya_id.0.to_string()),
                ("presence", "online".into()),
            ],
            404,
        ),
        (
            vec![
                ("agent", "999999".to_string()),
                ("presence", "online".into()),
            ],
            404,
        ),
        (
            vec![("agent", leo.0.to_string()), ("presence", "asleep".into())],
            422,
        ),
    ] {
        let f: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, body) = code(priya.call("change_agent", &f).await).await;
        assert_eq!(status, want, "{form:?}: {body}");
    }
    assert_eq!(
        s.state.storage.presence_of(leo).await.unwrap(),
        Presence::Away
    );
    let audit = s
        .state
        .storage
        .recent_audit_of("agent_changed", 5)
        .await
        .unwrap();
    assert_eq!(audit.len(), 1, "{audit:?}");
    s.stop().await;
}

async fn the_board_follows_a_case_taken_and_agrees_with_a_recount(backend: &str) {
    let s = TestServer::start(backend).await;
    let leo = user_id(&s, LEO).await;
    let priya = s.signed_in(PRIYA).await;
    let before = board(&priya, None).await;
    let bookings = before.queues.iter().find(|q| q.name == "Bookings").unwrap();
    let waiting = s
        .state
        .storage
        .open_board_cases()
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.queue == bookings.id && c.waiting())
        .expect("a waiting Bookings case in the demo");
    let leo_before = before.agents.iter().find(|a| a.id == leo).unwrap().load;

    let (status, _) = code(
        priya
            .call_json(
                "update_case",
                json!({"case_id": waiting.id.0, "edit": {"field": "assignee", "value": leo.0}}),
            )
            .await,
    )
    .await;
    assert_eq!(status, 200);
    let seq = s.state.hub.last_published();
    let after = board(&priya, Some(seq)).await;
    assert!(after.as_of >= seq);
    let q = after.queues.iter().find(|q| q.id == bookings.id).unwrap();
    assert_eq!(q.counts.waiting, bookings.counts.waiting - 1);
    assert_eq!(q.counts.in_progress, bookings.counts.in_progress + 1);
    assert_eq!(
        after.agents.iter().find(|a| a.id == leo).unwrap().load,
        leo_before + 1
    );

    // The live tally equals a count from scratch.
    let recount = BoardTally::of(s.state.storage.open_board_cases().await.unwrap());
    for q in &after.queues {
        assert_eq!(q.counts, recount.counts(q.id), "{}", q.name);
    }
    for a in &after.agents {
        assert_eq!(a.load, recount.load(a.id), "{}", a.name);
    }
    s.stop().await;
}

async fn sla_alerts_are_listed_and_marked_handled_live(backend: &str) {
    let db = TestDb::new(backend).await;
    let time = app::storage::TimeSource::manual(app::storage::now_ms());
    let s = TestServer::start_with_time(db, time.clone()).await;
    let priya = s.signed_in(PRIYA).await;
    let mut socket = priya.socket().await;
    assert!(matches!(
        socket.subscribe("supervisor", None).await,
        ServerFrame::Subscribed { .. }
    ));
    // Three days on, every running clock has passed 80 % and breached.
    time.advance(3 * 86_400_000);
    while server::scheduler::run_once(&s.state).await.unwrap().due as i64
        >= server::scheduler::BATCH
    {}
    let (status, body) = code(priya.call("list_alerts", &[]).await).await;
    assert_eq!(status, 200);
    let alerts: app::domain::alert::Alerts = serde_json::from_value(body).unwrap();
    use app::domain::alert::AlertKind;
    let warning = alerts
        .items
        .iter()
        .find(|a| a.kind == AlertKind::SlaWarning)
        .expect("an 80 % alert");
    assert!(alerts
        .items
        .iter()
        .any(|a| a.kind == AlertKind::SlaBreached));
    assert!(alerts.items.iter().all(|a| a.handled.is_none()));
    assert!(alerts.items.windows(2).all(|w| w[0].seq > w[1].seq));

    let (status, _) = code(
        priya
            .call(
                "mark_alert",
                &[("seq", &warning.seq.to_string()), ("handled", "true")],
            )
            .await,
    )
    .await;
    assert_eq!(status, 200);
    let handled = next_event(&mut socket, |k| match k {
        EventKind::AlertHandled { seq, handled } if seq == warning.seq => Some(handled),
        _ => None,
    })
    .await
    .expect("marked handled");
    assert_eq!(handled.by_name, "Priya Raman");
    let (_, body) = code(priya.call("list_alerts", &[]).await).await;
    let alerts: app::domain::alert::Alerts = serde_json::from_value(body).unwrap();
    let again = alerts.items.iter().find(|a| a.seq == warning.seq).unwrap();
    assert_eq!(again.handled.as_ref().unwrap().by_name, "Priya Raman");

    // An event that raised no alert cannot be marked.
    let last = s.state.hub.last_published();
    let (status, _) = code(
        priya
            .call(
                "mark_alert",
                &[("seq", &last.to_string()), ("handled", "true")],
            )
            .await,
    )
    .await;
    assert_eq!(status, 404);
    s.stop().await;
}
