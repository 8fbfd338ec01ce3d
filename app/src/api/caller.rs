//! The one way a server function learns who is calling and what they may touch.

use crate::domain::{CaseId, CaseSummary, Me, QueueId, Role, UserId};
use crate::error::AppError;
use crate::state::AppState;
use crate::storage::audit::AuditEntry;
use crate::storage::cases::CaseScope;
use crate::storage::StorageError;
use axum::extract::ConnectInfo;
use axum::http::request::Parts;
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use std::net::{IpAddr, SocketAddr};
use tower_sessions::Session;

/// A signed-in, active user and their scope.
#[derive(Debug, Clone)]
pub struct Caller {
    pub id: UserId,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub queues: Vec<QueueId>,
    pub authority_limit_cents: i64,
}

impl Caller {
    /// Whether the caller may work cases of `queue`.
    pub fn may_see_queue(&self, queue: QueueId) -> bool {
        self.role.sees_all_queues() || self.queues.contains(&queue)
    }

    /// The queues whose cases the caller may reach: `None` for every queue.
    pub fn queue_limit(&self) -> Option<&[QueueId]> {
        (!self.role.sees_all_queues()).then_some(self.queues.as_slice())
    }

    /// The inbox scope of this caller.
    pub fn scope(&self) -> CaseScope {
        CaseScope {
            user: self.id,
            all_queues: self.role.sees_all_queues(),
        }
    }

    /// The caller as a listing sees them.
    pub fn viewer(&self) -> crate::domain::Viewer {
        crate::domain::Viewer {
            id: self.id,
            queues: self.queues.clone(),
            all_queues: self.role.sees_all_queues(),
        }
    }

    /// The caller as the author of a change.
    pub fn editor(&self) -> crate::storage::case_edit::Editor<'_> {
        crate::storage::case_edit::Editor {
            id: self.id,
            name: &self.name,
            email: &self.email,
            queues: (!self.role.sees_all_queues()).then_some(self.queues.as_slice()),
        }
    }

    /// What the browser is told about the caller.
    pub fn me(&self) -> Me {
        Me {
            id: self.id,
            name: self.name.clone(),
            email: self.email.clone(),
            role: self.role,
            queue_ids: self.queues.clone(),
            authority_limit_cents: self.authority_limit_cents,
        }
    }
}

impl From<StorageError> for AppError {
    fn from(e: StorageError) -> Self {
        match e {
            StorageError::NotFound | StorageError::OutOfScope => AppError::NotFound,
            StorageError::Invalid(reason) => AppError::Invalid(reason),
            StorageError::Field { field, reason } => AppError::InvalidField {
                field: field.to_string(),
                reason,
            },
            StorageError::Unavailable(cause) => {
                tracing::error!(%cause, "database unavailable");
                AppError::Unavailable
            }
            StorageError::Stale(reason) => AppError::Conflict(reason),
            StorageError::Conflict(cause) => {
                tracing::warn!(%cause, "storage conflict");
                AppError::Invalid(
                    "That conflicts with a change made meanwhile; reload and try again.".into(),
                )
            }
            StorageError::Other(cause) => {
                tracing::error!(%cause, "storage failure");
                AppError::Internal
            }
        }
    }
}

/// The application state provided to every server function.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or(AppError::Internal)
}

/// Loads the caller of a request from its session; `None` when not signed in or deactivated.
/// One read finds the session's user and their queues (the session's
/// `user_id` column is the user the session data names, see the session
/// store), rather than the session store's read plus two more.
pub async fn caller_from_session(
    state: &AppState,
    session: &Session,
) -> Result<Option<Caller>, AppError> {
    let Some(id) = session.id() else {
        return Ok(None);
    };
    let Some((user, queues)) = state.storage.session_user(&id.to_string()).await? else {
        return Ok(None);
    };
    if !user.active {
        return Ok(None);
    }
    Ok(Some(Caller {
        id: UserId(user.id),
        name: user.name.clone(),
        email: user.email.clone(),
        role: user.role(),
        queues,
        authority_limit_cents: user.authority_limit_cents,
    }))
}

/// The caller of the current server function, or `Unauthenticated`.
pub async fn require_caller() -> Result<Caller, AppError> {
    let state = state()?;
    let session: Session = leptos_axum::extract()
        .await
        .map_err(|_| AppError::Unauthenticated)?;
    caller_from_session(&state, &session)
        .await?
        .ok_or(AppError::Unauthenticated)
}

/// The caller with one of `roles`, or `Forbidden` (audited).
pub async fn require_role(roles: &[Role]) -> Result<Caller, AppError> {
    let caller = require_caller().await?;
    if roles.contains(&caller.role) {
        Ok(caller)
    } else {
        deny(&caller, "role", &format!("needs one of {roles:?}")).await;
        Err(AppError::Forbidden)
    }
}

