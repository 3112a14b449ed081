//! An item someone else answered (a reviewer opening an annotator's project, or the same
//! person under another name): the app starts from that work, never from a blank item.
#![cfg(feature = "gui")]

mod common;
use common::ui::*;
use common::*;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use keylabel::core::{Annotation, BoxAnn};
use keylabel::project::Project;

fn cat_box(x: f32) -> BoxAnn {
    BoxAnn::new("cat", x, 2.0, 10.0, 8.0)
}

/// One cat box as the answer, at `x`.
fn answer(x: f32) -> Annotation {
    Annotation {
        boxes: vec![cat_box(x)],
        ..Default::default()
    }
}

/// A cat project in `dir/proj` whose first image bob boxed at x 1, then cy at x 50.
fn answered_by_bob_and_cy(dir: &std::path::Path) -> (std::path::PathBuf, i64) {
    let imgs = image_folder(dir);
    let p = dir.join("proj");
    ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat"]);
    let mut other = Project::open(&p, None).unwrap();
    let first = other
        .store
        .item_ids(keylabel::core::ItemFilter::All)
        .unwrap()[0];
    let store = &mut other.store;
    store
        .save_annotation(first, "bob", &answer(1.0), 1)
        .unwrap();
    store
        .save_annotation(first, "cy", &answer(50.0), 2)
        .unwrap();
    (p, first)
}

#[test]
fn a_reviewer_starts_from_the_annotators_boxes_and_keeps_them() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let p = t.path().join("proj");
    ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat"]);
    // Bob boxed the first image.
    let mut bob = Project::open(&p, Some("bob".into())).unwrap();
    let first = bob.store.item_ids(keylabel::core::ItemFilter::All).unwrap()[0];
    let bobs = Annotation {
        boxes: vec![cat_box(1.0)],
        ..Default::default()
    };
    bob.store.save_annotation(first, "bob", &bobs, 1).unwrap();
    drop(bob);

    // Ana opens the project: bob's box is there, and said to be his.
    let mut h = harness(&p);
    wait_loaded(&mut h);
    assert_eq!(work(&h).session.annotation, bobs);
    assert_eq!(work(&h).session.answer_by.as_deref(), Some("bob"));
    assert!(h.query_by_label("answer by bob").is_some());
    assert!(h.query_by_label("1 box").is_some(), "the list row too");
    assert!(stored(&h).is_empty(), "nothing saved as ana's by looking");

    // Her first change saves bob's box and hers, as hers.
    draw_box(&mut h, (40.0, 40.0), (60.0, 60.0));
    assert_eq!(stored(&h).boxes.len(), 2);
    assert_eq!(stored(&h).boxes[0], cat_box(1.0));
    assert_eq!(work(&h).session.answer_by, None);
    h.run_steps(1);
    assert!(h.query_by_label("answer by bob").is_none());

    // Undo takes her change back: bob's answer shows again, and his is untouched.
    key_mod(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(stored(&h).is_empty());
    assert_eq!(work(&h).session.annotation, bobs);
    assert_eq!(work(&h).session.answer_by.as_deref(), Some("bob"));
    let store = &work(&h).session.project.store;
    assert_eq!(store.annotation(first, "bob").unwrap(), Some(bobs.clone()));

    // Redo, submit: the export carries her two boxes.
    key_mod(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    key(&mut h, Key::Enter);
    drop(h);
    let out = t.path().join("out.jsonl");
    ok(&[&"export", &p, &"--format", &"jsonl", &"--out", &out]);
    let text = std::fs::read_to_string(&out).unwrap();
    let row: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(row["annotator"], "ana");
    assert_eq!(row["boxes"].as_array().unwrap().len(), 2);
}

/// V shows each annotator's answer in turn, newest first; a change starts from the one shown.
#[test]
fn v_cycles_through_the_annotators_answers() {
    let t = tempfile::tempdir().unwrap();
    let (p, first) = answered_by_bob_and_cy(t.path());

    let mut h = harness(&p);
    wait_loaded(&mut h);
    let shown = |h: &egui_kittest::Harness<'_, keylabel::ui::KeylabelApp>| {
        let s = &work(h).session;
        (
            s.answer_by.clone().unwrap_or_default(),
            s.annotation.boxes[0].x,
        )
    };
    assert_eq!(shown(&h), ("cy".into(), 50.0), "the newest first");
    key(&mut h, Key::V);
    assert_eq!(shown(&h), ("bob".into(), 1.0));
    assert!(
        work(&h).message.contains("bob's answer (2 of 2)"),
        "{}",
        work(&h).message
    );
    key(&mut h, Key::V);
    assert_eq!(shown(&h), ("cy".into(), 50.0));
    key(&mut h, Key::V);
    // A change starts from bob's answer, saved as ana's; both others stay as they were.
    draw_box(&mut h, (40.0, 40.0), (60.0, 60.0));
    assert_eq!(stored(&h).boxes[0], cat_box(1.0));
    assert_eq!(stored(&h).boxes.len(), 2);
    let store = &work(&h).session.project.store;
    assert_eq!(store.annotation(first, "cy").unwrap(), Some(answer(50.0)));
    // Now three answers: ana's own (newest), cy's, bob's.
    key(&mut h, Key::V);
    assert_eq!(shown(&h), ("cy".into(), 50.0));
}

