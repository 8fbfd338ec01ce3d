//! `/ws`: the live connection. Requires a session and an allowed `Origin`.

use crate::csrf::origin_matches_host;
use app::api::caller::{caller_from_session, resolve_client_addr};
use app::domain::event::MAX_FRAME_BYTES;
use app::realtime::{run_connection, run_visitor, CallerAccess, Inbound, Outbound, Timing};
use app::state::AppState;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use futures::{SinkExt, StreamExt};
use std::net::SocketAddr;
use tower_sessions::Session;

/// Upgrades a signed-in, same-origin request to the live protocol.
pub async fn ws_handler(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    session: Session,
    ws: WebSocketUpgrade,
) -> Response {
    let origin_ok = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|o| origin_matches_host(o, &headers));
    if !origin_ok {
        return (StatusCode::FORBIDDEN, "origin not allowed").into_response();
    }
    let caller = match caller_from_session(&state, &session).await {
        Ok(Some(c)) => c,
        Ok(None) => return (StatusCode::UNAUTHORIZED, "sign in first").into_response(),
        Err(e) => {
            return (
                StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                e.to_string(),
            )
                .into_response()
        }
    };
    let forwarded = headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
    let addr =
        resolve_client_addr(peer.ip(), forwarded, &state.settings.trusted_proxies).to_string();
    let access = CallerAccess {
        caller,
        storage: state.storage.clone(),
        client_addr: addr,
    };
    ws.max_message_size(MAX_FRAME_BYTES)
        .max_frame_size(MAX_FRAME_BYTES)
        .read_buffer_size(4 * 1024)
        .write_buffer_size(4 * 1024)
        .on_upgrade(move |socket| serve_socket(state, access, socket))
}

/// A socket as the protocol loops take it: frames in, frames out.
fn adapt(
    socket: WebSocket,
) -> (
    impl futures::Stream<Item = Inbound> + Unpin,
    impl futures::Sink<Outbound> + Unpin,
) {
    let (sink, stream) = socket.split();
    let incoming = stream.map(|m| match m {
        Ok(Message::Text(t)) => Inbound::Text(t.to_string()),
        Ok(Message::Ping(_) | Message::Pong(_)) => Inbound::Alive,
        Ok(Message::Close(_)) => Inbound::Close,
        Ok(Message::Binary(_)) => Inbound::Invalid("binary frames are not accepted".into()),
        Err(e) => Inbound::Invalid(e.to_string()),
    });
    let outgoing = sink.with(|o: Outbound| async move {
        Ok::<_, axum::Error>(match o {
            Outbound::Text(t) => Message::Text(t.as_ref().into()),
            Outbound::Ping => Message::Ping(Default::default()),
            Outbound::Close { code, reason } => Message::Close(Some(CloseFrame {
                code,
                reason: reason.into(),
            })),
        })
    });
    (Box::pin(incoming), Box::pin(outgoing))
}

async fn serve_socket(state: AppState, access: CallerAccess, socket: WebSocket) {
    let (incoming, outgoing) = adapt(socket);
    let ended = run_connection(
        state.hub.clone(),
        &access,
        incoming,
        outgoing,
        Timing::default(),
    )
    .await;
    tracing::debug!(user = %access.caller.id, ?ended, "socket closed");
}

/// `/widget/ws`: a chat-widget visitor's live connection. No session: the
/// visitor's token comes in its first frame. Only the widget's own page (this
/// server's origin, inside the host's iframe) may open it.
pub async fn visitor_ws_handler(
    State(state): State<AppState>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    let origin_ok = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|o| origin_matches_host(o, &headers));
    if !origin_ok {
        return (StatusCode::FORBIDDEN, "origin not allowed").into_response();
    }
    ws.max_message_size(MAX_FRAME_BYTES)
        .max_frame_size(MAX_FRAME_BYTES)
        .read_buffer_size(4 * 1024)
        .write_buffer_size(4 * 1024)
        .on_upgrade(move |socket| async move {
            let (incoming, outgoing) = adapt(socket);
            let ended = run_visitor(
                state.hub.clone(),
                state.storage.clone(),
                incoming,
                outgoing,
                Timing::default(),
            )
            .await;
            tracing::debug!(?ended, "visitor socket closed");
        })
}
