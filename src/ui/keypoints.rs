//! Keypoints (pose): the task's named points placed on an object in order, drawn with their
//! skeleton and edited on the canvas. They belong to a box, so labels, attributes, moves,
//! copies and undo work on them as on any box.

use super::canvas::View;
use crate::core::BoxAnn;
use egui::{Color32, Pos2, Stroke, pos2, vec2};

/// A keypoint is picked this near (screen points).
const PICK: f32 = 7.0;
/// Visible (v = 2) and hidden (v = 1), as COCO numbers them.
pub const VISIBLE: f32 = 2.0;
pub const HIDDEN: f32 = 1.0;

/// Placing the keypoints of one box, point after point (the `place_keypoints` key, or a box
/// just drawn on a keypoints task).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placing {
    /// The box, by its index in the answer.
    pub object: usize,
    /// The keypoint the next click places.
    pub next: usize,
    /// The box is made from the points (K with no box selected): the first click adds it,
    /// each point placed or taken back fits it again. `object` is then the index it gets.
    pub fit: bool,
}

impl Placing {
    /// Placing the points of box `object` as drawn.
    pub fn on(object: usize, next: usize) -> Self {
        Placing {
            object,
            next,
            fit: false,
        }
    }
}

/// What the task's keypoints are: their names and the skeleton's lines.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scheme<'a> {
    pub names: &'a [String],
    pub skeleton: &'a [(usize, usize)],
    /// Which points are on the object's left (see [`left_sides`]); none: all drawn alike.
    pub left: &'a [bool],
}

/// Which keypoints are on the object's left, by their names ("left_eye"): worked out once
/// per frame, not per point drawn.
pub fn left_sides(names: &[String]) -> Vec<bool> {
    (names.iter())
        .map(|n| n.to_lowercase().contains("left"))
        .collect()
}

impl Scheme<'_> {
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// "left_eye (2 of 17)".
    pub fn called(&self, k: usize) -> String {
        let name = self.names.get(k).map_or("?", String::as_str);
        format!("{name} ({} of {})", k + 1, self.names.len())
    }
}

/// A click at `at` (image pixels) while placing: the point placed, visible or (Shift) hidden.
pub fn place(b: &BoxAnn, scheme: Scheme<'_>, k: usize, at: Pos2, hidden: bool) -> BoxAnn {
    let v = if hidden { HIDDEN } else { VISIBLE };
    b.with_keypoint(k, scheme.names.len(), [at.x, at.y, v])
}

/// A point placed while `pl` goes on: `b` (None: the object made from its points is not
/// there yet, and is begun as a `label`) with the point, its box fitted when `pl.fit`.
pub fn placed_by(
    pl: Placing,
    b: Option<&BoxAnn>,
    label: &str,
    scheme: Scheme<'_>,
    (at, hidden): (Pos2, bool),
    image: egui::Vec2,
) -> Option<BoxAnn> {
    let fresh;
    let b = match b {
        Some(b) => b,
        None if pl.fit => {
            fresh = BoxAnn::new(label, at.x, at.y, 0.0, 0.0);
            &fresh
        }
        None => return None,
    };
    let mut out = place(b, scheme, pl.next, at, hidden);
    if pl.fit {
        out.fit_to_keypoints(image.x, image.y);
    }
    Some(out)
}

/// Shift+click on a placed point: visible becomes hidden, hidden is taken away.
pub fn cycled(b: &BoxAnn, scheme: Scheme<'_>, k: usize) -> Option<BoxAnn> {
    let [x, y, v] = *b.keypoints.get(k)?;
    let v = if v >= VISIBLE { HIDDEN } else { 0.0 };
    Some(b.with_keypoint(k, scheme.names.len(), [x, y, v]))
}

/// `orig` with placed point `k` dragged to `to`, its visibility kept.
pub fn moved(orig: &BoxAnn, scheme: Scheme<'_>, k: usize, to: Pos2) -> BoxAnn {
    let v = orig.keypoints.get(k).map_or(VISIBLE, |p| p[2]);
    orig.with_keypoint(k, scheme.names.len(), [to.x, to.y, v.max(HIDDEN)])
}

