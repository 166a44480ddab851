//! Signing in and out. A session is a random 256-bit token given to the client (cookie or
//! bearer header); the database keeps only its SHA-256, so a stolen backup holds no live
//! credentials. Failed sign-ins are throttled per username, never per IP: 200 staff behind
//! one office address must all be able to sign in.

use crate::{Actor, Core, CoreError};
use base64::Engine as _;
use chrono::Duration;
use openita_db::queries::{login_failures, sessions, users};
use openita_types::{Role, Text, thai_time::to_db_text};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// After this many failures in the window, a username must wait.
const MAX_FAILURES: i64 = 10;
const FAILURE_WINDOW_MINUTES: i64 = 15;

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
            .map(|a| a.code),
        None => None,
    };
    let role: Role = user
        .role
        .parse()
        .map_err(|_| CoreError::Internal(format!("user {} has unknown role", user.id)))?;
    Ok(Actor {
        user_id: Some(user.id),
        username: user.username.clone(),
        role,
        agency_id: user.agency_id,
        agency_code,
        province_code: user.province_code.clone(),
    })
}

pub async fn sign_in(
    core: &Core,
    username: &str,
    password: &str,
    kind: SessionKind,
) -> Result<SignedIn, CoreError> {
    // Usernames are stored lower-case; phones like to capitalise the first letter.
    let username = username.trim().to_lowercase();
    let username = username.as_str();
    let now = core.now();
    let since = to_db_text(now - Duration::minutes(FAILURE_WINDOW_MINUTES));
    let mut tx = core.db.begin_write().await?;
    let failures = login_failures::count_since(tx.conn(), username, &since).await?;
    if failures >= MAX_FAILURES {
        return Err(CoreError::TooManyAttempts {
            retry_after_secs: (FAILURE_WINDOW_MINUTES * 60) as u64,
            message: Text::new(
                format!(
                    "ลงชื่อเข้าใช้ผิดเกิน {MAX_FAILURES} ครั้ง โปรดรอ {FAILURE_WINDOW_MINUTES} นาทีแล้วลองใหม่"
                ),
                format!(
                    "More than {MAX_FAILURES} failed sign-ins: wait {FAILURE_WINDOW_MINUTES} minutes and try again."
                ),
            ),
        });
    }
    let user = users::by_username(tx.conn(), username).await?;
    let verified = match &user {
        Some(u) if u.active == 1 => super::verify_password(password, &u.password_hash),
        _ => {
            // Spend the same time as a real check so that timing does not reveal usernames.
            let _ = super::verify_password(password, &DUMMY_HASH);
            false
        }
    };
    let Some(user) = user.filter(|_| verified) else {
        login_failures::record(tx.conn(), username, &to_db_text(now)).await?;
        tx.commit().await?;
        return Err(bad_credentials());
    };
    login_failures::clear(tx.conn(), username).await?;
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

/// A hash of a random password, used only to spend verification time for unknown users.
static DUMMY_HASH: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| super::hash_password(&random_token()).unwrap_or_default());

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

/// The actor of an existing user, for work done later in their name (background jobs).
pub async fn actor_by_username(core: &Core, username: &str) -> Result<Actor, CoreError> {
    let mut conn = core
        .db
        .pool()
        .acquire()
        .await
        .map_err(openita_db::DbError::from)?;
    let user = users::by_username(&mut conn, username)
        .await?
        .ok_or_else(|| {
            CoreError::not_found(
                format!("ไม่พบผู้ใช้ {username}"),
                format!("No user {username}."),
            )
        })?;
    actor_for(&mut conn, &user).await
}
