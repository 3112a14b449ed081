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
    let mut out: Vec<Segment> = list.iter().filter_map(|v| one(v.as_object()?)).collect();
    out.sort_by(|a, b| a.start_s.total_cmp(&b.start_s));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn labels() -> Vec<Label> {
        ["speech", "noise"]
            .iter()
            .map(|n| Label {
                name: n.to_string(),
                color: String::new(),
                hotkey: String::new(),
                description: String::new(),
            })
            .collect()
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
}
