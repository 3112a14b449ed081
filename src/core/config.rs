//! The task config (`keylabel.toml`): what is asked for each item.

use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt::Write as _;

/// What kind of media the items of a project are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaKind {
    Image,
    Text,
    Audio,
}

impl MediaKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MediaKind::Image => "image",
            MediaKind::Text => "text",
            MediaKind::Audio => "audio",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [MediaKind::Image, MediaKind::Text, MediaKind::Audio]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// One question on an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ControlKind {
    /// Boxes on an image, each with a label.
    Boxes,
    /// Pick one label.
    Choice,
    /// Pick any number of labels.
    MultiChoice,
    /// A Likert scale of `scale` points with named ends.
    Rating,
    /// Pick the better of two responses or a tie; with 3 or more, rank them.
    Compare,
    /// A free-text answer or correction, possibly starting from a field of the item.
    Text,
    /// Any number of yes/no flags (hallucination, unsafe, needs expert…).
    Flags,
    /// Time segments on an audio clip, each with a label.
    Segments,
    /// Stretches of a text item's shown fields, each with a label (named entities…).
    Spans,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Control {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: ControlKind,
    /// Choice / multi-choice / flags: the options; empty for choices means the labels.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// Rating: number of points (2–10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<u8>,
    /// Rating: names of the ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<String>,
    /// Compare: the item fields holding the responses, shown side by side. Spans: the
    /// field a model's spans (`prefill`) are on when they do not say.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
    /// The item field the answer starts from: a text to correct, or a model's suggested
    /// choice, options, rating or better response (see `core::suggestion`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefill: Option<String>,
    /// An item cannot be submitted without an answer to this control (skip it instead).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// One line from the guidelines on how to answer, shown under the question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Text: one line (a transcript, a short answer): Enter leaves the field instead of
    /// starting a new line, so no stray line break gets into the answer.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub single_line: bool,
    /// Multi-choice / flags: options that stand alone ("ok", "none of these"): picking one
    /// clears the others, and picking another clears it, so no answer says "ok" and "spam".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclusive: Vec<String>,
    /// Boxes: yes/no properties each box can have ("occluded", "truncated"), ticked on the
    /// selected box with Alt+1… and exported with every box.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<String>,
    /// Text: two annotators' answers less alike than this (word by word, 0–1) make the item
    /// "disagreed", for a lead to settle; without it free text never does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disagree_below: Option<f64>,
    /// Text: the fewest and the most words an answer may have (a caption of "at least 8
    /// words"): an answer outside them is not submitted; the field counts as one types.
    /// Boxes: each box has a text too, typed under the image with the box selected (OCR:
    /// the words inside it); exported with every box.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub box_text: bool,
    /// Segments: each segment has a text too, the words said in it (a transcript by
    /// segment), typed under the waveform; exported with every segment.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub segment_text: bool,
    /// Boxes: objects can be outlined point by point too (polygons, for segmentation;
    /// the `draw_polygon` key), and every exported box carries its `polygons`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub polygons: bool,
    /// Boxes: each box can be turned (the `rotate_left` / `rotate_right` keys, or its
    /// round handle), for objects at an angle: text lines, ships and cars from above.
    /// Exported as Ultralytics' OBB lines and with their `rotation`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub rotated: bool,
    /// Boxes: the points placed on each object, in order, for pose (`["nose", "left_eye",
    /// …]`; the `place_keypoints` key). Exported as COCO's and Ultralytics' keypoints.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keypoints: Vec<String>,
    /// Boxes: pairs of `keypoints` joined by a line (`[["left_eye", "nose"], …]`), drawn
    /// on the image and exported as COCO's `skeleton`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skeleton: Vec<[String; 2]>,
    /// Boxes: how far each keypoint may stray and still count as the same, for agreement
    /// (COCO's σ, one per keypoint). Without it: COCO's own for its person keypoints, 0.06
    /// for any other.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keypoint_sigmas: Vec<f64>,
    /// Spans: the kinds of link drawn from one span to another (`["works_at",
    /// "located_in"]`; the `relate` key). Exported with each row's spans.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<String>,
    /// Spans: those of `relations` that go both ways (`same_as`, `married_to`): drawn with
    /// no arrowhead, the same link whichever span it was drawn from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub symmetric: Vec<String>,
    /// Spans: the record field holding a model's relations between the spans `prefill`
    /// lists (`{from, to, label}`, positions in that list), offered with them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefill_relations: Option<String>,
    /// A follow-up: asked only when an earlier question has one of these answers (`{ policy
    /// = ["spam", "scam"] }`, every question named), or any but some (`{ policy = { not =
    /// "ok" } }`); hidden, with no answer kept, otherwise.
    #[serde(
        default,
        skip_serializing_if = "std::collections::BTreeMap::is_empty",
        deserialize_with = "conditions::deserialize_when"
    )]
    pub when: When,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_words: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_words: Option<u32>,
}

