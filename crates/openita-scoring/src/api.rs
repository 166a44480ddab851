//! The result fields of the API contract (API.md, "Results").

use crate::flags::Flag;
use crate::result::Responses;
use crate::rounding::Decimal2;
use openita_framework::PerInstrument;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A row of `GET /api/v1/cycles/{year}/results` without its `agency` (which the caller knows):
///
/// ```json
/// {"total": 93.82, "level": "A", "tier": "pass_good", "pass": true,
///  "instruments": {"IIT": 95.1, "EIT": 90.0, "OIT": 95.0},
///  "indicators": {"1": 96.67, ..., "10": 100.0},
///  "responses": {"iit": 120, "eit": 310}, "flags": ["oit_not_final"]}
/// ```
///
/// Numbers are rounded to 2 decimals (half away from zero, from the exact value). An
/// indicator is `null` only when none of its questions got an answer in an instrument that
/// otherwise counts (flag `indicator_without_answers`); indicators of an instrument that scores
/// 0 are 0.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultFields {
    pub total: Decimal2,
    pub level: String,
    pub tier: String,
    pub pass: bool,
    pub instruments: PerInstrument<Decimal2>,
    /// Keyed by indicator number; JSON keys `"1"` ... `"10"`, in numeric order.
    pub indicators: BTreeMap<u16, Option<Decimal2>>,
    pub responses: Responses,
    pub flags: Vec<Flag>,
}
