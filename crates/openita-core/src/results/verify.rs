//! Proving the running sums: every agency's survey inputs rebuilt from the raw responses must
//! equal the running sums that scoring reads. Run before scoring when in doubt (`openita
//! score --verify`); a difference means a bug or a hand-edited database, never a rounding.
//! The integrity counts (repeated answer sets, all-best responses) are recounted and compared
//! too.

use super::inputs::{inputs_from_raw_responses, inputs_from_running_sums};
use crate::{Actor, Core, CoreError, cycles, survey_integrity};
use openita_db::{
    DbError,
    queries::{agencies, survey_integrity as integrity_rows},
};
use openita_types::{FiscalYear, Role};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    pub year: FiscalYear,
    pub agencies: usize,
    /// Responses read from the raw table.
    pub responses: u64,
    /// Codes of the agencies whose inputs differ (empty when the sums are right).
    pub differing: Vec<String>,
}

/// `progress(responses read, responses)` while the raw responses are read.
pub async fn verify_running_sums(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    progress: &(dyn Fn(usize, usize) + Send + Sync),
) -> Result<Verification, CoreError> {
    actor.require(&[Role::NaccAdmin])?;
    let cycle = cycles::get_cycle(core, year).await?;
    let fw = cycles::cached_framework(core, &cycle).await?;
    let sums = inputs_from_running_sums(core, &cycle, &fw).await?;
    let raw = inputs_from_raw_responses(core, &cycle, &fw, progress).await?;
    survey_integrity::complete_pending_counts(core).await?;
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    let recounted = survey_integrity::recount_from_responses(cycle.id, &fw, &mut conn).await?;
    let running: std::collections::BTreeMap<(i64, String), (i64, i64, i64)> =
        integrity_rows::counts(&mut conn, cycle.id)
            .await?
            .into_iter()
            .map(|r| {
                (
                    (r.agency_id, r.instrument),
                    (r.responses, r.repeated, r.all_best),
                )
            })
            .collect();
    let integrity_differs = |id: i64| {
        ["IIT", "EIT"].iter().any(|i| {
            let key = (id, i.to_string());
            running.get(&key) != recounted.groups.get(&key)
        })
    };
    let mut differing = Vec::new();
    for (id, inputs) in &sums {
        if raw.get(id) != Some(inputs) || integrity_differs(*id) {
            let code = agencies::by_id(&mut conn, *id).await?.map(|a| a.code);
            differing.push(code.unwrap_or_else(|| id.to_string()));
        }
    }
    let responses = raw
        .values()
        .map(|i| i.iit.responses + i.eit.responses)
        .sum();
    Ok(Verification {
        year,
        agencies: sums.len(),
        responses,
        differing,
    })
}
