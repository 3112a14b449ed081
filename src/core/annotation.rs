//! An annotator's answer for one item: all controls together.

use super::config::{Control, ControlKind};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// An axis-aligned box in the displayed image's pixels.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BoxAnn {
    pub label: String,
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
    /// The box attributes of the task (`attributes` of the boxes control) that hold for
    /// this box, e.g. "occluded". Read from a list of names or an object of booleans
    /// (`{"occluded": true}`, as exports write it).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "attribute_names"
    )]
    pub attributes: Vec<String>,
    /// The box's text, where the task asks for one (`box_text`): the words inside it, for
    /// OCR. Empty when none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    /// The object's outline, for segmentation: closed polygons of `[x, y]` points in the
    /// same pixels, usually one (COCO's objects in several parts have more). When there is
    /// one, the box is the outline's bounds ([`crate::core::geometry::clamp_box`] keeps it
    /// so). Empty for a plain box.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub polygons: Vec<Vec<[f32; 2]>>,
    /// The object's keypoints, for pose: `[x, y, v]` for each point of the task's
    /// `keypoints`, in their order, in the same pixels; `v` as COCO has it: 0 not placed
    /// (not in the picture), 1 placed where it is hidden, 2 visible. Empty before any is.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keypoints: Vec<[f32; 3]>,
    /// A turned box (`rotated` on the boxes control): degrees clockwise as seen, about the
    /// box's centre; `x, y, w, h` are the box before it is turned. 0 for an upright box.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub rotation: f32,
}

fn is_zero(v: &f32) -> bool {
    *v == 0.0
}

impl BoxAnn {
    pub fn new(label: impl Into<String>, x: f32, y: f32, w: f32, h: f32) -> Self {
        BoxAnn {
            label: label.into(),
            x,
            y,
            w,
            h,
            attributes: Vec::new(),
            text: String::new(),
            polygons: Vec::new(),
            keypoints: Vec::new(),
            rotation: 0.0,
        }
    }

    /// A box outlined by one polygon; its bounds are the box.
    pub fn outlined(label: impl Into<String>, points: Vec<[f32; 2]>) -> Self {
        let mut b = BoxAnn {
            polygons: vec![points],
            ..BoxAnn::new(label, 0.0, 0.0, 0.0, 0.0)
        };
        b.fit_to_polygons();
        b
    }

    /// The same box at another place and size: its outline moved and stretched with it
    /// (a move, a resize or a nudge of an outlined object keeps its shape). Its keypoints
    /// go along with a move; a resize leaves them where they are (the box was fitted to the
    /// object, whose points were already on it).
    pub fn placed(&self, x: f32, y: f32, w: f32, h: f32) -> BoxAnn {
        let sx = if self.w.abs() > f32::EPSILON {
            w / self.w
        } else {
            1.0
        };
        let sy = if self.h.abs() > f32::EPSILON {
            h / self.h
        } else {
            1.0
        };
        let polygons = (self.polygons.iter())
            .map(|ring| {
                ring.iter()
                    .map(|[px, py]| [x + (px - self.x) * sx, y + (py - self.y) * sy])
                    .collect()
            })
            .collect();
        let moved = w == self.w && h == self.h;
        let keypoints = (self.keypoints.iter())
            .map(|&[px, py, v]| match v > 0.0 && moved {
                true => [px + x - self.x, py + y - self.y, v],
                false => [px, py, v],
            })
            .collect();
        BoxAnn {
            x,
            y,
            w,
            h,
            polygons,
            keypoints,
            ..self.clone()
        }
    }

    /// How many of its keypoints are placed (COCO's `num_keypoints`).
    pub fn placed_keypoints(&self) -> usize {
        self.keypoints.iter().filter(|k| k[2] > 0.0).count()
    }

    /// Keypoint `i` (of `count`, the task's) set to `[x, y, v]`; the list made `count` long
    /// at least (an imported box with more points keeps them).
    pub fn with_keypoint(&self, i: usize, count: usize, point: [f32; 3]) -> BoxAnn {
        let mut out = self.clone();
        let len = count.max(i + 1).max(out.keypoints.len());
        out.keypoints.resize(len, [0.0; 3]);
        out.keypoints[i] = if point[2] > 0.0 { point } else { [0.0; 3] };
        out
    }

    /// The first of the task's `count` keypoints not placed yet.
    pub fn next_keypoint(&self, count: usize) -> Option<usize> {
        (0..count).find(|&i| self.keypoints.get(i).is_none_or(|k| k[2] <= 0.0))
    }

