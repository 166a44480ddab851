//! The rules a framework must satisfy before it may score anything.
//!
//! Checked in document order; the first broken rule is reported with the path of the offending
//! value (the second of two duplicates) and a message in English and Thai.

use crate::Fraction;
use crate::error::FrameworkError;
use crate::model::{FrameworkDefinition, Indicator, Instrument, InstrumentCode, OitItem, Question};
use std::collections::{BTreeSet, HashMap};

type Check = Result<(), FrameworkError>;

fn err(location: impl Into<String>, en: impl Into<String>, th: impl Into<String>) -> Check {
    Err(FrameworkError::new(location, en, th))
}

/// Ids of questions, item codes, scale names, tiers: short, stable, safe in URLs and JSON keys.
fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 40
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
}

fn check_identifier(location: String, value: &str, what_en: &str, what_th: &str) -> Check {
    if is_identifier(value) {
        return Ok(());
    }
    err(
        location,
        format!("{what_en} `{value}` must be 1-40 characters of A-Z, a-z, 0-9, `_`, `-` or `.`"),
        format!(
            "{what_th} `{value}` ต้องยาว 1-40 ตัวอักษร ประกอบด้วย A-Z, a-z, 0-9, `_`, `-` หรือ `.` เท่านั้น"
        ),
    )
}

fn check_text(location: String, value: &str) -> Check {
    if value.trim().is_empty() {
        return err(location, "must not be empty", "ต้องไม่เว้นว่าง");
    }
    Ok(())
}

fn check_percent(location: String, value: Fraction, what_en: &str, what_th: &str) -> Check {
    if value < Fraction::ZERO || value > Fraction::HUNDRED {
        return err(
            location,
            format!("{what_en} {value} must be between 0 and 100"),
            format!("{what_th} {value} ต้องอยู่ระหว่าง 0 ถึง 100"),
        );
    }
    Ok(())
}

fn check_weight(location: String, value: Fraction, owner: &str) -> Check {
    if value <= Fraction::ZERO {
        return err(
            location,
            format!("the weight of {owner} is {value}; a weight must be greater than 0"),
            format!("น้ำหนักของ {owner} เป็น {value} น้ำหนักต้องมากกว่า 0"),
        );
    }
    Ok(())
}

impl FrameworkDefinition {
    /// Checks every rule; the first broken one is returned with its exact location.
    ///
    /// Rules: name and year; pass mark within 0-100; instrument weights positive and summing to
    /// 100; scales with 2+ values within 0-100, non-decreasing, with as many labels as values;
    /// instruments exactly IIT, EIT, OIT in order, each weight equal to its `weights` entry;
    /// indicator numbers unique; each IIT/EIT indicator has questions and no items, each OIT
    /// indicator items and no questions; question ids and item codes unique and well formed;
    /// question scales exist; all weights positive; OIT items with elements and allowed scores
    /// strictly ascending within 0-100; levels with unique names, mins strictly descending
    /// within 0-100, the last at 0; rating rules non-empty, tiers unique, thresholds within
    /// 0-100, only the last one a catch-all (min_total 0, no min_each_instrument) and it must be;
    /// sample rules sane (percent within 0-100, floor <= cap, minimums >= 1); headcount
    /// reference a real month and day.
    pub fn validate(&self) -> Result<(), FrameworkError> {
        self.check_header()?;
        self.check_weights()?;
        self.check_scales()?;
        self.check_instruments()?;
        self.check_levels()?;
        self.check_rating_rules()?;
        self.check_sample_rules()?;
        self.check_headcount_reference()
    }

    fn check_header(&self) -> Check {
        check_identifier(
            "name".into(),
            &self.name,
            "the framework name",
            "ชื่อเกณฑ์การประเมิน",
        )?;
        if !(2500..=2700).contains(&self.year) {
            return err(
                "year",
                format!(
                    "year {} is not a Buddhist-era fiscal year (expected e.g. 2568, between 2500 and 2700)",
                    self.year
                ),
                format!(
                    "ปีงบประมาณ {} ไม่ใช่ปีพุทธศักราช (เช่น 2568 ต้องอยู่ระหว่าง 2500 ถึง 2700)",
                    self.year
                ),
            );
        }
        check_text("title_th".into(), &self.title_th)?;
        check_text("title_en".into(), &self.title_en)?;
        check_percent(
            "pass_mark".into(),
            self.pass_mark,
            "the pass mark",
            "คะแนนผ่านเกณฑ์",
        )
    }

