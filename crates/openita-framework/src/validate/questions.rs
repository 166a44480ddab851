//! IIT/EIT questions: unique ids, texts, a defined scale, a positive weight.

use super::values::{check_identifier, check_text, check_weight};
use super::{Check, err};
use crate::model::{FrameworkDefinition, Question};
use std::collections::HashMap;

impl FrameworkDefinition {
    pub(super) fn check_question(
        &self,
        at: &str,
        q: &Question,
        ids: &mut HashMap<String, String>,
    ) -> Check {
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
}
