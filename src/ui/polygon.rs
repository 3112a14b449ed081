//! Outlines: an object outlined point by point (polygons, for segmentation), drawn and
//! edited on the canvas. The box of an outlined object is its outline's bounds, so picking,
//! moving, resizing, labels and attributes work on it as on any box.

use super::canvas::View;
use crate::core::BoxAnn;
use egui::{Color32, Pos2, Rect, Shape, Stroke, StrokeKind, pos2, vec2};

/// A click this near the first point (screen points) closes the outline.
pub const CLOSE: f32 = 8.0;
/// A vertex is picked this near (screen points).
const VERTEX: f32 = 7.0;

/// What a click does while outlining.
pub enum Click {
    /// A new point.
    Point,
    /// The outline closed: the box to add.
    Closed(BoxAnn),
}

/// A click at `at` (image pixels, inside the image) while outlining: the first point again
/// closes it (3 points at least), anything else is the next point.
pub fn click(draft: &mut Vec<Pos2>, view: &View, at: Pos2, label: &str) -> Click {
    let near_first = draft
        .first()
        .is_some_and(|f| (view.to_screen(*f) - view.to_screen(at)).length() <= CLOSE);
    if near_first
        && draft.len() >= 3
        && let Some(b) = close(std::mem::take(draft), label)
    {
        return Click::Closed(b);
    }
    // The same spot twice (a double click's first half) is one point.
    if draft.last() != Some(&at) {
        draft.push(at);
    }
    Click::Point
}

/// The outline as a box, when it has 3 points or more.
pub fn close(draft: Vec<Pos2>, label: &str) -> Option<BoxAnn> {
    (draft.len() >= 3).then(|| BoxAnn::outlined(label, draft.iter().map(|p| [p.x, p.y]).collect()))
}

/// The points placed so far, a line on to the pointer, and the first point ringed (filled
/// when a click there would close the outline).
pub fn paint_draft(
    painter: &egui::Painter,
    view: &View,
    draft: &[Pos2],
    hover: Option<Pos2>,
    color: Color32,
) {
    let pts: Vec<Pos2> = draft.iter().map(|p| view.to_screen(*p)).collect();
    let stroke = Stroke::new(2.0, color);
    if pts.len() > 1 {
        painter.add(Shape::line(pts.clone(), stroke));
    }
    if let (Some(last), Some(h)) = (pts.last(), hover) {
        painter.line_segment([*last, h], Stroke::new(1.0, color.gamma_multiply(0.8)));
    }
    for p in &pts {
        painter.circle_filled(*p, 3.0, color);
    }
    if let Some(first) = pts.first() {
        let closes = pts.len() >= 3 && hover.is_some_and(|h| (h - *first).length() <= CLOSE);
        if closes {
            painter.circle_filled(*first, CLOSE, color.gamma_multiply(0.6));
        }
        painter.circle_stroke(*first, CLOSE * 0.7, Stroke::new(1.5, Color32::WHITE));
    }
}

/// An outlined box: each part closed, thicker when selected; selected, its vertices (drag
/// one to move it) and its bounds, faint (their handles resize the whole outline).
pub fn paint_outline(painter: &egui::Painter, view: &View, b: &BoxAnn, color: Color32, sel: bool) {
    let stroke = Stroke::new(if sel { 3.0 } else { 1.5 }, color);
    for ring in &b.polygons {
        let pts: Vec<Pos2> = ring
            .iter()
            .map(|&[x, y]| view.to_screen(pos2(x, y)))
            .collect();
        painter.add(Shape::closed_line(pts.clone(), stroke));
        if sel {
            // A traced or painted outline has a corner every pixel or two: a handle on each
            // would hide the line, so one where they stand apart on screen (zoom in: all).
            let mut last: Option<Pos2> = None;
            for p in pts {
                if last.is_some_and(|l| (l - p).length() < HANDLE_APART) {
                    continue;
                }
                last = Some(p);
                let r = Rect::from_center_size(p, vec2(7.0, 7.0));
                painter.rect_filled(r, 1.0, Color32::WHITE);
                painter.rect_stroke(r, 1.0, Stroke::new(1.5, color), StrokeKind::Inside);
            }
        }
    }
    if sel {
        painter.rect_stroke(
            view.box_rect(b),
            0.0,
            Stroke::new(1.0, color.gamma_multiply(0.5)),
            StrokeKind::Middle,
        );
    }
}

/// Handles of a selected outline are drawn this far apart at least (screen points).
const HANDLE_APART: f32 = 9.0;

/// The vertex of `b`'s outline under `p` (screen): its part and its index.
pub fn vertex_at(view: &View, b: &BoxAnn, p: Pos2) -> Option<(usize, usize)> {
    let mut best: Option<((usize, usize), f32)> = None;
    for (r, ring) in b.polygons.iter().enumerate() {
        for (i, &[x, y]) in ring.iter().enumerate() {
            let d = (view.to_screen(pos2(x, y)) - p).length();
            if d <= VERTEX && best.is_none_or(|(_, bd)| d < bd) {
                best = Some(((r, i), d));
            }
        }
    }
    best.map(|(at, _)| at)
}

/// `orig` with one vertex at `to` (image pixels); the box follows the outline.
pub fn moved_vertex(orig: &BoxAnn, (ring, i): (usize, usize), to: Pos2) -> BoxAnn {
    let mut b = orig.clone();
    if let Some(v) = b.polygons.get_mut(ring).and_then(|r| r.get_mut(i)) {
        *v = [to.x, to.y];
    }
    b.fit_to_polygons();
    b
}

