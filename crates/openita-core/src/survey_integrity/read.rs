//! Gathering the integrity facts of a cycle's agencies from the counts kept beside the running
//! tallies and the headcounts: a few thousand small rows nationally, no scan of responses.

use super::rules::{AgencyFacts, InstrumentCounts};
use crate::{Core, CoreError, cycles::CycleView};
use openita_db::{
    DbError,
    queries::{headcounts, survey_integrity},
};
use openita_framework::Framework;
use openita_types::AgencyType;
use std::collections::{BTreeMap, HashMap};

/// The facts of every agency of the cycle with responses.
pub(crate) async fn cycle_facts(
    core: &Core,
    cycle: &CycleView,
    fw: &Framework,
) -> Result<Vec<AgencyFacts>, CoreError> {
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    let rows = survey_integrity::counts(&mut conn, cycle.id).await?;
    let staff: HashMap<i64, (i64, bool)> = headcounts::all(&mut conn, cycle.id)
        .await?
        .into_iter()
        .map(|(agency, staff, approved)| (agency, (staff, approved)))
        .collect();
    drop(conn);
    let mut facts: BTreeMap<i64, AgencyFacts> = BTreeMap::new();
    for row in rows {
        let eit_minimum = row
            .agency_type
            .parse::<AgencyType>()
            .map(|t| i64::from(fw.sample_rules.eit_minimum(t)))
            .unwrap_or_else(|_| i64::from(fw.sample_rules.eit.minimum));
        let f = facts.entry(row.agency_id).or_insert_with(|| AgencyFacts {
            agency_id: row.agency_id,
            agency_type: row.agency_type.clone(),
            headcount: staff.get(&row.agency_id).copied(),
            eit_minimum,
            iit: InstrumentCounts::default(),
            eit: InstrumentCounts::default(),
        });
        let counts = InstrumentCounts {
            responses: row.responses,
            repeated: row.repeated,
            all_best: row.all_best,
            peak_hour: row.peak_hour,
        };
        match row.instrument.as_str() {
            "IIT" => f.iit = counts,
            _ => f.eit = counts,
        }
    }
    Ok(facts.into_values().collect())
}
