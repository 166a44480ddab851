//! The words of each notification: Thai first, English below, plain text (mail clients on
//! phones show it as it is).

use openita_db::queries::agencies::AgencyRow;
use openita_types::FiscalYear;

#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub event: &'static str,
    pub subject: String,
    pub body: String,
    /// The page to open, joined to the public base URL when sent.
    pub link_path: String,
}

fn oit_page(year: FiscalYear, agency: &AgencyRow) -> String {
    format!("/cycles/{year}/agencies/{}/oit", agency.code)
}

fn english_name(agency: &AgencyRow) -> &str {
    agency.name_en.as_deref().unwrap_or(&agency.name_th)
}

pub(super) fn oit_awaits_approval(year: FiscalYear, agency: &AgencyRow) -> Message {
    Message {
        event: "oit.awaiting_approval",
        subject: format!(
            "[ITA {year}] คำตอบ OIT ของ{} รอผู้บริหารอนุมัติ / OIT answers await approval",
            agency.name_th
        ),
        body: format!(
            "เรียน ผู้บริหาร{name_th}\n\n\
             ผู้ดูแลระบบของหน่วยงานได้ส่งคำตอบแบบ OIT ปี {year} ให้ท่านพิจารณาแล้ว \
             โปรดตรวจลิงก์หลักฐานแต่ละข้อ แล้วกด \"อนุมัติ\" หรือ \"ส่งกลับแก้ไข\" \
             ภายในกำหนดเวลาตอบแบบ OIT\n\n\
             The agency admin of {name_en} has submitted the OIT answers for {year} for your \
             approval. Please check the evidence links and approve them, or return them for \
             changes, before the OIT answer window closes.",
            name_th = agency.name_th,
            name_en = english_name(agency),
        ),
        link_path: oit_page(year, agency),
    }
}

pub(super) fn provisional_scores_out(year: FiscalYear, agency: &AgencyRow) -> Message {
    Message {
        event: "oit.provisional_scores",
        subject: format!(
            "[ITA {year}] ผลการตรวจ OIT เบื้องต้นของ{} ออกแล้ว / Provisional OIT scores are out",
            agency.name_th
        ),
        body: format!(
            "เรียน {name_th}\n\n\
             ผู้ประเมินได้ให้คะแนนเบื้องต้นแบบ OIT ปี {year} ครบทุกข้อแล้ว พร้อมเหตุผล \
             หากไม่เห็นด้วยกับข้อใด หน่วยงานชี้แจงได้ในช่วงเวลาชี้แจง \
             โดยอ้างอิงลิงก์ที่ส่งไว้แล้วเท่านั้น ข้อที่ไม่ชี้แจงถือว่ายอมรับคะแนน\n\n\
             The assessor has given every OIT item of {name_en} for {year} its provisional \
             score with a reason. Where you disagree, you may object during the clarification \
             window, pointing at the links you already gave; items without an objection keep \
             their score.",
            name_th = agency.name_th,
            name_en = english_name(agency),
        ),
        link_path: oit_page(year, agency),
    }
}

pub(super) fn objection_arrived(year: FiscalYear, agency: &AgencyRow, item: &str) -> Message {
    Message {
        event: "oit.objection",
        subject: format!(
            "[ITA {year}] {} ชี้แจงข้อ {item} / Objection on item {item}",
            agency.name_th
        ),
        body: format!(
            "{name_th} (รหัส {code}) ได้ชี้แจงคะแนนเบื้องต้นข้อ {item} ของแบบ OIT ปี {year} \
             โปรดพิจารณาคำชี้แจงและให้คะแนนสุดท้ายพร้อมเหตุผลในช่วงเวลายืนยันผล\n\n\
             {name_en} (code {code}) has objected to the provisional score of OIT item {item} \
             for {year}. Please read the objection and set the final score with a reason \
             during the confirmation window.",
            name_th = agency.name_th,
            name_en = english_name(agency),
            code = agency.code,
        ),
        link_path: oit_page(year, agency),
    }
}
