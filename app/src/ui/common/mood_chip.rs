//! The customer's mood at a glance: rolling VADER score, trend, and the alert state.

use crate::engine::mood::{Mood, Trend};
use crate::engine::sentiment::Scores;
use leptos::prelude::*;

/// Words for a mood, e.g. "Negative −0.62, worsening".
pub fn describe(mood: &Mood) -> String {
    let feel = if mood.negative {
        "Negative"
    } else if mood.rolling >= 0.05 {
        "Positive"
    } else if mood.rolling <= -0.05 {
        "Uneasy"
    } else {
        "Neutral"
    };
    let trend = match mood.trend {
        Trend::Improving => ", improving",
        Trend::Worsening => ", worsening",
        Trend::Steady => "",
    };
    format!("{feel} {:+.2}{trend}", mood.rolling).replace('-', "−")
}

/// Words for one score: "Positive +0.42", "Negative −0.61", "Neutral +0.00".
pub fn describe_score(compound: f64) -> String {
    let feel = if compound >= 0.05 {
        "Positive"
    } else if compound <= -0.05 {
        "Negative"
    } else {
        "Neutral"
    };
    format!("{feel} {compound:+.2}").replace('-', "−")
}

/// The tone of one customer message, in words and colour, its parts on hover.
#[component]
pub fn ScoreMarker(scores: Scores) -> impl IntoView {
    let class = if scores.compound >= 0.05 {
        "score score-positive"
    } else if scores.compound <= -0.05 {
        "score score-negative"
    } else {
        "score"
    };
    let title = format!(
        "VADER compound {:+.2}: pos {:.2}, neu {:.2}, neg {:.2}",
        scores.compound, scores.pos, scores.neu, scores.neg
    );
    view! { <span class=class data-testid="score" title=title>{describe_score(scores.compound)}</span> }
}

/// A chip showing a case's mood; a dash before the customer's first scored message.
#[component]
pub fn MoodChip(mood: Option<Mood>) -> impl IntoView {
    match mood {
        None => view! { <span class="mood mood-none" data-testid="mood">"—"</span> }.into_any(),
        Some(m) => {
            let class = if m.negative {
                "mood mood-negative"
            } else if m.rolling >= 0.05 {
                "mood mood-positive"
            } else {
                "mood mood-neutral"
            };
            view! { <span class=class data-testid="mood" title="Rolling customer sentiment (VADER)">{describe(&m)}</span> }
                .into_any()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moods_read_as_words_with_sign_and_trend() {
        let m = |rolling, trend, negative| Mood {
            rolling,
            trend,
            negative,
        };
        assert_eq!(
            describe(&m(-0.62, Trend::Worsening, true)),
            "Negative −0.62, worsening"
        );
        assert_eq!(
            describe(&m(0.4, Trend::Improving, false)),
            "Positive +0.40, improving"
        );
        assert_eq!(describe(&m(0.0, Trend::Steady, false)), "Neutral +0.00");
        assert_eq!(describe(&m(-0.3, Trend::Steady, false)), "Uneasy −0.30");
        assert_eq!(describe_score(0.4215), "Positive +0.42");
        assert_eq!(describe_score(-0.61), "Negative −0.61");
        assert_eq!(describe_score(0.01), "Neutral +0.01");
    }
}
