//! An agency in a cycle (`/api/v1/cycles/{year}/agencies/{code}/...`): headcount, status,
//! survey links with their QR codes and posters.

use crate::{
    AppState,
    error::{ApiError, ApiJson, ApiPath},
    session::CurrentUser,
};
use axum::{
    Json,
    extract::State,
    http::header,
    response::{IntoResponse, Response},
};
use openita_core::{
    CoreError, cycles,
    headcount::{self, HeadcountView},
    survey_links::{self, SurveyLinks},
    survey_responses::{self, AgencyStatus},
};
use openita_types::{
    AgencyCode, FiscalYear,
    thai_time::{english_datetime_short, thai_window_edge_short},
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"internal_staff": 42}))]
pub struct HeadcountRequest {
    /// Staff with at least one year of service on the framework's reference date.
    #[schema(minimum = 1, maximum = 1_000_000)]
    #[serde(deserialize_with = "openita_types::whole_number::deserialize")]
    pub internal_staff: i64,
}

#[utoipa::path(get, path = "/api/v1/cycles/{year}/agencies/{code}/headcount", operation_id = "getHeadcount", tag = "agency in a cycle",
    params(("year" = i64, Path), ("code" = String, Path)), responses((status = 200, body = HeadcountView), (status = 404)))]
pub async fn get_headcount(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, code)): ApiPath<(FiscalYear, AgencyCode)>,
) -> Result<Json<HeadcountView>, ApiError> {
    Ok(Json(
        headcount::get_headcount(&state.core, &user.actor, year, &code).await?,
    ))
}

#[utoipa::path(put, path = "/api/v1/cycles/{year}/agencies/{code}/headcount", operation_id = "setHeadcount", tag = "agency in a cycle",
    params(("year" = i64, Path), ("code" = String, Path)), request_body = HeadcountRequest,
    responses((status = 200, body = HeadcountView), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn put_headcount(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, code)): ApiPath<(FiscalYear, AgencyCode)>,
    ApiJson(body): ApiJson<HeadcountRequest>,
) -> Result<Json<HeadcountView>, ApiError> {
    Ok(Json(
        headcount::set_headcount(&state.core, &user.actor, year, &code, body.internal_staff)
            .await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/cycles/{year}/agencies/{code}/headcount/approve", operation_id = "approveHeadcount", tag = "agency in a cycle",
    params(("year" = i64, Path), ("code" = String, Path)),
    responses((status = 200, body = HeadcountView), (status = 403), (status = 404), (status = 409)))]
pub async fn approve_headcount(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, code)): ApiPath<(FiscalYear, AgencyCode)>,
) -> Result<Json<HeadcountView>, ApiError> {
    Ok(Json(
        headcount::approve_headcount(&state.core, &user.actor, year, &code).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/cycles/{year}/agencies/{code}/status", operation_id = "getAgencyStatus", tag = "agency in a cycle",
    params(("year" = i64, Path), ("code" = String, Path)), responses((status = 200, body = AgencyStatus), (status = 404)))]
pub async fn status(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, code)): ApiPath<(FiscalYear, AgencyCode)>,
) -> Result<Json<AgencyStatus>, ApiError> {
    Ok(Json(
        survey_responses::agency_status(&state.core, &user.actor, year, &code).await?,
    ))
}

#[derive(Serialize, ToSchema)]
pub struct LinkUrls {
    /// The public survey address.
    pub url: String,
    /// The QR code (SVG) of that address.
    pub qr_svg: String,
    /// The QR code as PNG (for chat apps).
    pub qr_png: String,
    /// An A4 poster PDF for notice boards.
    pub poster_pdf: String,
}

#[derive(Serialize, ToSchema)]
pub struct LinksResponse {
    pub iit: LinkUrls,
    pub eit: LinkUrls,
}

pub(crate) fn link_urls(state: &AppState, links: &SurveyLinks) -> LinksResponse {
    let files = |instrument: &str, token: &str| {
        let base = format!(
            "/api/v1/cycles/{}/agencies/{}/survey-links/{instrument}",
            links.year, links.agency
        );
        LinkUrls {
            url: state.absolute(&format!("/s/{token}")),
            qr_svg: state.absolute(&format!("{base}/qr.svg")),
            qr_png: state.absolute(&format!("{base}/qr.png")),
            poster_pdf: state.absolute(&format!("{base}/poster.pdf")),
        }
    };
    LinksResponse {
        iit: files("iit", &links.iit_token),
        eit: files("eit", &links.eit_token),
    }
}

