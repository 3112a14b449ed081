//! Schema creation and forward migrations. The version lives in `meta`.

use super::{Result, StoreError, wrap};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};
use std::path::Path;

/// The schema this build writes.
pub const SCHEMA_VERSION: i64 = 3;

const V1: &str = "
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE items(
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    root TEXT,
    media TEXT,
    data TEXT NOT NULL DEFAULT '{}',
    width INTEGER,
    height INTEGER,
    duration_ms INTEGER,
    status TEXT NOT NULL DEFAULT 'new',
    flagged INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX items_status ON items(status, id);
CREATE INDEX items_media ON items(media);
CREATE TABLE annotations(
    item_id INTEGER NOT NULL REFERENCES items(id),
    annotator TEXT NOT NULL,
    data TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY(item_id, annotator)
) WITHOUT ROWID;
CREATE TABLE history(
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items(id),
    annotator TEXT NOT NULL,
    at INTEGER NOT NULL,
    kind TEXT NOT NULL,
    before TEXT,
    after TEXT,
    undone INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX history_item ON history(item_id, annotator, id);
CREATE TABLE timing(
    item_id INTEGER NOT NULL REFERENCES items(id),
    annotator TEXT NOT NULL,
    active_ms INTEGER NOT NULL DEFAULT 0,
    wall_ms INTEGER NOT NULL DEFAULT 0,
    visits INTEGER NOT NULL DEFAULT 0,
    first_seen_at INTEGER,
    submitted_at INTEGER,
    keys INTEGER NOT NULL DEFAULT 0,
    clicks INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY(item_id, annotator)
) WITHOUT ROWID;
CREATE TABLE sessions(
    id TEXT PRIMARY KEY,
    annotator TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    ended_at INTEGER,
    app_version TEXT NOT NULL
);
";

/// Forward migrations: `MIGRATIONS[i]` takes schema `i + 1` to `i + 2`.
const MIGRATIONS: &[&str] = &[
    // 2: gold answers, kept apart from the annotators' so no query meant for their work can
    // show or export one.
    "CREATE TABLE gold(
        item_id INTEGER PRIMARY KEY REFERENCES items(id),
        data TEXT NOT NULL,
        updated_at INTEGER NOT NULL
    );",
    // 3: notes on items, one per item and person, apart from the answers (a reviewer's
    // note must not become the newest answer, which exports take).
    "CREATE TABLE notes(
        item_id INTEGER NOT NULL REFERENCES items(id),
        annotator TEXT NOT NULL,
        text TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY(item_id, annotator)
    ) WITHOUT ROWID;",
];

pub(super) fn create(conn: &mut Connection) -> rusqlite::Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute_batch(V1)?;
    for m in MIGRATIONS {
        tx.execute_batch(m)?;
    }
    tx.execute(
        "INSERT INTO meta(key, value) VALUES('schema_version', ?1)",
        [SCHEMA_VERSION.to_string()],
    )?;
    tx.commit()
}

pub(super) fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    let found = read_version(conn).map_err(|e| match e {
        rusqlite::Error::SqliteFailure(..) | rusqlite::Error::QueryReturnedNoRows => {
            StoreError::Corrupt {
                path: path.to_path_buf(),
                message: format!("no schema version ({e})"),
            }
        }
        other => wrap(path, other),
    })?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found,
            supported: SCHEMA_VERSION,
        });
    }
    if found < 1 {
        return Err(StoreError::Corrupt {
            path: path.to_path_buf(),
            message: format!("schema version {found} is not valid"),
        });
    }
    if found == SCHEMA_VERSION {
        return Ok(());
    }
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(|e| wrap(path, e))?;
    for m in &MIGRATIONS[(found - 1) as usize..] {
        tx.execute_batch(m).map_err(|e| wrap(path, e))?;
    }
    tx.execute(
        "UPDATE meta SET value = ?1 WHERE key = 'schema_version'",
        [SCHEMA_VERSION.to_string()],
    )
    .map_err(|e| wrap(path, e))?;
    tx.commit().map_err(|e| wrap(path, e))
}

fn read_version(conn: &Connection) -> rusqlite::Result<i64> {
    let v: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'schema_version'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    let v = v.ok_or(rusqlite::Error::QueryReturnedNoRows)?;
    Ok(v.parse().unwrap_or(0))
}
