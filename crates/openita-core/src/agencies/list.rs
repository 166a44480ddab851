//! Listing agencies with filters, limited to what the actor may see.

use super::AgencyView;
use crate::{Actor, Core, CoreError};
use openita_db::{DbError, queries::agencies};
use openita_types::AgencyType;

/// Filters as people give them: province and district by name or code, type by code.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct AgencyQuery {
    pub province: Option<String>,
    pub district: Option<String>,
    #[serde(rename = "type")]
    pub agency_type: Option<String>,
    pub q: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

fn blank_to_none(s: Option<&String>) -> Option<&str> {
    s.map(|s| s.trim()).filter(|s| !s.is_empty())
}

/// The province a filter names (Thai or English name, or code), or a refusal naming the field.
pub(crate) fn known_province(p: &str) -> Result<&'static openita_geography::Province, CoreError> {
    openita_geography::province(p).ok_or_else(|| {
        CoreError::invalid(
            "province",
            format!("ไม่พบจังหวัด \"{p}\""),
            format!("No province called \"{p}\"."),
        )
    })
}

/// Returns one page of agencies (all when `per_page` is absent) and the total count.
pub async fn list_agencies(
    core: &Core,
    actor: &Actor,
    query: &AgencyQuery,
) -> Result<(Vec<AgencyView>, i64), CoreError> {
    let mut filter = agencies::AgencyFilter::default();
    if let Some(p) = blank_to_none(query.province.as_ref()) {
        let province = known_province(p)?;
        filter.province_code = Some(province.code.to_string());
        if let Some(d) = blank_to_none(query.district.as_ref()) {
            let district = openita_geography::district(&province.code, d).ok_or_else(|| {
                CoreError::invalid(
                    "district",
                    format!("ไม่พบอำเภอ \"{d}\" ในจังหวัด{}", province.name_th),
                    format!("No district \"{d}\" in {} province.", province.name_en),
                )
            })?;
            filter.district_code = Some(district.code.to_string());
        }
    }
    if let Some(t) = blank_to_none(query.agency_type.as_ref()) {
        let t: AgencyType = t.parse().map_err(|_| {
            CoreError::invalid(
                "type",
                format!("ไม่รู้จักประเภทหน่วยงาน \"{t}\""),
                format!("Unknown agency type \"{t}\"."),
            )
        })?;
        filter.agency_type = Some(t.code().to_string());
    }
    filter.search = blank_to_none(query.q.as_ref()).map(str::to_string);
    if let Some(per_page) = query.per_page {
        let per_page = per_page.clamp(1, 500);
        filter.limit = Some(per_page);
        filter.offset = (query.page.unwrap_or(1).max(1) - 1) * per_page;
    }
    actor.scope().narrow(&mut filter, None)?;
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    let rows = agencies::list(&mut conn, &filter).await?;
    let total = agencies::count(&mut conn, &filter).await?;
    Ok((rows.iter().map(AgencyView::from).collect(), total))
}
