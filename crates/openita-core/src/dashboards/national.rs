//! The national view for the NACC: every province ranked by progress and, after results, by
//! mean and pass rate, with the provinces below the national targets marked.
//!
//! The marks follow the national targets the seed letters quote (Krabi 2568): every agency
//! passes (85) and the national mean stays at 89 or more. A province whose published mean is
//! below the pass mark is `dark_red`, below 89 `red`: this year's once published, until then
//! last year's (the seeds chase this year the provinces that were red last year). A
//! prediction mid-cycle never marks a province: it is low while answers are still coming in.
//! The NACC's own red and dark-red lists use criteria of their own; these are OpenITA's.

use super::{
    area::Place,
    facts::Missing,
    snapshot::{self, CycleSnapshot, SnapshotRow},
};
use crate::{Actor, Core, CoreError, visibility::AgencyScope};
use openita_scoring::Decimal2;
use openita_types::{FiscalYear, Role};
use serde::Serialize;
use std::collections::BTreeMap;

/// The national mean target of 2566-2570 (the seeds' national targets).
pub const NATIONAL_TARGET_MEAN: i64 = 89;

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct SurveyTotals {
    pub responses: i64,
    /// Sum of the known minimums (agencies with an approved headcount).
    pub minimum: i64,
    /// Agencies below their minimum.
    pub agencies_below: u64,
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct OitTotals {
    /// Agencies whose OIT answers their executive approved.
    pub approved: u64,
    pub total: u64,
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct NationalRow {
    pub rank: usize,
    pub province: Place,
    pub agencies: u64,
    pub registered: u64,
    pub headcount_approved: u64,
    pub iit: SurveyTotals,
    pub eit: SurveyTotals,
    pub oit: OitTotals,
    pub at_risk: u64,
    /// Share of the five steps (registered, headcount approved, IIT and EIT minimums, OIT
    /// approved) done across the province's agencies, in percent.
    #[schema(value_type = f64)]
    pub progress: Decimal2,
    #[schema(value_type = Option<f64>)]
    pub predicted_mean: Option<Decimal2>,
    #[schema(value_type = Option<f64>)]
    pub predicted_pass_rate: Option<Decimal2>,
    /// Published mean and pass rate (after publication).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<f64>)]
    pub mean: Option<Decimal2>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<f64>)]
    pub pass_rate: Option<Decimal2>,
    /// The published mean of the year before (when there is one).
    #[schema(value_type = Option<f64>)]
    pub last_year_mean: Option<Decimal2>,
    /// `dark_red` (published mean below the pass mark) or `red` (below the national target
    /// of 89): this year's once published, else last year's.
    pub mark: Option<&'static str>,
}

fn totals(
    rows: &[&SnapshotRow],
    pick: impl Fn(&SnapshotRow) -> &super::SurveyFacts,
) -> SurveyTotals {
    SurveyTotals {
        responses: rows.iter().map(|r| pick(r).responses).sum(),
        minimum: rows.iter().filter_map(|r| pick(r).minimum).sum(),
        agencies_below: rows
            .iter()
            .filter(|r| pick(r).short_by.is_some_and(|s| s > 0))
            .count() as u64,
    }
}

fn progress(rows: &[&SnapshotRow]) -> Decimal2 {
    if rows.is_empty() {
        return Decimal2::ZERO;
    }
    let not_done = [
        Missing::NotRegistered,
        Missing::HeadcountNotApproved,
        Missing::IitBelowMinimum,
        Missing::EitBelowMinimum,
        Missing::OitNotApproved,
    ];
    let done: i64 = rows
        .iter()
        .map(|r| {
            let mut steps = not_done
                .iter()
                .filter(|m| !r.line.missing.contains(m))
                .count() as i64;
            // A headcount never entered is not approved either.
            if r.line.missing.contains(&Missing::HeadcountNotEntered) {
                steps -= 1;
            }
            // Surveys count as done only once their minimum is known and reached.
            steps -=
                i64::from(r.line.iit.minimum.is_none()) + i64::from(r.line.eit.minimum.is_none());
            steps.max(0)
        })
        .sum();
    let all = rows.len() as i64 * 5;
    Decimal2::from_hundredths((done * 10_000 + all / 2) / all)
}

