//! A project folder: `keylabel.toml` (the task config) beside `keylabel.db` (the store).
//! Ties the config file, the store and io together for the two front ends.

mod dota;
mod export;
mod export_datasets;
mod export_metadata;
mod export_pictures;
mod export_sft;
mod export_speech;
mod import;
mod import_coco;
mod import_paddle;
mod import_report;
mod import_rttm;
mod import_sidecar;
mod import_yolo;
mod lock;
mod manifest_objects;
mod protect;
mod relocate;
mod split;
mod summary;
mod update_fields;

pub use export::{ExportFormat, ExportReport};
pub use import::AnnotationImport;
pub use import_report::ImportReport;
pub use lock::{LOCK_FILE, ProjectLock};
pub use split::SplitReport;
pub use summary::Summary;

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
    #[error("{}: cancelled; no project was made", .0.display())]
    Cancelled(PathBuf),
    #[error("{}: open in Keylabel{} — close that window first: two at work on one project can overwrite each other's answers", .dir.display(), pid_note(*.pid))]
    OpenElsewhere { dir: PathBuf, pid: Option<u32> },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Io(#[from] IoError),
}

pub type Result<T> = std::result::Result<T, ProjectError>;

fn pid_note(pid: Option<u32>) -> String {
    pid.map(|p| format!(" (process {p})")).unwrap_or_default()
}

/// How to create a project.
#[derive(Debug, Clone, Default)]
pub struct InitOptions {
    /// An image folder, or a JSONL/CSV file of text items.
    pub media: PathBuf,
    pub labels: Vec<String>,
    pub config: Option<PathBuf>,
    pub template: Option<String>,
    pub annotator: Option<String>,
    /// Counts the items read while the project is made, and lets the caller cancel.
    pub progress: Option<std::sync::Arc<crate::core::Progress>>,
}

/// An open project.
pub struct Project {
    pub dir: PathBuf,
    pub config: TaskConfig,
    pub store: Store,
    /// Who is working: `--annotator`, else the config's, else the OS user.
    pub annotator: String,
}

pub(crate) use crate::io::clean_path as clean;

impl Project {
    pub fn config_path(&self) -> PathBuf {
        self.dir.join(CONFIG_FILE)
    }

    /// When and how big the task config was last written: to tell that it changed.
    pub fn config_stamp(&self) -> Option<(std::time::SystemTime, u64)> {
        let m = std::fs::metadata(self.config_path()).ok()?;
        Some((m.modified().ok()?, m.len()))
    }

