//! The unified customer view beside a case: who they are, their history across
//! channels, their bookings and payments, and colleagues' notes about them.

use super::quick_actions::{upsert_action, ActionDialog};
use crate::api::cases::add_customer_note;
use crate::domain::customer::{format_money, CustomerNote, CustomerView};
use crate::domain::{ActionKind, ActionStatus, ActionView, CaseId, Me};
use crate::ui::common::resource::Res;
use crate::ui::common::time::local_time;
use leptos::prelude::*;

/// Loads and shows the customer of `case_id`.
#[component]
pub fn CustomerPanel(
    case_id: CaseId,
    /// The case page's: reloads when `records` is bumped.
    customer: Res<Result<CustomerView, crate::error::AppError>>,
    /// The signed-in user, for their authority limit.
    me: Res<Option<Me>>,
    /// Bumped when the records changed (an action executed): reloads them.
    records: RwSignal<u32>,
    actions: RwSignal<Vec<ActionView>>,
) -> impl IntoView {
    view! {
        <aside class="customer" aria-label="Customer" data-testid="customer">
            <Transition fallback=|| view! { <p class="loading">"Loading customer…"</p> }>
                {move || Suspend::new(async move {
                    match customer.await {
                        Ok(c) => view! { <CustomerDetails case_id c me records actions/> }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </aside>
    }
}

#[component]
fn CustomerDetails(
    case_id: CaseId,
    c: CustomerView,
    me: Res<Option<Me>>,
    records: RwSignal<u32>,
    actions: RwSignal<Vec<ActionView>>,
) -> impl IntoView {
    let open = RwSignal::new(None::<i64>);
    let preset = RwSignal::new(None::<ActionKind>);
    let first_booking = c.bookings.first().map(|b| b.id);
    let bus = use_context::<super::tree_runner::CaseBus>();
    if let Some(bus) = bus {
        // The prepared action stays on the bus until its dialog closes: a live
        // update that re-renders this panel opens it again instead of losing it.
        Effect::new(move |_| {
            if let Some(kind) = bus.prepare.get() {
                preset.set(Some(kind));
                open.set(first_booking);
            }
        });
    }
    let done_with_preset = move || {
        if let Some(bus) = bus {
            bus.prepare.set(None);
        }
    };
    let on_close = Callback::new(move |_| {
        done_with_preset();
        open.set(None);
    });
    let on_done = Callback::new(move |a: ActionView| {
        done_with_preset();
        if a.status == ActionStatus::Executed {
            records.update(|n| *n += 1);
        }
        actions.update(|l| upsert_action(l, a));
        open.set(None);
    });
    let p = c.profile;
    let s = c.stats;
    let csat = match s.csat_average {
        Some(avg) => format!("{avg:.1} / 5 ({} rated)", s.csat_count),
        None => "no ratings yet".into(),
    };
    let notes = RwSignal::new(c.notes);
    // Set once the browser has taken this panel over: its buttons then work (the
    // panel hydrates after the case itself, once the customer's data is read).
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    view! {
        <h2 data-testid="customer-name" data-ready=move || ready.get().to_string()>{p.name.clone()}</h2>
        <p class="muted">
            {if p.tier == "enterprise" { "Enterprise customer" } else { "Standard customer" }}
            {format!(" · speaks {} · since {}", p.language, &local_time(p.created_at)[..10])}
        </p>
        <dl class="facts">
            {c.identities.into_iter().map(|i| view! { <dt>{i.kind.replace('_', " ")}</dt><dd>{i.value}</dd> }).collect_view()}
            <dt>"Cases"</dt><dd data-testid="customer-cases">{format!("{} ({} open)", s.cases, s.open_cases)}</dd>
            <dt>"CSAT"</dt><dd>{csat}</dd>
        </dl>
        <h3>"Bookings"</h3>
        {if c.bookings.is_empty() { Some(view! { <p class="muted">"No bookings."</p> }) } else { None }}
        <ul class="bookings" data-testid="bookings">
            {c.bookings.into_iter().map(|b| view! {
                <li>
                    <strong class="confirmation">{b.confirmation.clone()}</strong>
                    {format!(" · {} · {}", b.status, format_money(b.amount_cents, &b.currency))}
                    <br/><span>{b.vehicle.clone()}</span>
                    <br/><span class="muted small">{format!("{} {} → {} {}", b.pickup_location, local_time(b.pickup_at), b.return_location, local_time(b.return_at))}</span>
                    <ul class="payments">
                        {b.payments.iter().map(|pay| view! {
                            <li class="small" title=pay.note.clone()>{format!("{} {} · {} · {}", pay.kind, format_money(pay.amount_cents, &b.currency), pay.status, &local_time(pay.created_at)[..10])}</li>
                        }).collect_view()}
                    </ul>
                    <BookingActions case_id booking=b.clone() open preset me actions on_close on_done/>
                </li>
            }).collect_view()}
        </ul>
        <h3>"Cases"</h3>
        <ul class="history" data-testid="history">
            {c.cases.into_iter().map(|k| {
                let current = k.id == case_id;
                view! {
                    <li class:current=current>
                        <a href=format!("/agent/cases/{}", k.id)>{format!("#{} {}", k.id, k.subject)}</a>
                        <br/><span class="muted small">{format!("{} · {} · {} · {}", k.channel, k.status.as_str().replace('_', " "), k.queue_name, &local_time(k.created_at)[..10])}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
        {(c.hidden_cases > 0).then(|| view! {
            <p class="muted small">{format!("{} more case{} in queues you do not work.", c.hidden_cases, if c.hidden_cases == 1 { "" } else { "s" })}</p>
        })}
        <CustomerNotes case_id notes/>
    }
    .into_any()
}

#[component]
fn CustomerNotes(case_id: CaseId, notes: RwSignal<Vec<CustomerNote>>) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let input = NodeRef::<leptos::html::Textarea>::new();
    let client_id = StoredValue::new(None::<(String, String)>);
    let add = Action::new_local(move |(body, cid): &(String, String)| {
        let (body, cid) = (body.clone(), cid.clone());
        async move { add_customer_note(case_id, body, cid).await }
    });
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| match add.value().get() {
        Some(Ok(note)) => {
            error.set(None);
            client_id.set_value(None);
            text.set(String::new());
            if let Some(el) = input.get_untracked() {
                el.set_value("");
            }
            notes.update(|n| {
                if !n.iter().any(|x| x.id == note.id) {
                    n.insert(0, note);
                }
            });
        }
        Some(Err(e)) => error.set(Some(e.to_string())),
        None => {}
    });
    view! {
        <h3>"Notes about this customer"</h3>
        <form class="note-form" on:submit=move |ev| {
            ev.prevent_default();
            let body = text.get_untracked();
            let cid = match client_id.get_value() {
                Some((t, id)) if t == body => id,
                _ => {
                    let id = super::composer::new_client_id();
                    client_id.set_value(Some((body.clone(), id.clone())));
                    id
                }
            };
            add.dispatch((body, cid));
        }>
            <textarea node_ref=input aria-label="Note about this customer" data-testid="customer-note"
                placeholder="Only colleagues see this" on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            <p class="field-error" role="alert" data-testid="customer-note-error">{move || error.get()}</p>
            <button type="submit" class="secondary" disabled=move || add.pending().get()>"Save customer note"</button>
        </form>
        <ul class="customer-notes" data-testid="customer-notes">
            <For each=move || notes.get() key=|n| n.id let:n>
                <li><p class="entry-body">{n.body}</p><span class="muted small">{format!("{} · {}", n.author_name, local_time(n.created_at))}</span></li>
            </For>
        </ul>
    }
    .into_any()
}

/// The "Actions…" button of a booking, and its dialog when open.
#[component]
fn BookingActions(
    case_id: CaseId,
    booking: crate::domain::customer::Booking,
    open: RwSignal<Option<i64>>,
    /// The action a decision tree prepared, preselected in the dialog.
    preset: RwSignal<Option<ActionKind>>,
    me: Res<Option<crate::domain::Me>>,
    actions: RwSignal<Vec<ActionView>>,
    on_close: Callback<()>,
    on_done: Callback<ActionView>,
) -> impl IntoView {
    let id = booking.id;
    let booking = StoredValue::new(booking);
    let confirmation = booking.with_value(|b| b.confirmation.clone());
    view! {
        <button type="button" class="secondary small" data-testid=format!("actions-{confirmation}")
            aria-expanded=move || (open.get() == Some(id)).to_string()
            on:click=move |_| open.update(|o| *o = if *o == Some(id) { None } else { Some(id) })>
            "Actions…"
        </button>
        <Show when=move || open.get() == Some(id)>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let me = me.await?;
                    let discounted = actions.with_untracked(|l| l.iter().any(|a| a.booking_id == id
                        && a.kind == ActionKind::ApplyDiscount && a.status == ActionStatus::Executed));
                    Some(view! { <ActionDialog case_id booking=booking.get_value() discounted me initial=preset.get_untracked() on_close on_done/> })
                })}
            </Suspense>
        </Show>
    }
    .into_any()
}
