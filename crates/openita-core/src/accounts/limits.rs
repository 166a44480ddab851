//! Sizes no account can exceed, checked before any database or argon2 work: a sign-in with a
//! 1.9 MB username once reached the database (five of them grew it by 20 MB).

use super::password::MAX_PASSWORD_CHARS;
use crate::FieldError;

/// The longest username an account can have (`users.rs` makes every username 3-64 characters).
pub const MAX_USERNAME_CHARS: usize = 64;

/// A username that no account can have because it is too long.
pub(crate) fn username_too_long(field: &str, username: &str) -> Option<FieldError> {
    (username.trim().chars().count() > MAX_USERNAME_CHARS).then(|| {
        FieldError::new(
            field,
            format!("ชื่อผู้ใช้ยาวเกิน {MAX_USERNAME_CHARS} ตัวอักษร"),
            format!("A username is at most {MAX_USERNAME_CHARS} characters long."),
        )
    })
}

/// A password that no account can have because it is too long (checking it would be wasted
/// argon2 work).
pub(crate) fn password_too_long(field: &str, password: &str) -> Option<FieldError> {
    (password.chars().count() > MAX_PASSWORD_CHARS).then(|| {
        FieldError::new(
            field,
            format!("รหัสผ่านยาวเกิน {MAX_PASSWORD_CHARS} ตัวอักษร"),
            format!("A password is at most {MAX_PASSWORD_CHARS} characters long."),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_count_characters_not_bytes_and_ignore_surrounding_spaces() {
        assert!(username_too_long("username", &"ก".repeat(64)).is_none());
        assert!(username_too_long("username", &format!("  {}  ", "a".repeat(64))).is_none());
        let err = username_too_long("username", &"a".repeat(65));
        assert_eq!(err.map(|e| e.field), Some("username".to_string()));
        assert!(password_too_long("password", &"ร".repeat(MAX_PASSWORD_CHARS)).is_none());
        assert!(password_too_long("password", &"x".repeat(MAX_PASSWORD_CHARS + 1)).is_some());
    }
}
