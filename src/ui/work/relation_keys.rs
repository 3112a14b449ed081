//! Relations between spans from the keyboard and the pointer: J on a picked span starts a
//! link from it, a click on another span (or Tab / arrows to it, then Enter or J) ends it
//! with the kind the number keys picked; a click on a relation's tag picks the relation, a
//! number key changes its kind, J turns it round, Delete removes it. Esc lets go of either.

use super::Work;
use crate::core::relations::{Relation, SpanRef};
use crate::session::Action;
use crate::ui::keymap::Command;

/// The relation being made or picked on the item shown, and where the spans were drawn.
#[derive(Debug, Default)]
pub struct Links {
    /// The span a relation is being drawn from (item, span).
    pub from: Option<(i64, SpanRef)>,
    /// The relation picked by a click on its tag (item, index).
    pub picked: Option<(i64, usize)>,
    /// The kind (index into the task's relations) the next link gets.
    pub kind: usize,
    /// Where each span of the item was drawn this frame: the rect of its first row.
    pub anchors: Vec<(SpanRef, egui::Rect)>,
}

impl Work {
    fn item_id(&self) -> Option<i64> {
        self.session.item.as_ref().map(|i| i.id)
    }

    /// The span a relation is being drawn from, on the item shown.
    pub fn linking_from(&self) -> Option<&SpanRef> {
        let id = self.item_id()?;
        (self.links.from.as_ref()).and_then(|(item, r)| (*item == id).then_some(r))
    }

    /// Whether span `a` comes before span `b` as the item reads: an earlier field shown,
    /// or earlier in the same field.
    pub fn comes_before(&self, a: &SpanRef, b: &SpanRef) -> bool {
        let show = &self.session.project.config.task.show;
        let place = |r: &SpanRef| {
            let field = show
                .iter()
                .position(|f| *f == r.field)
                .unwrap_or(usize::MAX);
            (field, r.start)
        };
        place(a) < place(b)
    }

    /// The relation picked on the item shown; a span picked since lets it go (Delete is
    /// then the span's).
    pub fn picked_relation(&self) -> Option<usize> {
        if self.session.selected.is_some() {
            return None;
        }
        let id = self.item_id()?;
        (self.links.picked).and_then(|(item, i)| (item == id).then_some(i))
    }

    pub fn pick_relation(&mut self, i: usize) {
        self.links.picked = self.item_id().map(|id| (id, i));
        self.links.from = None;
        self.act(Action::Select(None));
        self.message = format!(
            "relation picked: a number key changes its kind, {} turns it round, {} removes it, \
             Esc lets it go",
            self.keymap.keys_of(Command::Relate),
            self.keymap.keys_of(Command::Delete)
        );
    }

    /// The picked relation `i` turned round; it stays picked, so a second press turns it
    /// back.
    fn reverse_relation(&mut self, i: usize) {
        let Some(r) = self.session.annotation.relations.get(i).cloned() else {
            return;
        };
        self.act(Action::ReverseRelation(i));
        let rels = &self.session.annotation.relations;
        let now = rels.iter().position(|x| x.from == r.to && x.to == r.from);
        if let (Some(now), Some(id)) = (now, self.item_id()) {
            self.links.picked = Some((id, now));
            let text = |at: &crate::core::relations::SpanRef| {
                let s = self.session.annotation.spans.iter().find(|s| at.is(s));
                s.map(|s| s.text.clone()).unwrap_or_default()
            };
            let l = &rels[now];
            self.message = format!(
                "turned round: “{}” {} → “{}”",
                text(&l.from),
                l.label,
                text(&l.to)
            );
        }
    }

    /// The kind the next link gets, by name.
    pub fn relation_kind(&self) -> Option<&str> {
        let kinds = self.session.project.config.span_relations();
        kinds
            .get(self.links.kind)
            .or(kinds.first())
            .map(String::as_str)
    }

