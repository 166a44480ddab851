//! Exporting raw responses (NACC admin) as CSV (UTF-8 with BOM, for Excel) or XLSX, page by
//! page so that a million rows never sit in memory. Rows come in key order, which is random:
//! the file says nothing about who answered when, beyond the day.

use crate::{Core, CoreError, cycles};
use openita_db::{
    DbError,
    queries::{agencies, surveys},
};
use openita_framework::InstrumentCode;
use openita_reports::xlsx::{Cell, TableWriter};
use openita_types::FiscalYear;
use std::collections::HashMap;

const PAGE: i64 = 5_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Csv,
    Xlsx,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
        }
    }
}

enum Sink {
    Csv(Box<csv::Writer<std::io::BufWriter<std::fs::File>>>),
    Xlsx(Box<TableWriter>),
}

impl Sink {
    fn row(&mut self, cells: &[String]) -> Result<(), CoreError> {
        let fail =
            |e: &dyn std::fmt::Display| CoreError::internal(format!("export write failed: {e}"));
        match self {
            Sink::Csv(w) => w
                .write_record(
                    cells
                        .iter()
                        .map(|c| openita_reports::csv::neutralize_formula(c).into_owned()),
                )
                .map_err(|e| fail(&e)),
            Sink::Xlsx(t) => t
                .row(&cells.iter().map(|c| Cell::Text(c)).collect::<Vec<_>>())
                .map_err(|e| fail(&e)),
        }
    }
}

/// Writes every response of a cycle to a new file in the export folder (see
/// `export_folder.rs`); returns the stored file's name, for the download, and the number of
/// rows. A failed export leaves no file behind.
pub async fn export_to_folder(
    core: &Core,
    year: FiscalYear,
    format: ExportFormat,
    progress: &(dyn Fn(usize, usize) + Send + Sync),
) -> Result<(String, usize), CoreError> {
    let folder = core.export_folder()?;
    let (name, file) = folder
        .create(&format!("responses-{year}"), format.extension())
        .map_err(|e| {
            tracing::error!(export.dir = %folder.dir().display(), error.cause = %e, "cannot create an export file");
            CoreError::internal(format!("cannot create the export file: {e}"))
        })?;
    match write_responses(core, year, format, file, progress).await {
        Ok(rows) => Ok((name, rows)),
        Err(e) => {
            folder.remove(&name);
            Err(e)
        }
    }
}

/// The name a downloaded export is offered under (the stored name is random).
pub fn download_name(year: FiscalYear, format: ExportFormat) -> String {
    format!("responses-{year}.{}", format.extension())
}

/// Writes every response of a cycle to `file` (created by the caller, private: see
/// `export_folder::create_private_file`); returns the number of rows.
pub async fn write_responses(
    core: &Core,
    year: FiscalYear,
    format: ExportFormat,
    file: std::fs::File,
    progress: &(dyn Fn(usize, usize) + Send + Sync),
) -> Result<usize, CoreError> {
    let cycle = cycles::get_cycle(core, year).await?;
    let fw = cycles::cached_framework(core, &cycle).await?;
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    let total = surveys::response_count(&mut conn, cycle.id).await? as usize;
    let questions: Vec<(String, String)> = [InstrumentCode::Iit, InstrumentCode::Eit]
        .into_iter()
        .flat_map(|i| {
            fw.questions(i)
                .map(|(_, q)| (q.id.clone(), q.text_th.clone()))
                .collect::<Vec<_>>()
        })
        .collect();
    let labels: HashMap<String, Vec<String>> = fw
        .questions(InstrumentCode::Iit)
        .chain(fw.questions(InstrumentCode::Eit))
        .map(|(_, q)| {
            (
                q.id.clone(),
                fw.scale_labels
                    .get(&q.scale)
                    .map(|l| l.iter().map(|t| t.th.clone()).collect())
                    .unwrap_or_default(),
            )
        })
        .collect();
    let mut header: Vec<String> = ["รหัสหน่วยงาน", "ชื่อหน่วยงาน", "แบบวัด", "วันที่ตอบ"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    header.extend(questions.iter().map(|(id, text)| format!("{id} {text}")));
    let fail = |e: &dyn std::fmt::Display| CoreError::internal(format!("export failed: {e}"));
    let mut xlsx_file = None;
    let mut sink = match format {
        ExportFormat::Csv => Sink::Csv(Box::new(
            openita_reports::csv::with_bom(std::io::BufWriter::new(file)).map_err(|e| fail(&e))?,
        )),
        ExportFormat::Xlsx => {
            xlsx_file = Some(file);
            let headers: Vec<&str> = header.iter().map(String::as_str).collect();
            Sink::Xlsx(Box::new(
                TableWriter::new("คำตอบ", &headers).map_err(|e| fail(&e))?,
            ))
        }
    };
    if let Sink::Csv(_) = sink {
        sink.row(&header)?;
    }
    let mut names: HashMap<i64, (String, String)> = HashMap::new();
    let mut after = String::new();
    let mut done = 0;
    progress(0, total);
    loop {
        let page = surveys::responses_after(&mut conn, cycle.id, &after, PAGE).await?;
        let Some((last, _)) = page.last() else { break };
        after = last.clone();
        for (_, r) in &page {
            let (code, name) = match names.get(&r.agency_id) {
                Some(known) => known.clone(),
                None => {
                    let a = agencies::by_id(&mut conn, r.agency_id).await?;
                    let found = a.map(|a| (a.code, a.name_th)).unwrap_or_default();
                    names.insert(r.agency_id, found.clone());
                    found
                }
            };
            let answers: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(&r.answers).unwrap_or_default();
            let mut row = vec![code, name, r.instrument.clone(), r.received_on.clone()];
            for (id, _) in &questions {
                let level = answers.get(id).and_then(serde_json::Value::as_i64);
                row.push(match level {
                    Some(l) => labels
                        .get(id)
                        .and_then(|ls| ls.get(l as usize - 1).cloned())
                        .unwrap_or_else(|| l.to_string()),
                    None => String::new(),
                });
            }
            sink.row(&row)?;
        }
        done += page.len();
        progress(done, total);
    }
    match sink {
        Sink::Csv(mut w) => w.flush().map_err(|e| fail(&e))?,
        Sink::Xlsx(t) => {
            let file = xlsx_file.ok_or_else(|| fail(&"the file went missing"))?;
            t.finish_to_writer(std::io::BufWriter::new(file))
                .map_err(|e| fail(&e))?;
        }
    }
    Ok(done)
}
