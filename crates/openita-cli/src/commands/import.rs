//! `openita import agencies FILE`: bulk registration from CSV or XLSX, with a progress bar.

use crate::database::DbArgs;
use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use openita_core::{Actor, agencies};
use std::path::PathBuf;

#[derive(Debug, clap::Subcommand)]
pub enum ImportCommand {
    /// Agencies from a CSV (UTF-8) or XLSX file whose first row is the header
    /// (code, name_th, name_en, type, province, district, website).
    Agencies(ImportAgenciesArgs),
}

#[derive(Debug, clap::Args)]
pub struct ImportAgenciesArgs {
    #[command(flatten)]
    pub db: DbArgs,
    pub file: PathBuf,
}

/// Reads at most `limit` bytes: a larger file (or a device that never ends) is refused
/// without reading it into memory, whatever size the file system reports.
fn read_bounded(path: &std::path::Path, limit: usize) -> Result<Vec<u8>> {
    use std::io::Read;
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut bytes = Vec::new();
    file.take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {}", path.display()))?;
    anyhow::ensure!(
        bytes.len() <= limit,
        "{} is larger than {} MB, the most an import reads; split it into several files",
        path.display(),
        limit / (1024 * 1024)
    );
    Ok(bytes)
}

pub async fn run(cmd: ImportCommand) -> Result<()> {
    let ImportCommand::Agencies(args) = cmd;
    let bytes = read_bounded(&args.file, agencies::MAX_FILE_BYTES)?;
    let rows = agencies::read_import_rows(&bytes)
        .map_err(|e| anyhow::anyhow!(super::admin::describe(&e)))?;
    let core = super::core(args.db.open().await?);
    let bar = ProgressBar::new(rows.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} agencies {elapsed_precise}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let progress_bar = bar.clone();
    let report = agencies::import_agencies(
        &core,
        &Actor::system("cli:import"),
        &rows,
        &move |done, total| {
            progress_bar.set_length(total as u64);
            progress_bar.set_position(done as u64);
        },
    )
    .await
    .map_err(|e| anyhow::anyhow!(super::admin::describe(&e)))?;
    bar.finish();
    println!(
        "created {}, updated {}, unchanged {}, rows with problems {}",
        report.created,
        report.updated,
        report.unchanged,
        report.errors.len()
    );
    for e in &report.errors {
        println!("  row {}: {}", e.row, e.message.en);
    }
    anyhow::ensure!(
        report.errors.is_empty(),
        "{} row(s) were not imported",
        report.errors.len()
    );
    Ok(())
}
