//! The writer marks a whole batch's nonces used in a few statements: a nonce still counts
//! once, whether it was used in an earlier batch or twice in the same one (a double tap
//! whose two posts land in one batch). The common batch goes in two requests and sums
//! exactly as the careful path does.

use openita_db::queries::{
    survey_writes::{OneGo, StoredResponse, Written, fold_level_deltas, use_nonces, write_batch},
    surveys::NewResponse,
};
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

/// A batch of `n` responses for the fixture agency, nonces `{prefix}{i}`; answer sets repeat
/// every 3 responses, one in 4 is all-best.
async fn batch(app: &TestApp, prefix: &str, n: usize) -> Vec<NewResponse> {
    let mut conn = app.conn().await;
    let cycle: i64 = sqlx::query_scalar("SELECT id FROM cycles WHERE year = 2568")
        .fetch_one(&mut *conn)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let agency: i64 = sqlx::query_scalar("SELECT id FROM agencies WHERE code = '6360201'")
        .fetch_one(&mut *conn)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    (0..n)
        .map(|i| NewResponse {
            id: format!("{prefix}{i:030}"),
            cycle_id: cycle,
            agency_id: agency,
            instrument: "IIT",
            answers_json: format!("{{\"i1_1\":{}}}", i % 3 + 1),
            received_on: "2025-03-01".into(),
            received_hour: format!("2025-03-01T{:02}", 9 + i % 2),
            set_hash: format!("set{}", i % 3),
            all_best: i % 4 == 0,
            levels: vec![("i1_1".into(), i64::try_from(i % 3 + 1).unwrap_or(1))],
            nonce_hash: format!("{prefix}{i}"),
            nonce_expires_on: "2025-03-02".into(),
        })
        .collect()
}

/// Writes a batch the writer's common way (`OneGo`) in a transaction of its own, committed if
/// everything was written and rolled back if the batch has to take the careful path.
async fn write_in_one_go(app: &TestApp, responses: &[NewResponse]) -> Written {
    let all: Vec<&NewResponse> = responses.iter().collect();
    let rows: Vec<StoredResponse> = all.iter().map(|r| StoredResponse::of(r)).collect();
    let plan = OneGo::plan(&all).unwrap_or_else(|| panic!("plain batch"));
    let mut tx = app
        .db()
        .begin_write()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let written = plan
        .write(tx.conn(), &rows)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    match written {
        Written::All => tx.commit().await,
        Written::TakeCarefulPath => tx.rollback().await,
    }
    .unwrap_or_else(|e| panic!("{e}"));
    written
}

/// Writes a batch the careful way (`use_nonces`, then `write_batch`), every nonce new.
async fn write_carefully(app: &TestApp, responses: &[NewResponse]) {
    let all: Vec<&NewResponse> = responses.iter().collect();
    let rows: Vec<StoredResponse> = all.iter().map(|r| StoredResponse::of(r)).collect();
    let mut tx = app
        .db()
        .begin_write()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let nonces: Vec<(&str, &str)> = all
        .iter()
        .map(|r| (r.nonce_hash.as_str(), r.nonce_expires_on.as_str()))
        .collect();
    assert!(
        use_nonces(tx.conn(), &nonces)
            .await
            .unwrap_or_default()
            .iter()
            .all(|f| *f)
    );
    write_batch(tx.conn(), &rows, &all)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    tx.commit().await.unwrap_or_else(|e| panic!("{e}"));
}

/// Folds the waiting tallies in a transaction of its own; how many rows it folded.
async fn fold(app: &TestApp) -> usize {
    let mut tx = app
        .db()
        .begin_write()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let folded = fold_level_deltas(tx.conn())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    tx.commit().await.unwrap_or_else(|e| panic!("{e}"));
    folded
}

