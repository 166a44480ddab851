//! The signed-in user's own account: password change and the address for notifications.

use super::{FormError, PageContext, render};
use crate::{AppState, client_addr::ClientAddr, error::ApiError, session::CurrentUser};
use askama::Template;
use axum::{
    Form,
    extract::{State, rejection::FormRejection},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use openita_core::{CoreError, accounts};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    page: PageContext,
    errors: Vec<FormError>,
    email: String,
    /// Whether the user receives reminder mail.
    reminders: bool,
}

async fn account_page(
    state: &AppState,
    page: PageContext,
    user: &CurrentUser,
    errors: Vec<FormError>,
    typed_email: Option<String>,
) -> Response {
    let email = match typed_email {
        Some(e) => e,
        None => match accounts::own_email(&state.core, &user.actor).await {
            Ok(e) => e.unwrap_or_default(),
            Err(e) => return ApiError::from(e).into_response(),
        },
    };
    let reminders = match openita_core::reminders::own_preferences(&state.core, &user.actor).await {
        Ok(p) => p.reminders,
        Err(e) => return ApiError::from(e).into_response(),
    };
    let failed = !errors.is_empty();
    let mut r = render(&AccountPage {
        page: page.with_section("account"),
        errors,
        email,
        reminders,
    });
    if failed {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    r
}

pub async fn show(State(state): State<AppState>, page: PageContext, user: CurrentUser) -> Response {
    account_page(&state, page, &user, Vec::new(), None).await
}

#[derive(Deserialize)]
pub struct EmailForm {
    #[serde(default)]
    email: String,
}

pub async fn change_email(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    Form(form): Form<EmailForm>,
) -> Response {
    match accounts::set_own_email(&state.core, &user.actor, Some(&form.email)).await {
        Ok(_) => Redirect::to("/account?done=account.email_saved").into_response(),
        Err(CoreError::Invalid(fields)) => {
            let errors = page.form_errors(&fields);
            account_page(&state, page, &user, errors, Some(form.email)).await
        }
        Err(e) => ApiError::from(e).into_response(),
    }
}

/// The reminder checkbox: present when ticked.
#[derive(Deserialize)]
pub struct NotificationsForm {
    #[serde(default)]
    reminders: Option<String>,
}

pub async fn change_notifications(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<NotificationsForm>,
) -> Response {
    let choice = openita_core::reminders::NotificationPreferences {
        reminders: form.reminders.is_some(),
    };
    match openita_core::reminders::set_own_preferences(&state.core, &user.actor, &choice).await {
        Ok(_) => Redirect::to("/account?done=account.reminders_saved").into_response(),
        Err(e) => ApiError::from(e).into_response(),
    }
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    ClientAddr(client): ClientAddr,
    form: Result<Form<PasswordForm>, FormRejection>,
) -> Response {
    let form = match form {
        Ok(Form(form)) => form,
        // Over the route's small body limit, or not a form: the form again, saying why.
        Err(rejection) => {
            let status = rejection.status();
            let errors = vec![FormError {
                field: "new_password".into(),
                message: page
                    .pick(
                        "รหัสผ่านที่กรอกยาวเกินไป หรืออ่านแบบฟอร์มไม่ได้",
                        "What was entered is too long, or the form could not be read.",
                    )
                    .to_string(),
            }];
            let mut r = account_page(&state, page, &user, errors, None).await;
            *r.status_mut() = status;
            return r;
        }
    };
    match accounts::change_password(
        &state.core,
        &user.actor,
        &user.token,
        &form.current_password,
        &form.new_password,
        client,
    )
    .await
    {
        Ok(()) => Redirect::to("/account?done=account.changed").into_response(),
        Err(CoreError::Invalid(fields)) => {
            let errors = page.form_errors(&fields);
            account_page(&state, page, &user, errors, None).await
        }
        // Too many wrong current passwords: the form again, saying how long to wait.
        Err(CoreError::TooManyAttempts {
            retry_after_secs,
            message,
        }) => {
            let errors = vec![FormError {
                field: "current_password".into(),
                message: message.get(page.lang).to_string(),
            }];
            let mut r = account_page(&state, page, &user, errors, None).await;
            *r.status_mut() = StatusCode::TOO_MANY_REQUESTS;
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
            r
        }
        Err(e) => ApiError::from(e).into_response(),
    }
}
