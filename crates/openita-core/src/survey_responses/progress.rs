//! Progress: responses against the minimum sample, per agency and per province. Reads of the
//! running counts, never scans of responses.

use crate::{Actor, Core, CoreError, agencies, cycles};
use openita_db::{
    DbError,
    queries::{headcounts, surveys},
};
use openita_types::{AgencyCode, AgencyType, FiscalYear, Phase, Role, thai_time::bangkok};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct InstrumentProgress {
    pub responses: i64,
    /// Null until the headcount is approved.
    pub minimum: Option<i64>,
    /// Days until the instrument's window closes (0 on the last day; null without a window).
    pub days_left: Option<i64>,
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct OitProgress {
    pub answered: i64,
    pub total: i64,
    pub state: crate::oit_review::OitState,
}

/// `GET .../status` of API.md.
#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct AgencyStatus {
    pub headcount: Option<i64>,
    pub headcount_approved: bool,
    pub iit: InstrumentProgress,
    pub eit: InstrumentProgress,
    pub oit: OitProgress,
    /// True when the minimum-sample rule is a placeholder, not NACC's official figure.
    pub minimum_is_placeholder: bool,
}

/// One row of a province's progress table.
#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct AgencyProgress {
    pub code: String,
    pub name_th: String,
    #[serde(rename = "type")]
    pub agency_type: AgencyType,
    pub district: Option<String>,
    pub headcount: Option<i64>,
    pub headcount_approved: bool,
    pub iit: InstrumentProgress,
    pub eit: InstrumentProgress,
    /// Responses still needed to reach both minimums (0 when reached or unknown).
    pub shortfall: i64,
}

pub(crate) fn days_left(
    cycle: &cycles::CycleView,
    phase: Phase,
    now: chrono::DateTime<chrono::Utc>,
) -> Option<i64> {
    let w = cycle.window(phase)?;
    let today = now.with_timezone(&bangkok()).date_naive();
    let last = w.end.with_timezone(&bangkok()).date_naive();
    Some((last - today).num_days().max(0))
}

pub(crate) struct Minimums {
    pub(crate) iit: Option<i64>,
    pub(crate) eit: Option<i64>,
}

pub(crate) fn minimums(
    fw: &openita_framework::Framework,
    headcount: Option<(i64, bool)>,
    agency_type: AgencyType,
) -> Minimums {
    match headcount {
        Some((staff, true)) => Minimums {
            iit: Some(i64::from(
                fw.sample_rules
                    .iit_minimum(u32::try_from(staff).unwrap_or(u32::MAX)),
            )),
            eit: Some(i64::from(fw.sample_rules.eit_minimum(agency_type))),
        },
        _ => Minimums {
            iit: None,
            eit: None,
        },
    }
}

pub async fn agency_status(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    code: &AgencyCode,
) -> Result<AgencyStatus, CoreError> {
    actor.require(Role::AGENCY_READERS)?;
    let agency = agencies::find_visible_agency(core, actor, code).await?;
    let cycle = cycles::get_cycle(core, year).await?;
    let fw = cycles::cached_framework(core, &cycle).await?;
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    let hc = headcounts::get(&mut conn, cycle.id, agency.id.get()).await?;
    let counts = surveys::counts(&mut conn, cycle.id, Some(agency.id.get())).await?;
    let oit = crate::oit_review::progress_of(&mut conn, &cycle, &fw, agency.id.get()).await?;
    drop(conn);
    let count = |i: &str| {
        counts
            .iter()
            .find(|(_, inst, _)| inst == i)
            .map(|c| c.2)
            .unwrap_or(0)
    };
    let m = minimums(
        &fw,
        hc.as_ref()
            .map(|h| (h.internal_staff, h.approved_at.is_some())),
        agency.agency_type,
    );
    let now = core.now();
    Ok(AgencyStatus {
        headcount: hc.as_ref().map(|h| h.internal_staff),
        headcount_approved: hc.as_ref().is_some_and(|h| h.approved_at.is_some()),
        iit: InstrumentProgress {
            responses: count("IIT"),
            minimum: m.iit,
            days_left: days_left(&cycle, Phase::Iit, now),
        },
        eit: InstrumentProgress {
            responses: count("EIT"),
            minimum: m.eit,
            days_left: days_left(&cycle, Phase::Eit, now),
        },
        oit,
        minimum_is_placeholder: fw.sample_rules.placeholder,
    })
}

/// Every agency of a province with its counts against the minimums. Coordinators see their
/// own province only; the NACC admin any.
pub async fn province_progress(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    province: Option<&str>,
) -> Result<Vec<AgencyProgress>, CoreError> {
    actor.require(Role::AREA_WATCHERS)?;
    let query = agencies::AgencyQuery {
        province: province.map(str::to_string),
        ..Default::default()
    };
    let (list, _) = agencies::list_agencies(core, actor, &query).await?;
    let cycle = cycles::get_cycle(core, year).await?;
    let fw = cycles::cached_framework(core, &cycle).await?;
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    let heads: HashMap<i64, (i64, bool)> = headcounts::all(&mut conn, cycle.id)
        .await?
        .into_iter()
        .map(|(a, s, ap)| (a, (s, ap)))
        .collect();
    let mut counts: HashMap<(i64, String), i64> = HashMap::new();
    for (agency, instrument, n) in surveys::counts(&mut conn, cycle.id, None).await? {
        counts.insert((agency, instrument), n);
    }
    let now = core.now();
    let mut out: Vec<AgencyProgress> = list
        .into_iter()
        .map(|a| {
            let hc = heads.get(&a.id.get()).copied();
            let m = minimums(&fw, hc, a.agency_type);
            let iit = counts
                .get(&(a.id.get(), "IIT".to_string()))
                .copied()
                .unwrap_or(0);
            let eit = counts
                .get(&(a.id.get(), "EIT".to_string()))
                .copied()
                .unwrap_or(0);
            let short = |min: Option<i64>, got: i64| min.map(|m| (m - got).max(0)).unwrap_or(0);
            AgencyProgress {
                shortfall: short(m.iit, iit) + short(m.eit, eit),
                code: a.code.into(),
                name_th: a.name_th,
                agency_type: a.agency_type,
                district: a.district,
                headcount: hc.map(|h| h.0),
                headcount_approved: hc.is_some_and(|h| h.1),
                iit: InstrumentProgress {
                    responses: iit,
                    minimum: m.iit,
                    days_left: days_left(&cycle, Phase::Iit, now),
                },
                eit: InstrumentProgress {
                    responses: eit,
                    minimum: m.eit,
                    days_left: days_left(&cycle, Phase::Eit, now),
                },
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.shortfall
            .cmp(&a.shortfall)
            .then_with(|| a.code.cmp(&b.code))
    });
    Ok(out)
}
