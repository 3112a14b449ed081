//! Text and evaluation presets driven through the real app with egui_kittest: keys in,
//! answers and timing in the store.
#![cfg(feature = "gui")]

mod common;
use common::ui::*;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use keylabel::core::Status;
use keylabel::project::{InitOptions, Project};
use keylabel::ui::KeylabelApp;
use serde_json::{Value, json};
use std::path::Path;

fn preset(dir: &Path, name: &str, items: &str) -> std::path::PathBuf {
    let base = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_data")
        .join(name);
    init_as_ana(&dir.join(name), base.join(items), base.join("task.toml"))
}

/// A project at `p` on `media` with the config `cfg`, worked on as "ana".
fn init_as_ana(p: &Path, media: std::path::PathBuf, cfg: std::path::PathBuf) -> std::path::PathBuf {
    Project::init(
        p,
        &InitOptions {
            media,
            config: Some(cfg),
            annotator: Some("ana".into()),
            ..Default::default()
        },
    )
    .unwrap();
    p.to_path_buf()
}

fn current(h: &Harness<'_, KeylabelApp>) -> i64 {
    work(h).session.item.as_ref().unwrap().id
}

fn fields(h: &Harness<'_, KeylabelApp>, id: i64) -> serde_json::Map<String, Value> {
    work(h)
        .session
        .project
        .store
        .annotation(id, "ana")
        .unwrap()
        .unwrap_or_default()
        .fields
}

fn status(h: &Harness<'_, KeylabelApp>, id: i64) -> Status {
    work(h).session.project.store.item(id).unwrap().status
}

#[test]
fn text_classification_one_key_per_item() {
    let t = tempfile::tempdir().unwrap();
    let mut h = harness(&preset(t.path(), "text-classification", "texts.jsonl"));
    let first = current(&h);
    let items = work(&h).session.counts.total();
    key(&mut h, Key::Num3);
    assert_eq!(fields(&h, first)["sentiment"], "mixed");
    assert_eq!(status(&h, first), Status::Submitted);
    // One key answered and submitted: counted once, as new → submitted.
    let c = &work(&h).session.counts;
    assert_eq!(
        (
            c.get(Status::New),
            c.get(Status::Draft),
            c.get(Status::Submitted)
        ),
        (items - 1, 0, 1)
    );
    assert_ne!(current(&h), first, "advanced to the next item");
    let s = &work(&h).session;
    let ann = s.project.store.annotation(first, "ana").unwrap().unwrap();
    assert_eq!(
        ann.labels,
        vec!["mixed"],
        "choice answers from the labels also fill `labels`"
    );
    let timing = s.project.store.timing(first, "ana").unwrap().unwrap();
    assert!(
        timing.submitted_at.is_some() && timing.keys >= 1,
        "{timing:?}"
    );
}

#[test]
fn where_the_answer_key_submits_enter_does_not_submit_a_blank_item() {
    // "4, Enter" out of habit: the 4 submitted this item and moved on, so the Enter lands
    // on the next one, unanswered. It must not go into the export as done with no grade.
    let t = tempfile::tempdir().unwrap();
    let mut h = harness(&preset(t.path(), "search-relevance", "items.jsonl"));
    // The panel says so, rather than "Enter: submit".
    assert!(
        h.query_by_label_contains("a number key answers, submits and moves on")
            .is_some()
    );
    let first = current(&h);
    key(&mut h, Key::Num4);
    assert_eq!(status(&h, first), Status::Submitted);
    let second = current(&h);
    assert_ne!(second, first);
    key(&mut h, Key::Enter);
    assert_eq!(current(&h), second, "stayed on the unanswered item");
    assert_eq!(status(&h, second), Status::New);
    assert!(
        work(&h).message.contains("“relevance” needs an answer"),
        "{}",
        work(&h).message
    );
    assert!(h.query_by_label("relevance · required").is_some());
    // The grade itself still submits and moves on, and skipping needs none.
    key(&mut h, Key::Num2);
    assert_eq!(status(&h, second), Status::Submitted);
    assert_eq!(fields(&h, second)["relevance"], 2);
    let third = current(&h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Space);
    h.run_steps(1);
    assert_eq!(status(&h, third), Status::Skipped);
}

