//! What an export may not replace: the project's own files and the media it labels. An
//! export is renamed into place, so `--out proj/keylabel.db` (a slip of the Tab key) put the
//! export where the database was, and `--out items.jsonl` replaced the records the items
//! came from.

use super::{CONFIG_FILE, DB_FILE, LOCK_FILE, Project, ProjectError, Result};
use std::path::{Component, Path, PathBuf};

/// The project's files beside its database: SQLite's journal files too.
const OWN_FILES: [&str; 6] = [
    DB_FILE,
    "keylabel.db-wal",
    "keylabel.db-shm",
    "keylabel.db-journal",
    CONFIG_FILE,
    LOCK_FILE,
];

/// A path as the filesystem resolves it (links followed), for comparing; `None` when
/// nothing is there.
fn resolved(path: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path).ok()
}

impl Project {
    /// Notes that items were read from `source` (records, a manifest), so that no export
    /// replaces it later.
    pub(super) fn note_source(&self, source: &Path) -> Result<()> {
        if let Some(full) = resolved(source) {
            self.store.note_source(&full.to_string_lossy())?;
        }
        Ok(())
    }

    /// Everything an export to `out` can be refused for before it runs: a path it may not
    /// replace ([`Project::check_export_path`]) or cannot be written to as that format.
    pub fn check_export(&self, format: super::ExportFormat, out: &Path) -> Result<()> {
        self.check_export_path(out)?;
        crate::io::check_export_target(out, format.is_folder())?;
        Ok(())
    }

    /// Refuses an export path that would replace one of the project's own files, a media
    /// file of its items, or a file its items were read from. Nothing there: nothing to
    /// replace.
    pub fn check_export_path(&self, out: &Path) -> Result<()> {
        let Some(target) = resolved(out) else {
            return Ok(());
        };
        let refuse = |message: String| {
            Err(ProjectError::Mismatch {
                path: out.to_path_buf(),
                message,
            })
        };
        for name in OWN_FILES {
            if resolved(&self.dir.join(name)).as_ref() == Some(&target) {
                return refuse(format!(
                    "that is the project's own {name}; export beside it, under another name"
                ));
            }
        }
        if self.store.is_source(&target.to_string_lossy())? {
            return refuse(
                "the project's items were read from that file, and an export never replaces \
                 what it labels; choose another name"
                    .into(),
            );
        }
        // A media file is stored by its path under its root: try each tail of the path
        // (`d.jpg`, `c/d.jpg`, …; as given and resolved, for a link) on the media index, and
        // compare what it finds by the file it resolves to.
        let is_media = |item: &crate::core::Item| {
            self.media_path(item).and_then(|p| resolved(&p)).as_ref() == Some(&target)
        };
        for path in [out, target.as_path()] {
            let names: Vec<String> = path
                .components()
                .filter_map(|c| match c {
                    Component::Normal(n) => Some(n.to_string_lossy().into_owned()),
                    _ => None,
                })
                .collect();
            for start in (0..names.len()).rev() {
                let rel = names[start..].join("/");
                if self.store.items_by_media(&rel)?.iter().any(is_media) {
                    return refuse(format!(
                        "that is a media file of this project ({rel}), and media are never \
                         changed; choose another name"
                    ));
                }
            }
        }
        Ok(())
    }
}
