//! A province's progress: every agency with its headcount and responses against the
//! minimums, sortable (by default the largest shortfall first).

use super::{PageContext, render};
use crate::error::ApiPath;
use crate::{AppState, error::ApiError, session::CurrentUser};
use askama::Template;
use axum::{
    extract::{Query, State},
    response::Response,
};
use openita_core::survey_responses::{self, AgencyProgress};
use openita_types::FiscalYear;
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct ProgressQuery {
    province: Option<String>,
    sort: Option<String>,
}

#[derive(Template)]
#[template(path = "progress/show.html")]
struct ProgressPage {
    page: PageContext,
    year: FiscalYear,
    rows: Vec<AgencyProgress>,
    province: String,
    province_name: String,
    sort: String,
    below: usize,
    not_approved: usize,
}

impl ProgressPage {
    fn show(&self, n: &Option<i64>) -> String {
        n.map(|v| v.to_string()).unwrap_or_else(|| "–".into())
    }
}

pub async fn show(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    ApiPath(year): ApiPath<FiscalYear>,
    Query(q): Query<ProgressQuery>,
) -> Result<Response, ApiError> {
    let page = page.with_section("cycles");
    let province = q
        .province
        .clone()
        .filter(|p| !p.is_empty())
        .or_else(|| user.actor.province_code.clone())
        .unwrap_or_else(|| "36".into());
    let mut rows =
        survey_responses::province_progress(&state.core, &user.actor, year, Some(&province))
            .await?;
    let sort = q.sort.clone().unwrap_or_else(|| "shortfall".into());
    match sort.as_str() {
        "code" => rows.sort_by(|a, b| a.code.cmp(&b.code)),
        "iit" => rows.sort_by_key(|r| r.iit.responses),
        "eit" => rows.sort_by_key(|r| r.eit.responses),
        _ => {}
    }
    let below = rows.iter().filter(|r| r.shortfall > 0).count();
    let not_approved = rows.iter().filter(|r| !r.headcount_approved).count();
    let province_name = openita_geography::province(&province)
        .map(|p| page.pick(&p.name_th, &p.name_en).to_string())
        .unwrap_or_default();
    Ok(render(&ProgressPage {
        page,
        year,
        rows,
        province,
        province_name,
        sort,
        below,
        not_approved,
    }))
}
