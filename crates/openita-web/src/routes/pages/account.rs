//! The signed-in user's own account: password change and the address for notifications.

use super::{FormError, PageContext, render};
use crate::{AppState, error::ApiError, session::CurrentUser};
use askama::Template;
use axum::{
    Form,
    extract::State,
    http::StatusCode,
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
    let failed = !errors.is_empty();
    let mut r = render(&AccountPage {
        page: page.with_section("account"),
        errors,
        email,
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
    Form(form): Form<PasswordForm>,
) -> Response {
    match accounts::change_password(
        &state.core,
        &user.actor,
        &user.token,
        &form.current_password,
        &form.new_password,
    )
    .await
    {
        Ok(()) => Redirect::to("/account?done=account.changed").into_response(),
        Err(CoreError::Invalid(fields)) => {
            let errors = page.form_errors(&fields);
            account_page(&state, page, &user, errors, None).await
        }
        Err(e) => ApiError::from(e).into_response(),
    }
}
