//! An annotator's answer for one item: all controls together.

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
}