/// The status filter "disagreed" lists the items whose annotators gave different answers:
/// a lead goes through them, V to compare, and settles each.
#[test]
fn the_disagreed_filter_lists_the_items_to_settle() {
    use egui::accesskit::Role;
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let p = t.path().join("proj");
    ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat"]);
    let mut other = Project::open(&p, None).unwrap();
    let ids = other
        .store
        .item_ids(keylabel::core::ItemFilter::All)
        .unwrap();
    // Item 0: the same box; item 1: boxes far apart; item 2: 1 px apart (the same cat);
    // item 3: bob alone.
    for (i, bob, cy) in [
        (0, 1.0, Some(1.0)),
        (1, 1.0, Some(60.0)),
        (2, 1.0, Some(2.0)),
    ] {
        other
            .store
            .save_annotation(ids[i], "bob", &answer(bob), 1)
            .unwrap();
        if let Some(x) = cy {
            other
                .store
                .save_annotation(ids[i], "cy", &answer(x), 2)
                .unwrap();
        }
    }
    other
        .store
        .save_annotation(ids[3], "bob", &answer(5.0), 1)
        .unwrap();
    drop(other);

    let mut h = harness(&p);
    wait_loaded(&mut h);
    status_filter(&mut h, "disagreed");
    assert_eq!(work(&h).session.ids, vec![ids[1]]);
    assert_eq!(work(&h).session.item.as_ref().unwrap().id, ids[1]);
    let x = |h: &egui_kittest::Harness<'_, keylabel::ui::KeylabelApp>| {
        work(h).session.annotation.boxes[0].x
    };
    assert_eq!(x(&h), 60.0, "cy's, the newest");
    key(&mut h, Key::V);
    assert_eq!(x(&h), 1.0, "bob's");
    // C draws the other answer's boxes (cy's, dashed) under the one shown (bob's).
    assert!(keylabel::ui::answers_view::other_boxes(work(&h)).is_empty());
    key(&mut h, Key::C);
    let others = keylabel::ui::answers_view::other_boxes(work(&h));
    assert_eq!(others, vec![("cy".to_string(), vec![cat_box(60.0)])]);
    assert!(
        h.query_by_label("C: hide the others' boxes (dashed)")
            .is_some()
    );
    // The panel lists both answers and what they differ on; a click shows one.
    assert!(h.query_by_label("2 answers · V: next").is_some());
    assert!(h.query_by_label("they differ on: boxes (F1 0%)").is_some());
    h.get_by_label("cy").click();
    h.run_steps(1);
    assert_eq!(x(&h), 60.0);
    assert_eq!(work(&h).session.answer_by.as_deref(), Some("cy"));
    // Settling it: ana's change is her own answer, listed as hers, and the newest.
    draw_box(&mut h, (10.0, 10.0), (30.0, 30.0));
    h.run_steps(1);
    assert!(h.query_by_label("3 answers · V: next").is_some());
    assert!(h.query_by_label("ana (you)").is_some());
    // bob against cy 0, bob against ana 0, cy against ana 2/3: F1 22% over the three pairs.
    assert!(h.query_by_label("they differ on: boxes (F1 22%)").is_some());
    assert_eq!(stored(&h).boxes.len(), 2, "cy's box and hers");
    // Her answer settles the item: listed again, "disagreed" no longer holds it.
    h.query_all_by_role(Role::ComboBox).next().unwrap().click();
    h.run_steps(2);
    h.get_by_label("all (4)").click();
    h.run_steps(2);
    wait_list(&mut h);
    status_filter(&mut h, "disagreed");
    assert!(work(&h).session.ids.is_empty());
    assert!(
        work(&h).message.contains("not answered yet"),
        "{}",
        work(&h).message
    );
}

