//! Keys on a clip: seeking (←/→, Alt for a tenth of a second), zooming in time (+ / - /
//! Ctrl+F), and segments marked while listening (M), cut and joined (S / Shift+S), their
//! edges put at the playhead (, / .) or fitted to the sound (Shift+T, Ctrl+Shift+T).

use super::Work;
use crate::session::Action;
use crate::ui::keymap::Command;

impl Work {
    /// The audio keys; true when `cmd` was one of them here.
    pub(super) fn audio_key(&mut self, cmd: Command) -> bool {
        // On audio (and a record's clips), ←/→ seek (Shift: further) instead of nudging a box.
        let clips = crate::ui::field_clips::has_clips(self);
        let seeks = self.is_audio() || (clips && !self.session.has_spans());
        if !seeks {
            return false;
        }
        let step = match cmd {
            Command::NudgeLeft => -2.0,
            Command::NudgeRight => 2.0,
            Command::NudgeLeft10 => -10.0,
            Command::NudgeRight10 => 10.0,
            Command::SeekBackFine => -0.1,
            Command::SeekForwardFine => 0.1,
            Command::MarkSegment => {
                self.mark_segment();
                return true;
            }
            Command::SplitSegment | Command::MergeSegment => {
                self.split_or_merge(cmd == Command::SplitSegment);
                return true;
            }
            Command::FitSegment => {
                self.fit_segment();
                return true;
            }
            Command::FitAllSegments => {
                self.fit_all_segments();
                return true;
            }
            Command::SegmentStart | Command::SegmentEnd => {
                self.edge_to_playhead(cmd == Command::SegmentStart);
                return true;
            }
            Command::ZoomIn | Command::ZoomOut | Command::Fit if self.is_audio() => {
                let factor = match cmd {
                    Command::ZoomIn => 0.5,
                    Command::ZoomOut => 2.0,
                    _ => f64::INFINITY,
                };
                self.zoom_time(factor);
                return true;
            }
            _ => return false,
        };
        let dur = self.clip_duration();
        self.audio.seek_by(step, dur);
        true
    }

    /// The clip's length in seconds: as the item says, else as decoded.
    fn clip_duration(&self) -> f64 {
        (self.session.item.as_ref())
            .and_then(|i| i.duration_ms)
            .map(|ms| ms as f64 / 1000.0)
            .or(self.audio.current_duration())
            .unwrap_or(0.0)
    }

    /// Zoom in time by `factor` (the keys + and -: 0.5 and 2), the playhead kept where it was
    /// on screen (in the middle when it was out of view); an infinite one (Ctrl+F): the
    /// whole clip. The wheel does the same around the pointer.
    fn zoom_time(&mut self, factor: f64) {
        let dur = self.clip_duration();
        let a = &mut self.audio;
        let span = a.span_s.unwrap_or(dur).min(dur);
        let new = (span * factor).max(0.05);
        if dur <= 0.0 || new >= dur {
            (a.span_s, a.start_s) = (None, 0.0);
            return;
        }
        let t = a.current_position();
        let at = (t - a.start_s) / span;
        let at = if (0.0..=1.0).contains(&at) { at } else { 0.5 };
        a.start_s = (t - at * new).clamp(0.0, dur - new);
        a.span_s = Some(new);
    }

    /// M on a clip: begins a segment at the playhead, or ends the one begun there — marked
    /// while listening, no drag needed. The same spot twice drops it.
    fn mark_segment(&mut self) {
        if !self.is_audio() || !self.session.has_segments() {
            return;
        }
        let t = self.audio.current_position();
        let key = self.keymap.keys_of(Command::MarkSegment);
        match self.audio.mark.take() {
            None => {
                self.audio.mark = Some(t);
                self.message = format!("segment from {t:.2} s: {key} again where it ends");
            }
            Some(t0) if (t - t0).abs() < 0.05 => {
                self.message = "segment dropped (it ended where it began)".into();
            }
            Some(t0) => {
                let label = self
                    .session
                    .label_name(self.session.current_label)
                    .unwrap_or_default();
                self.act(Action::AddSegment(crate::core::Segment {
                    label,
                    start_s: t0.min(t),
                    end_s: t0.max(t),
                    text: String::new(),
                }));
            }
        }
    }

    /// S: the segment under the playhead (the selected one first) cut there; Shift+S: the
    /// selected segment (or the one under the playhead) joined with the next.
    fn split_or_merge(&mut self, split: bool) {
        if !self.is_audio() || !self.session.has_segments() {
            return;
        }
        let t = self.audio.current_position();
        let segs = &self.session.annotation.segments;
        let under = |i: &usize| segs.get(*i).is_some_and(|s| s.start_s < t && t < s.end_s);
        let at = (self.session.selected)
            .filter(|i| !split || under(i))
            .or_else(|| (0..segs.len()).find(under));
        match at {
            Some(i) if split => self.act(Action::SplitSegment(i, t)),
            Some(i) => self.act(Action::MergeSegment(i)),
            None => {
                let keys = |c| self.keymap.keys_of(c);
                self.message = if split {
                    format!(
                        "put the playhead inside a segment (a click there), then {} cuts it there",
                        keys(Command::SplitSegment)
                    )
                } else {
                    format!(
                        "select a segment (a click on it), then {} joins it with the next",
                        keys(Command::MergeSegment)
                    )
                }
            }
        }
    }

