//! Automatic OIT evidence checker.
//!
//! Each agency submits URLs as evidence for its OIT items (O1-O28). Before the
//! deadline, [`Checker`] fetches every URL and reports, per URL, a [`Finding`]
//! whose [`Outcome`] says whether the link is usable: `ok`, `dead`, `timeout`,
//! `refused`, `login_required`, `wrong_year`, `too_large` or `unreadable`. It is
//! an I/O crate with no database: URLs in, findings out.
//!
//! ```no_run
//! # async fn demo() -> Result<(), openita_evidence::CheckerError> {
//! use openita_evidence::{Checker, CheckerConfig};
//! let checker = Checker::new(CheckerConfig::default())?;
//! let f = checker.check("https://www.example.go.th/ita/o12-2568.pdf", Some(2568)).await;
//! println!("{} {} {}", f.outcome.code(), f.outcome.label_th(), f.detail);
//! # Ok(()) }
//! ```
//!
//! # Safety rules (SSRF)
//!
//! Evidence URLs are typed by users, so the checker must not become a way to
//! reach the network it runs in:
//!
//! * Only `http` and `https`; no user name/password in the URL; only ports 80
//!   and 443 (unless [`CheckerConfig::allow_private`], or the host is literally
//!   one of [`CheckerConfig::allowed_addrs`]). Anything else is
//!   [`Outcome::Refused`] without a connection.
//! * The HTTP client's only resolver is the crate's guarded resolver: it
//!   resolves the host once and refuses it if **any** address is non-public —
//!   private (10/8, 172.16/12, 192.168/16), shared CGNAT 100.64/10, loopback,
//!   link-local (169.254/16 incl. cloud metadata, fe80::/10), unique-local
//!   fc00::/7, multicast, unspecified, broadcast, documentation and other
//!   reserved ranges, and IPv6 forms that embed such an IPv4 address
//!   (IPv4-mapped `::ffff:a.b.c.d`, IPv4-compatible, NAT64 `64:ff9b::/96`,
//!   6to4 `2002::/16`). See [`blocked_class`]. The connector then receives
//!   exactly the vetted addresses, so DNS rebinding cannot swap them between
//!   check and connect. IP-literal hosts (in any spelling the URL standard
//!   accepts: `2130706433`, `0x7f.1`, `[::ffff:7f00:1]`) are vetted before.
//! * Redirects are never followed by the HTTP library: each `Location` is
//!   resolved against the current URL, recorded in [`Finding::redirects`], and
//!   vetted by the same rules before the next request; at most
//!   [`CheckerConfig::max_redirects`] hops.
//! * System proxy settings are ignored (a proxy would resolve names itself).
//! * Bodies are streamed and cut at [`CheckerConfig::max_body_bytes`]
//!   ([`Outcome::TooLarge`]); Office files are unzipped with a 20 MB cap; PDF
//!   and Office text extraction runs one job per CPU with a time limit, and a
//!   panicking parser only yields [`Outcome::Unreadable`]. Servers extract in a
//!   child process ([`TextExtractor::ChildProcess`]) that limits its own memory
//!   and is killed at the time limit, so a document built to be slow or to
//!   inflate into gigabytes never keeps a slot or the server's memory.
//! * Only GET and HEAD are sent, never cookies or credentials.
//!
//! # Requests
//!
//! When no year is expected (a "now" item), a HEAD request comes first; if the
//! resource is not HTML (e.g. a PDF), the check ends there without a download.
//! HTML is always fetched with GET, because a log-in form can only be seen in
//! the body; so is everything when a year is expected (a HEAD would only add a
//! round trip, since the GET's headers already carry the size). A failing HEAD
//! (405, 404, ...) always falls back to GET. The total network time of one
//! check is bounded by [`CheckerConfig::timeout`].
//!
//! # Year rule
//!
//! The item's year rule (ITA framework §4) gives the B.E. fiscal year a page
//! must mention: `cur` → the cycle's fiscal year (2568 for the 2568 cycle),
//! `prev` → the previous one (2567), `now` → no year (pass `None`). Thai
//! fiscal year N runs from 1 October N-544 to 30 September N-543 (C.E.).
//! The text (visible HTML text, PDF text layer, Word/Excel/PowerPoint XML,
//! plain text; UTF-8 or TIS-620/Windows-874) counts as mentioning year N when
//! it contains:
//!
//! * N as a standalone four-digit number in Arabic (`2568`) or Thai
//!   (`๒๕๖๘`) digits — not inside a longer number, not a thousands group or
//!   decimal (`2,568`, `2568.50`);
//! * the two-digit short form after ปีงบประมาณ / ปีงบ / ปีงบฯ / พ.ศ.
//!   (`ปีงบประมาณ 68`, `พ.ศ.๖๘`);
//! * the C.E. fiscal year N-543 only when written as a fiscal year
//!   (`FY2025`, `fiscal year 2025`). A bare C.E. year does not count: calendar
//!   2025 overlaps fiscal years 2568 and 2569.
//!
//! [`Finding::years_seen`] lists every B.E. year found (2500-2699, and the
//! converted short and FY forms), which tells staff *which* year a stale page
//! shows. Reachable text without the year is [`Outcome::WrongYear`]; a
//! document whose text cannot be read (scanned PDF, damaged file, image,
//! legacy `.doc`) is [`Outcome::Unreadable`] — never `WrongYear`, since an
//! assessor may still read it by eye.
//!
//! # Log-in walls
//!
//! [`Outcome::LoginRequired`] when the final response is 401, or 403 with
//! `WWW-Authenticate`; when the final URL is a sign-in page (Joomla
//! `view=login`, `wp-login.php`, `/user/login`, Google/Microsoft sign-in,
//! a `login`/`signin`/`logon` path segment); or when an HTML page has an
//! `<input type="password">` and less than
//! [`text::LOGIN_PAGE_MAX_TEXT_CHARS`] characters of visible text. A longer
//! page with a password field is a content page with a side-bar log-in box
//! (common on agency CMS sites): it is judged on its content, with a warning.

mod addr;
mod checker;
pub mod extractor;
mod finding;
pub mod text;

pub use addr::{AddrClass, AddressPolicy, UrlProblem, blocked_class, is_public};
pub use checker::{Checker, CheckerConfig, CheckerError};
pub use extractor::TextExtractor;
pub use finding::{Finding, Outcome};
