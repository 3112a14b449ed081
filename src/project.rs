//! A project folder: `keylabel.toml` (the task config) beside `keylabel.db` (the store).
//! Ties the config file, the store and io together for the two front ends.

mod export;
mod import;

pub use export::{ExportFormat, ExportReport};
pub use import::ImportReport;

use crate::core::config::ConfigError;
use crate::core::{MediaKind, TaskConfig, templates};
use crate::io::{IoError, write_atomically};
use crate::store::{Store, StoreError};
use std::io::Write;
use std::path::{Path, PathBuf};

pub const CONFIG_FILE: &str = "keylabel.toml";
pub const DB_FILE: &str = "keylabel.db";

#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    #[error("{}: not a Keylabel project (no {CONFIG_FILE} and {DB_FILE}); create one with `keylabel init`", .0.display())]
    NotAProject(PathBuf),
    #[error("{}: already holds a Keylabel project; use `keylabel import` to add items", .0.display())]
    Exists(PathBuf),
    #[error("{}: {error}", path.display())]
    Config { path: PathBuf, error: ConfigError },
    #[error("unknown template '{0}' (known: {1})")]
    UnknownTemplate(String, String),
    #[error("{}: {message}", path.display())]
    Mismatch { path: PathBuf, message: String },
    #[error("{}: nothing could be imported ({problems} problem(s); first: {first})", path.display())]
    NothingImported {
        path: PathBuf,
        problems: u64,
        first: String,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Io(#[from] IoError),
}

pub type Result<T> = std::result::Result<T, ProjectError>;

/// How to create a project.
#[derive(Debug, Clone, Default)]
pub struct InitOptions {
    /// An image folder, or a JSONL/CSV file of text items.
    pub media: PathBuf,
    pub labels: Vec<String>,
    pub config: Option<PathBuf>,
    pub template: Option<String>,
    pub annotator: Option<String>,
}

/// An open project.
pub struct Project {
    pub dir: PathBuf,
    pub config: TaskConfig,
    pub store: Store,
    /// Who is working: `--annotator`, else the config's, else the OS user.
    pub annotator: String,
}

/// The project folder without symlinks, so media roots (stored relative to it, both sides
/// made canonical) resolve the same way, and `..` in them can be dropped by hand.
fn canonical(dir: &Path) -> PathBuf {
    std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf())
}

/// `a/b/../c` as `a/c`: paths shown to the user read as they would type them.
fn clean(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            // Above the root is the root.
            Component::ParentDir if out.components().next_back() == Some(Component::RootDir) => {}
            other => out.push(other),
        }
    }
    out
}

impl Project {
    pub fn config_path(&self) -> PathBuf {
        self.dir.join(CONFIG_FILE)
    }

    /// Where an item's media file is on disk.
    pub fn media_path(&self, item: &crate::core::Item) -> Option<PathBuf> {
        let media = item.media.as_ref()?;
        let root = Path::new(item.root.as_deref().unwrap_or("."));
        let base = if root.is_absolute() {
            root.to_path_buf()
        } else {
            self.dir.join(root)
        };
        Some(clean(&base.join(media)))
    }

    /// Fields the config reads that the first items lack: said when the project opens.
    pub fn missing_fields(&self) -> Result<Vec<String>> {
        let wanted = self.config.fields_read();
        if wanted.is_empty() || self.config.task.media == MediaKind::Image {
            return Ok(Vec::new());
        }
        let items = self.store.items_page(crate::core::ItemFilter::All, 0, 50)?;
        Ok(wanted
            .into_iter()
            .filter(|f| !items.is_empty() && items.iter().all(|it| !it.data.contains_key(f)))
            .collect())
    }

    /// True when `dir` holds a project.
    pub fn exists(dir: &Path) -> bool {
        dir.join(CONFIG_FILE).is_file() && dir.join(DB_FILE).is_file()
    }

    /// Opens the project in `dir`.
    pub fn open(dir: &Path, annotator: Option<String>) -> Result<Project> {
        if !Project::exists(dir) {
            return Err(ProjectError::NotAProject(dir.to_path_buf()));
        }
        let config = read_config(&dir.join(CONFIG_FILE))?;
        let store = Store::open(&dir.join(DB_FILE))?;
        let annotator = pick_annotator(annotator, &config);
        Ok(Project {
            dir: canonical(dir),
            config,
            store,
            annotator,
        })
    }

