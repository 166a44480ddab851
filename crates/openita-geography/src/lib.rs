//! Thailand's administrative geography as reference data: the 77 provinces
//! (จังหวัด, กรุงเทพมหานคร among them), their 928 districts (อำเภอ, and Bangkok's
//! 50 เขต) and 7,436 subdistricts (ตำบล / แขวง), with the Department of Provincial
//! Administration (DOPA) codes — 2 digits for a province, 4 for a district, 6 for a
//! subdistrict — and Thai and English (RTGS) names.
//!
//! # Where the data comes from
//!
//! The CSV files in `data/` were converted by `data/convert.py` from the PyPI
//! package `geothai` 3.2.1, which ships the GeoThai/data release 2026.10.23
//! (© 2026 Pongsakorn Thipayanate, licensed CC BY 4.0; credit "GeoThai"). GeoThai
//! takes codes and names from DOPA (กรมการปกครอง) and postal codes from Thailand
//! Post and thailand-geography-json (MIT). The region of a province is not in the
//! source: it is the six-region geographic division, written by hand in
//! `data/convert.py`. See `data/SOURCE.md`.
//!
//! Names are stored bare, without the word for the level: "เมืองชัยภูมิ", not
//! "อำเภอเมืองชัยภูมิ"; "พระนคร", not "เขตพระนคร".
//!
//! The files are embedded in the binary and parsed once, on first use. Nothing is
//! read from disk or the network at run time.

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

/// The GeoThai/data release the embedded files were made from.
pub const DATA_VERSION: &str = "GeoThai/data 2026.10.23 (PyPI geothai 3.2.1)";

/// One of the six geographic regions (ภาค) of Thailand.
///
/// This is the division taught in schools and used by the Royal Institute (1977),
/// not an administrative level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Region {
    North,
    Northeast,
    Central,
    East,
    West,
    South,
}

impl Region {
    /// All regions, north to south.
    pub const ALL: [Region; 6] = [
        Region::North,
        Region::Northeast,
        Region::Central,
        Region::East,
        Region::West,
        Region::South,
    ];

    /// The code used in the data files and in JSON: `north`, `northeast`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            Region::North => "north",
            Region::Northeast => "northeast",
            Region::Central => "central",
            Region::East => "east",
            Region::West => "west",
            Region::South => "south",
        }
    }

    /// Thai name, e.g. "ภาคตะวันออกเฉียงเหนือ".
    pub fn name_th(self) -> &'static str {
        match self {
            Region::North => "ภาคเหนือ",
            Region::Northeast => "ภาคตะวันออกเฉียงเหนือ",
            Region::Central => "ภาคกลาง",
            Region::East => "ภาคตะวันออก",
            Region::West => "ภาคตะวันตก",
            Region::South => "ภาคใต้",
        }
    }

    /// English name, e.g. "Northeast".
    pub fn name_en(self) -> &'static str {
        match self {
            Region::North => "North",
            Region::Northeast => "Northeast",
            Region::Central => "Central",
            Region::East => "East",
            Region::West => "West",
            Region::South => "South",
        }
    }
}

/// A province (จังหวัด). Bangkok (กรุงเทพมหานคร, code "10") is one of the 77.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Province {
    /// DOPA code, two digits, e.g. "36".
    pub code: String,
    /// Thai name without "จังหวัด", e.g. "ชัยภูมิ".
    pub name_th: String,
    /// English name, e.g. "Chaiyaphum".
    pub name_en: String,
    /// Geographic region.
    pub region: Region,
}

/// A district: an อำเภอ, or a เขต of Bangkok.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct District {
    /// DOPA code, four digits, the first two being the province's, e.g. "3601".
    pub code: String,
    /// Code of the province it is in.
    pub province_code: String,
    /// Thai name without "อำเภอ" or "เขต", e.g. "เมืองชัยภูมิ".
    pub name_th: String,
    /// English name, e.g. "Mueang Chaiyaphum".
    pub name_en: String,
}

/// A subdistrict: a ตำบล, or a แขวง of Bangkok.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subdistrict {
    /// DOPA code, six digits, the first four being the district's, e.g. "360101".
    pub code: String,
    /// Code of the district it is in.
    pub district_code: String,
    /// Thai name without "ตำบล" or "แขวง".
    pub name_th: String,
    /// English name.
    pub name_en: String,
    /// Postal codes in use in the subdistrict; usually one, a few have two.
    pub postal_codes: Vec<String>,
}

#[derive(Deserialize)]
struct SubdistrictRow {
    code: String,
    district_code: String,
    name_th: String,
    name_en: String,
    postal_codes: String,
}

