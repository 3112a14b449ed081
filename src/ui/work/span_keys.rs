//! Spans from the keyboard: a word cursor over a text item's fields. ← / → step it a word,
//! Shift+→ / Shift+← stretch it over the next word or back, a number key marks what it
//! covers with that label and steps past it; on a marked span it picks that span (a number
//! key renames it, Delete removes it), as a click does.

use super::Work;
use crate::core::Span;
use crate::core::spans::{step, stretch, words};
use crate::session::Action;
use crate::ui::keymap::Command;

/// The keyboard's place in a spans task: characters `start..end` (whole words) of `field`
/// on item `item`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpanCursor {
    pub item: i64,
    pub field: String,
    pub start: usize,
    pub end: usize,
    /// Moved by a key since it was last drawn: the view scrolls to it.
    pub moved: bool,
}

impl Work {
    /// The cursor, where it is on the item shown.
    pub fn span_cursor_here(&self) -> Option<&SpanCursor> {
        let id = self.session.item.as_ref()?.id;
        self.span_cursor.as_ref().filter(|c| c.item == id)
    }

    /// Arrows and number keys on a spans task; false leaves the command to the others.
    pub(super) fn span_key(&mut self, cmd: Command) -> bool {
        if !self.session.has_spans() || self.session.item.is_none() {
            return false;
        }
        match cmd {
            Command::NudgeRight | Command::NudgeLeft => {
                self.walk(cmd == Command::NudgeRight);
                true
            }
            Command::NudgeRight10 | Command::NudgeLeft10 => {
                match self.span_cursor_here().cloned() {
                    Some(c) => {
                        let w = self.words_of(&c.field);
                        let (start, end) =
                            stretch(&w, (c.start, c.end), cmd == Command::NudgeRight10);
                        self.put_cursor(c.field, start, end);
                    }
                    None => self.walk(true),
                }
                true
            }
            Command::Label(i) => self.mark(i as usize),
            _ => false,
        }
    }

    /// A number key with the cursor on words no span covers: marks them with label `i`, and
    /// the cursor goes on to the next word. Elsewhere the key does what it always does.
    fn mark(&mut self, i: usize) -> bool {
        let Some(c) = self.span_cursor_here().cloned() else {
            return false;
        };
        if self.session.selected.is_some() || self.session.label_name(i).is_none() {
            return false; // on a span: the key renames it
        }
        self.act(Action::Label(i));
        let label = self.session.label_name(i).unwrap_or_default();
        self.act(Action::AddSpan(Span {
            label,
            field: c.field.clone(),
            start: c.start,
            end: c.end,
            text: String::new(),
            attributes: Vec::new(),
        }));
        self.walk(true);
        true
    }

    /// Steps the cursor to the next (or previous) word, into the next field at the end of
    /// one; it starts on the first word.
    fn walk(&mut self, forward: bool) {
        let fields = self.span_fields();
        let here = self.span_cursor_here().cloned();
        let Some(c) = here else {
            if let Some((f, w)) = fields
                .iter()
                .find_map(|f| Some((f, *self.words_of(f).first()?)))
            {
                self.put_cursor(f.clone(), w.0, w.1);
            }
            return;
        };
        let w = self.words_of(&c.field);
        if let Some((a, b)) = step(&w, (c.start, c.end), forward) {
            return self.put_cursor(c.field, a, b);
        }
        // Past the field's end: the first word of the next field with words (or the last
        // of the one before).
        let at = fields.iter().position(|f| *f == c.field).unwrap_or(0);
        let others: Vec<&String> = if forward {
            fields.iter().skip(at + 1).collect()
        } else {
            fields.iter().take(at).rev().collect()
        };
        for f in others {
            let w = self.words_of(f);
            if let Some(&(a, b)) = if forward { w.first() } else { w.last() } {
                return self.put_cursor(f.clone(), a, b);
            }
        }
    }

    /// Sets the cursor; on a span it picks that span, off one it lets a picked span go.
    fn put_cursor(&mut self, field: String, start: usize, end: usize) {
        let Some(item) = self.session.item.as_ref().map(|i| i.id) else {
            return;
        };
        let on = (self.session.annotation.spans.iter())
            .position(|s| s.field == field && s.start <= start && end <= s.end);
        self.span_cursor = Some(SpanCursor {
            item,
            field,
            start,
            end,
            moved: true,
        });
        if on.is_some() || self.session.selected.is_some() {
            self.act(Action::Select(on));
        }
    }

    fn span_fields(&self) -> Vec<String> {
        match &self.session.item {
            Some(item) => crate::ui::text_task::reading_order(&self.session.project.config, item),
            None => Vec::new(),
        }
    }

    /// The words of a field as shown (a very long record is shown, and walked, in part).
    fn words_of(&self, field: &str) -> Vec<(usize, usize)> {
        let text = (self.session.item.as_ref())
            .and_then(|i| i.field_text(field))
            .unwrap_or_default();
        words(crate::ui::text_task::clip(&text).0)
    }
}
