//! Attributes of spans (`attributes = ["negated", "uncertain"]` on a spans control): set on
//! the picked span with Alt+digit or the panel, out in JSONL as flags on every span (one
//! shape in every row), back in from JSONL.

mod common;

use common::*;
use serde_json::json;
use std::path::{Path, PathBuf};

const TASK: &str = "[task]\nmedia = \"text\"\nshow = [\"text\"]\n\
    [[labels]]\nname = \"SYMPTOM\"\n[[labels]]\nname = \"DRUG\"\n\
    [[controls]]\nname = \"findings\"\ntype = \"spans\"\nprefill = \"model\"\n\
    attributes = [\"negated\", \"uncertain\"]\n";

/// Two clinical notes with a model's spans.
fn project(dir: &Path) -> PathBuf {
    let items = dir.join("notes.jsonl");
    let lines = [
        json!({"id": "a", "text": "No fever today, possible rash after ibuprofen.",
               "model": [{"label": "SYMPTOM", "start": 3, "end": 8},
                         {"label": "SYMPTOM", "start": 25, "end": 29},
                         {"label": "DRUG", "start": 36, "end": 45}]}),
        json!({"id": "b", "text": "Headache resolved.", "model": []}),
    ];
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(&items, text).unwrap();
    let cfg = dir.join("task.toml");
    std::fs::write(&cfg, TASK).unwrap();
    let p = dir.join("p");
    ok(&[&"init", &p, &"--media", &items, &"--config", &cfg]);
    p
}

#[test]
fn span_attributes_go_out_as_flags_on_every_span_and_come_back() {
    let t = tempfile::tempdir().unwrap();
    let p = project(t.path());
    let mut rows = export_rows(&p, "all");
    let r = &mut rows[0];
    r["annotator"] = json!("ana");
    r["status"] = json!("submitted");
    r["spans"] = json!([
        {"label": "SYMPTOM", "field": "text", "start": 3, "end": 8, "attributes": ["negated"]},
        {"label": "SYMPTOM", "field": "text", "start": 25, "end": 29, "attributes": {"uncertain": true, "negated": false}},
        {"label": "DRUG", "field": "text", "start": 36, "end": 45}
    ]);
    let f = t.path().join("ana.jsonl");
    std::fs::write(&f, format!("{}\n", rows[0])).unwrap();
    ok(&[&"import", &p, &f]);
    let out = export_rows(&p, "submitted");
    let flags: Vec<_> = (out[0]["spans"].as_array().unwrap().iter())
        .map(|s| (s["text"].clone(), s["attributes"].clone()))
        .collect();
    assert_eq!(
        flags,
        [
            (json!("fever"), json!({"negated": true, "uncertain": false})),
            (json!("rash"), json!({"negated": false, "uncertain": true})),
            (
                json!("ibuprofen"),
                json!({"negated": false, "uncertain": false})
            ),
        ]
    );
    // Read back into a fresh project: the same flags.
    let back = t.path().join("out.jsonl");
    ok(&[&"export", &p, &"--format", &"jsonl", &"--out", &back]);
    let again = t.path().join("again");
    std::fs::create_dir_all(&again).unwrap();
    let q = project(&again);
    ok(&[&"import", &q, &back]);
    assert_eq!(export_rows(&q, "submitted")[0]["spans"], out[0]["spans"]);
    // Bob marks the same three spans, "rash" uncertain too but "fever" not negated: on the
    // spans both marked, "negated" agrees on 2 of 3, "uncertain" on 3 of 3.
    let mut rows = export_rows(&p, "all");
    let r = &mut rows[0];
    r["annotator"] = json!("bob");
    r["spans"] = json!([
        {"label": "SYMPTOM", "field": "text", "start": 3, "end": 8},
        {"label": "SYMPTOM", "field": "text", "start": 25, "end": 29, "attributes": ["uncertain"]},
        {"label": "DRUG", "field": "text", "start": 36, "end": 45}
    ]);
    let f = t.path().join("bob.jsonl");
    std::fs::write(&f, format!("{}\n", rows[0])).unwrap();
    ok(&[&"import", &p, &f]);
    let stats: serde_json::Value =
        serde_json::from_str(&stdout(&keylabel(&[&"stats", &p, &"--json"]))).unwrap();
    let rate = |q: &str| {
        (stats["agreement"]["questions"].as_array().unwrap().iter())
            .find(|x| x["question"] == q)
            .and_then(|x| x["agreement"].as_f64())
            .unwrap_or(-1.0)
    };
    assert!(
        (rate("findings · negated") - 2.0 / 3.0).abs() < 1e-9,
        "{stats}"
    );
    assert_eq!(rate("findings · uncertain"), 1.0);
    // Statistics count the spans that have each.
    let said = stdout(&keylabel(&[&"stats", &p]));
    assert!(said.contains("span attributes (spans):"), "{said}");
    // Each item's newest answer (bob's): "rash" uncertain.
    assert!(
        said.lines()
            .any(|l| l.contains("uncertain") && l.trim_end().ends_with('1')),
        "{said}"
    );
}

