//! A province's ITA plan as a PDF (Thai, Sarabun, A4 landscape): title, date, the activity
//! table (headings in Thai with English beneath) and the coordinator's name. The caller
//! supplies the words, already in Thai; this module lays them out.

use crate::{error::ReportError, pdf};
use serde::Serialize;

const TEMPLATE: &str = include_str!("../templates/plan.typ");

#[derive(Debug, Clone, Serialize)]
pub struct PlanRow {
    pub number: String,
    pub title: String,
    pub period: String,
    pub responsible: String,
    pub status: String,
    pub note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanInput {
    /// "แผนการขับเคลื่อนการประเมิน ITA จังหวัดชัยภูมิ ปีงบประมาณ พ.ศ. 2568"
    pub title: String,
    /// The English line under the title.
    pub title_en: String,
    /// "ข้อมูล ณ วันที่ 5 ธันวาคม 2569"
    pub dated: String,
    /// `(Thai, English)` per column.
    pub header: Vec<(String, String)>,
    pub rows: Vec<PlanRow>,
    /// Shown when there are no rows.
    pub empty: String,
    /// "ผู้จัดทำ: ..." (the coordinator who printed it).
    pub signed: String,
}

pub fn pdf(input: &PlanInput) -> Result<Vec<u8>, ReportError> {
    let data = serde_json::to_value(input)?;
    pdf::render(TEMPLATE, &data, &[])
}
