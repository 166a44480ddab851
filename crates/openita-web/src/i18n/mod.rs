//! Page strings in Thai and English. Thai is the default; the language switch sets a cookie.
//! A test checks that every key a template uses exists here. The strings live one file per
//! area of the application; the lookup sees them as one table.

use openita_types::Lang;
use std::{collections::HashMap, sync::LazyLock};

/// (key, Thai, English)
mod agencies;
mod cycles;
mod drive;
mod general;
mod oit;
mod provinces;
mod reminders;
mod results;

/// Every area's strings.
const AREAS: [&[(&str, &str, &str)]; 8] = [
    general::MESSAGES,
    agencies::MESSAGES,
    cycles::MESSAGES,
    oit::MESSAGES,
    results::MESSAGES,
    drive::MESSAGES,
    provinces::MESSAGES,
    reminders::MESSAGES,
];

static TABLE: LazyLock<HashMap<&'static str, (&'static str, &'static str)>> = LazyLock::new(|| {
    AREAS
        .iter()
        .flat_map(|area| area.iter())
        .map(|(k, th, en)| (*k, (*th, *en)))
        .collect()
});

/// The text for a key; an unknown key shows itself (and fails the template-key test).
pub fn t(lang: Lang, key: &str) -> &str {
    match TABLE.get(key) {
        Some((th, en)) => lang.pick(th, en),
        None => key,
    }
}

pub fn has_key(key: &str) -> bool {
    TABLE.contains_key(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_used_by_a_template_or_handler_exists() {
        let dirs = [
            concat!(env!("CARGO_MANIFEST_DIR"), "/templates"),
            concat!(env!("CARGO_MANIFEST_DIR"), "/src/routes/pages"),
        ];
        let mut missing = Vec::new();
        let mut checked = 0;
        for dir in dirs {
            let mut stack = vec![std::path::PathBuf::from(dir)];
            while let Some(path) = stack.pop() {
                if path.is_dir() {
                    for entry in std::fs::read_dir(&path).into_iter().flatten().flatten() {
                        stack.push(entry.path());
                    }
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                for piece in text.split(".t(\"").skip(1) {
                    if let Some(key) = piece.split('"').next() {
                        checked += 1;
                        if !has_key(key) {
                            missing.push(format!("{}: {key}", path.display()));
                        }
                    }
                }
            }
        }
        assert!(
            checked > 50,
            "the scan found only {checked} keys: is it looking in the right place?"
        );
        assert!(missing.is_empty(), "keys without text: {missing:#?}");
    }

    #[test]
    fn keys_are_unique() {
        let all: usize = AREAS.iter().map(|area| area.len()).sum();
        assert_eq!(TABLE.len(), all);
    }
}