    /// The task config as its file says now (edited while the project is open).
    pub fn read_config_again(&self) -> Result<TaskConfig> {
        read_config(&self.config_path())
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

    /// Where a picture or clip a record's field names (`image_a`: `imgs/a.png`) is on disk: from the
    /// records file's folder; for records imported before that was kept, from the folder
    /// the project sits in (`reviews.keylabel/` beside `reviews.jsonl`).
    pub fn field_file(&self, item: &crate::core::Item, rel: &str) -> PathBuf {
        let base = match item.root.as_deref() {
            Some(root) if Path::new(root).is_absolute() => PathBuf::from(root),
            Some(root) => self.dir.join(root),
            None => self.dir.parent().unwrap_or(&self.dir).to_path_buf(),
        };
        crate::io::pictures::named_file(&base, rel)
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
            // Without symlinks, so media roots (stored relative to it, both sides made
            // canonical) resolve the same way, and `..` in them can be dropped by hand.
            dir: crate::io::canonical(dir),
            config,
            store,
            annotator,
        })
    }

    /// Creates a project in `dir` (made if missing) and imports the media into it. When
    /// nothing at all can be imported, no project is made and the error says why.
    ///
    /// All or nothing: the database is built under a temp name and renamed into place, the
    /// config written last, so a failed, cancelled or killed init leaves no half project
    /// behind (a killed one leaves a temp file that the next init sweeps away).
    /// `opts.progress` counts the items read and can cancel.
    pub fn init(dir: &Path, opts: &InitOptions) -> Result<(Project, ImportReport)> {
        if dir.join(CONFIG_FILE).exists() || dir.join(DB_FILE).exists() {
            return Err(ProjectError::Exists(dir.to_path_buf()));
        }
        let (media_kind, listed) = media_kind_of_listed(&opts.media)?;
        let config = init_config(opts, media_kind)?;
        let made_dir = !dir.exists();
        std::fs::create_dir_all(dir).map_err(|e| IoError::io(dir, e))?;
        crate::io::remove_stale_temps(dir, DB_FILE);
        let temp = dir.join(format!(".{DB_FILE}.{}.tmp", std::process::id()));
        let built = build_store(dir, &temp, config, opts, listed);
        let finished = built.and_then(|(project, report)| {
            project.store.finish_build()?;
            let db = dir.join(DB_FILE);
            place_new_file(&temp, &db)?;
            let config_path = dir.join(CONFIG_FILE);
            // With the labels the import brought (a metadata file's boxes).
            let config = &project.config;
            let written = write_atomically(&config_path, |w| {
                w.write_all(config.to_toml().as_bytes())
                    .map_err(|e| IoError::io(&config_path, e))
            });
            if let Err(e) = written {
                let _ = std::fs::remove_file(&db); // no database without its config
                return Err(e.into());
            }
            Ok(report)
        });
        match finished {
            Ok(report) => Ok((Project::open(dir, opts.annotator.clone())?, report)),
            Err(e) => {
                let _ = std::fs::remove_file(&temp);
                if made_dir {
                    // Only if it is still empty: never anything the user put there.
                    let _ = std::fs::remove_dir(dir);
                }
                Err(e)
            }
        }
    }

    /// Removes a project that [`Project::init`] has just made, when the user cancelled too
    /// late to stop it. Refuses once anyone has worked in it; media are never touched.
    pub fn discard_new(self) -> Result<()> {
        if self.store.has_work()? {
            return Err(ProjectError::Exists(self.dir));
        }
        let dir = self.dir.clone();
        drop(self); // closes the database, so its WAL files go with it
        for f in [CONFIG_FILE, DB_FILE, "keylabel.db-wal", "keylabel.db-shm"] {
            match std::fs::remove_file(dir.join(f)) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(IoError::io(&dir.join(f), e).into());
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Adds labels to the config, appending to the file so the user's comments stay.
    pub fn add_labels(&mut self, names: &[String]) -> Result<Vec<String>> {
        let mut added = Vec::new();
        let path = self.config_path();
        if !path.exists() && !self.dir.join(DB_FILE).exists() {
            // An init under way (a metadata file's boxes name labels): its config is
            // written whole, with these, once the items are in.
            for n in names {
                if self.config.add_label(n) {
                    added.push(n.clone());
                }
            }
            return Ok(added);
        }
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

/// The task config a new project starts with: `--config`, else a template, else the
/// default for the media, plus `--labels`; it must fit the media.
fn init_config(opts: &InitOptions, media_kind: MediaKind) -> Result<TaskConfig> {
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
    if config.task.name.trim().is_empty() {
        // The title bar and stats name the work: the media's own name says what it is.
        let media = crate::io::canonical(&opts.media);
        if let Some(stem) = media.file_stem() {
            config.task.name = stem.to_string_lossy().into_owned();
        }
    }
    if !task_fits(config.task.media, media_kind, opts.media.is_file()) {
        return Err(ProjectError::Mismatch {
            path: opts.media.clone(),
            message: format!(
                "holds {} items, but the task config asks for {} items",
                media_kind.as_str(),
                config.task.media.as_str()
            ),
        });
    }
    Ok(config)
}

/// Fills a new database at `temp` with the media; errors when nothing could be imported
/// or the user cancelled.
fn build_store(
    dir: &Path,
    temp: &Path,
    config: TaskConfig,
    opts: &InitOptions,
    listed: Option<Listing>,
) -> Result<(Project, ImportReport)> {
    let _ = std::fs::remove_file(temp); // a leftover of this very PID
    let store = Store::build(temp)?;
    let annotator = pick_annotator(opts.annotator.clone(), &config);
    let mut project = Project {
        dir: crate::io::canonical(dir),
        config,
        store,
        annotator,
    };
    let progress = opts.progress.clone().unwrap_or_default();
    let report = match listed {
        Some(listing) => project.import_listing(&opts.media, listing, &progress)?,
        None => project.import_with(&opts.media, &progress)?,
    };
    if progress.is_cancelled() {
        return Err(ProjectError::Cancelled(dir.to_path_buf()));
    }
    if report.added == 0 && report.problems_total > 0 {
        return Err(ProjectError::NothingImported {
            path: opts.media.clone(),
            problems: report.problems_total,
            first: report
                .problems
                .first()
                .map(ToString::to_string)
                .unwrap_or_default(),
        });
    }
    Ok((project, report))
}

/// Moves the finished `temp` to `path` unless something is there by now (another init
/// raced us): a hard link fails rather than replace, where the file system has them.
fn place_new_file(temp: &Path, path: &Path) -> Result<()> {
    match std::fs::hard_link(temp, path) {
        Ok(()) => {
            let _ = std::fs::remove_file(temp);
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(ProjectError::Exists(
            path.parent().unwrap_or(path).to_path_buf(),
        )),
        Err(_) if !path.exists() => {
            std::fs::rename(temp, path).map_err(|e| IoError::io(path, e).into())
        }
        Err(_) => Err(ProjectError::Exists(
            path.parent().unwrap_or(path).to_path_buf(),
        )),
    }
}

fn read_config(path: &Path) -> Result<TaskConfig> {
    let text = std::fs::read_to_string(path).map_err(|e| IoError::io(path, e))?;
    TaskConfig::from_toml_str(&text).map_err(|error| ProjectError::Config {
        path: path.to_path_buf(),
        error,
    })
}

/// What kind of items a media source holds: a folder of images (or, with no image in it,
/// of audio clips); a JSONL/CSV/TSV of text records, or a manifest of audio clips or images
/// when its first record names one (`audio_filepath`; `file_name`, `image`; a `path` to
/// either).
pub fn media_kind_of(media: &Path) -> Result<MediaKind> {
    media_kind_of_listed(media).map(|(kind, _)| kind)
}

/// True when a task for `task` items can be done on media holding `found` items. Records
/// naming images or clips (a manifest) also make a text task's items, the pictures and
/// players shown in them: a model's answers about an image compared, a transcript rated.
pub fn task_fits(task: MediaKind, found: MediaKind, records: bool) -> bool {
    task == found || (records && task == MediaKind::Text)
}

/// The name of a task config shipped with the media: see [`task_beside`].
pub const TASK_FILE: &str = "task.toml";

/// The task config shipped with the media, if there is one: `task.toml` in an image or
/// audio folder, or beside a records file. A team sends it with the work, so opening the
/// media offers it first. The error (a bad file) names the file and line.
pub fn task_beside(media: &Path) -> Option<(PathBuf, Result<TaskConfig>)> {
    let dir = if media.is_dir() {
        media
    } else {
        media.parent()?
    };
    let path = dir.join(TASK_FILE);
    path.is_file().then(|| {
        let config = read_config(&path);
        (path, config)
    })
}

/// What a media folder holds, from a look at its first entries (a full walk of 100k files
/// is for the worker that makes the project): images where one is seen, else clips.
pub fn media_kind_at_a_glance(dir: &Path) -> Option<MediaKind> {
    crate::io::scan::peek_media(
        dir,
        2000,
        &[
            (crate::io::scan::is_image, MediaKind::Image),
            (crate::io::audio::is_audio, MediaKind::Audio),
        ],
    )
}

/// The files a folder walk found (relative, in order), and the problems of the walk.
pub(crate) type Listing = (Vec<String>, Vec<crate::io::Problem>);

/// [`media_kind_of`], and for a folder also its listing, so init walks it once.
fn media_kind_of_listed(media: &Path) -> Result<(MediaKind, Option<Listing>)> {
    if media.is_dir() {
        let images = crate::io::scan::list_images_with_sidecars(media)?;
        let sidecar = |f: &String| crate::io::scan::is_sidecar(Path::new(f));
        if images.0.iter().all(sidecar) {
            let audio = crate::io::scan::list_media(media, crate::io::audio::is_audio)?;
            if !audio.0.is_empty() {
                return Ok((MediaKind::Audio, Some(audio)));
            }
        }
        return Ok((MediaKind::Image, Some(images)));
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
            let listed = first.and_then(|(_, d)| crate::io::manifest::manifest_kind(&d));
            Ok((listed.unwrap_or(MediaKind::Text), None))
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
