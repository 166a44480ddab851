//! The province committee's OIT pre-check page: one item, every agency of the area, its answer
//! and evidence checks beside a mark (checked / needs work) and a note the agency sees.

use super::{PageContext, render};
use crate::error::ApiPath;
use crate::{AppState, access::urlencode, error::ApiError, session::CurrentUser};
use askama::Template;
use axum::{
    Form,
    extract::{Query, State},
    response::{IntoResponse, Redirect, Response},
};
use openita_core::oit_review::{OitState, PrecheckStatus};
use openita_core::{
    CoreError,
    oit_review::{self, PrecheckInput, PrecheckTable},
};
use openita_types::{AgencyCode, FiscalYear, LinkOutcome, Role};

#[derive(Template)]
#[template(path = "oit/precheck.html")]
struct PrecheckPage {
    page: PageContext,
    table: PrecheckTable,
    /// The province's districts to narrow the table to (none for a district coordinator).
    districts: Vec<super::drive::Choice>,
    can_mark: bool,
    error: Option<(String, String)>,
}

impl PrecheckPage {
    fn outcome_label(&self, outcome: &LinkOutcome) -> &'static str {
        outcome.label(self.page.lang)
    }

    fn error_for(&self, code: &str) -> Option<&str> {
        self.error
            .as_ref()
            .filter(|(c, _)| c == code)
            .map(|(_, m)| m.as_str())
    }

    fn state_name(&self, state: &OitState) -> &'static str {
        super::oit::state_name(self.page.lang, *state)
    }

    fn place(&self) -> String {
        let t = &self.table;
        let p = self.page.pick(&t.province.name_th, &t.province.name_en);
        match &t.district {
            Some(d) => format!("{p} {}", self.page.pick(&d.name_th, &d.name_en)),
            None => p.to_string(),
        }
    }
}

#[derive(serde::Deserialize, Default)]
pub struct PrecheckQuery {
    item: Option<String>,
    district: Option<String>,
}

async fn page_of(
    state: &AppState,
    page: PageContext,
    user: &CurrentUser,
    year: FiscalYear,
    province: &str,
    q: &PrecheckQuery,
    error: Option<(String, String)>,
) -> Result<Response, ApiError> {
    let page = page.with_section("cycles");
    let table = oit_review::precheck_table(
        &state.core,
        &user.actor,
        year,
        province,
        q.district.as_deref().filter(|d| !d.is_empty()),
        q.item.as_deref(),
    )
    .await?;
    let districts = if user.actor.role == Role::DistrictCoordinator {
        Vec::new()
    } else {
        super::drive::choices(
            openita_geography::districts_of(&table.province.code)
                .iter()
                .map(|d| {
                    (
                        d.code.clone(),
                        page.pick(&d.name_th, &d.name_en).to_string(),
                    )
                }),
            table.district.as_ref().map(|d| d.code.as_str()),
            page.t("drive.all"),
        )
    };
    let failed = error.is_some();
    let mut r = render(&PrecheckPage {
        districts,
        can_mark: user.actor.role.is_coordinator(),
        page,
        table,
        error,
    });
    if failed {
        *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(r)
}

pub async fn show(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    ApiPath((year, province)): ApiPath<(FiscalYear, String)>,
    Query(q): Query<PrecheckQuery>,
) -> Result<Response, ApiError> {
    page_of(&state, page, &user, year, &province, &q, None).await
}

#[derive(serde::Deserialize)]
pub struct MarkForm {
    #[serde(default)]
    status: String,
    #[serde(default)]
    note: String,
}

/// Marks one agency's answer and returns to the same item's table, at that agency's row.
pub async fn mark(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    ApiPath((year, code, item)): ApiPath<(FiscalYear, AgencyCode, String)>,
    Form(form): Form<MarkForm>,
) -> Result<Response, ApiError> {
    let input = PrecheckInput {
        status: form.status,
        note: form.note,
    };
    let agency =
        openita_core::agencies::find_visible_agency(&state.core, &user.actor, &code).await?;
    let province = agency.province_code.clone();
    let district = if user.actor.role == Role::DistrictCoordinator {
        agency.district_code.clone()
    } else {
        None
    };
    match oit_review::set_precheck(&state.core, &user.actor, year, &code, &item, &input).await {
        Ok(_) => Ok(Redirect::to(&format!(
            "/cycles/{year}/provinces/{province}/oit-precheck?item={}&done=precheck.saved#a-{code}",
            urlencode(&item)
        ))
        .into_response()),
        Err(e @ (CoreError::Invalid(_) | CoreError::Conflict { .. })) => {
            let message = e.text().get(page.lang).to_string();
            let q = PrecheckQuery {
                item: Some(item),
                district,
            };
            page_of(
                &state,
                page,
                &user,
                year,
                &province,
                &q,
                Some((String::from(code), message)),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