    /// A click on span `i` while a relation is being drawn: the relation ends there. False
    /// when none is being drawn (the click picks the span as it always does).
    pub fn link_to(&mut self, i: usize) -> bool {
        let Some(from) = self.linking_from().cloned() else {
            return false;
        };
        let Some(to) = self.session.annotation.spans.get(i).map(SpanRef::of) else {
            return false;
        };
        let label = self.relation_kind().unwrap_or_default().to_string();
        self.links.from = None;
        let text = |r: &SpanRef| {
            let s = self.session.annotation.spans.iter().find(|s| r.is(s));
            s.map(|s| s.text.clone()).unwrap_or_default()
        };
        let arrow = crate::ui::relations_view::arrow(self, &label);
        let said = format!("“{}” {label} {arrow} “{}”", text(&from), text(&to));
        let before = self.session.annotation.relations.clone();
        self.act(Action::AddRelation(Relation { label, from, to }));
        if self.session.annotation.relations != before {
            self.message = said;
        }
        true
    }

    /// J, Enter, number keys and Delete while a relation is made or picked; false leaves the
    /// command to the others.
    pub(super) fn relation_key(&mut self, cmd: Command) -> bool {
        let kinds = self.session.project.config.span_relations().len();
        if cmd == Command::Relate && (kinds == 0 || !self.session.has_spans()) {
            self.message = crate::session::NO_RELATIONS.into();
            return true;
        }
        if let Some(i) = self.picked_relation() {
            match cmd {
                Command::Label(k) if (k as usize) < kinds => {
                    self.act(Action::RelabelRelation(i, k as usize));
                    self.links.kind = k as usize;
                    return true;
                }
                Command::Delete => {
                    self.links.picked = None;
                    self.act(Action::DeleteRelation(i));
                    return true;
                }
                Command::Relate => {
                    self.reverse_relation(i);
                    return true;
                }
                _ => self.links.picked = None,
            }
        }
        if self.linking_from().is_some() {
            match cmd {
                Command::Label(k) if (k as usize) < kinds => {
                    self.links.kind = k as usize;
                    self.say_linking();
                    return true;
                }
                Command::Relate | Command::Submit => {
                    match self.session.selected {
                        Some(i) if !self.linked_from(i) => {
                            self.link_to(i);
                        }
                        _ => {
                            self.message = "pick the span it points to (Tab, or the arrows), \
                                            then Enter — or click it"
                                .into()
                        }
                    }
                    return true;
                }
                Command::Delete => {
                    self.links.from = None;
                    self.message = "no relation made".into();
                    return true;
                }
                _ => return false,
            }
        }
        if cmd != Command::Relate {
            return false;
        }
        let from = self.session.selected.and_then(|i| {
            let s = self.session.annotation.spans.get(i)?;
            Some(SpanRef::of(s))
        });
        match (from, self.item_id()) {
            (Some(from), Some(id)) => {
                self.links.from = Some((id, from));
                self.say_linking();
            }
            _ => {
                self.message = format!(
                    "pick a span first (click it, or {}), then {} links it to another",
                    self.keymap.keys_of(Command::SelectNext),
                    self.keymap.keys_of(Command::Relate)
                )
            }
        }
        true
    }

    fn linked_from(&self, i: usize) -> bool {
        let s = self.session.annotation.spans.get(i);
        s.zip(self.linking_from()).is_some_and(|(s, r)| r.is(s))
    }

    fn say_linking(&mut self) {
        let text = (self.linking_from())
            .and_then(|r| self.session.annotation.spans.iter().find(|s| r.is(s)))
            .map(|s| s.text.clone())
            .unwrap_or_default();
        self.message = format!(
            "{} from “{text}”: click the span it points to (or pick it with {} / arrows, then Enter) · a number key picks the kind · Esc drops it",
            self.relation_kind().unwrap_or_default(),
            self.keymap.keys_of(Command::SelectNext),
        );
    }

    /// Esc lets go of a relation being made or picked, before it reaches anything else.
    pub(super) fn relation_escape(&mut self, ui: &mut egui::Ui) {
        if (self.linking_from().is_some() || self.picked_relation().is_some())
            && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
        {
            if self.links.from.take().is_some() {
                self.message = "no relation made".into();
            }
            self.links.picked = None;
        }
    }
}
