//! Notes on items: one per item and person, written in the app, exported with the item.

use super::{Cached, Result, Store};
use crate::core::Note;
use rusqlite::params;
use std::collections::HashMap;

impl Store {
    /// Sets `annotator`'s note on an item; a blank text removes it.
    pub fn set_note(&mut self, item_id: i64, annotator: &str, text: &str, now: i64) -> Result<()> {
        let path = self.path.clone();
        let w = |e| super::wrap(&path, e);
        let tx = self.change().map_err(w)?;
        if text.trim().is_empty() {
            tx.exec(
                "DELETE FROM notes WHERE item_id = ?1 AND annotator = ?2",
                params![item_id, annotator],
            )
        } else {
            tx.exec(
                "INSERT INTO notes(item_id, annotator, text, updated_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(item_id, annotator) DO UPDATE SET text = ?3, updated_at = ?4",
                params![item_id, annotator, text, now],
            )
        }
        .map_err(w)?;
        tx.commit().map_err(w)
    }

    /// The notes on an item, oldest first.
    pub fn notes(&self, item_id: i64) -> Result<Vec<Note>> {
        let e = |e| self.err(e);
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT annotator, text FROM notes WHERE item_id = ?1
                 ORDER BY updated_at, annotator",
            )
            .map_err(e)?;
        let rows = stmt
            .query_map([item_id], |r| {
                Ok(Note {
                    annotator: r.get(0)?,
                    text: r.get(1)?,
                })
            })
            .map_err(e)?;
        rows.collect::<rusqlite::Result<_>>().map_err(e)
    }

    /// True when someone wrote a note on the item (the item list marks it).
    pub fn has_note(&self, item_id: i64) -> Result<bool> {
        self.conn
            .one(
                "SELECT EXISTS(SELECT 1 FROM notes WHERE item_id = ?1)",
                [item_id],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))
    }

    /// Every note, by item: read once for an export (notes are few; a lookup per row of a
    /// million would cost more than the whole read).
    pub(super) fn all_notes(&self) -> Result<HashMap<i64, Vec<Note>>> {
        let e = |e| self.err(e);
        let mut stmt = self
            .conn
            .prepare("SELECT item_id, annotator, text FROM notes ORDER BY updated_at, annotator")
            .map_err(e)?;
        let mut rows = stmt.query([]).map_err(e)?;
        let mut out: HashMap<i64, Vec<Note>> = HashMap::new();
        while let Some(r) = rows.next().map_err(e)? {
            out.entry(r.get(0).map_err(e)?).or_default().push(Note {
                annotator: r.get(1).map_err(e)?,
                text: r.get(2).map_err(e)?,
            });
        }
        Ok(out)
    }
}
