//! Business hours: a time zone, weekly hours and holidays, or 24/7.

use super::{Field, FieldError, FormStatus};
use crate::api::admin::form::{format_dates, format_spans};
use crate::api::admin::{admin_sla, SaveCalendar};
use crate::domain::config::NamedCalendar;
use crate::engine::calendar::CalendarSpec;
use crate::error::AppError;
use crate::ui::common::resource::resource;
use leptos::form::ActionForm;
use leptos::prelude::*;

const DAYS: [(&str, &str); 7] = [
    ("hours_mon", "Monday"),
    ("hours_tue", "Tuesday"),
    ("hours_wed", "Wednesday"),
    ("hours_thu", "Thursday"),
    ("hours_fri", "Friday"),
    ("hours_sat", "Saturday"),
    ("hours_sun", "Sunday"),
];

fn summary(spec: &CalendarSpec) -> String {
    if spec.always_open {
        return "24/7".into();
    }
    DAYS.iter()
        .zip(&spec.week)
        .filter(|(_, spans)| !spans.is_empty())
        .map(|((_, day), spans)| format!("{} {}", &day[..3], format_spans(spans)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The calendars and the form for the chosen (or a new) one.
#[component]
pub fn CalendarsPage() -> impl IntoView {
    let save = ServerAction::<SaveCalendar>::new();
    let saved = RwSignal::new(0usize);
    let chosen = RwSignal::new(None::<i64>);
    Effect::new(move |_| {
        if let Some(Ok(id)) = save.value().get() {
            chosen.set(Some(id));
            saved.update(|n| *n += 1);
        }
    });
    let data = resource(move || saved.get(), |_| admin_sla());
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let ok = Signal::derive(move || matches!(save.value().get(), Some(Ok(_))));
    view! {
        <main class="admin">
            <h1>"Business hours"</h1>
            <p class="muted">"SLA clocks run only in a policy's business hours and stop on holidays."</p>
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(d) => {
                            let cals = d.calendars;
                            view! { <div class="admin-body">
                                <table class="grid" data-testid="calendars">
                                    <thead><tr><th>"Calendar"</th><th>"Time zone"</th><th>"Hours"</th><th>"Holidays"</th><th></th></tr></thead>
                                    <tbody>
                                        {cals.iter().map(|c| {
                                            let id = c.id;
                                            view! {
                                                <tr data-calendar=id>
                                                    <td>{c.name.clone()}</td>
                                                    <td>{c.spec.tz.clone()}</td>
                                                    <td>{summary(&c.spec)}</td>
                                                    <td>{c.spec.holidays.len()}</td>
                                                    <td><button type="button" class="link" on:click=move |_| chosen.set(Some(id))>"Edit"</button></td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                                <button type="button" class="secondary" on:click=move |_| chosen.set(Some(0))>"New calendar"</button>
                                <CalendarForm cals chosen save error ok/>
                            </div> }.into_any()
                        }
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </main>
    }
}

#[component]
fn CalendarForm(
    cals: Vec<NamedCalendar>,
    chosen: RwSignal<Option<i64>>,
    save: ServerAction<SaveCalendar>,
    error: Signal<Option<AppError>>,
    ok: Signal<bool>,
) -> impl IntoView {
    move || {
        let id = chosen.get()?;
        let c = cals
            .iter()
            .find(|c| c.id == id)
            .cloned()
            .unwrap_or(NamedCalendar {
                id: 0,
                name: String::new(),
                spec: CalendarSpec {
                    tz: "UTC".into(),
                    always_open: false,
                    week: Default::default(),
                    holidays: Default::default(),
                },
            });
        let days: Vec<(&'static str, &'static str, String)> = DAYS
            .iter()
            .zip(c.spec.week.iter())
            .map(|((field, day), spans)| (*field, *day, format_spans(spans)))
            .collect();
        let holidays = format_dates(&c.spec.holidays);
        Some(view! {
            <ActionForm action=save attr:class="card admin-form" attr:data-testid="calendar-form">
                <h2>{if c.id == 0 { "New calendar".to_string() } else { format!("Edit “{}”", c.name) }}</h2>
                <input type="hidden" name="id" value=c.id/>
                <div class="row">
                    <Field label="Name" field="name" error>
                        <input name="name" value=c.name.clone()/>
                    </Field>
                    <Field label="Time zone" field="tz" error hint="IANA name, e.g. Europe/Berlin">
                        <input name="tz" value=c.spec.tz.clone()/>
                    </Field>
                </div>
                <label class="check">
                    <input type="checkbox" name="always_open" checked=c.spec.always_open/>
                    " Open 24/7 (weekly hours and holidays are ignored)"
                </label>
                <fieldset class="week" class:invalid=move || super::refuses(&error.get(), "hours")>
                    <legend>"Weekly hours"</legend>
                    <small class="hint">"e.g. 08:00-12:00, 13:00-18:00; empty is closed"</small>
                    {days.into_iter().map(|(field, day, hours)| view! {
                        <Field label=day field=field error>
                            <input name=field value=hours/>
                        </Field>
                    }).collect_view()}
                    <FieldError field="hours" error/>
                </fieldset>
                <Field label="Holidays" field="holidays" error hint="one date per line, YYYY-MM-DD">
                    <textarea name="holidays" rows="4">{holidays}</textarea>
                </Field>
                <div class="actions">
                    <button type="submit" disabled=move || save.pending().get()>"Save calendar"</button>
                    <button type="button" class="link" on:click=move |_| chosen.set(None)>"Close"</button>
                </div>
                <FormStatus error saved=ok/>
            </ActionForm>
        })
    }
}
