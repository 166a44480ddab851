//! Turning a fetched body into text, and looking for fiscal years and log-in
//! forms in it. Pure functions, no I/O.

use std::io::Read;

/// Lowest and highest B.E. year reported in [`YearScan::years_seen`].
const BE_MIN: u16 = 2500;
const BE_MAX: u16 = 2699;

/// Words that, right before a two-digit number, mark it as a short B.E. year
/// ("ปีงบประมาณ 68", "พ.ศ. ๖๘", "ปีงบฯ 68").
const SHORT_YEAR_PREFIXES: &[&str] = &["ปีงบประมาณ", "ปีงบฯ", "ปีงบ", "พ.ศ", "พ.ศ."];

/// Lower-cased prefixes that mark a four-digit number as a C.E. fiscal year
/// ("FY2025", "fiscal year 2025").
const CE_FISCAL_PREFIXES: &[&str] = &["fy", "fiscal year", "fiscal"];

/// Result of [`scan_years`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct YearScan {
    /// The expected year was found (always `false` when none was expected).
    pub found: bool,
    /// Distinct B.E. years mentioned, ascending.
    pub years_seen: Vec<u16>,
}

/// Map Thai digits ๐-๙ to ASCII digits, leave everything else alone.
fn fold_digit(c: char) -> char {
    match c {
        '๐'..='๙' => char::from_u32(u32::from(c) - 0x0E50 + u32::from('0')).unwrap_or(c),
        _ => c,
    }
}

/// Find fiscal years (B.E.) in `text`.
///
/// The rule (documented in the crate docs):
/// * a run of exactly four digits (Arabic `2568` or Thai `๒๕๖๘`, not part of a
///   longer number, not a thousands group or decimal like `2,568` / `2568.50`)
///   between 2500 and 2699 is a B.E. year;
/// * a run of exactly two digits right after ปีงบประมาณ / ปีงบ / ปีงบฯ / พ.ศ.
///   is the short form of 25xx;
/// * a four-digit run right after "FY" / "fiscal year" (any case) is a C.E.
///   fiscal year and counts as that year + 543 (Thai fiscal 2568 is FY2025:
///   Oct 2024 - Sep 2025). A bare C.E. year does not count: calendar 2025
///   overlaps two fiscal years.
#[must_use]
pub fn scan_years(text: &str, expect: Option<u16>) -> YearScan {
    let chars: Vec<char> = text.chars().map(fold_digit).collect();
    let mut seen: Vec<u16> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        let end = i;
        let len = end - start;
        if len != 2 && len != 4 {
            continue;
        }
        let sep_digit_before = start >= 2
            && matches!(chars[start - 1], '.' | ',')
            && chars[start - 2].is_ascii_digit();
        let sep_digit_after = end + 1 < chars.len()
            && matches!(chars[end], '.' | ',')
            && chars[end + 1].is_ascii_digit();
        if sep_digit_before || sep_digit_after {
            continue;
        }
        let value: u16 = chars[start..end].iter().fold(0u16, |acc, c| {
            acc * 10 + (u32::from(*c) - u32::from('0')) as u16
        });
        let before = prefix_before(&chars, start);
        if len == 4 {
            if (BE_MIN..=BE_MAX).contains(&value) {
                seen.push(value);
            } else if (1957..=2156).contains(&value) {
                let lower = before.to_lowercase();
                if CE_FISCAL_PREFIXES.iter().any(|p| ends_with_word(&lower, p)) {
                    seen.push(value + 543);
                }
            }
        } else if SHORT_YEAR_PREFIXES.iter().any(|p| before.ends_with(p)) {
            seen.push(2500 + value);
        }
    }
    seen.sort_unstable();
    seen.dedup();
    let found = expect.is_some_and(|y| seen.contains(&y));
    YearScan {
        found,
        years_seen: seen,
    }
}

/// `hay` ends with `word`, and `word` is not the tail of a longer word.
fn ends_with_word(hay: &str, word: &str) -> bool {
    hay.strip_suffix(word)
        .is_some_and(|head| !head.chars().next_back().is_some_and(char::is_alphanumeric))
}

