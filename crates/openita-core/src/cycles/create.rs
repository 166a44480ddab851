//! Creating, opening, reading cycles.

use super::{CycleView, framework::shipped_for_year};
use crate::{Actor, Core, CoreError, audit};
use openita_db::{Conn, DbError, queries::cycles};
use openita_types::{FiscalYear, Role};

pub(crate) fn cycle_not_found(year: FiscalYear) -> CoreError {
    CoreError::not_found(
        format!("ไม่พบรอบการประเมินปีงบประมาณ {year}"),
        format!("No assessment cycle for fiscal year {year}."),
    )
}

pub(crate) async fn load(
    conn: &mut Conn,
    core: &Core,
    year: FiscalYear,
) -> Result<CycleView, CoreError> {
    let row = cycles::by_year(conn, year)
        .await?
        .ok_or_else(|| cycle_not_found(year))?;
    let phases = cycles::phases(conn, row.id).await?;
    CycleView::new(&row, &phases, core.now())
}

/// Creates the cycle of a fiscal year with a shipped framework (`ita-2568`). The year is the
/// number as given (a form, a request body), checked here with a message people can act on.
pub async fn create_cycle(
    core: &Core,
    actor: &Actor,
    year: i64,
    framework_name: &str,
) -> Result<CycleView, CoreError> {
    actor.require(&[Role::NaccAdmin])?;
    let fiscal_year = FiscalYear::new(year).map_err(|_| {
        CoreError::invalid(
            "year",
            format!("ปีงบประมาณ {year} ไม่ถูกต้อง: ใช้ปี พ.ศ. เช่น 2568"),
            format!("Fiscal year {year} is not valid: use the Buddhist-era year, e.g. 2568."),
        )
    })?;
    let framework = shipped_for_year(framework_name, fiscal_year)?;
    let mut tx = core.db.begin_write().await?;
    if cycles::by_year(tx.conn(), fiscal_year).await?.is_some() {
        return Err(CoreError::conflict(
            "cycle_exists",
            format!("มีรอบการประเมินปีงบประมาณ {fiscal_year} อยู่แล้ว"),
            format!("A cycle for fiscal year {fiscal_year} already exists."),
        ));
    }
    let now = core.now_text();
    let row = cycles::insert(
        tx.conn(),
        fiscal_year,
        framework_name,
        &framework.fingerprint(),
        &framework.canonical_json(),
        &now,
    )
    .await?;
    let view = CycleView::new(&row, &[], core.now())?;
    audit::record(
        tx.conn(),
        actor,
        &now,
        "cycle.create",
        ("cycle", &year.to_string()),
        None::<&()>,
        Some(&view),
    )
    .await?;
    tx.commit().await?;
    Ok(view)
}

/// Opens a cycle: from now on its framework is fixed.
pub async fn open_cycle(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
) -> Result<CycleView, CoreError> {
    actor.require(&[Role::NaccAdmin])?;
    let mut tx = core.db.begin_write().await?;
    let before = load(tx.conn(), core, year).await?;
    if before.opened_at.is_some() {
        return Err(CoreError::conflict(
            "cycle_open",
            format!("รอบการประเมิน {year} เปิดแล้ว"),
            format!("Cycle {year} is already open."),
        ));
    }
    let now = core.now_text();
    cycles::set_opened(tx.conn(), before.id, &now).await?;
    let after = load(tx.conn(), core, year).await?;
    audit::record(
        tx.conn(),
        actor,
        &now,
        "cycle.open",
        ("cycle", &year.to_string()),
        Some(&before),
        Some(&after),
    )
    .await?;
    tx.commit().await?;
    // Survey tokens followed before this change lead elsewhere now.
    core.surveys.links.forget_all();
    Ok(after)
}

/// Any signed-in user may read a cycle's calendar and framework: they are public rules.
pub async fn get_cycle(core: &Core, year: FiscalYear) -> Result<CycleView, CoreError> {
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    load(&mut conn, core, year).await
}

pub async fn list_cycles(core: &Core) -> Result<Vec<CycleView>, CoreError> {
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    let rows = cycles::list(&mut conn).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        let phases = cycles::phases(&mut conn, row.id).await?;
        out.push(CycleView::new(row, &phases, core.now())?);
    }
    Ok(out)
}
