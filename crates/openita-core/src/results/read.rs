//! Reading results: the list and the summary (public after publication, the NACC admin
//! before), and one agency's full result with its explanation and path to the pass mark.

use crate::{Actor, Core, CoreError, agencies, cycles};
use openita_db::{
    DbError,
    queries::{agencies as agency_rows, results},
};
use openita_scoring::{AgencyScore, PassPlan, ResultDigest, ResultFields, Summary};
use openita_types::{AgencyType, Role, Text};
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
    /// The tier's name as the framework gives it ("ผ่านดี", "Pass, good"), beside its code.
    #[schema(value_type = Object)]
    pub tier_name: Text,
}

/// Whether the cycle's results show the AA-F band of the total (its framework's display
/// option; NACC reports pass/fail and the tier from 2566).
pub async fn shows_levels(core: &Core, year: i64) -> Result<bool, CoreError> {
    let cycle = cycles::get_cycle(core, year).await?;
    Ok(cycles::cached_framework(core, &cycle).await?.shows_levels())
}

/// A tier's names from the framework; the code itself if the framework does not know it.
pub fn tier_name(fw: &openita_framework::Framework, tier: &str) -> Text {
    fw.rating_rule(tier)
        .map(|r| Text::new(r.name_th.clone(), r.name_en.clone()))
        .unwrap_or_else(|| Text::new(tier, tier))
}

/// Whether the cycle's results are published, for an actor who may read them (else the same
/// "not published" error as every results read).
pub async fn results_published(
    core: &Core,
    actor: Option<&Actor>,
    year: i64,
) -> Result<bool, CoreError> {
    let cycle = cycles::get_cycle(core, year).await?;
    check_visible(core, actor, cycle.id).await
}

/// May this actor read the cycle's results now? Returns whether they are published.
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

/// Every visible result matching the filter, with what area summaries need of it (its
/// digest; for a result stored before digests, derived from its breakdown).
pub(crate) async fn digested(
    core: &Core,
    actor: Option<&Actor>,
    year: i64,
    filter: &ResultFilter,
) -> Result<Vec<(ResultAgency, ResultFields, ResultDigest)>, CoreError> {
    let rows = visible(core, actor, year, filter, true).await?;
    let unreadable = |e: serde_json::Error| CoreError::Internal(e.to_string());
    rows.into_iter()
        .map(|(agency, fields, row)| {
            let digest = if row.digest_json.is_empty() {
                serde_json::from_str::<AgencyScore>(&row.breakdown_json)
                    .map_err(unreadable)?
                    .digest()
            } else {
                serde_json::from_str(&row.digest_json).map_err(unreadable)?
            };
            Ok((agency, fields, digest))
        })
        .collect()
}

/// Every visible result matching the filter, with its stored row: with the digest when
/// asked for (else only the published fields: the list and the downloads need no more).
async fn visible(
    core: &Core,
    actor: Option<&Actor>,
    year: i64,
    filter: &ResultFilter,
    with_digests: bool,
) -> Result<Vec<(ResultAgency, ResultFields, results::ResultRow)>, CoreError> {
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
    let rows = if with_digests {
        results::all_digests(&mut conn, cycle.id).await?
    } else {
        results::all_fields(&mut conn, cycle.id).await?
    };
    let mut by_agency: std::collections::HashMap<i64, results::ResultRow> =
        rows.into_iter().map(|r| (r.agency_id, r)).collect();
    let mut out = Vec::new();
    for a in listed {
        let Some(r) = by_agency.remove(&a.id) else {
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
            r,
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
    let cycle = cycles::get_cycle(core, year).await?;
    let fw = cycles::cached_framework(core, &cycle).await?;
    let mut rows: Vec<ResultRow> = visible(core, actor, year, filter, false)
        .await?
        .into_iter()
        .map(|(agency, fields, _)| {
            let tier_name = tier_name(&fw, &fields.tier);
            ResultRow {
                agency,
                fields,
                tier_name,
            }
        })
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
    let digested = digested(core, actor, year, filter).await?;
    Ok(openita_scoring::summary(digested.iter().map(|s| &s.2)))
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
    // Before publication only the NACC admin reads it (the same rule as the list).
    let published = check_visible(core, actor, cycle.id).await?;
    let all = digested(core, actor, year, &ResultFilter::default()).await?;
    let (agency, fields) = all
        .iter()
        .find(|(a, _, _)| a.code == code)
        .map(|(a, f, _)| (a.clone(), f.clone()))
        .ok_or_else(|| agencies::not_found(code))?;
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    let agency_id = agency_rows::by_code(&mut conn, code)
        .await?
        .ok_or_else(|| agencies::not_found(code))?
        .id;
    // Only this agency's full breakdown is read; the means come from the digests.
    let (_, breakdown, _) = results::of_agency(&mut conn, cycle.id, agency_id)
        .await?
        .ok_or_else(|| agencies::not_found(code))?;
    let score: AgencyScore =
        serde_json::from_str(&breakdown).map_err(|e| CoreError::Internal(e.to_string()))?;
    let provincial = openita_scoring::summary(
        all.iter()
            .filter(|(a, _, _)| a.province == agency.province)
            .map(|s| &s.2),
    );
    let national = openita_scoring::summary(all.iter().map(|s| &s.2));
    let plan = openita_scoring::path_to_pass(&score);
    let history =
        super::history::earlier_results(&mut conn, actor, agency_id, year, fields.total).await?;
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

/// The years whose results are published, newest first: what the public may open.
pub async fn published_years(core: &Core) -> Result<Vec<i64>, CoreError> {
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    let mut years = Vec::new();
    for cycle in openita_db::queries::cycles::list(&mut conn).await? {
        if results::publication(&mut conn, cycle.id)
            .await?
            .published_at
            .is_some()
        {
            years.push(cycle.year);
        }
    }
    Ok(years)
}
