//! The browser's local storage, for what must survive a reload in this browser
//! only (open tabs, drafts). On the server every read is empty.

/// The stored value of `key`.
pub fn get(key: &str) -> Option<String> {
    #[cfg(any(feature = "hydrate", feature = "widget"))]
    {
        storage()?.get_item(key).ok().flatten()
    }
    #[cfg(not(any(feature = "hydrate", feature = "widget")))]
    {
        let _ = key;
        None
    }
}

/// Stores `value` under `key`; an empty value removes the key.
pub fn set(key: &str, value: &str) {
    #[cfg(any(feature = "hydrate", feature = "widget"))]
    if let Some(s) = storage() {
        let _ = if value.is_empty() {
            s.remove_item(key)
        } else {
            s.set_item(key, value)
        };
    }
    #[cfg(not(any(feature = "hydrate", feature = "widget")))]
    let _ = (key, value);
}

#[cfg(any(feature = "hydrate", feature = "widget"))]
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The key of a case's unsent draft.
pub fn draft_key(case: crate::domain::CaseId) -> String {
    format!("switchboard.draft.{case}")
}

/// Asks the person to confirm; on the server, no.
pub fn confirm(question: &str) -> bool {
    #[cfg(any(feature = "hydrate", feature = "widget"))]
    {
        web_sys::window()
            .and_then(|w| w.confirm_with_message(question).ok())
            .unwrap_or(false)
    }
    #[cfg(not(any(feature = "hydrate", feature = "widget")))]
    {
        let _ = question;
        false
    }
}
