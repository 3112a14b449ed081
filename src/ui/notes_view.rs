//! Notes on the item shown, at the foot of the side panel: what others wrote, to read, and
//! the annotator's own, to write — why an item was flagged, what is unclear, what a
//! reviewer wants changed. Saved as typed; exported with the item.

use super::keymap::Command;
use super::work::Work;
use crate::core::Note;
use egui::RichText;

/// The notes of one item, read once when it is shown (an indexed lookup).
#[derive(Debug, Clone, Default)]
pub struct NotesHere {
    pub item: i64,
    /// This annotator's note, as the field edits it.
    pub mine: String,
    pub others: Vec<Note>,
}

impl NotesHere {
    fn of(w: &Work, item: i64) -> Result<NotesHere, String> {
        let me = &w.session.project.annotator;
        let notes = w.session.notes().map_err(|e| e.to_string())?;
        let (mine, others): (Vec<Note>, Vec<Note>) =
            notes.into_iter().partition(|n| n.annotator == *me);
        Ok(NotesHere {
            item,
            mine: mine.into_iter().next().map(|n| n.text).unwrap_or_default(),
            others,
        })
    }
}

/// The egui id of the note field on `item`: per item, so its own undo never brings back
/// another item's note.
pub fn field_id(item: i64) -> egui::Id {
    egui::Id::unique(("note", item))
}

/// Draws the section and saves the annotator's note as it changes.
pub fn notes_section(ui: &mut egui::Ui, w: &mut Work) {
    let Some(item) = w.session.item.as_ref().map(|i| i.id) else {
        return;
    };
    if w.notes_here.as_ref().is_none_or(|n| n.item != item) {
        match NotesHere::of(w, item) {
            Ok(here) => w.notes_here = Some(here),
            Err(e) => {
                w.message = format!("notes not read: {e}");
                w.notes_here = Some(NotesHere {
                    item,
                    ..Default::default()
                });
            }
        }
    }
    let key = w.keymap.keys_of(Command::Note);
    let id = field_id(item);
    if std::mem::take(&mut w.focus_note) {
        // The key that asked for the field must not also be typed into it.
        ui.input_mut(|i| i.events.retain(|e| !matches!(e, egui::Event::Text(_))));
        ui.memory_mut(|m| m.request_focus(id));
    }
    let Some(here) = w.notes_here.as_mut() else {
        return;
    };
    ui.add_space(8.0);
    ui.separator();
    ui.label(RichText::new(format!("Note ({key})")).strong());
    for n in &here.others {
        ui.label(format!("{}: {}", n.annotator, n.text));
    }
    // Enter leaves the note, as a one-line field would; the note still wraps to be read
    // whole (Shift+Enter starts a new line).
    if ui.memory(|m| m.has_focus(id))
        && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Enter))
    {
        ui.memory_mut(|m| m.surrender_focus(id));
    }
    let resp = ui.add(
        egui::TextEdit::multiline(&mut here.mine)
            .desired_rows(1)
            .id(id)
            .desired_width(f32::INFINITY)
            .hint_text("unclear, damaged, what to change…"),
    );
    if resp.has_focus() {
        ui.label(
            RichText::new("saved as you type · Enter or Esc leaves · Ctrl+Enter submits")
                .small()
                .weak(),
        );
    }
    if resp.changed() {
        let text = here.mine.clone();
        if let Err(e) = w.session.set_note(&text) {
            w.message = format!("NOT SAVED: the note: {e}");
        }
        // Its row in the list says "note" (or no longer does).
        w.rows.remove(&item);
    }
}
