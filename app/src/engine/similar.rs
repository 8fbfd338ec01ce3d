//! Likely duplicates: two subjects say the same thing when, after dropping
//! case, punctuation, filler words and simple plurals, most of their words are
//! shared (Jaccard similarity of the word sets at least [`THRESHOLD`]).

use std::collections::BTreeSet;

/// Shared words ÷ all words at or above which two subjects count as similar.
pub const THRESHOLD: f64 = 0.6;

/// Words that say nothing about the problem.
const FILLER: &[&str] = &[
    "a", "an", "and", "are", "at", "be", "but", "can", "for", "from", "help", "hi", "hello", "i",
    "im", "in", "is", "it", "me", "my", "need", "not", "of", "on", "or", "please", "re", "the",
    "there", "this", "to", "urgent", "was", "we", "with", "you", "your", "fw", "fwd", "again",
    "cant", "dont", "doesnt", "didnt", "wont", "isnt",
];

/// The meaningful words of a subject (two letters or more), lower-cased,
/// singular where that is simple.
pub fn words(subject: &str) -> BTreeSet<String> {
    subject
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() > 1)
        .map(|w| {
            let w = w.to_lowercase();
            match w.strip_suffix('s') {
                Some(stem) if stem.chars().count() >= 3 && !stem.ends_with('s') => stem.to_string(),
                _ => w,
            }
        })
        .filter(|w| !FILLER.contains(&w.as_str()))
        .collect()
}

/// Jaccard similarity of the meaningful words of two subjects (0 when either has none).
pub fn similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (words(a), words(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = a.intersection(&b).count();
    shared as f64 / (a.len() + b.len() - shared) as f64
}

/// Whether two subjects are likely about the same problem.
pub fn likely_duplicate(a: &str, b: &str) -> bool {
    similarity(a, b) >= THRESHOLD
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_problem_in_other_words_is_a_duplicate() {
        assert!(likely_duplicate(
            "Charged twice for booking",
            "RE: charged twice for my booking!"
        ));
        assert!(likely_duplicate(
            "Refund for cancelled rental",
            "refunds cancelled rentals"
        ));
        assert!(likely_duplicate("Can't log in", "cant log in"));
    }

    #[test]
    fn different_problems_are_not() {
        assert!(!likely_duplicate(
            "Charged twice for booking",
            "Car broke down on the motorway"
        ));
        assert!(!likely_duplicate(
            "Change pick-up time",
            "Change drop-off location"
        ));
        assert!(
            !likely_duplicate("Help", "Hello"),
            "filler words alone never match"
        );
    }

    #[test]
    fn similarity_is_symmetric_and_bounded() {
        let pairs = [
            ("a b c", "b c d"),
            ("Late return fee", "fee for late return"),
            ("", "x"),
        ];
        for (a, b) in pairs {
            let s = similarity(a, b);
            assert_eq!(s, similarity(b, a));
            assert!((0.0..=1.0).contains(&s));
        }
        assert_eq!(similarity("Late return fee", "fee for late return"), 1.0);
    }
}
