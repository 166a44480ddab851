//! The framework's questions by id, for turning stored tallies and answers into counts.

use openita_framework::Framework;
use std::collections::HashMap;

/// Every question of the framework with its place and its scale's length, looked up by id
/// (the framework's own lookup searches its lists; both reads meet ~1 M entries nationally).
pub(super) struct Questions<'f> {
    pub(super) ids: Vec<&'f str>,
    places: HashMap<&'f str, (usize, usize)>,
}

impl<'f> Questions<'f> {
    pub(super) fn of(fw: &'f Framework) -> Questions<'f> {
        let mut ids = Vec::new();
        let mut places = HashMap::new();
        let all = fw
            .instruments
            .iter()
            .flat_map(|i| i.indicators.iter())
            .flat_map(|ind| ind.questions.iter());
        for q in all {
            let len = fw.scale(&q.scale).map_or(0, <[_]>::len);
            places.insert(q.id.as_str(), (ids.len(), len));
            ids.push(q.id.as_str());
        }
        Questions { ids, places }
    }

    pub(super) fn len(&self) -> usize {
        self.ids.len()
    }

    /// (place, scale length) of a question of the framework.
    pub(super) fn place(&self, id: &str) -> Option<(usize, usize)> {
        self.places.get(id).copied()
    }

    /// How many levels the question's scale has; 0 for a question the framework lacks.
    pub(super) fn scale_len(&self, id: &str) -> usize {
        self.place(id).map_or(0, |(_, len)| len)
    }
}
