//! Kill -9 in the middle of 500 concurrent replies: every acknowledged reply survives
//! exactly once, retries write nothing twice, and the SQLite file is intact.

mod common;

use app::testing::TestDb;
use common::process::Node;
use common::{Client, MAYA};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

const REPLIES: usize = 500;

async fn send_all(
    client: Arc<Client>,
    case: app::domain::CaseId,
    acked: Arc<AtomicUsize>,
) -> HashMap<usize, i64> {
    let mut tasks = Vec::new();
    for chunk in (0..REPLIES).collect::<Vec<_>>().chunks(REPLIES / 32) {
        let (client, acked, chunk) = (client.clone(), acked.clone(), chunk.to_vec());
        tasks.push(tokio::spawn(async move {
            let mut ok = HashMap::new();
            for i in chunk {
                let r = client
                    .http
                    .post(format!("{}/api/post_reply", client.base))
                    .header("origin", &client.origin)
                    .form(&[
                        ("case_id", case.0.to_string()),
                        ("body", format!("crash test reply {i}")),
                        ("client_id", format!("crash-test-{i:05}")),
                        ("note", "false".into()),
                    ])
                    .send()
                    .await;
                let Ok(r) = r else { break };
                if r.status() != 200 {
                    break;
                }
                let Ok(v) = r.json::<serde_json::Value>().await else {
                    break;
                };
                ok.insert(i, v["id"].as_i64().unwrap());
                acked.fetch_add(1, Ordering::SeqCst);
            }
            ok
        }));
    }
    let mut all = HashMap::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    all
}

#[tokio::test]
async fn acknowledged_replies_survive_a_kill_and_retries_write_once() {
    let db = TestDb::sqlite();
    let mut node = Node::start(&db.url);
    node.ready().await;
    let case = {
        let s = db.open().await.unwrap();
        let sup = s
            .find_user_by_email("priya@demo.switchboard")
            .await
            .unwrap()
            .unwrap();
        let scope = app::storage::cases::CaseScope {
            user: app::domain::UserId(sup.id),
            all_queues: true,
        };
        let c = s
            .list_open_cases(scope, 1000)
            .await
            .unwrap()
            .into_iter()
            .find(|c| c.queue_name == "Bookings")
            .unwrap();
        s.close().await;
        c.id
    };
    let client = Arc::new(Client::signed_in(node.addr.parse().unwrap(), MAYA).await);
    let acked = Arc::new(AtomicUsize::new(0));
    let sending = tokio::spawn(send_all(client, case, acked.clone()));
    while acked.load(Ordering::SeqCst) < 100 {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    node.kill(); // SIGKILL
    let first = sending.await.unwrap();
    assert!(
        first.len() >= 100 && first.len() < REPLIES,
        "killed midway: {} acknowledged",
        first.len()
    );

    let node = Node::start(&db.url);
    node.ready().await;
    let client = Arc::new(Client::signed_in(node.addr.parse().unwrap(), MAYA).await);
    let second = send_all(client, case, Arc::new(AtomicUsize::new(0))).await;
    assert_eq!(second.len(), REPLIES, "every resend is acknowledged");
    for (i, id) in &first {
        assert_eq!(
            second[i], *id,
            "reply {i} was acknowledged before the kill and kept its entry"
        );
    }
    drop(node);

    let s = db.open().await.unwrap();
    let entries = s.case_entries(case).await.unwrap();
    for i in 0..REPLIES {
        let n = entries
            .iter()
            .filter(|e| e.body == format!("crash test reply {i}"))
            .count();
        assert_eq!(n, 1, "reply {i} stored exactly once");
    }
    assert_eq!(s.integrity_check().await.unwrap(), "ok");
    s.close().await;
    db.drop_db().await;
}
