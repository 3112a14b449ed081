//! The app: a start screen (open a project or an image folder), the new-project question,
//! and the working screen.

mod new_project;

use super::already_open::{AlreadyOpen, Choice, NotOpened, OPENED_ANYWAY};
use super::export_form::{ExportForm, ExportOutcome};
use super::import::{Finished, FormOutcome, ImportForm, Importing};
use super::work::{Opened, Work};
use crate::core::Progress;
use crate::core::progress::grouped;
use crate::project::{ImportReport, Project, ProjectError, ProjectLock};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

pub enum Screen {
    Start,
    /// An image folder, or a file of text records, with no project yet: ask for the labels
    /// (or, for records, a preset task) once.
    NewProject {
        /// The images, or the records file.
        media: PathBuf,
        /// Where the project goes: the image folder itself, or beside the records file.
        dir: PathBuf,
        labels: String,
        /// What a records file lists (text records, or a manifest of images or clips),
        /// read from its first record, or a folder's from a glance at its first files: the
        /// presets offered fit it.
        kind: Option<crate::core::MediaKind>,
        /// The task config shipped with the media (`task.toml`), offered first.
        task: Option<new_project::FolderTask>,
    },
    /// A project being made from a folder, on a worker: 100k headers take a while.
    Creating(Creating),
    /// A project being opened, on a worker: a million item ids take a while too.
    Opening(Opening),
    /// Another window has the project open: asked what to do.
    AlreadyOpen(AlreadyOpen),
    Work(Box<Work>),
    /// The import question, over the work it returns to.
    ImportForm(Box<ImportForm>),
    /// An import on a worker; the project opens again when it ends.
    Importing(Importing),
    /// The export question, over the work it returns to.
    ExportForm(Box<ExportForm>),
}

/// The worker opening a project, and where its answer arrives.
pub struct Opening {
    pub path: PathBuf,
    /// Opened over another window's lock, on the annotator's word.
    anyway: bool,
    answer: Receiver<Result<(Opened, Option<ProjectLock>), NotOpened>>,
}

/// The worker making a project, its progress, and where its answer arrives.
pub struct Creating {
    pub folder: PathBuf,
    pub progress: Arc<Progress>,
    answer: Receiver<Result<Made, ProjectError>>,
}

/// A project just made, with its lock.
type Made = (Project, ImportReport, Option<ProjectLock>);

/// Quits from any screen, as in most desktop programs (and where no window manager draws a
/// close button).
pub const QUIT: egui::KeyboardShortcut =
    egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, egui::Key::Q);

pub struct KeylabelApp {
    pub screen: Screen,
    pub annotator: Option<String>,
    /// A config to create new projects with (`--config`), instead of asking.
    pub config: Option<PathBuf>,
    pub path_input: String,
    pub message: String,
    dialog: super::dialog::Dialog,
    pub frames: u64,
    /// The recent-projects list; `None` keeps none (tests).
    pub recent_file: Option<PathBuf>,
    /// The recent list as the start screen shows it: read from disk once per visit of
    /// that screen, not in every frame.
    recent: Option<super::recent::RecentList>,
    /// The last import's source and options, to offer again (path, drafts, confidence).
    last_import: Option<(String, bool, String)>,
    /// Text size and theme, kept beside the recent list (none kept when it is `None`).
    view: super::view_prefs::FollowView,
    /// Quit was asked for (Ctrl+Q, the menu): the window is told to close.
    pub quitting: bool,
    /// The lock of the project at work (or being imported into): kept from screen to
    /// screen of that project, let go on the start screen.
    lock: Option<ProjectLock>,
}

impl KeylabelApp {
    pub fn new(annotator: Option<String>, config: Option<PathBuf>) -> Self {
        KeylabelApp {
            screen: Screen::Start,
            annotator,
            config,
            path_input: String::new(),
            message: String::new(),
            dialog: Default::default(),
            frames: 0,
            recent_file: super::recent::default_recent_file(),
            recent: None,
            last_import: None,
            view: Default::default(),
            quitting: false,
            lock: None,
        }
    }

    /// Opens a project, or an image folder (asking for labels when it has no project yet).
    pub fn open(&mut self, path: &Path) {
        self.open_guarded(path, false);
    }

