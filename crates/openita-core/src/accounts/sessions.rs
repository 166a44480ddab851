//! Signing in and out. A session is a random 256-bit token given to the client (cookie or
//! bearer header); the database keeps only its SHA-256, so a stolen backup holds no live
//! credentials. Wrong passwords are throttled per (username, client address): see
//! `throttle.rs`. The password is checked with no transaction or connection held (argon2
//! takes ~55 ms on purpose; see `password_work.rs`); the writes before and after are short.

use super::{limits, throttle};
use crate::{Actor, Core, CoreError};
use base64::Engine as _;
use chrono::Duration;
use openita_db::{
    DbError,
    queries::{sessions, users},
};
use openita_types::{Role, Text, thai_time::to_db_text};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::net::IpAddr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    /// A browser session: cookie, CSRF token, 12 hours.
    Browser,
    /// An API token for scripts: bearer header, 30 days.
    Api,
}

impl SessionKind {
    fn code(self) -> &'static str {
        match self {
            SessionKind::Browser => "browser",
            SessionKind::Api => "api",
        }
    }

    fn lifetime(self) -> Duration {
        match self {
            SessionKind::Browser => Duration::hours(12),
            SessionKind::Api => Duration::days(30),
        }
    }
}

/// A successful sign-in or a resolved session.
#[derive(Debug, Clone)]
pub struct SignedIn {
    /// The secret token: shown to the client once, never stored.
    pub token: String,
    pub csrf_token: String,
    pub actor: Actor,
    pub kind: SessionKind,
}

fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub(crate) fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn bad_credentials() -> CoreError {
    CoreError::Unauthenticated(Text::new(
        "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง",
        "The username or password is not correct.",
    ))
}

pub(crate) async fn actor_for(
    conn: &mut openita_db::Conn,
    user: &users::UserRow,
) -> Result<Actor, CoreError> {
    let agency_code = match user.agency_id {
        Some(id) => openita_db::queries::agencies::by_id(conn, id)
            .await?
            .map(|a| openita_types::AgencyCode::parse(&a.code))
            .transpose()
            .map_err(CoreError::internal)?,
        None => None,
    };
    let role: Role = user
        .role
        .parse()
        .map_err(|_| CoreError::internal(format!("user {} has unknown role", user.id)))?;
    Ok(Actor {
        user_id: Some(openita_types::UserId::new(user.id)),
        username: user.username.clone(),
        display_name: user.display_name.clone(),
        role,
        agency_id: user.agency_id.map(openita_types::AgencyId::new),
        agency_code,
        province_code: user.province_code.clone(),
        district_code: user.district_code.clone(),
    })
}

/// Signs `username` in from `client` (the address the web layer believes, for throttling).
/// A username or password longer than any account can have is refused (422) before any
/// database work; a pair that failed too often is refused (429) with the wait in the error.
pub async fn sign_in(
    core: &Core,
    username: &str,
    password: &str,
    kind: SessionKind,
    client: IpAddr,
) -> Result<SignedIn, CoreError> {
    let oversized: Vec<_> = [
        limits::username_too_long("username", username),
        limits::password_too_long("password", password),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !oversized.is_empty() {
        return Err(CoreError::Invalid(oversized));
    }
    core.accounts.sign_ins.attempt(client)?;
    // Usernames are stored lower-case; phones like to capitalise the first letter.
    let username = username.trim().to_lowercase();
    let attempt = throttle::Attempt::new(core, &username, client).await?;
    let user = {
        let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
        users::by_username(&mut conn, &username).await?
    };
    let stored_hash = user
        .as_ref()
        .filter(|u| u.active == 1)
        .map(|u| u.password_hash.clone());
    if !throttle::checked_password(core, &attempt, password, stored_hash).await? {
        return Err(bad_credentials());
    }
    let Some(user) = user else {
        return Err(bad_credentials());
    };
    let now = core.now();
    let mut tx = core.db.begin_write().await?;
    // The check ran outside this transaction: the account may have been deactivated or its
    // password changed meanwhile.
    let still_valid = users::by_id(tx.conn(), user.id)
        .await?
        .is_some_and(|u| u.active == 1 && u.password_hash == user.password_hash);
    if !still_valid {
        return Err(bad_credentials());
    }
    throttle::clear(core, tx.conn(), &attempt).await?;
    let token = random_token();
    let csrf_token = random_token();
    sessions::insert(
        tx.conn(),
        &sessions::SessionRow {
            token_hash: token_hash(&token),
            user_id: user.id,
            kind: kind.code().to_string(),
            csrf_token: csrf_token.clone(),
            created_at: to_db_text(now),
            expires_at: to_db_text(now + kind.lifetime()),
        },
    )
    .await?;
    let actor = actor_for(tx.conn(), &user).await?;
    tx.commit().await?;
    tracing::info!(user.username = %user.username, session.kind = kind.code(), "signed in");
    Ok(SignedIn {
        token,
        csrf_token,
        actor,
        kind,
    })
}

/// The session behind a token, if it is live and its user active.
pub async fn resolve_session(core: &Core, token: &str) -> Result<Option<SignedIn>, CoreError> {
    let mut conn = core
        .db
        .pool()
        .acquire()
        .await
        .map_err(openita_db::DbError::from)?;
    let Some(session) = sessions::live(&mut conn, &token_hash(token), &core.now_text()).await?
    else {
        return Ok(None);
    };
    let Some(user) = users::by_id(&mut conn, session.user_id).await? else {
        return Ok(None);
    };
    if user.active != 1 {
        return Ok(None);
    }
    let kind = if session.kind == "api" {
        SessionKind::Api
    } else {
        SessionKind::Browser
    };
    Ok(Some(SignedIn {
        token: token.to_string(),
        csrf_token: session.csrf_token,
        actor: actor_for(&mut conn, &user).await?,
        kind,
    }))
}

pub async fn sign_out(core: &Core, token: &str) -> Result<(), CoreError> {
    let mut tx = core.db.begin_write().await?;
    sessions::delete(tx.conn(), &token_hash(token)).await?;
    tx.commit().await?;
    Ok(())
}

/// Who a user is now, by id (else by name), for work done later in their name (background
/// jobs, the demo): none if the account is gone or deactivated.
pub async fn active_actor(
    core: &Core,
    id: Option<i64>,
    username: &str,
) -> Result<Option<Actor>, CoreError> {
    let mut conn = core
        .db
        .pool()
        .acquire()
        .await
        .map_err(openita_db::DbError::from)?;
    let user = match id {
        Some(id) => users::by_id(&mut conn, id).await?,
        None => users::by_username(&mut conn, username).await?,
    };
    match user.filter(|u| u.active != 0) {
        Some(user) => actor_for(&mut conn, &user).await.map(Some),
        None => Ok(None),
    }
}
