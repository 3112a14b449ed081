//! The selected box's handles: eight to resize it along its sides (turned with a turned
//! box, so its far side stays put), and on a task of turned boxes a round one standing
//! out above its top side to turn it.

use super::{CanvasInput, View};
use crate::core::BoxAnn;
use crate::core::rotation::normalized;
use egui::{Color32, CursorIcon, Painter, Pos2, Rect, Stroke, Vec2, pos2, vec2};

/// Handle hit radius, in screen points.
pub(super) const HANDLE: f32 = 6.0;
/// How far the turning handle stands out above the box's top side, in screen points.
const TURN_OUT: f32 = 24.0;
/// The turning handle's radius, in screen points.
const TURN_RADIUS: f32 = 5.0;
/// Shift while turning snaps the angle to steps of this many degrees.
const SNAP_DEG: f32 = 15.0;

/// Which edges a resize handle moves.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Edges {
    pub left: bool,
    pub right: bool,
    pub top: bool,
    pub bottom: bool,
}

/// `p` on screen turned back about the box's centre: where it lies against the box as it
/// stands upright (the view scales both axes alike, so turning on screen is turning in
/// the image).
pub(super) fn upright(view: &View, b: &BoxAnn, p: Pos2) -> Pos2 {
    if !b.is_rotated() {
        return p;
    }
    let c = view.box_rect(b).center();
    let (s, co) = b.rotation.to_radians().sin_cos();
    let d = p - c;
    c + vec2(d.x * co + d.y * s, -d.x * s + d.y * co)
}

/// A point of the upright box on screen turned as the box is.
fn turned(view: &View, b: &BoxAnn, p: Pos2) -> Pos2 {
    let c = view.box_rect(b).center();
    let (s, co) = b.rotation.to_radians().sin_cos();
    let d = p - c;
    c + vec2(d.x * co - d.y * s, d.x * s + d.y * co)
}

/// The selected box's handle under `p`, if any.
pub(super) fn handle_at(view: &View, input: &CanvasInput<'_>, p: Pos2) -> Option<(usize, Edges)> {
    let idx = input.selected?;
    let b = input.boxes.get(idx)?;
    let r = view.box_rect(b);
    let p = upright(view, b, p);
    let near = |a: f32, b: f32| (a - b).abs() <= HANDLE;
    let inside_x = p.x >= r.left() - HANDLE && p.x <= r.right() + HANDLE;
    let inside_y = p.y >= r.top() - HANDLE && p.y <= r.bottom() + HANDLE;
    let e = Edges {
        left: near(p.x, r.left()) && inside_y,
        right: near(p.x, r.right()) && inside_y && !near(p.x, r.left()),
        top: near(p.y, r.top()) && inside_x,
        bottom: near(p.y, r.bottom()) && inside_x && !near(p.y, r.top()),
    };
    (e.left || e.right || e.top || e.bottom).then_some((idx, e))
}

/// The resize cursor that points the way `edges` move on a box turned `deg` degrees.
pub(super) fn resize_cursor(edges: Edges, deg: f32) -> CursorIcon {
    // The way the handle pulls, upright: 0° across, 90° up and down, 45° / 135° the corners.
    let pull = match (edges.left || edges.right, edges.top || edges.bottom) {
        (true, true) if edges.left == edges.top => 45.0,
        (true, true) => 135.0,
        (true, false) => 0.0,
        _ => 90.0,
    };
    match (((pull + deg) / 45.0).round() as i64).rem_euclid(4) {
        0 => CursorIcon::ResizeHorizontal,
        1 => CursorIcon::ResizeNwSe,
        2 => CursorIcon::ResizeVertical,
        _ => CursorIcon::ResizeNeSw,
    }
}

/// The selected box, when `p` is inside it (as it is seen).
pub(super) fn in_selected(view: &View, input: &CanvasInput<'_>, p: Pos2) -> Option<usize> {
    let idx = input.selected?;
    let b = input.boxes.get(idx)?;
    view.box_rect(b)
        .contains(upright(view, b, p))
        .then_some(idx)
}

/// The eight resize handles on screen: corners, then the middles of the sides.
pub(super) fn handle_points(view: &View, b: &BoxAnn) -> [Pos2; 8] {
    let r = view.box_rect(b);
    let c = r.center();
    [
        r.left_top(),
        r.right_top(),
        r.left_bottom(),
        r.right_bottom(),
        pos2(c.x, r.top()),
        pos2(c.x, r.bottom()),
        pos2(r.left(), c.y),
        pos2(r.right(), c.y),
    ]
    .map(|p| turned(view, b, p))
}

/// The turning handle on screen, and the middle of the top side it stands out from.
pub(super) fn turn_handle(view: &View, b: &BoxAnn) -> (Pos2, Pos2) {
    let r = view.box_rect(b);
    let top = turned(view, b, pos2(r.center().x, r.top()));
    let up = turned(view, b, pos2(r.center().x, r.top() - TURN_OUT));
    (up, top)
}

/// Whether `p` is on the selected box's turning handle (a task of turned boxes).
pub(super) fn on_turn_handle(view: &View, input: &CanvasInput<'_>, p: Pos2) -> Option<usize> {
    let idx = input.selected.filter(|_| input.rotated)?;
    let (at, _) = turn_handle(view, input.boxes.get(idx)?);
    (at.distance(p) <= TURN_RADIUS + 3.0).then_some(idx)
}

pub(super) fn paint_turn_handle(painter: &Painter, view: &View, b: &BoxAnn, color: Color32) {
    let (at, top) = turn_handle(view, b);
    painter.line_segment([top, at], Stroke::new(1.5, color));
    painter.circle_filled(at, TURN_RADIUS, color);
    painter.circle_stroke(at, TURN_RADIUS, Stroke::new(1.0, Color32::BLACK));
}

