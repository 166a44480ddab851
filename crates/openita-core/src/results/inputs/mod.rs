//! Gathering the scoring inputs of a cycle: from the running sums (the normal way, a read of a
//! few small tables) or from the raw responses (to prove that the running sums are right).

mod questions;
mod raw;

use questions::Questions;
pub use raw::inputs_from_raw_responses;

use crate::{Core, CoreError, cycles::CycleView};
use openita_db::{
    Conn, DbError, PooledConn,
    queries::{agencies, headcounts, scoring_inputs, surveys},
};
use openita_framework::{Fraction, Framework, InstrumentCode};
use openita_scoring::{AgencyInputs, OitItemInput, OitItemState, QuestionTally};
use openita_types::AgencyType;
use std::collections::{BTreeMap, HashMap};

pub(super) fn instrument(code: &str) -> InstrumentCode {
    if code == "IIT" {
        InstrumentCode::Iit
    } else {
        InstrumentCode::Eit
    }
}

/// Every agency's inputs with empty surveys and their approved headcounts.
async fn agencies_without_scores(
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
    Ok(all
        .iter()
        .map(|a| {
            let t: AgencyType = a.agency_type.parse().unwrap_or(AgencyType::Other);
            let hc = heads.get(&a.id).and_then(|h| u32::try_from(*h).ok());
            (a.id, AgencyInputs::empty(t, hc))
        })
        .collect())
}

/// Every agency's OIT item states (by item code), from its reviews.
async fn oit_states(
    conn: &mut Conn,
    cycle: &CycleView,
) -> Result<HashMap<i64, Vec<OitItemInput>>, CoreError> {
    let parse = |s: Option<&str>| s.and_then(|t| t.parse::<Fraction>().ok());
    let mut out = HashMap::new();
    for packed in scoring_inputs::oit_scores(conn, cycle.id).await? {
        let mut items = Vec::new();
        for entry in packed.entries() {
            let entry = entry?;
            let state = match (parse(entry.final_score), parse(entry.provisional_score)) {
                (Some(f), _) => OitItemState::Final(f),
                (None, Some(p)) => OitItemState::Provisional(p),
                _ => OitItemState::Missing,
            };
            items.push(OitItemInput::new(entry.item_code, state));
        }
        items.sort_by(|a, b| a.code.cmp(&b.code));
        out.insert(packed.agency_id, items);
    }
    Ok(out)
}

/// Every agency's inputs with empty surveys, approved headcounts and OIT item states.
pub(super) async fn base(
    core: &Core,
    cycle: &CycleView,
) -> Result<BTreeMap<i64, AgencyInputs>, CoreError> {
    let (mut out, mut oit) = tokio::try_join!(
        async { agencies_without_scores(&mut *connection(core).await?, cycle).await },
        async { oit_states(&mut *connection(core).await?, cycle).await },
    )?;
    for (agency, inputs) in &mut out {
        if let Some(items) = oit.remove(agency) {
            inputs.oit = items;
        }
    }
    Ok(out)
}

/// One connection from the pool. The reads below run side by side (on SQLite each connection
/// has its own thread, so they overlap on the cores), each holding one connection only: with
/// a pool smaller than the number of reads they wait their turn, never each other.
pub(super) async fn connection(core: &Core) -> Result<PooledConn, CoreError> {
    Ok(core.db.pool().acquire().await.map_err(DbError::from)?)
}

/// Per agency and instrument: responses and each question's counts by level, from the
/// running sums.
type Tallies = (Vec<(i64, String, i64)>, Vec<scoring_inputs::PackedTallies>);

async fn running_sums(core: &Core, cycle: &CycleView) -> Result<Tallies, CoreError> {
    Ok(tokio::try_join!(
        async {
            surveys::counts(&mut *connection(core).await?, cycle.id, None)
                .await
                .map_err(CoreError::from)
        },
        async {
            scoring_inputs::tallies(&mut *connection(core).await?, cycle.id)
                .await
                .map_err(CoreError::from)
        },
    )?)
}

/// Every agency's inputs from the running sums: the normal way to score a cycle (the nation
/// in well under a second of reading; docs/benchmarks.md).
pub async fn inputs_from_running_sums(
    core: &Core,
    cycle: &CycleView,
    fw: &Framework,
) -> Result<BTreeMap<i64, AgencyInputs>, CoreError> {
    let (mut out, (counts, tallies)) =
        tokio::try_join!(base(core, cycle), running_sums(core, cycle))?;
    for (agency, inst, n) in counts {
        if let Some(tally) = out
            .get_mut(&agency)
            .and_then(|i| i.survey_mut(instrument(&inst)))
        {
            tally.responses = u64::try_from(n).unwrap_or(0);
        }
    }
    let questions = Questions::of(fw);
    for packed in &tallies {
        let Some(tally) = out
            .get_mut(&packed.agency_id)
            .and_then(|i| i.survey_mut(instrument(&packed.instrument)))
        else {
            continue;
        };
        let mut by_question: BTreeMap<&str, Vec<u64>> = BTreeMap::new();
        for entry in packed.entries() {
            let entry = entry?;
            let counts = by_question
                .entry(entry.question_id)
                .or_insert_with(|| vec![0; questions.scale_len(entry.question_id)]);
            if let Some(c) = usize::try_from(entry.level - 1)
                .ok()
                .and_then(|i| counts.get_mut(i))
            {
                *c = u64::try_from(entry.answers).unwrap_or(0);
            }
        }
        tally.questions = by_question
            .into_iter()
            .map(|(question, counts)| QuestionTally::new(question, counts))
            .collect();
    }
    Ok(out)
}
