//! What the widget asks of the browser: its address's parameters, a random
//! visitor token, and messages to the page that embeds it. Outside the
//! widget's own bundle these answer nothing.

/// A parameter of the iframe's address (`lang`, `page`, `workspace`).
pub fn param(name: &str) -> Option<String> {
    #[cfg(feature = "widget")]
    {
        let search = web_sys::window()?.location().search().ok()?;
        web_sys::UrlSearchParams::new_with_str(&search)
            .ok()?
            .get(name)
    }
    #[cfg(not(feature = "widget"))]
    {
        let _ = name;
        None
    }
}

/// This browser's visitor token: made once (256 random bits as hex) and kept
/// in the iframe's storage, so a reload is the same visitor.
pub fn visitor_token() -> String {
    const KEY: &str = "switchboard.visitor";
    if let Some(t) =
        crate::ui::common::local::get(KEY).filter(|t| crate::domain::widget::is_token(t))
    {
        return t;
    }
    let token = random_hex();
    crate::ui::common::local::set(KEY, &token);
    token
}

/// `n` random bytes as hex, from the browser's cryptographic generator.
pub fn random_hex_of(n: usize) -> String {
    #[cfg(feature = "widget")]
    {
        let mut bytes = vec![0u8; n];
        if let Some(c) = web_sys::window().and_then(|w| w.crypto().ok()) {
            let _ = c.get_random_values_with_u8_array(&mut bytes);
        }
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }
    #[cfg(not(feature = "widget"))]
    {
        let _ = n;
        String::new()
    }
}

fn random_hex() -> String {
    random_hex_of(32)
}

/// Whether the browser believes it is online.
pub fn online() -> bool {
    #[cfg(feature = "widget")]
    {
        web_sys::window().is_none_or(|w| w.navigator().on_line())
    }
    #[cfg(not(feature = "widget"))]
    true
}

/// Runs `f` each time the browser comes back online.
pub fn on_online(f: impl Fn() + 'static) {
    #[cfg(feature = "widget")]
    {
        let handle = leptos::prelude::window_event_listener(leptos::ev::online, move |_| f());
        // The widget lives as long as its page.
        std::mem::forget(handle);
    }
    #[cfg(not(feature = "widget"))]
    let _ = f;
}

/// Tells the embedding page something (`close`, or an event for its handlers).
pub fn tell_host(kind: &str, event: Option<(&str, &str)>) {
    #[cfg(feature = "widget")]
    {
        let Some(parent) = web_sys::window().and_then(|w| w.parent().ok().flatten()) else {
            return;
        };
        let msg = js_sys::Object::new();
        let set = |k: &str, v: &str| {
            let _ = js_sys::Reflect::set(&msg, &k.into(), &v.into());
        };
        set("sb", kind);
        if let Some((t, data)) = event {
            set("type", t);
            set("data", data);
        }
        // Nothing secret travels this way: the host learns only what its own
        // handlers are told.
        let _ = parent.post_message(&msg, "*");
    }
    #[cfg(not(feature = "widget"))]
    let _ = (kind, event);
}

/// Listens for the host page saying who the visitor is
/// (`Switchboard.identify({user_id, email, name, user_hash})`), from the
/// window that embeds the widget only.
pub fn on_identify(f: impl Fn(crate::domain::widget::IdentityClaim) + 'static) {
    #[cfg(feature = "widget")]
    {
        let handle = leptos::prelude::window_event_listener(leptos::ev::message, move |e| {
            let parent = web_sys::window().and_then(|w| w.parent().ok().flatten());
            let from_parent = match (e.source(), parent) {
                (Some(src), Some(p)) => js_sys::Object::is(&src, &p),
                _ => false,
            };
            let data = e.data();
            let field = |o: &wasm_bindgen::JsValue, k: &str| {
                js_sys::Reflect::get(o, &k.into())
                    .ok()
                    .and_then(|v| v.as_string())
                    .unwrap_or_default()
            };
            if !from_parent || field(&data, "sb") != "identify" {
                return;
            }
            let Ok(who) = js_sys::Reflect::get(&data, &"who".into()) else {
                return;
            };
            f(crate::domain::widget::IdentityClaim {
                user_id: field(&who, "user_id"),
                email: field(&who, "email"),
                name: field(&who, "name"),
                user_hash: field(&who, "user_hash"),
            });
        });
        // The widget lives as long as its page.
        std::mem::forget(handle);
    }
    #[cfg(not(feature = "widget"))]
    let _ = f;
}

/// Waits `d` (on the page's timer).
pub async fn sleep(d: std::time::Duration) {
    let (done, wait) = futures::channel::oneshot::channel();
    leptos::prelude::set_timeout(
        move || {
            let _ = done.send(());
        },
        d,
    );
    let _ = wait.await;
}

/// The page's clock, in milliseconds.
pub fn now_ms() -> f64 {
    #[cfg(feature = "widget")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(feature = "widget"))]
    0.0
}

/// An instant (ms since the epoch) as the visitor reads it: weekday and time
/// in their own time zone and language ("Monday 08:00").
pub fn local_time(at: i64, lang: &str) -> String {
    #[cfg(feature = "widget")]
    {
        use wasm_bindgen::JsValue;
        let options = js_sys::Object::new();
        for (k, v) in [
            ("weekday", "long"),
            ("hour", "2-digit"),
            ("minute", "2-digit"),
        ] {
            let _ = js_sys::Reflect::set(&options, &JsValue::from_str(k), &JsValue::from_str(v));
        }
        js_sys::Date::new(&JsValue::from_f64(at as f64))
            .to_locale_string(lang, &options)
            .into()
    }
    #[cfg(not(feature = "widget"))]
    {
        let _ = lang;
        at.to_string()
    }
}
