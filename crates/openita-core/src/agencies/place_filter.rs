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
        CoreError::invalid(
            "province",
            format!("ไม่พบจังหวัด \"{p}\""),
            format!("No province called \"{p}\"."),
        )
    })
}
