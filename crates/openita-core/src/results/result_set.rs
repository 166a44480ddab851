//! One cycle's results at one version, in memory, as every results read needs them: each
//! agency's row (best first), its digest and its codes, with the nation's summary and
//! distribution and each province's summary made once. Built from the database on the first
//! read of a version (~0.3 s for the nation: 8,317 rows parsed and summed) and then shared;
//! a changed version builds a new set (see `result_set_cache.rs`).
//!
//! A set holds no rule about who may read it: callers check the stamp first
//! (`stamp::readable_stamp`).

use super::{
    distribution::{Distribution, distribution_of},
    filter::FilterKey,
    read::{ResultAgency, ResultRow, tier_name},
};
use crate::{Core, CoreError, agencies::AgencyView, cycles};
use openita_db::{
    DbError,
    queries::{agencies as agency_rows, result_versions::ResultsStamp, results},
};
use openita_framework::Framework;
use openita_scoring::{AgencyScore, ResultDigest, Summary};
use openita_types::FiscalYear;
use std::{
    collections::{HashMap, HashSet, VecDeque},
    sync::{Arc, Mutex},
};

/// Summaries kept per set for filters other than the nation (a province's portal, a type).
const FILTERED_SUMMARIES: usize = 32;

/// One agency's result in a set.
pub(crate) struct SetEntry {
    pub agency_id: i64,
    pub province_code: String,
    pub district_code: Option<String>,
    /// The agency's type as stored (what the type filter compares).
    pub agency_type: String,
    pub row: ResultRow,
    pub digest: ResultDigest,
}

/// The summary and the distribution of the results a filter picks.
#[derive(Debug, Clone)]
pub struct Overview {
    pub summary: Summary,
    pub distribution: Distribution,
}

pub struct ResultSet {
    pub(crate) framework: Arc<Framework>,
    /// Best total first, then by code: the list's order.
    pub(crate) entries: Vec<SetEntry>,
    by_code: HashMap<String, usize>,
    national: Arc<Overview>,
    /// Each province's summary, by its Thai name (as results name their province).
    provinces: HashMap<String, Summary>,
    /// Overviews made for other filters, most recent last.
    filtered: Mutex<VecDeque<(FilterKey, Arc<Overview>)>>,
    /// Files made from the whole list (the national downloads: ~7 MB for the nation), by
    /// name: every download then sends the same bytes instead of holding its own copy.
    files: Mutex<Vec<NamedFile>>,
}

/// A file made from a whole set, by name.
type NamedFile = (&'static str, Arc<[u8]>);

impl ResultSet {
    pub(crate) fn entry(&self, code: &str) -> Option<&SetEntry> {
        self.by_code.get(code).and_then(|i| self.entries.get(*i))
    }

    pub(crate) fn national(&self) -> &Summary {
        &self.national.summary
    }

    /// The summary of one province's results (empty when it has none).
    pub(crate) fn province(&self, name_th: &str) -> Summary {
        self.provinces
            .get(name_th)
            .cloned()
            .unwrap_or_else(|| openita_scoring::summary::<ResultDigest>(std::iter::empty()))
    }

    /// The overview of the entries at `picked` (every entry when `None`), made once per
    /// filter while this set lives.
    pub(crate) fn overview(&self, key: &FilterKey, picked: Option<&[usize]>) -> Arc<Overview> {
        let Some(picked) = picked else {
            return self.national.clone();
        };
        let kept = self
            .filtered
            .lock()
            .ok()
            .and_then(|f| f.iter().find(|(k, _)| k == key).map(|(_, o)| o.clone()));
        if let Some(o) = kept {
            return o;
        }
        let chosen: Vec<&SetEntry> = picked.iter().filter_map(|i| self.entries.get(*i)).collect();
        let made = Arc::new(overview_of(
            &self.framework,
            key.province_code.as_deref(),
            &chosen,
        ));
        if let Ok(mut f) = self.filtered.lock() {
            f.retain(|(k, _)| k != key);
            if f.len() >= FILTERED_SUMMARIES {
                f.pop_front();
            }
            f.push_back((key.clone(), made.clone()));
        }
        made
    }

    /// The file `name` made from the whole list, made by `make` on first use. Two first
    /// requests at once may both make it; one copy is kept.
    pub(crate) fn file<E>(
        &self,
        name: &'static str,
        make: impl FnOnce() -> Result<Vec<u8>, E>,
    ) -> Result<Arc<[u8]>, E> {
        let kept = |files: &[NamedFile]| {
            files
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, f)| f.clone())
        };
        if let Some(f) = self.files.lock().ok().and_then(|f| kept(&f)) {
            return Ok(f);
        }
        let made: Arc<[u8]> = make()?.into();
        Ok(match self.files.lock() {
            Ok(mut files) => kept(&files).unwrap_or_else(|| {
                files.push((name, made.clone()));
                made
            }),
            Err(_) => made,
        })
    }
}

