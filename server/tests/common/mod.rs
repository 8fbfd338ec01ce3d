//! A real Switchboard on port 0 against a fresh, migrated and seeded database,
//! and an HTTP/WebSocket client that talks to it as a browser would.
#![allow(dead_code)]

pub mod process;

use app::domain::{CaseId, QueueId, ServerFrame};
use app::settings::Settings;
use app::state::AppState;
use app::testing::TestDb;
use futures::{SinkExt, StreamExt};
use std::net::SocketAddr;
use std::time::Duration;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

pub const PASSWORD: &str = app::storage::seed::DEMO_PASSWORD;
/// Bookings and Billing.
pub const MAYA: &str = "maya@demo.switchboard";
/// Bookings only.
pub const LEO: &str = "leo@demo.switchboard";
/// Account Access only.
pub const KEN: &str = "ken@demo.switchboard";

pub struct TestServer {
    pub addr: SocketAddr,
    pub state: AppState,
    pub db: TestDb,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

pub fn leptos_options() -> leptos::config::LeptosOptions {
    server::site::load(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../Leptos.toml"
    )))
    .expect("Leptos.toml")
}

impl TestServer {
    pub async fn start(backend: &str) -> TestServer {
        let db = TestDb::new(backend).await;
        Self::start_on(db).await
    }

    pub async fn start_on(db: TestDb) -> TestServer {
        Self::start_with_time(db, app::storage::TimeSource::system()).await
    }

    /// A server whose storage reads the time from `time` (tests move it).
    pub async fn start_with_time(db: TestDb, time: app::storage::TimeSource) -> TestServer {
        Self::start_with(db, time, &[]).await
    }

    /// A server with some settings other than the defaults (`SWITCHBOARD_*` names).
    pub async fn start_with(
        db: TestDb,
        time: app::storage::TimeSource,
        env: &[(&str, &str)],
    ) -> TestServer {
        let settings = Settings::from_lookup(|k| match k {
            "DATABASE_URL" => Some(db.url.clone()),
            "SWITCHBOARD_ADDR" => Some("127.0.0.1:0".into()),
            _ => env
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string()),
        })
        .expect("settings");
        let state = server::prepare_with_time(settings, time)
            .await
            .expect("prepare");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let router = server::router(state.clone(), leptos_options());
        tokio::spawn(server::serve(listener, router, async move {
            let _ = rx.await;
        }));
        TestServer {
            addr,
            state,
            db,
            shutdown: Some(tx),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A client with its own cookie jar, like a separate browser.
    pub fn client(&self) -> Client {
        Client::new(self.addr)
    }

    /// A signed-in client.
    pub async fn signed_in(&self, email: &str) -> Client {
        Client::signed_in(self.addr, email).await
    }

    /// The first open case of a queue, by queue name.
    pub async fn case_in(&self, queue: &str) -> (CaseId, QueueId) {
        let sup = self
            .state
            .storage
            .find_user_by_email("priya@demo.switchboard")
            .await
            .unwrap()
            .unwrap();
        let cases = self
            .state
            .storage
            .list_open_cases(
                app::storage::cases::CaseScope {
                    user: app::domain::UserId(sup.id),
                    all_queues: true,
                },
                10_000,
            )
            .await
            .unwrap();
        let c = cases
            .iter()
            .find(|c| c.queue_name == queue)
            .unwrap_or_else(|| panic!("no open case in {queue}"));
        (c.id, c.queue_id)
    }

    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        self.state.storage.close().await;
        self.db.drop_db().await;
    }
}

pub struct Client {
    pub http: reqwest::Client,
    pub jar: std::sync::Arc<reqwest::cookie::Jar>,
    pub base: String,
    pub origin: String,
    pub addr: SocketAddr,
}

impl Client {
    /// A client of the server at `addr`, with its own cookie jar.
    pub fn new(addr: SocketAddr) -> Client {
        let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
        Client {
            http: reqwest::Client::builder()
                .cookie_provider(jar.clone())
                .build()
                .expect("client"),
            jar,
            base: format!("http://{addr}"),
            origin: format!("http://{addr}"),
            addr,
        }
    }

    /// A client signed in as `email` with the demo password.
    pub async fn signed_in(addr: SocketAddr, email: &str) -> Client {
        let c = Client::new(addr);
        let r = c.login(email, PASSWORD).await;
        assert_eq!(
            r.status(),
            200,
            "login as {email}: {}",
            r.text().await.unwrap_or_default()
        );
        c
    }