/// The placed keypoint of `b` under `p` (screen), the nearest.
pub fn point_at(view: &View, b: &BoxAnn, p: Pos2) -> Option<usize> {
    let mut best: Option<(usize, f32)> = None;
    for (k, &[x, y, v]) in b.keypoints.iter().enumerate() {
        let d = (view.to_screen(pos2(x, y)) - p).length();
        if v > 0.0 && d <= PICK && best.is_none_or(|(_, bd)| d < bd) {
            best = Some((k, d));
        }
    }
    best.map(|(k, _)| k)
}

/// Where placed keypoint `k` of `b` is on screen; None when it is not placed.
fn on_screen(view: &View, b: &BoxAnn, k: usize) -> Option<Pos2> {
    let &[x, y, v] = b.keypoints.get(k)?;
    (v > 0.0).then(|| view.to_screen(pos2(x, y)))
}

/// A box's keypoints: the skeleton's lines between placed points, each point a dot (a ring
/// when hidden), larger on the selected box, with the name of the one under the pointer.
pub fn paint(
    painter: &egui::Painter,
    view: &View,
    b: &BoxAnn,
    scheme: Scheme<'_>,
    color: Color32,
    sel: bool,
    hover: Option<Pos2>,
) {
    let at = |k: usize| on_screen(view, b, k);
    // The object's left side lighter: a left and right swapped shows at a glance.
    let light = color.lerp_to_gamma(Color32::WHITE, 0.55);
    let side = |k: usize| match scheme.left.get(k) {
        Some(true) => light,
        _ => color,
    };
    let width = if sel { 2.0 } else { 1.5 };
    for &(a, c) in scheme.skeleton {
        if let (Some(pa), Some(pc)) = (at(a), at(c)) {
            let tint = if side(a) == light && side(c) == light {
                light
            } else {
                color
            };
            painter.line_segment([pa, pc], Stroke::new(width, tint.gamma_multiply(0.9)));
        }
    }
    let r = if sel { 4.5 } else { 3.0 };
    let mut mesh = egui::Mesh::default();
    let unit: [egui::Vec2; RIM] = std::array::from_fn(|i| {
        let a = i as f32 / RIM as f32 * std::f32::consts::TAU;
        vec2(a.cos(), a.sin())
    });
    for (k, p) in b.keypoints.iter().enumerate() {
        let Some(s) = at(k) else { continue };
        if p[2] >= VISIBLE {
            dot(&mut mesh, &unit, s, r, [side(k), Color32::BLACK]);
        } else {
            dot(
                &mut mesh,
                &unit,
                s,
                r,
                [Color32::from_black_alpha(140), side(k)],
            );
        }
    }
    painter.add(mesh);
    if sel && let Some(k) = hover.and_then(|h| point_at(view, b, h)) {
        let name = scheme.names.get(k).map_or("", String::as_str);
        let hidden = if b.keypoints[k][2] >= VISIBLE {
            ""
        } else {
            " (hidden)"
        };
        tag(
            painter,
            at(k).unwrap_or_default(),
            &format!("{name}{hidden}"),
            color,
        );
    }
}

/// Another annotator's keypoints (review): rings and a dashed skeleton, under the answer
/// shown, so where two people put a wrist apart is seen without switching.
pub fn paint_other(
    painter: &egui::Painter,
    view: &View,
    b: &BoxAnn,
    scheme: Scheme<'_>,
    color: Color32,
) {
    let at = |k: usize| on_screen(view, b, k);
    for &(a, c) in scheme.skeleton {
        if let (Some(pa), Some(pc)) = (at(a), at(c)) {
            painter.extend(egui::Shape::dashed_line(
                &[pa, pc],
                Stroke::new(1.2, color),
                4.0,
                3.0,
            ));
        }
    }
    for k in 0..b.keypoints.len() {
        if let Some(s) = at(k) {
            painter.circle_stroke(s, 3.0, Stroke::new(1.2, color));
        }
    }
}

/// Points around a dot's rim: enough to look round at the sizes drawn.
const RIM: usize = 8;

