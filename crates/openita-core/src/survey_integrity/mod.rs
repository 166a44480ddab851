//! Survey integrity: making stuffing visible without identifying anyone.
//!
//! The write path keeps, per agency and instrument, counts beside the running tallies: how
//! many responses repeat another's answer set exactly (all-best sets aside), how many give
//! the best answer to every question, and how many arrived in the busiest hour (hourly arrivals are the finest grain
//! kept; nothing per response). `rules` turns those counts, the headcount and the peers of the
//! same agency type into flags with a sentence each (thresholds in `rules.rs` and
//! docs/security.md). Flags go into the results (`flags`) and onto the agency's page for the
//! NACC admin and the province's coordinators. They never change a score.
//!
//! `rebuild` recounts from the raw responses: once for responses stored before the counts
//! existed (a migration marks that), and to prove the running counts (`openita score --verify`).

use openita_types::{AgencyCode, FiscalYear, Role};
mod read;
mod rebuild;
mod rules;

pub use rebuild::{RebuiltCounts, complete_pending_counts, recount_from_responses, set_hash};
pub use rules::{
    AgencyFacts, EIT_BURST_MIN_ARRIVALS, EIT_BURST_TIMES_MINIMUM, Finding, IIT_BURST_MIN_ARRIVALS,
    InstrumentCounts, MIN_PEERS, MIN_RESPONSES_FOR_SHARES, SHARE_MARGIN, SHARE_PERCENTILE,
};

use crate::{Actor, Core, CoreError, agencies, cycles};
use std::collections::BTreeMap;

/// The findings of every agency of a cycle that has any, by agency id.
pub async fn cycle_findings(
    core: &Core,
    cycle: &cycles::CycleView,
    fw: &openita_framework::Framework,
) -> Result<BTreeMap<i64, Vec<Finding>>, CoreError> {
    complete_pending_counts(core).await?;
    let all = read::cycle_facts(core, cycle, fw).await?;
    let peers = rules::Peers::of(&all);
    Ok(all
        .iter()
        .map(|f| (f.agency_id, rules::findings(f, &peers)))
        .filter(|(_, found)| !found.is_empty())
        .collect())
}

/// Who may read an agency's integrity findings: the NACC admin and the coordinators of its
/// area, not the agency itself.
const READERS: &[Role] = Role::AREA_WATCHERS;

/// One agency's findings in a cycle, for its page.
pub async fn agency_findings(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    code: &AgencyCode,
) -> Result<Vec<Finding>, CoreError> {
    actor.require(READERS)?;
    let agency = agencies::visible_agency_row(core, actor, code).await?;
    let cycle = cycles::get_cycle(core, year).await?;
    let fw = cycles::cached_framework(core, &cycle).await?;
    complete_pending_counts(core).await?;
    // Peers are read for the whole cycle (a few thousand small rows), as when scoring, so
    // that the page and the results always agree.
    let all = read::cycle_facts(core, &cycle, &fw).await?;
    let peers = rules::Peers::of(&all);
    Ok(all
        .iter()
        .find(|f| f.agency_id == agency.id)
        .map(|f| rules::findings(f, &peers))
        .unwrap_or_default())
}
