//! Importing into the open project from the app: the annotator (or lead) picks a source, a
//! worker imports it with progress and Cancel, and the project opens again on what it
//! brought. The import is all or nothing, so a cancel leaves the project as it was.

use super::dialog::Pick;
use super::work::{Opened, Work};
use crate::core::{MediaKind, Progress};
use crate::project::{AnnotationImport, ImportReport, Project, ProjectError};
use crate::session::Action;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// The import question, over the work it returns to.
pub struct ImportForm {
    pub work: Box<Work>,
    pub path: String,
    /// Boxes come in as drafts to correct (a model's predictions).
    pub draft: bool,
    /// Leave out boxes below this confidence ("" keeps all).
    pub min_score: String,
    /// The source holds gold answers.
    pub gold: bool,
    /// The source sets fields on the items already there (a model's suggestions).
    pub update_fields: bool,
    pub message: String,
    dialog: super::dialog::Dialog,
    focused: bool,
}

/// What the form asks of the app after a frame.
pub enum FormOutcome {
    Stay,
    Cancel,
    Start(PathBuf, AnnotationImport),
}

/// The worker importing, its progress, and where its answer arrives: the import's result,
/// then the project opened again (also after a failure, to go back to work).
pub struct Importing {
    pub source: PathBuf,
    pub progress: Arc<Progress>,
    /// What the form held, to show it again when the import fails.
    pub form: (String, bool, String),
    /// The item that was open, to come back to.
    return_to: Option<i64>,
    answer: Receiver<ImportAnswer>,
}

/// The import's result and the project opened again, or why it could not be opened.
type ImportAnswer = Result<(Result<ImportReport, ProjectError>, Opened), String>;

/// What an import's end leads to.
pub enum Finished {
    /// Back to work, its status bar saying what came in.
    Work(Box<Work>),
    /// The import failed: the form again, saying why.
    Form(Box<ImportForm>),
    /// The project could not be opened again.
    Lost(String),
}

impl ImportForm {
    pub fn new(mut work: Box<Work>) -> ImportForm {
        // The form covers the item: its timer stops here (and `back` skips the gap).
        if let Err(e) = work.session.away() {
            work.message = format!("timing not saved: {e}");
        }
        ImportForm {
            work,
            path: String::new(),
            draft: false,
            min_score: String::new(),
            gold: false,
            update_fields: false,
            message: String::new(),
            dialog: Default::default(),
            focused: false,
        }
    }

    fn media(&self) -> MediaKind {
        self.work.session.project.config.task.media
    }

