//! Quick actions on a customer's booking: what each one needs, what it would
//! change, and how much money it gives away (which decides whether the agent's
//! authority covers it or a supervisor must approve).

use super::customer::format_money;
use super::ids::{CaseId, UserId};
use serde::{Deserialize, Serialize};

const DAY_MS: i64 = 86_400_000;
/// Longest rental a booking may be changed to, in days.
pub const MAX_RENTAL_DAYS: i64 = 60;
/// Most days a rental can be extended by at once.
pub const MAX_EXTENSION_DAYS: i64 = 30;
/// Largest goodwill credit in cents, whatever the authority.
pub const MAX_CREDIT_CENTS: i64 = 50_000;
/// Longest free-text reason or description, in characters.
pub const MAX_REASON_CHARS: usize = 500;

/// Discount codes an agent may apply, with their percentage off.
pub const DISCOUNT_CODES: &[(&str, i64)] = &[("SORRY10", 10), ("LOYAL15", 15), ("GOODWILL20", 20)];

named_enum!(
    /// The quick actions, in the order the workspace offers them.
    ActionKind {
        ResendConfirmation => "resend_confirmation", ChangeDates => "change_dates",
        ApplyDiscount => "apply_discount", Refund => "refund", Credit => "credit",
        ExtendRental => "extend_rental", CancelBooking => "cancel_booking",
        DispatchRoadside => "dispatch_roadside",
    }
);

impl ActionKind {
    /// The button's words.
    pub fn label(self) -> &'static str {
        match self {
            ActionKind::ResendConfirmation => "Resend confirmation",
            ActionKind::ChangeDates => "Change dates",
            ActionKind::ApplyDiscount => "Apply discount code",
            ActionKind::Refund => "Refund",
            ActionKind::Credit => "Credit",
            ActionKind::ExtendRental => "Extend rental",
            ActionKind::CancelBooking => "Cancel booking",
            ActionKind::DispatchRoadside => "Dispatch roadside assistance",
        }
    }
}

named_enum!(
    /// Where an action stands. An approved action executes in the same step,
    /// so "approved" shows as executed (or failed, if the booking changed).
    ActionStatus {
        PendingApproval => "pending_approval", Executed => "executed",
        Denied => "denied", Failed => "failed",
    }
);

impl ActionStatus {
    /// The status in words.
    pub fn words(self) -> &'static str {
        match self {
            ActionStatus::PendingApproval => "awaiting approval",
            ActionStatus::Executed => "executed",
            ActionStatus::Denied => "denied",
            ActionStatus::Failed => "failed",
        }
    }
}

/// The parameters of a quick action, by kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ActionParams {
    ResendConfirmation,
    /// New pick-up and return times (Unix milliseconds); the price follows the
    /// booking's daily rate.
    ChangeDates {
        pickup_at: i64,
        return_at: i64,
    },
    ApplyDiscount {
        code: String,
    },
    Refund {
        amount_cents: i64,
        reason: String,
    },
    Credit {
        amount_cents: i64,
        reason: String,
    },
    ExtendRental {
        days: i64,
    },
    CancelBooking {
        reason: String,
    },
    DispatchRoadside {
        location: String,
        problem: String,
    },
}

impl ActionParams {
    pub fn kind(&self) -> ActionKind {
        match self {
            ActionParams::ResendConfirmation => ActionKind::ResendConfirmation,
            ActionParams::ChangeDates { .. } => ActionKind::ChangeDates,
            ActionParams::ApplyDiscount { .. } => ActionKind::ApplyDiscount,
            ActionParams::Refund { .. } => ActionKind::Refund,
            ActionParams::Credit { .. } => ActionKind::Credit,
            ActionParams::ExtendRental { .. } => ActionKind::ExtendRental,
            ActionParams::CancelBooking { .. } => ActionKind::CancelBooking,
            ActionParams::DispatchRoadside { .. } => ActionKind::DispatchRoadside,
        }
    }
}

