//! The texts of the boxes on this image (`box_text` tasks, OCR) as a list to proofread: a
//! line each, top to bottom; a click selects the box, and F2 then types in it.

use super::work::Work;
use egui::RichText;

/// The list; returns the box clicked.
pub fn list(ui: &mut egui::Ui, w: &Work) -> Option<usize> {
    let boxes = &w.session.annotation.boxes;
    if boxes.is_empty() {
        return None;
    }
    ui.separator();
    ui.label(RichText::new("Texts on this image").strong());
    // Reading order: lines top to bottom, each left to right.
    let mut order: Vec<usize> = (0..boxes.len()).collect();
    order.sort_by(|&a, &b| {
        (boxes[a].y, boxes[a].x)
            .partial_cmp(&(boxes[b].y, boxes[b].x))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let mut clicked = None;
    egui::ScrollArea::vertical()
        .id_salt("box texts")
        .max_height(220.0)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for i in order {
                let b = &boxes[i];
                let selected = w.session.selected == Some(i);
                ui.horizontal(|ui| {
                    let (dot, _) =
                        ui.allocate_exact_size(egui::vec2(8.0, 8.0), egui::Sense::hover());
                    ui.painter().rect_filled(dot, 2.0, w.color_of(&b.label));
                    // A box with no text yet stands out: it is the one still to type.
                    let row = if b.text.is_empty() {
                        RichText::new(format!("{} · (no text)", i + 1))
                            .color(super::palette::caution(ui.visuals()))
                    } else {
                        RichText::new(format!("{} · {}", i + 1, b.text)).monospace()
                    };
                    if ui.selectable_label(selected, row).clicked() {
                        clicked = Some(i);
                    }
                });
            }
        });
    clicked
}
