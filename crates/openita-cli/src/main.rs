//! `openita`: one binary for every role of the system (server, demo, migrations, admin tasks).

mod commands;
mod database;
mod logging;

use clap::Parser;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = commands::Cli::parse();
    logging::init();
    match commands::run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One line a person can act on; the chain of causes follows on the same line.
            let causes: Vec<String> = e.chain().map(|c| c.to_string()).collect();
            eprintln!("openita: {}", causes.join(": "));
            ExitCode::FAILURE
        }
    }
}
