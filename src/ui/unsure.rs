//! Where a model doubted itself — a speech model's segments (`avg_logprob`, `no_speech_prob`,
//! `compression_ratio`, its words' `probability`), a tagger's spans (a low `score`): those
//! marked "?" on the waveform, in the list of words or on the span's tag, the reason beside
//! the picked one, so an annotator checks there first instead of everywhere alike.

use super::work::Work;
use crate::core::Span;
use crate::core::segments::{Unsure, unsure, unsure_marks};
use crate::session::{Action, Session};

#[derive(Default)]
pub struct UnsureMarks {
    /// The item whose model's doubts these are (read once an item).
    item: Option<i64>,
    doubts: Vec<Unsure>,
    span_doubts: Vec<(Span, String)>,
    /// Per segment shown: which doubt it is, while it still has the model's words.
    marks: Vec<Option<usize>>,
    /// Per span shown: which doubt it is, while it is as the model gave it.
    span_marks: Vec<Option<usize>>,
}

impl UnsureMarks {
    /// Matches the model's doubts with the segments as they are now (read again for a new
    /// item).
    pub fn update(&mut self, s: &Session) {
        let id = s.item.as_ref().map(|i| i.id);
        if self.item != id {
            self.item = id;
            let labels = &s.project.config.labels;
            self.doubts = (s.model_segments())
                .map(|(value, duration)| unsure(value, labels, duration))
                .unwrap_or_default();
            self.span_doubts = (s.model_spans().zip(s.item.as_ref()))
                .map(|((value, field), item)| {
                    crate::core::spans::doubted(value, labels, field, &item.data)
                })
                .unwrap_or_default();
        }
        self.marks = if self.doubts.is_empty() {
            Vec::new()
        } else {
            unsure_marks(&s.annotation.segments, &self.doubts)
        };
        self.span_marks = if self.span_doubts.is_empty() {
            Vec::new()
        } else {
            crate::core::spans::doubt_marks(&s.annotation.spans, &self.span_doubts)
        };
    }

    /// Why the model doubted span `i`, if it did.
    pub fn span_of(&self, i: usize) -> Option<&str> {
        let d = (*self.span_marks.get(i)?)?;
        Some(self.span_doubts.get(d)?.1.as_str())
    }

    /// How many spans are marked.
    pub fn span_count(&self) -> usize {
        self.span_marks.iter().flatten().count()
    }

    /// Why the model doubted segment `i`, if it did.
    pub fn of(&self, i: usize) -> Option<&str> {
        let d = (*self.marks.get(i)?)?;
        Some(self.doubts.get(d)?.why.as_str())
    }

    /// Which segments are marked, in order.
    pub fn flags(&self) -> Vec<bool> {
        self.marks.iter().map(Option::is_some).collect()
    }

    /// How many segments are marked.
    pub fn count(&self) -> usize {
        self.marks.iter().flatten().count()
    }
}

impl Work {
    /// Shift+N: the next segment (in time) or span (in the text) its model doubted, after
    /// the picked one and round again — picked, the playhead at its start, the reason said.
    pub(crate) fn next_doubted(&mut self) {
        let s = &self.session;
        let (doubted, place): (Vec<usize>, Vec<f64>) = if s.has_segments() {
            let segs = &s.annotation.segments;
            let d = (0..segs.len()).filter(|&i| self.unsure.of(i).is_some());
            (d.collect(), segs.iter().map(|g| g.start_s).collect())
        } else {
            let spans = &s.annotation.spans;
            let d = (0..spans.len()).filter(|&i| self.unsure.span_of(i).is_some());
            (d.collect(), (0..spans.len()).map(|i| i as f64).collect())
        };
        let mut order = doubted.clone();
        order.sort_by(|&a, &b| place[a].total_cmp(&place[b]));
        let after = s.selected.and_then(|i| place.get(i).copied());
        let next = (order.iter())
            .find(|&&i| after.is_none_or(|t| place[i] > t))
            .or(order.first())
            .copied();
        let Some(i) = next else {
            self.message = "the model doubted nothing here".into();
            return;
        };
        self.act(Action::Select(Some(i)));
        let why = (self.unsure.of(i).or(self.unsure.span_of(i))).unwrap_or_default();
        let k = order.iter().position(|&j| j == i).unwrap_or(0) + 1;
        self.message = format!("doubted {k} of {}: {why}", order.len());
        if self.session.has_segments() {
            self.audio.seek_to(place[i]);
        }
    }
}

/// Under the spans panel's count: how many spans the model doubted, and why of the picked
/// one.
pub fn spans_note(ui: &mut egui::Ui, w: &Work) {
    let caution = super::palette::caution(ui.visuals());
    let n = w.unsure.span_count();
    if n > 0 {
        ui.label(
            egui::RichText::new(format!(
                "? {n} the model was unsure of (marked ? on their tags)"
            ))
            .color(caution),
        );
    }
    if let Some(why) = w.session.selected.and_then(|i| w.unsure.span_of(i)) {
        ui.label(
            egui::RichText::new(format!("? the model was unsure of this one: {why}"))
                .color(caution),
        );
    }
}
