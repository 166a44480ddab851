//! Strings of the OIT pages: answers, approval, review, objections and final scores.

/// (key, Thai, English)
pub(super) const MESSAGES: &[(&str, &str, &str)] = &[
    ("oit.answered", "OIT ตอบแล้ว", "OIT answered"),
    (
        "oit.submit",
        "ส่งให้ผู้บริหารอนุมัติ",
        "Send to the executive for approval",
    ),
    (
        "oit.approve",
        "อนุมัติคำตอบ OIT (ล็อกคำตอบ)",
        "Approve the OIT answers (locks them)",
    ),
    ("oit.return", "ส่งกลับให้แก้ไข", "Send back for changes"),
    ("oit.choose_score", "— เลือกคะแนน —", "— choose a score —"),
    ("oit.queue_ready", "พร้อมให้ตรวจตอนนี้", "Ready to score now"),
    ("oit.queue_only_ready", "เฉพาะที่พร้อมตรวจ", "Only those ready"),
    ("oit.queue_ready_badge", "พร้อมตรวจ", "Ready"),
    (
        "oit.reason_hint",
        "ต้องระบุเหตุผลเมื่อให้ต่ำกว่าคะแนนเต็ม",
        "Required below full marks",
    ),
    (
        "oit.returned_by_executive",
        "ผู้บริหารส่งคำตอบกลับให้แก้ไข",
        "The executive sent the answers back",
    ),
    (
        "oit.confirm_all",
        "ยืนยันคะแนนทุกข้อที่ยังไม่ยืนยัน",
        "Confirm every item not yet confirmed",
    ),
    ("oit.published", "เผยแพร่แล้ว", "Published"),
    ("oit.not_published", "ยังไม่เผยแพร่", "Not published"),
    (
        "oit.published_q",
        "เผยแพร่ข้อมูลนี้บนเว็บไซต์แล้วหรือไม่",
        "Is this published on the website?",
    ),
    ("oit.urls", "ลิงก์ (บรรทัดละ 1 ลิงก์)", "Links (one per line)"),
    ("oit.note", "คำอธิบายเพิ่มเติม", "Note"),
    ("oit.checker", "ผลการตรวจลิงก์อัตโนมัติ", "Automatic link check"),
    ("oit.provisional", "คะแนนเบื้องต้น", "Provisional score"),
    (
        "oit.clarification",
        "คำชี้แจงของหน่วยงาน",
        "Agency's clarification",
    ),
    ("oit.final", "คะแนนสุดท้าย", "Final score"),
    ("oit.reason", "เหตุผล", "Reason"),
    (
        "oit.clarify",
        "ชี้แจงเพิ่มเติม (อ้างถึงลิงก์ที่ส่งไว้แล้วเท่านั้น)",
        "Clarification (only the links already given)",
    ),
    ("oit.lock", "ยืนยันและล็อกคะแนน", "Confirm and lock"),
    ("oit.saved", "บันทึกแล้ว", "Saved"),
    ("oit.items", "รายการข้อ OIT", "OIT items"),
    ("oit.item_of", "ข้อที่", "Item"),
    ("oit.all_items", "ดูทุกข้อ", "All items"),
    ("oit.next_unanswered", "ข้อที่ยังไม่ตอบถัดไป", "Next unanswered"),
    (
        "oit.urls_hint",
        "ใส่ลิงก์ละหนึ่งบรรทัด ขึ้นต้นด้วย https:// ถ้าตอบว่าเผยแพร่แล้วต้องมีอย่างน้อย 1 ลิงก์",
        "One link per line, starting with https://. A published item needs at least one.",
    ),
    (
        "oit.done_submitted",
        "ส่งคำตอบให้ผู้บริหารพิจารณาแล้ว",
        "Sent to the executive for approval.",
    ),
    (
        "oit.done_approved",
        "อนุมัติแล้ว คำตอบถูกล็อกและส่งให้ผู้ประเมิน",
        "Approved: the answers are locked and go to the assessors.",
    ),
    (
        "oit.done_returned",
        "ส่งกลับให้แก้ไขแล้ว",
        "Sent back for changes.",
    ),
    (
        "oit.done_objected",
        "บันทึกคำชี้แจงแล้ว ผู้ประเมินจะพิจารณา",
        "Objection saved; the assessor will answer it.",
    ),
    (
        "oit.done_locked",
        "บันทึกคะแนนสุดท้ายและล็อกข้อนี้แล้ว",
        "Final score saved; the item is locked.",
    ),
    (
        "oit.done_confirmed",
        "ยืนยันผลทุกข้อแล้ว OIT ของหน่วยงานนี้เป็นที่สุด",
        "Every item confirmed: this OIT is final.",
    ),
    ("oit.locked", "ล็อกแล้ว", "Locked"),
    (
        "oit.clarify_replace",
        "บันทึกอีกครั้งจะแทนที่คำชี้แจงเดิม",
        "saving again replaces the earlier text",
    ),
    (
        "oit.queue",
        "งานตรวจ OIT ที่ได้รับมอบหมาย",
        "My OIT review queue",
    ),
    ("oit.open", "แบบวัด OIT ของหน่วยงาน", "The agency's OIT"),
    (
        "oit.check_links",
        "ตรวจลิงก์หลักฐานอัตโนมัติ",
        "Check the evidence links",
    ),
];