    /// One frame of the form.
    pub fn ui(&mut self, ui: &mut egui::Ui) -> FormOutcome {
        match self.dialog.answer() {
            Some(Ok(p)) => self.path = p.display().to_string(),
            Some(Err(nothing)) => self.message = nothing.into(),
            None => {}
        }
        let (mut go, mut cancel) = ui.input(|i| {
            (
                i.key_pressed(egui::Key::Enter),
                i.key_pressed(egui::Key::Escape),
            )
        });
        let media = self.media();
        let project = self.work.session.project.dir.display().to_string();
        egui::CentralPanel::default().show(ui, |ui| {
            super::app::column(ui, |ui| {
                ui.heading("Import");
                ui.label(format!("Into {project}"));
                ui.add_space(8.0);
                ui.label(sources_for(media));
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    let edit = ui.add(
                        egui::TextEdit::singleline(&mut self.path)
                            .hint_text("/path/to/file or folder")
                            .desired_width(330.0),
                    );
                    if !self.focused {
                        edit.request_focus();
                        self.focused = true;
                    }
                    let idle = !self.dialog.is_open();
                    if ui.add_enabled(idle, egui::Button::new("File…")).clicked() {
                        self.ask(ui.ctx(), Pick::File);
                    }
                    if ui.add_enabled(idle, egui::Button::new("Folder…")).clicked() {
                        self.ask(ui.ctx(), Pick::Folder);
                    }
                });
                if media == MediaKind::Audio {
                    ui.add_space(4.0);
                    ui.checkbox(
                        &mut self.draft,
                        "Pre-labels to correct: an RTTM's segments come in as drafts, done work \
                         is left alone",
                    );
                }
                if media == MediaKind::Image {
                    ui.add_space(4.0);
                    ui.checkbox(
                        &mut self.draft,
                        "Pre-labels to correct: boxes come in as drafts, done work is left alone",
                    );
                    ui.horizontal(|ui| {
                        ui.label("Leave out boxes with a confidence below");
                        ui.add(
                            egui::TextEdit::singleline(&mut self.min_score)
                                .hint_text("0–1")
                                .desired_width(48.0),
                        );
                    });
                }
                ui.checkbox(
                    &mut self.gold,
                    "Gold answers: hidden from annotators, each one scored against them",
                )
                .on_hover_text(
                    "a JSONL in Keylabel's export format (a lead's answers, exported), \
                     or for boxes a COCO file or YOLO labels; Statistics scores each \
                     annotator's submitted answers against them",
                );
                ui.checkbox(
                    &mut self.update_fields,
                    "Fields for the items already there (a model's suggestions): nothing added",
                )
                .on_hover_text(
                    "each line's fields are set on the item with its id, or with the file it \
                     names; answers, statuses and times stay as they are",
                );
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    go |= ui.button("Import (Enter)").clicked();
                    cancel |= ui.button("Cancel (Esc)").clicked();
                });
                if !self.message.is_empty() {
                    ui.colored_label(super::palette::caution(ui.visuals()), &self.message);
                }
            });
        });
        if cancel {
            return FormOutcome::Cancel;
        }
        if !go {
            return FormOutcome::Stay;
        }
        match self.checked() {
            Ok((path, how)) => FormOutcome::Start(path, how),
            Err(m) => {
                self.message = m;
                FormOutcome::Stay
            }
        }
    }

    /// The source and options, or what is wrong with them.
    fn checked(&self) -> Result<(PathBuf, AnnotationImport), String> {
        let path = PathBuf::from(self.path.trim());
        if self.path.trim().is_empty() {
            return Err("Give the file or folder to import.".into());
        }
        if !path.exists() {
            return Err(format!("{}: not found", path.display()));
        }
        let min_score = match self.min_score.trim() {
            "" => None,
            s => match s.parse::<f64>() {
                Ok(v) if (0.0..=1.0).contains(&v) => Some(v),
                _ => return Err(format!("{s}: give a confidence from 0 to 1, or nothing")),
            },
        };
        Ok((
            path,
            AnnotationImport {
                draft: self.draft && !self.gold,
                min_score,
                gold: self.gold,
                update_fields: self.update_fields && !self.gold,
            },
        ))
    }

    fn ask(&mut self, ctx: &egui::Context, pick: Pick) {
        let start = std::path::absolute(&self.work.session.project.dir).ok();
        self.dialog
            .open(ctx, "Import into the project", start, pick);
    }

    /// Closes the work (its session's timing is written) and imports on a worker.
    pub fn start(self, source: PathBuf, how: AnnotationImport) -> Result<Importing, String> {
        let ImportForm {
            work,
            path,
            draft,
            min_score,
            ..
        } = self;
        let project = &work.session.project;
        let (dir, annotator) = (project.dir.clone(), project.annotator.clone());
        let return_to = work.session.item.as_ref().map(|i| i.id);
        drop(work);
        let progress = Arc::new(Progress::default());
        let (tx, answer) = channel();
        let (p, src) = (progress.clone(), source.clone());
        std::thread::Builder::new()
            .name("keylabel-import".into())
            .spawn(move || {
                let answer: ImportAnswer = Project::open(&dir, Some(annotator))
                    .map_err(|e| e.to_string())
                    .and_then(|mut project| {
                        let report = project.import_as(&src, &p, how);
                        Opened::new(project).map(|opened| (report, opened))
                    });
                let _ = tx.send(answer);
            })
            .map_err(|e| format!("cannot start the import: {e}"))?;
        Ok(Importing {
            source,
            progress,
            form: (path, draft, min_score),
            return_to,
            answer,
        })
    }
}