#[test]
fn moderation_multi_choice_toggles_flags_and_enter_submits() {
    let t = tempfile::tempdir().unwrap();
    let mut h = harness(&preset(t.path(), "moderation", "items.jsonl"));
    let first = current(&h);
    key(&mut h, Key::Num3);
    key(&mut h, Key::Num2);
    key(&mut h, Key::Num4);
    key(&mut h, Key::Num4); // toggled off again
    assert_eq!(
        fields(&h, first)["policy"],
        json!(["spam", "harassment"]),
        "kept in option order"
    );
    // "ok" stands alone (`exclusive` in the preset): it replaces the violations, and a
    // violation replaces it, so no answer says both.
    key(&mut h, Key::Num1);
    assert_eq!(fields(&h, first)["policy"], json!(["ok"]));
    key(&mut h, Key::Num2);
    assert_eq!(fields(&h, first)["policy"], json!(["spam"]));
    key(&mut h, Key::Num3);
    assert_eq!(fields(&h, first)["policy"], json!(["spam", "harassment"]));
    assert_eq!(current(&h), first, "multi-choice does not advance");
    key(&mut h, Key::Tab); // the follow-up: how severe, asked as the post breaks a policy
    key(&mut h, Key::Num2); // a rating moves the keys on
    key(&mut h, Key::Num1);
    assert_eq!(fields(&h, first)["severity"], json!(2));
    assert_eq!(fields(&h, first)["review"], json!(["needs expert"]));
    key(&mut h, Key::Enter);
    assert_eq!(status(&h, first), Status::Submitted);
    assert_ne!(current(&h), first);
}

#[test]
fn a_follow_up_is_asked_after_its_answer_and_goes_with_it() {
    let t = tempfile::tempdir().unwrap();
    let mut h = harness(&preset(t.path(), "moderation", "items.jsonl"));
    let severity = |h: &Harness<'_, KeylabelApp>| {
        (h.query_by_label("severity · required"))
            .or(h.query_by_label("severity"))
            .is_some()
    };
    // An "ok" post is not asked how severe: one key and Enter, as before.
    let first = current(&h);
    assert!(!severity(&h), "not shown before a policy is broken");
    // The guidelines say when it is asked, before it ever is.
    key(&mut h, Key::G);
    assert!(
        h.query_by_label("asked when policy is other than ok")
            .is_some()
    );
    key(&mut h, Key::G);
    key(&mut h, Key::Num1);
    key(&mut h, Key::Enter);
    assert_eq!(status(&h, first), Status::Submitted);
    assert!(!fields(&h, first).contains_key("severity"));
    // Spam: the severity is asked, and required.
    let second = current(&h);
    key(&mut h, Key::Num2);
    h.run_steps(1);
    assert!(severity(&h), "shown once the post breaks a policy");
    assert!(
        h.query_by_label("asked when policy is other than ok")
            .is_some()
    );
    key(&mut h, Key::Enter);
    assert_eq!(status(&h, second), Status::Draft);
    assert!(
        work(&h).message.contains("severity"),
        "{}",
        work(&h).message
    );
    key(&mut h, Key::Num3); // the keys were sent to it
    assert_eq!(fields(&h, second)["severity"], json!(3));
    // Back on the policy, "ok" takes the severity's answer away (one undo step)…
    key_mod(&mut h, Modifiers::SHIFT, Key::Tab);
    key_mod(&mut h, Modifiers::SHIFT, Key::Tab);
    key(&mut h, Key::Num1);
    assert_eq!(fields(&h, second)["policy"], json!(["ok"]));
    assert!(!fields(&h, second).contains_key("severity"));
    h.run_steps(1);
    assert!(!severity(&h));
    // …and Ctrl+Z brings both back.
    key_mod(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(fields(&h, second)["policy"], json!(["spam"]));
    assert_eq!(fields(&h, second)["severity"], json!(3));
    key(&mut h, Key::Enter);
    assert_eq!(status(&h, second), Status::Submitted);
}

