//! `openita admin ...`: account tasks from the server's shell.

use crate::database::DbArgs;
use anyhow::{Context, Result};
use openita_core::{Actor, CoreError, accounts};
use std::io::Read;

#[derive(Debug, clap::Subcommand)]
pub enum AdminCommand {
    /// Create a user; the password is read from standard input.
    CreateUser(CreateUserArgs),
}

#[derive(Debug, clap::Args)]
pub struct CreateUserArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[arg(long)]
    pub username: String,
    /// nacc-admin, assessor, agency-admin, agency-executive, province-coordinator or
    /// district-coordinator.
    #[arg(long)]
    pub role: String,
    /// Agency code (agency roles).
    #[arg(long)]
    pub agency: Option<String>,
    /// Province name or code (coordinators).
    #[arg(long)]
    pub province: Option<String>,
    /// District name or code within --province (district coordinators).
    #[arg(long)]
    pub district: Option<String>,
    /// Where the user's notifications go.
    #[arg(long)]
    pub email: Option<String>,
    /// The person's name as the pages show it ("นางสาวสมใจ ใจดี").
    #[arg(long)]
    pub name: Option<String>,
    /// Read the password from standard input (required: passwords never go on the command line).
    #[arg(long, required = true)]
    pub password_stdin: bool,
}

/// The sentence a person is shown, Thai first then English.
fn other_text(e: &CoreError) -> String {
    let text = e.text();
    format!("{} / {}", text.th, text.en)
}

/// A core error in one line, Thai first then English, with every invalid field.
pub(crate) fn describe(e: &CoreError) -> String {
    match e {
        CoreError::Invalid(fields) => fields
            .iter()
            .map(|f| format!("{}: {} / {}", f.field, f.message.th, f.message.en))
            .collect::<Vec<_>>()
            .join("; "),
        // Whoever runs the CLI administers the system: the cause, not only the reference.
        CoreError::Internal(cause) => format!("{} ({cause})", other_text(e)),
        other => other_text(other),
    }
}

pub async fn run(cmd: AdminCommand) -> Result<()> {
    match cmd {
        AdminCommand::CreateUser(args) => {
            let mut password = String::new();
            std::io::stdin()
                .read_to_string(&mut password)
                .context("reading the password from standard input")?;
            let password = password.trim_end_matches(['\r', '\n']).to_string();
            let core = super::core(args.db.open().await?);
            let input = accounts::NewUserInput {
                username: args.username,
                password,
                role: args.role,
                agency: args.agency,
                province: args.province,
                district: args.district,
                email: args.email,
                name: args.name,
            };
            let user = accounts::create_user(&core, &Actor::system("cli"), &input)
                .await
                .map_err(|e| anyhow::anyhow!(describe(&e)))?;
            println!("created {} ({})", user.username, user.role);
            Ok(())
        }
    }
}
