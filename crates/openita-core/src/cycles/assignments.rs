//! Assigning assessors to agencies for a cycle's OIT review: by code, or in bulk by province
//! and/or agency type (a province office hands a whole province to one assessor team).

use super::create::load;
use crate::{Actor, Core, CoreError, FieldError, audit};
use openita_db::queries::{
    agencies::{self, AgencyFilter},
    assignments, users,
};
use openita_types::{AgencyType, FiscalYear, Role};
use serde::Serialize;

/// Which agencies to assign: the union of the listed codes and, when a province or type is
/// given, every agency matching both of those.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AgencySelection {
    pub codes: Vec<String>,
    pub province: Option<String>,
    pub agency_type: Option<String>,
}

impl AgencySelection {
    pub fn codes(codes: &[String]) -> Self {
        AgencySelection {
            codes: codes.to_vec(),
            ..Self::default()
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct AssignmentReport {
    pub assessor: String,
    /// Newly assigned agency codes.
    pub assigned: Vec<String>,
    /// Codes that were already assigned to this assessor.
    pub already_assigned: Vec<String>,
}

fn blank_to_none(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

async fn assessor_id(
    conn: &mut openita_db::Conn,
    assessor: &str,
    errors: &mut Vec<FieldError>,
) -> Result<Option<i64>, CoreError> {
    let user = users::by_username(conn, assessor.trim()).await?;
    Ok(match &user {
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
    })
}

/// Resolves the selection to (id, code) pairs, in code order, without duplicates.
async fn selected_agencies(
    conn: &mut openita_db::Conn,
    selection: &AgencySelection,
    errors: &mut Vec<FieldError>,
) -> Result<Vec<(i64, String)>, CoreError> {
    let mut chosen = std::collections::BTreeMap::new();
    for code in selection
        .codes
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
    {
        match agencies::by_code(conn, code).await? {
            Some(a) => {
                chosen.insert(a.code, a.id);
            }
            None => errors.push(FieldError::new(
                "agencies",
                format!("ไม่พบหน่วยงานรหัส {code}"),
                format!("No agency with code {code}."),
            )),
        }
    }
    let province = blank_to_none(&selection.province);
    let agency_type = blank_to_none(&selection.agency_type);
    let province_code = match &province {
        Some(p) => match openita_geography::province(p) {
            Some(found) => Some(found.code.clone()),
            None => {
                errors.push(FieldError::new(
                    "province",
                    format!("ไม่พบจังหวัด {p}"),
                    format!("No province {p}."),
                ));
                None
            }
        },
        None => None,
    };
    if let Some(t) = &agency_type
        && t.parse::<AgencyType>().is_err()
    {
        errors.push(FieldError::new(
            "type",
            format!("ไม่รู้จักประเภทหน่วยงาน {t}"),
            format!("Unknown agency type {t}."),
        ));
    }
    if (province.is_some() || agency_type.is_some()) && errors.is_empty() {
        let filter = AgencyFilter {
            province_code,
            agency_type,
            ..AgencyFilter::default()
        };
        let matched = agencies::list(conn, &filter).await?;
        if matched.is_empty() {
            errors.push(FieldError::new(
                "agencies",
                "ไม่มีหน่วยงานที่ตรงกับจังหวัดและประเภทที่เลือก",
                "No agency matches the chosen province and type.",
            ));
        }
        for a in matched {
            chosen.insert(a.code, a.id);
        }
    }
    if chosen.is_empty() && errors.is_empty() {
        errors.push(FieldError::new(
            "agencies",
            "ไม่ได้ระบุหน่วยงาน",
            "No agencies given.",
        ));
    }
    Ok(chosen.into_iter().map(|(code, id)| (id, code)).collect())
}

pub async fn assign_assessor(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    assessor: &str,
    selection: &AgencySelection,
) -> Result<AssignmentReport, CoreError> {
    actor.require(&[Role::NaccAdmin])?;
    let mut tx = core.db.begin_write().await?;
    let cycle = load(tx.conn(), core, year).await?;
    let mut errors = Vec::new();
    let assessor_id = assessor_id(tx.conn(), assessor, &mut errors).await?;
    let agency_ids = selected_agencies(tx.conn(), selection, &mut errors).await?;
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
