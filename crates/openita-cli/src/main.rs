//! `openita`: one binary for every role of the system (server, demo, migrations, admin tasks).

mod commands;
mod database;
mod logging;
mod settings;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = commands::Cli::parse();
    // The evidence checker's document reader runs as this binary in a child process; it
    // needs no runtime, no logs and nothing else on standard output.
    if let Some(kind) = cli.extract_text_kind() {
        return openita_evidence::extractor::child_main(kind);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("openita: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(run(cli))
}

async fn run(cli: commands::Cli) -> ExitCode {
    match settings::Settings::load(cli.config.as_deref()) {
        Ok(settings) => settings.install(),
        Err(e) => {
            let causes: Vec<String> = e.chain().map(|c| c.to_string()).collect();
            eprintln!("openita: {}", causes.join(": "));
            return ExitCode::FAILURE;
        }
    }
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
