//! Texts typed on shapes: the words in each box (`box_text`, OCR) and the words said in each
//! time segment (`segment_text`, a transcript by segment). A line under the image or the
//! waveform types the picked shape's text (a shape just drawn gives it the keys); a list
//! in the panel shows them all to proofread, in reading or time order.

use super::work::Work;
use crate::core::{Annotation, Item};
use crate::session::Action;
use egui::{FontId, RichText};

/// A shape as its text line names it: label, text and where it is (", 1.20–3.45 s").
type Named = (String, String, String);

/// A kind of shape with a text of its own.
pub struct ShapeText {
    /// "box" or "segment".
    what: &'static str,
    /// Said where no shape of this kind is picked.
    none: &'static str,
    /// Keys said beside the field, after "F2 types here".
    keys: &'static str,
    /// In the empty field.
    hint: &'static str,
    /// The shape at a place.
    of: fn(&Annotation, usize) -> Option<Named>,
    set: fn(usize, String) -> Action,
}

pub const BOX_TEXT: ShapeText = ShapeText {
    what: "box",
    none: "box text: draw a box, or select one (click it, or Tab), to type the words in it",
    keys: "Tab goes on to the next box, Enter or Esc goes back to the image",
    hint: "the words in the box, as written",
    of: |a, i| {
        a.boxes
            .get(i)
            .map(|b| (b.label.clone(), b.text.clone(), String::new()))
    },
    set: Action::SetBoxText,
};

pub const SEGMENT_TEXT: ShapeText = ShapeText {
    what: "segment",
    none: "segment text: drag on the waveform (or M … M while it plays), or click a segment, \
           to type the words said in it",
    keys: "Ctrl+P plays and pauses, Tab goes on to the next, Enter or Esc goes back to the clip",
    hint: "the words said, as heard",
    of: |a, i| {
        let s = a.segments.get(i)?;
        let at = format!(", {:.2}–{:.2} s", s.start_s, s.end_s);
        Some((s.label.clone(), s.text.clone(), at))
    },
    set: Action::SetSegmentText,
};

/// The picked shape's text, one line: a shape just drawn gives it the keys, so drawing and
/// typing follow each other with no click; Tab goes on to the next shape's; Enter or Esc
/// gives the keys back.
pub fn line(ui: &mut egui::Ui, w: &mut Work, item: &Item, edits: &mut Vec<Action>, t: &ShapeText) {
    let s = &w.session;
    // Which shape the keys were given to on drawing: once each, so Esc or a click elsewhere
    // keeps them off it; forgotten once that shape is no longer the one just drawn.
    let focused_once = egui::Id::unique("shape text focused");
    if !s.just_drawn {
        ui.data_mut(|d| d.remove::<egui::Id>(focused_once));
    }
    let Some((i, (label, text, at))) = s
        .selected
        .and_then(|i| Some((i, (t.of)(&s.annotation, i)?)))
    else {
        ui.label(RichText::new(t.none).small().weak());
        return;
    };
    ui.label(
        RichText::new(format!(
            "text of {} {} ({label}{at}) · F2 types here, {}",
            t.what,
            i + 1,
            t.keys
        ))
        .small()
        .weak(),
    );
    if let Some(why) = (t.what == "segment").then(|| w.unsure.of(i)).flatten() {
        ui.label(
            RichText::new(format!("? the model was unsure here: {why}"))
                .color(super::palette::caution(ui.visuals())),
        );
    }
    let id = egui::Id::unique((t.what, "text", item.id, i));
    let asked = std::mem::take(&mut w.focus_box_text);
    if asked || (s.just_drawn && ui.data(|d| d.get_temp::<egui::Id>(focused_once)) != Some(id)) {
        ui.memory_mut(|m| m.request_focus(id));
        ui.data_mut(|d| d.insert_temp(focused_once, id));
    }
    let mut text = text;
    let resp = ui.add(
        egui::TextEdit::singleline(&mut text)
            .id(id)
            .desired_width(f32::INFINITY)
            .font(FontId::monospace(15.0))
            .text_color(super::palette::reading(ui.visuals()))
            .hint_text(t.hint),
    );
    if resp.changed() {
        edits.push((t.set)(i, text));
    }
    // The Tab's own modifiers: Shift held with it goes back.
    let tab = ui.input(|i| {
        i.events.iter().find_map(|e| match e {
            egui::Event::Key {
                key: egui::Key::Tab,
                pressed: true,
                modifiers,
                ..
            } => Some(modifiers.shift),
            _ => None,
        })
    });
    // egui hands the focus on at the end of the frame (backwards, at least): the Tab is
    // taken while the field still has it.
    if let (true, Some(back)) = (resp.has_focus() || resp.lost_focus(), tab) {
        // Tab goes on to the next shape's text (Shift+Tab: the one before), the keys with
        // it: a model's phrases or a receipt's lines proofread one after another, no click.
        edits.push(if back {
            Action::SelectPrev
        } else {
            Action::SelectNext
        });
        w.focus_box_text = true;
        return;
    }
    let done = ui.input(|i| i.key_pressed(egui::Key::Enter) || i.key_pressed(egui::Key::Escape));
    if resp.lost_focus() && done {
        // The shape is done: Enter again submits, and the next one drawn takes the keys. (A
        // click elsewhere leaves the selection to the view: a handle may be dragged.)
        edits.push(Action::Select(None));
    }
}