struct Data {
    provinces: Vec<Province>,
    districts: Vec<District>,
    subdistricts: Vec<Subdistrict>,
}

static DATA: LazyLock<Data> = LazyLock::new(|| {
    let mut provinces: Vec<Province> = parse(include_str!("../data/provinces.csv"));
    let mut districts: Vec<District> = parse(include_str!("../data/districts.csv"));
    let rows: Vec<SubdistrictRow> = parse(include_str!("../data/subdistricts.csv"));
    let mut subdistricts: Vec<Subdistrict> = rows
        .into_iter()
        .map(|r| Subdistrict {
            code: r.code,
            district_code: r.district_code,
            name_th: r.name_th,
            name_en: r.name_en,
            postal_codes: r
                .postal_codes
                .split_whitespace()
                .map(str::to_owned)
                .collect(),
        })
        .collect();
    // Sorted by code, children sort by parent code too, so the children of one
    // parent form one run that a binary search finds.
    provinces.sort_by(|a, b| a.code.cmp(&b.code));
    districts.sort_by(|a, b| (&a.province_code, &a.code).cmp(&(&b.province_code, &b.code)));
    subdistricts.sort_by(|a, b| (&a.district_code, &a.code).cmp(&(&b.district_code, &b.code)));
    Data {
        provinces,
        districts,
        subdistricts,
    }
});

#[expect(
    clippy::expect_used,
    reason = "the CSV files are embedded at compile time and checked by the crate's tests"
)]
fn parse<T: serde::de::DeserializeOwned>(text: &'static str) -> Vec<T> {
    csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .collect::<Result<Vec<T>, _>>()
        .expect("embedded geography CSV is valid")
}

/// All 77 provinces, sorted by code.
pub fn provinces() -> &'static [Province] {
    &DATA.provinces
}

/// All districts of the country, sorted by code.
pub fn districts() -> &'static [District] {
    &DATA.districts
}

/// All subdistricts of the country, sorted by code.
pub fn subdistricts() -> &'static [Subdistrict] {
    &DATA.subdistricts
}

/// Finds a province by its code ("36"), its Thai name with or without "จังหวัด"
/// or "จ." ("ชัยภูมิ", "จังหวัดชัยภูมิ"), or its English name in any case and
/// with or without spaces and hyphens ("Chaiyaphum", "lop buri", "Lopburi").
/// "กทม", "กรุงเทพ" and "กรุงเทพฯ" find Bangkok.
pub fn province(name_or_code: &str) -> Option<&'static Province> {
    let query = name_or_code.trim();
    let all = provinces();
    if let Some(p) = all.iter().find(|p| p.code == query) {
        return Some(p);
    }
    let key = key(query);
    if key.is_empty() {
        return None;
    }
    if matches!(
        key.as_str(),
        "กทม" | "กรุงเทพ" | "กรุงเทพฯ" | "bangkokmetropolis"
    ) {
        return all.iter().find(|p| p.code == "10");
    }
    let matches = |k: &str| {
        unique(
            all.iter()
                .filter(|p| k == self::key(&p.name_th) || k == self::key(&p.name_en)),
        )
    };
    matches(&key).or_else(|| {
        matches(&self::key(bare(
            query,
            &["จังหวัด", "จ.", "changwat"],
            &["province"],
        )))
    })
}

/// The districts of a province, sorted by code; empty for an unknown code.
///
/// Takes the province's code; use [`province`] first to go from a name.
pub fn districts_of(province_code: &str) -> &'static [District] {
    let all = districts();
    let code = province_code.trim();
    let start = all.partition_point(|d| d.province_code.as_str() < code);
    let end = all.partition_point(|d| d.province_code.as_str() <= code);
    &all[start..end]
}

/// Finds a district of a province by its code ("3601"), its Thai name with or
/// without "อำเภอ", "อ.", "กิ่งอำเภอ" or "เขต" ("เมืองชัยภูมิ", "อำเภอเมืองชัยภูมิ"),
/// or its English name in any case ("Mueang Chaiyaphum", "mueang-chaiyaphum").
/// "เมือง" / "Mueang" alone finds the capital district ("อ.เมือง" in ชัยภูมิ is
/// เมืองชัยภูมิ).
///
/// `province` is the province's code; a name that [`province`] understands works
/// too. A name shared by two districts of the province (in English only, as
/// พระนครศรีอยุธยา's บางไทร and บางซ้าย are both "Bang Sai") finds none.
pub fn district(province: &str, name_or_code: &str) -> Option<&'static District> {
    let province = self::province(province)?;
    let list = districts_of(&province.code);
    let query = name_or_code.trim();
    if let Some(d) = list.iter().find(|d| d.code == query) {
        return Some(d);
    }
    let key = key(query);
    if key.is_empty() {
        return None;
    }
    let matches = |k: &str| {
        unique(
            list.iter()
                .filter(|d| k == self::key(&d.name_th) || k == self::key(&d.name_en)),
        )
    };
    if let Some(d) = matches(&key) {
        return Some(d);
    }
    let stripped = self::key(bare(
        query,
        &["กิ่งอำเภอ", "อำเภอ", "เขต", "อ.", "amphoe", "khet"],
        &["district"],
    ));
    match stripped.as_str() {
        "เมือง" => list
            .iter()
            .find(|d| key_eq(&d.name_th, &format!("เมือง{}", province.name_th))),
        "mueang" | "muang" => list
            .iter()
            .find(|d| key_eq(&d.name_en, &format!("mueang{}", province.name_en))),
        _ => matches(&stripped),
    }
}

