//! The one client-facing error type, with stable snake_case codes.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// What a server function can answer instead of a result. Causes are logged, never sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", content = "detail", rename_all = "snake_case")]
pub enum AppError {
    #[error("Please sign in.")]
    Unauthenticated,
    #[error("You are not allowed to do that.")]
    Forbidden,
    #[error("Not found.")]
    NotFound,
    #[error("{0}")]
    Invalid(String),
    /// Refused form input: the field at fault and why.
    #[error("{reason}")]
    InvalidField { field: String, reason: String },
    /// Someone changed what the caller acted on meanwhile; nothing was saved.
    #[error("{0}")]
    Conflict(String),
    #[error("Wrong email or password.")]
    BadCredentials,
    #[error("Too many attempts. Try again in {0} seconds.")]
    RateLimited(u64),
    #[error("The request came from another site and was refused.")]
    CrossSite,
    #[error("The service is busy or unavailable. Please try again.")]
    Unavailable,
    #[error("Something went wrong on our side.")]
    Internal,
    #[error("Could not reach the server: {0}")]
    Transport(String),
}

impl AppError {
    /// The HTTP status this error is answered with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthenticated | AppError::BadCredentials => 401,
            AppError::Forbidden | AppError::CrossSite => 403,
            AppError::NotFound => 404,
            AppError::Conflict(_) => 409,
            AppError::Invalid(_) | AppError::InvalidField { .. } => 422,
            AppError::RateLimited(_) => 429,
            AppError::Unavailable => 503,
            AppError::Internal | AppError::Transport(_) => 500,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(m)
            | ServerFnErrorErr::MissingArg(m)
            | ServerFnErrorErr::Deserialization(m) => {
                AppError::Invalid(format!("Bad request: {m}"))
            }
            ServerFnErrorErr::Request(m) | ServerFnErrorErr::Response(m) => AppError::Transport(m),
            _ => AppError::Internal,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_carry_stable_codes_and_statuses() {
        let json = serde_json::to_value(AppError::RateLimited(30)).unwrap();
        assert_eq!(json["code"], "rate_limited");
        assert_eq!(json["detail"], 30);
        assert_eq!(AppError::RateLimited(30).status(), 429);
        assert_eq!(AppError::Unauthenticated.status(), 401);
        assert_eq!(AppError::Unavailable.status(), 503);
        assert_eq!(
            AppError::RateLimited(30).to_string(),
            "Too many attempts. Try again in 30 seconds."
        );
    }
}
