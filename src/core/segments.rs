//! A model's time segments offered to correct (`prefill` on a segments control): an ASR
//! model's timestamped phrases (Whisper's `segments`), a diarizer's turns, a voice activity
//! detector's stretches — each checked, fixed or removed rather than marked from nothing.

use super::annotation::Segment;
use super::config::Label;
use serde_json::{Map, Value};

/// Shorter than this is a click, not a segment (as the app takes it).
pub const SHORTEST_S: f64 = 0.02;

/// The segments a record's field suggests: a list (or that list as JSON text, or an object
/// holding it under `segments`, as Whisper writes its output) of objects with `start` and
/// `end` in seconds (or `start_s`/`end_s`, or NeMo's `offset` and `duration`), the words in
/// `text`, and a label (`label` or `speaker`, one of `labels`, case aside; none given: the
/// first). A segment with a label the task lacks, or no times, is left out; the rest are
/// kept inside the clip (`duration_s`) and put in time order.
pub fn suggested(value: &Value, labels: &[Label], duration_s: Option<f64>) -> Vec<Segment> {
    let mut out = each_suggested(value, labels, duration_s, |s, _| Some(s));
    out.sort_by(|a, b| a.start_s.total_cmp(&b.start_s));
    out
}

/// [`suggested`] in the model's order, each segment with the object it was read from made
/// into what `f` makes of the two.
fn each_suggested<T>(
    value: &Value,
    labels: &[Label],
    duration_s: Option<f64>,
    mut f: impl FnMut(Segment, &Map<String, Value>) -> Option<T>,
) -> Vec<T> {
    let value = match value {
        Value::Object(o) => o.get("segments").unwrap_or(&Value::Null),
        v => v,
    };
    let list = super::spans::listed(value);
    let label_of = |o: &Map<String, Value>| -> Option<String> {
        let Some(raw) = ["label", "speaker"]
            .iter()
            .find_map(|k| o.get(*k)?.as_str())
        else {
            return labels.first().map(|l| l.name.clone());
        };
        let raw = raw.trim();
        let found = (labels.iter().find(|l| l.name == raw))
            .or_else(|| labels.iter().find(|l| l.name.eq_ignore_ascii_case(raw)))?;
        Some(found.name.clone())
    };
    let secs = |o: &Map<String, Value>, k: &str| o.get(k).and_then(Value::as_f64);
    let one = |o: &Map<String, Value>| -> Option<Segment> {
        let (start, end) = match (secs(o, "start").or(secs(o, "start_s")), secs(o, "offset")) {
            (Some(s), _) => (s, secs(o, "end").or(secs(o, "end_s"))?),
            (None, Some(s)) => (s, s + secs(o, "duration")?),
            _ => return None,
        };
        let end_cap = duration_s.unwrap_or(f64::INFINITY);
        let (start, end) = (start.max(0.0), end.min(end_cap));
        if !(start.is_finite() && end.is_finite() && end - start >= SHORTEST_S) {
            return None;
        }
        let text = o.get("text").and_then(Value::as_str).unwrap_or("");
        Some(Segment {
            label: label_of(o)?,
            start_s: start,
            end_s: end,
            text: text.trim().to_string(),
        })
    };
    (list.iter())
        .filter_map(|v| {
            let o = v.as_object()?;
            f(one(o)?, o)
        })
        .collect()
}

/// A model's segment it was unsure of, and why in words.
#[derive(Debug, Clone, PartialEq)]
pub struct Unsure {
    pub segment: Segment,
    pub why: String,
}

