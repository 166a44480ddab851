//! `openita check-links --year YEAR [--agency CODE]`: checks the OIT evidence links now (run it
//! nightly from cron for all agencies), with a progress bar, and prints what failed.

use crate::database::DbArgs;
use anyhow::Result;
use openita_core::{Actor, background};
use openita_types::FiscalYear;

#[derive(Debug, clap::Args)]
pub struct CheckLinksArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Buddhist-era fiscal year of the cycle.
    #[arg(long)]
    pub year: FiscalYear,
    /// One agency's code; all agencies when absent.
    #[arg(long)]
    pub agency: Option<openita_types::AgencyCode>,
}

pub async fn run(args: CheckLinksArgs) -> Result<()> {
    let core = super::core(args.db.open().await?);
    let job = background::enqueue_link_check(
        &core,
        &Actor::system("check-links"),
        args.year,
        args.agency.as_ref(),
    )
    .await
    .map_err(|e| anyhow::anyhow!(super::admin::describe(&e)))?;
    let done =
        super::progress::run_to_the_end(&core, &Actor::system("check-links"), job.id).await?;
    match (done.status, done.result, done.error) {
        (
            openita_core::background::JobStatus::Done,
            Some(openita_core::background::JobReport::CheckOitLinks(r)),
            _,
        ) => println!("checked {} links, {} with problems", r.checked, r.problems),
        (_, _, e) => anyhow::bail!("the link check failed: {}", e.unwrap_or_default()),
    }
    Ok(())
}
