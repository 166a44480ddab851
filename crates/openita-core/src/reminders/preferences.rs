//! A user's choices about reminder mail (opting out of digests and summaries).

use crate::{Actor, Core, CoreError, audit};
use openita_db::{DbError, queries::reminders as rows};
use serde::{Deserialize, Serialize};

/// A user's choices about mail.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[schema(example = json!({"reminders": false}))]
pub struct NotificationPreferences {
    /// Reminder digests and weekly summaries (on unless turned off).
    pub reminders: bool,
}

pub async fn own_preferences(
    core: &Core,
    actor: &Actor,
) -> Result<NotificationPreferences, CoreError> {
    let user_id = actor.user_id.ok_or_else(CoreError::forbidden)?;
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    Ok(NotificationPreferences {
        reminders: rows::wants_reminders(&mut conn, user_id.get()).await?,
    })
}

/// `PUT /api/v1/users/me/notifications`: any signed-in user, for themself; audited.
pub async fn set_own_preferences(
    core: &Core,
    actor: &Actor,
    input: &NotificationPreferences,
) -> Result<NotificationPreferences, CoreError> {
    let user_id = actor.user_id.ok_or_else(CoreError::forbidden)?;
    let now = core.now_text();
    let mut tx = core.db.begin_write().await?;
    let before = NotificationPreferences {
        reminders: rows::wants_reminders(tx.conn(), user_id.get()).await?,
    };
    rows::set_wants_reminders(tx.conn(), user_id.get(), input.reminders, &now).await?;
    audit::record(
        tx.conn(),
        actor,
        &now,
        "user.notifications_change",
        ("user", &actor.username),
        Some(&before),
        Some(input),
    )
    .await?;
    tx.commit().await?;
    Ok(input.clone())
}
