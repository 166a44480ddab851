//! The rating rules: unique tiers, thresholds within 0-100, and exactly one catch-all, last.

use super::values::{check_identifier, check_percent, check_text};
use super::{Check, err};
use crate::Fraction;
use crate::model::FrameworkDefinition;
use std::collections::BTreeSet;

impl FrameworkDefinition {
    pub(super) fn check_rating_rules(&self) -> Check {
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
}
