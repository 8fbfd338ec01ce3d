//! The customer of a case as the agent sees them, and notes about customers.

use super::cases::{CaseRow, SUMMARY_SELECT};
use super::{read, write, Storage, StorageError, StorageResult};
use crate::domain::customer::{
    Booking, CustomerNote, CustomerProfile, CustomerStats, CustomerView, Identity, Payment,
};
use crate::domain::{CaseSummary, CustomerId, UserId, Viewer};

/// Most past cases listed beside a case.
const HISTORY_LIMIT: i64 = 50;

type ProfileRow = (
    i64,
    String,
    Option<String>,
    Option<String>,
    String,
    String,
    i64,
);
type BookingRow = (
    i64,
    String,
    String,
    String,
    String,
    i64,
    i64,
    String,
    i64,
    String,
);
type PaymentRow = (i64, i64, String, i64, String, i64, String);
type NoteRow = (i64, String, String, i64);

impl Storage {
    /// Profile, identities, stats, cases, bookings with payments, and notes.
    #[tracing::instrument(skip(self), err)]
    /// Only cases of queues `viewer` may see are listed; `hidden_cases` counts the rest.
    pub async fn customer_view(
        &self,
        id: CustomerId,
        viewer: &Viewer,
    ) -> StorageResult<CustomerView> {
        let profile: Option<ProfileRow> = read!(self, p => sqlx::query_as(
            "SELECT id, name, email, phone, tier, language, created_at FROM customers WHERE id = $1")
            .bind(id.0).fetch_optional(p).await)?;
        let (cid, name, email, phone, tier, language, created_at) =
            profile.ok_or(StorageError::NotFound)?;
        let identities: Vec<(String, String)> = read!(self, p => sqlx::query_as(
            "SELECT kind, value FROM customer_identities WHERE customer_id = $1 ORDER BY kind, value")
            .bind(id.0).fetch_all(p).await)?;
        let (cases, open_cases, csat_average, csat_count): (i64, Option<i64>, Option<f64>, i64) = read!(self, p => sqlx::query_as(
            "SELECT COUNT(*), CAST(SUM(CASE WHEN status NOT IN ('solved', 'closed') THEN 1 ELSE 0 END) AS BIGINT), \
             AVG(CAST(csat AS DOUBLE PRECISION)), COUNT(csat) FROM cases WHERE customer_id = $1")
            .bind(id.0).fetch_one(p).await)?;
        let sql = format!(
            "{SUMMARY_SELECT} WHERE c.customer_id = $1 AND ($3 OR c.queue_id IN \
             (SELECT queue_id FROM queue_members WHERE user_id = $4)) ORDER BY c.created_at DESC, c.id DESC LIMIT $2"
        );
        let rows: Vec<CaseRow> = read!(self, p => sqlx::query_as(&sql).bind(id.0).bind(HISTORY_LIMIT)
            .bind(viewer.all_queues).bind(viewer.id.0).fetch_all(p).await)?;
        let history = rows
            .into_iter()
            .map(CaseSummary::try_from)
            .collect::<StorageResult<Vec<_>>>()?;
        let bookings: Vec<BookingRow> = read!(self, p => sqlx::query_as(
            "SELECT id, confirmation, vehicle, pickup_location, return_location, pickup_at, return_at, status, \
             amount_cents, currency FROM bookings WHERE customer_id = $1 ORDER BY pickup_at DESC, id DESC")
            .bind(id.0).fetch_all(p).await)?;
        let payments: Vec<PaymentRow> = read!(self, p => sqlx::query_as(
            "SELECT p.id, p.booking_id, p.kind, p.amount_cents, p.status, p.created_at, p.note FROM payments p \
             JOIN bookings b ON b.id = p.booking_id WHERE b.customer_id = $1 ORDER BY p.created_at, p.id")
            .bind(id.0).fetch_all(p).await)?;
        let notes = self.customer_notes(id).await?;
        Ok(CustomerView {
            profile: CustomerProfile {
                id: CustomerId(cid),
                name,
                email,
                phone,
                tier,
                language,
                created_at,
            },
            identities: identities
                .into_iter()
                .map(|(kind, value)| Identity { kind, value })
                .collect(),
            stats: CustomerStats {
                cases,
                open_cases: open_cases.unwrap_or(0),
                csat_average,
                csat_count,
            },
            hidden_cases: (cases - history.len() as i64).max(0),
            cases: history,
            bookings: bookings
                .into_iter()
                .map(|b| Booking {
                    payments: payments
                        .iter()
                        .filter(|p| p.1 == b.0)
                        .map(|p| Payment {
                            id: p.0,
                            kind: p.2.clone(),
                            amount_cents: p.3,
                            status: p.4.clone(),
                            created_at: p.5,
                            note: p.6.clone(),
                        })
                        .collect(),
                    id: b.0,
                    confirmation: b.1,
                    vehicle: b.2,
                    pickup_location: b.3,
                    return_location: b.4,
                    pickup_at: b.5,
                    return_at: b.6,
                    status: b.7,
                    amount_cents: b.8,
                    currency: b.9,
                })
                .collect(),
            notes,
        })
    }

