//! Ranked knowledge-base search, in memory and without I/O: BM25 over an
//! article's title, summary and body (title words count most), English
//! stemming ("charged" finds "charge"), prefix matching for a word still being
//! typed ("refu" finds "refund"), and one typo forgiven in words of four letters
//! or more ("refnud", "cancelation"), found through an index of every word with
//! one letter deleted (symmetric deletion), so a search never scans the
//! vocabulary.

use rust_stemmers::{Algorithm, Stemmer};
use std::collections::HashMap;

/// One article as search sees it.
#[derive(Debug, Clone)]
pub struct SearchDoc {
    pub id: i64,
    pub title: String,
    pub summary: String,
    /// Applies-to, steps and troubleshooting together.
    pub body: String,
}

const TITLE_WEIGHT: f32 = 3.0;
const SUMMARY_WEIGHT: f32 = 2.0;
const BODY_WEIGHT: f32 = 1.0;
const K1: f32 = 1.2;
const B: f32 = 0.75;
/// How much a word found by its prefix or with a typo counts, against an exact word.
const PREFIX_MATCH: f32 = 0.7;
const TYPO_MATCH: f32 = 0.5;
/// Most vocabulary words one prefix expands to (the most specific prefixes matter).
const MAX_EXPANSIONS: usize = 64;
/// Hits scoring under this share of the best are noise, not answers.
const RELATIVE_FLOOR: f32 = 0.25;

/// Words too common in questions to say what they are about.
const STOP_WORDS: &[&str] = &[
    "a", "about", "am", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by", "can",
    "could", "did", "do", "does", "for", "from", "get", "got", "had", "has", "have", "hello", "hi",
    "how", "i", "if", "im", "in", "is", "it", "its", "just", "me", "my", "of", "on", "or", "our",
    "please", "should", "so", "that", "the", "their", "them", "then", "there", "they", "this",
    "to", "was", "we", "were", "what", "when", "where", "which", "who", "why", "will", "with",
    "would", "you", "your",
];

/// The words of `text`: runs of letters and digits, lower-cased.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

fn stemmer() -> Stemmer {
    Stemmer::create(Algorithm::English)
}

/// Every string made by deleting one character of `word`.
fn deletions(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    (0..chars.len())
        .map(|i| {
            chars
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, c)| *c)
                .collect()
        })
        .collect()
}

/// Whether `a` and `b` are at most one edit apart (insert, delete, substitute,
/// or swap two neighbours).
fn one_edit_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.len() - short.len() > 1 {
        return false;
    }
    let first = short.iter().zip(long.iter()).position(|(x, y)| x != y);
    let Some(i) = first else { return true };
    if short.len() == long.len() {
        let swapped = i + 1 < short.len()
            && short[i] == long[i + 1]
            && short[i + 1] == long[i]
            && short[i + 2..] == long[i + 2..];
        swapped || short[i + 1..] == long[i + 1..]
    } else {
        short[i..] == long[i + 1..]
    }
}

/// The searchable form of a set of articles.
#[derive(Debug, Default)]
pub struct KbIndex {
    ids: Vec<i64>,
    doc_len: Vec<f32>,
    avg_len: f32,
    /// Stems, with the documents holding each and how often (weighted by field).
    postings: Vec<Vec<(u32, f32)>>,
    stem_ids: HashMap<String, u32>,
    /// Each stem by its id.
    stems: Vec<String>,
    /// Every word as written, sorted, with its stem: for prefix matching.
    surface: Vec<(String, u32)>,
    /// Each stem with one character deleted → the stems it came from.
    deletes: HashMap<String, Vec<u32>>,
}