impl Control {
    pub fn new(name: &str, kind: ControlKind) -> Self {
        Control {
            name: name.to_string(),
            kind,
            options: Vec::new(),
            scale: None,
            low: None,
            high: None,
            fields: Vec::new(),
            prefill: None,
            required: false,
            help: None,
            single_line: false,
            exclusive: Vec::new(),
            attributes: Vec::new(),
            disagree_below: None,
            box_text: false,
            segment_text: false,
            polygons: false,
            rotated: false,
            keypoints: Vec::new(),
            skeleton: Vec::new(),
            keypoint_sigmas: Vec::new(),
            relations: Vec::new(),
            symmetric: Vec::new(),
            prefill_relations: None,
            when: When::new(),
            min_words: None,
            max_words: None,
        }
    }

    /// The word limits of a text question, as said beside its field: "at least 8 words",
    /// "8–60 words"; None without limits.
    pub fn word_limits(&self) -> Option<String> {
        match (self.min_words, self.max_words) {
            (None, None) => None,
            (Some(lo), None) => Some(format!("at least {lo} words")),
            (None, Some(hi)) => Some(format!("at most {hi} words")),
            (Some(lo), Some(hi)) => Some(format!("{lo}–{hi} words")),
        }
    }

    /// What is wrong with `text` as this text question's answer by its word limits ("has 5
    /// words; at least 8 asked"). An empty answer is a matter of `required`, not of these.
    pub fn words_problem(&self, text: &str) -> Option<String> {
        let n = text.split_whitespace().count() as u32;
        let short = self.min_words.is_some_and(|lo| n < lo);
        let long = self.max_words.is_some_and(|hi| n > hi);
        (n > 0 && (short || long)).then(|| {
            let plural = if n == 1 { "" } else { "s" };
            format!(
                "has {n} word{plural}; {} asked",
                self.word_limits().unwrap_or_default()
            )
        })
    }

    /// The choices a number key picks among, for this control.
    pub fn choices(&self, labels: &[Label]) -> Vec<String> {
        match self.kind {
            ControlKind::Choice | ControlKind::MultiChoice if self.options.is_empty() => {
                labels.iter().map(|l| l.name.clone()).collect()
            }
            ControlKind::Rating => (1..=self.scale.unwrap_or(5))
                .map(|v| v.to_string())
                .collect(),
            ControlKind::Compare => {
                let mut v = self.fields.clone();
                if v.len() == 2 {
                    v.push("tie".into());
                }
                v
            }
            ControlKind::Boxes | ControlKind::Text | ControlKind::Segments | ControlKind::Spans => {
                Vec::new()
            }
            _ => self.options.clone(),
        }
    }
}

/// A named class with a color and a hotkey.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Label {
    pub name: String,
    /// `#rrggbb`.
    #[serde(default)]
    pub color: String,
    /// A single key, e.g. `"1"`; empty for none.
    #[serde(default)]
    pub hotkey: String,
    /// What counts as this label, from the guidelines: shown on hover and in the
    /// Guidelines window.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

