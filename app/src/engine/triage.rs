//! Triage rules: ordered conditions on a new case's text, channel and customer,
//! and the queue, priority, tier and tags they set.
//!
//! Rules are data ([`RuleSpec`]); [`Triage::compile`] checks them once (phrases
//! present, regular expressions valid and within the size limit) and the compiled
//! set then classifies a message with no allocation per rule. Every matching rule
//! applies, in order: the first rule to set the queue sets it (likewise priority
//! and tier), and tags accumulate. So the playbook's most serious rules (legal
//! threats, safety) go first.
//!
//! Words and phrases match whole words, ignoring case and apostrophes: "can't log
//! in" matches "I CANT log in!", and "sue" does not match "issue". A regular
//! expression runs on the original text, case-insensitively, with the `regex`
//! crate's linear-time engine.

use serde::{Deserialize, Serialize};

use super::sla::CustomerTier;
use crate::domain::{Channel, Priority, QueueId, Tier};

/// Longest regular expression accepted, in characters.
pub const MAX_PATTERN_CHARS: usize = 500;
/// Compiled size limit of one regular expression, in bytes.
pub const MAX_PATTERN_BYTES: usize = 64 * 1024;
/// Most words or phrases in one rule.
pub const MAX_PHRASES: usize = 100;
/// Longest word or phrase, in characters.
pub const MAX_PHRASE_CHARS: usize = 100;
/// Most tags a rule may add.
pub const MAX_TAGS: usize = 10;

/// How a rule's words and phrases combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhraseMode {
    /// At least one of them appears.
    #[default]
    Any,
    /// Every one of them appears.
    All,
}

/// What a rule looks at. Every condition given must hold; an empty list or
/// `None` places no condition.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Conditions {
    /// Words or phrases in the text.
    #[serde(default)]
    pub phrases: Vec<String>,
    #[serde(default)]
    pub phrase_mode: PhraseMode,
    /// A regular expression the text must match (case-insensitive).
    #[serde(default)]
    pub pattern: Option<String>,
    /// The case came in on one of these channels.
    #[serde(default)]
    pub channels: Vec<Channel>,
    /// The customer has one of these tiers.
    #[serde(default)]
    pub customer_tiers: Vec<CustomerTier>,
    /// The customer speaks one of these languages (ISO 639-1 codes).
    #[serde(default)]
    pub languages: Vec<String>,
}

/// What a matching rule sets.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Actions {
    #[serde(default)]
    pub queue: Option<QueueId>,
    #[serde(default)]
    pub priority: Option<Priority>,
    #[serde(default)]
    pub tier: Option<Tier>,
    #[serde(default)]
    pub tags: Vec<String>,
}

impl Actions {
    fn is_empty(&self) -> bool {
        self.queue.is_none()
            && self.priority.is_none()
            && self.tier.is_none()
            && self.tags.is_empty()
    }
}

/// A rule as stored and edited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleSpec {
    /// Stable id (the database row); results name the rules that applied.
    pub id: i64,
    pub name: String,
    #[serde(default = "enabled")]
    pub enabled: bool,
    pub conditions: Conditions,
    pub actions: Actions,
}

fn enabled() -> bool {
    true
}

/// Why a rule was refused: the field and the reason, for the admin form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct RuleError {
    /// The form field at fault (`name`, `phrases`, `pattern`, `tags`, `actions`, `conditions`).
    pub field: &'static str,
    pub reason: String,
}

fn refuse(field: &'static str, reason: impl Into<String>) -> RuleError {
    RuleError {
        field,
        reason: reason.into(),
    }
}

/// What a message looks like to the rules.
#[derive(Debug, Clone, Copy)]
pub struct Message<'a> {
    /// Subject and first message, as the customer wrote them.
    pub text: &'a str,
    pub channel: Channel,
    pub customer_tier: CustomerTier,
    /// ISO 639-1 code, e.g. `en`.
    pub language: &'a str,
}

/// The outcome: what to set on the case, and which rule set each field (so an
/// agent's later change can be counted against that rule).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Decision {
    pub queue: Option<(QueueId, i64)>,
    pub priority: Option<(Priority, i64)>,
    pub tier: Option<(Tier, i64)>,
    pub tags: Vec<String>,
    /// Every rule that matched, in order.
    pub matched: Vec<i64>,
}

