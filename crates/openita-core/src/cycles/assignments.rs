//! Assigning assessors to agencies for a cycle's OIT review.

use super::create::load;
use crate::{Actor, Core, CoreError, FieldError, audit};
use openita_db::queries::{agencies, assignments, users};
use openita_types::Role;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct AssignmentReport {
    pub assessor: String,
    /// Newly assigned agency codes.
    pub assigned: Vec<String>,
    /// Codes that were already assigned to this assessor.
    pub already_assigned: Vec<String>,
}

pub async fn assign_assessor(
    core: &Core,
    actor: &Actor,
    year: i64,
    assessor: &str,
    agency_codes: &[String],
) -> Result<AssignmentReport, CoreError> {
    actor.require(&[Role::NaccAdmin])?;
    let mut tx = core.db.begin_write().await?;
    let cycle = load(tx.conn(), core, year).await?;
    let mut errors = Vec::new();
    let user = users::by_username(tx.conn(), assessor.trim()).await?;
    let assessor_id = match &user {
        Some(u) if u.role == Role::Assessor.code() => Some(u.id),
        Some(_) => {
            errors.push(FieldError::new(
                "assessor",
                format!("ผู้ใช้ {assessor} ไม่ใช่ผู้ประเมิน"),
                format!("User {assessor} is not an assessor."),
            ));
            None
        }
        None => {
            errors.push(FieldError::new(
                "assessor",
                format!("ไม่พบผู้ใช้ {assessor}"),
                format!("No user {assessor}."),
            ));
            None
        }
    };
    if agency_codes.is_empty() {
        errors.push(FieldError::new(
            "agencies",
            "ไม่ได้ระบุหน่วยงาน",
            "No agencies given.",
        ));
    }
    let mut agency_ids = Vec::new();
    for code in agency_codes {
        match agencies::by_code(tx.conn(), code).await? {
            Some(a) => agency_ids.push((a.id, a.code)),
            None => errors.push(FieldError::new(
                "agencies",
                format!("ไม่พบหน่วยงานรหัส {code}"),
                format!("No agency with code {code}."),
            )),
        }
    }
    let (Some(assessor_id), true) = (assessor_id, errors.is_empty()) else {
        return Err(CoreError::Invalid(errors));
    };
    let now = core.now_text();
    let mut report = AssignmentReport {
        assessor: assessor.trim().to_string(),
        assigned: Vec::new(),
        already_assigned: Vec::new(),
    };
    for (agency_id, code) in agency_ids {
        if assignments::insert(tx.conn(), cycle.id, agency_id, assessor_id, &now).await? {
            report.assigned.push(code);
        } else {
            report.already_assigned.push(code);
        }
    }
    audit::record(
        tx.conn(),
        actor,
        &now,
        "cycle.assign_assessor",
        ("cycle", &year.to_string()),
        None::<&()>,
        Some(&report),
    )
    .await?;
    tx.commit().await?;
    Ok(report)
}
