//! Quick actions from the case: a form per action on one booking, a review
//! step that says exactly what will happen and whether a supervisor must
//! approve, and the list of the case's actions with their state, live.
//! Supervisors decide pending requests in place.

use crate::api::actions::{decide_action, request_action};
use crate::domain::action::{parse_amount, parse_utc_minute, plan, utc_minute, BookingFacts, Plan};
use crate::domain::customer::{format_money, Booking};
use crate::domain::{
    ActionKind, ActionParams, ActionRequest, ActionStatus, ActionView, CaseId, Me, Role,
};
use crate::error::AppError;
use crate::ui::common::resource::Res;
use crate::ui::common::time::local_time;
use leptos::prelude::*;

/// Puts `action` into `list` (replacing an older copy of it), keeping id order.
pub fn upsert_action(list: &mut Vec<ActionView>, action: ActionView) {
    match list.iter_mut().find(|a| a.id == action.id) {
        Some(a) => *a = action,
        None => {
            list.push(action);
            list.sort_by_key(|a| a.id);
        }
    }
}

/// The values typed into the form, as text until reviewed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ActionForm {
    pub pickup: String,
    pub ret: String,
    pub code: String,
    pub amount: String,
    pub reason: String,
    pub days: String,
    pub location: String,
    pub problem: String,
}

/// Reads the form for `kind`; a refusal names the field at fault.
pub fn read_form(kind: ActionKind, f: &ActionForm) -> Result<ActionParams, (&'static str, String)> {
    let days = || {
        f.days
            .trim()
            .parse::<i64>()
            .map_err(|_| ("days", "Write a whole number of days.".to_string()))
    };
    Ok(match kind {
        ActionKind::ResendConfirmation => ActionParams::ResendConfirmation,
        ActionKind::ChangeDates => ActionParams::ChangeDates {
            pickup_at: parse_utc_minute(&f.pickup).map_err(|e| ("pickup_at", e))?,
            return_at: parse_utc_minute(&f.ret).map_err(|e| ("return_at", e))?,
        },
        ActionKind::ApplyDiscount => ActionParams::ApplyDiscount {
            code: f.code.clone(),
        },
        ActionKind::Refund => ActionParams::Refund {
            amount_cents: parse_amount(&f.amount).map_err(|e| ("amount", e))?,
            reason: f.reason.clone(),
        },
        ActionKind::Credit => ActionParams::Credit {
            amount_cents: parse_amount(&f.amount).map_err(|e| ("amount", e))?,
            reason: f.reason.clone(),
        },
        ActionKind::ExtendRental => ActionParams::ExtendRental { days: days()? },
        ActionKind::CancelBooking => ActionParams::CancelBooking {
            reason: f.reason.clone(),
        },
        ActionKind::DispatchRoadside => ActionParams::DispatchRoadside {
            location: f.location.clone(),
            problem: f.problem.clone(),
        },
    })
}

/// Which form fields an action asks for.
fn fields_of(kind: ActionKind) -> &'static [&'static str] {
    match kind {
        ActionKind::ResendConfirmation => &[],
        ActionKind::ChangeDates => &["pickup_at", "return_at"],
        ActionKind::ApplyDiscount => &["code"],
        ActionKind::Refund | ActionKind::Credit => &["amount", "reason"],
        ActionKind::ExtendRental => &["days"],
        ActionKind::CancelBooking => &["reason"],
        ActionKind::DispatchRoadside => &["location", "problem"],
    }
}

/// What the review step says about approval.
pub fn approval_words(plan: &Plan, authority_cents: i64, currency: &str) -> String {
    if plan.amount_cents > authority_cents {
        format!(
            "{} is above your authority of {}: a supervisor must approve it before it happens.",
            format_money(plan.amount_cents, currency),
            format_money(authority_cents, currency)
        )
    } else {
        "Within your authority: it happens as soon as you confirm.".into()
    }
}