    /// The object's shape as closed polygons: its outline's parts, or a plain box's four
    /// corners as one.
    pub fn shape_parts(&self) -> std::borrow::Cow<'_, [Vec<[f32; 2]>]> {
        if self.is_rotated() {
            return std::borrow::Cow::Owned(vec![self.corners().to_vec()]);
        }
        if self.polygons.is_empty() {
            let (x1, y1) = (self.x + self.w, self.y + self.h);
            let corners = vec![[self.x, self.y], [x1, self.y], [x1, y1], [self.x, y1]];
            std::borrow::Cow::Owned(vec![corners])
        } else {
            std::borrow::Cow::Borrowed(&self.polygons)
        }
    }

    /// Sets the box to its outline's bounds (nothing to do for a plain box).
    pub fn fit_to_polygons(&mut self) {
        let mut points = self.polygons.iter().flatten();
        let Some(&[x, y]) = points.next() else {
            return;
        };
        let (mut x0, mut y0, mut x1, mut y1) = (x, y, x, y);
        for &[x, y] in points {
            (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
        }
        (self.x, self.y, self.w, self.h) = (x0, y0, x1 - x0, y1 - y0);
    }

    /// Sets the box around its placed keypoints, with a margin of a tenth of their larger
    /// side (4 px at least: the points are joints, the object reaches past them), kept in a
    /// `width` × `height` image. Nothing to do when none is placed.
    pub fn fit_to_keypoints(&mut self, width: f32, height: f32) {
        let mut points = self.keypoints.iter().filter(|k| k[2] > 0.0);
        let Some(&[x, y, _]) = points.next() else {
            return;
        };
        let (mut x0, mut y0, mut x1, mut y1) = (x, y, x, y);
        for &[x, y, _] in points {
            (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
        }
        let pad = ((x1 - x0).max(y1 - y0) * 0.1).max(4.0);
        let (x0, y0) = ((x0 - pad).max(0.0), (y0 - pad).max(0.0));
        let (x1, y1) = ((x1 + pad).min(width), (y1 + pad).min(height));
        (self.x, self.y, self.w, self.h) = (x0, y0, (x1 - x0).max(0.0), (y1 - y0).max(0.0));
    }

    /// Whether the point `(px, py)` is on the object: inside its outline (any part,
    /// even-odd), or inside the box of a plain box.
    pub fn contains(&self, px: f32, py: f32) -> bool {
        let [px, py] = match self.is_rotated() {
            true => self.unturned(px, py),
            false => [px, py],
        };
        let in_box = px >= self.x && px <= self.x + self.w && py >= self.y && py <= self.y + self.h;
        if !in_box || self.polygons.is_empty() {
            return in_box;
        }
        self.polygons.iter().any(|ring| {
            let n = ring.len();
            let mut inside = false;
            for i in 0..n {
                let [xi, yi] = ring[i];
                let [xj, yj] = ring[(i + n - 1) % n];
                if (yi > py) != (yj > py) && px < (xj - xi) * (py - yi) / (yj - yi) + xi {
                    inside = !inside;
                }
            }
            inside
        })
    }

    /// The area inside the outline (the shoelace formula, each part counted once), or the
    /// box's for a plain box: COCO's `area`.
    pub fn area(&self) -> f64 {
        if self.polygons.is_empty() {
            return f64::from(self.w) * f64::from(self.h);
        }
        (self.polygons.iter())
            .map(|ring| {
                let n = ring.len();
                let twice: f64 = (0..n)
                    .map(|i| {
                        let [x0, y0] = ring[i];
                        let [x1, y1] = ring[(i + 1) % n];
                        f64::from(x0) * f64::from(y1) - f64::from(x1) * f64::from(y0)
                    })
                    .sum();
                twice.abs() / 2.0
            })
            .sum()
    }

    pub fn has_attribute(&self, name: &str) -> bool {
        self.attributes.iter().any(|a| a == name)
    }

    /// The attributes as exports write them (see [`attribute_flags`]).
    pub fn attribute_flags(&self, names: &[String]) -> Option<Map<String, Value>> {
        attribute_flags(&self.attributes, names)
    }

    /// Sets or clears one attribute (see [`set_attribute`]).
    pub fn set_attribute(&mut self, name: &str, on: bool, order: &[String]) {
        set_attribute(&mut self.attributes, name, on, order);
    }
}

/// A box's or span's attributes as exports write them: every one the task names, true or
/// false (one shape in every row, so a dataframe gets a column each), then any other it
/// has. `None` when there are none at all.
pub fn attribute_flags(has: &[String], names: &[String]) -> Option<Map<String, Value>> {
    if names.is_empty() && has.is_empty() {
        return None;
    }
    let mut m: Map<String, Value> = names
        .iter()
        .map(|n| (n.clone(), Value::Bool(has.contains(n))))
        .collect();
    for a in has {
        m.entry(a.clone()).or_insert(Value::Bool(true));
    }
    Some(m)
}

/// Sets or clears one attribute among `has`, keeping the names in the task's order
/// (`order`) so the same answer is always stored the same way.
pub fn set_attribute(has: &mut Vec<String>, name: &str, on: bool, order: &[String]) {
    has.retain(|a| a != name);
    if on {
        has.push(name.to_string());
    }
    let rank = |a: &String| order.iter().position(|o| o == a).unwrap_or(usize::MAX);
    has.sort_by_key(rank);
}

/// `["occluded"]` or `{"occluded": true, "truncated": false}` (CVAT's and our exports'
/// form): the names that hold. `null` is none; in an object only `true` counts, so CVAT's
/// `"rotation": 0.0` or a text attribute is no error (Keylabel's attributes are yes/no).
pub fn attribute_names_of(v: Value) -> Result<Vec<String>, String> {
    match v {
        Value::Null => Ok(Vec::new()),
        Value::Array(list) => list
            .into_iter()
            .map(|v| match v {
                Value::String(s) => Ok(s),
                other => Err(format!("box attributes should be names, found {other}")),
            })
            .collect(),
        Value::Object(map) => Ok(map
            .into_iter()
            .filter_map(|(k, v)| (v == Value::Bool(true)).then_some(k))
            .collect()),
        other => Err(format!(
            "box attributes should be a list of names or an object of true/false, found {other}"
        )),
    }
}

fn attribute_names<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    attribute_names_of(Value::deserialize(d)?).map_err(serde::de::Error::custom)
}

