//! Who may see which agency: the one rule that every list, lookup, page, export and job asks.
//!
//! | role | sees |
//! |---|---|
//! | NACC admin, the command line | every agency |
//! | assessor | the agencies assigned to them: in the cycle at hand when there is one, in any cycle for master data |
//! | agency admin, agency executive | their own agency |
//! | province coordinator | the agencies of their province |
//! | district coordinator | the agencies of their district |
//!
//! Seeing is not changing: what each role may change is the use case's `require`. An agency
//! outside the caller's scope is "not found" (404), never "forbidden", so codes cannot be
//! probed; a list filter that asks for another area is refused (403), because the caller named
//! an area they know is not theirs.

use crate::{Actor, CoreError};
use openita_db::{
    Conn, DbError,
    queries::{agencies::AgencyFilter, agencies::AgencyRow, assignments},
};
use openita_types::Role;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgencyScope {
    All,
    AssignedTo {
        assessor_id: i64,
    },
    One {
        agency_id: i64,
    },
    Province {
        province: String,
    },
    District {
        province: String,
        district: String,
    },
    /// A user whose account lacks what its role needs (no agency, no province): sees nothing.
    Nothing,
}

impl AgencyScope {
    pub fn of(actor: &Actor) -> AgencyScope {
        let province = actor.province_code.clone();
        match (actor.role, actor.user_id) {
            (Role::NaccAdmin, _) => AgencyScope::All,
            (Role::Assessor, Some(assessor_id)) => AgencyScope::AssignedTo {
                assessor_id: assessor_id.get(),
            },
            (Role::AgencyAdmin | Role::AgencyExecutive, _) => match actor.agency_id {
                Some(agency_id) => AgencyScope::One {
                    agency_id: agency_id.get(),
                },
                None => AgencyScope::Nothing,
            },
            (Role::ProvinceCoordinator, _) => match province {
                Some(province) => AgencyScope::Province { province },
                None => AgencyScope::Nothing,
            },
            (Role::DistrictCoordinator, _) => match (province, actor.district_code.clone()) {
                (Some(province), Some(district)) => AgencyScope::District { province, district },
                _ => AgencyScope::Nothing,
            },
            (Role::Assessor, None) => AgencyScope::Nothing,
        }
    }

    /// Narrows a list filter to the scope. `cycle_id` limits an assessor to that cycle's
    /// assignments. A filter naming another province or district is refused.
    pub fn narrow(
        &self,
        filter: &mut AgencyFilter,
        cycle_id: Option<i64>,
    ) -> Result<(), CoreError> {
        let outside =
            |asked: &Option<String>, own: &str| asked.as_deref().is_some_and(|a| a != own);
        match self {
            AgencyScope::All => {}
            AgencyScope::AssignedTo { assessor_id } => {
                filter.assessor_id = Some(*assessor_id);
                filter.assessor_cycle_id = cycle_id;
            }
            AgencyScope::One { agency_id } => filter.only_agency_id = Some(*agency_id),
            AgencyScope::Province { province } => {
                if outside(&filter.province_code, province) {
                    return Err(CoreError::forbidden());
                }
                filter.province_code = Some(province.clone());
            }
            AgencyScope::District { province, district } => {
                if outside(&filter.province_code, province)
                    || outside(&filter.district_code, district)
                {
                    return Err(CoreError::forbidden());
                }
                filter.province_code = Some(province.clone());
                filter.district_code = Some(district.clone());
            }
            AgencyScope::Nothing => filter.only_agency_id = Some(-1),
        }
        Ok(())
    }

    /// May the caller see this agency (in this cycle, for an assessor)?
    pub async fn admits(
        &self,
        conn: &mut Conn,
        agency: &AgencyRow,
        cycle_id: Option<i64>,
    ) -> Result<bool, DbError> {
        Ok(match self {
            AgencyScope::AssignedTo { assessor_id } => match cycle_id {
                Some(cycle) => {
                    assignments::is_assigned(conn, cycle, agency.id, *assessor_id).await?
                }
                None => {
                    let filter = AgencyFilter {
                        only_agency_id: Some(agency.id),
                        assessor_id: Some(*assessor_id),
                        ..Default::default()
                    };
                    openita_db::queries::agencies::count(conn, &filter).await? > 0
                }
            },
            _ => self.admits_place(
                agency.id,
                &agency.province_code,
                agency.district_code.as_deref(),
            ),
        })
    }