    fn check_weights(&self) -> Check {
        let mut sum = Fraction::ZERO;
        for code in InstrumentCode::ALL {
            let w = *self.weights.get(code);
            check_weight(format!("weights.{code}"), w, code.as_str())?;
            sum = sum
                .checked_add(w)
                .unwrap_or(Fraction::from_integer(i64::MAX));
        }
        if sum != Fraction::HUNDRED {
            let w = &self.weights;
            return err(
                "weights",
                format!(
                    "instrument weights IIT {} + EIT {} + OIT {} = {sum}; they must sum to 100",
                    w.iit, w.eit, w.oit
                ),
                format!(
                    "น้ำหนักของแบบวัด IIT {} + EIT {} + OIT {} = {sum} ต้องรวมกันได้ 100",
                    w.iit, w.eit, w.oit
                ),
            );
        }
        Ok(())
    }

    fn check_scales(&self) -> Check {
        if self.scales.is_empty() {
            return err("scales", "no scale is defined", "ยังไม่ได้กำหนดมาตรวัดคำตอบ");
        }
        for (name, values) in &self.scales {
            check_identifier(format!("scales.{name}"), name, "the scale name", "ชื่อมาตรวัด")?;
            if values.len() < 2 {
                return err(
                    format!("scales.{name}"),
                    format!(
                        "scale `{name}` has {} value(s); it needs at least 2",
                        values.len()
                    ),
                    format!("มาตรวัด `{name}` มีค่า {} ค่า ต้องมีอย่างน้อย 2 ค่า", values.len()),
                );
            }
            for (i, &v) in values.iter().enumerate() {
                let location = format!("scales.{name}[{i}]");
                check_percent(
                    location.clone(),
                    v,
                    &format!("level {} of scale `{name}`", i + 1),
                    &format!("ค่าระดับที่ {} ของมาตรวัด `{name}`", i + 1),
                )?;
                if let Some(&prev) = i.checked_sub(1).and_then(|p| values.get(p))
                    && v < prev
                {
                    return err(
                        location,
                        format!(
                            "level {} of scale `{name}` is worth {v}, less than level {} ({prev}); values must not decrease",
                            i + 1,
                            i
                        ),
                        format!(
                            "ค่าระดับที่ {} ของมาตรวัด `{name}` เป็น {v} น้อยกว่าระดับที่ {} ({prev}) ค่าต้องไม่ลดลง",
                            i + 1,
                            i
                        ),
                    );
                }
            }
            let Some(labels) = self.scale_labels.get(name) else {
                return err(
                    format!("scale_labels.{name}"),
                    format!("scale `{name}` has no labels"),
                    format!("มาตรวัด `{name}` ยังไม่มีข้อความตัวเลือก"),
                );
            };
            if labels.len() != values.len() {
                return err(
                    format!("scale_labels.{name}"),
                    format!(
                        "scale `{name}` has {} values but {} labels; the counts must be equal",
                        values.len(),
                        labels.len()
                    ),
                    format!(
                        "มาตรวัด `{name}` มี {} ค่า แต่มีข้อความตัวเลือก {} ข้อความ จำนวนต้องเท่ากัน",
                        values.len(),
                        labels.len()
                    ),
                );
            }
            for (i, label) in labels.iter().enumerate() {
                check_text(format!("scale_labels.{name}[{i}].th"), &label.th)?;
                check_text(format!("scale_labels.{name}[{i}].en"), &label.en)?;
            }
        }
        if let Some(name) = self
            .scale_labels
            .keys()
            .find(|n| !self.scales.contains_key(*n))
        {
            return err(
                format!("scale_labels.{name}"),
                format!("labels are given for `{name}`, which is not a scale"),
                format!("มีข้อความตัวเลือกของ `{name}` แต่ไม่มีมาตรวัดชื่อนี้"),
            );
        }
        Ok(())
    }

