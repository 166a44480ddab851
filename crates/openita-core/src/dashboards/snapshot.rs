//! Every agency of a cycle on one page of memory: its facts, what it misses and its predicted
//! score. Built from a handful of cycle-wide reads (the same running sums that score the
//! results) and kept for `ttl` (60 s by default): a coordinator's dashboard says `as_of`, and
//! 8,300 agencies are not re-read and re-scored for every page view (a build takes 2-3 s for
//! the nation on two cores: docs/benchmarks.md). Only the very first caller waits for a build;
//! once a snapshot is older than `ttl`, callers get it at once while one rebuild runs behind
//! them, and the next callers get the new one. One build at a time.

use super::{
    facts::{
        AgencyOnDashboard, AgencyRef, Contact, HeadcountFacts, Missing, OitFacts, Predicted,
        SurveyFacts,
    },
    prediction::{self, OitEvidence},
};
use crate::{Core, CoreError, cycles, oit_review, results, survey_responses};
use openita_db::{
    DbError,
    queries::{agencies, agency_contacts, dashboard_reads, headcounts},
};
use openita_scoring::{ResultDigest, Scorer};
use openita_types::{AgencyType, FiscalYear, LinkOutcome, Phase};
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

/// One agency in the snapshot: where it is, its line, and its predicted digest (for the area
/// summaries: mean, pass rate, indicator means of the prediction).
#[derive(Debug, Clone)]
pub struct SnapshotRow {
    pub agency_id: i64,
    pub province_code: String,
    pub line: AgencyOnDashboard,
    pub predicted: Option<ResultDigest>,
}

#[derive(Debug)]
pub struct CycleSnapshot {
    pub year: FiscalYear,
    /// RFC 3339 time the facts were read.
    pub as_of: String,
    pub pass_mark: openita_framework::Fraction,
    /// Every agency, by province, district and code.
    pub rows: Vec<SnapshotRow>,
    /// This year's published results by agency code (none before publication).
    pub this_year: Option<HashMap<String, PublishedResult>>,
    /// Last year's published results by agency code.
    pub last_year: HashMap<String, PublishedResult>,
    /// Every whole province's national-view row, made on first use (summing 8,300 exact
    /// totals three ways takes ~60 ms: once a snapshot, not once a call).
    pub provinces: std::sync::OnceLock<Vec<super::NationalRow>>,
}

/// The snapshots of the cycles asked for lately.
pub struct SnapshotCache {
    ttl: Duration,
    built: Mutex<HashMap<i64, (Instant, Arc<CycleSnapshot>)>>,
    building: Arc<tokio::sync::Mutex<()>>,
}

impl Default for SnapshotCache {
    fn default() -> Self {
        SnapshotCache::with_ttl(Duration::from_secs(60))
    }
}

impl SnapshotCache {
    pub fn with_ttl(ttl: Duration) -> SnapshotCache {
        SnapshotCache {
            ttl,
            built: Mutex::default(),
            building: Arc::new(tokio::sync::Mutex::new(())),
        }
    }

    fn fresh(&self, cycle_id: i64) -> Option<Arc<CycleSnapshot>> {
        self.kept(cycle_id)
            .filter(|(fresh, _)| *fresh)
            .map(|(_, s)| s)
    }

    /// The kept snapshot and whether it is still within its time to live.
    fn kept(&self, cycle_id: i64) -> Option<(bool, Arc<CycleSnapshot>)> {
        let built = self.built.lock().unwrap_or_else(|e| e.into_inner());
        built
            .get(&cycle_id)
            .map(|(at, s)| (at.elapsed() < self.ttl, s.clone()))
    }

    fn keep(&self, cycle_id: i64, snapshot: Arc<CycleSnapshot>) {
        self.built
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(cycle_id, (Instant::now(), snapshot));
    }
}