/// The suggested segments the model itself doubted, by what it wrote beside them — Whisper's
/// `avg_logprob` under −1, `no_speech_prob` over 0.6 or `compression_ratio` over 2.4 (its
/// own thresholds for a phrase to decode again), a word of `words` under 50% `probability`,
/// or another model's `confidence` (or `score`) under 0.5: where a transcriber should listen
/// first.
pub fn unsure(value: &Value, labels: &[Label], duration_s: Option<f64>) -> Vec<Unsure> {
    let num = |o: &Map<String, Value>, k: &str| o.get(k).and_then(Value::as_f64);
    each_suggested(value, labels, duration_s, |segment, o| {
        let mut why = Vec::new();
        if let Some(p) = num(o, "no_speech_prob").filter(|p| *p > 0.6) {
            why.push(format!("maybe no speech ({:.0}%)", p * 100.0));
        }
        if let Some(l) = num(o, "avg_logprob").filter(|l| *l < -1.0) {
            why.push(format!("unlikely words (log-probability {l:.2})"));
        }
        if let Some(r) = num(o, "compression_ratio").filter(|r| *r > 2.4) {
            why.push(format!("words repeat (compression ratio {r:.1})"));
        }
        if let Some(c) = (num(o, "confidence").or(num(o, "score"))).filter(|c| *c < 0.5) {
            why.push(format!("confidence {c:.2}"));
        }
        let words: Vec<String> = (o.get("words").and_then(Value::as_array))
            .into_iter()
            .flatten()
            .filter_map(|w| {
                let p = num(w.as_object()?, "probability")?;
                let word = w.get("word")?.as_str()?.trim();
                (p < 0.5).then(|| format!("“{word}” {:.0}%", p * 100.0))
            })
            .collect();
        if !words.is_empty() {
            why.push(format!("unsure of {}", words.join(", ")));
        }
        (!why.is_empty()).then(|| Unsure {
            segment,
            why: why.join("; "),
        })
    })
}

/// For each of `segments`, which of `unsure` it is, while it still has the model's words and
/// most of its time (an edge fitted keeps the mark; words typed over take it off).
pub fn unsure_marks(segments: &[Segment], unsure: &[Unsure]) -> Vec<Option<usize>> {
    (segments.iter())
        .map(|s| {
            let overlap = |u: &Segment| {
                let common = s.end_s.min(u.end_s) - s.start_s.max(u.start_s);
                common > 0.5 * (s.end_s - s.start_s).max(u.end_s - u.start_s)
            };
            (unsure.iter()).position(|u| u.segment.text == s.text.trim() && overlap(&u.segment))
        })
        .collect()
}

/// `seg` cut in two at `at_s` (inside it, each part at least [`SHORTEST_S`]); its words
/// shared between the parts by time, at the word boundary nearest the cut — a guess a
/// transcriber then fixes, closer than leaving every word on one side.
pub fn split(seg: &Segment, at_s: f64) -> Option<(Segment, Segment)> {
    if !(at_s - seg.start_s >= SHORTEST_S && seg.end_s - at_s >= SHORTEST_S) {
        return None;
    }
    let share = (at_s - seg.start_s) / (seg.end_s - seg.start_s);
    let chars: Vec<(usize, char)> = seg.text.char_indices().collect();
    let target = (share * chars.len() as f64).round() as usize;
    // The space nearest the share of the characters the cut leaves before it.
    let cut = (chars.iter())
        .filter(|(_, c)| c.is_whitespace())
        .min_by_key(|(i, _)| {
            let k = seg.text[..*i].chars().count();
            k.abs_diff(target)
        })
        .map_or(seg.text.len(), |(i, _)| *i);
    let first = Segment {
        end_s: at_s,
        text: seg.text[..cut].trim().to_string(),
        ..seg.clone()
    };
    let second = Segment {
        start_s: at_s,
        text: seg.text[cut..].trim().to_string(),
        ..seg.clone()
    };
    Some((first, second))
}

/// Two segments made one: from the earlier start to the later end, with the label of `a`
/// (the earlier) and both their words, in time order.
pub fn merge(a: &Segment, b: &Segment) -> Segment {
    let (first, second) = if a.start_s <= b.start_s {
        (a, b)
    } else {
        (b, a)
    };
    let words: Vec<&str> = [first.text.trim(), second.text.trim()]
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect();
    Segment {
        label: first.label.clone(),
        start_s: a.start_s.min(b.start_s),
        end_s: a.end_s.max(b.end_s),
        text: words.join(" "),
    }
}

/// Sound kept either side of a fitted segment: soft onsets ("h", "f") sit under the
/// threshold, and a cut a breath wide sounds clipped.
pub const FIT_PAD_S: f64 = 0.08;
/// How far an edge is pushed out after a sound it cut off.
pub const FIT_REACH_S: f64 = 1.0;

/// A clip's loudness slice by slice, with what counts as sound in it worked out once (so a
/// clip of many segments is fitted without sorting its levels for each).
pub struct Sound<'a> {
    levels: &'a [f32],
    step_s: f64,
    threshold: f32,
}

