//! E-mail addresses of users: where notifications go. Optional; checked for shape only (the
//! mail server is the judge of whether it exists).

use crate::{Actor, Core, CoreError, FieldError, audit};
use openita_db::{DbError, queries::users};

/// Trims and lower-cases the domain; empty means none. Refuses what cannot be an address.
pub fn normalise_email(input: Option<&str>) -> Result<Option<String>, FieldError> {
    let Some(text) = input.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    let bad = || {
        FieldError::new(
            "email",
            format!("อีเมล \"{text}\" ไม่ถูกต้อง ตัวอย่าง: saraban@example.go.th"),
            format!("\"{text}\" is not an e-mail address, e.g. saraban@example.go.th."),
        )
    };
    let (local, domain) = text.rsplit_once('@').ok_or_else(bad)?;
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
    let local_ok = !local.is_empty()
        && !local.contains('@')
        && local.chars().all(|c| !c.is_whitespace() && !c.is_control());
    if text.len() > 254 || !domain_ok || !local_ok || text.contains(['<', '>', ',', ';']) {
        return Err(bad());
    }
    Ok(Some(format!("{local}@{}", domain.to_lowercase())))
}

/// The actor's own address, for the account page.
pub async fn own_email(core: &Core, actor: &Actor) -> Result<Option<String>, CoreError> {
    let user_id = actor.user_id.ok_or_else(CoreError::forbidden)?;
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    Ok(users::by_id(&mut conn, user_id.get())
        .await?
        .and_then(|u| u.email))
}

/// A user sets (or clears) their own address on the account page.
pub async fn set_own_email(
    core: &Core,
    actor: &Actor,
    email: Option<&str>,
) -> Result<Option<String>, CoreError> {
    let user_id = actor.user_id.ok_or_else(CoreError::forbidden)?;
    let email = normalise_email(email).map_err(|e| CoreError::Invalid(vec![e]))?;
    let mut tx = core.db.begin_write().await?;
    let user = users::by_id(tx.conn(), user_id.get())
        .await?
        .ok_or_else(|| CoreError::not_found("ไม่พบผู้ใช้", "No such user"))?;
    users::set_email(tx.conn(), user_id.get(), email.as_deref()).await?;
    let now = core.now_text();
    audit::record(
        tx.conn(),
        actor,
        &now,
        "user.email_change",
        ("user", &user.username),
        Some(&serde_json::json!({ "email": user.email })),
        Some(&serde_json::json!({ "email": email })),
    )
    .await?;
    tx.commit().await?;
    Ok(email)
}

#[cfg(test)]
mod tests {
    use super::normalise_email;

    #[test]
    fn addresses_are_checked_for_shape_and_empty_means_none() {
        assert_eq!(normalise_email(Some("  ")), Ok(None));
        assert_eq!(normalise_email(None), Ok(None));
        assert_eq!(
            normalise_email(Some(" Saraban@Example.GO.TH ")),
            Ok(Some("Saraban@example.go.th".into()))
        );
        assert_eq!(
            normalise_email(Some("นายก@อบต.ไทย"))
                .ok()
                .flatten()
                .as_deref(),
            Some("นายก@อบต.ไทย")
        );
        for bad in [
            "no-at-sign",
            "a@b",
            "a@.th",
            "two words@x.th",
            "a@b.th, c@d.th",
            "@x.th",
        ] {
            assert!(normalise_email(Some(bad)).is_err(), "{bad}");
        }
    }
}
