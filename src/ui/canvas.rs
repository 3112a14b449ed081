//! The image canvas: the picture, its boxes, and the mouse: draw, select, move, resize,
//! zoom and pan. It returns [`Action`]s; the session applies and saves them.

mod handles;
mod others;
mod tag;
mod turning;

use super::brush::{self, Painting};
use super::keypoints::{self, Placing};
use super::polygon::{self, Click};
use crate::core::BoxAnn;
use crate::session::Action;
use egui::{Color32, CursorIcon, Pos2, Rect, Sense, Stroke, StrokeKind, Vec2, pos2, vec2};
use handles::{Edges, handle_at, handle_points, in_selected, on_turn_handle};
use others::draw_others;

/// A new box thinner than this on screen (points) was a slipped click: none is made.
const SLIP: f32 = 4.0;
/// Labels are drawn only on boxes at least this wide on screen, and only up to this many boxes.
const LABEL_MIN_W: f32 = 24.0;
const LABEL_MAX_BOXES: usize = 400;

/// View state of the canvas; kept by the app across frames, reset per item.
#[derive(Debug, Clone)]
pub struct CanvasState {
    /// 1 = the image fits the canvas.
    pub zoom: f32,
    pub pan: Vec2,
    /// W was pressed: the next drag draws even inside the selected box.
    pub draw_mode: bool,
    pub show_labels: bool,
    /// The boxes are not drawn (while H is held), to see the image under them.
    pub hide_boxes: bool,
    /// The mapping used in the last frame (tests and tools place the pointer with it).
    pub last_view: Option<View>,
    /// The part of the image in view in the last frame, in display pixels.
    pub last_visible: Option<Rect>,
    /// Where the canvas was on screen in the last frame.
    pub last_canvas: Option<Rect>,
    /// Where the pointer was over the image in the last frame.
    pub last_hover: Option<Pos2>,
    /// A gain on the image's colours as shown (B / Shift+B), 1 = as it is. Kept from item
    /// to item: a dark set stays readable.
    pub brightness: f32,
    /// An outline being placed point by point (the `draw_polygon` key), in image pixels:
    /// clicks add points, drags move the view.
    pub polygon: Option<Vec<Pos2>>,
    /// A turned box being drawn in three clicks (the `draw_turned` key), in image pixels:
    /// the ends of its first side, then how far across it reaches; drags move the view.
    pub turning: Option<Vec<Pos2>>,
    /// The selected box's keypoints being placed in order: clicks place them, drags move
    /// the view.
    pub placing: Option<Placing>,
    /// The object just made from its points, placed to the last: K with it selected begins
    /// the next one (its points are all placed or passed over).
    pub made: Option<usize>,
    /// The brush (outlines tasks), with its radius in screen points: drags paint into the
    /// selected object, Shift+drags out of it.
    pub brush: Option<f32>,
    /// The magic wand (outlines tasks), with its tolerance: a click fills the region of like
    /// colour; drags move the view.
    pub wand: Option<u8>,
    /// The region the wand would fill where the pointer rested last, as the worker outlined
    /// it; drawn while the pointer stays there.
    pub wand_preview: Option<crate::ui::detail::WandPreview>,
    /// Where the pointer came to rest over the image with the wand up (screen), and when.
    pub wand_rest: Option<(Pos2, f64)>,
    /// Brush strokes and wand clicks made, for the worker to work out, in turn.
    pub requests: std::collections::VecDeque<brush::Request>,
    /// Strokes sent and not answered yet: still drawn, so the paint does not blink away.
    pub waiting: Vec<(Painting, f32)>,
    drag: Option<Drag>,
}

/// The brightness steps B and Shift+B move through.
pub const BRIGHTNESS: [f32; 7] = [0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0];