/// A stretch of an audio clip, in seconds, with a label — and, where the segments control
/// has `segment_text`, the words said in it (a transcript by segment).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    pub label: String,
    pub start_s: f64,
    pub end_s: f64,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
}

/// A stretch of a text item's field with a label: a named entity, a claim to check, a
/// phrase to moderate. `start` and `end` count characters (Unicode code points, as Python
/// indexes a `str`), `end` exclusive; `text` is the stretch itself, so a reader can check
/// the offsets against the record.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub label: String,
    pub field: String,
    pub start: usize,
    pub end: usize,
    #[serde(default)]
    pub text: String,
    /// The task's span attributes it has (negated, uncertain…), in the task's order; read
    /// from a list of names or an object of flags, as exports write it.
    #[serde(
        default,
        deserialize_with = "attribute_names",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub attributes: Vec<String>,
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
    /// Marked stretches of a text item's fields.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spans: Vec<Span>,
    /// Links between spans (`relations` on the spans control).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<super::relations::Relation>,
    /// Answers of the other controls, by control name.
    #[serde(default)]
    pub fields: Map<String, Value>,
}

impl Annotation {
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
            && self.boxes.is_empty()
            && self.segments.is_empty()
            && self.spans.is_empty()
            && self.relations.is_empty()
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
            .chain(self.spans.iter().map(|s| &s.label))
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
        let parts: Vec<String> =
            controls
                .iter()
                .filter_map(|c| match c.kind {
                    ControlKind::Boxes => count(self.boxes.len(), "box", "boxes"),
                    ControlKind::Segments => count(self.segments.len(), "segment", "segments"),
                    ControlKind::Spans => count(self.spans.len(), "span", "spans").map(|s| {
                        match count(self.relations.len(), "relation", "relations") {
                            Some(r) => format!("{s}, {r}"),
                            None => s,
                        }
                    }),
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
    fn keypoints_move_with_their_box_stay_on_a_resize_and_fill_in_order() {
        let b =
            BoxAnn::new("person", 10.0, 10.0, 20.0, 40.0).with_keypoint(1, 3, [15.0, 12.0, 2.0]);
        assert_eq!(b.keypoints, [[0.0; 3], [15.0, 12.0, 2.0], [0.0; 3]]);
        assert_eq!((b.next_keypoint(3), b.placed_keypoints()), (Some(0), 1));
        let moved = b.placed(20.0, 5.0, 20.0, 40.0);
        assert_eq!(moved.keypoints[1], [25.0, 7.0, 2.0]);
        assert_eq!(
            moved.keypoints[0], [0.0; 3],
            "a point not placed stays unplaced"
        );
        let resized = b.placed(10.0, 10.0, 30.0, 40.0);
        assert_eq!(resized.keypoints, b.keypoints);
        // A point taken away is zeroed, as COCO writes one not labelled.
        let gone = b.with_keypoint(1, 3, [15.0, 12.0, 0.0]);
        assert_eq!(
            (gone.keypoints[1], gone.next_keypoint(3)),
            ([0.0; 3], Some(0))
        );
        let more = BoxAnn {
            keypoints: vec![[1.0, 1.0, 2.0]; 5],
            ..BoxAnn::default()
        };
        assert_eq!(
            more.with_keypoint(0, 3, [2.0, 2.0, 2.0]).keypoints.len(),
            5,
            "none lost"
        );
        // A box made from its points: their bounds and a tenth more, inside the image.
        let mut fit = BoxAnn::new("person", 0.0, 0.0, 0.0, 0.0)
            .with_keypoint(0, 3, [50.0, 20.0, 2.0])
            .with_keypoint(2, 3, [70.0, 120.0, 1.0]);
        fit.fit_to_keypoints(75.0, 200.0);
        assert_eq!((fit.x, fit.y, fit.w, fit.h), (40.0, 10.0, 35.0, 120.0));
        let mut lone = BoxAnn::new("person", 1.0, 1.0, 5.0, 5.0);
        lone.fit_to_keypoints(75.0, 200.0);
        assert_eq!((lone.x, lone.w), (1.0, 5.0));
        let all = (0..3).fold(b, |b, i| b.with_keypoint(i, 3, [1.0, 1.0, 1.0]));
        assert_eq!(all.next_keypoint(3), None);
        let json = serde_json::to_string(&all).unwrap();
        assert!(json.contains(r#""keypoints":[[1.0,1.0,1.0],"#), "{json}");
    }

    #[test]
    fn box_attributes_read_from_a_list_or_an_object_and_keep_the_task_order() {
        let b: BoxAnn = serde_json::from_str(
            r#"{"label":"car","x":1,"y":2,"w":3,"h":4,"attributes":{"occluded":true,"truncated":false,"rotation":0.0}}"#,
        )
        .unwrap();
        assert_eq!(b.attributes, vec!["occluded"]);
        let b: BoxAnn =
            serde_json::from_str(r#"{"label":"car","x":1,"y":2,"w":3,"h":4,"attributes":["a"]}"#)
                .unwrap();
        assert_eq!(b.attributes, vec!["a"]);
        let plain: BoxAnn =
            serde_json::from_str(r#"{"label":"car","x":1,"y":2,"w":3,"h":4}"#).unwrap();
        assert!(plain.attributes.is_empty());
        // Stored without the key when there are none: old answers read back the same.
        assert!(
            !serde_json::to_string(&plain)
                .unwrap()
                .contains("attributes")
        );
        for bad in [r#""occluded""#, "[1]", "3"] {
            let text = format!(r#"{{"label":"c","x":1,"y":2,"w":3,"h":4,"attributes":{bad}}}"#);
            assert!(serde_json::from_str::<BoxAnn>(&text).is_err(), "{bad}");
        }

        let order = vec!["occluded".to_string(), "truncated".to_string()];
        let mut b = BoxAnn::new("car", 0.0, 0.0, 1.0, 1.0);
        b.set_attribute("truncated", true, &order);
        b.set_attribute("occluded", true, &order);
        assert_eq!(
            b.attributes, order,
            "the task's order, whatever the clicks'"
        );
        b.set_attribute("truncated", false, &order);
        assert_eq!(b.attributes, vec!["occluded"]);
        let flags = b.attribute_flags(&order).unwrap();
        assert_eq!(
            serde_json::Value::Object(flags),
            serde_json::json!({"occluded": true, "truncated": false})
        );
        assert_eq!(plain.attribute_flags(&[]), None);
    }

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
                BoxAnn::new("cat", 0.0, 0.0, 1.0, 1.0),
                BoxAnn::new("dog", 0.0, 0.0, 1.0, 1.0),
                BoxAnn::new("cat", 0.0, 0.0, 1.0, 1.0),
            ],
            ..Default::default()
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
        let b = BoxAnn::new("cat", 0.0, 0.0, 1.0, 1.0);
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
