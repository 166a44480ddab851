//! The framework's own fields: name, fiscal year, titles, pass mark.

use super::values::{check_identifier, check_percent, check_text};
use super::{Check, err};
use crate::model::FrameworkDefinition;

impl FrameworkDefinition {
    pub(super) fn check_header(&self) -> Check {
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
}
