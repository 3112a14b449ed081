//! The image of the item on the canvas: its boxes (outlines, keypoints) drawn and edited,
//! the sharper cut of the part in view asked for, the canvas's actions applied.

use super::Work;
use crate::core::Item;
use crate::core::brush::Brushed;
use crate::core::brush::brushed;
use crate::session::Action;
use crate::ui::brush::Request;
use crate::ui::canvas::CanvasInput;
use crate::ui::detail::{DetailLoader, ShapeDone, ShapeJob, Tool, WandPreview};
use crate::ui::keymap::Command;
use crate::ui::loader::Slot;
use egui::{Color32, Vec2};

impl Work {
    pub(super) fn image_view(&mut self, ui: &mut egui::Ui, item: &Item) {
        let slot = self.loader.as_ref().and_then(|l| l.slot(item.id));
        if let Some(Slot::Failed(err)) = slot {
            let err = err.clone();
            let path = self
                .session
                .project
                .media_path(item)
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            ui.vertical_centered(|ui| {
                ui.add_space(80.0);
                ui.heading("This image cannot be shown");
                ui.label(format!("{path}\n{err}"));
                ui.add_space(8.0);
                ui.label(format!(
                    "{} skips it, {} flags it for review. Everything else keeps working.",
                    self.keymap.keys_of(Command::Skip),
                    self.keymap.keys_of(Command::Flag)
                ));
                crate::ui::relocate::offer(ui, self, item);
            });
            return;
        }
        let texture = match slot {
            Some(Slot::Ready(t)) => Some(t.clone()),
            _ => None,
        };
        let size = Vec2::new(
            item.width.unwrap_or(1) as f32,
            item.height.unwrap_or(1) as f32,
        );
        let current_label = self
            .session
            .label_name(self.session.current_label)
            .unwrap_or_default();
        let color_of = self.color_fn();
        let boxes = self.session.annotation.boxes.clone();
        let config = &self.session.project.config;
        let (names, skeleton) = (config.box_keypoints().to_vec(), config.box_skeleton());
        let left = crate::ui::keypoints::left_sides(&names);
        // Placing belongs to the box it began on: another selected (Tab, undo) ends it. A box
        // made from its points has none before its first point.
        let unmade = |p: &crate::ui::keypoints::Placing| {
            p.fit && p.object == boxes.len() && self.session.selected.is_none()
        };
        if (self.canvas.placing)
            .is_some_and(|p| self.session.selected != Some(p.object) && !unmade(&p))
        {
            self.canvas.placing = None;
        }
        let others = crate::ui::answers_view::other_boxes(self);
        let detail = self.detail.as_ref().and_then(|d| d.for_item(item.id));
        let input = CanvasInput {
            texture: texture.as_ref(),
            detail: detail.map(|d| (&d.texture, d.region)),
            image_size: size,
            boxes: &boxes,
            selected: self.session.selected,
            color_of: &color_of,
            current_label,
            others: &others,
            editable: self.session.has_boxes(),
            keypoints: crate::ui::keypoints::Scheme {
                names: &names,
                skeleton: &skeleton,
                left: &left,
            },
            rotated: self.session.project.config.box_rotated(),
        };
        // Placing before this frame's clicks: the last point placed ends it, said below.
        let placing = self.canvas.placing;
        let actions = self.canvas.show(ui, &input);
        if let (Some(tex), Some(visible), Some(view)) =
            (&texture, self.canvas.last_visible, self.canvas.last_view)
        {
            let density = tex.size()[0] as f32 / size.x.max(1.0);
            let path = self.session.project.media_path(item);
            let ctx = ui.ctx().clone();
            self.detail
                .get_or_insert_with(|| crate::ui::detail::DetailLoader::new(&ctx))
                .update(&ctx, item.id, path, visible, view.scale, density);
        }
        self.shape_work(ui.ctx(), item, size);
        self.wand_preview_work(ui.ctx(), item);
        if texture.is_none() {
            ui.painter().text(
                ui.max_rect().center(),
                egui::Align2::CENTER_CENTER,
                "loading…",
                egui::FontId::proportional(16.0),
                Color32::GRAY,
            );
        }
        for a in actions {
            let drawn = matches!(a, crate::session::Action::AddBox(_));
            self.act(a);
            // A box just drawn on a keypoints task goes on to its points: the clicks that
            // follow place them in order (Esc leaves them for later).
            if drawn
                && !names.is_empty()
                && self.session.just_drawn
                && self.canvas.placing.is_none()
            {
                self.start_placing();
            }
        }
        if let (Some(pl), None) = (placing, self.canvas.placing) {
            self.placing_done(pl.fit);
        }
    }
}

