//! Global search: what the agent typed, parsed once, and the grouped results
//! (cases, messages, customers, bookings) the `/` box lists as they type.

use super::ids::{CaseId, CustomerId, EntryId};
use serde::{Deserialize, Serialize};

/// Fewest characters a search needs (shorter prefixes match too much to help).
pub const MIN_QUERY_CHARS: usize = 2;
/// Most characters a search may have.
pub const MAX_QUERY_CHARS: usize = 100;
/// Most words a search uses; the rest are ignored.
pub const MAX_TERMS: usize = 6;
/// Most results per group.
pub const GROUP_LIMIT: usize = 6;
/// Characters of message text shown around the first match.
pub const SNIPPET_CHARS: usize = 120;

/// A search as typed, parsed into what each group looks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    /// Lower-case words; each matches a word that starts with it.
    pub terms: Vec<String>,
    /// A case number (`123` or `#123`).
    pub case_number: Option<CaseId>,
    /// The start of a booking confirmation number, upper-case (`SB-0001`).
    pub confirmation: Option<String>,
}

impl SearchQuery {
    /// Parses what the agent typed; the error says why it cannot be searched.
    pub fn parse(text: &str) -> Result<SearchQuery, String> {
        let text = text.trim();
        let chars = text.chars().count();
        if chars < MIN_QUERY_CHARS {
            return Err(format!("Type at least {MIN_QUERY_CHARS} characters."));
        }
        if chars > MAX_QUERY_CHARS {
            return Err(format!(
                "A search can have at most {MAX_QUERY_CHARS} characters."
            ));
        }
        let number = text.strip_prefix('#').unwrap_or(text);
        let case_number = (!number.is_empty()
            && number.len() <= 15
            && number.bytes().all(|b| b.is_ascii_digit()))
        .then(|| number.parse().ok().map(CaseId))
        .flatten();
        // One-letter words match nearly everything and are left out.
        let terms: Vec<String> = words(text)
            .filter(|w| w.chars().count() >= MIN_QUERY_CHARS)
            .take(MAX_TERMS)
            .collect();
        if terms.is_empty() && case_number.is_none() {
            return Err(format!(
                "Type a word of at least {MIN_QUERY_CHARS} characters, a number or an email address."
            ));
        }
        let upper = text.to_ascii_uppercase();
        let confirmation = (upper.len() >= 3
            && upper
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && upper.bytes().any(|b| b.is_ascii_digit() || b == b'-'))
        .then_some(upper);
        Ok(SearchQuery {
            terms,
            case_number,
            confirmation,
        })
    }
}

/// The words of a text as search indexes see them: runs of letters and digits,
/// lower-cased (SQLite's `unicode61` tokenizer and PostgreSQL's `simple`
/// configuration over the same text with everything else made a space).
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
}

/// Up to [`SNIPPET_CHARS`] characters of `body` around the first word that
/// starts with one of `terms`, with "…" where text was cut.
pub fn snippet(body: &str, terms: &[String]) -> String {
    let chars: Vec<char> = body.chars().collect();
    let lower: Vec<char> = body.chars().flat_map(char::to_lowercase).collect();
    // Lower-casing can change the length of a few characters; fall back to the start.
    let hit = (lower.len() == chars.len())
        .then(|| {
            (0..lower.len())
                .filter(|&i| i == 0 || !lower[i - 1].is_alphanumeric())
                .find(|&i| {
                    terms.iter().any(|t| {
                        let t: Vec<char> = t.chars().collect();
                        lower[i..].starts_with(&t)
                    })
                })
        })
        .flatten()
        .unwrap_or(0);
    let start = hit.saturating_sub(SNIPPET_CHARS / 3);
    let end = (start + SNIPPET_CHARS).min(chars.len());
    let start = end.saturating_sub(SNIPPET_CHARS).min(start);
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.extend(
        chars[start..end]
            .iter()
            .map(|&c| if c == '\n' { ' ' } else { c }),
    );
    if end < chars.len() {
        out.push('…');
    }
    out
}

/// A case whose number or subject matched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseHit {
    pub id: CaseId,
    pub subject: String,
    pub status: String,
    pub customer_name: String,
    pub queue_name: String,
}

/// A message, reply or note whose text matched, with the case it is on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageHit {
    pub entry_id: EntryId,
    pub case_id: CaseId,
    pub case_subject: String,
    /// customer_message, agent_reply or internal_note.
    pub kind: String,
    pub author_name: String,
    pub snippet: String,
    pub at: i64,
}

/// A customer whose name, email or phone matched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerHit {
    pub id: CustomerId,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// The newest case of the customer the caller may open (the customer view is beside it).
    pub latest_case: Option<CaseId>,
}

/// A booking whose confirmation number matched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BookingHit {
    pub id: i64,
    pub confirmation: String,
    pub vehicle: String,
    pub status: String,
    pub customer_name: String,
    pub latest_case: Option<CaseId>,
}