    fn check_instruments(&self) -> Check {
        let mut numbers = BTreeSet::new();
        let mut question_ids = HashMap::new();
        let mut item_codes = HashMap::new();
        for (i, instrument) in self.instruments.iter().enumerate() {
            let at = format!("instruments[{i}]");
            let Some(&expected) = InstrumentCode::ALL.get(i) else {
                return err(
                    at,
                    format!(
                        "unexpected instrument {}: a framework has exactly IIT, EIT, OIT",
                        instrument.code
                    ),
                    format!(
                        "แบบวัด {} เกินมา เกณฑ์การประเมินมีแบบวัด IIT, EIT, OIT เท่านั้น",
                        instrument.code
                    ),
                );
            };
            if instrument.code != expected {
                return err(
                    format!("{at}.code"),
                    format!(
                        "instrument {} is {}; expected {expected} (the order is IIT, EIT, OIT, each once)",
                        i + 1,
                        instrument.code
                    ),
                    format!(
                        "แบบวัดลำดับที่ {} เป็น {} แต่ต้องเป็น {expected} (ลำดับคือ IIT, EIT, OIT อย่างละหนึ่ง)",
                        i + 1,
                        instrument.code
                    ),
                );
            }
            self.check_instrument(
                &at,
                instrument,
                &mut numbers,
                &mut question_ids,
                &mut item_codes,
            )?;
        }
        if let Some(missing) = InstrumentCode::ALL.get(self.instruments.len()) {
            return err(
                "instruments",
                format!("instrument {missing} is missing: a framework has exactly IIT, EIT, OIT"),
                format!("ไม่มีแบบวัด {missing} เกณฑ์การประเมินต้องมีแบบวัด IIT, EIT, OIT"),
            );
        }
        Ok(())
    }

    fn check_instrument(
        &self,
        at: &str,
        instrument: &Instrument,
        numbers: &mut BTreeSet<u16>,
        question_ids: &mut HashMap<String, String>,
        item_codes: &mut HashMap<String, String>,
    ) -> Check {
        let code = instrument.code;
        let expected = *self.weights.get(code);
        if instrument.weight != expected {
            return err(
                format!("{at}.weight"),
                format!(
                    "instrument {code} has weight {} but weights.{code} is {expected}; they must be equal",
                    instrument.weight
                ),
                format!(
                    "แบบวัด {code} มีน้ำหนัก {} แต่ weights.{code} เป็น {expected} ต้องเท่ากัน",
                    instrument.weight
                ),
            );
        }
        check_text(format!("{at}.name_th"), &instrument.name_th)?;
        check_text(format!("{at}.name_en"), &instrument.name_en)?;
        if instrument.indicators.is_empty() {
            return err(
                format!("{at}.indicators"),
                format!("instrument {code} has no indicators"),
                format!("แบบวัด {code} ไม่มีตัวชี้วัด"),
            );
        }
        for (j, indicator) in instrument.indicators.iter().enumerate() {
            let at = format!("{at}.indicators[{j}]");
            let n = indicator.number;
            if n == 0 {
                return err(
                    format!("{at}.number"),
                    "indicator numbers start at 1",
                    "หมายเลขตัวชี้วัดต้องเริ่มที่ 1",
                );
            }
            if !numbers.insert(n) {
                return err(
                    format!("{at}.number"),
                    format!("indicator number {n} is used twice"),
                    format!("หมายเลขตัวชี้วัด {n} ซ้ำกัน"),
                );
            }
            check_text(format!("{at}.name_th"), &indicator.name_th)?;
            check_text(format!("{at}.name_en"), &indicator.name_en)?;
            check_weight(
                format!("{at}.weight"),
                indicator.weight,
                &format!("indicator {n}"),
            )?;
            self.check_indicator_content(&at, code, indicator)?;
            for (k, q) in indicator.questions.iter().enumerate() {
                self.check_question(&format!("{at}.questions[{k}]"), q, question_ids)?;
            }
            for (k, item) in indicator.items.iter().enumerate() {
                check_item(&format!("{at}.items[{k}]"), item, item_codes)?;
            }
        }
        Ok(())
    }

