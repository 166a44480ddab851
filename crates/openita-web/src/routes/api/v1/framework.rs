//! `/api/v1/cycles/{year}/framework`: the whole definition a cycle is scored by.

use crate::{
    AppState,
    error::{ApiError, ApiPath},
    session::CurrentUser,
};
use axum::{Json, body::Bytes, extract::State};
use openita_core::{
    CoreError,
    cycles::{self, FrameworkSource},
};
use openita_types::FiscalYear;

#[utoipa::path(get, path = "/api/v1/cycles/{year}/framework", operation_id = "getFramework", tag = "framework",
    params(("year" = i64, Path)),
    responses((status = 200, description = "The framework definition (API.md shape)", body = Object), (status = 404)))]
pub async fn show(
    State(state): State<AppState>,
    ApiPath(year): ApiPath<FiscalYear>,
) -> Result<Json<serde_json::Value>, ApiError> {
    Ok(Json(
        cycles::cycle_framework(&state.core, year)
            .await?
            .to_json_value(),
    ))
}

/// `{"framework": "ita-2568"}`: exactly one key, a string.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ShippedName {
    framework: String,
}

/// Replaces the framework before the cycle opens. The body is either a whole framework in the
/// shape `GET` returns, or `{"framework": "ita-2568"}` naming a shipped one.
#[utoipa::path(put, path = "/api/v1/cycles/{year}/framework", operation_id = "replaceFramework", tag = "framework",
    params(("year" = i64, Path)), request_body(content = Object, description = "A framework (the shape GET gives), or {\"framework\": NAME} for a shipped one",
        example = json!({"framework": "ita-2568"})),
    responses((status = 200, body = Object), (status = 400), (status = 404), (status = 409), (status = 422)))]
pub async fn replace(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(year): ApiPath<FiscalYear>,
    body: Bytes,
) -> Result<Json<serde_json::Value>, ApiError> {
    let text = std::str::from_utf8(&body).map_err(|_| {
        CoreError::invalid(
            "framework",
            "ข้อมูลต้องเป็น JSON แบบ UTF-8",
            "The body must be UTF-8 JSON.",
        )
    })?;
    // A tiny object naming a shipped framework, or the whole definition. Probed with a
    // struct, not a `serde_json::Value`: a tree of values takes some 20 times the text's
    // size before anything could refuse it, and stops at the first key that is not ours.
    let source = match serde_json::from_str::<ShippedName>(text) {
        Ok(ShippedName { framework }) => FrameworkSource::Shipped(framework),
        Err(_) => FrameworkSource::Json(text.to_string()),
    };
    cycles::replace_framework(&state.core, &user.actor, year, &source).await?;
    Ok(Json(
        cycles::cycle_framework(&state.core, year)
            .await?
            .to_json_value(),
    ))
}
