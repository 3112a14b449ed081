//! Splitting the work still to do among annotators: a project per person, its items
//! referencing the same media (never copied), with the same ids, so each person's JSONL
//! export imports back into the lead's project, and agreement is measured where parts
//! overlap.

use super::{CONFIG_FILE, DB_FILE, Project, ProjectError, Result, place_new_file};
use crate::io::scan::relative_to;
use crate::io::{IoError, write_atomically};
use crate::store::Store;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What a split made.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SplitReport {
    /// Each new project and how many items it holds.
    pub parts: Vec<(PathBuf, u64)>,
    /// Items given to two parts, for agreement.
    pub shared: u64,
    /// Items already submitted or skipped, left out.
    pub done: u64,
}

impl Project {
    /// Makes `parts` projects in `out` (named after this one, `-1`, `-2`, …) that share out
    /// the items still to do in turn, so each part is a mix of the whole; about
    /// `overlap_percent` of them (chosen by a hash of the id) also go to the next part. Each
    /// item keeps its newest answer (pre-labels to correct). All or nothing: a part that
    /// exists already stops it before anything is written.
    pub fn split(&self, out: &Path, parts: usize, overlap_percent: u8) -> Result<SplitReport> {
        let mismatch = |message: String| ProjectError::Mismatch {
            path: self.dir.clone(),
            message,
        };
        if !(2..=100).contains(&parts) {
            return Err(mismatch(format!("split into 2 to 100 parts, not {parts}")));
        }
        let todo = self.store.unfinished_uids()?;
        if todo.is_empty() {
            return Err(mismatch("no item is left to do: nothing to split".into()));
        }
        let mut lists = vec![Vec::new(); parts];
        let mut report = SplitReport {
            done: self.store.count(crate::core::ItemFilter::All)? - todo.len() as u64,
            ..Default::default()
        };
        for (i, (id, uid)) in todo.iter().enumerate() {
            lists[i % parts].push(*id);
            if crate::io::yolo::split_of(uid, overlap_percent) == "val" {
                lists[(i + 1) % parts].push(*id);
                report.shared += 1;
            }
        }
        let name = self
            .dir
            .file_name()
            .map_or("project".into(), |n| n.to_string_lossy().into_owned());
        let dirs: Vec<PathBuf> = (1..=parts)
            .map(|k| out.join(format!("{name}-{k}")))
            .collect();
        if let Some(d) = dirs
            .iter()
            .find(|d| d.join(CONFIG_FILE).exists() || d.join(DB_FILE).exists())
        {
            return Err(ProjectError::Exists(d.clone()));
        }
        // Each annotator names themselves; the lead's name must not travel with the config.
        let mut config = self.config.clone();
        config.task.annotator = None;
        let config = config.to_toml();
        for (dir, ids) in dirs.iter().zip(&mut lists) {
            ids.sort_unstable();
            match self.write_part(dir, ids, &config) {
                Ok(n) => report.parts.push((dir.clone(), n)),
                Err(e) => {
                    for (made, _) in &report.parts {
                        remove_part(made);
                    }
                    remove_part(dir);
                    return Err(e);
                }
            }
        }
        Ok(report)
    }

    fn write_part(&self, dir: &Path, ids: &[i64], config: &str) -> Result<u64> {
        std::fs::create_dir_all(dir).map_err(|e| IoError::io(dir, e))?;
        let temp = dir.join(format!(".{DB_FILE}.{}.tmp", std::process::id()));
        let _ = std::fs::remove_file(&temp);
        let built = (|| {
            let mut store = Store::build(&temp)?;
            // Media folders are stored relative to the project: re-aim them from the part.
            let root = |r: Option<String>| {
                r.map(|r| {
                    relative_to(&self.dir.join(r), dir)
                        .to_string_lossy()
                        .replace('\\', "/")
                })
            };
            let n = self.store.copy_items_to(ids, &mut store, &root)?;
            store.finish_build()?;
            Ok::<u64, ProjectError>(n)
        })();
        let n = match built {
            Ok(n) => n,
            Err(e) => {
                let _ = std::fs::remove_file(&temp);
                return Err(e);
            }
        };
        place_new_file(&temp, &dir.join(DB_FILE))?;
        let path = dir.join(CONFIG_FILE);
        write_atomically(&path, |w| {
            w.write_all(config.as_bytes())
                .map_err(|e| IoError::io(&path, e))
        })?;
        Ok(n)
    }
}

/// Removes a part made by a split that then failed (nobody has worked in it yet).
fn remove_part(dir: &Path) {
    for f in [CONFIG_FILE, DB_FILE] {
        let _ = std::fs::remove_file(dir.join(f));
    }
    let _ = std::fs::remove_dir(dir);
}
