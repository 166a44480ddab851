//! One error type at the HTTP boundary. Core errors become the documented statuses (401, 403,
//! 404, 409, 422, 429) with `{"error": {"code", "message"}}` for the API or an error page for
//! people. A 500 says only that something went wrong; its cause is logged once, here.

use axum::{
    Json,
    extract::{
        FromRequest, FromRequestParts, Request,
        rejection::{JsonRejection, PathRejection, QueryRejection},
    },
    http::{HeaderValue, StatusCode, header, request::Parts},
    middleware::Next,
    response::{IntoResponse, Response},
};
use openita_core::{CoreError, FieldError};
use openita_types::{Lang, Text};
use serde::de::DeserializeOwned;
use serde_json::json;

/// What went wrong, kept on the response so the last layer can word it in the reader's
/// language.
#[derive(Debug, Clone)]
pub struct ErrorInfo {
    pub status: StatusCode,
    pub code: &'static str,
    pub text: Text,
    pub fields: Vec<FieldError>,
    /// Seconds for a `Retry-After` header (429, 503).
    pub retry_after: Option<u64>,
}

fn status_of(e: &CoreError) -> StatusCode {
    match e {
        CoreError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
        CoreError::Forbidden(_) => StatusCode::FORBIDDEN,
        CoreError::NotFound(_) => StatusCode::NOT_FOUND,
        CoreError::Conflict { .. } | CoreError::OutsideWindow { .. } => StatusCode::CONFLICT,
        CoreError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        CoreError::TooManyAttempts { .. } | CoreError::RateLimited { .. } => {
            StatusCode::TOO_MANY_REQUESTS
        }
        CoreError::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
        CoreError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl ErrorInfo {
    pub fn from_core(e: &CoreError) -> Self {
        if let CoreError::Internal(cause) = e {
            tracing::error!(error.cause = %cause, "request failed");
        }
        ErrorInfo {
            status: status_of(e),
            code: e.code(),
            text: e.text(),
            fields: match e {
                CoreError::Invalid(fields) => fields.clone(),
                _ => Vec::new(),
            },
            retry_after: match e {
                CoreError::TooManyAttempts {
                    retry_after_secs, ..
                }
                | CoreError::RateLimited {
                    retry_after_secs, ..
                }
                | CoreError::Busy {
                    retry_after_secs, ..
                } => Some(*retry_after_secs),
                _ => None,
            },
        }
    }

    /// 413: a body over the route's limit (see `routes/body_limits.rs`).
    pub fn payload_too_large() -> Self {
        ErrorInfo::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            "ข้อมูลที่ส่งมามีขนาดใหญ่เกินกว่าที่ระบบรับได้",
            "The request is larger than this address accepts.",
        )
    }

    pub fn new(status: StatusCode, code: &'static str, th: &str, en: &str) -> Self {
        ErrorInfo {
            status,
            code,
            text: Text::new(th, en),
            fields: Vec::new(),
            retry_after: None,
        }
    }

    /// The API's error body in one language.
    pub fn json_body(&self, lang: Lang) -> serde_json::Value {
        let mut error = json!({ "code": self.code, "message": self.text.get(lang) });
        if !self.fields.is_empty() {
            error["fields"] = self
                .fields
                .iter()
                .map(|f| json!({ "field": f.field, "message": f.message.get(lang) }))
                .collect();
        }
        json!({ "error": error })
    }
}

/// An error from a JSON API handler.
#[derive(Debug)]
pub struct ApiError(pub ErrorInfo);

impl From<CoreError> for ApiError {
    fn from(e: CoreError) -> Self {
        ApiError(ErrorInfo::from_core(&e))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.0.status, Json(self.0.json_body(Lang::Th))).into_response();
        // A 429 or 503 says when to come back (the limit's wait, the queue's, the database's);
        // `retry_after.rs` gives a 503 without a value the default.
        if let Some(secs) = self.0.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response.extensions_mut().insert(self.0);
        response
    }
}