#[test]
fn a_low_grade_asks_why_and_the_keys_go_to_the_field() {
    let t = tempfile::tempdir().unwrap();
    let cfg = t.path().join("task.toml");
    std::fs::write(
        &cfg,
        "[task]\nmedia = \"text\"\nshow = [\"text\"]\n\
         [[controls]]\nname = \"quality\"\ntype = \"rating\"\nscale = 3\n\
         [[controls]]\nname = \"why\"\ntype = \"text\"\nsingle_line = true\nrequired = true\n\
         when = { quality = 1 }\n\
         [[controls]]\nname = \"tone\"\ntype = \"choice\"\noptions = [\"formal\", \"casual\"]\n",
    )
    .unwrap();
    let items = t.path().join("t.jsonl");
    std::fs::write(&items, "{\"text\": \"a\"}\n{\"text\": \"b\"}\n").unwrap();
    let mut h = harness(&init_as_ana(&t.path().join("p"), items, cfg));
    let first = current(&h);
    key(&mut h, Key::Num3); // a good grade: no why, the keys go on to the tone
    assert_eq!(work(&h).session.active_control, 2);
    assert!(
        work(&h).session.tab_order() == vec![0, 2],
        "the field is not there to Tab to"
    );
    key_mod(&mut h, Modifiers::SHIFT, Key::Tab);
    key(&mut h, Key::Num1); // the lowest: why, and the keys are in its field
    h.run_steps(2);
    assert!(work(&h).session.text_active());
    h.event(egui::Event::Text("off topic".into()));
    h.run_steps(2);
    assert_eq!(fields(&h, first)["why"], json!("off topic"));
    key(&mut h, Key::Enter); // one line: Enter leaves the field for the next question
    key(&mut h, Key::Num2);
    key(&mut h, Key::Enter);
    assert_eq!(status(&h, first), Status::Submitted);
    let f = fields(&h, first);
    assert_eq!(
        (&f["quality"], &f["why"], &f["tone"]),
        (&json!(1), &json!("off topic"), &json!("casual"))
    );
}

#[test]
fn rlhf_compare_then_rating_then_flags() {
    let t = tempfile::tempdir().unwrap();
    let mut h = harness(&preset(t.path(), "rlhf-comparison", "items.jsonl"));
    let first = current(&h);
    key(&mut h, Key::Num2); // response_b is better; the keys move on to the rating
    key(&mut h, Key::Num4); // confidence 4 of 5; the keys move on to the flags
    key(&mut h, Key::Num1); // hallucination
    let f = fields(&h, first);
    assert_eq!(f["preference"], "response_b");
    assert_eq!(f["confidence"], 4);
    assert_eq!(f["issues"], json!(["hallucination"]));
    assert_eq!(
        current(&h),
        first,
        "several questions: Enter submits, not the keys"
    );
    key(&mut h, Key::Enter);
    assert_eq!(status(&h, first), Status::Submitted);
    // A tie on the next one.
    let second = current(&h);
    key(&mut h, Key::Num3);
    assert_eq!(fields(&h, second)["preference"], "tie");
}

#[test]
fn search_relevance_grade_submits_and_advances() {
    let t = tempfile::tempdir().unwrap();
    let mut h = harness(&preset(t.path(), "search-relevance", "items.jsonl"));
    let first = current(&h);
    key(&mut h, Key::Num5);
    assert_eq!(fields(&h, first)["relevance"], 5);
    assert_eq!(status(&h, first), Status::Submitted);
    let second = current(&h);
    key(&mut h, Key::Num1);
    assert_eq!(fields(&h, second)["relevance"], 1);
    // Undo on the item after: go back, undo, the grade is gone.
    key(&mut h, Key::A);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(1);
    assert!(fields(&h, second).get("relevance").is_none());
}

