//! Who is behind and what to tell them: the words of the digest to an agency and of the
//! weekly summary to the province's coordinators. Thai first, English below, plain text.

use crate::{
    cycles::CycleView,
    dashboards::{AgencyOnDashboard, Missing, area::Place},
    notifications::Message,
};
use chrono::{DateTime, NaiveDate, Utc};
use openita_types::{
    Phase,
    thai_time::{bangkok, english_date_long, thai_date_long},
};

pub const DIGEST: &str = "reminder.digest";
pub const SCHEDULED_DIGEST: &str = "reminder.scheduled_digest";
pub const WEEKLY_SUMMARY: &str = "reminder.weekly_summary";

/// The calendar window in which an agency can still act on a reason (none: no window, e.g.
/// the prediction).
fn phase_of(reason: Missing) -> Option<Phase> {
    match reason {
        Missing::NotRegistered => Some(Phase::Registration),
        Missing::HeadcountNotEntered | Missing::HeadcountNotApproved => Some(Phase::Headcount),
        Missing::IitBelowMinimum => Some(Phase::Iit),
        Missing::EitBelowMinimum => Some(Phase::Eit),
        Missing::OitUnanswered | Missing::OitNotApproved | Missing::OitLinksFailing => {
            Some(Phase::OitAnswer)
        }
        Missing::PredictedBelowPass => None,
    }
}

/// The last day of a window, in Bangkok.
fn last_day(cycle: &CycleView, phase: Phase) -> Option<NaiveDate> {
    cycle
        .window(phase)
        .map(|w| w.end.with_timezone(&bangkok()).date_naive())
}

/// The reasons worth a reminder at `now`: those whose window has not closed yet (a reason
/// without a window in the calendar counts; after its window nothing can be done).
pub fn reasons_to_chase(
    line: &AgencyOnDashboard,
    cycle: &CycleView,
    now: DateTime<Utc>,
) -> Vec<Missing> {
    line.missing
        .iter()
        .copied()
        .filter(|m| {
            phase_of(*m)
                .and_then(|p| cycle.window(p))
                .is_none_or(|w| now <= w.end)
        })
        .collect()
}

/// An agency is behind when it misses a step of the process. A prediction below the pass mark
/// alone is not: there is nothing to do by a date, and the coordinator sees it on the
/// dashboard and in the weekly summary.
pub fn is_behind(reasons: &[Missing]) -> bool {
    reasons.iter().any(|m| *m != Missing::PredictedBelowPass)
}

/// Whether a cycle's agencies still have work to do at `now`: from the first opening of an
/// agency window (registration to OIT answers) to the last closing.
pub fn collecting(cycle: &CycleView, now: DateTime<Utc>) -> bool {
    let windows: Vec<_> = [
        Phase::Registration,
        Phase::Headcount,
        Phase::Iit,
        Phase::Eit,
        Phase::OitAnswer,
    ]
    .iter()
    .filter_map(|p| cycle.window(*p))
    .collect();
    let start = windows.iter().map(|w| w.start).min();
    let end = windows.iter().map(|w| w.end).max();
    matches!((start, end), (Some(s), Some(e)) if s <= now && now <= e)
}

fn reason_lines(
    line: &AgencyOnDashboard,
    reasons: &[Missing],
    cycle: &CycleView,
) -> (String, String) {
    let (mut th, mut en) = (String::new(), String::new());
    for m in reasons {
        let short = match m {
            Missing::IitBelowMinimum => line.iit.short_by,
            Missing::EitBelowMinimum => line.eit.short_by,
            _ => None,
        };
        let end = phase_of(*m).and_then(|p| last_day(cycle, p));
        th.push_str(&format!("- {}", m.label_th()));
        en.push_str(&format!("- {}", m.label_en()));
        if let Some(n) = short {
            th.push_str(&format!(" ขาดอีก {n} คน"));
            en.push_str(&format!(": {n} more responses needed"));
        }
        if let Some(d) = end {
            th.push_str(&format!(" (สิ้นสุด {})", thai_date_long(d)));
            en.push_str(&format!(" (window ends {})", english_date_long(d)));
        }
        th.push('\n');
        en.push('\n');
    }
    (th, en)
}