/// What an agent asks for: an action on one booking of the case's customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionRequest {
    pub booking_id: i64,
    pub params: ActionParams,
    /// Chosen by the browser once per confirmation; a retry with the same id
    /// returns the first action and executes nothing again.
    pub client_id: String,
}

/// The booking as an action sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingFacts {
    pub confirmation: String,
    /// confirmed (not yet picked up), active, completed or cancelled.
    pub status: String,
    pub pickup_at: i64,
    pub return_at: i64,
    pub amount_cents: i64,
    pub currency: String,
    /// Settled charges minus refunds: what could still be refunded.
    pub refundable_cents: i64,
    /// Whether a discount code was already applied to this booking.
    pub discounted: bool,
}

impl BookingFacts {
    /// The facts the browser can see on a booking, for checking a request
    /// before sending it (the server checks again against the stored row).
    pub fn of(b: &super::customer::Booking, discounted: bool) -> Self {
        let refundable = b
            .payments
            .iter()
            .filter(|p| p.status == "settled")
            .map(|p| match p.kind.as_str() {
                "charge" => p.amount_cents,
                "refund" => -p.amount_cents,
                _ => 0,
            })
            .sum::<i64>();
        BookingFacts {
            confirmation: b.confirmation.clone(),
            status: b.status.clone(),
            pickup_at: b.pickup_at,
            return_at: b.return_at,
            amount_cents: b.amount_cents,
            currency: b.currency.clone(),
            refundable_cents: refundable.max(0),
            discounted,
        }
    }
}

/// An amount typed by a person ("120", "120.5", "1,250.00", "€40") in cents.
pub fn parse_amount(raw: &str) -> Result<i64, String> {
    let t: String = raw
        .trim()
        .trim_start_matches(['€', '$', '£'])
        .chars()
        .filter(|c| *c != ',' && *c != ' ')
        .collect();
    let bad = || format!("{:?} is not an amount; write it like 120.00.", raw.trim());
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    if whole.is_empty() && frac.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
        || frac.len() > 2
        || whole.len() > 9
    {
        return Err(bad());
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| bad())?
    };
    let cents: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    Ok(whole * 100 + cents)
}

/// A date and time typed into a `datetime-local` field ("2026-12-01T10:00"),
/// read as UTC like every time the workspace shows.
pub fn parse_utc_minute(raw: &str) -> Result<i64, String> {
    chrono::NaiveDateTime::parse_from_str(raw.trim(), "%Y-%m-%dT%H:%M")
        .map(|t| t.and_utc().timestamp_millis())
        .map_err(|_| "Choose a date and time.".to_string())
}

/// The `datetime-local` value of an instant, in UTC.
pub fn utc_minute(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|d| d.format("%Y-%m-%dT%H:%M").to_string())
        .unwrap_or_default()
}

/// A payment an action records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentKind {
    Refund,
    Credit,
}

impl PaymentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentKind::Refund => "refund",
            PaymentKind::Credit => "credit",
        }
    }
}

/// What executing an action changes on the booking.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Effect {
    pub status: Option<&'static str>,
    pub dates: Option<(i64, i64)>,
    pub amount_cents: Option<i64>,
    pub payment: Option<(PaymentKind, i64)>,
}

/// An action checked against its booking: what it does, in words and in effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Money given away (refund, credit, discount, a cheaper booking): the
    /// amount the agent's authority must cover.
    pub amount_cents: i64,
    /// One line for the timeline, the approval and the audit log.
    pub summary: String,
    pub effect: Effect,
}

/// Why an action was refused, with the field at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionError {
    pub field: &'static str,
    pub reason: String,
}

fn refuse<T>(field: &'static str, reason: impl Into<String>) -> Result<T, ActionError> {
    Err(ActionError {
        field,
        reason: reason.into(),
    })
}

