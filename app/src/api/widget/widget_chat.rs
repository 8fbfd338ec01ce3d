//! The visitor's live chat after the hand-off: read it back (a reload), send
//! into it (once per client id) and rate it when solved.

use crate::domain::chat::{ChatHours, ChatLine, ChatMessage, Conversation, PastChat, Rating};
use crate::domain::widget::IdentityClaim;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Public: the visitor's current chat (what they may see of it), or `None`
/// before they ever asked for a person. The token is the only key.
#[server(endpoint = "widget_conversation", input = Json)]
pub async fn widget_conversation(token: String) -> Result<Option<Conversation>, AppError> {
    use crate::api::caller::{finish, state};

    finish(
        async {
            crate::api::kb::limit_public().await?;
            if !crate::domain::widget::is_token(&token) {
                return Err(crate::api::admin::bad(
                    "token",
                    "the chat could not start: reload the page",
                ));
            }
            Ok(state()?.storage.conversation(&token).await?)
        }
        .await,
    )
}

/// Public: whether people answer chats now and, if not, when they are back
/// (the calendar of the SLA policy for chats). Outside the hours the widget
/// offers to leave a message and an email address instead of a live chat.
#[server(endpoint = "widget_hours", input = Json)]
pub async fn widget_hours() -> Result<ChatHours, AppError> {
    use crate::api::caller::{finish, state};

    finish(
        async {
            crate::api::kb::limit_public().await?;
            let storage = &state()?.storage;
            Ok(storage.chat_hours(storage.now()).await?)
        }
        .await,
    )
}

/// Public: a message into the visitor's chat. Sent again with the same client
/// id (after a lost answer or from the offline queue) it is written once and
/// answered with the first write.
#[server(endpoint = "widget_send", input = Json)]
pub async fn widget_send(message: ChatMessage) -> Result<ChatLine, AppError> {
    use crate::api::caller::{finish, state};

    finish(
        async {
            crate::api::kb::limit_public().await?;
            let message = message
                .normalise()
                .map_err(|e| crate::api::admin::bad(e.field, e.reason))?;
            let state = state()?;
            let added = state.storage.visitor_send(&message).await?;
            state.hub.committed(&added.events);
            ChatLine::of(&added.entry).ok_or(AppError::Internal)
        }
        .await,
    )
}

/// Public: the visitor's rating (1 to 5, and a comment) of their solved
/// chat, once.
#[server(endpoint = "widget_rate", input = Json)]
pub async fn widget_rate(rating: Rating) -> Result<(), AppError> {
    use crate::api::caller::{finish, state};

    finish(
        async {
            crate::api::kb::limit_public().await?;
            let rating = rating
                .normalise()
                .map_err(|e| crate::api::admin::bad(e.field, e.reason))?;
            let state = state()?;
            let events = state.storage.rate_chat(&rating).await?;
            state.hub.committed(&events);
            Ok(())
        }
        .await,
    )
}

/// Public: a signed-in customer's earlier conversations, for a claim whose
/// `user_hash` is the company's HMAC of its user id; anyone else (no hash, a
/// wrong one, a typed email) gets none. The chat on screen is left out.
#[server(endpoint = "widget_history", input = Json)]
pub async fn widget_history(
    token: String,
    identity: IdentityClaim,
) -> Result<Vec<PastChat>, AppError> {
    use crate::api::caller::{finish, state};

    finish(
        async {
            crate::api::kb::limit_public().await?;
            if !crate::domain::widget::is_token(&token) {
                return Err(crate::api::admin::bad(
                    "token",
                    "the chat could not start: reload the page",
                ));
            }
            let state = state()?;
            let who = identity.user_id.as_str();
            let verified = !who.is_empty()
                && super::widget_handoff::claim_verified(&state.settings, &identity);
            if !verified {
                return Ok(Vec::new());
            }
            let current = state.storage.visitor_chat(&token).await?.map(|c| c.case_id);
            Ok(state.storage.customer_history(who, current).await?)
        }
        .await,
    )
}