impl Label {
    /// A label of this name alone: no color, hotkey or description yet (a config gives it
    /// the next free ones when it is read or the label added).
    pub fn named(name: &str) -> Label {
        Label {
            name: name.to_string(),
            color: String::new(),
            hotkey: String::new(),
            description: String::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    #[serde(default)]
    pub name: String,
    pub media: MediaKind,
    /// Text items: the record fields to show, in order. Empty: all of them.
    #[serde(default)]
    pub show: Vec<String>,
    /// Seconds without input after which the item's timer pauses.
    #[serde(default = "default_idle_after_s")]
    pub idle_after_s: u32,
    /// A single choice picks, submits and advances in one key.
    #[serde(default = "default_true")]
    pub advance_on_choice: bool,
    /// Boxes and segments: a number key right after drawing relabels the new shape (draw,
    /// then name it). Off: the key only picks the label of the next one, so choosing the
    /// next label never changes the shape just drawn.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub label_after_drawing: bool,
    /// The annotator's name; `--annotator` overrides it, the OS user is the default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotator: Option<String>,
    /// Text items: a field whose words are highlighted in the others (search relevance).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub highlight: Option<String>,
    /// Pay per submitted item, shown as earnings in the status bar.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pay_per_item: Option<f64>,
    /// Pay per minute of audio submitted (transcription is paid by the audio), added to
    /// the earnings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pay_per_audio_minute: Option<f64>,
    /// Keymap preset: default, labelimg, cvat or prodigy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keymap: Option<String>,
    /// The guidelines: what to do and how to decide, shown in the Guidelines window (G).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructions: Option<String>,
}

fn default_idle_after_s() -> u32 {
    30
}

fn default_true() -> bool {
    true
}

/// The whole task config.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskConfig {
    pub task: Task,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<Label>,
    #[serde(default)]
    pub controls: Vec<Control>,
    /// Remapped keys: command name → chords, e.g. `next = ["D", "Right"]`.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub keys: std::collections::BTreeMap<String, Vec<String>>,
}

/// A config that does not parse or does not make sense; the message says where and why.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

/// Colors given to labels that name none: distinct on dark and light backgrounds.
const PALETTE: [&str; 12] = [
    "#e6194b", "#3cb44b", "#ffe119", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6",
    "#bfef45", "#fabed4", "#469990", "#dcbeff",
];

/// The color of label `i`: the palette's first, then hues a golden angle apart, so the
/// 80 classes of COCO get 80 colors rather than the palette over again; bright, so a box
/// reads on a dark photo.
fn label_color(i: usize) -> String {
    if let Some(c) = PALETTE.get(i) {
        return (*c).to_string();
    }
    let k = (i - PALETTE.len()) as f64;
    let hue = (k * 137.507_764 + 15.0) % 360.0;
    // Every other one paler, so neighbours in hue differ in lightness too.
    let (sat, val) = if i.is_multiple_of(2) {
        (0.75, 0.95)
    } else {
        (0.45, 1.0)
    };
    let c = val * sat;
    let x = c * (1.0 - ((hue / 60.0) % 2.0 - 1.0).abs());
    let (r, g, b) = match (hue / 60.0) as u32 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    let m = val - c;
    let byte = |v: f64| ((v + m) * 255.0).round() as u8;
    format!("#{:02x}{:02x}{:02x}", byte(r), byte(g), byte(b))
}

/// Hotkeys given to the first ten labels that name none.
const HOTKEYS: [&str; 10] = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"];

impl TaskConfig {
    /// Whether the config carries any guidance: instructions, a label's description or a
    /// question's help.
    pub fn has_guidelines(&self) -> bool {
        self.task
            .instructions
            .as_deref()
            .is_some_and(|t| !t.trim().is_empty())
            || self.labels.iter().any(|l| !l.description.trim().is_empty())
            || self.controls.iter().any(|c| {
                c.help.as_deref().is_some_and(|h| !h.trim().is_empty()) || !c.when.is_empty()
            })
    }

    /// The attributes a box can have: those of the (first) boxes control.
    pub fn box_attributes(&self) -> &[String] {
        self.controls
            .iter()
            .find(|c| c.kind == ControlKind::Boxes)
            .map_or(&[], |c| &c.attributes[..])
    }
    /// Whether objects are outlined with polygons (`polygons` on the boxes control).
    pub fn box_polygons(&self) -> bool {
        self.controls
            .iter()
            .any(|c| c.kind == ControlKind::Boxes && c.polygons)
    }

    /// Whether boxes can be turned (`rotated` on the boxes control).
    pub fn box_rotated(&self) -> bool {
        (self.controls.iter()).any(|c| c.kind == ControlKind::Boxes && c.rotated)
    }

