//! The unified customer view beside a case: profile, identities, history,
//! bookings with their payments, and notes about the customer.

use super::case::CaseSummary;
use super::ids::CustomerId;
use serde::{Deserialize, Serialize};

/// Longest note about a customer, in characters.
pub const MAX_NOTE_CHARS: usize = 2_000;

/// Who the customer is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerProfile {
    pub id: CustomerId,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// "standard" or "enterprise".
    pub tier: String,
    pub language: String,
    pub created_at: i64,
}

/// One way the customer is known (email, phone, the company's own id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    pub kind: String,
    pub value: String,
}

/// A payment on a booking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    pub id: i64,
    /// charge, refund or credit.
    pub kind: String,
    pub amount_cents: i64,
    pub status: String,
    pub created_at: i64,
    /// What the payment was for, when an action made it.
    #[serde(default)]
    pub note: String,
}

/// A car-rental booking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Booking {
    pub id: i64,
    pub confirmation: String,
    pub vehicle: String,
    pub pickup_location: String,
    pub return_location: String,
    pub pickup_at: i64,
    pub return_at: i64,
    pub status: String,
    pub amount_cents: i64,
    pub currency: String,
    pub payments: Vec<Payment>,
}

/// A note an agent kept about the customer (never shown to them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerNote {
    pub id: i64,
    pub author_name: String,
    pub body: String,
    pub created_at: i64,
}

/// The customer's history in numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerStats {
    pub cases: i64,
    pub open_cases: i64,
    /// Mean satisfaction score (1 to 5) over rated cases.
    pub csat_average: Option<f64>,
    pub csat_count: i64,
}

/// Everything the agent sees about the customer of a case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerView {
    pub profile: CustomerProfile,
    pub identities: Vec<Identity>,
    pub stats: CustomerStats,
    /// The customer's cases in queues the viewer may see, newest first.
    pub cases: Vec<CaseSummary>,
    /// Cases of the customer not listed (other queues, or past the list's length).
    pub hidden_cases: i64,
    pub bookings: Vec<Booking>,
    /// Newest first.
    pub notes: Vec<CustomerNote>,
}

/// An amount for people: "€412.50", "-€20.00"; unknown currencies by code.
pub fn format_money(cents: i64, currency: &str) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let symbol = match currency {
        "EUR" => "€".to_string(),
        "USD" => "$".to_string(),
        "GBP" => "£".to_string(),
        other => format!("{other} "),
    };
    format!("{sign}{symbol}{}.{:02}", abs / 100, abs % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_reads_with_symbol_sign_and_cents() {
        assert_eq!(format_money(41_250, "EUR"), "€412.50");
        assert_eq!(format_money(-2_005, "USD"), "-$20.05");
        assert_eq!(format_money(7, "CHF"), "CHF 0.07");
    }
}
