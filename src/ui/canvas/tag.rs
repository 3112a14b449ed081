//! A box's tag on the image: its label, the attributes that hold and the start of its text
//! ("car · occluded · “TOTAL 9.30”"), seen without selecting it.

use crate::core::BoxAnn;
use egui::{Color32, Painter, Rect, vec2};

/// Most characters of a box's text on its tag: the whole of it is in the field below.
const TEXT_CHARS: usize = 40;

/// The tag of `b` (its upright rectangle on screen `r`), above its top-left corner, or
/// inside it where a box at the top of the view (`canvas`) would put it out of sight.
pub(super) fn paint(painter: &Painter, canvas: Rect, r: Rect, b: &BoxAnn, color: Color32) {
    let mut tag = b.label.clone();
    if !b.attributes.is_empty() {
        tag = format!("{tag} · {}", b.attributes.join(", "));
    }
    if !b.text.is_empty() {
        let mut t: String = b.text.chars().take(TEXT_CHARS).collect();
        if t.len() < b.text.len() {
            t.push('…');
        }
        tag = format!("{tag} · “{t}”");
    }
    let font = egui::FontId::proportional(12.0);
    let galley = painter.layout_no_wrap(tag, font, Color32::BLACK);
    let above = r.left_top() - vec2(0.0, galley.size().y + 2.0);
    let at = if above.y < canvas.top() {
        r.left_top()
    } else {
        above
    };
    let bg = Rect::from_min_size(at, galley.size() + vec2(6.0, 2.0));
    painter.rect_filled(bg, 2.0, color);
    painter.galley(bg.min + vec2(3.0, 1.0), galley, Color32::BLACK);
}
