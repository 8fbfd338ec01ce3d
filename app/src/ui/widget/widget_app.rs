//! The widget: a greeting, answers from the knowledge base first, and a
//! person one click away, carrying everything the visitor already did.

use super::answer_card::AnswerCard;
use super::browser::{local_time, on_identify, param, tell_host, visitor_token};
use super::call::{call, call_text};
use super::chat::{chat_view, Chat};
use super::piece::{split_entries, until_loaded};
use super::Lang;
use super::Words;
use crate::api::widget::{
    WidgetAnswers, WidgetConversation, WidgetFeedback, WidgetHandoff, WidgetHistory, WidgetHours,
};
use crate::domain::chat::{ChatAuthor, ChatHours, PastChat};
use crate::domain::kb::ArticleHit;
use crate::domain::widget::{Handoff, TranscriptLine};
use crate::domain::CaseId;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// One line of the conversation.
#[derive(Clone)]
enum Line {
    Visitor(String),
    Bot(String),
    Answers(Vec<ArticleHit>, RwSignal<Option<bool>>),
}

/// Where the conversation is.
#[derive(Clone, PartialEq)]
enum Stage {
    /// Questions go to the knowledge base.
    Asking,
    /// The visitor asked for a person before saying what about: the next
    /// message goes to a person.
    Describing,
    /// Outside chat hours: the question waits for an email address to
    /// reply to (and why the last one was refused).
    Away(String, Option<String>),
    Connecting,
    Connected(CaseId),
    /// The hand-off failed: why, and the question to retry with.
    Failed(String, String),
}