/// The digest to one agency.
pub fn agency_digest(
    event: &'static str,
    cycle: &CycleView,
    province: &Place,
    line: &AgencyOnDashboard,
    reasons: &[Missing],
) -> Message {
    let year = cycle.year;
    let n = reasons
        .iter()
        .filter(|m| **m != Missing::PredictedBelowPass)
        .count();
    let (th, en) = reason_lines(line, reasons, cycle);
    let name = &line.agency.name_th;
    Message {
        event,
        subject: format!(
            "[ITA {year}] แจ้งเตือน: {name} ยังมี {n} เรื่องที่ต้องดำเนินการ / Reminder: {n} \
             things still to do"
        ),
        body: format!(
            "เรียน ผู้ดูแลระบบและผู้บริหาร{name} (รหัส {code})\n\n\
             จังหวัด{province_th}ขอแจ้งเรื่องที่หน่วยงานยังต้องดำเนินการในการประเมิน ITA \
             ปีงบประมาณ พ.ศ. {year}:\n{th}\n\
             โปรดดำเนินการให้ครบก่อนสิ้นสุดช่วงเวลา ดูรายละเอียดได้ที่หน้าของหน่วยงานตามลิงก์ด้านล่าง\n\n\
             Dear admin and executive of {name} (code {code}),\n\n\
             {province_en} province reminds you of what your agency still has to do in the ITA \
             of fiscal year {year}:\n{en}\n\
             Please complete it before the window ends; your agency's page (link below) has \
             the details.",
            code = line.agency.code,
            province_th = province.name_th,
            province_en = province.name_en,
        ),
        link_path: format!("/cycles/{year}/agencies/{}", line.agency.code),
    }
}

/// One agency in the coordinators' summary.
pub struct SummaryLine<'a> {
    pub line: &'a AgencyOnDashboard,
    pub reasons: Vec<Missing>,
    pub messages: usize,
}

/// A round of the last week, for the summary: (when, manual?, by, agencies, messages).
pub struct RoundLine {
    pub at: DateTime<Utc>,
    pub manual: bool,
    pub by: String,
    pub agencies: i64,
    pub messages: i64,
}

