//! How often annotators who answered the same item agree, question by question: the quality
//! check a team runs when several people label the same items.

use super::alpha::{Coincidences, Metric};
use super::annotation::{Annotation, BoxAnn};
use super::config::{Control, ControlKind};
use serde_json::Value;

/// Two boxes are the same object when they overlap this much (intersection over union) and
/// carry the same label: the usual threshold of detection benchmarks.
pub const SAME_BOX_IOU: f32 = 0.5;

/// The agreement tally over every item answered by two or more annotators.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Agreement {
    /// Items answered by two or more annotators.
    pub items: u64,
    /// Of those, the items where some pair gave different answers to a question compared.
    pub disagreed: u64,
    pub questions: Vec<QuestionAgreement>,
}

/// One question's agreement: each pair of annotators of an item scores 1 when their
/// answers are the same (boxes: the F1 of boxes matched by label and overlap), 0 when not.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QuestionAgreement {
    pub name: String,
    pub boxes: bool,
    /// A box attribute (occluded, truncated…) compared on the boxes two annotators both
    /// drew (matched as for the F1): its pairs are those boxes, not annotators.
    pub attribute: Option<String>,
    pub pairs: u64,
    score: f64,
    /// Single answers two annotators of one item gave differently, as a sorted pair, with
    /// how often: where the guidelines leave people unsure.
    confused: std::collections::BTreeMap<(String, String), u64>,
    /// One-value questions (a choice, a rating, the better of two): the tally for
    /// Krippendorff's alpha. `None` for lists, boxes and rankings.
    chance: Option<Coincidences>,
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
    /// Adds one item's answers, one per annotator. Free text and time segments are left out:
    /// two good transcripts rarely match to the letter.
    pub fn add_item(&mut self, controls: &[Control], answers: &[Annotation]) {
        if answers.len() < 2 {
            return;
        }
        self.items += 1;
        let before = self.shortfall();
        self.add_pairs(controls, answers);
        // A box F1 below 1 counts; float noise of matched boxes does not.
        if self.shortfall() - before > 1e-9 {
            self.disagreed += 1;
        }
    }

    /// Score missing from full agreement, over every question.
    fn shortfall(&self) -> f64 {
        self.questions
            .iter()
            .map(|q| q.pairs as f64 - q.score)
            .sum()
    }

    fn add_pairs(&mut self, controls: &[Control], answers: &[Annotation]) {
        if controls.is_empty() {
            // A config with labels and no questions: the labels picked are the answer.
            let q = self.question("labels", false);
            for (a, b) in pairs(answers) {
                q.add_labels(&a.labels, &b.labels);
            }
            return;
        }
        for c in controls {
            match c.kind {
                ControlKind::Text | ControlKind::Segments => {}
                ControlKind::Boxes => {
                    self.question(&c.name, true);
                    for name in &c.attributes {
                        self.question(&format!("{} · {name}", c.name), false)
                            .attribute = Some(name.clone());
                    }
                    for (a, b) in pairs(answers) {
                        let matched = matched_boxes(&a.boxes, &b.boxes);
                        let q = self.question(&c.name, true);
                        q.pairs += 1;
                        q.score += f1(matched.len(), a.boxes.len() + b.boxes.len());
                        self.add_attributes(c, (&a.boxes, &b.boxes), &matched);
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
                    let q = self.question(&c.name, false);
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

    /// Each attribute the boxes control names, on the boxes two annotators both drew: a
    /// box one calls occluded and the other not is a disagreement the F1 cannot see. Alpha
    /// too, since most boxes are not occluded and raw agreement flatters a rare attribute.
    fn add_attributes(&mut self, c: &Control, (a, b): Pair<'_>, matched: &[(usize, usize)]) {
        for name in &c.attributes {
            let q = self.question(&format!("{} · {name}", c.name), false);
            let chance = q
                .chance
                .get_or_insert_with(|| Coincidences::new(Metric::Nominal));
            for &(i, j) in matched {
                let (x, y) = (a[i].has_attribute(name), b[j].has_attribute(name));
                chance.add_item(&[x.to_string(), y.to_string()]);
                q.pairs += 1;
                if x == y {
                    q.score += 1.0;
                }
            }
        }
    }

    fn question(&mut self, name: &str, boxes: bool) -> &mut QuestionAgreement {
        let i = match self.questions.iter().position(|q| q.name == name) {
            Some(i) => i,
            None => {
                self.questions.push(QuestionAgreement {
                    name: name.to_string(),
                    boxes,
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
    /// another, and the box F1 for boxes (so one missed box of twenty costs 5%, not the
    /// whole item). `None` when no question could be compared.
    pub closeness: Option<f64>,
    /// Each question compared, with its score (1 or 0; the box F1 for boxes).
    pub questions: Vec<(String, f64)>,
}

/// Scores `answer` against `expected`, in one pass of the agreement tally.
pub fn score(controls: &[Control], expected: &Annotation, answer: &Annotation) -> Score {
    let mut one = Agreement::default();
    one.add_item(controls, &[expected.clone(), answer.clone()]);
    let questions: Vec<(String, f64)> = one
        .questions
        .iter()
        .filter_map(|q| Some((q.name.clone(), q.rate()?)))
        .collect();
    let n = questions.len();
    Score {
        same: one.disagreed == 0,
        closeness: (n > 0).then(|| questions.iter().map(|q| q.1).sum::<f64>() / n as f64),
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

fn iou(a: &BoxAnn, b: &BoxAnn) -> f32 {
    let w = (a.x + a.w).min(b.x + b.w) - a.x.max(b.x);
    let h = (a.y + a.h).min(b.y + b.h) - a.y.max(b.y);
    if w <= 0.0 || h <= 0.0 {
        return 0.0;
    }
    let inter = w * h;
    let union = a.w * a.h + b.w * b.h - inter;
    if union > 0.0 { inter / union } else { 0.0 }
}

/// F1 of two annotators' boxes: pairs of the same label overlapping at least
/// [`SAME_BOX_IOU`], matched greedily from the largest overlap. Both empty: full agreement
/// (both found nothing to mark).
pub fn box_f1(a: &[BoxAnn], b: &[BoxAnn]) -> f64 {
    f1(matched_boxes(a, b).len(), a.len() + b.len())
}

/// F1 of `matched` boxes among `boxes` drawn by the two; both found nothing: 1.
fn f1(matched: usize, boxes: usize) -> f64 {
    if boxes == 0 {
        1.0
    } else {
        2.0 * matched as f64 / boxes as f64
    }
}

/// Two annotators' boxes on one item.
type Pair<'a> = (&'a [BoxAnn], &'a [BoxAnn]);

/// The boxes of `a` and `b` that are the same object: the same label overlapping at least
/// [`SAME_BOX_IOU`], matched greedily from the largest overlap, as index pairs.
fn matched_boxes(a: &[BoxAnn], b: &[BoxAnn]) -> Vec<(usize, usize)> {
    let mut candidates: Vec<(f32, usize, usize)> = Vec::new();
    for (i, x) in a.iter().enumerate() {
        for (j, y) in b.iter().enumerate() {
            let o = iou(x, y);
            if x.label == y.label && o >= SAME_BOX_IOU {
                candidates.push((o, i, j));
            }
        }
    }
    candidates.sort_by(|p, q| q.0.total_cmp(&p.0));
    let (mut used_a, mut used_b) = (vec![false; a.len()], vec![false; b.len()]);
    let mut matched = Vec::new();
    for (_, i, j) in candidates {
        if !used_a[i] && !used_b[j] {
            used_a[i] = true;
            used_b[j] = true;
            matched.push((i, j));
        }
    }
    matched
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bx(label: &str, x: f32) -> BoxAnn {
        BoxAnn::new(label, x, 0.0, 10.0, 10.0)
    }

    #[test]
    fn boxes_agree_by_label_and_overlap() {
        assert_eq!(box_f1(&[], &[]), 1.0);
        assert_eq!(box_f1(&[bx("cat", 0.0)], &[]), 0.0);
        // 1 px off: IoU 0.82, the same cat.
        assert_eq!(box_f1(&[bx("cat", 0.0)], &[bx("cat", 1.0)]), 1.0);
        // Same place, other label; or the same label 6 px off (IoU 0.25).
        assert_eq!(box_f1(&[bx("cat", 0.0)], &[bx("dog", 0.0)]), 0.0);
        assert_eq!(box_f1(&[bx("cat", 0.0)], &[bx("cat", 6.0)]), 0.0);
        // One of two cats found: F1 = 2·1 / 3.
        let f = box_f1(&[bx("cat", 0.0), bx("cat", 50.0)], &[bx("cat", 0.5)]);
        assert!((f - 2.0 / 3.0).abs() < 1e-9, "{f}");
    }

    #[test]
    fn box_attributes_are_compared_on_the_boxes_both_drew() {
        let mut c = Control::new("objects", ControlKind::Boxes);
        c.attributes = vec!["occluded".into(), "truncated".into()];
        let boxes = |b: Vec<BoxAnn>| Annotation {
            boxes: b,
            ..Default::default()
        };
        let occluded = |x: f32| {
            let mut b = bx("cat", x);
            b.set_attribute("occluded", true, &c.attributes);
            b
        };
        let mut t = Agreement::default();
        // The same two cats; the first one occluded for ana only. A third box ben drew
        // alone has no one to compare its attributes with.
        t.add_item(
            std::slice::from_ref(&c),
            &[
                boxes(vec![occluded(0.0), bx("cat", 50.0)]),
                boxes(vec![bx("cat", 1.0), bx("cat", 50.0), occluded(100.0)]),
            ],
        );
        let names: Vec<&str> = t.questions.iter().map(|q| q.name.as_str()).collect();
        assert_eq!(
            names,
            ["objects", "objects · occluded", "objects · truncated"]
        );
        let occ = &t.questions[1];
        assert_eq!(occ.attribute.as_deref(), Some("occluded"));
        assert_eq!((occ.pairs, occ.rate()), (2, Some(0.5)));
        assert_eq!(t.questions[2].rate(), Some(1.0));
        assert_eq!(t.disagreed, 1);
        // The same boxes and attributes: no disagreement; one flipped: a disagreement even
        // though the box F1 is 1.
        let same = [boxes(vec![occluded(0.0)]), boxes(vec![occluded(1.0)])];
        assert!(!answers_differ(std::slice::from_ref(&c), &same));
        let flipped = [boxes(vec![occluded(0.0)]), boxes(vec![bx("cat", 1.0)])];
        assert!(answers_differ(std::slice::from_ref(&c), &flipped));
    }

    #[test]
    fn each_pair_of_annotators_counts_per_question() {
        let controls = [
            Control::new("grade", ControlKind::Rating),
            Control::new("issues", ControlKind::Flags),
            Control::new("note", ControlKind::Text),
        ];
        let answer = |grade: u8, issues: &[&str]| {
            let mut a = Annotation::default();
            a.fields.insert("grade".into(), grade.into());
            a.fields.insert("issues".into(), serde_json::json!(issues));
            a.fields.insert("note".into(), format!("{grade}").into());
            a
        };
        let mut t = Agreement::default();
        // Three annotators: pairs (1,2) agree on the grade, (1,3) and (2,3) do not.
        t.add_item(
            &controls,
            &[
                answer(4, &["typo", "rude"]),
                answer(4, &["rude", "typo"]),
                answer(2, &["rude", "typo"]),
            ],
        );
        // One annotator alone is no pair.
        t.add_item(&controls, &[answer(1, &[])]);
        assert_eq!(t.items, 1);
        let names: Vec<&str> = t.questions.iter().map(|q| q.name.as_str()).collect();
        assert_eq!(names, ["grade", "issues"], "free text is left out");
        assert_eq!(t.questions[0].pairs, 3);
        assert!((t.questions[0].rate().unwrap() - 1.0 / 3.0).abs() < 1e-9);
        assert_eq!(t.questions[1].rate(), Some(1.0), "flags compare as sets");
        assert_eq!(t.questions[0].most_confused(5), [("2", "4", 2)]);
        assert!(
            t.questions[1].most_confused(5).is_empty(),
            "lists are not noted"
        );
        assert_eq!(t.disagreed, 1);
        assert!(answers_differ(&controls, &[answer(4, &[]), answer(2, &[])]));
        // Grade wrong, flags right: half way.
        let c = score(&controls, &answer(4, &["typo"]), &answer(2, &["typo"]));
        assert_eq!(c.closeness, Some(0.5));
        // Only the free text differs: not a disagreement.
        let mut other_note = answer(4, &["typo"]);
        other_note.fields.insert("note".into(), "else".into());
        assert!(!answers_differ(
            &controls,
            &[answer(4, &["typo"]), other_note]
        ));
        assert!(!answers_differ(&controls, &[answer(4, &[])]), "one answer");
    }

    #[test]
    fn a_choice_among_the_labels_is_compared_by_the_labels_when_imported_so() {
        let with = |l: &str| Annotation {
            labels: vec![l.into()],
            ..Default::default()
        };
        let mut t = Agreement::default();
        let c = [Control::new("label", ControlKind::Choice)];
        t.add_item(&c, &[with("pos"), with("pos")]);
        t.add_item(&c, &[with("pos"), with("neg")]);
        assert_eq!(t.questions[0].rate(), Some(0.5));
    }

    #[test]
    fn a_ranking_is_compared_in_order() {
        let mut c = Control::new("rank", ControlKind::Compare);
        c.fields = vec!["a".into(), "b".into(), "c".into()];
        let ranked = |r: &[&str]| {
            let mut a = Annotation::default();
            a.fields.insert("rank".into(), serde_json::json!(r));
            a
        };
        let mut t = Agreement::default();
        t.add_item(
            &[c.clone()],
            &[ranked(&["a", "b", "c"]), ranked(&["b", "a", "c"])],
        );
        t.add_item(&[c], &[ranked(&["c", "b", "a"]), ranked(&["c", "b", "a"])]);
        assert_eq!(t.questions[0].rate(), Some(0.5));
    }

    #[test]
    fn labels_are_the_answer_without_questions() {
        let with = |l: &[&str]| Annotation {
            labels: l.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        };
        let mut t = Agreement::default();
        t.add_item(&[], &[with(&["a", "b"]), with(&["b", "a"])]);
        t.add_item(&[], &[with(&["a"]), with(&["b"])]);
        assert_eq!(t.questions[0].name, "labels");
        assert_eq!(t.questions[0].rate(), Some(0.5));
        t.add_item(&[], &[with(&["b"]), with(&["a"])]);
        assert_eq!(
            t.questions[0].most_confused(5),
            [("a", "b", 2)],
            "either order"
        );
    }
}