/// The texts of the item's boxes (top to bottom) or segments (in time), a line each; a
/// shape with none yet stands out. Returns the one clicked.
pub fn list(ui: &mut egui::Ui, w: &Work) -> Option<usize> {
    let a = &w.session.annotation;
    let segments = w.session.has_segments();
    let n = if segments {
        a.segments.len()
    } else {
        a.boxes.len()
    };
    if n == 0 {
        return None;
    }
    ui.separator();
    let title = if segments {
        "Words said in this clip"
    } else {
        "Texts on this image"
    };
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(title).strong());
        let doubted = if segments { w.unsure.count() } else { 0 };
        if doubted > 0 {
            ui.label(
                RichText::new(format!("· ? {doubted} the model was unsure of"))
                    .color(super::palette::caution(ui.visuals())),
            )
            .on_hover_text("listen to these first: the speech model's own doubts (a word's low probability, a phrase it found unlikely or thought may be no speech)");
        }
    });
    let mut order: Vec<usize> = (0..n).collect();
    let place = |i: usize| match (a.boxes.get(i), a.segments.get(i)) {
        // Time order; reading order: lines top to bottom, each left to right.
        (_, Some(s)) if segments => (s.start_s, s.end_s),
        (Some(b), _) => (f64::from(b.y), f64::from(b.x)),
        _ => (0.0, 0.0),
    };
    order.sort_by(|&x, &y| {
        place(x)
            .partial_cmp(&place(y))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let of = if segments {
        SEGMENT_TEXT.of
    } else {
        BOX_TEXT.of
    };
    let mut clicked = None;
    egui::ScrollArea::vertical()
        .id_salt("shape texts")
        .max_height(220.0)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for i in order {
                let Some((label, text, _)) = of(a, i) else {
                    continue;
                };
                let when = if segments {
                    format!(" {:.1} s", place(i).0)
                } else {
                    String::new()
                };
                ui.horizontal(|ui| {
                    let (dot, _) =
                        ui.allocate_exact_size(egui::vec2(8.0, 8.0), egui::Sense::hover());
                    ui.painter().rect_filled(dot, 2.0, w.color_of(&label));
                    let doubt = segments.then(|| w.unsure.of(i)).flatten();
                    let mark = if doubt.is_some() { "? " } else { "" };
                    let row = if text.is_empty() {
                        RichText::new(format!("{mark}{}{when} · (no text)", i + 1))
                            .color(super::palette::caution(ui.visuals()))
                    } else {
                        // A long sentence would widen the panel over the work: cut, the
                        // whole of it on hover.
                        let row = format!("{mark}{}{when} · {}", i + 1, cut(&text, ROW_CHARS));
                        match doubt {
                            Some(_) => {
                                RichText::new(row).color(super::palette::caution(ui.visuals()))
                            }
                            None => RichText::new(row),
                        }
                        .monospace()
                    };
                    let resp = ui.selectable_label(w.session.selected == Some(i), row);
                    let hover = match doubt {
                        Some(why) => format!("{text}\n? the model was unsure: {why}"),
                        None => text.clone(),
                    };
                    let resp = if text.chars().count() > ROW_CHARS || doubt.is_some() {
                        resp.on_hover_text(hover)
                    } else {
                        resp
                    };
                    if resp.clicked() {
                        clicked = Some(i);
                    }
                });
            }
        });
    clicked
}

/// The characters of a text a line of the list shows.
const ROW_CHARS: usize = 32;

/// `text` cut to `n` characters, "…" where it was cut.
fn cut(text: &str, n: usize) -> String {
    match text.char_indices().nth(n) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// A "?" at the top right of a segment the model doubted (too narrow a segment: none).
pub fn unsure_badge(painter: &egui::Painter, r: egui::Rect) {
    if r.width() < 30.0 {
        return;
    }
    let at = egui::pos2(r.right() - 9.0, r.top() + 9.0);
    let amber = egui::Color32::from_rgb(240, 180, 40);
    painter.circle_filled(at, 7.0, amber);
    painter.text(
        at,
        egui::Align2::CENTER_CENTER,
        "?",
        FontId::proportional(11.0),
        egui::Color32::BLACK,
    );
}

/// A segment's tag on the waveform: its label, and under it the words said, wrapped in its
/// width (cut with "…" where they do not fit).
pub fn segment_tag(
    painter: &egui::Painter,
    r: egui::Rect,
    s: &crate::core::Segment,
    c: egui::Color32,
) {
    let at = r.left_top() + egui::vec2(3.0, 2.0);
    painter.text(
        at,
        egui::Align2::LEFT_TOP,
        &s.label,
        FontId::proportional(12.0),
        c,
    );
    if s.text.is_empty() || r.width() < 24.0 {
        return;
    }
    let mut job = egui::text::LayoutJob::simple(
        s.text.clone(),
        FontId::proportional(13.0),
        egui::Color32::from_gray(230),
        r.width() - 6.0,
    );
    job.wrap.max_rows = ((r.height() - 20.0) / 16.0).max(1.0) as usize;
    job.wrap.overflow_character = Some('…');
    let galley = painter.layout_job(job);
    painter.galley(
        at + egui::vec2(0.0, 16.0),
        galley,
        egui::Color32::from_gray(230),
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_long_text_is_cut_at_a_character_not_a_byte() {
        assert_eq!(super::cut("héllo wörld", 7), "héllo w…");
        assert_eq!(super::cut("short", 32), "short");
    }
}
