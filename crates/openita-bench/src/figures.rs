//! Figures for `scripts/bench-all`: when `OPENITA_BENCH_FIGURES` names a file, every
//! benchmark appends one JSON line per figure to it (its target too, and why a known miss
//! misses); `openita-bench write-doc` turns the lines into the "Latest run" section of
//! docs/benchmarks.md. The evidence checker's example writes the same lines itself.

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::io::Write;

/// The environment variable naming the figures file.
pub const FIGURES_FILE: &str = "OPENITA_BENCH_FIGURES";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Figure {
    /// The benchmark, e.g. "survey path, SQLite".
    pub bench: String,
    /// What was measured, e.g. "submissions/s".
    pub name: String,
    pub value: f64,
    /// "/s", "ms", "MiB", "s", "%" or "" (a count).
    pub unit: String,
    /// `>= x` or `< x`, when the issue sets a target.
    #[serde(default)]
    pub at_least: Option<f64>,
    #[serde(default)]
    pub below: Option<f64>,
    /// Where a missed target is explained (a section of docs/benchmarks.md).
    #[serde(default)]
    pub why_missed: Option<String>,
}

impl Figure {
    pub fn new(bench: &str, name: &str, value: f64, unit: &str) -> Figure {
        Figure {
            bench: bench.into(),
            name: name.into(),
            value,
            unit: unit.into(),
            at_least: None,
            below: None,
            why_missed: None,
        }
    }

    pub fn at_least(mut self, target: f64) -> Figure {
        self.at_least = Some(target);
        self
    }

    pub fn below(mut self, target: f64) -> Figure {
        self.below = Some(target);
        self
    }

    pub fn why_missed(mut self, reason: &str) -> Figure {
        self.why_missed = Some(reason.into());
        self
    }

    /// `Some(true)` when a target is met, `None` when there is none.
    pub fn met(&self) -> Option<bool> {
        match (self.at_least, self.below) {
            (Some(t), _) => Some(self.value >= t),
            (_, Some(t)) => Some(self.value < t),
            _ => None,
        }
    }
}

/// Appends the figures to the file named by `OPENITA_BENCH_FIGURES`, if any.
pub fn record(figures: &[Figure]) -> Result<()> {
    let Some(path) = std::env::var_os(FIGURES_FILE).filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .with_context(|| format!("opening {}", path.to_string_lossy()))?;
    for figure in figures {
        writeln!(file, "{}", serde_json::to_string(figure)?)?;
    }
    Ok(())
}

/// Reads a figures file (lines that do not parse are reported, not skipped silently).
pub fn read(path: &std::path::Path) -> Result<Vec<Figure>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| {
            serde_json::from_str(l).with_context(|| format!("{} line {}", path.display(), i + 1))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_is_met_or_missed_by_its_side() {
        let fast = Figure::new("survey", "submissions/s", 5_100.0, "/s").at_least(5_000.0);
        let slow = Figure::new("survey", "p99", 52.0, "ms").below(50.0);
        let plain = Figure::new("survey", "questions", 24.0, "");
        assert_eq!(fast.met(), Some(true));
        assert_eq!(slow.met(), Some(false));
        assert_eq!(plain.met(), None);
    }
}
