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

use super::{
    plan::{PlanActivity, list_plan},
    publicity::{Channel, ChannelKind},
};
use crate::{
    Actor, Core, CoreError,
    dashboards::{
        AgencyOnDashboard, AreaDashboard, AreaQuery, SurveyFacts, area::Place, area_dashboard,
    },
};
use openita_db::{DbError, queries::publicity};
use openita_reports::form::{Column, FormInput, Section, Signature, Value};
use openita_types::thai_time::{FiscalYear, bangkok, thai_date_long};
use std::collections::HashMap;

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
    CoreError::Internal(format!("report form generation failed: {e}"))
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

fn thai_date(iso: &str) -> String {
    chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d")
        .map(thai_date_long)
        .unwrap_or_else(|_| iso.to_string())
}

/// The first columns of every per-agency table.
fn agency_columns() -> Vec<Column> {
    vec![
        Column::number("ลำดับ", "No."),
        Column::text("รหัส", "Code", 0),
        Column::text("หน่วยงาน", "Agency", 3),
        Column::text("อำเภอ", "District", 1),
    ]
}

fn agency_cells(n: i64, a: &AgencyOnDashboard) -> Vec<Value> {
    vec![
        n.into(),
        Value::text(&a.agency.code),
        Value::text(&a.agency.name_th),
        a.agency
            .district
            .as_ref()
            .map_or(Value::text("ระดับจังหวัด"), Value::text),
    ]
}

/// A total row under the agency columns: "รวม" then the sums of the given columns.
fn total_row(label_cols: usize, sums: Vec<Value>) -> Vec<Value> {
    let mut row = vec![Value::Empty; label_cols];
    row[0] = Value::text("รวม (Total)");
    row.extend(sums);
    row
}

fn sum(values: impl Iterator<Item = Option<i64>>) -> Value {
    Value::count(Some(values.flatten().sum()))
}

const NO_AGENCIES: &str = "ไม่มีหน่วยงานในพื้นที่ (No agencies in the area)";

fn stakeholders(agencies: &[AgencyOnDashboard]) -> Section {
    let mut columns = agency_columns();
    columns.extend([
        Column::number("จำนวนบุคลากรภายใน", "Internal staff"),
        Column::text("สถานะการอนุมัติ", "Approval", 1),
        Column::number("ผู้ตอบ IIT ขั้นต่ำ", "IIT minimum"),
        Column::number("ผู้ตอบ EIT ขั้นต่ำ", "EIT minimum"),
    ]);
    let rows = (1..)
        .zip(agencies)
        .map(|(n, a)| {
            let mut cells = agency_cells(n, a);
            let approval = match (a.headcount.staff, a.headcount.approved) {
                (None, _) => "ยังไม่กรอก (Not entered)",
                (Some(_), true) => "อนุมัติแล้ว (Approved)",
                (Some(_), false) => "รออนุมัติ (Not approved)",
            };
            cells.extend([
                Value::count(a.headcount.staff),
                Value::text(approval),
                Value::count(a.iit.minimum),
                Value::count(a.eit.minimum),
            ]);
            cells
        })
        .collect();
    Section {
        heading: None,
        columns,
        rows,
        total: (!agencies.is_empty()).then(|| {
            let mut t = total_row(4, vec![sum(agencies.iter().map(|a| a.headcount.staff))]);
            t.push(Value::Empty);
            t.push(sum(agencies.iter().map(|a| a.iit.minimum)));
            t.push(sum(agencies.iter().map(|a| a.eit.minimum)));
            t
        }),
        empty: NO_AGENCIES.into(),
    }
}

fn survey_progress(agencies: &[AgencyOnDashboard]) -> Section {
    let mut columns = agency_columns();
    for i in ["IIT", "EIT"] {
        columns.extend([
            Column::number(&format!("{i} ผู้ตอบ"), &format!("{i} responses")),
            Column::number(&format!("{i} ขั้นต่ำ"), &format!("{i} minimum")),
            Column::number(&format!("{i} ขาดอีก"), &format!("{i} short by")),
            Column::number(&format!("{i} เหลือ (วัน)"), &format!("{i} days left")),
        ]);
    }
    let rows = (1..)
        .zip(agencies)
        .map(|(n, a)| {
            let mut cells = agency_cells(n, a);
            for s in [&a.iit, &a.eit] {
                cells.extend([
                    Value::count(Some(s.responses)),
                    Value::count(s.minimum),
                    Value::count(s.short_by),
                    Value::count(s.days_left),
                ]);
            }
            cells
        })
        .collect();
    Section {
        heading: None,
        columns,
        rows,
        total: (!agencies.is_empty()).then(|| {
            let mut sums = Vec::new();
            let iit: Vec<&SurveyFacts> = agencies.iter().map(|a| &a.iit).collect();
            let eit: Vec<&SurveyFacts> = agencies.iter().map(|a| &a.eit).collect();
            for facts in [iit, eit] {
                sums.extend([
                    sum(facts.iter().map(|f| Some(f.responses))),
                    sum(facts.iter().map(|f| f.minimum)),
                    sum(facts.iter().map(|f| f.short_by)),
                    Value::Empty,
                ]);
            }
            total_row(4, sums)
        }),
        empty: NO_AGENCIES.into(),
    }
}

