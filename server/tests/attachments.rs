//! Files on messages against a real server, on SQLite and PostgreSQL: only
//! images and PDFs up to 5 MB, stored under a server-chosen name, linked to a
//! reply, served with headers that keep the browser from running them, and
//! only to people who may see the case.

mod common;

use common::{Client, TestServer, KEN, LEO, MAYA};
use serde_json::Value;

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite { $( #[tokio::test] async fn $name() { super::$name("sqlite").await } )* }
        mod postgres { $( #[tokio::test] async fn $name() { super::$name("postgres").await } )* }
    };
}

on_both_backends!(
    a_file_goes_with_a_reply_and_is_served_safely_to_the_case_only,
    bad_files_and_bad_callers_are_refused_and_nothing_is_stored,
);

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR-not-a-real-image";

async fn upload(c: &Client, case: i64, name: &str, body: Vec<u8>) -> (u16, Value) {
    let r = c
        .http
        .post(format!("{}/api/cases/{case}/attachments", c.base))
        .header("origin", &c.origin)
        .header("x-filename", name)
        .body(body)
        .send()
        .await
        .expect("request");
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn download(c: &Client, token: &str) -> reqwest::Response {
    c.http
        .get(format!("{}/attachments/{token}", c.base))
        .send()
        .await
        .expect("request")
}

async fn a_file_goes_with_a_reply_and_is_served_safely_to_the_case_only(backend: &str) {
    let s = TestServer::start(backend).await;
    let (case, _) = s.case_in("Bookings").await;
    let maya = s.signed_in(MAYA).await; // Bookings, Billing
    let leo = s.signed_in(LEO).await; // Bookings
    let ken = s.signed_in(KEN).await; // Account Access

    let (status, file) = upload(&maya, case.0, "..%2Fscratch%20photo.png", PNG.to_vec()).await;
    assert_eq!(status, 201, "{file}");
    let token = file["token"].as_str().unwrap().to_owned();
    assert_eq!(token.len(), 32);
    assert_eq!(file["filename"], "scratch photo.png", "the path is dropped");
    assert_eq!(
        (file["content_type"].as_str(), file["size"].as_i64()),
        (Some("image/png"), Some(PNG.len() as i64))
    );

    // Before it is sent, only the uploader may fetch it.
    assert_eq!(download(&maya, &token).await.status(), 200);
    assert_eq!(download(&leo, &token).await.status(), 404);

    let r = maya
        .call(
            "post_reply",
            &[
                ("case_id", &case.0.to_string()),
                ("body", "Here is the photo of the scratch."),
                ("client_id", "reply-with-photo-1"),
                ("note", "false"),
                ("attachments", &token),
            ],
        )
        .await;
    assert_eq!(r.status(), 200);
    let entry: Value = r.json().await.unwrap();
    assert_eq!(entry["attachments"][0]["token"], token.as_str());
    // The case's timeline shows it to everyone who may read the case.
    let entries = s.state.storage.case_entries(case).await.unwrap();
    let sent = entries
        .iter()
        .find(|e| e.body == "Here is the photo of the scratch.")
        .unwrap();
    assert_eq!(sent.attachments.len(), 1);

    let r = download(&leo, &token).await;
    assert_eq!(r.status(), 200);
    let h = r.headers();
    assert_eq!(h["content-type"], "image/png");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert!(h["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("sandbox"));
    assert!(h["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("inline; filename=\"scratch photo.png\""));
    assert_eq!(r.bytes().await.unwrap().as_ref(), PNG);
    // Another queue's agent, a stranger, or a made-up token: nothing.
    assert_eq!(download(&ken, &token).await.status(), 404);
    assert_eq!(download(&s.client(), &token).await.status(), 401);
    assert_eq!(
        download(&maya, "0123456789abcdef0123456789abcdef")
            .await
            .status(),
        404
    );
    assert_eq!(download(&maya, "../../etc/passwd").await.status(), 404);

    // A PDF is offered as a download, never shown inline.
    let (status, pdf) = upload(&maya, case.0, "invoice.exe", b"%PDF-1.7 tiny".to_vec()).await;
    assert_eq!(status, 201);
    assert_eq!(pdf["filename"], "invoice.exe.pdf");
    let r = download(&maya, pdf["token"].as_str().unwrap()).await;
    assert!(r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment;"));

    // A token already sent cannot go with a second message.
    let r = maya
        .call(
            "post_reply",
            &[
                ("case_id", &case.0.to_string()),
                ("body", "Again"),
                ("client_id", "reply-with-photo-2"),
                ("note", "false"),
                ("attachments", &token),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    let after = s.state.storage.case_entries(case).await.unwrap();
    assert_eq!(after.len(), entries.len(), "nothing was written");
    s.stop().await;
}

async fn bad_files_and_bad_callers_are_refused_and_nothing_is_stored(backend: &str) {
    let s = TestServer::start(backend).await;
    let (case, _) = s.case_in("Bookings").await;
    let maya = s.signed_in(MAYA).await;
    let ken = s.signed_in(KEN).await;

    let (status, body) = upload(&maya, case.0, "notes.txt", b"just text".to_vec()).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("invalid_field"))
    );
    assert!(body["detail"]["reason"]
        .as_str()
        .unwrap()
        .contains("Only images"));
    let (status, _) = upload(&maya, case.0, "x.svg", b"<svg onload=alert(1)>".to_vec()).await;
    assert_eq!(status, 422);
    let (status, _) = upload(&maya, case.0, "empty.png", Vec::new()).await;
    assert_eq!(status, 422);
    let mut big = b"%PDF-".to_vec();
    big.resize(5 * 1024 * 1024 + 10, b'x');
    let (status, body) = upload(&maya, case.0, "big.pdf", big).await;
    assert_eq!(status, 413, "{body}");
    let (status, _) = upload(&ken, case.0, "photo.png", PNG.to_vec()).await;
    assert_eq!(status, 404, "another queue's case");
    let (status, _) = upload(&s.client(), case.0, "photo.png", PNG.to_vec()).await;
    assert_eq!(status, 401);
    // From another site: refused before anything is read.
    let r = maya
        .http
        .post(format!("{}/api/cases/{}/attachments", maya.base, case.0))
        .header("origin", "https://evil.example")
        .body(PNG.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    // A reply naming a file that does not exist changes nothing.
    let before = s.state.storage.case_entries(case).await.unwrap().len();
    let r = maya
        .call(
            "post_reply",
            &[
                ("case_id", &case.0.to_string()),
                ("body", "With a ghost file"),
                ("client_id", "ghost-file-reply"),
                ("note", "false"),
                ("attachments", "0123456789abcdef0123456789abcdef"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    let r = maya
        .call(
            "post_reply",
            &[
                ("case_id", &case.0.to_string()),
                ("body", "With a bad reference"),
                ("client_id", "bad-file-reply"),
                ("note", "false"),
                ("attachments", "../x"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    assert_eq!(
        s.state.storage.case_entries(case).await.unwrap().len(),
        before
    );
    s.stop().await;
}
