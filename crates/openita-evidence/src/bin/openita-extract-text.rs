//! The checker's text extractor as a program of its own (`openita-extract-text pdf < a.pdf`),
//! for this crate's tests and for tools. The `openita` binary serves the same as its hidden
//! `openita extract-text KIND` command, which is what the server runs.

fn main() -> std::process::ExitCode {
    let kind = std::env::args().nth(1).unwrap_or_default();
    openita_evidence::extractor::child_main(&kind)
}
