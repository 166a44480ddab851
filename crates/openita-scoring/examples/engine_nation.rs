//! The engine alone over a nation of synthetic agencies (no database): how long scoring 8,317
//! agencies takes on one core and on every core. `cargo run --release -p openita-scoring
//! --example engine_nation [AGENCIES]`. The national benchmark (`openita-bench national`)
//! measures the same engine on generated data read from a real database.

use openita_framework::{Fraction, InstrumentCode, shipped};
use openita_scoring::{AgencyInputs, OitItemInput, OitItemState, QuestionTally, Scorer};
use openita_types::AgencyType;
use std::time::Instant;

/// A small deterministic generator (xorshift), so that every run scores the same nation.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let agencies: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(8_317);
    let fw = shipped::load("ita-2568")?;
    let mut rng = Rng(2568);
    let mut nation = Vec::with_capacity(agencies);
    for _ in 0..agencies {
        let headcount = 15 + rng.below(600) as u32;
        let mut inputs = AgencyInputs::empty(AgencyType::Sao, Some(headcount));
        for code in [InstrumentCode::Iit, InstrumentCode::Eit] {
            let responses = 1 + rng.below(400);
            let Some(tally) = inputs.survey_mut(code) else {
                continue;
            };
            tally.responses = responses;
            for (_, q) in fw.questions(code) {
                let levels = fw.scale(&q.scale).map_or(0, <[_]>::len);
                let answered = if q.optional {
                    responses - rng.below(responses / 4 + 1)
                } else {
                    responses
                };
                let mut counts = vec![0; levels];
                let mut left = answered;
                for (i, c) in counts.iter_mut().enumerate().rev() {
                    // Most answers at the top level, as in real agencies.
                    *c = if i == 0 {
                        left
                    } else if i + 1 == levels {
                        left - rng.below(left / 4 + 1)
                    } else {
                        rng.below(left + 1)
                    };
                    left -= *c;
                }
                if q.reverse {
                    // A reversed question's good answer is its lowest level.
                    counts.reverse();
                }
                tally
                    .questions
                    .push(QuestionTally::new(q.id.clone(), counts));
            }
        }
        for item in fw
            .instruments
            .iter()
            .flat_map(|i| &i.indicators)
            .flat_map(|i| &i.items)
        {
            let score = if rng.below(10) < 9 {
                Fraction::HUNDRED
            } else {
                Fraction::ZERO
            };
            inputs.oit.push(OitItemInput::new(
                item.code.clone(),
                OitItemState::Final(score),
            ));
        }
        nation.push(inputs);
    }
    let scorer = Scorer::new(&fw);
    let keyed: Vec<(usize, &AgencyInputs)> = nation.iter().enumerate().collect();
    let all = scorer
        .score_all(&keyed)
        .map_err(|(i, e)| format!("agency {i}: {e}"))?;
    let scores: Vec<_> = all.into_iter().map(|(_, s)| s).collect();
    let t = Instant::now();
    let summary = openita_scoring::summary(scores.iter());
    let summary_time = t.elapsed();
    let digest_bytes: usize = scores
        .iter()
        .map(|s| serde_json::to_string(&s.digest()).map_or(0, |j| j.len()))
        .sum();
    let breakdown_bytes: usize = scores
        .iter()
        .map(|s| serde_json::to_string(s).map_or(0, |j| j.len()))
        .sum();
    println!(
        "JSON per agency: breakdown {} bytes, digest {} bytes (means)",
        breakdown_bytes / agencies.max(1),
        digest_bytes / agencies.max(1)
    );
    println!(
        "summary of {agencies}: {:.0} ms, mean {:?}, exact mean {} characters",
        summary_time.as_secs_f64() * 1e3,
        summary.mean,
        summary.mean_exact.map_or(0, |m| m.to_string().len())
    );
    for run in 1..=3 {
        let t = Instant::now();
        let mut passed = 0;
        for inputs in &nation {
            passed += usize::from(scorer.score(inputs)?.pass);
        }
        let one = t.elapsed();
        let t = Instant::now();
        let all = scorer
            .score_all(&keyed)
            .map_err(|(i, e)| format!("agency {i}: {e}"))?;
        let every = t.elapsed();
        let passed_all = all.iter().filter(|(_, s)| s.pass).count();
        assert_eq!(passed, passed_all);
        println!(
            "run {run}: {agencies} agencies, {passed} pass; one core {:.0} ms ({:.1} us each), every core ({}) {:.0} ms",
            one.as_secs_f64() * 1e3,
            one.as_secs_f64() * 1e6 / agencies as f64,
            rayon::current_num_threads(),
            every.as_secs_f64() * 1e3,
        );
    }
    Ok(())
}
