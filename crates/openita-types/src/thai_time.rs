//! Buddhist-era years, fiscal years and Thai dates.
//!
//! The Thai fiscal year N (B.E.) runs from 1 October of N-1 to 30 September of N, so fiscal
//! 2568 is October 2024 to September 2025. Users read dates in B.E. and in Thailand's time
//! zone (UTC+7, no daylight saving); the database keeps UTC.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Offset, SecondsFormat, Timelike, Utc};

/// B.E. = C.E. + 543.
pub const BE_OFFSET: i32 = 543;

/// Thailand's time zone, UTC+07:00.
pub fn bangkok() -> FixedOffset {
    // 7 hours is always a valid offset; `east_opt` only fails beyond ±24 h.
    FixedOffset::east_opt(7 * 3600).unwrap_or(Utc.fix())
}

const MONTHS_TH: [&str; 12] = [
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
];

const MONTHS_TH_SHORT: [&str; 12] = [
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
];

/// A Thai fiscal year in the Buddhist era, e.g. 2568. Valid range 2500-2700 keeps typos out.
/// In JSON it is the bare number (2568); reading one checks the range, so a year that gets
/// past the edge of the system (a path, a flag, a stored job) is always a real one.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "i64", into = "i64")]
pub struct FiscalYear(u16);

/// The document says what `new` checks: an integer in FIRST..=LAST.
impl utoipa::PartialSchema for FiscalYear {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::Type::Integer)
            .minimum(Some(FiscalYear::FIRST))
            .maximum(Some(FiscalYear::LAST))
            .description(Some(
                "A Thai fiscal year in the Buddhist era (2568 = Oct 2024 - Sep 2025).",
            ))
            .examples([serde_json::json!(2568)])
            .into()
    }
}

impl utoipa::ToSchema for FiscalYear {}

/// Why a number or a text is not a fiscal year, in Thai and English (the CLI prints it as
/// is; the web reads the year back out of "fiscal year N is not" to say which cycle is
/// missing).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum InvalidFiscalYear {
    #[error(
        "ปีงบประมาณ {0} ไม่ใช่ปี พ.ศ. 2500-2700 / fiscal year {0} is not a Buddhist-era year between 2500 and 2700"
    )]
    OutOfRange(i64),
    #[error(
        "\"{0}\" ไม่ใช่ปีงบประมาณ ใช้ปี พ.ศ. เช่น 2568 / \"{0}\" is not a fiscal year: write the Buddhist-era year, e.g. 2568"
    )]
    NotANumber(String),
}

impl FiscalYear {
    /// The first and last years the system takes: a typo (2025, 25680) is refused.
    pub const FIRST: u16 = 2500;
    pub const LAST: u16 = 2700;

    pub fn new(be_year: i64) -> Result<Self, InvalidFiscalYear> {
        if (i64::from(Self::FIRST)..=i64::from(Self::LAST)).contains(&be_year) {
            Ok(FiscalYear(be_year as u16))
        } else {
            Err(InvalidFiscalYear::OutOfRange(be_year))
        }
    }

    /// A year written in the code (tests, fixtures, the demo's calendar). Out of range it
    /// stops the build where used in a `const`, and panics otherwise: never user input.
    pub const fn of(be_year: u16) -> Self {
        assert!(
            be_year >= Self::FIRST && be_year <= Self::LAST,
            "a fiscal year is 2500-2700 B.E."
        );
        FiscalYear(be_year)
    }

    pub fn be(self) -> u16 {
        self.0
    }

    /// The Gregorian year the fiscal year ends in (2025 for 2568).
    pub fn ce(self) -> i32 {
        i32::from(self.0) - BE_OFFSET
    }

    /// The year before (2567 for 2568); `None` below the range.
    pub fn previous(self) -> Option<Self> {
        Self::new(i64::from(self.0) - 1).ok()
    }

    /// 1 October of the previous Gregorian year.
    pub fn first_day(self) -> NaiveDate {
        let ce = i32::from(self.0) - BE_OFFSET;
        NaiveDate::from_ymd_opt(ce - 1, 10, 1).unwrap_or_default()
    }

    /// 30 September of the Gregorian year.
    pub fn last_day(self) -> NaiveDate {
        let ce = i32::from(self.0) - BE_OFFSET;
        NaiveDate::from_ymd_opt(ce, 9, 30).unwrap_or_default()
    }

    /// The fiscal year a date falls in.
    pub fn containing(date: NaiveDate) -> Self {
        let be = date.year() + BE_OFFSET + i32::from(date.month() >= 10);
        FiscalYear(be.clamp(i32::from(Self::FIRST), i32::from(Self::LAST)) as u16)
    }
}

impl TryFrom<i64> for FiscalYear {
    type Error = InvalidFiscalYear;

    fn try_from(be_year: i64) -> Result<Self, Self::Error> {
        Self::new(be_year)
    }
}

impl From<FiscalYear> for i64 {
    fn from(year: FiscalYear) -> i64 {
        i64::from(year.0)
    }
}

impl std::str::FromStr for FiscalYear {
    type Err = InvalidFiscalYear;

    /// "2568"; anything else that is not a year in range is refused.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let number = text
            .trim()
            .parse::<i64>()
            .map_err(|_| InvalidFiscalYear::NotANumber(text.chars().take(20).collect()))?;
        Self::new(number)
    }
}

