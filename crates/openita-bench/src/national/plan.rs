//! The national dataset's agencies, decided before anything touches the database: which type,
//! where (a real district of the shipped geography), how many staff, how many IIT and EIT
//! responses, and how well each one will do. Pure and deterministic for a seed, so two runs
//! measure the same data.

use openita_core::agencies::AgencyInput;
use openita_types::AgencyType;
use rand::{Rng, SeedableRng, rngs::StdRng};

/// 2568's number of assessed agencies (ITA-FRAMEWORK.md §7).
pub const AGENCIES: usize = 8_317;
/// "Over 1.35 million" responses in 2568.
pub const RESPONSES: u64 = 1_350_000;

/// Agencies per type. Local organisations follow Thailand's real counts (76 PAOs, 30 city,
/// 195 town and 2,247 subdistrict municipalities, 5,296 SAOs: about the 7,850 of §7); the
/// rest are central departments (in Bangkok) and one other agency per province.
pub const MIX: [(AgencyType, usize); 8] = [
    (AgencyType::ProvinceOffice, 76),
    (AgencyType::Pao, 76),
    (AgencyType::CityMunicipality, 30),
    (AgencyType::TownMunicipality, 195),
    (AgencyType::SubdistrictMunicipality, 2_247),
    (AgencyType::Sao, 5_296),
    (AgencyType::Department, 320),
    (AgencyType::Other, 77),
];

/// One planned agency.
#[derive(Debug, Clone)]
pub struct Planned {
    pub input: AgencyInput,
    pub headcount: u32,
    /// About 1 % of executives have not approved their headcount (flag `headcount_missing`).
    pub headcount_approved: bool,
    pub iit: u32,
    pub eit: u32,
    /// Chance of the best answer to a survey question (the rest spread over worse levels).
    pub quality: f64,
    /// Chance that an OIT item scores 100.
    pub oit_pass: f64,
}

pub(super) fn count(t: AgencyType) -> usize {
    MIX.iter().find(|(m, _)| *m == t).map_or(0, |m| m.1)
}

/// Staff range (log-uniform) by type.
fn staff_range(t: AgencyType) -> (f64, f64) {
    match t {
        AgencyType::ProvinceOffice => (80.0, 400.0),
        AgencyType::Pao => (150.0, 900.0),
        AgencyType::CityMunicipality => (400.0, 2_500.0),
        AgencyType::TownMunicipality => (100.0, 600.0),
        AgencyType::SubdistrictMunicipality => (25.0, 150.0),
        AgencyType::Sao => (15.0, 90.0),
        AgencyType::Department => (150.0, 6_000.0),
        AgencyType::Other => (30.0, 800.0),
    }
}

fn log_uniform(rng: &mut StdRng, (lo, hi): (f64, f64)) -> f64 {
    lo * (hi / lo).powf(rng.r#gen::<f64>())
}

/// The whole plan: exactly [`AGENCIES`] agencies and [`RESPONSES`] responses.
pub fn plan(seed: u64) -> anyhow::Result<Vec<Planned>> {
    let mut rng = StdRng::seed_from_u64(seed);
    let places = super::places::places(&mut rng);
    anyhow::ensure!(
        places.len() == AGENCIES,
        "planned {} agencies, not {AGENCIES}: the geography changed?",
        places.len()
    );
    let mut out = Vec::with_capacity(AGENCIES);
    let mut eit_weights = Vec::with_capacity(AGENCIES);
    for (i, (t, mut input)) in places.into_iter().enumerate() {
        input.code = format!("N{:05}", i + 1);
        let headcount = log_uniform(&mut rng, staff_range(t)).round() as u32;
        // Participation from 15 % (short of the 30 % minimum) to 95 %; a few agencies get no
        // IIT or no EIT response at all (flag `no_responses`).
        let iit = if rng.gen_bool(0.002) {
            0
        } else {
            (f64::from(headcount) * rng.gen_range(0.15..0.95)).round() as u32
        };
        let eit_min = match t {
            AgencyType::ProvinceOffice | AgencyType::Department => 100.0,
            AgencyType::Pao | AgencyType::CityMunicipality => 50.0,
            AgencyType::TownMunicipality => 40.0,
            _ => 30.0,
        };
        eit_weights.push(if rng.gen_bool(0.003) {
            0.0
        } else {
            log_uniform(&mut rng, (eit_min * 0.5, eit_min * 4.0))
        });
        // Most agencies answer well (2568's national mean was 93.82); about 6 % are weak.
        let weak = rng.gen_bool(0.06);
        let quality = if weak {
            rng.gen_range(0.3..0.8)
        } else {
            1.0 - 0.28 * rng.r#gen::<f64>().powf(1.5)
        };
        let oit_pass = if rng.gen_bool(0.06) {
            rng.gen_range(0.4..0.85)
        } else {
            rng.gen_range(0.92..1.0)
        };
        out.push(Planned {
            input,
            headcount,
            headcount_approved: !rng.gen_bool(0.01),
            iit,
            eit: 0,
            quality,
            oit_pass,
        });
    }
    // EIT takes what IIT leaves of the national total, spread by the weights, to the unit.
    let iit_total: u64 = out.iter().map(|a| u64::from(a.iit)).sum();
    let eit_total = RESPONSES
        .checked_sub(iit_total)
        .ok_or_else(|| anyhow::anyhow!("IIT alone exceeds {RESPONSES}"))?;
    let weight_sum: f64 = eit_weights.iter().sum();
    let mut given = 0u64;
    for (a, w) in out.iter_mut().zip(&eit_weights) {
        a.eit = (w / weight_sum * eit_total as f64).floor() as u32;
        given += u64::from(a.eit);
    }
    let mut left = eit_total - given;
    while left > 0 {
        let i = rng.gen_range(0..out.len());
        if let (Some(a), Some(w)) = (out.get_mut(i), eit_weights.get(i))
            && *w > 0.0
        {
            a.eit += 1;
            left -= 1;
        }
    }
    Ok(out)
}