impl Default for CanvasState {
    fn default() -> Self {
        CanvasState {
            zoom: 1.0,
            pan: Vec2::ZERO,
            draw_mode: false,
            show_labels: true,
            hide_boxes: false,
            last_view: None,
            last_visible: None,
            last_canvas: None,
            last_hover: None,
            brightness: 1.0,
            polygon: None,
            turning: None,
            placing: None,
            made: None,
            brush: None,
            wand: None,
            wand_preview: None,
            wand_rest: None,
            requests: Default::default(),
            waiting: Vec::new(),
            drag: None,
        }
    }
}

#[derive(Debug, Clone)]
enum Drag {
    Draw {
        start: Pos2,
    },
    /// A brush stroke.
    Brush(Painting),
    Move {
        idx: usize,
        orig: BoxAnn,
        start: Pos2,
    },
    Resize {
        idx: usize,
        orig: BoxAnn,
        edges: Edges,
    },
    /// The turning handle of the selected box (a task of turned boxes).
    Turn {
        idx: usize,
        orig: BoxAnn,
    },
    /// One of the selected box's keypoints.
    Keypoint {
        idx: usize,
        orig: BoxAnn,
        k: usize,
    },
    /// One point of the selected box's outline.
    Vertex {
        idx: usize,
        orig: BoxAnn,
        at: (usize, usize),
    },
    Pan {
        start_pan: Vec2,
        start: Pos2,
    },
}

/// The image at a gain: below 1 a grey tint; above, the image added on top of itself
/// again (additive blending), a draw per whole step: no pixel is touched, nothing waits.
fn paint_image(painter: &egui::Painter, tex: egui::TextureId, rect: Rect, gain: f32) {
    let uv = Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0));
    let grey = |g: f32| (g.clamp(0.0, 1.0) * 255.0).round() as u8;
    painter.image(tex, rect, uv, Color32::from_gray(grey(gain.min(1.0))));
    let mut extra = gain - 1.0;
    while extra > 0.0 {
        let g = grey(extra);
        painter.image(tex, rect, uv, Color32::from_rgb_additive(g, g, g));
        extra -= 1.0;
    }
}

/// Image ↔ screen mapping for one frame.
#[derive(Debug, Clone, Copy)]
pub struct View {
    pub origin: Pos2,
    pub scale: f32,
    pub size: Vec2,
}

impl View {
    pub fn new(canvas: Rect, image: Vec2, zoom: f32, pan: Vec2) -> View {
        let fit = (canvas.width() / image.x)
            .min(canvas.height() / image.y)
            .max(1e-6);
        let scale = fit * zoom;
        let origin = canvas.center() - image * scale / 2.0 + pan;
        View {
            origin,
            scale,
            size: image,
        }
    }
    pub fn to_screen(&self, p: Pos2) -> Pos2 {
        self.origin + p.to_vec2() * self.scale
    }
    pub fn to_image(&self, p: Pos2) -> Pos2 {
        ((p - self.origin) / self.scale).to_pos2()
    }
    pub fn box_rect(&self, b: &BoxAnn) -> Rect {
        Rect::from_min_max(
            self.to_screen(pos2(b.x, b.y)),
            self.to_screen(pos2(b.x + b.w, b.y + b.h)),
        )
    }
    pub fn image_rect(&self) -> Rect {
        Rect::from_min_size(self.origin, self.size * self.scale)
    }
}

#[cfg(test)]
impl View {
    /// The image at the canvas's origin, `scale` screen points to its pixel (tests).
    pub(crate) fn at_origin(scale: f32, size: Vec2) -> View {
        View {
            origin: Pos2::ZERO,
            scale,
            size,
        }
    }
}