/// A trimmed free-text field of 3 to [`MAX_REASON_CHARS`] characters.
fn text(field: &'static str, raw: &str, what: &str) -> Result<String, ActionError> {
    let t = raw.trim();
    let n = t.chars().count();
    if n < 3 {
        return refuse(field, format!("Say {what} (at least 3 characters)."));
    }
    if n > MAX_REASON_CHARS {
        return refuse(
            field,
            format!("That is too long ({n} characters; at most {MAX_REASON_CHARS})."),
        );
    }
    Ok(t.to_owned())
}

fn rental_days(pickup_at: i64, return_at: i64) -> i64 {
    ((return_at - pickup_at) + DAY_MS - 1) / DAY_MS
}

fn daily_rate(b: &BookingFacts) -> i64 {
    b.amount_cents / rental_days(b.pickup_at, b.return_at).max(1)
}

fn require_status(b: &BookingFacts, allowed: &[&str], what: &str) -> Result<(), ActionError> {
    if allowed.contains(&b.status.as_str()) {
        Ok(())
    } else {
        refuse(
            "booking",
            format!(
                "Booking {} is {}: {what} only works on a booking that is {}.",
                b.confirmation,
                b.status,
                allowed.join(" or ")
            ),
        )
    }
}

/// Checks `params` against the booking at `now` and works out the effect.
/// Pure: the same inputs always give the same plan.
pub fn plan(params: &ActionParams, b: &BookingFacts, now: i64) -> Result<Plan, ActionError> {
    let money = |c: i64| format_money(c, &b.currency);
    let conf = &b.confirmation;
    match params {
        ActionParams::ResendConfirmation => {
            require_status(b, &["confirmed", "active"], "resending the confirmation")?;
            Ok(Plan {
                amount_cents: 0,
                summary: format!("resend the confirmation of booking {conf}"),
                effect: Effect::default(),
            })
        }
        ActionParams::ChangeDates {
            pickup_at,
            return_at,
        } => {
            require_status(b, &["confirmed"], "changing the dates")?;
            if *pickup_at <= now {
                return refuse("pickup_at", "The new pick-up must be in the future.");
            }
            if *pickup_at > now + 365 * DAY_MS {
                return refuse("pickup_at", "The new pick-up must be within a year.");
            }
            if return_at <= pickup_at {
                return refuse("return_at", "The return must be after the pick-up.");
            }
            let days = rental_days(*pickup_at, *return_at);
            if days > MAX_RENTAL_DAYS {
                return refuse(
                    "return_at",
                    format!(
                        "A rental lasts at most {MAX_RENTAL_DAYS} days (this would be {days})."
                    ),
                );
            }
            let amount = daily_rate(b) * days;
            Ok(Plan {
                amount_cents: (b.amount_cents - amount).max(0),
                summary: format!(
                    "move booking {conf} to {days} day{} (price {} → {})",
                    if days == 1 { "" } else { "s" },
                    money(b.amount_cents),
                    money(amount)
                ),
                effect: Effect {
                    dates: Some((*pickup_at, *return_at)),
                    amount_cents: Some(amount),
                    ..Effect::default()
                },
            })
        }
        ActionParams::ApplyDiscount { code } => {
            require_status(b, &["confirmed", "active"], "a discount")?;
            let code = code.trim().to_ascii_uppercase();
            let Some(&(code, percent)) = DISCOUNT_CODES.iter().find(|(c, _)| *c == code) else {
                return refuse(
                    "code",
                    format!(
                        "Unknown discount code; the codes are {}.",
                        DISCOUNT_CODES
                            .iter()
                            .map(|(c, _)| *c)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
            };
            if b.discounted {
                return refuse("code", format!("Booking {conf} already has a discount."));
            }
            let off = b.amount_cents * percent / 100;
            let refund = off.min(b.refundable_cents);
            Ok(Plan {
                amount_cents: off,
                summary: format!(
                    "apply {code} ({percent} % off, {}) to booking {conf}",
                    money(off)
                ),
                effect: Effect {
                    amount_cents: Some(b.amount_cents - off),
                    payment: (refund > 0).then_some((PaymentKind::Refund, refund)),
                    ..Effect::default()
                },
            })
        }
        ActionParams::Refund {
            amount_cents,
            reason,
        } => {
            if *amount_cents <= 0 {
                return refuse("amount", "The amount must be more than zero.");
            }
            if *amount_cents > b.refundable_cents {
                return refuse(
                    "amount",
                    format!(
                        "At most {} of booking {conf} can still be refunded.",
                        money(b.refundable_cents)
                    ),
                );
            }
            let reason = text("reason", reason, "why")?;
            Ok(Plan {
                amount_cents: *amount_cents,
                summary: format!(
                    "refund {} on booking {conf}: {reason}",
                    money(*amount_cents)
                ),
                effect: Effect {
                    payment: Some((PaymentKind::Refund, *amount_cents)),
                    ..Effect::default()
                },
            })
        }
        ActionParams::Credit {
            amount_cents,
            reason,
        } => {
            if *amount_cents <= 0 {
                return refuse("amount", "The amount must be more than zero.");
            }
            if *amount_cents > MAX_CREDIT_CENTS {
                return refuse(
                    "amount",
                    format!("A credit is at most {}.", money(MAX_CREDIT_CENTS)),
                );
            }
            let reason = text("reason", reason, "why")?;
            Ok(Plan {
                amount_cents: *amount_cents,
                summary: format!(
                    "credit {} to the customer for booking {conf}: {reason}",
                    money(*amount_cents)
                ),
                effect: Effect {
                    payment: Some((PaymentKind::Credit, *amount_cents)),
                    ..Effect::default()
                },
            })
        }
        ActionParams::ExtendRental { days } => {
            require_status(b, &["confirmed", "active"], "an extension")?;
            if !(1..=MAX_EXTENSION_DAYS).contains(days) {
                return refuse("days", format!("Extend by 1 to {MAX_EXTENSION_DAYS} days."));
            }
            let total = rental_days(b.pickup_at, b.return_at) + days;
            if total > MAX_RENTAL_DAYS {
                return refuse(
                    "days",
                    format!(
                        "A rental lasts at most {MAX_RENTAL_DAYS} days (this would be {total})."
                    ),
                );
            }
            let amount = b.amount_cents + daily_rate(b) * days;
            Ok(Plan {
                amount_cents: 0,
                summary: format!(
                    "extend booking {conf} by {days} day{} (price {} → {})",
                    if *days == 1 { "" } else { "s" },
                    money(b.amount_cents),
                    money(amount)
                ),
                effect: Effect {
                    dates: Some((b.pickup_at, b.return_at + days * DAY_MS)),
                    amount_cents: Some(amount),
                    ..Effect::default()
                },
            })
        }
        ActionParams::CancelBooking { reason } => {
            require_status(b, &["confirmed"], "cancelling")?;
            let reason = text("reason", reason, "why")?;
            Ok(Plan {
                amount_cents: 0,
                summary: format!("cancel booking {conf}: {reason}"),
                effect: Effect {
                    status: Some("cancelled"),
                    ..Effect::default()
                },
            })
        }
        ActionParams::DispatchRoadside { location, problem } => {
            require_status(b, &["active"], "roadside assistance")?;
            let location = text("location", location, "where the car is")?;
            let problem = text("problem", problem, "what is wrong")?;
            Ok(Plan {
                amount_cents: 0,
                summary: format!(
                    "dispatch roadside assistance for booking {conf} to {location}: {problem}"
                ),
                effect: Effect::default(),
            })
        }
    }
}

/// A quick action as everyone sees it: the agent on the case, supervisors in
/// their approvals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionView {
    pub id: i64,
    pub case_id: CaseId,
    pub case_subject: String,
    pub customer_name: String,
    pub booking_id: i64,
    pub confirmation: String,
    pub kind: ActionKind,
    pub params: ActionParams,
    pub summary: String,
    pub amount_cents: i64,
    pub currency: String,
    pub status: ActionStatus,
    pub requested_by: UserId,
    pub requested_by_name: String,
    pub requested_at: i64,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<i64>,
    /// Why it was denied, or why it could not execute.
    pub note: Option<String>,
}

impl ActionView {
    /// The action's state in one line: "awaiting approval", "approved by
    /// Priya Raman and executed", "denied by Priya Raman: not eligible".
    pub fn state_words(&self) -> String {
        let by = self.decided_by_name.as_deref();
        let note = self.note.as_deref().unwrap_or("");
        match (self.status, by) {
            (ActionStatus::PendingApproval, _) => "awaiting approval".into(),
            (ActionStatus::Executed, Some(by)) => format!("approved by {by} and executed"),
            (ActionStatus::Executed, None) => "executed".into(),
            (ActionStatus::Denied, by) => {
                format!("denied by {}: {note}", by.unwrap_or("a supervisor"))
            }
            (ActionStatus::Failed, Some(by)) => {
                format!("approved by {by} but could not execute: {note}")
            }
            (ActionStatus::Failed, None) => format!("could not execute: {note}"),
        }
    }
}

#[cfg(test)]
impl ActionView {
    /// An action with every other field empty, for tests.
    pub fn sample(id: i64, status: ActionStatus) -> Self {
        ActionView {
            id,
            case_id: CaseId(1),
            case_subject: String::new(),
            customer_name: String::new(),
            booking_id: 1,
            confirmation: "SB-1".into(),
            kind: ActionKind::Refund,
            params: ActionParams::ResendConfirmation,
            summary: String::new(),
            amount_cents: 0,
            currency: "EUR".into(),
            status,
            requested_by: UserId(1),
            requested_by_name: "Maya".into(),
            requested_at: 0,
            decided_by_name: None,
            decided_at: None,
            note: None,
        }
    }
}

/// The approvals inbox: requests waiting for a decision, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approvals {
    pub pending: Vec<ActionView>,
    /// The event sequence the list is current as of; live updates resume here.
    pub as_of: i64,
}

