//! The image of the item on the canvas: its boxes (outlines, keypoints) drawn and edited,
//! the sharper cut of the part in view asked for, the canvas's actions applied.

use super::Work;
use crate::core::BoxAnn;
use crate::core::Item;
use crate::core::brush::Brushed;
use crate::session::Action;
use crate::ui::canvas::CanvasInput;
use crate::ui::detail::{DetailLoader, WandDone, WandJob};
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
        self.wand_work(ui.ctx(), item, size, &boxes);
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
    /// A wand click made on the canvas goes to the worker holding the image's pixels; a click
    /// it has done becomes the change to the object, if that object is still as it was.
    fn wand_work(&mut self, ctx: &egui::Context, item: &Item, size: Vec2, boxes: &[BoxAnn]) {
        if let (Some((at, erase)), Some(path)) = (
            self.canvas.wand_click.take(),
            self.session.project.media_path(item),
        ) {
            let target = (self.session.selected).and_then(|i| Some((i, boxes.get(i)?.clone())));
            let job = WandJob {
                item: item.id,
                path,
                at: [at.x, at.y],
                tolerance: self.canvas.wand.unwrap_or(crate::core::wand::TOLERANCE),
                erase,
                target,
                label: (self.session)
                    .label_name(self.session.current_label)
                    .unwrap_or_default(),
                image: [size.x, size.y],
            };
            (self.detail.get_or_insert_with(|| DetailLoader::new(ctx))).wand(job);
        }
        while let Some(WandDone { job, result }) = self.detail.as_mut().and_then(|d| d.wand_done())
        {
            // Another item, or the object changed meanwhile: the click is stale.
            let now = job.target.as_ref().map(|(i, _)| (*i, boxes.get(*i)));
            if job.item != item.id
                || now.is_some_and(|(_, b)| b != job.target.as_ref().map(|t| &t.1))
            {
                continue;
            }
            let action = match (result, &job.target) {
                (Err(e), _) => {
                    self.message = format!("the wand cannot read the image: {e}");
                    continue;
                }
                (Ok(Brushed::Shape(b)), Some((i, _))) => Action::SetBox(*i, b),
                (Ok(Brushed::Shape(b)), None) => Action::AddBox(b),
                (Ok(Brushed::Gone), Some((i, _))) => {
                    // Taken out to nothing: that object goes, whichever is selected now.
                    self.act(Action::Select(Some(*i)));
                    Action::DeleteSelected
                }
                _ => {
                    self.message = "the wand's region changes nothing here".into();
                    continue;
                }
            };
            self.act(action);
        }
    }
}
