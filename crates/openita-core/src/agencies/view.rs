//! An agency as the API and pages show it: type and geography spelled out.

use openita_db::queries::agencies::AgencyRow;
use openita_types::AgencyType;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct AgencyView {
    pub code: String,
    pub name_th: String,
    pub name_en: Option<String>,
    #[serde(rename = "type")]
    pub agency_type: AgencyType,
    /// Province name in Thai.
    pub province: String,
    pub province_code: String,
    /// District name in Thai.
    pub district: Option<String>,
    pub district_code: Option<String>,
    pub website: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    #[serde(skip)]
    pub id: i64,
}

impl From<&AgencyRow> for AgencyView {
    fn from(row: &AgencyRow) -> Self {
        let province = openita_geography::province(&row.province_code);
        let district = row
            .district_code
            .as_deref()
            .and_then(|d| openita_geography::district(&row.province_code, d));
        AgencyView {
            id: row.id,
            code: row.code.clone(),
            name_th: row.name_th.clone(),
            name_en: row.name_en.clone(),
            agency_type: row.agency_type.parse().unwrap_or(AgencyType::Other),
            province: province
                .map(|p| p.name_th.to_string())
                .unwrap_or_else(|| row.province_code.clone()),
            province_code: row.province_code.clone(),
            district: district.map(|d| d.name_th.to_string()),
            district_code: row.district_code.clone(),
            website: row.website.clone(),
            created_at: row.created_at.clone(),
            updated_at: row.updated_at.clone(),
        }
    }
}
