//! The project's SQLite database. Every change is one transaction; WAL mode, so a reader
//! (an export) never blocks the annotator, and a killed process loses nothing it acknowledged.

mod annotations;
mod copy;
mod gold;
mod items;
mod notes;
mod schema;
mod shares;
mod stats;
mod timing;

use rusqlite::{Connection, OpenFlags};
use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use gold::GoldScore;
pub use items::{InsertReport, ItemQuery, ItemRef};
pub use schema::SCHEMA_VERSION;
pub use shares::{QuestionShares, SuggestionsKept};
pub use stats::{AnnotatorStats, DayStats, LabelUse, Stats};

/// What can go wrong with a project database. Each names the database file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{path}: database was written by a newer Keylabel (schema {found}, this build knows up to {supported}); nothing was changed"
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("{path}: not a Keylabel database or damaged ({message}); nothing was changed")]
    Corrupt { path: PathBuf, message: String },
    #[error("{path}: the database is busy (another Keylabel is writing); try again")]
    Busy { path: PathBuf },
    #[error("{path}: {error}")]
    Sqlite {
        path: PathBuf,
        error: rusqlite::Error,
    },
    #[error("{path}: {error}")]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{path}: a change inside this import failed; the import was undone whole")]
    BatchBroken { path: PathBuf },
    #[error("{path}: no item with id {id}")]
    NoItem { path: PathBuf, id: i64 },
    #[error("{path}: stored annotation of item {id} is damaged: {message}")]
    BadAnnotation {
        path: PathBuf,
        id: i64,
        message: String,
    },
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// An open project database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Inside [`Store::batch`]: changes join the batch's transaction.
    in_batch: bool,
    /// A change inside the batch failed: the batch must not commit (see [`Change`]).
    batch_broken: Cell<bool>,
}

/// The transaction of one change: its own (IMMEDIATE, so two writers queue instead of
/// failing), or, inside a batch, the batch's. Changes in a batch take no savepoint (that
/// doubled each change's page writes and cost a fifth of a 1M-row answer import); a change
/// dropped before its commit instead marks the batch broken, and the batch then rolls back
/// whole, so no half change is ever kept.
pub(crate) enum Change<'a> {
    Own(rusqlite::Transaction<'a>),
    InBatch(&'a Connection, BatchGuard<'a>),
}

/// Marks its batch broken when dropped, unless the change it guards committed.
pub(crate) struct BatchGuard<'a>(Option<&'a Cell<bool>>);

impl Drop for BatchGuard<'_> {
    fn drop(&mut self) {
        if let Some(broken) = self.0 {
            broken.set(true);
        }
    }
}

/// `execute` and `query_row` through the connection's statement cache: parsing the SQL
/// again for every action was a tenth of an import's time.
pub(crate) trait Cached {
    fn exec<P: rusqlite::Params>(&self, sql: &str, params: P) -> rusqlite::Result<usize>;
    fn one<T, P, F>(&self, sql: &str, params: P, f: F) -> rusqlite::Result<T>
    where
        P: rusqlite::Params,
        F: FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>;
}

impl Cached for Connection {
    fn exec<P: rusqlite::Params>(&self, sql: &str, params: P) -> rusqlite::Result<usize> {
        self.prepare_cached(sql)?.execute(params)
    }

    fn one<T, P, F>(&self, sql: &str, params: P, f: F) -> rusqlite::Result<T>
    where
        P: rusqlite::Params,
        F: FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    {
        self.prepare_cached(sql)?.query_row(params, f)
    }
}

impl std::ops::Deref for Change<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        match self {
            Change::Own(t) => t,
            Change::InBatch(c, _) => c,
        }
    }
}

impl Change<'_> {
    pub(crate) fn commit(self) -> rusqlite::Result<()> {
        match self {
            Change::Own(t) => t.commit(),
            Change::InBatch(_, mut guard) => {
                guard.0 = None;
                Ok(())
            }
        }
    }
}

