//! Making a new project: the labels question (or a preset task), then the worker that
//! makes it, with its progress screen.

use super::{
    Creating, KeylabelApp, Made, ProgressText, Screen, column, on_worker, progress_screen,
};
use crate::core::Progress;
use crate::project::{InitOptions, Project, ProjectError, ProjectLock};
use crate::ui::work::Work;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::TryRecvError;

impl KeylabelApp {
    /// Starts making a project in `folder` on `media` on a worker (labels, or a preset
    /// task); the creating screen shows how far it is and can cancel.
    pub(super) fn create(
        &mut self,
        folder: &Path,
        media: &Path,
        labels: Vec<String>,
        config: Option<PathBuf>,
        template: Option<String>,
    ) {
        let progress = Arc::new(Progress::default());
        let opts = InitOptions {
            media: media.to_path_buf(),
            labels,
            config,
            template,
            annotator: self.annotator.clone(),
            progress: Some(progress.clone()),
        };
        let dir = folder.to_path_buf();
        let made = move || {
            let (project, report) = Project::init(&dir, &opts)?;
            // Nobody else can have a project that did not exist: a failure just means the
            // folder takes no lock.
            let lock = ProjectLock::acquire(&dir).ok().flatten();
            Ok((project, report, lock))
        };
        match on_worker("keylabel-init", made) {
            Ok(answer) => {
                self.message.clear();
                self.screen = Screen::Creating(Creating {
                    folder: folder.to_path_buf(),
                    progress,
                    answer,
                });
            }
            Err(e) => self.message = format!("cannot start making the project: {e}"),
        }
    }

    /// What the worker answered: the working screen, or the start screen saying why not.
    fn created(&mut self, folder: &Path, cancelled: bool, answer: Result<Made, ProjectError>) {
        self.screen = Screen::Start;
        let (project, report, lock) = match answer {
            Ok((project, _, lock)) if cancelled => {
                // Made before the cancel reached the worker: the user still wants none, and
                // the folder as it was (no lock file either: nobody else knew of it).
                if lock.is_some() {
                    drop(lock);
                    let _ = std::fs::remove_file(folder.join(crate::project::LOCK_FILE));
                }
                self.message = match project.discard_new() {
                    Ok(()) => format!("Cancelled: no project was made in {}", folder.display()),
                    Err(e) => format!("Cancelled too late, and could not remove it: {e}"),
                };
                return;
            }
            Ok(made) => made,
            Err(ProjectError::Cancelled(_)) => {
                self.message = format!("Cancelled: no project was made in {}", folder.display());
                return;
            }
            Err(e) => {
                self.message = e.to_string();
                return;
            }
        };
        match Work::new(project) {
            Ok(mut w) => {
                let problems = report.problems_total;
                if let Some(n) = report.notices.first() {
                    w.message = format!("note: {n}");
                }
                if problems > 0 {
                    w.message = format!(
                        "{} items added; {problems} could not be read (first: {})",
                        report.added,
                        report
                            .problems
                            .first()
                            .map(ToString::to_string)
                            .unwrap_or_default()
                    );
                }
                crate::ui::recent::remember_recent(self.recent_file.as_deref(), folder);
                self.screen = Screen::Work(Box::new(w));
                self.lock = lock;
            }
            Err(e) => self.message = e,
        }
    }

    pub(super) fn creating_ui(&mut self, ui: &mut egui::Ui) {
        let Screen::Creating(c) = &self.screen else {
            return;
        };
        let answer = match c.answer.try_recv() {
            Ok(answer) => Some(answer),
            Err(TryRecvError::Disconnected) => Some(Err(ProjectError::Mismatch {
                path: c.folder.clone(),
                message: "the worker making the project stopped".into(),
            })),
            Err(TryRecvError::Empty) => None,
        };
        if let Some(answer) = answer {
            let (folder, cancelled) = (c.folder.clone(), c.progress.is_cancelled());
            self.created(&folder, cancelled, answer);
            // This frame drew nothing: draw the next screen at once, not at the next input.
            ui.ctx().request_repaint();
            return;
        }
        progress_screen(
            ui,
            &c.progress,
            ProgressText {
                heading: "Making the project",
                what: format!("In {}", c.folder.display()),
                waiting: "Listing the files…",
                counted: "files read",
                note: "Only the headers are read, for the sizes; the files are never changed.",
                cancelling: "Cancelling…",
            },
        );
    }

