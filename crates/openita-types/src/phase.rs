//! The phases of a cycle's calendar, in the order a cycle runs through them.

use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Registration,
    Headcount,
    Iit,
    Eit,
    OitAnswer,
    OitReview,
    Clarification,
    Confirmation,
    Announcement,
}

impl Phase {
    pub const ALL: [Phase; 9] = [
        Phase::Registration,
        Phase::Headcount,
        Phase::Iit,
        Phase::Eit,
        Phase::OitAnswer,
        Phase::OitReview,
        Phase::Clarification,
        Phase::Confirmation,
        Phase::Announcement,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Phase::Registration => "registration",
            Phase::Headcount => "headcount",
            Phase::Iit => "iit",
            Phase::Eit => "eit",
            Phase::OitAnswer => "oit_answer",
            Phase::OitReview => "oit_review",
            Phase::Clarification => "clarification",
            Phase::Confirmation => "confirmation",
            Phase::Announcement => "announcement",
        }
    }

    pub fn name_th(self) -> &'static str {
        match self {
            Phase::Registration => "ลงทะเบียนผู้ดูแลระบบและผู้บริหาร",
            Phase::Headcount => "ระบุจำนวนผู้มีส่วนได้ส่วนเสียภายใน",
            Phase::Iit => "เก็บข้อมูลแบบวัด IIT",
            Phase::Eit => "เก็บข้อมูลแบบวัด EIT",
            Phase::OitAnswer => "ตอบแบบวัด OIT",
            Phase::OitReview => "ผู้ประเมินตรวจให้คะแนน OIT",
            Phase::Clarification => "หน่วยงานชี้แจงเพิ่มเติม (ทักท้วง)",
            Phase::Confirmation => "ผู้ประเมินยืนยันผลคะแนน",
            Phase::Announcement => "ประกาศผลการประเมิน",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Phase::Registration => "Registration of administrators and executives",
            Phase::Headcount => "Internal stakeholder headcount",
            Phase::Iit => "IIT survey collection",
            Phase::Eit => "EIT survey collection",
            Phase::OitAnswer => "OIT answering",
            Phase::OitReview => "OIT review by assessors",
            Phase::Clarification => "Clarification (agency objections)",
            Phase::Confirmation => "Confirmation of final scores",
            Phase::Announcement => "Announcement of results",
        }
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("unknown phase `{0}`")]
pub struct UnknownPhase(pub String);

impl FromStr for Phase {
    type Err = UnknownPhase;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Phase::ALL
            .into_iter()
            .find(|p| p.code() == s.trim())
            .ok_or_else(|| UnknownPhase(s.to_string()))
    }
}
