//! User pages: the list and the add form (NACC admin).

use super::{FormError, PageContext, render};
use crate::{AppState, error::ApiError, session::CurrentUser};
use askama::Template;
use axum::{
    Form,
    extract::{Query, State, rejection::FormRejection},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use openita_core::{
    CoreError,
    accounts::{self, NewUserInput, UserView},
};
use openita_types::Role;
use serde::Deserialize;

pub struct RoleChoice {
    pub code: &'static str,
    pub label: &'static str,
    pub selected: bool,
}

fn role_choices(page: &PageContext, selected: &str) -> Vec<RoleChoice> {
    Role::ALL
        .iter()
        .map(|r| RoleChoice {
            code: r.code(),
            label: page.pick(r.name_th(), r.name_en()),
            selected: r.code() == selected,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "users/list.html")]
struct ListPage {
    page: PageContext,
    users: Vec<UserView>,
    roles: Vec<RoleChoice>,
}

#[derive(Deserialize, Default)]
pub struct UserListQuery {
    role: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    Query(q): Query<UserListQuery>,
) -> Result<Response, ApiError> {
    let page = page.with_section("users");
    let role = q.role.filter(|r| r.parse::<Role>().is_ok());
    let filter = accounts::UserFilter {
        role: role.as_deref().and_then(|r| r.parse().ok()),
        ..Default::default()
    };
    let users = accounts::list_users(&state.core, &user.actor, &filter).await?;
    let roles = role_choices(&page, role.as_deref().unwrap_or(""));
    Ok(render(&ListPage { page, users, roles }))
}

#[derive(Template)]
#[template(path = "users/form.html")]
struct FormPage {
    page: PageContext,
    input: UserForm,
    roles: Vec<RoleChoice>,
    errors: Vec<FormError>,
}

#[derive(Deserialize, Default, Clone)]
pub struct UserForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    agency: String,
    #[serde(default)]
    province: String,
    #[serde(default)]
    district: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
}

fn form_page(page: PageContext, input: UserForm, errors: Vec<FormError>) -> FormPage {
    let page = page.with_section("users");
    let roles = role_choices(&page, &input.role);
    FormPage {
        page,
        input,
        roles,
        errors,
    }
}

pub async fn new_form(page: PageContext) -> Response {
    render(&form_page(page, UserForm::default(), Vec::new()))
}

pub async fn create(
    State(state): State<AppState>,
    page: PageContext,
    user: CurrentUser,
    form: Result<Form<UserForm>, FormRejection>,
) -> Response {
    let form = match form {
        Ok(Form(form)) => form,
        Err(rejection) => return crate::error::form_rejection(&rejection).into_response(),
    };
    let input = NewUserInput {
        username: form.username.clone(),
        password: form.password.clone(),
        role: form.role.clone(),
        agency: Some(form.agency.clone()),
        province: Some(form.province.clone()),
        district: Some(form.district.clone()),
        email: Some(form.email.clone()),
        name: Some(form.name.clone()),
    };
    match accounts::create_user(&state.core, &user.actor, &input).await {
        Ok(_) => Redirect::to("/users?done=users.created").into_response(),
        Err(CoreError::Invalid(fields)) => {
            let errors = page.form_errors(&fields);
            // Never echo a password back into the page.
            let kept = UserForm {
                password: String::new(),
                ..form
            };
            let mut r = render(&form_page(page, kept, errors));
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            r
        }
        Err(e) => ApiError::from(e).into_response(),
    }
}
