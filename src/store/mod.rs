//! The project's SQLite database. Every change is one transaction; WAL mode, so a reader
//! (an export) never blocks the annotator, and a killed process loses nothing it acknowledged.

mod annotations;
mod items;
mod schema;
mod stats;
mod timing;

use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use items::InsertReport;
pub use schema::SCHEMA_VERSION;
pub use stats::Stats;

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
}

impl Store {
    /// Creates a new database at `path`; fails if one exists.
    pub fn create(path: &Path) -> Result<Store> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| wrap(path, e))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.configure()?;
        schema::create(&mut store.conn).map_err(|e| store.err(e))?;
        Ok(store)
    }

    /// Opens an existing database, migrating an older schema forward.
    pub fn open(path: &Path) -> Result<Store> {
        if !path.is_file() {
            return Err(StoreError::Corrupt {
                path: path.to_path_buf(),
                message: "file not found".into(),
            });
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| wrap(path, e))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.configure()?;
        schema::migrate(&mut store.conn, path)?;
        Ok(store)
    }

    /// An in-memory database, for tests and benchmarks.
    pub fn in_memory() -> Result<Store> {
        let path = PathBuf::from(":memory:");
        let conn = Connection::open_in_memory().map_err(|e| wrap(&path, e))?;
        let mut store = Store { conn, path };
        schema::create(&mut store.conn).map_err(|e| store.err(e))?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn configure(&mut self) -> Result<()> {
        // Another process holding the write lock makes us wait, not fail at once.
        self.conn
            .busy_timeout(Duration::from_secs(5))
            .map_err(|e| wrap(&self.path, e))?;
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
            .execute_batch(
                "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-131072;",
            )
            .map_err(|e| wrap(&self.path, e))
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
