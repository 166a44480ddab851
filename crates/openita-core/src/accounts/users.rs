//! Users: created by the NACC admin (or the CLI), each with one role and, for agency roles,
//! one agency; for coordinators, one province.

use super::{hash_password, limits::MAX_USERNAME_CHARS, throttle, validate_new_password};
use crate::{Actor, Core, CoreError, FieldError, audit};
use openita_db::{
    Conn, DbError,
    queries::{agencies, sessions, users},
};
use openita_types::{AgencyId, Moment, Role};
use serde::Serialize;
use std::net::IpAddr;

#[derive(Debug, Clone, Default)]
pub struct NewUserInput {
    pub username: String,
    pub password: String,
    pub role: String,
    /// Agency code, for agency roles.
    pub agency: Option<String>,
    /// Province name (Thai or English) or code, for coordinators.
    pub province: Option<String>,
    /// District name (Thai or English) or code within `province`, for district coordinators.
    pub district: Option<String>,
    /// Where notifications go (optional).
    pub email: Option<String>,
    /// The person's name as others read it ("นางสาวสมใจ ใจดี"); the user name when absent.
    pub name: Option<String>,
}

/// The longest name kept.
const MAX_NAME: usize = 120;

/// A name as given: trimmed, inner runs of spaces made one; refused when too long or holding
/// control characters.
pub(crate) fn clean_name(name: Option<&str>) -> Result<String, FieldError> {
    let name = name
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if name.chars().count() > MAX_NAME || name.chars().any(char::is_control) {
        return Err(FieldError::new(
            "name",
            format!("ชื่อ-นามสกุลยาวเกิน {MAX_NAME} ตัวอักษร หรือมีอักขระที่ใช้ไม่ได้"),
            format!(
                "The name is longer than {MAX_NAME} characters or holds characters not allowed."
            ),
        ));
    }
    Ok(name)
}

/// What may be shown of a user: never the password hash.
#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct UserView {
    pub id: openita_types::UserId,
    pub username: String,
    pub role: Role,
    pub agency: Option<String>,
    pub agency_name_th: Option<String>,
    pub province: Option<String>,
    pub province_code: Option<String>,
    /// A district coordinator's district (Thai name) and its code.
    pub district: Option<String>,
    pub district_code: Option<String>,
    pub active: bool,
    pub created_at: Moment,
    pub email: Option<String>,
    /// The person's name ("" when not given).
    pub name: String,
}

pub async fn user_view(conn: &mut Conn, row: &users::UserRow) -> Result<UserView, CoreError> {
    let agency = match row.agency_id {
        Some(id) => agencies::by_id(conn, id).await?,
        None => None,
    };
    let province_code = row
        .province_code
        .clone()
        .or_else(|| agency.as_ref().map(|a| a.province_code.clone()));
    Ok(UserView {
        id: openita_types::UserId::new(row.id),
        username: row.username.clone(),
        role: row
            .role
            .parse()
            .map_err(|_| CoreError::internal("unknown role"))?,
        agency: agency.as_ref().map(|a| a.code.clone()),
        agency_name_th: agency.map(|a| a.name_th),
        province: province_code
            .as_deref()
            .and_then(openita_geography::province)
            .map(|p| p.name_th.to_string()),
        district: match (&province_code, &row.district_code) {
            (Some(p), Some(d)) => openita_geography::district(p, d).map(|d| d.name_th.to_string()),
            _ => None,
        },
        district_code: row.district_code.clone(),
        province_code,
        active: row.active == 1,
        created_at: Moment::stored(&row.created_at)?,
        email: row.email.clone(),
        name: row.display_name.clone(),
    })
}

fn validate_username(username: &str) -> Result<(), FieldError> {
    let ok_chars = username
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-@".contains(c));
    if (3..=MAX_USERNAME_CHARS).contains(&username.len()) && ok_chars {
        Ok(())
    } else {
        Err(FieldError::new(
            "username",
            "ชื่อผู้ใช้ต้องยาว 3-64 ตัว ใช้ได้เฉพาะอักษรภาษาอังกฤษตัวเล็ก ตัวเลข และ . _ - @",
            "A username is 3-64 characters: lower-case English letters, digits and . _ - @ only.",
        ))
    }
}

