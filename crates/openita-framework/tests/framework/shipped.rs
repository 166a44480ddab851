//! The shipped frameworks load, validate and say what ITA-FRAMEWORK.md says.

use crate::{framework_dir, load};
use openita_framework::{Fraction, Framework, InstrumentCode, PerInstrument, shipped};
use openita_types::AgencyType;
use proptest::prelude::*;
use std::sync::LazyLock;

/// The shipped frameworks and the number of OIT items their cited sources give: 2568's 28
/// items are in every 2568 provincial letter (seeds, Suphanburi) and ITA-FRAMEWORK.md
/// section 4. 2567 had 35 items with other codes (seed, Chiang Mai) whose list was not found
/// in public material, so no framework claims to be 2567: it used to ship the 2568 list under
/// the 2567 name.
const CITED_OIT_COUNTS: [(&str, usize); 1] = [("ita-2568", 28)];

#[test]
fn no_shipped_framework_claims_a_year_without_a_cited_oit_list() {
    let cited: Vec<&str> = CITED_OIT_COUNTS.iter().map(|(name, _)| *name).collect();
    assert_eq!(shipped::names(), cited.as_slice());
    for (name, items) in CITED_OIT_COUNTS {
        let fw = load(name);
        assert_eq!(fw.name, name);
        assert_eq!(format!("ita-{}", fw.year), name);
        assert_eq!(fw.oit_items().count(), items, "{name}: OIT items");
        fw.validate().unwrap();
    }
    assert!(
        !framework_dir("2567").exists(),
        "frameworks/2567 must not come back without a cited 35-item list"
    );
}

#[test]
fn an_unknown_name_is_refused_with_the_names_that_exist() {
    for unknown in ["ita-2560", "ita-2567"] {
        let err = shipped::load(unknown).unwrap_err();
        assert_eq!(err.location, "name");
        assert!(err.message_en.contains(unknown), "{err}");
        assert!(
            err.message_en.contains("the shipped ones are: ita-2568"),
            "{err}"
        );
        assert!(err.message_th.contains("ita-2568"), "{}", err.message_th);
    }
}

#[test]
fn from_dir_reads_the_same_framework_as_the_embedded_copy() {
    for name in shipped::names() {
        let year = name.trim_start_matches("ita-");
        let from_dir = Framework::from_dir(framework_dir(year)).unwrap();
        assert_eq!(from_dir, load(name));
    }
}

/// The seeds (Suphanburi 2568) say 2568 changed the IIT and EIT answer options; the shipped
/// scales are the 2564 ones. Each is marked unverified, with the reason, for the viewer.
#[test]
fn the_2568_answer_scales_are_marked_unverified_with_the_reason() {
    let fw = load("ita-2568");
    for name in fw.scales.keys() {
        let why = fw
            .unverified_scales
            .get(name)
            .unwrap_or_else(|| panic!("scale `{name}` is not marked unverified"));
        assert!(
            why.en.contains("2564") && why.en.contains("2568"),
            "{}",
            why.en
        );
        assert!(
            crate::has_thai(&why.th) && why.th.contains("2568"),
            "{}",
            why.th
        );
    }
}

/// Section 2 of ITA-FRAMEWORK.md: number, Thai name, English name, instrument.
const INDICATORS: [(u16, &str, &str, InstrumentCode); 10] = [
    (1, "การปฏิบัติหน้าที่", "duty performance", InstrumentCode::Iit),
    (2, "การใช้งบประมาณ", "budget use", InstrumentCode::Iit),
    (3, "การใช้อำนาจ", "use of authority", InstrumentCode::Iit),
    (
        4,
        "การใช้ทรัพย์สินของราชการ",
        "use of government property",
        InstrumentCode::Iit,
    ),
    (
        5,
        "การแก้ไขปัญหาการทุจริต",
        "handling corruption problems",
        InstrumentCode::Iit,
    ),
    (
        6,
        "คุณภาพการดำเนินงาน",
        "service quality",
        InstrumentCode::Eit,
    ),
    (
        7,
        "ประสิทธิภาพการสื่อสาร",
        "communication efficiency",
        InstrumentCode::Eit,
    ),
    (
        8,
        "การปรับปรุงระบบการทำงาน",
        "work-system improvement",
        InstrumentCode::Eit,
    ),
    (
        9,
        "การเปิดเผยข้อมูล",
        "information disclosure",
        InstrumentCode::Oit,
    ),
    (
        10,
        "การป้องกันการทุจริต",
        "corruption prevention",
        InstrumentCode::Oit,
    ),
];

#[test]
fn both_years_have_the_ten_indicators_of_section_2_with_equal_weights() {
    for name in shipped::names() {
        let fw = load(name);
        let mut seen = 0;
        for (number, th, en, code) in INDICATORS {
            let (instrument, indicator) = fw
                .indicator(number)
                .unwrap_or_else(|| panic!("{name}: no indicator {number}"));
            assert_eq!(instrument.code, code, "{name}: indicator {number}");
            assert_eq!(indicator.name_th, th);
            assert_eq!(indicator.name_en.to_lowercase(), en);
            assert_eq!(indicator.weight, Fraction::ONE);
            seen += 1;
        }
        let total: usize = fw.instruments.iter().map(|i| i.indicators.len()).sum();
        assert_eq!(total, seen, "{name} has indicators beyond the ten");
    }
}