#[utoipa::path(get, path = "/api/v1/cycles/{year}/agencies/{code}/survey-links", operation_id = "getSurveyLinks", tag = "agency in a cycle",
    params(("year" = i64, Path), ("code" = String, Path)), responses((status = 200, body = LinksResponse), (status = 403), (status = 404)))]
pub async fn links(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, code)): ApiPath<(FiscalYear, AgencyCode)>,
) -> Result<Json<LinksResponse>, ApiError> {
    let links = survey_links::survey_links(&state.core, &user.actor, year, &code).await?;
    Ok(Json(link_urls(&state, &links)))
}

#[utoipa::path(post, path = "/api/v1/cycles/{year}/agencies/{code}/survey-links/rotate", operation_id = "rotateSurveyLinks", tag = "agency in a cycle",
    params(("year" = i64, Path), ("code" = String, Path)), responses((status = 200, body = LinksResponse), (status = 403), (status = 404)))]
pub async fn rotate(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, code)): ApiPath<(FiscalYear, AgencyCode)>,
) -> Result<Json<LinksResponse>, ApiError> {
    let links = survey_links::rotate_links(&state.core, &user.actor, year, &code).await?;
    Ok(Json(link_urls(&state, &links)))
}

/// The token and URL of one instrument's link.
async fn one_link(
    state: &AppState,
    user: &CurrentUser,
    year: FiscalYear,
    code: &AgencyCode,
    instrument: &str,
) -> Result<(SurveyLinks, String), ApiError> {
    let links = survey_links::survey_links(&state.core, &user.actor, year, code).await?;
    let token = match instrument {
        "iit" => links.iit_token.clone(),
        "eit" => links.eit_token.clone(),
        _ => {
            return Err(
                CoreError::not_found("ไม่พบแบบวัดนี้", "No such instrument: use iit or eit.").into(),
            );
        }
    };
    let url = state.absolute(&format!("/s/{token}"));
    Ok((links, url))
}

fn file_error(e: &impl std::fmt::Display) -> ApiError {
    CoreError::internal(format!("file generation failed: {e}")).into()
}

#[utoipa::path(get, path = "/api/v1/cycles/{year}/agencies/{code}/survey-links/{instrument}/qr.svg", operation_id = "getSurveyQrSvg", tag = "agency in a cycle",
    params(("year" = i64, Path), ("code" = String, Path), ("instrument" = String, Path, description = "iit or eit")),
    responses((status = 200, content_type = "image/svg+xml"), (status = 404)))]
pub async fn qr_svg(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, code, instrument)): ApiPath<(FiscalYear, AgencyCode, String)>,
) -> Result<Response, ApiError> {
    let (_, url) = one_link(&state, &user, year, &code, &instrument).await?;
    let svg = openita_reports::qr::svg(&url).map_err(|e| file_error(&e))?;
    Ok(([(header::CONTENT_TYPE, "image/svg+xml")], svg).into_response())
}

#[utoipa::path(get, path = "/api/v1/cycles/{year}/agencies/{code}/survey-links/{instrument}/qr.png", operation_id = "getSurveyQrPng", tag = "agency in a cycle",
    params(("year" = i64, Path), ("code" = String, Path), ("instrument" = String, Path, description = "iit or eit")),
    responses((status = 200, content_type = "image/png"), (status = 404)))]
pub async fn qr_png(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, code, instrument)): ApiPath<(FiscalYear, AgencyCode, String)>,
) -> Result<Response, ApiError> {
    let (_, url) = one_link(&state, &user, year, &code, &instrument).await?;
    let png = openita_reports::qr::png(&url, 600).map_err(|e| file_error(&e))?;
    let disposition = format!("inline; filename=\"qr-{code}-{instrument}.png\"");
    Ok((
        [
            (header::CONTENT_TYPE, "image/png".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        png,
    )
        .into_response())
}

#[utoipa::path(get, path = "/api/v1/cycles/{year}/agencies/{code}/survey-links/{instrument}/poster.pdf", operation_id = "getSurveyPoster", tag = "agency in a cycle",
    params(("year" = i64, Path), ("code" = String, Path), ("instrument" = String, Path, description = "iit or eit")),
    responses((status = 200, content_type = "application/pdf"), (status = 404)))]
