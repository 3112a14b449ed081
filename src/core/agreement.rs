//! How often annotators who answered the same item agree, question by question: the quality
//! check a team runs when several people label the same items.

use super::alpha::{Coincidences, Metric};
use super::annotation::{Annotation, BoxAnn, Span};
use super::config::{Control, ControlKind};
use super::matching::{
    SAME_POSE_OKS, f1, keypoints_alike, matched_boxes, matched_segments, span_f1, words_alike,
};
use super::relations::relation_f1;
use serde_json::Value;

pub use super::matching::SAME_BOX_IOU;

/// The agreement tally over every item answered by two or more annotators.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Agreement {
    /// Items answered by two or more annotators.
    pub items: u64,
    /// Of those, the items where some pair gave different answers to a question compared.
    pub disagreed: u64,
    pub questions: Vec<QuestionAgreement>,
    /// Whether free text is compared too (word by word). It makes an item disagreed only
    /// below the control's `disagree_below`: two good transcripts rarely match to the letter.
    texts: bool,
    /// Annotator → (pairs they were in, sum of those pairs' closeness): who agrees with the
    /// others least, with no gold answer to go by.
    peers: std::collections::BTreeMap<String, (u64, f64)>,
}

/// How a question's pairs are scored.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Measure {
    /// 1 for the same answer, 0 for another.
    #[default]
    Same,
    /// The F1 of boxes matched by label and overlap.
    BoxF1,
    /// The F1 of time segments matched by label and overlap in time.
    SegmentF1,
    /// The F1 of text spans matched by label and exact characters.
    SpanF1,
    /// The F1 of relations between spans matched by kind and both spans' characters.
    RelationF1,
    /// A box attribute (occluded, truncated…) on the boxes two annotators both drew
    /// (matched as for the F1): its pairs are those boxes, not annotators.
    Attribute(String),
    /// Free text, word by word ([`words_alike`]): one less the word error rate.
    Words,
    /// The keypoints of the boxes two annotators both drew: COCO's keypoint similarity.
    Keypoints,
}

impl Measure {
    /// As `--json` names it.
    pub fn as_str(&self) -> &'static str {
        match self {
            Measure::Same => "same",
            Measure::BoxF1 => "box_f1",
            Measure::SegmentF1 => "segment_f1",
            Measure::SpanF1 => "span_f1",
            Measure::RelationF1 => "relation_f1",
            Measure::Attribute(_) => "attribute",
            Measure::Words => "words",
            Measure::Keypoints => "keypoints",
        }
    }
}

/// One question's agreement: each pair of annotators of an item scores 1 when their
/// answers are the same, 0 when not — or as its [`Measure`] says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QuestionAgreement {
    pub name: String,
    pub measure: Measure,
    pub pairs: u64,
    score: f64,
    /// Single answers two annotators of one item gave differently, as a sorted pair, with
    /// how often: where the guidelines leave people unsure.
    confused: std::collections::BTreeMap<(String, String), u64>,
    /// One-value questions (a choice, a rating, the better of two): the tally for
    /// Krippendorff's alpha. `None` for lists, boxes and rankings.
    chance: Option<Coincidences>,
    /// Free text: the words alike under which a pair disagrees (the control's
    /// `disagree_below`), and how many pairs fell under it.
    pub disagree_below: Option<f64>,
    pub pairs_below: u64,
    /// Keypoints: each point by name, with its summed likeness and how many pairs placed
    /// it: which points people put apart (a wrist under a sleeve), for the guidelines.
    points: Vec<(String, f64, u64)>,
    /// Boxes that may be outlines (`polygons`): matched by the overlap of their shapes, so
    /// the F1 is said to be of outlines.
    pub outlines: bool,
}

impl QuestionAgreement {
    /// The `n` pairs of answers most often given to the same item, most frequent first.
    pub fn most_confused(&self, n: usize) -> Vec<(&str, &str, u64)> {
        let mut v: Vec<(&str, &str, u64)> = self
            .confused
            .iter()
            .map(|((a, b), k)| (a.as_str(), b.as_str(), *k))
            .collect();
        v.sort_by(|x, y| y.2.cmp(&x.2).then_with(|| (x.0, x.1).cmp(&(y.0, y.1))));
        v.truncate(n);
        v
    }

    /// Notes two single answers that differ.
    fn confuse(&mut self, a: &str, b: &str) {
        let key = if a <= b { (a, b) } else { (b, a) };
        *self
            .confused
            .entry((key.0.to_string(), key.1.to_string()))
            .or_default() += 1;
    }

