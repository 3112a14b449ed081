//! Records holding chat messages (LLM conversations): shown as a dialogue in the app,
//! written as conversations in preference pairs, kept as they are in JSONL.

mod common;
use common::*;
use keylabel::core::Annotation;
use keylabel::project::Project;
use serde_json::{Map, Value, json};
use std::path::Path;

/// ana prefers `pick` on every item of the project.
fn prefer(p: &Path, pick: &str) {
    let mut pr = Project::open(p, Some("ana".into())).unwrap();
    for id in pr.store.item_ids(Default::default()).unwrap() {
        let mut f = Map::new();
        f.insert("preference".into(), json!(pick));
        let ann = Annotation {
            fields: f,
            ..Default::default()
        };
        pr.store.save_annotation(id, "ana", &ann, 5_000).unwrap();
        pr.store.submit(id, "ana", 6_000).unwrap();
    }
}

#[test]
fn chat_records_give_conversational_preference_pairs() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("p");
    init_preset(&p, "rlhf-comparison", "chats.jsonl");
    prefer(&p, "response_b");
    let e = t.path().join("pairs.jsonl");
    ok(&[&"export", &p, &"--format", &"preference", &"--out", &e]);
    let rows = read_jsonl(&e);
    let record = &read_jsonl(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/rlhf-comparison/chats.jsonl"),
    )[0];
    assert_eq!(rows.len(), 4);
    // TRL's conversational form: the history, then each answer as the assistant's turn.
    assert_eq!(rows[0]["prompt"], record["prompt"]);
    assert_eq!(rows[0]["chosen"], record["response_b"]);
    assert_eq!(rows[0]["rejected"], record["response_a"]);
    for r in &rows {
        for k in ["prompt", "chosen", "rejected"] {
            let turns = r[k].as_array().unwrap_or_else(|| panic!("{k}: {r}"));
            assert!(
                turns
                    .iter()
                    .all(|m| m["role"].is_string() && m["content"].is_string())
            );
        }
    }
    // The JSONL export carries the records as they came.
    let rows = export_rows(&p, "all");
    assert_eq!(rows[0]["data"]["prompt"], record["prompt"]);
}

#[test]
fn a_plain_prompt_beside_chat_responses_becomes_the_users_turn() {
    let t = tempfile::tempdir().unwrap();
    let items = t.path().join("items.jsonl");
    let line = json!({
        "prompt": "Name a prime.",
        "response_a": [{"from": "gpt", "value": "4"}],
        "response_b": [{"from": "gpt", "value": "7"}],
    });
    std::fs::write(&items, format!("{line}\n")).unwrap();
    let cfg = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/rlhf-comparison/task.toml");
    let p = t.path().join("p");
    ok(&[&"init", &p, &"--media", &items, &"--config", &cfg]);
    prefer(&p, "response_b");
    let e = t.path().join("pairs.jsonl");
    ok(&[&"export", &p, &"--format", &"preference", &"--out", &e]);
    let row: Value = read_jsonl(&e).remove(0);
    assert_eq!(
        row["prompt"],
        json!([{"role": "user", "content": "Name a prime."}])
    );
    assert_eq!(
        row["chosen"],
        json!([{"role": "assistant", "content": "7"}])
    );
    assert_eq!(
        row["rejected"],
        json!([{"role": "assistant", "content": "4"}])
    );
}

#[test]
fn a_correction_of_a_chat_answer_starts_from_its_words() {
    let t = tempfile::tempdir().unwrap();
    let items = t.path().join("items.jsonl");
    let line = json!({
        "prompt": [{"role": "user", "content": "Where is Paris?"}],
        "response": [{"role": "assistant", "content": "Paris is in Germany."}],
    });
    std::fs::write(&items, format!("{line}\n")).unwrap();
    let cfg =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/response-correction/task.toml");
    let p = t.path().join("p");
    ok(&[&"init", &p, &"--media", &items, &"--config", &cfg]);
    let project = Project::open(&p, Some("ana".into())).unwrap();
    let s =
        keylabel::session::Session::new(project, Box::new(keylabel::core::SystemClock)).unwrap();
    let corrected = s.project.config.controls[0].clone();
    assert_eq!(s.text_of(&corrected), "Paris is in Germany.");
}

#[cfg(feature = "gui")]
mod app {
    use super::*;
    use crate::common::ui::*;
    use egui::Key;
    use egui_kittest::kittest::Queryable;

    #[test]
    fn a_conversation_is_shown_turn_by_turn_and_its_answers_compared_by_word() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("p");
        init_preset(&p, "rlhf-comparison", "chats.jsonl");
        let mut h = harness(&p);
        h.run_steps(2);
        // Each turn under its speaker, its text as text: no JSON on screen.
        for said in [
            "You are a helpful assistant for a cooking website. Answer briefly.",
            "The frittata. How long in the oven, and at what temperature?",
            "Bake it at 250 °C for 45 minutes so the eggs are fully cooked through.",
        ] {
            assert!(h.query_by_label(said).is_some(), "{said}");
        }
        assert!(h.query_all_by_label("user").count() >= 2);
        assert!(h.query_all_by_label("assistant").count() >= 3);
        assert!(h.query_by_label_contains("\"role\"").is_none());
        // The list names each by what the user opened it with.
        assert!(
            h.query_by_label_contains("Is it safe to mix bleach")
                .is_some()
        );
        // The word diff marks the words the two answers do not share.
        key(&mut h, Key::T);
        h.run_steps(2);
        let w = work(&h);
        let marked = |field: &str| {
            let key = w
                .galleys
                .keys()
                .find(|k| k.2 && k.0.contains(field) && k.0.ends_with("#0"))
                .unwrap_or_else(|| panic!("{field}'s answer laid out with the diff"));
            let g = &w.galleys[key];
            g.job.sections.iter().any(|s| s.format.background.a() > 0)
        };
        assert!(marked("response_a") && marked("response_b"));
        // And the number keys still pick an answer.
        key(&mut h, Key::Num2);
        assert_eq!(stored(&h).fields["preference"], "response_b");
    }

    #[test]
    fn a_long_history_folds_its_earlier_turns_until_opened_once() {
        let t = tempfile::tempdir().unwrap();
        let items = t.path().join("chats.jsonl");
        let chat = |n: usize| {
            let turns: Vec<Value> = (0..8)
                .map(|k| {
                    let role = if k % 2 == 0 { "user" } else { "assistant" };
                    json!({"role": role, "content": format!("chat {n} turn {k}")})
                })
                .collect();
            json!({"prompt": turns, "response_a": "yes", "response_b": "no"})
        };
        std::fs::write(&items, format!("{}\n{}\n", chat(1), chat(2))).unwrap();
        let cfg =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/rlhf-comparison/task.toml");
        let p = t.path().join("p");
        ok(&[&"init", &p, &"--media", &items, &"--config", &cfg]);
        let mut h = harness(&p);
        h.run_steps(2);
        // The last three turns open, the five before under one line.
        assert!(h.query_by_label("chat 1 turn 7").is_some());
        assert!(h.query_by_label("chat 1 turn 5").is_some());
        assert!(h.query_by_label("chat 1 turn 4").is_none());
        h.get_by_label("5 earlier turns").click();
        h.run_steps(2);
        assert!(h.query_by_label("chat 1 turn 0").is_some());
        // Opened once, open on the next item too.
        key(&mut h, Key::D);
        h.run_steps(2);
        assert!(h.query_by_label("chat 2 turn 0").is_some());
    }
}
