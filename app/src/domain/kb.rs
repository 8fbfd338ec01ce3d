//! Knowledge-base articles: what an article is, the rules a saved one obeys,
//! and what search, the help centre and the admin pages show of it.

use serde::{Deserialize, Serialize};

super::named_enum!(
    /// Where an article is in its life: only published ones reach customers.
    ArticleStatus {
        Draft => "draft",
        Published => "published",
        Archived => "archived",
    }
);

/// The help centre's sections, in the order it lists them.
pub const CATEGORIES: &[&str] = &[
    "Bookings",
    "Pick-up and return",
    "Payments and refunds",
    "Your account",
    "On the road",
    "Damage and insurance",
];

/// Most numbered steps an article may have: more means it should be split.
pub const MAX_STEPS: usize = 7;
/// Most related articles listed under one.
pub const MAX_RELATED: usize = 5;
const MAX_TITLE: usize = 120;
const MAX_SUMMARY: usize = 200;
const MAX_APPLIES_TO: usize = 160;
const MAX_STEP: usize = 400;
const MAX_TROUBLESHOOTING: usize = 1_000;
const MAX_SLUG: usize = 80;

/// An article as stored, with its figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub id: i64,
    #[serde(flatten)]
    pub content: ArticleContent,
    pub status: ArticleStatus,
    pub owner_id: Option<crate::domain::UserId>,
    pub owner_name: Option<String>,
    pub updated_at: i64,
    pub stats: ArticleStats,
}

/// What an author writes: everything the editor checks before saving.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ArticleContent {
    /// The address in the help centre: `/help/{slug}`.
    pub slug: String,
    /// The question in the customer's own words.
    pub title: String,
    /// The answer in one line.
    pub summary: String,
    pub category: String,
    /// Who or what the article is for ("Bookings that have not started yet").
    pub applies_to: String,
    /// The numbered steps, at most [`MAX_STEPS`].
    pub steps: Vec<String>,
    /// What to do when the steps did not work.
    pub troubleshooting: String,
    /// Slugs of related articles.
    pub related: Vec<String>,
}

/// How an article is doing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleStats {
    pub views: i64,
    pub helpful: i64,
    pub not_helpful: i64,
    /// Times a customer said it solved their question instead of asking a person.
    pub deflections: i64,
}

/// A refused article: the field at fault and why, in words for the author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleError {
    pub field: &'static str,
    pub reason: String,
}

impl ArticleContent {
    /// Tidies what an author typed (trims, drops empty steps, normalises the
    /// slug) and checks it, naming the first field at fault.
    pub fn normalise(mut self) -> Result<Self, ArticleError> {
        let fail = |field, reason: &str| {
            Err(ArticleError {
                field,
                reason: reason.to_string(),
            })
        };
        self.title = one_line(&self.title);
        self.summary = one_line(&self.summary);
        self.applies_to = one_line(&self.applies_to);
        self.category = self.category.trim().to_string();
        self.troubleshooting = self.troubleshooting.trim().replace("\r\n", "\n");
        self.steps = self
            .steps
            .iter()
            .map(|s| one_line(s))
            .filter(|s| !s.is_empty())
            .collect();
        self.slug = if self.slug.trim().is_empty() {
            slugify(&self.title)
        } else {
            self.slug.trim().to_ascii_lowercase()
        };
        let mut related: Vec<String> = Vec::new();
        for r in &self.related {
            let r = r.trim().to_ascii_lowercase();
            if !r.is_empty() && !related.contains(&r) {
                related.push(r);
            }
        }
        self.related = related;

        let long = |s: &str, max: usize| s.chars().count() > max;
        if self.title.is_empty() {
            return fail("title", "write the question as a customer would ask it");
        }
        if long(&self.title, MAX_TITLE) {
            return fail(
                "title",
                &format!("keep the title under {MAX_TITLE} characters"),
            );
        }
        if !is_slug(&self.slug) {
            return fail(
                "slug",
                "use lower-case letters, digits and single dashes, such as change-booking-dates",
            );
        }
        if self.slug.len() > MAX_SLUG {
            return fail(
                "slug",
                &format!("keep the address under {MAX_SLUG} characters"),
            );
        }
        if self.summary.is_empty() {
            return fail("summary", "write the answer in one line");
        }
        if long(&self.summary, MAX_SUMMARY) {
            return fail(
                "summary",
                &format!("keep the summary under {MAX_SUMMARY} characters: it is one line"),
            );
        }
        if !CATEGORIES.contains(&self.category.as_str()) {
            return fail("category", "choose one of the help centre's sections");
        }
        if long(&self.applies_to, MAX_APPLIES_TO) {
            return fail(
                "applies_to",
                &format!("keep this under {MAX_APPLIES_TO} characters"),
            );
        }
        if self.steps.is_empty() {
            return fail("steps", "write at least one step, one per line");
        }
        if self.steps.len() > MAX_STEPS {
            return fail(
                "steps",
                &format!("at most {MAX_STEPS} steps; split the rest into another article"),
            );
        }
        if let Some(i) = self.steps.iter().position(|s| long(s, MAX_STEP)) {
            return fail(
                "steps",
                &format!("step {} is over {MAX_STEP} characters", i + 1),
            );
        }
        if long(&self.troubleshooting, MAX_TROUBLESHOOTING) {
            return fail(
                "troubleshooting",
                &format!("keep this under {MAX_TROUBLESHOOTING} characters"),
            );
        }
        if self.related.contains(&self.slug) {
            return fail("related", "an article cannot be related to itself");
        }
        if self.related.len() > MAX_RELATED {
            return fail(
                "related",
                &format!("list at most {MAX_RELATED} related articles"),
            );
        }
        Ok(self)
    }
}

