//! Listing agencies with filters, limited to what the actor may see.

use super::AgencyView;
use super::place_filter::{given, place_filter};
use crate::{Actor, Core, CoreError};
use openita_db::{DbError, queries::agencies};

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

/// Returns one page of agencies (all when `per_page` is absent) and the total count.
pub async fn list_agencies(
    core: &Core,
    actor: &Actor,
    query: &AgencyQuery,
) -> Result<(Vec<AgencyView>, i64), CoreError> {
    let place = place_filter(
        query.province.as_deref(),
        query.district.as_deref(),
        query.agency_type.as_deref(),
    )?;
    let mut filter = agencies::AgencyFilter {
        province_code: place.province_code,
        district_code: place.district_code,
        agency_type: place.agency_type,
        ..Default::default()
    };
    filter.search = given(query.q.as_deref()).map(str::to_string);
    if let Some(per_page) = query.per_page {
        let per_page = per_page.clamp(1, 500);
        filter.limit = Some(per_page);
        filter.offset = crate::paging::offset(query.page, per_page);
    }
    actor.scope().narrow(&mut filter, None)?;
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    let rows = agencies::list(&mut conn, &filter).await?;
    let total = agencies::count(&mut conn, &filter).await?;
    let views = rows
        .iter()
        .map(AgencyView::try_from)
        .collect::<Result<_, _>>()?;
    Ok((views, total))
}
