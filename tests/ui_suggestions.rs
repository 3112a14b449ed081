//! Suggested answers (`prefill` on a choice, flags or rating question), driven with
//! egui_kittest on the real app: Enter accepts the model's answer, a key changes it, and
//! Statistics say how often it was kept.
#![cfg(feature = "gui")]

mod common;
use common::ui::*;
use common::{keylabel, stdout};
use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use keylabel::core::Status;
use keylabel::project::{InitOptions, Project};
use keylabel::ui::KeylabelApp;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

fn project(dir: &Path, config: &str, records: &[Value]) -> PathBuf {
    let items = dir.join("items.jsonl");
    let lines: Vec<String> = records.iter().map(Value::to_string).collect();
    std::fs::write(&items, lines.join("\n") + "\n").unwrap();
    let cfg = dir.join("task.toml");
    std::fs::write(&cfg, config).unwrap();
    let p = dir.join("proj");
    Project::init(
        &p,
        &InitOptions {
            media: items,
            config: Some(cfg),
            annotator: Some("ana".into()),
            ..Default::default()
        },
    )
    .unwrap();
    p
}

fn current(h: &Harness<'_, KeylabelApp>) -> i64 {
    work(h).session.item.as_ref().unwrap().id
}

fn answer(h: &Harness<'_, KeylabelApp>, id: i64, q: &str) -> Option<Value> {
    let s = &work(h).session.project.store;
    s.annotation(id, "ana").unwrap()?.fields.get(q).cloned()
}

fn status(h: &Harness<'_, KeylabelApp>, id: i64) -> Status {
    work(h).session.project.store.item(id).unwrap().status
}

#[test]
fn enter_accepts_the_models_label_and_a_key_picks_another() {
    let t = tempfile::tempdir().unwrap();
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/text-classification");
    let p = t.path().join("reviews");
    Project::init(
        &p,
        &InitOptions {
            media: base.join("texts.jsonl"),
            config: Some(base.join("task.toml")),
            annotator: Some("ana".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let mut h = harness(&p);
    // r-001: the model says positive. Shown, not yet the answer.
    let first = current(&h);
    assert!(h.query_by_label("sentiment · suggested").is_some());
    assert!(
        h.query_by_label_contains("suggested (model_label): positive")
            .is_some()
    );
    assert_eq!(answer(&h, first, "sentiment"), None);
    key(&mut h, Key::Enter);
    assert_eq!(status(&h, first), Status::Submitted);
    assert_eq!(answer(&h, first, "sentiment"), Some(json!("positive")));
    let ann = work(&h).session.project.store.annotation(first, "ana");
    assert_eq!(ann.unwrap().unwrap().labels, vec!["positive"]);
    // r-002: the model says negative; the reader says mixed, in one key, as ever.
    let second = current(&h);
    assert_ne!(second, first);
    key(&mut h, Key::Num3);
    assert_eq!(answer(&h, second, "sentiment"), Some(json!("mixed")));
    assert_eq!(status(&h, second), Status::Submitted);
    // Back on the first item, its answer is the answer: nothing suggested any more.
    key(&mut h, Key::A);
    key(&mut h, Key::A);
    assert_eq!(current(&h), first);
    assert!(h.query_by_label("sentiment · suggested").is_none());

    let s = &work(&h).session.project;
    let kept = s.store.suggestions_kept(&s.config).unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].field, "model_label");
    assert_eq!(kept[0].by_annotator, vec![("ana".to_string(), 1, 2)]);
    drop(h);
    // The command line's statistics say it too.
    let o = keylabel(&[&"stats", &p]);
    let text = stdout(&o);
    assert!(
        text.contains("sentiment: suggestions from `model_label` kept as they were"),
        "{text}"
    );
    assert!(text.contains("50% (1 of 2)"), "{text}");
    let o = keylabel(&[&"stats", &p, &"--json"]);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        v["suggestions_kept"],
        json!([{"question": "sentiment", "field": "model_label", "annotator": "ana",
                "kept": 1, "answered": 2, "unit": "answers"}])
    );
}

const MODERATION: &str = r#"
[task]
media = "text"
[[labels]]
name = "ok"
[[labels]]
name = "spam"
[[labels]]
name = "harassment"
[[controls]]
name = "policy"
type = "multi_choice"
required = true
exclusive = ["ok"]
prefill = "model"
[[controls]]
name = "toxicity"
type = "rating"
scale = 5
prefill = "score"
"#;

