//! Where each of the nation's agencies is and what it is called: real provinces, districts
//! and subdistricts of the shipped geography, with Thailand's layout of local government
//! (a provincial hall and a PAO per province outside Bangkok, city municipalities in the
//! largest provinces, town municipalities in capital districts and elsewhere, one SAO or
//! subdistrict municipality per subdistrict, central departments in Bangkok).

use super::plan::{AGENCIES, count};
use openita_core::agencies::AgencyInput;
use openita_geography::{District, Province, Subdistrict};
use openita_types::AgencyType;
use rand::{Rng, rngs::StdRng, seq::SliceRandom};
use std::collections::HashMap;

const BANGKOK: &str = "10";

fn local(
    name_th: String,
    name_en: String,
    t: AgencyType,
    district: &District,
) -> (AgencyType, AgencyInput) {
    let input = AgencyInput {
        name_th,
        name_en: Some(name_en),
        agency_type: t.code().into(),
        province: district.province_code.clone(),
        district: Some(district.code.clone()),
        ..AgencyInput::default()
    };
    (t, input)
}

/// The province's capital district (DOPA code `XX01`, อำเภอเมือง), or its first one.
fn capital(p: &Province) -> Option<&'static District> {
    openita_geography::districts_of(&p.code).first()
}

/// Where every agency is and what it is called.
pub(super) fn places(rng: &mut StdRng) -> Vec<(AgencyType, AgencyInput)> {
    let provinces: Vec<&Province> = openita_geography::provinces().iter().collect();
    let outside: Vec<&Province> = provinces
        .iter()
        .copied()
        .filter(|p| p.code != BANGKOK)
        .collect();
    let subs = |d: &District| openita_geography::subdistricts_of(&d.code).len().max(1);
    let mut out = Vec::with_capacity(AGENCIES);
    for p in &outside {
        let Some(d) = capital(p) else { continue };
        let (th, en) = (&p.name_th, &p.name_en);
        out.push(local(
            format!("ศาลากลางจังหวัด{th}"),
            format!("{en} Provincial Hall"),
            AgencyType::ProvinceOffice,
            d,
        ));
        out.push(local(
            format!("องค์การบริหารส่วนจังหวัด{th}"),
            format!("{en} PAO"),
            AgencyType::Pao,
            d,
        ));
    }
    // City municipalities in the 30 provinces with the most subdistricts.
    let mut by_size: Vec<(&Province, usize)> = outside
        .iter()
        .map(|p| {
            (
                *p,
                openita_geography::districts_of(&p.code)
                    .iter()
                    .map(subs)
                    .sum(),
            )
        })
        .collect();
    by_size.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.code.cmp(&b.0.code)));
    for (p, _) in by_size.iter().take(count(AgencyType::CityMunicipality)) {
        if let Some(d) = capital(p) {
            out.push(local(
                format!("เทศบาลนคร{}", p.name_th),
                format!("{} City Municipality", p.name_en),
                AgencyType::CityMunicipality,
                d,
            ));
        }
    }
    // Town municipalities: one in every capital district, the rest in districts weighted by
    // their number of subdistricts.
    let districts: Vec<&District> = outside
        .iter()
        .flat_map(|p| openita_geography::districts_of(&p.code))
        .collect();
    let mut towns: Vec<&District> = outside.iter().filter_map(|p| capital(p)).collect();
    while towns.len() < count(AgencyType::TownMunicipality) && !districts.is_empty() {
        let total: usize = districts.iter().map(|d| subs(d)).sum();
        let mut pick = rng.gen_range(0..total);
        for d in &districts {
            if pick < subs(d) {
                towns.push(*d);
                break;
            }
            pick -= subs(d);
        }
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    for d in towns {
        let n = seen
            .entry(d.code.clone())
            .and_modify(|n| *n += 1)
            .or_insert(1);
        let suffix = if *n > 1 {
            format!(" {n}")
        } else {
            String::new()
        };
        out.push(local(
            format!("เทศบาลเมือง{}{suffix}", d.name_th),
            format!("{} Town Municipality{suffix}", d.name_en),
            AgencyType::TownMunicipality,
            d,
        ));
    }
    // SAOs and subdistrict municipalities: one per subdistrict outside Bangkok in random order
    // (SAOs first), going round again if there are more organisations than subdistricts.
    let mut tambons: Vec<&Subdistrict> = openita_geography::subdistricts()
        .iter()
        .filter(|s| !s.district_code.starts_with(BANGKOK))
        .collect();
    tambons.shuffle(rng);
    let district_by_code: HashMap<&str, &District> = openita_geography::districts()
        .iter()
        .map(|d| (d.code.as_str(), d))
        .collect();
    let saos = count(AgencyType::Sao);
    for i in 0..saos + count(AgencyType::SubdistrictMunicipality) {
        let Some(s) = tambons.get(i % tambons.len().max(1)) else {
            break;
        };
        let Some(d) = district_by_code.get(s.district_code.as_str()).copied() else {
            continue;
        };
        out.push(if i < saos {
            local(
                format!("องค์การบริหารส่วนตำบล{}", s.name_th),
                format!("{} SAO", s.name_en),
                AgencyType::Sao,
                d,
            )
        } else {
            local(
                format!("เทศบาลตำบล{}", s.name_th),
                format!("{} Subdistrict Municipality", s.name_en),
                AgencyType::SubdistrictMunicipality,
                d,
            )
        });
    }
    let bangkok = openita_geography::districts_of(BANGKOK);
    for n in 1..=count(AgencyType::Department) {
        if let Some(d) = bangkok.choose(rng) {
            out.push(local(
                format!("ส่วนราชการส่วนกลาง (ชุดทดสอบ) ลำดับที่ {n}"),
                format!("Central department {n} (benchmark)"),
                AgencyType::Department,
                d,
            ));
        }
    }
    for p in &provinces {
        let d = if p.code == BANGKOK {
            bangkok.choose(rng)
        } else {
            capital(p)
        };
        if let Some(d) = d {
            out.push(local(
                format!("หน่วยงานอื่นในจังหวัด{} (ชุดทดสอบ)", p.name_th),
                format!("Other agency in {} (benchmark)", p.name_en),
                AgencyType::Other,
                d,
            ));
        }
    }
    out
}
