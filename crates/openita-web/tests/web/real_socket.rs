//! A few tests over a real socket: the browser's cookie session with CSRF, and graceful
//! shutdown. Everything else goes through the router in-process.

use openita_testing::{PASSWORD, TestApp};
use std::time::Duration;

struct Served {
    base: String,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

async fn serve(app: &TestApp) -> Served {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("bind: {e}"));
    let base = format!(
        "http://{}",
        listener
            .local_addr()
            .map(|a| a.to_string())
            .unwrap_or_default()
    );
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(openita_web::serve(listener, app.state.clone(), async {
        let _ = stopped.await;
    }));
    Served { base, stop, task }
}

fn hidden_field(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    html.split(&marker)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn a_browser_signs_in_uses_csrf_protected_forms_and_signs_out()
-> Result<(), Box<dyn std::error::Error>> {
    let app = TestApp::new().await;
    let served = serve(&app).await;
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let base = &served.base;

    let login_page = client
        .get(format!("{base}/login?next=/agencies"))
        .send()
        .await?
        .text()
        .await?;
    let login_csrf = hidden_field(&login_page, "_csrf");
    assert!(!login_csrf.is_empty());
    let forged = client
        .post(format!("{base}/login"))
        .form(&[
            ("username", "admin"),
            ("password", PASSWORD),
            ("_csrf", "forged"),
            ("next", "/"),
        ])
        .send()
        .await?;
    assert_eq!(
        forged.status(),
        200,
        "a forged sign-in form re-renders the page"
    );
    let login_page = client
        .get(format!("{base}/login"))
        .send()
        .await?
        .text()
        .await?;
    let login_csrf = hidden_field(&login_page, "_csrf");
    let signed_in = client
        .post(format!("{base}/login"))
        .form(&[
            ("username", "admin"),
            ("password", PASSWORD),
            ("_csrf", login_csrf.as_str()),
            ("next", "/agencies"),
        ])
        .send()
        .await?;
    assert_eq!(signed_in.status(), 303);
    assert_eq!(
        signed_in
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok()),
        Some("/agencies")
    );
    let cookie = signed_in
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("openita_session="))
        .unwrap_or_default()
        .to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );

    let form = client
        .get(format!("{base}/agencies/new"))
        .send()
        .await?
        .text()
        .await?;
    let csrf = hidden_field(&form, "_csrf");
    let fields = [
        ("code", "6369998"),
        ("name_th", "อบต.ทดสอบ"),
        ("type", "sao"),
        ("province", "36"),
    ];
    let without = client
        .post(format!("{base}/agencies"))
        .form(&fields)
        .send()
        .await?;
    assert_eq!(
        without.status(),
        403,
        "a cookie-authenticated form without the CSRF token is refused"
    );
    let mut with: Vec<(&str, &str)> = fields.to_vec();
    with.push(("_csrf", &csrf));
    let saved = client
        .post(format!("{base}/agencies"))
        .form(&with)
        .send()
        .await?;
    assert_eq!(saved.status(), 303);
    let api_without_header = client
        .post(format!("{base}/api/v1/cycles"))
        .json(&serde_json::json!({"year": 2569, "framework": "ita-2568"}))
        .send()
        .await?;
    assert_eq!(
        api_without_header.status(),
        403,
        "cookie-authenticated API writes need X-CSRF-Token"
    );

    let logout = client
        .post(format!("{base}/logout"))
        .form(&[("_csrf", csrf.as_str())])
        .send()
        .await?;
    assert_eq!(logout.status(), 303);
    let after = client.get(format!("{base}/agencies")).send().await?;
    assert_eq!(after.status(), 303, "signed out: back to the sign-in page");

    let _ = served.stop.send(());
    Ok(())
}

#[tokio::test]
async fn the_server_stops_gracefully_when_told() -> Result<(), Box<dyn std::error::Error>> {
    let app = TestApp::new().await;
    let served = serve(&app).await;
    let health = reqwest::get(format!("{}/healthz", served.base)).await?;
    assert_eq!(health.text().await?, "ok");
    let _ = served.stop.send(());
    let finished = tokio::time::timeout(Duration::from_secs(10), served.task).await;
    assert!(
        matches!(finished, Ok(Ok(Ok(())))),
        "the server did not stop cleanly: {finished:?}"
    );
    Ok(())
}
