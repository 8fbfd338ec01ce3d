//! The widget's first download: the greeting, the question box and "Talk to
//! a person", ready for the visitor at once. The code that answers (the
//! knowledge-base answers, the hand-off, the after-hours form) is the piece
//! `widget_talk` ([`super::conversation`]), fetched as soon as the visitor
//! starts typing or clicks, or when there is a chat to come back to; the
//! live chat and a verified customer's history are pieces of their own.

use super::browser::{on_identify, param, tell_host, visitor_token};
use super::call::{call_text, read_json};
use super::chat::forget_outbox;
use super::conversation::{talk_piece, Talk};
use super::piece::{split_entries, until_loaded};
use super::{Lang, Words};
use crate::api::widget::{WidgetConversation, WidgetHistory, WidgetHours};
use crate::domain::chat::{ChatAuthor, ChatHours, PastChat};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The whole widget.
#[component]
pub fn WidgetApp() -> impl IntoView {
    let lang = Lang::from_tag(&param("lang").unwrap_or_default());
    let w = lang.words();
    let draft = RwSignal::new(String::new());
    let input = NodeRef::<leptos::html::Input>::new();
    let identity = RwSignal::new(None);
    // The verified customer's earlier conversations, as the server sent them.
    let history = RwSignal::new(None::<String>);
    let hours = RwSignal::new(None::<ChatHours>);
    spawn_local(async move {
        if let Ok(body) = call_text(WidgetHours {}).await {
            hours.set(read_hours(&body));
        }
    });
    let away = move || hours.get().is_some_and(|h| !h.open);

    // The conversation's piece, once fetched, and what waits for it.
    let talk = RwSignal::new(None::<Talk>);
    // A question sent before that piece arrived: it is being looked into.
    let asked = RwSignal::new(false);
    let waiting = StoredValue::new_local(Vec::<Box<dyn FnOnce(Talk)>>::new());
    let page_url = StoredValue::new(param("page").unwrap_or_default());
    let with_talk = move |f: Box<dyn FnOnce(Talk)>| {
        if let Some(t) = talk.get_untracked() {
            return f(t);
        }
        // The first to wait fetches the piece; the rest wait with it.
        let first = waiting.with_value(Vec::is_empty);
        waiting.update_value(|v| v.push(f));
        if !first {
            return;
        }
        spawn_local(async move {
            let t = until_loaded(|| {
                talk_piece(lang, draft, input, hours, identity, page_url.get_value())
            })
            .await;
            talk.set(Some(t));
            for f in waiting.try_update_value(std::mem::take).unwrap_or_default() {
                f(t);
            }
        });
    };

    on_identify(move |who| {
        identity.set(Some(who.clone()));
        // A signed-in customer sees their earlier conversations (only when the
        // host's hash proves who they are: the server decides).
        spawn_local(async move {
            if let Ok(past) = call_text(WidgetHistory {
                token: visitor_token(),
                identity: who,
            })
            .await
            {
                history.set((past.trim() != "[]").then_some(past));
            }
        });
    });
    // The loader holds the host's messages (identify, opened) until this.
    tell_host("ready", None);
    // A reload (or a new page of the host's site) comes back to the chat.
    spawn_local(async move {
        match call_text(WidgetConversation {
            token: visitor_token(),
        })
        .await
        {
            // Nothing to go on with: what waited in this browser was for nothing.
            Ok(none) if none.trim() == "null" => forget_outbox(),
            Ok(body) => with_talk(Box::new(move |t| t.restore.run(body))),
            // Unreachable now: the waiting messages stay for the next visit.
            Err(_) => {}
        }
    });

    let ask = move || {
        if draft.with_untracked(|d| d.trim().is_empty()) {
            return;
        }
        asked.set(true);
        with_talk(Box::new(|t| t.ask.run(())));
    };
    let talk_clicked = move |_| {
        with_talk(Box::new(|t| t.talk.run(())));
    };
    // The first keystroke fetches the piece that answers, while the visitor
    // is still typing.
    let typed = move || with_talk(Box::new(|t| t.typed.run(())));
    let loaded = move |f: fn(Talk) -> bool| talk.get().is_some_and(f);
    view! {
        <div class="widget" lang=lang.tag() data-testid="widget">
            <header>
                <h1>{w.title}</h1>
                <button type="button" class="close" aria-label=w.close on:click=move |_| tell_host("close", None)>"×"</button>
            </header>
            <ol class="conversation" aria-live="polite" data-testid="conversation">
                {move || history.get().map(|past| Suspend::new(history_view(past, w)))}
                <li class="bot">{w.greeting}</li>
                {move || match talk.get() {
                    Some(t) => Some(t.view.run(())),
                    None => asked.get().then(|| view! { <li class="bot pending">{w.searching}</li> }.into_any()),
                }}
            </ol>
            <form class="ask" on:submit=move |ev| { ev.prevent_default(); ask(); }>
                <label for="ask" class="visually-hidden">{w.ask_label}</label>
                <input id="ask" node_ref=input autocomplete="off" maxlength="2000"
                    placeholder=w.ask_placeholder
                    prop:value=move || draft.get()
                    on:input=move |ev| {
                        draft.set(event_target_value(&ev));
                        typed();
                    }
                    disabled=move || loaded(|t| t.input_off.run(()))/>
                <button type="submit" disabled=move || loaded(|t| t.busy.run(()) || t.input_off.run(()))>{w.send}</button>
            </form>
            <button type="button" class="talk" data-testid="talk" on:click=talk_clicked
                disabled=move || loaded(|t| t.connected.run(()))>
                {move || if away() { w.leave_message } else { w.talk_to_person }}
            </button>
        </div>
    }
}

/// `widget_hours`'s answer, read with the browser's JSON parser (serde's
/// reading code stays out of the first download).
fn read_hours(body: &str) -> Option<ChatHours> {
    let v = read_json(body)?;
    Some(ChatHours {
        open: v.bool("open")?,
        back_at: v.number("back_at").map(|n| n as i64),
    })
}

// The verified customer's earlier conversations: read and drawn in their own
// split-off piece, `widget_history`, which only they fetch.
split_entries!(widget_history {
    fn history_piece(past: String, words: &'static Words) -> AnyView {
        let w = words;
        let past: Vec<PastChat> = serde_json::from_str(&past).unwrap_or_default();
        Ok((!past.is_empty()).then(|| view! {
            <li class="history" data-testid="history">
                <details>
                    <summary>{format!("{} ({})", w.earlier, past.len())}</summary>
                    {past.into_iter().map(|c| view! {
                        <section class="past" data-case-id=c.case_id.0>
                            <h3>{c.subject}</h3>
                            <ol>
                                {c.lines.into_iter().map(|l| view! {
                                    <li class=if l.author == ChatAuthor::Visitor { "visitor" } else { "bot" }>{l.body}</li>
                                }).collect_view()}
                            </ol>
                        </section>
                    }).collect_view()}
                </details>
            </li>
        }).into_any())
    }
});

async fn history_view(past: String, words: &'static Words) -> AnyView {
    until_loaded(|| history_piece(past.clone(), words)).await
}
