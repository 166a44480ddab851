//! argon2id password hashes (the RustCrypto `argon2` crate with its default, OWASP-recommended
//! parameters: 19 MiB, 2 passes, 1 lane).

use crate::{CoreError, FieldError};
use argon2::{
    Argon2, PasswordHash, PasswordHasher, PasswordVerifier,
    password_hash::{SaltString, rand_core::OsRng},
};

pub const MIN_PASSWORD_CHARS: usize = 10;
pub const MAX_PASSWORD_CHARS: usize = 128;

pub fn hash_password(password: &str) -> Result<String, CoreError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| CoreError::internal(format!("password hashing failed: {e}")))
}

/// Constant-time check of a password against a stored hash; a malformed hash never matches.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash of a random password, checked against when there is no hash to check (no such user)
/// so that the answer takes as long as for a real user and timing does not reveal usernames.
static DUMMY_HASH: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let random = SaltString::generate(&mut OsRng);
    hash_password(random.as_str()).unwrap_or_default()
});

/// `verify_password` against `hash`, or the same work against a dummy hash and false. Slow on
/// purpose: call it on the blocking pool (`password_work`).
pub(crate) fn verify_or_spend(password: &str, hash: Option<&str>) -> bool {
    match hash {
        Some(hash) => verify_password(password, hash),
        None => {
            let _ = verify_password(password, &DUMMY_HASH);
            false
        }
    }
}

/// Length rules only: long passphrases in Thai or English are what we want people to use.
pub fn validate_new_password(field: &str, password: &str) -> Result<(), FieldError> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(FieldError::new(
            field,
            format!("รหัสผ่านต้องยาวอย่างน้อย {MIN_PASSWORD_CHARS} ตัวอักษร"),
            format!("The password must be at least {MIN_PASSWORD_CHARS} characters long."),
        ));
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(FieldError::new(
            field,
            format!("รหัสผ่านต้องยาวไม่เกิน {MAX_PASSWORD_CHARS} ตัวอักษร"),
            format!("The password must be at most {MAX_PASSWORD_CHARS} characters long."),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_own_password_only_and_is_argon2id() {
        let hash = hash_password("ความโปร่งใส 2568").unwrap_or_default();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_password("ความโปร่งใส 2568", &hash));
        assert!(!verify_password("ความโปร่งใส 2567", &hash));
        assert!(!verify_password("anything", "not-a-hash"));
    }

    #[test]
    fn short_passwords_are_refused_with_the_field_named() {
        let err = validate_new_password("password", "short").err();
        assert_eq!(err.map(|e| e.field), Some("password".to_string()));
        assert!(validate_new_password("password", "long enough pass").is_ok());
    }
}
