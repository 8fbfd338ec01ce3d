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
    let body = call_text(args).await?;
    serde_json::from_str(&body).map_err(|e| AppError::Transport(e.to_string()))
}

/// Calls server function `F` with `args` and answers its JSON unread, for
/// a caller that reads it in a split-off piece of the widget.
pub async fn call_text<F>(args: F) -> Result<String, AppError>
where
    F: ServerFn<Error = AppError> + Serialize,
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
        let body = res.text().await.map_err(transport)?;
        if (400..=599).contains(&res.status()) {
            return Err(read_error(&body));
        }
        Ok(body)
    }
    #[cfg(not(feature = "widget"))]
    {
        let _ = args;
        Err(AppError::Transport("only in the browser".into()))
    }
}

/// The server's error body (`{"code": …, "detail": …}`), read with the
/// browser's JSON parser: the derived `Deserialize` of [`AppError`] was a
/// twentieth of the widget's bundle.
#[cfg(feature = "widget")]
fn read_error(body: &str) -> AppError {
    use crate::error::WireDetail;
    use wasm_bindgen::JsValue;
    let get = |o: &JsValue, key: &str| {
        js_sys::Reflect::get(o, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    };
    let Ok(v) = js_sys::JSON::parse(body) else {
        return AppError::Internal;
    };
    let Some(code) = get(&v, "code").as_string() else {
        return AppError::Internal;
    };
    let d = get(&v, "detail");
    let detail = if let Some(t) = d.as_string() {
        WireDetail::Text(t)
    } else if let Some(n) = d.as_f64() {
        WireDetail::Number(n as u64)
    } else if d.is_object() {
        WireDetail::Field {
            field: get(&d, "field").as_string().unwrap_or_default(),
            reason: get(&d, "reason").as_string().unwrap_or_default(),
        }
    } else {
        WireDetail::None
    };
    AppError::from_wire(&code, detail)
}
