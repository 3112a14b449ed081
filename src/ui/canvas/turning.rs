//! A turned box drawn in three clicks (a task of turned boxes, Shift+W): the two ends of
//! one side — along a line of text, the keel of a ship — then how far across it reaches.
//! Faster than drawing upright and turning, and the first side is the box's top, so the
//! angle says which way the object reads.

use super::View;
use crate::core::BoxAnn;
use crate::core::rotation::normalized;
use egui::{Color32, Painter, Pos2, Stroke, pos2};

/// Points on screen closer than this are one click (a slip), not a side.
const SLIP: f32 = 4.0;
/// Shift holds the first side to whole steps of this many degrees (a level line of text).
const SNAP_DEG: f32 = 15.0;

/// The side's far end at `at`, or with `snap` turned about `p0` to the nearest whole step of
/// [`SNAP_DEG`], its length kept.
pub fn side_end(p0: Pos2, at: Pos2, snap: bool) -> Pos2 {
    let d = at - p0;
    if !snap || d.length() == 0.0 {
        return at;
    }
    let step = SNAP_DEG.to_radians();
    let angle = (d.y.atan2(d.x) / step).round() * step;
    p0 + egui::vec2(angle.cos(), angle.sin()) * d.length()
}

/// The box whose first side runs from `p0` to `p1` and whose opposite side passes through
/// `p` (all image pixels): turned as `p0 → p1` runs, reaching to whichever side `p` is on.
pub fn box_through(p0: Pos2, p1: Pos2, p: Pos2, label: &str) -> BoxAnn {
    let along = p1 - p0;
    let w = along.length();
    let angle = along.y.atan2(along.x);
    // Across: the side's normal, a quarter turn clockwise from it (down when it runs right).
    let (s, c) = angle.sin_cos();
    let across = egui::vec2(-s, c);
    let d = (p - p0).dot(across);
    let (near, far) = (d.min(0.0), d.max(0.0));
    let h = far - near;
    // The centre: the middle of the side, moved halfway across.
    let mid = p0 + along / 2.0 + across * ((near + far) / 2.0);
    BoxAnn {
        rotation: normalized(angle.to_degrees()),
        ..BoxAnn::new(label, mid.x - w / 2.0, mid.y - h / 2.0, w, h)
    }
}

/// A click while drawing: the first two place the side's ends; the third gives the box
/// (`None` while it is not done, or when the click would make a sliver: it is not taken).
/// With `snap` (Shift), the second click's side lies at a whole step of 15°.
pub fn click(
    draft: &mut Vec<Pos2>,
    view: &View,
    at: Pos2,
    snap: bool,
    label: &str,
) -> Option<BoxAnn> {
    match draft.as_slice() {
        [] => draft.push(at),
        [p0] => {
            if (at - *p0).length() * view.scale >= SLIP {
                draft.push(side_end(*p0, at, snap));
            }
        }
        [p0, p1, ..] => {
            let b = box_through(*p0, *p1, at, label);
            return (b.h * view.scale >= SLIP).then_some(b);
        }
    }
    None
}

/// The draft as it stands: the side placed (or begun, to the pointer), then the box the
/// next click would make.
pub fn paint(
    painter: &Painter,
    view: &View,
    draft: &[Pos2],
    (hover, snap): (Option<Pos2>, bool),
    color: Color32,
) {
    let to = |p: Pos2| view.to_screen(p);
    let stroke = Stroke::new(2.0, color);
    let shape = match (draft, hover) {
        ([p0], Some(h)) => egui::Shape::line_segment([to(*p0), to(side_end(*p0, h, snap))], stroke),
        ([p0, p1, ..], Some(h)) => {
            let b = box_through(*p0, *p1, h, "");
            let corners = b.corners().iter().map(|&[x, y]| to(pos2(x, y))).collect();
            egui::Shape::closed_line(corners, stroke)
        }
        ([p0, p1, ..], None) => egui::Shape::line_segment([to(*p0), to(*p1)], stroke),
        _ => egui::Shape::Noop,
    };
    painter.add(shape);
    for p in draft {
        painter.circle_filled(to(*p), 4.0, color);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view() -> View {
        View::at_origin(2.0, egui::vec2(100.0, 100.0))
    }

    #[test]
    fn three_clicks_make_the_box_on_whichever_side_the_last_is() {
        let mut draft = Vec::new();
        let v = view();
        assert!(click(&mut draft, &v, pos2(10.0, 10.0), false, "text").is_none());
        // A second click on the first is a slip: not taken.
        assert!(click(&mut draft, &v, pos2(10.5, 10.0), false, "text").is_none());
        assert_eq!(draft.len(), 1);
        assert!(click(&mut draft, &v, pos2(40.0, 40.0), false, "text").is_none());
        // Across the side, below it: a box 8 px deep turned 45°.
        let s = std::f32::consts::FRAC_1_SQRT_2;
        let b = click(
            &mut draft,
            &v,
            pos2(40.0 - 8.0 * s, 40.0 + 8.0 * s),
            false,
            "text",
        )
        .unwrap();
        assert!(
            (b.rotation - 45.0).abs() < 1e-3 && (b.h - 8.0).abs() < 1e-3,
            "{b:?}"
        );
        assert!((b.w - 1800f32.sqrt()).abs() < 1e-3, "{b:?}");
        // Its first side is where it was clicked.
        let c = b.corners();
        assert!(
            (c[0][0] - 10.0).abs() < 1e-3 && (c[1][1] - 40.0).abs() < 1e-3,
            "{c:?}"
        );
        // Above it: the same side, now the box's bottom; the angle still runs p0 → p1.
        let up = box_through(pos2(10.0, 10.0), pos2(40.0, 40.0), pos2(30.0, 10.0), "t");
        assert!((up.rotation - 45.0).abs() < 1e-3, "{up:?}");
        let c = up.corners();
        assert!(
            (c[3][0] - 10.0).abs() < 1e-3 && (c[3][1] - 10.0).abs() < 1e-3,
            "{c:?}"
        );
        // A third click on the side itself makes no sliver.
        assert!(click(&mut draft, &v, pos2(25.0, 25.0), false, "text").is_none());
    }

    #[test]
    fn shift_levels_the_side_to_a_whole_step_its_length_kept() {
        let p0 = pos2(10.0, 10.0);
        // 4° off level: level with Shift, as it was without.
        let at = pos2(
            10.0 + 40.0 * 4f32.to_radians().cos(),
            10.0 + 40.0 * 4f32.to_radians().sin(),
        );
        let level = side_end(p0, at, true);
        assert!(
            (level.y - 10.0).abs() < 1e-3 && (level.x - 50.0).abs() < 1e-3,
            "{level:?}"
        );
        assert_eq!(side_end(p0, at, false), at);
        let mut draft = vec![p0];
        assert!(click(&mut draft, &view(), at, true, "text").is_none());
        assert!((draft[1].y - 10.0).abs() < 1e-3);
    }
}
