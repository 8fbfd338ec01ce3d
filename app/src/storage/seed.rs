//! Demo data: a car-rental company with queues, staff, customers, bookings and cases.
//! Deterministic (fixed random seed) and idempotent (skipped when users exist).

use super::users::NewUser;
use super::{write, Storage, StorageError, StorageResult};
use crate::domain::{Channel, Priority, QueueId, Role, UserId};
use crate::engine::mood::{self, Mood, MoodSettings};
use crate::engine::sentiment::{polarity_scores, Scores};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

mod content;
pub mod templates;
use content::{Scenario, CITIES, FIRST_NAMES, LAST_NAMES, SCENARIOS, VEHICLES};

/// Password of every demo login (printed at start-up and in README).
pub const DEMO_PASSWORD: &str = "switchboard-demo";

/// A demo login: email, role, what they work on.
pub struct DemoUser {
    pub email: &'static str,
    pub name: &'static str,
    pub role: Role,
    pub queues: &'static [&'static str],
    pub skills: &'static str,
    pub languages: &'static str,
    pub capacity: i64,
    pub authority_limit_cents: i64,
}

/// The queues of the demo company.
pub const DEMO_QUEUES: &[(&str, &str)] = &[
    (
        "Bookings",
        "New bookings, changes, extensions and cancellations",
    ),
    ("Billing", "Charges, refunds, deposits and invoices"),
    ("Account Access", "Sign-in, passwords and account security"),
    ("Roadside", "Breakdowns, accidents and roadside assistance"),
    ("Escalations", "Legal, safety and executive complaints"),
];

/// The quality checklist each demo queue asks for before a case is solved.
pub const DEMO_CHECKLISTS: &[(&str, &[&str])] = &[
    (
        "Bookings",
        &[
            "Confirmed the booking number with the customer",
            "Sent the updated confirmation",
        ],
    ),
    (
        "Billing",
        &[
            "Checked the booking's payments",
            "Told the customer when the money arrives",
        ],
    ),
    ("Account Access", &["Verified the customer's identity"]),
    (
        "Roadside",
        &[
            "Confirmed the customer is safe",
            "Gave the case number for follow-up",
        ],
    ),
    (
        "Escalations",
        &[
            "Summarised the case for customer relations",
            "Agreed the next contact date",
        ],
    ),
];

/// The staff of the demo company.
pub const DEMO_USERS: &[DemoUser] = &[
    DemoUser {
        email: "maya@demo.switchboard",
        name: "Maya Okafor",
        role: Role::Agent,
        queues: &["Bookings", "Billing"],
        skills: "bookings,billing",
        languages: "en,fr",
        capacity: 4,
        authority_limit_cents: 10_000,
    },
    DemoUser {
        email: "leo@demo.switchboard",
        name: "Leo Brandt",
        role: Role::Agent,
        queues: &["Bookings"],
        skills: "bookings",
        languages: "en,de",
        capacity: 3,
        authority_limit_cents: 5_000,
    },
    DemoUser {
        email: "sofia@demo.switchboard",
        name: "Sofia Marques",
        role: Role::Agent,
        queues: &["Billing"],
        skills: "billing,disputes",
        languages: "en,pt,es",
        capacity: 3,
        authority_limit_cents: 25_000,
    },
    DemoUser {
        email: "ken@demo.switchboard",
        name: "Ken Watanabe",
        role: Role::Agent,
        queues: &["Account Access"],
        skills: "access,technical",
        languages: "en,ja",
        capacity: 5,
        authority_limit_cents: 0,
    },
    DemoUser {
        email: "amara@demo.switchboard",
        name: "Amara Diallo",
        role: Role::Agent,
        queues: &["Roadside", "Bookings"],
        skills: "roadside,bookings",
        languages: "en,fr",
        capacity: 2,
        authority_limit_cents: 15_000,
    },
    DemoUser {
        email: "jonas@demo.switchboard",
        name: "Jonas Lindqvist",
        role: Role::Agent,
        queues: &["Escalations", "Billing"],
        skills: "escalations,billing,legal",
        languages: "en,sv",
        capacity: 2,
        authority_limit_cents: 50_000,
    },
    DemoUser {
        email: "priya@demo.switchboard",
        name: "Priya Raman",
        role: Role::Supervisor,
        queues: &[
            "Bookings",
            "Billing",
            "Account Access",
            "Roadside",
            "Escalations",
        ],
        skills: "",
        languages: "en,hi",
        capacity: 2,
        authority_limit_cents: 100_000,
    },
    DemoUser {
        email: "admin@demo.switchboard",
        name: "Alex Admin",
        role: Role::Admin,
        queues: &[],
        skills: "",
        languages: "en",
        capacity: 0,
        authority_limit_cents: 0,
    },
];

