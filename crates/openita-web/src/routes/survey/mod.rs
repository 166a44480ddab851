//! The public survey form at `/s/{token}`: Thai by default (`?lang=en` for English), no
//! JavaScript, no cookies, under 50 KB. Server-side validation re-renders the form with the
//! answers kept and the missing ones marked.

mod form_page;

pub use form_page::{show, submit, thanks};