impl Importing {
    /// One frame: the progress, or what the finished import leads to.
    pub fn ui(&mut self, ui: &mut egui::Ui) -> Option<Finished> {
        match self.answer.try_recv() {
            Ok(answer) => return Some(self.finished(answer)),
            Err(TryRecvError::Disconnected) => {
                return Some(Finished::Lost("the worker importing stopped".into()));
            }
            Err(TryRecvError::Empty) => {}
        }
        super::app::progress_screen(
            ui,
            &self.progress,
            super::app::ProgressText {
                heading: "Importing",
                what: self.source.display().to_string(),
                waiting: "Reading…",
                counted: "read",
                note: "",
                cancelling: "Cancelling: nothing of it will be kept…",
            },
        );
        None
    }

    fn finished(&self, answer: ImportAnswer) -> Finished {
        let (report, mut work) = match answer {
            Ok((report, opened)) => (report, Box::new(Work::from_opened(opened))),
            Err(e) => return Finished::Lost(e),
        };
        let back = self
            .return_to
            .and_then(|id| work.session.ids.iter().position(|&i| i == id));
        if let Some(pos) = back
            && let Err(e) = work.session.apply(Action::Goto(pos))
        {
            work.message = e.to_string();
        }
        let source = self.source.display();
        let failed = |work: Box<Work>, message: String| {
            let (path, draft, min_score) = self.form.clone();
            let mut form = ImportForm::new(work);
            (form.path, form.draft, form.min_score, form.message) =
                (path, draft, min_score, message);
            Finished::Form(Box::new(form))
        };
        let media = work.session.project.config.task.media;
        let nothing = report
            .as_ref()
            .ok()
            .and_then(|r| r.nothing_in(&self.source, Some(media)));
        match report {
            Ok(_) if let Some(nothing) = nothing => {
                failed(work, format!("Nothing to import: {nothing}"))
            }
            Ok(r) if !r.imported_anything() && r.problems_total > 0 => {
                let first = r.problems.first().map(ToString::to_string);
                failed(
                    work,
                    format!("Nothing could be imported: {}", first.unwrap_or_default()),
                )
            }
            Ok(r) => {
                let mut message = format!("imported {source}: {}", r.summary());
                if let Some(first) = r.problems.first() {
                    message += &format!(" (first: {first})");
                }
                if let Some(n) = r.notices.first() {
                    message += &format!(" · note: {n}");
                }
                work.message = message;
                Finished::Work(work)
            }
            Err(ProjectError::Cancelled(_)) => {
                work.message = format!("import cancelled: nothing of {source} was kept");
                Finished::Work(work)
            }
            Err(e) => failed(work, e.to_string()),
        }
    }
}

/// The Project menu's entry for the import, in the project's words.
pub fn menu_label(media: MediaKind) -> &'static str {
    match media {
        MediaKind::Image => "Import boxes, pre-labels or images…",
        MediaKind::Text => "Import items or answers…",
        MediaKind::Audio => "Import clips or answers…",
    }
}

/// What a project of this media can import, as the form says it.
fn sources_for(media: MediaKind) -> &'static str {
    match media {
        MediaKind::Image => {
            "Boxes: a COCO JSON, a YOLO dataset (its data.yaml or folder) or a labels folder. New items: a folder of images, or a metadata.jsonl / .csv listing images with their fields. Or a Keylabel JSONL export."
        }
        MediaKind::Text => {
            "New items: a JSONL or CSV/TSV of records. Or a Keylabel JSONL export, to bring its answers back."
        }
        MediaKind::Audio => {
            "Segments: an RTTM file of speaker turns (a diarization or voice activity model's). New items: a folder of clips, a NeMo manifest or a Common Voice TSV. Or a Keylabel JSONL export."
        }
    }
}
