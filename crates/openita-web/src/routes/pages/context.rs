//! What every page template needs: language, the signed-in user, the CSRF token, the section
//! for the menu and a one-line notice after a successful action.

use crate::{access::urlencode, i18n, session::CurrentUser};
use axum::{
    extract::FromRequestParts,
    http::{HeaderMap, Uri, request::Parts},
};
use openita_core::FieldError;
use openita_types::{Lang, Role};

pub const LANG_COOKIE: &str = "openita_lang";

/// The user as the page header shows it.
#[derive(Debug, Clone)]
pub struct UserBadge {
    pub username: String,
    /// The person's name (the user name when they have none).
    pub name: String,
    pub role_name: String,
    pub is_admin: bool,
    pub sees_users: bool,
}

#[derive(Debug, Clone)]
pub struct PageContext {
    pub lang: Lang,
    pub user: Option<UserBadge>,
    pub csrf: String,
    pub path_encoded: String,
    pub section: &'static str,
    pub notice: Option<String>,
}

/// A form field's error in the page language.
#[derive(Debug, Clone)]
pub struct FormError {
    pub field: String,
    pub message: String,
}

pub fn lang_of(headers: &HeaderMap) -> Lang {
    match crate::session::cookie(headers, LANG_COOKIE) {
        Some("en") => Lang::En,
        _ => Lang::Th,
    }
}

impl PageContext {
    pub fn from_parts_lossy(
        headers: &HeaderMap,
        uri: &Uri,
        user: Option<&CurrentUser>,
        section: &'static str,
    ) -> Self {
        let lang = lang_of(headers);
        let notice = uri
            .query()
            .and_then(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).ok())
            .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == "done").map(|(_, v)| v))
            .filter(|key| i18n::has_key(key))
            .map(|key| i18n::t(lang, &key).to_string());
        PageContext {
            lang,
            user: user.map(|u| UserBadge {
                username: u.actor.username.clone(),
                name: u.actor.name().to_string(),
                role_name: lang
                    .pick(u.actor.role.name_th(), u.actor.role.name_en())
                    .to_string(),
                is_admin: u.actor.role == Role::NaccAdmin,
                sees_users: matches!(
                    u.actor.role,
                    Role::NaccAdmin | Role::AgencyAdmin | Role::AgencyExecutive
                ),
            }),
            csrf: user.map(|u| u.csrf_token.clone()).unwrap_or_default(),
            path_encoded: urlencode(uri.path_and_query().map(|p| p.as_str()).unwrap_or("/")),
            section,
            notice,
        }
    }

    pub fn with_section(mut self, section: &'static str) -> Self {
        self.section = section;
        self
    }

    pub fn t<'a>(&self, key: &'a str) -> &'a str {
        i18n::t(self.lang, key)
    }

    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }

    pub fn other_lang(&self) -> &'static str {
        match self.lang {
            Lang::Th => "en",
            Lang::En => "th",
        }
    }

    pub fn is_admin(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.is_admin)
    }

    /// Pick the Thai or English one of two texts.
    pub fn pick<'a>(&self, th: &'a str, en: &'a str) -> &'a str {
        self.lang.pick(th, en)
    }

    pub fn form_errors(&self, errors: &[FieldError]) -> Vec<FormError> {
        errors
            .iter()
            .map(|e| FormError {
                field: e.field.clone(),
                message: e.message.get(self.lang).to_string(),
            })
            .collect()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PageContext {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let user = parts.extensions.get::<CurrentUser>();
        Ok(PageContext::from_parts_lossy(
            &parts.headers,
            &parts.uri,
            user,
            "",
        ))
    }
}
