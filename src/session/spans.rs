//! Spans on a text item: marking a stretch of a field with the current label, renaming and
//! removing the selected one.

use super::{Action, NO_LABELS, Outcome, Session};
use crate::core::Span;
use crate::core::config::ControlKind;
use crate::store::StoreError;

/// Said when spans are to be linked on a task that names no kinds of link.
pub const NO_RELATIONS: &str = "this task links no spans: add `relations = [\"works_at\", …]` \
                                to its spans control in keylabel.toml";

impl Session {
    /// True when number keys set span labels (a spans control exists).
    pub fn has_spans(&self) -> bool {
        self.project.config.has_control(ControlKind::Spans)
    }

    /// The actions on spans, where the task marks them; `Err(action)` gives any other back.
    // The `Err` is no error but the action handed on, moved once per key press.
    #[allow(clippy::result_large_err)]
    pub(super) fn apply_span_action(
        &mut self,
        action: Action,
    ) -> Result<Result<Outcome, StoreError>, Action> {
        if !self.has_spans() {
            return Err(action);
        }
        Ok(match action {
            Action::AddSpan(span) => self.add_span(span),
            Action::Label(i) => {
                self.label_shape(i, |a, s| a.spans.get_mut(s).map(|x| &mut x.label))
            }
            Action::DeleteSelected => {
                let Some(i) = self.selected.filter(|i| *i < self.annotation.spans.len()) else {
                    return Ok(Ok(Outcome::Unchanged));
                };
                let mut ann = self.annotation.clone();
                ann.spans.remove(i);
                self.selected = None;
                self.save(ann)
            }
            Action::AddRelation(r) => self.add_relation(r),
            Action::ToggleAttribute(a) => self.toggle_span_attribute(a),
            Action::DeleteRelation(i) => {
                let mut ann = self.annotation.clone();
                if i >= ann.relations.len() {
                    return Ok(Ok(Outcome::Unchanged));
                }
                ann.relations.remove(i);
                self.save(ann)
            }
            Action::ReverseRelation(i) => {
                let mut ann = self.annotation.clone();
                let Some(r) = ann.relations.get(i).cloned() else {
                    return Ok(Ok(Outcome::Unchanged));
                };
                if self.project.config.span_symmetric().contains(&r.label) {
                    return Ok(Ok(Outcome::Message(format!(
                        "“{}” goes both ways: nothing to turn round",
                        r.label
                    ))));
                }
                let back = (ann.relations.iter()).position(|x| x.from == r.to && x.to == r.from);
                match back {
                    Some(j) => {
                        ann.relations[j].label = r.label;
                        ann.relations.remove(i);
                    }
                    None => {
                        let x = &mut ann.relations[i];
                        std::mem::swap(&mut x.from, &mut x.to);
                    }
                }
                self.save(ann)
            }
            Action::RelabelRelation(i, l) => {
                let Some(label) = self.project.config.span_relations().get(l).cloned() else {
                    return Ok(Ok(Outcome::Unchanged));
                };
                let mut ann = self.annotation.clone();
                match ann.relations.get_mut(i) {
                    Some(r) if r.label != label => r.label = label,
                    _ => return Ok(Ok(Outcome::Unchanged)),
                }
                self.save(ann)
            }
            other => return Err(other),
        })
    }

    /// Alt+digit: the task's span attribute `a` (negated, uncertain…) on the picked span, on
    /// or off.
    fn toggle_span_attribute(&mut self, a: usize) -> Result<Outcome, StoreError> {
        let order = self.project.config.span_attributes().to_vec();
        self.toggle_shape_attribute(a, &order, "span", |ann, i| {
            let s = ann.spans.get_mut(i)?;
            Some((&mut s.attributes, format!("“{}”", s.text)))
        })
    }