#[test]
fn tab_enters_the_correction_field_and_esc_gives_the_keys_back() {
    let t = tempfile::tempdir().unwrap();
    let mut h = harness(&preset(t.path(), "response-correction", "items.jsonl"));
    let first = current(&h);
    assert_eq!(
        work(&h).session.active_control,
        1,
        "the rating takes the keys"
    );
    // No mouse: Tab puts the cursor at the end of the correction.
    key(&mut h, Key::Tab);
    h.run_steps(1);
    assert_eq!(work(&h).session.active_control, 0);
    assert!(h.ctx.text_edit_focused(), "the field has the keyboard");
    assert!(h.query_by_label("no changes from response").is_some());
    for _ in 0..6 {
        h.key_press(Key::Backspace);
    }
    h.event(egui::Event::Text(" canapé.".into()));
    h.run_steps(2);
    assert_eq!(
        fields(&h, first)["corrected"],
        "Le chat dort sur la canapé."
    );
    // Under the field, what the correction changed, with a few words around it.
    assert!(
        h.query_by_label("changes from response: 1 word out, 1 in")
            .is_some()
    );
    assert!(h.query_by_label("… dort sur la sofa. canapé.").is_some());
    // Esc leaves the field; the number keys rate again, Enter submits.
    key(&mut h, Key::Escape);
    h.run_steps(1);
    assert!(!h.ctx.text_edit_focused());
    assert_eq!(work(&h).session.active_control, 1);
    // Seven edits typed in one go are one undo step: Ctrl+Z takes the whole correction back.
    key_mod(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(
        fields(&h, first).get("corrected").is_none(),
        "back to the prefill"
    );
    key_mod(&mut h, Modifiers::COMMAND, Key::Y);
    assert_eq!(
        fields(&h, first)["corrected"],
        "Le chat dort sur la canapé."
    );
    key(&mut h, Key::Num2);
    key(&mut h, Key::Enter);
    assert_eq!(fields(&h, first)["quality"], 2);
    assert_eq!(status(&h, first), Status::Submitted);
    assert!(
        !h.ctx.text_edit_focused(),
        "the next item opens with the keys free"
    );
}

#[test]
fn response_correction_typing_never_fires_shortcuts() {
    let t = tempfile::tempdir().unwrap();
    let mut h = harness(&preset(t.path(), "response-correction", "items.jsonl"));
    let first = current(&h);
    // Accepting the prefilled text as it is: Enter submits it as the answer.
    key(&mut h, Key::Num3);
    key(&mut h, Key::Enter);
    assert_eq!(fields(&h, first)["corrected"], "Le chat dort sur la sofa.");
    assert_eq!(fields(&h, first)["quality"], 3);
    let second = current(&h);
    assert_ne!(second, first);

    // Typing "d" and "2" in the field edits the text: no next item, no rating.
    // The correction field: the multi-line input holding text (the item's note is empty).
    fn correction<'a>(
        h: &'a egui_kittest::Harness<'_, keylabel::ui::KeylabelApp>,
    ) -> egui_kittest::Node<'a> {
        use egui_kittest::kittest::NodeT;
        h.get_all_by_role(egui::accesskit::Role::MultilineTextInput)
            .find(|n| n.accesskit_node().value().is_some_and(|v| !v.is_empty()))
            .expect("the correction field")
    }
    correction(&h).focus();
    h.run_steps(1);
    h.key_press(Key::End);
    correction(&h).type_text(" d2");
    h.run_steps(2);
    assert_eq!(current(&h), second, "D typed in the field did not move on");
    let f = fields(&h, second);
    assert!(f["corrected"].as_str().unwrap().ends_with(" d2"), "{f:?}");
    assert!(
        f.get("quality").is_none(),
        "2 typed in the field did not rate"
    );
    // Ctrl+Enter submits from inside the field, but "quality" is required: refused, and
    // the keys go to that question.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_steps(2);
    assert_eq!(status(&h, second), Status::Draft);
    assert!(
        work(&h).message.contains("“quality” needs an answer"),
        "{}",
        work(&h).message
    );
    assert!(h.query_by_label("quality · required").is_some());
    key(&mut h, Key::Num2);
    assert!(h.query_by_label("quality · required").is_none());
    key(&mut h, Key::Enter);
    assert_eq!(fields(&h, second)["quality"], 2);
    assert_eq!(status(&h, second), Status::Submitted);
}

