//! Answers to the questions of text, evaluation and audio tasks: which control the number
//! keys answer, what a key means for each control type, prefilled texts and suggested
//! answers.

use super::{Action, Outcome, Session};
use crate::core::Annotation;
use crate::core::config::ControlKind;
use crate::store::StoreError;
use serde_json::Value;

impl Session {
    /// Indices of the controls number keys can answer (all but boxes and text).
    pub fn answerable(&self) -> Vec<usize> {
        self.project
            .config
            .controls
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                !matches!(
                    c.kind,
                    ControlKind::Boxes
                        | ControlKind::Text
                        | ControlKind::Segments
                        | ControlKind::Spans
                )
            })
            .map(|(i, _)| i)
            .filter(|&i| self.is_asked(i))
            .collect()
    }

    /// Which questions this item asks (a follow-up only after its answers), given the
    /// answers so far, suggested ones included.
    pub fn asked(&self) -> Vec<bool> {
        self.asked_in(&self.annotation)
    }

    /// Whether control `i` is asked on this item now.
    pub fn is_asked(&self, i: usize) -> bool {
        let cfg = &self.project.config;
        // Most questions are always asked: no need to look at the answers.
        match cfg.controls.get(i) {
            Some(c) if c.when.is_empty() => true,
            Some(_) => self.asked().get(i).copied().unwrap_or(false),
            None => false,
        }
    }

    fn asked_in(&self, ann: &Annotation) -> Vec<bool> {
        let cfg = &self.project.config;
        // No follow-ups (most tasks): every question, without reading a suggestion.
        if cfg.controls.iter().all(|c| c.when.is_empty()) {
            return vec![true; cfg.controls.len()];
        }
        let data = self.item.as_ref().map(|i| &i.data);
        cfg.asked(|i| {
            let c = &cfg.controls[i];
            (ann.fields.get(&c.name).cloned()).or_else(|| {
                let data = data.filter(|_| c.kind != ControlKind::Text)?;
                crate::core::suggestion::suggested(c, &cfg.labels, data)
            })
        })
    }

    /// Takes out the answers of questions `ann` no longer asks (a post's severity once it is
    /// "ok" again): no export carries an answer to a question not asked.
    pub(super) fn drop_unasked(&self, ann: &mut Annotation) {
        let cfg = &self.project.config;
        let asked = self.asked_in(ann);
        let mut dropped = false;
        for (c, asked) in cfg.controls.iter().zip(asked) {
            if !asked {
                dropped |= ann.fields.remove(&c.name).is_some();
            }
        }
        if dropped {
            self.sync_labels(ann);
        }
    }

    /// The active question was hidden (an undo took back the answer that asked it): the
    /// keys go on to the next one asked.
    pub(super) fn keep_active_asked(&mut self) {
        if !self.is_asked(self.active_control) {
            self.next_control();
        }
    }

    /// The current answer of a control, as stored in `fields`.
    pub fn answer(&self, control: &str) -> Option<&serde_json::Value> {
        self.annotation.fields.get(control)
    }

    /// Number key `n` on the active control. One key, one decision.
    pub(super) fn answer_key(&mut self, n: usize) -> Result<Outcome, StoreError> {
        let Some(control) = self
            .project
            .config
            .controls
            .get(self.active_control)
            .cloned()
        else {
            return Ok(Outcome::Unchanged);
        };
        let choices = control.choices(&self.project.config.labels);
        let Some(choice) = choices
            .get(n)
            .cloned()
            .filter(|_| self.is_asked(self.active_control))
        else {
            return Ok(Outcome::Unchanged);
        };
        let mut ann = self.annotation.clone();
        let list = |v: Option<&Value>| -> Vec<String> {
            v.and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        };
        let value = match control.kind {
            ControlKind::Choice => Value::String(choice),
            ControlKind::Rating => Value::from(n as u64 + 1),
            ControlKind::MultiChoice | ControlKind::Flags => {
                // Unanswered, a key changes the suggested options rather than starting over.
                let suggested = self.suggestion(self.active_control);
                let mut v = list(ann.fields.get(&control.name).or(suggested.as_ref()));
                match v.iter().position(|x| *x == choice) {
                    Some(p) => {
                        v.remove(p);
                    }
                    // An option that stands alone replaces the others, and the others replace it.
                    None if control.exclusive.contains(&choice) => v = vec![choice],
                    None => {
                        v.retain(|x| !control.exclusive.contains(x));
                        v.push(choice);
                    }
                }
                // Kept in the order of the options, whatever the order of the keys.
                v.sort_by_key(|x| choices.iter().position(|c| c == x));
                Value::from(v)
            }
            ControlKind::Compare if control.fields.len() >= 3 => {
                // Ranking: each key adds that response next; pressing one already ranked
                // takes it and those after it back.
                let mut v = list(ann.fields.get(&control.name));
                match v.iter().position(|x| *x == choice) {
                    Some(p) => v.truncate(p),
                    None => v.push(choice),
                }
                Value::from(v)
            }
            ControlKind::Compare => Value::String(choice),
            ControlKind::Boxes | ControlKind::Text | ControlKind::Segments | ControlKind::Spans => {
                return Ok(Outcome::Unchanged);
            }
        };
        ann.fields.insert(control.name.clone(), value);
        self.sync_labels(&mut ann);
        let was_asked = self.asked();
        let o = self.save(ann)?;
        if self.answer_submits() {
            return self.apply_action(Action::Submit);
        }
        // Several controls: a single-valued answer moves the keys to the next question —
        // the follow-up it just asked, a text field too (a rating of 1 asks why).
        if matches!(control.kind, ControlKind::Choice | ControlKind::Rating)
            || (control.kind == ControlKind::Compare && control.fields.len() < 3)
        {
            let now_asked = self.asked();
            let follow_up = (0..now_asked.len())
                .find(|&i| now_asked[i] && !was_asked.get(i).copied().unwrap_or(true));
            match follow_up.filter(|i| self.tab_order().contains(i)) {
                Some(i) => self.active_control = i,
                None => self.next_control(),
            }
        }
        Ok(o)
    }

    /// The text a text control starts from: its answer, else the item's prefill field.
    pub fn text_of(&self, control: &crate::core::Control) -> String {
        if let Some(Value::String(t)) = self.annotation.fields.get(&control.name) {
            return t.clone();
        }
        control
            .prefill
            .as_ref()
            .and_then(|f| self.item.as_ref()?.data.get(f))
            .map(crate::core::conversation::text_to_correct)
            .unwrap_or_default()
    }

    /// The answer the item's `prefill` field suggests for question `ci` while it has none
    /// (choices, options, ratings; a text's shows in its field).
    pub fn suggestion(&self, ci: usize) -> Option<Value> {
        let c = self.project.config.controls.get(ci)?;
        if c.kind == ControlKind::Text || self.annotation.fields.contains_key(&c.name) {
            return None;
        }
        let item = self.item.as_ref()?;
        crate::core::suggestion::suggested(c, &self.project.config.labels, &item.data)
    }

    /// A prefilled text or a suggested answer accepted as it is still counts as the answer.
    pub(super) fn fill_prefills(&mut self) -> Result<(), StoreError> {
        let mut ann = self.annotation.clone();
        for (ci, c) in self.project.config.controls.iter().enumerate() {
            if c.prefill.is_none() || ann.fields.contains_key(&c.name) {
                continue;
            }
            // Asked or not by the answers filled so far: a follow-up comes after its question.
            if !self.asked_in(&ann)[ci] {
                continue;
            }
            if c.kind == ControlKind::Text {
                let t = self.text_of(c);
                if !t.is_empty() {
                    ann.fields.insert(c.name.clone(), Value::String(t));
                }
            } else if let Some(v) = self.suggestion(ci) {
                ann.fields.insert(c.name.clone(), v);
            }
        }
        // A model's spans accepted as they are are the answer too.
        if ann != self.annotation || self.shapes_suggested {
            self.sync_labels(&mut ann);
            self.save(ann)?;
        }
        Ok(())
    }

    /// The first required control this item has no answer to.
    pub fn missing_required(&self) -> Option<usize> {
        (0..self.project.config.controls.len()).find(|&i| self.missing_required_of(i))
    }

    /// The first box with no text and no attribute ticked, in a task whose boxes each have a
    /// text (OCR): a box drawn and then forgotten would go out as `###`, "not readable".
    pub fn box_without_text(&self) -> Option<usize> {
        if !self.project.config.box_text() {
            return None;
        }
        (self.annotation.boxes.iter())
            .position(|b| b.text.trim().is_empty() && b.attributes.is_empty())
    }

    /// The first text answer outside its question's word limits, and what is wrong with it.
    pub fn words_problem(&self) -> Option<(usize, String)> {
        let controls = &self.project.config.controls;
        controls.iter().enumerate().find_map(|(i, c)| {
            let text = match self.annotation.fields.get(&c.name) {
                Some(Value::String(t)) => t,
                _ => return None,
            };
            Some(i).zip(c.words_problem(text))
        })
    }

    /// Whether control `i` is required and still has no answer.
    pub fn missing_required_of(&self, i: usize) -> bool {
        // Where the answer's key is the submit, Enter on an unanswered item is a slip (a
        // habit of "4, Enter" would submit the next item blank): its one question is
        // required. Skip is there for an item that cannot be answered.
        let implied = self.answer_submits();
        self.project
            .config
            .controls
            .get(i)
            .is_some_and(|c| (c.required || implied) && !answered(c, &self.annotation))
            && self.is_asked(i)
    }

    /// One question only, answered by one key, with `advance_on_choice`: the key that
    /// answers also submits and moves on.
    pub fn answer_submits(&self) -> bool {
        let config = &self.project.config;
        config.task.advance_on_choice
            && matches!(config.controls.as_slice(), [c] if match c.kind {
                ControlKind::Choice | ControlKind::Rating => true,
                ControlKind::Compare => c.fields.len() < 3,
                _ => false,
            })
    }

    /// `labels` holds the answers of the choice controls that pick among the labels.
    pub(super) fn sync_labels(&self, ann: &mut Annotation) {
        let mut labels: Vec<String> = Vec::new();
        for c in &self.project.config.controls {
            if !matches!(c.kind, ControlKind::Choice | ControlKind::MultiChoice)
                || !c.options.is_empty()
            {
                continue;
            }
            match ann.fields.get(&c.name) {
                Some(Value::String(s)) => labels.push(s.clone()),
                Some(Value::Array(a)) => {
                    labels.extend(a.iter().filter_map(|x| x.as_str().map(str::to_string)))
                }
                _ => {}
            }
        }
        ann.labels = labels;
    }

    /// Review: shows annotator `by`'s answer on the item, or with `None` the answer after
    /// the one shown (newest first, round). A change then starts from it.
    pub(super) fn show_other_answer(&mut self, by: Option<&str>) -> Result<Outcome, StoreError> {
        let Some(item) = &self.item else {
            return Ok(Outcome::Unchanged);
        };
        let answers = self.project.store.answers(item.id)?;
        if answers.len() < 2 {
            return Ok(Outcome::Message(
                "no other answer on this item to compare".into(),
            ));
        }
        let who = self.project.annotator.clone();
        let shown = self.answer_by.clone().unwrap_or_else(|| who.clone());
        let i = match by {
            Some(by) => answers.iter().position(|(w, _)| w == by),
            None => Some(
                answers
                    .iter()
                    .position(|(w, _)| *w == shown)
                    .map_or(0, |i| (i + 1) % answers.len()),
            ),
        };
        let Some(i) = i else {
            return Ok(Outcome::Unchanged);
        };
        let (by, ann) = answers[i].clone();
        self.annotation = ann;
        self.annotation
            .answer_from_labels(&self.project.config.controls);
        self.selected = None;
        self.answer_by = (by != who).then(|| by.clone());
        Ok(Outcome::Message(format!(
            "showing {by}'s answer ({} of {}); a change starts from it",
            i + 1,
            answers.len()
        )))
    }

    /// After a single-valued answer: the next question the number keys answer (a text
    /// field is only entered with Tab, so Enter after a key still submits).
    pub(super) fn next_control(&mut self) {
        self.active_control = step(&self.answerable(), self.active_control, true);
    }

    /// Tab / Shift+Tab: the next (or previous) question, text fields included, round the end.
    pub(super) fn step_control(&mut self, forward: bool) {
        self.active_control = step(&self.tab_order(), self.active_control, forward);
    }

    /// The questions Tab visits: those the number keys answer, and the text fields.
    pub fn tab_order(&self) -> Vec<usize> {
        let controls = &self.project.config.controls;
        (0..controls.len())
            .filter(|&i| {
                !matches!(
                    controls[i].kind,
                    ControlKind::Boxes | ControlKind::Segments | ControlKind::Spans
                ) && self.is_asked(i)
            })
            .collect()
    }

    /// Whether the active question is a text field (the UI gives it the keyboard).
    pub fn text_active(&self) -> bool {
        self.project
            .config
            .controls
            .get(self.active_control)
            .is_some_and(|c| c.kind == ControlKind::Text)
    }

    /// A text field was clicked into: it becomes the active question.
    pub(super) fn enter_text(&mut self, control: usize) {
        if self.tab_order().contains(&control) {
            self.active_control = control;
        }
    }

    /// A text field was left (Esc, a click elsewhere): the keys go to the next question
    /// they can answer.
    pub(super) fn leave_text(&mut self) {
        if self.text_active() {
            self.next_control();
        }
    }
}

/// The control after (or before) `at` in `order`, by position in the config, round the end;
/// `at` itself when `order` is empty.
fn step(order: &[usize], at: usize, forward: bool) -> usize {
    let next = if forward {
        order.iter().find(|&&i| i > at).or(order.first())
    } else {
        order.iter().rev().find(|&&i| i < at).or(order.last())
    };
    next.copied().unwrap_or(at)
}

/// Whether `ann` answers `control`: boxes or segments drawn, a choice made, a rating given,
/// a list with something in it, a text not blank.
fn answered(control: &crate::core::Control, ann: &Annotation) -> bool {
    match control.kind {
        ControlKind::Boxes => !ann.boxes.is_empty(),
        ControlKind::Segments => !ann.segments.is_empty(),
        ControlKind::Spans => !ann.spans.is_empty(),
        _ => match ann.fields.get(&control.name) {
            None | Some(Value::Null) => false,
            Some(Value::String(s)) => !s.trim().is_empty(),
            Some(Value::Array(a)) => !a.is_empty(),
            Some(_) => true,
        },
    }
}
