//! What the automatic evidence checker works on, and where its findings go. The checking
//! itself (network, address safety, year detection) is `openita-evidence`, run by a job.

use super::scope;
use crate::{Actor, Core, CoreError, cycles};
use openita_db::{
    DbError,
    queries::{agencies, oit},
};
use openita_types::{AgencyCode, FiscalYear, Role};

/// One URL to check: (agency id, item code, url, fiscal year the page must mention).
pub type LinkToCheck = (openita_types::AgencyId, String, String, Option<u16>);

/// Every submitted URL of one agency (or of all agencies when `code` is None).
pub async fn links_to_check(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    code: Option<&AgencyCode>,
) -> Result<Vec<LinkToCheck>, CoreError> {
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    let cycle = cycles::load_cycle(&mut conn, core, year).await?;
    let fw = cycles::cached_framework(core, &cycle).await?;
    let agency_ids: Vec<i64> = match code {
        Some(code) => vec![
            scope::resolve(core, &mut conn, actor, year, code)
                .await?
                .agency
                .id,
        ],
        None => {
            actor.require(&[Role::NaccAdmin])?;
            agencies::list(&mut conn, &agencies::AgencyFilter::default())
                .await?
                .into_iter()
                .map(|a| a.id)
                .collect()
        }
    };
    let fiscal = year.be();
    let mut out = Vec::new();
    for agency in agency_ids {
        for a in oit::answers(&mut conn, cycle.id, agency).await? {
            let expect = fw
                .oit_item(&a.item_code)
                .and_then(|(_, item)| item.year_rule.fiscal_year_covered(fiscal));
            let urls: Vec<String> = serde_json::from_str(&a.urls).unwrap_or_default();
            for url in urls {
                out.push((
                    openita_types::AgencyId::new(agency),
                    a.item_code.clone(),
                    url,
                    expect,
                ));
            }
        }
    }
    Ok(out)
}

/// What the checker found at one submitted URL.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkFinding {
    pub agency_id: openita_types::AgencyId,
    pub item_code: String,
    pub url: String,
    pub outcome: openita_types::LinkOutcome,
    pub http_status: Option<u16>,
    pub final_url: Option<String>,
    pub content_type: Option<String>,
    pub size_bytes: Option<u64>,
    pub redirects: Vec<String>,
    pub login_wall: bool,
    pub year_found: bool,
    /// The finding in words, as the pages show it.
    pub detail: String,
}

/// Stores findings, stamped now (the latest per URL is kept).
pub async fn save_link_checks(
    core: &Core,
    year: FiscalYear,
    findings: &[LinkFinding],
) -> Result<(), CoreError> {
    let checked_at = core.now_text();
    let mut tx = core.db.begin_write().await?;
    let cycle = cycles::load_cycle(tx.conn(), core, year).await?;
    for f in findings {
        let row = oit::LinkCheckRow {
            item_code: f.item_code.clone(),
            url: f.url.clone(),
            checked_at: checked_at.clone(),
            outcome: f.outcome.code().to_string(),
            http_status: f.http_status.map(i64::from),
            final_url: f.final_url.clone(),
            content_type: f.content_type.clone(),
            size_bytes: f.size_bytes.and_then(|s| i64::try_from(s).ok()),
            redirects: serde_json::to_string(&f.redirects).unwrap_or_default(),
            login_wall: i64::from(f.login_wall),
            year_found: i64::from(f.year_found),
            detail: Some(f.detail.clone()),
        };
        oit::save_link_check(tx.conn(), cycle.id, f.agency_id.get(), &row).await?;
    }
    tx.commit().await?;
    Ok(())
}
