//! What a public survey token leads to, kept in memory: every form fetch and every answer
//! sent starts by following the token (the link, its cycle with the calendar, the agency, the
//! framework), and in a deadline week the same few thousand tokens are followed thousands of
//! times a second. The questions of a form, and their JSON, are kept per framework and
//! instrument: the same for every agency.
//!
//! Kept is not trusted for long: an entry lives [`TTL`], and every change to what it holds
//! (links replaced, a calendar or framework changed, a cycle opened, an agency renamed)
//! forgets everything at once in this process ([`LinkCache::forget_all`]). Another instance
//! on the same database learns of such a change within [`TTL`]. The survey window is checked
//! against the clock on every request, from the kept calendar.

use super::form::{FormQuestion, Resolved};
use openita_framework::InstrumentCode;
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

/// How long another instance's change can go unseen here.
const TTL: Duration = Duration::from_secs(5);

/// More tokens than a whole country's links (8,317 agencies × 2): past this the map is emptied
/// rather than grown, so a flood of made-up tokens cannot fill memory (misses are not kept).
const MAX_ENTRIES: usize = 50_000;

/// A form's questions, as a list for the pages and as JSON for the API.
#[derive(Debug)]
pub struct PreparedQuestions {
    pub list: Arc<Vec<FormQuestion>>,
    pub json: Arc<str>,
}

#[derive(Default)]
pub(crate) struct LinkCache {
    links: Mutex<HashMap<String, (Instant, Arc<Resolved>)>>,
    questions: Mutex<HashMap<(String, InstrumentCode), Arc<PreparedQuestions>>>,
}

impl LinkCache {
    pub(crate) fn get(&self, token: &str) -> Option<Arc<Resolved>> {
        let links = self.links.lock().unwrap_or_else(|p| p.into_inner());
        links
            .get(token)
            .filter(|(at, _)| at.elapsed() < TTL)
            .map(|(_, r)| r.clone())
    }

    pub(crate) fn put(&self, token: &str, resolved: Arc<Resolved>) {
        let mut links = self.links.lock().unwrap_or_else(|p| p.into_inner());
        if links.len() >= MAX_ENTRIES {
            links.clear();
        }
        links.insert(token.to_string(), (Instant::now(), resolved));
    }

    /// The questions of a framework's instrument, built once.
    pub(crate) fn questions(
        &self,
        fingerprint: &str,
        instrument: InstrumentCode,
        build: impl FnOnce() -> Vec<FormQuestion>,
    ) -> Arc<PreparedQuestions> {
        let key = (fingerprint.to_string(), instrument);
        if let Some(q) = self
            .questions
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&key)
        {
            return q.clone();
        }
        let list = build();
        let json = serde_json::to_string(&list).unwrap_or_else(|_| "[]".into());
        let prepared = Arc::new(PreparedQuestions {
            list: Arc::new(list),
            json: json.into(),
        });
        self.questions
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(key, prepared.clone());
        prepared
    }

    /// Forgets every token followed: called by every change to links, calendars, frameworks,
    /// cycles and agencies.
    pub(crate) fn forget_all(&self) {
        self.links.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }
}
