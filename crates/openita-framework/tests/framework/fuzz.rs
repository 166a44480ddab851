//! The loader fed what an upload or a damaged file could hold: arbitrary bytes, the shipped
//! framework with random values in random places, and the shipped TOML files with random
//! damage. It must never panic; it refuses with a located, bilingual error, or gives a
//! framework that passes every rule and reads back to itself.

use crate::{framework_dir, has_thai, load};
use openita_framework::{Framework, FrameworkError};
use proptest::prelude::*;
use serde_json::{Value, json};
use std::sync::LazyLock;

static SHIPPED_JSON: LazyLock<Value> = LazyLock::new(|| load("ita-2568").to_json_value());

fn assert_sound(outcome: Result<Framework, FrameworkError>) {
    match outcome {
        Ok(framework) => {
            assert!(framework.validate().is_ok());
            let again = Framework::from_json_str(&framework.canonical_json());
            assert_eq!(
                again.map(|f| f.fingerprint()).ok(),
                Some(framework.fingerprint())
            );
        }
        Err(e) => {
            assert!(!e.location.is_empty(), "{e}");
            assert!(!e.message_en.is_empty(), "{e}");
            assert!(has_thai(&e.message_th), "{}", e.message_th);
        }
    }
}

/// Values that break assumptions: extremes, wrong types, fractions that overflow, nesting.
fn hostile_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!(null)),
        Just(json!(true)),
        Just(json!(i64::MIN)),
        Just(json!(u64::MAX)),
        Just(json!(1e308)),
        Just(json!(-0.0)),
        Just(json!(5e-324)),
        Just(json!("-9223372036854775808/-1")),
        Just(json!("9223372036854775807/9223372036854775806")),
        Just(json!("1/0")),
        Just(json!("")),
        Just(json!([])),
        Just(json!({})),
        Just(
            serde_json::from_str(&format!("{}1{}", "[".repeat(120), "]".repeat(120)))
                .unwrap_or_default()
        ),
        any::<i64>().prop_map(|n| json!(n)),
        (-1e16_f64..1e16).prop_map(|x| json!(x)),
        "[a-zA-Z0-9/._ -]{0,12}".prop_map(|s| json!(s)),
    ]
}

/// Replaces, removes or multiplies the value found by following `path` (each step picks a
/// key or an element by index, modulo the size) down from the root.
fn mutate(value: &mut Value, path: &[usize], action: u8, new: Value) {
    let Some((&step, rest)) = path.split_first() else {
        *value = new;
        return;
    };
    match value {
        Value::Object(map) if !map.is_empty() => {
            let key = map
                .keys()
                .nth(step % map.len())
                .cloned()
                .unwrap_or_default();
            if rest.is_empty() && action % 4 == 1 {
                map.remove(&key);
            } else if let Some(child) = map.get_mut(&key) {
                mutate(child, rest, action, new);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            let i = step % items.len();
            if rest.is_empty() && action % 4 == 2 {
                let copy = items[i].clone();
                items.extend(std::iter::repeat_n(copy, 50));
            } else {
                mutate(&mut items[i], rest, action, new);
            }
        }
        _ => *value = new,
    }
}

/// Random damage to a text: bytes inserted, removed or replaced.
fn damage(text: &str, edits: &[(usize, u8, u8)]) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    for &(at, kind, byte) in edits {
        if bytes.is_empty() {
            break;
        }
        let at = at % bytes.len();
        match kind % 3 {
            0 => bytes.insert(at, byte),
            1 => {
                bytes.remove(at);
            }
            _ => bytes[at] = byte,
        }
    }
    bytes
}

const TOML_FILES: [&str; 4] = ["framework.toml", "iit.toml", "eit.toml", "oit.toml"];

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        assert_sound(Framework::from_upload(&String::from_utf8_lossy(&bytes)));
    }

    #[test]
    fn the_shipped_framework_with_random_values_in_random_places_never_panics(
        edits in proptest::collection::vec(
            (proptest::collection::vec(any::<usize>(), 1..8), any::<u8>(), hostile_value()),
            1..6,
        ),
    ) {
        let mut value = SHIPPED_JSON.clone();
        for (path, action, new) in edits {
            mutate(&mut value, &path, action, new);
        }
        assert_sound(Framework::from_upload(&value.to_string()));
    }

    #[test]
    fn the_shipped_toml_with_random_damage_never_panics(
        file in 0_usize..4,
        edits in proptest::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..8),
    ) {
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        for (i, name) in TOML_FILES.iter().enumerate() {
            let text = std::fs::read_to_string(framework_dir("2568").join(name))
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let bytes = if i == file { damage(&text, &edits) } else { text.into_bytes() };
            std::fs::write(dir.path().join(name), bytes)
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
        }
        assert_sound(Framework::from_dir(dir.path()));
    }
}
