//! VADER sentiment analysis: a faithful port of the `vaderSentiment` 3.3.2 Python package.
//!
//! VADER (Valence Aware Dictionary and sEntiment Reasoner) is the rule-based model of
//! Hutto, C.J. & Gilbert, E.E. (2014), *VADER: A Parsimonious Rule-based Model for
//! Sentiment Analysis of Social Media Text*, Eighth International Conference on Weblogs
//! and Social Media (ICWSM-14), Ann Arbor, MI. A sentence is scored by looking every
//! token up in a human-rated lexicon (valences from -4 to +4) and adjusting those
//! valences with the five heuristics of the paper: punctuation emphasis,
//! capitalisation, degree modifiers ("boosters"), the contrastive conjunction "but", and
//! negation within the three preceding tokens.
//!
//! The port reproduces the reference implementation (`vaderSentiment.py` 3.3.2, MIT
//! licensed, see `sentiment/data/LICENSE-vaderSentiment.txt`) rule for rule, including
//! its quirks, which are pointed out where they occur. Python semantics that matter are
//! mirrored explicitly: `str.split()`/`str.strip()` use Python's whitespace set,
//! `str.isupper()` treats titlecase letters as not upper, `str.lower()` is the full
//! Unicode lowercase mapping (as `str::to_lowercase`), and the final `round()` is
//! correctly rounded on the binary value. `app/tests/sentiment_fidelity.rs` checks the
//! port against thousands of sentences scored by the Python package. Two differences
//! are inherent and only show on exotic input: Rust's `char` case tables follow a newer
//! Unicode version than Python 3.11's (letters added or reclassified since Unicode 14
//! can count as cased here), and Python 3.12+ sums floats with compensation where
//! vaderSentiment on 3.11 and this port sum left to right.
//!
//! On the server the lexicons are embedded with `include_str!` and parsed once, on
//! first use, so the module does no I/O. The browser bundle leaves them out (they
//! are a quarter of a megabyte): the page fetches them from the server when it
//! first scores a draft and hands them to [`load_lexicons`]; until then
//! [`try_polarity_scores`] answers `None`. The word lexicon is embedded and served
//! without the raters' raw scores (`app/build.rs` keeps token and mean).

use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

/// The four VADER scores of a text.
///
/// `neg`, `neu` and `pos` are the proportions of the text that are negative, neutral
/// and positive (rounded to 3 decimals; they add up to about 1, or are all 0 for a
/// text without tokens). `compound` is the normalised, weighted sum of all valences,
/// from -1 (most negative) to +1 (most positive), rounded to 4 decimals.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Scores {
    pub neg: f64,
    pub neu: f64,
    pub pos: f64,
    pub compound: f64,
}

/// Scores `text` exactly as `SentimentIntensityAnalyzer().polarity_scores(text)` of
/// vaderSentiment 3.3.2 does. Any UTF-8 input is fine; an empty or blank text scores 0.
/// In the browser, a text scored before the lexicons arrived scores 0: see
/// [`try_polarity_scores`].
pub fn polarity_scores(text: &str) -> Scores {
    try_polarity_scores(text).unwrap_or(Scores {
        neg: 0.0,
        neu: 0.0,
        pos: 0.0,
        compound: 0.0,
    })
}

/// [`polarity_scores`], or `None` while the lexicons are not loaded (only in the
/// browser, before [`load_lexicons`]).
pub fn try_polarity_scores(text: &str) -> Option<Scores> {
    Some(score_with(Lexicons::get()?, text))
}

fn score_with(lexicons: &Lexicons, text: &str) -> Scores {
    let text = replace_emojis(text, &lexicons.emojis);
    let text = py_strip(&text);
    let senti = SentiText::new(text);
    let mut sentiments = Vec::with_capacity(senti.tokens.len());
    for i in 0..senti.tokens.len() {
        // Degree modifiers carry no valence of their own: they modify the next words.
        let valence = if booster(&senti.tokens[i].lower).is_some() || senti.is_kind_of(i) {
            0.0
        } else {
            sentiment_valence(lexicons, &senti, i)
        };
        sentiments.push(valence);
    }
    but_check(&senti.tokens, &mut sentiments);
    score_valence(&sentiments, text)
}

// ---------------------------------------------------------------------------------
// Constants of the model (empirically derived in the paper).
// ---------------------------------------------------------------------------------