    /// Opens as [`Self::open`]; `anyway` opens a project another window has open.
    fn open_guarded(&mut self, path: &Path, anyway: bool) {
        if Project::exists(path) {
            let (dir, annotator) = (path.to_path_buf(), self.annotator.clone());
            // The project at work opening again (after an import) keeps its lock; any other
            // is let go before the next is taken.
            let kept = self.lock.take().filter(|l| l.is_for(path));
            let spawned = on_worker("keylabel-open", move || {
                let lock = match kept {
                    Some(lock) => Some(lock),
                    None if anyway => None,
                    None => ProjectLock::acquire(&dir)?,
                };
                let project = Project::open(&dir, annotator)?;
                let opened = Opened::new(project).map_err(NotOpened::Failed)?;
                Ok((opened, lock))
            });
            match spawned {
                Ok(answer) => {
                    self.message.clear();
                    self.screen = Screen::Opening(Opening {
                        path: path.to_path_buf(),
                        anyway,
                        answer,
                    });
                }
                Err(e) => self.message = format!("cannot start opening the project: {e}"),
            }
        } else if path.is_dir() || is_records_file(path) {
            let dir = project_dir_for(path);
            if path.is_file() && Project::exists(&dir) {
                // The records were opened before: their project is beside them.
                return self.open(&dir);
            }
            if self.config.is_some() {
                self.create(&dir, path, Vec::new(), self.config.clone(), None);
            } else {
                // One record read, or a folder's first files: quick, unlike a whole walk.
                let kind = if path.is_file() {
                    crate::project::media_kind_of(path).ok()
                } else {
                    crate::project::media_kind_at_a_glance(path)
                };
                let task = crate::project::task_beside(path).map(|(file, config)| {
                    new_project::FolderTask::new(file, config, kind, path.is_file())
                });
                self.screen = Screen::NewProject {
                    media: path.to_path_buf(),
                    dir,
                    labels: String::new(),
                    kind,
                    task,
                };
            }
        } else if path.is_file()
            && (crate::io::scan::is_image(path) || crate::io::audio::is_audio(path))
        {
            // A photo dragged from a folder: the work is the folder.
            self.message = format!(
                "{}: one file; open the folder that holds it to label its images or clips",
                path.display()
            );
        } else if path.is_file() {
            self.message = format!(
                "{}: not a folder, a project, or records to label (.jsonl, .csv, .tsv)",
                path.display()
            );
        } else {
            self.message = format!("{}: not found", path.display());
        }
    }

    /// The export form; it leads back to the work, with the export running or not.
    fn export_ui(&mut self, ui: &mut egui::Ui) {
        let Screen::ExportForm(form) = &mut self.screen else {
            return;
        };
        let job = match form.ui(ui) {
            ExportOutcome::Stay => return,
            ExportOutcome::Cancel => None,
            ExportOutcome::Start(job) => Some(job),
        };
        let Screen::ExportForm(form) = std::mem::replace(&mut self.screen, Screen::Start) else {
            return;
        };
        let kept = form.kept();
        let mut work = form.work;
        work.session.back();
        if let Some(job) = job {
            work.start_export_job(job, Some(kept), ui.ctx());
        }
        self.screen = Screen::Work(work);
        ui.ctx().request_repaint();
    }

    /// The import form and the import's progress; what they lead to.
    fn import_ui(&mut self, ui: &mut egui::Ui) {
        let next = match &mut self.screen {
            Screen::ImportForm(form) => match form.ui(ui) {
                FormOutcome::Stay => return,
                FormOutcome::Cancel => {
                    let Screen::ImportForm(form) =
                        std::mem::replace(&mut self.screen, Screen::Start)
                    else {
                        return;
                    };
                    let mut work = form.work;
                    work.session.back();
                    Screen::Work(work)
                }
                FormOutcome::Start(source, how) => {
                    let Screen::ImportForm(form) =
                        std::mem::replace(&mut self.screen, Screen::Start)
                    else {
                        return;
                    };
                    let dir = form.work.session.project.dir.clone();
                    self.last_import =
                        Some((form.path.clone(), form.draft, form.min_score.clone()));
                    match form.start(source, how) {
                        Ok(importing) => Screen::Importing(importing),
                        Err(e) => {
                            // The work was closed for the import: open the project again.
                            self.message = e;
                            self.open(&dir);
                            return;
                        }
                    }
                }
            },
            Screen::Importing(importing) => match importing.ui(ui) {
                None => return,
                Some(Finished::Work(work)) => Screen::Work(work),
                Some(Finished::Form(form)) => Screen::ImportForm(form),
                Some(Finished::Lost(e)) => {
                    self.message = e;
                    Screen::Start
                }
            },
            _ => return,
        };
        self.screen = next;
        // This frame drew the screen before: draw the next one at once.
        ui.ctx().request_repaint();
    }