/// A dot filled with `fill` inside a 1.2-point `rim`, its edge softened by hand: egui's
/// circles cost 5 µs each to tessellate, and a crowd of poses is thousands of dots a frame
/// (500 people of 17 points: 45 ms a frame with circles).
fn dot(
    mesh: &mut egui::Mesh,
    unit: &[egui::Vec2; RIM],
    at: Pos2,
    r: f32,
    [fill, rim]: [Color32; 2],
) {
    let base = mesh.vertices.len() as u32;
    mesh.colored_vertex(at, fill);
    // Rings: fill at r, rim at r, rim at r + 1.2, clear at r + 2 (the soft edge).
    for (radius, color) in [
        (r, fill),
        (r, rim),
        (r + 1.2, rim),
        (r + 2.0, Color32::TRANSPARENT),
    ] {
        for u in unit {
            mesh.colored_vertex(at + radius * *u, color);
        }
    }
    let at_ring = |ring: u32, i: usize| base + 1 + ring * RIM as u32 + (i % RIM) as u32;
    for i in 0..RIM {
        mesh.add_triangle(base, at_ring(0, i), at_ring(0, i + 1));
        for (inner, outer) in [(1, 2), (2, 3)] {
            let (a, b) = (at_ring(inner, i), at_ring(inner, i + 1));
            let (c, d) = (at_ring(outer, i), at_ring(outer, i + 1));
            mesh.add_triangle(a, b, c);
            mesh.add_triangle(b, d, c);
        }
    }
}

/// While placing: the next point's name beside the pointer, so the order is never guessed.
pub fn paint_next(painter: &egui::Painter, hover: Option<Pos2>, what: &str, color: Color32) {
    if let Some(h) = hover {
        tag(painter, h, what, color);
    }
}

fn tag(painter: &egui::Painter, at: Pos2, text: &str, color: Color32) {
    let galley = painter.layout_no_wrap(
        text.to_string(),
        egui::FontId::proportional(12.0),
        Color32::BLACK,
    );
    let min = at + vec2(10.0, -galley.size().y - 8.0);
    let bg = egui::Rect::from_min_size(min, galley.size() + vec2(6.0, 2.0));
    painter.rect_filled(bg, 2.0, color);
    painter.galley(bg.min + vec2(3.0, 1.0), galley, Color32::BLACK);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scheme_of(names: &[String]) -> Scheme<'_> {
        Scheme {
            names,
            skeleton: &[],
            left: &[],
        }
    }

    #[test]
    fn points_are_placed_cycled_away_and_dragged_keeping_their_visibility() {
        let names: Vec<String> = ["nose", "left_eye", "right_eye"].map(String::from).into();
        let s = scheme_of(&names);
        let b = BoxAnn::new("person", 0.0, 0.0, 100.0, 100.0);
        let b = place(&b, s, 1, pos2(30.0, 20.0), true);
        assert_eq!(b.keypoints, [[0.0; 3], [30.0, 20.0, HIDDEN], [0.0; 3]]);
        let b = place(&b, s, 0, pos2(50.0, 40.0), false);
        let view = View::new(
            egui::Rect::from_min_size(Pos2::ZERO, vec2(100.0, 100.0)),
            vec2(100.0, 100.0),
            1.0,
            egui::Vec2::ZERO,
        );
        assert_eq!(point_at(&view, &b, pos2(52.0, 41.0)), Some(0));
        assert_eq!(
            point_at(&view, &b, pos2(0.0, 0.0)),
            None,
            "an unplaced point is not there"
        );
        let dragged = moved(&b, s, 1, pos2(35.0, 25.0));
        assert_eq!(dragged.keypoints[1], [35.0, 25.0, HIDDEN]);
        let once = cycled(&b, s, 0).unwrap();
        assert_eq!(once.keypoints[0], [50.0, 40.0, HIDDEN]);
        let twice = cycled(&once, s, 0).unwrap();
        assert_eq!(twice.keypoints[0], [0.0; 3]);
        assert_eq!(s.called(1), "left_eye (2 of 3)");
    }
}
