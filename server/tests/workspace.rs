//! The agent workspace's server functions against a real server, on SQLite and
//! PostgreSQL: each caller touches only cases of their queues, a stale change
//! is a conflict, bulk changes stand case by case, bad input changes nothing.

mod common;

use app::domain::{EventKind, ServerFrame};
use common::{TestServer, KEN, MAYA};
use serde_json::{json, Value};

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite { $( #[tokio::test] async fn $name() { super::$name("sqlite").await } )* }
        mod postgres { $( #[tokio::test] async fn $name() { super::$name("postgres").await } )* }
    };
}

on_both_backends!(
    an_agent_changes_only_cases_of_their_queues_and_a_stale_change_is_a_conflict,
    bulk_changes_stand_case_by_case,
    the_customer_view_and_its_notes_follow_the_case_permission,
    listings_take_views_filters_and_sorts,
    search_and_snooze_follow_the_case_permission,
    an_agent_sets_their_own_presence,
);

async fn code(r: reqwest::Response) -> (u16, Value) {
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn an_agent_changes_only_cases_of_their_queues_and_a_stale_change_is_a_conflict(
    backend: &str,
) {
    let s = TestServer::start(backend).await;
    let (case, queue) = s.case_in("Bookings").await;
    let before = s.state.storage.get_case(case).await.unwrap();
    let other = if before.priority.as_str() == "P1" {
        "P2"
    } else {
        "P1"
    };
    let ken = s.signed_in(KEN).await;
    let (status, body) = code(
        ken.call_json(
            "update_case",
            json!({"case_id": case.0, "edit": {"field": "priority", "value": other}}),
        )
        .await,
    )
    .await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")));
    assert_eq!(
        s.state.storage.get_case(case).await.unwrap().priority,
        before.priority
    );
    let audit = s
        .state
        .storage
        .recent_audit_of("permission_denied", 5)
        .await
        .unwrap();
    assert!(audit.iter().any(|a| a.target == format!("case:{case}")));

    // Maya works Bookings: her change lands and reaches a colleague's socket live.
    let maya = s.signed_in(MAYA).await;
    let leo = s.signed_in(common::LEO).await;
    let mut socket = leo.socket().await;
    socket
        .send_json(json!({"t": "subscribe", "topic": format!("queue:{queue}")}))
        .await;
    let seen = json!({"field": "priority", "value": before.priority.as_str()});
    let r = maya
        .call_json(
            "update_case",
            json!({"case_id": case.0, "edit": {"field": "priority", "value": other}, "seen": seen}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let updated: Value = r.json().await.unwrap();
    assert_eq!(updated["priority"], other);
    loop {
        if let ServerFrame::Event(e) = socket.next_frame().await {
            if let EventKind::CaseUpdated { case: c } = e.kind {
                if c.id == case {
                    assert_eq!(c.priority.as_str(), other);
                    break;
                }
            }
        }
    }
    // The same change again from a screen that still shows the old value: a conflict.
    let (status, body) = code(
        maya.call_json(
            "update_case",
            json!({"case_id": case.0, "edit": {"field": "priority", "value": "P4"}, "seen": seen}),
        )
        .await,
    )
    .await;
    assert_eq!((status, body["code"].as_str()), (409, Some("conflict")));
    assert!(body["detail"]
        .as_str()
        .unwrap()
        .contains(&format!("priority to {other}")));
    assert_eq!(
        s.state
            .storage
            .get_case(case)
            .await
            .unwrap()
            .priority
            .as_str(),
        other
    );
    // A bad value is refused at its field and nothing changes.
    let (status, body) = code(
        maya.call_json(
            "update_case",
            json!({"case_id": case.0, "edit": {"field": "status", "value": "closed"}}),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("invalid_field"))
    );
    assert_eq!(body["detail"]["field"], "status");
    assert!(s
        .state
        .storage
        .get_case(case)
        .await
        .unwrap()
        .status
        .is_open());
    s.stop().await;
}

async fn bulk_changes_stand_case_by_case(backend: &str) {
    let s = TestServer::start(backend).await;
    let (theirs, _) = s.case_in("Bookings").await;
    let (own, _) = s.case_in("Account Access").await;
    let ken = s.signed_in(KEN).await;
    let r = ken
        .call_json("bulk_update", json!({"case_ids": [own.0, theirs.0], "edit": {"field": "add_tag", "value": "Needs Callback"}}))
        .await;
    assert_eq!(r.status(), 200);
    let out: Value = r.json().await.unwrap();
    assert_eq!(out["changed"], json!([own.0]));
    assert_eq!(out["refused"][0][0], theirs.0);
    assert!(s
        .state
        .storage
        .get_case(own)
        .await
        .unwrap()
        .tags
        .contains(&"needs-callback".to_string()));
    assert!(!s
        .state
        .storage
        .get_case(theirs)
        .await
        .unwrap()
        .tags
        .contains(&"needs-callback".to_string()));
    let (status, _) = code(
        ken.call_json(
            "bulk_update",
            json!({"case_ids": [], "edit": {"field": "tier", "value": "T2"}}),
        )
        .await,
    )
    .await;
    assert_eq!(status, 422);
    let too_many: Vec<i64> = (1..=201).collect();
    let (status, _) = code(
        ken.call_json(
            "bulk_update",
            json!({"case_ids": too_many, "edit": {"field": "tier", "value": "T2"}}),
        )
        .await,
    )
    .await;
    assert_eq!(status, 422);
    s.stop().await;
}

async fn the_customer_view_and_its_notes_follow_the_case_permission(backend: &str) {
    let s = TestServer::start(backend).await;
    let (case, _) = s.case_in("Bookings").await;
    let summary = s.state.storage.get_case(case).await.unwrap();
    let id = case.0.to_string();
    let ken = s.signed_in(KEN).await;
    assert_eq!(
        ken.call("get_customer", &[("case_id", &id)]).await.status(),
        404
    );
    let (status, _) = code(
        ken.call(
            "add_customer_note",
            &[
                ("case_id", &id),
                ("body", "sneaky"),
                ("client_id", "ken-note-0001"),
            ],
        )
        .await,
    )
    .await;
    assert_eq!(status, 404);
    let maya = s.signed_in(MAYA).await;
    let (status, view) = code(maya.call("get_customer", &[("case_id", &id)]).await).await;
    assert_eq!(status, 200);
    assert_eq!(view["profile"]["name"], summary.customer_name);
    assert!(view["cases"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["id"] == case.0));
    let (status, body) = code(
        maya.call(
            "add_customer_note",
            &[
                ("case_id", &id),
                ("body", "   "),
                ("client_id", "maya-note-0001"),
            ],
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, body["detail"]["field"].as_str()),
        (422, Some("note"))
    );
    let long = "x".repeat(app::domain::customer::MAX_NOTE_CHARS + 1);
    let (status, _) = code(
        maya.call(
            "add_customer_note",
            &[
                ("case_id", &id),
                ("body", &long),
                ("client_id", "maya-note-0002"),
            ],
        )
        .await,
    )
    .await;
    assert_eq!(status, 422);
    let notes = s
        .state
        .storage
        .customer_notes(summary.customer_id)
        .await
        .unwrap();
    assert!(notes.is_empty(), "refused notes are not stored");
    let r = maya
        .call(
            "add_customer_note",
            &[
                ("case_id", &id),
                ("body", "Prefers a call back."),
                ("client_id", "maya-note-0003"),
            ],
        )
        .await;
    assert_eq!(r.status(), 200);
    let notes = s
        .state
        .storage
        .customer_notes(summary.customer_id)
        .await
        .unwrap();
    assert_eq!(notes.len(), 1);
    s.stop().await;
}

async fn listings_take_views_filters_and_sorts(backend: &str) {
    let s = TestServer::start(backend).await;
    let ken = s.signed_in(KEN).await;
    let list = |view: Value, filter: Value| json!({"query": {"view": view, "filter": filter, "sort": "priority"}});
    let (status, inbox) = code(
        ken.call_json("list_inbox", list(json!({"kind": "all_open"}), json!({})))
            .await,
    )
    .await;
    assert_eq!(status, 200);
    let cases = inbox["cases"].as_array().unwrap();
    assert!(!cases.is_empty());
    assert!(cases.iter().all(|c| c["queue_name"] == "Account Access"));
    let prios: Vec<&str> = cases
        .iter()
        .map(|c| c["priority"].as_str().unwrap())
        .collect();
    let mut sorted = prios.clone();
    sorted.sort();
    assert_eq!(prios, sorted, "sorted by priority");
    assert_eq!(
        inbox["counts"]["all_open"].as_i64().unwrap(),
        cases.len() as i64
    );
    // A queue Ken is not in lists nothing, even asked for by number.
    let (_, bookings) = s.case_in("Bookings").await;
    let (_, other) = code(
        ken.call_json(
            "list_inbox",
            list(json!({"kind": "queue", "queue": bookings.0}), json!({})),
        )
        .await,
    )
    .await;
    assert_eq!(other["cases"], json!([]));
    // A filter narrows: P1 only.
    let (_, p1) = code(
        ken.call_json(
            "list_inbox",
            list(json!({"kind": "all_open"}), json!({"priority": "P1"})),
        )
        .await,
    )
    .await;
    assert!(p1["cases"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["priority"] == "P1"));
    // Malformed queries are refused with words.
    let (status, body) = code(
        ken.call_json(
            "list_inbox",
            json!({"query": {"view": {"kind": "everything"}}}),
        )
        .await,
    )
    .await;
    assert_eq!((status, body["code"].as_str()), (422, Some("invalid")));
    // "Show more": the first `rows` cases in the same order, and whether there are more.
    let all = cases.len();
    assert!(all > 2, "Ken's queue needs a few open cases, has {all}");
    let mut first_two = list(json!({"kind": "all_open"}), json!({}));
    first_two["rows"] = json!(2);
    let (status, two) = code(ken.call_json("list_inbox", first_two).await).await;
    assert_eq!(status, 200);
    assert_eq!(two["cases"].as_array().unwrap()[..], cases[..2]);
    assert_eq!(two["more"], json!(true));
    let mut every = list(json!({"kind": "all_open"}), json!({}));
    every["rows"] = json!(all);
    let (_, whole) = code(ken.call_json("list_inbox", every).await).await;
    assert_eq!(whole["cases"].as_array().unwrap().len(), all);
    assert_eq!(whole["more"], json!(false));
    assert_eq!(inbox["more"], json!(false), "one page holds all of Ken's");
    // Too few or too many rows: refused with words.
    for bad in [json!(0), json!(1_001)] {
        let mut q = list(json!({"kind": "all_open"}), json!({}));
        q["rows"] = bad;
        let (status, body) = code(ken.call_json("list_inbox", q).await).await;
        assert_eq!((status, body["code"].as_str()), (422, Some("invalid")));
        assert!(
            body["detail"]
                .as_str()
                .unwrap_or_default()
                .contains("between 1 and 1000"),
            "{body}"
        );
    }
    s.stop().await;
}

async fn search_and_snooze_follow_the_case_permission(backend: &str) {
    let s = TestServer::start(backend).await;
    let (case, _) = s.case_in("Bookings").await;
    let subject = s.state.storage.get_case(case).await.unwrap().subject;
    let maya = s.signed_in(MAYA).await; // Bookings, Billing
    let ken = s.signed_in(KEN).await; // Account Access
    let number = format!("#{}", case.0);

    // Search: Maya finds the case by number and subject; Ken does not.
    let (status, body) = code(maya.call("search", &[("text", &number)]).await).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["cases"][0]["id"], case.0);
    let (_, body) = code(maya.call("search", &[("text", &subject)]).await).await;
    let ids: Vec<i64> = body["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert!(ids.contains(&case.0), "{subject}: {body}");
    let (status, body) = code(ken.call("search", &[("text", &number)]).await).await;
    assert_eq!(status, 200);
    assert_eq!(body["cases"], json!([]));
    // Too short, or nobody signed in.
    let (status, body) = code(maya.call("search", &[("text", "a")]).await).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("invalid")));
    assert!(body["detail"].as_str().unwrap().contains("at least 2"));
    let (status, _) = code(s.client().call("search", &[("text", "refund")]).await).await;
    assert_eq!(status, 401);

    // Snooze: Ken may not; a past time is refused at its field; nothing changed.
    let now = s.state.storage.now();
    let until = (now + 3_600_000).to_string();
    let id = case.0.to_string();
    let (status, _) = code(
        ken.call("snooze_case", &[("case_id", &id), ("until", &until)])
            .await,
    )
    .await;
    assert_eq!(status, 404);
    let past = (now - 1).to_string();
    let (status, body) = code(
        maya.call("snooze_case", &[("case_id", &id), ("until", &past)])
            .await,
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("invalid_field"))
    );
    assert_eq!(body["detail"]["field"], "until");
    assert_eq!(
        s.state.storage.get_case(case).await.unwrap().snoozed_until,
        None
    );
    let (status, body) = code(
        maya.call("snooze_case", &[("case_id", &id), ("until", &until)])
            .await,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        (body["status"].as_str(), body["snoozed_until"].as_i64()),
        (Some("pending"), Some(now + 3_600_000))
    );
    s.stop().await;
}

async fn an_agent_sets_their_own_presence(backend: &str) {
    let s = TestServer::start(backend).await;
    let maya = s.signed_in(MAYA).await;
    let (status, body) = code(maya.call("my_presence", &[]).await).await;
    assert_eq!(
        (status, body[0].as_str()),
        (200, Some("online")),
        "signing in is online"
    );
    let (status, body) = code(maya.call("set_my_presence", &[("presence", "away")]).await).await;
    assert_eq!((status, body.as_str()), (200, Some("away")));
    let id = app::domain::UserId(
        s.state
            .storage
            .find_user_by_email(MAYA)
            .await
            .unwrap()
            .unwrap()
            .id,
    );
    assert_eq!(
        s.state.storage.presence_of(id).await.unwrap(),
        app::domain::Presence::Away
    );
    let (status, _) = code(
        maya.call("set_my_presence", &[("presence", "asleep")])
            .await,
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        s.state.storage.presence_of(id).await.unwrap(),
        app::domain::Presence::Away
    );
    let (status, _) = code(
        s.client()
            .call("set_my_presence", &[("presence", "online")])
            .await,
    )
    .await;
    assert_eq!(status, 401);
    s.stop().await;
}
