//! E-mail notifications of the OIT workflow, sent over real SMTP to a local sink: the executive
//! when answers await approval, the agency when provisional scores are out, the assessor when
//! an objection arrives; and mail that cannot be sent is kept, not lost.

use crate::{
    assert_status,
    oit::{answer_all, at, base, item_codes, with_oit_calendar},
};
use axum::http::Method;
use openita_jobs::{MailConfig, Mailer, SendReport};
use openita_testing::{SmtpSink, TestApp};
use serde_json::json;

fn mailer(smtp_url: &str) -> Mailer {
    Mailer::new(&MailConfig {
        smtp_url: smtp_url.to_string(),
        from: "OpenITA <no-reply@ita.test>".into(),
        public_base_url: "https://ita.test/".into(),
    })
    .unwrap_or_else(|e| panic!("mailer: {e}"))
}

async fn post(app: &TestApp, path: &str, user: &str) {
    let token = app.token(user).await;
    assert_status!(app.call(Method::POST, path, Some(&token), None).await, 200);
}

async fn send(app: &TestApp, mailer: &Mailer) -> SendReport {
    mailer
        .send_pending(app.core())
        .await
        .unwrap_or_else(|e| panic!("outbox: {e}"))
}

#[tokio::test]
async fn the_oit_workflow_mails_the_executive_the_agency_and_the_assessor() {
    let app = TestApp::new().await;
    let sink = SmtpSink::start().await.unwrap_or_else(|e| panic!("{e}"));
    let mailer = mailer(&sink.url);
    with_oit_calendar(&app).await;
    at(&app, "2025-04-20T09:00:00+07:00");
    answer_all(&app, &app.token("agency-admin").await).await;
    assert_eq!(
        send(&app, &mailer).await,
        SendReport::default(),
        "drafts mail nobody"
    );

    post(&app, &format!("{}/submit", base(&app)), "agency-admin").await;
    assert_eq!(send(&app, &mailer).await.sent, 1);
    let mail = sink.messages();
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].to, ["agency-executive@example.go.th"]);
    assert!(
        mail[0].subject.contains("รอผู้บริหารอนุมัติ") && mail[0].subject.contains("บ้านเขว้า"),
        "Thai subject, decoded: {}",
        mail[0].subject
    );
    assert!(
        mail[0]
            .body
            .contains("https://ita.test/cycles/2568/agencies/6360201/oit"),
        "the body links the page: {}",
        mail[0].body
    );
    assert!(
        mail[0].body.contains("submitted the OIT answers"),
        "English below"
    );
    assert_eq!(send(&app, &mailer).await.sent, 0, "a message is sent once");

    post(&app, &format!("{}/approve", base(&app)), "agency-executive").await;
    at(&app, "2025-05-10T09:00:00+07:00");
    let assessor = app.token("assessor").await;
    let codes = item_codes(&app, &assessor).await;
    for (n, code) in codes.iter().enumerate() {
        let score = if code == "O2" { 0 } else { 100 };
        let body = json!({"score": score, "reason": format!("ตรวจแล้ว {code}")});
        let path = format!("{}/{code}/review", base(&app));
        assert_status!(
            app.call(Method::PUT, &path, Some(&assessor), Some(body))
                .await,
            200
        );
        if n + 1 < codes.len() {
            assert_eq!(
                send(&app, &mailer).await.sent,
                0,
                "no mail until every item is scored"
            );
        }
    }
    assert_eq!(send(&app, &mailer).await.sent, 2);
    let mail = sink.messages();
    let mut to: Vec<&str> = mail[1..].iter().map(|m| m.to[0].as_str()).collect();
    to.sort_unstable();
    assert_eq!(
        to,
        [
            "agency-admin@example.go.th",
            "agency-executive@example.go.th"
        ]
    );
    assert!(mail[1].subject.contains("ผลการตรวจ OIT เบื้องต้น"));

    at(&app, "2025-06-05T09:00:00+07:00");
    let admin = app.token("agency-admin").await;
    let text = json!({"text": "ข้อมูลอยู่ในหน้าเดิม https://6360201.example.go.th/O2"});
    let path = format!("{}/O2/clarification", base(&app));
    assert_status!(
        app.call(Method::POST, &path, Some(&admin), Some(text))
            .await,
        200
    );
    assert_eq!(send(&app, &mailer).await.sent, 1);
    let last = sink.messages().pop().map(|m| (m.to, m.subject));
    let (to, subject) = last.unwrap_or_default();
    assert_eq!(to, ["assessor@example.go.th"], "only the assigned assessor");
    assert!(subject.contains("ชี้แจงข้อ O2"), "{subject}");
}

#[tokio::test]
async fn mail_that_cannot_be_sent_stays_in_the_outbox_with_its_error() {
    let app = TestApp::new().await;
    // A port with nobody listening: the mail server is down.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| format!("smtp://{a}"))
        .unwrap_or_default();
    with_oit_calendar(&app).await;
    at(&app, "2025-04-20T09:00:00+07:00");
    answer_all(&app, &app.token("agency-admin").await).await;
    post(&app, &format!("{}/submit", base(&app)), "agency-admin").await;
    let down = mailer(&closed);
    assert_eq!(send(&app, &down).await, SendReport { sent: 0, failed: 1 });
    // The submission stands; the message waits with its error for the admin to see.
    let nacc = app.token("admin").await;
    let outbox = app.get("/api/v1/notifications", Some(&nacc)).await;
    assert_status!(outbox, 200);
    let first = &outbox.json()[0];
    assert_eq!(first["attempts"], 1);
    assert!(first["sent_at"].is_null());
    assert!(first["last_error"].as_str().is_some_and(|e| !e.is_empty()));
    let agency = app.token("agency-admin").await;
    assert_status!(app.get("/api/v1/notifications", Some(&agency)).await, 403);
    // When the server is back, the same message goes out.
    let sink = SmtpSink::start().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(send(&app, &mailer(&sink.url)).await.sent, 1);
    assert_eq!(sink.messages().len(), 1);
}