/// A turned box drawn as it is seen; filled lightly when selected.
pub(super) fn paint_turned(painter: &Painter, view: &View, b: &BoxAnn, color: Color32, sel: bool) {
    let points: Vec<Pos2> = (b.corners().iter())
        .map(|&[x, y]| view.to_screen(pos2(x, y)))
        .collect();
    let fill = if sel {
        color.gamma_multiply(0.15)
    } else {
        Color32::TRANSPARENT
    };
    let width = if sel { 3.0 } else { 1.5 };
    painter.add(egui::Shape::convex_polygon(
        points,
        fill,
        Stroke::new(width, color),
    ));
}

/// The upright rectangle around what is seen of `b`, on screen: where its tag goes, and
/// whether it is in view at all.
pub(super) fn seen_rect(view: &View, b: &BoxAnn) -> Rect {
    let (x, y, w, h) = b.bounds();
    Rect::from_min_max(
        view.to_screen(pos2(x, y)),
        view.to_screen(pos2(x + w, y + h)),
    )
}

/// `orig` resized by dragging `edges` to the image point `ip`, in the frame of the box as
/// it stands upright: the far side stays where it is seen. A drag across the opposite side
/// mirrors the box (its outline too).
pub(super) fn resized(orig: &BoxAnn, edges: Edges, ip: Pos2) -> BoxAnn {
    let [lx, ly] = orig.unturned(ip.x, ip.y);
    let (mut x0, mut y0, mut x1, mut y1) = (orig.x, orig.y, orig.x + orig.w, orig.y + orig.h);
    if edges.left {
        x0 = lx;
    }
    if edges.right {
        x1 = lx;
    }
    if edges.top {
        y0 = ly;
    }
    if edges.bottom {
        y1 = ly;
    }
    let b = orig.placed(x0, y0, x1 - x0, y1 - y0);
    let (w, h) = ((x1 - x0).abs(), (y1 - y0).abs());
    // The new centre, found upright about the old one, then turned as the box is.
    let [cx0, cy0] = orig.center();
    let d = Vec2::new((x0 + x1) / 2.0 - cx0, (y0 + y1) / 2.0 - cy0);
    let (s, c) = orig.rotation.to_radians().sin_cos();
    let (cx, cy) = (cx0 + d.x * c - d.y * s, cy0 + d.x * s + d.y * c);
    BoxAnn {
        x: cx - w / 2.0,
        y: cy - h / 2.0,
        w,
        h,
        ..b
    }
}

/// `orig` turned so its top side faces the image point `ip`; with `snap`, to a whole step
/// of 15°.
pub(super) fn turned_toward(orig: &BoxAnn, ip: Pos2, snap: bool) -> BoxAnn {
    let [cx, cy] = orig.center();
    let mut deg = (ip.y - cy).atan2(ip.x - cx).to_degrees() + 90.0;
    if snap {
        deg = (deg / SNAP_DEG).round() * SNAP_DEG;
    }
    BoxAnn {
        rotation: normalized(deg),
        ..orig.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view() -> View {
        View::at_origin(2.0, vec2(200.0, 100.0))
    }

    #[test]
    fn a_turned_box_resizes_along_its_own_sides_its_far_side_kept() {
        let b = BoxAnn::new("a", 40.0, 40.0, 40.0, 20.0).rotated_by(90.0);
        let right = Edges {
            left: false,
            right: true,
            top: false,
            bottom: false,
        };
        // Turned a quarter, its right side faces down: dragged 10 px further down.
        let [x, y] = b.corners()[1];
        let [x2, y2] = b.corners()[2];
        let mid = pos2((x + x2) / 2.0, (y + y2) / 2.0 + 10.0);
        let r = resized(&b, right, mid);
        assert!(
            (r.w - 50.0).abs() < 1e-3 && (r.h - 20.0).abs() < 1e-3,
            "{r:?}"
        );
        // The left side, now on top, stays where it was seen.
        let (l0, l1) = (b.corners()[0], b.corners()[3]);
        let (n0, n1) = (r.corners()[0], r.corners()[3]);
        for (p, q) in [(l0, n0), (l1, n1)] {
            assert!((p[0] - q[0]).abs() < 1e-3 && (p[1] - q[1]).abs() < 1e-3);
        }
    }

    #[test]
    fn the_handles_turn_with_the_box_and_the_turning_handle_aims_the_top() {
        let v = view();
        let b = BoxAnn::new("a", 40.0, 40.0, 40.0, 20.0).rotated_by(90.0);
        // Its top-left corner, turned a quarter clockwise, is at the upright top right.
        let [x, y] = b.corners()[0];
        let first = handle_points(&v, &b)[0];
        assert!(first.distance(v.to_screen(pos2(x, y))) < 1e-3);
        // The turning handle stands out to the right of a box turned a quarter.
        let (at, top) = turn_handle(&v, &b);
        assert!((at.x - top.x - TURN_OUT).abs() < 1e-3 && (at.y - top.y).abs() < 1e-3);
        // Aiming the top at a point below the centre turns the box half a turn; Shift snaps.
        let down = turned_toward(&b, pos2(60.0, 90.0), false);
        assert!((down.rotation - 180.0).abs() < 1e-3, "{down:?}");
        let snapped = turned_toward(&b, pos2(70.0, 10.0), true);
        assert_eq!(snapped.rotation % 15.0, 0.0);
        // The right side of a box turned a quarter pulls up and down.
        let right = Edges {
            left: false,
            right: true,
            top: false,
            bottom: false,
        };
        assert_eq!(resize_cursor(right, 90.0), CursorIcon::ResizeVertical);
        assert_eq!(resize_cursor(right, 0.0), CursorIcon::ResizeHorizontal);
    }
}