impl Store {
    /// A connection to a database file made if missing, not configured yet.
    fn new_file(path: &Path) -> Result<Store> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| wrap(path, e))?;
        let store = Store {
            conn,
            path: path.to_path_buf(),
            in_batch: false,
            batch_broken: Cell::new(false),
        };
        Ok(store)
    }

    /// Creates a new database at `path`; fails if one exists.
    pub fn create(path: &Path) -> Result<Store> {
        let mut store = Store::new_file(path)?;
        store.configure()?;
        schema::create(&mut store.conn).map_err(|e| store.err(e))?;
        Ok(store)
    }

    /// Creates a new database at `path` to be filled once in bulk (a project being made),
    /// then handed over with [`Store::finish_build`]. Until then the file is a temp that any
    /// failure throws away, so it needs neither WAL nor a sync per commit: the journal stays
    /// in memory (a rollback still works) and nothing is synced until the end. Creating a
    /// 100k-image project took 13% less time this way.
    pub fn build(path: &Path) -> Result<Store> {
        let mut store = Store::new_file(path)?;
        store.configure_common()?;
        store
            .conn
            .query_row("PRAGMA journal_mode=MEMORY", [], |r| r.get::<_, String>(0))
            .and_then(|_| store.conn.execute_batch("PRAGMA synchronous=OFF"))
            .map_err(|e| store.err(e))?;
        schema::create(&mut store.conn).map_err(|e| store.err(e))?;
        Ok(store)
    }

    /// Closes a database made with [`Store::build`] and syncs it to disk, so it can be
    /// renamed into place; [`Store::open`] then switches it to WAL.
    pub fn finish_build(self) -> Result<()> {
        let path = self.path;
        self.conn.close().map_err(|(_, e)| wrap(&path, e))?;
        // Opened for writing: Windows refuses to flush a file opened read-only.
        std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .and_then(|f| f.sync_all())
            .map_err(|error| StoreError::Io {
                path: path.clone(),
                error,
            })
    }

    /// Opens an existing database, migrating an older schema forward.
    pub fn open(path: &Path) -> Result<Store> {
        let mut store = Store::open_existing(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        store.configure()?;
        schema::migrate(&mut store.conn, path)?;
        Ok(store)
    }

    /// Opens a database only to read it (the start screen's summary of a recent project):
    /// no migration, no change to the file, whoever else has it open.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        let mut store = Store::open_existing(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        store.configure_common()?;
        Ok(store)
    }

    /// Opens the database at `path`, which must exist (SQLite would make an empty one).
    fn open_existing(path: &Path, mode: OpenFlags) -> Result<Store> {
        if !path.is_file() {
            return Err(StoreError::Corrupt {
                path: path.to_path_buf(),
                message: "file not found".into(),
            });
        }
        let flags = mode | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| wrap(path, e))?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            in_batch: false,
            batch_broken: Cell::new(false),
        })
    }

    /// An in-memory database, for tests and benchmarks.
    pub fn in_memory() -> Result<Store> {
        let path = PathBuf::from(":memory:");
        let conn = Connection::open_in_memory().map_err(|e| wrap(&path, e))?;
        let mut store = Store {
            conn,
            path,
            in_batch: false,
            batch_broken: Cell::new(false),
        };
        schema::create(&mut store.conn).map_err(|e| store.err(e))?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Begins one change; see [`Change`].
    pub(crate) fn change(&mut self) -> rusqlite::Result<Change<'_>> {
        if self.in_batch {
            Ok(Change::InBatch(
                &self.conn,
                BatchGuard(Some(&self.batch_broken)),
            ))
        } else {
            let own = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            Ok(Change::Own(own))
        }
    }

    /// Runs `f` as one transaction with one commit: for imports of many rows, where a
    /// commit per row would dominate. An error from `f`, or a change inside that failed
    /// (even one `f` went past), rolls the whole batch back: nothing is kept by halves.
    pub fn batch<T>(&mut self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        let outer = self.begin_batch()?;
        let out = f(self);
        self.end_batch(outer, out.is_ok())?;
        out
    }

    /// Opens a batch (see [`Store::batch`]); false when one is open already, and then
    /// [`Store::end_batch`] leaves it to its opener.
    pub fn begin_batch(&mut self) -> Result<bool> {
        if self.in_batch {
            return Ok(false);
        }
        self.conn
            .execute_batch("BEGIN IMMEDIATE")
            .map_err(|e| wrap(&self.path, e))?;
        self.in_batch = true;
        self.batch_broken.set(false);
        Ok(true)
    }

    /// Commits (`keep`) or rolls back the batch `begin_batch` opened (`opened`).
    pub fn end_batch(&mut self, opened: bool, keep: bool) -> Result<()> {
        if !opened {
            return Ok(());
        }
        self.in_batch = false;
        let broken = self.batch_broken.replace(false);
        let end = if keep && !broken {
            "COMMIT"
        } else {
            "ROLLBACK"
        };
        if let Err(e) = self.conn.execute_batch(end) {
            let _ = self.conn.execute_batch("ROLLBACK");
            return Err(wrap(&self.path, e));
        }
        match keep && broken {
            true => Err(StoreError::BatchBroken {
                path: self.path.clone(),
            }),
            false => Ok(()),
        }
    }

    /// What every connection gets, whatever its journal.
    fn configure_common(&mut self) -> Result<()> {
        self.conn.set_prepared_statement_cache_capacity(64);
        // Another process holding the write lock makes us wait, not fail at once.
        self.conn
            .busy_timeout(Duration::from_secs(5))
            .and_then(|_| {
                self.conn
                    .execute_batch("PRAGMA foreign_keys=ON; PRAGMA cache_size=-131072;")
            })
            .map_err(|e| wrap(&self.path, e))
    }

    fn configure(&mut self) -> Result<()> {
        self.configure_common()?;
        // journal_mode answers with a row; reading it also proves the file is a database.
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
            .map_err(|e| wrap(&self.path, e))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Corrupt {
                path: self.path.clone(),
                message: format!("could not switch to WAL mode (got {mode})"),
            });
        }
        // NORMAL in WAL mode: a committed action survives a crash of the app; only a power
        // loss can drop the last few, and never corrupts.
        self.conn
            .execute_batch("PRAGMA synchronous=NORMAL")
            .map_err(|e| wrap(&self.path, e))
    }

    /// The rows of a two-column query.
    pub(crate) fn pairs<A: rusqlite::types::FromSql, B: rusqlite::types::FromSql>(
        &self,
        sql: &str,
    ) -> Result<Vec<(A, B)>> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    fn err(&self, e: rusqlite::Error) -> StoreError {
        wrap(&self.path, e)
    }
}

fn wrap(path: &Path, e: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode;
    let path = path.to_path_buf();
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) | Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
            path,
            message: e.to_string(),
        },
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => {
            StoreError::Busy { path }
        }
        _ => StoreError::Sqlite { path, error: e },
    }
}
