//! Anonymity of the stored order: responses sent one after another are not stored in the
//! order they arrived, on either engine (SQLite keeps rows in random-key order; PostgreSQL
//! rows are mixed by the writer, which also hides the arrival order in transaction ids).

use crate::{
    assert_status,
    surveys::{answers_at, open_link, submit},
};
use openita_db::Backend;
use openita_testing::TestApp;
use serde_json::{Map, Value, json};

/// The scale questions whose levels spell a response's number in base 4.
fn digit_questions(form: &Value) -> Vec<String> {
    form["questions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|q| q["scale"] != "yesno")
        .take(3)
        .filter_map(|q| q["id"].as_str().map(str::to_string))
        .collect()
}

fn numbered(form: &Value, digits: &[String], n: usize) -> Map<String, Value> {
    let mut answers = answers_at(form, 3);
    let mut rest = n;
    for id in digits {
        answers.insert(id.clone(), json!((rest % 4) as i64 + 1));
        rest /= 4;
    }
    answers
}

fn number_of(stored: &str, digits: &[String]) -> usize {
    let answers: Map<String, Value> = serde_json::from_str(stored).unwrap_or_default();
    digits.iter().rev().fold(0, |n, id| {
        n * 4
            + answers
                .get(id)
                .and_then(Value::as_u64)
                .map_or(0, |l| l as usize - 1)
    })
}

/// Kendall's tau of a sequence against ascending order: 1 when sorted, near 0 when random.
fn kendall_tau(order: &[usize]) -> f64 {
    let (mut agree, mut disagree) = (0i64, 0i64);
    for i in 0..order.len() {
        for j in i + 1..order.len() {
            if order[i] < order[j] {
                agree += 1;
            } else {
                disagree += 1;
            }
        }
    }
    (agree - disagree) as f64 / (agree + disagree).max(1) as f64
}

#[tokio::test]
async fn responses_sent_one_after_another_are_not_stored_in_arrival_order() {
    let app = TestApp::new().await;
    let (token, form) = open_link(&app, "iit").await;
    let digits = digit_questions(&form);
    const N: usize = 40;
    for n in 0..N {
        let nonce = app
            .get(&format!("/api/v1/surveys/{token}"), None)
            .await
            .json()["form_nonce"]
            .clone();
        // Each waits for its acknowledgement: one arrival per transaction.
        assert_status!(
            submit(&app, &token, &nonce, numbered(&form, &digits, n)).await,
            201
        );
    }
    let pool = app.db().pool();
    let orders: Vec<(&str, String)> = match openita_testing::backend_under_test() {
        // The table's own order, as a plain read or a file copy returns it.
        Backend::Sqlite => vec![("stored", "SELECT answers FROM survey_responses".to_string())],
        Backend::Postgres => vec![
            (
                "physical",
                "SELECT answers FROM survey_responses ORDER BY ctid".to_string(),
            ),
            (
                "transaction",
                "SELECT answers FROM survey_responses ORDER BY xmin::text::bigint, ctid"
                    .to_string(),
            ),
        ],
    };
    for (what, sql) in orders {
        let rows: Vec<String> = sqlx::query_scalar(&sql)
            .fetch_all(pool)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(rows.len(), N);
        let order: Vec<usize> = rows.iter().map(|r| number_of(r, &digits)).collect();
        let mut sorted = order.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..N).collect::<Vec<_>>(), "every response once");
        let tau = kendall_tau(&order);
        eprintln!("{what} order against arrival: Kendall tau {tau:.2}");
        assert!(
            tau < 0.7,
            "{what} order follows arrival (Kendall tau {tau:.2}): {order:?}"
        );
    }
}