/// Mean intensity increase for a booster word ("extremely good").
const B_INCR: f64 = 0.293;
/// Mean intensity decrease for a dampener word ("slightly good").
const B_DECR: f64 = -0.293;
/// Mean intensity increase for a word in ALL CAPS among words that are not.
const C_INCR: f64 = 0.733;
/// Factor applied to a negated valence ("not good").
const N_SCALAR: f64 = -0.74;
/// Intensity increase per exclamation mark (counted up to 4).
const EP_INCR: f64 = 0.292;
/// Intensity increase per question mark (when there are 2 or 3).
const QM_INCR: f64 = 0.18;
/// Intensity increase for 4 or more question marks.
const QM_MAX: f64 = 0.96;
/// `alpha` of the compound normalisation `x / sqrt(x² + alpha)`.
const NORMALIZE_ALPHA: f64 = 15.0;

/// Negation words; a word also negates when it contains "n't" (see [`negated`]).
#[rustfmt::skip]
const NEGATE: &[&str] = &[
    "aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt", "ain't",
    "aren't", "can't", "couldn't", "daren't", "didn't", "doesn't", "dont", "hadnt", "hasnt",
    "havent", "isnt", "mightnt", "mustnt", "neither", "don't", "hadn't", "hasn't", "haven't",
    "isn't", "mightn't", "mustn't", "neednt", "needn't", "never", "none", "nope", "nor", "not",
    "nothing", "nowhere", "oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent", "oughtn't",
    "shan't", "shouldn't", "uh-uh", "wasn't", "weren't", "without", "wont", "wouldnt", "won't",
    "wouldn't", "rarely", "seldom", "despite",
];

/// The reference's `BOOSTER_DICT`: degree adverbs that scale the valence of the words
/// after them, with their increment (`B_INCR`) or decrement (`B_DECR`). The two-word
/// entries ("kind of", "sort of", "just enough") can never equal a single token; they
/// only act through the n-gram step of [`special_idioms_check`].
#[rustfmt::skip]
fn booster(word: &str) -> Option<f64> {
    match word {
        "absolutely" | "amazingly" | "awfully" | "completely" | "considerable"
        | "considerably" | "decidedly" | "deeply" | "effing" | "enormous" | "enormously"
        | "entirely" | "especially" | "exceptional" | "exceptionally" | "extreme"
        | "extremely" | "fabulously" | "flipping" | "flippin" | "frackin" | "fracking"
        | "fricking" | "frickin" | "frigging" | "friggin" | "fully" | "fuckin" | "fucking"
        | "fuggin" | "fugging" | "greatly" | "hella" | "highly" | "hugely" | "incredible"
        | "incredibly" | "intensely" | "major" | "majorly" | "more" | "most"
        | "particularly" | "purely" | "quite" | "really" | "remarkably" | "so"
        | "substantially" | "thoroughly" | "total" | "totally" | "tremendous"
        | "tremendously" | "uber" | "unbelievably" | "unusually" | "utter" | "utterly"
        | "very" => Some(B_INCR),
        "almost" | "barely" | "hardly" | "just enough" | "kind of" | "kinda" | "kindof"
        | "kind-of" | "less" | "little" | "marginal" | "marginally" | "occasional"
        | "occasionally" | "partly" | "scarce" | "scarcely" | "slight" | "slightly"
        | "somewhat" | "sort of" | "sorta" | "sortof" | "sort-of" => Some(B_DECR),
        _ => None,
    }
}

/// The reference's `SPECIAL_CASES`: idioms containing lexicon words whose meaning
/// differs from their words' ("the shit", "bad ass"); the idiom's valence replaces the
/// word's.
fn special_case(phrase: &str) -> Option<f64> {
    match phrase {
        "the shit" | "the bomb" | "to die for" => Some(3.0),
        "bad ass" | "badass" => Some(1.5),
        "bus stop" => Some(0.0),
        "yeah right" => Some(-2.0),
        "kiss of death" => Some(-1.5),
        "beating heart" => Some(3.5),
        _ => None,
    }
}

/// The reference's `SENTIMENT_LADEN_IDIOMS`, idioms without lexicon words. vaderSentiment
/// 3.3.2 defines them and a `_sentiment_laden_idioms_check` but never calls it ("future
/// work, not yet implemented"), so they do not affect any score; kept for reference only.
#[allow(dead_code)]
const SENTIMENT_LADEN_IDIOMS: &[(&str, f64)] = &[
    ("cut the mustard", 2.0),
    ("hand to mouth", -2.0),
    ("back handed", -2.0),
    ("blow smoke", -2.0),
    ("blowing smoke", -2.0),
    ("upper hand", 1.0),
    ("break a leg", 2.0),
    ("cooking with gas", 2.0),
    ("in the black", 2.0),
    ("in the red", -2.0),
    ("on the ball", 2.0),
    ("under the weather", -2.0),
];