#[test]
fn required_questions_hold_the_submit_until_answered() {
    let t = tempfile::tempdir().unwrap();
    let mut h = harness(&preset(t.path(), "rlhf-comparison", "items.jsonl"));
    let first = current(&h);
    // Enter with nothing answered: not submitted, and the item stays where it is.
    key(&mut h, Key::Enter);
    assert_eq!(current(&h), first);
    assert_eq!(status(&h, first), Status::New);
    assert!(work(&h).message.contains("“preference” needs an answer"));
    assert!(h.query_by_label("preference · required").is_some());
    // The preference alone: the keys move on to the confidence, which is required too.
    key(&mut h, Key::Num2);
    key(&mut h, Key::Tab);
    key(&mut h, Key::Enter);
    assert_eq!(current(&h), first);
    assert!(work(&h).message.contains("“confidence” needs an answer"));
    assert_eq!(work(&h).session.active_control, 1, "the keys went to it");
    // The flags are optional: the rating completes the item.
    key(&mut h, Key::Num5);
    key(&mut h, Key::Enter);
    assert_eq!(status(&h, first), Status::Submitted);
    assert_ne!(current(&h), first);
    // Skipping needs no answer.
    let second = current(&h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Space);
    h.run_steps(1);
    assert_eq!(status(&h, second), Status::Skipped);
}

#[test]
fn answers_that_carry_only_their_labels_show_as_the_choice_made() {
    let t = tempfile::tempdir().unwrap();
    let p = preset(t.path(), "text-classification", "texts.jsonl");
    let records: Vec<Value> = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/text-classification/texts.jsonl"),
    )
    .unwrap()
    .lines()
    .map(|l| serde_json::from_str(l).unwrap())
    .collect();
    // A model's pre-labels as another tool writes them: labels, no per-question fields.
    let pre = t.path().join("pre.jsonl");
    let row = json!({"id": "m-1", "kind": "text", "status": "draft", "annotator": "model",
        "labels": ["negative"], "boxes": [], "data": records[0]});
    std::fs::write(&pre, format!("{row}\n")).unwrap();
    let mut project = Project::open(&p, Some("ana".into())).unwrap();
    project.import(&pre).unwrap();
    let ids = project
        .store
        .item_ids(keylabel::core::ItemFilter::All)
        .unwrap();
    let stored = project.store.annotation(ids[0], "model").unwrap().unwrap();
    assert_eq!(
        stored.fields["sentiment"], "negative",
        "stored as the answer"
    );
    // An answer saved with its labels only before this was handled.
    let old = keylabel::core::Annotation {
        labels: vec!["mixed".into()],
        ..Default::default()
    };
    project
        .store
        .save_annotation(ids[1], "bob", &old, 1)
        .unwrap();
    drop(project);

    let mut h = harness(&p);
    wait_loaded(&mut h);
    assert_eq!(current(&h), ids[0]);
    assert_eq!(
        work(&h).session.answer("sentiment"),
        Some(&json!("negative"))
    );
    assert!(h.query_by_label("answer by model").is_some());
    key(&mut h, Key::D);
    assert_eq!(current(&h), ids[1]);
    assert_eq!(work(&h).session.answer("sentiment"), Some(&json!("mixed")));
    h.run_steps(1);
    assert!(h.query_by_label("mixed").is_some(), "the list row shows it");
    assert!(!work(&h).session.missing_required_of(0));
}

#[test]
fn a_fresh_task_points_at_its_guidelines_and_g_toggles_them() {
    let t = tempfile::tempdir().unwrap();
    let p = preset(t.path(), "text-classification", "texts.jsonl");
    let mut h = harness(&p);
    h.run_steps(2);
    assert!(!work(&h).show_guidelines, "never over the item unasked");
    assert!(work(&h).message.contains("press G"), "{}", work(&h).message);
    h.get_by_label("Guidelines (G)").click();
    h.run_steps(2);
    assert!(h.query_by_label("Guidelines — Review sentiment").is_some());
    assert!(
        h.query_by_label("mostly praise; a small complaint is still positive")
            .is_some(),
        "each label's description"
    );
    key(&mut h, Key::G);
    assert!(!work(&h).show_guidelines);
    assert!(h.query_by_label("Guidelines — Review sentiment").is_none());
    key(&mut h, Key::G);
    assert!(h.query_by_label("Guidelines — Review sentiment").is_some());
    // The number keys still answer with the window open.
    let first = current(&h);
    key(&mut h, Key::Num2);
    assert_eq!(fields(&h, first)["sentiment"], "negative");
    // The hint gives way once work has started.
    assert!(
        !work(&h).message.contains("press G"),
        "{}",
        work(&h).message
    );
    drop(h);
    // Once work has started, opening the project says the usual.
    let h = harness(&p);
    assert!(!work(&h).message.contains("press G"));
}

