//! The append-only audit log: who did what to which object, when, with before and after.
//! Every use case that changes state calls `record` inside its own transaction, so a change
//! and its audit entry commit or fail together.

use crate::{Actor, Core, CoreError};
use openita_db::{
    Conn,
    queries::audit_log::{self, AuditFilter, AuditRow, NewAuditEntry},
};
use openita_types::{Role, UserId};
use serde::Serialize;

pub use audit_log::AuditRow as AuditEntry;

/// Appends one entry. `before`/`after` are snapshots of the object (None where it did not
/// exist / no longer exists). Secrets (password hashes, tokens) are never passed here.
pub async fn record<B: Serialize, A: Serialize>(
    conn: &mut Conn,
    actor: &Actor,
    at: &str,
    action: &str,
    object: (&str, &str),
    before: Option<&B>,
    after: Option<&A>,
) -> Result<(), CoreError> {
    audit_log::append(
        conn,
        &NewAuditEntry {
            at,
            actor_id: actor.user_id.map(UserId::get),
            actor_name: &actor.username,
            action,
            object_type: object.0,
            object_id: object.1,
            before_json: before.map(snapshot),
            after_json: after.map(snapshot),
        },
    )
    .await?;
    Ok(())
}

fn snapshot<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| format!("{{\"unserialisable\":\"{e}\"}}"))
}

/// A page of the audit log for the NACC admin, newest first, with the total count.
pub async fn list(
    core: &Core,
    actor: &Actor,
    filter: &AuditFilter,
) -> Result<(Vec<AuditRow>, i64), CoreError> {
    actor.require(&[Role::NaccAdmin])?;
    let mut conn = core
        .db
        .pool()
        .acquire()
        .await
        .map_err(openita_db::DbError::from)?;
    let rows = audit_log::list(&mut conn, filter).await?;
    let total = audit_log::count(&mut conn, filter).await?;
    Ok((rows, total))
}

/// The actions recorded so far, for a filter menu.
pub async fn actions(core: &Core, actor: &Actor) -> Result<Vec<String>, CoreError> {
    actor.require(&[Role::NaccAdmin])?;
    let mut conn = core
        .db
        .pool()
        .acquire()
        .await
        .map_err(openita_db::DbError::from)?;
    Ok(audit_log::actions(&mut conn).await?)
}

pub use audit_log::AuditFilter as Filter;
