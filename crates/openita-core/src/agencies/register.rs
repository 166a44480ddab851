//! Registering and editing one agency.

use super::{AgencyInput, AgencyView, fields::validate};
use crate::{Actor, Core, CoreError, audit};
use openita_db::{DbError, queries::agencies};
use openita_types::{AgencyCode, Role};

fn duplicate_code(code: &str) -> CoreError {
    CoreError::invalid(
        "code",
        format!("มีหน่วยงานรหัส {code} อยู่แล้ว"),
        format!("An agency with code {code} already exists."),
    )
}

fn map_unique(e: DbError, code: &str) -> CoreError {
    if e.is_unique_violation() {
        duplicate_code(code)
    } else {
        e.into()
    }
}

pub(crate) fn agency_not_found(code: &str) -> CoreError {
    CoreError::not_found(
        format!("ไม่พบหน่วยงานรหัส {code}"),
        format!("No agency with code {code}."),
    )
}

pub async fn create_agency(
    core: &Core,
    actor: &Actor,
    input: &AgencyInput,
) -> Result<AgencyView, CoreError> {
    actor.require(&[Role::NaccAdmin])?;
    let fields = validate(input).map_err(CoreError::Invalid)?;
    let mut tx = core.db.begin_write().await?;
    if agencies::by_code(tx.conn(), &fields.code).await?.is_some() {
        return Err(duplicate_code(&fields.code));
    }
    let now = core.now_text();
    let row = agencies::insert(tx.conn(), &fields, &now)
        .await
        .map_err(|e| map_unique(e, &fields.code))?;
    let view = AgencyView::try_from(&row)?;
    audit::record(
        tx.conn(),
        actor,
        &now,
        "agency.create",
        ("agency", &row.code),
        None::<&()>,
        Some(&view),
    )
    .await?;
    tx.commit().await?;
    Ok(view)
}

/// Edits an agency; its code may change (the audit log keeps the old one).
pub async fn update_agency(
    core: &Core,
    actor: &Actor,
    code: &AgencyCode,
    input: &AgencyInput,
) -> Result<AgencyView, CoreError> {
    actor.require(&[Role::NaccAdmin])?;
    let fields = validate(input).map_err(CoreError::Invalid)?;
    let mut tx = core.db.begin_write().await?;
    let before = agencies::by_code(tx.conn(), code)
        .await?
        .ok_or_else(|| agency_not_found(code))?;
    if fields.code != before.code && agencies::by_code(tx.conn(), &fields.code).await?.is_some() {
        return Err(duplicate_code(&fields.code));
    }
    let now = core.now_text();
    let row = agencies::update(tx.conn(), before.id, &fields, &now)
        .await
        .map_err(|e| map_unique(e, &fields.code))?;
    // Results show the agency's name, code, type and place: every instance's copy is stale.
    openita_db::queries::result_versions::raise_all(tx.conn()).await?;
    let (before_view, after_view) = (AgencyView::try_from(&before)?, AgencyView::try_from(&row)?);
    audit::record(
        tx.conn(),
        actor,
        &now,
        "agency.update",
        ("agency", &before.code),
        Some(&before_view),
        Some(&after_view),
    )
    .await?;
    tx.commit().await?;
    // Survey tokens followed before this change lead elsewhere now.
    core.surveys.links.forget_all();
    Ok(after_view)
}

/// One agency, if it exists and the actor may see it. An agency the actor may not see is
/// reported as not found, so codes of other agencies cannot be probed.
pub async fn find_visible_agency(
    core: &Core,
    actor: &Actor,
    code: &AgencyCode,
) -> Result<AgencyView, CoreError> {
    AgencyView::try_from(&visible_agency_row(core, actor, code).await?)
}

/// The stored row of an agency the actor may see (see [`find_visible_agency`]).
pub(crate) async fn visible_agency_row(
    core: &Core,
    actor: &Actor,
    code: &AgencyCode,
) -> Result<agencies::AgencyRow, CoreError> {
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    let row = agencies::by_code(&mut conn, code)
        .await?
        .ok_or_else(|| agency_not_found(code))?;
    let visible = actor.scope().admits(&mut conn, &row, None).await?;
    if visible {
        Ok(row)
    } else {
        Err(agency_not_found(code))
    }
}
