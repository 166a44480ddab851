//! The agency's result report as a PDF (Thai, Sarabun): headline figures, an SVG chart, the
//! indicator table with national and provincial means, flags, the OIT items lost with the
//! assessors' reasons, and the path to the pass mark. The caller supplies the words (already
//! in Thai) and numbers; this module only lays them out.

use crate::{error::ReportError, pdf};
use serde::Serialize;

const TEMPLATE: &str = include_str!("../templates/report.typ");

#[derive(Debug, Clone, Serialize)]
pub struct Headline {
    pub label: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorRow {
    pub number: String,
    pub name: String,
    pub score: String,
    pub national: String,
    pub provincial: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LostItem {
    pub code: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReportInput {
    pub title: String,
    /// The indicators' bars, drawn by the template with the document's own Thai text.
    pub chart: crate::chart::Chart,
    pub agency: String,
    pub footer: String,
    pub headline: Vec<Headline>,
    pub table_title: String,
    pub table_header: Vec<String>,
    pub rows: Vec<IndicatorRow>,
    pub flags_title: String,
    pub flags: Vec<String>,
    pub lost_title: String,
    pub lost: Vec<LostItem>,
    /// Year on year (empty when the agency has no earlier cycle).
    pub history_title: String,
    pub history_header: Vec<String>,
    pub history: Vec<Vec<String>>,
    pub plan_title: String,
    pub plan_intro: String,
    pub plan: Vec<String>,
}

pub fn pdf(input: &ReportInput) -> Result<Vec<u8>, ReportError> {
    let data = serde_json::to_value(input)?;
    pdf::render(TEMPLATE, &data, &[])
}
