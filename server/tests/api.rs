//! The HTTP and WebSocket surface against a real server, on SQLite and on PostgreSQL.

mod common;

use app::domain::{EntryKind, EventKind, ServerFrame};
use common::{TestServer, KEN, LEO, MAYA, PASSWORD};
use serde_json::Value;

/// Runs each scenario once per backend.
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite { $( #[tokio::test] async fn $name() { super::$name("sqlite").await } )* }
        mod postgres { $( #[tokio::test] async fn $name() { super::$name("postgres").await } )* }
    };
}

on_both_backends!(
    login_succeeds_with_the_right_password_and_fails_alike_for_wrong_or_unknown,
    login_is_rate_limited_per_account_with_retry_after,
    a_server_function_without_a_session_answers_401,
    an_agent_cannot_read_or_reply_to_another_queues_case,
    a_cross_site_post_is_refused_and_changes_nothing,
    the_socket_refuses_missing_sessions_and_foreign_origins,
    a_reply_reaches_a_subscribed_socket_of_another_agent,
    a_reconnect_with_the_last_sequence_gets_exactly_the_missed_events_in_order,
    an_oversized_or_malformed_frame_closes_only_that_socket,
    empty_and_over_long_replies_are_refused_and_nothing_is_stored,
    a_retry_with_the_same_client_id_returns_the_same_entry_and_writes_once,
    a_password_change_ends_every_session_of_the_user,
    a_database_that_is_down_answers_503_and_writes_nothing,
);

/// The browser bundle leaves the sentiment lexicons out; the composer fetches
/// them from these two addresses when the agent first types.
#[tokio::test]
async fn the_sentiment_lexicons_are_served_for_the_browser() {
    use app::engine::sentiment::{
        EMOJI_LEXICON, EMOJI_LEXICON_PATH, WORD_LEXICON, WORD_LEXICON_PATH,
    };
    let s = TestServer::start("sqlite").await;
    for (path, text) in [
        (WORD_LEXICON_PATH, WORD_LEXICON),
        (EMOJI_LEXICON_PATH, EMOJI_LEXICON),
    ] {
        let r = reqwest::get(s.url(path)).await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
        assert_eq!(
            r.headers()["content-type"],
            "text/plain; charset=utf-8",
            "{path}"
        );
        assert!(r.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("max-age"));
        let body = r.text().await.unwrap();
        assert_eq!(body, text, "{path}");
    }
    // The word lexicon as served: a token and its mean valence per line.
    assert!(WORD_LEXICON.lines().any(|l| l == "terrible\t-2.1"));
    s.stop().await;
}

async fn error_code(r: reqwest::Response) -> (u16, String) {
    let status = r.status().as_u16();
    let body: Value = r.json().await.unwrap_or(Value::Null);
    (status, body["code"].as_str().unwrap_or_default().to_owned())
}

async fn login_succeeds_with_the_right_password_and_fails_alike_for_wrong_or_unknown(
    backend: &str,
) {
    let s = TestServer::start(backend).await;
    let c = s.client();
    assert_eq!(
        error_code(c.login(MAYA, "not the password").await).await,
        (401, "bad_credentials".into())
    );
    assert_eq!(
        error_code(c.login("nobody@demo.switchboard", PASSWORD).await).await,
        (401, "bad_credentials".into())
    );
    let ok = c.login(MAYA, PASSWORD).await;
    assert_eq!(ok.status(), 200);
    let me: Value = ok.json().await.unwrap();
    assert_eq!(me["email"], MAYA);
    assert_eq!(me["role"], "agent");
    let audit = s.state.storage.recent_audit(10).await.unwrap();
    let actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
    assert_eq!(actions, vec!["login", "login_failed", "login_failed"]);
    s.stop().await;
}

async fn login_is_rate_limited_per_account_with_retry_after(backend: &str) {
    let s = TestServer::start(backend).await;
    for _ in 0..5 {
        assert_eq!(s.client().login(LEO, "wrong").await.status(), 401);
    }
    // A new client (and a spoofed X-Forwarded-For) does not reset the account's limit.
    let r = s
        .client()
        .http
        .post(s.url("/api/login"))
        .header("x-forwarded-for", "203.0.113.77")
        .form(&[("email", LEO), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    let retry: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry), "Retry-After {retry}");
    assert_eq!(error_code(r).await.1, "rate_limited");
    s.stop().await;
}

async fn a_server_function_without_a_session_answers_401(backend: &str) {
    let s = TestServer::start(backend).await;
    let c = s.client();
    assert_eq!(
        error_code(c.inbox().await).await,
        (401, "unauthenticated".into())
    );
    let (case, _) = s.case_in("Bookings").await;
    assert_eq!(c.reply(case, "hello", "anonymous-0001").await.status(), 401);
    // Pages redirect to the sign-in page instead.
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = no_redirects
        .get(s.url("/agent"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert!(page.status().is_redirection(), "status {}", page.status());
    assert_eq!(page.headers()["location"], "/login");
    let missing = no_redirects
        .get(s.url("/no/such/page"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    assert!(missing.text().await.unwrap().contains("Page not found"));
    s.stop().await;
}

async fn an_agent_cannot_read_or_reply_to_another_queues_case(backend: &str) {
    let s = TestServer::start(backend).await;
    let (case, _) = s.case_in("Bookings").await;
    let before = s.state.storage.case_entries(case).await.unwrap().len();
    let ken = s.signed_in(KEN).await;
    let id = case.0.to_string();
    assert_eq!(
        error_code(ken.call("get_case", &[("id", &id)]).await).await,
        (404, "not_found".into())
    );
    assert_eq!(
        error_code(
            ken.reply(case, "I should not be here", "ken-attempt-01")
                .await
        )
        .await,
        (404, "not_found".into())
    );
    assert_eq!(
        s.state.storage.case_entries(case).await.unwrap().len(),
        before
    );
    // The inbox lists only Ken's queue.
    let inbox: Value = ken
        .call_json("list_inbox", serde_json::json!({"query": {"view": {"kind": "all_open"}, "filter": {}, "sort": "sla_due"}}))
        .await
        .json()
        .await
        .unwrap();
    let queues: Vec<&str> = inbox["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["queue_name"].as_str().unwrap())
        .collect();
    assert!(!queues.is_empty());
    assert!(queues.iter().all(|q| *q == "Account Access"), "{queues:?}");
    // Both attempts, the read and the reply, are audited.
    let audit = s.state.storage.recent_audit(5).await.unwrap();
    let denials = audit
        .iter()
        .filter(|a| a.action == "permission_denied" && a.target == format!("case:{case}"))
        .count();
    assert_eq!(denials, 2, "{audit:?}");
    // Maya works Bookings and may read it.
    let maya = s.signed_in(MAYA).await;
    assert_eq!(maya.call("get_case", &[("id", &id)]).await.status(), 200);
    s.stop().await;
}

async fn a_cross_site_post_is_refused_and_changes_nothing(backend: &str) {
    let s = TestServer::start(backend).await;
    let maya = s.signed_in(MAYA).await;
    let (case, _) = s.case_in("Bookings").await;
    let before = s.state.storage.case_entries(case).await.unwrap().len();
    let id = case.0.to_string();
    let form = [
        ("case_id", id.as_str()),
        ("body", "Forged"),
        ("client_id", "forged-request-1"),
        ("note", "false"),
    ];
    for (header, value) in [
        ("origin", "https://evil.example"),
        ("sec-fetch-site", "cross-site"),
    ] {
        let r = maya
            .http
            .post(s.url("/api/post_reply"))
            .header(header, value)
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(error_code(r).await, (403, "cross_site".into()));
    }
    assert_eq!(
        s.state.storage.case_entries(case).await.unwrap().len(),
        before
    );
    s.stop().await;
}

async fn the_socket_refuses_missing_sessions_and_foreign_origins(backend: &str) {
    let s = TestServer::start(backend).await;
    let anonymous = s.client();
    let err = anonymous
        .try_socket(&s.origin())
        .await
        .err()
        .expect("refused");
    assert!(err.to_string().contains("401"), "{err}");
    let maya = s.signed_in(MAYA).await;
    let err = maya
        .try_socket("https://evil.example")
        .await
        .err()
        .expect("refused");
    assert!(err.to_string().contains("403"), "{err}");
    // Signed in, right origin: allowed; a queue she is not in is denied.
    let mut ok = maya.socket().await;
    let (_, access_queue) = s.case_in("Account Access").await;
    assert!(matches!(
        ok.subscribe(&format!("queue:{access_queue}"), None).await,
        ServerFrame::Denied { .. }
    ));
    assert!(matches!(
        ok.subscribe("supervisor", None).await,
        ServerFrame::Denied { .. }
    ));
    s.stop().await;
}

async fn a_reply_reaches_a_subscribed_socket_of_another_agent(backend: &str) {
    let s = TestServer::start(backend).await;
    let (case, queue) = s.case_in("Bookings").await;
    let leo = s.signed_in(LEO).await;
    let mut sock = leo.socket().await;
    assert!(matches!(
        sock.subscribe(&format!("case:{case}"), None).await,
        ServerFrame::Subscribed { .. }
    ));
    assert!(matches!(
        sock.subscribe(&format!("queue:{queue}"), None).await,
        ServerFrame::Subscribed { .. }
    ));
    let maya = s.signed_in(MAYA).await;
    let r = maya
        .reply(case, "Your new dates are confirmed.", "maya-reply-0001")
        .await;
    assert_eq!(r.status(), 200);
    let entry: Value = r.json().await.unwrap();
    match sock.next_frame().await {
        ServerFrame::Event(e) => match e.kind {
            EventKind::EntryAdded { entry: got, .. } => {
                assert_eq!(got.body, "Your new dates are confirmed.");
                assert_eq!(got.kind, EntryKind::AgentReply);
                assert_eq!(got.id.0, entry["id"].as_i64().unwrap());
            }
            other => panic!("expected entry_added, got {other:?}"),
        },
        other => panic!("expected an event, got {other:?}"),
    }
    match sock.next_frame().await {
        ServerFrame::Event(e) => assert!(
            matches!(e.kind, EventKind::CaseUpdated { ref case } if case.preview == "Your new dates are confirmed.")
        ),
        other => panic!("expected case_updated, got {other:?}"),
    }
    s.stop().await;
}

async fn a_reconnect_with_the_last_sequence_gets_exactly_the_missed_events_in_order(backend: &str) {
    let s = TestServer::start(backend).await;
    let (case, _) = s.case_in("Bookings").await;
    let leo = s.signed_in(LEO).await;
    let maya = s.signed_in(MAYA).await;
    let topic = format!("case:{case}");
    let mut sock = leo.socket().await;
    sock.subscribe(&topic, None).await;
    assert_eq!(
        maya.reply(case, "before the drop", "before-drop-0001")
            .await
            .status(),
        200
    );
    let last_seen = match sock.next_frame().await {
        ServerFrame::Event(e) => e.seq,
        other => panic!("{other:?}"),
    };
    drop(sock);
    // While disconnected: 10 replies = 20 events on this case (entry_added + case_updated).
    for i in 0..10 {
        assert_eq!(
            maya.reply(
                case,
                &format!("missed {i}"),
                &format!("missed-reply-{i:04}")
            )
            .await
            .status(),
            200
        );
    }
    // Noise on another case that must not be replayed.
    let (other, _) = s.case_in("Billing").await;
    assert_eq!(
        maya.reply(other, "elsewhere", "elsewhere-00001")
            .await
            .status(),
        200
    );
    let mut sock = leo.socket().await;
    // last_seen is the entry_added; its case_updated (last_seen + 1) was seen too in a real client,
    // but resuming from the entry proves exact replay: 1 + 20 events.
    assert!(matches!(
        sock.subscribe(&topic, Some(last_seen)).await,
        ServerFrame::Subscribed { .. }
    ));
    let mut seqs = Vec::new();
    let mut bodies = Vec::new();
    for _ in 0..21 {
        match sock.next_frame().await {
            ServerFrame::Event(e) => {
                seqs.push(e.seq);
                if let EventKind::EntryAdded { entry, .. } = e.kind {
                    bodies.push(entry.body);
                }
            }
            other => panic!("expected a replayed event, got {other:?}"),
        }
    }
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "in order: {seqs:?}");
    assert_eq!(seqs[0], last_seen + 1);
    let expected: Vec<String> = (0..10).map(|i| format!("missed {i}")).collect();
    assert_eq!(bodies, expected);
    // Nothing more: a ping answers with pong, not another event.
    sock.send_json(serde_json::json!({"t": "ping"})).await;
    assert_eq!(sock.next_frame().await, ServerFrame::Pong);
    s.stop().await;
}

async fn an_oversized_or_malformed_frame_closes_only_that_socket(backend: &str) {
    let s = TestServer::start(backend).await;
    let (case, _) = s.case_in("Bookings").await;
    let leo = s.signed_in(LEO).await;
    let mut good = leo.socket().await;
    good.subscribe(&format!("case:{case}"), None).await;
    let mut big = leo.socket().await;
    big.send_json(serde_json::json!({"t": "subscribe", "topic": "x".repeat(70 * 1024)}))
        .await;
    assert!(big.closed().await, "oversized frame closes the socket");
    let mut bad = leo.socket().await;
    use futures::SinkExt;
    bad.ws
        .send(tokio_tungstenite::tungstenite::Message::Text(
            "{not json".into(),
        ))
        .await
        .unwrap();
    assert!(bad.closed().await, "malformed frame closes the socket");
    let maya = s.signed_in(MAYA).await;
    assert_eq!(
        maya.reply(case, "still flowing", "still-flowing-01")
            .await
            .status(),
        200
    );
    assert!(matches!(good.next_frame().await, ServerFrame::Event(_)));
    s.stop().await;
}

async fn empty_and_over_long_replies_are_refused_and_nothing_is_stored(backend: &str) {
    let s = TestServer::start(backend).await;
    let (case, _) = s.case_in("Bookings").await;
    let before = s.state.storage.case_entries(case).await.unwrap().len();
    let maya = s.signed_in(MAYA).await;
    let (status, code) = error_code(maya.reply(case, "   \n ", "empty-reply-0001").await).await;
    assert_eq!((status, code.as_str()), (422, "invalid"));
    let long = "a".repeat(app::domain::timeline::MAX_BODY_CHARS + 1);
    assert_eq!(
        error_code(maya.reply(case, &long, "long-reply-00001").await)
            .await
            .0,
        422
    );
    assert_eq!(
        error_code(maya.reply(case, "hello", "bad id").await)
            .await
            .0,
        422
    );
    // Over the body limit altogether: 413 before anything runs.
    let huge = "a".repeat(server::MAX_BODY_BYTES + 10);
    assert_eq!(
        maya.reply(case, &huge, "huge-reply-00001").await.status(),
        413
    );
    assert_eq!(
        s.state.storage.case_entries(case).await.unwrap().len(),
        before
    );
    s.stop().await;
}

async fn a_retry_with_the_same_client_id_returns_the_same_entry_and_writes_once(backend: &str) {
    let s = TestServer::start(backend).await;
    let (case, _) = s.case_in("Bookings").await;
    let maya = s.signed_in(MAYA).await;
    let seq_before = s.state.storage.last_seq().await.unwrap();
    let first: Value = maya
        .reply(case, "Once only", "retry-same-id-01")
        .await
        .json()
        .await
        .unwrap();
    let second: Value = maya
        .reply(case, "Once only", "retry-same-id-01")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first["id"], second["id"]);
    let entries = s.state.storage.case_entries(case).await.unwrap();
    assert_eq!(entries.iter().filter(|e| e.body == "Once only").count(), 1);
    assert_eq!(
        s.state.storage.last_seq().await.unwrap(),
        seq_before + 2,
        "one entry_added + one case_updated"
    );
    s.stop().await;
}

async fn a_password_change_ends_every_session_of_the_user(backend: &str) {
    let s = TestServer::start(backend).await;
    let a = s.signed_in(MAYA).await;
    let b = s.signed_in(MAYA).await;
    assert_eq!(a.inbox().await.status(), 200);
    let user = s
        .state
        .storage
        .find_user_by_email(MAYA)
        .await
        .unwrap()
        .unwrap();
    let id = app::domain::UserId(user.id);
    assert_eq!(s.state.storage.count_user_sessions(id).await.unwrap(), 2);
    let hash = app::auth::hash_password("a brand new password").unwrap();
    s.state.storage.set_password(id, &hash).await.unwrap();
    assert_eq!(a.inbox().await.status(), 401);
    assert_eq!(b.inbox().await.status(), 401);
    assert_eq!(s.state.storage.count_user_sessions(id).await.unwrap(), 0);
    // And the session id rotates at login: a cookie set before login is not the one after.
    let c = s.client();
    let _ = c.call("current_user", &[]).await;
    let before = c.cookie();
    c.login(MAYA, "a brand new password").await;
    assert_ne!(c.cookie(), before);
    s.stop().await;
}

async fn a_database_that_is_down_answers_503_and_writes_nothing(backend: &str) {
    let s = TestServer::start(backend).await;
    let (case, _) = s.case_in("Bookings").await;
    let maya = s.signed_in(MAYA).await;
    s.state.storage.close().await;
    let (status, code) =
        error_code(maya.reply(case, "into the void", "db-down-reply-01").await).await;
    assert_eq!((status, code.as_str()), (503, "unavailable"));
    assert_eq!(error_code(maya.inbox().await).await.0, 503);
    let reopened = app::storage::Storage::open(&s.db.url).await.unwrap();
    let entries = reopened.case_entries(case).await.unwrap();
    assert!(entries.iter().all(|e| e.body != "into the void"));
    reopened.close().await;
    s.stop().await;
}
