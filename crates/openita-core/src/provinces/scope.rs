//! Who may read or write a province's drive (plan, deadlines, documents): decided here and
//! nowhere else, so that a new role (the district coordinator) is wired in one place.
//!
//! A coordinator who names another province gets the same 404 as for a province that does
//! not exist: a coordinator reads nothing outside its province, not even whether it has a
//! plan. Roles that may not use a province's drive at all get 403 (the route table refuses
//! them first; this is the second line). Any role not named below is refused: a new role
//! sees nothing until it is added here.

use crate::{Actor, Core, CoreError};
use openita_db::{DbError, queries::agencies};
use openita_types::Role;

/// A province the actor may act on, as named in the path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProvinceScope {
    /// DOPA code, "36".
    pub code: String,
    /// Thai name without "จังหวัด", "ชัยภูมิ".
    pub name_th: String,
    pub name_en: String,
}

fn province_not_found(province: &str) -> CoreError {
    CoreError::not_found(
        format!("ไม่พบจังหวัด {province}"),
        format!("No province {province}."),
    )
}

/// The province a path names (its code or its Thai name), whoever asks: the same lookup as
/// the dashboards' (`crate::dashboards::province_of`).
fn named(province: &str) -> Result<ProvinceScope, CoreError> {
    crate::dashboards::province_of(province).map(|p| ProvinceScope {
        code: p.code.clone(),
        name_th: p.name_th.clone(),
        name_en: p.name_en.clone(),
    })
}

/// A coordinator's own province (for a district coordinator, the province of its district),
/// or a 404 that does not tell another province apart from none. Decided by the visibility
/// rule (`crate::visibility`).
fn own_province(
    actor: &Actor,
    scope: ProvinceScope,
    asked: &str,
) -> Result<ProvinceScope, CoreError> {
    match actor.scope().home_area() {
        Some((province, _)) if province == scope.code => Ok(scope),
        _ => Err(province_not_found(asked)),
    }
}

/// Reading the plan and deadlines: that province's coordinators (and its districts'), and
/// the NACC admin.
pub fn province_for_reader(actor: &Actor, province: &str) -> Result<ProvinceScope, CoreError> {
    let scope = named(province)?;
    match actor.role {
        Role::NaccAdmin => Ok(scope),
        Role::ProvinceCoordinator | Role::DistrictCoordinator => {
            own_province(actor, scope, province)
        }
        _ => Err(CoreError::forbidden()),
    }
}

/// Writing the plan, deadlines and documents: that province's coordinators only.
pub fn province_for_writer(actor: &Actor, province: &str) -> Result<ProvinceScope, CoreError> {
    let scope = named(province)?;
    match actor.role {
        Role::ProvinceCoordinator => own_province(actor, scope, province),
        _ => Err(CoreError::forbidden()),
    }
}

/// Setting what the province does for all its agencies (the reminder schedule): that
/// province's coordinators and the NACC admin (not district coordinators: a schedule covers
/// the whole province).
pub fn province_for_coordination(
    actor: &Actor,
    province: &str,
) -> Result<ProvinceScope, CoreError> {
    let scope = named(province)?;
    match actor.role {
        Role::NaccAdmin => Ok(scope),
        Role::ProvinceCoordinator => own_province(actor, scope, province),
        _ => Err(CoreError::forbidden()),
    }
}

/// Reading what the province sends its agencies (deadlines, documents): the readers above
/// plus the agency roles of agencies in that province. An agency elsewhere gets 404.
pub async fn province_for_member(
    core: &Core,
    actor: &Actor,
    province: &str,
) -> Result<ProvinceScope, CoreError> {
    let scope = named(province)?;
    match actor.role {
        Role::AgencyAdmin | Role::AgencyExecutive => {
            let Some(agency_id) = actor.agency_id else {
                return Err(province_not_found(province));
            };
            let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
            let agency = agencies::by_id(&mut conn, agency_id.get()).await?;
            if agency.is_some_and(|a| a.province_code == scope.code) {
                Ok(scope)
            } else {
                Err(province_not_found(province))
            }
        }
        _ => province_for_reader(actor, province),
    }
}