fn overview_of(fw: &Framework, province_code: Option<&str>, chosen: &[&SetEntry]) -> Overview {
    Overview {
        summary: openita_scoring::summary(chosen.iter().map(|e| &e.digest)),
        distribution: distribution_of(fw, province_code, chosen),
    }
}

/// Which entries a filter picks, in the list's order; `None`: all of them. Province, district
/// and type are compared in memory on the codes the query compares; a search asks the
/// agency list's query itself, so that it matches exactly as it does on each database.
pub(crate) async fn pick(
    core: &Core,
    set: &ResultSet,
    key: &FilterKey,
) -> Result<Option<Vec<usize>>, CoreError> {
    if key.is_everything() {
        return Ok(None);
    }
    let found: Option<HashSet<i64>> = match key.search {
        None => None,
        Some(_) => {
            let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
            let rows = agency_rows::list(&mut conn, &key.agency_filter()).await?;
            Some(rows.into_iter().map(|a| a.id).collect())
        }
    };
    Ok(Some(
        set.entries
            .iter()
            .enumerate()
            .filter(|(_, e)| match &found {
                Some(ids) => ids.contains(&e.agency_id),
                None => key.admits(&e.province_code, e.district_code.as_deref(), &e.agency_type),
            })
            .map(|(i, _)| i)
            .collect(),
    ))
}

/// Reads and parses a cycle's results (the parsing and summing on the blocking pool).
pub(crate) async fn build(
    core: &Core,
    year: FiscalYear,
    stamp: &ResultsStamp,
) -> Result<ResultSet, CoreError> {
    let started = std::time::Instant::now();
    let framework = cycles::cached_framework_of(core, year, &stamp.framework_fingerprint).await?;
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    let listed = agency_rows::list(&mut conn, &agency_rows::AgencyFilter::default()).await?;
    let rows = results::all_digests(&mut conn, stamp.cycle_id).await?;
    drop(conn);
    let read = started.elapsed();
    let set = tokio::task::spawn_blocking(move || assemble(framework, listed, rows))
        .await
        .map_err(|e| CoreError::internal(format!("building the results set stopped: {e}")))??;
    // Once per cycle and version on each instance: how often, and what it costs.
    tracing::info!(
        results.year = %year,
        results.version = stamp.version,
        results.agencies = set.entries.len(),
        results.read_ms = read.as_millis() as u64,
        results.total_ms = started.elapsed().as_millis() as u64,
        "a cycle's results read into memory"
    );
    Ok(set)
}

fn assemble(
    framework: Arc<Framework>,
    listed: Vec<agency_rows::AgencyRow>,
    rows: Vec<results::ResultRow>,
) -> Result<ResultSet, CoreError> {
    let unreadable = |e: serde_json::Error| CoreError::internal(e);
    let mut by_agency: HashMap<i64, results::ResultRow> =
        rows.into_iter().map(|r| (r.agency_id, r)).collect();
    let mut entries = Vec::with_capacity(by_agency.len());
    for a in listed {
        let Some(r) = by_agency.remove(&a.id) else {
            continue;
        };
        let fields: openita_scoring::ResultFields =
            serde_json::from_str(&r.fields_json).map_err(unreadable)?;
        // A result stored before digests is summarised from its breakdown.
        let digest = if r.digest_json.is_empty() {
            serde_json::from_str::<AgencyScore>(&r.breakdown_json)
                .map_err(unreadable)?
                .digest()
        } else {
            serde_json::from_str(&r.digest_json).map_err(unreadable)?
        };
        let view = AgencyView::try_from(&a)?;
        entries.push(SetEntry {
            agency_id: a.id,
            district_code: a.district_code,
            agency_type: a.agency_type,
            province_code: a.province_code,
            row: ResultRow {
                tier_name: tier_name(&framework, &fields.tier),
                agency: ResultAgency {
                    code: a.code,
                    name_th: a.name_th,
                    province: view.province,
                    district: view.district,
                    agency_type: view.agency_type,
                },
                fields,
            },
            digest,
        });
    }
    entries.sort_by(|a, b| {
        b.row
            .fields
            .total
            .cmp(&a.row.fields.total)
            .then_with(|| a.row.agency.code.cmp(&b.row.agency.code))
    });
    let all: Vec<&SetEntry> = entries.iter().collect();
    let national = Arc::new(overview_of(&framework, None, &all));
    // The nation's distribution groups by province: each group is that province's summary.
    let provinces = national
        .distribution
        .groups
        .iter()
        .map(|g| (g.name_th.clone(), g.summary.clone()))
        .collect();
    drop(all);
    let by_code = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.row.agency.code.clone(), i))
        .collect();
    Ok(ResultSet {
        framework,
        entries,
        by_code,
        national,
        provinces,
        filtered: Mutex::default(),
        files: Mutex::default(),
    })
}
