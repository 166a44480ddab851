//! What the automatic evidence checker works on, and where its findings go. The checking
//! itself (network, address safety, year detection) is `openita-evidence`, run by a job.

use super::scope;
use crate::{Actor, Core, CoreError, cycles};
use openita_db::{
    DbError,
    queries::{agencies, oit},
};
use openita_types::Role;

/// One URL to check: (agency id, item code, url, fiscal year the page must mention).
pub type LinkToCheck = (i64, String, String, Option<u16>);

/// Every submitted URL of one agency (or of all agencies when `code` is None).
pub async fn links_to_check(
    core: &Core,
    actor: &Actor,
    year: i64,
    code: Option<&str>,
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
    let fiscal = u16::try_from(year).unwrap_or_default();
    let mut out = Vec::new();
    for agency in agency_ids {
        for a in oit::answers(&mut conn, cycle.id, agency).await? {
            let expect = fw
                .oit_item(&a.item_code)
                .and_then(|(_, item)| item.year_rule.fiscal_year_covered(fiscal));
            let urls: Vec<String> = serde_json::from_str(&a.urls).unwrap_or_default();
            for url in urls {
                out.push((agency, a.item_code.clone(), url, expect));
            }
        }
    }
    Ok(out)
}

/// Stores findings (the latest per URL is kept).
pub async fn save_link_checks(
    core: &Core,
    year: i64,
    findings: &[(i64, oit::LinkCheckRow)],
) -> Result<(), CoreError> {
    let mut tx = core.db.begin_write().await?;
    let cycle = cycles::load_cycle(tx.conn(), core, year).await?;
    for (agency, row) in findings {
        oit::save_link_check(tx.conn(), cycle.id, *agency, row).await?;
    }
    tx.commit().await?;
    Ok(())
}
