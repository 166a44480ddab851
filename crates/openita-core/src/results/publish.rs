//! Publishing locks a cycle's results and makes them public; reopening (to recompute after a
//! correction) is explicit and audited with its reason.

use crate::{Actor, Core, CoreError, audit, cycles};
use openita_db::queries::results;
use openita_types::{FiscalYear, Phase, Role};

pub async fn publish_results(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
) -> Result<(), CoreError> {
    actor.require(&[Role::NaccAdmin])?;
    let cycle = cycles::get_cycle(core, year).await?;
    let mut tx = core.db.begin_write().await?;
    let p = results::publication(tx.conn(), cycle.id).await?;
    if p.computed_at.is_none() {
        return Err(not_computed());
    }
    if p.published_at.is_some() {
        return Err(CoreError::conflict(
            "results_published",
            "ประกาศผลแล้ว",
            "The results are already published.",
        ));
    }
    require_announcement(core, &cycle)?;
    require_final_oit(core, &cycle, tx.conn()).await?;
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

fn not_computed() -> CoreError {
    CoreError::conflict(
        "results_not_computed",
        "ยังไม่ได้คำนวณผลการประเมิน",
        "The results have not been computed yet.",
    )
}

/// Whether publishing would be accepted now (for the confirmation page): the same checks as
/// [`publish_results`], nothing written.
pub async fn publish_check(core: &Core, year: FiscalYear) -> Result<(), CoreError> {
    let cycle = cycles::get_cycle(core, year).await?;
    let mut conn = core
        .db
        .pool()
        .acquire()
        .await
        .map_err(openita_db::DbError::from)?;
    if results::publication(&mut conn, cycle.id)
        .await?
        .computed_at
        .is_none()
    {
        return Err(not_computed());
    }
    require_announcement(core, &cycle)?;
    require_final_oit(core, &cycle, &mut conn).await
}

/// Results go public only from the start of the cycle's announcement window: publishing in
/// the middle of a cycle would show every agency still collecting at 0.00 and "not passed".
pub fn require_announcement(core: &Core, cycle: &cycles::CycleView) -> Result<(), CoreError> {
    match cycle.window(Phase::Announcement) {
        None => Err(CoreError::conflict(
            "no_announcement_window",
            "ยังประกาศผลไม่ได้: ยังไม่ได้กำหนดช่วงประกาศผลในปฏิทินของรอบนี้",
            "Not yet: the cycle's calendar has no announcement window.",
        )),
        Some(w) if core.now() < w.start => {
            let start = w
                .start
                .with_timezone(&openita_types::thai_time::bangkok())
                .date_naive();
            Err(CoreError::conflict(
                "before_announcement",
                format!(
                    "ยังประกาศผลไม่ได้: ช่วงประกาศผลเริ่ม {}",
                    openita_types::thai_time::thai_date_long(start)
                ),
                format!(
                    "Not yet: the announcement window opens on {}.",
                    openita_types::thai_time::english_date_long(start)
                ),
            ))
        }
        Some(_) => Ok(()),
    }
}

/// OIT scores must be final before results go out, unless the confirmation window has closed:
/// then the agency's silence accepts the provisional scores, and items never scored count 0
/// (the results carry `oit_not_final`; ITA-FRAMEWORK.md section 5).
async fn require_final_oit(
    core: &Core,
    cycle: &cycles::CycleView,
    conn: &mut openita_db::Conn,
) -> Result<(), CoreError> {
    let fw = cycles::cached_framework(core, cycle).await?;
    let items = i64::try_from(fw.oit_items().count()).unwrap_or(i64::MAX);
    let open: Vec<i64> = results::final_oit_items(conn, cycle.id)
        .await?
        .into_iter()
        .map(|(_, finals)| (items - finals).max(0))
        .filter(|open| *open > 0)
        .collect();
    if open.is_empty() {
        return Ok(());
    }
    let confirmation_closed = cycle
        .window(Phase::Confirmation)
        .is_some_and(|w| core.now() > w.end);
    if confirmation_closed {
        return Ok(());
    }
    let (agencies, open_items) = (open.len(), open.iter().sum::<i64>());
    Err(CoreError::conflict(
        "oit_not_final",
        format!(
            "ยังประกาศผลไม่ได้: {agencies} หน่วยงานยังมีข้อ OIT ที่ยังไม่มีคะแนนที่สุดรวม {open_items} ข้อ \
             ประกาศได้เมื่อผู้ประเมินยืนยันคะแนนครบ หรือเมื่อพ้นช่วงยืนยันผลแล้ว"
        ),
        format!(
            "Not yet: {agencies} agencies still have {open_items} OIT items without a final \
             score. Publish once the assessors have confirmed them, or after the confirmation \
             window has closed."
        ),
    ))
}

pub async fn reopen_results(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    reason: &str,
) -> Result<(), CoreError> {
    actor.require(&[Role::NaccAdmin])?;
    if reason.trim().chars().count() < 5 {
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