    /// Keypoints: the `n` least alike, with their mean likeness (0 to 1), least first.
    pub fn least_alike_points(&self, n: usize) -> Vec<(&str, f64)> {
        let mut v: Vec<(&str, f64)> = (self.points.iter())
            .filter(|p| p.2 > 0)
            .map(|(name, sum, k)| (name.as_str(), sum / *k as f64))
            .collect();
        v.sort_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(b.0)));
        v.truncate(n);
        v
    }

    /// Krippendorff's alpha (nominal; interval for ratings): agreement beyond chance.
    /// `None` where it does not apply or cannot be told yet.
    pub fn alpha(&self) -> Option<f64> {
        self.chance.as_ref()?.alpha()
    }

    /// Share of agreement, 0 to 1; `None` before any pair.
    pub fn rate(&self) -> Option<f64> {
        (self.pairs > 0).then(|| self.score / self.pairs as f64)
    }
}

impl Agreement {
    /// A tally that compares free text too, word by word (statistics and gold scores; the
    /// list of disagreed items does not need it).
    pub fn with_texts() -> Agreement {
        Agreement {
            texts: true,
            ..Default::default()
        }
    }

    /// Adds one item's answers as [`Agreement::add_item`] does, and each annotator's
    /// closeness to each other one there (as a gold score would be, both ways alike).
    pub fn add_item_by(&mut self, controls: &[Control], answers: &[Annotation], names: &[String]) {
        self.add_item(controls, answers);
        if names.len() != answers.len() {
            return;
        }
        for i in 0..answers.len() {
            for j in i + 1..answers.len() {
                let mut two = Agreement::with_texts();
                two.add_item(controls, &[answers[i].clone(), answers[j].clone()]);
                let Some(c) = two.closeness() else { continue };
                for k in [i, j] {
                    let e = self.peers.entry(names[k].clone()).or_default();
                    e.0 += 1;
                    e.1 += c;
                }
            }
        }
    }

    /// Each annotator with how many pairs they were in and their mean closeness to the
    /// others there (0 to 1), by name.
    pub fn by_annotator(&self) -> Vec<(&str, u64, f64)> {
        self.peers
            .iter()
            .map(|(name, (n, sum))| (name.as_str(), *n, sum / *n as f64))
            .collect()
    }

    /// The mean of the questions' rates: how close one pair's answers are.
    fn closeness(&self) -> Option<f64> {
        let rates: Vec<f64> = self.questions.iter().filter_map(|q| q.rate()).collect();
        (!rates.is_empty()).then(|| rates.iter().sum::<f64>() / rates.len() as f64)
    }

    /// Adds one item's answers, one per annotator. Free text is compared in a tally made
    /// [`Agreement::with_texts`], or where its control sets `disagree_below`.
    pub fn add_item(&mut self, controls: &[Control], answers: &[Annotation]) {
        if answers.len() < 2 {
            return;
        }
        self.items += 1;
        let before = (self.shortfall(), self.texts_below());
        self.add_pairs(controls, answers);
        // A box F1 below 1 counts; float noise of matched boxes does not.
        if self.shortfall() - before.0 > 1e-9 || self.texts_below() > before.1 {
            self.disagreed += 1;
        }
    }

    /// Score missing from full agreement, over every question but free text.
    fn shortfall(&self) -> f64 {
        self.questions
            .iter()
            .filter(|q| !matches!(q.measure, Measure::Words | Measure::Keypoints))
            .map(|q| q.pairs as f64 - q.score)
            .sum()
    }

    /// Pairs of free text less alike than their control's `disagree_below`.
    fn texts_below(&self) -> u64 {
        self.questions.iter().map(|q| q.pairs_below).sum()
    }