    /// The points placed on each object (`keypoints` on the boxes control); empty if none.
    pub fn box_keypoints(&self) -> &[String] {
        self.controls
            .iter()
            .find(|c| c.kind == ControlKind::Boxes)
            .map_or(&[], |c| &c.keypoints[..])
    }

    /// The skeleton's lines as pairs of keypoint indices (validated names, so none is lost).
    pub fn box_skeleton(&self) -> Vec<(usize, usize)> {
        let names = self.box_keypoints();
        let at = |n: &String| names.iter().position(|k| k == n);
        (self.controls.iter())
            .find(|c| c.kind == ControlKind::Boxes)
            .map_or(Vec::new(), |c| {
                (c.skeleton.iter())
                    .filter_map(|[a, b]| Some((at(a)?, at(b)?)))
                    .collect()
            })
    }

    /// A config for `media` with these labels and the usual control for that media.
    pub fn new(media: MediaKind, labels: &[String]) -> Self {
        let control = match media {
            MediaKind::Image => Control::new("boxes", ControlKind::Boxes),
            MediaKind::Text => Control::new("label", ControlKind::Choice),
            MediaKind::Audio => Control::new("segments", ControlKind::Segments),
        };
        let mut cfg = TaskConfig {
            task: Task {
                name: String::new(),
                media,
                show: Vec::new(),
                idle_after_s: default_idle_after_s(),
                advance_on_choice: true,
                label_after_drawing: false,
                annotator: None,
                highlight: None,
                pay_per_item: None,
                pay_per_audio_minute: None,
                keymap: None,
                instructions: None,
            },
            labels: Vec::new(),
            controls: vec![control],
            keys: Default::default(),
        };
        for name in labels {
            cfg.add_label(name);
        }
        cfg
    }

    /// Parses and validates a config text. Errors carry TOML's line and column.
    pub fn from_toml_str(text: &str) -> Result<Self, ConfigError> {
        let mut cfg: TaskConfig = toml::from_str(text).map_err(|e| ConfigError(e.to_string()))?;
        cfg.fill_defaults();
        cfg.validate()?;
        Ok(cfg)
    }

    pub fn to_toml(&self) -> String {
        // Serializing plain structs of strings, numbers and lists cannot fail.
        toml::to_string_pretty(self).unwrap_or_default()
    }

    /// Gives labels without a color or hotkey the next free ones, and a default control.
    fn fill_defaults(&mut self) {
        let mut taken: HashSet<String> = self.labels.iter().map(|l| l.hotkey.clone()).collect();
        for i in 0..self.labels.len() {
            if self.labels[i].color.is_empty() {
                self.labels[i].color = label_color(i);
            }
            if self.labels[i].hotkey.is_empty()
                && let Some(k) = HOTKEYS.iter().find(|k| !taken.contains(**k))
            {
                self.labels[i].hotkey = (*k).to_string();
                taken.insert((*k).to_string());
            }
        }
        if self.controls.is_empty() {
            self.controls = TaskConfig::new(self.task.media, &[]).controls;
        }
    }

    /// Adds a label with the next free color and hotkey; returns false if it exists.
    pub fn add_label(&mut self, name: &str) -> bool {
        if self.label_index(name).is_some() {
            return false;
        }
        self.labels.push(Label::named(name));
        self.fill_defaults();
        true
    }

    pub fn label_index(&self, name: &str) -> Option<usize> {
        self.labels.iter().position(|l| l.name == name)
    }

    /// Item fields the config reads (shown, highlighted, compared, prefilled): each should
    /// exist in the items. A model's suggestions are not: items without one (a preset used
    /// on data no model has seen) are simply answered without.
    pub fn fields_read(&self) -> Vec<String> {
        let mut v: Vec<String> = self.task.show.clone();
        v.extend(self.task.highlight.clone());
        for c in &self.controls {
            v.extend(c.fields.iter().cloned());
            if c.kind == ControlKind::Text {
                v.extend(c.prefill.clone());
            }
        }
        v.dedup();
        v
    }

