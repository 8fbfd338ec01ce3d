//! The supervisor console through its server functions, on SQLite and
//! PostgreSQL: only supervisors and admins read the board and change agents;
//! the board follows cases and agents as of the event asked for; alerts come
//! from the events that need a person and are marked handled once, live.

mod common;

use app::domain::board::{Board, BoardTally};
use app::domain::{EventKind, Presence, Priority, ServerFrame, UserId};
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
    qa_samples_the_weeks_solved_cases_and_the_agent_reads_the_review,
    the_scheduler_recomputes_the_metrics_of_the_cases_that_writes_marked,
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

async fn qa_samples_the_weeks_solved_cases_and_the_agent_reads_the_review(backend: &str) {
    use app::domain::review::{Review, Sample};
    use app::domain::CaseStatus;
    let s = TestServer::start(backend).await;
    let maya_id = user_id(&s, MAYA).await;
    // Maya solves seven of her cases now: this week's sample has enough.
    let sup = app::storage::cases::CaseScope {
        user: user_id(&s, PRIYA).await,
        all_queues: true,
    };
    let hers: Vec<_> = s
        .state
        .storage
        .list_open_cases(sup, 10_000)
        .await
        .unwrap()
        .into_iter()
        .filter(|c| c.assignee_id == Some(maya_id))
        .take(7)
        .collect();
    assert_eq!(hers.len(), 7, "Maya has seven open cases in the demo");
    for c in &hers {
        s.state
            .storage
            .set_case_status(c.id, CaseStatus::Solved)
            .await
            .unwrap();
    }
    let open_case = s
        .state
        .storage
        .list_open_cases(sup, 10_000)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.assignee_id.is_some())
        .unwrap();

    let maya = s.signed_in(MAYA).await;
    let mid = maya_id.0.to_string();
    let sample_form = |size: &'static str| {
        vec![
            ("agent", mid.clone()),
            ("weeks_back", "0".to_string()),
            ("size", size.to_string()),
        ]
    };
    let form = sample_form("5");
    let f: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, _) = code(maya.call("qa_sample", &f).await).await;
    assert_eq!(status, 403);
    let draft = |case: i64, scores: [u8; 4], comment: &str| {
        json!({"draft": {"case_id": case, "comment": comment, "scores": {
            "accuracy": scores[0], "tone": scores[1], "process": scores[2], "efficiency": scores[3]}}})
    };
    let (status, _) = code(
        maya.call_json("save_review", draft(hers[0].id.0, [5, 5, 5, 5], ""))
            .await,
    )
    .await;
    assert_eq!(status, 403);

    let priya = s.signed_in(PRIYA).await;
    let sample = |size: &'static str| {
        let form = sample_form(size);
        let priya = &priya;
        async move {
            let f: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let (status, body) = code(priya.call("qa_sample", &f).await).await;
            assert_eq!(status, 200, "{body}");
            serde_json::from_value::<Sample>(body).unwrap()
        }
    };
    let five = sample("5").await;
    assert!(five.solved >= 7, "{}", five.solved);
    assert_eq!(five.cases.len(), 5);
    // Asked for fewer than 5 it is 5; for more than 10 it is 10 (or all solved).
    assert_eq!(sample("2").await.cases.len(), 5);
    let ten = sample("50").await;
    assert_eq!(ten.cases.len() as i64, five.solved.min(10));
    // The same sample every time.
    assert_eq!(sample("5").await, five);
    let week = app::domain::review::week_start(app::storage::now_ms());
    assert_eq!(five.week, week);
    assert!(five
        .cases
        .iter()
        .all(|c| c.solved_at >= week && c.review.is_none()));

    // Bad scores and a low score without a comment are refused at their field.
    let target = five.cases[4].case_id.0;
    for (body, field) in [
        (draft(target, [0, 5, 5, 5], ""), "accuracy"),
        (draft(target, [5, 5, 5, 6], "x"), "efficiency"),
        (draft(target, [5, 2, 5, 5], " "), "comment"),
        (draft(open_case.id.0, [5, 5, 5, 5], ""), "case"),
    ] {
        let (status, body) = code(priya.call_json("save_review", body).await).await;
        assert_eq!(
            (status, body["detail"]["field"].as_str()),
            (422, Some(field)),
            "{body}"
        );
    }
    let (status, body) = code(
        priya
            .call_json(
                "save_review",
                draft(target, [4, 2, 5, 3], "Greet the customer by name."),
            )
            .await,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let saved: Review = serde_json::from_value(body).unwrap();
    assert_eq!((saved.agent_id, saved.scores.tone), (maya_id, 2));
    let (status, body) = code(
        priya
            .call_json("save_review", draft(target, [5, 5, 5, 5], ""))
            .await,
    )
    .await;
    assert_eq!(
        (status, body["detail"]["field"].as_str()),
        (422, Some("case")),
        "{body}"
    );

    // The reviewed case leads the sample from now on, with its review.
    let again = sample("5").await;
    assert_eq!(again.cases[0].case_id.0, target);
    assert_eq!(
        again.cases[0].review.as_ref().unwrap().comment,
        "Greet the customer by name."
    );

    // Maya reads it; Leo has none.
    let (_, body) = code(maya.call("my_reviews", &[]).await).await;
    let mine: Vec<Review> = serde_json::from_value(body).unwrap();
    assert_eq!(
        mine.iter().map(|r| r.case_id.0).collect::<Vec<_>>(),
        [target]
    );
    let leo = s.signed_in(LEO).await;
    let (_, body) = code(leo.call("my_reviews", &[]).await).await;
    assert_eq!(body, json!([]));
    s.stop().await;
}

async fn the_scheduler_recomputes_the_metrics_of_the_cases_that_writes_marked(backend: &str) {
    let started = std::time::Instant::now();
    let s = TestServer::start(backend).await;
    // The demo's cases were written through the triggers: each is marked.
    let mut first = 0;
    loop {
        let n = server::scheduler::refresh_report(&s.state).await.unwrap();
        assert!(n as i64 <= server::scheduler::REPORT_CASES);
        if n == 0 {
            break;
        }
        first += n;
    }
    assert!(first > 100, "the demo's cases, {first} recomputed");
    let priya = s.signed_in(PRIYA).await;
    let open = s.state.storage.open_board_cases().await.unwrap()[0].id;
    let case = s.state.storage.get_case(open).await.unwrap();
    let other = if case.priority == Priority::P1 {
        "P2"
    } else {
        "P1"
    };
    let (status, _) = code(
        priya
            .call_json(
                "update_case",
                json!({"case_id": case.id.0, "edit": {"field": "priority", "value": other}}),
            )
            .await,
    )
    .await;
    assert_eq!(status, 200);
    // The changed case, and only it (unless the scheduler's own pass,
    // every REPORT_EVERY seconds, took it first on a slow machine).
    let n = server::scheduler::refresh_report(&s.state).await.unwrap();
    let own_pass_due =
        started.elapsed().as_secs() >= u64::from(server::scheduler::REPORT_EVERY) - 1;
    assert!(n == 1 || (own_pass_due && n == 0), "{n} cases recomputed");
    assert_eq!(
        server::scheduler::refresh_report(&s.state).await.unwrap(),
        0
    );
    s.stop().await;
}
