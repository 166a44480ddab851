//! How results spread: the summary of each province (or, within one province, of each
//! district) and the count of agencies at each level, for the public portal. Same visibility
//! rule and filters as the list.

use super::{read::ResultRow, result_set::SetEntry};
use openita_framework::Framework;
use openita_scoring::{ResultDigest, Summary};
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

/// How the chosen results spread. `province_code`: the filter's province, whose districts
/// are then the groups (else the provinces are).
pub(crate) fn distribution_of(
    fw: &Framework,
    province_code: Option<&str>,
    all: &[&SetEntry],
) -> Distribution {
    let by_district = province_code.is_some();
    let mut members: BTreeMap<String, Vec<&ResultDigest>> = BTreeMap::new();
    for SetEntry {
        row: ResultRow { agency, .. },
        digest: score,
        ..
    } in all.iter().copied()
    {
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
    let mut groups: Vec<GroupSummary> = members
        .into_iter()
        .map(|(name_th, scores)| {
            let name_en = match province_code {
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
    for e in all {
        if let Some(slot) = levels
            .iter_mut()
            .find(|(name, _)| *name == e.row.fields.level)
        {
            slot.1 += 1;
        }
    }
    Distribution {
        grouped_by: if by_district { "district" } else { "province" },
        groups,
        levels,
    }
}
