//! Quick actions, approvals, decision trees, checklists and escalations through
//! the server functions, on SQLite and
//! PostgreSQL: only agents of the case's queue act on it, only supervisors
//! decide, bad input is refused at its field, and both sides hear it live.

mod common;

use app::domain::{ActionStatus, EventKind, ServerFrame};
use common::{Socket, TestServer, KEN, MAYA};
use serde_json::{json, Value};

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite { $( #[tokio::test] async fn $name() { super::$name("sqlite").await } )* }
        mod postgres { $( #[tokio::test] async fn $name() { super::$name("postgres").await } )* }
    };
}

on_both_backends!(
    only_the_right_people_act_and_decide_and_both_hear_it_live,
    agents_run_trees_on_their_cases_and_only_supervisors_edit_them,
    checklists_and_escalations_follow_the_case_permission,
);

const PRIYA: &str = "priya@demo.switchboard";

async fn code(r: reqwest::Response) -> (u16, Value) {
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// The next action update on `socket`.
async fn next_action(socket: &mut Socket) -> app::domain::ActionView {
    loop {
        if let ServerFrame::Event(e) = socket.next_frame().await {
            if let EventKind::ActionUpdated { action, .. } = e.kind {
                return action;
            }
        }
    }
}

async fn only_the_right_people_act_and_decide_and_both_hear_it_live(backend: &str) {
    let s = TestServer::start(backend).await;
    let (case, _) = s.case_in("Billing").await;
    let summary = s.state.storage.get_case(case).await.unwrap();
    let priya_row = s
        .state
        .storage
        .find_user_by_email(PRIYA)
        .await
        .unwrap()
        .unwrap();
    let maya_row = s
        .state
        .storage
        .find_user_by_email(MAYA)
        .await
        .unwrap()
        .unwrap();
    let viewer = app::domain::Viewer {
        id: app::domain::UserId(priya_row.id),
        queues: vec![],
        all_queues: true,
    };
    let customer = s
        .state
        .storage
        .customer_view(summary.customer_id, &viewer)
        .await
        .unwrap();
    let booking = customer
        .bookings
        .first()
        .expect("demo customers have bookings")
        .id;
    let credit = |cents: i64, client_id: &str| {
        json!({"case_id": case.0, "request": {
            "booking_id": booking,
            "params": {"kind": "credit", "amount_cents": cents, "reason": "Car was two hours late"},
            "client_id": client_id,
        }})
    };

    // Ken works Account Access: the Billing case does not exist for him.
    let ken = s.signed_in(KEN).await;
    let (status, body) = code(
        ken.call_json("request_action", credit(1_000, "ken-try-0001"))
            .await,
    )
    .await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")));
    assert!(s.state.storage.case_actions(case).await.unwrap().is_empty());

    let maya = s.signed_in(MAYA).await;
    let priya = s.signed_in(PRIYA).await;
    let mut lead_socket = priya.socket().await;
    lead_socket.subscribe("supervisor", None).await;
    let mut agent_socket = maya.socket().await;
    agent_socket
        .subscribe(&format!("agent:{}", maya_row.id), None)
        .await;

    // Bad input: refused at its field, nothing created.
    let (status, body) = code(
        maya.call_json("request_action", credit(0, "maya-zero-0001"))
            .await,
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("invalid_field"))
    );
    assert_eq!(body["detail"]["field"], "amount");
    let (status, _) = code(maya.call_json("request_action", credit(1_000, "no")).await).await;
    assert_eq!(status, 422, "a client id of two letters is refused");
    assert!(s.state.storage.case_actions(case).await.unwrap().is_empty());

    // €150 is above Maya's authority: it waits, and the supervisors hear of it.
    let (status, asked) = code(
        maya.call_json("request_action", credit(15_000, "maya-credit-01"))
            .await,
    )
    .await;
    assert_eq!(status, 200, "{asked}");
    assert_eq!(asked["status"], "pending_approval");
    let id = asked["id"].as_i64().unwrap();
    let heard = next_action(&mut lead_socket).await;
    assert_eq!(
        (heard.id, heard.status),
        (id, ActionStatus::PendingApproval)
    );
    let (status, list) = code(priya.call("list_approvals", &[]).await).await;
    assert_eq!(status, 200);
    assert_eq!(list["pending"][0]["id"].as_i64(), Some(id));

    // Agents neither list nor decide approvals; the attempt is audited.
    let id_text = id.to_string();
    let approve = [("action_id", id_text.as_str()), ("approve", "true")];
    assert_eq!(maya.call("list_approvals", &[]).await.status(), 403);
    let (status, body) = code(maya.call("decide_action", &approve).await).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")));
    let denials = s
        .state
        .storage
        .recent_audit_of("permission_denied", 10)
        .await
        .unwrap();
    assert!(denials.iter().any(|a| a.actor_label == MAYA), "{denials:?}");
    assert_eq!(
        s.state.storage.action(id).await.unwrap().status,
        ActionStatus::PendingApproval
    );

    // The supervisor approves; the agent hears it on her own topic.
    let (status, decided) = code(priya.call("decide_action", &approve).await).await;
    assert_eq!(status, 200, "{decided}");
    assert_eq!(decided["status"], "executed");
    let heard = next_action(&mut agent_socket).await;
    let heard = if heard.status == ActionStatus::PendingApproval {
        next_action(&mut agent_socket).await
    } else {
        heard
    };
    assert_eq!((heard.id, heard.status), (id, ActionStatus::Executed));
    assert_eq!(heard.decided_by_name.as_deref(), Some("Priya Raman"));
    // A second approval (double click) changes nothing; a late denial is a conflict.
    let (status, _) = code(priya.call("decide_action", &approve).await).await;
    assert_eq!(status, 200);
    let (status, body) = code(
        priya
            .call(
                "decide_action",
                &[
                    ("action_id", id_text.as_str()),
                    ("approve", "false"),
                    ("reason", "too late"),
                ],
            )
            .await,
    )
    .await;
    assert_eq!((status, body["code"].as_str()), (409, Some("conflict")));
    let credits = s
        .state
        .storage
        .customer_view(summary.customer_id, &viewer)
        .await
        .unwrap()
        .bookings
        .into_iter()
        .find(|b| b.id == booking)
        .unwrap()
        .payments
        .into_iter()
        .filter(|p| p.kind == "credit")
        .count();
    assert_eq!(credits, 1);
    // The case page gets its actions with the case.
    let (status, detail) = code(maya.call("get_case", &[("id", &case.0.to_string())]).await).await;
    assert_eq!(status, 200);
    assert_eq!(detail["actions"][0]["status"], "executed");
    s.stop().await;
}

async fn agents_run_trees_on_their_cases_and_only_supervisors_edit_them(backend: &str) {
    let s = TestServer::start(backend).await;
    let (case, _) = s.case_in("Billing").await;
    let maya = s.signed_in(MAYA).await;
    let (status, lib) = code(maya.call("list_trees", &[]).await).await;
    assert_eq!(status, 200);
    let refund = lib["trees"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["tree"]["slug"] == "refund-request")
        .unwrap()
        .clone();
    let tree_id = refund["id"].as_i64().unwrap().to_string();
    let case_id = case.0.to_string();
    // An outcome comes back with its template filled in and its action.
    let (status, step) = code(
        maya.call(
            "tree_step",
            &[
                ("case_id", &case_id),
                ("tree_id", &tree_id),
                ("node", "refund-second"),
                ("answer", "reached"),
            ],
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{step}");
    assert_eq!(step["action"], "refund");
    assert!(
        step["template"]["text"]
            .as_str()
            .unwrap()
            .contains("I've issued a refund"),
        "{step}"
    );
    // Ken does not work Billing: the case does not exist for him.
    let ken = s.signed_in(KEN).await;
    let (status, _) = code(
        ken.call(
            "tree_step",
            &[
                ("case_id", &case_id),
                ("tree_id", &tree_id),
                ("node", "twice"),
                ("answer", "Yes"),
            ],
        )
        .await,
    )
    .await;
    assert_eq!(status, 404);
    // Agents do not edit trees; supervisors do, and bad trees are refused by field.
    let mut tree = refund["tree"].clone();
    tree["name"] = json!("Refund request (edited)");
    let body = json!({"id": refund["id"], "tree": tree});
    let (status, _) = code(maya.call_json("save_tree", body.clone()).await).await;
    assert_eq!(status, 403);
    let priya = s.signed_in(PRIYA).await;
    let (status, saved) = code(priya.call_json("save_tree", body).await).await;
    assert_eq!((status, saved.as_i64()), (200, refund["id"].as_i64()));
    tree["nodes"][0]["answers"][0]["next"] = json!("gone");
    let (status, refused) = code(
        priya
            .call_json("save_tree", json!({"id": refund["id"], "tree": tree}))
            .await,
    )
    .await;
    assert_eq!(
        (status, refused["code"].as_str()),
        (422, Some("invalid_field"))
    );
    assert!(
        refused["detail"]["reason"]
            .as_str()
            .unwrap()
            .contains("leads to \"gone\""),
        "{refused}"
    );
    let (_, lib) = code(maya.call("list_trees", &[]).await).await;
    let now = lib["trees"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == refund["id"])
        .unwrap()
        .clone();
    assert_eq!(now["tree"]["name"], "Refund request (edited)");
    assert_eq!(now["tree"]["nodes"][0]["answers"][0]["next"], "check");
    s.stop().await;
}

async fn checklists_and_escalations_follow_the_case_permission(backend: &str) {
    let s = TestServer::start(backend).await;
    let (case, _) = s.case_in("Billing").await;
    let item = s.state.storage.case_checklist(case).await.unwrap()[0]
        .item_id
        .to_string();
    let id = case.0.to_string();
    let tick = [
        ("case_id", id.as_str()),
        ("item_id", item.as_str()),
        ("checked", "true"),
    ];
    let escalate = json!({"escalation": {"case_id": case.0, "queue_id": 5, "tier": "T2", "reason": "Chargeback threatened"}});
    // Ken does not work Billing: neither ticks nor escalates, and learns nothing.
    let ken = s.signed_in(KEN).await;
    assert_eq!(ken.call("tick_check", &tick).await.status(), 404);
    assert_eq!(
        ken.call_json("escalate_case", escalate.clone())
            .await
            .status(),
        404
    );
    assert!(s.state.storage.case_checklist(case).await.unwrap()[0]
        .checked_by_name
        .is_none());
    // Agents do not change checklists.
    let maya = s.signed_in(MAYA).await;
    assert_eq!(
        maya.call(
            "save_checklist",
            &[("queue_id", "2"), ("items", "Anything")]
        )
        .await
        .status(),
        403
    );
    let (status, list) = code(maya.call("tick_check", &tick).await).await;
    assert_eq!(status, 200);
    assert_eq!(list[0]["checked_by_name"], "Maya Okafor");
    let (status, body) = code(
        maya.call_json(
            "escalate_case",
            json!({"escalation": {"case_id": case.0, "queue_id": 5, "reason": ""}}),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, body["detail"]["field"].as_str()),
        (422, Some("reason"))
    );
    let (status, moved) = code(maya.call_json("escalate_case", escalate).await).await;
    assert_eq!(status, 200, "{moved}");
    assert_eq!(
        (moved["queue_name"].as_str(), moved["tier"].as_str()),
        (Some("Escalations"), Some("T2"))
    );
    assert_eq!(s.state.storage.escalation_count(case).await.unwrap(), 1);
    s.stop().await;
}