pub async fn create_user(
    core: &Core,
    actor: &Actor,
    input: &NewUserInput,
) -> Result<UserView, CoreError> {
    actor.require(&[Role::NaccAdmin])?;
    let username = input.username.trim().to_lowercase();
    let mut errors = Vec::new();
    if let Err(e) = validate_username(&username) {
        errors.push(e);
    }
    if let Err(e) = validate_new_password("password", &input.password) {
        errors.push(e);
    }
    let email = match super::email::normalise_email(input.email.as_deref()) {
        Ok(email) => email,
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let name = clean_name(input.name.as_deref()).unwrap_or_else(|e| {
        errors.push(e);
        String::new()
    });
    let role: Option<Role> = input.role.parse().ok();
    if role.is_none() {
        errors.push(FieldError::new(
            "role",
            "บทบาทไม่ถูกต้อง ต้องเป็น nacc-admin, assessor, agency-admin, agency-executive, province-coordinator หรือ district-coordinator",
            "Unknown role: use nacc-admin, assessor, agency-admin, agency-executive, province-coordinator or district-coordinator.",
        ));
    }
    let agency_code = input
        .agency
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let province_text = input
        .province
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let district_text = input
        .district
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let province = province_text.and_then(openita_geography::province);
    if province_text.is_some() && province.is_none() {
        errors.push(FieldError::new(
            "province",
            format!("ไม่พบจังหวัด \"{}\"", province_text.unwrap_or_default()),
            format!(
                "No province called \"{}\".",
                province_text.unwrap_or_default()
            ),
        ));
    }
    if let Some(role) = role {
        if role.needs_agency() && agency_code.is_none() {
            errors.push(FieldError::new(
                "agency",
                "บทบาทนี้ต้องระบุรหัสหน่วยงาน",
                "This role needs the code of its agency.",
            ));
        }
        if !role.needs_agency() && agency_code.is_some() {
            errors.push(FieldError::new(
                "agency",
                "บทบาทนี้ไม่ผูกกับหน่วยงาน ไม่ต้องระบุหน่วยงาน",
                "This role is not tied to an agency: leave the agency empty.",
            ));
        }
        if role.needs_province() && province_text.is_none() {
            errors.push(FieldError::new(
                "province",
                "ผู้ประสานงานจังหวัดและอำเภอต้องระบุจังหวัด",
                "A coordinator needs a province.",
            ));
        }
        if role.needs_district() && district_text.is_none() {
            errors.push(FieldError::new(
                "district",
                "ผู้ประสานงานอำเภอต้องระบุอำเภอ",
                "A district coordinator needs a district.",
            ));
        }
        if !role.needs_district() && district_text.is_some() {
            errors.push(FieldError::new(
                "district",
                "บทบาทนี้ไม่ผูกกับอำเภอ ไม่ต้องระบุอำเภอ",
                "This role is not tied to a district: leave the district empty.",
            ));
        }
    }
    let district = match (province, district_text) {
        (Some(p), Some(d)) => {
            let found = openita_geography::district(&p.code, d);
            if found.is_none() {
                errors.push(FieldError::new(
                    "district",
                    format!("ไม่พบอำเภอ \"{d}\" ในจังหวัด{}", p.name_th),
                    format!("No district \"{d}\" in {} province.", p.name_en),
                ));
            }
            found
        }
        _ => None,
    };
    // Input no account can have is refused before any database work (or argon2).
    if !errors.is_empty() {
        return Err(CoreError::Invalid(errors));
    }
    let role = role.ok_or_else(|| CoreError::internal("role checked above"))?;
    let agency = {
        let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
        let agency = match agency_code {
            Some(code) => {
                let found = agencies::by_code(&mut conn, code).await?;
                if found.is_none() {
                    errors.push(FieldError::new(
                        "agency",
                        format!("ไม่พบหน่วยงานรหัส {code}"),
                        format!("No agency with code {code}."),
                    ));
                }
                found
            }
            None => None,
        };
        if users::by_username(&mut conn, &username).await?.is_some() {
            errors.push(taken(&username));
        }
        agency
    };
    if !errors.is_empty() {
        return Err(CoreError::Invalid(errors));
    }
    // Hashed before the transaction, on the blocking pool: the writer is not held for it.
    let password = input.password.clone();
    let hash = core
        .accounts
        .password_work
        .run(move || hash_password(&password))
        .await??;
    let now = core.now_text();
    let province_code = if role.needs_province() {
        province.map(|p| p.code.to_string())
    } else {
        None
    };
    let mut tx = core.db.begin_write().await?;
    let row = users::insert(
        tx.conn(),
        &users::NewUser {
            username: &username,
            password_hash: &hash,
            role: role.code(),
            agency_id: agency.as_ref().map(|a| a.id),
            province_code: province_code.as_deref(),
            district_code: district.map(|d| d.code.as_str()),
            email: email.as_deref(),
            display_name: &name,
        },
        &now,
    )
    .await
    .map_err(|e| unique_username(e, &username))?;
    let view = user_view(tx.conn(), &row).await?;
    audit::record(
        tx.conn(),
        actor,
        &now,
        "user.create",
        ("user", &username),
        None::<&()>,
        Some(&view),
    )
    .await?;
    tx.commit().await?;
    Ok(view)
}

fn taken(username: &str) -> FieldError {
    FieldError::new(
        "username",
        format!("มีชื่อผู้ใช้ {username} อยู่แล้ว"),
        format!("The username {username} is taken."),
    )
}

fn unique_username(e: DbError, username: &str) -> CoreError {
    if e.is_unique_violation() {
        CoreError::Invalid(vec![taken(username)])
    } else {
        e.into()
    }
}

/// Which users a list shows (every field optional: no field, every user the reader may see).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UserFilter {
    pub role: Option<Role>,
    /// One agency's users (agency roles always see only their own).
    pub agency_id: Option<i64>,
}