#[test]
fn g_on_a_task_without_guidelines_says_how_to_add_them() {
    let t = tempfile::tempdir().unwrap();
    let mut h = harness(&preset(t.path(), "response-correction", "items.jsonl"));
    assert!(!work(&h).show_guidelines);
    key(&mut h, Key::G);
    assert!(!work(&h).show_guidelines);
    assert!(
        work(&h).message.contains("instructions"),
        "{}",
        work(&h).message
    );
}

#[test]
fn page_down_and_up_scroll_a_long_text_and_each_item_starts_at_its_top() {
    let t = tempfile::tempdir().unwrap();
    let long = "A line of a long model answer that goes on.\n".repeat(300);
    let items = t.path().join("long.jsonl");
    let rows: String = (0..2)
        .map(|i| format!("{}\n", json!({"title": format!("t{i}"), "text": long})))
        .collect();
    std::fs::write(&items, rows).unwrap();
    let cfg =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/text-classification/task.toml");
    let p = init_as_ana(&t.path().join("p"), items, cfg);
    let mut h = harness(&p);
    h.run_steps(2);
    assert_eq!(work(&h).text_offset, 0.0);
    key(&mut h, Key::PageDown);
    h.run_steps(2);
    let one = work(&h).text_offset;
    assert!(one > 100.0, "a page down: {one}");
    key(&mut h, Key::PageDown);
    h.run_steps(2);
    assert!(work(&h).text_offset > one * 1.5, "two pages down");
    key(&mut h, Key::PageUp);
    h.run_steps(2);
    assert!((work(&h).text_offset - one).abs() < 1.0, "one page back up");
    key(&mut h, Key::D);
    h.run_steps(2);
    assert_eq!(work(&h).text_offset, 0.0, "the next item starts at its top");
}

#[test]
fn ranking_three_answers_shows_each_place_and_takes_a_key_back() {
    let t = tempfile::tempdir().unwrap();
    let items = t.path().join("items.jsonl");
    std::fs::write(
        &items,
        "{\"prompt\":\"p\",\"a\":\"first\",\"b\":\"second\",\"c\":\"third\"}\n",
    )
    .unwrap();
    let cfg = t.path().join("task.toml");
    std::fs::write(
        &cfg,
        "[task]\nmedia = \"text\"\nshow = [\"prompt\"]\n\n[[controls]]\nname = \"ranking\"\ntype = \"compare\"\nfields = [\"a\", \"b\", \"c\"]\n",
    )
    .unwrap();
    let p = init_as_ana(&t.path().join("p"), items, cfg);
    let mut h = harness(&p);
    h.run_steps(2);
    assert!(
        h.query_by_label("press the best first · 3 to place")
            .is_some()
    );
    key(&mut h, Key::Num3);
    key(&mut h, Key::Num1);
    let first = current(&h);
    assert_eq!(fields(&h, first)["ranking"], json!(["c", "a"]));
    assert!(h.query_by_label("best first: c › a · 1 to place").is_some());
    // On the key's button and over the response itself.
    assert_eq!(h.query_all_by_label("[3] c · #1").count(), 2);
    assert_eq!(h.query_all_by_label("[1] a · #2").count(), 2);
    // Pressing a placed one takes it, and those after it, back.
    key(&mut h, Key::Num1);
    assert_eq!(fields(&h, first)["ranking"], json!(["c"]));
    key(&mut h, Key::Num2);
    key(&mut h, Key::Num1);
    assert_eq!(fields(&h, first)["ranking"], json!(["c", "b", "a"]));
    assert!(
        h.query_by_label("best first: c › b › a · all placed")
            .is_some()
    );
}