/// A gold answer is the lead's secret: the app never shows it, and the annotator's
/// submitted answer is scored against it.
#[test]
fn gold_answers_never_show_in_the_app_and_score_the_work() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let p = t.path().join("proj");
    ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat"]);
    let mut lead = Project::open(&p, Some("lead".into())).unwrap();
    let first = lead
        .store
        .item_ids(keylabel::core::ItemFilter::All)
        .unwrap()[0];
    let gold = Annotation {
        boxes: vec![cat_box(1.0)],
        ..Default::default()
    };
    lead.store.set_gold(first, &gold, 1).unwrap();
    drop(lead);

    let mut h = harness(&p);
    wait_loaded(&mut h);
    assert_eq!(work(&h).session.item.as_ref().unwrap().id, first);
    assert!(work(&h).session.annotation.is_empty(), "no gold box shown");
    assert_eq!(work(&h).session.answer_by, None);
    assert!(h.query_by_label("1 box").is_none(), "nor in the list");
    key(&mut h, Key::V);
    assert!(work(&h).message.contains("no other answer"));
    key(&mut h, Key::Num1);
    draw_box(&mut h, (40.0, 40.0), (60.0, 60.0));
    key(&mut h, Key::Enter);
    let s = &work(&h).session.project;
    let stats = s.store.stats(&s.config.controls).unwrap();
    assert_eq!(stats.gold_items, 1);
    let ana = stats.annotators.iter().find(|a| a.name == "ana").unwrap();
    assert_eq!(
        (ana.gold_checked, ana.gold_correct),
        (1, 0),
        "her box is elsewhere"
    );
    assert_eq!(ana.gold_closeness, Some(0.0), "box F1 0: nothing matched");
    assert_eq!(s.store.gold(first).unwrap(), Some(gold), "gold untouched");
}

/// A lead who submits the answer shown (bob's, picked with V) accepts it: it becomes the
/// lead's own, the newest, and the export carries it.
#[test]
fn submitting_anothers_answer_accepts_it() {
    let t = tempfile::tempdir().unwrap();
    let (p, first) = answered_by_bob_and_cy(t.path());

    let mut h = harness(&p);
    wait_loaded(&mut h);
    key(&mut h, Key::V);
    assert_eq!(work(&h).session.answer_by.as_deref(), Some("bob"));
    key(&mut h, Key::Enter);
    let store = &work(&h).session.project.store;
    assert_eq!(
        store.annotation(first, "ana").unwrap(),
        Some(answer(1.0)),
        "bob's answer, now ana's"
    );
    assert_eq!(
        store.item(first).unwrap().status,
        keylabel::core::Status::Submitted
    );
    assert_eq!(store.annotation(first, "cy").unwrap(), Some(answer(50.0)));
    drop(h);
    let out = t.path().join("out.jsonl");
    ok(&[&"export", &p, &"--format", &"jsonl", &"--out", &out]);
    let row: serde_json::Value = serde_json::from_str(
        std::fs::read_to_string(&out)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        (row["annotator"].as_str(), row["boxes"][0]["x"].as_f64()),
        (Some("ana"), Some(1.0))
    );
}
