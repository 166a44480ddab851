//! [`ResultDigest`]: what area summaries need of one result, kept beside the full breakdown.
//!
//! A province's or the nation's summary needs, per agency, only its type, its exact total,
//! whether it passed and its indicators' exact scores: ~500 bytes of JSON, where the whole
//! breakdown is ~22 KB. Reading 8,317 breakdowns to show one agency its national mean took
//! ~3.5 s (docs/benchmarks.md); the digests are stored with each result instead.

use crate::exact::Score;
use crate::result::AgencyScore;
use openita_types::AgencyType;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultDigest {
    pub agency_type: AgencyType,
    /// The exact total.
    pub total: Score,
    pub pass: bool,
    /// Each indicator's counted score by number; indicators left out of their instrument's
    /// mean are absent.
    pub indicators: BTreeMap<u16, Score>,
}

impl AgencyScore {
    /// The parts of this result that area summaries use.
    pub fn digest(&self) -> ResultDigest {
        ResultDigest {
            agency_type: self.agency_type,
            total: self.total.clone(),
            pass: self.pass,
            indicators: self
                .indicators()
                .filter_map(|i| i.score.clone().map(|s| (i.number, s)))
                .collect(),
        }
    }
}

/// A result that can be summarised: a full [`AgencyScore`] or its [`ResultDigest`].
pub trait Summarised {
    fn agency_type(&self) -> AgencyType;
    fn total(&self) -> &Score;
    fn passed(&self) -> bool;
    /// (indicator number, counted score) of the indicators that count.
    fn counted_indicators(&self) -> impl Iterator<Item = (u16, &Score)>;
}

impl Summarised for AgencyScore {
    fn agency_type(&self) -> AgencyType {
        self.agency_type
    }
    fn total(&self) -> &Score {
        &self.total
    }
    fn passed(&self) -> bool {
        self.pass
    }
    fn counted_indicators(&self) -> impl Iterator<Item = (u16, &Score)> {
        self.indicators()
            .filter_map(|i| i.score.as_ref().map(|s| (i.number, s)))
    }
}

impl Summarised for ResultDigest {
    fn agency_type(&self) -> AgencyType {
        self.agency_type
    }
    fn total(&self) -> &Score {
        &self.total
    }
    fn passed(&self) -> bool {
        self.pass
    }
    fn counted_indicators(&self) -> impl Iterator<Item = (u16, &Score)> {
        self.indicators.iter().map(|(n, s)| (*n, s))
    }
}
