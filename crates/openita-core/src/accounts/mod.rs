//! Accounts: password hashing, sign-in sessions, users and their roles.

mod email;
mod password;
mod sessions;
mod users;

pub use email::{normalise_email, own_email, set_own_email};
pub use password::{hash_password, validate_new_password, verify_password};
pub use sessions::{SessionKind, SignedIn, actor_by_username, resolve_session, sign_in, sign_out};
pub use users::{NewUserInput, UserView, change_password, create_user, list_users, user_view};