/// A rule ready to run.
#[derive(Debug, Clone)]
struct Rule {
    id: i64,
    /// Each phrase as its normalised words.
    phrases: Vec<Vec<String>>,
    mode: PhraseMode,
    pattern: Option<regex::Regex>,
    channels: Vec<Channel>,
    tiers: Vec<CustomerTier>,
    languages: Vec<String>,
    actions: Actions,
}

/// A checked, ordered rule set.
#[derive(Debug, Clone, Default)]
pub struct Triage {
    rules: Vec<Rule>,
}

/// Lower-cased words of `text`: letters and digits, apostrophes dropped (so
/// "can't" and "cant" are one word), everything else a separator.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else if matches!(c, '\'' | '\u{2019}' | '\u{2018}') {
            continue;
        } else if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Whether `phrase` occurs in `text` as consecutive whole words.
fn contains_phrase(text: &[String], phrase: &[String]) -> bool {
    !phrase.is_empty() && text.windows(phrase.len()).any(|w| w == phrase)
}

/// Checks a regular expression against the limits and compiles it.
pub fn compile_pattern(pattern: &str) -> Result<regex::Regex, RuleError> {
    if pattern.trim().is_empty() {
        return Err(refuse("pattern", "the regular expression is empty"));
    }
    let chars = pattern.chars().count();
    if chars > MAX_PATTERN_CHARS {
        return Err(refuse(
            "pattern",
            format!("the regular expression is {chars} characters long; the limit is {MAX_PATTERN_CHARS}"),
        ));
    }
    regex::RegexBuilder::new(pattern)
        .case_insensitive(true)
        .size_limit(MAX_PATTERN_BYTES)
        .dfa_size_limit(MAX_PATTERN_BYTES)
        .build()
        .map_err(|e| match e {
            regex::Error::CompiledTooBig(limit) => refuse(
                "pattern",
                format!(
                    "the regular expression compiles to more than {limit} bytes: make it simpler"
                ),
            ),
            other => refuse(
                "pattern",
                format!("not a valid regular expression: {other}"),
            ),
        })
}

impl RuleSpec {
    /// Checks the rule and prepares it to run.
    fn compile(&self) -> Result<Rule, RuleError> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(refuse("name", "give the rule a name"));
        }
        if name.chars().count() > 100 {
            return Err(refuse("name", "the name is longer than 100 characters"));
        }
        let c = &self.conditions;
        if c.phrases.len() > MAX_PHRASES {
            return Err(refuse(
                "phrases",
                format!("at most {MAX_PHRASES} words or phrases"),
            ));
        }
        let mut phrases = Vec::with_capacity(c.phrases.len());
        for p in &c.phrases {
            if p.chars().count() > MAX_PHRASE_CHARS {
                return Err(refuse(
                    "phrases",
                    format!("{p:?} is longer than {MAX_PHRASE_CHARS} characters"),
                ));
            }
            let w = words(p);
            if w.is_empty() {
                return Err(refuse("phrases", format!("{p:?} has no words to look for")));
            }
            phrases.push(w);
        }
        let pattern = c.pattern.as_deref().map(compile_pattern).transpose()?;
        let languages: Vec<String> = c
            .languages
            .iter()
            .map(|l| l.trim().to_ascii_lowercase())
            .collect();
        if let Some(bad) = languages
            .iter()
            .find(|l| l.len() != 2 || !l.bytes().all(|b| b.is_ascii_lowercase()))
        {
            return Err(refuse(
                "languages",
                format!("{bad:?} is not a two-letter language code"),
            ));
        }
        if phrases.is_empty()
            && pattern.is_none()
            && c.channels.is_empty()
            && c.customer_tiers.is_empty()
            && languages.is_empty()
        {
            return Err(refuse("conditions", "a rule needs at least one condition"));
        }
        let a = &self.actions;
        if a.is_empty() {
            return Err(refuse(
                "actions",
                "a rule must set a queue, priority, tier or tag",
            ));
        }
        if a.tags.len() > MAX_TAGS {
            return Err(refuse("tags", format!("at most {MAX_TAGS} tags")));
        }
        let mut actions = a.clone();
        actions.tags = Vec::with_capacity(a.tags.len());
        for t in &a.tags {
            // The same rule as tags set by hand, so a filter finds what triage tagged.
            let tag =
                crate::domain::inbox::normalise_tag(t).map_err(|reason| refuse("tags", reason))?;
            actions.tags.push(tag);
        }
        Ok(Rule {
            id: self.id,
            phrases,
            mode: c.phrase_mode,
            pattern,
            channels: c.channels.clone(),
            tiers: c.customer_tiers.clone(),
            languages,
            actions,
        })
    }

    /// Checks the rule without keeping the compiled form.
    pub fn validate(&self) -> Result<(), RuleError> {
        self.compile().map(|_| ())
    }
}