impl KbIndex {
    /// Indexes `docs`.
    pub fn build(docs: &[SearchDoc]) -> Self {
        let stemmer = stemmer();
        let mut index = KbIndex::default();
        let mut surface: HashMap<String, u32> = HashMap::new();
        for (n, doc) in docs.iter().enumerate() {
            index.ids.push(doc.id);
            let mut tf: HashMap<u32, f32> = HashMap::new();
            let mut len = 0.0;
            for (text, weight) in [
                (&doc.title, TITLE_WEIGHT),
                (&doc.summary, SUMMARY_WEIGHT),
                (&doc.body, BODY_WEIGHT),
            ] {
                for word in words(text) {
                    let stem = stemmer.stem(&word).into_owned();
                    let next = index.stems.len() as u32;
                    let id = *index.stem_ids.entry(stem.clone()).or_insert(next);
                    if id == next {
                        index.postings.push(Vec::new());
                        index.stems.push(stem);
                    }
                    surface.entry(word).or_insert(id);
                    *tf.entry(id).or_default() += weight;
                    len += weight;
                }
            }
            for (id, f) in tf {
                index.postings[id as usize].push((n as u32, f));
            }
            index.doc_len.push(len);
        }
        index.avg_len = if docs.is_empty() {
            1.0
        } else {
            (index.doc_len.iter().sum::<f32>() / docs.len() as f32).max(1.0)
        };
        index.surface = surface.into_iter().collect();
        index.surface.sort();
        for (id, stem) in index.stems.iter().enumerate() {
            if stem.chars().count() >= 4 {
                for d in deletions(stem) {
                    index.deletes.entry(d).or_default().push(id as u32);
                }
            }
        }
        index
    }

    /// How many articles are indexed.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The ids of the best `limit` articles for `query`, best first (ties by id).
    pub fn search(&self, query: &str, limit: usize) -> Vec<i64> {
        let all: Vec<String> = words(query).collect();
        let mut tokens: Vec<&String> = all
            .iter()
            .filter(|w| !STOP_WORDS.contains(&w.as_str()))
            .collect();
        if tokens.is_empty() {
            tokens = all.iter().collect();
        }
        tokens.dedup();
        if tokens.is_empty() || self.is_empty() {
            return Vec::new();
        }
        // A word still being typed is the last one, with nothing after it.
        let typing = query.ends_with(|c: char| c.is_alphanumeric());
        let stemmer = stemmer();
        let n = self.ids.len();
        let mut total = vec![0.0f32; n];
        let mut covered = vec![0u16; n];
        let mut best = vec![0.0f32; n];
        for (i, token) in tokens.iter().enumerate() {
            let last = typing && i + 1 == tokens.len();
            let matches = self.matches(&stemmer, token, last);
            best.iter_mut().for_each(|b| *b = 0.0);
            for (stem, weight) in matches {
                let postings = &self.postings[stem as usize];
                let df = postings.len() as f32;
                let idf = (1.0 + (n as f32 - df + 0.5) / (df + 0.5)).ln();
                for &(doc, tf) in postings {
                    let norm = K1 * (1.0 - B + B * self.doc_len[doc as usize] / self.avg_len);
                    let s = weight * idf * tf * (K1 + 1.0) / (tf + norm);
                    let b = &mut best[doc as usize];
                    if s > *b {
                        *b = s;
                    }
                }
            }
            for d in 0..n {
                if best[d] > 0.0 {
                    total[d] += best[d];
                    covered[d] += 1;
                }
            }
        }
        let count = tokens.len() as f32;
        let mut ranked: Vec<(f32, i64)> = (0..n)
            .filter(|&d| total[d] > 0.0)
            .map(|d| {
                let coverage = f32::from(covered[d]) / count;
                (total[d] * (0.3 + 0.7 * coverage), self.ids[d])
            })
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let floor = ranked.first().map_or(0.0, |r| r.0 * RELATIVE_FLOOR);
        ranked
            .into_iter()
            .take_while(|r| r.0 >= floor)
            .take(limit)
            .map(|r| r.1)
            .collect()
    }

