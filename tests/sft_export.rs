//! Corrected answers out as supervised fine-tuning data (`--format sft`), through the real
//! binary: prompt and completion as TRL reads them, plain or as a conversation.

mod common;
use common::*;
use keylabel::core::Annotation;
use keylabel::project::Project;
use serde_json::{Map, json};
use std::path::Path;

/// ana's answers, in item order: the correction (`None`: not answered) and a rating.
fn answer(p: &Path, corrections: &[Option<&str>]) {
    let mut pr = Project::open(p, Some("ana".into())).unwrap();
    let ids = pr.store.item_ids(Default::default()).unwrap();
    for (id, text) in ids.iter().zip(corrections) {
        let mut f = Map::new();
        if let Some(t) = text {
            f.insert("corrected".into(), json!(t));
        }
        f.insert("quality".into(), json!(2));
        let ann = Annotation {
            fields: f,
            ..Default::default()
        };
        pr.store.save_annotation(*id, "ana", &ann, 5_000).unwrap();
        pr.store.submit(*id, "ana", 6_000).unwrap();
    }
}

#[test]
fn corrected_answers_go_out_as_prompt_and_completion() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("p");
    init_preset(&p, "response-correction", "items.jsonl");
    let records = read_jsonl(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/response-correction/items.jsonl"),
    );
    answer(
        &p,
        &[
            Some("Le chat dort sur le canapé."),
            Some(records[1]["response"].as_str().unwrap()),
            Some("   "),
            None,
        ],
    );
    let out = t.path().join("sft.jsonl");
    let said = ok(&[&"export", &p, &"--format", &"sft", &"--out", &out]);
    assert!(
        said.contains("2 items (2 answers with no text left out)"),
        "{said}"
    );
    let rows = read_jsonl(&out);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["prompt"], records[0]["prompt"]);
    assert_eq!(rows[0]["completion"], "Le chat dort sur le canapé.");
    assert_eq!(
        (&rows[0]["edited"], &rows[1]["edited"]),
        (&json!(true), &json!(false))
    );
    assert_eq!(rows[0]["annotator"], "ana");
    // Each annotator's, a row each, for a lead who weighs them.
    let every = t.path().join("every.jsonl");
    ok(&[
        &"export",
        &p,
        &"--format",
        &"sft",
        &"--answers",
        &"every",
        &"--out",
        &every,
    ]);
    assert_eq!(read_jsonl(&every).len(), 2);
}

#[test]
fn a_corrected_chat_answer_is_the_assistants_turn_after_the_history() {
    let t = tempfile::tempdir().unwrap();
    let items = t.path().join("chats.jsonl");
    let line = json!({
        "prompt": [{"role": "user", "content": "Capital of Australia?"}],
        "response": [{"role": "assistant", "content": "Sydney."}],
    });
    std::fs::write(&items, format!("{line}\n")).unwrap();
    let cfg =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/response-correction/task.toml");
    let p = t.path().join("p");
    ok(&[&"init", &p, &"--media", &items, &"--config", &cfg]);
    answer(&p, &[Some("Canberra.")]);
    let out = t.path().join("sft.jsonl");
    ok(&[&"export", &p, &"--format", &"sft", &"--out", &out]);
    let row = &read_jsonl(&out)[0];
    assert_eq!(row["prompt"], line["prompt"]);
    assert_eq!(
        row["completion"],
        json!([{"role": "assistant", "content": "Canberra."}])
    );
    assert_eq!(row["edited"], true);
    // Statistics count the model's chat answers kept as they came (none, here).
    let v: serde_json::Value = serde_json::from_str(&ok(&[&"stats", &p, &"--json"])).unwrap();
    assert_eq!(v["suggestions_kept"][0]["kept"], 0);
    assert_eq!(v["suggestions_kept"][0]["answered"], 1);
}

#[test]
fn a_task_with_no_text_answer_says_what_to_use() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("p");
    init_preset(&p, "text-classification", "texts.jsonl");
    let out = t.path().join("sft.jsonl");
    let o = keylabel(&[&"export", &p, &"--format", &"sft", &"--out", &out]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("SFT data needs a text answer"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
}
