//! What a project is and how far its work has come, read without opening it for work: the
//! start screen shows it beside each recent project.

use super::{CONFIG_FILE, DB_FILE, Project, ProjectError, Result, read_config};
use crate::core::MediaKind;
use crate::core::progress::StatusCounts;
use crate::store::Store;
use std::path::Path;

/// A project at a glance.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// The task's name (`[task] name`), else the folder's.
    pub name: String,
    pub media: MediaKind,
    pub counts: StatusCounts,
}

impl Project {
    /// Reads the summary of the project in `dir`. Nothing is written: no migration, no
    /// session, so a glance at a project never changes it.
    pub fn summary(dir: &Path) -> Result<Summary> {
        if !Project::exists(dir) {
            return Err(ProjectError::NotAProject(dir.to_path_buf()));
        }
        let config = read_config(&dir.join(CONFIG_FILE))?;
        let counts = Store::open_read_only(&dir.join(DB_FILE))?.status_counts()?;
        let name = Some(config.task.name.trim())
            .filter(|n| !n.is_empty())
            .map(str::to_string)
            .or_else(|| dir.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| dir.display().to_string());
        Ok(Summary {
            name,
            media: config.task.media,
            counts,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::Status;
    use crate::project::InitOptions;

    #[test]
    fn a_summary_counts_the_work_and_changes_nothing() {
        let t = tempfile::tempdir().unwrap();
        let records = t.path().join("r.jsonl");
        std::fs::write(
            &records,
            "{\"text\":\"a\"}\n{\"text\":\"b\"}\n{\"text\":\"c\"}\n",
        )
        .unwrap();
        let dir = t.path().join("p");
        let (mut p, _) = Project::init(
            &dir,
            &InitOptions {
                media: records,
                labels: vec!["x".into()],
                annotator: Some("ana".into()),
                ..Default::default()
            },
        )
        .unwrap();
        let first = p.store.item_ids(crate::core::ItemFilter::All).unwrap()[0];
        p.store.submit(first, "ana", 1).unwrap();
        let s = Project::summary(&dir).unwrap();
        assert_eq!(s.media, MediaKind::Text);
        assert_eq!(s.name, "r", "init names the task after its records");
        assert_eq!(
            (
                s.counts.get(Status::Submitted),
                s.counts.to_do(),
                s.counts.total()
            ),
            (1, 2, 3)
        );
        drop(p); // closed: its log is folded into the file
        let db = dir.join(DB_FILE);
        let before = std::fs::read(&db).unwrap();
        assert_eq!(Project::summary(&dir).unwrap(), s);
        let unchanged = std::fs::read(&db).unwrap() == before;
        assert!(unchanged, "the database is untouched");
        assert!(matches!(
            Project::summary(t.path()),
            Err(ProjectError::NotAProject(_))
        ));
    }
}
