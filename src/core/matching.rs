//! How two answers are lined up part by part, for agreement and gold scores: boxes by their
//! overlap, time segments by their overlap in time, texts word by word.

use super::annotation::{BoxAnn, Segment, Span};
use std::collections::HashMap;

/// Two boxes are the same object when they overlap this much (intersection over union) and
/// carry the same label: the usual threshold of detection benchmarks.
pub const SAME_BOX_IOU: f32 = 0.5;

/// Two time segments are the same stretch of sound when they overlap this much in time
/// (intersection over union) and carry the same label.
pub const SAME_SEGMENT_IOU: f64 = 0.5;

/// Word pairs compared in full (the edit distance's table); past it, two long texts are
/// compared as bags of words, so one item of ten thousand words never stalls a tally.
const MAX_WORD_TABLE: usize = 4_000_000;

/// F1 of two annotators' boxes: pairs of the same label overlapping at least
/// [`SAME_BOX_IOU`], matched greedily from the largest overlap. Both empty: full agreement
/// (both found nothing to mark).
pub fn box_f1(a: &[BoxAnn], b: &[BoxAnn]) -> f64 {
    f1(matched_boxes(a, b).len(), a.len() + b.len())
}

/// The boxes of `a` and `b` that are the same object, as index pairs.
pub fn matched_boxes(a: &[BoxAnn], b: &[BoxAnn]) -> Vec<(usize, usize)> {
    greedy(a.len(), b.len(), |i, j| {
        let (x, y) = (&a[i], &b[j]);
        // The label first: an outline's overlap is the costly part.
        if x.label != y.label {
            return None;
        }
        let o = f64::from(box_iou(x, y));
        (o >= f64::from(SAME_BOX_IOU)).then_some(o)
    })
}

/// The spread COCO's keypoint similarity allows a point (its σ) when the task says none and
/// COCO has none for its name: about the mean of COCO's seventeen (0.025 an eye, 0.107 a hip).
pub const KEYPOINT_SIGMA: f64 = 0.06;

/// Two poses of one object under this similarity are a disagreement (COCO's loosest
/// threshold for a keypoint match).
pub const SAME_POSE_OKS: f64 = 0.5;

/// How alike two poses of one object are: COCO's object keypoint similarity (OKS), each
/// point `exp(-d² / (2 s² k²))` with `s²` the mean of the boxes' areas and `k = 2σ`,
/// averaged over the points either placed (one only one placed scores 0). 1 for the same
/// points; `None` where neither placed any. `sigmas`: each point's σ (a point past them
/// gets [`KEYPOINT_SIGMA`]).
pub fn keypoint_similarity(a: &BoxAnn, b: &BoxAnn, sigmas: &[f64]) -> Option<f64> {
    let parts: Vec<f64> = keypoints_alike(a, b, sigmas)
        .into_iter()
        .flatten()
        .collect();
    (!parts.is_empty()).then(|| parts.iter().sum::<f64>() / parts.len() as f64)
}

/// Each keypoint's part of [`keypoint_similarity`]: 0 to 1 where either placed it, None
/// where neither did.
pub fn keypoints_alike(a: &BoxAnn, b: &BoxAnn, sigmas: &[f64]) -> Vec<Option<f64>> {
    let area = (a.area() + b.area()) / 2.0;
    (0..a.keypoints.len().max(b.keypoints.len()))
        .map(|i| {
            let k2 = (2.0 * sigmas.get(i).copied().unwrap_or(KEYPOINT_SIGMA)).powi(2);
            let placed = |x: &BoxAnn| x.keypoints.get(i).filter(|p| p[2] > 0.0).copied();
            match (placed(a), placed(b)) {
                (None, None) => None,
                (Some(p), Some(q)) => {
                    let d2 = f64::from(p[0] - q[0]).powi(2) + f64::from(p[1] - q[1]).powi(2);
                    Some((-d2 / (2.0 * area.max(1.0) * k2)).exp())
                }
                _ => Some(0.0),
            }
        })
        .collect()
}