impl std::fmt::Display for FiscalYear {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// "16 มิถุนายน 2568" — a date as Thai official letters write it.
pub fn thai_date_long(date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        date.day(),
        MONTHS_TH[date.month0() as usize],
        date.year() + BE_OFFSET
    )
}

/// "16 June 2025" — the long form for the English pages.
pub fn english_date_long(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

/// "16 มิ.ย. 2568" — the short form for tables.
pub fn thai_date_short(date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        date.day(),
        MONTHS_TH_SHORT[date.month0() as usize],
        date.year() + BE_OFFSET
    )
}

/// "16 มิ.ย. 2568 17:00 น." in Bangkok time.
pub fn thai_datetime_short(at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&bangkok());
    format!(
        "{} {} น.",
        thai_date_short(local.date_naive()),
        local.format("%H:%M")
    )
}

/// A window's edge for Thai readers: "31 พ.ค. 2568" when it falls at a day's edge (00:00:00
/// or 23:59:59 Bangkok), "16 มิ.ย. 2568 17:00 น." otherwise. A deadline in the middle of a
/// day must say its hour, or a respondent comes at 18:00 to a closed form.
pub fn thai_window_edge_short(at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&bangkok());
    let time = local.time();
    let day_edge = time == chrono::NaiveTime::MIN
        || (time.hour(), time.minute(), time.second()) == (23, 59, 59);
    if day_edge {
        thai_date_short(local.date_naive())
    } else {
        thai_datetime_short(at)
    }
}

/// "16 Jun 2025 17:00" in Bangkok time, for the English pages.
pub fn english_datetime_short(at: DateTime<Utc>) -> String {
    at.with_timezone(&bangkok())
        .format("%-d %b %Y %H:%M")
        .to_string()
}

/// The text form kept in the database: UTC, microseconds, `Z`, so that text order is time order.
pub fn to_db_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// Reads what [`to_db_text`] wrote (or any RFC 3339 time).
pub fn from_db_text(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// RFC 3339 in Bangkok time, as the API returns times.
pub fn to_api_text(at: DateTime<Utc>) -> String {
    at.with_timezone(&bangkok())
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fiscal_year_is_a_bare_number_in_json_and_is_checked_when_read() {
        let fy: FiscalYear = serde_json::from_str("2568").unwrap_or(FiscalYear(2500));
        assert_eq!(fy.be(), 2568);
        assert_eq!(serde_json::to_string(&fy).ok().as_deref(), Some("2568"));
        assert!(serde_json::from_str::<FiscalYear>("2025").is_err());
        assert!(serde_json::from_str::<FiscalYear>("\"2568\"").is_err());
        assert_eq!("2568".parse::<FiscalYear>(), Ok(fy));
        assert!("25x8".parse::<FiscalYear>().is_err());
        assert_eq!(fy.previous().map(FiscalYear::be), Some(2567));
        assert_eq!(FiscalYear(2500).previous(), None);
        assert_eq!(i64::from(fy), 2568);
    }

    #[test]
    fn fiscal_year_2568_runs_october_2024_to_september_2025() {
        let fy = FiscalYear::new(2568).unwrap_or(FiscalYear(2500));
        assert_eq!(
            fy.first_day(),
            NaiveDate::from_ymd_opt(2024, 10, 1).unwrap_or_default()
        );
        assert_eq!(
            fy.last_day(),
            NaiveDate::from_ymd_opt(2025, 9, 30).unwrap_or_default()
        );
        let sept = NaiveDate::from_ymd_opt(2025, 9, 30).unwrap_or_default();
        let oct = NaiveDate::from_ymd_opt(2025, 10, 1).unwrap_or_default();
        assert_eq!(FiscalYear::containing(sept).be(), 2568);
        assert_eq!(FiscalYear::containing(oct).be(), 2569);
    }

    #[test]
    fn fiscal_year_outside_the_buddhist_era_range_is_refused() {
        assert!(FiscalYear::new(2025).is_err());
        assert!(FiscalYear::new(2568).is_ok());
    }

    #[test]
    fn thai_dates_use_buddhist_era_and_bangkok_time() {
        let d = NaiveDate::from_ymd_opt(2025, 6, 16).unwrap_or_default();
        assert_eq!(thai_date_long(d), "16 มิถุนายน 2568");
        assert_eq!(english_date_long(d), "16 June 2025");
        let at = from_db_text("2025-06-16T10:00:00.000000Z").unwrap_or_default();
        assert_eq!(thai_datetime_short(at), "16 มิ.ย. 2568 17:00 น.");
        assert_eq!(to_api_text(at), "2025-06-16T17:00:00+07:00");
        assert_eq!(thai_window_edge_short(at), "16 มิ.ย. 2568 17:00 น.");
        let end_of_day = from_db_text("2025-06-16T16:59:59.000000Z").unwrap_or_default();
        assert_eq!(thai_window_edge_short(end_of_day), "16 มิ.ย. 2568");
        let start_of_day = from_db_text("2025-06-15T17:00:00.000000Z").unwrap_or_default();
        assert_eq!(thai_window_edge_short(start_of_day), "16 มิ.ย. 2568");
    }

    #[test]
    fn db_text_round_trips_and_sorts_as_time() {
        let a = from_db_text("2025-01-02T03:04:05.000006Z").unwrap_or_default();
        assert_eq!(from_db_text(&to_db_text(a)), Some(a));
        let b = a + chrono::Duration::microseconds(1);
        assert!(to_db_text(a) < to_db_text(b));
    }
}