    /// Links two spans of the item's answer; a link to a span that is not there, or to itself,
    /// or of a kind the task lacks, is refused with what to do.
    fn add_relation(&mut self, r: crate::core::Relation) -> Result<Outcome, StoreError> {
        use crate::core::relations::{find, put};
        if !self.project.config.span_relations().contains(&r.label) {
            return Ok(Outcome::Message(NO_RELATIONS.into()));
        }
        let spans = &self.annotation.spans;
        if find(spans, &r.from).is_none() || find(spans, &r.to).is_none() {
            return Ok(Outcome::Unchanged);
        }
        if r.from == r.to {
            return Ok(Outcome::Message(
                "a relation links two spans: pick the other one".into(),
            ));
        }
        let mut ann = self.annotation.clone();
        put(&mut ann.relations, r, self.project.config.span_symmetric());
        self.save(ann)
    }

    /// Whether a model gives this task's segments or spans (their control has a `prefill`).
    pub fn models_segments_or_spans(&self) -> bool {
        (self.project.config.controls.iter()).any(|c| {
            matches!(c.kind, ControlKind::Segments | ControlKind::Spans) && c.prefill.is_some()
        })
    }

    /// The spans a model gave for the current item (the record's field the spans control's
    /// `prefill` names), with the field a span is on when it does not say.
    pub fn model_spans(&self) -> Option<(&serde_json::Value, Option<&str>)> {
        let cfg = &self.project.config;
        let control = cfg.controls.iter().find(|c| c.kind == ControlKind::Spans)?;
        let value = self.item.as_ref()?.data.get(control.prefill.as_deref()?)?;
        Some((value, crate::core::suggestion::span_field(cfg, control)))
    }

    /// An item nobody answered starts from the spans a model marked in the record's field
    /// the spans control's `prefill` names; true when there are any.
    pub(super) fn suggest_spans(&mut self) -> bool {
        let Some((value, default_field)) = self.model_spans() else {
            return false;
        };
        let cfg = &self.project.config;
        let Some(control) = cfg.controls.iter().find(|c| c.kind == ControlKind::Spans) else {
            return false;
        };
        let Some(item) = &self.item else {
            return false;
        };
        let each =
            crate::core::spans::suggested_each(value, &cfg.labels, default_field, &item.data);
        let relations = (control.prefill_relations.as_deref())
            .and_then(|f| item.data.get(f))
            .map(|v| crate::core::relations::suggested(v, value, &each, &control.relations))
            .unwrap_or_default();
        let mut spans = Vec::new();
        let kept = cfg.span_attributes();
        for mut s in each.into_iter().flatten() {
            // Only the task's attributes, in its order (a model's other flags are not asked).
            s.attributes.retain(|a| kept.contains(a));
            s.attributes
                .sort_by_key(|a| kept.iter().position(|k| k == a));
            crate::core::spans::place(&mut spans, s);
        }
        if spans.is_empty() {
            return false;
        }
        self.annotation.spans = spans;
        let both_ways = cfg.span_symmetric();
        self.annotation.relations = (relations.into_iter())
            .map(|r| crate::core::relations::canonical(r, both_ways))
            .collect();
        // A span the model gave twice, overlapping, kept once: its links to the other go.
        crate::core::relations::prune(&mut self.annotation);
        true
    }

    /// Marks characters `start..end` of `span.field` (taken as the item has them: the text
    /// is read from the record, not trusted from the caller).
    fn add_span(&mut self, span: Span) -> Result<Outcome, StoreError> {
        if span.label.is_empty() {
            return Ok(Outcome::Message(NO_LABELS.into()));
        }
        let Some(text) = self.item.as_ref().and_then(|i| i.field_text(&span.field)) else {
            return Ok(Outcome::Unchanged);
        };
        let n = text.chars().count();
        let (start, end) = (span.start.min(n), span.end.min(n));
        if start >= end {
            return Ok(Outcome::Unchanged);
        }
        let span = Span {
            text: text.chars().skip(start).take(end - start).collect(),
            start,
            end,
            ..span
        };
        if self.annotation.spans.contains(&span) {
            self.selected = self.annotation.spans.iter().position(|s| *s == span);
            return Ok(Outcome::Unchanged);
        }
        let mut ann = self.annotation.clone();
        let at = crate::core::spans::place(&mut ann.spans, span);
        let o = self.save(ann)?;
        self.selected = Some(at);
        self.just_drawn = true;
        Ok(o)
    }
}
