//! `openita restore --from FILE`: the backup `openita backup` wrote becomes the database
//! again, checked and migrated to this version. Stop every `openita serve` and `openita
//! worker` on the target first (docs/deploying.md, "Backups").

use crate::database::DbArgs;
use anyhow::Result;
use std::{path::PathBuf, time::Duration};

#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// Where to restore: sqlite://PATH (a new file, or an existing one with --replace) or
    /// postgres://USER@HOST/NEWDB (an existing, empty database).
    #[command(flatten)]
    pub db: DbArgs,
    /// The backup file (`openita backup --to`).
    #[arg(long)]
    pub from: PathBuf,
    /// Put the backup in place of an existing SQLite file; the file is kept beside it as
    /// `NAME.before-restore-DATE`, never deleted.
    #[arg(long)]
    pub replace: bool,
}

pub async fn run(args: RestoreArgs) -> Result<()> {
    let (url, _) = args.db.resolve()?;
    let spinner = indicatif::ProgressBar::new_spinner().with_message("restoring / กำลังกู้คืน");
    spinner.enable_steady_tick(Duration::from_millis(200));
    let restored = openita_db::restore(&args.from, &url, args.replace).await;
    spinner.finish_and_clear();
    let restored = restored?;
    let count = |table: &str| restored.rows.get(table).copied().unwrap_or(0);
    println!(
        "กู้คืนแล้วที่ {0}: หน่วยงาน {1} แห่ง ผู้ใช้ {2} คน คำตอบแบบสำรวจ {3} ชุด\n\
         restored into {0}: {1} agencies, {2} users, {3} survey responses",
        url.redacted(),
        count("agencies"),
        count("users"),
        count("survey_responses"),
    );
    if let Some(kept) = &restored.kept_previous {
        println!(
            "ฐานข้อมูลเดิมเก็บไว้ที่ {0}\nthe previous database is kept at {0}",
            kept.display()
        );
    }
    Ok(())
}