    /// Notes about a customer, newest first.
    pub async fn customer_notes(&self, id: CustomerId) -> StorageResult<Vec<CustomerNote>> {
        let rows: Vec<NoteRow> = read!(self, p => sqlx::query_as(
            "SELECT id, author_name, body, created_at FROM customer_notes WHERE customer_id = $1 ORDER BY id DESC")
            .bind(id.0).fetch_all(p).await)?;
        Ok(rows
            .into_iter()
            .map(|(id, author_name, body, created_at)| CustomerNote {
                id,
                author_name,
                body,
                created_at,
            })
            .collect())
    }

    /// Adds a note about a customer; a retry with the same client id returns
    /// the first note and writes nothing.
    #[tracing::instrument(skip(self, body, author_name), err)]
    pub async fn add_customer_note(
        &self,
        customer: CustomerId,
        author: UserId,
        author_name: &str,
        body: &str,
        client_id: &str,
    ) -> StorageResult<CustomerNote> {
        let now = self.now();
        let row: Option<NoteRow> = write!(self, p => sqlx::query_as(
            "INSERT INTO customer_notes (customer_id, author_id, author_name, body, client_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (customer_id, client_id) DO NOTHING \
             RETURNING id, author_name, body, created_at")
            .bind(customer.0).bind(author.0).bind(author_name).bind(body).bind(client_id).bind(now)
            .fetch_optional(p).await)?;
        let (id, author_name, body, created_at) = match row {
            Some(r) => r,
            None => read!(self, p => sqlx::query_as(
                "SELECT id, author_name, body, created_at FROM customer_notes WHERE customer_id = $1 AND client_id = $2")
                .bind(customer.0).bind(client_id).fetch_one(p).await)?,
        };
        Ok(CustomerNote {
            id,
            author_name,
            body,
            created_at,
        })
    }

    /// Adds a customer with the identities they are known by (email, phone).
    #[tracing::instrument(skip(self, new), err)]
    pub async fn create_customer(&self, new: &NewCustomer<'_>) -> StorageResult<CustomerId> {
        let now = self.now();
        write!(self, p => {
            let mut tx = p.begin().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO customers (name, email, phone, tier, language, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
                .bind(new.name).bind(new.email).bind(new.phone).bind(new.tier).bind(new.language).bind(now)
                .fetch_one(&mut *tx).await?;
            for (kind, value) in [("email", new.email), ("phone", new.phone)] {
                if let Some(value) = value {
                    sqlx::query("INSERT INTO customer_identities (customer_id, kind, value) VALUES ($1, $2, $3)")
                        .bind(id).bind(kind).bind(value).execute(&mut *tx).await?;
                }
            }
            tx.commit().await?;
            Ok(CustomerId(id))
        })
    }

    /// Adds a booking of a customer, as the company's booking system pushes it.
    #[tracing::instrument(skip(self, new), err)]
    pub async fn add_booking(
        &self,
        customer: CustomerId,
        new: &NewBooking<'_>,
    ) -> StorageResult<i64> {
        let (id,): (i64,) = write!(self, p => sqlx::query_as(
            "INSERT INTO bookings (customer_id, confirmation, vehicle, pickup_location, return_location, \
             pickup_at, return_at, status, amount_cents, currency) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
             RETURNING id")
            .bind(customer.0).bind(new.confirmation).bind(new.vehicle).bind(new.pickup_location)
            .bind(new.return_location).bind(new.pickup_at).bind(new.return_at).bind(new.status)
            .bind(new.amount_cents).bind(new.currency)
            .fetch_one(p).await)?;
        Ok(id)
    }
}

/// A customer to add.
#[derive(Debug, Clone)]
pub struct NewCustomer<'a> {
    pub name: &'a str,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    /// "standard" or "enterprise".
    pub tier: &'a str,
    pub language: &'a str,
}

/// A booking to add.
#[derive(Debug, Clone)]
pub struct NewBooking<'a> {
    pub confirmation: &'a str,
    pub vehicle: &'a str,
    pub pickup_location: &'a str,
    pub return_location: &'a str,
    pub pickup_at: i64,
    pub return_at: i64,
    pub status: &'a str,
    pub amount_cents: i64,
    pub currency: &'a str,
}