#[test]
fn suggested_options_are_changed_key_by_key_and_a_rating_is_accepted_with_them() {
    let t = tempfile::tempdir().unwrap();
    let p = project(
        t.path(),
        MODERATION,
        &[
            json!({"id": "1", "text": "buy now", "model": ["Spam"], "score": 2}),
            json!({"id": "2", "text": "hello", "model": ["unknown"], "score": 9}),
            json!({"id": "3", "text": "hi", "model": "ok", "score": "1"}),
        ],
    );
    let mut h = harness(&p);
    let first = current(&h);
    // With no `show`, every field is shown but the suggestions: those are the panel's.
    assert!(h.query_by_label("text").is_some());
    assert!(h.query_by_label("model").is_none() && h.query_by_label("score").is_none());
    // Key 3 adds "harassment" to the suggested "spam" rather than starting over.
    key(&mut h, Key::Num3);
    assert_eq!(
        answer(&h, first, "policy"),
        Some(json!(["spam", "harassment"]))
    );
    // Enter: the rating's suggestion (2) is taken with it.
    key(&mut h, Key::Enter);
    assert_eq!(status(&h, first), Status::Submitted);
    assert_eq!(answer(&h, first, "toxicity"), Some(json!(2)));

    // Item 2: nothing the questions can take is suggested; the required one still wants
    // its answer.
    let second = current(&h);
    assert_ne!(second, first);
    assert!(h.query_by_label("policy · required").is_some());
    // What the model said is shown, so its other names for the labels are seen.
    assert!(
        h.query_by_label_contains("model says [\"unknown\"]: not an answer here")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("score says 9: not an answer here")
            .is_some()
    );
    key(&mut h, Key::Enter);
    assert_eq!(status(&h, second), Status::New);
    assert_eq!(answer(&h, second, "toxicity"), None);
    assert!(
        work(&h).message.contains("“policy” needs an answer"),
        "{}",
        work(&h).message
    );
    key(&mut h, Key::Num1);
    key(&mut h, Key::Enter);
    assert_eq!(status(&h, second), Status::Submitted);
    assert_eq!(answer(&h, second, "policy"), Some(json!(["ok"])));
    assert_eq!(answer(&h, second, "toxicity"), None, "a 9 is off the scale");

    // Item 3: both accepted as they are ("ok" given as a string, the score as text).
    let third = current(&h);
    key(&mut h, Key::Enter);
    assert_eq!(status(&h, third), Status::Submitted);
    assert_eq!(answer(&h, third, "policy"), Some(json!(["ok"])));
    assert_eq!(answer(&h, third, "toxicity"), Some(json!(1)));
    let s = &work(&h).session.project;
    let kept = s.store.suggestions_kept(&s.config).unwrap();
    let by: Vec<_> = kept
        .iter()
        .map(|q| (q.question.as_str(), q.by_annotator.clone()))
        .collect();
    assert_eq!(
        by,
        vec![
            ("policy", vec![("ana".to_string(), 1, 2)]),
            ("toxicity", vec![("ana".to_string(), 2, 2)]),
        ]
    );
}

#[test]
fn a_models_labels_imported_later_from_the_import_form_become_suggestions() {
    let t = tempfile::tempdir().unwrap();
    let config = "[task]\nmedia = \"text\"\nshow = [\"text\"]\n[[labels]]\nname = \"positive\"\n[[labels]]\nname = \"negative\"\n[[controls]]\nname = \"sentiment\"\ntype = \"choice\"\nprefill = \"model_label\"\n";
    let p = project(
        t.path(),
        config,
        &[
            json!({"id": "a", "text": "lovely"}),
            json!({"id": "b", "text": "awful"}),
        ],
    );
    let preds = t.path().join("preds.jsonl");
    std::fs::write(
        &preds,
        "{\"id\":\"a\",\"model_label\":\"positive\"}\n{\"id\":\"b\",\"model_label\":\"negative\"}\n",
    )
    .unwrap();
    let mut h = harness(&p);
    assert!(h.query_by_label("sentiment · suggested").is_none());
    h.get_by_label("Project").click();
    h.run_steps(3);
    h.get_by_label("Import items or answers…").click();
    h.run_steps(2);
    h.get_by_label("Fields for the items already there (a model's suggestions): nothing added")
        .click();
    h.run_steps(1);
    let keylabel::ui::app::Screen::ImportForm(form) = &mut h.state_mut().screen else {
        panic!("no import form");
    };
    assert!(form.update_fields);
    form.path = preds.display().to_string();
    key(&mut h, Key::Enter);
    wait_ready(&mut h);
    let msg = &work(&h).message;
    assert!(msg.contains("fields set on 2 items"), "{msg}");
    assert!(!msg.contains("added"), "{msg}");
    assert_eq!(work(&h).session.counts.total(), 2);
    assert!(h.query_by_label("sentiment · suggested").is_some());
    let first = current(&h);
    key(&mut h, Key::Enter);
    assert_eq!(answer(&h, first, "sentiment"), Some(json!("positive")));
}
