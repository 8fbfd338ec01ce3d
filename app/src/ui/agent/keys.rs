//! Keyboard-first: which keys do what, and the "?" overlay that lists them.

use leptos::prelude::*;

/// Every shortcut, as the overlay lists it.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("j / k", "Next / previous case in the inbox"),
    ("o or Enter", "Open the case under the cursor"),
    ("x", "Select or unselect the case under the cursor"),
    ("a", "Assign the case to me"),
    ("e", "Solve the case"),
    ("r", "Reply (on a case)"),
    ("n", "Internal note (on a case)"),
    ("t", "Insert a template (on a case)"),
    ("Ctrl+Enter", "Send the reply or note"),
    ("/", "Search cases, messages, customers and bookings"),
    (
        "↑ / ↓ then Enter",
        "Move through search results and open one",
    ),
    ("g then i", "Go to the inbox"),
    ("?", "Show or hide this list"),
    ("Esc", "Close this list, the search or a picker"),
];

/// Whether a key press belongs to a text field (shortcuts stay out of its way).
#[cfg(feature = "hydrate")]
pub fn typing_in_field(ev: &web_sys::KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || el.has_attribute("contenteditable")
        })
}

/// Whether the key press lands on a control that Enter or Space would work
/// (a link, a button): the control's own action wins over shortcuts.
#[cfg(feature = "hydrate")]
pub fn on_control(ev: &web_sys::KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            matches!(el.tag_name().as_str(), "A" | "BUTTON" | "SUMMARY")
                || el.get_attribute("role").as_deref() == Some("button")
        })
}

/// The "?" overlay; also answers "g i" (go to the inbox).
#[component]
pub fn ShortcutHelp() -> impl IntoView {
    let open = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    {
        let navigate = leptos_router::hooks::use_navigate();
        let after_g = StoredValue::new(false);
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            if typing_in_field(&ev) || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
                return;
            }
            let key = ev.key();
            if after_g.get_value() {
                after_g.set_value(false);
                if key == "i" {
                    navigate("/agent", Default::default());
                    return;
                }
            }
            match key.as_str() {
                "?" => open.update(|o| *o = !*o),
                "Escape" => open.set(false),
                "g" => after_g.set_value(true),
                _ => {}
            }
        });
        on_cleanup(move || handle.remove());
    }
    view! {
        <Show when=move || open.get()>
            <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title" data-testid="shortcuts">
                <div class="card">
                    <h2 id="shortcuts-title">"Keyboard shortcuts"</h2>
                    <dl class="shortcuts">
                        {SHORTCUTS.iter().map(|(k, what)| view! { <dt><kbd>{*k}</kbd></dt><dd>{*what}</dd> }).collect_view()}
                    </dl>
                    <button on:click=move |_| open.set(false)>"Close"</button>
                </div>
            </div>
        </Show>
    }
}
