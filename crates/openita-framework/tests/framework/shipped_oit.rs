//! The shipped frameworks' OIT lists say what section 4 of ITA-FRAMEWORK.md says.

use crate::load;
use openita_framework::{Fraction, InstrumentCode, YearRule};
use openita_types::AgencyType;

/// Section 4 of ITA-FRAMEWORK.md: code, Thai name, year rule.
const OIT_2568: [(&str, &str, YearRule); 28] = [
    ("O1", "โครงสร้างและอำนาจหน้าที่", YearRule::Now),
    ("O2", "ข้อมูลผู้บริหาร", YearRule::Now),
    ("O3", "ข้อมูลการติดต่อ", YearRule::Now),
    ("O4", "ข่าวประชาสัมพันธ์", YearRule::Now),
    ("O5", "แผนยุทธศาสตร์หรือแผนพัฒนาหน่วยงาน", YearRule::Cur),
    (
        "O6",
        "แผนและความก้าวหน้าในการดำเนินงานและการใช้งบประมาณประจำปี",
        YearRule::Cur,
    ),
    ("O7", "รายงานผลการดำเนินงานประจำปี", YearRule::Prev),
    ("O8", "คู่มือหรือแนวทางการปฏิบัติงานของเจ้าหน้าที่", YearRule::Now),
    ("O9", "คู่มือหรือแนวทางการขอรับบริการ", YearRule::Now),
    ("O10", "E-Service", YearRule::Now),
    ("O11", "ข้อมูลสถิติการให้บริการ", YearRule::Prev),
    (
        "O12",
        "รายการและความก้าวหน้าการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ",
        YearRule::Cur,
    ),
    (
        "O13",
        "รายงานผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุประจำปี",
        YearRule::Prev,
    ),
    ("O14", "แผนการบริหารและพัฒนาทรัพยากรบุคคล", YearRule::Cur),
    (
        "O15",
        "รายงานผลการบริหารและพัฒนาทรัพยากรบุคคลประจำปี",
        YearRule::Prev,
    ),
    ("O16", "ประมวลจริยธรรมและการขับเคลื่อนจริยธรรม", YearRule::Cur),
    (
        "O17",
        "แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
        YearRule::Now,
    ),
    (
        "O18",
        "ช่องทางแจ้งเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
        YearRule::Now,
    ),
    (
        "O19",
        "ข้อมูลสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
        YearRule::Prev,
    ),
    ("O20", "การเปิดโอกาสให้เกิดการมีส่วนร่วม", YearRule::Prev),
    (
        "O21",
        "ประกาศเจตนารมณ์และการสร้างวัฒนธรรม No Gift Policy",
        YearRule::Cur,
    ),
    (
        "O22",
        "รายงานการรับทรัพย์สินหรือประโยชน์อื่นใดโดยธรรมจรรยา",
        YearRule::Prev,
    ),
    ("O23", "การประเมินความเสี่ยงการให้หรือรับสินบน", YearRule::Cur),
    (
        "O24",
        "รายงานผลการจัดการความเสี่ยงการทุจริตและประพฤติมิชอบ",
        YearRule::Prev,
    ),
    ("O25", "แผนปฏิบัติการป้องกันการทุจริต", YearRule::Cur),
    (
        "O26",
        "รายงานผลการดำเนินการป้องกันการทุจริตประจำปี",
        YearRule::Prev,
    ),
    (
        "O27",
        "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
        YearRule::Cur,
    ),
    (
        "O28",
        "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส",
        YearRule::Prev,
    ),
];

#[test]
fn oit_2568_has_the_28_items_of_section_4_in_order_without_partial_credit() {
    let fw = load("ita-2568");
    let items: Vec<_> = fw.oit_items().collect();
    assert_eq!(items.len(), OIT_2568.len());
    for (item, (code, name_th, year_rule)) in items.iter().zip(OIT_2568) {
        assert_eq!(item.code, code);
        assert_eq!(item.name_th, name_th, "{code}");
        assert_eq!(item.year_rule, year_rule, "{code}");
        assert_eq!(item.weight, Fraction::ONE, "{code}");
        assert_eq!(
            item.allowed_scores,
            [Fraction::ZERO, Fraction::HUNDRED],
            "{code}"
        );
        assert!(
            (2..=6).contains(&item.elements.len()),
            "{code}: {} elements",
            item.elements.len()
        );
        assert!(!item.name_en.is_empty() && !item.group_th.is_empty() && !item.group_en.is_empty());
        let number: u16 = code[1..].parse().unwrap();
        let (indicator, _) = fw.oit_item(code).unwrap();
        assert_eq!(
            indicator.number,
            if number <= 20 { 9 } else { 10 },
            "{code}"
        );
    }
}

#[test]
fn o9_lists_the_service_guide_elements_and_o1_has_a_note_for_local_organisations() {
    let fw = load("ita-2568");
    let (_, o9) = fw.oit_item("O9").unwrap();
    let elements = o9
        .elements
        .iter()
        .map(|e| e.en.to_lowercase())
        .collect::<Vec<_>>()
        .join(" | ");
    for word in ["steps", "time", "channel", "fee", "documents"] {
        assert!(
            elements.contains(word),
            "O9 elements lack `{word}`: {elements}"
        );
    }
    let (_, o1) = fw.oit_item("O1").unwrap();
    for local in [
        AgencyType::Pao,
        AgencyType::Sao,
        AgencyType::SubdistrictMunicipality,
    ] {
        let note = &o1.notes_by_type[&local];
        assert!(
            note.th.contains("ฝ่ายการเมือง") && note.th.contains("ฝ่ายประจำ"),
            "{}",
            note.th
        );
    }
    assert!(!o1.notes_by_type.contains_key(&AgencyType::Department));
}

/// The names above are OpenITA's short forms: NACC's manual was not found, and some agencies
/// publish longer wordings (O9, O12, O21, O23, O24, O28). The file says so and the viewer shows it.
#[test]
fn the_2568_item_names_are_marked_as_not_checked_against_the_manual() {
    let fw = load("ita-2568");
    let oit = fw.instrument(InstrumentCode::Oit).unwrap();
    let why = oit
        .unverified_item_names
        .as_ref()
        .expect("the 2568 OIT names must be marked unverified");
    assert!(
        why.en.contains("short forms") && why.en.contains("not checked"),
        "{}",
        why.en
    );
    assert!(crate::has_thai(&why.th), "{}", why.th);
    for code in ["IIT", "EIT"] {
        let survey = fw.instrument(code.parse().unwrap()).unwrap();
        assert!(survey.unverified_item_names.is_none(), "{code}");
    }
}
