//! The media folder moved (a part of the work unpacked somewhere else, a drive renamed): where
//! the item's image or clip would be, the app says its file is not there and asks for the
//! folder's new place, typed or with the folder dialog. Every item under that folder then
//! points there, changed on a worker, and the work goes on.

use super::dialog::{Dialog, Pick};
use super::work::Work;
use crate::core::Item;
use crate::project::Project;
use egui::RichText;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// The question and its answer in progress.
#[derive(Default)]
pub struct Relocate {
    /// The item asked about, and whether its file is missing (looked up once, not every
    /// frame: a stat of a lost network drive can take seconds).
    missing: Option<(i64, bool)>,
    pub path: String,
    pub message: String,
    dialog: Dialog,
    /// The worker moving the items: how many moved, or why not.
    running: Option<Receiver<Result<u64, String>>>,
    /// The frame it was last drawn in: asked once an item, however many of its files are gone.
    drawn: Option<u64>,
}

/// Under "This image cannot be shown": when the file is gone, the way to find it again.
pub fn offer(ui: &mut egui::Ui, w: &mut Work, item: &Item) {
    let (Some(root), Some(media)) = (item.root.clone(), item.media.clone()) else {
        return;
    };
    let Some(file) = w.session.project.media_path(item) else {
        return;
    };
    let why = "The file is not where it was. If its folder moved, give its new place: every item \
               in it follows.";
    ask(ui, w, item.id, (root, media), &file, why);
}

/// Under a record's picture or clip that cannot be shown or played: when it is gone because
/// the records moved with their files, the way to find them again — the records' folder's
/// new place.
pub fn offer_named(ui: &mut egui::Ui, w: &mut Work, item: &Item, rel: &str) {
    // Records imported before their folder was kept have no root to move.
    let Some(root) = item.root.clone() else {
        return;
    };
    let file = w.session.project.field_file(item, rel);
    let why = "The file is not where it was. If the records moved with the files they name, \
               give the new place of the records' folder: every record from it follows.";
    ask(ui, w, item.id, (root, rel.to_string()), &file, why);
}

/// The question: `root` (a folder the project keeps) moved? `media`, the file under it
/// that was looked for, tells a right answer.
fn ask(
    ui: &mut egui::Ui,
    w: &mut Work,
    id: i64,
    (root, media): (String, String),
    file: &std::path::Path,
    why: &str,
) {
    let pass = ui.ctx().cumulative_pass_nr();
    if w.relocate.drawn == Some(pass) {
        return;
    }
    let r = &mut w.relocate;
    if r.missing.is_none_or(|(at, _)| at != id) {
        let missing = !file.exists();
        *r = Relocate {
            missing: Some((id, missing)),
            // Where the folder was, to be edited into where it is.
            path: w
                .session
                .project
                .media_root_path(&root)
                .display()
                .to_string(),
            ..Default::default()
        };
    }
    if r.missing != Some((id, true)) {
        return;
    }
    r.drawn = Some(pass);
    if let Some(done) = poll(r) {
        finish(w, done);
        return;
    }
    let r = &mut w.relocate;
    match r.dialog.answer() {
        Some(Ok(p)) => r.path = p.display().to_string(),
        Some(Err(nothing)) => r.message = nothing.into(),
        None => {}
    }
    ui.add_space(12.0);
    ui.label(why);
    let mut go = false;
    ui.horizontal(|ui| {
        let edit = ui.add_enabled(
            r.running.is_none(),
            egui::TextEdit::singleline(&mut r.path)
                .desired_width(360.0)
                .hint_text("the folder's new place"),
        );
        go |= edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        go |= ui
            .add_enabled(r.running.is_none(), egui::Button::new("Use this folder"))
            .clicked();
        let free = r.running.is_none() && !r.dialog.is_open();
        if ui.add_enabled(free, egui::Button::new("Choose…")).clicked() {
            let start = PathBuf::from(r.path.trim());
            r.dialog.open(
                ui.ctx(),
                "The new place of the media folder",
                start.parent().map(PathBuf::from),
                Pick::Folder,
            );
        }
    });
    if r.running.is_some() {
        ui.label(RichText::new("pointing the items at the new folder…").weak());
    } else if !r.message.is_empty() {
        ui.colored_label(super::palette::caution(ui.visuals()), &r.message);
    }
    if go && r.running.is_none() {
        start(ui.ctx(), w, root, media);
    }
}

fn start(ctx: &egui::Context, w: &mut Work, root: String, media: String) {
    let folder = PathBuf::from(w.relocate.path.trim());
    let dir = w.session.project.dir.clone();
    let annotator = w.session.project.annotator.clone();
    let (tx, rx) = channel();
    let ctx = ctx.clone();
    // Its own connection: a million rows change in one transaction without the window
    // waiting; the session reads them once it is done.
    let spawned = std::thread::Builder::new()
        .name("relocate".into())
        .spawn(move || {
            let moved = Project::open(&dir, Some(annotator))
                .and_then(|mut p| p.move_media(&root, &media, &folder))
                .map_err(|e| e.to_string());
            let _ = tx.send(moved);
            ctx.request_repaint();
        });
    match spawned {
        Ok(_) => {
            w.relocate.running = Some(rx);
            w.relocate.message.clear();
        }
        Err(e) => w.relocate.message = format!("could not start: {e}"),
    }
}

fn poll(r: &mut Relocate) -> Option<Result<u64, String>> {
    let rx = r.running.as_ref()?;
    match rx.try_recv() {
        Ok(done) => {
            r.running = None;
            Some(done)
        }
        Err(TryRecvError::Empty) => None,
        Err(TryRecvError::Disconnected) => {
            r.running = None;
            Some(Err("the worker stopped before it was done".into()))
        }
    }
}

fn finish(w: &mut Work, done: Result<u64, String>) {
    match done {
        Ok(n) => {
            let folder = std::mem::take(&mut w.relocate.path);
            w.relocate = Relocate::default();
            w.media_moved();
            w.message = format!(
                "found again: {} now in {folder}",
                crate::core::progress::count(n, "item", "items")
            );
        }
        Err(e) => w.relocate.message = e,
    }
}
