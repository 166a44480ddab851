//! An agency's code as the NACC lists it (`6360102`, or a ministry's own `moi-01`): 1-32
//! characters, English letters, digits and `- _ .`. Read once where it enters (a path, a flag,
//! an import row); a text that cannot be a code is refused there, so the use cases never look
//! one up.

/// Borrowing it as `&str` (through `Deref`) is what the query layer takes.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct AgencyCode(String);

/// The document says what `parse` checks (it trims white space first).
impl utoipa::PartialSchema for AgencyCode {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::Type::String)
            .pattern(Some(AgencyCode::PATTERN))
            .description(Some(
                "An agency's code as the NACC lists it: 1-32 English letters, digits and - _ .",
            ))
            .examples([serde_json::json!("6360102")])
            .into()
    }
}

impl utoipa::ToSchema for AgencyCode {}

/// Why a text is not an agency code.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error(
    "\"{0}\" ไม่ใช่รหัสหน่วยงาน (1-32 ตัว อักษรอังกฤษ ตัวเลข - _ .) / \"{0}\" is not an agency code (1-32 English letters, digits, - _ .)"
)]
pub struct InvalidAgencyCode(pub String);

impl AgencyCode {
    pub const MAX_CHARS: usize = 32;
    /// `parse` as a regular expression, for the API's document.
    pub const PATTERN: &str = r"^\s*[A-Za-z0-9._-]{1,32}\s*$";

    /// Checks `text` (trimmed) is a code; it need not name an agency that exists.
    pub fn parse(text: &str) -> Result<Self, InvalidAgencyCode> {
        let code = text.trim();
        let ok = (1..=Self::MAX_CHARS).contains(&code.len())
            && code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
        if ok {
            Ok(AgencyCode(code.to_string()))
        } else {
            Err(InvalidAgencyCode(text.chars().take(40).collect()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for AgencyCode {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for AgencyCode {
    type Error = InvalidAgencyCode;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text)
    }
}

impl From<AgencyCode> for String {
    fn from(code: AgencyCode) -> String {
        code.0
    }
}

impl std::str::FromStr for AgencyCode {
    type Err = InvalidAgencyCode;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

impl std::fmt::Display for AgencyCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_checked_once_and_reads_as_text() {
        assert_eq!(
            AgencyCode::parse(" 6360102 ").map(|c| c.to_string()),
            Ok("6360102".into())
        );
        assert!(AgencyCode::parse("moi-01.x_2").is_ok());
        for bad in [
            "",
            "../etc",
            "636 0102",
            "รหัส",
            &"9".repeat(33),
            "a/b",
            "%2e",
        ] {
            assert!(AgencyCode::parse(bad).is_err(), "{bad:?}");
        }
        let code: AgencyCode =
            serde_json::from_str("\"6360102\"").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(&*code, "6360102");
        assert!(serde_json::from_str::<AgencyCode>("\"../x\"").is_err());
    }
}