impl<'a> Sound<'a> {
    /// `levels`: the loudest sample of each `step_s` slice of the clip. `None` for a clip
    /// with no sound at all (or no slices).
    pub fn new(levels: &'a [f32], step_s: f64) -> Option<Sound<'a>> {
        if levels.is_empty() || step_s.is_nan() || step_s <= 0.0 {
            return None;
        }
        let mut sorted: Vec<f32> = (levels.iter().map(|l| l.abs()))
            .filter(|l| l.is_finite())
            .collect();
        sorted.sort_by(f32::total_cmp);
        let peak = *sorted.last()?;
        if peak <= 0.0 {
            return None;
        }
        // The clip's quiet: its twentieth-quietest slice (a clip may be nearly all speech).
        // Sound is three times that, but within 20–30 dB of the loudest whatever the hum.
        let quiet = sorted[sorted.len() / 20];
        let threshold = (quiet * 3.0).max(peak * 0.0316).min(peak * 0.1);
        Some(Sound {
            levels,
            step_s,
            threshold,
        })
    }

    /// `seg`'s edges fitted to the sound in and around it: an edge in silence moves in to
    /// where sound starts, an edge inside a sound moves out to where it ends (at most
    /// [`FIT_REACH_S`], never past `others`' edges), and [`FIT_PAD_S`] is kept either side.
    /// `None` when there is no sound in the segment at all.
    pub fn fit(&self, seg: &Segment, others: &[Segment]) -> Option<(f64, f64)> {
        self.fit_among(seg, others.iter())
    }

    /// [`Sound::fit`] with the neighbours as they come (no list of them made).
    fn fit_among<'s>(
        &self,
        seg: &Segment,
        others: impl Iterator<Item = &'s Segment> + Clone,
    ) -> Option<(f64, f64)> {
        let (levels, step_s) = (self.levels, self.step_s);
        let loud = |k: usize| levels[k].abs() >= self.threshold && levels[k].is_finite();
        let n = levels.len();
        let dur = n as f64 * step_s;
        // Where the neighbours stop an edge pushed out.
        let lo = (others.clone().map(|o| o.end_s))
            .filter(|e| *e <= seg.start_s)
            .fold(0.0, f64::max);
        let hi = (others.map(|o| o.start_s))
            .filter(|s| *s >= seg.end_s)
            .fold(dur, f64::min);
        let frame = |t: f64| ((t / step_s).floor().max(0.0) as usize).min(n - 1);
        let (a, b) = (
            frame(seg.start_s),
            frame((seg.end_s - 1e-9).max(seg.start_s)),
        );
        let first = (a..=b).find(|&k| loud(k))?;
        let last = (a..=b).rev().find(|&k| loud(k))?;
        let reach = (FIT_REACH_S / step_s).ceil() as usize;
        let (lo_f, hi_f) = (frame(lo), frame((hi - 1e-9).max(0.0)));
        // A sound under an edge goes on past it: follow it out.
        let mut start = first;
        if first == a {
            while start > lo_f && a - start < reach && loud(start - 1) {
                start -= 1;
            }
        }
        let mut end = last;
        if last == b {
            while end < hi_f && end - b < reach && loud(end + 1) {
                end += 1;
            }
        }
        let from = (start as f64 * step_s - FIT_PAD_S).max(lo).max(0.0);
        let to = ((end + 1) as f64 * step_s + FIT_PAD_S).min(hi).min(dur);
        (to - from >= SHORTEST_S).then_some((from, to))
    }

    /// Every segment fitted, in time order, each against the others as they stand by then
    /// (so two neighbours never both take the same gap); ones over silence stay as they
    /// are. With how many moved.
    pub fn fit_all(&self, segs: &[Segment]) -> (Vec<Segment>, usize) {
        let mut out = segs.to_vec();
        let mut order: Vec<usize> = (0..out.len()).collect();
        order.sort_by(|&a, &b| out[a].start_s.total_cmp(&out[b].start_s));
        let mut moved = 0;
        for i in order {
            let others = (out.iter().enumerate())
                .filter(|(j, _)| *j != i)
                .map(|(_, s)| s);
            if let Some((a, b)) = self.fit_among(&out[i], others)
                && ((a - out[i].start_s).abs() >= 0.005 || (b - out[i].end_s).abs() >= 0.005)
            {
                (out[i].start_s, out[i].end_s) = (a, b);
                moved += 1;
            }
        }
        (out, moved)
    }
}

