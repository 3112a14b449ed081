//! The export question: which format, which items, a validation split for dataset folders,
//! and where to. The export itself then runs on a worker while the work goes on.

use super::work::Work;
use crate::core::{Answers, ItemFilter, Status};
use crate::project::ExportFormat;
use crate::project::Project;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};

/// The items an export can take, as the form offers them.
const WHICH: [(&str, ItemFilter); 4] = [
    ("submitted", ItemFilter::Status(Status::Submitted)),
    ("all", ItemFilter::All),
    ("flagged", ItemFilter::Flagged),
    ("with a note", ItemFilter::Noted),
];

/// What the form was set to when its export started, kept by the work for the next time
/// the form opens; with the reason when that export failed.
#[derive(Debug, Clone, Default)]
pub struct Kept {
    format: usize,
    which: usize,
    every_answer: bool,
    val: String,
    path: String,
    path_chosen: bool,
    pub failed: Option<String>,
}

/// The form, over the work it returns to.
pub struct ExportForm {
    pub work: Box<Work>,
    /// Index into the project's export choices.
    pub format: usize,
    /// Index into [`WHICH`].
    pub which: usize,
    /// JSONL, CSV: a row per annotator's answer.
    pub every_answer: bool,
    /// Percent held out for validation (dataset folders); "" for none.
    pub val: String,
    pub path: String,
    /// The path was typed or chosen: a change of format no longer renames it.
    path_chosen: bool,
    pub message: String,
    dialog: super::dialog::Dialog,
}

/// What the form asks of the app after a frame.
pub enum ExportOutcome {
    Stay,
    Cancel,
    Start(ExportJob),
}

/// An export to run.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportJob {
    pub format: ExportFormat,
    pub out: PathBuf,
    pub filter: ItemFilter,
    /// Percent held out for validation, for the dataset folders.
    pub val: Option<u8>,
    /// JSONL and CSV: every annotator's answer a row, or the newest per item.
    pub answers: Answers,
}

/// Where an export goes unless the user says otherwise: the project folder.
pub fn default_name(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Coco => "export.coco.json",
        ExportFormat::Jsonl => "export.jsonl",
        ExportFormat::Csv => "export.csv",
        ExportFormat::Nemo => "export.nemo.jsonl",
        ExportFormat::Rttm => "export.rttm",
        ExportFormat::Yolo => "export.yolo",
        ExportFormat::Voc => "export.voc",
        ExportFormat::Dota => "export.dota",
        ExportFormat::Labelme => "export.labelme",
        ExportFormat::ImageFolder => "export.imagefolder",
        ExportFormat::AudioFolder => "export.audiofolder",
        ExportFormat::Preference => "export.preference.jsonl",
        ExportFormat::PaddleOcr => "Label.txt",
        ExportFormat::Bio => "export.bio.jsonl",
        ExportFormat::Sft => "export.sft.jsonl",
    }
}

/// Formats that can give each annotator's answer a row.
fn per_answer(format: ExportFormat) -> bool {
    matches!(
        format,
        ExportFormat::Jsonl | ExportFormat::Csv | ExportFormat::Preference | ExportFormat::Sft
    )
}

fn splits(format: ExportFormat) -> bool {
    // A labelme folder is one folder of images, as labelme opens it.
    format.is_folder() && format != ExportFormat::Labelme
}

impl ExportForm {
    pub fn new(mut work: Box<Work>) -> ExportForm {
        // The form covers the item: its timer stops here (and `back` skips the gap).
        if let Err(e) = work.session.away() {
            work.message = format!("timing not saved: {e}");
        }
        let mut form = ExportForm {
            work,
            format: 0,
            which: 0,
            every_answer: false,
            val: String::new(),
            path: String::new(),
            path_chosen: false,
            message: String::new(),
            dialog: Default::default(),
        };
        form.path = form.default_path();
        if let Some(k) = form.work.export_kept.clone() {
            // The task config may have been read again since, with other formats.
            if k.format < form.choices().len() {
                form.format = k.format;
                form.path = k.path;
                form.path_chosen = k.path_chosen;
            }
            (form.which, form.every_answer, form.val) = (k.which, k.every_answer, k.val);
            if let Some(why) = k.failed {
                form.message = format!("The last export failed: {why}");
            }
        }
        form
    }

    /// What the form is set to, to open it so the next time.
    pub fn kept(&self) -> Kept {
        Kept {
            format: self.format,
            which: self.which,
            every_answer: self.every_answer,
            val: self.val.clone(),
            path: self.path.clone(),
            path_chosen: self.path_chosen,
            failed: None,
        }
    }

