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

/// An error's `detail` as it travels (`{"code": …, "detail": …}`). The chat
/// widget reads error bodies with the browser's JSON parser and
/// [`AppError::from_wire`] instead of the derived `Deserialize`, whose code
/// for this adjacently tagged enum was a twentieth of the widget's bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WireDetail {
    None,
    Text(String),
    Number(u64),
    Field { field: String, reason: String },
}

impl AppError {
    /// The error a `code` and `detail` stand for, as serialised; an unknown
    /// code, or a detail of the wrong shape, is [`AppError::Internal`].
    pub fn from_wire(code: &str, detail: WireDetail) -> AppError {
        use WireDetail as D;
        match (code, detail) {
            ("unauthenticated", D::None) => AppError::Unauthenticated,
            ("forbidden", D::None) => AppError::Forbidden,
            ("not_found", D::None) => AppError::NotFound,
            ("invalid", D::Text(t)) => AppError::Invalid(t),
            ("invalid_field", D::Field { field, reason }) => {
                AppError::InvalidField { field, reason }
            }
            ("conflict", D::Text(t)) => AppError::Conflict(t),
            ("bad_credentials", D::None) => AppError::BadCredentials,
            ("rate_limited", D::Number(n)) => AppError::RateLimited(n),
            ("cross_site", D::None) => AppError::CrossSite,
            ("unavailable", D::None) => AppError::Unavailable,
            ("transport", D::Text(t)) => AppError::Transport(t),
            _ => AppError::Internal,
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

    /// What the browser's JSON parser hands the widget, as a [`WireDetail`].
    fn detail_of(v: &serde_json::Value) -> WireDetail {
        match v {
            serde_json::Value::Null => WireDetail::None,
            serde_json::Value::String(t) => WireDetail::Text(t.clone()),
            serde_json::Value::Number(n) => WireDetail::Number(n.as_u64().unwrap()),
            serde_json::Value::Object(o) => WireDetail::Field {
                field: o["field"].as_str().unwrap().to_string(),
                reason: o["reason"].as_str().unwrap().to_string(),
            },
            other => panic!("unexpected detail {other}"),
        }
    }

    #[test]
    fn every_error_reads_back_from_its_wire_form() {
        let all = [
            AppError::Unauthenticated,
            AppError::Forbidden,
            AppError::NotFound,
            AppError::Invalid("bad".into()),
            AppError::InvalidField {
                field: "email".into(),
                reason: "not an address".into(),
            },
            AppError::Conflict("changed".into()),
            AppError::BadCredentials,
            AppError::RateLimited(30),
            AppError::CrossSite,
            AppError::Unavailable,
            AppError::Internal,
            AppError::Transport("offline".into()),
        ];
        // A new variant fails to compile here until it is listed above.
        let mut seen = std::collections::BTreeSet::new();
        for e in &all {
            seen.insert(match e {
                AppError::Unauthenticated => 0,
                AppError::Forbidden => 1,
                AppError::NotFound => 2,
                AppError::Invalid(_) => 3,
                AppError::InvalidField { .. } => 4,
                AppError::Conflict(_) => 5,
                AppError::BadCredentials => 6,
                AppError::RateLimited(_) => 7,
                AppError::CrossSite => 8,
                AppError::Unavailable => 9,
                AppError::Internal => 10,
                AppError::Transport(_) => 11,
            });
            let json = serde_json::to_value(e).unwrap();
            let detail = json
                .get("detail")
                .map(detail_of)
                .unwrap_or(WireDetail::None);
            assert_eq!(
                &AppError::from_wire(json["code"].as_str().unwrap(), detail),
                e
            );
        }
        assert_eq!(seen.len(), 12);
        assert_eq!(
            AppError::from_wire("no_such_code", WireDetail::None),
            AppError::Internal
        );
        assert_eq!(
            AppError::from_wire("rate_limited", WireDetail::Text("soon".into())),
            AppError::Internal
        );
    }

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