    /// `,` / `.`: the selected segment (else the one under the playhead) starts / ends at
    /// the playhead — a model's phrase that starts late or ends early put right while
    /// listening, one undo step each.
    fn edge_to_playhead(&mut self, start: bool) {
        if !self.is_audio() || !self.session.has_segments() {
            return;
        }
        let t = self.audio.current_position();
        let segs = &self.session.annotation.segments;
        let at = (self.session.selected)
            .filter(|i| *i < segs.len())
            .or_else(|| (0..segs.len()).find(|&i| segs[i].start_s < t && t < segs[i].end_s));
        let Some(i) = at else {
            let keys = |c| self.keymap.keys_of(c);
            self.message = format!(
                "select a segment (Tab, or a click on it), then {} / {} put its start / end at the playhead",
                keys(Command::SegmentStart),
                keys(Command::SegmentEnd)
            );
            return;
        };
        let mut seg = segs[i].clone();
        // An edge past the other would turn the segment inside out: said, not done.
        let shortest = crate::core::segments::SHORTEST_S;
        if start && t > seg.end_s - shortest {
            self.message = format!(
                "the playhead ({t:.2} s) is at or past this segment's end ({:.2} s): {} moves the end",
                seg.end_s,
                self.keymap.keys_of(Command::SegmentEnd)
            );
            return;
        }
        if !start && t < seg.start_s + shortest {
            self.message = format!(
                "the playhead ({t:.2} s) is at or before this segment's start ({:.2} s): {} moves the start",
                seg.start_s,
                self.keymap.keys_of(Command::SegmentStart)
            );
            return;
        }
        let (edge, was) = if start {
            ("starts", std::mem::replace(&mut seg.start_s, t))
        } else {
            ("ends", std::mem::replace(&mut seg.end_s, t))
        };
        self.act(Action::SetSegment(i, seg.clone()));
        // Said only once stored (a failed save has its own message).
        if self.session.annotation.segments.get(i) == Some(&seg) {
            self.message = format!("segment {edge} at {t:.2} s (was {was:.2} s)");
        }
    }

    /// Shift+T: the selected segment's edges fitted to the sound in and around it — a
    /// model's phrase with silence at its ends trimmed, or a word it cut off taken in.
    fn fit_segment(&mut self) {
        if !self.is_audio() || !self.session.has_segments() {
            return;
        }
        let count = self.session.annotation.segments.len();
        let Some(i) = self.session.selected.filter(|i| *i < count) else {
            self.message = format!(
                "select a segment (Tab, or a click on it), then {} fits its edges to its sound",
                self.keymap.keys_of(Command::FitSegment)
            );
            return;
        };
        let Some(env) = self.envelope() else {
            return;
        };
        let segs = &self.session.annotation.segments;
        let others: Vec<_> = (segs.iter().enumerate())
            .filter(|(j, _)| *j != i)
            .map(|(_, s)| s.clone())
            .collect();
        let was = segs[i].clone();
        let levels = env.levels();
        let sound = crate::core::segments::Sound::new(&levels, env.step_s());
        match sound.and_then(|s| s.fit(&was, &others)) {
            None => {
                self.message = "no sound in this segment to fit it to (silence or hum only)".into()
            }
            Some((a, b)) if (a - was.start_s).abs() < 0.005 && (b - was.end_s).abs() < 0.005 => {
                self.message = "this segment already fits its sound".into()
            }
            Some((a, b)) => {
                let seg = crate::core::Segment {
                    start_s: a,
                    end_s: b,
                    ..was.clone()
                };
                self.act(Action::SetSegment(i, seg.clone()));
                if self.session.annotation.segments.get(i) == Some(&seg) {
                    self.message = format!(
                        "fitted to its sound: {:.2}–{:.2} s (was {:.2}–{:.2} s)",
                        a, b, was.start_s, was.end_s
                    );
                }
            }
        }
    }

    /// Ctrl+Shift+T: every segment of the clip fitted to its sound, one undo step — a
    /// model's phrases put right at once, then only the odd one by hand.
    pub(crate) fn fit_all_segments(&mut self) {
        if !self.is_audio() || !self.session.has_segments() {
            return;
        }
        let segs = self.session.annotation.segments.clone();
        if segs.is_empty() {
            self.message = "no segments on this clip to fit".into();
            return;
        }
        let Some(env) = self.envelope() else {
            return;
        };
        let levels = env.levels();
        let Some(sound) = crate::core::segments::Sound::new(&levels, env.step_s()) else {
            self.message = "no sound in this clip to fit segments to".into();
            return;
        };
        let (fitted, moved) = sound.fit_all(&segs);
        if moved == 0 {
            self.message = "every segment already fits its sound".into();
            return;
        }
        self.act(Action::SetSegments(fitted.clone()));
        if self.session.annotation.segments == fitted {
            let undo = self.keymap.keys_of(Command::Undo);
            self.message = match (moved, segs.len()) {
                (1, 1) => format!("the segment fitted to its sound ({undo} undoes)"),
                (m, n) => format!("{m} of {n} segments fitted to their sound ({undo} undoes)"),
            };
        }
    }

    /// The current clip's envelope, or why not (said in the status bar).
    fn envelope(&mut self) -> Option<std::sync::Arc<crate::io::audio::Envelope>> {
        let env = (self.session.item.as_ref())
            .and_then(|item| self.audio.envelope_of(item.id))
            .map(|e| e.map_err(str::to_string));
        match env {
            Some(Ok(env)) => Some(env),
            Some(Err(why)) => {
                self.message = format!("this clip cannot be read: {why}");
                None
            }
            None => {
                self.message = "the clip's waveform is not read yet".into();
                None
            }
        }
    }
}
