//! Rendering and receiving the HTML survey form.

use super::device_cookie;
use crate::{AppState, client_addr::ClientAddr, routes::pages::render};
use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use openita_core::{
    CoreError,
    survey_responses::{self, SurveyForm},
};
use openita_types::{
    Lang,
    thai_time::{english_datetime_short, thai_window_edge_short},
};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::HashMap;

#[derive(Deserialize, Default)]
pub struct LangQuery {
    lang: Option<String>,
}

impl LangQuery {
    fn lang(&self) -> Lang {
        if self.lang.as_deref() == Some("en") {
            Lang::En
        } else {
            Lang::Th
        }
    }
}

pub struct OptionView {
    pub value: i64,
    pub label: String,
    pub checked: bool,
}

pub struct QuestionView {
    pub id: String,
    pub number: usize,
    pub text: String,
    pub optional: bool,
    pub options: Vec<OptionView>,
    pub error: Option<String>,
}

pub struct SectionView {
    pub number: usize,
    pub name: String,
    pub heading: String,
    pub questions: Vec<QuestionView>,
}

pub struct ErrorView {
    pub field: String,
    pub message: String,
}

#[derive(Template)]
#[template(path = "survey/form.html")]
struct FormPage {
    lang: &'static str,
    title: String,
    agency: String,
    year_line: String,
    other_lang: &'static str,
    other_lang_label: &'static str,
    other_lang_href: String,
    lang_query: &'static str,
    anonymity: &'static str,
    fix_heading: &'static str,
    sections_label: &'static str,
    optional_label: &'static str,
    submit_label: &'static str,
    token: String,
    nonce: String,
    sections: Vec<SectionView>,
    errors: Vec<ErrorView>,
}

#[derive(Template)]
#[template(path = "survey/message.html")]
struct MessagePage {
    lang: &'static str,
    heading: String,
    message: String,
    detail: Option<String>,
}

fn instrument_title(instrument: &str, lang: Lang) -> &'static str {
    match (instrument, lang) {
        ("IIT", Lang::Th) => "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)",
        ("IIT", Lang::En) => "Internal Integrity and Transparency Assessment (IIT)",
        (_, Lang::Th) => "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)",
        (_, Lang::En) => "External Integrity and Transparency Assessment (EIT)",
    }
}

fn form_page(
    token: &str,
    form: &SurveyForm,
    lang: Lang,
    given: &HashMap<String, String>,
    errors: &[openita_core::FieldError],
) -> FormPage {
    let mut sections: Vec<SectionView> = Vec::new();
    for (i, q) in form.questions().iter().enumerate() {
        if sections.last().map(|s| s.number) != Some(usize::from(q.indicator)) {
            sections.push(SectionView {
                number: usize::from(q.indicator),
                name: q.indicator_name.get(lang).to_string(),
                heading: String::new(),
                questions: Vec::new(),
            });
        }
        let chosen = given.get(&q.id).and_then(|v| v.parse::<i64>().ok());
        let error = errors
            .iter()
            .find(|e| e.field == q.id)
            .map(|e| e.message.get(lang).to_string());
        if let Some(section) = sections.last_mut() {
            section.questions.push(QuestionView {
                id: q.id.clone(),
                number: i + 1,
                text: lang.pick(&q.text_th, &q.text_en).to_string(),
                optional: q.optional,
                options: q
                    .options
                    .iter()
                    .map(|o| OptionView {
                        value: o.level,
                        label: lang.pick(&o.label_th, &o.label_en).to_string(),
                        checked: chosen == Some(o.level),
                    })
                    .collect(),
                error,
            });
        }
    }
    let count = sections.len();
    for (i, s) in sections.iter_mut().enumerate() {
        s.heading = match lang {
            Lang::Th => format!("ส่วนที่ {} จาก {count}: {}", i + 1, s.name),
            Lang::En => format!("Part {} of {count}: {}", i + 1, s.name),
        };
    }
    let closes = match lang {
        Lang::Th => format!(
            "ปีงบประมาณ พ.ศ. {} · เปิดตอบถึง {}",
            form.year,
            thai_window_edge_short(form.window.end)
        ),
        Lang::En => format!(
            "Fiscal year {} B.E. · open until {}",
            form.year,
            english_datetime_short(form.window.end)
        ),
    };
    FormPage {
        lang: lang.code(),
        title: instrument_title(form.instrument, lang).to_string(),
        agency: match lang {
            Lang::Th => form.agency_name_th.clone(),
            Lang::En => form.agency_name_en.clone().unwrap_or_else(|| form.agency_name_th.clone()),
        },
        year_line: closes,
        other_lang: if lang == Lang::Th { "en" } else { "th" },
        other_lang_label: if lang == Lang::Th { "English" } else { "ภาษาไทย" },
        other_lang_href: if lang == Lang::Th { format!("/s/{token}?lang=en") } else { format!("/s/{token}") },
        lang_query: if lang == Lang::En { "?lang=en" } else { "" },
        anonymity: lang.pick(
            "ไม่ต้องระบุชื่อ ระบบไม่เก็บข้อมูลที่ระบุตัวตนของผู้ตอบ (ไม่เก็บที่อยู่ IP อุปกรณ์ หรือเวลาที่ตอบ) หน่วยงานเห็นเพียงผลรวมเท่านั้น",
            "Do not give your name. Nothing that identifies you is stored (no IP address, device or time of answering); the agency sees totals only.",
        ),
        fix_heading: lang.pick("โปรดตอบข้อที่ยังขาด", "Please answer the questions marked below"),
        sections_label: lang.pick("ส่วนของแบบสอบถาม", "Parts of the survey"),
        optional_label: lang.pick("ไม่บังคับตอบ", "optional"),
        submit_label: lang.pick("ส่งคำตอบ", "Send my answers"),
        token: token.to_string(),
        nonce: form.form_nonce.clone(),
        sections,
        errors: errors
            .iter()
            .map(|e| ErrorView { field: e.field.clone(), message: e.message.get(lang).to_string() })
            .collect(),
    }
}

