//! A project another window has open: said before anything is shown, with the way on
//! (switch to that window, try again once it is closed, or open here anyway).

use crate::project::ProjectError;
use std::path::PathBuf;

/// Why the opening worker gave no project.
#[derive(Debug)]
pub enum NotOpened {
    /// Another window holds the project's lock: the message says which process.
    Elsewhere(String),
    Failed(String),
}

impl From<ProjectError> for NotOpened {
    fn from(e: ProjectError) -> Self {
        match e {
            ProjectError::OpenElsewhere { .. } => NotOpened::Elsewhere(e.to_string()),
            e => NotOpened::Failed(e.to_string()),
        }
    }
}

/// The screen's question.
pub struct AlreadyOpen {
    pub path: PathBuf,
    pub said: String,
}

/// What the annotator chose.
pub enum Choice {
    Stay,
    TryAgain,
    Anyway,
    Back,
}

/// Said on the work when it was opened over another window's.
pub const OPENED_ANYWAY: &str = "opened while another window has this project open: an answer changed in both keeps the one saved last";

impl AlreadyOpen {
    pub fn ui(&self, ui: &mut egui::Ui) -> Choice {
        let mut choice = Choice::Stay;
        if ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            choice = Choice::TryAgain;
        }
        if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            choice = Choice::Back;
        }
        egui::CentralPanel::default().show(ui, |ui| {
            super::app::column(ui, |ui| {
                ui.heading("Already open in another window");
                ui.add_space(8.0);
                ui.colored_label(super::palette::caution(ui.visuals()), &self.said);
                ui.add_space(8.0);
                ui.label(
                    "Switch to that window to go on with the work there. Each window keeps its \
                     own view of the project — the item shown, its answer, the counts — so \
                     working in both at once would let one save over what the other just saved.",
                );
                ui.add_space(12.0);
                ui.horizontal(|ui| {
                    if ui.button("Try again (Enter)").clicked() {
                        choice = Choice::TryAgain;
                    }
                    if ui.button("Open here anyway").clicked() {
                        choice = Choice::Anyway;
                    }
                    if ui.button("Back (Esc)").clicked() {
                        choice = Choice::Back;
                    }
                });
            });
        });
        choice
    }
}