    /// The same answer for a scope that needs no database (every role but the assessor's).
    pub fn admits_place(&self, agency_id: i64, province: &str, district: Option<&str>) -> bool {
        match self {
            AgencyScope::All => true,
            AgencyScope::One { agency_id: own } => *own == agency_id,
            AgencyScope::Province { province: own } => own == province,
            AgencyScope::District {
                province: own_province,
                district: own_district,
            } => own_province == province && Some(own_district.as_str()) == district,
            AgencyScope::AssignedTo { .. } | AgencyScope::Nothing => false,
        }
    }

    /// May the caller watch this area (a province, or one district of it) as a whole: the
    /// dashboards, plans and report forms? The NACC admin any; a province coordinator their
    /// province and any district of it; a district coordinator their district only.
    pub fn covers_area(&self, province: &str, district: Option<&str>) -> bool {
        match self {
            AgencyScope::All => true,
            AgencyScope::Province { province: own } => own == province,
            AgencyScope::District {
                province: own_province,
                district: own_district,
            } => own_province == province && district == Some(own_district.as_str()),
            _ => false,
        }
    }

    /// The area a coordinator watches, to open their dashboard on: (province, district).
    pub fn home_area(&self) -> Option<(&str, Option<&str>)> {
        match self {
            AgencyScope::Province { province } => Some((province, None)),
            AgencyScope::District { province, district } => Some((province, Some(district))),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role) -> Actor {
        Actor {
            user_id: Some(openita_types::UserId::new(7)),
            username: "u".into(),
            display_name: String::new(),
            role,
            agency_id: Some(openita_types::AgencyId::new(3)),
            agency_code: openita_types::AgencyCode::parse("6360201").ok(),
            province_code: Some("36".into()),
            district_code: Some("3603".into()),
        }
    }

    #[test]
    fn every_role_has_the_scope_of_the_table() {
        assert_eq!(AgencyScope::of(&actor(Role::NaccAdmin)), AgencyScope::All);
        assert_eq!(
            AgencyScope::of(&actor(Role::Assessor)),
            AgencyScope::AssignedTo { assessor_id: 7 }
        );
        assert_eq!(
            AgencyScope::of(&actor(Role::AgencyExecutive)),
            AgencyScope::One { agency_id: 3 }
        );
        assert_eq!(
            AgencyScope::of(&actor(Role::ProvinceCoordinator)),
            AgencyScope::Province {
                province: "36".into()
            }
        );
        assert_eq!(
            AgencyScope::of(&actor(Role::DistrictCoordinator)),
            AgencyScope::District {
                province: "36".into(),
                district: "3603".into()
            }
        );
        let no_district = Actor {
            district_code: None,
            ..actor(Role::DistrictCoordinator)
        };
        assert_eq!(AgencyScope::of(&no_district), AgencyScope::Nothing);
    }

    #[test]
    fn a_district_coordinator_sees_its_district_and_not_the_rest_of_the_province() {
        let scope = AgencyScope::of(&actor(Role::DistrictCoordinator));
        assert!(scope.admits_place(1, "36", Some("3603")));
        assert!(!scope.admits_place(1, "36", Some("3601")));
        assert!(!scope.admits_place(1, "36", None));
        assert!(!scope.admits_place(1, "81", Some("3603")));
        assert!(scope.covers_area("36", Some("3603")));
        assert!(!scope.covers_area("36", None), "not the whole province");
        let province = AgencyScope::of(&actor(Role::ProvinceCoordinator));
        assert!(province.covers_area("36", None) && province.covers_area("36", Some("3601")));
        assert!(!province.covers_area("81", None));
    }

    #[test]
    fn narrowing_a_list_keeps_the_caller_inside_their_area() {
        let scope = AgencyScope::of(&actor(Role::DistrictCoordinator));
        let mut filter = AgencyFilter::default();
        assert!(scope.narrow(&mut filter, None).is_ok(), "its own area");
        assert_eq!(filter.province_code.as_deref(), Some("36"));
        assert_eq!(filter.district_code.as_deref(), Some("3603"));
        let mut other = AgencyFilter {
            district_code: Some("3601".into()),
            ..Default::default()
        };
        assert!(scope.narrow(&mut other, None).is_err());
        let mut assessor = AgencyFilter::default();
        let narrowed = AgencyScope::of(&actor(Role::Assessor)).narrow(&mut assessor, Some(12));
        assert!(narrowed.is_ok());
        assert_eq!(
            (assessor.assessor_id, assessor.assessor_cycle_id),
            (Some(7), Some(12))
        );
    }
}
