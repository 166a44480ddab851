//! Gathering the scoring inputs of a cycle: from the running sums (the normal way, a read of a
//! few small tables) or from the raw responses (to prove that the running sums are right).

use crate::{Core, CoreError, cycles::CycleView};
use openita_db::{
    Conn, DbError,
    queries::{agencies, headcounts, oit, surveys},
};
use openita_framework::{Fraction, Framework, InstrumentCode};
use openita_scoring::{AgencyInputs, OitItemInput, OitItemState, QuestionTally};
use openita_types::AgencyType;
use std::collections::{BTreeMap, HashMap};

fn instrument(code: &str) -> InstrumentCode {
    if code == "IIT" {
        InstrumentCode::Iit
    } else {
        InstrumentCode::Eit
    }
}

/// Every agency's inputs with empty surveys, approved headcounts and OIT item states.
async fn base(
    conn: &mut Conn,
    cycle: &CycleView,
) -> Result<BTreeMap<i64, AgencyInputs>, CoreError> {
    let all = agencies::list(conn, &agencies::AgencyFilter::default()).await?;
    let heads: HashMap<i64, i64> = headcounts::all(conn, cycle.id)
        .await?
        .into_iter()
        .filter(|h| h.2)
        .map(|(a, s, _)| (a, s))
        .collect();
    let mut out: BTreeMap<i64, AgencyInputs> = all
        .iter()
        .map(|a| {
            let t: AgencyType = a.agency_type.parse().unwrap_or(AgencyType::Other);
            let hc = heads.get(&a.id).and_then(|h| u32::try_from(*h).ok());
            (a.id, AgencyInputs::empty(t, hc))
        })
        .collect();
    for (agency, item, final_score, provisional) in oit::all_scores(conn, cycle.id).await? {
        let parse = |s: &Option<String>| s.as_deref().and_then(|t| t.parse::<Fraction>().ok());
        let state = match (parse(&final_score), parse(&provisional)) {
            (Some(f), _) => OitItemState::Final(f),
            (None, Some(p)) => OitItemState::Provisional(p),
            _ => OitItemState::Missing,
        };
        if let Some(inputs) = out.get_mut(&agency) {
            inputs.oit.push(OitItemInput::new(item, state));
        }
    }
    Ok(out)
}

fn scale_len(fw: &Framework, question: &str) -> usize {
    fw.question(question)
        .and_then(|(_, _, q)| fw.scale(&q.scale))
        .map(<[_]>::len)
        .unwrap_or(0)
}

pub async fn inputs_from_running_sums(
    core: &Core,
    cycle: &CycleView,
    fw: &Framework,
) -> Result<BTreeMap<i64, AgencyInputs>, CoreError> {
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    let mut out = base(&mut conn, cycle).await?;
    for (agency, inst, n) in surveys::counts(&mut conn, cycle.id, None).await? {
        if let Some(tally) = out
            .get_mut(&agency)
            .and_then(|i| i.survey_mut(instrument(&inst)))
        {
            tally.responses = u64::try_from(n).unwrap_or(0);
        }
    }
    let mut counts: BTreeMap<(i64, String, String), Vec<u64>> = BTreeMap::new();
    for t in surveys::tallies(&mut conn, cycle.id, None).await? {
        let len = scale_len(fw, &t.question_id);
        let entry = counts
            .entry((t.agency_id, t.instrument.clone(), t.question_id.clone()))
            .or_insert_with(|| vec![0; len]);
        if let Some(c) = usize::try_from(t.level - 1)
            .ok()
            .and_then(|i| entry.get_mut(i))
        {
            *c = u64::try_from(t.answers).unwrap_or(0);
        }
    }
    for ((agency, inst, question), c) in counts {
        if let Some(tally) = out
            .get_mut(&agency)
            .and_then(|i| i.survey_mut(instrument(&inst)))
        {
            tally.questions.push(QuestionTally::new(question, c));
        }
    }
    Ok(out)
}

/// The same inputs rebuilt from every stored response (a full scan): must equal the running
/// sums exactly.
pub async fn inputs_from_raw_responses(
    core: &Core,
    cycle: &CycleView,
    fw: &Framework,
) -> Result<BTreeMap<i64, AgencyInputs>, CoreError> {
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    let mut out = base(&mut conn, cycle).await?;
    let mut after = String::new();
    loop {
        let page = surveys::responses_after(&mut conn, cycle.id, &after, 10_000).await?;
        let Some((last, _)) = page.last() else { break };
        after = last.clone();
        for (_, r) in page {
            let Some(tally) = out
                .get_mut(&r.agency_id)
                .and_then(|i| i.survey_mut(instrument(&r.instrument)))
            else {
                continue;
            };
            tally.add_response();
            let answers: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(&r.answers).unwrap_or_default();
            for (q, level) in answers {
                if let Some(l) = level.as_u64().and_then(|l| usize::try_from(l).ok()) {
                    tally.add_answer(&q, scale_len(fw, &q), l);
                }
            }
        }
    }
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
    Ok(out)
}
