//! End to end through a real server: a customer's message opens a case that is
//! triaged and routed to an eligible agent, and the SLA warning and breach
//! reach a supervisor's socket when the (injected) clock says so.

mod common;

use app::domain::{Channel, CustomerId, EventKind, Presence, Priority, ServerFrame, UserId};
use app::engine::sla::{ClockKind, Threshold};
use app::storage::intake::Intake;
use app::storage::TimeSource;
use app::testing::TestDb;
use common::TestServer;

const MINUTE: i64 = 60_000;

/// Monday 23 November 2026, 10:00 in Berlin: office hours.
const MONDAY_10_BERLIN: i64 = 1_795_424_400_000;

async fn next_event(socket: &mut common::Socket) -> EventKind {
    loop {
        if let ServerFrame::Event(e) = socket.next_frame().await {
            return e.kind;
        }
    }
}

async fn message_to_warning_and_breach(backend: &str) {
    let time = TimeSource::manual(MONDAY_10_BERLIN);
    let server = TestServer::start_with_time(TestDb::new(backend).await, time.clone()).await;
    let storage = &server.state.storage;
    let maya = UserId(
        storage
            .find_user_by_email(common::MAYA)
            .await
            .unwrap()
            .unwrap()
            .id,
    );
    storage.set_presence(maya, Presence::Online).await.unwrap();
    let supervisor = server.signed_in("priya@demo.switchboard").await;
    let mut socket = supervisor.socket().await;
    assert!(matches!(
        socket.subscribe("supervisor", None).await,
        ServerFrame::Subscribed { .. }
    ));

    // The customer writes in (the widget's and email's intake call).
    let opened = storage
        .open_case(&Intake {
            customer_id: CustomerId(1),
            channel: Channel::Email,
            subject: "Charged twice",
            message: "Hello, you charged twice my card for booking 4411.",
            client_id: Some("m-1"),
            default_queue: app::domain::QueueId(1),
        })
        .await
        .unwrap();
    server.state.hub.committed(&opened.events);
    let case = opened.case.id;
    match next_event(&mut socket).await {
        EventKind::CaseCreated { case: c } => {
            assert_eq!(
                (c.id, c.queue_name.as_str(), c.priority),
                (case, "Billing", Priority::P2)
            );
            assert_eq!(
                c.assignee_id,
                Some(maya),
                "routed to the online Billing agent"
            );
        }
        other => panic!("expected the new case, got {other:?}"),
    }

    // 47 minutes in: only the 50 % mark of this case has passed (it is already
    // assigned, so it changes nothing); the warning is at 48 of the 60. (The demo
    // cases' own clocks fire meanwhile; only this case's are looked at.)
    time.set(MONDAY_10_BERLIN + 47 * MINUTE);
    let r = server::scheduler::run_once(&server.state).await.unwrap();
    let ours: Vec<_> = r.fired.iter().filter(|f| f.case_id == case).collect();
    assert!(
        !ours.is_empty() && ours.iter().all(|f| f.threshold == Threshold::Half),
        "{ours:?}"
    );
    time.set(MONDAY_10_BERLIN + 48 * MINUTE);
    server::scheduler::run_once(&server.state).await.unwrap();
    let warning = loop {
        if let EventKind::SlaWarning { case: c, clock } = next_event(&mut socket).await {
            if c.id == case {
                break (c.id, c.priority, clock);
            }
        }
    };
    assert_eq!(warning, (case, Priority::P1, ClockKind::FirstResponse));
    // Raised to P1, whose 15-minute first response is long gone: breached.
    server::scheduler::run_once(&server.state).await.unwrap();
    let breach = loop {
        if let EventKind::SlaBreached { case: c, clock } = next_event(&mut socket).await {
            if c.id == case {
                break (c.id, clock);
            }
        }
    };
    assert_eq!(breach, (case, ClockKind::FirstResponse));
    server.stop().await;
}

#[tokio::test]
async fn sqlite_message_to_warning_and_breach() {
    message_to_warning_and_breach("sqlite").await;
}

#[tokio::test]
async fn postgres_message_to_warning_and_breach() {
    message_to_warning_and_breach("postgres").await;
}
