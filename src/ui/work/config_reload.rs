//! The task config edited while the project is open (a lead adding a label, a key, a
//! sentence of guidelines): read again when the window comes back into focus, or from the
//! Project menu, and taken without reopening, so the item, its timer and the session's
//! counts go on.

use super::{Work, keymap_of, label_colors};
use crate::core::progress::count;

impl Work {
    /// Reads `keylabel.toml` again when it changed since it was read (or always, when
    /// `forced`); a config that does not parse leaves the one in use, and says why.
    pub fn reload_config(&mut self, forced: bool, ctx: &egui::Context) {
        let stamp = self.session.project.config_stamp();
        if !forced && stamp == self.config_stamp {
            return;
        }
        self.config_stamp = stamp;
        let path = self.session.project.config_path();
        let config = match self.session.project.read_config_again() {
            Ok(c) => c,
            Err(e) => {
                self.message = format!("{e}; going on with the config as it was");
                return;
            }
        };
        if let Err(e) = self.session.set_config(config) {
            self.message = format!("{}: {e}", path.display());
            return;
        }
        let project = &self.session.project;
        self.label_colors = label_colors(&project.config);
        let keys = keymap_of(project);
        let labels = project.config.labels.len();
        let questions = project.config.controls.len();
        self.label_find = None;
        if self
            .label_filter
            .is_some_and(|i| i >= project.config.labels.len())
        {
            self.label_filter = None;
        }
        // Text laid out with the old fields, rows summed up with the old questions.
        self.galleys.clear();
        self.rows.clear();
        self.answers_here = None;
        if self.stats.is_some() {
            // The Statistics window counts by question: counted again with the new ones.
            self.stats = Some(crate::ui::stats_view::StatsView::start(
                &project.dir,
                project.config.clone(),
                ctx,
            ));
        }
        self.message = match keys {
            Ok(k) => {
                self.keymap = k;
                format!(
                    "{} read again: {}, {}",
                    path.display(),
                    count(labels as u64, "label", "labels"),
                    count(questions as u64, "question", "questions")
                )
            }
            // Keys that clash keep the ones in use, not the defaults: the annotator's hands
            // already know them.
            Err(e) => e.replace("using the default keys", "keeping the keys in use"),
        };
    }
}
