//! E-mail notifications of the OIT workflow, written to an outbox inside the transaction of
//! the change they announce and sent by the worker (crate `openita-jobs`, module `mail`).
//!
//! - the agency's executives, when OIT answers await their approval;
//! - the agency's admins and executives, when every item has its provisional score;
//! - the assigned assessors, when the agency objects to a score.
//!
//! Users without an e-mail address are skipped: mail is a convenience, the pages hold the
//! truth.

use openita_types::{FiscalYear, Role};
mod messages;
mod outbox;

pub use messages::Message;
pub use outbox::{Outgoing, mark_failed, mark_sent, recent, unsent};

use openita_db::{
    Conn, DbError,
    queries::{agencies::AgencyRow, notifications, users},
};

/// Queues `message` for every (username, address) in `to`.
async fn queue(
    conn: &mut Conn,
    to: &[(String, String)],
    message: &Message,
    now: &str,
) -> Result<usize, DbError> {
    for (username, address) in to {
        notifications::insert(
            conn,
            &notifications::NewNotification {
                event: message.event,
                username,
                recipient: address,
                subject: &message.subject,
                body: &message.body,
                link_path: &message.link_path,
            },
            now,
        )
        .await?;
    }
    Ok(to.len())
}

/// The admin submitted the OIT answers: the executives must approve them.
pub(crate) async fn oit_awaits_approval(
    conn: &mut Conn,
    year: FiscalYear,
    agency: &AgencyRow,
    now: &str,
) -> Result<usize, DbError> {
    let to =
        users::agency_mail_recipients(conn, agency.id, &[Role::AgencyExecutive.code()]).await?;
    queue(conn, &to, &messages::oit_awaits_approval(year, agency), now).await
}

/// Every item has its provisional score: the agency may read them and object.
pub(crate) async fn provisional_scores_out(
    conn: &mut Conn,
    year: FiscalYear,
    agency: &AgencyRow,
    now: &str,
) -> Result<usize, DbError> {
    let roles = [Role::AgencyAdmin.code(), Role::AgencyExecutive.code()];
    let to = users::agency_mail_recipients(conn, agency.id, &roles).await?;
    queue(
        conn,
        &to,
        &messages::provisional_scores_out(year, agency),
        now,
    )
    .await
}

/// The agency objected to the provisional score of `item`: its assessors must answer.
pub(crate) async fn objection_arrived(
    conn: &mut Conn,
    cycle_id: i64,
    year: FiscalYear,
    agency: &AgencyRow,
    item: &str,
    now: &str,
) -> Result<usize, DbError> {
    let to = users::assessor_mail_recipients(conn, cycle_id, agency.id).await?;
    queue(
        conn,
        &to,
        &messages::objection_arrived(year, agency, item),
        now,
    )
    .await
}
