//! What a finished job says to the person who started it: its outcome in words, and the page
//! it was started from, so that a job page never ends in a dead end.

#[cfg(test)]
use super::{CHECK_OIT_LINKS, COMPUTE_RESULTS};
use super::{CheckOitLinks, ComputeResults, ExportResponses, JobReport, JobSpec};
use openita_types::{LinkOutcome, Text};

/// Where the job was started: the agency's OIT page for its link check, the cycle for results
/// and exports, the import page for an import.
pub(super) fn back(spec: &JobSpec) -> String {
    match spec {
        JobSpec::CheckOitLinks(CheckOitLinks {
            year,
            agency: Some(code),
        }) => format!("/cycles/{year}/agencies/{code}/oit"),
        JobSpec::CheckOitLinks(CheckOitLinks { year, agency: None })
        | JobSpec::ComputeResults(ComputeResults { year })
        | JobSpec::ExportResponses(ExportResponses { year, .. }) => format!("/cycles/{year}"),
        JobSpec::ImportAgencies => "/agencies/import".into(),
    }
}

/// The outcome in a sentence, e.g. "ตรวจลิงก์แล้ว 28 ลิงก์: ใช้ได้ 24, ลิงก์เสีย เปิดไม่ได้ 3".
pub(super) fn summary(report: &JobReport) -> Option<Text> {
    match report {
        JobReport::CheckOitLinks(r) => {
            let checked = r.checked;
            let (th, en): (Vec<String>, Vec<String>) = LinkOutcome::ALL
                .iter()
                .filter_map(|outcome| {
                    let n = *r.by_outcome.get(outcome.code()).filter(|n| **n > 0)?;
                    Some((
                        format!("{} {n}", outcome.label_th()),
                        format!("{} {n}", outcome.label_en()),
                    ))
                })
                .unzip();
            Some(trim_colon(
                Text::new(
                    format!("ตรวจลิงก์แล้ว {checked} ลิงก์: {}", th.join(", ")),
                    format!("{checked} links checked: {}", en.join(", ")),
                ),
                checked,
            ))
        }
        JobReport::ComputeResults(r) => {
            let (agencies, passed) = (r.agencies, r.passed);
            Some(Text::new(
                format!("คำนวณผลแล้ว {agencies} หน่วยงาน ผ่าน {passed} หน่วยงาน"),
                format!("Results computed for {agencies} agencies; {passed} passed."),
            ))
        }
        JobReport::ExportResponses(_) => Some(Text::new(
            "ส่งออกคำตอบแล้ว ดาวน์โหลดไฟล์ได้ด้านล่าง",
            "The responses are exported: download the file below.",
        )),
        // The import page shows its own report (created, updated, refused rows).
        JobReport::ImportAgencies(_) => None,
    }
}

/// "0 links checked:" reads as "no links to check".
fn trim_colon(t: Text, checked: usize) -> Text {
    if checked == 0 {
        Text::new("ไม่มีลิงก์ให้ตรวจ", "There were no links to check.")
    } else {
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_check_says_how_many_ended_each_way_and_goes_back_to_the_oit_page() {
        let result = JobReport::read(
            CHECK_OIT_LINKS,
            r#"{"checked": 28, "problems": 4, "by_outcome": {"ok": 24, "dead": 3, "wrong_year": 1}}"#,
        );
        let text = result.as_ref().and_then(summary).map(|t| (t.th, t.en));
        let (th, en) = text.unwrap_or_default();
        assert!(th.starts_with("ตรวจลิงก์แล้ว 28 ลิงก์:"), "{th}");
        assert!(
            th.contains("ใช้ได้ 24") && th.contains("ลิงก์เสีย เปิดไม่ได้ 3"),
            "{th}"
        );
        assert!(en.starts_with("28 links checked:"), "{en}");
        assert_eq!(
            JobSpec::read(CHECK_OIT_LINKS, r#"{"year": 2568, "agency": "6360201"}"#)
                .ok()
                .map(|s| back(&s))
                .as_deref(),
            Some("/cycles/2568/agencies/6360201/oit")
        );
        assert_eq!(
            JobSpec::read(COMPUTE_RESULTS, r#"{"year": 2568}"#)
                .ok()
                .map(|s| back(&s))
                .as_deref(),
            Some("/cycles/2568")
        );
    }
}
