//! "This project is open in a window": an OS lock on a file in the project folder, held
//! while the app works on the project. Two windows on one project each keep their own view
//! (the item shown, its answer, the counts), so one could overwrite an answer the other just
//! saved; a command-line import meanwhile would stall the window's saves and go unseen.
//!
//! The system releases the lock when the process ends, however it ends: no stale lock
//! after a crash, and no process ids to trust.

use super::{Project, ProjectError, Result};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Hidden, so it does not clutter the image folder a project usually lives in. It is never
/// removed: removing a lock file races with another process taking it.
pub const LOCK_FILE: &str = ".keylabel.lock";

/// The project's lock, held until dropped.
#[derive(Debug)]
pub struct ProjectLock {
    dir: PathBuf,
    _file: File,
}

impl ProjectLock {
    /// Takes the lock of the project in `dir`. `Ok(None)` when the folder cannot hold a
    /// lock (read-only media, a file system without locks): the work goes on unguarded
    /// rather than not at all. Another holder is [`ProjectError::OpenElsewhere`].
    pub fn acquire(dir: &Path) -> Result<Option<ProjectLock>> {
        let path = dir.join(LOCK_FILE);
        let Ok(mut file) = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
        else {
            return Ok(None);
        };
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => return Err(held(dir, &mut file)),
            Err(TryLockError::Error(_)) => return Ok(None),
        }
        // Who holds it, for the message another process shows (Unix lets it read this).
        let _ = file
            .set_len(0)
            .and_then(|()| file.write_all(format!("{}\n", std::process::id()).as_bytes()));
        Ok(Some(ProjectLock {
            dir: crate::io::canonical(dir),
            _file: file,
        }))
    }

    /// Fails when a window holds the project's lock; takes none itself (the command line's
    /// writers ask this before they change anything).
    pub fn check_free(dir: &Path) -> Result<()> {
        let Ok(mut file) = File::open(dir.join(LOCK_FILE)) else {
            return Ok(());
        };
        match file.try_lock() {
            Err(TryLockError::WouldBlock) => Err(held(dir, &mut file)),
            // Taken and let go at once (the file's close releases it).
            Ok(()) | Err(TryLockError::Error(_)) => Ok(()),
        }
    }

    /// True when this lock is the one of the project in `dir`.
    pub fn is_for(&self, dir: &Path) -> bool {
        crate::io::canonical(dir) == self.dir
    }
}

fn held(dir: &Path, file: &mut File) -> ProjectError {
    let mut text = String::new();
    // Windows refuses reading a locked file: then the message goes without the number.
    let pid = file
        .read_to_string(&mut text)
        .ok()
        .and_then(|_| text.trim().parse().ok());
    ProjectError::OpenElsewhere {
        dir: dir.to_path_buf(),
        pid,
    }
}

impl Project {
    /// The lock of this project, for a writer that must not run under an open window.
    pub fn check_not_open(&self) -> Result<()> {
        ProjectLock::check_free(&self.dir)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_is_refused_until_the_first_lets_go() {
        let t = tempfile::tempdir().unwrap();
        let first = ProjectLock::acquire(t.path()).unwrap().unwrap();
        assert!(first.is_for(t.path()));
        let again = ProjectLock::acquire(t.path()).unwrap_err();
        let ProjectError::OpenElsewhere { pid, .. } = &again else {
            panic!("{again}");
        };
        if cfg!(unix) {
            assert_eq!(*pid, Some(std::process::id()));
        }
        assert!(again.to_string().contains("open in Keylabel"), "{again}");
        assert!(ProjectLock::check_free(t.path()).is_err());
        drop(first);
        assert!(ProjectLock::check_free(t.path()).is_ok());
        let second = ProjectLock::acquire(t.path()).unwrap();
        assert!(second.is_some());
    }

    #[test]
    fn no_lock_file_is_free_and_checking_makes_none() {
        let t = tempfile::tempdir().unwrap();
        assert!(ProjectLock::check_free(t.path()).is_ok());
        assert!(!t.path().join(LOCK_FILE).exists());
    }
}
