//! `openita backup --to FILE`: a consistent copy of the whole database while the system runs
//! (SQLite: a database file; PostgreSQL: a `pg_dump` custom-format archive), and how to
//! restore it.

use crate::database::DbArgs;
use anyhow::Result;
use openita_db::BackupKind;
use std::{path::PathBuf, time::Duration};

#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The backup file to write (must not exist).
    #[arg(long)]
    pub to: PathBuf,
}

pub async fn run(args: BackupArgs) -> Result<()> {
    let db = args.db.open().await?;
    let spinner = indicatif::ProgressBar::new_spinner().with_message("backing up / กำลังสำรองข้อมูล");
    spinner.enable_steady_tick(Duration::from_millis(200));
    let kind = db.backup_to(&args.to).await;
    spinner.finish_and_clear();
    let kind = kind?;
    let size = std::fs::metadata(&args.to).map_or(0, |m| m.len());
    let restore = match kind {
        BackupKind::SqliteFile => format!(
            "กู้คืน: หยุด openita แล้วสั่ง openita restore --from {0} --db sqlite://PATH [--replace]\n\
             restore: stop openita, then openita restore --from {0} --db sqlite://PATH [--replace]",
            args.to.display()
        ),
        BackupKind::PgDumpCustom => format!(
            "กู้คืน / restore: createdb NEWDB; openita restore --from {} --db postgres://USER@HOST/NEWDB",
            args.to.display()
        ),
    };
    println!(
        "สำรองข้อมูลแล้ว {} ({size} ไบต์) / backed up to {} ({size} bytes)\n{restore}",
        args.to.display(),
        args.to.display()
    );
    Ok(())
}