/// F1 of two annotators' time segments, matched as boxes are ([`SAME_SEGMENT_IOU`]).
pub fn segment_f1(a: &[Segment], b: &[Segment]) -> f64 {
    f1(matched_segments(a, b).len(), a.len() + b.len())
}

/// The segments two annotators both marked: the same label, overlapping in time by at
/// least [`SAME_SEGMENT_IOU`], as pairs of places in `a` and `b`.
pub fn matched_segments(a: &[Segment], b: &[Segment]) -> Vec<(usize, usize)> {
    greedy(a.len(), b.len(), |i, j| {
        let (x, y) = (&a[i], &b[j]);
        let inter = x.end_s.min(y.end_s) - x.start_s.max(y.start_s);
        let union = x.end_s.max(y.end_s) - x.start_s.min(y.start_s);
        let o = if inter > 0.0 && union > 0.0 {
            inter / union
        } else {
            0.0
        };
        (x.label == y.label && o >= SAME_SEGMENT_IOU).then_some(o)
    })
}

/// F1 of two annotators' text spans: the same label on exactly the same characters of the
/// same field, as named-entity benchmarks count (a span one word short is a miss).
pub fn span_f1(a: &[Span], b: &[Span]) -> f64 {
    fn key(s: &Span) -> (&str, usize, usize, &str) {
        (s.field.as_str(), s.start, s.end, s.label.as_str())
    }
    let mut theirs: Vec<_> = b.iter().map(key).collect();
    let mut matched = 0;
    for s in a {
        if let Some(p) = theirs.iter().position(|k| *k == key(s)) {
            theirs.swap_remove(p);
            matched += 1;
        }
    }
    f1(matched, a.len() + b.len())
}

/// F1 of `matched` parts among the `parts` two answers hold; both hold none: 1.
pub fn f1(matched: usize, parts: usize) -> f64 {
    if parts == 0 {
        1.0
    } else {
        2.0 * matched as f64 / parts as f64
    }
}

/// How alike two texts are word by word, 0 to 1: one less the word edit distance over the
/// longer text's words (a transcript one word off in twenty: 0.95). Case and the
/// punctuation around words do not count; two empty texts are alike.
pub fn words_alike(a: &str, b: &str) -> f64 {
    let (a, b) = (words(a), words(b));
    let longer = a.len().max(b.len());
    if longer == 0 {
        return 1.0;
    }
    let distance = if a.len().saturating_mul(b.len()) <= MAX_WORD_TABLE {
        edit_distance(&a, &b)
    } else {
        bag_distance(&a, &b)
    };
    1.0 - distance as f64 / longer as f64
}

fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// Insertions, deletions and substitutions of words turning `a` into `b`, two rows at a time.
fn edit_distance(a: &[String], b: &[String]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut row = vec![0; b.len() + 1];
    for (i, x) in a.iter().enumerate() {
        row[0] = i + 1;
        for (j, y) in b.iter().enumerate() {
            let swap = prev[j] + usize::from(x != y);
            row[j + 1] = swap.min(prev[j + 1] + 1).min(row[j] + 1);
        }
        std::mem::swap(&mut prev, &mut row);
    }
    prev[b.len()]
}

/// The edit distance if no word moved: the longer text's words the other lacks.
fn bag_distance(a: &[String], b: &[String]) -> usize {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for w in a {
        *counts.entry(w).or_default() += 1;
    }
    let mut common = 0;
    for w in b {
        if let Some(n) = counts.get_mut(w.as_str())
            && *n > 0
        {
            *n -= 1;
            common += 1;
        }
    }
    a.len().max(b.len()) - common
}

/// Rows the two objects' joint bounds are cut into, at most, to measure how much two
/// outlines overlap: along each row the overlap is exact, so 64 rows (or one every 2 pixels
/// of a small object) measure it within a percent or two, in microseconds.
const OUTLINE_ROWS: f32 = 64.0;