/// A channel as a cell: its URL, else its note, else "มี".
fn channel_text(c: &Channel) -> String {
    match (&c.url, &c.note) {
        (Some(u), Some(n)) => format!("{u} ({n})"),
        (Some(u), None) => u.clone(),
        (None, Some(n)) => n.clone(),
        (None, None) => "มี (Yes)".to_string(),
    }
}

fn publicity_section(
    agencies: &[AgencyOnDashboard],
    reported: &HashMap<String, Vec<Channel>>,
) -> Section {
    let mut columns = agency_columns();
    columns.push(Column::text("สถานะ", "Status", 1));
    for kind in ChannelKind::ALL {
        columns.push(Column::text(kind.name_th(), kind.name_en(), 2));
    }
    columns.push(Column::number("จำนวนช่องทาง", "Channels"));
    let rows = (1..)
        .zip(agencies)
        .map(|(n, a)| {
            let mut cells = agency_cells(n, a);
            let channels = reported
                .get(&a.agency.code)
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            cells.push(Value::text(if channels.is_empty() {
                "ยังไม่รายงาน (Not reported)"
            } else {
                "รายงานแล้ว (Reported)"
            }));
            for kind in ChannelKind::ALL {
                let texts: Vec<String> = channels
                    .iter()
                    .filter(|c| c.kind == kind)
                    .map(channel_text)
                    .collect();
                cells.push(if texts.is_empty() {
                    Value::Empty
                } else {
                    Value::text(texts.join("\n"))
                });
            }
            cells.push(Value::count(i64::try_from(channels.len()).ok()));
            cells
        })
        .collect();
    let reporting = agencies
        .iter()
        .filter(|a| reported.get(&a.agency.code).is_some_and(|c| !c.is_empty()))
        .count();
    Section {
        heading: None,
        columns,
        rows,
        total: (!agencies.is_empty()).then(|| {
            let mut t = total_row(4, vec![Value::text(format!("รายงานแล้ว {reporting} แห่ง"))]);
            t.extend(vec![Value::Empty; ChannelKind::ALL.len()]);
            t.push(sum(agencies.iter().map(|a| {
                reported
                    .get(&a.agency.code)
                    .and_then(|c| i64::try_from(c.len()).ok())
            })));
            t
        }),
        empty: NO_AGENCIES.into(),
    }
}

fn oit_state_th(state: &str) -> &'static str {
    match state {
        "draft" => "ฉบับร่าง (Draft)",
        "submitted" => "รอผู้บริหารอนุมัติ (Submitted)",
        "approved" => "ผู้บริหารอนุมัติแล้ว (Approved)",
        "reviewed" => "ตรวจเบื้องต้นแล้ว (Reviewed)",
        "final" => "ยืนยันผลแล้ว (Final)",
        _ => "ไม่ทราบสถานะ (Unknown)",
    }
}

fn oit_progress(agencies: &[AgencyOnDashboard]) -> Section {
    let mut columns = agency_columns();
    columns.extend([
        Column::number("ตอบแล้ว (ข้อ)", "Answered"),
        Column::number("อนุมัติแล้ว (ข้อ)", "Approved"),
        Column::number("ทั้งหมด (ข้อ)", "Items"),
        Column::number("เสียคะแนน (ข้อ)", "Items lost"),
        Column::text("ข้อที่เสียคะแนน", "Lost items", 1),
        Column::text("สถานะ", "State", 1),
        Column::number("ลิงก์ใช้ไม่ได้", "Failing links"),
        Column::number("คะแนนคาดการณ์", "Predicted"),
    ]);
    let rows = (1..)
        .zip(agencies)
        .map(|(n, a)| {
            let mut cells = agency_cells(n, a);
            cells.extend([
                Value::count(Some(a.oit.answered)),
                Value::count(Some(a.oit.approved)),
                Value::count(Some(a.oit.total)),
                Value::count(i64::try_from(a.oit.lost_items.len()).ok()),
                if a.oit.lost_items.is_empty() {
                    Value::Empty
                } else {
                    Value::text(a.oit.lost_items.join(", "))
                },
                Value::text(oit_state_th(&a.oit.state)),
                Value::count(Some(a.oit.failing_links)),
                a.predicted
                    .as_ref()
                    .map_or(Value::Empty, |p| Value::Number(p.total.as_f64())),
            ]);
            cells
        })
        .collect();
    Section {
        heading: None,
        columns,
        rows,
        total: None,
        empty: NO_AGENCIES.into(),
    }
}

