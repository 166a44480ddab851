//! How much of a request body a route reads.
//!
//! axum's body extractors (`Bytes`, `Json`, `Form`, `Multipart`) read at most 2 MB unless a
//! route says otherwise, and the whole application at most 20 MiB. Two kinds of route say
//! otherwise: agency files, which the importer reads within its own limits, may be as large
//! as the documented 20 MB (the whole country as XLSX is a few MB); the public survey posts,
//! which anyone may send hundreds of times, are held to what an answer needs, since each
//! body is parsed whole into a JSON or form map; and sign-in, password and new-user requests
//! to a few KB.

use crate::error::{ApiError, ErrorInfo};
use axum::{
    extract::{DefaultBodyLimit, Request},
    http::{StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

/// One survey response is about 1 KB (a form of 60 questions); 64 KB is generous.
pub const SURVEY_ANSWERS_BYTES: usize = 64 * 1024;

/// Agency files: what the importer reads (`openita_core::agencies::MAX_FILE_BYTES`), plus
/// the multipart envelope of the page upload.
pub const AGENCY_FILE_BYTES: usize = openita_core::agencies::MAX_FILE_BYTES + 64 * 1024;

/// Sign-in, password and new-user requests: a few hundred bytes; anything near this limit
/// is refused before it is parsed, let alone reaches the core.
pub const CREDENTIALS_BYTES: usize = 16 * 1024;

/// A province's document (`openita_core::provinces::MAX_DOCUMENT_BYTES`), plus the
/// multipart envelope of the page upload.
pub const PROVINCE_DOCUMENT_BYTES: usize = openita_core::provinces::MAX_DOCUMENT_BYTES + 64 * 1024;

pub(super) fn province_document() -> DefaultBodyLimit {
    DefaultBodyLimit::max(PROVINCE_DOCUMENT_BYTES)
}

pub(super) fn credentials() -> DefaultBodyLimit {
    DefaultBodyLimit::max(CREDENTIALS_BYTES)
}

pub(super) fn survey_answers() -> DefaultBodyLimit {
    DefaultBodyLimit::max(SURVEY_ANSWERS_BYTES)
}

pub(super) fn agency_file() -> DefaultBodyLimit {
    DefaultBodyLimit::max(AGENCY_FILE_BYTES)
}

/// A body over a limit is refused by the extractor (or the global layer) with a bare
/// English 413 in plain text; it becomes the application's error, in the reader's language
/// (JSON under `/api`, an error page elsewhere). A 413 a handler rendered itself (the
/// sign-in form shown again with the reason) is left as it is.
pub(super) async fn explain_too_large(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let rendered = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html") || t.starts_with("application/json"));
    if response.status() != StatusCode::PAYLOAD_TOO_LARGE
        || rendered
        || response.extensions().get::<ErrorInfo>().is_some()
    {
        return response;
    }
    ApiError(ErrorInfo::payload_too_large()).into_response()
}
