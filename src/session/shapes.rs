//! Boxes and segments: drawing, moving, picking and naming them, and the label keys that
//! name them.

use super::{Action, NO_LABELS, Outcome, Session};
use crate::core::{Annotation, BoxAnn};
use crate::store::StoreError;

impl Session {
    /// The shape a label key renames: the selected one, unless it was just drawn and the
    /// task names shapes before drawing them; then the key ends that selection instead.
    pub(super) fn relabel_target(&mut self) -> Option<usize> {
        if self.just_drawn && !self.project.config.task.label_after_drawing {
            self.selected = None;
            self.just_drawn = false;
            return None;
        }
        self.selected
    }

    /// The text of a shape (`what`: "box" or "segment", and its place), set while it is
    /// typed: a burst of typing in one shape is one undo step.
    pub(super) fn set_shape_text(
        &mut self,
        typing: Option<String>,
        (what, i): (&str, usize),
        text: String,
        field: impl FnOnce(&mut Annotation) -> Option<&mut String>,
    ) -> Result<Outcome, StoreError> {
        let mut ann = self.annotation.clone();
        let Some(t) = field(&mut ann) else {
            return Ok(Outcome::Unchanged);
        };
        *t = text;
        // No control has this name.
        let key = format!("\u{0}{what} {i}");
        let merge = typing.as_deref() == Some(key.as_str());
        self.typing = Some(key);
        self.save_as(ann, merge)
    }

    /// The segments a model gave for the current item: the record's field the segments
    /// control's `prefill` names, with the clip's length in seconds.
    pub fn model_segments(&self) -> Option<(&serde_json::Value, Option<f64>)> {
        let field = (self.project.config.controls.iter())
            .find(|c| c.kind == crate::core::config::ControlKind::Segments)
            .and_then(|c| c.prefill.as_deref())?;
        let item = self.item.as_ref()?;
        let duration = item.duration_ms.map(|ms| ms as f64 / 1000.0);
        Some((item.data.get(field)?, duration))
    }

    /// An item nobody answered starts from the segments a model gave in the record's field
    /// the segments control's `prefill` names; true when there are any.
    pub(super) fn suggest_segments(&mut self) -> bool {
        let Some((value, duration)) = self.model_segments() else {
            return false;
        };
        let labels = &self.project.config.labels;
        let segments = crate::core::segments::suggested(value, labels, duration);
        if segments.is_empty() {
            return false;
        }
        self.annotation.segments = segments;
        true
    }

