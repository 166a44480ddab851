//! The agency report as a use case: everything the report shows, in no language yet
//! (`report_text.rs` turns it into one). The page, the PDF and `openita report` all start
//! here, so they show the same figures, the same OIT reasons and the framework's own pass mark.

use super::{AgencyResult, agency_result};
use crate::{Actor, Core, CoreError};
use openita_types::{AgencyCode, FiscalYear};
use std::collections::HashMap;

/// One agency's result of one cycle with what the report adds to it.
pub struct AgencyReport {
    pub year: FiscalYear,
    pub result: AgencyResult,
    /// The OIT items that lost points, by code, in the framework's order.
    pub lost_items: Vec<String>,
    /// The assessors' final (else provisional) reason per OIT item code, read only when
    /// some item lost points.
    pub oit_reasons: HashMap<String, String>,
}

/// The report of agency `code` in cycle `year`, under the same reading rule as its result
/// (before publication only the NACC admin).
pub async fn agency_report(
    core: &Core,
    actor: Option<&Actor>,
    year: FiscalYear,
    code: &AgencyCode,
) -> Result<AgencyReport, CoreError> {
    let result = agency_result(core, actor, year, code).await?;
    let lost_items: Vec<String> = result
        .score
        .instruments
        .iter()
        .flat_map(|i| i.indicators.iter())
        .flat_map(|ind| ind.items.iter())
        .filter(|it| it.counted < it.max)
        .map(|it| it.code.clone())
        .collect();
    let oit_reasons = if !lost_items.is_empty() {
        oit_reasons(core, year, code).await
    } else {
        HashMap::new()
    };
    Ok(AgencyReport {
        year,
        result,
        lost_items,
        oit_reasons,
    })
}

/// The final (or provisional) reason of each OIT item, for "items lost". The report's reader
/// may not read the OIT review itself (the public after publication), so it is read as the
/// system; only the reasons leave this function.
async fn oit_reasons(core: &Core, year: FiscalYear, code: &AgencyCode) -> HashMap<String, String> {
    let system = Actor::system("report");
    match crate::oit_review::oit_of(core, &system, year, code).await {
        Ok(v) => v
            .items
            .into_iter()
            .filter_map(|i| {
                i.final_decision
                    .or(i.provisional)
                    .map(|d| (i.code, d.reason))
            })
            .collect(),
        Err(e) => {
            tracing::warn!(error.cause = %e, agency = %code, year = %year, "the report shows no OIT reasons");
            HashMap::new()
        }
    }
}
