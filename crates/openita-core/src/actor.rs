//! The user on whose behalf a use case runs, and the scope checks every use case shares.

use crate::CoreError;
use openita_types::{AgencyId, Role, UserId};

/// The user name of an actor that is the system itself (`Actor::system`): no user row has it
/// (a user name cannot hold a colon).
pub const SYSTEM_PREFIX: &str = "system:";

#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    /// `None` for the command line acting as the system.
    pub user_id: Option<UserId>,
    pub username: String,
    /// The person's name as others read it; empty when not given (see [`Actor::name`]).
    pub display_name: String,
    pub role: Role,
    pub agency_id: Option<AgencyId>,
    /// The code of `agency_id`, for messages and the API's `user.agency`.
    pub agency_code: Option<openita_types::AgencyCode>,
    pub province_code: Option<String>,
    /// A district coordinator's district (a code within `province_code`).
    pub district_code: Option<String>,
}

impl Actor {
    /// What pages call this person: their name, or their user name when they have none.
    pub fn name(&self) -> &str {
        if self.display_name.is_empty() {
            &self.username
        } else {
            &self.display_name
        }
    }

    /// The command line, acting with NACC-admin rights (whoever can run the binary on the
    /// server already holds the database).
    pub fn system(name: &str) -> Actor {
        Actor {
            user_id: None,
            username: format!("{SYSTEM_PREFIX}{name}"),
            display_name: String::new(),
            role: Role::NaccAdmin,
            agency_id: None,
            agency_code: None,
            province_code: None,
            district_code: None,
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

    /// Which agencies this user may see: the one rule, see [`crate::visibility`].
    pub fn scope(&self) -> crate::visibility::AgencyScope {
        crate::visibility::AgencyScope::of(self)
    }
}
