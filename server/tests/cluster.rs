//! Two `switchboard` processes on one PostgreSQL: a reply on node A reaches a
//! socket on node B, and so does who is typing on a case.

mod common;

use app::domain::activity::Doing;
use app::domain::{EventKind, ServerFrame};
use app::testing::TestDb;
use common::process::Node;
use common::{Client, LEO, MAYA};

#[tokio::test]
async fn a_reply_on_one_node_reaches_a_socket_on_the_other() {
    let db = TestDb::postgres().await;
    let a = Node::start(&db.url);
    a.ready().await; // seeded by A before B starts
    let b = Node::start(&db.url);
    b.ready().await;
    let storage = db.open().await.unwrap();
    let sup = storage
        .find_user_by_email("priya@demo.switchboard")
        .await
        .unwrap()
        .unwrap();
    let scope = app::storage::cases::CaseScope {
        user: app::domain::UserId(sup.id),
        all_queues: true,
    };
    let case = storage
        .list_open_cases(scope, 1000)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.queue_name == "Bookings")
        .unwrap();

    let leo_on_b = Client::signed_in(b.addr.parse().unwrap(), LEO).await;
    let mut sock = leo_on_b.socket().await;
    assert!(matches!(
        sock.subscribe(&format!("case:{}", case.id), None).await,
        ServerFrame::Subscribed { .. }
    ));

    let maya_on_a = Client::signed_in(a.addr.parse().unwrap(), MAYA).await;
    for i in 0..3 {
        let r = maya_on_a
            .reply(
                case.id,
                &format!("from node A #{i}"),
                &format!("node-a-reply-{i:03}"),
            )
            .await;
        assert_eq!(r.status(), 200);
    }
    let mut bodies = Vec::new();
    while bodies.len() < 3 {
        if let ServerFrame::Event(e) = sock.next_frame().await {
            if let EventKind::EntryAdded { entry, .. } = e.kind {
                bodies.push(entry.body);
            }
        }
    }
    assert_eq!(
        bodies,
        vec!["from node A #0", "from node A #1", "from node A #2"]
    );

    // Maya types on the case through node A; Leo's socket on node B hears it,
    // and hears her leave when her socket closes.
    let mut maya_sock = maya_on_a.socket().await;
    assert!(matches!(
        maya_sock
            .subscribe(&format!("case:{}", case.id), None)
            .await,
        ServerFrame::Subscribed { .. }
    ));
    maya_sock
        .send_json(serde_json::json!({"t": "activity", "case_id": case.id.0, "doing": "typing"}))
        .await;
    let heard = loop {
        if let ServerFrame::Activity(a) = sock.next_frame().await {
            break a;
        }
    };
    assert_eq!(
        (heard.case_id, heard.name.as_str(), heard.doing),
        (case.id, "Maya Okafor", Doing::Typing)
    );
    drop(maya_sock);
    let left = loop {
        if let ServerFrame::Activity(a) = sock.next_frame().await {
            break a;
        }
    };
    assert_eq!(
        (left.name.as_str(), left.doing),
        ("Maya Okafor", Doing::Left)
    );
    storage.close().await;
    drop((a, b));
    db.drop_db().await;
}