    /// The stems a query word stands for, with how much each counts.
    fn matches(&self, stemmer: &Stemmer, token: &str, typing: bool) -> HashMap<u32, f32> {
        let mut out: HashMap<u32, f32> = HashMap::new();
        let mut add = |id: u32, w: f32| {
            let e = out.entry(id).or_default();
            *e = e.max(w);
        };
        let stem = stemmer.stem(token).into_owned();
        let exact = self.stem_ids.get(&stem).copied();
        if let Some(id) = exact {
            add(id, 1.0);
        }
        let len = token.chars().count();
        if len >= 3 || (typing && len >= 2) {
            let start = self.surface.partition_point(|(w, _)| w.as_str() < token);
            for (_, id) in self.surface[start..]
                .iter()
                .take_while(|(w, _)| w.starts_with(token))
                .take(MAX_EXPANSIONS)
            {
                add(*id, PREFIX_MATCH);
            }
        }
        if exact.is_none() && stem.chars().count() >= 4 {
            let mut candidates: Vec<u32> = Vec::new();
            for key in std::iter::once(stem.clone()).chain(deletions(&stem)) {
                if let Some(ids) = self.deletes.get(&key) {
                    candidates.extend(ids);
                }
                if let Some(&id) = self.stem_ids.get(&key) {
                    candidates.push(id);
                }
            }
            candidates.sort_unstable();
            candidates.dedup();
            for id in candidates {
                if one_edit_apart(&stem, &self.stems[id as usize]) {
                    add(id, TYPO_MATCH);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: i64, title: &str, summary: &str, body: &str) -> SearchDoc {
        SearchDoc {
            id,
            title: title.into(),
            summary: summary.into(),
            body: body.into(),
        }
    }

    fn library() -> KbIndex {
        KbIndex::build(&[
            doc(
                1,
                "How do I change the dates of my booking?",
                "Change dates online until pick-up.",
                "Open your booking and choose new dates.",
            ),
            doc(
                2,
                "When will I get my refund?",
                "Refunds reach your card within 5 to 10 working days.",
                "Refunds go back to the card you paid with.",
            ),
            doc(
                3,
                "How do I cancel my booking?",
                "Cancel free of charge up to 48 hours before pick-up.",
                "A cancellation fee applies later.",
            ),
            doc(
                4,
                "I was charged twice",
                "A second charge is usually a deposit hold.",
                "The hold is released after return.",
            ),
            doc(
                5,
                "What to do after a breakdown",
                "Call roadside assistance, day or night.",
                "Stay safe, switch on hazard lights, call us.",
            ),
        ])
    }

    #[test]
    fn the_article_about_the_question_comes_first() {
        let kb = library();
        assert_eq!(kb.search("change my booking dates", 3)[0], 1);
        assert_eq!(kb.search("where is my refund", 3)[0], 2);
        assert_eq!(kb.search("my car broke down, breakdown help", 3)[0], 5);
    }

    #[test]
    fn stemming_matches_other_forms_of_a_word() {
        let kb = library();
        assert_eq!(kb.search("charges", 5)[0], 4);
        assert_eq!(kb.search("refunded", 5)[0], 2);
        assert!(kb.search("cancelled", 5).contains(&3));
    }

    #[test]
    fn a_word_being_typed_matches_by_its_start() {
        let kb = library();
        assert_eq!(kb.search("refu", 5), vec![2]);
        assert_eq!(kb.search("roadsi", 5), vec![5]);
        // Two letters are a prefix only while being typed.
        assert!(kb.search("ro ", 5).is_empty());
    }

    #[test]
    fn one_typo_is_forgiven_in_longer_words() {
        let kb = library();
        assert_eq!(kb.search("refnud", 5), vec![2]);
        assert_eq!(kb.search("bokking dates", 5)[0], 1);
        assert!(kb.search("cancelation fee", 5).contains(&3));
        assert_eq!(kb.search("breakdwon", 5), vec![5]);
        // Two typos in a short word are a different word.
        assert!(kb.search("rfnd ", 5).is_empty());
    }

    #[test]
    fn nothing_relevant_finds_nothing() {
        let kb = library();
        assert!(kb.search("zebra crossing", 5).is_empty());
        assert!(kb.search("   ", 5).is_empty());
        assert!(KbIndex::build(&[]).search("refund", 5).is_empty());
    }

    #[test]
    fn a_question_of_only_common_words_still_searches_them() {
        let kb = KbIndex::build(&[doc(9, "Who are you?", "About us.", "")]);
        assert_eq!(kb.search("who are you", 5), vec![9]);
    }

    #[test]
    fn edits_are_counted_as_a_person_would() {
        assert!(one_edit_apart("refund", "refnud"));
        assert!(one_edit_apart("refund", "refun"));
        assert!(one_edit_apart("refund", "refunds"));
        assert!(one_edit_apart("refund", "rxfund"));
        assert!(!one_edit_apart("refund", "rfnd"));
        assert!(!one_edit_apart("refund", "fundre"));
    }

    #[test]
    fn results_are_limited_and_ties_keep_id_order() {
        let docs: Vec<SearchDoc> = (1..=10).map(|i| doc(i, "Fuel policy", "", "")).collect();
        assert_eq!(KbIndex::build(&docs).search("fuel", 3), vec![1, 2, 3]);
    }
}