    fn check_indicator_content(
        &self,
        at: &str,
        code: InstrumentCode,
        indicator: &Indicator,
    ) -> Check {
        let n = indicator.number;
        let (needed, needed_th, forbidden, forbidden_th, has_needed, has_forbidden) =
            if code.is_survey() {
                (
                    "questions",
                    "ข้อคำถาม",
                    "items",
                    "ข้อ OIT",
                    !indicator.questions.is_empty(),
                    !indicator.items.is_empty(),
                )
            } else {
                (
                    "items",
                    "ข้อ OIT",
                    "questions",
                    "ข้อคำถาม",
                    !indicator.items.is_empty(),
                    !indicator.questions.is_empty(),
                )
            };
        if !has_needed {
            return err(
                format!("{at}.{needed}"),
                format!("indicator {n} of {code} has no {needed}; it needs at least one"),
                format!("ตัวชี้วัดที่ {n} ของ {code} ไม่มี{needed_th} ต้องมีอย่างน้อยหนึ่งข้อ"),
            );
        }
        if has_forbidden {
            return err(
                format!("{at}.{forbidden}"),
                format!(
                    "indicator {n} of {code} has {forbidden}; {code} indicators have only {needed}"
                ),
                format!(
                    "ตัวชี้วัดที่ {n} ของ {code} มี{forbidden_th} ซึ่งแบบวัด {code} ต้องมีเฉพาะ{needed_th}"
                ),
            );
        }
        Ok(())
    }

    fn check_question(&self, at: &str, q: &Question, ids: &mut HashMap<String, String>) -> Check {
        check_identifier(format!("{at}.id"), &q.id, "the question id", "รหัสข้อคำถาม")?;
        if let Some(first) = ids.insert(q.id.clone(), at.to_string()) {
            return err(
                format!("{at}.id"),
                format!("question id `{}` is already used at {first}", q.id),
                format!("รหัสข้อคำถาม `{}` ซ้ำกับที่ {first}", q.id),
            );
        }
        check_text(format!("{at}.text_th"), &q.text_th)?;
        check_text(format!("{at}.text_en"), &q.text_en)?;
        if !self.scales.contains_key(&q.scale) {
            let known: Vec<&str> = self.scales.keys().map(String::as_str).collect();
            return err(
                format!("{at}.scale"),
                format!(
                    "question `{}` uses scale `{}`, which is not defined (scales: {})",
                    q.id,
                    q.scale,
                    known.join(", ")
                ),
                format!(
                    "ข้อคำถาม `{}` ใช้มาตรวัด `{}` ซึ่งไม่มีในเกณฑ์ (มาตรวัดที่มี: {})",
                    q.id,
                    q.scale,
                    known.join(", ")
                ),
            );
        }
        check_weight(
            format!("{at}.weight"),
            q.weight,
            &format!("question {}", q.id),
        )
    }

    fn check_levels(&self) -> Check {
        let Some(last) = self.levels.last() else {
            return err(
                "levels",
                "no level is defined",
                "ยังไม่ได้กำหนดระดับผลการประเมิน",
            );
        };
        let mut names = BTreeSet::new();
        let mut previous: Option<&crate::model::Level> = None;
        for (i, level) in self.levels.iter().enumerate() {
            let at = format!("levels[{i}]");
            check_text(format!("{at}.name"), &level.name)?;
            if !names.insert(level.name.as_str()) {
                return err(
                    format!("{at}.name"),
                    format!("level name `{}` is used twice", level.name),
                    format!("ชื่อระดับ `{}` ซ้ำกัน", level.name),
                );
            }
            check_percent(
                format!("{at}.min"),
                level.min,
                &format!("the minimum of level {}", level.name),
                &format!("คะแนนขั้นต่ำของระดับ {}", level.name),
            )?;
            if let Some(prev) = previous
                && level.min >= prev.min
            {
                return err(
                    format!("{at}.min"),
                    format!(
                        "level {} starts at {}, not below level {} ({}); minimums must strictly descend",
                        level.name, level.min, prev.name, prev.min
                    ),
                    format!(
                        "ระดับ {} เริ่มที่ {} ซึ่งไม่ต่ำกว่าระดับ {} ({}) คะแนนขั้นต่ำต้องเรียงจากมากไปน้อย",
                        level.name, level.min, prev.name, prev.min
                    ),
                );
            }
            previous = Some(level);
        }
        if last.min != Fraction::ZERO {
            return err(
                format!("levels[{}].min", self.levels.len() - 1),
                format!(
                    "the last level, {}, starts at {}; it must start at 0 so that every total has a level",
                    last.name, last.min
                ),
                format!(
                    "ระดับสุดท้าย {} เริ่มที่ {} ต้องเริ่มที่ 0 เพื่อให้ทุกคะแนนมีระดับ",
                    last.name, last.min
                ),
            );
        }
        Ok(())
    }

