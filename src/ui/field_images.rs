//! Pictures a text record's fields name (a text-to-image comparison's two images, a chart
//! a question is about), shown where their paths would be: decoded on the loader's worker,
//! the next items' prefetched, and a click shows one larger (Esc or a click closes it).

use super::loader::{ImageLoader, Slot};
use super::work::Work;
use crate::core::Item;
use crate::io::pictures::picture_ref;
use egui::{RichText, Vec2};
use std::path::{Path, PathBuf};

/// A small picture is shown at most this many times its size (beyond, it is all blocks).
const MAX_UPSCALE: f32 = 4.0;

pub struct FieldImages {
    loader: ImageLoader,
    /// The item whose pictures (and its neighbours') were last asked for.
    asked_for: Option<i64>,
    /// The picture shown larger.
    zoom: Option<Zoom>,
}

/// A picture shown over the window: fitted to it, or at its own pixels to look for flaws
/// (a hand's fingers, a garbled word), dragged around.
#[derive(Clone)]
struct Zoom {
    key: i64,
    /// Its path as the record gives it.
    rel: String,
    actual: bool,
}

/// A picture's key in the loader: its file, so a picture many records name is decoded once.
pub(super) fn key(path: &Path) -> i64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    path.hash(&mut h);
    h.finish() as i64
}

/// The pictures an item's fields name, where they are on disk.
fn pictures(w: &Work, item: &Item) -> Vec<(i64, PathBuf)> {
    (item.data.values())
        .filter_map(picture_ref)
        .map(|rel| {
            let p = w.session.project.field_file(item, rel);
            (key(&p), p)
        })
        .collect()
}

/// Takes the finished decodes; on a new item asks for its pictures, then the next two
/// items' and the previous one's. A records task whose records name no picture never
/// starts the worker.
pub fn prefetch(w: &mut Work, ctx: &egui::Context) {
    if let Some(f) = w.field_images.as_mut() {
        f.loader.poll(ctx);
    }
    let Some(item) = w.session.item.as_ref() else {
        return;
    };
    let id = item.id;
    if w.field_images
        .as_ref()
        .is_some_and(|f| f.asked_for == Some(id))
    {
        return;
    }
    if w.field_images.is_none() && pictures(w, item).is_empty() {
        return;
    }
    let mut wanted: Vec<(i64, PathBuf)> = Vec::new();
    for it in w.neighbour_items() {
        for (k, p) in pictures(w, &it) {
            if !wanted.iter().any(|(x, _)| *x == k) {
                wanted.push((k, p));
            }
        }
    }
    let f = w.field_images.get_or_insert_with(|| FieldImages {
        loader: ImageLoader::new(ctx),
        asked_for: None,
        zoom: None,
    });
    f.asked_for = Some(id);
    f.zoom = None;
    f.loader.want(&wanted);
}

/// True when the item on screen names a picture (records are alike: so do the others).
pub fn names_pictures(w: &Work) -> bool {
    (w.session.item.as_ref()).is_some_and(|i| i.data.values().any(|v| picture_ref(v).is_some()))
}

/// True while a picture of the item is still being decoded.
pub fn loading(w: &Work, item: &Item) -> bool {
    let keys = pictures(w, item);
    match &w.field_images {
        None => !keys.is_empty(),
        Some(f) => keys
            .iter()
            .any(|(k, _)| matches!(f.loader.slot(*k), Some(Slot::Loading) | None)),
    }
}

/// Where a picture is shown: above the questions (a chart, the image a model's answers are
/// about), leaving room for what follows; or as one of the responses compared.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Body,
    Compared { chosen: bool },
}

