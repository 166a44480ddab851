//! The survey poster: an A4 portrait PDF for notice boards with the survey's QR code.
//!
//! Thai comes first and English under it. The layout is `templates/poster.typ`; this module
//! decides the words that depend on the instrument and checks the input.

use serde::{Deserialize, Serialize};

use crate::error::ReportError;
use crate::{pdf, qr};

const TEMPLATE: &str = include_str!("../templates/poster.typ");

/// Which survey the poster invites people to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Instrument {
    /// แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน: for the agency's own staff with at least
    /// one year of service.
    Iit,
    /// แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก: for people and businesses the agency
    /// served.
    Eit,
}

impl Instrument {
    /// The instrument's official Thai name with its abbreviation.
    pub fn name_th(self) -> &'static str {
        match self {
            Self::Iit => "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)",
            Self::Eit => "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)",
        }
    }

    /// The instrument's English name.
    pub fn name_en(self) -> &'static str {
        match self {
            Self::Iit => "Internal Integrity and Transparency Assessment (IIT) survey",
            Self::Eit => "External Integrity and Transparency Assessment (EIT) survey",
        }
    }

    /// Who is asked, in Thai, to follow "สำหรับ" ("for").
    fn audience_th(self) -> &'static str {
        match self {
            Self::Iit => "บุคลากรที่ปฏิบัติงานในหน่วยงานมาแล้วไม่น้อยกว่า 1 ปี",
            Self::Eit => "ประชาชน ผู้รับบริการ และผู้ประกอบการที่เคยติดต่อหน่วยงาน",
        }
    }

    /// Who is asked, in English.
    fn audience_en(self) -> &'static str {
        match self {
            Self::Iit => "For staff who have worked at the agency for at least one year",
            Self::Eit => "For people and businesses who have dealt with the agency",
        }
    }

    /// The poster's accent colour: blue for staff, green for the public, so the two posters
    /// on one board are told apart at a glance. Both stay dark enough in greyscale print.
    fn accent(self) -> &'static str {
        match self {
            Self::Iit => "#1d4f91",
            Self::Eit => "#0b6b4f",
        }
    }
}

/// What a survey poster says. Strings are printed as given (never read as markup).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PosterInput {
    /// The agency's full Thai name, e.g. "องค์การบริหารส่วนตำบลหนองบัวระเหว อำเภอหนองบัวระเหว
    /// จังหวัดชัยภูมิ". Long names are set smaller so the poster stays one page.
    pub agency_name_th: String,
    /// The agency's English name, printed under the Thai one when given.
    pub agency_name_en: Option<String>,
    /// IIT (staff) or EIT (the public): decides the title, the audience line and the colour.
    pub instrument: Instrument,
    /// The fiscal year in the Buddhist Era, e.g. 2569 (printed "ประจำปีงบประมาณ พ.ศ. 2569" and
    /// "Fiscal year 2026"). Must be 2500 or later, which catches a Common Era year by mistake.
    pub fiscal_year_be: u16,
    /// The survey link: encoded in the QR code and printed under it.
    pub survey_url: String,
    /// When answers are accepted, formatted in Thai by the caller, e.g.
    /// "เปิดตอบ 1 ก.พ. 2569 – 31 พ.ค. 2569".
    pub window_th: String,
    /// The same in English, e.g. "Open 1 Feb 2026 – 31 May 2026".
    pub window_en: Option<String>,
    /// About how many minutes answering takes ("ใช้เวลาประมาณ 5 นาที").
    pub minutes: u16,
    /// An optional footer line, e.g. whom to ask: "สอบถาม สำนักปลัด โทร 044 000 000".
    pub contact: Option<String>,
}

/// Side of the QR code on paper, in millimetres: scannable from a metre or two away.
const QR_MM: u32 = 72;

/// Difference between the Buddhist Era and the Common Era.
const BE_OFFSET: u16 = 543;

