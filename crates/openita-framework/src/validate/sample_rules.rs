//! The minimum-sample rules and the date headcounts refer to.

use super::values::check_percent;
use super::{Check, err};
use crate::model::FrameworkDefinition;

impl FrameworkDefinition {
    pub(super) fn check_sample_rules(&self) -> Check {
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

    pub(super) fn check_headcount_reference(&self) -> Check {
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