/// Intersection over union; of the outlines where either object has one (two people who
/// outlined a cat agree by the cat's shape, not by its box's).
fn box_iou(a: &BoxAnn, b: &BoxAnn) -> f32 {
    // Turned boxes are measured as the shapes they are, through their upright bounds.
    let (ab, bb) = (a.bounds(), b.bounds());
    let w = (ab.0 + ab.2).min(bb.0 + bb.2) - ab.0.max(bb.0);
    let h = (ab.1 + ab.3).min(bb.1 + bb.3) - ab.1.max(bb.1);
    if w <= 0.0 || h <= 0.0 {
        return 0.0;
    }
    let plain = |b: &BoxAnn| b.polygons.is_empty() && !b.is_rotated();
    if plain(a) && plain(b) {
        let inter = w * h;
        let union = a.w * a.h + b.w * b.h - inter;
        return if union > 0.0 { inter / union } else { 0.0 };
    }
    if a.polygons == b.polygons
        && (a.x, a.y, a.w, a.h, a.rotation) == (b.x, b.y, b.w, b.h, b.rotation)
    {
        return 1.0;
    }
    // Shapes share no more than their boxes do, and their union is no smaller than the
    // larger one: two objects that cannot be the same are told apart without measuring.
    let upper = f64::from(w * h) / a.area().max(b.area()).max(f64::EPSILON);
    if upper < f64::from(SAME_BOX_IOU) {
        return upper as f32;
    }
    // Both and either measured along rows through their joint bounds (at the rows'
    // middles): the same shape twice is exactly 1.
    let (y0, y1) = (ab.1.min(bb.1), (ab.1 + ab.3).max(bb.1 + bb.3));
    let rows = ((y1 - y0) / 2.0).ceil().clamp(8.0, OUTLINE_ROWS);
    let step = (y1 - y0) / rows;
    let (mut xa, mut xb) = (Vec::new(), Vec::new());
    let (mut both, mut either) = (0.0f32, 0.0f32);
    for i in 0..rows as usize {
        let y = y0 + (i as f32 + 0.5) * step;
        row_spans(a, y, &mut xa);
        row_spans(b, y, &mut xb);
        let (la, lb) = (span_length(&xa), span_length(&xb));
        let common = spans_overlap(&xa, &xb);
        both += common;
        either += la + lb - common;
    }
    if either > 0.0 { both / either } else { 0.0 }
}

/// Where the row at `y` is inside `b`, as sorted edges `[in, out, in, out, …]`: where it
/// crosses the outline's edges (even-odd, every part), or the box's sides.
fn row_spans(b: &BoxAnn, y: f32, xs: &mut Vec<f32>) {
    xs.clear();
    if b.polygons.is_empty() && !b.is_rotated() {
        if y >= b.y && y <= b.y + b.h {
            xs.extend([b.x, b.x + b.w]);
        }
        return;
    }
    for ring in b.shape_parts().iter() {
        let n = ring.len();
        for i in 0..n {
            let [xi, yi] = ring[i];
            let [xj, yj] = ring[(i + n - 1) % n];
            if (yi > y) != (yj > y) {
                xs.push(xi + (y - yi) * (xj - xi) / (yj - yi));
            }
        }
    }
    xs.sort_by(f32::total_cmp);
}

fn span_length(xs: &[f32]) -> f32 {
    xs.chunks_exact(2).map(|s| s[1] - s[0]).sum()
}

/// The length two rows' insides share.
fn spans_overlap(a: &[f32], b: &[f32]) -> f32 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i + 1 < a.len() && j + 1 < b.len() {
        let lo = a[i].max(b[j]);
        let hi = a[i + 1].min(b[j + 1]);
        if hi > lo {
            sum += hi - lo;
        }
        // The span that ends first is done with.
        if a[i + 1] < b[j + 1] {
            i += 2;
        } else {
            j += 2;
        }
    }
    sum
}

