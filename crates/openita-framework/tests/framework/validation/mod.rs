//! One test per validation rule: a copy of a shipped framework with one thing broken is refused
//! at the exact place.

mod bands;
mod json_syntax;
mod oit_items;
mod questions;
mod structure;

const FW: &str = "ita-2568";
