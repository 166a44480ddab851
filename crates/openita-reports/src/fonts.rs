//! The fonts compiled into the binary: Sarabun (SIL Open Font License 1.1), the typeface of Thai
//! official documents, in four styles. Nothing is read from the system, so a PDF looks the same
//! on every server. Where the files came from is in `fonts/SOURCE.md`; the licence is
//! `fonts/OFL.txt`, which must travel with the binary's notices.

use std::sync::LazyLock;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

/// The family name templates use: `#set text(font: "Sarabun")`.
pub const FAMILY: &str = "Sarabun";

/// Sarabun Regular (weight 400), TrueType.
pub const SARABUN_REGULAR: &[u8] = include_bytes!("../fonts/Sarabun-Regular.ttf");
/// Sarabun Bold (weight 700), TrueType.
pub const SARABUN_BOLD: &[u8] = include_bytes!("../fonts/Sarabun-Bold.ttf");
/// Sarabun Italic (weight 400), TrueType.
pub const SARABUN_ITALIC: &[u8] = include_bytes!("../fonts/Sarabun-Italic.ttf");
/// Sarabun Bold Italic (weight 700), TrueType.
pub const SARABUN_BOLD_ITALIC: &[u8] = include_bytes!("../fonts/Sarabun-BoldItalic.ttf");

/// The text of the SIL Open Font License that covers the font files, for an "about" page or the
/// notices shipped with a release.
pub const OFL_LICENSE: &str = include_str!("../fonts/OFL.txt");

/// Parsed fonts and the index Typst picks from, built once: parsing is cheap but not free, and
/// the data never changes.
pub(crate) struct FontSet {
    pub(crate) book: LazyHash<FontBook>,
    pub(crate) fonts: Vec<Font>,
}

static BUNDLED: LazyLock<FontSet> = LazyLock::new(|| {
    let fonts: Vec<Font> = [
        SARABUN_REGULAR,
        SARABUN_BOLD,
        SARABUN_ITALIC,
        SARABUN_BOLD_ITALIC,
    ]
    .into_iter()
    .flat_map(|data| Font::iter(Bytes::new(data)))
    .collect();
    FontSet {
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
    }
});

/// The bundled fonts, parsed on first use.
pub(crate) fn bundled() -> &'static FontSet {
    &BUNDLED
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_four_styles_parse_and_cover_thai() {
        let set = bundled();
        assert_eq!(set.fonts.len(), 4);
        for font in &set.fonts {
            assert_eq!(font.info().family, FAMILY);
            // ผ, ู (above/below marks), ้ (tone mark), ั and the baht sign.
            for c in ['ผ', 'ู', '้', 'ั', '฿', 'A', '–'] {
                assert!(font.info().coverage.contains(c as u32), "{c} missing");
            }
        }
    }
}