#[test]
fn tab_and_shift_tab_move_between_questions_both_ways() {
    let t = tempfile::tempdir().unwrap();
    let p = preset(t.path(), "rlhf-comparison", "items.jsonl");
    let mut h = harness(&p);
    h.run_steps(2);
    let name = |h: &Harness<'_, KeylabelApp>| {
        let s = &work(h).session;
        s.project.config.controls[s.active_control].name.clone()
    };
    assert_eq!(name(&h), "preference");
    key_mod(&mut h, Modifiers::SHIFT, Key::Tab);
    assert_eq!(name(&h), "issues", "back round the end");
    key_mod(&mut h, Modifiers::SHIFT, Key::Tab);
    assert_eq!(name(&h), "confidence");
    key(&mut h, Key::Tab);
    assert_eq!(name(&h), "issues");
}

#[test]
fn a_records_file_opened_in_the_app_becomes_a_project_beside_it() {
    let t = tempfile::tempdir().unwrap();
    let items = t.path().join("reviews.jsonl");
    std::fs::write(&items, "{\"text\":\"great\"}\n{\"text\":\"awful\"}\n").unwrap();
    let before = std::fs::read(&items).unwrap();
    // With labels: a choice among them, showing every field.
    let mut h = app_harness(app_opening(&items));
    assert!(h.state().work().is_none(), "a bare file asks first");
    assert!(
        h.query_by_label("rlhf-comparison").is_some(),
        "text presets offered"
    );
    assert!(h.query_by_label("boxes").is_none(), "image presets are not");
    create_with_labels(&mut h, "pos, neg");
    wait_ready(&mut h);
    let dir = t.path().join("reviews.keylabel");
    assert!(
        dir.join("keylabel.toml").is_file(),
        "the project is beside the file"
    );
    assert_eq!(work(&h).session.ids.len(), 2);
    key(&mut h, Key::Num2);
    assert_eq!(
        work(&h)
            .session
            .project
            .store
            .answer_count(work(&h).session.ids[0])
            .unwrap(),
        1
    );
    assert_eq!(
        std::fs::read(&items).unwrap(),
        before,
        "the records are untouched"
    );
    drop(h);
    // Opening the file again opens its project.
    let mut h = app_harness(app_opening(&items));
    wait_ready(&mut h);
    assert_eq!(
        work(&h).session.project.dir.file_name().unwrap(),
        "reviews.keylabel"
    );

    // A preset task from the same screen.
    let other = t.path().join("pairs.jsonl");
    std::fs::write(
        &other,
        "{\"prompt\":\"p\",\"response_a\":\"a\",\"response_b\":\"b\"}\n",
    )
    .unwrap();
    let mut h = app_harness(app_opening(&other));
    h.get_by_label("rlhf-comparison").click();
    h.run_steps(1);
    wait_ready(&mut h);
    let cfg = &work(&h).session.project.config;
    assert_eq!(cfg.controls[0].name, "preference");
    // Something that is no records file says what it takes.
    let odd = t.path().join("notes.txt");
    std::fs::write(&odd, "hello").unwrap();
    let app = app_opening(&odd);
    assert!(app.message.contains("records to label"), "{}", app.message);
}

#[test]
fn the_shortcuts_overlay_lists_what_this_task_uses() {
    let t = tempfile::tempdir().unwrap();
    let p = preset(t.path(), "text-classification", "texts.jsonl");
    let mut h = harness(&p);
    h.run_steps(2);
    key(&mut h, Key::F1);
    h.run_steps(1);
    assert!(
        h.query_by_label("text items: scroll the text a page down")
            .is_some()
    );
    assert!(
        h.query_by_label(
            "labels 1–10 (boxes: the next box's, renames a clicked one; choice: pick)"
        )
        .is_some(),
        "the number keys in one row"
    );
    for absent in [
        "show the image brighter (the file is never changed)",
        "draw a box (then drag)",
        "audio: play / pause (Ctrl+P while typing a transcript)",
        "label 2 (boxes: the next box's, renames a clicked one; choice: pick)",
    ] {
        assert!(h.query_by_label(absent).is_none(), "{absent}");
    }
}