    /// True while a project is being made.
    pub fn creating(&self) -> bool {
        matches!(self.screen, Screen::Creating(_))
    }

    /// True while a worker makes or opens a project: nothing final to show yet.
    pub fn busy(&self) -> bool {
        matches!(
            self.screen,
            Screen::Creating(_) | Screen::Opening(_) | Screen::Importing(_)
        )
    }

    fn opening_ui(&mut self, ui: &mut egui::Ui) {
        let Screen::Opening(o) = &self.screen else {
            return;
        };
        let answer = match o.answer.try_recv() {
            Ok(answer) => answer,
            Err(TryRecvError::Disconnected) => {
                Err(NotOpened::Failed("the worker opening it stopped".into()))
            }
            Err(TryRecvError::Empty) => {
                egui::CentralPanel::default().show(ui, |ui| {
                    column(ui, |ui| {
                        ui.horizontal(|ui| {
                            ui.spinner();
                            ui.label(format!("Opening {}…", o.path.display()));
                        });
                    });
                });
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_millis(50));
                return;
            }
        };
        let (path, anyway) = (o.path.clone(), o.anyway);
        match answer {
            Ok((opened, lock)) => {
                super::recent::remember_recent(self.recent_file.as_deref(), &path);
                let mut work = Work::from_opened(opened);
                if anyway {
                    work.message = OPENED_ANYWAY.into();
                }
                self.screen = Screen::Work(Box::new(work));
                self.lock = lock;
            }
            Err(NotOpened::Elsewhere(said)) => {
                self.screen = Screen::AlreadyOpen(AlreadyOpen { path, said });
            }
            Err(NotOpened::Failed(e)) => {
                // The message names the file; the path stays in the field to try again.
                self.message = e;
                self.path_input = path.display().to_string();
                self.screen = Screen::Start;
            }
        }
        // This frame drew nothing: draw the next screen at once, not at the next input.
        ui.ctx().request_repaint();
    }

    fn already_open_ui(&mut self, ui: &mut egui::Ui) {
        let Screen::AlreadyOpen(q) = &self.screen else {
            return;
        };
        let path = q.path.clone();
        match q.ui(ui) {
            Choice::Stay => return,
            Choice::TryAgain => self.open(&path),
            Choice::Anyway => self.open_guarded(&path, true),
            Choice::Back => {
                self.path_input = path.display().to_string();
                self.screen = Screen::Start;
            }
        }
        ui.ctx().request_repaint();
    }

    /// One frame.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        self.frames += 1;
        let view_file = self
            .recent_file
            .as_deref()
            .map(super::view_prefs::file_beside);
        self.view.frame(ui.ctx(), view_file.as_deref());
        let menu_quit = match &mut self.screen {
            Screen::Work(w) => std::mem::take(&mut w.wants_quit),
            _ => false,
        };
        if menu_quit || ui.input_mut(|i| i.consume_shortcut(&QUIT)) {
            // As the window's close button: the session is closed (timing written) on the way.
            self.quitting = true;
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
        if let Screen::Work(w) = &self.screen
            && w.wants_start_screen
        {
            // Dropping the work closes its session (timing written) before the next opens.
            self.screen = Screen::Start;
            self.message.clear();
        }
        let dropped_source = self.take_drop(ui.ctx());
        if let Screen::Work(w) = &mut self.screen
            && std::mem::take(&mut w.wants_import)
            && let Screen::Work(w) = std::mem::replace(&mut self.screen, Screen::Start)
        {
            let mut form = ImportForm::new(w);
            if let Some((path, draft, min_score)) = self.last_import.clone() {
                (form.path, form.draft, form.min_score) = (path, draft, min_score);
            }
            if let Some((path, said)) = dropped_source {
                form.path = path.display().to_string();
                form.message = said.unwrap_or_default();
            }
            self.screen = Screen::ImportForm(Box::new(form));
        }
        if let Screen::Work(w) = &mut self.screen
            && std::mem::take(&mut w.wants_export)
            && let Screen::Work(w) = std::mem::replace(&mut self.screen, Screen::Start)
        {
            self.screen = Screen::ExportForm(Box::new(ExportForm::new(w)));
        }
        match &mut self.screen {
            Screen::Work(w) => w.ui(ui),
            Screen::ExportForm(_) => self.export_ui(ui),
            Screen::ImportForm(_) | Screen::Importing(_) => self.import_ui(ui),
            Screen::NewProject { .. } => self.new_project_ui(ui),
            Screen::Creating(_) => self.creating_ui(ui),
            Screen::Opening(_) => self.opening_ui(ui),
            Screen::AlreadyOpen(_) => self.already_open_ui(ui),
            Screen::Start => self.start_ui(ui),
        }
        if matches!(
            self.screen,
            Screen::Start | Screen::NewProject { .. } | Screen::AlreadyOpen(_)
        ) {
            // No project at work: another window may take it now.
            self.lock = None;
        }
        if !matches!(self.screen, Screen::Start) {
            self.recent = None;
        }
    }

    /// Files dropped on the window: the start screen opens the path, the import form takes
    /// it as its source, and on the work it is returned to open the import form with.
    fn take_drop(&mut self, ctx: &egui::Context) -> Option<(PathBuf, Option<String>)> {
        use super::drop;
        let hint = match &self.screen {
            Screen::Start => "Drop to open it",
            Screen::Work(_) | Screen::ImportForm(_) => "Drop to import it into this project",
            _ => return None,
        };
        drop::hint_while_hovering(ctx, hint);
        let (path, count) = drop::dropped(ctx)?;
        let said = drop::one_at_a_time(count);
        match &mut self.screen {
            Screen::Start => {
                self.open(&path);
                if let Some(said) = said {
                    self.message = said;
                }
                None
            }
            Screen::ImportForm(form) => {
                form.path = path.display().to_string();
                form.message = said.unwrap_or_default();
                None
            }
            Screen::Work(w) => {
                w.wants_import = true;
                Some((path, said))
            }
            _ => None,
        }
    }

    fn start_ui(&mut self, ui: &mut egui::Ui) {
        match self.dialog.answer() {
            Some(Ok(p)) => self.open(&p),
            Some(Err(nothing)) => self.message = nothing.into(),
            None => {}
        }
        egui::CentralPanel::default().show(ui, |ui| {
            column(ui, |ui| {
                ui.heading("Keylabel");
                ui.label("Open a project; or, to start one, a folder of images or audio, or a file of text records (.jsonl, .csv).");
                ui.add_space(12.0);
                ui.horizontal(|ui| {
                    let edit = ui.add(
                        egui::TextEdit::singleline(&mut self.path_input)
                            .hint_text(if cfg!(windows) {
                                r"C:\path\to\project, media folder or records.jsonl"
                            } else {
                                "/path/to/project, media folder or records.jsonl"
                            })
                            .desired_width(380.0),
                    );
                    let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                    if ui.button("Open").clicked() || enter {
                        let p = PathBuf::from(self.path_input.trim());
                        self.open(&p);
                    }
                    let free = !self.dialog.is_open();
                    if ui.add_enabled(free, egui::Button::new("Folder…")).clicked() {
                        self.dialog.open(
                            ui.ctx(),
                            "Open a Keylabel project, or a folder of images or audio",
                            None,
                            super::dialog::Pick::Folder,
                        );
                    }
                    if ui.add_enabled(free, egui::Button::new("Records file…")).clicked() {
                        self.dialog.open(
                            ui.ctx(),
                            "Open a file of text records (.jsonl, .csv)",
                            None,
                            super::dialog::Pick::File,
                        );
                    }
                });
                if !self.message.is_empty() {
                    ui.colored_label(super::palette::caution(ui.visuals()), &self.message);
                }
                let file = self.recent_file.as_deref();
                let recent = self
                    .recent
                    .get_or_insert_with(|| super::recent::RecentList::load(file, ui.ctx()));
                if let Some(p) = super::recent::recent_ui(ui, recent) {
                    self.open(&p);
                }
            });
        });
    }

    pub fn work(&self) -> Option<&Work> {
        match &self.screen {
            Screen::Work(w) => Some(w),
            _ => None,
        }
    }

    pub fn work_mut(&mut self) -> Option<&mut Work> {
        match &mut self.screen {
            Screen::Work(w) => Some(w),
            _ => None,
        }
    }
}

