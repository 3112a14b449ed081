//! The menu bar (Project, View, Shortcuts) and the exports it starts.

use super::export_form::export_choices;
use super::work::Work;
use crate::core::ItemFilter;
use crate::project::ExportFormat;

impl Work {
    pub(super) fn menu_bar(&mut self, ui: &mut egui::Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("Project", |ui| {
                if ui.button("Open another project or folder…").clicked() {
                    self.wants_start_screen = true;
                    ui.close();
                }
                let media = self.session.project.config.task.media;
                if ui.button(super::import::menu_label(media)).clicked() {
                    self.wants_import = true;
                    ui.close();
                }
                if ui.button("Statistics…").clicked() {
                    let project = &self.session.project;
                    self.stats = Some(super::stats_view::StatsView::start(
                        &project.dir,
                        project.config.clone(),
                        ui.ctx(),
                    ));
                    ui.close();
                }
                if ui
                    .button("Read keylabel.toml again")
                    .on_hover_text(
                        "Takes the task config as edited now: labels, keys, questions, \
                         guidelines. Done by itself too when the window comes back into focus.",
                    )
                    .clicked()
                {
                    self.reload_config(true, ui.ctx());
                    ui.close();
                }
                ui.separator();
                if ui.button("Export…").clicked() {
                    self.wants_export = true;
                    ui.close();
                }
                for (format, what) in export_choices(self) {
                    if ui
                        .button(format!("Export {what} (submitted) to the project folder"))
                        .clicked()
                    {
                        self.start_export(format, ui.ctx());
                        ui.close();
                    }
                }
                ui.separator();
                if ui.button("Quit (Ctrl+Q)").clicked() {
                    self.wants_quit = true;
                    ui.close();
                }
            });
            ui.menu_button("View", |ui| {
                // The image's rows only where there is an image (and boxes on it).
                if self.session.has_boxes() {
                    if ui
                        .checkbox(&mut self.canvas.show_labels, "Box labels")
                        .clicked()
                    {
                        ui.close();
                    }
                    if ui
                        .checkbox(&mut self.show_other_boxes, "Other answers' boxes (C)")
                        .clicked()
                    {
                        ui.close();
                    }
                }
                if self.is_audio() {
                    let ctx = ui.ctx().clone();
                    let mut on = super::view_prefs::spectrogram(&ctx);
                    if ui
                        .checkbox(&mut on, "Spectrogram under the waveform")
                        .on_hover_text("where speech starts and stops, its hiss and its silences")
                        .clicked()
                    {
                        super::view_prefs::set_spectrogram(&ctx, on);
                        ui.close();
                    }
                    ui.separator();
                }
                if self.session.project.config.task.media == crate::core::MediaKind::Image {
                    if ui.button("Fit image").clicked() {
                        self.canvas.reset_view();
                        ui.close();
                    }
                    ui.separator();
                }
                super::view_prefs::menu_rows(ui);
            });
            if ui.button("Shortcuts (F1)").clicked() {
                self.show_help = !self.show_help;
            }
            if self.session.project.config.has_guidelines() && ui.button("Guidelines (G)").clicked()
            {
                self.show_guidelines = !self.show_guidelines;
            }
            ui.separator();
            let (name, dir) = (
                &self.session.project.config.task.name,
                self.session.project.dir.display(),
            );
            ui.label(if name.trim().is_empty() {
                dir.to_string()
            } else {
                format!("{name} — {dir}")
            });
        });
    }

    /// Exports the submitted items to the project folder (the Project menu's quick entries).
    fn start_export(&mut self, format: ExportFormat, ctx: &egui::Context) {
        let out = self
            .session
            .project
            .dir
            .join(super::export_form::default_name(format));
        self.start_export_job(
            super::export_form::ExportJob {
                format,
                out,
                filter: ItemFilter::Status(crate::core::Status::Submitted),
                val: None,
                answers: crate::core::Answers::Newest,
            },
            None,
            ctx,
        );
    }

    /// Exports on a worker with its own connection: the annotator keeps working meanwhile.
    /// `kept`: the export form's settings, when the job comes from it.
    pub fn start_export_job(
        &mut self,
        job: super::export_form::ExportJob,
        kept: Option<super::export_form::Kept>,
        ctx: &egui::Context,
    ) {
        let dir = self.session.project.dir.clone();
        self.export_from_form = kept.is_some();
        if kept.is_some() {
            self.export_kept = kept;
        }
        self.export = Some(super::export_form::run(dir, job, ctx.clone()));
        self.message = "exporting…".into();
    }

    /// Says how an export ended; a failed one is kept for the form, to be tried again
    /// as it was set.
    pub(super) fn export_ended(&mut self, done: Result<String, String>) {
        let from_form = std::mem::take(&mut self.export_from_form);
        if from_form && let Some(kept) = &mut self.export_kept {
            kept.failed = done.as_ref().err().cloned();
        }
        self.message = match done {
            Ok(m) => m,
            Err(e) if from_form => {
                format!("export failed: {e} · Project ▸ Export… to try again as it was set")
            }
            Err(e) => format!("export failed: {e}"),
        };
    }

    /// True while an export runs.
    pub fn exporting(&self) -> bool {
        self.export.is_some()
    }
}
