//! Annotations, their per-item undo history, and status changes. One transaction each.

use super::{Cached, Result, Store, StoreError};
use crate::core::{Annotation, Status};
use rusqlite::{Connection, OptionalExtension, params};

impl Store {
    /// The annotation `annotator` has saved for an item, if any.
    pub fn annotation(&self, item_id: i64, annotator: &str) -> Result<Option<Annotation>> {
        let data: Option<String> = self
            .conn
            .one(
                "SELECT data FROM annotations WHERE item_id = ?1 AND annotator = ?2",
                params![item_id, annotator],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        data.map(|d| self.parse_annotation(item_id, &d)).transpose()
    }

    /// What an annotator sees on an item: their own annotation, else the one saved last by
    /// anyone (a reviewer, or the same person under another name, starts from the work
    /// already there instead of a blank item), with whose it is.
    pub fn shown_annotation(
        &self,
        item_id: i64,
        annotator: &str,
    ) -> Result<Option<(String, Annotation)>> {
        let row: Option<(String, String)> = self
            .conn
            .one(
                "SELECT annotator, data FROM annotations WHERE item_id = ?1
                 ORDER BY annotator = ?2 DESC, updated_at DESC LIMIT 1",
                params![item_id, annotator],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        row.map(|(who, d)| Ok((who, self.parse_annotation(item_id, &d)?)))
            .transpose()
    }

    /// How many annotators answered an item (no answer is read).
    pub fn answer_count(&self, item_id: i64) -> Result<u64> {
        self.conn
            .prepare_cached("SELECT COUNT(*) FROM annotations WHERE item_id = ?1")
            .and_then(|mut s| s.query_row([item_id], |r| r.get::<_, i64>(0)))
            .map(|n| n as u64)
            .map_err(|e| self.err(e))
    }

    /// Whether any answer has an outlined box: an export then gives every box its
    /// `polygons` (one shape in every row). The answers' text is searched, none parsed.
    pub fn any_outlines(&self) -> Result<bool> {
        self.conn
            .prepare_cached(
                "SELECT EXISTS(SELECT 1 FROM annotations WHERE instr(data, '\"polygons\":[[') > 0)",
            )
            .and_then(|mut s| s.query_row([], |r| r.get::<_, bool>(0)))
            .map_err(|e| self.err(e))
    }

    /// Whether any answer has a box with keypoints (imported into a task that names none):
    /// an export then gives every box its `keypoints`, as with outlines.
    pub fn any_keypoints(&self) -> Result<bool> {
        self.conn
            .prepare_cached(
                "SELECT EXISTS(SELECT 1 FROM annotations WHERE instr(data, '\"keypoints\":[[') > 0)",
            )
            .and_then(|mut s| s.query_row([], |r| r.get::<_, bool>(0)))
            .map_err(|e| self.err(e))
    }

    /// Every annotator's answer on an item, the newest first.
    pub fn answers(&self, item_id: i64) -> Result<Vec<(String, Annotation)>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT annotator, data FROM annotations WHERE item_id = ?1
                 ORDER BY updated_at DESC, annotator",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([item_id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })
            .map_err(|e| self.err(e))?;
        rows.map(|row| {
            let (who, d) = row.map_err(|e| self.err(e))?;
            Ok((who, self.parse_annotation(item_id, &d)?))
        })
        .collect()
    }

    /// Saves an annotation as one undoable step. Returns false when nothing changed.
    pub fn save_annotation(
        &mut self,
        item_id: i64,
        annotator: &str,
        ann: &Annotation,
        now: i64,
    ) -> Result<bool> {
        self.save_step(item_id, annotator, ann, now, false)
    }

    /// Saves an annotation into the last undoable step, when that is an edit still in force:
    /// a burst of typing is one step for undo, not one per character.
    pub fn save_annotation_merged(
        &mut self,
        item_id: i64,
        annotator: &str,
        ann: &Annotation,
        now: i64,
    ) -> Result<bool> {
        self.save_step(item_id, annotator, ann, now, true)
    }

    fn save_step(
        &mut self,
        item_id: i64,
        annotator: &str,
        ann: &Annotation,
        now: i64,
        merge: bool,
    ) -> Result<bool> {
        let after = serde_json::to_string(ann).unwrap_or_else(|_| "{}".into());
        let path = self.path.clone();
        let w = |e| super::wrap(&path, e);
        let tx = self.change().map_err(w)?;
        let status = item_status(&tx, item_id)
            .map_err(w)?
            .ok_or_else(|| StoreError::NoItem {
                path: path.clone(),
                id: item_id,
            })?;
        let before = current(&tx, item_id, annotator).map_err(w)?;
        if before.as_deref() == Some(after.as_str()) || (before.is_none() && ann.is_empty()) {
            return Ok(false);
        }
        put(&tx, item_id, annotator, Some(&after), now).map_err(w)?;
        // A new edit ends the redo branch.
        let redo_dropped = tx
            .exec(
                "DELETE FROM history WHERE item_id = ?1 AND annotator = ?2 AND kind = 'edit' AND undone = 1",
                params![item_id, annotator],
            )
            .map_err(w)?;
        let last: Option<(i64, Option<String>)> = if merge && redo_dropped == 0 {
            tx.one(
                "SELECT id, before FROM history WHERE item_id = ?1 AND annotator = ?2
                 AND kind = 'edit' ORDER BY id DESC LIMIT 1",
                params![item_id, annotator],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(w)?
        } else {
            None
        };
        match last {
            // Typed back to where the step began: the step undoes nothing, so it goes.
            Some((hid, first)) if first.as_deref() == Some(after.as_str()) => {
                tx.exec("DELETE FROM history WHERE id = ?1", params![hid])
                    .map_err(w)?;
            }
            Some((hid, _)) => {
                tx.exec(
                    "UPDATE history SET after = ?2, at = ?3 WHERE id = ?1",
                    params![hid, after, now],
                )
                .map_err(w)?;
            }
            None => {
                tx.exec(
                    "INSERT INTO history(item_id, annotator, at, kind, before, after) VALUES (?1, ?2, ?3, 'edit', ?4, ?5)",
                    params![item_id, annotator, now, before, after],
                )
                .map_err(w)?;
            }
        }
        settle_status(&tx, item_id, status, ann.is_empty()).map_err(w)?;
        tx.commit().map_err(w)?;
        Ok(true)
    }

    /// Undoes the last edit of this item by `annotator`; returns the annotation now in force,
    /// or `None` when there was nothing to undo.
    pub fn undo(&mut self, item_id: i64, annotator: &str, now: i64) -> Result<Option<Annotation>> {
        self.step(item_id, annotator, now, true)
    }

    /// Redoes the last undone edit; `None` when there is nothing to redo.
    pub fn redo(&mut self, item_id: i64, annotator: &str, now: i64) -> Result<Option<Annotation>> {
        self.step(item_id, annotator, now, false)
    }

    fn step(
        &mut self,
        item_id: i64,
        annotator: &str,
        now: i64,
        undo: bool,
    ) -> Result<Option<Annotation>> {
        let path = self.path.clone();
        let w = |e| super::wrap(&path, e);
        let tx = self.change().map_err(w)?;
        let sql = if undo {
            "SELECT id, before FROM history WHERE item_id = ?1 AND annotator = ?2 AND kind = 'edit' AND undone = 0 ORDER BY id DESC LIMIT 1"
        } else {
            "SELECT id, after FROM history WHERE item_id = ?1 AND annotator = ?2 AND kind = 'edit' AND undone = 1 ORDER BY id ASC LIMIT 1"
        };
        let Some((hid, state)) = tx
            .one(sql, params![item_id, annotator], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?))
            })
            .optional()
            .map_err(w)?
        else {
            return Ok(None);
        };
        let status = item_status(&tx, item_id).map_err(w)?.unwrap_or(Status::New);
        put(&tx, item_id, annotator, state.as_deref(), now).map_err(w)?;
        tx.exec(
            "UPDATE history SET undone = ?2 WHERE id = ?1",
            params![hid, undo],
        )
        .map_err(w)?;
        let ann = match &state {
            Some(s) => self_parse(&path, item_id, s)?,
            None => Annotation::default(),
        };
        settle_status(&tx, item_id, status, ann.is_empty()).map_err(w)?;
        tx.commit().map_err(w)?;
        Ok(Some(ann))
    }

    /// Marks an item submitted and closes its timing: `wall_ms` runs from first open to now.
    pub fn submit(&mut self, item_id: i64, annotator: &str, now: i64) -> Result<()> {
        self.set_status_logged(item_id, annotator, Status::Submitted, now, "submit")
    }

    /// Marks an item skipped.
    pub fn skip(&mut self, item_id: i64, annotator: &str, now: i64) -> Result<()> {
        self.set_status_logged(item_id, annotator, Status::Skipped, now, "skip")
    }

    fn set_status_logged(
        &mut self,
        item_id: i64,
        annotator: &str,
        status: Status,
        now: i64,
        kind: &str,
    ) -> Result<()> {
        let path = self.path.clone();
        let w = |e| super::wrap(&path, e);
        let tx = self.change().map_err(w)?;
        let n = tx
            .exec(
                "UPDATE items SET status = ?2 WHERE id = ?1",
                params![item_id, status.as_str()],
            )
            .map_err(w)?;
        if n == 0 {
            return Err(StoreError::NoItem {
                path: path.clone(),
                id: item_id,
            });
        }
        if status == Status::Submitted {
            tx.exec(
                "INSERT INTO timing(item_id, annotator, first_seen_at, submitted_at) VALUES (?1, ?2, ?3, ?3)
                 ON CONFLICT(item_id, annotator) DO UPDATE SET
                    first_seen_at = COALESCE(first_seen_at, ?3),
                    submitted_at = ?3,
                    wall_ms = MAX(0, ?3 - COALESCE(first_seen_at, ?3))",
                params![item_id, annotator, now],
            )
            .map_err(w)?;
        }
        tx.exec(
            "INSERT INTO history(item_id, annotator, at, kind) VALUES (?1, ?2, ?3, ?4)",
            params![item_id, annotator, now, kind],
        )
        .map_err(w)?;
        tx.commit().map_err(w)
    }

    /// Flags an item for review, or clears the flag.
    pub fn set_flag(
        &mut self,
        item_id: i64,
        annotator: &str,
        flagged: bool,
        now: i64,
    ) -> Result<()> {
        let path = self.path.clone();
        let w = |e| super::wrap(&path, e);
        let tx = self.change().map_err(w)?;
        let n = tx
            .exec(
                "UPDATE items SET flagged = ?2 WHERE id = ?1",
                params![item_id, flagged],
            )
            .map_err(w)?;
        if n == 0 {
            return Err(StoreError::NoItem {
                path: path.clone(),
                id: item_id,
            });
        }
        tx.exec(
            "INSERT INTO history(item_id, annotator, at, kind) VALUES (?1, ?2, ?3, ?4)",
            params![
                item_id,
                annotator,
                now,
                if flagged { "flag" } else { "unflag" }
            ],
        )
        .map_err(w)?;
        tx.commit().map_err(w)
    }

    /// Sets an imported annotation and status directly (no undo step: an import is not an edit).
    pub fn import_annotation(
        &mut self,
        item_id: i64,
        annotator: &str,
        ann: &Annotation,
        status: Status,
        now: i64,
    ) -> Result<()> {
        let data = serde_json::to_string(ann).unwrap_or_else(|_| "{}".into());
        let path = self.path.clone();
        let w = |e| super::wrap(&path, e);
        let tx = self.change().map_err(w)?;
        put(&tx, item_id, annotator, Some(&data), now).map_err(w)?;
        tx.exec(
            "UPDATE items SET status = ?2 WHERE id = ?1",
            params![item_id, status.as_str()],
        )
        .map_err(w)?;
        tx.commit().map_err(w)
    }

    /// Sets an item's status as imported (no history: an import is not an edit).
    pub fn set_status(&mut self, item_id: i64, status: Status) -> Result<()> {
        let n = self
            .conn
            .exec(
                "UPDATE items SET status = ?2 WHERE id = ?1",
                params![item_id, status.as_str()],
            )
            .map_err(|e| self.err(e))?;
        if n == 0 {
            return Err(StoreError::NoItem {
                path: self.path.clone(),
                id: item_id,
            });
        }
        Ok(())
    }

    pub(super) fn parse_annotation(&self, item_id: i64, data: &str) -> Result<Annotation> {
        self_parse(&self.path, item_id, data)
    }
}

