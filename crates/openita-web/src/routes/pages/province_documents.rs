//! The documents a province sends its agencies (manual, calendar, guides, forms): list,
//! upload, and delete after a confirmation page.

use super::provinces::ConfirmDeletePage;
use super::{PageContext, render};
use crate::error::ApiPath;
use crate::{AppState, error::ApiError, session::CurrentUser};
use askama::Template;
use axum::{
    extract::{Multipart, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use openita_core::{
    CoreError,
    provinces::{self, DocumentView},
};
use openita_types::{DocumentId, FiscalYear, Role};

pub struct DocumentRowView {
    pub id: DocumentId,
    pub title: String,
    pub filename: String,
    pub size: String,
    pub uploaded_by: String,
}

fn document_row(d: &DocumentView) -> DocumentRowView {
    #[expect(clippy::cast_precision_loss, reason = "a size shown to one decimal")]
    let size = if d.size_bytes >= 1024 * 1024 {
        format!("{:.1} MB", d.size_bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", (d.size_bytes + 1023) / 1024)
    };
    DocumentRowView {
        id: d.id,
        title: d.title.clone(),
        filename: d.filename.clone(),
        size,
        uploaded_by: d.uploaded_by.clone(),
    }
}

#[derive(Template)]
#[template(path = "provinces/documents.html")]
struct DocumentsPage {
    page: PageContext,
    year: FiscalYear,
    province: String,
    province_name: String,
    documents: Vec<DocumentRowView>,
    can_write: bool,
    sees_plan: bool,
    error: Option<String>,
}

async fn documents_page(
    state: &AppState,
    page: PageContext,
    user: &CurrentUser,
    year: FiscalYear,
    province: &str,
    error: Option<String>,
) -> Result<Response, ApiError> {
    let page = page.with_section("cycles");
    let (scope, docs) = provinces::list_documents(&state.core, &user.actor, year, province).await?;
    let role = user.actor.role;
    Ok(render(&DocumentsPage {
        year,
        province_name: page.pick(&scope.name_th, &scope.name_en).to_string(),
        province: scope.code,
        documents: docs.iter().map(document_row).collect(),
        can_write: role == Role::ProvinceCoordinator,
        sees_plan: matches!(role, Role::ProvinceCoordinator | Role::NaccAdmin),
        error,
        page,
    }))
}

pub async fn show_documents(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    ApiPath((year, province)): ApiPath<(FiscalYear, String)>,
) -> Result<Response, ApiError> {
    documents_page(&state, page, &user, year, &province, None).await
}

pub async fn upload_document(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    ApiPath((year, province)): ApiPath<(FiscalYear, String)>,
    mut multipart: Multipart,
) -> Result<Response, ApiError> {
    let (mut title, mut filename, mut content) = (String::new(), String::new(), Vec::new());
    while let Ok(Some(field)) = multipart.next_field().await {
        match field.name() {
            Some("title") => title = field.text().await.unwrap_or_default(),
            Some("file") => {
                filename = field.file_name().unwrap_or_default().to_string();
                content = field.bytes().await.map(|b| b.to_vec()).unwrap_or_default();
            }
            _ => {}
        }
    }
    let result = provinces::upload_document(
        &state.core,
        &user.actor,
        year,
        &province,
        &title,
        &filename,
        &content,
    )
    .await;
    match result {
        Ok(_) => Ok(Redirect::to(&format!(
            "/cycles/{year}/provinces/{province}/documents?done=docs.uploaded"
        ))
        .into_response()),
        Err(e @ (CoreError::Invalid(_) | CoreError::Conflict { .. })) => {
            let status = if matches!(e, CoreError::Invalid(_)) {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                StatusCode::CONFLICT
            };
            let message = e.text().get(page.lang).to_string();
            let mut r = documents_page(&state, page, &user, year, &province, Some(message)).await?;
            *r.status_mut() = status;
            Ok(r)
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn confirm_delete_document(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    ApiPath((year, province, id)): ApiPath<(FiscalYear, String, DocumentId)>,
) -> Result<Response, ApiError> {
    let page = page.with_section("cycles");
    let (scope, docs) =
        provinces::list_documents(&state.core, &user.actor, year, &province).await?;
    let doc = docs
        .iter()
        .find(|d| d.id == id)
        .ok_or_else(|| ApiError::from(CoreError::not_found("ไม่พบเอกสารนี้", "No such document.")))?;
    let back = format!("/cycles/{year}/provinces/{}/documents", scope.code);
    Ok(render(&ConfirmDeletePage {
        heading: page.t("docs.delete").to_string(),
        question: page.t("docs.confirm_delete").to_string(),
        what: doc.title.clone(),
        detail: doc.filename.clone(),
        action: format!("{back}/{id}/delete"),
        back,
        page,
    }))
}

pub async fn delete_document(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((year, province, id)): ApiPath<(FiscalYear, String, DocumentId)>,
) -> Result<Response, ApiError> {
    provinces::delete_document(&state.core, &user.actor, year, &province, id).await?;
    Ok(Redirect::to(&format!(
        "/cycles/{year}/provinces/{province}/documents?done=docs.deleted"
    ))
    .into_response())
}
