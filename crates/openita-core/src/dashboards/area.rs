//! One province's (or one district's) dashboard: every agency of the area with what it is
//! missing and its predicted score, the counts per reason, type and district, the targets, and
//! after publication the outcome.

use super::{
    district_of,
    facts::{AgencyOnDashboard, Missing},
    province_of,
    snapshot::{self, SnapshotRow},
    targets::{self, AreaTargets},
};
use crate::{Actor, Core, CoreError};
use openita_scoring::{Decimal2, Summary};
use openita_types::{AgencyType, FiscalYear, Role, thai_order::thai_cmp};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Filters and order of the agencies' list (the counts are of the whole area).
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AreaQuery {
    /// A district of the province, by code or name (a district coordinator's own by default).
    pub district: Option<String>,
    /// An agency type code (`sao`, ...).
    #[serde(rename = "type")]
    #[param(rename = "type", value_type = Option<openita_types::AgencyType>)]
    pub agency_type: Option<String>,
    /// Only agencies missing this.
    #[param(value_type = Option<crate::dashboards::Missing>)]
    pub missing: Option<String>,
    /// Only agencies at risk of missing the pass mark.
    pub at_risk: Option<bool>,
    /// `risk` (default: at risk first, lowest prediction first), `code`, `name`, `iit`, `eit`,
    /// `oit`, `predicted`.
    pub sort: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Place {
    pub code: String,
    pub name_th: String,
    pub name_en: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Count {
    pub code: String,
    pub name_th: String,
    pub name_en: String,
    pub agencies: u64,
    pub at_risk: u64,
    #[schema(value_type = Option<f64>)]
    pub predicted_mean: Option<Decimal2>,
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct IndicatorMean {
    pub number: u16,
    pub name_th: String,
    pub name_en: String,
    #[schema(value_type = f64)]
    pub mean: Decimal2,
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct AreaSummary {
    pub agencies: u64,
    pub registered: u64,
    pub headcount_approved: u64,
    pub iit_below_minimum: u64,
    pub eit_below_minimum: u64,
    pub oit_approved: u64,
    pub at_risk: u64,
    pub failed_last_year: u64,
    /// The mean and pass rate if the cycle closed now.
    #[schema(value_type = Option<f64>)]
    pub predicted_mean: Option<Decimal2>,
    #[schema(value_type = Option<f64>)]
    pub predicted_pass_rate: Option<Decimal2>,
    /// Agencies per reason, every reason listed.
    pub missing: Vec<(Missing, u64)>,
    pub by_type: Vec<Count>,
    pub by_district: Vec<Count>,
    /// The area's weakest indicators in the prediction (lowest mean first, three).
    pub weakest_indicators: Vec<IndicatorMean>,
}

/// After publication: how the area did, against the year before.
#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Outcome {
    #[schema(value_type = Object)]
    pub summary: Summary,
    /// (level or tier, agencies) of the published results.
    pub distribution: Vec<(String, u64)>,
    pub weakest_indicators: Vec<IndicatorMean>,
    /// The same area's published summary of the year before, when there is one.
    #[schema(value_type = Option<Object>)]
    pub last_year: Option<Summary>,
    /// Agencies whose total fell since the year before: (code, name, before, now), largest
    /// fall first.
    pub fell: Vec<Fell>,
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Fell {
    pub code: String,
    pub name_th: String,
    #[schema(value_type = f64)]
    pub before: Decimal2,
    #[schema(value_type = f64)]
    pub now: Decimal2,
    pub passed_before: bool,
    pub passes_now: bool,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AreaDashboard {
    pub year: FiscalYear,
    pub province: Place,
    pub district: Option<Place>,
    /// When the facts were read (they are kept for a minute).
    pub as_of: String,
    #[schema(value_type = f64)]
    pub pass_mark: Decimal2,
    pub summary: AreaSummary,
    pub targets: AreaTargets,
    pub outcome: Option<Outcome>,
    pub agencies: Vec<AgencyOnDashboard>,
}

/// The area the caller asked for, if they may watch it (404 otherwise: areas one may not
/// watch are not confirmed to exist).
pub(crate) fn watched_area(
    actor: &Actor,
    province: &str,
    district: Option<&str>,
) -> Result<(Place, Option<Place>), CoreError> {
    actor.require(Role::AREA_WATCHERS)?;
    let p = province_of(province)?;
    let scope = actor.scope();
    // A district coordinator who names no district means their own.
    let district = match (
        district.map(str::trim).filter(|d| !d.is_empty()),
        scope.home_area(),
    ) {
        (Some(d), _) => Some(district_of(p, d)?),
        (None, Some((own_p, Some(own_d)))) if own_p == p.code => Some(district_of(p, own_d)?),
        (None, _) => None,
    };
    if !scope.covers_area(&p.code, district.map(|d| d.code.as_str())) {
        return Err(CoreError::not_found(
            format!("ไม่พบข้อมูลของจังหวัด \"{province}\" ที่ท่านดูได้"),
            format!("No data of \"{province}\" that you may see."),
        ));
    }
    Ok((
        Place {
            code: p.code.clone(),
            name_th: p.name_th.clone(),
            name_en: p.name_en.clone(),
        },
        district.map(|d| Place {
            code: d.code.clone(),
            name_th: d.name_th.clone(),
            name_en: d.name_en.clone(),
        }),
    ))
}

fn in_area<'a>(
    rows: &'a [SnapshotRow],
    province: &'a str,
    district: Option<&'a str>,
) -> impl Iterator<Item = &'a SnapshotRow> {
    rows.iter().filter(move |r| {
        r.province_code == province
            && district.is_none_or(|d| r.line.agency.district_code.as_deref() == Some(d))
    })
}

pub(crate) fn indicator_means(
    fw: &openita_framework::Framework,
    summary: &Summary,
    limit: usize,
) -> Vec<IndicatorMean> {
    let mut means: Vec<IndicatorMean> = summary
        .indicators
        .iter()
        .map(|(number, mean)| {
            let ind = fw
                .instruments
                .iter()
                .flat_map(|i| i.indicators.iter())
                .find(|i| i.number == *number);
            IndicatorMean {
                number: *number,
                name_th: ind.map(|i| i.name_th.clone()).unwrap_or_default(),
                name_en: ind.map(|i| i.name_en.clone()).unwrap_or_default(),
                mean: *mean,
            }
        })
        .collect();
    means.sort_by_key(|m| (m.mean, m.number));
    means.truncate(limit);
    means
}

fn summarise(fw: &openita_framework::Framework, rows: &[&SnapshotRow]) -> AreaSummary {
    let count = |f: &dyn Fn(&SnapshotRow) -> bool| rows.iter().filter(|r| f(r)).count() as u64;
    let predicted = openita_scoring::summary(rows.iter().filter_map(|r| r.predicted.as_ref()));
    let group = |key: &dyn Fn(&SnapshotRow) -> (String, String, String)| {
        let mut groups: BTreeMap<String, (String, String, Vec<&SnapshotRow>)> = BTreeMap::new();
        for r in rows {
            let (code, th, en) = key(r);
            groups
                .entry(code)
                .or_insert_with(|| (th, en, Vec::new()))
                .2
                .push(r);
        }
        groups
            .into_iter()
            .map(|(code, (name_th, name_en, members))| Count {
                code,
                name_th,
                name_en,
                agencies: members.len() as u64,
                at_risk: members.iter().filter(|r| r.line.at_risk).count() as u64,
                predicted_mean: openita_scoring::summary(
                    members.iter().filter_map(|r| r.predicted.as_ref()),
                )
                .mean,
            })
            .collect::<Vec<_>>()
    };
    let mut by_type = group(&|r| {
        let t = r.line.agency.agency_type;
        (
            format!(
                "{:02}",
                AgencyType::ALL.iter().position(|x| *x == t).unwrap_or(99)
            ),
            t.name_th().to_string(),
            t.name_en().to_string(),
        )
    });
    for c in &mut by_type {
        // The sort key was the type's rank; the API shows its code.
        if let Some(t) = c
            .code
            .parse::<usize>()
            .ok()
            .and_then(|i| AgencyType::ALL.get(i))
        {
            c.code = t.code().to_string();
        }
    }
    let by_district = group(&|r| match &r.line.agency.district_code {
        Some(code) => (
            code.clone(),
            r.line.agency.district.clone().unwrap_or_default(),
            openita_geography::district(&r.province_code, code)
                .map(|d| d.name_en.clone())
                .unwrap_or_default(),
        ),
        None => (
            "-".into(),
            "ระดับจังหวัด (ไม่สังกัดอำเภอ)".into(),
            "Province level (no district)".into(),
        ),
    });
    AreaSummary {
        agencies: rows.len() as u64,
        registered: count(&|r| !r.line.missing.contains(&Missing::NotRegistered)),
        headcount_approved: count(&|r| r.line.headcount.approved),
        iit_below_minimum: count(&|r| r.line.missing.contains(&Missing::IitBelowMinimum)),
        eit_below_minimum: count(&|r| r.line.missing.contains(&Missing::EitBelowMinimum)),
        oit_approved: count(&|r| !r.line.missing.contains(&Missing::OitNotApproved)),
        at_risk: count(&|r| r.line.at_risk),
        failed_last_year: count(&|r| r.line.failed_last_year == Some(true)),
        predicted_mean: predicted.mean,
        predicted_pass_rate: predicted.pass_rate,
        missing: Missing::ALL
            .into_iter()
            .map(|m| (m, count(&|r| r.line.missing.contains(&m))))
            .collect(),
        by_type,
        by_district,
        weakest_indicators: indicator_means(fw, &predicted, 3),
    }
}

fn sort_lines(lines: &mut [AgencyOnDashboard], sort: &str) {
    let predicted = |l: &AgencyOnDashboard| l.predicted.as_ref().map(|p| p.total);
    match sort {
        "code" => lines.sort_by(|a, b| a.agency.code.cmp(&b.agency.code)),
        "name" => lines.sort_by(|a, b| thai_cmp(&a.agency.name_th, &b.agency.name_th)),
        "iit" => lines.sort_by_key(|l| std::cmp::Reverse(l.iit.short_by.unwrap_or(0))),
        "eit" => lines.sort_by_key(|l| std::cmp::Reverse(l.eit.short_by.unwrap_or(0))),
        "oit" => lines.sort_by_key(|l| l.oit.answered - l.oit.total),
        "predicted" => lines.sort_by_key(predicted),
        _ => lines.sort_by(|a, b| {
            b.at_risk
                .cmp(&a.at_risk)
                .then_with(|| predicted(a).cmp(&predicted(b)))
                .then_with(|| a.agency.code.cmp(&b.agency.code))
        }),
    }
}

/// `GET /api/v1/cycles/{year}/provinces/{province}/dashboard`.
pub async fn area_dashboard(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    province: &str,
    query: &AreaQuery,
) -> Result<AreaDashboard, CoreError> {
    let (province, district) = watched_area(actor, province, query.district.as_deref())?;
    let agency_type = match query
        .agency_type
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        Some(t) => Some(t.parse::<AgencyType>().map_err(|_| {
            CoreError::invalid(
                "type",
                format!("ไม่รู้จักประเภทหน่วยงาน \"{t}\""),
                format!("Unknown agency type \"{t}\"."),
            )
        })?),
        None => None,
    };
    let missing = match query
        .missing
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty())
    {
        Some(m) => Some(Missing::from_code(m).ok_or_else(|| {
            CoreError::invalid(
                "missing",
                format!("ไม่รู้จักเหตุ \"{m}\""),
                format!("Unknown reason \"{m}\"."),
            )
        })?),
        None => None,
    };
    let snap = snapshot::snapshot(core, year).await?;
    let cycle = crate::cycles::get_cycle(core, year).await?;
    let fw = crate::cycles::cached_framework(core, &cycle).await?;
    let area: Vec<&SnapshotRow> = in_area(
        &snap.rows,
        &province.code,
        district.as_ref().map(|d| d.code.as_str()),
    )
    .filter(|r| agency_type.is_none_or(|t| r.line.agency.agency_type == t))
    .collect();
    let summary = summarise(&fw, &area);
    let mut agencies: Vec<AgencyOnDashboard> = area
        .iter()
        .filter(|r| missing.is_none_or(|m| r.line.missing.contains(&m)))
        .filter(|r| query.at_risk.is_none_or(|want| r.line.at_risk == want))
        .map(|r| r.line.clone())
        .collect();
    sort_lines(&mut agencies, query.sort.as_deref().unwrap_or("risk"));
    let outcome = outcome(&fw, &snap, &area);
    let targets =
        targets::area_targets(core, &cycle, &province.code, &summary, outcome.as_ref()).await?;
    Ok(AreaDashboard {
        year,
        province,
        district,
        as_of: snap.as_of.clone(),
        pass_mark: Decimal2::round_fraction(snap.pass_mark),
        summary,
        targets,
        outcome,
        agencies,
    })
}

/// The published outcome of the area (none before publication), from the snapshot's copy of
/// the published results.
fn outcome(
    fw: &openita_framework::Framework,
    snap: &snapshot::CycleSnapshot,
    area: &[&SnapshotRow],
) -> Option<Outcome> {
    let this_year = snap.this_year.as_ref()?;
    let now: Vec<(&SnapshotRow, &snapshot::PublishedResult)> = area
        .iter()
        .filter_map(|r| this_year.get(&r.line.agency.code).map(|p| (*r, p)))
        .collect();
    let summary = openita_scoring::summary(now.iter().map(|(_, p)| &p.digest));
    let mut distribution: Vec<(String, u64)> =
        fw.levels.iter().map(|l| (l.name.clone(), 0)).collect();
    for (_, p) in &now {
        if let Some(slot) = distribution.iter_mut().find(|(name, _)| *name == p.level) {
            slot.1 += 1;
        }
    }
    let before: Vec<&snapshot::PublishedResult> = area
        .iter()
        .filter_map(|r| snap.last_year.get(&r.line.agency.code))
        .collect();
    let last_year =
        (!before.is_empty()).then(|| openita_scoring::summary(before.iter().map(|p| &p.digest)));
    let mut fell: Vec<Fell> = now
        .iter()
        .filter_map(|(r, p)| {
            let b = snap.last_year.get(&r.line.agency.code)?;
            (p.total < b.total).then(|| Fell {
                code: r.line.agency.code.clone(),
                name_th: r.line.agency.name_th.clone(),
                before: b.total,
                now: p.total,
                passed_before: b.pass,
                passes_now: p.pass,
            })
        })
        .collect();
    fell.sort_by_key(|f| (f.now.hundredths() - f.before.hundredths(), f.code.clone()));
    Some(Outcome {
        weakest_indicators: indicator_means(fw, &summary, 3),
        summary,
        distribution,
        last_year,
        fell,
    })
}

/// `GET .../targets`: the targets with the area and its figures.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AreaTargetsView {
    pub year: FiscalYear,
    pub province: Place,
    #[serde(flatten)]
    pub targets: AreaTargets,
}

impl AreaTargetsView {
    pub fn of(board: &AreaDashboard) -> AreaTargetsView {
        AreaTargetsView {
            year: board.year,
            province: board.province.clone(),
            targets: board.targets.clone(),
        }
    }
}