// ---------------------------------------------------------------------------------
// Lexicons.
// ---------------------------------------------------------------------------------

/// The two lexicons, parsed once from the embedded files.
struct Lexicons {
    /// `vader_lexicon.txt`: token → mean valence (-4 … +4).
    words: HashMap<&'static str, f64>,
    /// `emoji_utf8_lexicon.txt`: emoji → textual description. Only single-character
    /// emojis are kept: the reference replaces emojis character by character, so its
    /// multi-character entries (skin tones, flags, ZWJ sequences) never match.
    emojis: HashMap<char, &'static str>,
}

/// The word lexicon as embedded and served: token and mean valence per line.
#[cfg(not(feature = "hydrate"))]
pub const WORD_LEXICON: &str = include_str!(concat!(env!("OUT_DIR"), "/vader_lexicon.tsv"));
/// The emoji lexicon as embedded and served.
#[cfg(not(feature = "hydrate"))]
pub const EMOJI_LEXICON: &str = include_str!("sentiment/data/emoji_utf8_lexicon.txt");
/// Where the server serves [`WORD_LEXICON`] and [`EMOJI_LEXICON`] for the browser.
pub const WORD_LEXICON_PATH: &str = "/sentiment/words.tsv";
pub const EMOJI_LEXICON_PATH: &str = "/sentiment/emojis.txt";

static LEXICONS: OnceLock<Lexicons> = OnceLock::new();

/// Takes the two lexicon files (as served at [`WORD_LEXICON_PATH`] and
/// [`EMOJI_LEXICON_PATH`]) for the browser's scoring. Parsed once; later calls
/// change nothing. The texts live as long as the page.
pub fn load_lexicons(words: String, emojis: String) {
    LEXICONS.get_or_init(|| {
        Lexicons::parse(
            Box::leak(words.into_boxed_str()),
            Box::leak(emojis.into_boxed_str()),
        )
    });
}

/// Whether scoring works yet (always on the server).
pub fn lexicons_loaded() -> bool {
    Lexicons::get().is_some()
}

impl Lexicons {
    #[cfg(not(feature = "hydrate"))]
    fn get() -> Option<&'static Lexicons> {
        Some(LEXICONS.get_or_init(|| Lexicons::parse(WORD_LEXICON, EMOJI_LEXICON)))
    }

    fn parse(words: &'static str, emojis: &'static str) -> Lexicons {
        Lexicons {
            words: parse_word_lexicon(words),
            emojis: parse_emoji_lexicon(emojis),
        }
    }

    #[cfg(feature = "hydrate")]
    fn get() -> Option<&'static Lexicons> {
        LEXICONS.get()
    }

    fn contains(&self, lower: &str) -> bool {
        self.words.contains_key(lower)
    }
}

/// The first two tab-separated fields of each non-empty line, as `make_lex_dict` and
/// `make_emoji_dict` read them (lines are stripped, so the CRLF endings do not matter;
/// a later duplicate replaces an earlier one, as in a Python dict).
fn lexicon_fields(file: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    file.trim_end_matches('\n').split('\n').filter_map(|line| {
        let mut fields = py_strip(line).split('\t');
        Some((fields.next()?, fields.next()?))
    })
}

