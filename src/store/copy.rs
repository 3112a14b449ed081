//! Copying items, with their newest answer, from one project's database into another's: a
//! lead splits the work among annotators, and the copies keep their ids so each one's
//! export imports back into the lead's project.

use super::{Cached, Result, Store};
use rusqlite::params;

impl Store {
    /// The items still to do (new or draft), as (row id, public id), in project order.
    pub fn unfinished_uids(&self) -> Result<Vec<(i64, String)>> {
        self.pairs("SELECT id, uid FROM items WHERE status IN ('new', 'draft') ORDER BY id")
    }

    /// Copies items `ids` into `to` (a database being built) with the same public id, key,
    /// media and status, and each one's newest answer (pre-labels to correct). `root` maps a
    /// media folder as stored here to the one to store there.
    pub fn copy_items_to(
        &self,
        ids: &[i64],
        to: &mut Store,
        root: &dyn Fn(Option<String>) -> Option<String>,
    ) -> Result<u64> {
        let e = |e| self.err(e);
        let mut read = self
            .conn
            .prepare_cached(
                "SELECT uid, key, kind, root, media, data, width, height, duration_ms, status
                 FROM items WHERE id = ?1",
            )
            .map_err(e)?;
        let mut newest = self
            .conn
            .prepare_cached(
                "SELECT annotator, data, updated_at FROM annotations WHERE item_id = ?1
                 ORDER BY updated_at DESC LIMIT 1",
            )
            .map_err(e)?;
        // The lead's word on an item ("mirrored: label as is") goes with it.
        let mut notes = self
            .conn
            .prepare_cached("SELECT annotator, text, updated_at FROM notes WHERE item_id = ?1")
            .map_err(e)?;
        let path = to.path.clone();
        let w = |e| super::wrap(&path, e);
        let tx = to.change().map_err(w)?;
        let mut copied = 0;
        for &id in ids {
            let row = read.query_row([id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, Option<i64>>(6)?,
                    r.get::<_, Option<i64>>(7)?,
                    r.get::<_, Option<i64>>(8)?,
                    r.get::<_, String>(9)?,
                ))
            });
            let (uid, key, kind, old_root, media, data, width, height, duration, status) =
                row.map_err(e)?;
            tx.exec(
                "INSERT INTO items(uid, key, kind, root, media, data, width, height, duration_ms, status)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![uid, key, kind, root(old_root), media, data, width, height, duration, status],
            )
            .map_err(w)?;
            let new_id = tx.last_insert_rowid();
            let answer = newest
                .query_row([id], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, i64>(2)?,
                    ))
                })
                .map(Some)
                .or_else(|e| match e {
                    rusqlite::Error::QueryReturnedNoRows => Ok(None),
                    e => Err(e),
                })
                .map_err(e)?;
            if let Some((who, answer, at)) = answer {
                tx.exec(
                    "INSERT INTO annotations(item_id, annotator, data, updated_at)
                     VALUES (?1, ?2, ?3, ?4)",
                    params![new_id, who, answer, at],
                )
                .map_err(w)?;
            }
            let mut said = notes.query([id]).map_err(e)?;
            while let Some(n) = said.next().map_err(e)? {
                let (who, text, at): (String, String, i64) = (
                    n.get(0).map_err(e)?,
                    n.get(1).map_err(e)?,
                    n.get(2).map_err(e)?,
                );
                tx.exec(
                    "INSERT INTO notes(item_id, annotator, text, updated_at) VALUES (?1, ?2, ?3, ?4)",
                    params![new_id, who, text, at],
                )
                .map_err(w)?;
            }
            copied += 1;
        }
        tx.commit().map_err(w)?;
        Ok(copied)
    }
}
