//! Response templates: stored, searched, checked and filled in for a case.

use std::collections::BTreeMap;

use super::{read, write, Storage, StorageError, StorageResult};
use crate::domain::config::{RenderedTemplate, Template};
use crate::domain::{CaseId, QueueId};
use crate::engine::template;

/// The company name templates sign with (the demo workspace's; the widget
/// settings will make it editable).
pub const COMPANY_NAME: &str = "Switchboard Rentals";

/// Longest template name, in characters.
pub const MAX_NAME_CHARS: usize = 80;
/// Longest shortcut, in characters.
pub const MAX_SHORTCUT_CHARS: usize = 30;

type Row = (i64, String, Option<String>, String, Option<i64>, i64);

fn template_of((id, name, shortcut, body, queue_id, updated_at): Row) -> Template {
    Template {
        id,
        name,
        shortcut,
        body,
        queue_id: queue_id.map(QueueId),
        updated_at,
    }
}

fn field(field: &'static str, reason: impl Into<String>) -> StorageError {
    StorageError::Field {
        field,
        reason: reason.into(),
    }
}

/// Checks a template as the admin typed it; the first fault with its field.
pub fn check(t: &Template) -> StorageResult<()> {
    let name = t.name.trim();
    if name.is_empty() {
        return Err(field("name", "the template needs a name"));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(field(
            "name",
            format!("at most {MAX_NAME_CHARS} characters"),
        ));
    }
    if let Some(s) = &t.shortcut {
        let ok = !s.is_empty()
            && s.chars().count() <= MAX_SHORTCUT_CHARS
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !ok {
            return Err(field(
                "shortcut",
                format!("lower-case letters, digits and dashes, at most {MAX_SHORTCUT_CHARS}"),
            ));
        }
    }
    template::validate(&t.body).map_err(|e| field("body", e.to_string()))
}

