//! The admin server functions over HTTP, on SQLite and PostgreSQL: admins only,
//! a bad field refused by name with nothing saved, every change audited and in
//! effect at once; templates for agents, within their queues.

mod common;

use app::domain::{Channel, CustomerId, Priority};
use app::storage::intake::Intake;
use common::{TestServer, MAYA};
use serde_json::Value;

const ADMIN: &str = "admin@demo.switchboard";

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite { $( #[tokio::test] async fn $name() { super::$name("sqlite").await } )* }
        mod postgres { $( #[tokio::test] async fn $name() { super::$name("postgres").await } )* }
    };
}

on_both_backends!(
    only_admins_change_settings_and_denials_are_audited,
    a_refused_field_is_named_and_nothing_is_saved,
    a_saved_rule_is_audited_and_triages_the_next_case_at_once,
    automation_and_sla_changes_apply_without_a_restart,
    agents_fill_in_templates_only_on_cases_they_may_see,
);

async fn json(r: reqwest::Response) -> (u16, Value) {
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

fn rule_form<'a>(
    name: &'a str,
    phrases: &'a str,
    pattern: &'a str,
    queue: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("id", "0"),
        ("position", "5"),
        ("name", name),
        ("enabled", "on"),
        ("phrases", phrases),
        ("phrase_mode", "any"),
        ("pattern", pattern),
        ("channels", ""),
        ("customer_tiers", ""),
        ("languages", ""),
        ("queue", queue),
        ("priority", "P1"),
        ("tier", ""),
        ("tags", "flux"),
    ]
}

async fn only_admins_change_settings_and_denials_are_audited(backend: &str) {
    let server = TestServer::start(backend).await;
    let agent = server.signed_in(MAYA).await;
    let before = server.state.storage.triage_rules().await.unwrap().len();
    let (status, body) = json(
        agent
            .call("save_triage_rule", &rule_form("Sneaky", "refund", "", ""))
            .await,
    )
    .await;
    assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")));
    assert_eq!(
        server.state.storage.triage_rules().await.unwrap().len(),
        before
    );
    let (status, _) = json(agent.call("admin_sla", &[]).await).await;
    assert_eq!(status, 403);
    let denials = server
        .state
        .storage
        .recent_audit_of("permission_denied", 10)
        .await
        .unwrap();
    assert!(denials.iter().any(|d| d.actor_label == MAYA));
    // Signed out: 401.
    let (status, _) = json(server.client().call("admin_routing", &[]).await).await;
    assert_eq!(status, 401);
    server.stop().await;
}

async fn a_refused_field_is_named_and_nothing_is_saved(backend: &str) {
    let server = TestServer::start(backend).await;
    let admin = server.signed_in(ADMIN).await;
    let before = server.state.storage.triage_rules().await.unwrap().len();
    let (status, body) = json(
        admin
            .call(
                "save_triage_rule",
                &rule_form("Broken", "", "(unclosed", ""),
            )
            .await,
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(body["code"], "invalid_field");
    assert_eq!(body["detail"]["field"], "pattern");
    assert!(body["detail"]["reason"]
        .as_str()
        .unwrap()
        .contains("not a valid regular expression"));
    assert_eq!(
        server.state.storage.triage_rules().await.unwrap().len(),
        before
    );
    // A calendar with no working hours and not 24/7.
    let mut cal = vec![
        ("id", "0"),
        ("name", "Closed"),
        ("tz", "Europe/Lisbon"),
        ("holidays", ""),
    ];
    for d in [
        "hours_mon",
        "hours_tue",
        "hours_wed",
        "hours_thu",
        "hours_fri",
        "hours_sat",
        "hours_sun",
    ] {
        cal.push((d, ""));
    }
    let (status, body) = json(admin.call("save_calendar", &cal).await).await;
    assert_eq!(
        (status, body["detail"]["field"].as_str()),
        (422, Some("hours"))
    );
    cal[2] = ("tz", "Mars/Olympus");
    cal.push(("always_open", "on"));
    let (_, body) = json(admin.call("save_calendar", &cal).await).await;
    assert_eq!(body["detail"]["field"], "tz");
    assert_eq!(server.state.storage.calendars().await.unwrap().len(), 2);
    // A template with an unknown variable: the known ones are listed.
    let (status, body) = json(
        admin
            .call(
                "save_template",
                &[
                    ("id", "0"),
                    ("name", "Nick"),
                    ("shortcut", ""),
                    ("queue", ""),
                    ("body", "Hi {{customer.nickname}}"),
                ],
            )
            .await,
    )
    .await;
    assert_eq!(
        (status, body["detail"]["field"].as_str()),
        (422, Some("body"))
    );
    assert!(body["detail"]["reason"]
        .as_str()
        .unwrap()
        .contains("known variables: customer.first_name"));
    assert_eq!(
        server
            .state
            .storage
            .templates("", None)
            .await
            .unwrap()
            .len(),
        30
    );
    // A policy target that is not a duration.
    let (status, body) = json(
        admin
            .call(
                "save_sla_policy",
                &[
                    ("id", "4"),
                    ("name", "P3"),
                    ("priority", "P3"),
                    ("channel", ""),
                    ("tier", ""),
                    ("first_response", "soon"),
                    ("next_update", ""),
                    ("resolution", "1d"),
                    ("calendar_id", "2"),
                ],
            )
            .await,
    )
    .await;
    assert_eq!(
        (status, body["detail"]["field"].as_str()),
        (422, Some("first_response"))
    );
    server.stop().await;
}

async fn a_saved_rule_is_audited_and_triages_the_next_case_at_once(backend: &str) {
    let server = TestServer::start(backend).await;
    let admin = server.signed_in(ADMIN).await;
    let billing = server
        .state
        .storage
        .queues()
        .await
        .unwrap()
        .into_iter()
        .find(|q| q.name == "Billing")
        .unwrap()
        .id;
    // Warm the triage cache first: the save must clear it.
    server.state.storage.triage().await.unwrap();
    let queue = billing.0.to_string();
    let (status, id) = json(
        admin
            .call(
                "save_triage_rule",
                &rule_form("Flux", "flux capacitor", "", &queue),
            )
            .await,
    )
    .await;
    assert_eq!(status, 200, "{id}");
    let id = id.as_i64().unwrap();
    let changes = server
        .state
        .storage
        .recent_audit_of("admin_change", 10)
        .await
        .unwrap();
    assert_eq!(changes[0].target, format!("triage_rule:{id}"));
    assert_eq!(changes[0].actor_label, ADMIN);
    assert!(changes[0].detail.contains("flux capacitor"));
    let opened = server
        .state
        .storage
        .open_case(&Intake {
            customer_id: CustomerId(3),
            channel: Channel::Email,
            subject: "Broken part",
            message: "The flux capacitor is making noises",
            client_id: None,
            default_queue: app::domain::QueueId(1),
        })
        .await
        .unwrap();
    assert_eq!(
        (opened.case.queue_id, opened.case.priority),
        (billing, Priority::P1)
    );
    assert!(opened.decision.matched.contains(&id));
    server.stop().await;
}

async fn automation_and_sla_changes_apply_without_a_restart(backend: &str) {
    let server = TestServer::start(backend).await;
    let admin = server.signed_in(ADMIN).await;
    server.state.storage.automation().await.unwrap();
    let form = [
        ("close_solved_after", "2d"),
        ("pending_remind_after", "24h"),
        ("pending_solve_after", "36h"),
        ("duplicate_window", "12h"),
        ("reroute_grace", "10m"),
    ];
    let (status, _) = json(admin.call("save_automation", &form).await).await;
    assert_eq!(status, 200);
    let a = server.state.storage.automation().await.unwrap();
    assert_eq!(a.close_solved_after_ms, 2 * 86_400_000);
    assert_eq!(a.reroute_grace_ms, 600_000);
    let mut bad = form;
    bad[4] = ("reroute_grace", "0m");
    let (status, body) = json(admin.call("save_automation", &bad).await).await;
    assert_eq!(
        (status, body["detail"]["field"].as_str()),
        (422, Some("reroute_grace"))
    );
    assert_eq!(
        server
            .state
            .storage
            .automation()
            .await
            .unwrap()
            .reroute_grace_ms,
        600_000
    );
    // P3 first response from 4 h to 2 h.
    server.state.storage.sla_config().await.unwrap();
    let (status, _) = json(
        admin
            .call(
                "save_sla_policy",
                &[
                    ("id", "4"),
                    ("name", "P3: degraded"),
                    ("priority", "P3"),
                    ("channel", ""),
                    ("tier", ""),
                    ("first_response", "2h"),
                    ("next_update", ""),
                    ("resolution", "1d"),
                    ("calendar_id", "2"),
                ],
            )
            .await,
    )
    .await;
    assert_eq!(status, 200);
    let config = server.state.storage.sla_config().await.unwrap();
    let p3 = config.policies.iter().find(|p| p.id == 4).unwrap();
    assert_eq!(p3.targets.first_response_ms, Some(2 * 3_600_000));
    server.stop().await;
}

async fn agents_fill_in_templates_only_on_cases_they_may_see(backend: &str) {
    let server = TestServer::start(backend).await;
    let maya = server.signed_in(MAYA).await; // Bookings and Billing
    let (mine, _) = server.case_in("Bookings").await;
    let (theirs, _) = server.case_in("Roadside").await;
    let greeting = server
        .state
        .storage
        .templates("Greeting", None)
        .await
        .unwrap()
        .remove(0);
    let id = greeting.id.to_string();
    let (status, body) = json(
        maya.call(
            "render_template",
            &[("id", &id), ("case_id", &mine.0.to_string())],
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let text = body["text"].as_str().unwrap();
    assert!(text.contains("I'm Maya"), "{text}");
    assert!(text.contains(&format!("#{mine}")));
    let (status, _) = json(
        maya.call(
            "render_template",
            &[("id", &id), ("case_id", &theirs.0.to_string())],
        )
        .await,
    )
    .await;
    assert_eq!(status, 404, "another queue's case is not found");
    let (status, list) = json(
        maya.call(
            "list_templates",
            &[("search", "refund"), ("case_id", &mine.0.to_string())],
        )
        .await,
    )
    .await;
    assert_eq!(status, 200);
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["name"] == "Refund issued"));
    server.stop().await;
}
