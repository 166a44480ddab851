//! The OIT workflow: the agency answers each item (published, URLs, note), submits, its
//! executive approves (answers lock), assigned assessors give provisional scores with reasons,
//! the agency may object to chosen items in the clarification window, and the assessors set
//! final scores, which lock. State: draft -> submitted -> approved -> reviewed -> final.

mod progress;

pub(crate) use progress::progress_of;