/// The cycle's snapshot: built if there is none; if the kept one is older than the time to
/// live, that one at once while a rebuild runs behind (with a zero time to live, as in
/// tests, every call builds).
pub async fn snapshot(core: &Core, year: FiscalYear) -> Result<Arc<CycleSnapshot>, CoreError> {
    let cycle = cycles::get_cycle(core, year).await?;
    let cache = core.dashboards();
    match cache.kept(cycle.id) {
        Some((true, s)) => return Ok(s),
        Some((false, stale)) if !cache.ttl.is_zero() => {
            if let Ok(one_at_a_time) = cache.building.clone().try_lock_owned() {
                let core = core.clone();
                tokio::spawn(async move {
                    let _one_at_a_time = one_at_a_time;
                    match build(&core, &cycle).await {
                        Ok(built) => core.dashboards().keep(cycle.id, Arc::new(built)),
                        Err(e) => tracing::warn!(error = %e, "rebuilding a dashboard snapshot"),
                    }
                });
            }
            return Ok(stale);
        }
        _ => {}
    }
    let _one_at_a_time = cache.building.lock().await;
    if let Some(s) = cache.fresh(cycle.id) {
        return Ok(s);
    }
    let built = Arc::new(build(core, &cycle).await?);
    cache.keep(cycle.id, built.clone());
    Ok(built)
}

/// One agency's published result, as the dashboards use it.
#[derive(Debug, Clone)]
pub struct PublishedResult {
    pub digest: ResultDigest,
    pub total: openita_scoring::Decimal2,
    pub level: String,
    pub pass: bool,
}

/// Every agency's published result of `year` by agency code; none when the year does not
/// exist or is not published (read as the public reads it).
async fn published(core: &Core, year: FiscalYear) -> Option<HashMap<String, PublishedResult>> {
    let rows = results::digested(core, None, year, &results::ResultFilter::default())
        .await
        .ok()?;
    Some(
        rows.into_iter()
            .map(|(agency, fields, digest)| {
                (
                    agency.code,
                    PublishedResult {
                        digest,
                        total: fields.total,
                        level: fields.level,
                        pass: fields.pass,
                    },
                )
            })
            .collect(),
    )
}

