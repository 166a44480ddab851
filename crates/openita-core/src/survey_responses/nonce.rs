//! One-time form nonces, signed (HMAC-SHA256) so that issuing one writes nothing. A nonce is
//! `LINK.DAY.RANDOM.MAC`: the link it was issued for, the last day it is valid (a day, not a
//! time: nothing in it dates the visit), randomness, and the signature. Using it stores its
//! hash in `used_nonces`; a second use finds the hash and is refused.

use crate::{Core, CoreError};
use base64::Engine as _;
use chrono::NaiveDate;
use hmac::{Hmac, KeyInit, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};

type HmacSha256 = Hmac<Sha256>;

const KEY_SETTING: &str = "survey_nonce_key";

pub(crate) async fn key(core: &Core) -> Result<Vec<u8>, CoreError> {
    if let Some(k) = core.surveys.nonce_key.get() {
        return Ok(k.clone());
    }
    let mut fresh = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut fresh);
    let mut tx = core.db.begin_write().await?;
    let stored =
        openita_db::queries::settings::get_or_insert(tx.conn(), KEY_SETTING, &hex::encode(fresh))
            .await?;
    tx.commit().await?;
    let key =
        hex::decode(stored).map_err(|_| CoreError::internal("stored nonce key is not hex"))?;
    let _ = core.surveys.nonce_key.set(key.clone());
    Ok(key)
}

fn mac(key: &[u8], text: &str) -> Result<String, CoreError> {
    let mut m = HmacSha256::new_from_slice(key).map_err(|_| CoreError::internal("nonce key"))?;
    m.update(text.as_bytes());
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(m.finalize().into_bytes()))
}

pub(crate) fn issue(key: &[u8], link_id: i64, valid_until: NaiveDate) -> Result<String, CoreError> {
    let mut random = [0u8; 12];
    rand::thread_rng().fill_bytes(&mut random);
    let body = format!(
        "{link_id}.{}.{}",
        valid_until.format("%Y%m%d"),
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(random)
    );
    Ok(format!("{body}.{}", mac(key, &body)?))
}

/// A nonce that verified: its hash (to record its use) and its last valid day.
pub(crate) struct CheckedNonce {
    pub hash: String,
    pub valid_until: NaiveDate,
}

fn refused() -> CoreError {
    CoreError::conflict(
        "nonce_invalid",
        "แบบฟอร์มนี้ส่งไปแล้วหรือหมดอายุ โปรดเปิดลิงก์แบบสอบถามใหม่อีกครั้ง (คำตอบที่ส่งแล้วนับแล้ว ไม่นับซ้ำ)",
        "This form was already sent or has expired: open the survey link again (an answer already sent counts once).",
    )
}

/// Checks signature, link and day. Whether it was used before is decided when writing.
pub(crate) fn check(
    key: &[u8],
    nonce: &str,
    link_id: i64,
    today: NaiveDate,
) -> Result<CheckedNonce, CoreError> {
    let (body, signature) = nonce.rsplit_once('.').ok_or_else(refused)?;
    let expected = mac(key, body)?;
    if expected.len() != signature.len()
        || expected
            .bytes()
            .zip(signature.bytes())
            .fold(0u8, |a, (x, y)| a | (x ^ y))
            != 0
    {
        return Err(refused());
    }
    let mut parts = body.split('.');
    let link: i64 = parts
        .next()
        .and_then(|p| p.parse().ok())
        .ok_or_else(refused)?;
    let day = parts
        .next()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y%m%d").ok())
        .ok_or_else(refused)?;
    if link != link_id || day < today {
        return Err(refused());
    }
    Ok(CheckedNonce {
        hash: hex::encode(Sha256::digest(nonce.as_bytes())),
        valid_until: day,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn a_nonce_checks_for_its_link_until_its_day_only() {
        let key = [7u8; 32];
        let n = issue(&key, 42, day("2025-03-02")).unwrap_or_default();
        assert!(check(&key, &n, 42, day("2025-03-01")).is_ok());
        assert!(check(&key, &n, 42, day("2025-03-02")).is_ok());
        assert!(check(&key, &n, 42, day("2025-03-03")).is_err(), "expired");
        assert!(
            check(&key, &n, 43, day("2025-03-01")).is_err(),
            "another link"
        );
        assert!(
            check(&[8u8; 32], &n, 42, day("2025-03-01")).is_err(),
            "another key"
        );
        let forged = n.replacen("42.", "41.", 1);
        assert!(
            check(&key, &forged, 41, day("2025-03-01")).is_err(),
            "tampered"
        );
        assert!(check(&key, "garbage", 42, day("2025-03-01")).is_err());
    }

    #[test]
    fn two_nonces_for_the_same_link_differ() {
        let key = [1u8; 32];
        assert_ne!(
            issue(&key, 1, day("2025-03-02")).ok(),
            issue(&key, 1, day("2025-03-02")).ok()
        );
    }
}