#[test]
fn attributes_are_for_boxes_and_spans_only() {
    let t = tempfile::tempdir().unwrap();
    let choice = TASK.replace("type = \"spans\"\nprefill = \"model\"", "type = \"choice\"");
    let o = init_text(t.path(), &choice);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("are for boxes"), "{}", stderr(&o));
}

#[cfg(feature = "gui")]
mod app {
    use super::*;
    use crate::common::ui::*;
    use egui::{Key, Modifiers};
    use egui_kittest::kittest::Queryable;

    #[test]
    fn alt_digits_and_the_panel_set_the_picked_spans_attributes() {
        let t = tempfile::tempdir().unwrap();
        let p = project(t.path());
        let mut h = harness(&p);
        // Nothing picked: said how.
        key_mod(&mut h, Modifiers::ALT, Key::Num1);
        assert!(
            work(&h).message.contains("pick one first"),
            "{}",
            work(&h).message
        );
        // Tab picks "fever"; Alt+1 makes it negated, shown after its label.
        key(&mut h, Key::Tab);
        key_mod(&mut h, Modifiers::ALT, Key::Num1);
        let spans = stored(&h).spans;
        assert_eq!(spans[0].attributes, ["negated"]);
        assert!(
            work(&h).message.contains("“fever”: negated"),
            "{}",
            work(&h).message
        );
        // The panel's box for "uncertain" on the next span, "rash".
        key(&mut h, Key::Tab);
        h.get_by_label("uncertain").click();
        h.run_steps(2);
        assert_eq!(stored(&h).spans[1].attributes, ["uncertain"]);
        // Alt+1 again on "fever": off; one undo step each.
        key(&mut h, Key::Tab);
        key(&mut h, Key::Tab);
        key_mod(&mut h, Modifiers::ALT, Key::Num1);
        assert!(stored(&h).spans[0].attributes.is_empty());
        key_mod(&mut h, Modifiers::COMMAND, Key::Z);
        assert_eq!(stored(&h).spans[0].attributes, ["negated"]);
        // A number key renames the span and keeps its attributes.
        key(&mut h, Key::Num2);
        let s = &stored(&h).spans[0];
        assert_eq!(
            (s.label.as_str(), &s.attributes[..]),
            ("DRUG", &["negated".to_string()][..])
        );
    }

    #[test]
    fn a_models_span_flags_come_with_its_spans() {
        let t = tempfile::tempdir().unwrap();
        let items = t.path().join("notes.jsonl");
        let note = json!({"text": "No fever today, possible rash.", "model": [
            {"label": "SYMPTOM", "start": 3, "end": 8, "negated": true, "confident": true},
            {"label": "SYMPTOM", "start": 25, "end": 29, "attributes": ["severe", "uncertain"]}
        ]});
        std::fs::write(&items, format!("{note}\n")).unwrap();
        let cfg = t.path().join("task.toml");
        std::fs::write(&cfg, TASK).unwrap();
        let p = t.path().join("p");
        ok(&[&"init", &p, &"--media", &items, &"--config", &cfg]);
        let mut h = harness(&p);
        let offered: Vec<Vec<String>> = (work(&h).session.annotation.spans.iter())
            .map(|s| s.attributes.clone())
            .collect();
        assert_eq!(
            offered,
            [vec!["negated"], vec!["uncertain"]],
            "the task's own only"
        );
        let id = work(&h).session.item.as_ref().unwrap().id;
        key(&mut h, Key::Enter);
        let a = work(&h)
            .session
            .project
            .store
            .annotation(id, "ana")
            .unwrap()
            .unwrap();
        assert_eq!(a.spans[0].attributes, ["negated"], "accepted as offered");
    }
}
