//! Moments as people type them into a form and read them back: Thai letters write a deadline
//! as "16 มิ.ย. 2568 17.00 น.", so a person types `16/06/2568 17.00`; the API and English
//! readers write `2025-06-16 17:00` or RFC 3339. Reading and showing live together so that
//! what the calendar form shows parses back to the same moment.
//!
//! Every moment without an offset is Bangkok time. A year above 2400 is Buddhist era.

use crate::thai_time::{BE_OFFSET, bangkok};
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc};

/// Which end of a day a date without a time stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayEdge {
    /// 00:00:00: a window opens at the start of its first day.
    Start,
    /// 23:59:59: a window stays open until the end of its last day.
    End,
}

/// Years a calendar can sensibly name, once B.E. is turned into C.E.: a two-digit year or a
/// slip of the keyboard is refused rather than stored as the year 68.
const SENSIBLE_CE_YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// Reads what a person typed: RFC 3339 (exact, any offset); `2025-06-16`, `2025-06-16 17:00`,
/// `2025-06-16T17:00[:00]`; or day first `16/06/2568`, `16/06/2568 17.00`, `16/06/2568 17:00 น.`.
/// Without a time, `edge` says which end of the day is meant. An end typed as 23:59 (no
/// seconds) is the end of that day, 23:59:59, as if the time were left out: "until 23.59 น."
/// means the whole day.
pub fn parse_moment(text: &str, edge: DayEdge) -> Option<DateTime<Utc>> {
    let text = crate::typed_number::ascii_digits(text);
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(&year_first_in_ce(text)) {
        let t = t.with_timezone(&Utc);
        return SENSIBLE_CE_YEARS.contains(&t.year()).then_some(t);
    }
    let text = text.strip_suffix("น.").unwrap_or(text).trim_end();
    let (date, time) = match text.split_once(['T', ' ']) {
        Some((date, time)) => (date, Some(time.trim())),
        None => (text, None),
    };
    let date = parse_date(date)?;
    let time = match (time, edge) {
        (Some(time), _) => parse_time(time, edge)?,
        (None, DayEdge::Start) => NaiveTime::MIN,
        (None, DayEdge::End) => NaiveTime::from_hms_opt(23, 59, 59)?,
    };
    bangkok()
        .from_local_datetime(&NaiveDateTime::new(date, time))
        .single()
        .map(|t| t.with_timezone(&Utc))
}

/// A date typed in a form, as [`parse_moment`] reads its date part: `31/03/2568`,
/// `๓๑/๐๓/๒๕๖๘`, `2025-03-31` or `2568-03-31`.
pub fn parse_typed_date(text: &str) -> Option<NaiveDate> {
    parse_date(crate::typed_number::ascii_digits(text).trim())
}

/// "31/03/2568": a date as a Thai reader types it (and as the date fields show it).
pub fn thai_date_input_text(date: NaiveDate) -> String {
    format!(
        "{:02}/{:02}/{}",
        date.day(),
        date.month(),
        date.year() + BE_OFFSET
    )
}