/// Runs `job` on a named worker thread; its answer arrives on the returned channel.
fn on_worker<T: Send + 'static>(
    name: &str,
    job: impl FnOnce() -> T + Send + 'static,
) -> std::io::Result<Receiver<T>> {
    let (tx, answer) = channel();
    std::thread::Builder::new()
        .name(name.into())
        .spawn(move || {
            let _ = tx.send(job());
        })?;
    Ok(answer)
}

/// What a progress screen says.
pub(super) struct ProgressText {
    pub heading: &'static str,
    pub what: String,
    /// While the total is not known yet.
    pub waiting: &'static str,
    /// After "N of M".
    pub counted: &'static str,
    pub note: &'static str,
    pub cancelling: &'static str,
}

/// A worker's progress bar with Cancel (Esc), which sets the cancel flag the worker reads.
pub(super) fn progress_screen(ui: &mut egui::Ui, progress: &Progress, text: ProgressText) {
    let (done, total) = (progress.done(), progress.total());
    let cancelled = progress.is_cancelled();
    let mut cancel = ui.input(|i| i.key_pressed(egui::Key::Escape));
    egui::CentralPanel::default().show(ui, |ui| {
        column(ui, |ui| {
            ui.heading(text.heading);
            ui.label(text.what);
            ui.add_space(12.0);
            let spinning = if cancelled {
                Some(text.cancelling)
            } else if total == 0 {
                Some(text.waiting)
            } else {
                None
            };
            match spinning {
                Some(line) => {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label(line);
                    });
                }
                None => {
                    let bar = egui::ProgressBar::new(progress.fraction().unwrap_or(0.0)).text(
                        format!("{} of {} {}", grouped(done), grouped(total), text.counted),
                    );
                    ui.add(bar);
                    if !text.note.is_empty() {
                        ui.label(text.note);
                    }
                }
            }
            ui.add_space(8.0);
            cancel |= ui
                .add_enabled(!cancelled, egui::Button::new("Cancel (Esc)"))
                .clicked();
        });
    });
    if cancel {
        progress.cancel();
    }
    // The worker does not know the window: look again shortly.
    ui.ctx()
        .request_repaint_after(std::time::Duration::from_millis(50));
}

/// A centred column for the screens before the work: one readable line length, a little
/// above the middle of the window.
pub(super) fn column(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui)) {
    let width = ui.available_width().min(560.0);
    let left = (ui.available_width() - width) / 2.0;
    ui.add_space(ui.available_height() * 0.18);
    ui.horizontal_top(|ui| {
        ui.add_space(left);
        ui.vertical(|ui| {
            ui.set_width(width);
            add(ui);
        });
    });
}

/// A file of records to label: what `keylabel init --media` takes for text items.
fn is_records_file(path: &Path) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    path.is_file() && matches!(ext.as_deref(), Some("jsonl" | "ndjson" | "csv" | "tsv"))
}

/// Where a project for `media` lives: in an image folder itself; beside a records file, as
/// `<name>.keylabel/` (the records are never changed, and opening them again finds it).
fn project_dir_for(media: &Path) -> PathBuf {
    if media.is_dir() {
        return media.to_path_buf();
    }
    let stem = media
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "records".into());
    media.with_file_name(format!("{stem}.keylabel"))
}
