//! The admin pages: SLA policies, calendars, triage rules, routing and
//! automation, templates; each form shows a refused field's reason next to it.

mod admin_home;
mod admin_layout;
mod articles_page;
mod calendars_page;
mod checklists_page;
mod routing_page;
mod sla_page;
mod templates_page;
mod triage_page;

pub use admin_home::AdminHome;
pub use admin_layout::AdminLayout;
pub use articles_page::ArticlesPage;
pub use calendars_page::CalendarsPage;
pub use checklists_page::ChecklistsPage;
pub use routing_page::RoutingPage;
pub use sla_page::SlaPage;
pub use templates_page::TemplatesPage;
pub use triage_page::TriagePage;

use crate::error::AppError;
use leptos::prelude::*;

/// Whether `error` refuses `field`.
fn refuses(error: &Option<AppError>, field: &str) -> bool {
    matches!(error, Some(AppError::InvalidField { field: f, .. }) if f == field)
}

/// A labelled form field with its hint and, when refused, the reason.
#[component]
pub fn Field(
    label: &'static str,
    field: &'static str,
    error: Signal<Option<AppError>>,
    #[prop(optional)] hint: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <label class="field" class:invalid=move || refuses(&error.get(), field)>
            <span class="field-label">{label}</span>
            {children()}
            {(!hint.is_empty()).then(|| view! { <small class="hint">{hint}</small> })}
            <FieldError field error/>
        </label>
    }
}

/// The reason `field` was refused, if it was.
#[component]
pub fn FieldError(field: &'static str, error: Signal<Option<AppError>>) -> impl IntoView {
    move || match error.get() {
        Some(AppError::InvalidField { field: f, reason }) if f == field => Some(view! {
            <span class="field-error" role="alert" data-testid=format!("error-{field}")>{reason}</span>
        }),
        _ => None,
    }
}

/// Under a form: "Saved." after a save, or an error that names no field.
#[component]
pub fn FormStatus(error: Signal<Option<AppError>>, saved: Signal<bool>) -> impl IntoView {
    move || {
        match error.get() {
        Some(AppError::InvalidField { .. }) => view! {
            <p class="error" role="alert" data-testid="form-error">"Please correct the field marked above; nothing was saved."</p>
        }
        .into_any(),
        Some(e) => view! { <p class="error" role="alert" data-testid="form-error">{e.to_string()}</p> }.into_any(),
        None if saved.get() => view! { <p class="saved" role="status" data-testid="saved">"Saved."</p> }.into_any(),
        None => ().into_any(),
    }
    }
}

/// A `<select>` of named choices with an "any"/"none" first option.
#[component]
pub fn Choice(
    name: &'static str,
    /// What the empty choice means ("Any", "No change").
    empty: &'static str,
    options: Vec<(String, String)>,
    selected: String,
) -> impl IntoView {
    let none = selected.is_empty();
    view! {
        <select name=name>
            <option value="" selected=none>{empty}</option>
            {options
                .into_iter()
                .map(|(value, text)| {
                    let on = value == selected;
                    view! { <option value=value selected=on>{text}</option> }
                })
                .collect_view()}
        </select>
    }
}

/// The options of a named enum, value and text alike.
pub fn enum_options<T: Copy>(all: &[T], name: impl Fn(T) -> &'static str) -> Vec<(String, String)> {
    all.iter()
        .map(|x| (name(*x).to_string(), name(*x).to_string()))
        .collect()
}

/// A percentage for people: `87 %`, or a dash before there is any.
pub fn percent(p: Option<f64>) -> String {
    p.map_or_else(|| "—".to_string(), |p| format!("{p:.0} %"))
}
