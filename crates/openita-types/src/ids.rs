//! Ids of the things people name in a path or a request: a job, a plan activity, a province
//! document, a user, an agency, a cycle. Each is its own type, so a plan activity's id cannot
//! be handed to a use case that wants a document's, nor an agency's where a user's goes. In
//! JSON and in the database each is the bare number.

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            Hash,
            PartialOrd,
            Ord,
            serde::Serialize,
            serde::Deserialize,
            utoipa::ToSchema,
        )]
        #[serde(transparent)]
        #[schema(value_type = i64, example = 1)]
        pub struct $name(i64);

        impl $name {
            /// The number the database gave it.
            pub const fn new(id: i64) -> Self {
                $name(id)
            }

            pub const fn get(self) -> i64 {
                self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

typed_id!(
    /// An agency's row.
    AgencyId
);
typed_id!(
    /// A user's row.
    UserId
);
typed_id!(
    /// A background job.
    JobId
);
typed_id!(
    /// A row of a province's yearly plan.
    ActivityId
);
typed_id!(
    /// A document a province uploaded.
    DocumentId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_the_bare_number_in_json() {
        let id = JobId::new(42);
        assert_eq!(serde_json::to_string(&id).ok().as_deref(), Some("42"));
        assert_eq!(serde_json::from_str::<JobId>("42").ok(), Some(id));
        assert!(serde_json::from_str::<JobId>("\"42\"").is_err());
        assert_eq!(id.to_string(), "42");
    }
}
