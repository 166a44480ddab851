//! Checks of the embedded data and of the lookups, against facts about Thailand.

use std::collections::{HashMap, HashSet};

use openita_geography::{
    District, Province, Region, district, districts, districts_of, province, provinces,
    subdistrict, subdistricts, subdistricts_of,
};

fn code_of(name: &str) -> &'static str {
    match province(name) {
        Some(p) => &p.code,
        None => panic!("no province {name}"),
    }
}

#[test]
fn there_are_77_provinces_with_two_digit_codes() {
    assert_eq!(provinces().len(), 77);
    for p in provinces() {
        assert_eq!(p.code.len(), 2, "{p:?}");
        assert!(p.code.bytes().all(|b| b.is_ascii_digit()), "{p:?}");
        assert!(!p.name_th.is_empty() && !p.name_en.is_empty(), "{p:?}");
    }
    assert!(
        provinces()
            .iter()
            .any(|p| p.code == "10" && p.name_th == "กรุงเทพมหานคร")
    );
    assert!(
        provinces().iter().any(|p| p.name_th == "บึงกาฬ"),
        "the newest province, 2011"
    );
}

#[test]
fn district_counts_match_known_provinces() {
    for (name, count) in [
        ("เชียงใหม่", 25),
        ("ชัยภูมิ", 16),
        ("กระบี่", 8),
        ("นครราชสีมา", 32),
        ("สุพรรณบุรี", 10),
        ("กรุงเทพมหานคร", 50),
        ("ขอนแก่น", 26),
        ("ภูเก็ต", 3),
        ("สมุทรสงคราม", 3),
        ("อุบลราชธานี", 25),
        ("บึงกาฬ", 8),
    ] {
        assert_eq!(districts_of(code_of(name)).len(), count, "{name}");
    }
    assert!(districts_of("00").is_empty());
    assert!(districts_of("").is_empty());
}

#[test]
fn totals_are_in_the_expected_range() {
    let d = districts().len();
    assert!((920..=935).contains(&d), "{d} districts");
    assert_eq!(
        d,
        provinces()
            .iter()
            .map(|p| districts_of(&p.code).len())
            .sum::<usize>()
    );
    let s = subdistricts().len();
    assert!(s > 7_000 && s < 7_600, "{s} subdistricts");
    assert_eq!(
        s,
        districts()
            .iter()
            .map(|d| subdistricts_of(&d.code).len())
            .sum::<usize>()
    );
}

#[test]
fn codes_are_unique_and_nested() {
    let mut seen = HashSet::new();
    for p in provinces() {
        assert!(seen.insert(p.code.as_str()), "duplicate {}", p.code);
    }
    let province_codes: HashSet<&str> = provinces().iter().map(|p| p.code.as_str()).collect();
    for d in districts() {
        assert!(seen.insert(d.code.as_str()), "duplicate {}", d.code);
        assert_eq!(d.code.len(), 4, "{d:?}");
        assert!(d.code.starts_with(&d.province_code), "{d:?}");
        assert!(
            province_codes.contains(d.province_code.as_str()),
            "{d:?} has no province"
        );
    }
    let district_codes: HashSet<&str> = districts().iter().map(|d| d.code.as_str()).collect();
    for s in subdistricts() {
        assert!(seen.insert(s.code.as_str()), "duplicate {}", s.code);
        assert_eq!(s.code.len(), 6, "{s:?}");
        assert!(s.code.starts_with(&s.district_code), "{s:?}");
        assert!(
            district_codes.contains(s.district_code.as_str()),
            "{s:?} has no district"
        );
        assert!(!s.postal_codes.is_empty(), "{s:?}");
        assert!(s.postal_codes.iter().all(|c| c.len() == 5), "{s:?}");
    }
    for d in districts() {
        assert!(
            !subdistricts_of(&d.code).is_empty(),
            "{d:?} has no subdistrict"
        );
    }
}

#[test]
fn names_are_bare_and_unique_within_their_parent() {
    for p in provinces() {
        assert!(!p.name_th.starts_with("จังหวัด"), "{p:?}");
    }
    let mut names = HashSet::new();
    for d in districts() {
        assert!(
            !d.name_th.starts_with("อำเภอ") && !d.name_th.starts_with("เขต"),
            "{d:?}"
        );
        assert_eq!(d.name_th.trim(), d.name_th);
        assert!(!d.name_en.is_empty(), "{d:?}");
        assert!(names.insert((&d.province_code, &d.name_th)), "{d:?} twice");
    }
    let mut names = HashSet::new();
    for s in subdistricts() {
        assert!(
            !s.name_th.starts_with("ตำบล") && !s.name_th.starts_with("แขวง"),
            "{s:?}"
        );
        assert!(!s.name_en.is_empty(), "{s:?}");
        assert!(names.insert((&s.district_code, &s.name_th)), "{s:?} twice");
    }
}

#[test]
fn every_province_has_a_capital_district() {
    for p in provinces().iter().filter(|p| p.code != "10") {
        let capital = format!("เมือง{}", p.name_th);
        let found = districts_of(&p.code).iter().any(|d| d.name_th == capital);
        // พระนครศรีอยุธยา's capital district is "พระนครศรีอยุธยา", not "เมือง…".
        assert!(found || p.code == "14", "{} has no {capital}", p.name_th);
    }
}