    /// The actions on boxes and segments; any other action changes nothing here.
    pub(super) fn apply_shape_action(&mut self, action: Action) -> Result<Outcome, StoreError> {
        let action = match self.apply_span_action(action) {
            Ok(done) => return done,
            Err(other) => other,
        };
        let who = self.project.annotator.clone();
        match action {
            Action::Label(i) if self.has_segments() => {
                self.label_shape(i, |a, s| a.segments.get_mut(s).map(|x| &mut x.label))
            }
            Action::Label(i) if self.has_boxes() => {
                self.label_shape(i, |a, s| a.boxes.get_mut(s).map(|x| &mut x.label))
            }
            Action::Label(i) => self.answer_key(i),
            // Boxes only where the task asks for them (a drag on a classification image is
            // no answer).
            Action::AddBox(_) | Action::SetBox(..) | Action::PastePrevious if !self.has_boxes() => {
                Ok(Outcome::Unchanged)
            }
            Action::AddBox(b) if b.label.is_empty() => Ok(Outcome::Message(NO_LABELS.into())),
            Action::AddBox(b) => {
                let Some(b) = self.clamp(&b) else {
                    return Ok(Outcome::Unchanged);
                };
                let mut ann = self.annotation.clone();
                ann.boxes.push(b);
                let o = self.save(ann)?;
                self.selected = Some(self.annotation.boxes.len() - 1);
                self.just_drawn = true;
                Ok(o)
            }
            Action::SetBox(i, b) => {
                if i >= self.annotation.boxes.len() {
                    return Ok(Outcome::Unchanged);
                }
                let Some(b) = self.clamp(&b) else {
                    return Ok(Outcome::Unchanged);
                };
                let mut ann = self.annotation.clone();
                ann.boxes[i] = b;
                self.save(ann)
            }
            Action::AddSegment(seg) if seg.label.is_empty() => {
                Ok(Outcome::Message(NO_LABELS.into()))
            }
            Action::AddSegment(seg) => {
                let Some(seg) = self.clamp_segment(&seg) else {
                    return Ok(Outcome::Unchanged);
                };
                let mut ann = self.annotation.clone();
                ann.segments.push(seg.clone());
                ann.segments.sort_by(|a, b| a.start_s.total_cmp(&b.start_s));
                let o = self.save(ann)?;
                self.selected = self.annotation.segments.iter().position(|s| *s == seg);
                self.just_drawn = true;
                Ok(o)
            }
            Action::SetSegment(i, seg) => {
                if i >= self.annotation.segments.len() {
                    return Ok(Outcome::Unchanged);
                }
                let Some(seg) = self.clamp_segment(&seg) else {
                    return Ok(Outcome::Unchanged);
                };
                let mut ann = self.annotation.clone();
                ann.segments[i] = seg;
                self.save(ann)
            }
            Action::SetSegments(segs) => {
                if segs.len() != self.annotation.segments.len() {
                    return Ok(Outcome::Unchanged);
                }
                let mut ann = self.annotation.clone();
                for (old, new) in ann.segments.iter_mut().zip(&segs) {
                    if let Some(new) = self.clamp_segment(new) {
                        *old = new;
                    }
                }
                self.save(ann)
            }
            Action::SplitSegment(i, at) => {
                let Some((a, b)) = (self.annotation.segments.get(i))
                    .and_then(|s| crate::core::segments::split(s, at))
                else {
                    return Ok(Outcome::Message(
                        "nothing to split: put the playhead inside a segment, away from its edges"
                            .into(),
                    ));
                };
                let said = format!("split at {at:.2} s: “{}” | “{}”", a.text, b.text);
                let mut ann = self.annotation.clone();
                ann.segments[i] = a;
                ann.segments.insert(i + 1, b);
                self.save(ann)?;
                self.selected = Some(i + 1);
                self.just_drawn = false;
                Ok(Outcome::Message(said))
            }
            Action::MergeSegment(i) => {
                let segs = &self.annotation.segments;
                let Some(s) = segs.get(i) else {
                    return Ok(Outcome::Unchanged);
                };
                // The next in time: the first to start after this one does.
                let next = (0..segs.len())
                    .filter(|&j| j != i && segs[j].start_s >= s.start_s)
                    .min_by(|&a, &b| segs[a].start_s.total_cmp(&segs[b].start_s));
                let Some(j) = next else {
                    return Ok(Outcome::Message(
                        "no segment after this one to merge".into(),
                    ));
                };
                let merged = crate::core::segments::merge(s, &segs[j]);
                let said = format!(
                    "merged: {:.2}–{:.2} s “{}”",
                    merged.start_s, merged.end_s, merged.text
                );
                let mut ann = self.annotation.clone();
                ann.segments[i] = merged;
                ann.segments.remove(j);
                self.save(ann)?;
                self.selected = Some(if j < i { i - 1 } else { i });
                Ok(Outcome::Message(said))
            }
            Action::DeleteSelected if self.has_segments() => {
                let Some(i) = self
                    .selected
                    .filter(|i| *i < self.annotation.segments.len())
                else {
                    return Ok(Outcome::Unchanged);
                };
                let mut ann = self.annotation.clone();
                ann.segments.remove(i);
                self.selected = None;
                self.save(ann)
            }
            Action::DeleteSelected => {
                let Some(i) = self.selected.filter(|i| *i < self.annotation.boxes.len()) else {
                    return Ok(Outcome::Unchanged);
                };
                let mut ann = self.annotation.clone();
                ann.boxes.remove(i);
                self.selected = None;
                self.save(ann)
            }
            Action::DuplicateSelected => {
                let Some(b) = self
                    .selected
                    .and_then(|i| self.annotation.boxes.get(i))
                    .cloned()
                else {
                    return Ok(Outcome::Unchanged);
                };
                let shifted = b.placed(b.x + 10.0, b.y + 10.0, b.w, b.h);
                let o = self.apply_action(Action::AddBox(shifted));
                // A copy is made to be changed: its label key renames it.
                self.just_drawn = false;
                o
            }
            Action::PastePrevious => {
                let Some(&prev) = self.pos.checked_sub(1).and_then(|p| self.ids.get(p)) else {
                    return Ok(Outcome::Message("no previous item".into()));
                };
                let boxes = self
                    .project
                    .store
                    .shown_annotation(prev, &who)?
                    .map(|(_, a)| a.boxes)
                    .unwrap_or_default();
                if boxes.is_empty() {
                    return Ok(Outcome::Message("the previous item has no boxes".into()));
                }
                let mut ann = self.annotation.clone();
                // A box already here is not stacked again (a second Ctrl+V would otherwise
                // double every box, invisibly, in the export).
                let new: Vec<BoxAnn> = boxes
                    .iter()
                    .filter_map(|b| self.clamp(b))
                    .filter(|b| !ann.boxes.iter().any(|have| same_box(have, b)))
                    .collect();
                if new.is_empty() {
                    return Ok(Outcome::Message(
                        "the previous item's boxes are here already".into(),
                    ));
                }
                ann.boxes.extend(new);
                self.save(ann)
            }
            Action::Select(i) => {
                // A pick (a click, a drag of another box): the label keys rename it now.
                self.selected = i.filter(|i| *i < self.shapes_len());
                self.just_drawn = false;
                Ok(Outcome::Unchanged)
            }
            Action::SelectPrev => {
                let n = self.shapes_len();
                self.selected = (n > 0).then(|| self.selected.map_or(n - 1, |i| (i + n - 1) % n));
                self.just_drawn = false;
                Ok(Outcome::Unchanged)
            }
            Action::SelectNext => {
                let n = self.shapes_len();
                self.selected = (n > 0).then(|| self.selected.map_or(0, |i| (i + 1) % n));
                self.just_drawn = false;
                Ok(Outcome::Unchanged)
            }
            Action::Nudge(dx, dy) => {
                let Some(i) = self.selected else {
                    return Ok(Outcome::Unchanged);
                };
                let Some(b) = self.annotation.boxes.get(i).cloned() else {
                    return Ok(Outcome::Unchanged);
                };
                let Some(item) = &self.item else {
                    return Ok(Outcome::Unchanged);
                };
                let (w, h) = (
                    item.width.unwrap_or(0) as f32,
                    item.height.unwrap_or(0) as f32,
                );
                // Nudging moves the box whole: it stops at the image edge instead of shrinking
                // (a turned box is kept whole inside when it is stored).
                let (x, y) = if b.is_rotated() {
                    (b.x + dx, b.y + dy)
                } else {
                    let x = (b.x + dx).clamp(0.0, (w - b.w).max(0.0));
                    (x, (b.y + dy).clamp(0.0, (h - b.h).max(0.0)))
                };
                self.apply_action(Action::SetBox(i, b.placed(x, y, b.w, b.h)))
            }
            Action::Rotate(deg) => {
                if !self.project.config.box_rotated() {
                    return Ok(Outcome::Message(format!(
                        "boxes stay upright in this task: to turn them, add `rotated = true` to the boxes control in {}",
                        self.project.config_path().display()
                    )));
                }
                let Some(i) = self.selected.filter(|&i| i < self.annotation.boxes.len()) else {
                    return Ok(Outcome::Message(
                        "select a box to turn (click it, or Tab)".into(),
                    ));
                };
                let turned = self.annotation.boxes[i].rotated_by(deg);
                self.apply_action(Action::SetBox(i, turned))
            }
            Action::ToggleAttribute(a) => self.toggle_attribute(a),
            _ => Ok(Outcome::Unchanged),
        }
    }

