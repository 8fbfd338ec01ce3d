//! "Talk to a person": opens a chat case with everything the visitor did.

use crate::domain::widget::{HandedOff, Handoff};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Public: opens (once per visitor token) a chat case carrying the question,
/// the bot conversation, the page and the articles seen; triaged, routed,
/// and pushed live to the agents. An identity claim counts only with a valid
/// `user_hash`; without one it is refused when identity is enforced, else the
/// visitor is anonymous. Outside chat hours it needs an email address to
/// reply to: the team answers when they are back.
#[server(endpoint = "widget_handoff", input = Json)]
pub async fn widget_handoff(handoff: Handoff) -> Result<HandedOff, AppError> {
    use crate::api::caller::{finish, state};

    finish(
        async {
            crate::api::kb::limit_public().await?;
            let handoff = handoff
                .normalise()
                .map_err(|e| crate::api::admin::bad(e.field, e.reason))?;
            let state = state()?;
            let settings = &state.settings;
            let verified = match &handoff.identity {
                None => false,
                Some(who) if claim_verified(settings, who) => true,
                Some(_) if settings.widget_enforce_identity => {
                    tracing::warn!("widget identity claim without a valid hash refused");
                    return Err(crate::api::admin::bad(
                        "identity",
                        "we could not confirm who you are: sign in on the site again, or continue without signing in",
                    ));
                }
                Some(_) => {
                    tracing::info!("widget identity claim without a valid hash: treated as anonymous");
                    false
                }
            };
            let hours = state.storage.chat_hours(state.storage.now()).await?;
            if !hours.open && handoff.email.is_empty() {
                return Err(crate::api::admin::bad(
                    "email",
                    "we are away now: leave your email address so we can reply",
                ));
            }
            let outcome = state.storage.hand_off(&handoff, verified).await?;
            state.hub.committed(&outcome.events);
            if !outcome.events.is_empty() {
                tracing::info!(case = %outcome.handed_off.case_id, "widget hand-off");
            }
            Ok(outcome.handed_off)
        }
        .await,
    )
}

/// Whether the host page's claim carries the company's HMAC of its user id.
#[cfg(feature = "ssr")]
pub(crate) fn claim_verified(
    settings: &crate::settings::Settings,
    who: &crate::domain::widget::IdentityClaim,
) -> bool {
    settings
        .widget_secret
        .as_ref()
        .is_some_and(|secret| secret.verifies(&who.user_id, &who.user_hash))
}
