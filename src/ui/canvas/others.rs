//! Other annotators' boxes on the canvas (review): dashed, each with its annotator's name.

use super::{CanvasInput, LABEL_MIN_W, View};
use crate::core::BoxAnn;
use crate::ui::keypoints;
use egui::{Pos2, Rect, Stroke, pos2, vec2};

/// The name on another annotator's box, with the attributes they gave it ("ben · occluded"):
/// the box where two people agree on the place may still be read two ways.
fn other_tag(who: &str, b: &BoxAnn) -> String {
    if b.attributes.is_empty() {
        who.to_string()
    } else {
        format!("{who} · {}", b.attributes.join(", "))
    }
}

/// Other answers' boxes: a dashed outline in the label's colour and the annotator's name, so
/// a reviewer sees where answers differ without switching between them.
pub(super) fn draw_others(
    painter: &egui::Painter,
    view: &View,
    rect: Rect,
    input: &CanvasInput<'_>,
) {
    let font = egui::FontId::proportional(11.0);
    for (who, boxes) in input.others {
        for b in boxes {
            let r = super::handles::seen_rect(view, b);
            if !r.intersects(rect) {
                continue;
            }
            let color = (input.color_of)(&b.label).gamma_multiply(0.85);
            // Their outline where they drew one, else their box.
            for ring in b.shape_parts().iter() {
                let mut line: Vec<Pos2> = (ring.iter())
                    .map(|&[x, y]| view.to_screen(pos2(x, y)))
                    .collect();
                line.extend(line.first().copied());
                painter.extend(egui::Shape::dashed_line(
                    &line,
                    Stroke::new(1.5, color),
                    6.0,
                    4.0,
                ));
            }
            if !b.keypoints.is_empty() {
                keypoints::paint_other(painter, view, b, input.keypoints, color);
            }
            if r.width() >= LABEL_MIN_W {
                painter.text(
                    r.right_bottom() + vec2(-2.0, -2.0),
                    egui::Align2::RIGHT_BOTTOM,
                    other_tag(who, b),
                    font.clone(),
                    color,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn another_annotators_box_is_tagged_with_their_name_and_its_attributes() {
        let mut b = BoxAnn::new("cat", 0.0, 0.0, 10.0, 10.0);
        assert_eq!(other_tag("ben", &b), "ben");
        let order = ["occluded".to_string(), "truncated".to_string()];
        b.set_attribute("truncated", true, &order);
        b.set_attribute("occluded", true, &order);
        assert_eq!(other_tag("ben", &b), "ben · occluded, truncated");
    }
}
