//! The coordinators' drive: what a province or district office (and the NACC, for the nation)
//! needs to chase its agencies through a cycle.
//!
//! - [`snapshot`]: every agency of a cycle with its phase, what is missing and its predicted
//!   score, computed for the whole cycle at once and kept for a short while (`as_of`), so
//!   a province's dashboard and the national view are reads of memory, not of the database.
//! - [`prediction`]: the score an agency would get if the cycle closed now.
//! - [`area`]: one province's (or district's) dashboard, filtered and counted.
//! - [`national`]: every province ranked, for the NACC.
//! - [`targets`]: a province's targets for the year against the prediction and the outcome.
//!
//! Who may see which area is the visibility rule (`crate::visibility`).

pub mod area;
mod facts;
pub mod national;
pub mod prediction;
pub mod snapshot;
pub mod targets;

pub use area::{AreaDashboard, AreaQuery, AreaSummary, AreaTargetsView, area_dashboard};
pub use facts::{
    AgencyOnDashboard, AgencyRef, Contact, HeadcountFacts, Missing, OitFacts, Predicted,
    SurveyFacts,
};
pub use national::{NationalRow, national_view, pass_mark};
pub use snapshot::SnapshotCache;
pub use targets::{AreaTargets, TargetInput, set_targets};

use crate::CoreError;

/// The province of a `{province}` path segment: a code ("36") or a name ("ชัยภูมิ").
pub fn province_of(text: &str) -> Result<&'static openita_geography::Province, CoreError> {
    openita_geography::province(text.trim()).ok_or_else(|| {
        CoreError::not_found(
            format!("ไม่พบจังหวัด \"{text}\""),
            format!("No province called \"{text}\"."),
        )
    })
}

/// A district of that province, by code or name.
pub fn district_of(
    province: &openita_geography::Province,
    text: &str,
) -> Result<&'static openita_geography::District, CoreError> {
    openita_geography::district(&province.code, text.trim()).ok_or_else(|| {
        CoreError::invalid(
            "district",
            format!("ไม่พบอำเภอ \"{text}\" ในจังหวัด{}", province.name_th),
            format!("No district \"{text}\" in {} province.", province.name_en),
        )
    })
}
