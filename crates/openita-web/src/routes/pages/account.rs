//! The signed-in user's own account: password change.

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
}

pub async fn show(page: PageContext) -> Response {
    render(&AccountPage {
        page: page.with_section("account"),
        errors: Vec::new(),
    })
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
            let mut r = render(&AccountPage {
                page: page.with_section("account"),
                errors,
            });
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            r
        }
        Err(e) => ApiError::from(e).into_response(),
    }
}
