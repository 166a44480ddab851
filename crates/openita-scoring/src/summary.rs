//! Area aggregates (province, district, nation): ITA-FRAMEWORK.md §3, "Province/district
//! aggregates", and `GET /api/v1/cycles/{year}/summary` (API.md).
//!
//! Means are taken over the *exact* totals and rounded once at the end (rounding each agency
//! first would shift a province's mean by up to 0.005); the pass rate is
//! `passed x 100 / agencies` rounded to 2 decimals, half away from zero.

use crate::digest::Summarised;
use crate::exact::{ExactSum, Score};
use crate::rounding::Decimal2;
use num_bigint::BigInt;
use openita_types::AgencyType;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Aggregates of a set of results. `mean` and `pass_rate` are `null` for no agencies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub agencies: u64,
    /// Mean of the exact totals, rounded.
    pub mean: Option<Decimal2>,
    /// Mean of the exact totals.
    pub mean_exact: Option<Score>,
    pub passed: u64,
    /// Percent of agencies that passed, 2 decimals.
    pub pass_rate: Option<Decimal2>,
    /// One entry per agency type present, in [`AgencyType::ALL`] order.
    pub by_type: Vec<TypeSummary>,
    /// Mean score per indicator number (JSON keys `"1"` ... `"10"`), over the agencies in which
    /// the indicator counts (an instrument scored 0 counts its indicators as 0).
    pub indicators: BTreeMap<u16, Decimal2>,
}

/// The same figures for one agency type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TypeSummary {
    #[serde(rename = "type")]
    pub agency_type: AgencyType,
    pub agencies: u64,
    pub mean: Option<Decimal2>,
    pub mean_exact: Option<Score>,
    pub passed: u64,
    pub pass_rate: Option<Decimal2>,
}

#[derive(Default)]
struct Acc {
    passed: u64,
    totals: ExactSum,
}

impl Acc {
    fn add(&mut self, result: &impl Summarised) {
        self.passed += u64::from(result.passed());
        self.totals.add(result.total());
    }

    fn agencies(&self) -> u64 {
        self.totals.terms()
    }

    fn mean_exact(&self) -> Option<Score> {
        self.totals.mean()
    }

    fn pass_rate(&self) -> Option<Decimal2> {
        Score::ratio(
            BigInt::from(self.passed) * 100,
            BigInt::from(self.agencies()),
        )
        .map(|r| r.rounded())
    }
}

/// Aggregates these results (typically one province's or district's in one cycle): full
/// [`crate::AgencyScore`]s or their [`crate::ResultDigest`]s, the same figures either way.
pub fn summary<'a, R: Summarised + 'a>(results: impl IntoIterator<Item = &'a R>) -> Summary {
    let mut all = Acc::default();
    let mut by_type: BTreeMap<usize, (AgencyType, Acc)> = BTreeMap::new();
    let mut indicators: BTreeMap<u16, ExactSum> = BTreeMap::new();
    for result in results {
        all.add(result);
        let agency_type = result.agency_type();
        let rank = AgencyType::ALL
            .iter()
            .position(|t| *t == agency_type)
            .unwrap_or(usize::MAX);
        by_type
            .entry(rank)
            .or_insert_with(|| (agency_type, Acc::default()))
            .1
            .add(result);
        for (number, score) in result.counted_indicators() {
            indicators.entry(number).or_default().add(score);
        }
    }
    let mean_exact = all.mean_exact();
    Summary {
        agencies: all.agencies(),
        mean: mean_exact.as_ref().map(Score::rounded),
        passed: all.passed,
        pass_rate: all.pass_rate(),
        mean_exact,
        by_type: by_type
            .into_values()
            .map(|(agency_type, acc)| {
                let mean_exact = acc.mean_exact();
                TypeSummary {
                    agency_type,
                    agencies: acc.agencies(),
                    mean: mean_exact.as_ref().map(Score::rounded),
                    passed: acc.passed,
                    pass_rate: acc.pass_rate(),
                    mean_exact,
                }
            })
            .collect(),
        indicators: indicators
            .into_iter()
            .filter_map(|(number, sum)| Some((number, sum.mean()?.rounded())))
            .collect(),
    }
}