/// `2025-06-16` (year first) or `16/06/2568` (day first); B.E. or C.E. The parts are read
/// as numbers before the year is turned into C.E.: 29 February 2567 B.E. is 2024 C.E., a leap
/// year, though 2567 itself would not be.
fn parse_date(text: &str) -> Option<NaiveDate> {
    let number = |part: &str, digits: std::ops::RangeInclusive<usize>| {
        (digits.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    let day_first: Vec<&str> = text.split('/').collect();
    let year_first: Vec<&str> = text.split('-').collect();
    let [year, month, day] = match (&day_first[..], &year_first[..]) {
        ([d, m, y], _) | (_, [y, m, d]) => {
            [number(y, 4..=4)?, number(m, 1..=2)?, number(d, 1..=2)?]
        }
        _ => return None,
    };
    let year = i32::try_from(year).ok()?;
    let year = if year > 2400 { year - BE_OFFSET } else { year };
    SENSIBLE_CE_YEARS
        .contains(&year)
        .then(|| NaiveDate::from_ymd_opt(year, month, day))
        .flatten()
}

/// RFC 3339 text with a B.E. year (`2568-06-16T17:00:00+07:00`) rewritten in C.E., so that the
/// calendar checks (29 February) are those of the real year.
fn year_first_in_ce(text: &str) -> String {
    let year = text.get(..4).and_then(|y| y.parse::<i32>().ok());
    match (year, text.get(4..)) {
        (Some(year), Some(rest)) if year > 2400 && rest.starts_with('-') => {
            format!("{}{rest}", year - BE_OFFSET)
        }
        _ => text.to_string(),
    }
}

/// `17:00`, `17.00` or `17:00:30`.
fn parse_time(text: &str, edge: DayEdge) -> Option<NaiveTime> {
    let text = text.replace('.', ":");
    if let Ok(t) = NaiveTime::parse_from_str(&text, "%H:%M:%S") {
        return Some(t);
    }
    let t = NaiveTime::parse_from_str(&text, "%H:%M").ok()?;
    if edge == DayEdge::End && (t.hour(), t.minute()) == (23, 59) {
        return NaiveTime::from_hms_opt(23, 59, 59);
    }
    Some(t)
}

/// "16/06/2568 17:00": a moment as the calendar form shows it to Thai readers (Bangkok time,
/// B.E., day first, to the minute).
pub fn thai_input_text(at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&bangkok());
    format!(
        "{:02}/{:02}/{} {}",
        local.day(),
        local.month(),
        local.year() + BE_OFFSET,
        local.format("%H:%M")
    )
}

/// "2025-06-16 17:00": the same for English readers (Bangkok time, C.E.).
pub fn iso_input_text(at: DateTime<Utc>) -> String {
    at.with_timezone(&bangkok())
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::thai_time::to_db_text;

    fn read(text: &str, edge: DayEdge) -> Option<String> {
        parse_moment(text, edge).map(to_db_text)
    }

    #[test]
    fn the_seeds_deadline_is_read_to_the_minute_in_every_spelling() {
        let deadline = Some("2025-06-16T10:00:00.000000Z".to_string());
        for typed in [
            "16/06/2568 17.00",
            "16/06/2568 17:00",
            "16/6/2568 17.00 น.",
            " 16/06/2568 17.00น. ",
            "2025-06-16 17:00",
            "2568-06-16 17:00",
            "2025-06-16T17:00",
            "2025-06-16T17:00:00",
            "2025-06-16T17:00:00+07:00",
            "2025-06-16T10:00:00Z",
        ] {
            assert_eq!(read(typed, DayEdge::End), deadline, "{typed}");
        }
    }

    #[test]
    fn a_date_alone_is_the_start_or_the_end_of_its_bangkok_day() {
        let start = Some("2025-06-15T17:00:00.000000Z".to_string());
        let end = Some("2025-06-16T16:59:59.000000Z".to_string());
        for typed in ["16/06/2568", "2025-06-16", "2568-06-16", "16/06/2025"] {
            assert_eq!(read(typed, DayEdge::Start), start, "{typed}");
            assert_eq!(read(typed, DayEdge::End), end, "{typed}");
        }
        assert_eq!(
            read("16/06/2568 23:59", DayEdge::End),
            end,
            "23:59 is the whole day"
        );
        assert_eq!(
            read("16/06/2568 23:59", DayEdge::Start),
            Some("2025-06-16T16:59:00.000000Z".to_string()),
            "only an end is stretched to the day's last second"
        );
        assert_eq!(
            read("16/06/2568 23:59:00", DayEdge::End),
            Some("2025-06-16T16:59:00.000000Z".to_string()),
            "seconds typed are taken as typed"
        );
    }

    #[test]
    fn the_leap_day_of_a_buddhist_era_leap_year_is_a_date() {
        // 2567 B.E. is 2024 C.E.: 29 February exists, though the number 2567 is no leap year.
        let leap = Some("2024-02-28T17:00:00.000000Z".to_string());
        assert_eq!(read("29/02/2567", DayEdge::Start), leap);
        assert_eq!(read("2567-02-29", DayEdge::Start), leap);
        assert_eq!(read("2567-02-29T00:00:00+07:00", DayEdge::Start), leap);
        assert_eq!(
            read("29/02/2568", DayEdge::Start),
            None,
            "2025 has no 29 February"
        );
    }

    #[test]
    fn anything_else_is_refused() {
        for typed in [
            "",
            "16/06/68",
            "06/16/2568",
            "16-06-2568",
            "16/06/2568 25:00",
            "16/06/2568 17",
            "16 มิ.ย. 2568",
            "tomorrow",
            "2568-02-30",
            "0068-06-16T17:00:00+07:00",
        ] {
            assert_eq!(read(typed, DayEdge::End), None, "{typed:?}");
        }
    }

    #[test]
    fn what_the_form_shows_reads_back_to_the_same_minute() {
        let at = parse_moment("2025-06-16T17:00:00+07:00", DayEdge::Start).unwrap_or_default();
        assert_eq!(thai_input_text(at), "16/06/2568 17:00");
        assert_eq!(iso_input_text(at), "2025-06-16 17:00");
        for edge in [DayEdge::Start, DayEdge::End] {
            assert_eq!(parse_moment(&thai_input_text(at), edge), Some(at));
            assert_eq!(parse_moment(&iso_input_text(at), edge), Some(at));
        }
        // A window's default end, 23:59:59, shows as 23:59 and reads back unchanged.
        let end = parse_moment("2568-06-16", DayEdge::End).unwrap_or_default();
        assert_eq!(thai_input_text(end), "16/06/2568 23:59");
        assert_eq!(parse_moment(&thai_input_text(end), DayEdge::End), Some(end));
        assert_eq!(parse_moment(&iso_input_text(end), DayEdge::End), Some(end));
    }
}

#[cfg(test)]
mod typed_date_tests {
    use super::*;

    #[test]
    fn a_date_is_read_in_thai_digits_and_either_era_and_shown_in_the_buddhist_era() {
        let day = NaiveDate::from_ymd_opt(2025, 3, 31);
        for typed in [
            "31/03/2568",
            "๓๑/๐๓/๒๕๖๘",
            "31/3/2568",
            "2025-03-31",
            "2568-03-31",
        ] {
            assert_eq!(parse_typed_date(typed), day, "{typed}");
        }
        assert_eq!(parse_typed_date("31/02/2568"), None);
        assert_eq!(
            parse_typed_date("03/31/2025"),
            None,
            "month-first is refused"
        );
        assert_eq!(day.map(thai_date_input_text).as_deref(), Some("31/03/2568"));
    }
}