/// A field that names a picture: its name, then the picture fitted to the width (and to
/// part of the view's height, by its place), its path under it. Returns false when the value
/// is not a picture's path, for the caller to show it as text.
pub fn block(
    ui: &mut egui::Ui,
    w: &mut Work,
    title: &str,
    item: &Item,
    value: &serde_json::Value,
    place: Place,
) -> bool {
    let Some(rel) = picture_ref(value) else {
        return false;
    };
    let path = w.session.project.field_file(item, rel);
    let k = key(&path);
    ui.label(RichText::new(title).small().weak());
    let share = match place {
        Place::Body => 0.55,
        Place::Compared { .. } => 0.75,
    };
    let max = Vec2::new(
        ui.available_width(),
        (ui.clip_rect().height() * share).max(120.0),
    );
    let slot = w.field_images.as_ref().and_then(|f| f.loader.slot(k));
    match slot {
        Some(Slot::Ready(t)) => {
            let size = t.size_vec2();
            let scale = (max.x / size.x).min(max.y / size.y).min(MAX_UPSCALE);
            let shown = egui::Image::new(t)
                .alt_text(format!("{title}: {rel}"))
                .fit_to_exact_size(size * scale)
                .sense(egui::Sense::click());
            let r = ui.add(shown).on_hover_text("click to see it larger");
            if place == (Place::Compared { chosen: true }) {
                // The preferred one stands out at a glance, as its title says.
                let stroke = egui::Stroke::new(3.0, ui.visuals().selection.bg_fill);
                (ui.painter()).rect_stroke(r.rect, 2.0, stroke, egui::StrokeKind::Inside);
            }
            if r.clicked()
                && let Some(f) = w.field_images.as_mut()
            {
                f.zoom = Some(Zoom {
                    key: k,
                    rel: rel.to_string(),
                    actual: false,
                });
            }
        }
        Some(Slot::Failed(e)) => {
            let e = e.clone();
            ui.label(
                RichText::new(format!("This picture cannot be shown: {e}"))
                    .color(ui.visuals().warn_fg_color),
            );
            super::relocate::offer_named(ui, w, item, rel);
        }
        _ => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(RichText::new("loading the picture…").weak());
            });
        }
    }
    ui.label(RichText::new(rel).small().weak())
        .on_hover_text(path.display().to_string());
    ui.add_space(6.0);
    true
}

/// The picture clicked, over the whole window: as large as it fits, or (a click) at its own
/// pixels in a view dragged around; Esc or a click outside closes it.
pub fn zoom(ctx: &egui::Context, w: &mut Work) {
    let Some(f) = w.field_images.as_mut() else {
        return;
    };
    let Some(z) = f.zoom.clone() else {
        return;
    };
    let Some(Slot::Ready(t)) = f.loader.slot(z.key) else {
        f.zoom = None;
        return;
    };
    let t = t.clone();
    let screen = ctx.content_rect().size() * 0.9 - Vec2::splat(40.0);
    let size = t.size_vec2();
    let fit = (screen.x / size.x).min(screen.y / size.y).min(MAX_UPSCALE);
    // Only a picture larger than the window has pixels a fit hides.
    let can_grow = fit < 1.0;
    let shown = egui::Modal::new(egui::Id::unique("picture zoom")).show(ctx, |ui| {
        let picture = |ui: &mut egui::Ui, scale: f32| {
            ui.add(
                egui::Image::new(&t)
                    .alt_text(format!("{} shown larger", z.rel))
                    .fit_to_exact_size(size * scale)
                    .sense(egui::Sense::click()),
            )
        };
        let r = if z.actual && can_grow {
            egui::ScrollArea::both()
                .max_width(screen.x)
                .max_height(screen.y)
                .show(ui, |ui| picture(ui, 1.0))
                .inner
        } else {
            picture(ui, fit)
        };
        let how = match (can_grow, z.actual) {
            (false, _) => "",
            (true, false) => " · a click shows its own pixels",
            (true, true) => " · its own pixels: drag to look around, a click fits it again",
        };
        ui.label(
            RichText::new(format!(
                "{} · {}×{}{how} · Esc closes",
                z.rel, size.x as u32, size.y as u32
            ))
            .small()
            .weak(),
        );
        r.clicked()
    });
    if shown.should_close() {
        f.zoom = None;
    } else if shown.inner
        && let Some(z) = f.zoom.as_mut()
    {
        z.actual = !z.actual;
    }
}

/// True while a picture is shown larger at its own pixels (not fitted to the window).
pub fn zoomed_actual(w: &Work) -> bool {
    (w.field_images.as_ref()).is_some_and(|f| f.zoom.as_ref().is_some_and(|z| z.actual))
}

/// The records moved with their pictures and point at the new place: the pictures that
/// failed are asked for again.
pub fn forget_failed(w: &mut Work) {
    if let Some(f) = w.field_images.as_mut() {
        f.loader.forget_failed();
        f.asked_for = None;
    }
}

/// How many pictures are decoded and kept (the current item's and the prefetched).
pub fn cached(w: &Work) -> usize {
    w.field_images.as_ref().map_or(0, |f| f.loader.cached())
}

/// True while a picture is shown larger (the work's keys wait).
pub fn zoomed(w: &Work) -> bool {
    w.field_images.as_ref().is_some_and(|f| f.zoom.is_some())
}