/// The weekly summary to a province's coordinators.
pub fn weekly_summary(
    cycle: &CycleView,
    province: &Place,
    area: &[SummaryLine<'_>],
    rounds: &[RoundLine],
) -> Message {
    let year = cycle.year;
    let behind: Vec<&SummaryLine<'_>> = area.iter().filter(|a| is_behind(&a.reasons)).collect();
    let (mut th, mut en) = (String::new(), String::new());
    for m in Missing::ALL {
        let n = area.iter().filter(|a| a.line.missing.contains(&m)).count();
        if n > 0 {
            th.push_str(&format!("- {}: {n} หน่วยงาน\n", m.label_th()));
            en.push_str(&format!("- {}: {n} agencies\n", m.label_en()));
        }
    }
    let at_risk: Vec<&SummaryLine<'_>> = area.iter().filter(|a| a.line.at_risk).collect();
    let (mut risk_th, mut risk_en) = (String::new(), String::new());
    for a in &at_risk {
        let p = a
            .line
            .predicted
            .as_ref()
            .map(|p| p.total.to_string())
            .unwrap_or_else(|| "-".into());
        risk_th.push_str(&format!(
            "- {} ({}) คะแนนคาดการณ์ {p}\n",
            a.line.agency.name_th, a.line.agency.code
        ));
        risk_en.push_str(&format!(
            "- {} ({}) predicted {p}\n",
            a.line.agency.name_th, a.line.agency.code
        ));
    }
    let (mut sent_th, mut sent_en) = (String::new(), String::new());
    for r in rounds {
        let local = r.at.with_timezone(&bangkok());
        let when_th = format!(
            "{} {} น.",
            thai_date_long(local.date_naive()),
            local.format("%H:%M")
        );
        let when_en = format!(
            "{} {}",
            english_date_long(local.date_naive()),
            local.format("%H:%M")
        );
        let (how_th, how_en) = if r.manual {
            (
                format!("ส่งทันทีโดย {}", r.by),
                format!("sent now by {}", r.by),
            )
        } else {
            (
                "ตามกำหนดประจำสัปดาห์".to_string(),
                "weekly schedule".to_string(),
            )
        };
        sent_th.push_str(&format!(
            "- {when_th} {how_th}: {} ฉบับ ถึง {} หน่วยงาน\n",
            r.messages, r.agencies
        ));
        sent_en.push_str(&format!(
            "- {when_en} {how_en}: {} messages to {} agencies\n",
            r.messages, r.agencies
        ));
    }
    let mut reached_th = String::new();
    for a in behind.iter().filter(|a| a.messages > 0) {
        reached_th.push_str(&format!(
            "- {} ({}): {} ฉบับ\n",
            a.line.agency.name_th, a.line.agency.code, a.messages
        ));
    }
    let unreachable: Vec<String> = behind
        .iter()
        .filter(|a| a.messages == 0)
        .map(|a| format!("{} ({})", a.line.agency.name_th, a.line.agency.code))
        .collect();
    let none = |list: &str, th: bool| {
        if list.is_empty() {
            if th {
                "- ไม่มี\n".to_string()
            } else {
                "- none\n".to_string()
            }
        } else {
            list.to_string()
        }
    };
    Message {
        event: WEEKLY_SUMMARY,
        subject: format!(
            "[ITA {year}] สรุปประจำสัปดาห์ จังหวัด{}: {} หน่วยงานยังมีเรื่องค้าง / Weekly \
             summary: {} agencies behind",
            province.name_th,
            behind.len(),
            behind.len()
        ),
        body: format!(
            "สรุปการประเมิน ITA ปีงบประมาณ พ.ศ. {year} จังหวัด{p_th} ({agencies} หน่วยงาน)\n\n\
             หน่วยงานที่ยังมีเรื่องค้าง แยกตามเรื่อง:\n{th}\n\
             หน่วยงานที่คะแนนคาดการณ์ต่ำกว่าเกณฑ์ ({risk} หน่วยงาน):\n{risk_th}\n\
             การแจ้งเตือนรอบนี้ส่งถึง:\n{reached_th}\n\
             หน่วยงานที่ยังไม่มีผู้รับอีเมล (โปรดติดต่อโดยตรง): {unreachable_th}\n\n\
             การแจ้งเตือนใน 7 วันที่ผ่านมา:\n{sent_th}\n\
             Weekly summary of the ITA {year}, {p_en} province ({agencies} agencies)\n\n\
             Agencies behind, by reason:\n{en}\n\
             Agencies predicted below the pass mark ({risk}):\n{risk_en}\n\
             Agencies without anyone to mail (contact them directly): {unreachable_en}\n\n\
             Reminders of the last 7 days:\n{sent_en}",
            p_th = province.name_th,
            p_en = province.name_en,
            agencies = area.len(),
            th = none(&th, true),
            en = none(&en, false),
            risk = at_risk.len(),
            risk_th = none(&risk_th, true),
            risk_en = none(&risk_en, false),
            reached_th = none(&reached_th, true),
            unreachable_th = if unreachable.is_empty() {
                "-".to_string()
            } else {
                unreachable.join(", ")
            },
            unreachable_en = if unreachable.is_empty() {
                "-".to_string()
            } else {
                unreachable.join(", ")
            },
            sent_th = none(&sent_th, true),
            sent_en = none(&sent_en, false),
        ),
        link_path: format!("/cycles/{year}/provinces/{}/reminders", province.code),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prediction_below_the_pass_mark_alone_is_not_behind() {
        assert!(!is_behind(&[]));
        assert!(!is_behind(&[Missing::PredictedBelowPass]));
        assert!(is_behind(&[
            Missing::OitUnanswered,
            Missing::PredictedBelowPass
        ]));
        assert!(is_behind(&[Missing::HeadcountNotEntered]));
    }
}
