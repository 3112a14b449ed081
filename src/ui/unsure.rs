//! Where a speech model doubted itself (its segments' `avg_logprob`, `no_speech_prob`,
//! `compression_ratio`, its words' `probability`): those segments marked "?" on the waveform
//! and in the list of words, the reason beside the picked one, so a transcriber listens
//! there first instead of to every phrase alike.

use crate::core::segments::{Unsure, unsure, unsure_marks};
use crate::session::Session;

#[derive(Default)]
pub struct UnsureMarks {
    /// The item whose model's doubts these are (read once an item).
    item: Option<i64>,
    doubts: Vec<Unsure>,
    /// Per segment shown: why the model doubted it, while it still has the model's words.
    marks: Vec<Option<String>>,
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
        }
        self.marks = if self.doubts.is_empty() {
            Vec::new()
        } else {
            unsure_marks(&s.annotation.segments, &self.doubts)
        };
    }

    /// Why the model doubted segment `i`, if it did.
    pub fn of(&self, i: usize) -> Option<&str> {
        self.marks.get(i)?.as_deref()
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
