//! Files dragged onto the window, as on any desktop: dropped on the start screen, a project,
//! media folder or records file opens (as if typed); dropped on the work, it becomes the
//! Import form's source.

use std::path::PathBuf;

/// What was dropped in this frame: the first path, and how many came.
pub fn dropped(ctx: &egui::Context) -> Option<(PathBuf, usize)> {
    ctx.input(|i| {
        let files = &i.raw.dropped_files;
        files.first().map(|f| (f.path().to_path_buf(), files.len()))
    })
}

/// Says over the whole window what a drop would do, while files are dragged over it.
pub fn hint_while_hovering(ctx: &egui::Context, what: &str) {
    if ctx.input(|i| i.raw.hovered_files.is_empty()) {
        return;
    }
    let layer = egui::LayerId::new(egui::Order::Foreground, egui::Id::unique("drop hint"));
    let painter = ctx.layer_painter(layer);
    let screen = ctx.content_rect();
    painter.rect_filled(screen, 0.0, egui::Color32::from_black_alpha(170));
    painter.text(
        screen.center(),
        egui::Align2::CENTER_CENTER,
        what,
        egui::FontId::proportional(22.0),
        egui::Color32::WHITE,
    );
}

/// Said when more than one file was dropped: one source is taken.
pub fn one_at_a_time(count: usize) -> Option<String> {
    (count > 1).then(|| {
        format!(
            "{count} files dropped: one source at a time, the first taken (for images, drop their folder)"
        )
    })
}
