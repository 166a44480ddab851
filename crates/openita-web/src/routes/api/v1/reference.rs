//! `GET /api/v1/provinces` and `GET /api/v1/provinces/{code}/districts`: the shipped Thai
//! geography, for forms and scripts that need the exact names.

use crate::error::{ApiError, ApiPath, ErrorInfo};
use axum::{Json, http::StatusCode};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct Place {
    pub code: String,
    pub name_th: String,
    pub name_en: String,
}

#[utoipa::path(get, path = "/api/v1/provinces", operation_id = "listProvinces", tag = "reference",
    responses((status = 200, body = [Place])))]
pub async fn provinces() -> Json<Vec<Place>> {
    Json(
        openita_geography::provinces()
            .iter()
            .map(|p| Place {
                code: p.code.to_string(),
                name_th: p.name_th.to_string(),
                name_en: p.name_en.to_string(),
            })
            .collect(),
    )
}

#[utoipa::path(get, path = "/api/v1/provinces/{code}/districts", operation_id = "listDistricts", tag = "reference",
    params(("code" = String, Path, description = "Province code or name")),
    responses((status = 200, body = [Place]), (status = 404)))]
pub async fn districts(ApiPath(code): ApiPath<String>) -> Result<Json<Vec<Place>>, ApiError> {
    let province = openita_geography::province(&code).ok_or_else(|| {
        ApiError(ErrorInfo::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "ไม่พบจังหวัดนี้",
            "No such province.",
        ))
    })?;
    Ok(Json(
        openita_geography::districts_of(&province.code)
            .iter()
            .map(|d| Place {
                code: d.code.to_string(),
                name_th: d.name_th.to_string(),
                name_en: d.name_en.to_string(),
            })
            .collect(),
    ))
}
