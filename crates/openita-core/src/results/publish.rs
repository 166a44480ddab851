//! Publishing locks a cycle's results and makes them public; reopening (to recompute after a
//! correction) is explicit and audited with its reason.

use crate::{Actor, Core, CoreError, audit, cycles};
use openita_db::queries::results;
use openita_types::Role;

pub async fn publish_results(core: &Core, actor: &Actor, year: i64) -> Result<(), CoreError> {
    actor.require(&[Role::NaccAdmin])?;
    let cycle = cycles::get_cycle(core, year).await?;
    let mut tx = core.db.begin_write().await?;
    let p = results::publication(tx.conn(), cycle.id).await?;
    if p.computed_at.is_none() {
        return Err(CoreError::conflict(
            "results_not_computed",
            "ยังไม่ได้คำนวณผลการประเมิน",
            "The results have not been computed yet.",
        ));
    }
    if p.published_at.is_some() {
        return Err(CoreError::conflict(
            "results_published",
            "ประกาศผลแล้ว",
            "The results are already published.",
        ));
    }
    let now = core.now_text();
    results::set_published(tx.conn(), cycle.id, Some((&actor.username, &now))).await?;
    audit::record(
        tx.conn(),
        actor,
        &now,
        "results.publish",
        ("cycle", &year.to_string()),
        Some(&serde_json::json!({"computed_at": p.computed_at})),
        Some(&serde_json::json!({"published_at": now})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn reopen_results(
    core: &Core,
    actor: &Actor,
    year: i64,
    reason: &str,
) -> Result<(), CoreError> {
    actor.require(&[Role::NaccAdmin])?;
    if reason.trim().len() < 5 {
        return Err(CoreError::invalid(
            "reason",
            "ต้องระบุเหตุผลของการเปิดทบทวนผล",
            "Give the reason for reopening the results.",
        ));
    }
    let cycle = cycles::get_cycle(core, year).await?;
    let mut tx = core.db.begin_write().await?;
    let p = results::publication(tx.conn(), cycle.id).await?;
    if p.published_at.is_none() {
        return Err(CoreError::conflict(
            "results_not_published",
            "ผลยังไม่ได้ประกาศ",
            "The results are not published.",
        ));
    }
    let now = core.now_text();
    results::set_published(tx.conn(), cycle.id, None).await?;
    audit::record(
        tx.conn(),
        actor,
        &now,
        "results.reopen",
        ("cycle", &year.to_string()),
        Some(&serde_json::json!({"published_at": p.published_at})),
        Some(&serde_json::json!({"reason": reason.trim()})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
