//! Which agency's OIT the caller may reach: the visibility rule (`crate::visibility`) with this
//! cycle, so an assessor reaches only the agencies assigned to them in it. What each role may
//! change is checked by the use case.

use crate::{Actor, Core, CoreError, agencies, cycles};
use openita_db::{Conn, queries::agencies as agency_rows};
use openita_types::{AgencyCode, FiscalYear};

pub(crate) struct OitScope {
    pub cycle: cycles::CycleView,
    pub agency: agency_rows::AgencyRow,
}

pub(crate) async fn resolve(
    core: &Core,
    conn: &mut Conn,
    actor: &Actor,
    year: FiscalYear,
    code: &AgencyCode,
) -> Result<OitScope, CoreError> {
    let cycle = cycles::load_cycle(conn, core, year).await?;
    let agency = agency_rows::by_code(conn, code)
        .await?
        .ok_or_else(|| agencies::not_found(code))?;
    let allowed = actor.scope().admits(conn, &agency, Some(cycle.id)).await?;
    if !allowed {
        return Err(agencies::not_found(code));
    }
    Ok(OitScope { cycle, agency })
}