/// What the canvas needs to draw one frame.
pub struct CanvasInput<'a> {
    pub texture: Option<&'a egui::TextureHandle>,
    /// A sharper cut of the part in view, and where it lies in display pixels.
    pub detail: Option<(&'a egui::TextureHandle, Rect)>,
    /// Displayed image size in pixels.
    pub image_size: Vec2,
    pub boxes: &'a [BoxAnn],
    pub selected: Option<usize>,
    pub color_of: &'a dyn Fn(&str) -> Color32,
    pub current_label: String,
    /// Other annotators' boxes on this image, drawn dashed under the answer shown (review:
    /// every answer at once).
    pub others: &'a [(String, Vec<BoxAnn>)],
    /// The task has boxes to draw. Without (image classification), a drag pans and nothing
    /// on the image can be drawn or picked: a stray drag must not become an answer.
    pub editable: bool,
    /// The task's keypoints (none on most tasks).
    pub keypoints: keypoints::Scheme<'a>,
    /// The task turns boxes: the selected one has a handle to turn it.
    pub rotated: bool,
}

impl CanvasState {
    /// A finished stroke (radius in image pixels) goes to the worker, and stays drawn till
    /// it is answered.
    fn stroke_done(&mut self, painting: Painting, radius_px: f32) {
        self.requests
            .push_back(brush::Request::Brush(brush::stroke_of(
                &painting, radius_px,
            )));
        self.waiting.push((painting, radius_px));
    }

    /// One brightness step up or down (see [`BRIGHTNESS`]); the new gain.
    pub fn step_brightness(&mut self, up: bool) -> f32 {
        let at = BRIGHTNESS
            .iter()
            .position(|b| *b >= self.brightness)
            .unwrap_or(BRIGHTNESS.len() - 1);
        let to = if up {
            (at + 1).min(BRIGHTNESS.len() - 1)
        } else {
            at.saturating_sub(1)
        };
        self.brightness = BRIGHTNESS[to];
        self.brightness
    }

    pub fn reset_view(&mut self) {
        self.zoom = 1.0;
        self.pan = Vec2::ZERO;
        self.drag = None;
    }

    pub fn zoom_by(&mut self, factor: f32) {
        self.zoom = (self.zoom * factor).clamp(0.1, 64.0);
    }

    /// The zoom keys: around the pointer when it is over the image, as the wheel does (point
    /// at an object, press plus, it stays under the pointer), else around the middle.
    pub fn zoom_key(&mut self, factor: f32) {
        let (Some(p), Some(view), Some(rect)) = (self.last_hover, self.last_view, self.last_canvas)
        else {
            return self.zoom_by(factor);
        };
        let img_pt = view.to_image(p);
        self.zoom_by(factor);
        let after = View::new(rect, view.size, self.zoom, self.pan);
        self.pan += p - after.to_screen(img_pt);
    }

    /// Moves the view over the image by these fractions of the canvas (the picture goes the
    /// other way); stops where the image's edge meets the canvas's.
    pub fn pan_by_screens(&mut self, dx: f32, dy: f32) {
        let (Some(view), Some(canvas)) = (self.last_view, self.last_canvas) else {
            return;
        };
        let size = view.size * view.scale;
        let limit = (size - canvas.size()).max(Vec2::ZERO) / 2.0;
        let pan = self.pan - vec2(dx * canvas.width(), dy * canvas.height());
        self.pan = pan.clamp(-limit, limit);
    }

    pub fn is_dragging(&self) -> bool {
        self.drag.is_some()
    }

