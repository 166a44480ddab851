//! A province's (or district's) report forms, from live data: the numbers a province sends up
//! and keeps on file (API.md "Report forms"). Each is an XLSX and a PDF, in Thai with the
//! English beside or beneath, dated in the Buddhist era and signed with the name and role of
//! the coordinator who printed it.
//!
//! - `stakeholders`: per agency, its internal staff (approved or not) and the IIT and EIT
//!   minimums that follow from it.
//! - `survey-progress`: IIT and EIT responses against the minimums, short by, days left.
//! - `publicity`: where each agency published its survey links, one column per channel kind;
//!   agencies that reported nothing are listed as such.
//! - `oit-progress`: OIT items answered, approved, lost, the state and failing links.
//! - `quarterly`: the area's counts and the province plan's activities with their status.
//!
//! The agencies and figures are the area dashboard's (`dashboards::area_dashboard`), so the
//! forms show what the dashboard shows and to whom: a province coordinator its province (or
//! one district of it), a district coordinator its district, the NACC admin any.

use super::{plan::list_plan, publicity::Channel};
use crate::{
    Actor, Core, CoreError,
    dashboards::{AreaQuery, area::Place, area_dashboard},
};
use openita_db::{DbError, queries::publicity};
use openita_reports::form::{FormInput, Signature};
use openita_types::{
    FiscalYear,
    thai_time::{bangkok, thai_date_long},
};
use std::collections::HashMap;

mod sections;

pub use sections::quarter_line;
use sections::{oit_progress, publicity_section, quarterly, stakeholders, survey_progress};

/// The five forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    Stakeholders,
    SurveyProgress,
    Publicity,
    OitProgress,
    Quarterly,
}

impl FormKind {
    pub const ALL: [FormKind; 5] = [
        FormKind::Stakeholders,
        FormKind::SurveyProgress,
        FormKind::Publicity,
        FormKind::OitProgress,
        FormKind::Quarterly,
    ];

    /// The `{form}` of the path.
    pub fn slug(self) -> &'static str {
        match self {
            FormKind::Stakeholders => "stakeholders",
            FormKind::SurveyProgress => "survey-progress",
            FormKind::Publicity => "publicity",
            FormKind::OitProgress => "oit-progress",
            FormKind::Quarterly => "quarterly",
        }
    }

    pub fn parse(slug: &str) -> Option<FormKind> {
        FormKind::ALL.into_iter().find(|k| k.slug() == slug)
    }

    /// "แบบรายงานจำนวนผู้มีส่วนได้ส่วนเสีย"
    pub fn name_th(self) -> &'static str {
        match self {
            FormKind::Stakeholders => "แบบรายงานจำนวนผู้มีส่วนได้ส่วนเสีย",
            FormKind::SurveyProgress => "แบบรายงานผลการตอบแบบวัด IIT และ EIT",
            FormKind::Publicity => "แบบรายงานช่องทางการเผยแพร่ลิงก์แบบวัด IIT และ EIT",
            FormKind::OitProgress => "แบบรายงานความก้าวหน้าการตอบแบบวัด OIT",
            FormKind::Quarterly => "แบบรายงานผลการดำเนินงานการประเมิน ITA รายไตรมาส",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            FormKind::Stakeholders => "Stakeholder numbers",
            FormKind::SurveyProgress => "IIT and EIT responses against the minimums",
            FormKind::Publicity => "Where the survey links were published",
            FormKind::OitProgress => "OIT progress",
            FormKind::Quarterly => "Quarterly ITA progress report",
        }
    }

    /// What the form holds, in Thai.
    pub fn about_th(self) -> &'static str {
        match self {
            FormKind::Stakeholders => {
                "จำนวนบุคลากรภายในของแต่ละหน่วยงาน (อนุมัติแล้วหรือยัง) และจำนวนขั้นต่ำของผู้ตอบ IIT และ EIT"
            }
            FormKind::SurveyProgress => {
                "จำนวนผู้ตอบ IIT และ EIT เทียบกับจำนวนขั้นต่ำ ขาดอีกเท่าใด และเหลืออีกกี่วัน"
            }
            FormKind::Publicity => {
                "ช่องทางที่แต่ละหน่วยงานเผยแพร่ลิงก์และ QR code ของแบบวัด (เว็บไซต์ เฟซบุ๊ก ไลน์ โปสเตอร์ อื่น ๆ)"
            }
            FormKind::OitProgress => "จำนวนข้อ OIT ที่ตอบแล้ว อนุมัติแล้ว ข้อที่เสียคะแนน สถานะ และลิงก์ที่ใช้ไม่ได้",
            FormKind::Quarterly => "ภาพรวมของพื้นที่และกิจกรรมตามแผนพร้อมสถานะ",
        }
    }

    pub fn about_en(self) -> &'static str {
        match self {
            FormKind::Stakeholders => {
                "Each agency's internal staff (approved or not) and the IIT and EIT minimums"
            }
            FormKind::SurveyProgress => {
                "IIT and EIT responses against the minimums, short by, days left"
            }
            FormKind::Publicity => "Where each agency published its survey links and QR codes",
            FormKind::OitProgress => "OIT items answered, approved, lost; state; failing links",
            FormKind::Quarterly => "The area's counts and the plan's activities with their status",
        }
    }

    /// The sheet name (at most 31 characters).
    fn sheet(self) -> &'static str {
        match self {
            FormKind::Stakeholders => "ผู้มีส่วนได้ส่วนเสีย",
            FormKind::SurveyProgress => "ผลการตอบ IIT EIT",
            FormKind::Publicity => "ช่องทางเผยแพร่",
            FormKind::OitProgress => "ความก้าวหน้า OIT",
            FormKind::Quarterly => "รายงานรายไตรมาส",
        }
    }

    fn landscape(self) -> bool {
        !matches!(self, FormKind::Quarterly)
    }
}

