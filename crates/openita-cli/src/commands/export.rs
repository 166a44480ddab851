//! `openita export results|responses --year YEAR --to FILE`: the open-data results (CSV with
//! BOM, XLSX, or the API's JSON) and the raw responses (CSV or XLSX, in random key order), as
//! the web downloads make them. The format follows the file's extension unless `--format`
//! says otherwise. An existing file is never overwritten; the file is readable by its owner
//! only (0600).

use crate::database::DbArgs;
use anyhow::{Context, Result, bail};
use openita_core::{Actor, results, survey_responses};
use openita_types::FiscalYear;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Subcommand)]
pub enum ExportCommand {
    /// Every agency's result of a cycle (as GET /api/v1/cycles/{year}/results).
    Results(ResultsArgs),
    /// Every raw survey response of a cycle (no respondent can be told apart: key order is random).
    Responses(ResponsesArgs),
    /// One agency's report (as its report page and PDF): PDF or plain text.
    Report(ReportArgs),
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Buddhist-era fiscal year of the cycle (e.g. 2568).
    #[arg(long)]
    pub year: FiscalYear,
    /// The agency's code.
    #[arg(long)]
    pub agency: openita_types::AgencyCode,
    /// th (default) or en.
    #[arg(long, default_value = "th")]
    pub lang: String,
    /// pdf or txt; by default the extension of --to.
    #[arg(long)]
    pub format: Option<String>,
    /// The file to write (must not exist).
    #[arg(long)]
    pub to: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct ResultsArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Buddhist-era fiscal year of the cycle (e.g. 2568).
    #[arg(long)]
    pub year: FiscalYear,
    /// Only this province (code or Thai name).
    #[arg(long)]
    pub province: Option<String>,
    /// csv, xlsx or json; by default the extension of --to.
    #[arg(long)]
    pub format: Option<String>,
    /// The file to write (must not exist).
    #[arg(long)]
    pub to: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct ResponsesArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Buddhist-era fiscal year of the cycle (e.g. 2568).
    #[arg(long)]
    pub year: FiscalYear,
    /// csv or xlsx; by default the extension of --to.
    #[arg(long)]
    pub format: Option<String>,
    /// The file to write (must not exist).
    #[arg(long)]
    pub to: PathBuf,
}

pub async fn run(cmd: ExportCommand) -> Result<()> {
    match cmd {
        ExportCommand::Results(args) => export_results(args).await,
        ExportCommand::Responses(args) => export_responses(args).await,
        ExportCommand::Report(args) => export_report(args).await,
    }
}

/// The format named by `--format`, else by the file's extension, checked against `allowed`.
fn format_of(given: Option<&str>, to: &Path, allowed: &[&str]) -> Result<String> {
    let from_name = to.extension().and_then(|e| e.to_str());
    let format = given.or(from_name).unwrap_or_default().to_ascii_lowercase();
    if !allowed.contains(&format.as_str()) {
        bail!(
            "unknown export format `{format}`: use --format {} or a file name ending in one",
            allowed.join(", ")
        );
    }
    if to.exists() {
        bail!("{} exists already: choose a new file name", to.display());
    }
    Ok(format)
}

async fn export_results(args: ResultsArgs) -> Result<()> {
    let format = format_of(args.format.as_deref(), &args.to, &["csv", "xlsx", "json"])?;
    let core = super::core(args.db.open().await?);
    let filter = results::ResultFilter {
        province: args.province.clone(),
        ..Default::default()
    };
    let actor = Actor::system("cli");
    let rows = results::list_results(&core, Some(&actor), args.year, &filter)
        .await
        .map_err(|e| anyhow::anyhow!(super::admin::describe(&e)))?;
    let levels = results::shows_levels(&core, args.year)
        .await
        .map_err(|e| anyhow::anyhow!(super::admin::describe(&e)))?;
    let bytes = match format.as_str() {
        "csv" => openita_web::results_files::results_csv(&rows, levels)
            .map_err(|e| anyhow::anyhow!(e))?,
        "xlsx" => openita_web::results_files::results_xlsx(args.year, &rows, levels)?,
        _ => serde_json::to_vec(&rows)?,
    };
    write_new(&args.to, &bytes)?;
    println!(
        "ส่งออกผล {} หน่วยงานไปที่ {} / exported {} results to {}",
        rows.len(),
        args.to.display(),
        rows.len(),
        args.to.display()
    );
    Ok(())
}

async fn export_responses(args: ResponsesArgs) -> Result<()> {
    let format = match format_of(args.format.as_deref(), &args.to, &["csv", "xlsx"])?.as_str() {
        "csv" => survey_responses::ExportFormat::Csv,
        _ => survey_responses::ExportFormat::Xlsx,
    };
    let core = super::core(args.db.open().await?);
    let file = openita_core::export_folder::create_private_file(&args.to)
        .with_context(|| format!("cannot create {}", args.to.display()))?;
    let (bar, follow) = super::progress::counting("responses");
    let written = survey_responses::write_responses(&core, args.year, format, file, &follow).await;
    let rows = match written {
        Ok(rows) => rows,
        Err(e) => {
            // Half a file of raw answers helps nobody.
            let _ = std::fs::remove_file(&args.to);
            bail!(super::admin::describe(&e));
        }
    };
    bar.finish();
    println!(
        "ส่งออกคำตอบ {rows} รายการไปที่ {} / exported {rows} responses to {}",
        args.to.display(),
        args.to.display()
    );
    Ok(())
}

async fn export_report(args: ReportArgs) -> Result<()> {
    let format = format_of(args.format.as_deref(), &args.to, &["pdf", "txt"])?;
    let lang = match args.lang.as_str() {
        "th" => openita_types::Lang::Th,
        "en" => openita_types::Lang::En,
        other => bail!("unknown language `{other}`: use --lang th or --lang en"),
    };
    let core = super::core(args.db.open().await?);
    let actor = Actor::system("cli");
    let report = results::agency_report(&core, Some(&actor), args.year, &args.agency)
        .await
        .map_err(|e| anyhow::anyhow!(super::admin::describe(&e)))?
        .in_language(lang);
    let bytes = match format.as_str() {
        "pdf" => openita_reports::report::pdf(&report.pdf_input())
            .map_err(|e| anyhow::anyhow!("the PDF could not be made: {e}"))?,
        _ => report.plain_text().into_bytes(),
    };
    write_new(&args.to, &bytes)?;
    println!(
        "ส่งออกรายงานของ {} ไปที่ {} / exported the report of {} to {}",
        args.agency,
        args.to.display(),
        args.agency,
        args.to.display()
    );
    Ok(())
}

/// Writes a file that must not exist yet (checked again at creation, atomically), readable
/// by its owner only.
fn write_new(to: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut file = openita_core::export_folder::create_private_file(to)
        .with_context(|| format!("cannot create {}", to.display()))?;
    file.write_all(bytes)
        .with_context(|| format!("cannot write {}", to.display()))
}
