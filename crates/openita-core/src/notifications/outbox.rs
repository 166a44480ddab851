//! The outbox as the sender sees it: take unsent messages, mark each sent or failed.

use crate::{Actor, Core, CoreError};
use openita_db::{DbError, queries::notifications};
use openita_types::{Moment, Role};
use serde::Serialize;

/// A message is tried this many times before it is left for a person to look at.
pub const MAX_ATTEMPTS: i64 = 5;

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Outgoing {
    pub id: i64,
    pub event: String,
    pub username: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub link_path: String,
    pub created_at: Moment,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub sent_at: Option<Moment>,
}

impl TryFrom<notifications::NotificationRow> for Outgoing {
    type Error = CoreError;

    fn try_from(r: notifications::NotificationRow) -> Result<Self, CoreError> {
        Ok(Outgoing {
            id: r.id,
            event: r.event,
            username: r.username,
            recipient: r.recipient,
            subject: r.subject,
            body: r.body,
            link_path: r.link_path,
            created_at: Moment::stored(&r.created_at)?,
            attempts: r.attempts,
            last_error: r.last_error,
            sent_at: Moment::stored_opt(r.sent_at.as_deref())?,
        })
    }
}

/// Messages to send now (for the worker; no actor: it is the system).
pub async fn unsent(core: &Core, limit: i64) -> Result<Vec<Outgoing>, CoreError> {
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    notifications::unsent(&mut conn, MAX_ATTEMPTS, limit)
        .await?
        .into_iter()
        .map(Outgoing::try_from)
        .collect()
}

pub async fn mark_sent(core: &Core, id: i64) -> Result<(), CoreError> {
    let mut tx = core.db.begin_write().await?;
    notifications::mark_sent(tx.conn(), id, &core.now_text()).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn mark_failed(core: &Core, id: i64, error: &str) -> Result<(), CoreError> {
    let mut tx = core.db.begin_write().await?;
    notifications::mark_failed(tx.conn(), id, error).await?;
    tx.commit().await?;
    Ok(())
}

/// The newest messages, sent or not (NACC admin: to see that mail flows).
pub async fn recent(core: &Core, actor: &Actor, limit: i64) -> Result<Vec<Outgoing>, CoreError> {
    actor.require(&[Role::NaccAdmin])?;
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    notifications::recent(&mut conn, limit)
        .await?
        .into_iter()
        .map(Outgoing::try_from)
        .collect()
}
