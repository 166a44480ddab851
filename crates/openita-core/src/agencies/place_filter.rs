//! Province, district and agency type as people give them in a filter (a Thai or English
//! name, or a code), checked the same way for every list that filters agencies: the agency
//! list, and the results list, summary and portal. An unknown value is refused with its field
//! named (422), never ignored: a misspelt district that filtered nothing would show the whole
//! province as if it were that district. A district is looked up within its province, so one
//! given without a province is not used.

use crate::CoreError;
use openita_types::AgencyType;

/// The codes a filter names; `None` where it names nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PlaceFilter {
    pub province_code: Option<String>,
    pub district_code: Option<String>,
    pub agency_type: Option<String>,
}

/// Blank is no filter.
pub(crate) fn given(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

/// Checks a filter's province, district and type.
pub(crate) fn place_filter(
    province: Option<&str>,
    district: Option<&str>,
    agency_type: Option<&str>,
) -> Result<PlaceFilter, CoreError> {
    let mut filter = PlaceFilter::default();
    if let Some(p) = given(province) {
        let province = known_province(p)?;
        filter.province_code = Some(province.code.to_string());
        if let Some(d) = given(district) {
            let district = openita_geography::district(&province.code, d).ok_or_else(|| {
                let d = shown(d);
                CoreError::invalid(
                    "district",
                    format!("ไม่พบอำเภอ \"{d}\" ในจังหวัด{}", province.name_th),
                    format!("No district \"{d}\" in {} province.", province.name_en),
                )
            })?;
            filter.district_code = Some(district.code.to_string());
        }
    }
    if let Some(t) = given(agency_type) {
        let t: AgencyType = t.parse().map_err(|_| {
            let t = shown(t);
            CoreError::invalid(
                "type",
                format!("ไม่รู้จักประเภทหน่วยงาน \"{t}\""),
                format!("Unknown agency type \"{t}\"."),
            )
        })?;
        filter.agency_type = Some(t.code().to_string());
    }
    Ok(filter)
}

/// The province a filter names (Thai or English name, or code), or a refusal naming the field.
fn known_province(p: &str) -> Result<&'static openita_geography::Province, CoreError> {
    openita_geography::province(p).ok_or_else(|| {
        let p = shown(p);
        CoreError::invalid(
            "province",
            format!("ไม่พบจังหวัด \"{p}\""),
            format!("No province called \"{p}\"."),
        )
    })
}

/// A value as echoed in a refusal: at most 60 characters, so a pasted page or an attacker's
/// long string is not sent back whole.
fn shown(value: &str) -> String {
    const MAX: usize = 60;
    match value.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &value[..cut]),
        None => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_codes_are_found_and_unknown_values_refused_briefly() {
        let f = place_filter(Some(" ชัยภูมิ "), Some("เมืองชัยภูมิ"), Some("sao")).ok();
        assert_eq!(
            f.map(|f| (
                f.province_code.is_some(),
                f.district_code.is_some(),
                f.agency_type
            )),
            Some((true, true, Some("sao".to_string())))
        );
        assert_eq!(
            place_filter(Some(""), Some("x"), None).ok(),
            Some(PlaceFilter::default())
        );
        let long = "ก".repeat(5000);
        let refused = place_filter(Some("36"), Some(&long), None)
            .err()
            .map(|e| format!("{e:?}"))
            .unwrap_or_default();
        assert!(
            refused.contains("district") && refused.contains('…'),
            "{refused}"
        );
        assert!(refused.chars().count() < 1000, "{refused}");
    }
}
