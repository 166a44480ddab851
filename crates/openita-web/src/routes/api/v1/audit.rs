//! `GET /api/v1/audit`: the audit log for the NACC admin, newest first, filterable.

use crate::{
    AppState,
    error::{ApiError, ApiQuery},
    routes::pages::audit::AuditQuery,
    session::CurrentUser,
};
use axum::{Json, extract::State};
use openita_core::audit;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    pub action: Option<String>,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    /// Username of the actor.
    pub actor: Option<String>,
    /// First day (YYYY-MM-DD, Bangkok).
    pub from: Option<String>,
    /// Last day (YYYY-MM-DD, Bangkok), inclusive.
    pub until: Option<String>,
    pub page: Option<i64>,
    /// At most 500; default 100.
    pub per_page: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct AuditEntryJson {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    /// The object before the change (any JSON value), null when it did not exist.
    #[schema(value_type = Option<Value>)]
    pub before: Option<serde_json::Value>,
    /// The object after the change (any JSON value), null when it was removed.
    #[schema(value_type = Option<Value>)]
    pub after: Option<serde_json::Value>,
}

#[derive(Serialize, ToSchema)]
pub struct AuditPage {
    pub total: i64,
    pub entries: Vec<AuditEntryJson>,
}

fn parse(json: &Option<String>) -> Option<serde_json::Value> {
    json.as_deref().and_then(|j| serde_json::from_str(j).ok())
}

#[utoipa::path(get, path = "/api/v1/audit", operation_id = "listAuditEntries", tag = "audit", params(AuditParams),
    responses((status = 200, body = AuditPage), (status = 403)))]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(p): ApiQuery<AuditParams>,
) -> Result<Json<AuditPage>, ApiError> {
    let query = AuditQuery {
        action: p.action,
        object_type: p.object_type,
        object_id: p.object_id,
        actor: p.actor,
        from: p.from,
        until: p.until,
        page: p.page,
    };
    let filter = query.filter(p.per_page.unwrap_or(100).clamp(1, 500));
    let (rows, total) = audit::list(&state.core, &user.actor, &filter).await?;
    Ok(Json(AuditPage {
        total,
        entries: rows
            .into_iter()
            .map(|e| AuditEntryJson {
                before: parse(&e.before_json),
                after: parse(&e.after_json),
                id: e.id,
                at: e.at,
                actor: e.actor_name,
                action: e.action,
                object_type: e.object_type,
                object_id: e.object_id,
            })
            .collect(),
    }))
}
