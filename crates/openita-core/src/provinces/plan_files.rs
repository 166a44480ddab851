//! The plan as files to print or pass on: `plan.xlsx` (one sheet, Thai headings with English
//! beside) and `plan.pdf` (dated in the Buddhist era, signed with the coordinator's name).
//! Same readers as the plan.

use super::plan::{PlanActivity, list_plan};
use crate::{Actor, Core, CoreError};
use openita_reports::xlsx::{Cell, TableWriter};
use openita_types::{
    FiscalYear,
    thai_time::{bangkok, thai_date_long},
};

/// Column headings: Thai, then English.
const HEADINGS: [(&str, &str); 7] = [
    ("ลำดับ", "No."),
    ("กิจกรรม", "Activity"),
    ("เริ่ม", "Start"),
    ("สิ้นสุด", "End"),
    ("ผู้รับผิดชอบ", "Responsible"),
    ("สถานะ", "Status"),
    ("หมายเหตุ", "Note"),
];

fn thai_date(iso: &str) -> String {
    chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d")
        .map(thai_date_long)
        .unwrap_or_else(|_| iso.to_string())
}

fn file_error(e: impl std::fmt::Display) -> CoreError {
    CoreError::internal(format!("plan file generation failed: {e}"))
}

/// "แผนการขับเคลื่อนการประเมิน ITA จังหวัดชัยภูมิ ปีงบประมาณ พ.ศ. 2568"
pub fn plan_title(province_th: &str, year: FiscalYear) -> String {
    format!("แผนการขับเคลื่อนการประเมิน ITA จังหวัด{province_th} ปีงบประมาณ พ.ศ. {year}")
}

pub async fn plan_xlsx(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    province: &str,
) -> Result<(String, Vec<u8>), CoreError> {
    let (scope, plan) = list_plan(core, actor, year, province).await?;
    let headers: Vec<String> = HEADINGS
        .iter()
        .map(|(th, en)| format!("{th} ({en})"))
        .collect();
    let bytes = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, CoreError> {
        let header_refs: Vec<&str> = headers.iter().map(String::as_str).collect();
        let mut table = TableWriter::new("แผน ITA", &header_refs).map_err(file_error)?;
        for (n, a) in (1_i64..).zip(&plan) {
            let (start, end) = (thai_date(&a.start), thai_date(&a.end));
            let status = format!("{} ({})", a.status.name_th(), a.status.name_en());
            table
                .row(&[
                    Cell::from(n),
                    Cell::from(&a.title),
                    Cell::from(&start),
                    Cell::from(&end),
                    Cell::from(&a.responsible),
                    Cell::from(&status),
                    Cell::from(a.note.as_ref()),
                ])
                .map_err(file_error)?;
        }
        table.finish().map_err(file_error)
    })
    .await
    .map_err(file_error)??;
    Ok((format!("plan-{}-{year}.xlsx", scope.code), bytes))
}

fn period(a: &PlanActivity) -> String {
    if a.start == a.end {
        thai_date(&a.start)
    } else {
        format!("{} – {}", thai_date(&a.start), thai_date(&a.end))
    }
}

pub async fn plan_pdf(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    province: &str,
) -> Result<(String, Vec<u8>), CoreError> {
    let (scope, plan) = list_plan(core, actor, year, province).await?;
    let today = core.now().with_timezone(&bangkok()).date_naive();
    let input = openita_reports::plan::PlanInput {
        title: plan_title(&scope.name_th, year),
        title_en: format!(
            "ITA drive plan, {} province, fiscal year {year} B.E. ({})",
            scope.name_en,
            year.ce()
        ),
        dated: format!("ข้อมูล ณ วันที่ {}", thai_date_long(today)),
        header: [
            HEADINGS[0],
            HEADINGS[1],
            ("ระยะเวลา", "Period"),
            HEADINGS[4],
            HEADINGS[5],
            HEADINGS[6],
        ]
        .iter()
        .map(|(th, en)| ((*th).to_string(), (*en).to_string()))
        .collect(),
        rows: (1_i64..)
            .zip(&plan)
            .map(|(n, a)| openita_reports::plan::PlanRow {
                number: n.to_string(),
                title: a.title.clone(),
                period: period(a),
                responsible: a.responsible.clone(),
                status: a.status.name_th().to_string(),
                note: a.note.clone().unwrap_or_default(),
            })
            .collect(),
        empty: "ยังไม่มีกิจกรรมในแผน (No activities yet)".to_string(),
        signed: format!("ผู้จัดทำ (Prepared by): {}", actor.username),
    };
    // Typst layout is CPU work: keep it off the async workers.
    let pdf = tokio::task::spawn_blocking(move || openita_reports::plan::pdf(&input))
        .await
        .map_err(file_error)?
        .map_err(file_error)?;
    Ok((format!("plan-{}-{year}.pdf", scope.code), pdf))
}
