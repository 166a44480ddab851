//! A province's ITA plan for a cycle: activities with a period, the units responsible, a
//! status and a note, as the provinces' own plan tables have them (the Chaiyaphum plan of
//! 2568 has eleven such rows). Written by the province's coordinators, read by them and the
//! NACC admin; every write is audited with before and after.

use super::scope::{ProvinceScope, province_for_reader, province_for_writer};
use crate::{Actor, Core, CoreError, FieldError, audit, cycles};
use chrono::NaiveDate;
use openita_db::{
    DbError,
    queries::province_plans::{self, ActivityFields, ActivityRow},
};
use openita_types::{ActivityId, FiscalYear, Moment};
use serde::{Deserialize, Serialize};

/// Longest title and "responsible" text, in characters (a plan table cell, not an essay).
pub const MAX_TITLE_CHARS: usize = 300;
pub const MAX_RESPONSIBLE_CHARS: usize = 300;
pub const MAX_NOTE_CHARS: usize = 2000;
/// More activities than any province's plan has; stops a runaway script.
pub const MAX_ACTIVITIES: usize = 200;

/// How far an activity has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    Planned,
    InProgress,
    Done,
    Cancelled,
}

impl PlanStatus {
    pub const ALL: [PlanStatus; 4] = [
        PlanStatus::Planned,
        PlanStatus::InProgress,
        PlanStatus::Done,
        PlanStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PlanStatus::Planned => "planned",
            PlanStatus::InProgress => "in_progress",
            PlanStatus::Done => "done",
            PlanStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Option<PlanStatus> {
        PlanStatus::ALL
            .into_iter()
            .find(|s| s.as_str() == text.trim())
    }

    pub fn name_th(self) -> &'static str {
        match self {
            PlanStatus::Planned => "ยังไม่เริ่ม",
            PlanStatus::InProgress => "กำลังดำเนินการ",
            PlanStatus::Done => "ดำเนินการแล้ว",
            PlanStatus::Cancelled => "ยกเลิก",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            PlanStatus::Planned => "Planned",
            PlanStatus::InProgress => "In progress",
            PlanStatus::Done => "Done",
            PlanStatus::Cancelled => "Cancelled",
        }
    }
}

/// One activity of the plan.
#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct PlanActivity {
    pub id: ActivityId,
    pub year: FiscalYear,
    /// The province's code.
    pub province: String,
    pub title: String,
    /// `YYYY-MM-DD`.
    pub start: String,
    /// `YYYY-MM-DD`, not before `start`.
    pub end: String,
    /// The units responsible ("สำนักงานจังหวัด, อำเภอทุกอำเภอ").
    pub responsible: String,
    pub status: PlanStatus,
    pub note: Option<String>,
    pub updated_by: String,
    pub updated_at: Moment,
}

impl PlanActivity {
    fn from_row(row: ActivityRow, year: FiscalYear) -> Result<PlanActivity, CoreError> {
        Ok(PlanActivity {
            id: ActivityId::new(row.id),
            year,
            province: row.province_code,
            title: row.title,
            start: row.start_date,
            end: row.end_date,
            responsible: row.responsible,
            status: PlanStatus::parse(&row.status).unwrap_or(PlanStatus::Planned),
            note: row.note,
            updated_by: row.updated_by,
            updated_at: Moment::stored(&row.updated_at)?,
        })
    }

    pub fn start_date(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(&self.start, "%Y-%m-%d").ok()
    }

    pub fn end_date(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(&self.end, "%Y-%m-%d").ok()
    }
}

/// An activity as a request or a form gives it: text, checked by [`check`].
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[schema(example = json!({"title": "ประชุมชี้แจงการประเมิน ITA แก่ อปท.", "start": "2026-11-10",
    "end": "2026-11-10", "responsible": "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด",
    "status": "planned", "note": "ห้องประชุมศาลากลาง ชั้น 3"}))]
pub struct PlanInput {
    #[schema(pattern = r"\S", max_length = 300)]
    pub title: String,
    #[schema(format = Date)]
    pub start: String,
    /// Not before `start` (422 otherwise).
    #[schema(format = Date)]
    pub end: String,
    #[schema(pattern = r"\S", max_length = 300)]
    pub responsible: String,
    #[schema(value_type = PlanStatus)]
    pub status: String,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub note: Option<String>,
}