fn parse_word_lexicon(file: &'static str) -> HashMap<&'static str, f64> {
    lexicon_fields(file)
        .filter_map(|(word, measure)| Some((word, py_strip(measure).parse().ok()?)))
        .collect()
}

fn parse_emoji_lexicon(file: &'static str) -> HashMap<char, &'static str> {
    lexicon_fields(file)
        .filter_map(|(emoji, description)| {
            let mut chars = emoji.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Some((c, description)),
                _ => None,
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------
// Python string semantics.
// ---------------------------------------------------------------------------------

/// Python's `str.isspace()` for one character: Rust's `White_Space` plus the four
/// ASCII information separators U+001C..U+001F, which Python also splits on.
fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's `str.strip()` without arguments.
fn py_strip(s: &str) -> &str {
    s.trim_matches(is_py_space)
}

/// Python's `str.isupper()`: at least one uppercase character and no lowercase or
/// titlecase one ("VADER!" and "A1" are upper, "1" and "ǅ" are not).
fn py_is_upper(s: &str) -> bool {
    let mut cased = false;
    for c in s.chars() {
        if c.is_lowercase() || is_titlecase(c) {
            return false;
        }
        cased |= c.is_uppercase();
    }
    cased
}

/// Unicode general category Lt (titlecase letters), which has no `char` method.
fn is_titlecase(c: char) -> bool {
    matches!(c,
        '\u{1c5}' | '\u{1c8}' | '\u{1cb}' | '\u{1f2}'
        | '\u{1f88}'..='\u{1f8f}' | '\u{1f98}'..='\u{1f9f}' | '\u{1fa8}'..='\u{1faf}'
        | '\u{1fbc}' | '\u{1fcc}' | '\u{1ffc}')
}

/// Python's `round(x, digits)`: the correctly rounded decimal (ties to even on the
/// exact binary value), which is also what Rust's fixed-precision formatting produces.
fn py_round(x: f64, digits: usize) -> f64 {
    format!("{x:.digits$}").parse().unwrap_or(x)
}

// ---------------------------------------------------------------------------------
// Text preparation.
// ---------------------------------------------------------------------------------

/// Replaces each emoji character by its description, separated by a space from
/// whatever precedes it unless that is a space (the reference does not add a space
/// after it: "😁!" becomes "beaming face with smiling eyes!").
fn replace_emojis(text: &str, emojis: &HashMap<char, &'static str>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut prev_space = true;
    for c in text.chars() {
        match emojis.get(&c) {
            Some(description) => {
                if !prev_space {
                    out.push(' ');
                }
                out.push_str(description);
                prev_space = false;
            }
            None => {
                out.push(c);
                prev_space = c == ' ';
            }
        }
    }
    out
}

/// One whitespace-separated token of the text.
/// The token itself is not kept: every rule needs only these two views of it.
struct Token {
    /// `token.lower()`, the token minus surrounding punctuation (see
    /// [`strip_punc_if_word`]) in lowercase.
    lower: String,
    /// `token.isupper()`.
    is_upper: bool,
}

/// The reference's `SentiText`: the tokens ("words and emoticons") of a text and
/// whether only some of them are in ALL CAPS.
struct SentiText {
    tokens: Vec<Token>,
    /// True when some, but not all, tokens are ALL CAPS (`allcap_differential`): only
    /// then does capitalisation signal emphasis (heuristic 2 of the paper).
    is_cap_diff: bool,
}

impl SentiText {
    /// Splits on whitespace and strips punctuation around words. Unlike older VADER
    /// versions, 3.3.2 keeps one-character tokens ("a", "I"); they count as neutral.
    fn new(text: &str) -> Self {
        let tokens: Vec<Token> = text
            .split(is_py_space)
            .filter(|t| !t.is_empty())
            .map(|t| {
                let word = strip_punc_if_word(t);
                Token {
                    lower: word.to_lowercase(),
                    is_upper: py_is_upper(word),
                }
            })
            .collect();
        let upper = tokens.iter().filter(|t| t.is_upper).count();
        let is_cap_diff = upper > 0 && upper < tokens.len();
        SentiText {
            tokens,
            is_cap_diff,
        }
    }

    fn lower(&self, i: usize) -> &str {
        &self.tokens[i].lower
    }

    /// "kind" followed by "of" is the dampener "kind of", not the positive word "kind".
    fn is_kind_of(&self, i: usize) -> bool {
        i + 1 < self.tokens.len() && self.lower(i) == "kind" && self.lower(i + 1) == "of"
    }
}

/// Strips leading and trailing ASCII punctuation (`string.punctuation`) unless that
/// leaves two characters or fewer, in which case the token was probably an emoticon
/// (":)", ":-(") and is kept whole. So "good!!" becomes "good" but "ok!" stays "ok!".
fn strip_punc_if_word(token: &str) -> &str {
    let stripped = token.trim_matches(|c: char| c.is_ascii_punctuation());
    if stripped.chars().count() <= 2 {
        token
    } else {
        stripped
    }
}

// ---------------------------------------------------------------------------------
// Valence of one token.
// ---------------------------------------------------------------------------------

/// The valence of token `i` with all local rules applied: "no" as negation, ALL CAPS
/// emphasis, boosters and negations among the three preceding tokens, special idioms
/// and "least". Tokens outside the lexicon are neutral (0).
fn sentiment_valence(lexicons: &Lexicons, senti: &SentiText, i: usize) -> f64 {
    let Some(&base) = lexicons.words.get(senti.lower(i)) else {
        return 0.0;
    };
    let mut valence = base;
    // "no" before a lexicon word negates it rather than counting as negative itself.
    let next_is_lexicon = i + 1 < senti.tokens.len() && lexicons.contains(senti.lower(i + 1));
    if senti.lower(i) == "no" && next_is_lexicon {
        valence = 0.0;
    }
    if preceded_by_no(senti, i) {
        valence = base * N_SCALAR;
    }
    if senti.tokens[i].is_upper && senti.is_cap_diff {
        valence += if valence > 0.0 { C_INCR } else { -C_INCR };
    }
    for start_i in 0..3 {
        // Only tokens that are not lexicon words themselves modify this one.
        if i > start_i && !lexicons.contains(senti.lower(i - (start_i + 1))) {
            valence += damped_scalar(senti, i, start_i, valence);
            valence = negation_check(valence, senti, start_i, i);
            if start_i == 2 {
                valence = special_idioms_check(valence, senti, i);
            }
        }
    }
    least_check(valence, lexicons, senti, i)
}

/// "no" one or two tokens before, or three before with "or"/"nor" right before
/// ("no pain or suffering"): the word's lexicon valence is negated.
fn preceded_by_no(senti: &SentiText, i: usize) -> bool {
    (i > 0 && senti.lower(i - 1) == "no")
        || (i > 1 && senti.lower(i - 2) == "no")
        || (i > 2 && senti.lower(i - 3) == "no" && matches!(senti.lower(i - 1), "or" | "nor"))
}

/// The booster effect of token `i - (start_i + 1)` on token `i`, dampened with
/// distance: full right before, ×0.95 two tokens before, ×0.9 three before.
fn damped_scalar(senti: &SentiText, i: usize, start_i: usize, valence: f64) -> f64 {
    let scalar = scalar_inc_dec(&senti.tokens[i - (start_i + 1)], valence, senti.is_cap_diff);
    match start_i {
        1 if scalar != 0.0 => scalar * 0.95,
        2 if scalar != 0.0 => scalar * 0.9,
        _ => scalar,
    }
}

/// The reference's `scalar_inc_dec` (heuristic 3 of the paper): a booster pushes the
/// valence away from zero, a dampener towards it; a booster in ALL CAPS (among words
/// that are not) adds `C_INCR` more.
fn scalar_inc_dec(token: &Token, valence: f64, is_cap_diff: bool) -> f64 {
    let Some(mut scalar) = booster(&token.lower) else {
        return 0.0;
    };
    if valence < 0.0 {
        scalar = -scalar;
    }
    if token.is_upper && is_cap_diff {
        scalar += if valence > 0.0 { C_INCR } else { -C_INCR };
    }
    scalar
}

/// The reference's `negated` for one word: a negation word, or any word with "n't".
fn negated(lower: &str) -> bool {
    NEGATE.contains(&lower) || lower.contains("n't")
}

/// The reference's `_negation_check` (heuristic 5 of the paper): a negation 1, 2 or 3
/// tokens before (`start_i` 0, 1, 2) multiplies the valence by `N_SCALAR`, except
/// that "never so/this" intensifies (×1.25) and "without doubt" leaves it alone.
///
/// Quirk kept from the reference: for the third token back, Python's precedence reads
/// `(never and (so or this)) or so or this`, so "so" or "this" right before the word
/// multiplies it by 1.25 whatever the third token is. "was not so good" is thus negated
/// at the second step ("not") and then intensified at the third ("so").
fn negation_check(valence: f64, senti: &SentiText, start_i: usize, i: usize) -> f64 {
    let w = |back: usize| senti.lower(i - back);
    match start_i {
        0 if negated(w(1)) => valence * N_SCALAR,
        1 if w(2) == "never" && matches!(w(1), "so" | "this") => valence * 1.25,
        1 if w(2) == "without" && w(1) == "doubt" => valence,
        1 if negated(w(2)) => valence * N_SCALAR,
        2 if (w(3) == "never" && matches!(w(2), "so" | "this"))
            || matches!(w(1), "so" | "this") =>
        {
            valence * 1.25
        }
        2 if w(3) == "without" && (w(2) == "doubt" || w(1) == "doubt") => valence,
        2 if negated(w(3)) => valence * N_SCALAR,
        _ => valence,
    }
}

/// The reference's `_special_idioms_check`, run for words with at least three tokens
/// before them: an idiom from [`special_case`] ending at, or starting at, the word sets
/// its valence; a two-word booster ("kind of", "sort of") right before adds its scalar.
///
/// Order matters and is the reference's: the first matching idiom among those ending at
/// the word wins, then one starting at the word and spanning 2 and then 3 tokens
/// overrides it; the booster n-grams are added last and are not sign-adjusted.
fn special_idioms_check(mut valence: f64, senti: &SentiText, i: usize) -> f64 {
    let w = |k: usize| senti.lower(k);
    let one_zero = format!("{} {}", w(i - 1), w(i));
    let two_one_zero = format!("{} {} {}", w(i - 2), w(i - 1), w(i));
    let two_one = format!("{} {}", w(i - 2), w(i - 1));
    let three_two_one = format!("{} {} {}", w(i - 3), w(i - 2), w(i - 1));
    let three_two = format!("{} {}", w(i - 3), w(i - 2));
    let ending_here = [
        &one_zero,
        &two_one_zero,
        &two_one,
        &three_two_one,
        &three_two,
    ];
    if let Some(v) = ending_here.iter().find_map(|seq| special_case(seq)) {
        valence = v;
    }
    let n = senti.tokens.len();
    if i + 1 < n {
        if let Some(v) = special_case(&format!("{} {}", w(i), w(i + 1))) {
            valence = v;
        }
    }
    if i + 2 < n {
        if let Some(v) = special_case(&format!("{} {} {}", w(i), w(i + 1), w(i + 2))) {
            valence = v;
        }
    }
    for n_gram in [&three_two_one, &three_two, &two_one] {
        if let Some(scalar) = booster(n_gram) {
            valence += scalar;
        }
    }
    valence
}

/// The reference's `_least_check`: "least" right before negates the word ("the least
/// compelling"), unless preceded by "at" or "very" ("at least compelling").
fn least_check(valence: f64, lexicons: &Lexicons, senti: &SentiText, i: usize) -> f64 {
    let least_before =
        i > 0 && !lexicons.contains(senti.lower(i - 1)) && senti.lower(i - 1) == "least";
    if !least_before {
        return valence;
    }
    if i > 1 && matches!(senti.lower(i - 2), "at" | "very") {
        valence
    } else {
        valence * N_SCALAR
    }
}

// ---------------------------------------------------------------------------------
// Sentence level.
// ---------------------------------------------------------------------------------

/// The reference's `_but_check` (heuristic 4 of the paper): with a "but", valences
/// before the first "but" are halved and those after it are multiplied by 1.5.
///
/// Quirk kept from the reference: it walks the list and finds each value's position
/// with `list.index(value)`, i.e. the *first* position holding an equal value, so
/// when values repeat an earlier position may be scaled again while the current one
/// is left alone. This reproduces that exactly, in O(n log n): `positions` maps each
/// value (by bits, with -0.0 folded into 0.0 since they compare equal) to the
/// positions currently holding it.
fn but_check(tokens: &[Token], sentiments: &mut [f64]) {
    let Some(bi) = tokens.iter().position(|t| t.lower == "but") else {
        return;
    };
    let key = |v: f64| if v == 0.0 { 0 } else { v.to_bits() };
    let mut positions: HashMap<u64, BTreeSet<usize>> = HashMap::new();
    for (j, &v) in sentiments.iter().enumerate() {
        positions.entry(key(v)).or_default().insert(j);
    }
    for k in 0..sentiments.len() {
        let value = sentiments[k];
        let Some(j) = positions
            .get(&key(value))
            .and_then(|set| set.first().copied())
        else {
            continue;
        };
        let scaled = match j.cmp(&bi) {
            std::cmp::Ordering::Less => value * 0.5,
            std::cmp::Ordering::Greater => value * 1.5,
            std::cmp::Ordering::Equal => continue,
        };
        if let Some(set) = positions.get_mut(&key(value)) {
            set.remove(&j);
        }
        positions.entry(key(scaled)).or_default().insert(j);
        sentiments[j] = scaled;
    }
}

/// Emphasis from "!" (0.292 each, up to 4) and "?" (0.18 each for 2 or 3, 0.96 for
/// more; a single "?" adds nothing), counted over the whole text (heuristic 1 of
/// the paper).
fn punctuation_emphasis(text: &str) -> f64 {
    let ep_count = text.matches('!').count().min(4);
    let qm_count = text.matches('?').count();
    let qm_amplifier = match qm_count {
        0 | 1 => 0.0,
        2 | 3 => qm_count as f64 * QM_INCR,
        _ => QM_MAX,
    };
    ep_count as f64 * EP_INCR + qm_amplifier
}

/// Maps a sum of valences into (-1, 1): `x / sqrt(x² + 15)`.
fn normalize(score: f64) -> f64 {
    let norm = score / (score * score + NORMALIZE_ALPHA).sqrt();
    norm.clamp(-1.0, 1.0)
}

/// The reference's `_sift_sentiment_scores`: sums of positive valences (+1 each) and
/// negative valences (-1 each), and the number of neutral tokens.
fn sift_sentiment_scores(sentiments: &[f64]) -> (f64, f64, usize) {
    let mut pos_sum = 0.0;
    let mut neg_sum = 0.0;
    let mut neu_count = 0;
    for &s in sentiments {
        if s > 0.0 {
            pos_sum += s + 1.0;
        }
        if s < 0.0 {
            neg_sum += s - 1.0;
        }
        if s == 0.0 {
            neu_count += 1;
        }
    }
    (pos_sum, neg_sum, neu_count)
}

/// The reference's `score_valence`: the compound score and the pos/neu/neg shares, with
/// punctuation emphasis added to the dominant side, rounded as the reference rounds.
fn score_valence(sentiments: &[f64], text: &str) -> Scores {
    if sentiments.is_empty() {
        return Scores {
            neg: 0.0,
            neu: 0.0,
            pos: 0.0,
            compound: 0.0,
        };
    }
    // Summed left to right, like Python's `sum()` before 3.12.
    let mut sum_s = sentiments.iter().fold(0.0, |acc, s| acc + s);
    let amplifier = punctuation_emphasis(text);
    if sum_s > 0.0 {
        sum_s += amplifier;
    } else if sum_s < 0.0 {
        sum_s -= amplifier;
    }
    let compound = normalize(sum_s);
    let (mut pos_sum, mut neg_sum, neu_count) = sift_sentiment_scores(sentiments);
    if pos_sum > neg_sum.abs() {
        pos_sum += amplifier;
    } else if pos_sum < neg_sum.abs() {
        neg_sum -= amplifier;
    }
    let total = pos_sum + neg_sum.abs() + neu_count as f64;
    Scores {
        neg: py_round((neg_sum / total).abs(), 3),
        neu: py_round((neu_count as f64 / total).abs(), 3),
        pos: py_round((pos_sum / total).abs(), 3),
        compound: py_round(compound, 4),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_served_lexicons_score_as_the_raw_files() {
        // The browser loads what the server serves (the trimmed word lexicon); the
        // browser benchmark loads the raw file. Both must score as the server does.
        let served = Lexicons::parse(WORD_LEXICON, EMOJI_LEXICON);
        let raw = Lexicons::parse(
            include_str!("sentiment/data/vader_lexicon.txt"),
            EMOJI_LEXICON,
        );
        assert!(WORD_LEXICON.len() < include_str!("sentiment/data/vader_lexicon.txt").len());
        for text in [
            "This is terrible, I am so sorry, what an awful mess.",
            "Great news: your refund is done. Thank you for your patience! 😀",
            "The car was NOT clean but the staff were kind",
        ] {
            let scores = score_with(&served, text);
            assert_eq!(scores, score_with(&raw, text), "{text}");
            assert_eq!(Some(scores), try_polarity_scores(text), "{text}");
            assert_ne!(scores.compound, 0.0, "{text}");
        }
        assert!(lexicons_loaded());
    }

    /// Asserts the scores equal the Python reference's (`compound, pos, neu, neg`).
    fn check(text: &str, compound: f64, pos: f64, neu: f64, neg: f64) {
        let expected = Scores {
            neg,
            neu,
            pos,
            compound,
        };
        assert_eq!(polarity_scores(text), expected, "{text:?}");
    }

    #[test]
    fn positive_sentence() {
        check(
            "VADER is smart, handsome, and funny.",
            0.8316,
            0.746,
            0.254,
            0.0,
        );
    }

    #[test]
    fn caps_boosters_and_exclamations() {
        check(
            "VADER is VERY SMART, handsome, and FUNNY!!!",
            0.9342,
            0.767,
            0.233,
            0.0,
        );
        check("Today SUX!", -0.5461, 0.0, 0.221, 0.779);
    }

    #[test]
    fn negation() {
        check(
            "VADER is not smart, handsome, nor funny.",
            -0.7424,
            0.0,
            0.354,
            0.646,
        );
        check(
            "At least it isn't a horrible book.",
            0.431,
            0.322,
            0.678,
            0.0,
        );
        check("The car was not so good", -0.464, 0.0, 0.623, 0.377);
        check("no no good", -0.1326, 0.357, 0.189, 0.454);
    }

    #[test]
    fn never_so_and_without_doubt() {
        check(
            "Sentiment analysis has never been this good!",
            0.5672,
            0.379,
            0.621,
            0.0,
        );
        check(
            "Without a doubt, an excellent idea.",
            0.7013,
            0.592,
            0.408,
            0.0,
        );
    }

    #[test]
    fn but_kind_of_least_and_idioms() {
        let plot =
            "The plot was good, but the characters are uncompelling and the dialog is not great.";
        check(plot, -0.7042, 0.094, 0.579, 0.327);
        check("good good but good good", 0.891, 0.921, 0.079, 0.0);
        check("The book was only kind of good.", 0.3832, 0.303, 0.697, 0.0);
        let least = "Roger Dodger is one of the least compelling variations on this theme.";
        check(least, -0.1695, 0.0, 0.868, 0.132);
        check(
            "With VADER, sentiment analysis is the shit!",
            0.6476,
            0.417,
            0.583,
            0.0,
        );
    }

    #[test]
    fn emoticons_and_emoji() {
        check("Make sure you :) or :D today!", 0.8633, 0.706, 0.294, 0.0);
        check(
            "Catch utf-8 emoji such as 💘 and 💋 and 😁",
            0.875,
            0.417,
            0.583,
            0.0,
        );
        check("😁😁", 0.7184, 0.429, 0.571, 0.0);
    }

    #[test]
    fn question_marks_and_other_scripts() {
        check("ok???", 0.0, 0.0, 1.0, 0.0);
        check("great?!?!", 0.7222, 1.0, 0.0, 0.0);
        check("我很惊讶地看到VADER是如此有用!", 0.0, 0.0, 1.0, 0.0);
    }

    #[test]
    fn empty_and_blank_texts_score_zero() {
        for text in ["", "   ", "\u{1c}\t\u{3000}"] {
            check(text, 0.0, 0.0, 0.0, 0.0);
        }
    }

    #[test]
    fn python_string_semantics() {
        assert!(py_is_upper("VADER!") && py_is_upper("A1"));
        assert!(!py_is_upper("1") && !py_is_upper("ǅ") && !py_is_upper("Vader"));
        assert_eq!(py_round(0.0625, 3), 0.062);
        assert_eq!(py_round(0.1875, 3), 0.188);
        assert_eq!(strip_punc_if_word("good!!"), "good");
        assert_eq!(strip_punc_if_word(":-)"), ":-)");
        assert_eq!(strip_punc_if_word("ok!"), "ok!");
    }

    /// The reference's `_but_check`, literally: `list.index` finds the first equal value.
    fn naive_but_check(bi: usize, sentiments: &mut [f64]) {
        for k in 0..sentiments.len() {
            let value = sentiments[k];
            let j = sentiments.iter().position(|&s| s == value).unwrap_or(k);
            if j < bi {
                sentiments[j] = value * 0.5;
            } else if j > bi {
                sentiments[j] = value * 1.5;
            }
        }
    }

    #[test]
    fn but_check_matches_list_index_semantics() {
        let words = ["a", "b", "c", "but", "d", "e", "f", "g"];
        let tokens: Vec<Token> = words
            .iter()
            .map(|w| Token {
                lower: w.to_string(),
                is_upper: false,
            })
            .collect();
        let cases: [[f64; 8]; 3] = [
            [3.8, 1.9, 0.0, 0.0, 1.9, 0.95, 2.85, -0.0],
            [1.0, 2.0, 1.0, 0.0, 0.5, 1.0, 1.5, 2.25],
            [-1.2, 0.0, -2.4, 0.0, -0.6, -1.2, -0.9, -1.8],
        ];
        for case in cases {
            let mut expected = case;
            naive_but_check(3, &mut expected);
            let mut ours = case;
            but_check(&tokens, &mut ours);
            assert_eq!(ours, expected, "{case:?}");
        }
    }

    #[test]
    fn survives_long_and_odd_input() {
        let long = "not so GOOD but very bad!!! 😁 ".repeat(5_000);
        let scores = polarity_scores(&long);
        assert!((-1.0..=1.0).contains(&scores.compound));
        let odd = "\u{0}\u{feff}ΑΣ İ ǅ 🏳️‍🌈 👶🏻 \u{2028}?!";
        let scores = polarity_scores(odd);
        assert!(scores.neu >= 0.0);
    }
}