impl Rule {
    fn matches(&self, msg: &Message<'_>, text_words: &[String]) -> bool {
        if !self.channels.is_empty() && !self.channels.contains(&msg.channel) {
            return false;
        }
        if !self.tiers.is_empty() && !self.tiers.contains(&msg.customer_tier) {
            return false;
        }
        if !self.languages.is_empty()
            && !self
                .languages
                .iter()
                .any(|l| l.eq_ignore_ascii_case(msg.language))
        {
            return false;
        }
        if !self.phrases.is_empty() {
            let hit = |p: &Vec<String>| contains_phrase(text_words, p);
            let ok = match self.mode {
                PhraseMode::Any => self.phrases.iter().any(hit),
                PhraseMode::All => self.phrases.iter().all(hit),
            };
            if !ok {
                return false;
            }
        }
        match &self.pattern {
            Some(re) => re.is_match(msg.text),
            None => true,
        }
    }
}

impl Triage {
    /// Checks every enabled rule, in order; the first bad one is refused with its id.
    pub fn compile(specs: &[RuleSpec]) -> Result<Triage, (i64, RuleError)> {
        let rules = specs
            .iter()
            .filter(|s| s.enabled)
            .map(|s| s.compile().map_err(|e| (s.id, e)))
            .collect::<Result<_, _>>()?;
        Ok(Triage { rules })
    }

    /// How many rules are active.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether no rule is active.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Runs every rule on `msg`, in order.
    pub fn classify(&self, msg: &Message<'_>) -> Decision {
        let text_words = words(msg.text);
        let mut d = Decision::default();
        for rule in &self.rules {
            if !rule.matches(msg, &text_words) {
                continue;
            }
            d.matched.push(rule.id);
            let a = &rule.actions;
            if d.queue.is_none() {
                d.queue = a.queue.map(|q| (q, rule.id));
            }
            if d.priority.is_none() {
                d.priority = a.priority.map(|p| (p, rule.id));
            }
            if d.tier.is_none() {
                d.tier = a.tier.map(|t| (t, rule.id));
            }
            for t in &a.tags {
                if !d.tags.contains(t) {
                    d.tags.push(t.clone());
                }
            }
        }
        d
    }
}

