//! Reading results: the list and the summary (public after publication, the NACC admin
//! before), and one agency's full result with its explanation and path to the pass mark.

use super::{
    filter::{FilterKey, ResultFilter, filter_key},
    result_set::{self, Overview, ResultSet},
    stamp::readable_stamp,
};
use crate::{Actor, Core, CoreError, agencies, cycles};
use openita_db::{
    DbError,
    queries::{result_versions::ResultsStamp, results},
};
use openita_scoring::{AgencyScore, PassPlan, ResultDigest, ResultFields, Summary};
use openita_types::{AgencyCode, AgencyType, FiscalYear, Text};
use serde::Serialize;
use std::sync::Arc;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ResultAgency {
    pub code: String,
    pub name_th: String,
    pub province: String,
    pub district: Option<String>,
    #[serde(rename = "type")]
    pub agency_type: AgencyType,
}

/// One row of `GET .../results` (API.md shape).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ResultRow {
    pub agency: ResultAgency,
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub fields: ResultFields,
    /// The tier's name as the framework gives it ("ผ่านดี", "Pass, good"), beside its code.
    #[schema(value_type = Object)]
    pub tier_name: Text,
}

/// Whether the cycle's results show the AA-F band of the total (its framework's display
/// option; NACC reports pass/fail and the tier from 2566).
pub async fn shows_levels(core: &Core, year: FiscalYear) -> Result<bool, CoreError> {
    let cycle = cycles::get_cycle(core, year).await?;
    Ok(cycles::cached_framework(core, &cycle).await?.shows_levels())
}

/// A tier's names from the framework; the code itself if the framework does not know it.
pub fn tier_name(fw: &openita_framework::Framework, tier: &str) -> Text {
    fw.rating_rule(tier)
        .map(|r| Text::new(r.name_th.clone(), r.name_en.clone()))
        .unwrap_or_else(|| Text::new(tier, tier))
}

/// Whether the cycle's results are published, for an actor who may read them (else the same
/// "not published" error as every results read).
pub async fn results_published(
    core: &Core,
    actor: Option<&Actor>,
    year: FiscalYear,
) -> Result<bool, CoreError> {
    Ok(readable_stamp(core, actor, year).await?.published)
}

/// The cycle's result set, if this actor may read it now (the stamp decides, then the set of
/// that stamp is served from memory), with the filter checked in between: a cycle that does
/// not exist or may not be read is refused before a filter is.
async fn readable_set(
    core: &Core,
    actor: Option<&Actor>,
    year: FiscalYear,
    filter: &ResultFilter,
) -> Result<(ResultsStamp, Arc<ResultSet>, FilterKey), CoreError> {
    let stamp = readable_stamp(core, actor, year).await?;
    let key = filter_key(filter)?;
    let set = core.result_sets().get(core, year, &stamp).await?;
    Ok((stamp, set, key))
}

/// The visible results a filter picks, best first, shared with the set they come from.
pub struct ResultList {
    set: Arc<ResultSet>,
    /// Indexes into the set; `None`: every result.
    picked: Option<Vec<usize>>,
}

impl ResultList {
    pub fn iter(&self) -> impl Iterator<Item = &ResultRow> {
        self.entries().map(|e| &e.row)
    }

    fn entries(&self) -> impl Iterator<Item = &result_set::SetEntry> {
        (0..self.len()).filter_map(|k| match &self.picked {
            None => self.set.entries.get(k),
            Some(p) => p.get(k).and_then(|i| self.set.entries.get(*i)),
        })
    }