/// Renders the poster as a one-page A4 PDF.
///
/// # Errors
/// [`ReportError::InvalidInput`] for an empty agency name or URL or a fiscal year that is not
/// in the Buddhist Era; [`ReportError::Qr`] for a URL too long for a QR code; template errors
/// would be a bug in this crate.
pub fn pdf(input: &PosterInput) -> Result<Vec<u8>, ReportError> {
    let (data, qr_svg) = template_input(input)?;
    pdf::render(TEMPLATE, &data, &[("qr.svg", qr_svg)])
}

/// The template's `data.json` and `qr.svg`, after checking the input.
fn template_input(input: &PosterInput) -> Result<(serde_json::Value, Vec<u8>), ReportError> {
    if input.agency_name_th.trim().is_empty() {
        return Err(ReportError::InvalidInput("the agency name is empty".into()));
    }
    if input.survey_url.trim().is_empty() {
        return Err(ReportError::InvalidInput("the survey URL is empty".into()));
    }
    if input.fiscal_year_be < 2500 {
        return Err(ReportError::InvalidInput(format!(
            "fiscal year {} is not in the Buddhist Era (expected e.g. 2569)",
            input.fiscal_year_be
        )));
    }
    let qr_svg = qr::svg(&input.survey_url)?;
    let instrument = input.instrument;
    let abbreviation = match instrument {
        Instrument::Iit => "IIT",
        Instrument::Eit => "EIT",
    };
    let data = serde_json::json!({
        "title": format!("{abbreviation} {} – {}", input.fiscal_year_be, input.agency_name_th),
        "accent": instrument.accent(),
        "agency_th": input.agency_name_th,
        "agency_en": input.agency_name_en,
        "instrument_th": instrument.name_th(),
        "instrument_en": instrument.name_en(),
        "audience_th": instrument.audience_th(),
        "audience_en": instrument.audience_en(),
        "fiscal_year_be": input.fiscal_year_be,
        "fiscal_year_ce": input.fiscal_year_be - BE_OFFSET,
        "survey_url": input.survey_url,
        "window_th": input.window_th,
        "window_en": input.window_en,
        "minutes": input.minutes,
        "contact": input.contact,
        "qr_mm": QR_MM,
    });
    Ok((data, qr_svg.into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> PosterInput {
        PosterInput {
            agency_name_th: "องค์การบริหารส่วนตำบลหนองบัว".into(),
            agency_name_en: None,
            instrument: Instrument::Iit,
            fiscal_year_be: 2569,
            survey_url: "https://ita.example.go.th/s/ABC".into(),
            window_th: "เปิดตอบ 1 ก.พ. 2569 – 31 พ.ค. 2569".into(),
            window_en: None,
            minutes: 5,
            contact: None,
        }
    }

    #[test]
    fn a_common_era_year_is_refused() {
        let poster = PosterInput {
            fiscal_year_be: 2026,
            ..input()
        };
        assert!(matches!(pdf(&poster), Err(ReportError::InvalidInput(_))));
    }

    #[test]
    fn an_empty_url_is_refused() {
        let poster = PosterInput {
            survey_url: " ".into(),
            ..input()
        };
        assert!(matches!(pdf(&poster), Err(ReportError::InvalidInput(_))));
    }

    #[test]
    fn the_template_compiles_without_warnings_for_both_instruments() -> Result<(), ReportError> {
        for instrument in [Instrument::Iit, Instrument::Eit] {
            let with_everything = PosterInput {
                instrument,
                agency_name_en: Some("Nong Bua SAO".into()),
                window_en: Some("Open 1 Feb 2026 – 31 May 2026".into()),
                contact: Some("โทร 044 000 000".into()),
                ..input()
            };
            for poster in [input(), with_everything] {
                let (data, qr_svg) = template_input(&PosterInput {
                    instrument,
                    ..poster
                })?;
                let (bytes, warnings) =
                    pdf::render_with_warnings(TEMPLATE, &data, &[("qr.svg", qr_svg)])?;
                assert!(bytes.starts_with(b"%PDF-"));
                assert_eq!(warnings, "", "the poster template must compile cleanly");
            }
        }
        Ok(())
    }
}