    pub fn has_control(&self, kind: ControlKind) -> bool {
        self.controls.iter().any(|c| c.kind == kind)
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        let mut names = HashSet::new();
        let mut keys = HashSet::new();
        for (i, l) in self.labels.iter().enumerate() {
            let at = format!("labels[{i}]");
            if l.name.trim().is_empty() {
                return Err(ConfigError(format!("{at}: the name is empty")));
            }
            if !names.insert(l.name.as_str()) {
                return Err(ConfigError(format!(
                    "{at}: label '{}' is named twice",
                    l.name
                )));
            }
            if parse_color(&l.color).is_none() {
                return Err(ConfigError(format!(
                    "{at}: color '{}' of label '{}' is not of the form #rrggbb",
                    l.color, l.name
                )));
            }
            if !l.hotkey.is_empty() && !keys.insert(l.hotkey.as_str()) {
                return Err(ConfigError(format!(
                    "{at}: hotkey '{}' of label '{}' is already used by another label",
                    l.hotkey, l.name
                )));
            }
        }
        let mut controls = HashSet::new();
        for (i, c) in self.controls.iter().enumerate() {
            if c.name.trim().is_empty() {
                return Err(ConfigError(format!("controls[{i}]: the name is empty")));
            }
            if !controls.insert(c.name.as_str()) {
                return Err(ConfigError(format!(
                    "controls[{i}]: control '{}' is named twice",
                    c.name
                )));
            }
            let at = format!("controls[{i}] ('{}')", c.name);
            match c.kind {
                ControlKind::Rating => {
                    let n = c.scale.unwrap_or(5);
                    if !(2..=10).contains(&n) {
                        return Err(ConfigError(format!(
                            "{at}: scale must be 2 to 10 points, not {n}"
                        )));
                    }
                }
                ControlKind::Compare if c.fields.len() < 2 => {
                    return Err(ConfigError(format!(
                        "{at}: compare needs `fields` naming at least two responses, e.g. fields = [\"response_a\", \"response_b\"]"
                    )));
                }
                ControlKind::Flags if c.options.is_empty() => {
                    return Err(ConfigError(format!(
                        "{at}: flags need `options`, e.g. options = [\"hallucination\", \"unsafe\"]"
                    )));
                }
                _ => {}
            }
            if c.choices(&self.labels).len() > 10
                && c.kind != ControlKind::MultiChoice
                && c.kind != ControlKind::Choice
            {
                return Err(ConfigError(format!(
                    "{at}: at most 10 options (keys 1–9, 0)"
                )));
            }
            if c.prefill.is_some() && !super::suggestion::can_prefill(c) {
                return Err(ConfigError(format!(
                    "{at}: `prefill` is for text, choice, multi_choice, flags, rating, spans, \
                     segments and two-response compare questions (the item field holding a \
                     suggested answer; a model's boxes come in with `keylabel import --draft`)"
                )));
            }
            if c.single_line && c.kind != ControlKind::Text {
                return Err(ConfigError(format!(
                    "{at}: `single_line` is for text questions"
                )));
            }
            if let Some(t) = c.disagree_below {
                if c.kind != ControlKind::Text {
                    return Err(ConfigError(format!(
                        "{at}: `disagree_below` is for text questions (how alike two answers' words must be)"
                    )));
                }
                if !(t > 0.0 && t <= 1.0) {
                    return Err(ConfigError(format!(
                        "{at}: `disagree_below` is a share of words alike, above 0 and at most 1 (0.9 = 90%), not {t}"
                    )));
                }
            }
            if c.polygons && c.kind != ControlKind::Boxes {
                return Err(ConfigError(format!(
                    "{at}: `polygons` are for boxes (an object's outline)"
                )));
            }
            if c.rotated && c.kind != ControlKind::Boxes {
                return Err(ConfigError(format!(
                    "{at}: `rotated` is for boxes (a box turned to fit an object at an angle)"
                )));
            }
            if c.rotated && (c.polygons || !c.keypoints.is_empty()) {
                return Err(ConfigError(format!(
                    "{at}: `rotated` boxes with `polygons` or `keypoints`: an outline already \
                     takes any angle, and keypoints fit an upright box; choose one"
                )));
            }
            self.check_keypoints(c, &at)?;
            self.check_relations(c, &at)?;
            self.check_when(i, c, &at)?;
            self.check_shape_text(c, &at)?;
            if (c.min_words.is_some() || c.max_words.is_some()) && c.kind != ControlKind::Text {
                return Err(ConfigError(format!(
                    "{at}: `min_words` and `max_words` are for text questions"
                )));
            }
            match (c.min_words, c.max_words) {
                (_, Some(0)) => {
                    return Err(ConfigError(format!(
                        "{at}: `max_words` of 0 takes no answer; leave it out for no limit"
                    )));
                }
                (Some(lo), Some(hi)) if lo > hi => {
                    return Err(ConfigError(format!(
                        "{at}: `min_words` ({lo}) is more than `max_words` ({hi})"
                    )));
                }
                _ => {}
            }
            if !c.exclusive.is_empty() {
                if !matches!(c.kind, ControlKind::MultiChoice | ControlKind::Flags) {
                    return Err(ConfigError(format!(
                        "{at}: `exclusive` is for multi_choice and flags questions"
                    )));
                }
                let choices = c.choices(&self.labels);
                if let Some(x) = c.exclusive.iter().find(|x| !choices.contains(x)) {
                    return Err(ConfigError(format!(
                        "{at}: exclusive option '{x}' is not one of its options ({})",
                        choices.join(", ")
                    )));
                }
            }
            if !c.attributes.is_empty() {
                if !matches!(c.kind, ControlKind::Boxes | ControlKind::Spans) {
                    return Err(ConfigError(format!(
                        "{at}: `attributes` are for boxes (a box's occluded, truncated…) and \
                         spans (negated, uncertain…)"
                    )));
                }
                let what = if c.kind == ControlKind::Spans {
                    "span"
                } else {
                    "box"
                };
                if c.attributes.len() > 9 {
                    return Err(ConfigError(format!(
                        "{at}: at most 9 {what} attributes (keys Alt+1–Alt+9)"
                    )));
                }
                let mut seen = HashSet::new();
                for a in &c.attributes {
                    if a.trim().is_empty() {
                        return Err(ConfigError(format!("{at}: a {what} attribute is empty")));
                    }
                    if !seen.insert(a.as_str()) {
                        return Err(ConfigError(format!(
                            "{at}: {what} attribute '{a}' is named twice"
                        )));
                    }
                }
            }
            if c.kind == ControlKind::Segments && self.task.media != MediaKind::Audio {
                return Err(ConfigError(format!(
                    "{at}: segments need audio items, but task.media is '{}'",
                    self.task.media.as_str()
                )));
            }
            if c.kind == ControlKind::Spans && self.task.media != MediaKind::Text {
                return Err(ConfigError(format!(
                    "{at}: spans are marked in text items, but task.media is '{}'",
                    self.task.media.as_str()
                )));
            }
            if c.kind == ControlKind::Boxes && self.task.media != MediaKind::Image {
                return Err(ConfigError(format!(
                    "controls[{i}]: boxes need image items, but task.media is '{}'",
                    self.task.media.as_str()
                )));
            }
        }
        if self.task.idle_after_s == 0 {
            return Err(ConfigError("task.idle_after_s must be at least 1".into()));
        }
        Ok(())
    }

    /// A `[[labels]]` block to append to a config file: keeps the user's comments and layout.
    pub fn label_block(label: &Label) -> String {
        let mut s = String::from("\n[[labels]]\n");
        let _ = writeln!(s, "name = {}", toml_string(&label.name));
        let _ = writeln!(s, "color = {}", toml_string(&label.color));
        if !label.hotkey.is_empty() {
            let _ = writeln!(s, "hotkey = {}", toml_string(&label.hotkey));
        }
        s
    }
}

fn toml_string(s: &str) -> String {
    // serde_json's string escaping is valid TOML basic-string escaping.
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// Parses `#rrggbb` into RGB.
pub fn parse_color(s: &str) -> Option<[u8; 3]> {
    let hex = s.strip_prefix('#')?;
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

mod conditions;
mod keypoints;
mod shape_text;
mod spans;
pub use conditions::{Wanted, When, answer_is_one_of};
pub use spans::MAX_RELATIONS;
#[cfg(test)]
mod tests;
