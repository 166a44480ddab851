//! Anonymity in the logs: a survey submission leaves no token, IP, user agent or nonce in
//! what the server logs. Its own test binary, because it installs a log subscriber and no
//! other test may share the process.

use axum::{
    body::Body,
    http::{Request, header},
};
use openita_testing::TestApp;
use serde_json::{Map, Value, json};

async fn open_link(app: &TestApp) -> (String, Value) {
    let admin = app.token("agency-admin").await;
    let links = app
        .get(
            &format!(
                "/api/v1/cycles/2568/agencies/{}/survey-links",
                app.fixture.agency
            ),
            Some(&admin),
        )
        .await;
    let url = links.json()["iit"]["url"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let token = url.rsplit('/').next().unwrap_or_default().to_string();
    let form = app.get(&format!("/api/v1/surveys/{token}"), None).await;
    (token, form.json())
}

fn answers(form: &Value) -> Map<String, Value> {
    form["questions"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|q| {
            (
                q["id"].as_str().unwrap_or_default().to_string(),
                if q["scale"] == "yesno" {
                    json!(true)
                } else {
                    json!(4)
                },
            )
        })
        .collect()
}

#[tokio::test]
async fn the_logs_hold_no_token_ip_user_agent_or_answers() {
    use std::sync::{Arc, Mutex};
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);
    impl std::io::Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if let Ok(mut b) = self.0.lock() {
                b.extend_from_slice(buf);
            }
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let app = TestApp::new().await;
    let (token, form) = open_link(&app).await;
    let request = Request::post(format!("/api/v1/surveys/{token}/responses"))
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::USER_AGENT, "UniqueAgent/9.9")
        .header("x-forwarded-for", "198.51.100.77")
        .body(Body::from(
            json!({"form_nonce": form["form_nonce"], "answers": answers(&form)}).to_string(),
        ))
        .unwrap_or_default();
    assert_eq!(app.send(request).await.status, 201);
    let _ = app.get(&format!("/s/{token}"), None).await;
    let text = String::from_utf8_lossy(&captured.0.lock().map(|b| b.clone()).unwrap_or_default())
        .into_owned();
    assert!(
        text.contains("/api/v1/surveys/{token}/responses"),
        "the request was logged by its route pattern: {text}"
    );
    for secret in [
        token.as_str(),
        "198.51.100.77",
        "UniqueAgent",
        form["form_nonce"].as_str().unwrap_or("nonce"),
    ] {
        assert!(!text.contains(secret), "the logs contain {secret}");
    }
}
