//! Validating what a person typed for an agency into the stored fields: real provinces and
//! districts, known types, safe codes and web addresses.

use crate::FieldError;
use openita_db::queries::agencies::AgencyFields;
use openita_types::AgencyType;

/// An agency as entered in a form, an API body or an import row. Province and district may be
/// names (Thai or English) or codes.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct AgencyInput {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub name_th: String,
    pub name_en: Option<String>,
    #[serde(default, rename = "type")]
    pub agency_type: String,
    #[serde(default)]
    pub province: String,
    pub district: Option<String>,
    pub website: Option<String>,
}

fn non_empty(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

/// Checks every field and returns all problems at once.
pub fn validate(input: &AgencyInput) -> Result<AgencyFields, Vec<FieldError>> {
    let mut errors = Vec::new();
    let code = input.code.trim().to_string();
    if openita_types::AgencyCode::parse(&code).is_err() {
        errors.push(FieldError::new(
            "code",
            "รหัสหน่วยงานต้องมี 1-32 ตัว ใช้ได้เฉพาะอักษรภาษาอังกฤษ ตัวเลข และ - _ .",
            "The agency code must be 1-32 characters: English letters, digits and - _ . only.",
        ));
    }
    let name_th = input.name_th.trim().to_string();
    if name_th.is_empty() || name_th.chars().count() > 200 {
        errors.push(FieldError::new(
            "name_th",
            "ต้องระบุชื่อหน่วยงานภาษาไทย (ไม่เกิน 200 ตัวอักษร)",
            "The Thai name is required (at most 200 characters).",
        ));
    }
    let name_en = non_empty(input.name_en.as_deref()).map(str::to_string);
    if name_en.as_ref().is_some_and(|n| n.chars().count() > 200) {
        errors.push(FieldError::new(
            "name_en",
            "ชื่อภาษาอังกฤษยาวเกิน 200 ตัวอักษร",
            "The English name is longer than 200 characters.",
        ));
    }
    let agency_type = input.agency_type.parse::<AgencyType>().ok();
    if agency_type.is_none() {
        let codes: Vec<&str> = AgencyType::ALL.iter().map(|t| t.code()).collect();
        errors.push(FieldError::new(
            "type",
            format!("ประเภทหน่วยงานไม่ถูกต้อง ใช้ได้: {}", codes.join(", ")),
            format!("Unknown agency type; use one of: {}", codes.join(", ")),
        ));
    }
    let province = openita_geography::province(input.province.trim());
    if province.is_none() {
        errors.push(FieldError::new(
            "province",
            format!("ไม่พบจังหวัด \"{}\"", input.province.trim()),
            format!("No province called \"{}\".", input.province.trim()),
        ));
    }
    let mut district_code = None;
    if let (Some(p), Some(d)) = (province, non_empty(input.district.as_deref())) {
        match openita_geography::district(&p.code, d) {
            Some(found) => district_code = Some(found.code.to_string()),
            None => errors.push(FieldError::new(
                "district",
                format!("ไม่พบอำเภอ \"{d}\" ในจังหวัด{}", p.name_th),
                format!("No district \"{d}\" in {} province.", p.name_en),
            )),
        }
    }
    let website = non_empty(input.website.as_deref()).map(str::to_string);
    if let Some(w) = &website
        && !is_web_address(w)
    {
        errors.push(FieldError::new(
            "website",
            "เว็บไซต์ต้องขึ้นต้นด้วย http:// หรือ https:// และเป็นที่อยู่ที่ถูกต้อง",
            "The website must be a valid address starting with http:// or https://.",
        ));
    }
    match (errors.is_empty(), agency_type, province) {
        (true, Some(t), Some(p)) => Ok(AgencyFields {
            code,
            name_th,
            name_en,
            agency_type: t.code().to_string(),
            province_code: p.code.to_string(),
            district_code,
            website,
        }),
        _ => Err(errors),
    }
}

/// What `is_web_address` takes, for the API's document: http:// or https://, a host name,
/// then any path (the host pattern is narrower than a URL parser's, never wider); or blank
/// for none (a blank entry of a list of links is dropped). `Option<WebAddressOrBlank>` also
/// takes null.
pub struct WebAddressOrBlank;

impl WebAddressOrBlank {
    pub const PATTERN: &str = r"^\s*(https?://[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(/\S*)?)?\s*$";
}

impl utoipa::PartialSchema for WebAddressOrBlank {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::Type::String)
            .pattern(Some(Self::PATTERN))
            .examples([serde_json::json!("https://www.nafai.go.th")])
            .into()
    }
}

impl utoipa::ToSchema for WebAddressOrBlank {}

pub(crate) fn is_web_address(text: &str) -> bool {
    url::Url::parse(text)
        .map(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> AgencyInput {
        AgencyInput {
            code: "5360101".into(),
            name_th: "องค์การบริหารส่วนตำบลบ้านเขว้า".into(),
            name_en: None,
            agency_type: "sao".into(),
            province: "ชัยภูมิ".into(),
            district: Some("บ้านเขว้า".into()),
            website: Some("https://www.bankhwao.go.th".into()),
        }
    }

    #[test]
    fn a_real_province_and_district_are_stored_as_codes() {
        let fields = validate(&good()).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            fields.province_code,
            openita_geography::province("ชัยภูมิ")
                .map(|p| p.code.to_string())
                .unwrap_or_default()
        );
        assert!(fields.district_code.is_some());
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let bad = AgencyInput {
            code: "no spaces allowed".into(),
            name_th: " ".into(),
            agency_type: "village".into(),
            province: "Atlantis".into(),
            website: Some("ftp://example.org".into()),
            ..good()
        };
        let fields: Vec<String> = validate(&bad)
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["code", "name_th", "type", "province", "website"]);
    }

    #[test]
    fn a_district_of_another_province_is_refused() {
        let bad = AgencyInput {
            district: Some("เมืองกระบี่".into()),
            ..good()
        };
        let errors = validate(&bad).err().unwrap_or_default();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "district");
    }
}
