//! Flags: facts about a result that a reader must see next to the score.
//!
//! Flags never change a score by themselves; the rule that did (no responses, sample policy
//! `zero`, missing OIT items counting 0) is in the breakdown next to the number it changed.

use openita_framework::InstrumentCode;
use serde::{Deserialize, Serialize};
use std::fmt;

/// One flag, spelled in JSON as in API.md (`"no_responses_eit"`, `"sample_below_minimum_iit"`).
/// A result lists its flags in this enum's order, each once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// The IIT has no responses (or none of them answered a question): it scores 0.
    NoResponsesIit,
    /// The EIT has no responses (or none of them answered a question): it scores 0.
    NoResponsesEit,
    /// Fewer IIT responses than the minimum sample. Policy `flag`: scored as usual;
    /// policy `zero`: the IIT scores 0.
    SampleBelowMinimumIit,
    /// Fewer EIT responses than the minimum sample (same policies).
    SampleBelowMinimumEit,
    /// No approved headcount, so no IIT minimum sample is known and none was checked.
    HeadcountMissing,
    /// At least one OIT item is not final: provisional scores count as given, missing ones 0.
    OitNotFinal,
    /// A question of an instrument that has responses got no answer at all (every respondent
    /// left an optional question blank): it is left out of its indicator's mean.
    QuestionWithoutAnswers,
    /// An indicator none of whose questions got an answer: it counts 0, or is left out of its
    /// instrument's mean, as the framework's `empty_indicator` says.
    IndicatorWithoutAnswers,
    /// Survey integrity (set by the core's `survey_integrity`, never by the engine): more IIT
    /// responses than the approved headcount.
    IntegrityAboveHeadcountIit,
    /// Survey integrity: an hour with IIT arrivals far above the agency's size.
    IntegrityBurstIit,
    /// Survey integrity: an hour with EIT arrivals far above the agency's size.
    IntegrityBurstEit,
    /// Survey integrity: a share of identical or all-best IIT answer sets far above the
    /// agency's peers.
    IntegrityIdenticalIit,
    /// Survey integrity: the same for the EIT.
    IntegrityIdenticalEit,
}

impl Flag {
    pub const ALL: [Flag; 13] = [
        Flag::NoResponsesIit,
        Flag::NoResponsesEit,
        Flag::SampleBelowMinimumIit,
        Flag::SampleBelowMinimumEit,
        Flag::HeadcountMissing,
        Flag::OitNotFinal,
        Flag::QuestionWithoutAnswers,
        Flag::IndicatorWithoutAnswers,
        Flag::IntegrityAboveHeadcountIit,
        Flag::IntegrityBurstIit,
        Flag::IntegrityBurstEit,
        Flag::IntegrityIdenticalIit,
        Flag::IntegrityIdenticalEit,
    ];

