//! The sections of the five report forms, from the area's dashboard lines (and the plan,
//! and the agencies' publicity): one function per form, with the table helpers they share.

use super::super::{
    plan::PlanActivity,
    publicity::{Channel, ChannelKind},
};
use crate::dashboards::{AgencyOnDashboard, AreaDashboard, SurveyFacts};
use openita_reports::form::{Column, Section, Value};
use openita_types::thai_time::{FiscalYear, thai_date_long};
use std::collections::HashMap;

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

pub(super) fn stakeholders(agencies: &[AgencyOnDashboard]) -> Section {
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

pub(super) fn survey_progress(agencies: &[AgencyOnDashboard]) -> Section {
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

pub(super) fn publicity_section(
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

/// The form's short words for a state, Thai with the English code word beside.
fn oit_state_th(state: crate::oit_review::OitState) -> &'static str {
    use crate::oit_review::OitState;
    match state {
        OitState::Draft => "ฉบับร่าง (Draft)",
        OitState::Submitted => "รอผู้บริหารอนุมัติ (Submitted)",
        OitState::Approved => "ผู้บริหารอนุมัติแล้ว (Approved)",
        OitState::Reviewed => "ตรวจเบื้องต้นแล้ว (Reviewed)",
        OitState::Final => "ยืนยันผลแล้ว (Final)",
    }
}

pub(super) fn oit_progress(agencies: &[AgencyOnDashboard]) -> Section {
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
                Value::text(oit_state_th(a.oit.state)),
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

pub(super) fn quarterly(board: &AreaDashboard, plan: &[PlanActivity]) -> Vec<Section> {
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
        ("เสี่ยงไม่ผ่านเกณฑ์", "At risk of not passing", s.at_risk),
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