/// One province's row (unranked) from the agencies of it the caller may see.
fn row_of(snap: &CycleSnapshot, code: &str, rows: &[&SnapshotRow]) -> NationalRow {
    let pass_mark = Decimal2::round_fraction(snap.pass_mark);
    let place = openita_geography::province(code);
    let predicted = openita_scoring::summary(rows.iter().filter_map(|r| r.predicted.as_ref()));
    let outcome = snap.this_year.as_ref().map(|published| {
        openita_scoring::summary(
            rows.iter()
                .filter_map(|r| published.get(&r.line.agency.code))
                .map(|p| &p.digest),
        )
    });
    let mean = outcome.as_ref().and_then(|o| o.mean);
    let last_year_mean = openita_scoring::summary(
        rows.iter()
            .filter_map(|r| snap.last_year.get(&r.line.agency.code))
            .map(|p| &p.digest),
    )
    .mean;
    let judged = mean.or(last_year_mean);
    let mark = judged.and_then(|m| {
        if m < pass_mark {
            Some("dark_red")
        } else if m < Decimal2::from_hundredths(NATIONAL_TARGET_MEAN * 100) {
            Some("red")
        } else {
            None
        }
    });
    let count = |f: &dyn Fn(&SnapshotRow) -> bool| rows.iter().filter(|r| f(r)).count() as u64;
    NationalRow {
        rank: 0,
        province: Place {
            code: code.to_string(),
            name_th: place.map(|p| p.name_th.clone()).unwrap_or_default(),
            name_en: place.map(|p| p.name_en.clone()).unwrap_or_default(),
        },
        agencies: rows.len() as u64,
        registered: count(&|r| !r.line.missing.contains(&Missing::NotRegistered)),
        headcount_approved: count(&|r| r.line.headcount.approved),
        iit: totals(rows, |r| &r.line.iit),
        eit: totals(rows, |r| &r.line.eit),
        oit: OitTotals {
            approved: count(&|r| !r.line.missing.contains(&Missing::OitNotApproved)),
            total: rows.len() as u64,
        },
        at_risk: count(&|r| r.line.at_risk),
        progress: progress(rows),
        predicted_mean: predicted.mean,
        predicted_pass_rate: predicted.pass_rate,
        mean,
        pass_rate: outcome.as_ref().and_then(|o| o.pass_rate),
        last_year_mean,
        mark,
    }
}

/// Agencies grouped by province, those `keep` admits.
fn by_province(
    snap: &CycleSnapshot,
    keep: impl Fn(&SnapshotRow) -> bool,
) -> BTreeMap<&str, Vec<&SnapshotRow>> {
    let mut out: BTreeMap<&str, Vec<&SnapshotRow>> = BTreeMap::new();
    for r in snap.rows.iter().filter(|r| keep(r)) {
        out.entry(&r.province_code).or_default().push(r);
    }
    out
}

/// The pass mark of the cycle's framework, rounded as totals are (the line the national
/// chart draws and the "dark red" mark compares with).
pub async fn pass_mark(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
) -> Result<Decimal2, CoreError> {
    actor.require(Role::AREA_WATCHERS)?;
    let snap = snapshot::snapshot(core, year).await?;
    Ok(Decimal2::round_fraction(snap.pass_mark))
}

/// `GET /api/v1/cycles/{year}/provinces`: one row per province the caller may see, best
/// first (by progress; after publication by mean, then pass rate). Whole provinces' rows are
/// made once a snapshot; a district coordinator's (part of a province) on each call.
pub async fn national_view(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
) -> Result<Vec<NationalRow>, CoreError> {
    actor.require(Role::AREA_WATCHERS)?;
    let snap = snapshot::snapshot(core, year).await?;
    let scope = actor.scope();
    let whole = || {
        snap.provinces
            .get_or_init(|| {
                by_province(&snap, |_| true)
                    .into_iter()
                    .map(|(code, rows)| row_of(&snap, code, &rows))
                    .collect()
            })
            .clone()
    };
    let mut rows: Vec<NationalRow> = match &scope {
        AgencyScope::All => whole(),
        AgencyScope::Province { province } => whole()
            .into_iter()
            .filter(|r| r.province.code == *province)
            .collect(),
        _ => by_province(&snap, |r| {
            scope.admits_place(
                r.agency_id,
                &r.province_code,
                r.line.agency.district_code.as_deref(),
            )
        })
        .into_iter()
        .map(|(code, rows)| row_of(&snap, code, &rows))
        .collect(),
    };
    if snap.this_year.is_some() {
        rows.sort_by(|a, b| {
            b.mean
                .cmp(&a.mean)
                .then_with(|| b.pass_rate.cmp(&a.pass_rate))
                .then_with(|| a.province.code.cmp(&b.province.code))
        });
    } else {
        rows.sort_by(|a, b| {
            b.progress
                .cmp(&a.progress)
                .then_with(|| a.province.code.cmp(&b.province.code))
        });
    }
    for (i, r) in rows.iter_mut().enumerate() {
        r.rank = i + 1;
    }
    Ok(rows)
}
