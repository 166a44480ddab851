//! The filters of the results list, the summary and the portal (province, district, agency
//! type, search), checked and turned into the agency list's filter once, for the database and
//! for the in-memory result set alike.

use crate::CoreError;
use openita_db::queries::agencies::AgencyFilter;
use openita_types::AgencyType;

/// Filters of the list and the summary.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ResultFilter {
    pub province: Option<String>,
    #[serde(rename = "type")]
    pub agency_type: Option<String>,
    pub district: Option<String>,
    pub q: Option<String>,
}

/// A filter checked and in codes: what the agency list's query compares. Equal keys pick the
/// same agencies, so a result set keeps the summaries it made under this key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub(crate) struct FilterKey {
    pub province_code: Option<String>,
    pub district_code: Option<String>,
    pub agency_type: Option<String>,
    /// The search text as given (the query trims it and drops `%` and `_`).
    pub search: Option<String>,
}

impl FilterKey {
    /// No filter at all: every result of the cycle.
    pub fn is_everything(&self) -> bool {
        *self == FilterKey::default()
    }

    /// The same filter for the agency list's query.
    pub fn agency_filter(&self) -> AgencyFilter {
        AgencyFilter {
            province_code: self.province_code.clone(),
            district_code: self.district_code.clone(),
            agency_type: self.agency_type.clone(),
            search: self.search.clone(),
            ..Default::default()
        }
    }

    /// Whether an agency with these codes passes the province, district and type filters
    /// (the query's `=` on the same codes; the search is left to the query).
    pub fn admits(
        &self,
        province_code: &str,
        district_code: Option<&str>,
        agency_type: &str,
    ) -> bool {
        self.province_code
            .as_deref()
            .is_none_or(|p| p == province_code)
            && self
                .district_code
                .as_deref()
                .is_none_or(|d| district_code == Some(d))
            && self.agency_type.as_deref().is_none_or(|t| t == agency_type)
    }
}

/// Checks a filter: an unknown province or agency type is refused with the field named; an
/// unknown district, or one without a province, filters nothing (as the list always did).
pub(crate) fn filter_key(filter: &ResultFilter) -> Result<FilterKey, CoreError> {
    let mut key = FilterKey {
        search: filter
            .q
            .as_deref()
            .filter(|q| !q.trim().is_empty())
            .map(str::to_string),
        ..Default::default()
    };
    if let Some(p) = filter.province.as_deref().filter(|p| !p.is_empty()) {
        let province = crate::agencies::list::known_province(p)?;
        key.province_code = Some(province.code.clone());
        if let Some(d) = filter.district.as_deref().filter(|d| !d.is_empty()) {
            key.district_code =
                openita_geography::district(&province.code, d).map(|d| d.code.clone());
        }
    }
    if let Some(t) = filter.agency_type.as_deref().filter(|t| !t.is_empty()) {
        let t: AgencyType = t.parse().map_err(|_| {
            CoreError::invalid(
                "type",
                format!("ไม่รู้จักประเภท \"{t}\""),
                format!("Unknown agency type \"{t}\"."),
            )
        })?;
        key.agency_type = Some(t.code().to_string());
    }
    Ok(key)
}