/// The file type asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormFormat {
    Xlsx,
    Pdf,
}

impl FormFormat {
    pub fn extension(self) -> &'static str {
        match self {
            FormFormat::Xlsx => "xlsx",
            FormFormat::Pdf => "pdf",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            FormFormat::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FormFormat::Pdf => "application/pdf",
        }
    }
}

/// The last path segment, `{form}.xlsx` or `{form}.pdf`; anything else is a 404 naming the
/// forms there are.
pub fn parse_form_file(file: &str) -> Result<(FormKind, FormFormat), CoreError> {
    let parsed = file.rsplit_once('.').and_then(|(slug, ext)| {
        let format = match ext {
            "xlsx" => FormFormat::Xlsx,
            "pdf" => FormFormat::Pdf,
            _ => return None,
        };
        Some((FormKind::parse(slug)?, format))
    });
    parsed.ok_or_else(|| {
        let names: Vec<&str> = FormKind::ALL.iter().map(|k| k.slug()).collect();
        CoreError::not_found(
            format!(
                "ไม่มีแบบรายงาน \"{file}\" (มี {} แต่ละแบบเป็น .xlsx หรือ .pdf)",
                names.join(", ")
            ),
            format!(
                "No report form \"{file}\" (there are {}, each as .xlsx or .pdf).",
                names.join(", ")
            ),
        )
    })
}

fn file_error(e: impl std::fmt::Display) -> CoreError {
    CoreError::internal(format!("report form generation failed: {e}"))
}

/// "จังหวัดชัยภูมิ", "อำเภอบ้านเขว้า จังหวัดชัยภูมิ" (Bangkok: "เขต… กรุงเทพมหานคร").
pub fn place_th(province: &Place, district: Option<&Place>) -> String {
    let bangkok = province.code == "10";
    let name = if bangkok {
        province.name_th.clone()
    } else {
        format!("จังหวัด{}", province.name_th)
    };
    match district {
        Some(d) if bangkok => format!("เขต{} {name}", d.name_th),
        Some(d) => format!("อำเภอ{} {name}", d.name_th),
        None => name,
    }
}

/// "Ban Khwao district, Chaiyaphum province"
pub fn place_en(province: &Place, district: Option<&Place>) -> String {
    match district {
        Some(d) => format!("{} district, {} province", d.name_en, province.name_en),
        None => format!("{} province", province.name_en),
    }
}

/// The area whose forms a caller may print (the same rule and errors as the dashboard): the
/// province, the district when one is named (or is the caller's own), and the districts the
/// caller may choose from (none for a district coordinator).
#[derive(Debug, Clone)]
pub struct FormArea {
    pub province: Place,
    pub district: Option<Place>,
    pub districts: Vec<Place>,
}

pub fn form_area(
    actor: &Actor,
    province: &str,
    district: Option<&str>,
) -> Result<FormArea, CoreError> {
    let (province, district) = crate::dashboards::area::watched_area(actor, province, district)?;
    let districts = match actor.scope().home_area() {
        Some((_, Some(_))) => Vec::new(),
        _ => openita_geography::districts_of(&province.code)
            .iter()
            .map(|d| Place {
                code: d.code.clone(),
                name_th: d.name_th.clone(),
                name_en: d.name_en.clone(),
            })
            .collect(),
    };
    Ok(FormArea {
        province,
        district,
        districts,
    })
}