fn self_parse(path: &std::path::Path, item_id: i64, data: &str) -> Result<Annotation> {
    serde_json::from_str(data).map_err(|e| StoreError::BadAnnotation {
        path: path.to_path_buf(),
        id: item_id,
        message: e.to_string(),
    })
}

fn item_status(tx: &Connection, item_id: i64) -> rusqlite::Result<Option<Status>> {
    let s: Option<String> = tx
        .one("SELECT status FROM items WHERE id = ?1", [item_id], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(s.and_then(|s| s.parse().ok()))
}

fn current(tx: &Connection, item_id: i64, annotator: &str) -> rusqlite::Result<Option<String>> {
    tx.one(
        "SELECT data FROM annotations WHERE item_id = ?1 AND annotator = ?2",
        params![item_id, annotator],
        |r| r.get(0),
    )
    .optional()
}

fn put(
    tx: &Connection,
    item_id: i64,
    annotator: &str,
    data: Option<&str>,
    now: i64,
) -> rusqlite::Result<()> {
    match data {
        Some(d) => tx.exec(
            "INSERT INTO annotations(item_id, annotator, data, updated_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(item_id, annotator) DO UPDATE SET data = ?3, updated_at = ?4",
            params![item_id, annotator, d, now],
        ),
        None => tx.exec(
            "DELETE FROM annotations WHERE item_id = ?1 AND annotator = ?2",
            params![item_id, annotator],
        ),
    }
    .map(|_| ())
}

/// New and draft follow the content; submitted and skipped items keep their status on edits.
fn settle_status(
    tx: &Connection,
    item_id: i64,
    status: Status,
    empty: bool,
) -> rusqlite::Result<()> {
    if matches!(status, Status::New | Status::Draft) {
        let st = if empty { Status::New } else { Status::Draft };
        tx.exec(
            "UPDATE items SET status = ?2 WHERE id = ?1",
            params![item_id, st.as_str()],
        )?;
    }
    Ok(())
}
