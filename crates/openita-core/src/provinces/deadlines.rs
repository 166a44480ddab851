//! A province's own deadlines for its agencies ("OIT on the websites by 31 March", "the
//! publicity report by 1 June"), shown on each agency's cycle page beside the national
//! calendar. A PUT replaces the whole list; the coordinators of the province write it, and
//! they, the NACC admin and the province's agencies read it.

use super::plan::{parse_date, required_text};
use super::scope::{province_for_member, province_for_writer};
use crate::{Actor, Core, CoreError, agencies, audit, cycles};
use openita_db::{
    DbError,
    queries::province_plans::{self, DeadlineRow},
};
use openita_types::{AgencyCode, FiscalYear};
use serde::{Deserialize, Serialize};

/// More deadlines than a province sets in a year.
pub const MAX_DEADLINES: usize = 30;
pub const MAX_LABEL_CHARS: usize = 200;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[schema(example = json!({"label_th": "ส่งรายงานผลการเผยแพร่ลิงก์ IIT/EIT ถึงจังหวัด",
    "label_en": "Publicity report to the province", "date": "2027-03-31"}))]
pub struct Deadline {
    #[schema(pattern = r"\S", max_length = 200)]
    pub label_th: String,
    #[serde(default)]
    #[schema(max_length = 200)]
    pub label_en: Option<String>,
    #[schema(format = Date)]
    pub date: String,
}

impl From<DeadlineRow> for Deadline {
    fn from(row: DeadlineRow) -> Self {
        Deadline {
            label_th: row.label_th,
            label_en: row.label_en,
            date: row.due_date,
        }
    }
}

async fn read(
    core: &Core,
    year: FiscalYear,
    province_code: &str,
) -> Result<Vec<Deadline>, CoreError> {
    let cycle = cycles::get_cycle(core, year).await?;
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    Ok(
        province_plans::deadlines(&mut conn, cycle.id, province_code)
            .await?
            .into_iter()
            .map(Deadline::from)
            .collect(),
    )
}

pub async fn list_deadlines(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    province: &str,
) -> Result<Vec<Deadline>, CoreError> {
    let scope = province_for_member(core, actor, province).await?;
    read(core, year, &scope.code).await
}

/// The deadlines of the province an agency is in, for whoever may see that agency.
pub async fn deadlines_for_agency(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    code: &AgencyCode,
) -> Result<Vec<Deadline>, CoreError> {
    let agency = agencies::find_visible_agency(core, actor, code).await?;
    read(core, year, &agency.province_code).await
}

pub async fn replace_deadlines(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    province: &str,
    input: &[Deadline],
) -> Result<Vec<Deadline>, CoreError> {
    let scope = province_for_writer(actor, province)?;
    let cycle = cycles::get_cycle(core, year).await?;
    let mut errors = Vec::new();
    if input.len() > MAX_DEADLINES {
        return Err(CoreError::invalid(
            "deadlines",
            format!("กำหนดได้ไม่เกิน {MAX_DEADLINES} รายการ"),
            format!("At most {MAX_DEADLINES} deadlines."),
        ));
    }
    let mut rows = Vec::with_capacity(input.len());
    for (i, d) in input.iter().enumerate() {
        let label_th = required_text(
            &format!("deadlines[{i}].label_th"),
            &d.label_th,
            MAX_LABEL_CHARS,
            ("ชื่อกำหนดการ", "deadline's Thai label"),
            &mut errors,
        );
        let label_en = d
            .label_en
            .as_deref()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| {
                required_text(
                    &format!("deadlines[{i}].label_en"),
                    l,
                    MAX_LABEL_CHARS,
                    ("ชื่อกำหนดการภาษาอังกฤษ", "deadline's English label"),
                    &mut errors,
                )
            });
        let date = parse_date(&format!("deadlines[{i}].date"), &d.date, &mut errors);
        rows.push(DeadlineRow {
            label_th,
            label_en,
            due_date: date.map(|d| d.to_string()).unwrap_or_default(),
        });
    }
    if !errors.is_empty() {
        return Err(CoreError::Invalid(errors));
    }
    let mut tx = core.db.begin_write().await?;
    let before: Vec<Deadline> = province_plans::deadlines(tx.conn(), cycle.id, &scope.code)
        .await?
        .into_iter()
        .map(Deadline::from)
        .collect();
    province_plans::replace_deadlines(tx.conn(), cycle.id, &scope.code, &rows).await?;
    let after: Vec<Deadline> = province_plans::deadlines(tx.conn(), cycle.id, &scope.code)
        .await?
        .into_iter()
        .map(Deadline::from)
        .collect();
    let now = core.now_text();
    audit::record(
        tx.conn(),
        actor,
        &now,
        "province_deadlines.replace",
        ("province_deadlines", &format!("{}/{year}", scope.code)),
        Some(&before),
        Some(&after),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}
