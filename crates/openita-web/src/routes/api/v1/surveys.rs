//! The public survey API: the form behind a link, and posting a response. No log-in: the
//! token in the link is the only key.

use crate::{
    AppState,
    client_addr::ClientAddr,
    error::{ApiError, ApiJson, ApiPath},
};
use axum::{
    Json,
    extract::State,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use openita_core::survey_responses::{self, FormQuestion};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct SurveyAgency {
    pub code: String,
    pub name_th: String,
}

#[derive(Serialize, ToSchema)]
pub struct SurveyDocument {
    /// IIT or EIT.
    pub instrument: String,
    pub agency: SurveyAgency,
    /// Send back with the response; accepted once.
    pub form_nonce: String,
    pub questions: Vec<FormQuestion>,
}

#[utoipa::path(get, path = "/api/v1/surveys/{token}", operation_id = "getSurvey", tag = "surveys", security(()),
    params(("token" = String, Path)),
    responses((status = 200, body = SurveyDocument), (status = 404), (status = 409), (status = 429)))]
pub async fn show(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    ApiPath(token): ApiPath<String>,
) -> Result<Response, ApiError> {
    let form = survey_responses::open_form(&state.core, &token, Some(client)).await?;
    // The document is `SurveyDocument`; its questions (most of its 18 KB) are JSON made once
    // per framework and instrument, so only the few small fields are serialised here.
    let head = SurveyHead {
        instrument: form.instrument,
        agency: SurveyAgency {
            code: form.agency_code.clone(),
            name_th: form.agency_name_th.clone(),
        },
        form_nonce: &form.form_nonce,
    };
    let head = serde_json::to_string(&head)
        .map_err(|e| ApiError::from(openita_core::CoreError::internal(e)))?;
    let questions = &form.prepared.json;
    let mut body = String::with_capacity(head.len() + questions.len() + 16);
    body.push_str(head.strip_suffix('}').unwrap_or(&head));
    body.push_str(",\"questions\":");
    body.push_str(questions);
    body.push('}');
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// The small fields of a `SurveyDocument`, in its order.
#[derive(Serialize)]
struct SurveyHead<'a> {
    instrument: &'a str,
    agency: SurveyAgency,
    form_nonce: &'a str,
}

#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"form_nonce": "nonce-from-GET-surveys-token",
    "answers": {"i1_q1": 5, "i1_q2": 4, "i9_q1": true}}))]
pub struct ResponseRequest {
    pub form_nonce: String,
    /// QUESTION_ID: level (1 = lowest) or true/false for yes/no questions.
    #[schema(value_type = Object)]
    pub answers: serde_json::Map<String, serde_json::Value>,
}

#[derive(Serialize, ToSchema)]
pub struct Accepted {
    pub status: &'static str,
}

/// 201 only after the response is durably committed.
#[utoipa::path(post, path = "/api/v1/surveys/{token}/responses", operation_id = "submitSurveyResponse", tag = "surveys", security(()),
    params(("token" = String, Path)), request_body = ResponseRequest,
    responses((status = 201, body = Accepted), (status = 404), (status = 409), (status = 422), (status = 429), (status = 503)))]
pub async fn respond(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    ApiPath(token): ApiPath<String>,
    ApiJson(body): ApiJson<ResponseRequest>,
) -> Result<(StatusCode, Json<Accepted>), ApiError> {
    survey_responses::submit_response(
        &state.core,
        &token,
        Some(client),
        &body.form_nonce,
        &body.answers,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(Accepted { status: "accepted" })))
}
