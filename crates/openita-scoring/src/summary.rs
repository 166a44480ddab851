//! Area aggregates (province, district, nation): ITA-FRAMEWORK.md §3, "Province/district
//! aggregates", and `GET /api/v1/cycles/{year}/summary` (API.md).
//!
//! Means are taken over the *exact* totals and rounded once at the end (rounding each agency
//! first would shift a province's mean by up to 0.005); the pass rate is
//! `passed x 100 / agencies` rounded to 2 decimals, half away from zero.

use crate::exact::Score;
use crate::result::AgencyScore;
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
    agencies: u64,
    passed: u64,
    sum: Option<Score>,
}

impl Acc {
    fn add(&mut self, result: &AgencyScore) {
        self.agencies += 1;
        self.passed += u64::from(result.pass);
        self.sum = Some(match self.sum.take() {
            Some(s) => &s + &result.total,
            None => result.total.clone(),
        });
    }

    fn mean_exact(&self) -> Option<Score> {
        let n = Score::ratio(BigInt::from(self.agencies), BigInt::from(1))?;
        self.sum.as_ref()?.divided_by(&n)
    }

    fn pass_rate(&self) -> Option<Decimal2> {
        Score::ratio(BigInt::from(self.passed) * 100, BigInt::from(self.agencies))
            .map(|r| r.rounded())
    }
}

/// Aggregates these results (typically one province's or district's in one cycle).
pub fn summary<'a>(results: impl IntoIterator<Item = &'a AgencyScore>) -> Summary {
    let mut all = Acc::default();
    let mut by_type: BTreeMap<usize, (AgencyType, Acc)> = BTreeMap::new();
    let mut indicators: BTreeMap<u16, (Score, u64)> = BTreeMap::new();
    for result in results {
        all.add(result);
        let rank = AgencyType::ALL
            .iter()
            .position(|t| *t == result.agency_type)
            .unwrap_or(usize::MAX);
        by_type
            .entry(rank)
            .or_insert_with(|| (result.agency_type, Acc::default()))
            .1
            .add(result);
        for indicator in result.indicators() {
            if let Some(score) = &indicator.score {
                let entry = indicators
                    .entry(indicator.number)
                    .or_insert_with(|| (Score::zero(), 0));
                entry.0 = &entry.0 + score;
                entry.1 += 1;
            }
        }
    }
    let mean_exact = all.mean_exact();
    Summary {
        agencies: all.agencies,
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
                    agencies: acc.agencies,
                    mean: mean_exact.as_ref().map(Score::rounded),
                    passed: acc.passed,
                    pass_rate: acc.pass_rate(),
                    mean_exact,
                }
            })
            .collect(),
        indicators: indicators
            .into_iter()
            .filter_map(|(number, (sum, n))| {
                let n = Score::ratio(BigInt::from(n), BigInt::from(1))?;
                Some((number, sum.divided_by(&n)?.rounded()))
            })
            .collect(),
    }
}