/// Everything a search found, by group, newest first within each.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    pub cases: Vec<CaseHit>,
    pub messages: Vec<MessageHit>,
    pub customers: Vec<CustomerHit>,
    pub bookings: Vec<BookingHit>,
}

impl SearchResults {
    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.cases.is_empty()
            && self.messages.is_empty()
            && self.customers.is_empty()
            && self.bookings.is_empty()
    }

    /// The case each result opens, in the order the list shows them (the
    /// keyboard cursor walks this list); `None` for a result with no case the
    /// caller may open.
    pub fn targets(&self) -> Vec<Option<CaseId>> {
        self.cases
            .iter()
            .map(|c| Some(c.id))
            .chain(self.messages.iter().map(|m| Some(m.case_id)))
            .chain(self.customers.iter().map(|c| c.latest_case))
            .chain(self.bookings.iter().map(|b| b.latest_case))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_splits_into_lower_case_words_and_spots_numbers() {
        let q = SearchQuery::parse("  Charged TWICE, sb-00012 ").unwrap();
        assert_eq!(q.terms, ["charged", "twice", "sb", "00012"]);
        assert_eq!(q.case_number, None);
        assert_eq!(
            q.confirmation, None,
            "spaces and commas are not in a confirmation"
        );
        let q = SearchQuery::parse("#1234").unwrap();
        assert_eq!(q.case_number, Some(CaseId(1234)));
        assert_eq!(
            SearchQuery::parse("1234").unwrap().case_number,
            Some(CaseId(1234))
        );
        let q = SearchQuery::parse("sb-0001").unwrap();
        assert_eq!(q.confirmation.as_deref(), Some("SB-0001"));
        assert_eq!(q.case_number, None);
        assert_eq!(SearchQuery::parse("maya").unwrap().confirmation, None);
        let q = SearchQuery::parse("anna.schmidt@example").unwrap();
        assert_eq!(q.terms, ["anna", "schmidt", "example"]);
    }

    #[test]
    fn too_short_too_long_or_wordless_searches_are_refused_with_a_reason() {
        assert!(SearchQuery::parse("a").unwrap_err().contains("at least 2"));
        assert!(SearchQuery::parse(" ").is_err());
        assert!(SearchQuery::parse("-- !!")
            .unwrap_err()
            .contains("Type a word"));
        let long = "x".repeat(MAX_QUERY_CHARS + 1);
        assert!(SearchQuery::parse(&long).unwrap_err().contains("at most"));
        let many = "aa bb cc dd ee ff gg hh";
        assert_eq!(SearchQuery::parse(many).unwrap().terms.len(), MAX_TERMS);
        assert_eq!(SearchQuery::parse("Leo K").unwrap().terms, ["leo"]);
        assert!(SearchQuery::parse("a b").is_err());
        let q = SearchQuery::parse("#7").unwrap();
        assert_eq!((q.case_number, q.terms.len()), (Some(CaseId(7)), 0));
        assert_eq!(
            SearchQuery::parse("99999999999999999999")
                .unwrap()
                .case_number,
            None,
            "a number too long for a case id is only words"
        );
    }

    #[test]
    fn a_snippet_shows_the_text_around_the_first_match() {
        let body = format!(
            "{} I was charged twice for booking SB-1. {}",
            "a".repeat(200),
            "b".repeat(200)
        );
        let s = snippet(&body, &["charg".into()]);
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("charged twice"), "{s}");
        assert_eq!(s.chars().count(), SNIPPET_CHARS + 2);
        assert_eq!(
            snippet("Short text\nhere", &["zzz".into()]),
            "Short text here"
        );
        // A match in the middle of a word does not count.
        let s = snippet(
            &format!("recharged {} charged", "x ".repeat(100)),
            &["charged".into()],
        );
        assert!(s.ends_with("charged") && s.starts_with('…'), "{s}");
    }

    #[test]
    fn targets_follow_the_order_the_groups_are_listed_in() {
        let r = SearchResults {
            cases: vec![CaseHit {
                id: CaseId(1),
                subject: "s".into(),
                status: "open".into(),
                customer_name: "c".into(),
                queue_name: "q".into(),
            }],
            messages: vec![MessageHit {
                entry_id: EntryId(9),
                case_id: CaseId(2),
                case_subject: "s".into(),
                kind: "customer_message".into(),
                author_name: "a".into(),
                snippet: "x".into(),
                at: 0,
            }],
            customers: vec![CustomerHit {
                id: CustomerId(5),
                name: "n".into(),
                email: None,
                phone: None,
                latest_case: None,
            }],
            bookings: vec![],
        };
        assert_eq!(r.targets(), vec![Some(CaseId(1)), Some(CaseId(2)), None]);
        assert!(!r.is_empty());
        assert!(SearchResults::default().is_empty());
    }
}