/// Rewrites API error bodies in the language the client asked for (`Accept-Language`).
pub async fn localize_api_errors(request: Request, next: Next) -> Response {
    let lang = request
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Lang::from_accept_language)
        .unwrap_or_default();
    let mut response = next.run(request).await;
    if lang != Lang::Th
        && let Some(info) = response.extensions_mut().remove::<ErrorInfo>()
    {
        let (mut parts, _) = response.into_parts();
        parts.headers.remove(header::CONTENT_LENGTH);
        let body = Json(info.json_body(lang)).into_response().into_body();
        response = Response::from_parts(parts, body);
    }
    response
}

/// `Json<T>` whose rejections use the API's error shape: malformed JSON 400, a body of the
/// wrong shape 422, a wrong content type 415.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(ApiError(json_rejection(&rejection))),
        }
    }
}

pub(crate) fn json_rejection(rejection: &JsonRejection) -> ErrorInfo {
    match rejection {
        JsonRejection::JsonSyntaxError(e) => ErrorInfo::new(
            StatusCode::BAD_REQUEST,
            "malformed_json",
            &format!("ข้อมูล JSON ไม่ถูกต้องตามรูปแบบ: {}", e.body_text()),
            &format!("Malformed JSON: {}", e.body_text()),
        ),
        JsonRejection::JsonDataError(e) => ErrorInfo::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
            &format!("ข้อมูลไม่ครบหรือผิดชนิด: {}", e.body_text()),
            &format!("Missing or wrongly typed fields: {}", e.body_text()),
        ),
        JsonRejection::MissingJsonContentType(_) => ErrorInfo::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "ต้องส่งข้อมูลแบบ JSON พร้อม Content-Type: application/json",
            "Send JSON with Content-Type: application/json.",
        ),
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => ErrorInfo::payload_too_large(),
        other => ErrorInfo::new(
            other.status(),
            "bad_request",
            "อ่านข้อมูลที่ส่งมาไม่ได้",
            "The request body could not be read.",
        ),
    }
}

/// A page form that could not be read: too large (413) or not a form (400/415/422).
pub fn form_rejection(rejection: &axum::extract::rejection::FormRejection) -> ApiError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return ApiError(ErrorInfo::payload_too_large());
    }
    ApiError(ErrorInfo::new(
        rejection.status(),
        "bad_request",
        "อ่านแบบฟอร์มที่ส่งมาไม่ได้",
        "The form could not be read.",
    ))
}

/// `Query<T>` with API-shaped rejections (422).
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| ApiQuery(q.0))
            .map_err(|e: QueryRejection| query_error(&e.body_text()))
    }
}

/// A query string that does not read: the Thai sentence names the parameter (serde's own
/// words, in English, only in the English one), and `fields` lists it for programs.
fn query_error(detail: &str) -> ApiError {
    let field = query_field(detail);
    let th = match field {
        Some(f) => format!("พารามิเตอร์ {f} ในที่อยู่ไม่ถูกต้อง (ระบุซ้ำ ชนิดไม่ตรง หรือไม่มีค่าที่ต้องมี)"),
        None => "พารามิเตอร์ในที่อยู่ไม่ถูกต้อง".to_string(),
    };
    let en = format!("Invalid query parameters: {detail}");
    let mut info = ErrorInfo::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_input", &th, &en);
    if let Some(f) = field {
        info.fields.push(FieldError::new(f, th, en));
    }
    ApiError(info)
}

/// The parameter a serde query error names: "duplicate field `role`", "missing field
/// `year`", or "page: invalid digit found in string".
fn query_field(detail: &str) -> Option<&str> {
    let detail = detail
        .strip_prefix("Failed to deserialize query string: ")
        .unwrap_or(detail);
    if let Some((_, rest)) = detail.split_once('`') {
        return rest
            .split_once('`')
            .map(|(name, _)| name)
            .filter(|n| is_name(n));
    }
    detail
        .split_once(": ")
        .map(|(name, _)| name)
        .filter(|n| is_name(n))
}

