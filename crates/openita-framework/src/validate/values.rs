//! Checks of single values, shared by every rule group.

use super::{Check, err};
use crate::Fraction;

/// Ids of questions, item codes, scale names, tiers: short, stable, safe in URLs and JSON keys.
fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 40
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
}

pub(super) fn check_identifier(
    location: String,
    value: &str,
    what_en: &str,
    what_th: &str,
) -> Check {
    if is_identifier(value) {
        return Ok(());
    }
    err(
        location,
        format!("{what_en} `{value}` must be 1-40 characters of A-Z, a-z, 0-9, `_`, `-` or `.`"),
        format!(
            "{what_th} `{value}` ต้องยาว 1-40 ตัวอักษร ประกอบด้วย A-Z, a-z, 0-9, `_`, `-` หรือ `.` เท่านั้น"
        ),
    )
}

pub(super) fn check_text(location: String, value: &str) -> Check {
    if value.trim().is_empty() {
        return err(location, "must not be empty", "ต้องไม่เว้นว่าง");
    }
    Ok(())
}

pub(super) fn check_percent(
    location: String,
    value: Fraction,
    what_en: &str,
    what_th: &str,
) -> Check {
    if value < Fraction::ZERO || value > Fraction::HUNDRED {
        return err(
            location,
            format!("{what_en} {value} must be between 0 and 100"),
            format!("{what_th} {value} ต้องอยู่ระหว่าง 0 ถึง 100"),
        );
    }
    Ok(())
}

pub(super) fn check_weight(location: String, value: Fraction, owner: &str) -> Check {
    if value <= Fraction::ZERO {
        return err(
            location,
            format!("the weight of {owner} is {value}; a weight must be greater than 0"),
            format!("น้ำหนักของ {owner} เป็น {value} น้ำหนักต้องมากกว่า 0"),
        );
    }
    Ok(())
}
