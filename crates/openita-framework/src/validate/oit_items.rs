//! OIT items: unique codes, texts, elements for the assessor, allowed scores strictly ascending
//! within 0-100.

use super::values::{check_identifier, check_percent, check_text, check_weight};
use super::{Check, err};
use crate::Fraction;
use crate::model::OitItem;
use std::collections::HashMap;

pub(super) fn check_item(at: &str, item: &OitItem, codes: &mut HashMap<String, String>) -> Check {
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
