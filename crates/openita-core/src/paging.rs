//! Pages of a list: page numbers start at 1 (a smaller one is page 1), and a page far past
//! the end is simply empty. The offset saturates: `?page=92233720368547760` once overflowed
//! the multiplication and ended the connection.

/// The number of rows before `page` when each page holds `per_page`.
pub fn offset(page: Option<i64>, per_page: i64) -> i64 {
    (page.unwrap_or(1).max(1) - 1).saturating_mul(per_page.max(0))
}

#[cfg(test)]
mod tests {
    use super::offset;

    #[test]
    fn pages_start_at_one_and_saturate_far_past_the_end() {
        assert_eq!(offset(None, 50), 0);
        assert_eq!(offset(Some(0), 50), 0);
        assert_eq!(offset(Some(-3), 50), 0);
        assert_eq!(offset(Some(3), 50), 100);
        assert_eq!(offset(Some(92_233_720_368_547_760), 100), i64::MAX);
        assert_eq!(offset(Some(i64::MAX), 500), i64::MAX);
    }
}