/// A point on an edge of `b`'s outline near `p` (screen): `orig` with a new point there,
/// and where it is (part, index) — a drag from an edge adds a point and moves it.
pub fn split_edge(view: &View, b: &BoxAnn, p: Pos2) -> Option<(BoxAnn, (usize, usize))> {
    let mut best: Option<((usize, usize), Pos2, f32)> = None;
    for (r, ring) in b.polygons.iter().enumerate() {
        let n = ring.len();
        for i in 0..n {
            let a = view.to_screen(pos2(ring[i][0], ring[i][1]));
            let c = view.to_screen(pos2(ring[(i + 1) % n][0], ring[(i + 1) % n][1]));
            let ac = c - a;
            let t = ((p - a).dot(ac) / ac.length_sq().max(1e-6)).clamp(0.0, 1.0);
            let on = a + ac * t;
            let d = (p - on).length();
            if d <= VERTEX && best.is_none_or(|(_, _, bd)| d < bd) {
                best = Some(((r, i + 1), on, d));
            }
        }
    }
    let ((r, i), on, _) = best?;
    let at = view.to_image(on);
    let mut out = b.clone();
    out.polygons[r].insert(i, [at.x, at.y]);
    Some((out, (r, i)))
}

/// `b` without one point of its outline; `None` when its part would be left with fewer
/// than 3.
pub fn without_vertex(b: &BoxAnn, (ring, i): (usize, usize)) -> Option<BoxAnn> {
    let mut out = b.clone();
    let part = out.polygons.get_mut(ring)?;
    if part.len() <= 3 || i >= part.len() {
        return None;
    }
    part.remove(i);
    out.fit_to_polygons();
    Some(out)
}

/// Whether `p` (image pixels) is on the object: inside its outline, or its box.
pub fn contains(b: &BoxAnn, p: Pos2) -> bool {
    b.contains(p.x, p.y)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view() -> View {
        // 100×100 image shown at scale 1 in a 100×100 canvas at the origin.
        View::new(
            Rect::from_min_size(Pos2::ZERO, vec2(100.0, 100.0)),
            vec2(100.0, 100.0),
            1.0,
            egui::Vec2::ZERO,
        )
    }

    #[test]
    fn clicks_place_points_and_the_first_one_again_closes_the_outline() {
        let v = view();
        let mut d = Vec::new();
        for p in [pos2(10.0, 10.0), pos2(60.0, 10.0), pos2(60.0, 10.0)] {
            assert!(matches!(click(&mut d, &v, p, "cat"), Click::Point));
        }
        // Two points (the third was the same spot) and the first again: too few to close.
        assert!(matches!(
            click(&mut d, &v, pos2(12.0, 11.0), "cat"),
            Click::Point
        ));
        assert_eq!(d.len(), 3);
        d.pop();
        assert!(matches!(
            click(&mut d, &v, pos2(30.0, 50.0), "cat"),
            Click::Point
        ));
        let Click::Closed(b) = click(&mut d, &v, pos2(13.0, 12.0), "cat") else {
            panic!("a click on the first point closes a 3-point outline");
        };
        assert!(d.is_empty());
        assert_eq!(b.label, "cat");
        assert_eq!(b.polygons[0].len(), 3);
        assert_eq!((b.x, b.y, b.w, b.h), (10.0, 10.0, 50.0, 40.0));
    }

    #[test]
    fn a_vertex_is_picked_moved_and_the_box_follows() {
        let v = view();
        let b = BoxAnn::outlined("cat", vec![[10.0, 10.0], [60.0, 10.0], [30.0, 50.0]]);
        assert_eq!(vertex_at(&v, &b, pos2(59.0, 12.0)), Some((0, 1)));
        assert_eq!(vertex_at(&v, &b, pos2(40.0, 30.0)), None);
        let m = moved_vertex(&b, (0, 1), pos2(90.0, 5.0));
        assert_eq!((m.x, m.y, m.w, m.h), (10.0, 5.0, 80.0, 45.0));
    }

    #[test]
    fn an_edge_takes_a_new_point_and_a_point_can_go_down_to_three() {
        let v = view();
        let b = BoxAnn::outlined("cat", vec![[10.0, 10.0], [60.0, 10.0], [30.0, 50.0]]);
        let (with, at) = split_edge(&v, &b, pos2(35.0, 12.0)).unwrap();
        assert_eq!(at, (0, 1));
        assert_eq!(with.polygons[0][1], [35.0, 10.0]);
        assert!(
            split_edge(&v, &b, pos2(35.0, 25.0)).is_none(),
            "inside, off the edges"
        );
        let back = without_vertex(&with, at).unwrap();
        assert_eq!(back.polygons, b.polygons);
        assert!(
            without_vertex(&b, (0, 0)).is_none(),
            "a triangle keeps its 3 points"
        );
    }

    #[test]
    fn a_point_is_on_an_outlined_object_only_inside_its_outline() {
        // A triangle: its box's top-right corner is outside it.
        let b = BoxAnn::outlined("cat", vec![[0.0, 0.0], [40.0, 40.0], [0.0, 40.0]]);
        assert!(contains(&b, pos2(5.0, 30.0)));
        assert!(!contains(&b, pos2(35.0, 5.0)));
        assert!(contains(
            &BoxAnn::new("x", 0.0, 0.0, 40.0, 40.0),
            pos2(35.0, 5.0)
        ));
    }
}