/// Collapses whitespace (new lines included) into single spaces.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

/// An address made from a title: "How do I add a driver?" → `how-do-i-add-a-driver`.
pub fn slugify(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= MAX_SLUG {
            break;
        }
    }
    out.trim_end_matches('-').to_string()
}

/// One search result: enough to show the answer inline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleHit {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub category: String,
    pub steps: Vec<String>,
}

/// A help-centre search and what it found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HelpResults {
    pub query: String,
    pub hits: Vec<ArticleHit>,
}

/// A published article as the help centre shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HelpArticle {
    pub id: i64,
    pub content: ArticleContent,
    pub updated_at: i64,
    /// The related articles that are published: (slug, title).
    pub related: Vec<(String, String)>,
}

/// A search customers made that found nothing: what to write next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContentGap {
    pub query: String,
    pub searches: i64,
    pub last_at: i64,
}

/// Everything the admin knowledge-base page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KbAdmin {
    pub articles: Vec<Article>,
    pub gaps: Vec<ContentGap>,
}

/// How long a help search may be; longer is cut, not refused (customers paste).
pub const MAX_QUERY_CHARS: usize = 200;

/// A customer's search as it is logged: words lower-cased and single-spaced.
pub fn normalise_query(q: &str) -> String {
    one_line(&q.to_lowercase())
        .chars()
        .take(MAX_QUERY_CHARS)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> ArticleContent {
        ArticleContent {
            slug: String::new(),
            title: "  How do I add a  second driver? ".into(),
            summary: "Add them at the counter.".into(),
            category: "Bookings".into(),
            applies_to: "All rentals".into(),
            steps: vec![
                "Bring their licence.".into(),
                "  ".into(),
                "Sign the form.".into(),
            ],
            troubleshooting: String::new(),
            related: vec![
                "Young-Driver-Surcharge ".into(),
                "young-driver-surcharge".into(),
            ],
        }
    }

    #[test]
    fn a_good_article_is_tidied_and_gets_a_slug_from_its_title() {
        let a = good().normalise().unwrap();
        assert_eq!(a.title, "How do I add a second driver?");
        assert_eq!(a.slug, "how-do-i-add-a-second-driver");
        assert_eq!(a.steps, vec!["Bring their licence.", "Sign the form."]);
        assert_eq!(a.related, vec!["young-driver-surcharge"]);
    }

    #[test]
    fn each_bad_field_is_named() {
        let field = |f: fn(&mut ArticleContent)| {
            let mut a = good();
            f(&mut a);
            a.normalise().unwrap_err().field
        };
        assert_eq!(field(|a| a.title = " ".into()), "title");
        assert_eq!(field(|a| a.title = "x".repeat(121)), "title");
        assert_eq!(field(|a| a.slug = "Bad Slug".into()), "slug");
        assert_eq!(field(|a| a.slug = "a--b".into()), "slug");
        assert_eq!(field(|a| a.summary = String::new()), "summary");
        assert_eq!(field(|a| a.category = "Misc".into()), "category");
        assert_eq!(field(|a| a.steps = vec![]), "steps");
        assert_eq!(field(|a| a.steps = vec!["x".into(); 8]), "steps");
        assert_eq!(field(|a| a.steps = vec!["x".repeat(401)]), "steps");
        assert_eq!(
            field(|a| a.related = vec!["how-do-i-add-a-second-driver".into()]),
            "related"
        );
        assert_eq!(
            field(|a| a.related = (0..6).map(|i| format!("r{i}")).collect()),
            "related"
        );
    }

    #[test]
    fn seven_steps_are_allowed() {
        let mut a = good();
        a.steps = vec!["Do this.".into(); MAX_STEPS];
        assert!(a.normalise().is_ok());
    }

    #[test]
    fn slugs_come_from_any_title() {
        assert_eq!(slugify("Où est ma voiture?!"), "o-est-ma-voiture");
        assert_eq!(slugify("  --Refund -- timing  "), "refund-timing");
        assert!(slugify(&"long words ".repeat(30)).len() <= MAX_SLUG);
    }

    #[test]
    fn queries_are_logged_tidily() {
        assert_eq!(normalise_query("  Lost   KEYS\n"), "lost keys");
        assert_eq!(normalise_query(&"a".repeat(500)).len(), MAX_QUERY_CHARS);
    }
}
