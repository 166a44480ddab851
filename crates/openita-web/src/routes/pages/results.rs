//! The public results portal (after publication; the NACC admin sees it before): summary,
//! search, rankings and downloads; and each agency's report page, which the PDF mirrors.

use super::{PageContext, render};
use crate::error::ApiPath;
use crate::{
    AppState,
    error::ApiError,
    session::{CurrentUser, MaybeUser},
};
use askama::Template;
use axum::{
    extract::State,
    response::{IntoResponse, Redirect, Response},
};
use openita_core::{
    CoreError, background,
    results::{self},
};
use openita_types::{AgencyCode, FiscalYear};

#[derive(Template)]
#[template(path = "results/agency.html")]
struct AgencyPage {
    page: PageContext,
    year: FiscalYear,
    code: String,
    report: results::ReportText,
}

pub async fn agency(
    State(state): State<AppState>,
    page: PageContext,
    user: MaybeUser,
    ApiPath((year, code)): ApiPath<(FiscalYear, AgencyCode)>,
) -> Result<Response, ApiError> {
    let report = results::agency_report(&state.core, user.actor(), year, &code)
        .await?
        .in_language(page.lang);
    Ok(render(&AgencyPage {
        page: page.with_section("results"),
        year,
        code: String::from(code),
        report,
    }))
}

pub async fn compute(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(year): ApiPath<FiscalYear>,
) -> Result<Response, ApiError> {
    let job = background::enqueue_results_compute(&state.core, &user.actor, year).await?;
    Ok(Redirect::to(&format!("/jobs/{}", job.id)).into_response())
}

#[derive(Template)]
#[template(path = "results/publish.html")]
struct PublishPage {
    page: PageContext,
    year: FiscalYear,
    summary: openita_scoring::Summary,
    /// Why publishing is refused now (the announcement window, unfinished OIT), if it is.
    refusal: Option<String>,
}

/// What publishing will make public, and whether it may happen now; the button is on this
/// page only, after the figures.
pub async fn confirm_publish(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    ApiPath(year): ApiPath<FiscalYear>,
) -> Result<Response, ApiError> {
    let page = page.with_section("cycles");
    if results::results_published(&state.core, None, year)
        .await
        .unwrap_or(false)
    {
        return Ok(Redirect::to(&format!("/results/{year}")).into_response());
    }
    let summary = results::results_summary(
        &state.core,
        Some(&user.actor),
        year,
        &results::ResultFilter::default(),
    )
    .await?;
    let refusal = results::publish_check(&state.core, year)
        .await
        .err()
        .map(|e| e.text().get(page.lang).to_string());
    Ok(render(&PublishPage {
        page,
        year,
        summary,
        refusal,
    }))
}

pub async fn publish(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    ApiPath(year): ApiPath<FiscalYear>,
) -> Result<Response, ApiError> {
    match results::publish_results(&state.core, &user.actor, year).await {
        Ok(())
        | Err(CoreError::Conflict {
            code: "results_published",
            ..
        }) => Ok(Redirect::to(&format!("/results/{year}")).into_response()),
        // Refused (too early, unfinished OIT): the confirmation page says why.
        Err(CoreError::Conflict { .. }) => {
            let mut r = confirm_publish(State(state), page, user, ApiPath(year)).await?;
            *r.status_mut() = axum::http::StatusCode::CONFLICT;
            Ok(r)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(serde::Deserialize)]
pub struct ReopenForm {
    #[serde(default)]
    reason: String,
}

/// Takes published results back (to correct and recompute), with the reason, audited.
pub async fn reopen(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    ApiPath(year): ApiPath<FiscalYear>,
    axum::Form(form): axum::Form<ReopenForm>,
) -> Result<Response, ApiError> {
    match results::reopen_results(&state.core, &user.actor, year, &form.reason).await {
        Ok(_) => Ok(Redirect::to(&format!("/cycles/{year}?done=results.reopened")).into_response()),
        // A reason refused: the cycle's page again, the message beside the box, the text kept.
        Err(openita_core::CoreError::Invalid(fields)) => {
            let errors = page
                .form_errors(&fields)
                .into_iter()
                .map(|e| super::FormError {
                    field: "reopen-reason".into(),
                    message: e.message,
                })
                .collect();
            super::cycles::show_page(
                &state,
                page,
                year,
                errors,
                None,
                super::cycles::Typed::ReopenReason(form.reason),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