/// Builds one form for the area the caller may watch: the file's name and bytes.
pub async fn form_file(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    province: &str,
    district: Option<&str>,
    kind: FormKind,
    format: FormFormat,
) -> Result<(String, Vec<u8>), CoreError> {
    let query = AreaQuery {
        district: district.map(str::to_string),
        sort: Some("code".into()),
        ..AreaQuery::default()
    };
    let board = area_dashboard(core, actor, year, province, &query).await?;
    let mut agencies = board.agencies.clone();
    agencies.sort_by(|a, b| {
        a.agency
            .district
            .cmp(&b.agency.district)
            .then_with(|| a.agency.code.cmp(&b.agency.code))
    });
    let sections = match kind {
        FormKind::Stakeholders => vec![stakeholders(&agencies)],
        FormKind::SurveyProgress => vec![survey_progress(&agencies)],
        FormKind::Publicity => {
            let cycle = crate::cycles::get_cycle(core, year).await?;
            let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
            let rows = publicity::in_province(&mut conn, cycle.id, &board.province.code).await?;
            let mut reported = HashMap::new();
            for (code, json) in rows {
                let channels: Vec<Channel> = serde_json::from_str(&json).map_err(|e| {
                    CoreError::internal(format!("unreadable publicity channels: {e}"))
                })?;
                reported.insert(code, channels);
            }
            vec![publicity_section(&agencies, &reported)]
        }
        FormKind::OitProgress => vec![oit_progress(&agencies)],
        FormKind::Quarterly => {
            let (_, plan) = list_plan(core, actor, year, &board.province.code).await?;
            quarterly(&board, &plan)
        }
    };
    let today = core.now().with_timezone(&bangkok()).date_naive();
    let place = place_th(&board.province, board.district.as_ref());
    let mut lines = Vec::new();
    if kind == FormKind::Quarterly {
        lines.push(quarter_line(today));
    }
    let input = FormInput {
        title: vec![
            kind.name_th().to_string(),
            format!("{place} ปีงบประมาณ พ.ศ. {year}"),
        ],
        title_en: format!(
            "{}, {}, fiscal year {year} B.E. ({})",
            kind.name_en(),
            place_en(&board.province, board.district.as_ref()),
            year.ce()
        ),
        lines,
        dated: format!("ข้อมูล ณ วันที่ {}", thai_date_long(today)),
        sections,
        signature: Signature {
            name: actor.username.clone(),
            role_th: actor.role.name_th().to_string(),
            role_en: actor.role.name_en().to_string(),
            place,
            date: format!("วันที่ {}", thai_date_long(today)),
        },
        landscape: kind.landscape(),
        sheet: kind.sheet().to_string(),
    };
    let area = match &board.district {
        Some(d) => format!("{}-{}", board.province.code, d.code),
        None => board.province.code.clone(),
    };
    let name = format!("{}-{area}-{year}.{}", kind.slug(), format.extension());
    // Layout is CPU work: keep it off the async workers.
    let bytes = tokio::task::spawn_blocking(move || match format {
        FormFormat::Xlsx => openita_reports::form::xlsx(&input),
        FormFormat::Pdf => openita_reports::form::pdf(&input),
    })
    .await
    .map_err(file_error)?
    .map_err(file_error)?;
    Ok((name, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_files_parse_and_unknown_ones_are_not_found() {
        assert_eq!(
            parse_form_file("survey-progress.pdf").ok(),
            Some((FormKind::SurveyProgress, FormFormat::Pdf))
        );
        assert_eq!(
            parse_form_file("quarterly.xlsx").ok(),
            Some((FormKind::Quarterly, FormFormat::Xlsx))
        );
        for bad in ["budget.xlsx", "quarterly.csv", "quarterly", ""] {
            assert!(parse_form_file(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_quarter_is_the_fiscal_quarter() {
        let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default();
        assert_eq!(
            quarter_line(d(2025, 3, 1)),
            "ไตรมาสที่ 2 ปีงบประมาณ พ.ศ. 2568 (1 มกราคม 2568 – 31 มีนาคม 2568)"
        );
        assert!(
            quarter_line(d(2024, 11, 5)).starts_with("ไตรมาสที่ 1 ปีงบประมาณ พ.ศ. 2568 (1 ตุลาคม 2567")
        );
        assert!(
            quarter_line(d(2025, 9, 30))
                .starts_with("ไตรมาสที่ 4 ปีงบประมาณ พ.ศ. 2568 (1 กรกฎาคม 2568")
        );
        assert!(quarter_line(d(2025, 4, 1)).starts_with("ไตรมาสที่ 3"));
    }
}