    pub fn len(&self) -> usize {
        self.picked
            .as_ref()
            .map_or(self.set.entries.len(), Vec::len)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The framework the cycle is scored by (its tiers, whether it shows bands).
    pub fn framework(&self) -> &openita_framework::Framework {
        &self.set.framework
    }

    /// A file made from this list by `make` (a download). Made from the whole cycle, it is
    /// kept with the results it was made from under `name` (one per kind of file), so that
    /// concurrent downloads share one copy; a filtered list's file is made each time.
    pub fn file<E>(
        &self,
        name: &'static str,
        make: impl FnOnce(&ResultList) -> Result<Vec<u8>, E>,
    ) -> Result<Arc<[u8]>, E> {
        match self.picked {
            None => self.set.file(name, || make(self)),
            Some(_) => make(self).map(Arc::from),
        }
    }
}

impl Serialize for ResultList {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// Every visible result matching the filter, with what area summaries need of it.
pub(crate) async fn digested(
    core: &Core,
    actor: Option<&Actor>,
    year: FiscalYear,
    filter: &ResultFilter,
) -> Result<Vec<(ResultAgency, ResultFields, ResultDigest)>, CoreError> {
    let list = result_list(core, actor, year, filter).await?;
    Ok(list
        .entries()
        .map(|e| (e.row.agency.clone(), e.row.fields.clone(), e.digest.clone()))
        .collect())
}

/// The results list, best first, without copying it. `actor` is None for the public.
pub async fn result_list(
    core: &Core,
    actor: Option<&Actor>,
    year: FiscalYear,
    filter: &ResultFilter,
) -> Result<ResultList, CoreError> {
    let (_, set, key) = readable_set(core, actor, year, filter).await?;
    let picked = result_set::pick(core, &set, &key).await?;
    Ok(ResultList { set, picked })
}

/// The results list, best first, as owned rows. `actor` is None for the public.
pub async fn list_results(
    core: &Core,
    actor: Option<&Actor>,
    year: FiscalYear,
    filter: &ResultFilter,
) -> Result<Vec<ResultRow>, CoreError> {
    Ok(result_list(core, actor, year, filter)
        .await?
        .iter()
        .cloned()
        .collect())
}

/// What the portal shows of the results a filter picks: the list, their summary and how
/// they spread, and whether they are published.
pub struct PortalResults {
    pub published: bool,
    pub rows: ResultList,
    pub overview: Arc<Overview>,
}

pub async fn results_portal(
    core: &Core,
    actor: Option<&Actor>,
    year: FiscalYear,
    filter: &ResultFilter,
) -> Result<PortalResults, CoreError> {
    let (stamp, set, key) = readable_set(core, actor, year, filter).await?;
    let picked = result_set::pick(core, &set, &key).await?;
    let overview = set.overview(&key, picked.as_deref());
    Ok(PortalResults {
        published: stamp.published,
        rows: ResultList { set, picked },
        overview,
    })
}

/// The summary and the distribution of the results a filter picks.
pub async fn results_overview(
    core: &Core,
    actor: Option<&Actor>,
    year: FiscalYear,
    filter: &ResultFilter,
) -> Result<Arc<Overview>, CoreError> {
    Ok(results_portal(core, actor, year, filter).await?.overview)
}

pub async fn results_summary(
    core: &Core,
    actor: Option<&Actor>,
    year: FiscalYear,
    filter: &ResultFilter,
) -> Result<Summary, CoreError> {
    Ok(results_overview(core, actor, year, filter)
        .await?
        .summary
        .clone())
}

/// One agency's result: everything the report shows.
#[derive(Debug, Clone, Serialize)]
pub struct AgencyResult {
    pub agency: ResultAgency,
    pub fields: ResultFields,
    pub score: AgencyScore,
    pub plan: PassPlan,
    pub national: Summary,
    pub provincial: Summary,
    pub published: bool,
    /// The agency's earlier cycles, oldest first.
    pub history: Vec<super::EarlierResult>,
    /// The framework the cycle is scored by (names of indicators, items and tiers).
    #[serde(skip)]
    pub framework: Arc<openita_framework::Framework>,
}

pub async fn agency_result(
    core: &Core,
    actor: Option<&Actor>,
    year: FiscalYear,
    code: &AgencyCode,
) -> Result<AgencyResult, CoreError> {
    // Before publication only the NACC admin reads it (the same rule as the list).
    let (stamp, set, _) = readable_set(core, actor, year, &ResultFilter::default()).await?;
    let entry = set.entry(code).ok_or_else(|| agencies::not_found(code))?;
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    // Only this agency's full breakdown is read; the means come from the set.
    let breakdown = results::breakdown_of(&mut conn, stamp.cycle_id, entry.agency_id)
        .await?
        .ok_or_else(|| agencies::not_found(code))?;
    let score: AgencyScore = serde_json::from_str(&breakdown).map_err(CoreError::internal)?;
    let plan = openita_scoring::path_to_pass(&score);
    let fields = entry.row.fields.clone();
    let history =
        super::history::earlier_results(&mut conn, actor, entry.agency_id, year, fields.total)
            .await?;
    Ok(AgencyResult {
        history,
        provincial: set.province(&entry.row.agency.province),
        national: set.national().clone(),
        agency: entry.row.agency.clone(),
        fields,
        score,
        plan,
        published: stamp.published,
        framework: set.framework.clone(),
    })
}

/// The years whose results are published, newest first: what the public may open.
pub async fn published_years(core: &Core) -> Result<Vec<FiscalYear>, CoreError> {
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    let mut years = Vec::new();
    for cycle in openita_db::queries::cycles::list(&mut conn).await? {
        if results::publication(&mut conn, cycle.id)
            .await?
            .published_at
            .is_some()
        {
            years.push(cycle.year);
        }
    }
    Ok(years)
}
