//! The timed stages: scoring the nation from the running sums (the core's reader + the pure
//! engine, and the full `compute_results` use case that also stores every result), and from
//! the raw responses (a full scan), with the proof that both give the same inputs and scores.
//! Each stage is timed in its parts (database read, engine, JSON) so that a missed target
//! names its cause.

use anyhow::{Result, bail};
use openita_core::{Actor, Core, cycles::CycleView, results};
use openita_framework::Framework;
use openita_scoring::{AgencyInputs, AgencyScore, Scorer};
use openita_types::FiscalYear;
use serde::Serialize;
use std::{
    collections::BTreeMap,
    time::{Duration, Instant},
};

/// Several runs of one measurement.
#[derive(Debug, Default, Clone)]
pub struct Runs(pub Vec<Duration>);

impl Runs {
    pub fn push(&mut self, d: Duration) {
        self.0.push(d);
    }

    pub fn min(&self) -> Duration {
        self.0.iter().min().copied().unwrap_or_default()
    }

    /// The middle run (the upper middle one for an even count).
    pub fn median(&self) -> Duration {
        let mut v = self.0.clone();
        v.sort();
        v.get(v.len() / 2).copied().unwrap_or_default()
    }
}

pub type Inputs = BTreeMap<i64, AgencyInputs>;
pub type Scores = BTreeMap<i64, AgencyScore>;

/// The engine over every agency, as `compute_results` runs it.
pub fn engine(fw: &Framework, cycle: &CycleView, inputs: &Inputs) -> Result<Scores> {
    let scorer = Scorer::with_fingerprint(fw, cycle.framework_fingerprint.clone());
    let all: Vec<(i64, &AgencyInputs)> = inputs.iter().map(|(id, i)| (*id, i)).collect();
    let scored = scorer
        .score_all(&all)
        .map_err(|(id, e)| anyhow::anyhow!("scoring agency {id}: {e}"))?;
    Ok(scored.into_iter().collect())
}

/// One way of gathering inputs, timed: read, engine, and read + engine.
#[derive(Debug, Default)]
pub struct Path {
    pub read: Runs,
    pub engine: Runs,
    pub total: Runs,
}

/// Runs `read` + the engine `runs` times; returns the timings and the last run's data.
async fn timed<F, Fut>(
    runs: usize,
    fw: &Framework,
    cycle: &CycleView,
    read: F,
) -> Result<(Path, Inputs, Scores)>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<Inputs, openita_core::CoreError>>,
{
    let mut path = Path::default();
    let mut last = (Inputs::new(), Scores::new());
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        let inputs = read().await?;
        let read_time = t.elapsed();
        let e = Instant::now();
        let scores = engine(fw, cycle, &inputs)?;
        path.engine.push(e.elapsed());
        path.read.push(read_time);
        path.total.push(t.elapsed());
        last = (inputs, scores);
    }
    Ok((path, last.0, last.1))
}

pub async fn running_sums(
    core: &Core,
    fw: &Framework,
    cycle: &CycleView,
    runs: usize,
) -> Result<(Path, Inputs, Scores)> {
    timed(runs, fw, cycle, move || {
        results::inputs_from_running_sums(core, cycle, fw)
    })
    .await
}

pub async fn raw(
    core: &Core,
    fw: &Framework,
    cycle: &CycleView,
    runs: usize,
) -> Result<(Path, Inputs, Scores)> {
    timed(runs, fw, cycle, move || {
        results::inputs_from_raw_responses(core, cycle, fw, &|_, _| {})
    })
    .await
}

/// `compute_results` timed, and the JSON it serialises per agency timed apart, so that
/// compute − (read + engine + JSON) is the cost of writing the rows.
#[derive(Debug, Default)]
pub struct Compute {
    pub total: Runs,
    pub json: Runs,
    pub agencies: usize,
    pub passed: usize,
}

pub async fn compute(
    core: &Core,
    year: FiscalYear,
    inputs: &Inputs,
    scores: &Scores,
    runs: usize,
) -> Result<Compute> {
    let admin = Actor::system("bench-national");
    let mut out = Compute::default();
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        let report = results::compute_results(core, &admin, year, &|_, _| {}).await?;
        out.total.push(t.elapsed());
        (out.agencies, out.passed) = (report.agencies, report.passed);
    }
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        let mut bytes = 0usize;
        for (id, score) in scores {
            bytes += json(&score.api_fields()) + json(score) + inputs.get(id).map_or(0, json);
        }
        std::hint::black_box(bytes);
        out.json.push(t.elapsed());
    }
    Ok(out)
}

fn json<T: Serialize>(value: &T) -> usize {
    serde_json::to_string(value).map_or(0, |s| s.len())
}

/// Fails loudly unless the two ways give the same inputs and the same scores for every agency.
pub fn same(sums: (&Inputs, &Scores), raw: (&Inputs, &Scores)) -> Result<usize> {
    if sums.0.len() != raw.0.len() || sums.1.len() != raw.1.len() {
        bail!(
            "MISMATCH: {} agencies from running sums, {} from raw responses",
            sums.1.len(),
            raw.1.len()
        );
    }
    let mut differing = Vec::new();
    for (id, a) in sums.1 {
        let b = raw.1.get(id);
        if b != Some(a) || raw.0.get(id) != sums.0.get(id) {
            differing.push(*id);
        }
    }
    if let Some(first) = differing.first() {
        let show =
            |s: Option<&AgencyScore>| s.map(|s| s.total_rounded.to_string()).unwrap_or_default();
        bail!(
            "MISMATCH: {} agencies score differently from raw responses than from running sums; \
             first: agency id {first}, total {} (running sums) vs {} (raw)",
            differing.len(),
            show(sums.1.get(first)),
            show(raw.1.get(first))
        );
    }
    Ok(sums.1.len())
}