    fn choices(&self) -> Vec<(ExportFormat, &'static str)> {
        export_choices(&self.work)
    }

    fn chosen(&self) -> ExportFormat {
        self.choices()
            .get(self.format)
            .map_or(ExportFormat::Jsonl, |c| c.0)
    }

    fn default_path(&self) -> String {
        let dir = std::path::absolute(&self.work.session.project.dir)
            .unwrap_or_else(|_| self.work.session.project.dir.clone());
        dir.join(default_name(self.chosen())).display().to_string()
    }

    /// One frame of the form.
    pub fn ui(&mut self, ui: &mut egui::Ui) -> ExportOutcome {
        match self.dialog.answer() {
            Some(Ok(p)) => {
                self.path = p.display().to_string();
                self.path_chosen = true;
            }
            Some(Err(nothing)) => self.message = nothing.into(),
            None => {}
        }
        let (mut go, mut cancel) = ui.input(|i| {
            (
                i.key_pressed(egui::Key::Enter),
                i.key_pressed(egui::Key::Escape),
            )
        });
        let choices = self.choices();
        let project = self.work.session.project.dir.display().to_string();
        let before = self.format;
        egui::CentralPanel::default().show(ui, |ui| {
            super::app::column(ui, |ui| {
                ui.heading("Export");
                ui.label(format!("From {project}"));
                ui.add_space(8.0);
                ui.horizontal_wrapped(|ui| {
                    for (i, (_, name)) in choices.iter().enumerate() {
                        ui.radio_value(&mut self.format, i, *name);
                    }
                });
                let counts = &self.work.session.counts;
                ui.horizontal(|ui| {
                    ui.label("Items:");
                    for (i, (name, filter)) in WHICH.iter().enumerate() {
                        // How many each choice takes, where the status bar's counts tell.
                        let n = match filter {
                            ItemFilter::Status(s) => Some(counts.get(*s)),
                            ItemFilter::All => Some(counts.total()),
                            _ => None,
                        };
                        let text = match n {
                            Some(n) => format!("{name} ({})", crate::core::progress::grouped(n)),
                            None => name.to_string(),
                        };
                        ui.radio_value(&mut self.which, i, text);
                    }
                });
                if per_answer(self.chosen()) {
                    ui.checkbox(
                        &mut self.every_answer,
                        "Every annotator's answer, a row each (for adjudication)",
                    )
                    .on_hover_text("unticked: each item once, with its newest answer");
                }
                if splits(self.chosen()) {
                    ui.horizontal(|ui| {
                        ui.label("Hold out for validation:");
                        ui.add(
                            egui::TextEdit::singleline(&mut self.val)
                                .hint_text("0")
                                .desired_width(36.0),
                        );
                        ui.label("% of the images (the same ones every time)");
                    });
                }
                ui.horizontal(|ui| {
                    ui.label("To:");
                    let edit =
                        ui.add(egui::TextEdit::singleline(&mut self.path).desired_width(400.0));
                    if edit.changed() {
                        self.path_chosen = true;
                    }
                    if ui
                        .add_enabled(!self.dialog.is_open(), egui::Button::new("Choose…"))
                        .clicked()
                    {
                        self.ask(ui.ctx());
                    }
                });
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    go |= ui.button("Export (Enter)").clicked();
                    cancel |= ui.button("Cancel (Esc)").clicked();
                });
                if !self.message.is_empty() {
                    ui.colored_label(super::palette::caution(ui.visuals()), &self.message);
                }
            });
        });
        if self.format != before && !self.path_chosen {
            self.path = self.default_path();
        }
        if cancel {
            return ExportOutcome::Cancel;
        }
        if !go {
            return ExportOutcome::Stay;
        }
        match self.checked() {
            Ok(job) => ExportOutcome::Start(job),
            Err(m) => {
                self.message = m;
                ExportOutcome::Stay
            }
        }
    }

    /// The export asked for, or what is wrong with it.
    fn checked(&self) -> Result<ExportJob, String> {
        let format = self.chosen();
        let out = PathBuf::from(self.path.trim());
        if self.path.trim().is_empty() {
            return Err("Give the file or folder to export to.".into());
        }
        // Said here, on the form, rather than after the worker: the path is typed again.
        self.work
            .session
            .project
            .check_export(format, &out)
            .map_err(|e| e.to_string())?;
        let val = match self.val.trim() {
            "" => None,
            _ if !splits(format) => None,
            s => match s.trim_end_matches('%').parse::<u8>() {
                Ok(v) if v <= 100 => Some(v),
                _ => return Err(format!("{s}: give a percent from 0 to 100, or nothing")),
            },
        };
        Ok(ExportJob {
            format,
            out,
            filter: WHICH[self.which].1,
            val,
            answers: if self.every_answer && per_answer(format) {
                Answers::Every
            } else {
                Answers::Newest
            },
        })
    }

    /// A save dialog for folders too: a dataset goes into a new folder of that name.
    fn ask(&mut self, ctx: &egui::Context) {
        let start = std::path::absolute(&self.work.session.project.dir).ok();
        let name = default_name(self.chosen());
        self.dialog
            .open(ctx, "Export to", start, super::dialog::Pick::Save(name));
    }
}