/// `seg`'s edges fitted to the sound in and around it, from `levels` (the loudest sample
/// of each `step_s` slice of the clip): see [`Sound::fit`].
pub fn fit_to_sound(
    seg: &Segment,
    levels: &[f32],
    step_s: f64,
    others: &[Segment],
) -> Option<(f64, f64)> {
    Sound::new(levels, step_s)?.fit(seg, others)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// 3 s in 10 ms slices: hum, a word from 0.5 s to 1.5 s, hum.
    fn word() -> Vec<f32> {
        (0..300)
            .map(|k| if (50..150).contains(&k) { 0.5 } else { 0.002 })
            .collect()
    }

    fn near(a: Option<(f64, f64)>, b: (f64, f64)) -> bool {
        a.is_some_and(|(x, y)| (x - b.0).abs() < 1e-9 && (y - b.1).abs() < 1e-9)
    }

    #[test]
    fn edges_in_silence_move_in_and_edges_in_a_sound_move_out() {
        let l = word();
        let fitted = (0.5 - FIT_PAD_S, 1.5 + FIT_PAD_S);
        // Loose on both sides: trimmed to the word.
        assert!(near(
            fit_to_sound(&seg(0.2, 2.4, ""), &l, 0.01, &[]),
            fitted
        ));
        // Both edges inside the word: pushed out to where it stops.
        assert!(near(
            fit_to_sound(&seg(0.7, 1.2, ""), &l, 0.01, &[]),
            fitted
        ));
        // One of each.
        assert!(near(
            fit_to_sound(&seg(0.3, 1.0, ""), &l, 0.01, &[]),
            fitted
        ));
        // A neighbour ending at 0.6 s holds the start there.
        let before = [seg(0.1, 0.6, "")];
        let got = fit_to_sound(&seg(0.7, 1.2, ""), &l, 0.01, &before);
        assert!(near(got, (0.6, 1.5 + FIT_PAD_S)), "{got:?}");
        // Nothing but hum in it: nothing to fit to.
        assert_eq!(fit_to_sound(&seg(1.8, 2.6, ""), &l, 0.01, &[]), None);
        // A sound longer than the reach is followed only that far.
        let long: Vec<f32> = (0..600).map(|k| if k >= 100 { 0.5 } else { 0.0 }).collect();
        let got = fit_to_sound(&seg(2.0, 2.5, ""), &long, 0.01, &[]).unwrap();
        assert!(
            (got.0 - (2.0 - FIT_REACH_S + 0.01 - FIT_PAD_S)).abs() < 0.02,
            "{got:?}"
        );
    }

    #[test]
    fn fitting_all_moves_each_and_keeps_neighbours_apart() {
        // Two words, 0.5–1.5 s and 1.6–2.5 s, with 0.1 s between them.
        let l: Vec<f32> = (0..300)
            .map(|k| {
                if (50..150).contains(&k) || (160..250).contains(&k) {
                    0.5
                } else {
                    0.002
                }
            })
            .collect();
        let sound = Sound::new(&l, 0.01).unwrap();
        let segs = [
            seg(1.8, 2.9, "b"),
            seg(0.2, 1.0, "a"),
            seg(2.92, 2.99, "hum"),
        ];
        let (fit, moved) = sound.fit_all(&segs);
        assert_eq!(moved, 2, "{fit:?}");
        assert_eq!(fit[1].text, "a", "order and words kept");
        assert!((fit[1].start_s - (0.5 - FIT_PAD_S)).abs() < 1e-9, "{fit:?}");
        // The first word is pushed out to its end, its pad stopping at the second's start
        // (1.8 s then, fitted first) — and the second then starts no earlier than that end.
        assert!(fit[1].end_s <= fit[0].start_s + 1e-9, "{fit:?}");
        assert!((fit[0].end_s - (2.5 + FIT_PAD_S)).abs() < 1e-9, "{fit:?}");
        assert_eq!(fit[2], segs[2], "a segment over hum alone stays");
        assert!(Sound::new(&[0.0; 10], 0.01).is_none());
    }

    #[test]
    fn odd_levels_never_panic() {
        for l in [
            vec![],
            vec![0.0; 10],
            vec![f32::NAN; 10],
            vec![f32::INFINITY, 1.0],
        ] {
            for s in [seg(0.0, 0.05, ""), seg(-1.0, 99.0, ""), seg(5.0, 4.0, "")] {
                let _ = fit_to_sound(&s, &l, 0.01, std::slice::from_ref(&s));
                let _ = fit_to_sound(&s, &l, 0.0, &[]);
            }
        }
    }

    fn labels() -> Vec<Label> {
        vec![Label::named("speech"), Label::named("noise")]
    }

    #[test]
    fn whisper_output_becomes_segments_in_the_first_label() {
        let whisper = json!({"text": " the quick brown fox", "segments": [
            {"id": 1, "start": 1.5, "end": 3.0, "text": " jumps over"},
            {"id": 0, "start": 0.0, "end": 1.5, "text": " the quick brown fox"}
        ]});
        let s = suggested(&whisper, &labels(), Some(2.8));
        assert_eq!(s.len(), 2);
        assert_eq!(
            (s[0].start_s, s[0].text.as_str()),
            (0.0, "the quick brown fox")
        );
        assert_eq!(
            (s[1].label.as_str(), s[1].end_s),
            ("speech", 2.8),
            "inside the clip"
        );
    }

    #[test]
    fn what_the_model_doubted_is_said_and_marks_its_segment_until_the_words_change() {
        let whisper = json!({"segments": [
            {"start": 0.0, "end": 1.5, "text": " the quick brown fox", "avg_logprob": -0.2,
             "no_speech_prob": 0.01, "compression_ratio": 1.1},
            {"start": 1.5, "end": 3.0, "text": " jumps over", "avg_logprob": -1.4,
             "words": [{"word": " jumps", "probability": 0.31}, {"word": " over", "probability": 0.9}]},
            {"start": 3.0, "end": 4.0, "text": " thank you", "no_speech_prob": 0.82,
             "compression_ratio": 2.9},
            {"start": 4.0, "end": 5.0, "text": "hi", "confidence": 0.4}
        ]});
        let u = unsure(&whisper, &labels(), None);
        let why: Vec<&str> = u.iter().map(|u| u.why.as_str()).collect();
        assert_eq!(
            why,
            [
                "unlikely words (log-probability -1.40); unsure of “jumps” 31%",
                "maybe no speech (82%); words repeat (compression ratio 2.9)",
                "confidence 0.40"
            ]
        );
        let mut segs = suggested(&whisper, &labels(), None);
        // An edge moved keeps the mark; the words typed over take it off.
        segs[1].end_s = 2.9;
        segs[3].text = "hi there".into();
        assert_eq!(unsure_marks(&segs, &u), [None, Some(0), Some(1), None]);
        assert!(unsure(&json!({"segments": []}), &labels(), None).is_empty());
    }

    #[test]
    fn other_forms_and_what_is_left_out() {
        let v = json!([
            {"offset": 1.0, "duration": 0.5, "label": "Noise"},
            {"start_s": 2.0, "end_s": 2.4, "speaker": "SPEAKER_00", "text": "hi"},
            {"start": 3.0, "end": 3.01},
            {"start": 4.0},
            "not a segment"
        ]);
        let s = suggested(&v, &labels(), None);
        assert_eq!(s.len(), 1, "{s:?}");
        assert_eq!((s[0].label.as_str(), s[0].end_s), ("noise", 1.5));
        let text = Value::String(json!([{"start": 0, "end": 1}]).to_string());
        assert_eq!(
            suggested(&text, &labels(), None).len(),
            1,
            "a list as JSON text"
        );
        assert!(suggested(&json!(7), &labels(), None).is_empty());
    }

    fn seg(start_s: f64, end_s: f64, text: &str) -> Segment {
        Segment {
            label: "speech".into(),
            start_s,
            end_s,
            text: text.into(),
        }
    }

    #[test]
    fn a_split_shares_the_words_by_time_at_a_word_boundary() {
        let s = seg(0.0, 4.0, "please call stella and ask her");
        let (a, b) = split(&s, 2.3).unwrap();
        assert_eq!((a.end_s, b.start_s, b.end_s), (2.3, 2.3, 4.0));
        assert_eq!(
            (a.text.as_str(), b.text.as_str()),
            ("please call stella", "and ask her")
        );
        assert_eq!(split(&s, 0.01), None, "too close to an edge");
        assert_eq!(split(&s, 5.0), None);
        let (a, b) = split(&seg(0.0, 1.0, "héllo"), 0.5).unwrap();
        assert_eq!(
            (a.text.as_str(), b.text.as_str()),
            ("héllo", ""),
            "one word stays whole"
        );
    }

    #[test]
    fn a_merge_joins_times_and_words_in_order() {
        let m = merge(
            &seg(2.0, 3.0, "and ask her"),
            &seg(0.0, 1.9, "please call stella"),
        );
        assert_eq!((m.start_s, m.end_s), (0.0, 3.0));
        assert_eq!(m.text, "please call stella and ask her");
        assert_eq!(merge(&seg(0.0, 1.0, ""), &seg(1.0, 2.0, "hi")).text, "hi");
    }
}
