//! An annotator's answer for one item: all controls together.

use super::config::{Control, ControlKind};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// An axis-aligned box in the displayed image's pixels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoxAnn {
    pub label: String,
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

/// A stretch of an audio clip, in seconds, with a label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    pub label: String,
    pub start_s: f64,
    pub end_s: f64,
}

/// The answer of one annotator for one item.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    /// Labels picked by the choice control(s), by name.
    #[serde(default)]
    pub labels: Vec<String>,
    #[serde(default)]
    pub boxes: Vec<BoxAnn>,
    /// Time segments of an audio clip.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub segments: Vec<Segment>,
    /// Answers of the other controls, by control name.
    #[serde(default)]
    pub fields: Map<String, Value>,
}

impl Annotation {
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
            && self.boxes.is_empty()
            && self.segments.is_empty()
            && self.fields.is_empty()
    }

    /// Names of every label used, choices first, then box labels, without repeats.
    pub fn label_names(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for name in self
            .labels
            .iter()
            .chain(self.boxes.iter().map(|b| &b.label))
            .chain(self.segments.iter().map(|s| &s.label))
        {
            if !out.contains(&name.as_str()) {
                out.push(name);
            }
        }
        out
    }
}

impl Annotation {
    /// A few words of the answer for an item list: each question's answer in the config's
    /// order ("4", "spam", "3 boxes", "✎" for a written text), so an annotator scanning the
    /// list sees what they gave without opening each item.
    pub fn summary(&self, controls: &[Control]) -> String {
        let count = |n: usize, one: &str, many: &str| match n {
            0 => None,
            1 => Some(format!("1 {one}")),
            n => Some(format!("{n} {many}")),
        };
        let value = |v: &Value| match v {
            Value::String(t) => t.clone(),
            Value::Array(a) => a.iter().map(plain).collect::<Vec<_>>().join("+"),
            other => plain(other),
        };
        let parts: Vec<String> = controls
            .iter()
            .filter_map(|c| match c.kind {
                ControlKind::Boxes => count(self.boxes.len(), "box", "boxes"),
                ControlKind::Segments => count(self.segments.len(), "segment", "segments"),
                ControlKind::Text => self
                    .fields
                    .get(&c.name)
                    .and_then(Value::as_str)
                    .filter(|t| !t.trim().is_empty())
                    .map(|_| "✎".to_string()),
                _ => self
                    .fields
                    .get(&c.name)
                    .map(value)
                    .filter(|t| !t.is_empty()),
            })
            .collect();
        if parts.is_empty() {
            // Answers from before the controls were named (or a config changed since).
            return self.label_names().join(", ");
        }
        parts.join(" · ")
    }
}

impl Annotation {
    /// Gives the choice among the labels its answer from `labels` when the answer came with
    /// its labels only (another tool's export, a model's pre-labels): the panel then shows
    /// the label picked, and a required question counts as answered. Only when the config
    /// has one such question and the labels fit it (one label for a single choice).
    /// Returns whether anything changed.
    pub fn answer_from_labels(&mut self, controls: &[Control]) -> bool {
        let mut among_labels = controls.iter().filter(|c| {
            matches!(c.kind, ControlKind::Choice | ControlKind::MultiChoice) && c.options.is_empty()
        });
        let (Some(c), None) = (among_labels.next(), among_labels.next()) else {
            return false;
        };
        if self.labels.is_empty() || self.fields.contains_key(&c.name) {
            return false;
        }
        let value = match (c.kind, self.labels.as_slice()) {
            (ControlKind::Choice, [one]) => Value::String(one.clone()),
            (ControlKind::MultiChoice, all) => Value::from(all.to_vec()),
            _ => return false,
        };
        self.fields.insert(c.name.clone(), value);
        true
    }
}

fn plain(v: &Value) -> String {
    match v {
        Value::String(t) => t.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_fields_default_to_empty() {
        let a: Annotation = serde_json::from_str("{}").unwrap();
        assert!(a.is_empty());
    }

    #[test]
    fn label_names_are_unique_and_ordered() {
        let a = Annotation {
            labels: vec!["dog".into()],
            boxes: vec![
                BoxAnn {
                    label: "cat".into(),
                    x: 0.0,
                    y: 0.0,
                    w: 1.0,
                    h: 1.0,
                },
                BoxAnn {
                    label: "dog".into(),
                    x: 0.0,
                    y: 0.0,
                    w: 1.0,
                    h: 1.0,
                },
                BoxAnn {
                    label: "cat".into(),
                    x: 0.0,
                    y: 0.0,
                    w: 1.0,
                    h: 1.0,
                },
            ],
            fields: Default::default(),
            segments: Vec::new(),
        };
        assert_eq!(a.label_names(), vec!["dog", "cat"]);
    }

    #[test]
    fn summary_gives_each_answer_in_question_order() {
        let controls = [
            Control::new("boxes", ControlKind::Boxes),
            Control::new("grade", ControlKind::Rating),
            Control::new("topic", ControlKind::Choice),
            Control::new("issues", ControlKind::Flags),
            Control::new("note", ControlKind::Text),
        ];
        let b = BoxAnn {
            label: "cat".into(),
            x: 0.0,
            y: 0.0,
            w: 1.0,
            h: 1.0,
        };
        let mut a = Annotation {
            labels: vec!["sport".into()],
            boxes: vec![b.clone(), b],
            ..Default::default()
        };
        a.fields.insert("topic".into(), "sport".into());
        a.fields.insert("grade".into(), 4.into());
        a.fields
            .insert("issues".into(), serde_json::json!(["typo", "rude"]));
        a.fields.insert("note".into(), "  ".into());
        assert_eq!(a.summary(&controls), "2 boxes · 4 · sport · typo+rude");
        a.fields.insert("note".into(), "checked".into());
        assert!(a.summary(&controls).ends_with(" · ✎"));
        assert_eq!(Annotation::default().summary(&controls), "");
        // No question of the config answered: the labels used, as before.
        assert_eq!(a.summary(&[]), "sport, cat");
    }

    #[test]
    fn labels_only_answers_fill_the_choice_among_the_labels() {
        let labelled = |l: &[&str]| Annotation {
            labels: l.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        };
        let one = [Control::new("sentiment", ControlKind::Choice)];
        let mut a = labelled(&["positive"]);
        assert!(a.answer_from_labels(&one));
        assert_eq!(a.fields["sentiment"], Value::from("positive"));
        // Already answered: left as it is.
        assert!(!a.answer_from_labels(&one));
        // Two labels do not fit one choice.
        assert!(!labelled(&["a", "b"]).answer_from_labels(&one));
        let multi = [Control::new("topics", ControlKind::MultiChoice)];
        let mut m = labelled(&["a", "b"]);
        assert!(m.answer_from_labels(&multi));
        assert_eq!(m.fields["topics"], serde_json::json!(["a", "b"]));
        // Two questions among the labels: which one the labels answer is unknown.
        let two = [one[0].clone(), multi[0].clone()];
        assert!(!labelled(&["a"]).answer_from_labels(&two));
        // A choice with its own options is not a choice among the labels.
        let mut own = Control::new("grade", ControlKind::Choice);
        own.options = vec!["x".into()];
        assert!(!labelled(&["x"]).answer_from_labels(&[own]));
    }
}
