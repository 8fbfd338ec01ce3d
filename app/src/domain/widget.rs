//! The customer chat widget: what a visitor sends when they ask for a person
//! (the question, what the bot showed them, where they were), the rules it
//! obeys, and what they get back.

use serde::{Deserialize, Serialize};

use super::CaseId;

/// Longest question or message a visitor may send.
pub const MAX_MESSAGE_CHARS: usize = 2_000;
/// Most lines of the bot conversation carried to the agent.
pub const MAX_TRANSCRIPT_LINES: usize = 30;
/// Most articles listed as seen.
pub const MAX_ARTICLES_SEEN: usize = 10;
const MAX_NAME_CHARS: usize = 100;
const MAX_EMAIL_CHARS: usize = 200;
const MAX_URL_CHARS: usize = 500;
/// A visitor token: 64 hex digits (256 random bits), made in the browser.
pub const TOKEN_LEN: usize = 64;

/// One line of what happened in the widget before the hand-off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranscriptLine {
    /// `true` for the visitor, `false` for the widget's own answers.
    pub from_visitor: bool,
    pub text: String,
}

/// Who the host page says the visitor is (`Switchboard.identify`): trusted
/// only when `user_hash` is the company's HMAC of `user_id`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityClaim {
    pub user_id: String,
    pub email: String,
    pub name: String,
    pub user_hash: String,
}

/// "Talk to a person": everything the agent needs so the customer never
/// repeats themselves.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handoff {
    /// The visitor's secret, made in their browser; also what makes a retry
    /// of the same hand-off open nothing twice.
    pub token: String,
    pub question: String,
    pub transcript: Vec<TranscriptLine>,
    /// The host page the widget was opened on.
    pub page_url: String,
    /// Ids of the articles the widget showed.
    pub articles_seen: Vec<i64>,
    /// What the visitor typed about themselves: never trusted as an identity.
    pub name: String,
    pub email: String,
    /// The widget's language (`en`, `es`).
    pub language: String,
    /// Who the host page says the visitor is, if it said.
    #[serde(default)]
    pub identity: Option<IdentityClaim>,
}

/// A refused hand-off: the field and why, in words for the visitor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WidgetError {
    pub field: &'static str,
    pub reason: String,
}