/// Each queue with the agents (id, name) who work it.
pub type AgentPool = Vec<(QueueId, Vec<(UserId, String)>)>;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;
const MINUTE_MS: i64 = 60 * 1000;

/// How much demo data to make.
#[derive(Debug, Clone, Copy)]
pub struct SeedSize {
    pub customers: usize,
    pub cases: usize,
}

impl Default for SeedSize {
    fn default() -> Self {
        SeedSize {
            customers: 200,
            cases: 300,
        }
    }
}

impl Storage {
    /// Whether the database has no users yet (a fresh install).
    pub async fn is_empty(&self) -> StorageResult<bool> {
        let (n,): (i64,) = super::read!(self, p => sqlx::query_as("SELECT COUNT(*) FROM users").fetch_one(p).await)?;
        Ok(n == 0)
    }

    /// Seeds the demo company on an empty database; does nothing otherwise.
    /// `hash` turns the demo password into a stored hash.
    pub async fn seed_demo(
        &self,
        size: SeedSize,
        password_hash: &str,
        now: i64,
    ) -> StorageResult<bool> {
        if !self.is_empty().await? {
            return Ok(false);
        }
        let queues = self.seed_queues().await?;
        let mut agents_by_queue: AgentPool = queues.iter().map(|q| (*q, Vec::new())).collect();
        let mut admin = None;
        for u in DEMO_USERS {
            let id = self
                .insert_user(&NewUser {
                    email: u.email,
                    name: u.name,
                    role: u.role,
                    password_hash,
                    skills: u.skills,
                    languages: u.languages,
                    capacity: u.capacity,
                    authority_limit_cents: u.authority_limit_cents,
                })
                .await?;
            if u.role == Role::Admin {
                admin = Some(id);
            }
            for qname in u.queues {
                let qi = DEMO_QUEUES
                    .iter()
                    .position(|(n, _)| n == qname)
                    .ok_or(StorageError::NotFound)?;
                self.add_queue_member(queues[qi], id).await?;
                if u.role == Role::Agent {
                    agents_by_queue[qi].1.push((id, u.name.to_owned()));
                }
            }
        }
        self.seed_triage_rules(&queues).await?;
        self.seed_templates(&queues).await?;
        self.seed_trees("Switchboard").await?;
        self.seed_articles(super::kb::DEMO_ARTICLES, admin).await?;
        for (queue, items) in DEMO_CHECKLISTS {
            let qi = DEMO_QUEUES
                .iter()
                .position(|(n, _)| n == queue)
                .ok_or(StorageError::NotFound)?;
            let items: Vec<String> = items.iter().map(|s| s.to_string()).collect();
            self.save_checklist(queues[qi], &items).await?;
        }
        let mut rng = StdRng::seed_from_u64(2026);
        self.bulk_customers(&mut rng, 1, size.customers, now)
            .await?;
        self.bulk_cases(
            &mut rng,
            1,
            size.cases,
            size.customers,
            &agents_by_queue,
            now,
        )
        .await?;
        Ok(true)
    }