/// The case, if the caller may see it. Another queue's case answers `NotFound`
/// (its existence is not leaked) and the attempt is audited.
pub async fn case_for(caller: &Caller, id: CaseId) -> Result<CaseSummary, AppError> {
    let state = state()?;
    let case = state.storage.get_case(id).await?;
    if caller.may_see_queue(case.queue_id) {
        Ok(case)
    } else {
        Err(deny_case(caller, id).await)
    }
}

/// Audits an attempt on case `id` of a queue the caller is not in; the error
/// to answer (not found: its existence is not leaked).
pub async fn deny_case(caller: &Caller, id: CaseId) -> AppError {
    deny(
        caller,
        &format!("case:{id}"),
        "case of a queue the caller is not in",
    )
    .await;
    AppError::NotFound
}

/// Records a permission denial in the audit log.
pub async fn deny(caller: &Caller, target: &str, detail: &str) {
    if let Ok(state) = state() {
        let addr = client_addr()
            .await
            .map(|a| a.to_string())
            .unwrap_or_default();
        let entry = AuditEntry {
            actor: Some(caller.id),
            actor_label: &caller.email,
            action: "permission_denied",
            target,
            detail,
            client_addr: &addr,
        };
        if let Err(e) = state.storage.audit(&entry).await {
            tracing::error!(error = %e, "could not audit a denial");
        }
    }
}

/// The client's address: the peer, or the forwarded address when the peer is a trusted proxy.
pub async fn client_addr() -> Option<IpAddr> {
    let state = state().ok()?;
    let parts: Parts = leptos_axum::extract().await.ok()?;
    let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>()?.0.ip();
    Some(resolve_client_addr(
        peer,
        parts
            .headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok()),
        &state.settings.trusted_proxies,
    ))
}

/// Walks `X-Forwarded-For` from the right, skipping trusted proxies; an untrusted peer's header is ignored.
pub fn resolve_client_addr(
    peer: IpAddr,
    forwarded_for: Option<&str>,
    trusted: &[IpAddr],
) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let hops: Vec<IpAddr> = forwarded_for
        .unwrap_or_default()
        .split(',')
        .filter_map(|h| h.trim().parse().ok())
        .collect();
    hops.into_iter()
        .rev()
        .find(|ip| !trusted.contains(ip))
        .unwrap_or(peer)
}

/// Finishes a server function: on error, sets the HTTP status that goes with it.
/// Called while rendering a page (not as `/api/…`), it leaves the page's status alone:
/// the page decides (a redirect to sign in, a 404).
pub fn finish<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    let is_api_call = use_context::<Parts>().is_some_and(|p| p.uri.path().starts_with("/api/"));
    if let (Err(e), true) = (&result, is_api_call) {
        if let Some(resp) = use_context::<ResponseOptions>() {
            resp.set_status(
                axum::http::StatusCode::from_u16(e.status())
                    .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR),
            );
            if let AppError::RateLimited(secs) = e {
                if let Ok(v) = axum::http::HeaderValue::from_str(&secs.to_string()) {
                    resp.insert_header(axum::http::header::RETRY_AFTER, v);
                }
            }
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caller(role: Role, queues: &[i64]) -> Caller {
        Caller {
            id: UserId(1),
            name: "A".into(),
            email: "a@x".into(),
            role,
            queues: queues.iter().map(|q| QueueId(*q)).collect(),
            authority_limit_cents: 0,
        }
    }

    #[test]
    fn agents_see_only_their_queues_and_supervisors_see_all() {
        let agent = caller(Role::Agent, &[1, 2]);
        assert!(agent.may_see_queue(QueueId(2)));
        assert!(!agent.may_see_queue(QueueId(3)));
        assert!(!agent.scope().all_queues);
        let sup = caller(Role::Supervisor, &[]);
        assert!(sup.may_see_queue(QueueId(3)));
        assert!(sup.scope().all_queues);
    }

    #[test]
    fn forwarded_for_is_believed_only_from_a_trusted_proxy() {
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let peer: IpAddr = "203.0.113.9".parse().unwrap();
        // Untrusted peer: the spoofed header is ignored.
        assert_eq!(resolve_client_addr(peer, Some("1.2.3.4"), &[proxy]), peer);
        // Trusted proxy: the rightmost untrusted hop is the client.
        assert_eq!(
            resolve_client_addr(proxy, Some("9.9.9.9, 198.51.100.7, 10.0.0.1"), &[proxy]),
            "198.51.100.7".parse::<IpAddr>().unwrap()
        );
        assert_eq!(resolve_client_addr(proxy, None, &[proxy]), proxy);
    }
}
