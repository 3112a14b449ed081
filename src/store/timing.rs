//! Per-item timing and the session log.

use super::{Cached, Result, Store};
use crate::core::timing::{Timing, TimingDelta};
use rusqlite::{OptionalExtension, params};

impl Store {
    /// An item was opened: one more visit; the first sets `first_seen_at`.
    pub fn open_item(&mut self, item_id: i64, annotator: &str, now: i64) -> Result<()> {
        self.conn
            .exec(
                "INSERT INTO timing(item_id, annotator, visits, first_seen_at) VALUES (?1, ?2, 1, ?3)
                 ON CONFLICT(item_id, annotator) DO UPDATE SET
                    visits = visits + 1, first_seen_at = COALESCE(first_seen_at, ?3)",
                params![item_id, annotator, now],
            )
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    /// Adds active time, keys and clicks spent on an item.
    pub fn add_timing(&mut self, item_id: i64, annotator: &str, d: TimingDelta) -> Result<()> {
        if d == TimingDelta::default() {
            return Ok(());
        }
        self.conn
            .exec(
                "INSERT INTO timing(item_id, annotator, active_ms, keys, clicks) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(item_id, annotator) DO UPDATE SET
                    active_ms = active_ms + ?3, keys = keys + ?4, clicks = clicks + ?5",
                params![item_id, annotator, d.active_ms as i64, d.keys, d.clicks],
            )
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    pub fn timing(&self, item_id: i64, annotator: &str) -> Result<Option<Timing>> {
        self.conn
            .one(
                "SELECT active_ms, wall_ms, visits, first_seen_at, submitted_at, keys, clicks
                 FROM timing WHERE item_id = ?1 AND annotator = ?2",
                params![item_id, annotator],
                |r| {
                    Ok(Timing {
                        active_ms: r.get::<_, i64>(0)? as u64,
                        wall_ms: r.get::<_, i64>(1)? as u64,
                        visits: r.get(2)?,
                        first_seen_at: r.get(3)?,
                        submitted_at: r.get(4)?,
                        keys: r.get(5)?,
                        clicks: r.get(6)?,
                    })
                },
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Sets imported timing as it was recorded elsewhere (round trip of our own export).
    pub fn import_timing(&mut self, item_id: i64, annotator: &str, t: &Timing) -> Result<()> {
        self.conn
            .exec(
                "INSERT INTO timing(item_id, annotator, active_ms, wall_ms, visits, first_seen_at, submitted_at, keys, clicks)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                 ON CONFLICT(item_id, annotator) DO UPDATE SET active_ms = ?3, wall_ms = ?4, visits = ?5,
                    first_seen_at = ?6, submitted_at = ?7, keys = ?8, clicks = ?9",
                params![item_id, annotator, t.active_ms as i64, t.wall_ms as i64, t.visits, t.first_seen_at, t.submitted_at, t.keys, t.clicks],
            )
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    /// Starts a session of the app; returns its id.
    pub fn start_session(&mut self, annotator: &str, now: i64) -> Result<String> {
        let id = uuid::Uuid::new_v4().to_string();
        self.conn
            .exec(
                "INSERT INTO sessions(id, annotator, started_at, app_version) VALUES (?1, ?2, ?3, ?4)",
                params![id, annotator, now, crate::VERSION],
            )
            .map_err(|e| self.err(e))?;
        Ok(id)
    }

    pub fn end_session(&mut self, id: &str, now: i64) -> Result<()> {
        self.conn
            .exec(
                "UPDATE sessions SET ended_at = ?2 WHERE id = ?1",
                params![id, now],
            )
            .map(|_| ())
            .map_err(|e| self.err(e))
    }
}
