//! The level bands: unique names, minimums strictly descending, the last at 0.

use super::values::{check_percent, check_text};
use super::{Check, err};
use crate::Fraction;
use crate::model::FrameworkDefinition;
use std::collections::BTreeSet;

impl FrameworkDefinition {
    pub(super) fn check_levels(&self) -> Check {
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
}
