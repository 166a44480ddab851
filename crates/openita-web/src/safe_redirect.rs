//! Redirect targets that come from the user (`?next=` of the sign-in page and of the language
//! switch): only a path on this site, never an open redirect.
//!
//! Browsers are lenient with `Location`: they drop tabs and line breaks inside a URL and read
//! `\` as `/`, so `/\t/evil.example` or `/\evil.example` becomes `//evil.example`, another
//! site. A proxy or a second decoding may also turn `%09` or `%2F` into the real thing. So a
//! target is refused when, as given or once or twice percent-decoded, it holds a control
//! character, any (Unicode) white space or a backslash, or starts with `//`; it must start with
//! `/`, which also rules out schemes (`https:`, `javascript:`).

use percent_encoding::percent_decode_str;

/// Where to go when the target is missing or refused.
const HOME: &str = "/";

/// The user's target if it is a safe same-site path, else `/`.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(target) if is_same_site_path(target) => target.to_string(),
        _ => HOME.to_string(),
    }
}

/// True for `/path?query#fragment` on this site and nothing else.
pub fn is_same_site_path(target: &str) -> bool {
    let mut text = target.to_string();
    // The target as given, then as a proxy or browser that decodes once or twice would see it.
    for _ in 0..3 {
        if !looks_safe(&text) {
            return false;
        }
        let decoded = percent_decode_str(&text).decode_utf8_lossy().into_owned();
        if decoded == text {
            return true;
        }
        text = decoded;
    }
    // Still changing after three decodings: nobody needs that, refuse.
    false
}

fn looks_safe(text: &str) -> bool {
    text.starts_with('/')
        && !text.starts_with("//")
        && !text
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '\\' || is_invisible(c))
}

/// Characters that render as nothing and could hide what a target is (zero-width spaces and
/// joiners, the byte-order mark, the replacement of bytes that were not UTF-8).
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{FFFD}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_on_this_site_pass() {
        for ok in [
            "/",
            "/agencies?page=2",
            "/cycles/2568/agencies/6360201/oit#item-o1",
            "/agencies?q=%E0%B8%81",
            "/results/2568?province=%E0%B8%8A%E0%B8%B1%E0%B8%A2",
        ] {
            assert_eq!(safe_next(Some(ok)), ok, "{ok:?} should be kept");
        }
    }

    #[test]
    fn every_way_off_the_site_goes_home() {
        for evil in [
            "//evil.example",
            "https://evil.example",
            "javascript:alert(1)",
            "evil.example",
            "/\\evil.example",
            "\\/evil.example",
            "/a\\b",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "/ /evil.example",
            "/%09/evil.example",
            "/%0A/evil.example",
            "/%0d/evil.example",
            "/%20/evil.example",
            "/%2F/evil.example",
            "/%2f%2fevil.example",
            "/%5Cevil.example",
            "/%2509/evil.example",
            "/%25252509/evil.example",
            "/\u{00A0}/evil.example",
            "/\u{3000}/evil.example",
            "/%E3%80%80/evil.example",
            "/\u{200B}/evil.example",
            "/\u{0085}/evil.example",
            "/\u{7F}/evil.example",
            "",
        ] {
            assert_eq!(safe_next(Some(evil)), "/", "{evil:?} must not be a target");
        }
        assert_eq!(safe_next(None), "/");
    }
}