/// The reason a supervisor gives when denying: required, like an agent's.
pub fn denial_reason(raw: &str) -> Result<String, ActionError> {
    text("reason", raw, "why it is denied")
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000_000;

    fn booking(status: &str) -> BookingFacts {
        BookingFacts {
            confirmation: "SB-000042".into(),
            status: status.into(),
            pickup_at: NOW + 10 * DAY_MS,
            return_at: NOW + 14 * DAY_MS,
            amount_cents: 40_000,
            currency: "EUR".into(),
            refundable_cents: 40_000,
            discounted: false,
        }
    }

    fn refused(params: ActionParams, b: &BookingFacts) -> ActionError {
        plan(&params, b, NOW).expect_err("should be refused")
    }

    #[test]
    fn a_refund_gives_away_its_amount_and_no_more_than_was_paid() {
        let b = booking("confirmed");
        let p = plan(
            &ActionParams::Refund {
                amount_cents: 12_000,
                reason: " charged twice ".into(),
            },
            &b,
            NOW,
        )
        .unwrap();
        assert_eq!(p.amount_cents, 12_000);
        assert_eq!(p.effect.payment, Some((PaymentKind::Refund, 12_000)));
        assert_eq!(
            p.summary,
            "refund €120.00 on booking SB-000042: charged twice"
        );
        let e = refused(
            ActionParams::Refund {
                amount_cents: 40_001,
                reason: "too much".into(),
            },
            &b,
        );
        assert_eq!(e.field, "amount");
        assert!(e.reason.contains("€400.00"), "{}", e.reason);
        for amount in [0, -5] {
            let e = refused(
                ActionParams::Refund {
                    amount_cents: amount,
                    reason: "why".into(),
                },
                &b,
            );
            assert_eq!(e.field, "amount");
        }
        let e = refused(
            ActionParams::Refund {
                amount_cents: 100,
                reason: " x ".into(),
            },
            &b,
        );
        assert_eq!(e.field, "reason");
    }

    #[test]
    fn dates_follow_the_daily_rate_and_a_cheaper_booking_counts_as_money_given() {
        let b = booking("confirmed"); // 4 days at €100
        let shorter = plan(
            &ActionParams::ChangeDates {
                pickup_at: NOW + DAY_MS,
                return_at: NOW + 3 * DAY_MS,
            },
            &b,
            NOW,
        )
        .unwrap();
        assert_eq!(shorter.effect.amount_cents, Some(20_000));
        assert_eq!(shorter.amount_cents, 20_000);
        let longer = plan(
            &ActionParams::ChangeDates {
                pickup_at: NOW + DAY_MS,
                return_at: NOW + 7 * DAY_MS,
            },
            &b,
            NOW,
        )
        .unwrap();
        assert_eq!(longer.amount_cents, 0);
        assert_eq!(longer.effect.dates, Some((NOW + DAY_MS, NOW + 7 * DAY_MS)));
        let past = refused(
            ActionParams::ChangeDates {
                pickup_at: NOW - 1,
                return_at: NOW + DAY_MS,
            },
            &b,
        );
        assert_eq!(past.field, "pickup_at");
        let backwards = refused(
            ActionParams::ChangeDates {
                pickup_at: NOW + 2 * DAY_MS,
                return_at: NOW + DAY_MS,
            },
            &b,
        );
        assert_eq!(backwards.field, "return_at");
        let too_long = refused(
            ActionParams::ChangeDates {
                pickup_at: NOW + DAY_MS,
                return_at: NOW + 70 * DAY_MS,
            },
            &b,
        );
        assert_eq!(too_long.field, "return_at");
        let active = refused(
            ActionParams::ChangeDates {
                pickup_at: NOW + DAY_MS,
                return_at: NOW + 2 * DAY_MS,
            },
            &booking("active"),
        );
        assert_eq!(active.field, "booking");
        assert!(active.reason.contains("is active"), "{}", active.reason);
    }

    #[test]
    fn discounts_need_a_known_code_once_per_booking() {
        let b = booking("active");
        let p = plan(
            &ActionParams::ApplyDiscount {
                code: " sorry10".into(),
            },
            &b,
            NOW,
        )
        .unwrap();
        assert_eq!(p.amount_cents, 4_000);
        assert_eq!(p.effect.amount_cents, Some(36_000));
        assert_eq!(p.effect.payment, Some((PaymentKind::Refund, 4_000)));
        let unpaid = BookingFacts {
            refundable_cents: 0,
            ..b.clone()
        };
        let p = plan(
            &ActionParams::ApplyDiscount {
                code: "LOYAL15".into(),
            },
            &unpaid,
            NOW,
        )
        .unwrap();
        assert_eq!(p.effect.payment, None);
        assert_eq!(
            refused(
                ActionParams::ApplyDiscount {
                    code: "FREE100".into()
                },
                &b
            )
            .field,
            "code"
        );
        let again = BookingFacts {
            discounted: true,
            ..b
        };
        let e = refused(
            ActionParams::ApplyDiscount {
                code: "SORRY10".into(),
            },
            &again,
        );
        assert!(e.reason.contains("already"), "{}", e.reason);
    }

    #[test]
    fn bookings_in_the_wrong_state_refuse_the_action() {
        let cancelled = booking("cancelled");
        let completed = booking("completed");
        let confirmed = booking("confirmed");
        for (params, b) in [
            (ActionParams::ResendConfirmation, &cancelled),
            (
                ActionParams::CancelBooking {
                    reason: "asked to".into(),
                },
                &completed,
            ),
            (ActionParams::ExtendRental { days: 2 }, &completed),
            (
                ActionParams::DispatchRoadside {
                    location: "A7 exit 12".into(),
                    problem: "flat tyre".into(),
                },
                &confirmed,
            ),
        ] {
            assert_eq!(refused(params, b).field, "booking");
        }
    }

    #[test]
    fn extensions_and_credits_have_bounds() {
        let b = booking("active");
        let p = plan(&ActionParams::ExtendRental { days: 2 }, &b, NOW).unwrap();
        assert_eq!(p.effect.amount_cents, Some(60_000));
        assert_eq!(
            p.effect.dates,
            Some((b.pickup_at, b.return_at + 2 * DAY_MS))
        );
        assert_eq!(p.amount_cents, 0);
        for days in [0, 31, -1] {
            assert_eq!(
                refused(ActionParams::ExtendRental { days }, &b).field,
                "days"
            );
        }
        assert_eq!(
            refused(
                ActionParams::Credit {
                    amount_cents: MAX_CREDIT_CENTS + 1,
                    reason: "late car".into()
                },
                &b
            )
            .field,
            "amount"
        );
        let ok = plan(
            &ActionParams::Credit {
                amount_cents: 2_500,
                reason: "late car".into(),
            },
            &b,
            NOW,
        )
        .unwrap();
        assert_eq!(ok.effect.payment, Some((PaymentKind::Credit, 2_500)));
    }

    #[test]
    fn amounts_and_times_typed_by_people_are_read_exactly() {
        assert_eq!(parse_amount("120"), Ok(12_000));
        assert_eq!(parse_amount(" €1,250.5 "), Ok(125_050));
        assert_eq!(parse_amount("0.07"), Ok(7));
        assert_eq!(parse_amount(".5"), Ok(50));
        for bad in ["", "12.345", "-5", "ten", "1.2.3", "."] {
            assert!(parse_amount(bad).is_err(), "{bad:?}");
        }
        let t = parse_utc_minute("2026-12-01T10:30").unwrap();
        assert_eq!(utc_minute(t), "2026-12-01T10:30");
        assert!(parse_utc_minute("tomorrow").is_err());
    }

    #[test]
    fn the_browser_sees_what_can_still_be_refunded() {
        use crate::domain::customer::{Booking, Payment};
        let pay = |kind: &str, cents: i64, status: &str| Payment {
            id: 0,
            kind: kind.into(),
            amount_cents: cents,
            status: status.into(),
            created_at: 0,
            note: String::new(),
        };
        let b = Booking {
            id: 1,
            confirmation: "SB-1".into(),
            vehicle: String::new(),
            pickup_location: String::new(),
            return_location: String::new(),
            pickup_at: 0,
            return_at: DAY_MS,
            status: "active".into(),
            amount_cents: 30_000,
            currency: "EUR".into(),
            payments: vec![
                pay("charge", 30_000, "settled"),
                pay("charge", 30_000, "settled"),
                pay("refund", 5_000, "settled"),
                pay("credit", 1_000, "settled"),
                pay("charge", 9_999, "pending"),
            ],
        };
        assert_eq!(BookingFacts::of(&b, true).refundable_cents, 55_000);
        assert!(BookingFacts::of(&b, true).discounted);
    }

    #[test]
    fn the_state_reads_as_a_sentence() {
        let mut v = ActionView::sample(1, ActionStatus::PendingApproval);
        assert_eq!(v.state_words(), "awaiting approval");
        v.status = ActionStatus::Executed;
        assert_eq!(v.state_words(), "executed");
        v.decided_by_name = Some("Priya".into());
        assert_eq!(v.state_words(), "approved by Priya and executed");
        v.status = ActionStatus::Denied;
        v.note = Some("not eligible".into());
        assert_eq!(v.state_words(), "denied by Priya: not eligible");
        assert!(denial_reason("  ").is_err());
        assert_eq!(denial_reason(" no receipt ").unwrap(), "no receipt");
    }
}
