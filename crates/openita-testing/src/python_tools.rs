//! The Python tools the API contract tests run (`scripts/install-python-tools` puts them in a
//! virtual environment): where they are, or a failure that says how to get them.

use std::path::PathBuf;

/// The path of `tool` (`st`, `openapi-spec-validator`) in the tools' environment:
/// `$OPENITA_PYTHON_TOOLS`, else `~/.cache/openita-venv/bin`.
pub fn python_tool(tool: &str) -> PathBuf {
    let bin = std::env::var_os("OPENITA_PYTHON_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
                .join(".cache/openita-venv/bin")
        });
    let path = bin.join(tool);
    assert!(
        path.is_file(),
        "{} is missing: run scripts/install-python-tools (or set OPENITA_PYTHON_TOOLS to the bin \
         folder of an environment with the versions in scripts/python-tools.txt)",
        path.display()
    );
    path
}