/// The input, trimmed and checked; every bad field is named.
struct Checked {
    title: String,
    start: String,
    end: String,
    responsible: String,
    status: PlanStatus,
    note: Option<String>,
}

impl Checked {
    fn fields(&self) -> ActivityFields<'_> {
        ActivityFields {
            title: &self.title,
            start_date: &self.start,
            end_date: &self.end,
            responsible: &self.responsible,
            status: self.status.as_str(),
            note: self.note.as_deref(),
        }
    }
}

pub(crate) fn parse_date(
    field: &str,
    text: &str,
    errors: &mut Vec<FieldError>,
) -> Option<NaiveDate> {
    // As people type it: 31/03/2568 (Buddhist era, day first), Thai digits, or 2025-03-31.
    let date = openita_types::typed_moment::parse_typed_date(text);
    if date.is_none() {
        let shown: String = text.trim().chars().take(40).collect();
        errors.push(FieldError::new(
            field,
            format!("อ่านวันที่ \"{shown}\" ไม่ได้ ใช้ วัน/เดือน/ปี พ.ศ. เช่น 31/03/2568"),
            format!("\"{shown}\" is not a date: use YYYY-MM-DD, e.g. 2025-03-31 (or 31/03/2568 in the Buddhist era)."),
        ));
    }
    date
}

pub(crate) fn required_text(
    field: &str,
    text: &str,
    max: usize,
    (name_th, name_en): (&str, &str),
    errors: &mut Vec<FieldError>,
) -> String {
    let text = text.trim();
    if text.is_empty() {
        errors.push(FieldError::new(
            field,
            format!("โปรดระบุ{name_th}"),
            format!("Enter the {name_en}."),
        ));
    } else if text.chars().count() > max {
        errors.push(FieldError::new(
            field,
            format!("{name_th}ยาวได้ไม่เกิน {max} ตัวอักษร"),
            format!("The {name_en} may be at most {max} characters."),
        ));
    }
    text.to_string()
}

fn check(input: &PlanInput) -> Result<Checked, CoreError> {
    let mut errors = Vec::new();
    let title = required_text(
        "title",
        &input.title,
        MAX_TITLE_CHARS,
        ("ชื่อกิจกรรม", "activity's title"),
        &mut errors,
    );
    let responsible = required_text(
        "responsible",
        &input.responsible,
        MAX_RESPONSIBLE_CHARS,
        ("ผู้รับผิดชอบ", "units responsible"),
        &mut errors,
    );
    let start = parse_date("start", &input.start, &mut errors);
    let end = parse_date("end", &input.end, &mut errors);
    if let (Some(s), Some(e)) = (start, end)
        && e < s
    {
        errors.push(FieldError::new(
            "end",
            "วันสิ้นสุดต้องไม่ก่อนวันเริ่มต้น",
            "The end date may not be before the start date.",
        ));
    }
    let status = PlanStatus::parse(&input.status);
    if status.is_none() {
        errors.push(FieldError::new(
            "status",
            "สถานะต้องเป็น planned (ยังไม่เริ่ม), in_progress (กำลังดำเนินการ), done (ดำเนินการแล้ว) หรือ cancelled (ยกเลิก)",
            "The status must be planned, in_progress, done or cancelled.",
        ));
    }
    let note = input
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string);
    if note
        .as_ref()
        .is_some_and(|n| n.chars().count() > MAX_NOTE_CHARS)
    {
        errors.push(FieldError::new(
            "note",
            format!("หมายเหตุยาวได้ไม่เกิน {MAX_NOTE_CHARS} ตัวอักษร"),
            format!("The note may be at most {MAX_NOTE_CHARS} characters."),
        ));
    }
    match (start, end, status) {
        (Some(s), Some(e), Some(status)) if errors.is_empty() => Ok(Checked {
            title,
            start: s.to_string(),
            end: e.to_string(),
            responsible,
            status,
            note,
        }),
        _ => Err(CoreError::Invalid(errors)),
    }
}

fn activity_not_found(id: i64) -> CoreError {
    CoreError::not_found(
        format!("ไม่พบกิจกรรมหมายเลข {id} ในแผนของจังหวัดนี้"),
        format!("No activity {id} in this province's plan."),
    )
}

