//! The kinds of assessed agency named by the API contract (`type` of an agency).

use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};

/// Agency type, spelled exactly as in API.md (`province_office`, `pao`, ...).
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
#[serde(rename_all = "snake_case")]
pub enum AgencyType {
    ProvinceOffice,
    Pao,
    CityMunicipality,
    TownMunicipality,
    SubdistrictMunicipality,
    Sao,
    Department,
    Other,
}

impl AgencyType {
    pub const ALL: [AgencyType; 8] = [
        AgencyType::ProvinceOffice,
        AgencyType::Pao,
        AgencyType::CityMunicipality,
        AgencyType::TownMunicipality,
        AgencyType::SubdistrictMunicipality,
        AgencyType::Sao,
        AgencyType::Department,
        AgencyType::Other,
    ];

    /// The code used in the API, files and the database.
    pub fn code(self) -> &'static str {
        match self {
            AgencyType::ProvinceOffice => "province_office",
            AgencyType::Pao => "pao",
            AgencyType::CityMunicipality => "city_municipality",
            AgencyType::TownMunicipality => "town_municipality",
            AgencyType::SubdistrictMunicipality => "subdistrict_municipality",
            AgencyType::Sao => "sao",
            AgencyType::Department => "department",
            AgencyType::Other => "other",
        }
    }

    /// The NACC's own words for each type; the province office is "จังหวัด" in its lists.
    pub fn name_th(self) -> &'static str {
        match self {
            AgencyType::ProvinceOffice => "จังหวัด",
            AgencyType::Pao => "องค์การบริหารส่วนจังหวัด (อบจ.)",
            AgencyType::CityMunicipality => "เทศบาลนคร",
            AgencyType::TownMunicipality => "เทศบาลเมือง",
            AgencyType::SubdistrictMunicipality => "เทศบาลตำบล",
            AgencyType::Sao => "องค์การบริหารส่วนตำบล (อบต.)",
            AgencyType::Department => "ส่วนราชการ",
            AgencyType::Other => "หน่วยงานอื่น",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            AgencyType::ProvinceOffice => "Provincial office",
            AgencyType::Pao => "Provincial administrative organisation (PAO)",
            AgencyType::CityMunicipality => "City municipality",
            AgencyType::TownMunicipality => "Town municipality",
            AgencyType::SubdistrictMunicipality => "Subdistrict municipality",
            AgencyType::Sao => "Subdistrict administrative organisation (SAO)",
            AgencyType::Department => "Government department",
            AgencyType::Other => "Other agency",
        }
    }
}

impl fmt::Display for AgencyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The text was not one of the agency type codes.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("unknown agency type `{0}`")]
pub struct UnknownAgencyType(pub String);

impl FromStr for AgencyType {
    type Err = UnknownAgencyType;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        // The province office's earlier Thai name, still in files people made from our lists.
        if s == "ศาลากลางจังหวัด" {
            return Ok(AgencyType::ProvinceOffice);
        }
        AgencyType::ALL
            .into_iter()
            .find(|t| t.code() == s || t.name_th() == s)
            .ok_or_else(|| UnknownAgencyType(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_through_from_str_and_serde() {
        for t in AgencyType::ALL {
            assert_eq!(t.code().parse::<AgencyType>(), Ok(t));
            let json = serde_json::to_string(&t).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", t.code()));
        }
        assert!("village".parse::<AgencyType>().is_err());
    }

    #[test]
    fn the_province_office_is_called_what_the_nacc_calls_it() {
        assert_eq!(AgencyType::ProvinceOffice.name_th(), "จังหวัด");
        for name in ["จังหวัด", "ศาลากลางจังหวัด"] {
            assert_eq!(name.parse::<AgencyType>(), Ok(AgencyType::ProvinceOffice));
        }
        // Thai names stay unique, so a file's type column reads back to one type.
        for t in AgencyType::ALL {
            let same = AgencyType::ALL
                .iter()
                .filter(|o| o.name_th() == t.name_th());
            assert_eq!(same.count(), 1, "{t}");
        }
    }
}
