//! QA reviews: each week a supervisor scores a sample of every agent's solved
//! cases (5 to 10 of them) on accuracy, tone, process and efficiency, with
//! comments; the agent reads their reviews.

use super::ids::{CaseId, UserId};
use serde::{Deserialize, Serialize};

/// Fewest and most cases sampled per agent and week.
pub const SAMPLE_MIN: u32 = 5;
pub const SAMPLE_MAX: u32 = 10;
/// Longest comment, in characters.
pub const MAX_COMMENT: usize = 2000;
const DAY_MS: i64 = 86_400_000;
const WEEK_MS: i64 = 7 * DAY_MS;

/// Scores from 1 (poor) to 5 (excellent).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scores {
    /// The answer was right and complete.
    pub accuracy: u8,
    /// Clear, kind, in the customer's words.
    pub tone: u8,
    /// Policy, checklist and notes followed.
    pub process: u8,
    /// No needless back-and-forth; solved in good time.
    pub efficiency: u8,
}

impl Scores {
    /// Each criterion with its name, as forms and errors call it.
    pub fn named(&self) -> [(&'static str, u8); 4] {
        [
            ("accuracy", self.accuracy),
            ("tone", self.tone),
            ("process", self.process),
            ("efficiency", self.efficiency),
        ]
    }

    /// Mean of the four scores.
    pub fn average(&self) -> f64 {
        self.named().iter().map(|(_, s)| f64::from(*s)).sum::<f64>() / 4.0
    }
}

/// A review as a supervisor submits it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewDraft {
    pub case_id: CaseId,
    pub scores: Scores,
    pub comment: String,
}

impl ReviewDraft {
    /// The draft checked, comment trimmed; `Err((field, reason))` names what is wrong.
    pub fn normalise(mut self) -> Result<Self, (&'static str, String)> {
        for (field, s) in self.scores.named() {
            if !(1..=5).contains(&s) {
                return Err((field, format!("Score {field} from 1 to 5 (not {s}).")));
            }
        }
        self.comment = self.comment.trim().to_string();
        let chars = self.comment.chars().count();
        if chars > MAX_COMMENT {
            return Err((
                "comment",
                format!("At most {MAX_COMMENT} characters ({chars} given)."),
            ));
        }
        if self.comment.is_empty() && self.scores.named().iter().any(|(_, s)| *s <= 2) {
            return Err((
                "comment",
                "Say what to improve when a score is 2 or lower.".to_string(),
            ));
        }
        Ok(self)
    }
}

/// A saved review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub id: i64,
    pub case_id: CaseId,
    pub subject: String,
    pub agent_id: UserId,
    pub agent_name: String,
    pub reviewer_name: String,
    pub scores: Scores,
    pub comment: String,
    pub created_at: i64,
}

/// A case in an agent's weekly sample, with its review once written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SampleCase {
    pub case_id: CaseId,
    pub subject: String,
    pub customer_name: String,
    pub solved_at: i64,
    pub review: Option<Review>,
}

/// An agent's sample for one week.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sample {
    pub agent_id: UserId,
    /// Monday 00:00 UTC of the week.
    pub week: i64,
    /// Cases the agent solved that week.
    pub solved: i64,
    pub cases: Vec<SampleCase>,
}

/// Monday 00:00 UTC of the week holding `at`.
pub fn week_start(at: i64) -> i64 {
    // 1970-01-01 was a Thursday: Mondays fall 4 days after a multiple of 7.
    let monday_offset = 4 * DAY_MS;
    at - (at - monday_offset).rem_euclid(WEEK_MS)
}

/// The sample size asked for, kept within 5 to 10.
pub fn sample_size(asked: u32) -> u32 {
    asked.clamp(SAMPLE_MIN, SAMPLE_MAX)
}

/// Picks `n` of `cases` for `agent` in `week`: the same every time it is
/// asked (so two supervisors see one sample), spread over the week, and
/// different from week to week. Cases already reviewed are kept first.
pub fn pick(cases: &[(CaseId, bool)], agent: UserId, week: i64, n: usize) -> Vec<CaseId> {
    let mix = |c: CaseId| {
        // SplitMix64 of case, agent and week: a stable, well-spread order.
        let mut z = (c.0 as u64)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .wrapping_add((agent.0 as u64).rotate_left(21))
            .wrapping_add((week as u64).rotate_left(42));
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let mut order: Vec<&(CaseId, bool)> = cases.iter().collect();
    order.sort_by_key(|(c, reviewed)| (!reviewed, mix(*c), c.0));
    order.into_iter().take(n).map(|(c, _)| *c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(scores: [u8; 4], comment: &str) -> ReviewDraft {
        ReviewDraft {
            case_id: CaseId(1),
            scores: Scores {
                accuracy: scores[0],
                tone: scores[1],
                process: scores[2],
                efficiency: scores[3],
            },
            comment: comment.into(),
        }
    }

    #[test]
    fn weeks_start_on_monday_midnight_utc() {
        // Wednesday 2026-11-25 15:00 UTC → Monday 2026-11-23 00:00 UTC.
        assert_eq!(week_start(1_795_618_800_000), 1_795_392_000_000);
        assert_eq!(week_start(1_795_392_000_000), 1_795_392_000_000);
        // Sunday 23:59 still belongs to that week.
        assert_eq!(
            week_start(1_795_392_000_000 + 7 * DAY_MS - 1),
            1_795_392_000_000
        );
    }

    #[test]
    fn a_sample_is_stable_sized_and_keeps_reviewed_cases() {
        let cases: Vec<(CaseId, bool)> = (1..=40).map(|i| (CaseId(i), i == 33)).collect();
        let a = pick(&cases, UserId(2), 100, 5);
        assert_eq!(a.len(), 5);
        assert_eq!(a, pick(&cases, UserId(2), 100, 5));
        assert_eq!(a[0], CaseId(33));
        let other_week = pick(&cases, UserId(2), 100 + WEEK_MS, 5);
        assert_ne!(a[1..], other_week[1..]);
        assert_eq!(pick(&cases[..3], UserId(2), 100, 5).len(), 3);
        assert_eq!(sample_size(2), 5);
        assert_eq!(sample_size(7), 7);
        assert_eq!(sample_size(50), 10);
    }

    #[test]
    fn scores_are_one_to_five_and_low_scores_need_a_comment() {
        assert!(draft([5, 4, 3, 3], "").normalise().is_ok());
        assert_eq!(draft([5, 0, 3, 3], "x").normalise().unwrap_err().0, "tone");
        assert_eq!(
            draft([5, 4, 6, 3], "x").normalise().unwrap_err().0,
            "process"
        );
        assert_eq!(
            draft([2, 4, 3, 3], "  ").normalise().unwrap_err().0,
            "comment"
        );
        let ok = draft([2, 4, 3, 3], "  Check the deposit first. ")
            .normalise()
            .unwrap();
        assert_eq!(ok.comment, "Check the deposit first.");
        assert_eq!(ok.scores.average(), 3.0);
        let long = "x".repeat(MAX_COMMENT + 1);
        assert_eq!(
            draft([5, 5, 5, 5], &long).normalise().unwrap_err().0,
            "comment"
        );
    }
}
