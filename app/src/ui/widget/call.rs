//! The widget's calls to its server functions: a plain `fetch` of the JSON
//! each one takes (its generated argument struct) to its path. The same
//! endpoints as the agent workspace's calls, without the server-function
//! client and its streaming support, which were most of the widget's code.

use crate::error::AppError;
use leptos::server_fn::ServerFn;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Calls server function `F` with `args`; an error status answers the
/// server's [`AppError`].
pub async fn call<F>(args: F) -> Result<F::Output, AppError>
where
    F: ServerFn<Error = AppError> + Serialize,
    F::Output: DeserializeOwned,
{
    #[cfg(feature = "widget")]
    {
        let transport = |e: gloo_net::Error| AppError::Transport(e.to_string());
        let res = gloo_net::http::Request::post(F::PATH)
            .json(&args)
            .map_err(transport)?
            .send()
            .await
            .map_err(transport)?;
        if (400..=599).contains(&res.status()) {
            let body = res.text().await.map_err(transport)?;
            return Err(serde_json::from_str(&body).unwrap_or(AppError::Internal));
        }
        res.json().await.map_err(transport)
    }
    #[cfg(not(feature = "widget"))]
    {
        let _ = args;
        Err(AppError::Transport("only in the browser".into()))
    }
}
