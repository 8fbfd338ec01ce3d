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

/// A JSON body read with the browser's own parser, for the answers the
/// first download reads: serde's reading code (a fifth of that download)
/// then lives only in the pieces that need it.
pub struct Json(#[cfg(feature = "widget")] wasm_bindgen::JsValue);

/// Parses `body`; `None` when it is not JSON.
pub fn read_json(body: &str) -> Option<Json> {
    #[cfg(feature = "widget")]
    {
        js_sys::JSON::parse(body).ok().map(Json)
    }
    #[cfg(not(feature = "widget"))]
    {
        let _ = body;
        None
    }
}

#[cfg(feature = "widget")]
impl Json {
    /// The member `key` of this object.
    pub fn get(&self, key: &str) -> Json {
        Json(
            js_sys::Reflect::get(&self.0, &wasm_bindgen::JsValue::from_str(key))
                .unwrap_or(wasm_bindgen::JsValue::UNDEFINED),
        )
    }

    pub fn string(&self, key: &str) -> Option<String> {
        self.get(key).0.as_string()
    }

    pub fn number(&self, key: &str) -> Option<f64> {
        self.get(key).0.as_f64()
    }

    pub fn bool(&self, key: &str) -> Option<bool> {
        self.get(key).0.as_bool()
    }

    /// This value as a string.
    pub fn text(&self) -> Option<String> {
        self.0.as_string()
    }

    /// The elements of this array; `None` when it is not one.
    pub fn items(&self) -> Option<Vec<Json>> {
        js_sys::Array::is_array(&self.0)
            .then(|| js_sys::Array::from(&self.0).iter().map(Json).collect())
    }

    /// `pairs` as JSON text: an array of two-string arrays.
    pub fn stringify_pairs(pairs: &[(String, String)]) -> String {
        let outer = js_sys::Array::new();
        for (a, b) in pairs {
            outer.push(&js_sys::Array::of2(&a.into(), &b.into()));
        }
        js_sys::JSON::stringify(&outer)
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_default()
    }

    fn is_object(&self) -> bool {
        self.0.is_object()
    }
}

#[cfg(not(feature = "widget"))]
impl Json {
    pub fn get(&self, _key: &str) -> Json {
        Json()
    }

    pub fn string(&self, _key: &str) -> Option<String> {
        None
    }

    pub fn number(&self, _key: &str) -> Option<f64> {
        None
    }

    pub fn bool(&self, _key: &str) -> Option<bool> {
        None
    }

    pub fn text(&self) -> Option<String> {
        None
    }

    pub fn items(&self) -> Option<Vec<Json>> {
        None
    }

    pub fn stringify_pairs(_pairs: &[(String, String)]) -> String {
        String::new()
    }
}

/// Calls server function `F` with `args` and answers its JSON as the
/// browser parsed it.
pub async fn call_json<F>(args: F) -> Result<Json, AppError>
where
    F: ServerFn<Error = AppError> + Serialize,
{
    let body = call_text(args).await?;
    read_json(&body).ok_or_else(|| AppError::Transport("not JSON".into()))
}

/// The server's error body (`{"code": …, "detail": …}`), read with the
/// browser's JSON parser: the derived `Deserialize` of [`AppError`] was a
/// twentieth of the widget's bundle.
#[cfg(feature = "widget")]
fn read_error(body: &str) -> AppError {
    use crate::error::WireDetail;
    let Some(v) = read_json(body) else {
        return AppError::Internal;
    };
    let Some(code) = v.string("code") else {
        return AppError::Internal;
    };
    let d = v.get("detail");
    let detail = if let Some(t) = d.text() {
        WireDetail::Text(t)
    } else if let Some(n) = d.0.as_f64() {
        WireDetail::Number(n as u64)
    } else if d.is_object() {
        WireDetail::Field {
            field: d.string("field").unwrap_or_default(),
            reason: d.string("reason").unwrap_or_default(),
        }
    } else {
        WireDetail::None
    };
    AppError::from_wire(&code, detail)
}
