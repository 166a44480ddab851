//! Numbers as people type them: Thai digits (๐-๙) are digits, as Thai keyboards and the
//! letters the seeds quote write them ("๖๑ คน"); thousands may be grouped with commas or
//! spaces. Every form that takes a number, and every typed date, reads it through here.

/// The text with Thai digits turned into ASCII digits (other characters unchanged).
pub fn ascii_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '๐'..='๙' => char::from(b'0' + (c as u32 - '๐' as u32) as u8),
            _ => c,
        })
        .collect()
}

/// A whole number typed in a form: `61`, `๖๑`, `1,250`, ` 1 250 `. None for anything else
/// (a sign, a decimal point, letters).
pub fn parse_whole(text: &str) -> Option<i64> {
    let digits: String = ascii_digits(text.trim())
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '\u{a0}'))
        .collect();
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thai_digits_are_digits() {
        assert_eq!(ascii_digits("๖๑ คน"), "61 คน");
        assert_eq!(parse_whole("๖๑"), Some(61));
        assert_eq!(parse_whole(" ๑,๒๕๐ "), Some(1250));
        assert_eq!(parse_whole("1 250"), Some(1250));
    }

    #[test]
    fn anything_else_is_not_a_number() {
        for typed in ["", " ", "-3", "+3", "3.5", "สามสิบ", "12a", ",", "0x10"] {
            assert_eq!(parse_whole(typed), None, "{typed}");
        }
    }
}