/// "ไตรมาสที่ 2 ปีงบประมาณ พ.ศ. 2568 (1 มกราคม 2568 – 31 มีนาคม 2568)"
pub fn quarter_line(today: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let fiscal = FiscalYear::containing(today);
    // Fiscal quarters: Oct-Dec, Jan-Mar, Apr-Jun, Jul-Sep.
    let quarter = (today.month0() + 3) / 3 % 4 + 1;
    let first_month = (quarter - 1) * 3 + 10;
    let (start_year, start_month) = if first_month > 12 {
        (today.year(), first_month - 12)
    } else {
        (today.year() - i32::from(today.month() < 10), first_month)
    };
    let start = chrono::NaiveDate::from_ymd_opt(start_year, start_month, 1);
    let end = start
        .and_then(|s| s.checked_add_months(chrono::Months::new(3)))
        .and_then(|d| d.pred_opt());
    let period = match (start, end) {
        (Some(s), Some(e)) => format!(" ({} – {})", thai_date_long(s), thai_date_long(e)),
        _ => String::new(),
    };
    format!("ไตรมาสที่ {quarter} ปีงบประมาณ พ.ศ. {fiscal}{period}")
}

fn quarterly(board: &AreaDashboard, plan: &[PlanActivity]) -> Vec<Section> {
    let s = &board.summary;
    let count = |n: u64| Value::count(i64::try_from(n).ok());
    let figures: Vec<(&str, &str, u64)> = vec![
        ("หน่วยงานที่รับการประเมิน", "Agencies assessed", s.agencies),
        ("ลงทะเบียนผู้ใช้แล้ว", "Registered", s.registered),
        (
            "อนุมัติจำนวนบุคลากรแล้ว",
            "Headcount approved",
            s.headcount_approved,
        ),
        (
            "IIT ยังไม่ถึงจำนวนขั้นต่ำ",
            "IIT below the minimum",
            s.iit_below_minimum,
        ),
        (
            "EIT ยังไม่ถึงจำนวนขั้นต่ำ",
            "EIT below the minimum",
            s.eit_below_minimum,
        ),
        ("OIT ผู้บริหารอนุมัติแล้ว", "OIT approved", s.oit_approved),
        ("เสี่ยงไม่ผ่านเกณฑ์ 85 คะแนน", "At risk of missing 85", s.at_risk),
    ];
    let summary = Section {
        heading: Some(("ภาพรวมของพื้นที่".into(), "The area's counts".into())),
        columns: vec![
            Column::text("รายการ", "Item", 3),
            Column::number("จำนวนหน่วยงาน", "Agencies"),
        ],
        rows: figures
            .into_iter()
            .map(|(th, en, n)| vec![Value::text(format!("{th} ({en})")), count(n)])
            .collect(),
        total: None,
        empty: NO_AGENCIES.into(),
    };
    let activities = Section {
        heading: Some(("กิจกรรมตามแผน".into(), "The plan's activities".into())),
        columns: vec![
            Column::number("ลำดับ", "No."),
            Column::text("กิจกรรม", "Activity", 3),
            Column::text("ระยะเวลา", "Period", 2),
            Column::text("ผู้รับผิดชอบ", "Responsible", 2),
            Column::text("สถานะ", "Status", 1),
            Column::text("หมายเหตุ", "Note", 1),
        ],
        rows: (1_i64..)
            .zip(plan)
            .map(|(n, a)| {
                let period = if a.start == a.end {
                    thai_date(&a.start)
                } else {
                    format!("{} – {}", thai_date(&a.start), thai_date(&a.end))
                };
                vec![
                    n.into(),
                    Value::text(&a.title),
                    Value::text(period),
                    Value::text(&a.responsible),
                    Value::text(format!("{} ({})", a.status.name_th(), a.status.name_en())),
                    a.note.as_ref().map_or(Value::Empty, Value::text),
                ]
            })
            .collect(),
        total: None,
        empty: "ยังไม่มีกิจกรรมในแผน (No activities yet)".into(),
    };
    vec![summary, activities]
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
    year: i64,
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
                    CoreError::Internal(format!("unreadable publicity channels: {e}"))
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
            year - 543
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