    fn add_pairs(&mut self, controls: &[Control], answers: &[Annotation]) {
        if controls.is_empty() {
            // A config with labels and no questions: the labels picked are the answer.
            let q = self.question("labels", Measure::Same);
            for (a, b) in pairs(answers) {
                q.add_labels(&a.labels, &b.labels);
            }
            return;
        }
        for c in controls {
            match c.kind {
                ControlKind::Text => {
                    if self.texts || c.disagree_below.is_some() {
                        self.add_texts(c, answers);
                    }
                }
                ControlKind::Segments => {
                    self.question(&c.name, Measure::SegmentF1);
                    for (a, b) in pairs(answers) {
                        let matched = matched_segments(&a.segments, &b.segments);
                        let q = self.question(&c.name, Measure::SegmentF1);
                        q.pairs += 1;
                        q.score += f1(matched.len(), a.segments.len() + b.segments.len());
                        if c.segment_text {
                            let (x, y) = (segment_texts(&a.segments), segment_texts(&b.segments));
                            self.add_shape_texts(c, (&x, &y), &matched);
                        }
                    }
                }
                ControlKind::Spans => {
                    let q = self.question(&c.name, Measure::SpanF1);
                    for (a, b) in pairs(answers) {
                        q.pairs += 1;
                        q.score += span_f1(&a.spans, &b.spans);
                    }
                    if !c.attributes.is_empty() {
                        for name in &c.attributes {
                            let q = format!("{} · {name}", c.name);
                            self.question(&q, Measure::Attribute(name.clone()));
                        }
                        for (a, b) in pairs(answers) {
                            let matched = same_spans(&a.spans, &b.spans);
                            let (x, y) = (span_attributes(&a.spans), span_attributes(&b.spans));
                            self.add_attributes(c, (&x, &y), &matched);
                        }
                    }
                    if !c.relations.is_empty() {
                        let name = format!("{} · relations", c.name);
                        let q = self.question(&name, Measure::RelationF1);
                        for (a, b) in pairs(answers) {
                            q.pairs += 1;
                            q.score += relation_f1(&a.relations, &b.relations, &c.symmetric);
                        }
                    }
                }
                ControlKind::Boxes => {
                    self.question(&c.name, Measure::BoxF1).outlines = c.polygons;
                    for name in &c.attributes {
                        let q = format!("{} · {name}", c.name);
                        self.question(&q, Measure::Attribute(name.clone()));
                    }
                    for (a, b) in pairs(answers) {
                        let matched = matched_boxes(&a.boxes, &b.boxes);
                        let q = self.question(&c.name, Measure::BoxF1);
                        q.pairs += 1;
                        q.score += f1(matched.len(), a.boxes.len() + b.boxes.len());
                        let (x, y) = (box_attributes(&a.boxes), box_attributes(&b.boxes));
                        self.add_attributes(c, (&x, &y), &matched);
                        if c.box_text {
                            let (x, y) = (box_texts(&a.boxes), box_texts(&b.boxes));
                            self.add_shape_texts(c, (&x, &y), &matched);
                        }
                        if !c.keypoints.is_empty() {
                            self.add_keypoints(c, (&a.boxes, &b.boxes), &matched);
                        }
                    }
                }
                kind => {
                    // Ticked options are a set; a ranking's order is its answer.
                    let as_set = matches!(kind, ControlKind::MultiChoice | ControlKind::Flags);
                    let key = |v: &Value| if as_set { set_of(v) } else { v.clone() };
                    // A choice among the labels is also kept as the labels picked: an
                    // answer imported with its labels only is compared by those.
                    let by_labels = matches!(kind, ControlKind::Choice | ControlKind::MultiChoice)
                        && c.options.is_empty();
                    let q = self.question(&c.name, Measure::Same);
                    let one_value = match kind {
                        ControlKind::Choice => Some(Metric::Nominal),
                        ControlKind::Rating => Some(Metric::Interval),
                        ControlKind::Compare if c.fields.len() == 2 => Some(Metric::Nominal),
                        _ => None,
                    };
                    if let Some(metric) = one_value {
                        let values: Vec<String> = answers
                            .iter()
                            .filter_map(|a| match a.fields.get(&c.name) {
                                Some(v) => single(Some(v)),
                                None if by_labels && a.labels.len() == 1 => {
                                    Some(a.labels[0].clone())
                                }
                                None => None,
                            })
                            .collect();
                        q.chance
                            .get_or_insert_with(|| Coincidences::new(metric))
                            .add_item(&values);
                    }
                    for (a, b) in pairs(answers) {
                        match (a.fields.get(&c.name), b.fields.get(&c.name)) {
                            (None, None) if by_labels => {
                                if !(a.labels.is_empty() && b.labels.is_empty()) {
                                    q.add_labels(&a.labels, &b.labels);
                                }
                            }
                            (None, None) => {}
                            // A follow-up one of them was not asked: the question it
                            // follows holds that disagreement.
                            (None, _) | (_, None) if !c.when.is_empty() => {}
                            (x, y) => {
                                let same = x.map(key) == y.map(key);
                                q.add(same);
                                if let (false, Some(x), Some(y)) = (same, single(x), single(y)) {
                                    q.confuse(&x, &y);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Each attribute the task names, on the boxes or spans two annotators both made
    /// (`matched` pairs of places in `a` and `b`, each a shape's attributes): a box one calls
    /// occluded and the other not is a disagreement the F1 cannot see. Alpha too, since most
    /// boxes are not occluded and raw agreement flatters a rare attribute.
    fn add_attributes(
        &mut self,
        c: &Control,
        (a, b): (&[&[String]], &[&[String]]),
        matched: &[(usize, usize)],
    ) {
        for name in &c.attributes {
            let q = self.question(
                &format!("{} · {name}", c.name),
                Measure::Attribute(name.clone()),
            );
            let chance = q
                .chance
                .get_or_insert_with(|| Coincidences::new(Metric::Nominal));
            for &(i, j) in matched {
                let (x, y) = (a[i].contains(name), b[j].contains(name));
                chance.add_item(&[x.to_string(), y.to_string()]);
                q.pairs += 1;
                if x == y {
                    q.score += 1.0;
                }
            }
        }
    }

    /// The keypoints of the boxes two annotators both drew: a pose less alike than
    /// [`SAME_POSE_OKS`] is a disagreement; closer ones count by how close.
    fn add_keypoints(&mut self, c: &Control, (a, b): Pair<'_>, matched: &[(usize, usize)]) {
        let q = self.question(&format!("{} · keypoints", c.name), Measure::Keypoints);
        q.disagree_below = Some(SAME_POSE_OKS);
        if q.points.is_empty() {
            q.points = (c.keypoints.iter()).map(|k| (k.clone(), 0.0, 0)).collect();
        }
        let sigmas = c.keypoint_sigmas();
        for &(i, j) in matched {
            let parts = keypoints_alike(&a[i], &b[j], &sigmas);
            let placed: Vec<f64> = parts.iter().flatten().copied().collect();
            if placed.is_empty() {
                continue;
            }
            let alike = placed.iter().sum::<f64>() / placed.len() as f64;
            q.pairs += 1;
            q.score += alike;
            if alike < SAME_POSE_OKS {
                q.pairs_below += 1;
            }
            for (point, part) in q.points.iter_mut().zip(&parts) {
                if let Some(x) = part {
                    point.1 += x;
                    point.2 += 1;
                }
            }
        }
    }

    /// The texts of the boxes (`box_text`, OCR) or segments (`segment_text`) two annotators
    /// both made (`matched` pairs of places in `a` and `b`), word by word: a word read or
    /// heard otherwise is a disagreement, for a lead to settle.
    fn add_shape_texts(
        &mut self,
        c: &Control,
        (a, b): (&[&str], &[&str]),
        matched: &[(usize, usize)],
    ) {
        let q = self.question(&format!("{} · text", c.name), Measure::Words);
        q.disagree_below = Some(1.0);
        for &(i, j) in matched {
            let (x, y) = (a[i], b[j]);
            if x.trim().is_empty() && y.trim().is_empty() {
                continue;
            }
            let alike = words_alike(x, y);
            q.pairs += 1;
            q.score += alike;
            if alike < 1.0 - 1e-9 {
                q.pairs_below += 1;
            }
        }
    }

    /// A text control's answers, word by word; a pair where neither wrote anything is
    /// left out (an optional comment nobody needed says nothing of agreement).
    fn add_texts(&mut self, c: &Control, answers: &[Annotation]) {
        let q = self.question(&c.name, Measure::Words);
        q.disagree_below = c.disagree_below;
        for (a, b) in pairs(answers) {
            let (x, y) = (text_of(a, &c.name), text_of(b, &c.name));
            // A follow-up one of them was not asked is settled by the question it follows.
            let unasked = !c.when.is_empty() && (x.trim().is_empty() || y.trim().is_empty());
            if (x.trim().is_empty() && y.trim().is_empty()) || unasked {
                continue;
            }
            let alike = words_alike(x, y);
            q.pairs += 1;
            q.score += alike;
            if c.disagree_below.is_some_and(|t| alike < t - 1e-9) {
                q.pairs_below += 1;
            }
        }
    }

    fn question(&mut self, name: &str, measure: Measure) -> &mut QuestionAgreement {
        let i = match self.questions.iter().position(|q| q.name == name) {
            Some(i) => i,
            None => {
                self.questions.push(QuestionAgreement {
                    name: name.to_string(),
                    measure,
                    ..Default::default()
                });
                self.questions.len() - 1
            }
        };
        &mut self.questions[i]
    }
}

/// Whether the annotators of one item gave different answers to a question compared
/// (the reviewer's "disagreed" list).
pub fn answers_differ(controls: &[Control], answers: &[Annotation]) -> bool {
    let mut one = Agreement::default();
    one.add_item(controls, answers);
    one.disagreed > 0
}

/// How an answer compares with the expected one (a gold answer).
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    /// No compared question differs (as [`answers_differ`] sees it).
    pub same: bool,
    /// 0 to 1: the mean over the questions compared of 1 for the same answer, 0 for
    /// another, the F1 for boxes and time segments (so one missed box of twenty costs 5%,
    /// not the whole item), and how alike the words are for free text. `None` when no
    /// question could be compared.
    pub closeness: Option<f64>,
    /// Each question compared, with its score (as in `closeness`).
    pub questions: Vec<(String, f64)>,
}

/// Scores `answer` against `expected`, in one pass of the agreement tally.
pub fn score(controls: &[Control], expected: &Annotation, answer: &Annotation) -> Score {
    // A text the gold answer leaves empty (an optional comment) is not scored.
    let compared: Vec<Control> = controls
        .iter()
        .filter(|c| c.kind != ControlKind::Text || !text_of(expected, &c.name).trim().is_empty())
        .cloned()
        .collect();
    let mut one = Agreement::with_texts();
    one.add_item(&compared, &[expected.clone(), answer.clone()]);
    let questions: Vec<(String, f64)> = one
        .questions
        .iter()
        .filter_map(|q| Some((q.name.clone(), q.rate()?)))
        .collect();
    Score {
        same: one.disagreed == 0,
        closeness: one.closeness(),
        questions,
    }
}

impl QuestionAgreement {
    /// Two answers given as the labels picked: the same set agrees; one label each that
    /// differ are noted as confused.
    fn add_labels(&mut self, a: &[String], b: &[String]) {
        let same = sorted(a) == sorted(b);
        self.add(same);
        if let (false, [x], [y]) = (same, a, b) {
            self.confuse(x, y);
        }
    }

    fn add(&mut self, same: bool) {
        self.pairs += 1;
        if same {
            self.score += 1.0;
        }
    }
}

fn box_attributes(boxes: &[BoxAnn]) -> Vec<&[String]> {
    boxes.iter().map(|x| &x.attributes[..]).collect()
}

fn span_attributes(spans: &[Span]) -> Vec<&[String]> {
    spans.iter().map(|x| &x.attributes[..]).collect()
}

fn box_texts(boxes: &[BoxAnn]) -> Vec<&str> {
    boxes.iter().map(|x| x.text.as_str()).collect()
}

fn segment_texts(segments: &[super::annotation::Segment]) -> Vec<&str> {
    segments.iter().map(|x| x.text.as_str()).collect()
}

/// The spans two answers both marked (same label on the same characters), as pairs of
/// places: where their attributes are compared.
fn same_spans(a: &[Span], b: &[Span]) -> Vec<(usize, usize)> {
    let same = |x: &Span, y: &Span| {
        (x.field == y.field && x.start == y.start) && (x.end == y.end && x.label == y.label)
    };
    let mut used = vec![false; b.len()];
    let mut out = Vec::new();
    for (i, s) in a.iter().enumerate() {
        if let Some(j) = (0..b.len()).find(|&j| !used[j] && same(&b[j], s)) {
            used[j] = true;
            out.push((i, j));
        }
    }
    out
}

fn pairs(answers: &[Annotation]) -> impl Iterator<Item = (&Annotation, &Annotation)> {
    answers
        .iter()
        .enumerate()
        .flat_map(move |(i, a)| answers[i + 1..].iter().map(move |b| (a, b)))
}

/// A one-value answer as text (a choice, a grade, the better of two); `None` for lists.
fn single(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(t) => Some(t.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn sorted(v: &[String]) -> Vec<&str> {
    let mut s: Vec<&str> = v.iter().map(String::as_str).collect();
    s.sort_unstable();
    s
}

/// A list as a set: the order options were ticked in does not matter.
fn set_of(v: &Value) -> Value {
    match v {
        Value::Array(a) => {
            let mut items: Vec<String> = a.iter().map(|x| x.to_string()).collect();
            items.sort_unstable();
            Value::from(items)
        }
        other => other.clone(),
    }
}

/// Two annotators' boxes on one item.
type Pair<'a> = (&'a [BoxAnn], &'a [BoxAnn]);

/// A text control's answer, `""` when none.
fn text_of<'a>(a: &'a Annotation, name: &str) -> &'a str {
    a.fields.get(name).and_then(Value::as_str).unwrap_or("")
}

#[cfg(test)]
mod tests;
