//! How results spread: the summary of each province (or, within one province, of each
//! district) and the count of agencies at each level, for the public portal. Same visibility
//! rule and filters as the list.

use super::read::{ResultAgency, ResultFilter, digested};
use crate::{Actor, Core, CoreError, cycles};
use openita_scoring::{ResultDigest, ResultFields, Summary};
use serde::Serialize;
use std::collections::BTreeMap;

/// The group of a province's agencies that have no district (Thai, English).
const NO_DISTRICT: (&str, &str) = ("ระดับจังหวัด (ไม่สังกัดอำเภอ)", "Province level (no district)");

#[derive(Debug, Clone, Serialize)]
pub struct GroupSummary {
    pub name_th: String,
    pub name_en: String,
    pub summary: Summary,
}

#[derive(Debug, Clone, Serialize)]
pub struct Distribution {
    /// `province`, or `district` when the filter names a province.
    pub grouped_by: &'static str,
    /// Best mean first; ties by Thai name.
    pub groups: Vec<GroupSummary>,
    /// (level, agencies) in the framework's order, best level first; every level listed.
    pub levels: Vec<(String, u64)>,
}

/// The summary and the distribution from one read of the results (the portal shows both).
pub async fn results_overview(
    core: &Core,
    actor: Option<&Actor>,
    year: i64,
    filter: &ResultFilter,
) -> Result<(Summary, Distribution), CoreError> {
    let all = digested(core, actor, year, filter).await?;
    let summary = openita_scoring::summary(all.iter().map(|s| &s.2));
    let distribution = distribution_of(core, year, filter, &all).await?;
    Ok((summary, distribution))
}

async fn distribution_of(
    core: &Core,
    year: i64,
    filter: &ResultFilter,
    all: &[(ResultAgency, ResultFields, ResultDigest)],
) -> Result<Distribution, CoreError> {
    let cycle = cycles::get_cycle(core, year).await?;
    let fw = cycles::cached_framework(core, &cycle).await?;
    let by_district = filter.province.as_deref().is_some_and(|p| !p.is_empty());
    let mut members: BTreeMap<String, Vec<&ResultDigest>> = BTreeMap::new();
    for (agency, _, score) in all {
        let key = if by_district {
            // Provincial halls and PAOs belong to the province, not to a district.
            agency
                .district
                .clone()
                .unwrap_or_else(|| NO_DISTRICT.0.into())
        } else {
            agency.province.clone()
        };
        members.entry(key).or_default().push(score);
    }
    let province_code = filter
        .province
        .as_deref()
        .and_then(openita_geography::province)
        .map(|p| p.code.clone());
    let mut groups: Vec<GroupSummary> = members
        .into_iter()
        .map(|(name_th, scores)| {
            let name_en = match &province_code {
                _ if name_th == NO_DISTRICT.0 => Some(NO_DISTRICT.1.to_string()),
                Some(p) if by_district => {
                    openita_geography::district(p, &name_th).map(|d| d.name_en.clone())
                }
                _ => openita_geography::province(&name_th).map(|p| p.name_en.clone()),
            }
            .unwrap_or_else(|| name_th.clone());
            GroupSummary {
                name_th,
                name_en,
                summary: openita_scoring::summary(scores),
            }
        })
        .collect();
    groups.sort_by(|a, b| {
        b.summary
            .mean_exact
            .cmp(&a.summary.mean_exact)
            .then_with(|| openita_types::thai_order::thai_cmp(&a.name_th, &b.name_th))
    });
    let mut levels: Vec<(String, u64)> = fw.levels.iter().map(|l| (l.name.clone(), 0)).collect();
    for (_, fields, _) in all {
        if let Some(slot) = levels.iter_mut().find(|(name, _)| *name == fields.level) {
            slot.1 += 1;
        }
    }
    Ok(Distribution {
        grouped_by: if by_district { "district" } else { "province" },
        groups,
        levels,
    })
}