async fn build(core: &Core, cycle: &cycles::CycleView) -> Result<CycleSnapshot, CoreError> {
    let fw = cycles::cached_framework(core, cycle).await?;
    let now = core.now();
    let inputs = results::inputs_from_running_sums(core, cycle, &fw).await?;
    // Published results are read once a snapshot, so that the outcome and the national
    // view are reads of memory like the rest.
    let this_year = published(core, cycle.year).await;
    let last_year = match cycle.year.previous() {
        Some(last) => published(core, last).await.unwrap_or_default(),
        None => HashMap::new(),
    };
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    let all = agencies::list(&mut conn, &agencies::AgencyFilter::default()).await?;
    let heads: HashMap<i64, (i64, bool)> = headcounts::all(&mut conn, cycle.id)
        .await?
        .into_iter()
        .map(|(a, s, ap)| (a, (s, ap)))
        .collect();
    let states = oit_review::states_of_cycle(&mut conn, cycle.id).await?;
    let users: HashMap<i64, i64> = dashboard_reads::agency_user_counts(&mut conn)
        .await?
        .into_iter()
        .collect();
    let contacts: HashMap<i64, Contact> = agency_contacts::all(&mut conn)
        .await?
        .into_iter()
        .map(|c| {
            (
                c.agency_id,
                Contact {
                    name: c.name,
                    phone: c.phone,
                    email: c.email,
                },
            )
        })
        .collect();
    let mut evidence: HashMap<i64, OitEvidence> = HashMap::new();
    for a in dashboard_reads::oit_answers(&mut conn, cycle.id).await? {
        let e = evidence.entry(a.agency_id).or_default();
        e.answered.insert(a.item_code.clone());
        let urls: Vec<String> = serde_json::from_str(&a.urls).unwrap_or_default();
        if a.published == 1 && !urls.is_empty() {
            e.published.insert(a.item_code, urls);
        }
    }
    for (agency, item, url, outcome) in dashboard_reads::link_outcomes(&mut conn, cycle.id).await? {
        let e = evidence.entry(agency).or_default();
        // Only checks of URLs still in the answer count (an answer may have changed since).
        if !e.published.get(&item).is_some_and(|u| u.contains(&url)) {
            continue;
        }
        // An unreadable file is a warning for the assessor's eye, not a failure.
        let passes = matches!(
            LinkOutcome::from_code(&outcome),
            Some(LinkOutcome::Ok | LinkOutcome::Unreadable)
        );
        if passes {
            e.passed.insert((item, url));
        } else {
            e.failed.insert((item, url));
        }
    }
    drop(conn);

    let scorer = Scorer::with_fingerprint(&fw, cycle.framework_fingerprint.clone());
    let total_items = fw.oit_items().count() as i64;
    let (iit_days, eit_days) = (
        survey_responses::days_left(cycle, Phase::Iit, now),
        survey_responses::days_left(cycle, Phase::Eit, now),
    );
    let empty = OitEvidence::default();
    let mut rows = Vec::with_capacity(all.len());
    for a in &all {
        let agency_type: AgencyType = a.agency_type.parse().unwrap_or(AgencyType::Other);
        let hc = heads.get(&a.id).copied();
        let m = survey_responses::minimums(&fw, hc, agency_type);
        let base = inputs
            .get(&a.id)
            .cloned()
            .unwrap_or_else(|| openita_scoring::AgencyInputs::empty(agency_type, None));
        let responses = |code| {
            base.survey(code)
                .map(|t| i64::try_from(t.responses).unwrap_or(i64::MAX))
                .unwrap_or(0)
        };
        let survey = |responses: i64, minimum: Option<i64>, days_left| SurveyFacts {
            responses,
            minimum,
            short_by: minimum.map(|m| (m - responses).max(0)),
            days_left,
        };
        let iit = survey(
            responses(openita_framework::InstrumentCode::Iit),
            m.iit,
            iit_days,
        );
        let eit = survey(
            responses(openita_framework::InstrumentCode::Eit),
            m.eit,
            eit_days,
        );
        let ev = evidence.get(&a.id).unwrap_or(&empty);
        let state = states
            .get(&a.id)
            .copied()
            .unwrap_or(oit_review::OitState::Draft);
        let answered = ev.answered.len() as i64;
        let approved_state = [
            oit_review::OitState::Approved,
            oit_review::OitState::Reviewed,
            oit_review::OitState::Final,
        ]
        .contains(&state);
        let predicted_inputs = prediction::inputs_if_closed_now(&fw, base, ev);
        let score = prediction::predict(&scorer, &predicted_inputs);
        let oit = OitFacts {
            answered,
            approved: if approved_state { answered } else { 0 },
            total: total_items,
            state,
            failing_links: ev.failed.len() as i64,
            lost_items: prediction::lost_items(&fw, &predicted_inputs),
        };
        let predicted = score.as_ref().map(|s| Predicted {
            total: s.total_rounded,
            level: s.level.clone(),
            tier: s.tier.clone(),
            pass: s.pass,
            weakest_indicators: prediction::weakest_indicators(&fw, s),
        });
        let at_risk = predicted.as_ref().is_none_or(|p| !p.pass);
        let mut missing = Vec::new();
        if users.get(&a.id).copied().unwrap_or(0) == 0 {
            missing.push(Missing::NotRegistered);
        }
        match hc {
            None => missing.push(Missing::HeadcountNotEntered),
            Some((_, false)) => missing.push(Missing::HeadcountNotApproved),
            Some(_) => {}
        }
        if iit.short_by.is_some_and(|s| s > 0) {
            missing.push(Missing::IitBelowMinimum);
        }
        if eit.short_by.is_some_and(|s| s > 0) {
            missing.push(Missing::EitBelowMinimum);
        }
        if oit.answered < oit.total {
            missing.push(Missing::OitUnanswered);
        }
        if !approved_state {
            missing.push(Missing::OitNotApproved);
        }
        if oit.failing_links > 0 {
            missing.push(Missing::OitLinksFailing);
        }
        if at_risk {
            missing.push(Missing::PredictedBelowPass);
        }
        let district = a
            .district_code
            .as_deref()
            .and_then(|d| openita_geography::district(&a.province_code, d));
        rows.push(SnapshotRow {
            agency_id: a.id,
            province_code: a.province_code.clone(),
            predicted: score.as_ref().map(|s| s.digest()),
            line: AgencyOnDashboard {
                agency: AgencyRef {
                    code: a.code.clone(),
                    name_th: a.name_th.clone(),
                    agency_type,
                    district: district.map(|d| d.name_th.clone()),
                    district_code: a.district_code.clone(),
                },
                headcount: HeadcountFacts {
                    staff: hc.map(|h| h.0),
                    approved: hc.is_some_and(|h| h.1),
                },
                iit,
                eit,
                oit,
                predicted,
                at_risk,
                missing,
                failed_last_year: last_year.get(&a.code).map(|r| !r.pass),
                contact: contacts.get(&a.id).cloned(),
            },
        });
    }
    Ok(CycleSnapshot {
        provinces: std::sync::OnceLock::new(),
        this_year,
        last_year,
        year: cycle.year,
        as_of: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        pass_mark: fw.pass_mark,
        rows,
    })
}