    /// The code used in the API and files.
    pub const fn as_str(self) -> &'static str {
        match self {
            Flag::NoResponsesIit => "no_responses_iit",
            Flag::NoResponsesEit => "no_responses_eit",
            Flag::SampleBelowMinimumIit => "sample_below_minimum_iit",
            Flag::SampleBelowMinimumEit => "sample_below_minimum_eit",
            Flag::HeadcountMissing => "headcount_missing",
            Flag::OitNotFinal => "oit_not_final",
            Flag::QuestionWithoutAnswers => "question_without_answers",
            Flag::IndicatorWithoutAnswers => "indicator_without_answers",
            Flag::IntegrityAboveHeadcountIit => "integrity_above_headcount_iit",
            Flag::IntegrityBurstIit => "integrity_burst_iit",
            Flag::IntegrityBurstEit => "integrity_burst_eit",
            Flag::IntegrityIdenticalIit => "integrity_identical_iit",
            Flag::IntegrityIdenticalEit => "integrity_identical_eit",
        }
    }

    /// `no_responses_iit` / `no_responses_eit`; `None` for OIT.
    pub const fn no_responses(code: InstrumentCode) -> Option<Flag> {
        match code {
            InstrumentCode::Iit => Some(Flag::NoResponsesIit),
            InstrumentCode::Eit => Some(Flag::NoResponsesEit),
            InstrumentCode::Oit => None,
        }
    }

    /// Whether the flag is a survey integrity flag (about how answers arrived, not a scoring
    /// rule).
    pub const fn is_integrity(self) -> bool {
        matches!(
            self,
            Flag::IntegrityAboveHeadcountIit
                | Flag::IntegrityBurstIit
                | Flag::IntegrityBurstEit
                | Flag::IntegrityIdenticalIit
                | Flag::IntegrityIdenticalEit
        )
    }

    /// `sample_below_minimum_iit` / `_eit`; `None` for OIT.
    pub const fn sample_below_minimum(code: InstrumentCode) -> Option<Flag> {
        match code {
            InstrumentCode::Iit => Some(Flag::SampleBelowMinimumIit),
            InstrumentCode::Eit => Some(Flag::SampleBelowMinimumEit),
            InstrumentCode::Oit => None,
        }
    }

    pub const fn description_en(self) -> &'static str {
        match self {
            Flag::NoResponsesIit => "The IIT has no responses; it scores 0.",
            Flag::NoResponsesEit => "The EIT has no responses; it scores 0.",
            Flag::SampleBelowMinimumIit => "Fewer IIT responses than the minimum sample.",
            Flag::SampleBelowMinimumEit => "Fewer EIT responses than the minimum sample.",
            Flag::HeadcountMissing => {
                "No approved headcount: the IIT minimum sample is unknown and was not checked."
            }
            Flag::OitNotFinal => {
                "Some OIT items are not final: provisional scores count as given, missing items count 0."
            }
            Flag::QuestionWithoutAnswers => {
                "A question got no answer and is left out of its indicator's mean."
            }
            Flag::IndicatorWithoutAnswers => {
                "An indicator got no answer at all: by the framework's rule it counts 0 (or, where the framework says so, is left out of its instrument's mean)."
            }
            Flag::IntegrityAboveHeadcountIit => {
                "More IIT responses than the approved headcount: some may not come from the agency's staff."
            }
            Flag::IntegrityBurstIit => {
                "In one hour more IIT responses arrived than the agency could plausibly give."
            }
            Flag::IntegrityBurstEit => {
                "In one hour more EIT responses arrived than the agency could plausibly give."
            }
            Flag::IntegrityIdenticalIit => {
                "Far more identical or all-best IIT answer sets than agencies of the same type show."
            }
            Flag::IntegrityIdenticalEit => {
                "Far more identical or all-best EIT answer sets than agencies of the same type show."
            }
        }
    }

    pub const fn description_th(self) -> &'static str {
        match self {
            Flag::NoResponsesIit => "ไม่มีผู้ตอบแบบวัด IIT คะแนน IIT เป็น 0",
            Flag::NoResponsesEit => "ไม่มีผู้ตอบแบบวัด EIT คะแนน EIT เป็น 0",
            Flag::SampleBelowMinimumIit => "จำนวนผู้ตอบแบบวัด IIT น้อยกว่าจำนวนขั้นต่ำ",
            Flag::SampleBelowMinimumEit => "จำนวนผู้ตอบแบบวัด EIT น้อยกว่าจำนวนขั้นต่ำ",
            Flag::HeadcountMissing => {
                "ยังไม่มีจำนวนบุคลากรที่อนุมัติแล้ว จึงไม่ทราบและไม่ได้ตรวจจำนวนผู้ตอบ IIT ขั้นต่ำ"
            }
            Flag::OitNotFinal => {
                "คะแนน OIT บางข้อยังไม่เป็นที่สุด ข้อที่มีคะแนนเบื้องต้นนับตามนั้น ข้อที่ยังไม่มีคะแนนนับเป็น 0"
            }
            Flag::QuestionWithoutAnswers => "มีข้อคำถามที่ไม่มีผู้ตอบเลย จึงไม่นำมาคิดค่าเฉลี่ยของตัวชี้วัด",
            Flag::IndicatorWithoutAnswers => {
                "มีตัวชี้วัดที่ไม่มีผู้ตอบเลย ตามเกณฑ์นับเป็น 0 คะแนน (หรือไม่นำมาคิดค่าเฉลี่ยของแบบวัด หากเกณฑ์ปีนั้นกำหนดไว้เช่นนั้น)"
            }
            Flag::IntegrityAboveHeadcountIit => {
                "จำนวนผู้ตอบ IIT มากกว่าจำนวนบุคลากรที่อนุมัติ บางคำตอบอาจไม่ได้มาจากบุคลากรของหน่วยงาน"
            }
            Flag::IntegrityBurstIit => "มีช่วงหนึ่งชั่วโมงที่มีผู้ตอบ IIT มากเกินกว่าขนาดของหน่วยงานจะเป็นไปได้",
            Flag::IntegrityBurstEit => "มีช่วงหนึ่งชั่วโมงที่มีผู้ตอบ EIT มากเกินกว่าขนาดของหน่วยงานจะเป็นไปได้",
            Flag::IntegrityIdenticalIit => {
                "สัดส่วนชุดคำตอบ IIT ที่เหมือนกันทุกข้อหรือดีที่สุดทุกข้อ สูงกว่าหน่วยงานประเภทเดียวกันมาก"
            }
            Flag::IntegrityIdenticalEit => {
                "สัดส่วนชุดคำตอบ EIT ที่เหมือนกันทุกข้อหรือดีที่สุดทุกข้อ สูงกว่าหน่วยงานประเภทเดียวกันมาก"
            }
        }
    }
}

impl fmt::Display for Flag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_spelling_matches_as_str() {
        for flag in Flag::ALL {
            let json = serde_json::to_string(&flag).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", flag.as_str()));
        }
    }
}