/// Whether `token` looks like a visitor token (64 lower-case hex digits).
pub fn is_token(token: &str) -> bool {
    token.len() == TOKEN_LEN
        && token
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

impl Handoff {
    /// Trims what the visitor typed and checks it, naming the first field at fault.
    pub fn normalise(mut self) -> Result<Self, WidgetError> {
        let fail = |field, reason: String| Err(WidgetError { field, reason });
        self.question = self.question.trim().to_string();
        self.name = self.name.split_whitespace().collect::<Vec<_>>().join(" ");
        self.email = self.email.trim().to_string();
        self.page_url = self.page_url.trim().to_string();
        self.transcript.retain(|l| !l.text.trim().is_empty());
        self.articles_seen.dedup();
        if !is_token(&self.token) {
            return fail("token", "the chat could not start: reload the page".into());
        }
        if self.question.is_empty() {
            return fail("question", "write your question first".into());
        }
        if self.question.chars().count() > MAX_MESSAGE_CHARS {
            return fail(
                "question",
                format!("please keep it under {MAX_MESSAGE_CHARS} characters"),
            );
        }
        if self.name.chars().count() > MAX_NAME_CHARS {
            return fail(
                "name",
                format!("keep the name under {MAX_NAME_CHARS} characters"),
            );
        }
        if !self.email.is_empty()
            && (self.email.chars().count() > MAX_EMAIL_CHARS
                || !self.email.split_once('@').is_some_and(|(a, b)| {
                    !a.is_empty() && b.contains('.') && !b.starts_with('.') && !b.ends_with('.')
                })
                || self.email.contains(char::is_whitespace))
        {
            return fail("email", "that does not look like an email address".into());
        }
        if self.page_url.chars().count() > MAX_URL_CHARS
            || !(self.page_url.is_empty()
                || self.page_url.starts_with("https://")
                || self.page_url.starts_with("http://"))
        {
            self.page_url = String::new();
        }
        if self.transcript.len() > MAX_TRANSCRIPT_LINES {
            let cut = self.transcript.len() - MAX_TRANSCRIPT_LINES;
            self.transcript.drain(..cut);
        }
        for line in &mut self.transcript {
            line.text = line.text.trim().chars().take(MAX_MESSAGE_CHARS).collect();
        }
        self.articles_seen.truncate(MAX_ARTICLES_SEEN);
        if let Some(id) = &mut self.identity {
            id.user_id = id.user_id.trim().chars().take(MAX_NAME_CHARS * 2).collect();
            id.email = id.email.trim().chars().take(MAX_EMAIL_CHARS).collect();
            id.name = id.name.split_whitespace().collect::<Vec<_>>().join(" ");
            id.name = id.name.chars().take(MAX_NAME_CHARS).collect();
            id.user_hash = id.user_hash.trim().to_ascii_lowercase();
        }
        if self.identity.as_ref().is_some_and(|i| i.user_id.is_empty()) {
            self.identity = None;
        }
        if !matches!(self.language.as_str(), "en" | "es") {
            self.language = "en".into();
        }
        Ok(self)
    }

    /// The case subject: the question's first line, cut at a word near 80 characters.
    pub fn subject(&self) -> String {
        let first = self.question.lines().next().unwrap_or_default().trim();
        if first.chars().count() <= 80 {
            return first.to_string();
        }
        let cut: String = first.chars().take(80).collect();
        let at = cut.rfind(' ').filter(|i| *i > 40).unwrap_or(cut.len());
        format!("{}…", cut[..at].trim_end())
    }
}

/// What the widget keeps after a hand-off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandedOff {
    pub case_id: CaseId,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn handoff() -> Handoff {
        Handoff {
            token: "a".repeat(64),
            question: "  My card was charged twice for booking SB-1234  ".into(),
            transcript: vec![
                TranscriptLine {
                    from_visitor: true,
                    text: "charged twice".into(),
                },
                TranscriptLine {
                    from_visitor: false,
                    text: "  ".into(),
                },
            ],
            page_url: "https://rentals.example/bookings".into(),
            articles_seen: vec![4, 4, 7],
            name: "  Ana   Silva ".into(),
            email: "ana@example.com".into(),
            language: "es".into(),
            identity: None,
        }
    }

    #[test]
    fn a_good_handoff_is_tidied() {
        let h = handoff().normalise().unwrap();
        assert_eq!(h.question, "My card was charged twice for booking SB-1234");
        assert_eq!(h.name, "Ana Silva");
        assert_eq!(h.transcript.len(), 1);
        assert_eq!(h.articles_seen, vec![4, 7]);
        assert_eq!(h.language, "es");
    }

    #[test]
    fn bad_fields_are_named_and_odd_extras_dropped() {
        let field = |f: fn(&mut Handoff)| {
            let mut h = handoff();
            f(&mut h);
            h.normalise().unwrap_err().field
        };
        assert_eq!(field(|h| h.token = "short".into()), "token");
        assert_eq!(field(|h| h.token = "A".repeat(64)), "token");
        assert_eq!(field(|h| h.question = " ".into()), "question");
        assert_eq!(field(|h| h.question = "x".repeat(2_001)), "question");
        assert_eq!(field(|h| h.email = "ana@".into()), "email");
        assert_eq!(field(|h| h.email = "ana @x.com".into()), "email");
        assert_eq!(field(|h| h.name = "n".repeat(101)), "name");
        let mut h = handoff();
        h.page_url = "javascript:alert(1)".into();
        h.language = "xx".into();
        h.transcript = (0..40)
            .map(|i| TranscriptLine {
                from_visitor: true,
                text: format!("line {i}"),
            })
            .collect();
        let h = h.normalise().unwrap();
        assert_eq!(h.page_url, "");
        assert_eq!(h.language, "en");
        assert_eq!(h.transcript.len(), MAX_TRANSCRIPT_LINES);
        assert_eq!(h.transcript[0].text, "line 10");
        let mut h = handoff();
        h.identity = Some(IdentityClaim {
            user_id: "  ".into(),
            ..Default::default()
        });
        assert_eq!(
            h.normalise().unwrap().identity,
            None,
            "a claim without a user id is none"
        );
        let mut h = handoff();
        h.identity = Some(IdentityClaim {
            user_id: " u-42 ".into(),
            user_hash: " ABCD ".into(),
            ..Default::default()
        });
        let id = h.normalise().unwrap().identity.unwrap();
        assert_eq!(
            (id.user_id.as_str(), id.user_hash.as_str()),
            ("u-42", "abcd")
        );
    }

    #[test]
    fn the_subject_is_the_first_line_cut_at_a_word() {
        let mut h = handoff().normalise().unwrap();
        assert_eq!(h.subject(), "My card was charged twice for booking SB-1234");
        h.question = format!("{} end\nsecond line", "word ".repeat(30));
        let s = h.subject();
        assert!(s.ends_with('…') && s.chars().count() <= 81, "{s}");
        assert!(!s.contains("second"));
    }
}
