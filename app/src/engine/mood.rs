//! How a customer feels over a case: a rolling score over their recent messages
//! (newer ones weigh more), its trend, and the negative-sentiment alert.

use serde::{Deserialize, Serialize};

crate::domain::named_enum!(
    /// Which way the customer's mood is going.
    Trend { Improving => "improving", Steady => "steady", Worsening => "worsening" }
);

/// Messages the rolling score looks back over.
pub const ROLLING_WINDOW: usize = 5;
/// Each older message weighs this much of the one after it.
const DECAY: f64 = 0.6;
/// A change of the rolling score smaller than this is "steady".
const TREND_STEP: f64 = 0.15;

/// When a case counts as negative (configurable per workspace).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MoodSettings {
    /// Alert at or below this rolling score…
    pub threshold: f64,
    /// …taken over this many of the newest customer messages.
    pub window: usize,
}

impl Default for MoodSettings {
    fn default() -> Self {
        MoodSettings {
            threshold: -0.5,
            window: 3,
        }
    }
}

impl MoodSettings {
    /// Rejects settings that could never or would always alert.
    pub fn validate(&self) -> Result<(), String> {
        if !(-1.0..=1.0).contains(&self.threshold) || self.threshold.is_nan() {
            return Err("The threshold is a compound score from -1 to 1.".into());
        }
        if self.window == 0 || self.window > ROLLING_WINDOW {
            return Err(format!(
                "The window is 1 to {ROLLING_WINDOW} customer messages."
            ));
        }
        Ok(())
    }
}

/// The mood of a case after its newest customer message.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Mood {
    /// Weighted mean of the recent compound scores, from -1 to 1.
    pub rolling: f64,
    pub trend: Trend,
    /// The alert condition holds now.
    pub negative: bool,
}

/// Weighted mean of `scores` (oldest first): the newest weighs 1, each older one
/// `DECAY` times the next. `None` when there are none.
pub fn weighted_mean(scores: &[f64]) -> Option<f64> {
    let mut weight = 1.0;
    let (mut sum, mut total) = (0.0, 0.0);
    for s in scores.iter().rev() {
        sum += s * weight;
        total += weight;
        weight *= DECAY;
    }
    (total > 0.0).then(|| (sum / total).clamp(-1.0, 1.0))
}

/// The mood given the compound scores of a case's customer messages, oldest first
/// (only the last [`ROLLING_WINDOW`] matter). `None` before the first message.
pub fn mood(scores: &[f64], settings: &MoodSettings) -> Option<Mood> {
    let recent = &scores[scores.len().saturating_sub(ROLLING_WINDOW)..];
    let rolling = weighted_mean(recent)?;
    let trend = match weighted_mean(
        &scores[scores.len().saturating_sub(ROLLING_WINDOW + 1)..scores.len() - 1],
    ) {
        Some(before) if rolling - before >= TREND_STEP => Trend::Improving,
        Some(before) if before - rolling >= TREND_STEP => Trend::Worsening,
        _ => Trend::Steady,
    };
    let window = &scores[scores.len().saturating_sub(settings.window.max(1))..];
    let negative = weighted_mean(window).is_some_and(|m| m <= settings.threshold);
    Some(Mood {
        rolling,
        trend,
        negative,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn newer_messages_weigh_more() {
        // Newest 1.0 (weight 1), older -1.0 (weight 0.6): (1 - 0.6) / 1.6.
        assert!(close(weighted_mean(&[-1.0, 1.0]).unwrap(), 0.25));
        assert!(close(weighted_mean(&[1.0, -1.0]).unwrap(), -0.25));
        assert_eq!(weighted_mean(&[]), None);
    }

    #[test]
    fn only_the_last_five_messages_count() {
        let s = MoodSettings::default();
        let long = [1.0, 1.0, 1.0, -0.2, -0.2, -0.2, -0.2, -0.2];
        assert!(close(mood(&long, &s).unwrap().rolling, -0.2));
    }

    #[test]
    fn the_trend_follows_the_newest_message() {
        let s = MoodSettings::default();
        assert_eq!(mood(&[-0.8, 0.6], &s).unwrap().trend, Trend::Improving);
        assert_eq!(mood(&[0.5, -0.7], &s).unwrap().trend, Trend::Worsening);
        assert_eq!(mood(&[0.1, 0.15], &s).unwrap().trend, Trend::Steady);
        assert_eq!(mood(&[-0.9], &s).unwrap().trend, Trend::Steady);
        assert_eq!(mood(&[], &s), None);
    }

    #[test]
    fn the_alert_needs_the_recent_window_at_or_below_the_threshold() {
        let s = MoodSettings::default();
        assert!(mood(&[-0.6, -0.5, -0.7], &s).unwrap().negative);
        // One bad message among good ones is not enough.
        assert!(!mood(&[0.6, 0.4, -0.7], &s).unwrap().negative);
        // Old anger outside the window of 3 does not count.
        assert!(!mood(&[-0.9, -0.9, 0.3, 0.2, 0.1], &s).unwrap().negative);
        // Exactly at the threshold alerts.
        assert!(mood(&[-0.5], &s).unwrap().negative);
        let strict = MoodSettings {
            threshold: -0.8,
            window: 1,
        };
        assert!(!mood(&[-0.7], &strict).unwrap().negative);
        assert!(mood(&[0.9, -0.85], &strict).unwrap().negative);
    }

    #[test]
    fn settings_out_of_range_are_refused() {
        assert!(MoodSettings::default().validate().is_ok());
        for bad in [
            MoodSettings {
                threshold: -1.5,
                window: 3,
            },
            MoodSettings {
                threshold: f64::NAN,
                window: 3,
            },
            MoodSettings {
                threshold: -0.5,
                window: 0,
            },
            MoodSettings {
                threshold: -0.5,
                window: 9,
            },
        ] {
            assert!(bad.validate().is_err(), "{bad:?}");
        }
    }
}