impl Storage {
    /// Templates whose name, shortcut or text contains `search` (any case),
    /// those of `queue` first, then by name.
    pub async fn templates(
        &self,
        search: &str,
        queue: Option<QueueId>,
    ) -> StorageResult<Vec<Template>> {
        let pattern = format!(
            "%{}%",
            search
                .trim()
                .to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        let rows: Vec<Row> = read!(self, p => sqlx::query_as(
            "SELECT id, name, shortcut, body, queue_id, updated_at FROM templates \
             WHERE LOWER(name) LIKE $1 ESCAPE '\\' OR LOWER(COALESCE(shortcut, '')) LIKE $1 ESCAPE '\\' \
             OR LOWER(body) LIKE $1 ESCAPE '\\' \
             ORDER BY CASE WHEN queue_id = $2 THEN 0 ELSE 1 END, name LIMIT 200")
            .bind(&pattern).bind(queue.map(|q| q.0)).fetch_all(p).await)?;
        Ok(rows.into_iter().map(template_of).collect())
    }

    /// One template.
    pub async fn template(&self, id: i64) -> StorageResult<Template> {
        let row: Option<Row> = read!(self, p => sqlx::query_as(
            "SELECT id, name, shortcut, body, queue_id, updated_at FROM templates WHERE id = $1")
            .bind(id).fetch_optional(p).await)?;
        row.map(template_of).ok_or(StorageError::NotFound)
    }

    /// Saves a template (new when `id` is 0); refused with the field at fault,
    /// and nothing saved, unless valid.
    pub async fn save_template(&self, t: &Template) -> StorageResult<i64> {
        check(t)?;
        let now = self.now();
        let name = t.name.trim();
        let taken: Option<(i64,)> = read!(self, p => sqlx::query_as(
            "SELECT id FROM templates WHERE LOWER(name) = LOWER($1) AND id <> $2")
            .bind(name).bind(t.id).fetch_optional(p).await)?;
        if taken.is_some() {
            return Err(field("name", "another template has this name"));
        }
        if let Some(q) = t.queue_id {
            let exists: Option<(i64,)> = read!(self, p => sqlx::query_as("SELECT id FROM queues WHERE id = $1")
                .bind(q.0).fetch_optional(p).await)?;
            if exists.is_none() {
                return Err(field("queue", "no such queue"));
            }
        }
        let result = write!(self, p => if t.id == 0 {
            sqlx::query_as::<_, (i64,)>(
                "INSERT INTO templates (name, shortcut, body, queue_id, updated_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
                .bind(name).bind(&t.shortcut).bind(&t.body).bind(t.queue_id.map(|q| q.0)).bind(now)
                .fetch_one(p).await.map(|r| r.0)
        } else {
            sqlx::query("UPDATE templates SET name = $1, shortcut = $2, body = $3, queue_id = $4, updated_at = $5 WHERE id = $6")
                .bind(name).bind(&t.shortcut).bind(&t.body).bind(t.queue_id.map(|q| q.0)).bind(now).bind(t.id)
                .execute(p).await.and_then(|r| if r.rows_affected() == 1 { Ok(t.id) } else { Err(sqlx::Error::RowNotFound) })
        });
        match result {
            Err(sqlx::Error::Database(db)) if db.is_unique_violation() => {
                Err(field("name", "another template has this name"))
            }
            other => Ok(other?),
        }
    }

    /// Deletes a template.
    pub async fn delete_template(&self, id: i64) -> StorageResult<()> {
        let n = write!(self, p => sqlx::query("DELETE FROM templates WHERE id = $1").bind(id).execute(p).await
            .map(|r| r.rows_affected()))?;
        if n == 1 {
            Ok(())
        } else {
            Err(StorageError::NotFound)
        }
    }

    /// The values of every template variable for a case and the replying agent
    /// (variables with no value, such as a booking the customer does not have,
    /// are absent).
    pub async fn template_values(
        &self,
        case: CaseId,
        agent_name: &str,
    ) -> StorageResult<BTreeMap<&'static str, String>> {
        type CaseVals = (
            i64,
            String,
            String,
            String,
            i64,
            String,
            Option<String>,
            String,
        );
        let row: Option<CaseVals> = read!(self, p => sqlx::query_as(
            "SELECT c.id, c.subject, c.priority, q.name, cu.id, cu.name, cu.email, cu.tier \
             FROM cases c JOIN queues q ON q.id = c.queue_id JOIN customers cu ON cu.id = c.customer_id WHERE c.id = $1")
            .bind(case.0).fetch_optional(p).await)?;
        let (id, subject, priority, queue, customer_id, name, email, tier) =
            row.ok_or(StorageError::NotFound)?;
        let mut v = BTreeMap::new();
        v.insert(
            "customer.first_name",
            template::first_name(&name).to_string(),
        );
        v.insert("customer.name", name);
        if let Some(email) = email {
            v.insert("customer.email", email);
        }
        v.insert("customer.tier", tier);
        v.insert("case.id", id.to_string());
        v.insert("case.subject", subject);
        v.insert("case.priority", priority);
        v.insert("case.queue", queue);
        v.insert("agent.name", agent_name.to_string());
        v.insert(
            "agent.first_name",
            template::first_name(agent_name).to_string(),
        );
        v.insert("company.name", COMPANY_NAME.to_string());
        type Booking = (String, String, String, String, i64, i64, i64, String);
        let booking: Option<Booking> = read!(self, p => sqlx::query_as(
            "SELECT confirmation, vehicle, pickup_location, return_location, pickup_at, return_at, amount_cents, currency \
             FROM bookings WHERE customer_id = $1 ORDER BY pickup_at DESC, id DESC LIMIT 1")
            .bind(customer_id).fetch_optional(p).await)?;
        if let Some((conf, vehicle, from, to, pickup, ret, cents, currency)) = booking {
            let day = |ms: i64| {
                chrono::DateTime::from_timestamp_millis(ms)
                    .map(|d| d.format("%-d %B %Y").to_string())
                    .unwrap_or_default()
            };
            v.insert("booking.confirmation", conf);
            v.insert("booking.vehicle", vehicle);
            v.insert("booking.pickup", format!("{}, {from}", day(pickup)));
            v.insert("booking.return", format!("{}, {to}", day(ret)));
            v.insert(
                "booking.amount",
                format!("{}.{:02} {currency}", cents / 100, cents.rem_euclid(100)),
            );
        }
        Ok(v)
    }

    /// A template filled in for a case and the replying agent.
    pub async fn render_template(
        &self,
        id: i64,
        case: CaseId,
        agent_name: &str,
    ) -> StorageResult<RenderedTemplate> {
        let t = self.template(id).await?;
        let values = self.template_values(case, agent_name).await?;
        let r =
            template::render(&t.body, &values).map_err(|e| StorageError::Invalid(e.to_string()))?;
        Ok(RenderedTemplate {
            text: r.text,
            missing: r.missing.iter().map(|m| m.to_string()).collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(name: &str, shortcut: Option<&str>, body: &str) -> Template {
        Template {
            id: 0,
            name: name.into(),
            shortcut: shortcut.map(str::to_string),
            body: body.into(),
            queue_id: None,
            updated_at: 0,
        }
    }

    fn field_of(r: StorageResult<()>) -> &'static str {
        match r {
            Err(StorageError::Field { field, .. }) => field,
            other => panic!("expected a field error, got {other:?}"),
        }
    }

    #[test]
    fn each_fault_names_its_field() {
        assert!(check(&t(
            "Refund sent",
            Some("refund-sent"),
            "Hi {{customer.first_name}}"
        ))
        .is_ok());
        assert_eq!(field_of(check(&t(" ", None, "x"))), "name");
        assert_eq!(
            field_of(check(&t("x", Some("Refund Sent"), "x"))),
            "shortcut"
        );
        assert_eq!(
            field_of(check(&t("x", None, "Hi {{customer.nick}}"))),
            "body"
        );
        assert_eq!(field_of(check(&t(&"n".repeat(81), None, "x"))), "name");
    }
}
