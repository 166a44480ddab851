//! Accounts: password hashing, sign-in sessions, users and their roles.

mod email;
mod limits;
mod names;
mod password;
mod password_work;
mod sessions;
mod sign_in_limit;
pub mod throttle;
mod users;

pub use email::{normalise_email, own_email, set_own_email};
pub use limits::MAX_USERNAME_CHARS;
pub use names::People;
pub use password::{
    MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, hash_password, validate_new_password, verify_password,
};
pub use sessions::{SessionKind, SignedIn, active_actor, resolve_session, sign_in, sign_out};
pub use users::{
    NewUserInput, UserFilter, UserView, change_password, create_user, list_users, user_view,
};

use std::sync::OnceLock;

/// What accounts keep per process: the gate argon2 runs through, the throttle's key and the
/// per-address limit on sign-in attempts.
#[derive(Default)]
pub struct AccountsRuntime {
    pub(crate) password_work: password_work::PasswordWork,
    pub(crate) throttle_key: OnceLock<Vec<u8>>,
    pub(crate) sign_ins: sign_in_limit::SignInLimit,
}