    fn check_rating_rules(&self) -> Check {
        let Some(last_index) = self.rating_rules.len().checked_sub(1) else {
            return err(
                "rating_rules",
                "no rating rule is defined; the last one must be a catch-all with min_total 0",
                "ยังไม่ได้กำหนดเกณฑ์การตัดสินผล ข้อสุดท้ายต้องเป็น min_total 0 ที่ครอบคลุมทุกกรณี",
            );
        };
        let mut tiers = BTreeSet::new();
        for (i, rule) in self.rating_rules.iter().enumerate() {
            let at = format!("rating_rules[{i}]");
            check_identifier(format!("{at}.tier"), &rule.tier, "the tier", "รหัสผลการตัดสิน")?;
            if !tiers.insert(rule.tier.as_str()) {
                return err(
                    format!("{at}.tier"),
                    format!("tier `{}` is used twice", rule.tier),
                    format!("รหัสผลการตัดสิน `{}` ซ้ำกัน", rule.tier),
                );
            }
            check_text(format!("{at}.name_th"), &rule.name_th)?;
            check_text(format!("{at}.name_en"), &rule.name_en)?;
            check_percent(
                format!("{at}.min_total"),
                rule.min_total,
                "min_total",
                "min_total",
            )?;
            if let Some(min) = rule.min_each_instrument {
                check_percent(
                    format!("{at}.min_each_instrument"),
                    min,
                    "min_each_instrument",
                    "min_each_instrument",
                )?;
            }
            if i < last_index && rule.is_catch_all() {
                return err(
                    at,
                    format!(
                        "rule `{}` holds for every score, so the rules after it can never apply; only the last rule may be a catch-all",
                        rule.tier
                    ),
                    format!(
                        "เกณฑ์ `{}` เป็นจริงทุกกรณี ทำให้เกณฑ์ถัดไปไม่มีผล เฉพาะเกณฑ์ข้อสุดท้ายเท่านั้นที่ครอบคลุมทุกกรณีได้",
                        rule.tier
                    ),
                );
            }
            if i == last_index && !rule.is_catch_all() {
                let field = if rule.min_total == Fraction::ZERO {
                    "min_each_instrument"
                } else {
                    "min_total"
                };
                return err(
                    format!("{at}.{field}"),
                    format!(
                        "the last rule, `{}`, must be a catch-all (min_total 0 and no min_each_instrument) so that every result gets a tier",
                        rule.tier
                    ),
                    format!(
                        "เกณฑ์ข้อสุดท้าย `{}` ต้องครอบคลุมทุกกรณี (min_total 0 และไม่มี min_each_instrument) เพื่อให้ทุกผลการประเมินมีผลการตัดสิน",
                        rule.tier
                    ),
                );
            }
        }
        Ok(())
    }

    fn check_sample_rules(&self) -> Check {
        let iit = &self.sample_rules.iit;
        check_percent(
            "sample_rules.iit.percent".into(),
            iit.percent,
            "the IIT sample percent",
            "ร้อยละของกลุ่มตัวอย่าง IIT",
        )?;
        if iit.cap == 0 {
            return err(
                "sample_rules.iit.cap",
                "the IIT sample cap must be at least 1",
                "จำนวนสูงสุดของกลุ่มตัวอย่าง IIT ต้องไม่น้อยกว่า 1",
            );
        }
        if iit.floor > iit.cap {
            return err(
                "sample_rules.iit.floor",
                format!(
                    "the IIT sample floor {} is above the cap {}",
                    iit.floor, iit.cap
                ),
                format!(
                    "จำนวนขั้นต่ำของกลุ่มตัวอย่าง IIT ({}) มากกว่าจำนวนสูงสุด ({})",
                    iit.floor, iit.cap
                ),
            );
        }
        let eit = &self.sample_rules.eit;
        if eit.minimum == 0 {
            return err(
                "sample_rules.eit.minimum",
                "the EIT minimum sample must be at least 1",
                "จำนวนขั้นต่ำของกลุ่มตัวอย่าง EIT ต้องไม่น้อยกว่า 1",
            );
        }
        if let Some((agency_type, _)) = eit.by_agency_type.iter().find(|(_, n)| **n == 0) {
            return err(
                format!("sample_rules.eit.by_agency_type.{agency_type}"),
                format!("the EIT minimum sample for {agency_type} must be at least 1"),
                format!("จำนวนขั้นต่ำของกลุ่มตัวอย่าง EIT ของ {agency_type} ต้องไม่น้อยกว่า 1"),
            );
        }
        Ok(())
    }

