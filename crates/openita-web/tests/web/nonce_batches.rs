//! The writer marks a whole batch's nonces used in a few statements: a nonce still counts
//! once, whether it was used in an earlier batch or twice in the same one (a double tap
//! whose two posts land in one batch).

use openita_core::db::queries::survey_writes::use_nonces;
use openita_testing::TestApp;

#[tokio::test]
async fn a_nonce_counts_once_within_a_batch_and_across_batches() {
    let app = TestApp::new().await;
    let mut conn = app.conn().await;
    let first = use_nonces(
        &mut conn,
        &[
            ("a", "2025-03-02"),
            ("b", "2025-03-02"),
            ("a", "2025-03-02"),
        ],
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(first, [true, true, false]);
    let second = use_nonces(&mut conn, &[("b", "2025-03-02"), ("c", "2025-03-02")])
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(second, [false, true]);
    // More nonces than one statement holds.
    let many: Vec<String> = (0..200).map(|i| format!("n{i}")).collect();
    let rows: Vec<(&str, &str)> = many.iter().map(|n| (n.as_str(), "2025-03-02")).collect();
    let third = use_nonces(&mut conn, &rows)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(third.iter().all(|fresh| *fresh));
    let again = use_nonces(&mut conn, &rows)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(again.iter().all(|fresh| !*fresh));
}
