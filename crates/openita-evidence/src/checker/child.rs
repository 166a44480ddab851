//! The parent side of extraction in a child process (see [`crate::extractor`]): start the
//! child, hand it the document, read its text, and kill it at the time limit.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::process::Command;

use crate::extractor::{EXIT_UNREADABLE, MAX_TEXT_BYTES, truncate_at_char};
use crate::text::Unreadable;

/// What a child says on standard error is kept only this long.
const MAX_REASON_BYTES: u64 = 4 * 1024;

pub(super) fn too_long() -> Unreadable {
    Unreadable("the document takes too long to read".to_owned())
}

/// Extracts `bytes` as `kind` in `program args... kind`. Returns when the child has exited
/// or, at `limit`, has been killed and reaped: either way nothing of it is left running.
pub(super) async fn extract_in_child(
    program: &Path,
    args: &[String],
    kind: &str,
    bytes: Vec<u8>,
    limit: Duration,
) -> Result<String, Unreadable> {
    let mut child = Command::new(program)
        .args(args)
        .arg(kind)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // If this future is dropped (the check was cancelled), the child goes with it.
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| Unreadable(format!("the document reader could not start ({e})")))?;
    let (Some(mut stdin), Some(stdout), Some(stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        return Err(Unreadable("the document reader could not start".to_owned()));
    };
    let talk = async {
        let feed = async move {
            // A child that stops reading (it failed early) closes the pipe: not our error.
            let _ = stdin.write_all(&bytes).await;
            drop(stdin);
        };
        let text = async move {
            let mut out = Vec::new();
            let _ = stdout
                .take(MAX_TEXT_BYTES as u64)
                .read_to_end(&mut out)
                .await;
            out
        };
        let reason = async move {
            let mut err = Vec::new();
            let _ = stderr.take(MAX_REASON_BYTES).read_to_end(&mut err).await;
            err
        };
        let ((), out, err) = tokio::join!(feed, text, reason);
        (out, err)
    };
    let outcome = tokio::time::timeout(limit, async {
        let (out, err) = talk.await;
        (child.wait().await, out, err)
    })
    .await;
    match outcome {
        Err(_) => {
            // SIGKILL, then wait for it: the slot is free only once the child is gone.
            let _ = child.kill().await;
            Err(too_long())
        }
        Ok((Ok(status), out, _)) if status.success() => {
            let mut text = String::from_utf8_lossy(&out).into_owned();
            truncate_at_char(&mut text, MAX_TEXT_BYTES);
            Ok(text)
        }
        Ok((Ok(status), _, err)) if status.code() == Some(i32::from(EXIT_UNREADABLE)) => {
            let why = String::from_utf8_lossy(&err).trim().to_owned();
            Err(Unreadable(if why.is_empty() {
                "the document could not be read".to_owned()
            } else {
                why
            }))
        }
        Ok(_) => Err(Unreadable(
            "the document reader failed on this file (damaged, or too large to read)".to_owned(),
        )),
    }
}
