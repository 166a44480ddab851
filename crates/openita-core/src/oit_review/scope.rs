//! Who may touch which agency's OIT: agency roles their own, assessors only agencies assigned
//! to them in this cycle, coordinators their province (read), the NACC admin (read).

use crate::{Actor, Core, CoreError, agencies, cycles};
use openita_db::{
    Conn,
    queries::{agencies as agency_rows, assignments},
};
use openita_types::Role;

pub(crate) struct OitScope {
    pub cycle: cycles::CycleView,
    pub agency: agency_rows::AgencyRow,
}

pub(crate) async fn resolve(
    core: &Core,
    conn: &mut Conn,
    actor: &Actor,
    year: i64,
    code: &str,
) -> Result<OitScope, CoreError> {
    let cycle = cycles::load_cycle(conn, core, year).await?;
    let agency = agency_rows::by_code(conn, code)
        .await?
        .ok_or_else(|| agencies::not_found(code))?;
    let allowed = match actor.role {
        Role::NaccAdmin => true,
        Role::Assessor => match actor.user_id {
            Some(id) => assignments::is_assigned(conn, cycle.id, agency.id, id).await?,
            None => false,
        },
        _ => actor.can_see_agency(agency.id, &agency.province_code),
    };
    if !allowed {
        return Err(agencies::not_found(code));
    }
    Ok(OitScope { cycle, agency })
}
