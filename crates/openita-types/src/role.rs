//! Who a signed-in user is in the assessment.

use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};

/// The five roles of API.md. An agency role is always tied to one agency, a coordinator to
/// one province; the NACC admin and assessors work across agencies.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    NaccAdmin,
    Assessor,
    AgencyAdmin,
    AgencyExecutive,
    ProvinceCoordinator,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::NaccAdmin,
        Role::Assessor,
        Role::AgencyAdmin,
        Role::AgencyExecutive,
        Role::ProvinceCoordinator,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::NaccAdmin => "nacc-admin",
            Role::Assessor => "assessor",
            Role::AgencyAdmin => "agency-admin",
            Role::AgencyExecutive => "agency-executive",
            Role::ProvinceCoordinator => "province-coordinator",
        }
    }

    pub fn name_th(self) -> &'static str {
        match self {
            Role::NaccAdmin => "ผู้ดูแลระบบ สำนักงาน ป.ป.ช.",
            Role::Assessor => "ผู้ประเมิน",
            Role::AgencyAdmin => "ผู้ดูแลระบบของหน่วยงาน",
            Role::AgencyExecutive => "ผู้บริหารหน่วยงาน",
            Role::ProvinceCoordinator => "ผู้ประสานงานจังหวัด",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Role::NaccAdmin => "NACC administrator",
            Role::Assessor => "Assessor",
            Role::AgencyAdmin => "Agency administrator",
            Role::AgencyExecutive => "Agency executive",
            Role::ProvinceCoordinator => "Province coordinator",
        }
    }

    /// Agency roles must name their agency; others must not.
    pub fn needs_agency(self) -> bool {
        matches!(self, Role::AgencyAdmin | Role::AgencyExecutive)
    }

    /// A coordinator must name its province.
    pub fn needs_province(self) -> bool {
        matches!(self, Role::ProvinceCoordinator)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("unknown role `{0}`")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.code() == s.trim())
            .ok_or_else(|| UnknownRole(s.to_string()))
    }
}