    /// Calls a server function with form arguments, from the desk's own origin.
    pub async fn call(&self, endpoint: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.http
            .post(format!("{}/api/{endpoint}", self.base))
            .header("origin", &self.origin)
            .form(form)
            .send()
            .await
            .expect("request")
    }

    /// Calls a server function that takes JSON, from the desk's own origin.
    pub async fn call_json(&self, endpoint: &str, body: serde_json::Value) -> reqwest::Response {
        self.http
            .post(format!("{}/api/{endpoint}", self.base))
            .header("origin", &self.origin)
            .json(&body)
            .send()
            .await
            .expect("request")
    }

    /// The caller's default inbox (their own open cases).
    pub async fn inbox(&self) -> reqwest::Response {
        self.call_json("list_inbox", serde_json::json!({})).await
    }

    pub async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        self.call("login", &[("email", email), ("password", password)])
            .await
    }

    pub async fn reply(&self, case: CaseId, body: &str, client_id: &str) -> reqwest::Response {
        let id = case.0.to_string();
        self.call(
            "post_reply",
            &[
                ("case_id", &id),
                ("body", body),
                ("client_id", client_id),
                ("note", "false"),
            ],
        )
        .await
    }

    /// The session cookie header, to hand to a WebSocket.
    pub fn cookie(&self) -> Option<reqwest::header::HeaderValue> {
        use reqwest::cookie::CookieStore;
        self.jar.cookies(&self.base.parse().expect("url"))
    }

    /// Tries to open `/ws` with this client's session and `origin`.
    pub async fn try_socket(
        &self,
        origin: &str,
    ) -> Result<Socket, tokio_tungstenite::tungstenite::Error> {
        let mut req = format!("ws://{}/ws", self.addr)
            .into_client_request()
            .expect("request");
        req.headers_mut().insert("origin", origin.parse().unwrap());
        if let Some(cookie) = self.cookie() {
            req.headers_mut()
                .insert("cookie", cookie.to_str().unwrap().parse().unwrap());
        }
        // A small read buffer, as the server's: tungstenite zeroes its read
        // buffer's spare room (128 KiB by default) on each read, which made the
        // benchmarks' 1,000 sockets measure their own memset.
        let config = tokio_tungstenite::tungstenite::protocol::WebSocketConfig::default()
            .read_buffer_size(4 * 1024);
        let (ws, _) =
            tokio_tungstenite::connect_async_with_config(req, Some(config), false).await?;
        Ok(Socket { ws })
    }

    /// Opens `/ws` with this client's session and the desk's origin; waits for `hello`.
    pub async fn socket(&self) -> Socket {
        let mut s = self
            .try_socket(&self.origin.clone())
            .await
            .expect("websocket");
        match s.next_frame().await {
            ServerFrame::Hello { .. } => s,
            other => panic!("expected hello, got {other:?}"),
        }
    }
}

pub struct Socket {
    pub ws: tokio_tungstenite::WebSocketStream<
        tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
    >,
}

impl Socket {
    pub async fn send_json(&mut self, v: serde_json::Value) {
        self.ws
            .send(Message::Text(v.to_string().into()))
            .await
            .expect("send");
    }

    /// The next protocol frame (skipping pings), within 5 s.
    /// The next text frame as it arrived, unparsed.
    pub async fn next_text(&mut self) -> String {
        loop {
            let msg = tokio::time::timeout(Duration::from_secs(5), self.ws.next())
                .await
                .expect("a frame within 5 s")
                .expect("socket open")
                .expect("frame");
            match msg {
                Message::Text(t) => return t.to_string(),
                Message::Ping(_) | Message::Pong(_) => continue,
                other => panic!("unexpected {other:?}"),
            }
        }
    }

    pub async fn next_frame(&mut self) -> ServerFrame {
        let text = self.next_text().await;
        serde_json::from_str(&text).expect("server frame")
    }

    pub async fn subscribe(&mut self, topic: &str, since: Option<i64>) -> ServerFrame {
        let mut v = serde_json::json!({"t": "subscribe", "topic": topic});
        if let Some(s) = since {
            v["since"] = s.into();
        }
        self.send_json(v).await;
        self.next_frame().await
    }

    /// Whether the server closed the socket within 5 s.
    pub async fn closed(&mut self) -> bool {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        loop {
            match tokio::time::timeout_at(deadline, self.ws.next()).await {
                Err(_) => return false,
                Ok(None) | Ok(Some(Err(_))) | Ok(Some(Ok(Message::Close(_)))) => return true,
                Ok(Some(Ok(_))) => continue,
            }
        }
    }
}
