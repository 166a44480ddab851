//! An agency as the API and pages show it: type and geography spelled out.

use openita_db::queries::agencies::AgencyRow;
use openita_types::{AgencyType, Moment};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct AgencyView {
    pub code: openita_types::AgencyCode,
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
    pub created_at: Moment,
    pub updated_at: Moment,
    #[serde(skip)]
    pub id: openita_types::AgencyId,
}

impl TryFrom<&AgencyRow> for AgencyView {
    type Error = crate::CoreError;

    fn try_from(row: &AgencyRow) -> Result<Self, crate::CoreError> {
        let province = openita_geography::province(&row.province_code);
        let district = row
            .district_code
            .as_deref()
            .and_then(|d| openita_geography::district(&row.province_code, d));
        Ok(AgencyView {
            id: openita_types::AgencyId::new(row.id),
            code: openita_types::AgencyCode::parse(&row.code)
                .map_err(crate::CoreError::internal)?,
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
            created_at: Moment::stored(&row.created_at)?,
            updated_at: Moment::stored(&row.updated_at)?,
        })
    }
}
