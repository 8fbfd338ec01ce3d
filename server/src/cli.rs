//! Command-line helpers of the `switchboard` binary that are worth testing.

use app::engine::sentiment::polarity_scores;
use std::io::{BufRead, Write};

/// `switchboard sentiment`: one line of scores per input line,
/// `compound<TAB>pos<TAB>neu<TAB>neg`, for people tuning thresholds.
pub fn score_lines(input: impl BufRead, mut out: impl Write) -> std::io::Result<()> {
    for line in input.lines() {
        let s = polarity_scores(&line?);
        writeln!(out, "{}\t{}\t{}\t{}", s.compound, s.pos, s.neu, s.neg)?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_gets_its_scores_in_order() {
        let input = "I love this car!\n\nI hate this awful, broken car.\n";
        let mut out = Vec::new();
        score_lines(input.as_bytes(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        let first: Vec<f64> = lines[0].split('\t').map(|v| v.parse().unwrap()).collect();
        let s = polarity_scores("I love this car!");
        assert_eq!(first, vec![s.compound, s.pos, s.neu, s.neg]);
        assert!(first[0] > 0.5);
        assert_eq!(lines[1], "0\t0\t0\t0");
        assert!(lines[2].starts_with('-'));
    }
}
