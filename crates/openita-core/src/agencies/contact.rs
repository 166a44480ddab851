//! The person a province or district office calls about an agency: kept by the agency's
//! admin, read by whoever may see the agency (its own roles, its area's coordinators, the
//! NACC admin).

use super::visible_agency_row;
use crate::{Actor, Core, CoreError, FieldError, accounts, audit};
use openita_db::{DbError, queries::agency_contacts};
use openita_types::{AgencyCode, Moment, Role};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[schema(example = json!({"name": "นางสาวสมศรี ใจดี", "phone": "044-811-234", "email": "ita@nafai.go.th"}))]
pub struct ContactInput {
    #[schema(pattern = r"\S", max_length = 120)]
    pub name: String,
    #[schema(value_type = PhoneText)]
    pub phone: String,
    #[serde(default)]
    pub email: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct ContactView {
    pub agency: String,
    pub name: String,
    pub phone: String,
    pub email: Option<String>,
    pub updated_by: String,
    pub updated_at: Moment,
}

const MAX_NAME_CHARS: usize = 120;

/// What `validate` takes as a phone number, for the API's document: 9-30 digits with spaces,
/// `-`, `+`, `(`, `)` or `,` between them, at most 60 characters once trimmed.
pub struct PhoneText;

impl utoipa::PartialSchema for PhoneText {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        // The 60-character limit is in the description only: one pattern cannot count digits
        // and characters at once, and two (allOf) leave a generator nothing to draw from.
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::Type::String)
            .pattern(Some(r"^\s*[ ()+,-]*([0-9][ ()+,-]*){9,30}\s*$"))
            .description(Some(
                "9-30 digits, with spaces, -, +, (, ) or , between them; at most 60 characters \
                 once trimmed.",
            ))
            .examples([serde_json::json!("044-811-234")])
            .into()
    }
}

impl utoipa::ToSchema for PhoneText {}

fn validate(input: &ContactInput) -> Result<(String, String, Option<String>), CoreError> {
    let mut errors = Vec::new();
    let name = input.name.trim().to_string();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        errors.push(FieldError::new(
            "name",
            "โปรดกรอกชื่อผู้ประสานงาน (ไม่เกิน 120 ตัวอักษร)",
            "Enter the coordinator's name (at most 120 characters).",
        ));
    }
    let phone = input.phone.trim().to_string();
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    let phone_chars = phone
        .chars()
        .all(|c| c.is_ascii_digit() || " -+()".contains(c) || c == ',');
    if !phone_chars || !(9..=30).contains(&digits) || phone.len() > 60 {
        errors.push(FieldError::new(
            "phone",
            "เบอร์โทรศัพท์ไม่ถูกต้อง ใช้ตัวเลข 9 หลักขึ้นไป เช่น 044 811 234 หรือ 081-234-5678",
            "The phone number is not valid: 9 or more digits, e.g. 044 811 234 or 081-234-5678.",
        ));
    }
    let email = match accounts::normalise_email(input.email.as_deref()) {
        Ok(e) => e,
        Err(e) => {
            errors.push(e);
            None
        }
    };
    if errors.is_empty() {
        Ok((name, phone, email))
    } else {
        Err(CoreError::Invalid(errors))
    }
}

/// The agency's contact, if its admin has named one.
pub async fn agency_contact(
    core: &Core,
    actor: &Actor,
    code: &AgencyCode,
) -> Result<Option<ContactView>, CoreError> {
    actor.require(Role::AGENCY_READERS)?;
    let agency = visible_agency_row(core, actor, code).await?;
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    agency_contacts::get(&mut conn, agency.id)
        .await?
        .map(|c| {
            Ok(ContactView {
                agency: agency.code.clone(),
                name: c.name,
                phone: c.phone,
                email: c.email,
                updated_by: c.updated_by,
                updated_at: Moment::stored(&c.updated_at)?,
            })
        })
        .transpose()
}

/// Names the agency's contact (its admin only).
pub async fn set_agency_contact(
    core: &Core,
    actor: &Actor,
    code: &AgencyCode,
    input: &ContactInput,
) -> Result<ContactView, CoreError> {
    actor.require(&[Role::AgencyAdmin])?;
    let agency = visible_agency_row(core, actor, code).await?;
    let (name, phone, email) = validate(input)?;
    let now = core.now_text();
    let row = agency_contacts::ContactRow {
        agency_id: agency.id,
        name,
        phone,
        email,
        updated_by: actor.username.clone(),
        updated_at: now.clone(),
    };
    let mut tx = core.db.begin_write().await?;
    let before = agency_contacts::get(tx.conn(), agency.id).await?;
    agency_contacts::set(tx.conn(), &row).await?;
    audit::record(
        tx.conn(),
        actor,
        &now,
        "agency.contact",
        ("agency", &agency.code),
        before.as_ref(),
        Some(&row),
    )
    .await?;
    tx.commit().await?;
    Ok(ContactView {
        agency: agency.code,
        name: row.name,
        phone: row.phone,
        email: row.email,
        updated_by: row.updated_by,
        updated_at: Moment::stored(&row.updated_at)?,
    })
}