/// The subdistricts of a district, sorted by code; empty for an unknown code.
pub fn subdistricts_of(district_code: &str) -> &'static [Subdistrict] {
    let all = subdistricts();
    let code = district_code.trim();
    let start = all.partition_point(|s| s.district_code.as_str() < code);
    let end = all.partition_point(|s| s.district_code.as_str() <= code);
    &all[start..end]
}

/// Finds a subdistrict of a district by its code ("360101"), its Thai name with
/// or without "ตำบล", "ต." or "แขวง", or its English name in any case. A name
/// shared by two subdistricts of the district finds none.
pub fn subdistrict(district_code: &str, name_or_code: &str) -> Option<&'static Subdistrict> {
    let list = subdistricts_of(district_code);
    let query = name_or_code.trim();
    if let Some(s) = list.iter().find(|s| s.code == query) {
        return Some(s);
    }
    let key = key(query);
    if key.is_empty() {
        return None;
    }
    let matches = |k: &str| {
        unique(
            list.iter()
                .filter(|s| k == self::key(&s.name_th) || k == self::key(&s.name_en)),
        )
    };
    matches(&key).or_else(|| {
        matches(&self::key(bare(
            query,
            &["ตำบล", "แขวง", "ต.", "tambon", "khwaeng"],
            &["subdistrict"],
        )))
    })
}

/// A name or query in one form for comparing: lower case, without spaces, dots,
/// hyphens or apostrophes.
fn key(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '.' | '-' | '\'' | '’'))
        .flat_map(char::to_lowercase)
        .collect()
}

fn key_eq(name: &str, wanted: &str) -> bool {
    key(name) == key(wanted)
}

/// `query` without one leading word of `prefixes` and one trailing word of
/// `suffixes` (ASCII case ignored), as long as something is left.
fn bare<'a>(query: &'a str, prefixes: &[&str], suffixes: &[&str]) -> &'a str {
    let query = query.trim();
    let query = prefixes
        .iter()
        .find_map(|p| {
            let head = query.get(..p.len())?;
            let rest = query[p.len()..].trim_start();
            (head.eq_ignore_ascii_case(p) && !rest.is_empty()).then_some(rest)
        })
        .unwrap_or(query);
    suffixes
        .iter()
        .find_map(|s| {
            let cut = query.len().checked_sub(s.len())?;
            let tail = query.get(cut..)?;
            let rest = query[..cut].trim_end();
            (tail.eq_ignore_ascii_case(s) && !rest.is_empty()).then_some(rest)
        })
        .unwrap_or(query)
}

/// The one item of `items`, or `None` when there are none or several.
fn unique<T>(mut items: impl Iterator<Item = T>) -> Option<T> {
    let first = items.next()?;
    items.next().is_none().then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_drops_case_spaces_and_marks() {
        assert_eq!(key(" Ko Pha-ngan "), "kophangan");
        assert_eq!(key("อ. เมือง"), "อเมือง");
    }

    #[test]
    fn words_for_the_level_are_stripped_only_when_something_is_left() {
        assert_eq!(bare("อำเภอเมือง", &["อำเภอ"], &[]), "เมือง");
        assert_eq!(bare(" อ. เมือง ", &["อ."], &[]), "เมือง");
        assert_eq!(bare("อ่างทอง", &["อ."], &[]), "อ่างทอง");
        assert_eq!(bare("อำเภอ", &["อำเภอ"], &[]), "อำเภอ");
        assert_eq!(
            bare("Amphoe Bang Len District", &["amphoe"], &["district"]),
            "Bang Len"
        );
    }

    #[test]
    fn unique_refuses_ties() {
        assert_eq!(unique([1].into_iter()), Some(1));
        assert_eq!(unique([1, 2].into_iter()), None);
        assert_eq!(unique(std::iter::empty::<i32>()), None);
    }
}
