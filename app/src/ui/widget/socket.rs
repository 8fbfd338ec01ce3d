//! The widget's live connection to `/widget/ws`: says who the visitor is in
//! its first frame, hands every frame to the chat, carries "typing", and
//! reconnects with a growing pause when the network drops. Outside the
//! widget's own bundle it does nothing.

use crate::domain::chat::VisitorFrame;

/// What the chat asks of the connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    Typing,
    /// Drop the connection and open a new one (the visitor's chat changed).
    Reconnect,
}

/// The way to ask things of a running connection.
#[derive(Clone)]
pub struct Socket {
    #[cfg(feature = "widget")]
    tx: futures::channel::mpsc::UnboundedSender<Ask>,
}

impl Socket {
    pub fn ask(&self, a: Ask) {
        #[cfg(feature = "widget")]
        let _ = self.tx.unbounded_send(a);
        #[cfg(not(feature = "widget"))]
        let _ = a;
    }
}

/// Starts the connection for `token`; `on_frame` gets every frame it receives.
pub fn connect(token: String, on_frame: impl Fn(VisitorFrame) + 'static) -> Socket {
    #[cfg(feature = "widget")]
    {
        let (tx, rx) = futures::channel::mpsc::unbounded();
        leptos::task::spawn_local(browser::run(token, rx, on_frame));
        Socket { tx }
    }
    #[cfg(not(feature = "widget"))]
    {
        let _ = (token, on_frame);
        Socket {}
    }
}

#[cfg(feature = "widget")]
mod browser {
    use super::Ask;
    use crate::domain::chat::{VisitorClientFrame, VisitorFrame};
    use futures::channel::mpsc::UnboundedReceiver;
    use futures::{SinkExt, StreamExt};
    use gloo_net::websocket::{futures::WebSocket, Message};
    use gloo_timers::future::TimeoutFuture;

    const PING_EVERY_MS: u32 = 25_000;
    const SILENCE_LIMIT_MS: f64 = 60_000.0;

    fn url() -> Option<String> {
        let loc = web_sys::window()?.location();
        let scheme = if loc.protocol().ok()? == "https:" {
            "wss"
        } else {
            "ws"
        };
        Some(format!("{scheme}://{}/widget/ws", loc.host().ok()?))
    }

    fn text(f: &VisitorClientFrame) -> Message {
        Message::Text(serde_json::to_string(f).unwrap_or_default())
    }

    pub async fn run(
        token: String,
        mut asks: UnboundedReceiver<Ask>,
        on_frame: impl Fn(VisitorFrame) + 'static,
    ) {
        let mut attempt: u32 = 0;
        loop {
            if let Some(Ok(ws)) = url().map(|u| WebSocket::open(&u)) {
                if session(&token, ws, &mut asks, &on_frame).await {
                    attempt = 0;
                    continue;
                }
            }
            attempt = attempt.saturating_add(1);
            let secs = 2u32.saturating_pow(attempt.min(4)).min(15);
            TimeoutFuture::new(secs * 1_000).await;
        }
    }

    /// One connection; returns whether the server knew the visitor.
    async fn session(
        token: &str,
        ws: WebSocket,
        asks: &mut UnboundedReceiver<Ask>,
        on_frame: &impl Fn(VisitorFrame),
    ) -> bool {
        let (mut write, read) = ws.split();
        let mut read = read.fuse();
        let hello = VisitorClientFrame::Hello {
            token: token.to_string(),
        };
        if write.send(text(&hello)).await.is_err() {
            return false;
        }
        let mut ready = false;
        let mut last_heard = js_sys::Date::now();
        loop {
            let tick = TimeoutFuture::new(PING_EVERY_MS);
            futures::select! {
                msg = read.next() => {
                    let Some(Ok(Message::Text(t))) = msg else { return ready };
                    last_heard = js_sys::Date::now();
                    match serde_json::from_str::<VisitorFrame>(&t) {
                        Ok(VisitorFrame::Pong) => {}
                        Ok(f) => {
                            ready |= matches!(f, VisitorFrame::Ready { .. });
                            on_frame(f);
                        }
                        Err(e) => leptos::logging::log!("widget: bad frame {e}"),
                    }
                }
                ask = asks.next() => match ask {
                    Some(Ask::Typing) => {
                        if write.send(text(&VisitorClientFrame::Typing)).await.is_err() { return ready; }
                    }
                    Some(Ask::Reconnect) | None => return true,
                },
                _ = futures::FutureExt::fuse(tick) => {
                    if js_sys::Date::now() - last_heard > SILENCE_LIMIT_MS { return ready; }
                    if write.send(text(&VisitorClientFrame::Ping)).await.is_err() { return ready; }
                }
            }
        }
    }
}
