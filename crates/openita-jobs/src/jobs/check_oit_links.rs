//! Checks every submitted OIT evidence URL of one agency (or all) with `openita-evidence` and
//! stores the findings beside the items, for the agency's and the assessor's pages. Safe to
//! run again: the latest finding per URL replaces the previous one.

use super::progress::ProgressReporter;
use openita_core::{
    Actor, Core, CoreError,
    background::{self, CheckOitLinks, ClaimedJob},
    oit_review,
};
use openita_evidence::{Checker, CheckerConfig, TextExtractor};
use openita_types::AgencyId;

pub async fn run(
    core: &Core,
    job: &ClaimedJob,
    actor: &Actor,
    CheckOitLinks { year, agency }: CheckOitLinks,
    extractor: &TextExtractor,
) -> Result<serde_json::Value, CoreError> {
    let links = oit_review::links_to_check(core, actor, year, agency.as_ref()).await?;
    let checker = Checker::new(CheckerConfig {
        extractor: extractor.clone(),
        ..CheckerConfig::default()
    })
    .map_err(CoreError::internal)?;
    let items: Vec<((AgencyId, String), String, Option<u16>)> = links
        .into_iter()
        .map(|(a, item, url, year)| ((a, item), url, year))
        .collect();
    let total = items.len();
    let reporter = ProgressReporter::start(core, job.id);
    let findings = checker.check_all(items, reporter.callback()).await;
    reporter.finish().await;
    let rows: Vec<oit_review::LinkFinding> = findings
        .iter()
        .map(|((agency, item), f)| oit_review::LinkFinding {
            agency_id: *agency,
            item_code: item.clone(),
            url: f.url.clone(),
            outcome: f.outcome,
            http_status: f.http_status,
            final_url: f.final_url.clone(),
            content_type: f.content_type.clone(),
            size_bytes: f.size_bytes,
            redirects: f.redirects.clone(),
            login_wall: f.login_wall,
            year_found: f.year_found,
            detail: format!("{} — {}", f.outcome.label_th(), f.detail),
        })
        .collect();
    oit_review::save_link_checks(core, year, &rows).await?;
    let problems = findings.iter().filter(|(_, f)| !f.outcome.is_ok()).count();
    // How many ended each way, for the job page's summary ("28 links checked: 3 dead, ...").
    let mut report = background::LinkCheckReport {
        checked: total,
        problems,
        ..Default::default()
    };
    for (_, f) in &findings {
        *report
            .by_outcome
            .entry(f.outcome.code().to_string())
            .or_default() += 1;
    }
    serde_json::to_value(report).map_err(CoreError::internal)
}
