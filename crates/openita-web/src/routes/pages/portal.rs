//! The public results portal (after publication; the NACC admin before): the summary, how
//! results spread over provinces (or a province's districts), agency types and levels, the
//! mean of each indicator, the ranked list, and the open-data downloads.

use super::{PageContext, agencies::Choice, render};
use crate::error::ApiPath;
use crate::{AppState, error::ApiError, session::MaybeUser};
use askama::Template;
use axum::{
    extract::{Query, State},
    response::Response,
};
use openita_core::results::{
    self, Distribution, Overview, PortalResults, ResultFilter, ResultList, ResultRow,
};
use openita_scoring::Summary;
use openita_types::{AgencyType, FiscalYear};

/// One line of a "by group" table, in the page language.
pub struct GroupLine {
    pub name: String,
    pub agencies: u64,
    pub mean: String,
    pub passed: u64,
    pub pass_rate: String,
    /// Whole percent, for the `<meter>`.
    pub pass_percent: i64,
}

fn rate(v: Option<openita_scoring::Decimal2>) -> (String, i64) {
    match v {
        Some(r) => (format!("{r}%"), r.hundredths() / 100),
        None => ("–".into(), 0),
    }
}

fn line(name: String, s: &Summary) -> GroupLine {
    let (pass_rate, pass_percent) = rate(s.pass_rate);
    GroupLine {
        name,
        agencies: s.agencies,
        mean: s.mean.map(|m| m.to_string()).unwrap_or_else(|| "–".into()),
        passed: s.passed,
        pass_rate,
        pass_percent,
    }
}

#[derive(Template)]
#[template(path = "results/portal.html")]
struct PortalPage {
    page: PageContext,
    year: FiscalYear,
    /// False only for the NACC admin before publication: the page says so.
    published: bool,
    rows: ResultList,
    summary: Summary,
    query: String,
    q: String,
    provinces: Vec<Choice>,
    types: Vec<(String, String, bool)>,
    /// "province" or "district".
    grouped_by: &'static str,
    groups: Vec<GroupLine>,
    by_type: Vec<GroupLine>,
    /// The AA-F bands (years before 2566) or else the tiers, with how many agencies each.
    distribution: Vec<(String, u64)>,
    /// True when `distribution` lists bands.
    show_levels: bool,
    /// (number, name, mean) of every indicator.
    indicators: Vec<(u16, String, String)>,
}

impl PortalPage {
    fn type_name(&self, t: &AgencyType) -> &'static str {
        self.page.pick(t.name_th(), t.name_en())
    }

    fn tier_name<'a>(&self, row: &'a ResultRow) -> &'a str {
        row.tier_name.get(self.page.lang)
    }
}

pub async fn portal(
    State(state): State<AppState>,
    page: PageContext,
    user: MaybeUser,
    ApiPath(year): ApiPath<FiscalYear>,
    Query(f): Query<ResultFilter>,
) -> Result<Response, ApiError> {
    let PortalResults {
        published,
        rows,
        overview,
    } = results::results_portal(&state.core, user.actor(), year, &f).await?;
    let fw = rows.framework();
    let Overview {
        summary,
        distribution:
            Distribution {
                grouped_by,
                groups,
                levels,
            },
    } = &*overview;
    let show_levels = fw.shows_levels();
    // From 2566 NACC reports the tier, not the band: count agencies per tier, in the
    // framework's order.
    let distribution = if show_levels {
        levels.clone()
    } else {
        fw.rating_rules
            .iter()
            .map(|rule| {
                (
                    page.pick(&rule.name_th, &rule.name_en).to_string(),
                    rows.iter().filter(|r| r.fields.tier == rule.tier).count() as u64,
                )
            })
            .collect()
    };
    let province = f.province.clone().unwrap_or_default();
    let t = f.agency_type.clone().unwrap_or_default();
    let query =
        serde_urlencoded::to_string([("province", province.as_str()), ("type", t.as_str())])
            .unwrap_or_default();
    let page = page.with_section("results");
    let groups = groups
        .iter()
        .map(|g| {
            let name = page.pick(&g.name_th, &g.name_en).to_string();
            line(name, &g.summary)
        })
        .collect();
    let by_type = summary
        .by_type
        .iter()
        .map(|s| {
            let t = s.agency_type;
            let (pass_rate, pass_percent) = rate(s.pass_rate);
            GroupLine {
                name: page.pick(t.name_th(), t.name_en()).to_string(),
                agencies: s.agencies,
                mean: s.mean.map(|m| m.to_string()).unwrap_or_else(|| "–".into()),
                passed: s.passed,
                pass_rate,
                pass_percent,
            }
        })
        .collect();
    let indicators = fw
        .instruments
        .iter()
        .flat_map(|i| i.indicators.iter())
        .map(|ind| {
            (
                ind.number,
                page.pick(&ind.name_th, &ind.name_en).to_string(),
                summary
                    .indicators
                    .get(&ind.number)
                    .map(|m| m.to_string())
                    .unwrap_or_else(|| "–".into()),
            )
        })
        .collect();
    Ok(render(&PortalPage {
        provinces: super::agencies::province_choices(&page, &province),
        types: AgencyType::ALL
            .iter()
            .map(|a| {
                (
                    a.code().to_string(),
                    page.pick(a.name_th(), a.name_en()).to_string(),
                    a.code() == t,
                )
            })
            .collect(),
        page,
        year,
        published,
        summary: summary.clone(),
        grouped_by,
        rows,
        query,
        q: f.q.unwrap_or_default(),
        groups,
        by_type,
        distribution,
        show_levels,
        indicators,
    }))
}

#[derive(Template)]
#[template(path = "results/index.html")]
struct IndexPage {
    page: PageContext,
    years: Vec<FiscalYear>,
}

/// `/results` (and `/` for a visitor): the published years, and the way in for staff.
pub async fn index(State(state): State<AppState>, page: PageContext) -> Result<Response, ApiError> {
    let years = results::published_years(&state.core).await?;
    Ok(render(&IndexPage {
        page: page.with_section("results"),
        years,
    }))
}