/// The audit log's name of an activity: "36/2568/7".
fn object_id(scope: &ProvinceScope, year: FiscalYear, id: i64) -> String {
    format!("{}/{year}/{id}", scope.code)
}

/// The plan, in date order.
pub async fn list_plan(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    province: &str,
) -> Result<(ProvinceScope, Vec<PlanActivity>), CoreError> {
    let scope = province_for_reader(actor, province)?;
    let cycle = cycles::get_cycle(core, year).await?;
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    let rows = province_plans::list(&mut conn, cycle.id, &scope.code).await?;
    Ok((
        scope,
        rows.into_iter()
            .map(|r| PlanActivity::from_row(r, year))
            .collect::<Result<_, _>>()?,
    ))
}

/// One activity (the edit form).
pub async fn get_activity(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    province: &str,
    id: ActivityId,
) -> Result<PlanActivity, CoreError> {
    let scope = province_for_reader(actor, province)?;
    let cycle = cycles::get_cycle(core, year).await?;
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    province_plans::get(&mut conn, cycle.id, &scope.code, id.get())
        .await?
        .map(|r| PlanActivity::from_row(r, year))
        .transpose()?
        .ok_or_else(|| activity_not_found(id.get()))
}

pub async fn add_activity(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    province: &str,
    input: &PlanInput,
) -> Result<PlanActivity, CoreError> {
    let scope = province_for_writer(actor, province)?;
    let cycle = cycles::get_cycle(core, year).await?;
    let checked = check(input)?;
    let mut tx = core.db.begin_write().await?;
    let existing = province_plans::list(tx.conn(), cycle.id, &scope.code).await?;
    if existing.len() >= MAX_ACTIVITIES {
        return Err(CoreError::conflict(
            "plan_full",
            format!("แผนมีกิจกรรมได้ไม่เกิน {MAX_ACTIVITIES} รายการ"),
            format!("A plan holds at most {MAX_ACTIVITIES} activities."),
        ));
    }
    let now = core.now_text();
    let row = province_plans::insert(
        tx.conn(),
        cycle.id,
        &scope.code,
        &checked.fields(),
        &actor.username,
        &now,
    )
    .await?;
    let after = PlanActivity::from_row(row, year)?;
    audit::record(
        tx.conn(),
        actor,
        &now,
        "province_plan.add",
        ("province_plan", &object_id(&scope, year, after.id.get())),
        None::<&PlanActivity>,
        Some(&after),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

pub async fn update_activity(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    province: &str,
    id: ActivityId,
    input: &PlanInput,
) -> Result<PlanActivity, CoreError> {
    let scope = province_for_writer(actor, province)?;
    let cycle = cycles::get_cycle(core, year).await?;
    let mut tx = core.db.begin_write().await?;
    let before = province_plans::get(tx.conn(), cycle.id, &scope.code, id.get())
        .await?
        .map(|r| PlanActivity::from_row(r, year))
        .transpose()?
        .ok_or_else(|| activity_not_found(id.get()))?;
    let checked = check(input)?;
    let now = core.now_text();
    let row = province_plans::update(
        tx.conn(),
        id.get(),
        &checked.fields(),
        &actor.username,
        &now,
    )
    .await?;
    let after = PlanActivity::from_row(row, year)?;
    audit::record(
        tx.conn(),
        actor,
        &now,
        "province_plan.update",
        ("province_plan", &object_id(&scope, year, id.get())),
        Some(&before),
        Some(&after),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

pub async fn delete_activity(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    province: &str,
    id: ActivityId,
) -> Result<(), CoreError> {
    let scope = province_for_writer(actor, province)?;
    let cycle = cycles::get_cycle(core, year).await?;
    let mut tx = core.db.begin_write().await?;
    let before = province_plans::get(tx.conn(), cycle.id, &scope.code, id.get())
        .await?
        .map(|r| PlanActivity::from_row(r, year))
        .transpose()?
        .ok_or_else(|| activity_not_found(id.get()))?;
    province_plans::delete(tx.conn(), id.get()).await?;
    let now = core.now_text();
    audit::record(
        tx.conn(),
        actor,
        &now,
        "province_plan.delete",
        ("province_plan", &object_id(&scope, year, id.get())),
        Some(&before),
        None::<&PlanActivity>,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