/// Pairs parts `0..n` of one answer with parts `0..m` of the other, largest overlap first,
/// each part at most once; `overlap` is `None` for two parts that cannot be the same.
fn greedy(
    n: usize,
    m: usize,
    overlap: impl Fn(usize, usize) -> Option<f64>,
) -> Vec<(usize, usize)> {
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for i in 0..n {
        for j in 0..m {
            if let Some(o) = overlap(i, j) {
                candidates.push((o, i, j));
            }
        }
    }
    candidates.sort_by(|p, q| q.0.total_cmp(&p.0));
    let (mut used_a, mut used_b) = (vec![false; n], vec![false; m]);
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

    #[test]
    fn poses_are_alike_by_cocos_keypoint_similarity() {
        let pose = |dx: f32, third: f32| BoxAnn {
            keypoints: vec![
                [10.0 + dx, 10.0, 2.0],
                [20.0 + dx, 10.0, 1.0],
                [30.0, 30.0, third],
            ],
            ..BoxAnn::new("person", 0.0, 0.0, 40.0, 40.0)
        };
        assert_eq!(
            keypoint_similarity(&pose(0.0, 2.0), &pose(0.0, 2.0), &[]),
            Some(1.0)
        );
        // 2 px off on a 40 px object: close; 10 px: far; a point one placed alone: 0.
        let near = keypoint_similarity(&pose(0.0, 2.0), &pose(2.0, 2.0), &[]).unwrap();
        let far = keypoint_similarity(&pose(0.0, 2.0), &pose(10.0, 2.0), &[]).unwrap();
        assert!(near > 0.9 && far < 0.45, "{near} {far}");
        let one_alone = keypoint_similarity(&pose(0.0, 2.0), &pose(0.0, 0.0), &[]).unwrap();
        assert!((one_alone - 2.0 / 3.0).abs() < 1e-9, "{one_alone}");
        assert_eq!(
            keypoint_similarity(&BoxAnn::default(), &BoxAnn::default(), &[]),
            None
        );
        // A point given a wider σ (a hip) forgives the same miss more than a tight one (an eye).
        let a = pose(0.0, 0.0);
        let b = pose(3.0, 0.0);
        let tight = keypoints_alike(&a, &b, &[0.025, 0.025])[0].unwrap();
        let wide = keypoints_alike(&a, &b, &[0.107, 0.107])[0].unwrap();
        assert!(tight < 0.5 && wide > 0.9, "{tight} {wide}");
        // A point past the σs given has the default one.
        assert_eq!(
            keypoints_alike(&a, &b, &[0.107])[1],
            keypoints_alike(&a, &b, &[])[1]
        );
    }

    #[test]
    fn turned_boxes_overlap_as_they_are_seen() {
        let thin = BoxAnn::new("car", 0.0, 45.0, 100.0, 10.0);
        let crossed = thin.rotated_by(90.0);
        // A cross: they share the middle square only (told apart by their bounds alone).
        let iou = box_iou(&thin, &crossed);
        assert!(iou <= 0.1 + 1e-4, "{iou}");
        // A square turned an eighth: measured, the octagon they share over their union.
        let square = BoxAnn::new("car", 0.0, 0.0, 100.0, 100.0);
        let iou = box_iou(&square, &square.rotated_by(45.0));
        let octagon = 2.0 * (2f32.sqrt() - 1.0) * 50f32.powi(2) * 4.0;
        let expect = octagon / (20000.0 - octagon);
        assert!((iou - expect).abs() < 0.02, "{iou} {expect}");
        // Half a turn is the same rectangle.
        assert!(box_iou(&thin, &thin.rotated_by(180.0)) > 0.98);
        assert!((box_iou(&crossed, &crossed) - 1.0).abs() < 1e-6);
        assert!(matched_boxes(&[thin], &[crossed]).is_empty());
    }

    #[test]
    fn outlines_overlap_by_their_shapes_not_their_boxes() {
        // Two triangles halving the same square: their boxes are the same, they share nothing.
        let lower = BoxAnn::outlined("cat", vec![[0.0, 0.0], [100.0, 100.0], [0.0, 100.0]]);
        let upper = BoxAnn::outlined("cat", vec![[0.0, 0.0], [100.0, 0.0], [100.0, 100.0]]);
        assert!(
            box_iou(&lower, &upper) < 0.05,
            "{}",
            box_iou(&lower, &upper)
        );
        assert!((box_iou(&lower, &lower) - 1.0).abs() < 0.01);
        // A triangle against the plain box around it: half of it.
        let square = BoxAnn::new("cat", 0.0, 0.0, 100.0, 100.0);
        assert!((box_iou(&lower, &square) - 0.5).abs() < 0.02);
        assert!(matched_boxes(std::slice::from_ref(&lower), &[upper]).is_empty());
        assert_eq!(
            matched_boxes(std::slice::from_ref(&lower), std::slice::from_ref(&lower)),
            [(0, 0)]
        );
    }

    fn bx(label: &str, x: f32) -> BoxAnn {
        BoxAnn::new(label, x, 0.0, 10.0, 10.0)
    }

    #[test]
    fn spans_match_on_the_same_characters_and_label_only() {
        let span = |label: &str, start, end| Span {
            label: label.into(),
            field: "text".into(),
            start,
            end,
            text: String::new(),
            attributes: Vec::new(),
        };
        let a = [span("PER", 0, 5), span("LOC", 10, 16)];
        assert_eq!(span_f1(&a, &a), 1.0);
        // One span a word short, one relabelled: neither counts.
        assert_eq!(span_f1(&a, &[span("PER", 0, 5), span("LOC", 10, 12)]), 0.5);
        assert_eq!(span_f1(&a, &[span("ORG", 0, 5)]), 0.0);
        let mut other_field = span("PER", 0, 5);
        other_field.field = "title".into();
        assert_eq!(span_f1(&a[..1], &[other_field]), 0.0);
        assert_eq!(span_f1(&[], &[]), 1.0);
    }

    fn seg(label: &str, start_s: f64, end_s: f64) -> Segment {
        Segment {
            label: label.into(),
            start_s,
            end_s,
            text: String::new(),
        }
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
    fn segments_agree_by_label_and_overlap_in_time() {
        assert_eq!(segment_f1(&[], &[]), 1.0);
        // 0.1 s later on a 2 s stretch: the same speech.
        let a = [seg("speech", 0.0, 2.0), seg("noise", 3.0, 4.0)];
        let b = [seg("speech", 0.1, 2.1), seg("speech", 3.0, 4.0)];
        assert_eq!(segment_f1(&a, &b), 0.5, "the noise is speech to b");
        // Half of it only (IoU 1/3): another stretch.
        assert_eq!(
            segment_f1(&[seg("speech", 0.0, 2.0)], &[seg("speech", 1.0, 3.0)]),
            0.0
        );
        // Touching ends are no overlap.
        assert_eq!(
            segment_f1(&[seg("speech", 0.0, 1.0)], &[seg("speech", 1.0, 2.0)]),
            0.0
        );
    }

    #[test]
    fn texts_are_compared_word_by_word() {
        assert_eq!(words_alike("", "  "), 1.0);
        assert_eq!(words_alike("Hello, world!", "hello world"), 1.0);
        assert_eq!(words_alike("", "hello"), 0.0);
        // One word of four replaced; one of four left out.
        assert_eq!(words_alike("the cat sat down", "the dog sat down"), 0.75);
        assert_eq!(words_alike("the cat sat down", "the cat sat"), 0.75);
        // Order counts: two words swapped are two edits.
        assert_eq!(words_alike("a b c d", "b a c d"), 0.5);
    }

    #[test]
    fn very_long_texts_are_compared_as_bags_of_words() {
        let a: String = (0..2500).map(|i| format!("w{i} ")).collect();
        let b = a.replacen("w7 ", "x ", 1);
        // 2500 × 2500 words is past the table: each word counted, not placed.
        let alike = words_alike(&a, &b);
        assert!((alike - (1.0 - 1.0 / 2500.0)).abs() < 1e-9, "{alike}");
        assert_eq!(bag_distance(&words("a b c d"), &words("b a c d")), 0);
    }
}
