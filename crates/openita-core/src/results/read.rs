//! Reading results: the list and the summary (public after publication, the NACC admin
//! before), and one agency's full result with its explanation and path to the pass mark.

use crate::{Actor, Core, CoreError, agencies, cycles};
use openita_db::{
    DbError,
    queries::{agencies as agency_rows, results},
};
use openita_scoring::{AgencyScore, PassPlan, ResultFields, Summary};
use openita_types::{AgencyType, Role};
use serde::Serialize;

/// Filters of the list and the summary.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ResultFilter {
    pub province: Option<String>,
    #[serde(rename = "type")]
    pub agency_type: Option<String>,
    pub district: Option<String>,
    pub q: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ResultAgency {
    pub code: String,
    pub name_th: String,
    pub province: String,
    pub district: Option<String>,
    #[serde(rename = "type")]
    pub agency_type: AgencyType,
}

/// One row of `GET .../results` (API.md shape).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ResultRow {
    pub agency: ResultAgency,
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub fields: ResultFields,
}

/// May this actor read the cycle's results now?
async fn check_visible(
    core: &Core,
    actor: Option<&Actor>,
    cycle_id: i64,
) -> Result<bool, CoreError> {
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    let published = results::publication(&mut conn, cycle_id)
        .await?
        .published_at
        .is_some();
    if published || actor.is_some_and(|a| a.role == Role::NaccAdmin) {
        Ok(published)
    } else {
        Err(CoreError::not_found(
            "ยังไม่ประกาศผลการประเมินของปีนี้",
            "The results of this year are not published yet.",
        ))
    }
}

/// Every visible result matching the filter, with its full breakdown (for summaries and the
/// report).
pub(super) async fn scored(
    core: &Core,
    actor: Option<&Actor>,
    year: i64,
    filter: &ResultFilter,
) -> Result<Vec<(ResultAgency, ResultFields, AgencyScore)>, CoreError> {
    let rows = visible(core, actor, year, filter, true).await?;
    rows.into_iter()
        .map(|(agency, fields, breakdown)| {
            let score: AgencyScore =
                serde_json::from_str(&breakdown).map_err(|e| CoreError::Internal(e.to_string()))?;
            Ok((agency, fields, score))
        })
        .collect()
}

/// Every visible result matching the filter, with the breakdown's JSON text when asked for
/// (empty otherwise: the list and the downloads need only the published fields).
async fn visible(
    core: &Core,
    actor: Option<&Actor>,
    year: i64,
    filter: &ResultFilter,
    with_breakdown: bool,
) -> Result<Vec<(ResultAgency, ResultFields, String)>, CoreError> {
    let cycle = cycles::get_cycle(core, year).await?;
    check_visible(core, actor, cycle.id).await?;
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    let mut f = agency_rows::AgencyFilter {
        search: filter.q.clone(),
        ..Default::default()
    };
    if let Some(p) = filter.province.as_deref().filter(|p| !p.is_empty()) {
        let province = openita_geography::province(p).ok_or_else(|| {
            CoreError::invalid(
                "province",
                format!("ไม่พบจังหวัด \"{p}\""),
                format!("No province called \"{p}\"."),
            )
        })?;
        f.province_code = Some(province.code.clone());
        if let Some(d) = filter.district.as_deref().filter(|d| !d.is_empty()) {
            f.district_code =
                openita_geography::district(&province.code, d).map(|d| d.code.clone());
        }
    }
    if let Some(t) = filter.agency_type.as_deref().filter(|t| !t.is_empty()) {
        let t: AgencyType = t.parse().map_err(|_| {
            CoreError::invalid(
                "type",
                format!("ไม่รู้จักประเภท \"{t}\""),
                format!("Unknown agency type \"{t}\"."),
            )
        })?;
        f.agency_type = Some(t.code().to_string());
    }
    let listed = agency_rows::list(&mut conn, &f).await?;
    let rows = if with_breakdown {
        results::all(&mut conn, cycle.id).await?
    } else {
        results::all_fields(&mut conn, cycle.id).await?
    };
    let by_agency: std::collections::HashMap<i64, &results::ResultRow> =
        rows.iter().map(|r| (r.agency_id, r)).collect();
    let mut out = Vec::new();
    for a in listed {
        let Some(r) = by_agency.get(&a.id) else {
            continue;
        };
        let fields: ResultFields =
            serde_json::from_str(&r.fields_json).map_err(|e| CoreError::Internal(e.to_string()))?;
        let view = agencies::AgencyView::from(&a);
        out.push((
            ResultAgency {
                code: a.code,
                name_th: a.name_th,
                province: view.province,
                district: view.district,
                agency_type: view.agency_type,
            },
            fields,
            r.breakdown_json.clone(),
        ));
    }
    Ok(out)
}

