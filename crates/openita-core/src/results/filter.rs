//! The filters of the results list, the summary and the portal (province, district, agency
//! type, search), checked and turned into the agency list's filter once, for the database and
//! for the in-memory result set alike.

use crate::CoreError;
use crate::agencies::{given, place_filter};
use openita_db::queries::agencies::AgencyFilter;

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

/// Checks a filter (`agencies::place_filter`: an unknown province, district or agency type is
/// refused with the field named, as in the agency list).
pub(crate) fn filter_key(filter: &ResultFilter) -> Result<FilterKey, CoreError> {
    let place = place_filter(
        filter.province.as_deref(),
        filter.district.as_deref(),
        filter.agency_type.as_deref(),
    )?;
    Ok(FilterKey {
        province_code: place.province_code,
        district_code: place.district_code,
        agency_type: place.agency_type,
        search: given(filter.q.as_deref()).map(str::to_string),
    })
}