    fn check_headcount_reference(&self) -> Check {
        let r = &self.headcount_reference;
        if !(1..=12).contains(&r.month) {
            return err(
                "headcount_reference.month",
                format!("month {} is not 1-12", r.month),
                format!("เดือน {} ต้องอยู่ระหว่าง 1 ถึง 12", r.month),
            );
        }
        let days = match r.month {
            2 => 29,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if !(1..=days).contains(&r.day) {
            return err(
                "headcount_reference.day",
                format!("day {} is not a day of month {} (1-{days})", r.day, r.month),
                format!("วันที่ {} ไม่มีในเดือน {} (1-{days})", r.day, r.month),
            );
        }
        Ok(())
    }
}

fn check_item(at: &str, item: &OitItem, codes: &mut HashMap<String, String>) -> Check {
    check_identifier(
        format!("{at}.code"),
        &item.code,
        "the item code",
        "รหัสข้อ OIT",
    )?;
    if let Some(first) = codes.insert(item.code.clone(), at.to_string()) {
        return err(
            format!("{at}.code"),
            format!("item code `{}` is already used at {first}", item.code),
            format!("รหัสข้อ OIT `{}` ซ้ำกับที่ {first}", item.code),
        );
    }
    check_text(format!("{at}.name_th"), &item.name_th)?;
    check_text(format!("{at}.name_en"), &item.name_en)?;
    check_text(format!("{at}.group_th"), &item.group_th)?;
    check_text(format!("{at}.group_en"), &item.group_en)?;
    check_weight(
        format!("{at}.weight"),
        item.weight,
        &format!("item {}", item.code),
    )?;
    if item.elements.is_empty() {
        return err(
            format!("{at}.elements"),
            format!(
                "item {} lists no elements for the assessor to check",
                item.code
            ),
            format!("ข้อ {} ยังไม่ได้ระบุองค์ประกอบที่ผู้ประเมินต้องตรวจ", item.code),
        );
    }
    for (e, element) in item.elements.iter().enumerate() {
        check_text(format!("{at}.elements[{e}].th"), &element.th)?;
        check_text(format!("{at}.elements[{e}].en"), &element.en)?;
    }
    for (agency_type, note) in &item.notes_by_type {
        check_text(format!("{at}.notes_by_type.{agency_type}.th"), &note.th)?;
        check_text(format!("{at}.notes_by_type.{agency_type}.en"), &note.en)?;
    }
    if item.allowed_scores.is_empty() {
        return err(
            format!("{at}.allowed_scores"),
            format!("item {} allows no score", item.code),
            format!("ข้อ {} ยังไม่ได้กำหนดคะแนนที่ให้ได้", item.code),
        );
    }
    let mut previous: Option<Fraction> = None;
    for (s, &score) in item.allowed_scores.iter().enumerate() {
        let location = format!("{at}.allowed_scores[{s}]");
        check_percent(
            location.clone(),
            score,
            &format!("allowed score of item {}", item.code),
            &format!("คะแนนที่ให้ได้ของข้อ {}", item.code),
        )?;
        if previous.is_some_and(|p| score <= p) {
            return err(
                location,
                format!(
                    "the allowed scores of item {} must strictly ascend",
                    item.code
                ),
                format!("คะแนนที่ให้ได้ของข้อ {} ต้องเรียงจากน้อยไปมากและไม่ซ้ำ", item.code),
            );
        }
        previous = Some(score);
    }
    Ok(())
}
