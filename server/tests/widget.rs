//! The chat widget's surface against a real server: the iframe page says who
//! may embed it, answers come from the knowledge base, a hand-off opens one
//! case however often it is retried, and bad or too many requests change
//! nothing.

mod common;

use common::TestServer;
use serde_json::{json, Value};

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite { $( #[tokio::test] async fn $name() { super::$name("sqlite").await } )* }
        mod postgres { $( #[tokio::test] async fn $name() { super::$name("postgres").await } )* }
    };
}

on_both_backends!(
    the_widget_page_names_who_may_embed_it,
    answers_then_one_handoff_however_often_it_is_sent,
    bad_and_too_many_handoffs_open_nothing,
    an_identity_counts_only_with_its_hash_when_enforced,
);

fn handoff(token: &str, question: &str) -> Value {
    json!({ "handoff": {
        "token": token, "question": question, "transcript": [],
        "page_url": "https://rentals.example/", "articles_seen": [],
        "name": "", "email": "", "language": "en"
    }})
}

async fn post_json(s: &TestServer, path: &str, body: &Value) -> (u16, Value) {
    let r = reqwest::Client::new()
        .post(s.url(path))
        .json(body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

async fn the_widget_page_names_who_may_embed_it(backend: &str) {
    let db = app::testing::TestDb::new(backend).await;
    let s = TestServer::start_with(
        db,
        app::storage::TimeSource::system(),
        &[(
            "SWITCHBOARD_WIDGET_ORIGINS",
            "https://rentals.example, https://www.rentals.example",
        )],
    )
    .await;
    let r = reqwest::get(s.url("/widget?lang=es")).await.unwrap();
    assert_eq!(r.status(), 200);
    let csp = r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        csp.ends_with("frame-ancestors 'self' https://rentals.example https://www.rentals.example"),
        "{csp}"
    );
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
        "{csp}"
    );
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    let html = r.text().await.unwrap();
    assert!(html.contains("/widget/boot.js"));
    assert!(
        !html.contains("switchboard.js"),
        "the agent bundle is not loaded"
    );
    s.stop().await;
}

async fn answers_then_one_handoff_however_often_it_is_sent(backend: &str) {
    let s = TestServer::start(backend).await;
    let (status, _) = post_json(&s, "/api/widget_answers", &json!({ "question": "   " })).await;
    assert_eq!(status, 422);
    let (status, hits) = post_json(
        &s,
        "/api/widget_answers",
        &json!({ "question": "how do I add a second driver" }),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(hits[0]["slug"], "add-second-driver");
    assert!(hits.as_array().unwrap().len() <= 3);

    let cases = s.state.storage.count_rows("cases").await.unwrap();
    let token = "0123456789abcdef".repeat(4);
    let body = handoff(&token, "My card was charged twice");
    let (status, first) = post_json(&s, "/api/widget_handoff", &body).await;
    assert_eq!(status, 200, "{first}");
    let (_, again) = post_json(&s, "/api/widget_handoff", &body).await;
    assert_eq!(first, again);
    assert_eq!(
        s.state.storage.count_rows("cases").await.unwrap(),
        cases + 1
    );
    s.stop().await;
}

async fn bad_and_too_many_handoffs_open_nothing(backend: &str) {
    let db = app::testing::TestDb::new(backend).await;
    let s = TestServer::start_with(
        db,
        app::storage::TimeSource::system(),
        &[("SWITCHBOARD_PUBLIC_PER_MINUTE", "4")],
    )
    .await;
    let cases = s.state.storage.count_rows("cases").await.unwrap();
    let (status, e) = post_json(&s, "/api/widget_handoff", &handoff("not-a-token", "Hello")).await;
    assert_eq!(
        (status, e["code"].as_str()),
        (422, Some("invalid_field")),
        "{e}"
    );
    let long = "x".repeat(2_001);
    let (status, e) = post_json(&s, "/api/widget_handoff", &handoff(&"ab".repeat(32), &long)).await;
    assert_eq!(status, 422, "{e}");
    assert!(e.to_string().contains("2000 characters"), "{e}");
    for i in 0..2 {
        let (status, _) = post_json(
            &s,
            "/api/widget_handoff",
            &handoff(&format!("{i}").repeat(64), "Hi"),
        )
        .await;
        assert_eq!(status, 200);
    }
    let (status, e) = post_json(&s, "/api/widget_handoff", &handoff(&"e".repeat(64), "Hi")).await;
    assert_eq!(
        (status, e["code"].as_str()),
        (429, Some("rate_limited")),
        "{e}"
    );
    assert_eq!(
        s.state.storage.count_rows("cases").await.unwrap(),
        cases + 2
    );
    s.stop().await;
}

async fn an_identity_counts_only_with_its_hash_when_enforced(backend: &str) {
    let db = app::testing::TestDb::new(backend).await;
    let s = TestServer::start_with(
        db,
        app::storage::TimeSource::system(),
        &[
            ("SWITCHBOARD_WIDGET_SECRET", "company-secret"),
            ("SWITCHBOARD_WIDGET_ENFORCE_IDENTITY", "true"),
        ],
    )
    .await;
    let secret = app::auth::WidgetSecret::new("company-secret").unwrap();
    let claim = |token: &str, hash: &str| {
        let mut body = handoff(token, "Where is my invoice?");
        body["handoff"]["identity"] = json!({
            "user_id": "crm-7", "email": "crm7@example.com", "name": "Seven", "user_hash": hash
        });
        body
    };
    let cases = s.state.storage.count_rows("cases").await.unwrap();
    for wrong in ["", "00", &secret.sign("crm-8")] {
        let (status, e) =
            post_json(&s, "/api/widget_handoff", &claim(&"1".repeat(64), wrong)).await;
        assert_eq!(
            (status, e["code"].as_str()),
            (422, Some("invalid_field")),
            "{e}"
        );
    }
    assert_eq!(
        s.state.storage.count_rows("cases").await.unwrap(),
        cases,
        "nothing opened"
    );
    let (status, ok) = post_json(
        &s,
        "/api/widget_handoff",
        &claim(&"2".repeat(64), &secret.sign("crm-7")),
    )
    .await;
    assert_eq!(status, 200, "{ok}");
    let case = s
        .state
        .storage
        .get_case(app::domain::CaseId(ok["case_id"].as_i64().unwrap()))
        .await
        .unwrap();
    assert_eq!(case.customer_name, "Seven");
    // Without a claim a visitor is still welcome, anonymously.
    let (status, _) = post_json(&s, "/api/widget_handoff", &handoff(&"3".repeat(64), "Hi")).await;
    assert_eq!(status, 200);
    s.stop().await;
}