    pub(super) fn new_project_ui(&mut self, ui: &mut egui::Ui) {
        let mut create = None;
        let mut cancel = ui.input(|i| i.key_pressed(egui::Key::Escape));
        let message = &self.message;
        if let Screen::NewProject {
            media,
            dir,
            labels,
            kind,
            task,
        } = &mut self.screen
        {
            let presets = kind.map(presets_for).unwrap_or_default();
            // A records file's project is beside it; a folder's is the folder.
            let records = media != dir;
            let task = &*task;
            let shipped = task.as_ref().filter(|t| t.offer.is_ok()).map(|t| &t.path);
            egui::CentralPanel::default().show(ui, |ui| {
                column(ui, |ui| {
                    ui.heading("New project");
                    if records {
                        ui.label(format!("For {}, in {}", media.display(), dir.display()));
                    } else {
                        ui.label(format!("In {}", dir.display()));
                    }
                    let typed = !labels.trim().trim_matches(',').trim().is_empty();
                    if let Some(task) = task {
                        ui.add_space(12.0);
                        match &task.offer {
                            Ok(what) => {
                                let from = if records { "These records come" } else { "This folder comes" };
                                ui.label(format!("{from} with a task, {}:", crate::project::TASK_FILE));
                                ui.horizontal_wrapped(|ui| {
                                    ui.label(egui::RichText::new(&what.0).strong());
                                    ui.label(&what.1);
                                });
                                let text = if typed { "Use it" } else { "Use it (Enter)" };
                                if ui.button(text).clicked() {
                                    create = Some((Vec::new(), shipped.cloned(), None));
                                }
                            }
                            Err(why) => {
                                ui.colored_label(crate::ui::palette::caution(ui.visuals()), why);
                                ui.label("It is not used: give labels, or start from a preset.");
                            }
                        }
                        ui.add_space(8.0);
                    } else {
                        ui.add_space(12.0);
                    }
                    let or = if shipped.is_some() { "Or which labels?" } else { "Which labels?" };
                    ui.label(format!("{or} Comma-separated; the first ten get the keys 1–9, 0. You can add more later in keylabel.toml."));
                    let edit = ui.add(
                        egui::TextEdit::singleline(labels)
                            .hint_text(if *kind == Some(crate::core::MediaKind::Text) {
                                "positive, negative, neutral"
                            } else {
                                "cat, dog, person"
                            })
                            .desired_width(f32::INFINITY),
                    );
                    // Focus once, not every frame: taking focus back in the frame Enter lets
                    // go of it hid the Enter from `lost_focus`, so Enter did nothing.
                    if ui.memory(|m| m.focused().is_none()) {
                        edit.request_focus();
                    }
                    let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
                    let names = || {
                        labels
                            .split(',')
                            .map(|s| s.trim().to_string())
                            .filter(|s| !s.is_empty())
                            .collect::<Vec<_>>()
                    };
                    ui.add_space(4.0);
                    ui.horizontal(|ui| {
                        // Enter takes the labels typed, else the task shipped with the media.
                        let text = if shipped.is_some() && !typed {
                            "Create with these labels"
                        } else {
                            "Create (Enter)"
                        };
                        if ui.button(text).clicked() || (enter && (typed || shipped.is_none())) {
                            create = Some((names(), None, None));
                        } else if enter && let Some(file) = shipped {
                            create = Some((Vec::new(), Some(file.clone()), None));
                        }
                        cancel |= ui.button("Cancel (Esc)").clicked();
                    });
                    if !presets.is_empty() {
                        ui.add_space(12.0);
                        ui.label("Or start from a preset task (its questions and guidelines; labels given above are added):");
                        ui.horizontal_wrapped(|ui| {
                            for &(name, about) in presets {
                                if ui.button(name).on_hover_text(about).clicked() {
                                    create = Some((names(), None, Some(name.to_string())));
                                }
                            }
                        });
                    }
                    if !message.is_empty() {
                        ui.colored_label(crate::ui::palette::caution(ui.visuals()), message);
                    }
                });
            });
        }
        let Screen::NewProject { media, dir, .. } = &self.screen else {
            return;
        };
        let (media, dir) = (media.clone(), dir.clone());
        if let Some((names, config, template)) = create {
            if names.is_empty() && config.is_none() && template.is_none() {
                self.message = "Give at least one label.".into();
            } else {
                self.create(&dir, &media, names, config, template);
            }
        } else if cancel {
            self.message.clear();
            self.screen = Screen::Start;
        }
    }
}

