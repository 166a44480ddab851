//! One agency's line on a coordinator's dashboard (API.md "Provinces and districts").

use openita_scoring::Decimal2;
use openita_types::AgencyType;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct AgencyRef {
    pub code: String,
    pub name_th: String,
    #[serde(rename = "type")]
    pub agency_type: AgencyType,
    /// The district's Thai name.
    pub district: Option<String>,
    pub district_code: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct HeadcountFacts {
    /// Internal staff as entered (null: not entered).
    pub staff: Option<i64>,
    pub approved: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct SurveyFacts {
    pub responses: i64,
    /// Null until the headcount is approved.
    pub minimum: Option<i64>,
    /// max(0, minimum - responses); null while `minimum` is.
    pub short_by: Option<i64>,
    /// Days until the instrument's window closes (0 on its last day; null without a window).
    pub days_left: Option<i64>,
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct OitFacts {
    /// Items with an answer.
    pub answered: i64,
    /// Items whose answers the agency's executive has approved (all answered items once the
    /// submission is approved, else 0).
    pub approved: i64,
    /// Items in the framework.
    pub total: i64,
    /// `draft`, `submitted`, `approved`, `reviewed` or `final`.
    pub state: crate::oit_review::OitState,
    /// Evidence URLs whose last check failed.
    pub failing_links: i64,
    /// Items an assessor scored below full marks (provisionally or finally).
    pub lost_items: Vec<String>,
}

/// The score the agency would get if the cycle closed now.
#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Predicted {
    #[schema(value_type = f64)]
    pub total: Decimal2,
    pub level: String,
    pub tier: String,
    pub pass: bool,
    /// Indicators predicted below the pass mark, weakest first (at most three).
    pub weakest_indicators: Vec<u16>,
}

/// The agency's contact person, kept by its admin.
#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Contact {
    pub name: String,
    pub phone: String,
    pub email: Option<String>,
}

/// What stands between an agency and a complete assessment that passes.
#[derive(
    Debug,
    Clone,
    Copy,
    Serialize,
    serde::Deserialize,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Missing {
    /// No agency users yet: nobody has registered the agency.
    NotRegistered,
    HeadcountNotEntered,
    HeadcountNotApproved,
    IitBelowMinimum,
    EitBelowMinimum,
    OitUnanswered,
    OitNotApproved,
    OitLinksFailing,
    PredictedBelowPass,
}

impl Missing {
    pub const ALL: [Missing; 9] = [
        Missing::NotRegistered,
        Missing::HeadcountNotEntered,
        Missing::HeadcountNotApproved,
        Missing::IitBelowMinimum,
        Missing::EitBelowMinimum,
        Missing::OitUnanswered,
        Missing::OitNotApproved,
        Missing::OitLinksFailing,
        Missing::PredictedBelowPass,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Missing::NotRegistered => "not_registered",
            Missing::HeadcountNotEntered => "headcount_not_entered",
            Missing::HeadcountNotApproved => "headcount_not_approved",
            Missing::IitBelowMinimum => "iit_below_minimum",
            Missing::EitBelowMinimum => "eit_below_minimum",
            Missing::OitUnanswered => "oit_unanswered",
            Missing::OitNotApproved => "oit_not_approved",
            Missing::OitLinksFailing => "oit_links_failing",
            Missing::PredictedBelowPass => "predicted_below_pass",
        }
    }

    pub fn from_code(code: &str) -> Option<Missing> {
        Missing::ALL.into_iter().find(|m| m.code() == code)
    }

    pub fn label_th(self) -> &'static str {
        match self {
            Missing::NotRegistered => "ยังไม่ลงทะเบียนผู้ใช้",
            Missing::HeadcountNotEntered => "ยังไม่กรอกจำนวนบุคลากร",
            Missing::HeadcountNotApproved => "ผู้บริหารยังไม่อนุมัติจำนวนบุคลากร",
            Missing::IitBelowMinimum => "IIT ยังไม่ถึงจำนวนขั้นต่ำ",
            Missing::EitBelowMinimum => "EIT ยังไม่ถึงจำนวนขั้นต่ำ",
            Missing::OitUnanswered => "OIT ยังตอบไม่ครบ",
            Missing::OitNotApproved => "ผู้บริหารยังไม่อนุมัติคำตอบ OIT",
            Missing::OitLinksFailing => "ลิงก์หลักฐาน OIT ใช้ไม่ได้",
            Missing::PredictedBelowPass => "คะแนนคาดการณ์ต่ำกว่าเกณฑ์ผ่าน",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Missing::NotRegistered => "No users registered",
            Missing::HeadcountNotEntered => "Headcount not entered",
            Missing::HeadcountNotApproved => "Headcount not approved",
            Missing::IitBelowMinimum => "IIT below the minimum",
            Missing::EitBelowMinimum => "EIT below the minimum",
            Missing::OitUnanswered => "OIT items unanswered",
            Missing::OitNotApproved => "OIT answers not approved",
            Missing::OitLinksFailing => "OIT evidence links failing",
            Missing::PredictedBelowPass => "Predicted below the pass mark",
        }
    }
}

/// One agency's line.
#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct AgencyOnDashboard {
    pub agency: AgencyRef,
    pub headcount: HeadcountFacts,
    pub iit: SurveyFacts,
    pub eit: SurveyFacts,
    pub oit: OitFacts,
    pub predicted: Option<Predicted>,
    /// The predicted total is below the pass mark.
    pub at_risk: bool,
    pub missing: Vec<Missing>,
    /// Its published result of the year before did not pass (null: no such result).
    pub failed_last_year: Option<bool>,
    pub contact: Option<Contact>,
}