    /// Draws the canvas in `ui`'s remaining space and returns the actions the mouse gave.
    pub fn show(&mut self, ui: &mut egui::Ui, input: &CanvasInput<'_>) -> Vec<Action> {
        let mut actions = Vec::new();
        let (rect, resp) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
        let painter = ui.painter_at(rect);
        painter.rect_filled(rect, 0.0, Color32::from_gray(24));
        if input.image_size.x <= 0.0 || input.image_size.y <= 0.0 {
            return actions;
        }

        // Zoom with the wheel around the pointer.
        if let Some(hover) = resp.hover_pos() {
            let scroll = ui.input(|i| i.smooth_scroll_delta.y);
            let pinch = ui.input(|i| i.zoom_delta());
            let factor = (scroll * 0.0015).exp() * pinch;
            if (factor - 1.0).abs() > 1e-4 {
                let before = View::new(rect, input.image_size, self.zoom, self.pan);
                let img_pt = before.to_image(hover);
                self.zoom_by(factor);
                let after = View::new(rect, input.image_size, self.zoom, self.pan);
                self.pan += hover - after.to_screen(img_pt);
            }
        }
        let view = View::new(rect, input.image_size, self.zoom, self.pan);
        self.last_view = Some(view);
        self.last_canvas = Some(rect);
        self.last_hover = resp.hover_pos().filter(|p| view.image_rect().contains(*p));
        let img_rect = view.image_rect();
        let shown = rect.intersect(img_rect);
        let whole = Rect::from_min_size(Pos2::ZERO, input.image_size);
        self.last_visible = (shown.is_positive()).then(|| {
            Rect::from_min_max(view.to_image(shown.min), view.to_image(shown.max)).intersect(whole)
        });
        match input.texture {
            Some(tex) => paint_image(&painter, tex.id(), img_rect, self.brightness),
            None => {
                painter.rect_filled(img_rect, 0.0, Color32::from_gray(40));
            }
        }
        if let Some((tex, region)) = input.detail {
            let on_screen =
                Rect::from_min_max(view.to_screen(region.min), view.to_screen(region.max));
            paint_image(&painter, tex.id(), on_screen, self.brightness);
        }
        if self.brightness != 1.0 {
            // Said on the canvas while it lasts: a gain kept from item to item is easy to forget.
            let galley = painter.layout_no_wrap(
                format!("brightness {}×", self.brightness),
                egui::FontId::proportional(13.0),
                Color32::from_gray(220),
            );
            let at = rect.left_top() + Vec2::new(8.0, 6.0);
            let back = Rect::from_min_size(at, galley.size()).expand(3.0);
            painter.rect_filled(back, 3.0, Color32::from_black_alpha(180));
            painter.galley(at, galley, Color32::from_gray(220));
        }

        let pointer = resp.hover_pos().or(resp.interact_pointer_pos());
        let clamp_img = |p: Pos2| {
            pos2(
                p.x.clamp(0.0, input.image_size.x),
                p.y.clamp(0.0, input.image_size.y),
            )
        };

        // Start of a drag: decided from where the button went down, not where the drag was
        // recognised (a fast drag would otherwise start late).
        if resp.drag_started() {
            let origin = ui
                .input(|i| i.pointer.press_origin())
                .or(pointer)
                .unwrap_or(rect.center());
            let pan = !input.editable
                || self.polygon.is_some()
                || self.turning.is_some()
                || self.placing.is_some()
                || self.wand.is_some()
                || ui.input(|i| i.pointer.middle_down() || i.key_down(egui::Key::Space));
            self.drag = Some(if pan {
                Drag::Pan {
                    start_pan: self.pan,
                    start: origin,
                }
            } else if self.brush.is_some() {
                Drag::Brush(Painting {
                    points: vec![clamp_img(view.to_image(origin))],
                    erase: ui.input(|i| i.modifiers.shift),
                })
            } else if self.draw_mode {
                Drag::Draw {
                    start: clamp_img(view.to_image(origin)),
                }
            } else if let Some((idx, k)) = keypoint_at(&view, input, origin) {
                Drag::Keypoint {
                    idx,
                    orig: input.boxes[idx].clone(),
                    k,
                }
            } else if let Some((idx, at)) = vertex_at(&view, input, origin) {
                Drag::Vertex {
                    idx,
                    orig: input.boxes[idx].clone(),
                    at,
                }
            } else if let Some((idx, (orig, at))) = input.selected.and_then(|i| {
                let b = input.boxes.get(i)?;
                polygon::split_edge(&view, b, origin).map(|split| (i, split))
            }) {
                // A drag from an outline's edge adds a point there and moves it.
                Drag::Vertex { idx, orig, at }
            } else if let Some(idx) = on_turn_handle(&view, input, origin) {
                Drag::Turn {
                    idx,
                    orig: input.boxes[idx].clone(),
                }
            } else if let Some((idx, edges)) = handle_at(&view, input, origin) {
                Drag::Resize {
                    idx,
                    orig: input.boxes[idx].clone(),
                    edges,
                }
            } else if let Some(idx) = in_selected(&view, input, origin) {
                // Only the selected box moves: a drag over another one draws, so an object
                // inside an object (a cup in a hand) is drawn, not its neighbour dragged away.
                Drag::Move {
                    idx,
                    orig: input.boxes[idx].clone(),
                    start: view.to_image(origin),
                }
            } else {
                Drag::Draw {
                    start: clamp_img(view.to_image(origin)),
                }
            });
        }

        // The box being edited, as it would be if the drag ended now.
        let mut preview: Option<(Option<usize>, BoxAnn)> = None;
        // The brush's radius in image pixels.
        let brush_px = self.brush.unwrap_or(brush::RADIUS) / view.scale.max(1e-6);
        if let (Some(Drag::Brush(stroke)), Some(p)) = (&mut self.drag, pointer) {
            stroke.extend(clamp_img(view.to_image(p)), brush_px);
        }
        if let (Some(drag), Some(p)) = (&self.drag, pointer) {
            let ip = view.to_image(p);
            match drag {
                Drag::Pan { start_pan, start } => self.pan = *start_pan + (p - *start),
                Drag::Draw { start } => {
                    let e = clamp_img(ip);
                    let b = BoxAnn::new(
                        input.current_label.clone(),
                        start.x.min(e.x),
                        start.y.min(e.y),
                        (e.x - start.x).abs(),
                        (e.y - start.y).abs(),
                    );
                    preview = Some((None, b));
                }
                Drag::Move { idx, orig, start } => {
                    // Stopped at the image's edges by what is seen of it (a turned box too).
                    let d = ip - *start;
                    let (bx, by, bw, bh) = orig.bounds();
                    let dx = d.x.clamp(-bx, (input.image_size.x - bw - bx).max(-bx));
                    let dy = d.y.clamp(-by, (input.image_size.y - bh - by).max(-by));
                    let b = orig.placed(orig.x + dx, orig.y + dy, orig.w, orig.h);
                    preview = Some((Some(*idx), b));
                }
                Drag::Turn { idx, orig } => {
                    let snap = ui.input(|i| i.modifiers.shift);
                    preview = Some((Some(*idx), handles::turned_toward(orig, ip, snap)));
                }
                Drag::Resize { idx, orig, edges } if orig.is_rotated() => {
                    let b = handles::resized(orig, *edges, ip);
                    preview = Some((Some(*idx), b));
                }
                Drag::Resize { idx, orig, edges } => {
                    let e = clamp_img(ip);
                    let (mut x0, mut y0, mut x1, mut y1) =
                        (orig.x, orig.y, orig.x + orig.w, orig.y + orig.h);
                    if edges.left {
                        x0 = e.x;
                    }
                    if edges.right {
                        x1 = e.x;
                    }
                    if edges.top {
                        y0 = e.y;
                    }
                    if edges.bottom {
                        y1 = e.y;
                    }
                    // A drag across the opposite edge mirrors an outline too.
                    let b = orig.placed(x0, y0, x1 - x0, y1 - y0);
                    let b = BoxAnn {
                        x: x0.min(x1),
                        y: y0.min(y1),
                        w: (x1 - x0).abs(),
                        h: (y1 - y0).abs(),
                        ..b
                    };
                    preview = Some((Some(*idx), b));
                }
                Drag::Vertex { idx, orig, at } => {
                    let b = polygon::moved_vertex(orig, *at, clamp_img(ip));
                    preview = Some((Some(*idx), b));
                }
                Drag::Keypoint { idx, orig, k } => {
                    let b = keypoints::moved(orig, input.keypoints, *k, clamp_img(ip));
                    preview = Some((Some(*idx), b));
                }
                Drag::Brush(_) => {}
            }
        }

        if resp.drag_stopped() {
            if let Some(Drag::Brush(stroke)) = &self.drag {
                self.stroke_done(stroke.clone(), brush_px);
            }
            match preview.take() {
                Some((Some(i), b)) => actions.push(Action::SetBox(i, b)),
                // A sliver a few points thin on screen is a click that slipped, not an
                // object: it would go into the export as a box nobody meant.
                Some((None, b)) if b.w * view.scale < SLIP || b.h * view.scale < SLIP => {
                    let at = pointer.unwrap_or(rect.center());
                    actions.push(Action::Select(box_at(&view, input.boxes, at)));
                }
                Some((None, b)) => actions.push(Action::AddBox(b)),
                None => {}
            }
            if matches!(self.drag, Some(Drag::Draw { .. })) {
                self.draw_mode = false;
            }
            self.drag = None;
        } else if self.brush.is_some() && input.editable {
            // A click: one dab; Ctrl+click picks the object to paint into (on nothing: the
            // next stroke makes a new one).
            if resp.clicked() && ui.input(|i| i.modifiers.command) {
                let at = pointer.unwrap_or(rect.center());
                actions.push(Action::Select(box_at(&view, input.boxes, at)));
            } else if resp.clicked() {
                let at = clamp_img(view.to_image(pointer.unwrap_or(rect.center())));
                let erase = ui.input(|i| i.modifiers.shift);
                let dab = Painting {
                    points: vec![at],
                    erase,
                };
                self.stroke_done(dab, brush_px);
            }
        } else if self.wand.is_some() && input.editable {
            let at = pointer.unwrap_or(rect.center());
            if resp.clicked() && ui.input(|i| i.modifiers.command) {
                actions.push(Action::Select(box_at(&view, input.boxes, at)));
            } else if resp.clicked() {
                let erase = ui.input(|i| i.modifiers.shift);
                let at = clamp_img(view.to_image(at));
                self.requests.push_back(brush::Request::Wand { at, erase });
            }
        } else if let Some(pl) = self.placing.filter(|_| input.editable) {
            let at = clamp_img(view.to_image(pointer.unwrap_or(rect.center())));
            let hidden = ui.input(|i| i.modifiers.shift);
            let existing = input.boxes.get(pl.object);
            if resp.clicked()
                && let Some(placed) = keypoints::placed_by(
                    pl,
                    existing,
                    &input.current_label,
                    input.keypoints,
                    (at, hidden),
                    input.image_size,
                )
            {
                actions.push(match existing {
                    Some(_) => Action::SetBox(pl.object, placed),
                    None => Action::AddBox(placed),
                });
                self.placing = (pl.next + 1 < input.keypoints.names.len()).then_some(Placing {
                    next: pl.next + 1,
                    ..pl
                });
            }
        } else if let Some(draft) = self.turning.as_mut().filter(|_| input.editable) {
            if resp.clicked() {
                let at = clamp_img(view.to_image(pointer.unwrap_or(rect.center())));
                let snap = ui.input(|i| i.modifiers.shift);
                if let Some(b) = turning::click(draft, &view, at, snap, &input.current_label) {
                    actions.push(Action::AddBox(b));
                    self.turning = None;
                }
            }
        } else if let Some(draft) = self.polygon.as_mut().filter(|_| input.editable) {
            if resp.double_clicked() {
                let done = polygon::close(std::mem::take(draft), &input.current_label);
                actions.extend(done.map(Action::AddBox));
                self.polygon = None;
            } else if resp.clicked() {
                let at = clamp_img(view.to_image(pointer.unwrap_or(rect.center())));
                if let Click::Closed(b) = polygon::click(draft, &view, at, &input.current_label) {
                    actions.push(Action::AddBox(b));
                    self.polygon = None;
                }
            }
        } else if resp.clicked() && input.editable {
            let at = pointer.unwrap_or(rect.center());
            // Shift+click on a point of the selected outline takes the point away; on a
            // keypoint, hides it, then takes it away.
            let shift = ui.input(|i| i.modifiers.shift);
            let cycled =
                (shift.then(|| keypoint_at(&view, input, at)).flatten()).and_then(|(i, k)| {
                    Some((i, keypoints::cycled(&input.boxes[i], input.keypoints, k)?))
                });
            let removed = cycled.or_else(|| {
                (shift.then(|| vertex_at(&view, input, at)).flatten())
                    .and_then(|(i, v)| Some((i, polygon::without_vertex(&input.boxes[i], v)?)))
            });
            match removed {
                Some((i, b)) => actions.push(Action::SetBox(i, b)),
                None => actions.push(Action::Select(box_at(&view, input.boxes, at))),
            }
        }

        if !self.hide_boxes {
            draw_others(&painter, &view, rect, input);
        }

        // Boxes.
        let many = input.boxes.len() > LABEL_MAX_BOXES;
        let boxes = if self.hide_boxes {
            &[][..]
        } else {
            input.boxes
        };
        for (i, b) in boxes.iter().enumerate() {
            let shown = match &preview {
                Some((Some(pi), pb)) if *pi == i => pb,
                _ => b,
            };
            let r = handles::seen_rect(&view, shown);
            if !r.intersects(rect) {
                continue;
            }
            let color = (input.color_of)(&shown.label);
            let sel = input.selected == Some(i);
            if shown.is_rotated() {
                handles::paint_turned(&painter, &view, shown, color, sel);
            } else if shown.polygons.is_empty() {
                painter.rect_stroke(
                    r,
                    0.0,
                    Stroke::new(if sel { 3.0 } else { 1.5 }, color),
                    StrokeKind::Middle,
                );
                if sel {
                    painter.rect_filled(r, 0.0, color.gamma_multiply(0.15));
                }
            } else {
                polygon::paint_outline(&painter, &view, shown, color, sel);
            }
            if !shown.keypoints.is_empty() && !input.keypoints.is_empty() {
                let hover = resp.hover_pos();
                keypoints::paint(&painter, &view, shown, input.keypoints, color, sel, hover);
            }
            if sel {
                for h in handle_points(&view, shown) {
                    painter.rect_filled(Rect::from_center_size(h, vec2(7.0, 7.0)), 1.0, color);
                }
            }
            if self.show_labels && !many && r.width() >= LABEL_MIN_W {
                tag::paint(&painter, rect, r, shown, color);
            }
        }
        // The turning handle over every tag: a tag must never hide it.
        if let Some(i) = input.selected.filter(|_| input.rotated && !self.hide_boxes) {
            let shown = match &preview {
                Some((Some(pi), pb)) if *pi == i => Some(pb),
                _ => input.boxes.get(i),
            };
            if let Some(b) = shown {
                handles::paint_turn_handle(&painter, &view, b, (input.color_of)(&b.label));
            }
        }
        if let Some((None, b)) = &preview {
            let color = (input.color_of)(&b.label);
            painter.rect_stroke(
                view.box_rect(b),
                0.0,
                Stroke::new(2.0, color),
                StrokeKind::Middle,
            );
        }

        if let Some(draft) = &self.polygon {
            let color = (input.color_of)(&input.current_label);
            polygon::paint_draft(&painter, &view, draft, resp.hover_pos(), color);
        }
        if let Some(draft) = &self.turning {
            let color = (input.color_of)(&input.current_label);
            let hover = resp.hover_pos().map(|p| clamp_img(view.to_image(p)));
            let snap = ui.input(|i| i.modifiers.shift);
            turning::paint(&painter, &view, draft, (hover, snap), color);
        }

        let label = (input.selected.and_then(|i| input.boxes.get(i)))
            .map_or(&input.current_label, |b| &b.label);
        for (stroke, r) in &self.waiting {
            brush::paint_stroke(&painter, &view, stroke, *r, (input.color_of)(label));
        }
        if let Some(Drag::Brush(stroke)) = &self.drag {
            brush::paint_stroke(&painter, &view, stroke, brush_px, (input.color_of)(label));
        }

        if let Some(pl) = self.placing {
            let label = (input.boxes.get(pl.object)).map_or(&input.current_label, |b| &b.label);
            let color = (input.color_of)(label);
            keypoints::paint_next(
                &painter,
                resp.hover_pos(),
                &input.keypoints.called(pl.next),
                color,
            );
        }

        // Crosshair guides while aiming or drawing a box (or an outline, or keypoints).
        let aiming = self.draw_mode
            || self.polygon.is_some()
            || self.turning.is_some()
            || self.placing.is_some()
            || self.wand.is_some()
            || matches!(self.drag, Some(Drag::Draw { .. }));
        let hover = resp
            .hover_pos()
            .filter(|p| input.editable && img_rect.contains(*p));
        if let (Some(p), Some(preview), Some(_)) = (hover, &self.wand_preview, self.wand) {
            let color = (input.color_of)(label);
            brush::paint_wand_preview(&painter, &view, preview, p, color);
        }
        if let (Some(p), Some(r)) = (hover, self.brush) {
            brush::paint_cursor(&painter, p, r, ui.input(|i| i.modifiers.shift));
            ui.set_cursor_icon(CursorIcon::None);
        } else if let Some(p) = hover {
            let on_point = keypoint_at(&view, input, p).is_some()
                || vertex_at(&view, input, p).is_some()
                || on_turn_handle(&view, input, p).is_some();
            if aiming
                || self.drag.is_none()
                    && !on_point
                    && in_selected(&view, input, p).is_none()
                    && handle_at(&view, input, p).is_none()
            {
                let guide = Stroke::new(1.0, Color32::from_white_alpha(110));
                painter.line_segment(
                    [pos2(img_rect.left(), p.y), pos2(img_rect.right(), p.y)],
                    guide,
                );
                painter.line_segment(
                    [pos2(p.x, img_rect.top()), pos2(p.x, img_rect.bottom())],
                    guide,
                );
                ui.set_cursor_icon(CursorIcon::Crosshair);
            } else if on_point {
                ui.set_cursor_icon(CursorIcon::Grab);
            } else if let Some((i, e)) = handle_at(&view, input, p) {
                let turned = input.boxes.get(i).map_or(0.0, |b| b.rotation);
                ui.set_cursor_icon(handles::resize_cursor(e, turned));
            } else {
                ui.set_cursor_icon(CursorIcon::Move);
            }
        }
        actions
    }
}

/// The smallest object under `p` (so a box inside another can be picked); an outlined
/// one only inside its outline.
fn box_at(view: &View, boxes: &[BoxAnn], p: Pos2) -> Option<usize> {
    let ip = view.to_image(p);
    boxes
        .iter()
        .enumerate()
        .filter(|(_, b)| polygon::contains(b, ip))
        .min_by(|(_, a), (_, b)| a.area().total_cmp(&b.area()))
        .map(|(i, _)| i)
}

/// A keypoint of the selected box under `p`: the box and the keypoint.
fn keypoint_at(view: &View, input: &CanvasInput<'_>, p: Pos2) -> Option<(usize, usize)> {
    let idx = input.selected?;
    keypoints::point_at(view, input.boxes.get(idx)?, p).map(|k| (idx, k))
}

/// A vertex of the selected box's outline under `p`: the box and the vertex.
fn vertex_at(view: &View, input: &CanvasInput<'_>, p: Pos2) -> Option<(usize, (usize, usize))> {
    let idx = input.selected?;
    polygon::vertex_at(view, input.boxes.get(idx)?, p).map(|at| (idx, at))
}