#[test]
fn instrument_weights_are_30_30_40_and_the_pass_mark_85() {
    for name in shipped::names() {
        let fw = load(name);
        let expected = [
            (InstrumentCode::Iit, 30),
            (InstrumentCode::Eit, 30),
            (InstrumentCode::Oit, 40),
        ];
        for (code, weight) in expected {
            assert_eq!(*fw.weights.get(code), Fraction::from_integer(weight));
            assert_eq!(
                fw.instrument(code).unwrap().weight,
                Fraction::from_integer(weight)
            );
        }
        assert_eq!(fw.pass_mark, Fraction::from_integer(85));
        assert_eq!(fw.sample_policy, openita_framework::SamplePolicy::Flag);
    }
}

#[test]
fn scales_are_four_level_thirds_and_yes_no() {
    let fw = load("ita-2568");
    let thirds: Vec<Fraction> = [(0, 1), (100, 3), (200, 3), (100, 1)]
        .map(|(n, d)| Fraction::new(n, d).unwrap())
        .to_vec();
    assert_eq!(fw.scale("four_level").unwrap(), thirds.as_slice());
    let labels: Vec<&str> = fw.scale_labels["four_level"]
        .iter()
        .map(|l| l.th.as_str())
        .collect();
    assert_eq!(labels, ["น้อยที่สุดหรือไม่มีเลย", "น้อย", "มาก", "มากที่สุด"]);
    assert_eq!(
        fw.scale("yesno").unwrap(),
        [Fraction::ZERO, Fraction::HUNDRED]
    );
    assert_eq!(fw.scale_labels["yesno"][1].en, "Yes");
}

#[test]
fn the_sample_question_sets_cover_indicators_1_to_8_with_both_scales_reversals_and_optionals() {
    for name in shipped::names() {
        let fw = load(name);
        for number in 1..=8 {
            let (instrument, indicator) = fw.indicator(number).unwrap();
            assert!(
                (3..=6).contains(&indicator.questions.len()),
                "{name}: indicator {number} has {} questions",
                indicator.questions.len()
            );
            let prefix = match instrument.code {
                InstrumentCode::Iit => format!("i{number}_"),
                _ => format!("e{number}_"),
            };
            for q in &indicator.questions {
                assert!(
                    q.id.starts_with(&prefix),
                    "{name}: {} not under {prefix}",
                    q.id
                );
                assert!(
                    crate::has_thai(&q.text_th) && !crate::has_thai(&q.text_en),
                    "{}",
                    q.id
                );
            }
        }
        for code in [InstrumentCode::Iit, InstrumentCode::Eit] {
            let questions: Vec<_> = fw.questions(code).map(|(_, q)| q).collect();
            for scale in ["four_level", "yesno"] {
                assert!(
                    questions.iter().any(|q| q.scale == scale),
                    "{name} {code}: no {scale}"
                );
            }
            assert!(
                questions.iter().any(|q| q.reverse),
                "{name} {code}: nothing reversed"
            );
            assert!(
                questions.iter().any(|q| q.optional),
                "{name} {code}: nothing optional"
            );
        }
        // The example of ITA-FRAMEWORK.md: asking for money is a reversed yes/no question.
        let (_, _, e6_3) = fw.question("e6_3").unwrap();
        assert!(e6_3.reverse && e6_3.scale == "yesno" && e6_3.text_en.contains("money"));
    }
}

#[test]
fn answer_values_follow_the_scale_and_reverse_negative_questions() {
    let fw = load("ita-2568");
    let (_, _, plain) = fw.question("i1_1").unwrap();
    assert!(!plain.reverse && plain.scale == "four_level");
    let values: Vec<_> = (1..=4)
        .map(|l| fw.answer_value(plain, l).unwrap())
        .collect();
    assert_eq!(values, fw.scale("four_level").unwrap());
    assert_eq!(fw.answer_value(plain, 0), None);
    assert_eq!(fw.answer_value(plain, 5), None);

    let (_, _, negative) = fw.question("i1_3").unwrap();
    assert!(negative.reverse && negative.scale == "four_level");
    assert_eq!(fw.answer_value(negative, 1).unwrap(), Fraction::HUNDRED);
    assert_eq!(
        fw.answer_value(negative, 2).unwrap(),
        Fraction::new(200, 3).unwrap()
    );
    assert_eq!(fw.answer_value(negative, 4).unwrap(), Fraction::ZERO);

    let (_, _, seen_bribe) = fw.question("i1_4").unwrap();
    assert!(seen_bribe.reverse && seen_bribe.scale == "yesno");
    assert_eq!(fw.answer_value(seen_bribe, 2).unwrap(), Fraction::ZERO); // yes
    assert_eq!(fw.answer_value(seen_bribe, 1).unwrap(), Fraction::HUNDRED); // no
}

