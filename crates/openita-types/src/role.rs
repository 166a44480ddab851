//! Who a signed-in user is in the assessment.

use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};

/// The six roles of API.md. An agency role is always tied to one agency, a province
/// coordinator to one province, a district coordinator to one district of one province; the
/// NACC admin and assessors work across agencies.
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
    DistrictCoordinator,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::NaccAdmin,
        Role::Assessor,
        Role::AgencyAdmin,
        Role::AgencyExecutive,
        Role::ProvinceCoordinator,
        Role::DistrictCoordinator,
    ];

    /// Who reads an agency's cycle (status, links, OIT answers): its own roles, the coordinators
    /// of its area and the NACC admin. Which agency each may reach is the core's visibility rule.
    pub const AGENCY_READERS: &'static [Role] = &[
        Role::NaccAdmin,
        Role::AgencyAdmin,
        Role::AgencyExecutive,
        Role::ProvinceCoordinator,
        Role::DistrictCoordinator,
    ];

    /// Who watches an area (a province or a district) as a whole: dashboards, plans, report
    /// forms. Coordinators their own area; the NACC admin any.
    pub const AREA_WATCHERS: &'static [Role] = &[
        Role::NaccAdmin,
        Role::ProvinceCoordinator,
        Role::DistrictCoordinator,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::NaccAdmin => "nacc-admin",
            Role::Assessor => "assessor",
            Role::AgencyAdmin => "agency-admin",
            Role::AgencyExecutive => "agency-executive",
            Role::ProvinceCoordinator => "province-coordinator",
            Role::DistrictCoordinator => "district-coordinator",
        }
    }

    pub fn name_th(self) -> &'static str {
        match self {
            Role::NaccAdmin => "ผู้ดูแลระบบ สำนักงาน ป.ป.ช.",
            Role::Assessor => "ผู้ประเมิน",
            Role::AgencyAdmin => "ผู้ดูแลระบบของหน่วยงาน",
            Role::AgencyExecutive => "ผู้บริหารหน่วยงาน",
            Role::ProvinceCoordinator => "ผู้ประสานงานจังหวัด",
            Role::DistrictCoordinator => "ผู้ประสานงานอำเภอ",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Role::NaccAdmin => "NACC administrator",
            Role::Assessor => "Assessor",
            Role::AgencyAdmin => "Agency administrator",
            Role::AgencyExecutive => "Agency executive",
            Role::ProvinceCoordinator => "Province coordinator",
            Role::DistrictCoordinator => "District coordinator",
        }
    }

    /// Agency roles must name their agency; others must not.
    pub fn needs_agency(self) -> bool {
        matches!(self, Role::AgencyAdmin | Role::AgencyExecutive)
    }

    /// A coordinator must name its province.
    pub fn needs_province(self) -> bool {
        self.is_coordinator()
    }

    /// A district coordinator must also name its district.
    pub fn needs_district(self) -> bool {
        matches!(self, Role::DistrictCoordinator)
    }

    /// Coordinators watch an area's agencies and never change their data.
    pub fn is_coordinator(self) -> bool {
        matches!(self, Role::ProvinceCoordinator | Role::DistrictCoordinator)
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