#[test]
fn regions_have_their_usual_sizes() {
    let mut count: HashMap<Region, usize> = HashMap::new();
    for p in provinces() {
        *count.entry(p.region).or_default() += 1;
    }
    let expected = [
        (Region::North, 9),
        (Region::Northeast, 20),
        (Region::Central, 22),
        (Region::East, 7),
        (Region::West, 5),
        (Region::South, 14),
    ];
    for (region, n) in expected {
        assert_eq!(
            count.get(&region).copied().unwrap_or_default(),
            n,
            "{region:?}"
        );
    }
    assert_eq!(
        province("ขอนแก่น").map(|p| p.region),
        Some(Region::Northeast)
    );
    assert_eq!(province("Phuket").map(|p| p.region), Some(Region::South));
    assert_eq!(province("Tak").map(|p| p.region), Some(Region::West));
}

#[test]
fn province_lookup_by_code_thai_and_english() {
    let chaiyaphum = province("36").map(|p| p.name_th.as_str());
    assert_eq!(chaiyaphum, Some("ชัยภูมิ"));
    for query in [
        "ชัยภูมิ",
        " ชัยภูมิ ",
        "จังหวัดชัยภูมิ",
        "จังหวัด ชัยภูมิ",
        "จ.ชัยภูมิ",
        "Chaiyaphum",
        "CHAIYAPHUM",
        "chaiyaphum province",
    ] {
        assert_eq!(
            province(query).map(|p| p.code.as_str()),
            Some("36"),
            "{query}"
        );
    }
    assert_eq!(province("Lop Buri").map(|p| p.code.as_str()), Some("16"));
    assert_eq!(province("lopburi").map(|p| p.code.as_str()), Some("16"));
    assert_eq!(province("กทม").map(|p| p.code.as_str()), Some("10"));
    assert_eq!(province("กรุงเทพฯ").map(|p| p.code.as_str()), Some("10"));
    assert_eq!(province("Bangkok").map(|p| p.code.as_str()), Some("10"));
    assert_eq!(province("อ่างทอง").map(|p| p.code.as_str()), Some("15"));
    assert_eq!(province(""), None);
    assert_eq!(province("จังหวัด"), None);
    assert_eq!(province("Atlantis"), None);
    assert_eq!(province("99"), None);
}

#[test]
fn district_lookup_by_code_thai_and_english() {
    let expect = |province_code: &str, query: &str, code: &str| {
        let found: Option<&District> = district(province_code, query);
        assert_eq!(
            found.map(|d| d.code.as_str()),
            Some(code),
            "{province_code} {query}"
        );
    };
    expect("36", "3601", "3601");
    expect("36", "เมืองชัยภูมิ", "3601");
    expect("36", "อำเภอเมืองชัยภูมิ", "3601");
    expect("36", "อ.เมืองชัยภูมิ", "3601");
    expect("36", "อ.เมือง", "3601");
    expect("36", "เมือง", "3601");
    expect("36", "Mueang Chaiyaphum", "3601");
    expect("36", "mueang chaiyaphum district", "3601");
    expect("36", "Mueang", "3601");
    expect("ชัยภูมิ", "ภูเขียว", "3610");
    expect("10", "พระนคร", "1001");
    expect("10", "เขตพระนคร", "1001");
    expect("10", "Khet Phra Nakhon", "1001");
    expect("10", "phra nakhon", "1001");
    expect("50", "อำเภอฝาง", "5009");
    expect("50", "Fang", "5009");
    // Both บางไทร and บางซ้าย are "Bang Sai" in English: the Thai finds each, the
    // English neither.
    expect("14", "บางไทร", "1404");
    expect("14", "บางซ้าย", "1413");
    assert_eq!(district("14", "Bang Sai"), None);
    // A district of another province, or nothing, is not found.
    assert_eq!(district("36", "ฝาง"), None);
    assert_eq!(district("36", "5009"), None);
    assert_eq!(district("36", ""), None);
    assert_eq!(district("99", "เมือง"), None);
}

#[test]
fn subdistrict_lookup() {
    let phra_nakhon = subdistricts_of("1001");
    assert_eq!(phra_nakhon.len(), 12);
    let expect = |district_code: &str, query: &str, code: &str| {
        let found = subdistrict(district_code, query);
        assert_eq!(
            found.map(|s| s.code.as_str()),
            Some(code),
            "{district_code} {query}"
        );
    };
    expect("1001", "100101", "100101");
    expect("1001", "พระบรมมหาราชวัง", "100101");
    expect("1001", "แขวงพระบรมมหาราชวัง", "100101");
    expect("1001", "Phra Borom Maha Ratchawang", "100101");
    expect("8405", "ตำบลเกาะเต่า", "840503");
    expect("8405", "ต.เกาะเต่า", "840503");
    expect("8405", "Ko Tao", "840503");
    assert_eq!(subdistrict("8405", "Atlantis"), None);
    assert!(subdistricts_of("9999").is_empty());
}

#[test]
fn types_serialize_with_their_field_names() -> Result<(), serde_json::Error> {
    let Some(p): Option<&Province> = provinces().first() else {
        panic!("no province");
    };
    let json = serde_json::to_value(p)?;
    assert_eq!(json["code"], "10");
    assert_eq!(json["name_th"], "กรุงเทพมหานคร");
    assert_eq!(json["name_en"], "Bangkok");
    assert_eq!(json["region"], "central");
    Ok(())
}