/// The results list, best first. `actor` is None for the public.
pub async fn list_results(
    core: &Core,
    actor: Option<&Actor>,
    year: i64,
    filter: &ResultFilter,
) -> Result<Vec<ResultRow>, CoreError> {
    let mut rows: Vec<ResultRow> = visible(core, actor, year, filter, false)
        .await?
        .into_iter()
        .map(|(agency, fields, _)| ResultRow { agency, fields })
        .collect();
    rows.sort_by(|a, b| {
        b.fields
            .total
            .cmp(&a.fields.total)
            .then_with(|| a.agency.code.cmp(&b.agency.code))
    });
    Ok(rows)
}

pub async fn results_summary(
    core: &Core,
    actor: Option<&Actor>,
    year: i64,
    filter: &ResultFilter,
) -> Result<Summary, CoreError> {
    let scored = scored(core, actor, year, filter).await?;
    Ok(openita_scoring::summary(scored.iter().map(|s| &s.2)))
}

/// One agency's result: everything the report shows.
#[derive(Debug, Clone, Serialize)]
pub struct AgencyResult {
    pub agency: ResultAgency,
    pub fields: ResultFields,
    pub score: AgencyScore,
    pub plan: PassPlan,
    pub national: Summary,
    pub provincial: Summary,
    pub published: bool,
    /// The agency's earlier cycles, oldest first.
    pub history: Vec<super::EarlierResult>,
}

pub async fn agency_result(
    core: &Core,
    actor: Option<&Actor>,
    year: i64,
    code: &str,
) -> Result<AgencyResult, CoreError> {
    let cycle = cycles::get_cycle(core, year).await?;
    // Before publication, the NACC admin, and the agency's own roles, may read its result.
    let published = {
        let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
        results::publication(&mut conn, cycle.id)
            .await?
            .published_at
            .is_some()
    };
    if !published && actor.is_none_or(|a| a.role != Role::NaccAdmin) {
        return Err(CoreError::not_found(
            "ยังไม่ประกาศผลการประเมินของปีนี้",
            "The results of this year are not published yet.",
        ));
    }
    let all = scored(core, actor, year, &ResultFilter::default()).await?;
    let (agency, fields, score) = all
        .iter()
        .find(|(a, _, _)| a.code == code)
        .cloned()
        .ok_or_else(|| agencies::not_found(code))?;
    let provincial = openita_scoring::summary(
        all.iter()
            .filter(|(a, _, _)| a.province == agency.province)
            .map(|s| &s.2),
    );
    let national = openita_scoring::summary(all.iter().map(|s| &s.2));
    let plan = openita_scoring::path_to_pass(&score);
    let history = {
        let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
        let agency_id = agency_rows::by_code(&mut conn, code)
            .await?
            .ok_or_else(|| agencies::not_found(code))?
            .id;
        super::history::earlier_results(&mut conn, actor, agency_id, year, fields.total).await?
    };
    Ok(AgencyResult {
        history,
        agency,
        fields,
        score,
        plan,
        national,
        provincial,
        published,
    })
}
