//! The two languages of every page, message and export: Thai first, English second.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Th,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Th => "th",
            Lang::En => "en",
        }
    }

    /// Picks the language from an `Accept-Language` header: English only when the client
    /// prefers it over Thai; Thai otherwise (our users are Thai).
    pub fn from_accept_language(header: &str) -> Lang {
        let mut best = (Lang::Th, -1.0_f32);
        for part in header.split(',') {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = pieces
                .find_map(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|v| v.parse::<f32>().ok())
                })
                .unwrap_or(1.0);
            let lang = if tag.starts_with("en") {
                Some(Lang::En)
            } else if tag.starts_with("th") {
                Some(Lang::Th)
            } else {
                None
            };
            if let Some(lang) = lang
                && q > best.1
            {
                best = (lang, q);
            }
        }
        best.0
    }

    /// The text for this language from a Thai/English pair.
    pub fn pick<'a>(self, th: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Th => th,
            Lang::En => en,
        }
    }
}

/// A message for a person, in both languages; the boundary picks one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub th: String,
    pub en: String,
}

impl Text {
    pub fn new(th: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            th: th.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.th, &self.en)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_prefers_the_higher_quality_of_thai_and_english() {
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9"), Lang::En);
        assert_eq!(
            Lang::from_accept_language("th-TH,th;q=0.9,en;q=0.8"),
            Lang::Th
        );
        assert_eq!(Lang::from_accept_language("th;q=0.5, en;q=0.8"), Lang::En);
        assert_eq!(Lang::from_accept_language("fr-FR"), Lang::Th);
        assert_eq!(Lang::from_accept_language(""), Lang::Th);
    }
}
