//! The user on whose behalf a use case runs, and the scope checks every use case shares.

use crate::CoreError;
use openita_types::Role;

#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    /// `None` for the command line acting as the system.
    pub user_id: Option<i64>,
    pub username: String,
    pub role: Role,
    pub agency_id: Option<i64>,
    /// The code of `agency_id`, for messages and the API's `user.agency`.
    pub agency_code: Option<String>,
    pub province_code: Option<String>,
}

impl Actor {
    /// The command line, acting with NACC-admin rights (whoever can run the binary on the
    /// server already holds the database).
    pub fn system(name: &str) -> Actor {
        Actor {
            user_id: None,
            username: format!("system:{name}"),
            role: Role::NaccAdmin,
            agency_id: None,
            agency_code: None,
            province_code: None,
        }
    }

    pub fn is(&self, role: Role) -> bool {
        self.role == role
    }

    /// Refuses anyone whose role is not listed.
    pub fn require(&self, roles: &[Role]) -> Result<(), CoreError> {
        if roles.contains(&self.role) {
            Ok(())
        } else {
            Err(CoreError::forbidden())
        }
    }

    /// May this user see the given agency's data? NACC admins and assessors see all
    /// agencies' master data, agency roles only their own, coordinators their province.
    pub fn can_see_agency(&self, agency_id: i64, agency_province: &str) -> bool {
        match self.role {
            Role::NaccAdmin | Role::Assessor => true,
            Role::AgencyAdmin | Role::AgencyExecutive => self.agency_id == Some(agency_id),
            Role::ProvinceCoordinator => self.province_code.as_deref() == Some(agency_province),
        }
    }
}