    /// Creates a project in `dir` (made if missing) and imports the media into it. When
    /// nothing at all can be imported, the new project is removed again and the error says why.
    pub fn init(dir: &Path, opts: &InitOptions) -> Result<(Project, ImportReport)> {
        if dir.join(CONFIG_FILE).exists() || dir.join(DB_FILE).exists() {
            return Err(ProjectError::Exists(dir.to_path_buf()));
        }
        let media_kind = media_kind_of(&opts.media)?;
        let mut config = match (&opts.config, &opts.template) {
            (Some(path), _) => read_config(path)?,
            (None, Some(name)) => {
                let text = templates::template(name).ok_or_else(|| {
                    let known: Vec<_> = templates::TEMPLATES.iter().map(|t| t.0).collect();
                    ProjectError::UnknownTemplate(name.clone(), known.join(", "))
                })?;
                TaskConfig::from_toml_str(text).map_err(|error| ProjectError::Config {
                    path: PathBuf::from(name),
                    error,
                })?
            }
            (None, None) => TaskConfig::new(media_kind, &[]),
        };
        for l in &opts.labels {
            config.add_label(l);
        }
        if config.task.media != media_kind {
            return Err(ProjectError::Mismatch {
                path: opts.media.clone(),
                message: format!(
                    "holds {} items, but the task config asks for {} items",
                    media_kind.as_str(),
                    config.task.media.as_str()
                ),
            });
        }
        std::fs::create_dir_all(dir).map_err(|e| IoError::io(dir, e))?;
        let config_path = dir.join(CONFIG_FILE);
        write_atomically(&config_path, |w| {
            w.write_all(config.to_toml().as_bytes())
                .map_err(|e| IoError::io(&config_path, e))
        })?;
        let store = match Store::create(&dir.join(DB_FILE)) {
            Ok(s) => s,
            Err(e) => {
                remove_project_files(dir);
                return Err(e.into());
            }
        };
        let annotator = pick_annotator(opts.annotator.clone(), &config);
        let mut project = Project {
            dir: canonical(dir),
            config,
            store,
            annotator,
        };
        match project.import(&opts.media) {
            Ok(report) if report.added > 0 || report.problems_total == 0 => Ok((project, report)),
            Ok(report) => {
                drop(project);
                remove_project_files(dir);
                Err(ProjectError::NothingImported {
                    path: opts.media.clone(),
                    problems: report.problems_total,
                    first: report
                        .problems
                        .first()
                        .map(ToString::to_string)
                        .unwrap_or_default(),
                })
            }
            Err(e) => {
                drop(project);
                remove_project_files(dir);
                Err(e)
            }
        }
    }

    /// Adds labels to the config, appending to the file so the user's comments stay.
    pub fn add_labels(&mut self, names: &[String]) -> Result<Vec<String>> {
        let mut added = Vec::new();
        let path = self.config_path();
        let mut text = std::fs::read_to_string(&path).map_err(|e| IoError::io(&path, e))?;
        for n in names {
            if self.config.add_label(n) {
                let label = &self.config.labels[self.config.labels.len() - 1];
                text.push_str(&TaskConfig::label_block(label));
                added.push(n.clone());
            }
        }
        if !added.is_empty() {
            write_atomically(&path, |w| {
                w.write_all(text.as_bytes())
                    .map_err(|e| IoError::io(&path, e))
            })?;
        }
        Ok(added)
    }
}

fn read_config(path: &Path) -> Result<TaskConfig> {
    let text = std::fs::read_to_string(path).map_err(|e| IoError::io(path, e))?;
    TaskConfig::from_toml_str(&text).map_err(|error| ProjectError::Config {
        path: path.to_path_buf(),
        error,
    })
}

fn remove_project_files(dir: &Path) {
    for f in [CONFIG_FILE, DB_FILE, "keylabel.db-wal", "keylabel.db-shm"] {
        let _ = std::fs::remove_file(dir.join(f));
    }
    // Only removes the folder if init made it and it is empty now.
    let _ = std::fs::remove_dir(dir);
}

/// What kind of items a media source holds: a folder of images (or, with no image in it,
/// of audio clips); a JSONL/CSV/TSV of text records, or an audio manifest when its records
/// name an audio file (`audio_filepath`, or a `path` to an audio file).
pub fn media_kind_of(media: &Path) -> Result<MediaKind> {
    if media.is_dir() {
        let (images, _) = crate::io::scan::list_images(media)?;
        if images.is_empty() {
            let (audio, _) = crate::io::scan::list_media(media, crate::io::audio::is_audio)?;
            if !audio.is_empty() {
                return Ok(MediaKind::Audio);
            }
        }
        return Ok(MediaKind::Image);
    }
    if !media.exists() {
        return Err(IoError::invalid(media, "not found").into());
    }
    let ext = media
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "jsonl" | "ndjson" | "csv" | "tsv" => {
            let first = crate::io::records::open_record_lines(media)?.find_map(|r| r.ok());
            let is_manifest = first.is_some_and(|(_, d)| crate::io::manifest::audio_field(&d).is_some());
            Ok(if is_manifest { MediaKind::Audio } else { MediaKind::Text })
        }
        _ => Err(ProjectError::Mismatch {
            path: media.to_path_buf(),
            message: "expected an image or audio folder, or a .jsonl / .csv / .tsv file of items or an audio manifest".into(),
        }),
    }
}

/// `--annotator`, else the config's, else the OS user.
fn pick_annotator(arg: Option<String>, config: &TaskConfig) -> String {
    arg.filter(|s| !s.trim().is_empty())
        .or_else(|| {
            config
                .task
                .annotator
                .clone()
                .filter(|s| !s.trim().is_empty())
        })
        .or_else(|| std::env::var("USER").ok().filter(|s| !s.is_empty()))
        .or_else(|| std::env::var("USERNAME").ok().filter(|s| !s.is_empty()))
        .unwrap_or_else(|| "annotator".to_string())
}

#[cfg(test)]
mod tests {
    use super::clean;
    use std::path::Path;

    #[test]
    fn clean_drops_dot_and_dotdot_after_a_name() {
        assert_eq!(
            clean(Path::new("/a/p/../imgs/./x.jpg")),
            Path::new("/a/imgs/x.jpg")
        );
        assert_eq!(clean(Path::new("../../x")), Path::new("../../x"));
        assert_eq!(clean(Path::new("/../x")), Path::new("/x"));
    }
}
