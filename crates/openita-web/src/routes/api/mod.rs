//! The JSON API. Version 1 is a contract (API.md): extend, never break.

pub mod v1;