/// The exports that make sense for a project's media and controls (and for records, the
/// pictures they name), as the Project menu offers them.
pub fn export_choices(w: &Work) -> Vec<(ExportFormat, &'static str)> {
    use crate::core::MediaKind;
    use crate::core::config::ControlKind;
    let config = &w.session.project.config;
    let has = |kind| config.controls.iter().any(|c| c.kind == kind);
    let mut v = Vec::new();
    match config.task.media {
        MediaKind::Image => {
            if has(ControlKind::Boxes) {
                v.push((ExportFormat::Coco, "COCO"));
                v.push((ExportFormat::Yolo, "YOLO dataset"));
                v.push((ExportFormat::Voc, "Pascal VOC dataset (LabelImg's XML)"));
                if config.box_rotated() {
                    v.push((ExportFormat::Dota, "DOTA dataset (turned boxes, MMRotate)"));
                }
                v.push((
                    ExportFormat::Labelme,
                    "labelme folder (a JSON beside each image)",
                ));
            }
            if config.box_text() {
                v.push((ExportFormat::PaddleOcr, "PaddleOCR labels"));
            }
            if has(ControlKind::Choice) {
                v.push((ExportFormat::ImageFolder, "image folders by label"));
            } else if config.box_polygons() {
                v.push((
                    ExportFormat::ImageFolder,
                    "images with class masks and metadata.jsonl (HF imagefolder, segmentation)",
                ));
            } else {
                v.push((
                    ExportFormat::ImageFolder,
                    "images with metadata.jsonl (HF imagefolder)",
                ));
            }
        }
        MediaKind::Audio => {
            v.push((ExportFormat::Nemo, "NeMo manifest"));
            if has(ControlKind::Segments) {
                v.push((
                    ExportFormat::Rttm,
                    "RTTM: who speaks when (pyannote, dscore)",
                ));
            }
            v.push((
                ExportFormat::AudioFolder,
                "clips with metadata.jsonl (HF audiofolder)",
            ));
        }
        MediaKind::Text => {
            if has(ControlKind::Spans) {
                v.push((
                    ExportFormat::Bio,
                    "tokens and BIO tags (token classification)",
                ));
            }
            if has(ControlKind::Text) {
                v.push((ExportFormat::Sft, "prompt and answer for SFT"));
            }
            if super::field_images::names_pictures(w) {
                v.push((
                    ExportFormat::ImageFolder,
                    "pictures with metadata.jsonl (HF imagefolder)",
                ));
            }
            if super::field_clips::names_clips(w) {
                v.push((
                    ExportFormat::AudioFolder,
                    "clips with metadata.jsonl (HF audiofolder)",
                ));
            }
        }
    }
    if has(ControlKind::Compare) {
        v.push((ExportFormat::Preference, "preference pairs for DPO"));
    }
    v.push((ExportFormat::Jsonl, "JSONL"));
    v.push((ExportFormat::Csv, "CSV"));
    v
}

/// Runs an export on a worker with its own connection; the message to show arrives on the
/// channel, and the window is woken to show it (an idle window draws no frames).
pub fn run(dir: PathBuf, job: ExportJob, ctx: egui::Context) -> Receiver<Result<String, String>> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let out = &job.out;
        let done = Project::open(&dir, None).and_then(|p| match (job.format, job.val) {
            (ExportFormat::Yolo, Some(v)) => p.export_yolo(out, job.filter, v),
            (ExportFormat::Voc, Some(v)) => p.export_voc(out, job.filter, v),
            (ExportFormat::Dota, Some(v)) => p.export_dota(out, job.filter, v),
            (ExportFormat::ImageFolder, Some(v)) => p.export_image_folder(out, job.filter, v),
            (ExportFormat::AudioFolder, Some(v)) => p.export_audio_folder(out, job.filter, v),
            (format, _) => p.export_answers(format, out, job.filter, job.answers),
        });
        let msg = match done {
            Ok(r) => Ok(format!("exported {r} to {}", out.display())),
            Err(e) => Err(e.to_string()),
        };
        let _ = tx.send(msg);
        ctx.request_repaint();
    });
    rx
}
