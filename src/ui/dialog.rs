//! Native file dialogs, asked on a worker (they block the thread that shows them) and polled
//! each frame. Where the system has no dialog (no portal, no zenity) the answer is "nothing
//! chosen", and the typed path is the way.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};

/// What the dialog asks for.
#[derive(Debug, Clone, Copy)]
pub enum Pick {
    Folder,
    File,
    /// A new file or folder of this name, where the user says.
    Save(&'static str),
}

/// Said when a dialog answers with nothing.
pub const NOTHING_CHOSEN: &str =
    "Nothing chosen. If no dialog appeared, this system has none: type the path above.";

/// A dialog being shown, or none.
#[derive(Default)]
pub struct Dialog(Option<Receiver<Option<PathBuf>>>);

impl Dialog {
    /// Shows a dialog (starting in `start`), unless one is up already.
    pub fn open(&mut self, ctx: &egui::Context, title: &str, start: Option<PathBuf>, pick: Pick) {
        if self.is_open() {
            return;
        }
        let (tx, rx) = channel();
        let (ctx, title) = (ctx.clone(), title.to_string());
        std::thread::spawn(move || {
            let mut dialog = rfd::FileDialog::new().set_title(title);
            if let Some(dir) = start {
                dialog = dialog.set_directory(dir);
            }
            let picked = match pick {
                Pick::Folder => dialog.pick_folder(),
                Pick::File => dialog.pick_file(),
                Pick::Save(name) => dialog.set_file_name(name).save_file(),
            };
            let _ = tx.send(picked);
            ctx.request_repaint();
        });
        self.0 = Some(rx);
    }

    pub fn is_open(&self) -> bool {
        self.0.is_some()
    }

    /// The answer, once there is one: the path, or [`NOTHING_CHOSEN`] to show.
    pub fn answer(&mut self) -> Option<Result<PathBuf, &'static str>> {
        let picked = self.0.as_ref()?.try_recv().ok()?;
        self.0 = None;
        Some(picked.ok_or(NOTHING_CHOSEN))
    }
}
