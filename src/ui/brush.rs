//! The brush on the canvas (the `brush` key, outlines tasks): a drag paints into the selected
//! object (a new one where none is selected), Shift+drag paints out of it; the stroke shows as
//! it is drawn, and when the button comes up the worker traces the object again (one undo
//! step).

use super::canvas::View;
use crate::core::brush::Stroke;
use egui::{Color32, Pos2, Stroke as Line, pos2};

/// The brush's radius when first taken up, in screen points: the same on screen at any
/// zoom, so zooming in paints finer.
pub const RADIUS: f32 = 12.0;
/// `[` and `]` step it by this, between these.
pub const STEP: f32 = 1.25;
pub const MIN: f32 = 2.0;
pub const MAX: f32 = 200.0;

/// A stroke being drawn: its points in image pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct Painting {
    pub points: Vec<Pos2>,
    pub erase: bool,
}

impl Painting {
    /// The pointer moved to `p` (image pixels): a point when it went far enough to matter
    /// (a quarter of the brush), so a long stroke stays a short list.
    pub fn extend(&mut self, p: Pos2, radius_px: f32) {
        if (self.points.last()).is_none_or(|l| (*l - p).length() >= radius_px * 0.25) {
            self.points.push(p);
        }
    }
}

/// A change of shape for the worker to work out (points in image pixels).
#[derive(Debug, Clone)]
pub enum Request {
    /// A wand click; `erase` takes the region out.
    Wand {
        at: Pos2,
        erase: bool,
    },
    Brush(Stroke),
}

/// A finished stroke as the core brush takes it (radius in image pixels).
pub fn stroke_of(painting: &Painting, radius_px: f32) -> Stroke {
    Stroke {
        points: painting.points.iter().map(|p| [p.x, p.y]).collect(),
        radius: radius_px,
        erase: painting.erase,
    }
}

/// The stroke so far, as the paint it lays (or takes away: a dark wash).
pub fn paint_stroke(
    painter: &egui::Painter,
    view: &View,
    painting: &Painting,
    radius_px: f32,
    color: Color32,
) {
    let tint = if painting.erase {
        Color32::from_black_alpha(150)
    } else {
        color.gamma_multiply(0.45)
    };
    let r = radius_px * view.scale;
    let points: Vec<Pos2> = painting.points.iter().map(|p| view.to_screen(*p)).collect();
    for w in points.windows(2) {
        painter.line_segment([w[0], w[1]], Line::new(2.0 * r, tint));
    }
    for p in &points {
        painter.circle_filled(*p, r, tint);
    }
}

/// The brush's ring under the pointer: its size on screen, white to paint, red to erase.
pub fn paint_cursor(painter: &egui::Painter, at: Pos2, radius: f32, erase: bool) {
    let color = if erase {
        Color32::from_rgb(255, 90, 90)
    } else {
        Color32::WHITE
    };
    painter.circle_stroke(at, radius + 1.0, Line::new(1.0, Color32::BLACK));
    painter.circle_stroke(at, radius, Line::new(1.5, color));
    painter.line_segment(
        [pos2(at.x - 3.0, at.y), pos2(at.x + 3.0, at.y)],
        Line::new(1.0, color),
    );
}

/// How near the pointer must stay (screen points) to where a wand preview was asked for
/// for it to be drawn: farther, it outlines a region the click would not fill.
pub const PREVIEW_NEAR: f32 = 6.0;

/// The region the wand would fill, outlined (dark under light, seen on any image), while
/// the pointer is where it was asked for.
pub fn paint_wand_preview(
    painter: &egui::Painter,
    view: &View,
    preview: &crate::ui::detail::WandPreview,
    pointer: Pos2,
    color: Color32,
) {
    let at = view.to_screen(pos2(preview.at[0], preview.at[1]));
    if at.distance(pointer) > PREVIEW_NEAR {
        return;
    }
    for ring in &preview.parts {
        let points: Vec<Pos2> = (ring.iter())
            .map(|&[x, y]| view.to_screen(pos2(x, y)))
            .collect();
        painter.add(egui::Shape::closed_line(
            points.clone(),
            Line::new(3.0, Color32::from_black_alpha(160)),
        ));
        painter.add(egui::Shape::closed_line(points, Line::new(1.5, color)));
    }
}
