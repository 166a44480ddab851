//! Who did what, by name: the records keep user names (stable, unique, what the audit log
//! names), and views add the person's name beside them ("approved by นายก อบต. วีระ ศรีสุข",
//! not "sao.exec").

use crate::CoreError;
use openita_db::queries::users;
use std::collections::HashMap;

/// The names of the people a view shows, read once for it.
pub struct People(HashMap<String, String>);

impl People {
    /// The names of these users (duplicates and empty user names are skipped).
    pub async fn of(
        conn: &mut openita_db::Conn,
        usernames: impl IntoIterator<Item = &str>,
    ) -> Result<People, CoreError> {
        let mut wanted: Vec<&str> = usernames.into_iter().filter(|u| !u.is_empty()).collect();
        wanted.sort_unstable();
        wanted.dedup();
        if wanted.is_empty() {
            return Ok(People(HashMap::new()));
        }
        Ok(People(users::display_names_of(conn, &wanted).await?))
    }

    /// The person's name, or the user name when they have none (or the system acted).
    pub fn name_of(&self, username: &str) -> String {
        self.0
            .get(username)
            .cloned()
            .unwrap_or_else(|| username.to_string())
    }
}