fn is_name(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 40
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `Path<T>` with API-shaped rejections: a path that does not parse names nothing, so 404.
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|p| ApiPath(p.0))
            .map_err(|rejection: PathRejection| {
                let info = match year_out_of_range(&rejection.body_text()) {
                    // The same words as a year in range with no cycle: there is none either.
                    Some(year) => ErrorInfo::new(
                        StatusCode::NOT_FOUND,
                        "not_found",
                        &format!("ไม่พบรอบการประเมินปีงบประมาณ {year}"),
                        &format!("No assessment cycle for fiscal year {year}."),
                    ),
                    None => ErrorInfo::new(
                        StatusCode::NOT_FOUND,
                        "not_found",
                        "ไม่พบสิ่งที่ขอ",
                        "Not found.",
                    ),
                };
                ApiError(info)
            })
    }
}

/// The year a path gave when it is a number but no fiscal year (`FiscalYear` refuses it with
/// "fiscal year N is not ..."; a year too long for a number stays a plain "not found").
fn year_out_of_range(rejection: &str) -> Option<i64> {
    let (_, rest) = rejection.split_once("fiscal year ")?;
    let (number, _) = rest.split_once(" is not")?;
    number.parse().ok()
}

/// Anything unmatched under /api: the documented 404 body.
/// A method the path does not take: 405, with `Allow` (added by the router) naming those
/// it does.
pub fn api_method_not_allowed() -> ApiError {
    ApiError(ErrorInfo::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "ที่อยู่นี้ไม่รับคำขอแบบนี้ (ดูวิธีที่รับได้ในส่วนหัว Allow)",
        "This address does not take this method (the Allow header lists those it does).",
    ))
}

pub async fn api_not_found() -> ApiError {
    ApiError(ErrorInfo::new(
        StatusCode::NOT_FOUND,
        "not_found",
        "ไม่พบบริการนี้ใน API",
        "No such API endpoint.",
    ))
}

#[cfg(test)]
mod query_tests {
    use super::query_field;

    #[test]
    fn a_year_out_of_range_is_read_from_the_rejection() {
        let text = openita_types::FiscalYear::new(2999)
            .err()
            .map(|e| format!("Invalid URL: {e}"))
            .unwrap_or_default();
        assert_eq!(super::year_out_of_range(&text), Some(2999));
        assert_eq!(
            super::year_out_of_range("Invalid URL: Cannot parse `abc`"),
            None
        );
    }

    #[test]
    fn a_query_error_names_its_parameter() {
        let q = "Failed to deserialize query string: ";
        assert_eq!(
            query_field(&format!("{q}duplicate field `role`")),
            Some("role")
        );
        assert_eq!(
            query_field(&format!("{q}page: invalid digit found in string")),
            Some("page")
        );
        assert_eq!(
            query_field(&format!("{q}missing field `year`")),
            Some("year")
        );
        assert_eq!(query_field("something else entirely"), None);
        assert_eq!(
            query_field(&format!("{q}unknown variant `<script>`, expected x")),
            None
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn retry_after(e: CoreError) -> (u16, Option<String>) {
        let r = ApiError::from(e).into_response();
        let header = r
            .headers()
            .get(header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        (r.status().as_u16(), header)
    }

    #[test]
    fn retry_after_carries_the_seconds_the_error_names() {
        let throttled = CoreError::TooManyAttempts {
            retry_after_secs: 37,
            message: Text::new("รอ", "wait"),
        };
        assert_eq!(retry_after(throttled), (429, Some("37".into())));
        let busy = CoreError::Busy {
            retry_after_secs: 2,
            message: Text::new("รอ", "wait"),
        };
        assert_eq!(retry_after(busy), (503, Some("2".into())));
        assert_eq!(
            retry_after(CoreError::forbidden()),
            (403, None),
            "no header without a wait"
        );
    }
}