/// The whole widget.
#[component]
pub fn WidgetApp() -> impl IntoView {
    let lang = Lang::from_tag(&param("lang").unwrap_or_default());
    let w = lang.words();
    let page_url = StoredValue::new(param("page").unwrap_or_default());
    let lines = RwSignal::new(vec![Line::Bot(w.greeting.to_string())]);
    let stage = RwSignal::new(Stage::Asking);
    let seen = RwSignal::new(Vec::<i64>::new());
    let draft = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let input = NodeRef::<leptos::html::Input>::new();
    let identity = RwSignal::new(None);
    // The verified customer's earlier conversations, as the server sent them.
    let history = RwSignal::new(None::<String>);
    let hours = RwSignal::new(None::<ChatHours>);
    let email = RwSignal::new(String::new());
    spawn_local(async move {
        if let Ok(h) = call(WidgetHours {}).await {
            hours.set(Some(h));
        }
    });
    let away = move || hours.get().is_some_and(|h| !h.open);
    on_identify(move |who| {
        if email.get_untracked().is_empty() {
            email.set(who.email.clone());
        }
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
    let push = move |l: Line| lines.update(|v| v.push(l));
    let chat = Chat::new();
    // A reload (or a new page of the host's site) comes back to the chat;
    // only then is the chat's piece of the WebAssembly fetched.
    spawn_local(async move {
        match call_text(WidgetConversation {
            token: visitor_token(),
        })
        .await
        {
            Ok(none) if none.trim() == "null" => chat.clear_outbox(),
            Ok(body) => {
                if let Some(case) = chat.restore(body).await {
                    stage.set(Stage::Connected(case));
                }
            }
            // Unreachable now: the waiting messages stay for the next visit.
            Err(_) => {}
        }
    });

    let hand_off = move |question: String| {
        // Outside chat hours the team replies later: to an address first.
        let email = if hours.get_untracked().is_some_and(|h| !h.open) {
            let typed = email.get_untracked().trim().to_string();
            let asked = matches!(stage.get_untracked(), Stage::Away(..));
            if !asked || typed.is_empty() {
                // The first time it asks; an empty answer is told why.
                stage.set(Stage::Away(
                    question,
                    asked.then(|| w.email_needed.to_string()),
                ));
                return;
            }
            typed
        } else {
            String::new()
        };
        stage.set(Stage::Connecting);
        let transcript = lines.with_untracked(|v| {
            v.iter()
                .filter_map(|l| match l {
                    Line::Visitor(t) => Some(TranscriptLine {
                        from_visitor: true,
                        text: t.clone(),
                    }),
                    // The widget's own canned words tell the agent nothing.
                    Line::Bot(_) => None,
                    Line::Answers(hits, answered) => Some(TranscriptLine {
                        from_visitor: false,
                        text: format!(
                            "Showed: {}{}",
                            hits.iter()
                                .map(|h| h.title.as_str())
                                .collect::<Vec<_>>()
                                .join(" | "),
                            match answered.get_untracked() {
                                Some(true) => " (visitor: solved)",
                                Some(false) => " (visitor: not solved)",
                                None => "",
                            }
                        ),
                    }),
                })
                .collect()
        });
        let handoff = Handoff {
            token: visitor_token(),
            question: question.clone(),
            transcript,
            page_url: page_url.get_value(),
            articles_seen: seen.get_untracked(),
            name: String::new(),
            email,
            language: lang.tag().to_string(),
            identity: identity.get_untracked(),
        };
        spawn_local(async move {
            match call(WidgetHandoff { handoff }).await {
                Ok(done) => {
                    chat.handed_off();
                    stage.set(Stage::Connected(done.case_id));
                    chat.start();
                    tell_host("event", Some(("handoff", &done.case_id.to_string())));
                }
                // Chat hours ended meanwhile, or the address was refused.
                Err(AppError::InvalidField { field, reason }) if field == "email" => {
                    hours.set(Some(ChatHours {
                        open: false,
                        back_at: hours.get_untracked().and_then(|h| h.back_at),
                    }));
                    stage.set(Stage::Away(question, Some(reason)));
                }
                Err(e) => stage.set(Stage::Failed(failure(w, &e), question)),
            }
        });
    };

    let ask = move || {
        let q = draft.get_untracked().trim().to_string();
        if q.is_empty() || busy.get_untracked() {
            return;
        }
        draft.set(String::new());
        if matches!(stage.get_untracked(), Stage::Connected(_)) {
            chat.send(q);
            return;
        }
        push(Line::Visitor(q.clone()));
        if stage.get_untracked() == Stage::Describing {
            hand_off(q);
            return;
        }
        busy.set(true);
        spawn_local(async move {
            match call(WidgetAnswers { question: q }).await {
                Ok(hits) if hits.is_empty() => push(Line::Bot(w.nothing_found.to_string())),
                Ok(hits) => {
                    seen.update(|s| {
                        for h in &hits {
                            if !s.contains(&h.id) {
                                s.push(h.id);
                            }
                        }
                    });
                    push(Line::Bot(w.found.to_string()));
                    push(Line::Answers(hits, RwSignal::new(None)));
                }
                Err(e) => push(Line::Bot(failure(w, &e))),
            }
            busy.set(false);
        });
    };

    let talk = move |_| {
        let last = lines.with_untracked(|v| {
            v.iter().rev().find_map(|l| match l {
                Line::Visitor(t) => Some(t.clone()),
                _ => None,
            })
        });
        match last {
            Some(q) => hand_off(q),
            None => {
                stage.set(Stage::Describing);
                push(Line::Bot(w.what_do_you_need.to_string()));
                if let Some(i) = input.get() {
                    let _ = i.focus();
                }
            }
        }
    };

    let on_answer = Callback::new(move |(article, solved): (i64, bool)| {
        lines.with_untracked(|v| {
            for l in v {
                if let Line::Answers(hits, answered) = l {
                    if hits.iter().any(|h| h.id == article) {
                        answered.set(Some(solved));
                    }
                }
            }
        });
        if solved {
            tell_host("event", Some(("solved", &article.to_string())));
        }
        spawn_local(async move {
            let _ = call(WidgetFeedback { article, solved }).await;
        });
    });

    let connected = move || matches!(stage.get(), Stage::Connecting | Stage::Connected(_));
    // The input takes chat messages while the chat is open; it rests while
    // connecting and once the chat is over (until "Ask something else").
    let input_off = move || match stage.get() {
        Stage::Connecting => true,
        Stage::Connected(_) => !chat.open(),
        _ => false,
    };
    let again = Callback::new(move |()| {
        chat.reset();
        lines.set(vec![Line::Bot(w.greeting.to_string())]);
        seen.set(Vec::new());
        stage.set(Stage::Asking);
    });
    view! {
        <div class="widget" lang=lang.tag() data-testid="widget">
            <header>
                <h1>{w.title}</h1>
                <button type="button" class="close" aria-label=w.close on:click=move |_| tell_host("close", None)>"×"</button>
            </header>
            <ol class="conversation" aria-live="polite" data-testid="conversation">
                {move || history.get().map(|past| Suspend::new(history_view(past, w)))}
                {move || lines.get().into_iter().map(|l| match l {
                    Line::Visitor(t) => view! { <li class="visitor">{t}</li> }.into_any(),
                    Line::Bot(t) => view! { <li class="bot">{t}</li> }.into_any(),
                    Line::Answers(hits, answered) => view! {
                        <li class="answers">
                            {hits.into_iter().map(|hit| view! { <AnswerCard hit words=w answered on_answer/> }).collect_view()}
                        </li>
                    }.into_any(),
                }).collect_view()}
                {move || busy.get().then(|| view! { <li class="bot pending">{w.searching}</li> })}
                {move || match stage.get() {
                    Stage::Connecting => Some(view! { <li class="bot pending" role="status">{w.connecting}</li> }.into_any()),
                    Stage::Connected(case) => Some(view! {
                        <li class="bot connected" data-testid="connected">
                            {move || if away() { w.left } else { w.connected }}" "<span class="case-no">{format!("{}: #{case}", w.case_number)}</span>
                        </li>
                        {Suspend::new(chat_view(chat, w, again))}
                    }.into_any()),
                    Stage::Away(question, why) => Some(view! {
                        <li class="bot away" data-testid="away">
                            <p>{w.away_ask_email}</p>
                            {hours.get_untracked().and_then(|h| h.back_at).map(|at| view! {
                                <p>{w.back.replace("{when}", &local_time(at, w.locale))}</p>
                            })}
                            <form class="leave" novalidate on:submit=move |ev| { ev.prevent_default(); hand_off(question.clone()); }>
                                <label for="away-email">{w.email_label}</label>
                                <input id="away-email" type="email" autocomplete="email" maxlength="254"
                                    prop:value=move || email.get()
                                    on:input=move |ev| email.set(event_target_value(&ev))
                                    aria-invalid=why.is_some().then_some("true")
                                    aria-describedby=why.is_some().then_some("away-why")/>
                                {why.map(|why| view! { <p id="away-why" class="error" role="alert">{why}</p> })}
                                <button type="submit">{w.leave_message}</button>
                            </form>
                        </li>
                    }.into_any()),
                    Stage::Failed(why, question) => Some(view! {
                        <li class="bot failed" role="alert" data-testid="failed">
                            {why}" "
                            <button type="button" class="link" on:click=move |_| hand_off(question.clone())>{w.retry}</button>
                        </li>
                    }.into_any()),
                    _ => None,
                }}
            </ol>
            <form class="ask" on:submit=move |ev| { ev.prevent_default(); ask(); }>
                <label for="ask" class="visually-hidden">{w.ask_label}</label>
                <input id="ask" node_ref=input autocomplete="off" maxlength="2000"
                    placeholder=w.ask_placeholder
                    prop:value=move || draft.get()
                    on:input=move |ev| {
                        draft.set(event_target_value(&ev));
                        if matches!(stage.get_untracked(), Stage::Connected(_)) {
                            chat.typed();
                        }
                    }
                    disabled=input_off/>
                <button type="submit" disabled=move || busy.get() || input_off()>{w.send}</button>
            </form>
            <button type="button" class="talk" data-testid="talk" on:click=talk disabled=connected>
                {move || if away() { w.leave_message } else { w.talk_to_person }}
            </button>
        </div>
    }
}

/// A failure in the visitor's words; a rate limit says how long to wait.
fn failure(w: &super::Words, e: &AppError) -> String {
    match e {
        AppError::RateLimited(secs) => format!("{} {secs} s.", w.please_wait),
        AppError::InvalidField { reason, .. } => reason.clone(),
        _ => w.failed.to_string(),
    }
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