fn message(
    lang: Lang,
    status: StatusCode,
    heading: &str,
    text: String,
    detail: Option<String>,
) -> Response {
    let mut r = render(&MessagePage {
        lang: lang.code(),
        heading: heading.to_string(),
        message: text,
        detail,
    });
    *r.status_mut() = status;
    r
}

/// A refusal as a page in the respondent's language.
fn refusal(e: &CoreError, lang: Lang) -> Response {
    // The same form sent twice (a double tap, the back button and "send" again): the first
    // one counted. That is news to thank for, not a failure.
    if matches!(
        e,
        CoreError::Conflict {
            code: "nonce_used",
            ..
        }
    ) {
        return message(
            lang,
            StatusCode::CONFLICT,
            lang.pick("ท่านส่งคำตอบแล้ว", "Your answers were sent"),
            lang.pick(
                "คำตอบของท่านบันทึกไว้แล้วตั้งแต่การส่งครั้งแรก และนับเพียงครั้งเดียว ขอบคุณที่สละเวลาตอบแบบสอบถาม",
                "Your answers were saved the first time you sent them, and count once. Thank you for answering.",
            )
            .to_string(),
            None,
        );
    }
    let status = match e {
        CoreError::NotFound(_) => StatusCode::NOT_FOUND,
        CoreError::OutsideWindow { .. } | CoreError::Conflict { .. } => StatusCode::CONFLICT,
        CoreError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
        CoreError::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
        CoreError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    let heading = match e {
        CoreError::OutsideWindow { .. } => lang.pick("แบบสอบถามปิดอยู่", "The survey is closed"),
        CoreError::Busy { .. } => lang.pick("ระบบมีผู้ใช้งานจำนวนมาก", "Very busy right now"),
        CoreError::RateLimited { .. } => lang.pick("โปรดรอสักครู่", "Please wait a moment"),
        _ => lang.pick("ส่งคำตอบไม่ได้", "Could not continue"),
    };
    let retry_after = match e {
        CoreError::Busy {
            retry_after_secs, ..
        }
        | CoreError::RateLimited {
            retry_after_secs, ..
        } => Some(*retry_after_secs),
        _ => None,
    };
    let detail = retry_after.map(|_| {
        lang.pick(
            "กดปุ่มย้อนกลับของเบราว์เซอร์ แล้วกดส่งอีกครั้ง คำตอบที่เลือกไว้ยังอยู่",
            "Press the browser's back button and send again: your choices are still there.",
        )
        .to_string()
    });
    let mut r = message(
        lang,
        status,
        heading,
        e.text().get(lang).to_string(),
        detail,
    );
    if let Some(secs) = retry_after {
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    r
}

/// This browser already answered this link: say so, count nothing. `sent`: answers came with
/// the request (and are not counted).
fn already_answered(lang: Lang, sent: bool) -> Response {
    let mut text = lang
        .pick(
            "เบราว์เซอร์นี้ส่งคำตอบของแบบสอบถามนี้ไปแล้ว แต่ละคนตอบได้ครั้งเดียว",
            "This browser has already sent answers to this survey. Each person answers once.",
        )
        .to_string();
    if sent {
        text.push(' ');
        text.push_str(lang.pick(
            "คำตอบที่ส่งมาครั้งนี้จึงไม่ถูกนับ",
            "The answers just sent were not counted.",
        ));
    }
    message(
        lang,
        if sent {
            StatusCode::CONFLICT
        } else {
            StatusCode::OK
        },
        lang.pick("ท่านตอบแบบสอบถามนี้แล้ว", "You have already answered"),
        text,
        Some(
            lang.pick(
                "หากมีผู้อื่นใช้อุปกรณ์เครื่องนี้ร่วมกัน โปรดให้ผู้นั้นตอบจากโทรศัพท์หรืออุปกรณ์ของตนเอง",
                "If someone else shares this device, they can answer from their own phone or device.",
            )
            .to_string(),
        ),
    )
}

pub async fn show(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    Path(token): Path<String>,
    Query(q): Query<LangQuery>,
) -> Response {
    let lang = q.lang();
    if device_cookie::answered_before(&headers) {
        return already_answered(lang, false);
    }
    match survey_responses::open_form(&state.core, &token, Some(client)).await {
        Ok(form) => render(&form_page(&token, &form, lang, &HashMap::new(), &[])),
        Err(e) => refusal(&e, lang),
    }
}

pub async fn submit(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    Path(token): Path<String>,
    Query(q): Query<LangQuery>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let lang = q.lang();
    if device_cookie::answered_before(&headers) {
        return already_answered(lang, true);
    }
    let given: HashMap<String, String> = fields.into_iter().collect();
    let thanks = Redirect::to(if lang == Lang::En {
        "/s/thanks?lang=en"
    } else {
        "/s/thanks"
    })
    .into_response();
    // The honeypot: people never see this field; bots fill it in. Say thank you, keep nothing.
    if given.get("website").is_some_and(|v| !v.is_empty()) {
        return thanks;
    }
    let nonce = given.get("form_nonce").cloned().unwrap_or_default();
    let answers: Map<String, Value> = given
        .iter()
        .filter(|(k, v)| k.as_str() != "form_nonce" && k.as_str() != "website" && !v.is_empty())
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    match survey_responses::submit_response(&state.core, &token, Some(client), &nonce, &answers)
        .await
    {
        Ok(_) => {
            let mut thanks = thanks;
            if let Some(cookie) = device_cookie::answered(&token, state.config.secure_cookies)
                .and_then(|c| HeaderValue::from_str(&c).ok())
            {
                thanks.headers_mut().insert(header::SET_COOKIE, cookie);
            }
            thanks
        }
        Err(CoreError::Invalid(errors)) => {
            match survey_responses::open_form(&state.core, &token, Some(client)).await {
                Ok(mut form) => {
                    // The nonce was not used: keep the one the respondent has.
                    form.form_nonce = nonce;
                    let mut r = render(&form_page(&token, &form, lang, &given, &errors));
                    *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
                    r
                }
                Err(e) => refusal(&e, lang),
            }
        }
        Err(e) => refusal(&e, lang),
    }
}

pub async fn thanks(Query(q): Query<LangQuery>) -> Response {
    let lang = q.lang();
    message(
        lang,
        StatusCode::OK,
        lang.pick("ขอบคุณที่ตอบแบบสอบถาม", "Thank you for answering"),
        lang.pick(
            "ระบบบันทึกคำตอบของท่านแล้ว คำตอบไม่ระบุตัวตน และนับเพียงครั้งเดียว",
            "Your answers are saved. They are anonymous and count once.",
        )
        .to_string(),
        Some(
            lang.pick("ปิดหน้านี้ได้เลย", "You may close this page.")
                .to_string(),
        ),
    )
}