impl Work {
    /// Brush strokes and wand clicks made on the canvas go to the worker one at a time (each
    /// on the object as the one before left it); one it has done becomes the change to the
    /// object, if that object is still as it was.
    fn shape_work(&mut self, ctx: &egui::Context, item: &Item, size: Vec2) {
        while let Some(done) = self.detail.as_mut().and_then(DetailLoader::shape_done) {
            let this_item = done.job.item == item.id;
            if this_item
                && matches!(done.job.tool, Tool::Brush(_))
                && !self.canvas.waiting.is_empty()
            {
                self.canvas.waiting.remove(0);
            }
            self.shape_done(item, done);
        }
        let pending = self.detail.as_ref().is_some_and(|d| d.shapes_pending > 0);
        if pending {
            return;
        }
        let Some(request) = self.canvas.requests.pop_front() else {
            return;
        };
        let boxes = &self.session.annotation.boxes;
        let target = (self.session.selected).and_then(|i| Some((i, boxes.get(i)?.clone())));
        let tool = match request {
            Request::Brush(stroke) => Tool::Brush(stroke),
            Request::Wand { at, erase } => {
                let Some(path) = self.session.project.media_path(item) else {
                    return;
                };
                Tool::Wand {
                    path,
                    at: [at.x, at.y],
                    tolerance: self.canvas.wand.unwrap_or(crate::core::wand::TOLERANCE),
                    erase,
                }
            }
        };
        let job = ShapeJob {
            item: item.id,
            tool,
            target,
            label: (self.session)
                .label_name(self.session.current_label)
                .unwrap_or_default(),
            image: [size.x, size.y],
        };
        let detail = self.detail.get_or_insert_with(|| DetailLoader::new(ctx));
        if !detail.shape(job.clone()) {
            // No worker: a stroke is worked out here rather than lost.
            if let Tool::Brush(stroke) = &job.tool {
                let target = job.target.as_ref().map(|t| &t.1);
                let result = Ok(brushed(target, &job.label, stroke, job.image));
                self.canvas.waiting.clear();
                self.shape_done(item, ShapeDone { job, result });
            }
        }
    }

    /// With the wand up, the pointer resting over the image (REST seconds, not dragging)
    /// asks the worker for the region a click there would fill; its outline comes back to
    /// be drawn. One asked at a time, none while a click's fill waits.
    fn wand_preview_work(&mut self, ctx: &egui::Context, item: &Item) {
        /// How long the pointer rests before the region is worked out: moving across the
        /// image costs nothing.
        const REST: f64 = 0.15;
        if let Some(done) = self.detail.as_mut().and_then(DetailLoader::preview_done) {
            self.canvas.wand_preview = Some(done).filter(|p| p.item == item.id);
        }
        // The wand up on this item: its image is decoded now, before the first rest or click
        // needs it.
        if self.canvas.wand.is_some()
            && let Some(path) = self.session.project.media_path(item)
            && let Some(d) = self.detail.as_mut()
        {
            d.hold(item.id, path);
        }
        let (Some(tolerance), Some(hover), Some(view)) = (
            self.canvas.wand,
            self.canvas.last_hover,
            self.canvas.last_view,
        ) else {
            self.canvas.wand_rest = None;
            return;
        };
        let now = ctx.input(|i| i.time);
        let rest = match self.canvas.wand_rest {
            Some((at, since)) if at.distance(hover) <= 2.0 => since,
            _ => {
                self.canvas.wand_rest = Some((hover, now));
                now
            }
        };
        if now - rest < REST {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(REST));
            return;
        }
        let at = view.to_image(hover);
        let at = [at.x.floor(), at.y.floor()];
        let asked = |p: &WandPreview| p.item == item.id && p.at == at && p.tolerance == tolerance;
        let busy = self
            .detail
            .as_ref()
            .is_none_or(|d| d.preview_pending || d.shapes_pending > 0);
        if busy || self.canvas.is_dragging() || self.canvas.wand_preview.as_ref().is_some_and(asked)
        {
            return;
        }
        let Some(path) = self.session.project.media_path(item) else {
            return;
        };
        let job = WandPreview {
            item: item.id,
            path,
            at,
            tolerance,
            parts: Vec::new(),
        };
        if let Some(d) = self.detail.as_mut() {
            d.preview(job);
        }
    }

    fn shape_done(&mut self, item: &Item, ShapeDone { job, result }: ShapeDone) {
        let boxes = &self.session.annotation.boxes;
        // Another item, or the object changed meanwhile: the change is stale.
        let now = job.target.as_ref().map(|(i, _)| boxes.get(*i));
        if job.item != item.id || now.is_some_and(|b| b != job.target.as_ref().map(|t| &t.1)) {
            return;
        }
        let action = match (result, &job.target) {
            (Err(e), _) => {
                self.message = format!("the wand cannot read the image: {e}");
                return;
            }
            (Ok(Brushed::Shape(b)), Some((i, _))) => Action::SetBox(*i, b),
            (Ok(Brushed::Shape(b)), None) => Action::AddBox(b),
            (Ok(Brushed::Gone), Some((i, _))) => {
                // Taken out to nothing: that object goes, whichever is selected now.
                self.act(Action::Select(Some(*i)));
                Action::DeleteSelected
            }
            _ => {
                if matches!(job.tool, Tool::Wand { .. }) {
                    self.message = "the wand's region changes nothing here".into();
                }
                return;
            }
        };
        self.act(action);
        if let Tool::Wand { erase, .. } = job.tool {
            let into = match &job.target {
                Some((_, b)) if erase => format!("taken out of the {}", b.label),
                Some((_, b)) => format!("filled into the {}", b.label),
                None => format!("filled as a new {}", job.label),
            };
            self.message = format!(
                "wand: the region {into} (Ctrl+Z takes it back; Shift+click takes a region out)"
            );
        }
    }
}
