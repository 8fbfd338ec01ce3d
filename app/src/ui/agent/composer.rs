//! Reply box: reply or internal note, Ctrl+Enter to send, retry keeps the client
//! id, the draft kept in this browser until sent, templates, and r/n/t keys.

use super::attach::AttachFiles;
use super::template_picker::TemplatePicker;
use crate::api::cases::post_reply;
use crate::domain::attachment::AttachmentView;
use crate::domain::{CaseId, TimelineEntry};
use crate::ui::common::local;
use crate::ui::common::mood_chip::describe_score;
use leptos::prelude::*;

/// A fresh id for a message, so a retry is recognised as the same message.
pub fn new_client_id() -> String {
    #[cfg(feature = "hydrate")]
    {
        if let Some(id) = web_sys::window()
            .and_then(|w| w.crypto().ok())
            .map(|c| c.random_uuid())
        {
            return id;
        }
    }
    format!("{:016x}{:016x}", js_random(), js_random())
}

fn js_random() -> u64 {
    #[cfg(feature = "hydrate")]
    {
        (js_sys::Math::random() * u64::MAX as f64) as u64
    }
    #[cfg(not(feature = "hydrate"))]
    {
        0
    }
}

/// Sends a reply or note on `case_id`; `on_sent` gets the stored entry.
#[component]
pub fn Composer(case_id: CaseId, on_sent: Callback<TimelineEntry>) -> impl IntoView {
    let draft = RwSignal::new(String::new());
    // The text box is cleared through its node, not `prop:value`: an empty textarea
    // rendered on the server has no text node to hydrate.
    let textarea = NodeRef::<leptos::html::Textarea>::new();
    let note = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    // Kept until the server acknowledges, so a retry of the same text is idempotent.
    let client_id = RwSignal::new(None::<(String, String)>);
    // Files uploaded for this message, sent with it.
    let files = RwSignal::new(Vec::<AttachmentView>::new());
    let send = Action::new(
        move |(body, cid, is_note, tokens): &(String, String, bool, String)| {
            let (body, cid, is_note, tokens) =
                (body.clone(), cid.clone(), *is_note, tokens.clone());
            async move { post_reply(case_id, body, cid, is_note, tokens).await }
        },
    );
    let draft_key = local::draft_key(case_id);
    let key = draft_key.clone();
    // Restore this case's unsent draft once the text box is mounted in the browser
    // (the server never knows it). Moving between cases keeps the same text box,
    // so its text is always replaced, with nothing if this case has no draft.
    let restored = StoredValue::new(false);
    Effect::new(move |_| {
        let Some(el) = textarea.get() else { return };
        if restored.get_value() {
            return;
        }
        restored.set_value(true);
        let saved = local::get(&key).unwrap_or_default();
        el.set_value(&saved);
        draft.set(saved);
    });
    let key = draft_key.clone();
    let set_text = move |text: String| {
        local::set(&key, &text);
        if let Some(el) = textarea.get_untracked() {
            el.set_value(&text);
        }
        draft.set(text);
    };
    let key = draft_key.clone();
    Effect::new(move |_| match send.value().get() {
        Some(Ok(entry)) => {
            error.set(None);
            client_id.set(None);
            files.set(Vec::new());
            local::set(&key, "");
            draft.set(String::new());
            if let Some(el) = textarea.get_untracked() {
                el.set_value("");
            }
            on_sent.run(entry);
        }
        Some(Err(e)) => error.set(Some(e.to_string())),
        None => {}
    });
    let presence = use_context::<super::colleagues::CasePresence>();
    // Colleagues typing a reply on this case when this one was about to go out.
    let collision = RwSignal::new(None::<String>);
    let submit = move |anyway: bool| {
        if send.pending().get_untracked() {
            return;
        }
        if !anyway && !note.get_untracked() {
            let typing = presence.map(|p| p.typing_now()).unwrap_or_default();
            if !typing.is_empty() {
                let verb = if typing.len() == 1 { "is" } else { "are" };
                collision.set(Some(format!(
                    "{} {verb} typing on this case too. Send your reply anyway?",
                    crate::domain::activity::join_names(&typing)
                )));
                return;
            }
        }
        collision.set(None);
        let body = draft.get_untracked();
        let tokens = files.with_untracked(|l| {
            l.iter()
                .map(|f| f.token.as_str())
                .collect::<Vec<_>>()
                .join(",")
        });
        // The same text with the same files is the same message (a retry).
        let key = format!("{body}\u{0}{tokens}");
        let cid = match client_id.get_untracked() {
            Some((sent, id)) if sent == key => id,
            _ => {
                let id = new_client_id();
                client_id.set(Some((key, id.clone())));
                id
            }
        };
        send.dispatch((body, cid, note.get_untracked(), tokens));
    };
    let picker = RwSignal::new(false);
    // Set once the browser has taken over the composer (drafts, keys, templates work).
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    // The tone of the draft, scored in the browser by the same engine as customer
    // messages. Its lexicons are not in the bundle: fetched when the agent first types.
    let lexicons = RwSignal::new(crate::engine::sentiment::lexicons_loaded());
    #[cfg(feature = "hydrate")]
    {
        let asked = StoredValue::new(false);
        Effect::new(move |_| {
            let typing = draft.with(|d| !d.trim().is_empty());
            if typing && !lexicons.get_untracked() && !asked.get_value() {
                asked.set_value(true);
                leptos::task::spawn_local(async move {
                    let loaded = fetch_lexicons().await;
                    // A failed fetch is asked again at the next keystroke.
                    asked.set_value(false);
                    lexicons.set(loaded);
                });
            }
        });
    }
    let tone = Memo::new(move |_| {
        lexicons.track();
        draft.with(|d| {
            (!d.trim().is_empty())
                .then(|| crate::engine::sentiment::try_polarity_scores(d).map(|s| s.compound))
                .flatten()
        })
    });
    let on_pick = Callback::new(move |text: String| {
        let current = draft.get_untracked();
        let joined = if current.trim().is_empty() {
            text
        } else {
            format!("{}\n\n{text}", current.trim_end())
        };
        set_text(joined);
        if let Some(el) = textarea.get_untracked() {
            let _ = el.focus();
        }
    });
    if let Some(bus) = use_context::<super::tree_runner::CaseBus>() {
        Effect::new(move |_| {
            if let Some(text) = bus.insert.get() {
                bus.insert.set(None);
                on_pick.run(text);
            }
        });
    }
    #[cfg(feature = "hydrate")]
    {
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            if super::keys::typing_in_field(&ev) || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
                return;
            }
            let focus = || {
                if let Some(el) = textarea.get_untracked() {
                    let _ = el.focus();
                }
            };
            match ev.key().as_str() {
                "r" => {
                    note.set(false);
                    focus();
                }
                "n" => {
                    note.set(true);
                    focus();
                }
                "t" => picker.set(true),
                _ => return,
            }
            ev.prevent_default();
        });
        on_cleanup(move || handle.remove());
    }
    let key = draft_key;
    view! {
        <form class="composer" on:submit=move |ev| { ev.prevent_default(); submit(false); }>
            <div class="composer-mode" role="radiogroup" aria-label="Message type">
                <label><input type="radio" name="mode" checked=move || !note.get() on:change=move |_| note.set(false)/> "Reply to customer"</label>
                <label><input type="radio" name="mode" checked=move || note.get() on:change=move |_| note.set(true)/> "Internal note"</label>
            </div>
            <textarea
                node_ref=textarea
                class:note=move || note.get()
                data-testid="composer"
                data-ready=move || ready.get().to_string()
                aria-label="Message"
                placeholder=move || if note.get() { "Write an internal note (never shown to the customer)" } else { "Write a reply… (Ctrl+Enter to send)" }
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    local::set(&key, &text);
                    draft.set(text);
                    if let Some(p) = presence {
                        p.typed();
                    }
                }
                on:keydown=move |ev| {
                    if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
                        ev.prevent_default();
                        submit(false);
                    }
                }
            ></textarea>
            <p class="tone" data-testid="draft-tone" aria-live="polite">
                {move || tone.get().map(|c| format!("Tone of your draft: {}", describe_score(c)))}
            </p>
            <TemplatePicker case_id open=picker on_pick/>
            <AttachFiles case_id files error/>
            <p class="error" role="alert" data-testid="composer-error">{move || error.get()}</p>
            {move || collision.get().map(|warning| view! {
                <div class="collision" role="alertdialog" aria-label="Someone else is replying" data-testid="collision">
                    <p>{warning}</p>
                    <button type="button" on:click=move |_| submit(true)>"Send anyway"</button>
                    <button type="button" class="secondary" on:click=move |_| collision.set(None)>"Wait"</button>
                </div>
            })}
            <div class="actions composer-actions">
            <button type="button" class="secondary" data-testid="open-templates"
                on:click=move |_| picker.update(|o| *o = !*o)>"Template (t)"</button>
            <span class="spacer"></span>
            <button type="submit" disabled=move || send.pending().get()>
                {move || match (send.pending().get(), note.get()) {
                    (true, _) => "Sending…",
                    (false, true) => "Add note",
                    (false, false) => "Send reply",
                }}
            </button>
            </div>
        </form>
    }
    .into_any()
}

/// Fetches the sentiment lexicons from the server and loads them; whether
/// scoring works now.
#[cfg(feature = "hydrate")]
async fn fetch_lexicons() -> bool {
    use crate::engine::sentiment::{
        lexicons_loaded, load_lexicons, EMOJI_LEXICON_PATH, WORD_LEXICON_PATH,
    };
    async fn text(path: &str) -> Option<String> {
        let r = gloo_net::http::Request::get(path).send().await.ok()?;
        if !r.ok() {
            return None;
        }
        r.text().await.ok()
    }
    if let (Some(words), Some(emojis)) =
        futures::join!(text(WORD_LEXICON_PATH), text(EMOJI_LEXICON_PATH))
    {
        load_lexicons(words, emojis);
    }
    lexicons_loaded()
}