#[test]
fn levels_follow_the_published_bands_on_the_rounded_total() {
    let fw = load("ita-2568");
    let cases = [
        (100.0, "AA"),
        (95.0, "AA"),
        (94.99, "A"),
        (85.0, "A"),
        (84.99, "B"),
        (75.0, "B"),
        (74.99, "C"),
        (65.0, "C"),
        (55.0, "D"),
        (54.99, "E"),
        (50.0, "E"),
        (49.99, "F"),
        (0.0, "F"),
        (-1.0, "F"),
        (f64::NAN, "F"),
    ];
    for (total, level) in cases {
        assert_eq!(fw.level_for(total).name, level, "total {total}");
    }
    assert!(fw.passes(85.0));
    assert!(!fw.passes(84.99));
}

#[test]
fn in_2568_an_instrument_under_85_costs_one_tier_even_at_94_64() {
    let fw = load("ita-2568");
    let all_high = PerInstrument {
        iit: 97.0,
        eit: 90.0,
        oit: 96.0,
    };
    let eit_low = PerInstrument {
        iit: 99.0,
        eit: 84.99,
        oit: 99.0,
    };
    assert_eq!(fw.rating_for(94.64, &all_high).tier, "pass_good");
    // NACC's words for the tiers.
    assert_eq!(fw.rating_for(94.64, &all_high).name_th, "ผ่านดี");
    assert_eq!(fw.rating_for(94.64, &eit_low).name_th, "ผ่าน");
    assert_eq!(fw.rating_for(94.64, &eit_low).tier, "pass");
    assert_eq!(fw.rating_for(84.99, &all_high).tier, "fail");
    assert_eq!(fw.rating_for(f64::NAN, &all_high).tier, "fail");
}

#[test]
fn sample_rules_are_marked_placeholders_and_give_documented_minimums() {
    for name in shipped::names() {
        let fw = load(name);
        let rules = &fw.sample_rules;
        assert!(
            rules.placeholder,
            "{name}: NACC's table is unknown, so these must be placeholders"
        );
        assert!(!rules.note_en.is_empty() && crate::has_thai(&rules.note_th));
        let iit = &rules.iit;
        // Everyone below the floor; the percentage (rounded up) between floor and cap.
        assert!(iit.all_if_fewer_than_floor);
        assert_eq!(rules.iit_minimum(iit.floor - 1), iit.floor - 1);
        let big = iit.cap * 100; // far above any cap / percent crossing
        assert_eq!(rules.iit_minimum(big), iit.cap);
        for agency_type in AgencyType::ALL {
            let expected = rules
                .eit
                .by_agency_type
                .get(&agency_type)
                .copied()
                .unwrap_or(rules.eit.minimum);
            assert_eq!(rules.eit_minimum(agency_type), expected);
            assert!(rules.eit_minimum(agency_type) >= 1);
        }
        let date = fw.headcount_reference.date_for(fw.year).unwrap();
        let ce = i32::from(fw.year) - 543;
        assert_eq!(
            date,
            chrono::NaiveDate::from_ymd_opt(ce, 1, 1).unwrap(),
            "{name}"
        );
        assert_eq!(fw.headcount_reference.min_service_years, 1);
    }
}

fn level_index(fw: &Framework, total: f64) -> usize {
    let level = fw.level_for(total);
    fw.levels.iter().position(|l| l == level).unwrap()
}

fn tier_index(fw: &Framework, total: f64, instruments: &PerInstrument<f64>) -> usize {
    let rule = fw.rating_for(total, instruments);
    fw.rating_rules.iter().position(|r| r == rule).unwrap()
}

/// Parsed once: proptest runs each property hundreds of times.
static SHIPPED: LazyLock<Vec<Framework>> =
    LazyLock::new(|| shipped::names().iter().map(|name| load(name)).collect());

proptest! {
    #[test]
    fn a_higher_total_never_gets_a_lower_level(a in -10.0_f64..110.0, b in -10.0_f64..110.0) {
        for fw in SHIPPED.iter() {
            let (low, high) = if a <= b { (a, b) } else { (b, a) };
            prop_assert!(level_index(fw, high) <= level_index(fw, low));
            prop_assert!(fw.level_for(high).min.as_f64() <= high.max(0.0));
        }
    }

    #[test]
    fn a_higher_total_never_gets_a_lower_tier(
        a in 0.0_f64..=100.0, b in 0.0_f64..=100.0,
        iit in 0.0_f64..=100.0, eit in 0.0_f64..=100.0, oit in 0.0_f64..=100.0,
    ) {
        let scores = PerInstrument { iit, eit, oit };
        let (low, high) = if a <= b { (a, b) } else { (b, a) };
        for fw in SHIPPED.iter() {
            prop_assert!(tier_index(fw, high, &scores) <= tier_index(fw, low, &scores));
        }
    }
}