pub async fn poster(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, code, instrument)): ApiPath<(FiscalYear, AgencyCode, String)>,
) -> Result<Response, ApiError> {
    let (_, url) = one_link(&state, &user, year, &code, &instrument).await?;
    let agency =
        openita_core::agencies::find_visible_agency(&state.core, &user.actor, &code).await?;
    let cycle = cycles::get_cycle(&state.core, year).await?;
    let phase = if instrument == "iit" {
        openita_types::Phase::Iit
    } else {
        openita_types::Phase::Eit
    };
    let (window_th, window_en) = match cycle.window(phase) {
        Some(w) => (
            format!(
                "เปิดตอบ {} – {}",
                thai_window_edge_short(w.start),
                thai_window_edge_short(w.end)
            ),
            Some(format!(
                "Open {} – {}",
                english_datetime_short(w.start),
                english_datetime_short(w.end)
            )),
        ),
        None => (
            "ช่วงเวลาตอบจะประกาศภายหลัง".to_string(),
            Some("Dates to be announced".to_string()),
        ),
    };
    let district = agency
        .district
        .as_deref()
        .map(|d| format!(" อำเภอ{d}"))
        .unwrap_or_default();
    let input = openita_reports::poster::PosterInput {
        agency_name_th: format!("{}{district} จังหวัด{}", agency.name_th, agency.province),
        agency_name_en: agency.name_en.clone(),
        instrument: if instrument == "iit" {
            openita_reports::poster::Instrument::Iit
        } else {
            openita_reports::poster::Instrument::Eit
        },
        fiscal_year_be: year.be(),
        survey_url: url,
        window_th,
        window_en,
        minutes: 5,
        contact: agency.website.clone(),
    };
    // Typst layout is CPU work: keep it off the async workers.
    let pdf = tokio::task::spawn_blocking(move || openita_reports::poster::pdf(&input))
        .await
        .map_err(|e| file_error(&e))?
        .map_err(|e| file_error(&e))?;
    let disposition = format!("inline; filename=\"poster-{code}-{instrument}-{year}.pdf\"");
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        pdf,
    )
        .into_response())
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProgressQuery {
    /// Coordinators: their own, the default.
    #[param(value_type = Option<crate::routes::api::v1::openapi::ProvinceName>)]
    pub province: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/cycles/{year}/progress", operation_id = "getSurveyProgress", tag = "agency in a cycle",
    params(("year" = i64, Path), ProgressQuery),
    responses((status = 200, body = [survey_responses::AgencyProgress]), (status = 403)))]
pub async fn progress(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(year): ApiPath<FiscalYear>,
    crate::error::ApiQuery(q): crate::error::ApiQuery<ProgressQuery>,
) -> Result<Json<Vec<survey_responses::AgencyProgress>>, ApiError> {
    Ok(Json(
        survey_responses::province_progress(&state.core, &user.actor, year, q.province.as_deref())
            .await?,
    ))
}

#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"channels": [
    {"kind": "website", "url": "https://www.nafai.go.th/ita", "note": "หน้าแรก แบนเนอร์ ITA"},
    {"kind": "poster", "note": "ติดที่ศาลาประชาคม"}]}))]
pub struct PublicityRequest {
    /// Where the survey links were published, at most 20.
    #[schema(max_items = 20)]
    pub channels: Vec<openita_core::provinces::ChannelInput>,
}

#[utoipa::path(get, path = "/api/v1/cycles/{year}/agencies/{code}/publicity", operation_id = "getPublicity", tag = "agency in a cycle",
    params(("year" = i64, Path), ("code" = String, Path)),
    responses((status = 200, body = openita_core::provinces::PublicityView), (status = 403), (status = 404)))]
pub async fn get_publicity(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, code)): ApiPath<(FiscalYear, AgencyCode)>,
) -> Result<Json<openita_core::provinces::PublicityView>, ApiError> {
    Ok(Json(
        openita_core::provinces::get_publicity(&state.core, &user.actor, year, &code).await?,
    ))
}

#[utoipa::path(put, path = "/api/v1/cycles/{year}/agencies/{code}/publicity", operation_id = "setPublicity", tag = "agency in a cycle",
    params(("year" = i64, Path), ("code" = String, Path)), request_body = PublicityRequest,
    responses((status = 200, body = openita_core::provinces::PublicityView), (status = 403), (status = 404), (status = 422)))]
pub async fn put_publicity(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, code)): ApiPath<(FiscalYear, AgencyCode)>,
    ApiJson(body): ApiJson<PublicityRequest>,
) -> Result<Json<openita_core::provinces::PublicityView>, ApiError> {
    Ok(Json(
        openita_core::provinces::set_publicity(
            &state.core,
            &user.actor,
            year,
            &code,
            &body.channels,
        )
        .await?,
    ))
}