/// Up to 16 characters before `pos`, with trailing white space, dots and
/// hyphens removed (so "พ.ศ. 68", "FY-2025", "ปีงบประมาณ  68" all match).
fn prefix_before(chars: &[char], pos: usize) -> String {
    let mut end = pos;
    while end > 0 && (chars[end - 1].is_whitespace() || matches!(chars[end - 1], '.' | '-' | ':')) {
        end -= 1;
    }
    let start = end.saturating_sub(16);
    chars[start..end].iter().collect()
}

/// Decode a text body: UTF-8 when valid, otherwise Thai single-byte
/// (TIS-620 / Windows-874, still common on older Thai government sites).
#[must_use]
pub fn decode_text(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => bytes.iter().map(|&b| cp874_char(b)).collect(),
    }
}

fn cp874_char(b: u8) -> char {
    match b {
        0x00..=0x7F => char::from(b),
        0xA0 => '\u{00A0}',
        0xA1..=0xDA | 0xDF..=0xFB => {
            char::from_u32(0x0E00 + u32::from(b) - 0xA0).unwrap_or('\u{FFFD}')
        }
        0x80 => '€',
        0x85 => '…',
        0x91 => '‘',
        0x92 => '’',
        0x93 => '“',
        0x94 => '”',
        0x95 => '•',
        0x96 => '–',
        0x97 => '—',
        _ => '\u{FFFD}',
    }
}

/// Visible text of an HTML document: tags become spaces, `<script>`,
/// `<style>`, `<noscript>` and comments are dropped, common entities decoded,
/// white space collapsed. Deliberately light: good enough to find years.
#[must_use]
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let lower = html.to_ascii_lowercase();
    let bytes = html.as_bytes();
    let mut i = 0;
    let mut text_start = 0;
    while i < bytes.len() {
        if bytes[i] == b'<' {
            push_text(&mut out, &html[text_start..i]);
            let rest = &lower[i..];
            let skip_to = if rest.starts_with("<!--") {
                find_after(&lower, i + 4, "-->")
            } else if let Some(tag) = ["script", "style", "noscript", "template"]
                .into_iter()
                .find(|t| {
                    rest[1..].starts_with(t)
                        && !rest[1 + t.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
                })
            {
                find_after(&lower, i + 1, &format!("</{tag}"))
                    .map(|p| find_after(&lower, p, ">").unwrap_or(bytes.len()))
            } else {
                find_after(&lower, i + 1, ">")
            };
            i = skip_to.unwrap_or(bytes.len());
            text_start = i;
            out.push(' ');
        } else {
            i += 1;
        }
    }
    push_text(&mut out, &html[text_start.min(html.len())..]);
    collapse_ws(&out)
}

/// Index just past the first `needle` at or after `from`.
fn find_after(hay: &str, from: usize, needle: &str) -> Option<usize> {
    hay.get(from..)?
        .find(needle)
        .map(|p| from + p + needle.len())
}

fn push_text(out: &mut String, s: &str) {
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        match tail.find(';').filter(|&semi| semi <= 10) {
            Some(semi) => {
                match decode_entity(&tail[1..semi]) {
                    Some(c) => out.push(c),
                    None => out.push_str(&tail[..=semi]),
                }
                rest = &tail[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
}

fn decode_entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "nbsp" => ' ',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => return None,
    })
}

fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Does the HTML contain an `<input type="password">`?
#[must_use]
pub fn has_password_input(html: &str) -> bool {
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    while let Some(p) = lower[from..].find("<input") {
        let start = from + p;
        let end = lower[start..].find('>').map_or(lower.len(), |e| start + e);
        let tag: String = lower[start..end]
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if tag.contains("type=\"password\"")
            || tag.contains("type='password'")
            || tag.contains("type=password")
        {
            return true;
        }
        from = end;
    }
    false
}

/// Pages whose visible text is shorter than this, and which carry a password
/// field, are taken as log-in pages. Longer pages with a password field are
/// content pages with a log-in box in a side bar (common on Thai agency CMS
/// sites) and are *not* a log-in wall.
pub const LOGIN_PAGE_MAX_TEXT_CHARS: usize = 1500;

