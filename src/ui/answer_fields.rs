//! The text answers of an item (a transcript, a caption, a correction): a field each, under
//! the text or the image; Tab or a click types in it, the item's own undo per field.

use super::work::Work;
use crate::core::Item;
use crate::core::config::ControlKind;
use crate::session::Action;
use egui::{FontId, RichText};

/// A field per text question of the config, with what a correction changed; the edits
/// they make are pushed to `edits`, acted on by the caller once the frame's borrows end.
pub fn text_answers(ui: &mut egui::Ui, w: &mut Work, item: &Item, edits: &mut Vec<Action>) {
    let cfg = w.session.project.config.clone();
    // The fields of the item left behind let go of their undo history: a day of
    // corrections must not pile up in memory.
    let shown_id = egui::Id::unique("answer fields of");
    let left = ui.data(|d| d.get_temp::<i64>(shown_id));
    if left != Some(item.id) {
        if let Some(left) = left {
            for ci in 0..cfg.controls.len() {
                forget(ui, left, ci);
            }
        }
        ui.data_mut(|d| d.insert_temp(shown_id, item.id));
    }
    for (ci, c) in cfg.controls.iter().enumerate() {
        if c.kind != ControlKind::Text || !w.session.is_asked(ci) {
            continue;
        }
        let play = if item.kind == crate::core::MediaKind::Audio {
            ", Ctrl+P plays"
        } else {
            ""
        };
        let leave = if c.single_line { "Enter or Esc" } else { "Esc" };
        ui.label(
            RichText::new(format!(
                "{} (Tab to type here; {leave} leaves the field, Ctrl+Enter submits{play})",
                c.name
            ))
            .small()
            .weak(),
        );
        let mut text = w.session.text_of(c);
        let id = field_id(item.id, ci);
        let active = w.session.active_control == ci;
        // Tab (or a required answer missing at Enter) made this the active question:
        // give it the keyboard once, the cursor at the end of the text.
        if active && w.text_focus != Some((item.id, ci)) {
            let mut state = egui::text_edit::TextEditState::load(ui.ctx(), id).unwrap_or_default();
            let end = egui::text::CCursor::new(text.chars().count());
            state
                .cursor
                .set_char_range(Some(egui::text::CCursorRange::one(end)));
            state.store(ui.ctx(), id);
            // The Tab that got here would also move egui's focus on, off the field.
            ui.ctx().memory_mut(|m| {
                m.request_focus(id);
                m.move_focus(egui::FocusDirection::None);
            });
            w.text_focus = Some((item.id, ci));
        } else if !active && w.text_focus == Some((item.id, ci)) {
            w.text_focus = None;
        }
        let edit = if c.single_line {
            egui::TextEdit::singleline(&mut text)
        } else {
            egui::TextEdit::multiline(&mut text).desired_rows(4)
        };
        let resp = ui.add(
            edit.id(id)
                .desired_width(f32::INFINITY)
                // The size and color of the item's own words: a transcript is
                // read as closely as the record above it.
                .font(FontId::monospace(15.0))
                .text_color(super::palette::reading(ui.visuals()))
                .hint_text(c.name.as_str()),
        );
        if resp.gained_focus() && !active {
            w.text_focus = Some((item.id, ci));
            edits.push(Action::EnterText(ci));
        }
        if resp.lost_focus() && active {
            edits.push(Action::LeaveText);
        }
        if let Some(limits) = c.word_limits() {
            // Counted as one types, so the limit is met before the submit, not at it.
            let n = text.split_whitespace().count();
            let said = RichText::new(format!(
                "{n} word{} · {limits} asked",
                if n == 1 { "" } else { "s" }
            ))
            .small();
            ui.label(if c.words_problem(&text).is_some() {
                said.color(super::palette::caution(ui.visuals()))
            } else {
                said.weak()
            });
        }
        // A correction: what it changed from the text it started from.
        if let Some((field, before)) = c
            .prefill
            .as_ref()
            .and_then(|f| Some((f, item.data.get(f)?)))
        {
            super::changes::changes_ui(
                ui,
                changes_id(item.id, ci),
                field,
                &crate::core::conversation::text_to_correct(before),
                &text,
            );
        }
        if resp.changed() {
            edits.push(Action::SetText(c.name.clone(), text));
        }
    }
}

/// True when the task has a text question or box texts: an image then keeps room under it
/// for the field.
pub fn any(w: &Work) -> bool {
    let cfg = &w.session.project.config;
    cfg.has_control(ControlKind::Text) || cfg.box_text()
}

/// A caption or a transcript of an image, a box's text: the fields under the image, in a
/// panel whose edge drags to give the text more room; the image keeps the rest.
pub fn under_image(ui: &mut egui::Ui, w: &mut Work, item: &Item) {
    let cfg = &w.session.project.config;
    let fields = (cfg.controls.iter().enumerate())
        .filter(|&(i, c)| c.kind == ControlKind::Text && w.session.is_asked(i))
        .count() as f32;
    let box_text = cfg.box_text();
    let room = ui.available_height();
    // Each field's four lines and its changes line, a box's text one line; at most half.
    let wanted = 150.0 * fields + if box_text { 50.0 } else { 0.0 };
    let mut edits = Vec::new();
    egui::Panel::bottom("image answers")
        .resizable(true)
        .default_size(wanted.min(room * 0.5))
        .size_range(60.0..=(room * 0.8).max(60.0))
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("image answers")
                .show(ui, |ui| {
                    if box_text {
                        super::shape_texts::line(
                            ui,
                            w,
                            item,
                            &mut edits,
                            &super::shape_texts::BOX_TEXT,
                        );
                    }
                    text_answers(ui, w, item, &mut edits)
                });
        });
    for a in edits {
        w.act(a);
    }
}

/// Where the changes line of text control `ci` on item `item` keeps its layout.
fn changes_id(item: i64, ci: usize) -> egui::Id {
    field_id(item, ci).with("changes")
}

/// The egui id of text control `ci`'s field on item `item`. Per item: the field's own undo
/// (Ctrl+Z while typing) never brings back another item's text.
pub fn field_id(item: i64, ci: usize) -> egui::Id {
    egui::Id::unique(("text control", item, ci))
}

/// Lets go of text control `ci`'s undo history and changes line on item `item`.
fn forget(ui: &egui::Ui, item: i64, ci: usize) {
    ui.data_mut(|d| d.remove::<egui::text_edit::TextEditState>(field_id(item, ci)));
    super::changes::forget(ui, changes_id(item, ci));
}
