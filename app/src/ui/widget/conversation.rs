//! The part of the widget that answers, the split-off piece `widget_talk`:
//! answers from the knowledge base first, a person one click away carrying
//! everything the visitor already did, the after-hours form, and the way
//! into the live chat (a piece of its own). The first download
//! ([`super::widget_app`]) holds the question box and calls in here.

use super::answer_card::AnswerCard;
use super::browser::{local_time, tell_host, visitor_token};
use super::call::{call_json, call_text, Json};
use super::chat::{chat_view, Chat};
use super::piece::split_entries;
use super::Lang;
use crate::api::widget::{WidgetAnswers, WidgetFeedback, WidgetHandoff};
use crate::domain::chat::ChatHours;
use crate::domain::kb::ArticleHit;
use crate::domain::widget::{HandedOff, Handoff, IdentityClaim, TranscriptLine};
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

/// What the question box asks of the conversation once its piece is here.
#[derive(Clone, Copy)]
pub struct Talk {
    /// The conversation below the greeting.
    pub view: UnsyncCallback<(), AnyView>,
    /// The visitor sent what is in the question box.
    pub ask: UnsyncCallback<()>,
    /// "Talk to a person".
    pub talk: UnsyncCallback<()>,
    /// A keystroke in the question box.
    pub typed: UnsyncCallback<()>,
    /// Comes back to the chat in `widget_conversation`'s answer (a reload).
    pub restore: UnsyncCallback<String>,
    /// Looking for answers.
    pub busy: UnsyncCallback<(), bool>,
    /// The question box rests (connecting, or the chat is over).
    pub input_off: UnsyncCallback<(), bool>,
    /// Connecting or connected to a person.
    pub connected: UnsyncCallback<(), bool>,
}

split_entries!(widget_talk {
    pub fn talk_piece(
        lang: Lang,
        draft: RwSignal<String>,
        input: NodeRef<leptos::html::Input>,
        hours: RwSignal<Option<ChatHours>>,
        identity: RwSignal<Option<IdentityClaim>>,
        page_url: String
    ) -> Talk {
        Ok(conversation(lang, draft, input, hours, identity, page_url))
    }
});

/// The conversation: its state, what the question box's actions do, and
/// its view below the greeting.
fn conversation(
    lang: Lang,
    draft: RwSignal<String>,
    input: NodeRef<leptos::html::Input>,
    hours: RwSignal<Option<ChatHours>>,
    identity: RwSignal<Option<IdentityClaim>>,
    page_url: String,
) -> Talk {
    let w = lang.words();
    let page_url = StoredValue::new(page_url);
    let lines = RwSignal::new(Vec::<Line>::new());
    let stage = RwSignal::new(Stage::Asking);
    let seen = RwSignal::new(Vec::<i64>::new());
    let busy = RwSignal::new(false);
    let email = RwSignal::new(String::new());
    let away = move || hours.get().is_some_and(|h| !h.open);
    let push = move |l: Line| lines.update(|v| v.push(l));
    let chat = Chat::new();
    let restore = UnsyncCallback::new(move |body: String| {
        spawn_local(async move {
            if let Some(case) = chat.restore(body).await {
                stage.set(Stage::Connected(case));
            }
        });
    });

    let hand_off = move |question: String| {
        // Outside chat hours the team replies later: to an address first.
        let email = if hours.get_untracked().is_some_and(|h| !h.open) {
            let typed = email.get_untracked().trim().to_string();
            let asked = matches!(stage.get_untracked(), Stage::Away(..));
            if !asked && typed.is_empty() {
                // A signed-in customer's own address, to change if they like.
                if let Some(who) = identity.get_untracked() {
                    email.set(who.email);
                }
            }
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
            match call_json(WidgetHandoff { handoff })
                .await
                .and_then(read_handed_off)
            {
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
            match call_json(WidgetAnswers { question: q })
                .await
                .and_then(read_hits)
            {
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
            let _ = call_text(WidgetFeedback { article, solved }).await;
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
        lines.set(Vec::new());
        seen.set(Vec::new());
        stage.set(Stage::Asking);
    });
    let view = UnsyncCallback::new(move |()| {
        view! {
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
        }
        .into_any()
    });
    Talk {
        view,
        ask: UnsyncCallback::new(move |()| ask()),
        talk: UnsyncCallback::new(move |()| talk(())),
        typed: UnsyncCallback::new(move |()| {
            if matches!(stage.get_untracked(), Stage::Connected(_)) {
                chat.typed();
            }
        }),
        restore,
        busy: UnsyncCallback::new(move |()| busy.get()),
        input_off: UnsyncCallback::new(move |()| input_off()),
        connected: UnsyncCallback::new(move |()| connected()),
    }
}

/// `widget_answers`'s answer (serde's reading code stays out of this piece).
fn read_hits(v: Json) -> Result<Vec<ArticleHit>, AppError> {
    let hit = |h: Json| {
        Some(ArticleHit {
            id: h.number("id")? as i64,
            slug: h.string("slug")?,
            title: h.string("title")?,
            summary: h.string("summary")?,
            category: h.string("category")?,
            steps: h
                .get("steps")
                .items()?
                .iter()
                .map(Json::text)
                .collect::<Option<_>>()?,
        })
    };
    v.items()
        .and_then(|hits| hits.into_iter().map(hit).collect())
        .ok_or_else(|| AppError::Transport("unexpected answers".into()))
}

/// `widget_handoff`'s answer.
fn read_handed_off(v: Json) -> Result<HandedOff, AppError> {
    v.number("case_id")
        .map(|id| HandedOff {
            case_id: CaseId(id as i64),
        })
        .ok_or_else(|| AppError::Transport("unexpected answer".into()))
}

/// A failure in the visitor's words; a rate limit says how long to wait.
fn failure(w: &super::Words, e: &AppError) -> String {
    match e {
        AppError::RateLimited(secs) => format!("{} {secs} s.", w.please_wait),
        AppError::InvalidField { reason, .. } => reason.clone(),
        _ => w.failed.to_string(),
    }
}
