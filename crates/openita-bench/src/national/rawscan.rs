//! Diagnosis, not the shipped path: `inputs_from_raw_responses` written out again so that its
//! two parts (fetching pages, turning answers into tallies) can be timed apart. Its page query
//! is the core's (`+cycle_id`: a range search on the primary key on SQLite; the core had
//! `cycle_id` until this benchmark showed each page going through `survey_responses_by_agency`
//! and sorting the whole cycle). Its inputs must equal the running sums', like the real path's.

use super::measure::{self, Inputs, Runs, Scores};
use anyhow::Result;
use openita_core::{Core, cycles::CycleView};
use openita_framework::Framework;
use openita_scoring::SurveyTally;
use std::time::{Duration, Instant};

/// The core's page query (`openita-db` `surveys::responses_after`).
const PAGE: &str = "SELECT id, agency_id, instrument, answers, received_on FROM survey_responses \
                    WHERE +cycle_id = $1 AND id > $2 ORDER BY id LIMIT $3";

pub struct Timed {
    pub inputs: Inputs,
    pub fetch: Duration,
    pub tally: Duration,
}

/// Rebuilds the survey tallies of `sums` (which keeps its agencies, headcounts and OIT) from
/// every stored response, exactly as `inputs_from_raw_responses` does.
pub async fn raw_by_key(
    core: &Core,
    fw: &Framework,
    cycle_id: i64,
    sums: &Inputs,
) -> Result<Timed> {
    let mut out = sums.clone();
    for inputs in out.values_mut() {
        inputs.iit = SurveyTally::default();
        inputs.eit = SurveyTally::default();
    }
    let scale_len = |q: &str| {
        fw.question(q)
            .and_then(|(_, _, q)| fw.scale(&q.scale))
            .map_or(0, <[_]>::len)
    };
    let mut conn = core.db.pool().acquire().await?;
    let (mut fetch, mut tally) = (Duration::ZERO, Duration::ZERO);
    let mut after = String::new();
    loop {
        let t = Instant::now();
        let page: Vec<(String, i64, String, String, String)> = sqlx::query_as(PAGE)
            .bind(cycle_id)
            .bind(&after)
            .bind(10_000_i64)
            .fetch_all(&mut *conn)
            .await?;
        fetch += t.elapsed();
        let t = Instant::now();
        let Some(last) = page.last() else { break };
        after = last.0.clone();
        for (_, agency, instrument, answers, _) in page {
            let code = if instrument == "IIT" {
                openita_framework::InstrumentCode::Iit
            } else {
                openita_framework::InstrumentCode::Eit
            };
            let Some(survey) = out.get_mut(&agency).and_then(|i| i.survey_mut(code)) else {
                continue;
            };
            survey.add_response();
            let answers: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(&answers).unwrap_or_default();
            for (q, level) in answers {
                if let Some(l) = level.as_u64().and_then(|l| usize::try_from(l).ok()) {
                    survey.add_answer(&q, scale_len(&q), l);
                }
            }
        }
        tally += t.elapsed();
    }
    let t = Instant::now();
    for inputs in out.values_mut() {
        inputs
            .iit
            .questions
            .sort_by(|a, b| a.question.cmp(&b.question));
        inputs
            .eit
            .questions
            .sort_by(|a, b| a.question.cmp(&b.question));
    }
    tally += t.elapsed();
    Ok(Timed {
        inputs: out,
        fetch,
        tally,
    })
}

/// The diagnosis's runs: read + engine, and the read's two parts.
#[derive(Debug, Default)]
pub struct Diagnosis {
    pub total: Runs,
    pub fetch: Runs,
    pub tally: Runs,
    pub engine: Runs,
}

/// Runs [`raw_by_key`] + the engine; fails loudly unless it equals the running sums.
pub async fn diagnose(
    core: &Core,
    fw: &Framework,
    cycle: &CycleView,
    sums: (&Inputs, &Scores),
    runs: usize,
) -> Result<Diagnosis> {
    let mut d = Diagnosis::default();
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        let read = raw_by_key(core, fw, cycle.id, sums.0).await?;
        let e = Instant::now();
        let scores = measure::engine(fw, cycle, &read.inputs)?;
        d.engine.push(e.elapsed());
        d.total.push(t.elapsed());
        d.fetch.push(read.fetch);
        d.tally.push(read.tally);
        measure::same(sums, (&read.inputs, &scores))?;
    }
    Ok(d)
}