    /// The demo company's response templates.
    async fn seed_templates(&self, queues: &[QueueId]) -> StorageResult<()> {
        for (name, shortcut, queue, body) in templates::TEMPLATES {
            let queue_id = DEMO_QUEUES
                .iter()
                .position(|(n, _)| n == queue)
                .map(|i| queues[i]);
            self.save_template(&crate::domain::config::Template {
                id: 0,
                name: name.to_string(),
                shortcut: Some(shortcut.to_string()),
                body: body.to_string(),
                queue_id,
                updated_at: 0,
            })
            .await?;
        }
        Ok(())
    }

    /// The playbook's triage rules, most serious first (earlier rules win each field).
    async fn seed_triage_rules(&self, queues: &[QueueId]) -> StorageResult<()> {
        use crate::engine::triage::{Actions, Conditions, RuleSpec};
        let queue = |name: &str| {
            DEMO_QUEUES
                .iter()
                .position(|(n, _)| *n == name)
                .map(|i| queues[i])
        };
        let words = |list: &[&str]| Conditions {
            phrases: list.iter().map(|w| w.to_string()).collect(),
            ..Conditions::default()
        };
        let rules = [
            (
                "Legal threats",
                words(&[
                    "lawyer",
                    "attorney",
                    "sue",
                    "legal action",
                    "court",
                    "solicitor",
                ]),
                Actions {
                    queue: queue("Escalations"),
                    priority: Some(Priority::P1),
                    tags: vec!["legal".into()],
                    ..Actions::default()
                },
            ),
            (
                "Safety",
                words(&[
                    "accident",
                    "injured",
                    "injury",
                    "crash",
                    "unsafe",
                    "fire",
                    "ambulance",
                ]),
                Actions {
                    queue: queue("Escalations"),
                    priority: Some(Priority::P1),
                    tags: vec!["safety".into()],
                    ..Actions::default()
                },
            ),
            (
                "Breakdowns",
                words(&[
                    "broke down",
                    "breakdown",
                    "flat tyre",
                    "flat tire",
                    "won't start",
                    "warning light",
                    "stranded",
                    "tow",
                ]),
                Actions {
                    queue: queue("Roadside"),
                    priority: Some(Priority::P2),
                    tags: vec!["roadside".into()],
                    ..Actions::default()
                },
            ),
            (
                "Can't log in",
                words(&[
                    "can't log in",
                    "cannot log in",
                    "can't sign in",
                    "cannot sign in",
                    "locked out",
                    "password reset",
                    "reset my password",
                    "2fa",
                    "verification code",
                ]),
                Actions {
                    queue: queue("Account Access"),
                    ..Actions::default()
                },
            ),
            (
                "Charged twice",
                words(&[
                    "charged twice",
                    "double charged",
                    "double charge",
                    "charged two times",
                    "duplicate charge",
                ]),
                Actions {
                    queue: queue("Billing"),
                    priority: Some(Priority::P2),
                    tags: vec!["double-charge".into()],
                    ..Actions::default()
                },
            ),
            (
                "Data missing",
                words(&[
                    "data missing",
                    "booking disappeared",
                    "booking is gone",
                    "history is empty",
                    "missing booking",
                ]),
                Actions {
                    tier: Some(crate::domain::Tier::T2),
                    priority: Some(Priority::P2),
                    tags: vec!["data-missing".into()],
                    ..Actions::default()
                },
            ),
            (
                "Refunds and deposits",
                words(&["refund", "deposit", "invoice", "receipt", "overcharged"]),
                Actions {
                    queue: queue("Billing"),
                    ..Actions::default()
                },
            ),
            (
                "Booking changes",
                words(&[
                    "change my booking",
                    "extend",
                    "extension",
                    "cancel my booking",
                    "pick-up time",
                    "pickup time",
                    "return date",
                ]),
                Actions {
                    queue: queue("Bookings"),
                    ..Actions::default()
                },
            ),
        ];
        for (position, (name, conditions, actions)) in rules.into_iter().enumerate() {
            let rule = RuleSpec {
                id: 0,
                name: name.into(),
                enabled: true,
                conditions,
                actions,
            };
            self.save_triage_rule(&rule, position as i64 + 1).await?;
        }
        Ok(())
    }

