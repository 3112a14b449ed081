//! The annotator's note on the current item: saved as it is typed, beside the answer.

use super::Session;
use crate::core::Note;
use crate::store::StoreError;

impl Session {
    /// Everyone's notes on the current item, oldest first.
    pub fn notes(&self) -> Result<Vec<Note>, StoreError> {
        match &self.item {
            Some(item) => self.project.store.notes(item.id),
            None => Ok(Vec::new()),
        }
    }

    /// Sets this annotator's note on the current item (blank removes it). No answer,
    /// status, time or undo step changes: a note is said about the work, not part of it.
    pub fn set_note(&mut self, text: &str) -> Result<(), StoreError> {
        let Some(id) = self.item.as_ref().map(|i| i.id) else {
            return Ok(());
        };
        let now = self.now();
        let who = self.project.annotator.clone();
        self.project.store.set_note(id, &who, text, now)
    }
}
