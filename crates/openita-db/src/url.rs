//! Which database a URL names, checked before anything is opened.
//!
//! A mistyped path must not silently create an empty database that then looks like "all
//! data lost": a SQLite file is created only when the caller asks for it (the default path
//! in the data directory, `openita demo`, or `--create`).

use std::path::{Path, PathBuf};

/// The two engines OpenITA runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A database location, parsed from `sqlite://PATH` or `postgres://...`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite { path: PathBuf },
    Postgres { url: String },
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum UrlError {
    #[error(
        "unsupported database URL `{0}`: use sqlite://PATH (for example sqlite://./openita.sqlite) \
         or postgres://USER:PASSWORD@HOST/DB"
    )]
    UnknownScheme(String),
    #[error("the sqlite:// URL names no file: write sqlite://PATH")]
    EmptySqlitePath,
    #[error(
        "no database at {0}: check the path, or add --create to make a new empty database there"
    )]
    MissingSqliteFile(PathBuf),
}

impl DatabaseUrl {
    pub fn parse(url: &str) -> Result<Self, UrlError> {
        let url = url.trim();
        if let Some(rest) = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
        {
            // Query strings (?mode=...) are ours to decide, not the caller's: drop them.
            let path = rest.split('?').next().unwrap_or_default();
            if path.is_empty() {
                return Err(UrlError::EmptySqlitePath);
            }
            return Ok(DatabaseUrl::Sqlite {
                path: PathBuf::from(path),
            });
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(DatabaseUrl::Postgres {
                url: url.to_string(),
            });
        }
        Err(UrlError::UnknownScheme(redact(url)))
    }

    pub fn backend(&self) -> Backend {
        match self {
            DatabaseUrl::Sqlite { .. } => Backend::Sqlite,
            DatabaseUrl::Postgres { .. } => Backend::Postgres,
        }
    }

    /// The default: `openita.sqlite` in the data directory.
    pub fn default_in(data_dir: &Path) -> Self {
        DatabaseUrl::Sqlite {
            path: data_dir.join("openita.sqlite"),
        }
    }

    /// Fails when a SQLite file is missing and the caller did not ask to create it.
    pub fn check_exists(&self, create: bool) -> Result<(), UrlError> {
        match self {
            DatabaseUrl::Sqlite { path } if !create && !path.exists() => {
                Err(UrlError::MissingSqliteFile(path.clone()))
            }
            _ => Ok(()),
        }
    }

    /// The URL for sqlx; `mode=rwc` only when creating is allowed.
    pub(crate) fn connect_string(&self, create: bool) -> String {
        match self {
            DatabaseUrl::Sqlite { path } => {
                let mode = if create { "rwc" } else { "rw" };
                format!("sqlite://{}?mode={mode}", path.display())
            }
            DatabaseUrl::Postgres { url } => url.clone(),
        }
    }

    /// For logs and messages: never print a password.
    pub fn redacted(&self) -> String {
        match self {
            DatabaseUrl::Sqlite { path } => format!("sqlite://{}", path.display()),
            DatabaseUrl::Postgres { url } => redact(url),
        }
    }
}

/// Hides the password part of `scheme://user:password@host`.
fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    match rest.split_once('@') {
        Some((user_info, host)) => {
            let user = user_info.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{host}")
        }
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheme_picks_the_engine() {
        assert_eq!(
            DatabaseUrl::parse("sqlite://./x.sqlite").map(|u| u.backend()),
            Ok(Backend::Sqlite)
        );
        assert_eq!(
            DatabaseUrl::parse("postgres://u:p@localhost/db").map(|u| u.backend()),
            Ok(Backend::Postgres)
        );
    }

    #[test]
    fn unknown_scheme_is_refused_without_leaking_the_password() {
        let err = DatabaseUrl::parse("mysql://root:secret@db/ita").err();
        let text = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(text.contains("unsupported database URL"), "{text}");
        assert!(!text.contains("secret"), "{text}");
        assert_eq!(
            DatabaseUrl::parse("sqlite://"),
            Err(UrlError::EmptySqlitePath)
        );
    }

    #[test]
    fn a_missing_sqlite_file_is_an_error_unless_creating() {
        let url = DatabaseUrl::parse("sqlite:///nonexistent/dir/typo.sqlite");
        let url = url.unwrap_or(DatabaseUrl::Sqlite {
            path: PathBuf::new(),
        });
        assert!(matches!(
            url.check_exists(false),
            Err(UrlError::MissingSqliteFile(_))
        ));
        assert_eq!(url.check_exists(true), Ok(()));
    }
}
