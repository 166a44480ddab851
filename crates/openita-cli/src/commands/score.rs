//! `openita score --year YEAR [--verify]`: scores every agency of a cycle from the running sums
//! and stores the results (the NACC admin's "compute", the same job), with a progress bar.
//! `--verify` first rebuilds every agency's survey inputs from the raw responses and refuses to
//! score unless they equal the running sums.

use crate::database::DbArgs;
use anyhow::{Result, bail};
use openita_core::{Actor, Core, background, results};
use openita_types::FiscalYear;

#[derive(Debug, clap::Args)]
pub struct ScoreArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Buddhist-era fiscal year of the cycle (e.g. 2568).
    #[arg(long)]
    pub year: FiscalYear,
    /// Check the running sums against every raw response first (a full scan).
    #[arg(long)]
    pub verify: bool,
}

pub async fn run(args: ScoreArgs) -> Result<()> {
    let core = super::core(args.db.open().await?);
    let actor = Actor::system("cli");
    if args.verify {
        verify(&core, &actor, args.year).await?;
    }
    let job = background::enqueue_results_compute(&core, &actor, args.year)
        .await
        .map_err(|e| anyhow::anyhow!(super::admin::describe(&e)))?;
    let done = super::progress::run_to_the_end(&core, &actor, job.id).await?;
    let report = match (done.status, done.result) {
        (background::JobStatus::Done, Some(background::JobReport::ComputeResults(r))) => r,
        _ => bail!("scoring failed: {}", done.error.unwrap_or_default()),
    };
    let rate = if report.agencies == 0 {
        0.0
    } else {
        report.passed as f64 * 100.0 / report.agencies as f64
    };
    println!(
        "คำนวณผลปี {} แล้ว {} หน่วยงาน ผ่าน {} ({rate:.2}%) / scored {} agencies of {}, {} passed ({rate:.2} %)",
        args.year, report.agencies, report.passed, report.agencies, args.year, report.passed
    );
    Ok(())
}

async fn verify(core: &Core, actor: &Actor, year: FiscalYear) -> Result<()> {
    let (bar, follow) = super::progress::counting("responses");
    let checked = results::verify_running_sums(core, actor, year, &follow)
        .await
        .map_err(|e| anyhow::anyhow!(super::admin::describe(&e)))?;
    bar.finish();
    if !checked.differing.is_empty() {
        let shown: Vec<&str> = checked
            .differing
            .iter()
            .take(10)
            .map(String::as_str)
            .collect();
        let n = checked.differing.len();
        bail!(
            "the running sums differ from the raw responses for {n} {} ({}{}); nothing was scored",
            if n == 1 { "agency" } else { "agencies" },
            shown.join(", "),
            if n > shown.len() { ", ..." } else { "" }
        );
    }
    println!(
        "ผลรวมสะสมตรงกับคำตอบดิบ {} รายการ ทุกหน่วยงาน ({}) / the running sums equal the {} raw responses for all {} agencies",
        checked.responses, checked.agencies, checked.responses, checked.agencies
    );
    Ok(())
}
