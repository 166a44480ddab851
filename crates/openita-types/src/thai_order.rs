//! Thai dictionary order, as the Royal Institute dictionary and every Thai list sorts words:
//! by consonant first, a leading vowel (เ แ โ ใ ไ) after it, tone marks last, so อ่างทอง comes
//! before อุบลราชธานี and เชียงราย sits among the ช words. Code-point order gets all of that
//! wrong; ICU's Thai collation (CLDR, compiled into the binary) gets it right.

use icu_collator::{Collator, CollatorBorrowed, options::CollatorOptions};
use icu_locale_core::locale;
use std::{cmp::Ordering, sync::LazyLock};

#[allow(
    clippy::expect_used,
    reason = "the Thai collation data is compiled in; its absence is a build defect the tests catch"
)]
static THAI: LazyLock<CollatorBorrowed<'static>> = LazyLock::new(|| {
    Collator::try_new(locale!("th").into(), CollatorOptions::default())
        .expect("ICU's compiled Thai collation data")
});

/// Compares two texts in Thai dictionary order (Latin text sorts after Thai, as in CLDR).
pub fn thai_cmp(a: &str, b: &str) -> Ordering {
    THAI.compare(a, b)
}

/// Sorts items by a Thai text key, in dictionary order.
pub fn sort_thai_by<T>(items: &mut [T], key: impl Fn(&T) -> &str) {
    items.sort_by(|a, b| thai_cmp(key(a), key(b)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provinces_sort_as_in_the_dictionary() {
        let mut names = vec![
            "อุบลราชธานี",
            "เชียงใหม่",
            "อ่างทอง",
            "แพร่",
            "ชัยภูมิ",
            "กระบี่",
            "พะเยา",
            "เชียงราย",
            "ชลบุรี",
        ];
        sort_thai_by(&mut names, |n| n);
        assert_eq!(
            names,
            [
                "กระบี่",
                "ชลบุรี",
                "ชัยภูมิ",
                "เชียงราย",
                "เชียงใหม่",
                "พะเยา",
                "แพร่",
                "อ่างทอง",
                "อุบลราชธานี",
            ]
        );
    }
}
