//! Strings of the results: compute, the portal and the agency report.

/// (key, Thai, English)
pub(super) const MESSAGES: &[(&str, &str, &str)] = &[
    (
        "results.title",
        "ผลการประเมิน ITA ปีงบประมาณ",
        "ITA results, fiscal year",
    ),
    (
        "results.unpublished",
        "ยังไม่ประกาศผล: เห็นได้เฉพาะผู้ดูแลระบบ สำนักงาน ป.ป.ช.",
        "Not published yet: only the NACC administrator sees this",
    ),
    ("results.total", "คะแนนรวม", "Total"),
    ("results.level", "ระดับ", "Level"),
    ("results.result", "ผลการประเมิน", "Result"),
    ("results.score", "คะแนน", "Score"),
    ("results.national", "เฉลี่ยประเทศ", "National mean"),
    ("results.provincial", "เฉลี่ยจังหวัด", "Provincial mean"),
    ("results.flags", "ข้อสังเกต", "Flags"),
    ("results.lost", "ข้อ OIT ที่ไม่ได้คะแนน", "OIT items lost"),
    ("results.path", "เส้นทางสู่ 85 คะแนน", "Path to 85"),
    ("results.pdf", "รายงาน PDF", "PDF report"),
    ("results.mean", "คะแนนเฉลี่ย", "Mean score"),
    ("results.passed", "ผ่านเกณฑ์ 85", "Passed (85+)"),
    ("results.download", "ดาวน์โหลดข้อมูลเปิด", "Open data"),
    ("results.pass", "ผ่าน", "Pass"),
    ("results.fail", "ไม่ผ่าน", "Not passed"),
    ("results.compute", "คำนวณผลการประเมิน", "Compute the results"),
    (
        "results.publish",
        "ประกาศผล (ล็อกผล)",
        "Publish (locks the results)",
    ),
    ("results.view", "ดูผลการประเมิน", "View the results"),
    ("results.history", "เปรียบเทียบกับปีก่อน", "Year on year"),
    (
        "results.levels",
        "จำนวนหน่วยงานในแต่ละระดับ",
        "Agencies at each level",
    ),
    (
        "results.tiers",
        "จำนวนหน่วยงานตามผลการประเมิน",
        "Agencies by result",
    ),
    ("results.by_province", "ผลรายจังหวัด", "By province"),
    ("results.by_district", "ผลรายอำเภอ", "By district"),
    ("results.by_type", "ผลตามประเภทหน่วยงาน", "By agency type"),
    ("results.pass_rate", "ร้อยละที่ผ่าน", "Pass rate"),
    (
        "results.indicator_means",
        "คะแนนเฉลี่ยรายตัวชี้วัด",
        "Mean score of each indicator",
    ),
    ("results.agencies", "หน่วยงาน", "Agencies"),
    ("results.ranking", "อันดับหน่วยงาน", "Agencies ranked"),
    (
        "results.computed",
        "คำนวณคะแนนแล้ว (หน่วยงาน)",
        "Agencies scored",
    ),
];