#[test]
fn t_turns_the_word_diff_of_two_responses_on_and_off() {
    let t = tempfile::tempdir().unwrap();
    let p = preset(t.path(), "rlhf-comparison", "items.jsonl");
    let mut h = harness(&p);
    h.run_steps(2);
    assert!(!work(&h).show_diff);
    key(&mut h, Key::T);
    h.run_steps(1);
    assert!(work(&h).show_diff);
    // The responses are laid out again with their differing words marked.
    assert!(
        work(&h).galleys.keys().any(|k| k.2),
        "a diff layout is cached"
    );
    key(&mut h, Key::T);
    assert!(!work(&h).show_diff);
}

#[test]
fn a_task_of_one_text_field_types_at_once_and_tab_comes_back_to_it() {
    let t = tempfile::tempdir().unwrap();
    let cfg = t.path().join("task.toml");
    std::fs::write(
        &cfg,
        "[task]\nmedia = \"text\"\nshow = [\"text\"]\n[[controls]]\nname = \"summary\"\ntype = \"text\"\n",
    )
    .unwrap();
    let items =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/text-classification/texts.jsonl");
    let mut h = harness(&init_as_ana(&t.path().join("p"), items, cfg));
    h.run_steps(1);
    let first = current(&h);
    // The only question is the field: it has the keyboard from the start.
    assert!(h.ctx.text_edit_focused());
    h.event(egui::Event::Text("kettle ok".into()));
    h.run_steps(1);
    key(&mut h, Key::Escape);
    assert!(!h.ctx.text_edit_focused());
    // Tab gives it back, though it never stopped being the active question.
    key(&mut h, Key::Tab);
    h.run_steps(1);
    assert!(h.ctx.text_edit_focused(), "Tab came back to the field");
    key_mod(&mut h, Modifiers::COMMAND, Key::Enter);
    h.run_steps(2);
    assert_eq!(fields(&h, first)["summary"], "kettle ok");
    assert_eq!(status(&h, first), Status::Submitted);
    assert!(
        h.ctx.text_edit_focused(),
        "the next item's field is ready to type in"
    );
}

#[test]
fn undo_inside_the_field_never_brings_back_another_items_text() {
    let t = tempfile::tempdir().unwrap();
    let mut h = harness(&preset(t.path(), "response-correction", "items.jsonl"));
    let first = current(&h);
    key(&mut h, Key::Tab);
    h.run_steps(1);
    h.event(egui::Event::Text(" Oui.".into()));
    h.run_steps(1);
    key(&mut h, Key::Escape);
    assert!(
        fields(&h, first)["corrected"]
            .as_str()
            .unwrap()
            .ends_with(" Oui.")
    );
    key(&mut h, Key::D);
    let second = current(&h);
    assert_ne!(second, first);
    // The field left behind let go of its state (undo history and all).
    let left = keylabel::ui::answer_fields::field_id(first, 0);
    assert!(egui::text_edit::TextEditState::load(&h.ctx, left).is_none());
    // In the next item's field, the field's own undo has nothing of the first item's.
    key(&mut h, Key::Tab);
    h.run_steps(1);
    assert!(h.ctx.text_edit_focused());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert!(
        fields(&h, second).get("corrected").is_none(),
        "{:?}",
        fields(&h, second)
    );
}

#[test]
fn the_view_menu_of_a_text_task_offers_no_image_rows() {
    let t = tempfile::tempdir().unwrap();
    let mut h = harness(&preset(t.path(), "rlhf-comparison", "items.jsonl"));
    h.get_by_label("View").click();
    h.run_steps(3);
    assert!(h.query_by_label_contains("Text size").is_some());
    for image_only in ["Fit image", "Box labels", "Other answers' boxes (C)"] {
        assert!(h.query_by_label(image_only).is_none(), "{image_only}");
    }
}