/// The form and review step for an action on `booking`.
#[component]
pub fn ActionDialog(
    case_id: CaseId,
    booking: Booking,
    /// Whether a discount was already applied (from the case's actions).
    discounted: bool,
    me: Me,
    /// The action to start with (prepared by a decision tree).
    initial: Option<ActionKind>,
    on_close: Callback<()>,
    on_done: Callback<ActionView>,
) -> impl IntoView {
    let facts = StoredValue::new(BookingFacts::of(&booking, discounted));
    let ticker = crate::ui::common::ticker::Ticker::expect();
    let kind = RwSignal::new(initial.unwrap_or(ActionKind::ResendConfirmation));
    let form = RwSignal::new(ActionForm {
        pickup: utc_minute(booking.pickup_at),
        ret: utc_minute(booking.return_at),
        days: "1".into(),
        ..ActionForm::default()
    });
    let error = RwSignal::new(None::<(String, String)>);
    // The reviewed request and its client id: confirming twice sends the same id.
    let review = RwSignal::new(None::<(ActionRequest, Plan)>);
    let send = Action::new_local(move |req: &ActionRequest| {
        let req = req.clone();
        async move { request_action(case_id, req).await }
    });
    Effect::new(move |_| match send.value().get() {
        Some(Ok(done)) => {
            error.set(None);
            on_done.run(done);
        }
        Some(Err(AppError::InvalidField { field, reason })) => {
            review.set(None);
            error.set(Some((field, reason)));
        }
        Some(Err(e)) => error.set(Some((String::new(), e.to_string()))),
        None => {}
    });
    let booking_id = booking.id;
    let on_review = move |_| {
        error.set(None);
        let params = match read_form(kind.get_untracked(), &form.get_untracked()) {
            Ok(p) => p,
            Err((field, reason)) => return error.set(Some((field.into(), reason))),
        };
        let now = ticker.now.get_untracked();
        match facts.with_value(|f| plan(&params, f, now)) {
            Ok(p) => review.set(Some((
                ActionRequest {
                    booking_id,
                    params,
                    client_id: super::composer::new_client_id(),
                },
                p,
            ))),
            Err(e) => error.set(Some((e.field.into(), e.reason))),
        }
    };
    let field_error = move |field: &'static str| {
        view! {
            <span class="field-error" role="alert" data-testid=format!("action-error-{field}")>
                {move || error.with(|e| e.as_ref().filter(|(f, _)| f == field).map(|(_, m)| m.clone()))}
            </span>
        }
    };
    let input = move |field: &'static str,
                      label: &'static str,
                      kind_attr: &'static str,
                      get: fn(&ActionForm) -> String,
                      set: fn(&mut ActionForm, String)| {
        view! {
            <label class="field">
                <span class="field-label">{label}</span>
                <input type=kind_attr data-testid=format!("action-{field}") prop:value=move || form.with(get)
                    on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| set(f, v)); }/>
                {field_error(field)}
            </label>
        }
    };
    let shows = move |field: &'static str| fields_of(kind.get()).contains(&field);
    let authority = me.authority_limit_cents;
    let currency = booking.currency.clone();
    view! {
        <section class="action-dialog" role="dialog" aria-label=format!("Action on booking {}", booking.confirmation)
            data-testid="action-dialog"
            on:keydown=move |ev| if ev.key() == "Escape" { on_close.run(()) }>
            <h4>{format!("Action on {}", booking.confirmation)}</h4>
            <Show when=move || review.with(|r| r.is_none())>
                <label class="field">
                    <span class="field-label">"Action"</span>
                    <select data-testid="action-kind" on:change=move |ev| {
                        if let Some(k) = ActionKind::parse(&event_target_value(&ev)) {
                            kind.set(k);
                            error.set(None);
                        }
                    }>
                        {ActionKind::ALL.iter().map(|k| view! {
                            <option value=k.as_str() selected=move || kind.get() == *k>{k.label()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <Show when=move || shows("pickup_at")>{input("pickup_at", "New pick-up (UTC)", "datetime-local", |f| f.pickup.clone(), |f, v| f.pickup = v)}</Show>
                <Show when=move || shows("return_at")>{input("return_at", "New return (UTC)", "datetime-local", |f| f.ret.clone(), |f, v| f.ret = v)}</Show>
                <Show when=move || shows("code")>{input("code", "Discount code", "text", |f| f.code.clone(), |f, v| f.code = v)}</Show>
                <Show when=move || shows("amount")>{input("amount", "Amount", "text", |f| f.amount.clone(), |f, v| f.amount = v)}</Show>
                <Show when=move || shows("reason")>{input("reason", "Reason", "text", |f| f.reason.clone(), |f, v| f.reason = v)}</Show>
                <Show when=move || shows("days")>{input("days", "Extra days", "number", |f| f.days.clone(), |f, v| f.days = v)}</Show>
                <Show when=move || shows("location")>{input("location", "Where is the car", "text", |f| f.location.clone(), |f, v| f.location = v)}</Show>
                <Show when=move || shows("problem")>{input("problem", "What is wrong", "text", |f| f.problem.clone(), |f, v| f.problem = v)}</Show>
                {field_error("booking")}
                <div class="row">
                    <button type="button" data-testid="action-review" on:click=on_review>"Review"</button>
                    <button type="button" class="secondary" on:click=move |_| on_close.run(())>"Cancel"</button>
                </div>
            </Show>
            {move || review.get().map(|(req, p)| {
                let words = approval_words(&p, authority, &currency);
                let above = p.amount_cents > authority;
                view! {
                    <p data-testid="action-summary"><strong>{format!("You are about to {}.", p.summary)}</strong></p>
                    <p class:warn=above data-testid="action-approval">{words}</p>
                    <p class="field-error" role="alert" data-testid="action-send-error">
                        {move || error.with(|e| e.as_ref().map(|(_, m)| m.clone()))}
                    </p>
                    <div class="row">
                        <button type="button" data-testid="action-confirm" disabled=move || send.pending().get()
                            on:click=move |_| { send.dispatch(req.clone()); }>
                            {if above { "Ask for approval" } else { "Confirm" }}
                        </button>
                        <button type="button" class="secondary" on:click=move |_| review.set(None)>"Back"</button>
                    </div>
                }
            })}
        </section>
    }
    .into_any()
}

/// One action with its state; supervisors decide pending ones here.
#[component]
pub fn ActionItem(
    action: ActionView,
    me: Option<Me>,
    on_decided: Callback<ActionView>,
    /// Show the case and customer (in the approvals inbox).
    #[prop(optional)]
    with_case: bool,
) -> impl IntoView {
    let may_decide = action.status == ActionStatus::PendingApproval
        && me.as_ref().is_some_and(|m| {
            matches!(m.role, Role::Supervisor | Role::Admin) && m.id != action.requested_by
        });
    let id = action.id;
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let decide = Action::new_local(move |approve: &bool| {
        let approve = *approve;
        async move { decide_action(id, approve, reason.get_untracked()).await }
    });
    Effect::new(move |_| match decide.value().get() {
        Some(Ok(done)) => {
            error.set(None);
            on_decided.run(done);
        }
        Some(Err(e)) => error.set(Some(e.to_string())),
        None => {}
    });
    let status = action.status.as_str();
    view! {
        <li class=format!("action action-{status}") data-testid="action" data-action-id=id data-status=status>
            {with_case.then(|| view! {
                <p><a href=format!("/agent/cases/{}", action.case_id)>{format!("#{} {}", action.case_id, action.case_subject)}</a>
                <span class="muted">{format!(" · {}", action.customer_name)}</span></p>
            })}
            <p><strong>{action.kind.label()}</strong>
                {(action.amount_cents > 0).then(|| format!(" · {}", format_money(action.amount_cents, &action.currency)))}
            </p>
            <p class="small">{action.summary.clone()}</p>
            <p class="small muted">{format!("{} · {}", action.requested_by_name, local_time(action.requested_at))}</p>
            <p class="action-state" data-testid="action-state">{action.state_words()}</p>
            {may_decide.then(|| view! {
                <div class="decide">
                    <button type="button" data-testid="approve" disabled=move || decide.pending().get()
                        on:click=move |_| { decide.dispatch(true); }>"Approve"</button>
                    <input type="text" aria-label="Reason for denying" placeholder="Reason for denying" data-testid="deny-reason"
                        on:input=move |ev| reason.set(event_target_value(&ev))/>
                    <button type="button" class="secondary" data-testid="deny" disabled=move || decide.pending().get()
                        on:click=move |_| { decide.dispatch(false); }>"Deny"</button>
                    <p class="field-error" role="alert" data-testid="decide-error">{move || error.get()}</p>
                </div>
            })}
        </li>
    }
    .into_any()
}

/// The case's actions, newest last, kept live by the case page.
#[component]
pub fn CaseActions(
    actions: RwSignal<Vec<ActionView>>,
    /// The signed-in user, created by the case page.
    me: Res<Option<Me>>,
) -> impl IntoView {
    let on_decided = Callback::new(move |a: ActionView| actions.update(|l| upsert_action(l, a)));
    view! {
        <section class="case-actions" aria-label="Quick actions" data-testid="case-actions">
            <h3>"Actions"</h3>
            <Show when=move || actions.with(|a| a.is_empty())>
                <p class="muted small">"No actions yet. Start one from a booking."</p>
            </Show>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let me = me.await;
                    view! {
                        <ol class="actions">
                            <For each=move || actions.get() key=|a| (a.id, a.status.as_str()) let:a>
                                <ActionItem action=a me=me.clone() on_decided/>
                            </For>
                        </ol>
                    }
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_names_the_field_at_fault() {
        let f = ActionForm {
            amount: "12,50.x".into(),
            ..ActionForm::default()
        };
        assert_eq!(read_form(ActionKind::Refund, &f).unwrap_err().0, "amount");
        let f = ActionForm {
            days: "two".into(),
            ..ActionForm::default()
        };
        assert_eq!(
            read_form(ActionKind::ExtendRental, &f).unwrap_err().0,
            "days"
        );
        let f = ActionForm {
            pickup: "2026-12-01T10:00".into(),
            ret: "".into(),
            ..ActionForm::default()
        };
        assert_eq!(
            read_form(ActionKind::ChangeDates, &f).unwrap_err().0,
            "return_at"
        );
        let f = ActionForm {
            amount: "40".into(),
            reason: "late car".into(),
            ..ActionForm::default()
        };
        assert_eq!(
            read_form(ActionKind::Credit, &f),
            Ok(ActionParams::Credit {
                amount_cents: 4_000,
                reason: "late car".into()
            })
        );
        for kind in ActionKind::ALL {
            for field in fields_of(*kind) {
                assert!([
                    "pickup_at",
                    "return_at",
                    "code",
                    "amount",
                    "reason",
                    "days",
                    "location",
                    "problem"
                ]
                .contains(field));
            }
        }
    }

    #[test]
    fn a_live_copy_replaces_the_older_one_in_place() {
        let (a, b) = (
            ActionView::sample(1, ActionStatus::PendingApproval),
            ActionView::sample(2, ActionStatus::Executed),
        );
        let mut list = vec![a.clone()];
        upsert_action(&mut list, b.clone());
        upsert_action(&mut list, ActionView::sample(1, ActionStatus::Denied));
        upsert_action(&mut list, b);
        assert_eq!(
            list.iter().map(|x| (x.id, x.status)).collect::<Vec<_>>(),
            vec![(1, ActionStatus::Denied), (2, ActionStatus::Executed)]
        );
    }

    #[test]
    fn approval_is_announced_only_above_authority() {
        let p = |cents| Plan {
            amount_cents: cents,
            summary: String::new(),
            effect: Default::default(),
        };
        assert!(approval_words(&p(10_000), 10_000, "EUR").starts_with("Within"));
        assert_eq!(
            approval_words(&p(10_001), 10_000, "EUR"),
            "€100.01 is above your authority of €100.00: a supervisor must approve it before it happens."
        );
    }
}
