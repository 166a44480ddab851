//! Answer scales: values within 0-100 that never decrease, one label per value; a scale marked
//! unverified exists and says why.

use super::values::{check_identifier, check_percent, check_text};
use super::{Check, err};
use crate::model::FrameworkDefinition;

impl FrameworkDefinition {
    pub(super) fn check_scales(&self) -> Check {
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
        for (name, why) in &self.unverified_scales {
            if !self.scales.contains_key(name) {
                return err(
                    format!("unverified_scales.{name}"),
                    format!("`{name}` is marked unverified but is not a scale"),
                    format!("ระบุว่ามาตรวัด `{name}` ยังไม่ได้ตรวจสอบ แต่ไม่มีมาตรวัดชื่อนี้"),
                );
            }
            check_text(format!("unverified_scales.{name}.th"), &why.th)?;
            check_text(format!("unverified_scales.{name}.en"), &why.en)?;
        }
        Ok(())
    }
}