/// The preset tasks for one kind of items: name and what it is for (read once, not per
/// frame).
fn presets_for(kind: crate::core::MediaKind) -> &'static [(&'static str, &'static str)] {
    use crate::core::MediaKind;
    type Presets = Vec<(&'static str, &'static str)>;
    static BY_KIND: std::sync::OnceLock<[Presets; 3]> = std::sync::OnceLock::new();
    let slot = |k: MediaKind| match k {
        MediaKind::Image => 0,
        MediaKind::Text => 1,
        MediaKind::Audio => 2,
    };
    let by_kind = BY_KIND.get_or_init(|| {
        let mut by_kind: [Presets; 3] = Default::default();
        for (name, about, text) in crate::core::templates::TEMPLATES {
            if let Ok(c) = crate::core::TaskConfig::from_toml_str(text) {
                by_kind[slot(c.task.media)].push((*name, *about));
            }
        }
        by_kind
    });
    &by_kind[slot(kind)]
}

/// A task config shipped with the media (`task.toml`), as the new-project screen offers
/// it: a line on what it asks, or why it cannot be used (named with its file and line).
pub struct FolderTask {
    pub path: PathBuf,
    /// Its name and what it asks; or why it cannot be used.
    pub offer: Result<(String, String), String>,
}

impl FolderTask {
    pub fn new(
        path: PathBuf,
        config: Result<crate::core::TaskConfig, ProjectError>,
        kind: Option<crate::core::MediaKind>,
        records: bool,
    ) -> Self {
        let fits = |c: &crate::core::TaskConfig| {
            kind.is_none_or(|k| crate::project::task_fits(c.task.media, k, records))
        };
        let offer = match config {
            Err(e) => Err(e.to_string().trim_end().to_string()),
            Ok(c) if !fits(&c) => Err(format!(
                "{}: a task for {} items, and these are {} items",
                path.display(),
                c.task.media.as_str(),
                kind.map_or("", |k| k.as_str())
            )),
            Ok(c) => Ok(describe(&c)),
        };
        FolderTask { path, offer }
    }
}

/// Its name, and what it asks with its labels (the first eight).
fn describe(c: &crate::core::TaskConfig) -> (String, String) {
    let asks: Vec<&str> = c.controls.iter().map(|c| c.name.as_str()).collect();
    let mut labels: Vec<&str> = c.labels.iter().take(8).map(|l| l.name.as_str()).collect();
    if c.labels.len() > 8 {
        labels.push("…");
    }
    let mut s = String::new();
    if !asks.is_empty() {
        s += &format!("asks {}", asks.join(", "));
    }
    if !labels.is_empty() {
        s += &format!(
            "{}labels {}",
            if s.is_empty() { "" } else { "; " },
            labels.join(", ")
        );
    }
    (c.task.name.trim().to_string(), s)
}