/// Final URLs that are sign-in pages: Joomla `view=login`, WordPress
/// `wp-login.php`, Drupal `/user/login`, Google / Microsoft account sign-in,
/// and any path segment named login / signin / logon (with or without an
/// extension such as `.php` or `.aspx`).
#[must_use]
pub fn is_login_url(url: &url::Url) -> bool {
    let host = url.host_str().unwrap_or("").to_ascii_lowercase();
    let path = url.path().to_ascii_lowercase();
    if host == "accounts.google.com"
        || host == "login.microsoftonline.com"
        || host == "login.live.com"
    {
        return true;
    }
    let query = url.query().unwrap_or("").to_ascii_lowercase();
    if query.contains("view=login") || query.contains("task=user.login") {
        return true;
    }
    path.split('/').any(|seg| {
        let stem = seg.split('.').next().unwrap_or(seg);
        matches!(
            stem,
            "login"
                | "log-in"
                | "log_in"
                | "signin"
                | "sign-in"
                | "sign_in"
                | "logon"
                | "wp-login"
                | "servicelogin"
                | "checklogin"
        )
    })
}

/// Why a document's text could not be extracted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable(pub String);

/// Text of a PDF (may be empty for scanned documents).
pub fn pdf_text(bytes: &[u8]) -> Result<String, Unreadable> {
    pdf_extract::extract_text_from_mem(bytes)
        .map_err(|e| Unreadable(format!("PDF text could not be extracted ({e})")))
}

/// Maximum decompressed bytes read from an Office (OOXML) file.
const OOXML_MAX_UNZIPPED: u64 = 20 * 1024 * 1024;

