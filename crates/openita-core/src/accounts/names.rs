//! Who did what, by name: the records keep user names (stable, unique, what the audit log
//! names), and views add the person's name beside them ("approved by นายก อบต. วีระ ศรีสุข",
//! not "sao.exec").

use crate::CoreError;
use openita_db::queries::users;
use std::collections::HashMap;

/// The names of the people who have one, read once for a view.
pub struct People(HashMap<String, String>);

impl People {
    pub async fn load(conn: &mut openita_db::Conn) -> Result<People, CoreError> {
        Ok(People(users::display_names(conn).await?))
    }

    /// The person's name, or the user name when they have none (or the system acted).
    pub fn name_of(&self, username: &str) -> String {
        self.0
            .get(username)
            .cloned()
            .unwrap_or_else(|| username.to_string())
    }
}