/// Users the actor may see: all for the NACC admin, their own agency's for agency roles.
pub async fn list_users(
    core: &Core,
    actor: &Actor,
    filter: &UserFilter,
) -> Result<Vec<UserView>, CoreError> {
    actor.require(&[Role::NaccAdmin, Role::AgencyAdmin, Role::AgencyExecutive])?;
    let filter = users::UserFilter {
        role: filter.role.map(|r| r.code().to_string()),
        agency_id: if actor.role == Role::NaccAdmin {
            filter.agency_id
        } else {
            actor.agency_id.map(AgencyId::get)
        },
        province_code: None,
    };
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    let rows = users::list(&mut conn, &filter).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        out.push(user_view(&mut conn, row).await?);
    }
    Ok(out)
}

/// Changes the actor's own password after checking the current one, and ends every other
/// session of that user (a changed password should lock out whoever knew the old one). A wrong
/// current password counts against the sign-in throttle of (user, `client`): a stolen session
/// must not become a faster way to guess the password.
pub async fn change_password(
    core: &Core,
    actor: &Actor,
    current_session_token: &str,
    current: &str,
    new: &str,
    client: IpAddr,
) -> Result<(), CoreError> {
    let user_id = actor.user_id.ok_or_else(CoreError::forbidden)?;
    if let Some(e) = super::limits::password_too_long("current_password", current) {
        return Err(CoreError::Invalid(vec![e]));
    }
    validate_new_password("new_password", new).map_err(|e| CoreError::Invalid(vec![e]))?;
    if current == new {
        return Err(CoreError::invalid(
            "new_password",
            "รหัสผ่านใหม่ต้องไม่ซ้ำกับรหัสผ่านเดิม",
            "The new password must differ from the current one.",
        ));
    }
    let user = {
        let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
        users::by_id(&mut conn, user_id.get())
            .await?
            .ok_or_else(|| CoreError::not_found("ไม่พบผู้ใช้", "No such user"))?
    };
    let attempt = throttle::Attempt::new(core, &user.username, client).await?;
    let verified =
        throttle::checked_password(core, &attempt, current, Some(user.password_hash.clone()))
            .await?;
    if !verified {
        return Err(CoreError::invalid(
            "current_password",
            "รหัสผ่านปัจจุบันไม่ถูกต้อง",
            "The current password is not correct.",
        ));
    }
    let new_password = new.to_string();
    let new_hash = core
        .accounts
        .password_work
        .run(move || hash_password(&new_password))
        .await??;
    let now = core.now_text();
    let mut tx = core.db.begin_write().await?;
    // Only over the hash that was checked: a change made meanwhile (another tab) wins.
    if !users::set_password(
        tx.conn(),
        user_id.get(),
        &user.password_hash,
        &new_hash,
        &now,
    )
    .await?
    {
        return Err(CoreError::conflict(
            "password_changed",
            "รหัสผ่านเพิ่งถูกเปลี่ยนจากที่อื่น โปรดลงชื่อเข้าใช้ใหม่แล้วลองอีกครั้ง",
            "The password was changed elsewhere meanwhile: sign in again and retry.",
        ));
    }
    throttle::clear(core, tx.conn(), &attempt).await?;
    let ended = sessions::delete_for_user_except(
        tx.conn(),
        user_id.get(),
        &super::sessions::token_hash(current_session_token),
    )
    .await?;
    audit::record(
        tx.conn(),
        actor,
        &now,
        "user.password_change",
        ("user", &user.username),
        None::<&()>,
        Some(&serde_json::json!({ "other_sessions_ended": ended })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
