//! Signs a user in: rate limited, same timing for unknown accounts, audited.

use crate::domain::Me;
use crate::error::AppError;
use leptos::prelude::*;

/// Checks the password, rotates the session id and stores the user in the session.
#[server(endpoint = "login")]
pub async fn login(email: String, password: String) -> Result<Me, AppError> {
    use crate::api::caller::{client_addr, finish, state};
    use crate::auth::{verify_against_dummy, verify_password, SESSION_USER_KEY};
    use crate::storage::audit::AuditEntry;

    finish(
        async {
            let state = state()?;
            let addr = client_addr()
                .await
                .unwrap_or(std::net::IpAddr::from([0, 0, 0, 0]));
            let addr_text = addr.to_string();
            let email = email.trim().to_owned();
            let audit =
                |action: &'static str, actor: Option<crate::domain::UserId>, detail: String| {
                    let storage = state.storage.clone();
                    let (email, addr_text) = (email.clone(), addr_text.clone());
                    async move {
                        let entry = AuditEntry {
                            actor,
                            actor_label: &email,
                            action,
                            target: "session",
                            detail: &detail,
                            client_addr: &addr_text,
                        };
                        if let Err(e) = storage.audit(&entry).await {
                            tracing::error!(error = %e, "could not audit a sign-in");
                        }
                    }
                };
            if email.is_empty() || password.is_empty() {
                return Err(AppError::Invalid("Enter your email and password.".into()));
            }
            if let Err(secs) = state.login_limiter.check(&email, addr) {
                audit("login_rate_limited", None, format!("retry after {secs}s")).await;
                return Err(AppError::RateLimited(secs));
            }
            let user = state.storage.find_user_by_email(&email).await?;
            let user = match user {
                Some(u) => {
                    let hash = u.password_hash.clone();
                    let pw = password.clone();
                    let ok = tokio::task::spawn_blocking(move || verify_password(&pw, &hash))
                        .await
                        .unwrap_or(false);
                    (ok && u.active).then_some(u)
                }
                None => {
                    let pw = password.clone();
                    let _ = tokio::task::spawn_blocking(move || verify_against_dummy(&pw)).await;
                    None
                }
            };
            let Some(user) = user else {
                audit("login_failed", None, "wrong email or password".into()).await;
                return Err(AppError::BadCredentials);
            };
            let session: tower_sessions::Session = leptos_axum::extract()
                .await
                .map_err(|_| AppError::Internal)?;
            session
                .cycle_id()
                .await
                .map_err(|_| AppError::Unavailable)?;
            session
                .insert(SESSION_USER_KEY, user.id)
                .await
                .map_err(|_| AppError::Unavailable)?;
            audit("login", Some(crate::domain::UserId(user.id)), String::new()).await;
            let id = crate::domain::UserId(user.id);
            // An agent who signs in is online: routing may give them cases.
            if user.role() == crate::domain::Role::Agent {
                crate::api::supervisor::apply_presence(
                    &state,
                    id,
                    user.role(),
                    crate::domain::Presence::Online,
                )
                .await?;
            }
            let queues = state.storage.user_queue_ids(id).await?;
            Ok(Me {
                id,
                name: user.name.clone(),
                email: user.email.clone(),
                role: user.role(),
                queue_ids: queues,
                authority_limit_cents: user.authority_limit_cents,
            })
        }
        .await,
    )
}