/// Every running sum, for comparing two databases (the batches' tallies folded first).
async fn running_sums(app: &TestApp) -> Vec<String> {
    fold(app).await;
    let mut conn = app.conn().await;
    let mut out = Vec::new();
    for sql in [
        "SELECT instrument || '=' || levels FROM survey_counts ORDER BY 1",
        "SELECT instrument || ':' || responses || ':' || all_best || ':' || repeated || ':' || peak_hour FROM survey_counts ORDER BY 1",
        "SELECT hour || '=' || responses FROM survey_arrivals ORDER BY 1",
        "SELECT set_hash || '=' || responses FROM survey_answer_sets ORDER BY 1",
        "SELECT COUNT(*) || ' rows' FROM survey_responses",
        "SELECT COUNT(*) || ' nonces' FROM used_nonces",
    ] {
        let rows: Vec<String> = sqlx::query_scalar(sql)
            .fetch_all(&mut *conn)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        out.extend(rows);
    }
    out
}

/// The writer's two-request path adds exactly what the careful path adds, and a batch with
/// a nonce used before is turned back whole (the caller rolls back and goes the careful way).
#[tokio::test]
async fn a_batch_in_one_go_sums_as_the_careful_path_does_and_a_used_nonce_turns_it_back() {
    let (fast, careful) = (TestApp::new().await, TestApp::new().await);
    for (round, n) in [("a", 7usize), ("b", 40)] {
        assert_eq!(
            write_in_one_go(&fast, &batch(&fast, round, n).await).await,
            Written::All
        );

        write_carefully(&careful, &batch(&careful, round, n).await).await;
    }
    let sums = running_sums(&fast).await;
    assert!(sums.contains(&"47 rows".to_string()), "{sums:?}");
    assert_eq!(sums, running_sums(&careful).await);

    // One nonce of a new batch was used in round "a": turned back, nothing of it stays.
    let mut responses = batch(&fast, "c", 5).await;
    responses[3].nonce_hash = "a3".into();
    assert_eq!(
        write_in_one_go(&fast, &responses).await,
        Written::TakeCarefulPath
    );
    assert_eq!(running_sums(&fast).await, sums);

    // A nonce twice in one batch, or a key that is not plain: not planned, nothing sent.
    let mut twice = batch(&fast, "d", 2).await;
    twice[1].nonce_hash = twice[0].nonce_hash.clone();
    assert!(OneGo::plan(&twice.iter().collect::<Vec<_>>()).is_none());
    let mut quoted = batch(&fast, "e", 1).await;
    quoted[0].set_hash = "x'y".into();
    assert!(OneGo::plan(&quoted.iter().collect::<Vec<_>>()).is_none());
}

/// The tallies of a batch wait in one row until a fold moves them into the counts rows;
/// scoring reads the same sums before and after, and a second fold finds nothing to add.
#[tokio::test]
async fn tallies_read_the_same_before_and_after_a_fold_and_fold_once() {
    let app = TestApp::new().await;
    for (round, n) in [("a", 5usize), ("b", 9)] {
        write_carefully(&app, &batch(&app, round, n).await).await;
        if round == "a" {
            // The first batch folded at once; the second stays waiting.
            assert_eq!(fold(&app).await, 1);
        }
    }
    let cycle: i64 = sqlx::query_scalar("SELECT id FROM cycles WHERE year = 2568")
        .fetch_one(&mut *app.conn().await)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let read = || async {
        let mut conn = app.conn().await;
        openita_db::queries::scoring_inputs::tallies(&mut conn, cycle)
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .into_iter()
            .map(|t| format!("{} {} {}", t.agency_id, t.instrument, t.entries))
            .collect::<Vec<_>>()
    };
    let before = read().await;
    // 14 responses answering i1_1 at levels 1, 2, 3 in turn: 5, 5 and 4 of them.
    assert_eq!(before.len(), 1, "{before:?}");
    assert!(
        before[0].ends_with("IIT i1_1:1:5,i1_1:2:5,i1_1:3:4"),
        "{before:?}"
    );
    assert_eq!(fold(&app).await, 1);
    assert_eq!(fold(&app).await, 0);
    assert_eq!(read().await, before);
    let waiting: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM survey_level_deltas")
        .fetch_one(&mut *app.conn().await)
        .await
        .unwrap_or(-1);
    assert_eq!(waiting, 0);
}
