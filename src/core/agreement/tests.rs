//! Agreement tallies, gold scores and the disagreed list.

use super::*;

fn bx(label: &str, x: f32) -> BoxAnn {
    BoxAnn::new(label, x, 0.0, 10.0, 10.0)
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
    assert_eq!(occ.measure, Measure::Attribute("occluded".into()));
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
fn box_texts_are_compared_on_the_boxes_both_drew() {
    let mut c = Control::new("boxes", ControlKind::Boxes);
    c.box_text = true;
    let with = |texts: &[&str]| Annotation {
        boxes: texts
            .iter()
            .enumerate()
            .map(|(i, t)| BoxAnn {
                text: t.to_string(),
                ..bx("line", i as f32 * 100.0)
            })
            .collect(),
        ..Default::default()
    };
    let controls = [c];
    assert!(!answers_differ(
        &controls,
        &[with(&["TOTAL 9.30", ""]), with(&["TOTAL  9.30", ""])]
    ));
    assert!(answers_differ(
        &controls,
        &[with(&["TOTAL 9.30"]), with(&["TOTAL 9.80"])]
    ));
    let mut t = Agreement::default();
    t.add_item(&controls, &[with(&["a b c d"]), with(&["a b c e"])]);
    let q = t
        .questions
        .iter()
        .find(|q| q.name == "boxes · text")
        .unwrap();
    assert_eq!((q.pairs, q.pairs_below, q.rate()), (1, 1, Some(0.75)));
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
    // Grade wrong, flags right, the note's one word another: a third of the way.
    let c = score(&controls, &answer(4, &["typo"]), &answer(2, &["typo"]));
    assert!((c.closeness.unwrap() - 1.0 / 3.0).abs() < 1e-9);
    assert!(!c.same);
    // Only the free text differs: not a disagreement, nor a wrong gold answer.
    let mut other_note = answer(4, &["typo"]);
    other_note.fields.insert("note".into(), "else".into());
    let both = [answer(4, &["typo"]), other_note];
    assert!(!answers_differ(&controls, &both));
    let c = score(&controls, &both[0], &both[1]);
    assert!(c.same);
    assert_eq!(c.questions[2], ("note".to_string(), 0.0));
    // A gold answer with no note does not score the annotator's.
    let mut no_note = answer(4, &["typo"]);
    no_note.fields.remove("note");
    let c = score(&controls, &no_note, &both[1]);
    assert_eq!(c.questions.len(), 2);
    assert_eq!(c.closeness, Some(1.0));
    assert!(!answers_differ(&controls, &[answer(4, &[])]), "one answer");
}

#[test]
fn statistics_compare_free_text_word_by_word_and_segments_by_overlap() {
    let mut transcript = Control::new("transcript", ControlKind::Text);
    transcript.single_line = true;
    let controls = [transcript, Control::new("segments", ControlKind::Segments)];
    let said = |text: &str, speech_ends: f64| {
        let mut a = Annotation::default();
        if !text.is_empty() {
            a.fields.insert("transcript".into(), text.into());
        }
        a.segments = vec![crate::core::Segment {
            label: "speech".into(),
            start_s: 0.0,
            end_s: speech_ends,
            ..Default::default()
        }];
        a
    };
    let mut t = Agreement::with_texts();
    // One word of five heard otherwise, and the same speech 0.1 s longer.
    t.add_item(
        &controls,
        &[
            said("turn left at the station", 2.0),
            said("Turn left at the nation.", 2.1),
        ],
    );
    // Nobody wrote anything: no pair for the transcript; speech under half as long for one.
    t.add_item(&controls, &[said("", 2.0), said("", 0.9)]);
    let q = &t.questions;
    assert_eq!(
        (q[0].name.as_str(), &q[0].measure),
        ("transcript", &Measure::Words)
    );
    assert_eq!(q[0].pairs, 1);
    assert!((q[0].rate().unwrap() - 0.8).abs() < 1e-9);
    assert_eq!(
        (&q[1].measure, q[1].pairs, q[1].rate()),
        (&Measure::SegmentF1, 2, Some(0.5))
    );
    // The segments make the second item disagreed; the words do not, with no threshold.
    assert_eq!(t.disagreed, 1);
    // The disagreed list does not spend time on words.
    let mut quick = Agreement::default();
    quick.add_item(&controls, &[said("a", 2.0), said("b", 2.0)]);
    assert_eq!(quick.questions.len(), 1);
    assert_eq!(quick.disagreed, 0);
}

#[test]
fn free_text_less_alike_than_its_threshold_is_a_disagreement() {
    let mut transcript = Control::new("transcript", ControlKind::Text);
    transcript.disagree_below = Some(0.9);
    let controls = [transcript];
    let said = |text: &str| {
        let mut a = Annotation::default();
        a.fields.insert("transcript".into(), text.into());
        a
    };
    let ten = "one two three four five six seven eight nine ten";
    let mut t = Agreement::with_texts();
    // One word of ten: 90% alike, at the threshold, agreed; case and commas aside too.
    t.add_item(&controls, &[said(ten), said(&ten.replace("six", "sicks"))]);
    t.add_item(
        &controls,
        &[
            said(ten),
            said("One, two three four five six seven eight nine ten"),
        ],
    );
    assert_eq!(t.disagreed, 0);
    // Two words of ten: under it.
    let two_off = ten.replace("six", "sicks").replace("nine", "mine");
    t.add_item(&controls, &[said(ten), said(&two_off)]);
    assert_eq!(t.disagreed, 1);
    assert_eq!((t.questions[0].pairs, t.questions[0].pairs_below), (3, 1));
    assert_eq!(t.questions[0].disagree_below, Some(0.9));
    // The reviewer's list finds the item, and a gold transcript that far off is wrong.
    assert!(answers_differ(&controls, &[said(ten), said(&two_off)]));
    assert!(!answers_differ(&controls, &[said(ten), said(ten)]));
    assert!(!score(&controls, &said(ten), &said(&two_off)).same);
    assert!(score(&controls, &said(ten), &said(ten)).same);
}

#[test]
fn each_annotator_is_scored_against_the_others_they_shared_items_with() {
    let c = [Control::new("label", ControlKind::Choice)];
    let with = |l: &str| Annotation {
        labels: vec![l.into()],
        ..Default::default()
    };
    let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let mut t = Agreement::default();
    // ana and bob agree; cy differs from both on the first item, and from ana alone.
    t.add_item_by(
        &c,
        &[with("pos"), with("pos"), with("neg")],
        &names(&["ana", "bob", "cy"]),
    );
    t.add_item_by(&c, &[with("pos"), with("neg")], &names(&["ana", "cy"]));
    let by = t.by_annotator();
    assert_eq!(
        by.iter().map(|b| (b.0, b.1)).collect::<Vec<_>>(),
        [("ana", 3), ("bob", 2), ("cy", 3)]
    );
    assert!(
        (by[0].2 - 1.0 / 3.0).abs() < 1e-9,
        "ana: 1 of 3 pairs alike"
    );
    assert_eq!(by[1].2, 0.5);
    assert_eq!(by[2].2, 0.0);
    assert_eq!(t.items, 2, "the tally itself as add_item keeps it");
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

#[test]
fn a_follow_up_is_compared_only_where_both_were_asked_it() {
    let mut policy = Control::new("policy", ControlKind::Choice);
    policy.options = vec!["ok".into(), "spam".into()];
    let mut severity = Control::new("severity", ControlKind::Rating);
    severity.when.insert(
        "policy".into(),
        crate::core::config::Wanted::AnyOf(vec!["spam".into()]),
    );
    let mut why = Control::new("why", ControlKind::Text);
    why.when.insert(
        "policy".into(),
        crate::core::config::Wanted::AnyOf(vec!["spam".into()]),
    );
    why.disagree_below = Some(0.9);
    let controls = [policy, severity, why];
    let answer = |p: &str, s: Option<u64>, w: &str| {
        let mut a = Annotation::default();
        a.fields.insert("policy".into(), p.into());
        if let Some(s) = s {
            a.fields.insert("severity".into(), s.into());
            a.fields.insert("why".into(), w.into());
        }
        a
    };
    let mut t = Agreement::default();
    // One says spam (severity 2), the other ok: only the policy disagrees.
    t.add_item(
        &controls,
        &[
            answer("spam", Some(2), "a link farm"),
            answer("ok", None, ""),
        ],
    );
    // Both say spam, severities apart.
    t.add_item(
        &controls,
        &[
            answer("spam", Some(2), "a link farm"),
            answer("spam", Some(3), "a link farm"),
        ],
    );
    let rate = |name: &str| {
        t.questions
            .iter()
            .find(|q| q.name == name)
            .map(|q| (q.pairs, q.rate()))
    };
    assert_eq!(rate("policy"), Some((2, Some(0.5))));
    assert_eq!(
        rate("severity"),
        Some((1, Some(0.0))),
        "the pair where both were asked"
    );
    assert_eq!(rate("why"), Some((1, Some(1.0))));
    assert_eq!(t.disagreed, 2);
}
