//! The internal-stakeholder headcount: staff with at least one year of service as of the
//! framework's reference date. The agency admin enters it, the executive approves it; any
//! change after approval needs a new approval. Inside the headcount window only.

use crate::{Actor, Core, CoreError, agencies, audit, cycles};
use openita_db::{DbError, queries::headcounts};
use openita_types::{AgencyCode, FiscalYear, Moment, Phase, Role};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct HeadcountView {
    pub agency: String,
    pub year: FiscalYear,
    pub internal_staff: Option<i64>,
    pub approved: bool,
    pub entered_by: Option<String>,
    pub entered_at: Option<Moment>,
    pub approved_by: Option<String>,
    /// `approved_by`'s name as pages show it.
    pub approved_by_name: Option<String>,
    pub approved_at: Option<Moment>,
    /// The date staff must have served a year by (B.E. year in pages).
    pub reference_date: Option<String>,
}

pub(crate) async fn view(
    core: &Core,
    conn: &mut openita_db::Conn,
    cycle: &cycles::CycleView,
    agency_id: i64,
    code: &AgencyCode,
) -> Result<HeadcountView, CoreError> {
    let row = headcounts::get(conn, cycle.id, agency_id).await?;
    let fw = cycles::cached_framework(core, cycle).await?;
    let fiscal = cycle.year.be();
    Ok(HeadcountView {
        agency: code.to_string(),
        year: cycle.year,
        internal_staff: row.as_ref().map(|r| r.internal_staff),
        approved: row.as_ref().is_some_and(|r| r.approved_at.is_some()),
        entered_by: row.as_ref().map(|r| r.entered_by.clone()),
        entered_at: Moment::stored_opt(row.as_ref().map(|r| r.entered_at.as_str()))?,
        approved_by: row.as_ref().and_then(|r| r.approved_by.clone()),
        approved_by_name: match row.as_ref().and_then(|r| r.approved_by.as_deref()) {
            Some(by) => Some(crate::accounts::People::of(conn, [by]).await?.name_of(by)),
            None => None,
        },
        approved_at: Moment::stored_opt(row.as_ref().and_then(|r| r.approved_at.as_deref()))?,
        reference_date: fw
            .headcount_reference
            .date_for(fiscal)
            .map(|d| d.to_string()),
    })
}

/// Largest headcount accepted: the biggest ministries have tens of thousands of staff.
const MAX_STAFF: i64 = 1_000_000;

pub async fn set_headcount(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    code: &AgencyCode,
    internal_staff: i64,
) -> Result<HeadcountView, CoreError> {
    actor.require(&[Role::AgencyAdmin])?;
    let agency = agencies::find_visible_agency(core, actor, code).await?;
    // Zero is a slip, not a headcount: an agency assessed has staff, and 0 would make the
    // IIT minimum 0 and the survey "complete" with nobody asked.
    if !(1..=MAX_STAFF).contains(&internal_staff) {
        return Err(CoreError::invalid(
            "internal_staff",
            format!("จำนวนบุคลากรต้องเป็นจำนวนเต็มตั้งแต่ 1 ถึง {MAX_STAFF}"),
            format!("The number of staff must be a whole number from 1 to {MAX_STAFF}."),
        ));
    }
    let cycle = cycles::require_window(core, year, Phase::Headcount).await?;
    let mut tx = core.db.begin_write().await?;
    let before = view(core, tx.conn(), &cycle, agency.id.get(), code).await?;
    let now = core.now_text();
    headcounts::set(
        tx.conn(),
        cycle.id,
        agency.id.get(),
        internal_staff,
        &actor.username,
        &now,
    )
    .await?;
    let after = view(core, tx.conn(), &cycle, agency.id.get(), code).await?;
    audit::record(
        tx.conn(),
        actor,
        &now,
        "headcount.set",
        ("agency", code),
        Some(&before),
        Some(&after),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

pub async fn approve_headcount(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    code: &AgencyCode,
) -> Result<HeadcountView, CoreError> {
    actor.require(&[Role::AgencyExecutive])?;
    let agency = agencies::find_visible_agency(core, actor, code).await?;
    let cycle = cycles::require_window(core, year, Phase::Headcount).await?;
    let mut tx = core.db.begin_write().await?;
    let before = view(core, tx.conn(), &cycle, agency.id.get(), code).await?;
    if before.internal_staff.is_none() {
        return Err(CoreError::conflict(
            "headcount_missing",
            "ผู้ดูแลระบบของหน่วยงานยังไม่ได้ระบุจำนวนผู้มีส่วนได้ส่วนเสียภายใน",
            "The agency administrator has not entered the headcount yet.",
        ));
    }
    if before.approved {
        return Err(CoreError::conflict(
            "headcount_approved",
            "จำนวนนี้ได้รับอนุมัติแล้ว",
            "This headcount is already approved.",
        ));
    }
    if before.entered_by.as_deref() == Some(actor.username.as_str()) {
        return Err(CoreError::conflict(
            "own_entry",
            "ผู้บันทึกอนุมัติข้อมูลของตนเองไม่ได้",
            "Whoever entered the number cannot approve it.",
        ));
    }
    let now = core.now_text();
    headcounts::approve(tx.conn(), cycle.id, agency.id.get(), &actor.username, &now).await?;
    let after = view(core, tx.conn(), &cycle, agency.id.get(), code).await?;
    audit::record(
        tx.conn(),
        actor,
        &now,
        "headcount.approve",
        ("agency", code),
        Some(&before),
        Some(&after),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

pub async fn get_headcount(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    code: &AgencyCode,
) -> Result<HeadcountView, CoreError> {
    let agency = agencies::find_visible_agency(core, actor, code).await?;
    let cycle = cycles::get_cycle(core, year).await?;
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    view(core, &mut conn, &cycle, agency.id.get(), code).await
}