    async fn seed_queues(&self) -> StorageResult<Vec<QueueId>> {
        let mut ids = Vec::new();
        for (name, description) in DEMO_QUEUES {
            let (id,): (i64,) = write!(self, p => sqlx::query_as(
                "INSERT INTO queues (name, description) VALUES ($1, $2) RETURNING id")
                .bind(name).bind(description).fetch_one(p).await)?;
            ids.push(QueueId(id));
        }
        Ok(ids)
    }

    /// Adds `n` customers with bookings and payments, ids starting at `first_id`.
    pub async fn bulk_customers(
        &self,
        rng: &mut StdRng,
        first_id: i64,
        n: usize,
        now: i64,
    ) -> StorageResult<()> {
        let mut customers = Vec::with_capacity(n);
        let mut bookings = Vec::new();
        let mut payments = Vec::new();
        for i in 0..n as i64 {
            let id = first_id + i;
            let (first, last) = name_of(id);
            let email = format!(
                "{}.{}{}@example.com",
                first.to_lowercase(),
                last.to_lowercase(),
                id
            );
            let tier = if rng.gen_bool(0.1) {
                "enterprise"
            } else {
                "standard"
            };
            customers.push((
                id,
                format!("{first} {last}"),
                email,
                format!("+44 7700 {:06}", id % 1_000_000),
                tier,
            ));
            for b in 0..rng.gen_range(1..=3) {
                let booking_id = id * 4 + b;
                let pickup = now + rng.gen_range(-60..30) * DAY_MS;
                let days = rng.gen_range(1..14);
                let amount = days * rng.gen_range(3_500..12_000);
                let city = CITIES[rng.gen_range(0..CITIES.len())];
                let status = if pickup + days * DAY_MS < now {
                    "completed"
                } else if pickup < now {
                    "active"
                } else {
                    "confirmed"
                };
                bookings.push((
                    booking_id,
                    id,
                    format!("SB-{:06}", booking_id),
                    VEHICLES[rng.gen_range(0..VEHICLES.len())],
                    city,
                    pickup,
                    pickup + days * DAY_MS,
                    status,
                    amount,
                ));
                payments.push((booking_id, "charge", amount, pickup - 7 * DAY_MS));
                if rng.gen_bool(0.08) {
                    payments.push((
                        booking_id,
                        "charge",
                        amount,
                        pickup - 7 * DAY_MS + MINUTE_MS,
                    ));
                }
            }
        }
        write!(self, p => {
            let mut tx = p.begin().await?;
            for chunk in customers.chunks(500) {
                let mut qb = sqlx::QueryBuilder::new("INSERT INTO customers (id, name, email, phone, tier, language, created_at) ");
                qb.push_values(chunk, |mut b, c| {
                    b.push_bind(c.0).push_bind(&c.1).push_bind(&c.2).push_bind(&c.3).push_bind(c.4).push_bind("en").push_bind(now - 400 * DAY_MS);
                });
                qb.build().execute(&mut *tx).await?;
                let mut qb = sqlx::QueryBuilder::new("INSERT INTO customer_identities (customer_id, kind, value) ");
                qb.push_values(chunk, |mut b, c| {
                    b.push_bind(c.0).push_bind("email").push_bind(&c.2);
                });
                qb.build().execute(&mut *tx).await?;
            }
            for chunk in bookings.chunks(500) {
                let mut qb = sqlx::QueryBuilder::new("INSERT INTO bookings (id, customer_id, confirmation, vehicle, pickup_location, return_location, pickup_at, return_at, status, amount_cents) ");
                qb.push_values(chunk, |mut b, k| {
                    b.push_bind(k.0).push_bind(k.1).push_bind(&k.2).push_bind(k.3).push_bind(k.4).push_bind(k.4).push_bind(k.5).push_bind(k.6).push_bind(k.7).push_bind(k.8);
                });
                qb.build().execute(&mut *tx).await?;
            }
            for chunk in payments.chunks(500) {
                let mut qb = sqlx::QueryBuilder::new("INSERT INTO payments (booking_id, kind, amount_cents, status, created_at) ");
                qb.push_values(chunk, |mut b, k| {
                    b.push_bind(k.0).push_bind(k.1).push_bind(k.2).push_bind("settled").push_bind(k.3);
                });
                qb.build().execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok::<_, StorageError>(())
        })?;
        self.fix_identity_sequences().await
    }

    /// Adds `n` cases with conversations, ids starting at `first_id`, for customers `1..=customers`.
    pub async fn bulk_cases(
        &self,
        rng: &mut StdRng,
        first_id: i64,
        n: usize,
        customers: usize,
        agents_by_queue: &[(QueueId, Vec<(UserId, String)>)],
        now: i64,
    ) -> StorageResult<()> {
        const BATCH: usize = 2_000;
        let mut next = first_id;
        let mut remaining = n;
        let mut active = std::collections::HashMap::new();
        while remaining > 0 {
            let take = remaining.min(BATCH);
            let batch = make_cases(
                rng,
                next,
                take,
                customers,
                agents_by_queue,
                now,
                &self.mood,
                &mut active,
            );
            self.insert_case_batch(&batch, now).await?;
            next += take as i64;
            remaining -= take;
        }
        self.fix_identity_sequences().await
    }

    /// Inserts generated cases; each entered its status at `now` (the demo's
    /// automation starts counting from the seeding, not from invented history).
    async fn insert_case_batch(&self, batch: &[GenCase], now: i64) -> StorageResult<()> {
        let entries: Vec<(&GenCase, &GenEntry)> = batch
            .iter()
            .flat_map(|c| c.entries.iter().map(move |e| (c, e)))
            .collect();
        write!(self, p => {
            let mut tx = p.begin().await?;
            for chunk in batch.chunks(500) {
                let mut qb = sqlx::QueryBuilder::new("INSERT INTO cases (id, subject, customer_id, channel, status, priority, tier, queue_id, assignee_id, preview, created_at, updated_at, sentiment, sentiment_trend, sentiment_negative, status_since, tags) ");
                qb.push_values(chunk, |mut b, c| {
                    b.push_bind(c.id).push_bind(&c.subject).push_bind(c.customer_id).push_bind(c.channel.as_str())
                        .push_bind(c.status).push_bind(c.priority.as_str()).push_bind(c.tier).push_bind(c.queue_id.0)
                        .push_bind(c.assignee.map(|u| u.0)).push_bind(&c.preview).push_bind(c.created_at).push_bind(c.updated_at)
                        .push_bind(c.mood.map(|m| m.rolling)).push_bind(c.mood.map(|m| m.trend.as_str())).push_bind(c.mood.is_some_and(|m| m.negative))
                        .push_bind(now).push_bind(c.tag);
                });
                qb.build().execute(&mut *tx).await?;
            }
            for chunk in entries.chunks(1_000) {
                let mut qb = sqlx::QueryBuilder::new("INSERT INTO timeline_entries (case_id, kind, author_id, author_name, body, created_at, sentiment_compound, sentiment_pos, sentiment_neu, sentiment_neg) ");
                qb.push_values(chunk, |mut b, (c, e)| {
                    b.push_bind(c.id).push_bind(e.kind).push_bind(e.author.map(|u| u.0)).push_bind(&e.author_name).push_bind(&e.body).push_bind(e.at)
                        .push_bind(e.scores.map(|s| s.compound)).push_bind(e.scores.map(|s| s.pos)).push_bind(e.scores.map(|s| s.neu)).push_bind(e.scores.map(|s| s.neg));
                });
                qb.build().execute(&mut *tx).await?;
            }
            for chunk in batch.chunks(500) {
                let mut qb = sqlx::QueryBuilder::new("INSERT INTO case_tags (case_id, tag) ");
                qb.push_values(chunk, |mut b, c| {
                    b.push_bind(c.id).push_bind(c.tag);
                });
                qb.build().execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok::<_, StorageError>(())
        })
    }

    /// After inserting explicit ids, moves PostgreSQL's identity sequences past them.
    async fn fix_identity_sequences(&self) -> StorageResult<()> {
        if let Some(p) = self.postgres_pool() {
            for table in [
                "customers",
                "customer_identities",
                "bookings",
                "payments",
                "cases",
                "timeline_entries",
            ] {
                let sql = format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                );
                sqlx::query(&sql).execute(p).await?;
            }
        }
        Ok(())
    }

    /// The highest case and customer ids, and the queues with their agents (for `seed --cases`).
    pub async fn seed_context(&self) -> StorageResult<(i64, i64, AgentPool)> {
        let (max_case, max_customer): (Option<i64>, Option<i64>) = super::read!(self, p => sqlx::query_as(
            "SELECT (SELECT MAX(id) FROM cases), (SELECT MAX(id) FROM customers)").fetch_one(p).await)?;
        let rows: Vec<(i64, i64, String, String)> = super::read!(self, p => sqlx::query_as(
            "SELECT m.queue_id, m.user_id, u.role, u.name FROM queue_members m JOIN users u ON u.id = m.user_id ORDER BY m.queue_id, m.user_id")
            .fetch_all(p).await)?;
        let mut by_queue: AgentPool = Vec::new();
        for (q, u, role, name) in rows {
            if by_queue.last().map(|(id, _)| id.0) != Some(q) {
                by_queue.push((QueueId(q), Vec::new()));
            }
            if role == "agent" {
                if let Some((_, agents)) = by_queue.last_mut() {
                    agents.push((UserId(u), name));
                }
            }
        }
        Ok((max_case.unwrap_or(0), max_customer.unwrap_or(0), by_queue))
    }
}

/// A customer's name follows from their id, so cases need no lookup.
fn name_of(customer_id: i64) -> (&'static str, &'static str) {
    let i = customer_id.unsigned_abs() as usize;
    (
        FIRST_NAMES[(i * 7 + 3) % FIRST_NAMES.len()],
        LAST_NAMES[(i * 13 + 5) % LAST_NAMES.len()],
    )
}

struct GenEntry {
    kind: &'static str,
    author: Option<UserId>,
    author_name: String,
    body: String,
    at: i64,
    scores: Option<Scores>,
}

struct GenCase {
    id: i64,
    subject: String,
    customer_id: i64,
    channel: Channel,
    status: &'static str,
    priority: Priority,
    tier: &'static str,
    queue_id: QueueId,
    assignee: Option<UserId>,
    preview: String,
    tag: &'static str,
    created_at: i64,
    updated_at: i64,
    entries: Vec<GenEntry>,
    mood: Option<Mood>,
}

#[allow(clippy::too_many_arguments)]
fn make_cases(
    rng: &mut StdRng,
    first_id: i64,
    n: usize,
    customers: usize,
    agents_by_queue: &[(QueueId, Vec<(UserId, String)>)],
    now: i64,
    mood_settings: &MoodSettings,
    active: &mut std::collections::HashMap<UserId, i64>,
) -> Vec<GenCase> {
    const STATUSES: &[(&str, u32)] = &[
        ("new", 20),
        ("open", 30),
        ("pending", 15),
        ("on_hold", 5),
        ("solved", 20),
        ("closed", 10),
    ];
    let total: u32 = STATUSES.iter().map(|s| s.1).sum();
    (0..n as i64)
        .map(|i| {
            let id = first_id + i;
            let sc: &Scenario = &SCENARIOS[rng.gen_range(0..SCENARIOS.len())];
            let qi = DEMO_QUEUES
                .iter()
                .position(|(n, _)| *n == sc.queue)
                .unwrap_or(0);
            let (queue_id, agents) = agents_by_queue
                .get(qi)
                .cloned()
                .unwrap_or((QueueId(1), Vec::new()));
            let mut pick = rng.gen_range(0..total);
            let status = STATUSES
                .iter()
                .find(|s| {
                    if pick < s.1 {
                        true
                    } else {
                        pick -= s.1;
                        false
                    }
                })
                .map(|s| s.0)
                .unwrap_or("open");
            let customer_id = rng.gen_range(1..=customers.max(1) as i64);
            let (first, last) = name_of(customer_id);
            let customer_name = format!("{first} {last}");
            let vehicle = VEHICLES[rng.gen_range(0..VEHICLES.len())];
            let city = CITIES[rng.gen_range(0..CITIES.len())];
            let conf = format!("SB-{:06}", customer_id * 4);
            let fill = |s: &str| {
                s.replace("{name}", first)
                    .replace("{vehicle}", vehicle)
                    .replace("{city}", city)
                    .replace("{conf}", &conf)
            };
            let assignee = if status == "new" || agents.is_empty() {
                None
            } else {
                Some(agents[rng.gen_range(0..agents.len())].clone())
            };
            // Agents work within capacity: active cases beyond one below it
            // (leaving room for routing) wait on the customer instead.
            let status = match &assignee {
                Some((id, name)) if matches!(status, "open" | "on_hold") => {
                    let capacity = DEMO_USERS
                        .iter()
                        .find(|u| u.name == name.as_str())
                        .map_or(2, |u| u.capacity);
                    let n = active.entry(*id).or_insert(0);
                    if *n < capacity - 1 {
                        *n += 1;
                        status
                    } else {
                        "pending"
                    }
                }
                _ => status,
            };
            let created_at = now - rng.gen_range(5..30 * 24 * 60) * MINUTE_MS;
            let lines = if status == "new" {
                &sc.lines[..1]
            } else {
                sc.lines
            };
            let mut at = created_at;
            let entries: Vec<GenEntry> = lines
                .iter()
                .map(|(who, text)| {
                    at += rng.gen_range(1..40) * MINUTE_MS;
                    let agent = assignee
                        .clone()
                        .unwrap_or((UserId(0), "Support team".to_owned()));
                    let agent_id = assignee.as_ref().map(|a| a.0);
                    let (kind, author, author_name) = match *who {
                        'c' => ("customer_message", None, customer_name.clone()),
                        'n' => ("internal_note", agent_id, agent.1),
                        _ => ("agent_reply", agent_id, agent.1),
                    };
                    let body = fill(text);
                    GenEntry {
                        kind,
                        author,
                        author_name,
                        scores: (kind == "customer_message").then(|| polarity_scores(&body)),
                        body,
                        at: at.min(now),
                    }
                })
                .collect();
            let preview = entries
                .last()
                .map(|e| e.body.chars().take(140).collect())
                .unwrap_or_default();
            let compounds: Vec<f64> = entries
                .iter()
                .filter_map(|e| e.scores.map(|s| s.compound))
                .collect();
            let channel = sc.channels[rng.gen_range(0..sc.channels.len())];
            GenCase {
                id,
                subject: fill(sc.subjects[rng.gen_range(0..sc.subjects.len())]),
                customer_id,
                channel,
                status,
                priority: sc.priority,
                tier: sc.tier,
                queue_id,
                assignee: assignee.map(|a| a.0),
                preview,
                tag: sc.tag,
                created_at,
                updated_at: entries.last().map(|e| e.at).unwrap_or(created_at),
                entries,
                mood: mood::mood(&compounds, mood_settings),
            }
        })
        .collect()
}
