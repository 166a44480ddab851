//! The instruments (exactly IIT, EIT, OIT in that order) and their indicators: unique numbers,
//! questions for IIT/EIT and items for OIT.

use super::oit_items::check_item;
use super::values::{check_text, check_weight};
use super::{Check, err};
use crate::model::{FrameworkDefinition, Indicator, Instrument, InstrumentCode};
use std::collections::{BTreeSet, HashMap};

impl FrameworkDefinition {
    pub(super) fn check_instruments(&self) -> Check {
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
        if let Some(why) = &instrument.unverified_item_names {
            if code.is_survey() {
                return err(
                    format!("{at}.unverified_item_names"),
                    format!(
                        "instrument {code} has no items; only OIT may mark its item names unverified"
                    ),
                    format!(
                        "แบบวัด {code} ไม่มีข้อ OIT จึงระบุ unverified_item_names ไม่ได้ (ใช้ได้เฉพาะ OIT)"
                    ),
                );
            }
            check_text(format!("{at}.unverified_item_names.th"), &why.th)?;
            check_text(format!("{at}.unverified_item_names.en"), &why.en)?;
        }
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
}