/// Accuracy of a rule or of all triage: decisions kept ÷ decisions applied, in
/// per cent, `None` before anything was applied.
pub fn accuracy(applied: u64, corrected: u64) -> Option<f64> {
    (applied > 0).then(|| 100.0 * applied.saturating_sub(corrected) as f64 / applied as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACCESS: QueueId = QueueId(3);
    const BILLING: QueueId = QueueId(2);
    const ESCALATIONS: QueueId = QueueId(5);

    fn rule(id: i64, phrases: &[&str], actions: Actions) -> RuleSpec {
        RuleSpec {
            id,
            name: format!("rule {id}"),
            enabled: true,
            conditions: Conditions {
                phrases: phrases.iter().map(|p| p.to_string()).collect(),
                ..Conditions::default()
            },
            actions,
        }
    }

    fn playbook() -> Triage {
        Triage::compile(&[
            rule(
                1,
                &["lawyer", "sue", "legal action", "accident", "injured"],
                Actions {
                    queue: Some(ESCALATIONS),
                    priority: Some(Priority::P1),
                    ..Actions::default()
                },
            ),
            rule(
                2,
                &["can't log in", "cannot log in", "locked out"],
                Actions {
                    queue: Some(ACCESS),
                    ..Actions::default()
                },
            ),
            rule(
                3,
                &["charged twice", "double charged"],
                Actions {
                    queue: Some(BILLING),
                    priority: Some(Priority::P2),
                    tags: vec!["double-charge".into()],
                    ..Actions::default()
                },
            ),
            rule(
                4,
                &["data missing"],
                Actions {
                    tier: Some(Tier::T2),
                    priority: Some(Priority::P2),
                    ..Actions::default()
                },
            ),
        ])
        .unwrap()
    }

    fn chat(text: &str) -> Message<'_> {
        Message {
            text,
            channel: Channel::Chat,
            customer_tier: CustomerTier::Standard,
            language: "en",
        }
    }

    #[test]
    fn the_playbook_rules_route_what_they_name() {
        let t = playbook();
        let d = t.classify(&chat("Hi, I CANT log in to my account since yesterday"));
        assert_eq!(d.queue, Some((ACCESS, 2)));
        assert_eq!(d.priority, None);
        let d = t.classify(&chat("You charged twice my card for booking ABC"));
        assert_eq!(d.queue, Some((BILLING, 3)));
        assert_eq!(d.priority, Some((Priority::P2, 3)));
        assert_eq!(d.tags, vec!["double-charge".to_string()]);
        let d = t.classify(&chat("my trip data missing from the app"));
        assert_eq!(d.tier, Some((Tier::T2, 4)));
        assert_eq!(d.queue, None);
    }

    #[test]
    fn earlier_rules_win_each_field_and_every_match_is_listed() {
        let d = playbook().classify(&chat("Charged twice! I'm calling my lawyer."));
        assert_eq!(d.queue, Some((ESCALATIONS, 1)));
        assert_eq!(d.priority, Some((Priority::P1, 1)));
        assert_eq!(d.tags, vec!["double-charge".to_string()]);
        assert_eq!(d.matched, vec![1, 3]);
    }

    #[test]
    fn words_match_whole_words_not_parts_of_them() {
        let t = playbook();
        assert_eq!(
            t.classify(&chat("I have an issue with pursuing a refund"))
                .matched,
            Vec::<i64>::new()
        );
        assert_eq!(t.classify(&chat("I will SUE you")).matched, vec![1]);
        assert_eq!(
            t.classify(&chat("Can’t log-in")).matched,
            vec![2],
            "curly apostrophe and hyphen"
        );
        assert!(t.classify(&chat("I can log in fine")).matched.is_empty());
    }

    #[test]
    fn all_mode_needs_every_phrase() {
        let mut r = rule(
            1,
            &["refund", "deposit"],
            Actions {
                tags: vec!["deposit".into()],
                ..Actions::default()
            },
        );
        r.conditions.phrase_mode = PhraseMode::All;
        let t = Triage::compile(&[r]).unwrap();
        assert!(t.classify(&chat("I want a refund")).matched.is_empty());
        assert_eq!(t.classify(&chat("refund my deposit")).matched, vec![1]);
    }

    #[test]
    fn channel_tier_language_and_pattern_conditions_all_must_hold() {
        let r = RuleSpec {
            id: 9,
            name: "enterprise German booking numbers by email".into(),
            enabled: true,
            conditions: Conditions {
                pattern: Some(r"\bSB-\d{6}\b".into()),
                channels: vec![Channel::Email],
                customer_tiers: vec![CustomerTier::Enterprise],
                languages: vec!["DE".into()],
                ..Conditions::default()
            },
            actions: Actions {
                priority: Some(Priority::P2),
                ..Actions::default()
            },
        };
        let t = Triage::compile(&[r]).unwrap();
        let msg = Message {
            text: "Buchung sb-123456 fehlt",
            channel: Channel::Email,
            customer_tier: CustomerTier::Enterprise,
            language: "de",
        };
        assert_eq!(t.classify(&msg).matched, vec![9]);
        assert!(t
            .classify(&Message {
                channel: Channel::Chat,
                ..msg
            })
            .matched
            .is_empty());
        assert!(t
            .classify(&Message {
                customer_tier: CustomerTier::Standard,
                ..msg
            })
            .matched
            .is_empty());
        assert!(t
            .classify(&Message {
                language: "en",
                ..msg
            })
            .matched
            .is_empty());
        assert!(t
            .classify(&Message {
                text: "Buchung SB-12345 fehlt",
                ..msg
            })
            .matched
            .is_empty());
    }

    #[test]
    fn disabled_rules_do_not_run() {
        let mut r = rule(
            1,
            &["refund"],
            Actions {
                priority: Some(Priority::P3),
                ..Actions::default()
            },
        );
        r.enabled = false;
        let t = Triage::compile(&[r]).unwrap();
        assert!(t.is_empty());
        assert_eq!(t.classify(&chat("refund")), Decision::default());
    }

    #[test]
    fn bad_rules_are_refused_with_the_field_and_reason() {
        let ok = Actions {
            priority: Some(Priority::P3),
            ..Actions::default()
        };
        let mut r = rule(7, &["x"], ok.clone());
        r.conditions.pattern = Some("(unclosed".into());
        let (id, e) = Triage::compile(&[r.clone()]).unwrap_err();
        assert_eq!(id, 7);
        assert_eq!(e.field, "pattern");
        assert!(e.reason.contains("not a valid regular expression"), "{e}");

        r.conditions.pattern = Some("a".repeat(MAX_PATTERN_CHARS + 1));
        assert!(r.validate().unwrap_err().reason.contains("limit is 500"));

        // Small to write, huge once compiled: refused by the size limit.
        r.conditions.pattern = Some(r"\w{200}\w{200}\w{200}".into());
        let e = r.validate().unwrap_err();
        assert!(e.reason.contains("compiles to more than"), "{e}");

        let no_conditions = RuleSpec {
            conditions: Conditions::default(),
            ..rule(1, &[], ok.clone())
        };
        assert_eq!(no_conditions.validate().unwrap_err().field, "conditions");
        assert_eq!(
            rule(1, &["x"], Actions::default())
                .validate()
                .unwrap_err()
                .field,
            "actions"
        );
        assert_eq!(
            rule(1, &["?!"], ok.clone()).validate().unwrap_err().field,
            "phrases"
        );
        let bad_tag = rule(
            1,
            &["x"],
            Actions {
                tags: vec!["no/slashes".into()],
                ..Actions::default()
            },
        );
        assert_eq!(bad_tag.validate().unwrap_err().field, "tags");
        let mut bad_lang = rule(1, &["x"], ok.clone());
        bad_lang.conditions.languages = vec!["english".into()];
        assert_eq!(bad_lang.validate().unwrap_err().field, "languages");
        assert_eq!(
            RuleSpec {
                name: " ".into(),
                ..rule(1, &["x"], ok)
            }
            .validate()
            .unwrap_err()
            .field,
            "name"
        );
    }

    #[test]
    fn a_pathological_pattern_runs_in_linear_time() {
        // Catastrophic for backtracking engines; the regex crate has none.
        let t = Triage::compile(&[RuleSpec {
            id: 1,
            name: "evil".into(),
            enabled: true,
            conditions: Conditions {
                pattern: Some("(a+)+$".into()),
                ..Conditions::default()
            },
            actions: Actions {
                tags: vec!["x".into()],
                ..Actions::default()
            },
        }])
        .unwrap();
        let text = format!("{}!", "a".repeat(50_000));
        assert!(t.classify(&chat(&text)).matched.is_empty());
    }

    #[test]
    fn accuracy_is_kept_over_applied() {
        assert_eq!(accuracy(0, 0), None);
        assert_eq!(accuracy(20, 3), Some(85.0));
        assert_eq!(accuracy(4, 4), Some(0.0));
    }

    #[test]
    fn rules_round_trip_through_json() {
        let r = rule(
            3,
            &["charged twice"],
            Actions {
                queue: Some(BILLING),
                priority: Some(Priority::P2),
                ..Actions::default()
            },
        );
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(serde_json::from_str::<RuleSpec>(&json).unwrap(), r);
    }
}