/// Text of a .docx / .xlsx / .pptx (Office Open XML) file: the XML of the
/// document body, shared strings, sheets and slides, tags stripped.
pub fn ooxml_text(bytes: &[u8]) -> Result<String, Unreadable> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| Unreadable(format!("not a readable Office file ({e})")))?;
    let names: Vec<String> = zip
        .file_names()
        .filter(|n| {
            n.ends_with(".xml")
                && (n.starts_with("word/")
                    || n.starts_with("xl/sharedStrings")
                    || n.starts_with("xl/worksheets/")
                    || n.starts_with("ppt/slides/"))
        })
        .map(str::to_owned)
        .collect();
    if names.is_empty() {
        return Err(Unreadable(
            "zip file is not a Word, Excel or PowerPoint document".into(),
        ));
    }
    let mut out = String::new();
    let mut budget = OOXML_MAX_UNZIPPED;
    for name in names {
        let entry = zip
            .by_name(&name)
            .map_err(|e| Unreadable(format!("Office file damaged ({e})")))?;
        let mut buf = Vec::new();
        entry
            .take(budget)
            .read_to_end(&mut buf)
            .map_err(|e| Unreadable(format!("Office file damaged ({e})")))?;
        budget = budget.saturating_sub(buf.len() as u64);
        out.push_str(&html_to_text(&decode_text(&buf)));
        out.push(' ');
        if budget == 0 {
            break;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn years(s: &str) -> Vec<u16> {
        scan_years(s, None).years_seen
    }

    #[test]
    fn arabic_and_thai_digits() {
        assert!(scan_years("รายงานประจำปีงบประมาณ พ.ศ. 2568", Some(2568)).found);
        assert!(scan_years("ปีงบประมาณ ๒๕๖๘", Some(2568)).found);
        assert!(scan_years("(2568)", Some(2568)).found);
        assert!(scan_years("1/10/2567-30/9/2568", Some(2568)).found);
        assert!(!scan_years("ปีงบประมาณ 2567", Some(2568)).found);
        assert_eq!(years("ปี 2566 และ ๒๕๖๗ และ 2566"), vec![2566, 2567]);
    }

    #[test]
    fn not_part_of_other_numbers() {
        assert!(!scan_years("โทร 025680000", Some(2568)).found);
        assert!(!scan_years("เลขที่ 12568", Some(2568)).found);
        assert!(!scan_years("ราคา 2,568 บาท", Some(2568)).found);
        assert!(!scan_years("ราคา 1,2568", Some(2568)).found);
        assert!(!scan_years("จำนวน 2568.50 บาท", Some(2568)).found);
        assert!(scan_years("ปี 2568.", Some(2568)).found);
        assert!(scan_years("ปี 2568, 2569", Some(2568)).found);
        assert_eq!(years("1999 2024 3000"), Vec::<u16>::new());
    }

    #[test]
    fn short_and_ce_forms() {
        assert!(scan_years("แผนปีงบประมาณ 68", Some(2568)).found);
        assert!(scan_years("ปีงบฯ ๖๘", Some(2568)).found);
        assert!(scan_years("พ.ศ.68", Some(2568)).found);
        assert!(!scan_years("อายุ 68 ปี", Some(2568)).found);
        assert!(scan_years("Annual report FY2025", Some(2568)).found);
        assert!(scan_years("Fiscal Year 2025 budget", Some(2568)).found);
        assert!(scan_years("fy-2025", Some(2568)).found);
        assert!(!scan_years("Copyright 2025", Some(2568)).found);
        assert!(!scan_years("simplify 2025", Some(2568)).found);
        assert!(!scan_years("FY2024", Some(2568)).found);
        assert_eq!(years("FY2024"), vec![2567]);
    }

    #[test]
    fn html_stripping() {
        let html = r#"<html><head><title>O12 ปี 2568</title><style>.a{content:"2560"}</style>
            <script>var y = 2561; if (a<b) {}</script></head>
            <body><!-- 2562 --><p>ข้อมูล&nbsp;ปี<b>&#3666;&#x0E55;๖๗</b></p><td>2566</td><td>2565</td>
            <noscript>2563</noscript><p>A &amp; B &unknown; &</p></body></html>"#;
        let text = html_to_text(html);
        assert_eq!(years(&text), vec![2565, 2566, 2567, 2568], "{text}");
        assert!(text.contains("A & B &unknown; &"), "{text}");
        assert!(text.contains("ข้อมูล ปี"), "{text}");
        assert!(!text.contains("var y"), "{text}");
        // unterminated constructs do not panic
        assert_eq!(html_to_text("abc <script>2568"), "abc");
        assert_eq!(html_to_text("x < y"), "x");
        assert_eq!(html_to_text("a<!-- b"), "a");
    }

    #[test]
    fn password_fields() {
        assert!(has_password_input(
            r#"<form><input type="password" name="p"></form>"#
        ));
        assert!(has_password_input("<INPUT NAME=p TYPE = 'Password' >"));
        assert!(has_password_input("<input type=password>"));
        assert!(!has_password_input(
            r#"<input type="text" name="password">"#
        ));
        assert!(!has_password_input("<p>forgot your password?</p>"));
    }

    #[test]
    fn login_urls() {
        let yes = [
            "https://x.go.th/index.php?option=com_users&view=login&return=aGVsbG8",
            "https://x.go.th/wp-login.php?redirect_to=x",
            "https://x.go.th/user/login?destination=node/1",
            "https://accounts.google.com/v3/signin/identifier?continue=x",
            "https://x.go.th/Account/Login.aspx?ReturnUrl=%2f",
            "https://x.go.th/sign-in",
        ];
        for u in yes {
            let url = url::Url::parse(u).unwrap_or_else(|_| panic!("{u}"));
            assert!(is_login_url(&url), "{u}");
        }
        for u in [
            "https://x.go.th/ita/2568/o12",
            "https://x.go.th/blog/loginless-design",
            "https://x.go.th/?q=login",
        ] {
            let url = url::Url::parse(u).unwrap_or_else(|_| panic!("{u}"));
            assert!(!is_login_url(&url), "{u}");
        }
    }

    #[test]
    fn thai_single_byte_decoding() {
        // "ปี ๒๕๖๘" in TIS-620
        let tis = [0xBB, 0xD5, b' ', 0xF2, 0xF5, 0xF6, 0xF8];
        let s = decode_text(&tis);
        assert_eq!(s, "ปี ๒๕๖๘");
        assert!(scan_years(&s, Some(2568)).found);
        assert_eq!(decode_text("ปี 2568".as_bytes()), "ปี 2568");
        assert_eq!(decode_text(b"\xEF\xBB\xBFabc"), "abc");
    }
}