    /// Number key `i` on a task that draws shapes: the label of the next one, and the new
    /// label of the one picked (`label_of` finds a shape's label in an answer).
    pub(super) fn label_shape(
        &mut self,
        i: usize,
        label_of: fn(&mut Annotation, usize) -> Option<&mut String>,
    ) -> Result<Outcome, StoreError> {
        let Some(name) = self.label_name(i) else {
            return Ok(Outcome::Unchanged);
        };
        self.current_label = i;
        let Some(sel) = self.relabel_target() else {
            return Ok(Outcome::Unchanged);
        };
        let mut ann = self.annotation.clone();
        match label_of(&mut ann, sel) {
            Some(label) if *label != name => {
                *label = name;
                self.save(ann)
            }
            _ => Ok(Outcome::Unchanged),
        }
    }

    /// Turns box attribute `a` on or off on the selected box (one undo step).
    fn toggle_attribute(&mut self, a: usize) -> Result<Outcome, StoreError> {
        let order = self.project.config.box_attributes().to_vec();
        self.toggle_shape_attribute(a, &order, "box", |ann, i| {
            let b = ann.boxes.get_mut(i)?;
            Some((&mut b.attributes, b.label.clone()))
        })
    }

    /// Alt+digit: attribute `a` of the task's `order` on the selected shape (`what`: a box or
    /// a span), on or off; `shape` finds its attributes and its name for the status line.
    pub(super) fn toggle_shape_attribute(
        &mut self,
        a: usize,
        order: &[String],
        what: &str,
        shape: impl Fn(&mut Annotation, usize) -> Option<(&mut Vec<String>, String)>,
    ) -> Result<Outcome, StoreError> {
        let Some(name) = order.get(a) else {
            return Ok(Outcome::Unchanged);
        };
        let mut ann = self.annotation.clone();
        let Some((has, title)) = self.selected.and_then(|i| shape(&mut ann, i)) else {
            let verb = if what == "box" { "select" } else { "pick" };
            return Ok(Outcome::Message(format!(
                "“{name}” is set on a {what}: {verb} one first (click it, or Tab)"
            )));
        };
        let on = !has.contains(name);
        crate::core::annotation::set_attribute(has, name, on, order);
        self.save(ann)?;
        Ok(Outcome::Message(format!(
            "{title}: {}{name}",
            if on { "" } else { "not " }
        )))
    }
}

/// The same label at the same place, to within half a pixel.
fn same_box(a: &BoxAnn, b: &BoxAnn) -> bool {
    a.label == b.label
        && (a.rotation - b.rotation).abs() < 0.5
        && [(a.x, b.x), (a.y, b.y), (a.w, b.w), (a.h, b.h)]
            .iter()
            .all(|(p, q)| (p - q).abs() < 0.5)
}
