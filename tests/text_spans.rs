//! Spans on text items (named entities): marked with a click or a drag in the app, out in
//! JSONL and CSV with character offsets that index the record as Python does, back in from
//! JSONL, compared between annotators.

mod common;

use common::*;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// The named-entities preset on its sample news items.
fn preset(dir: &Path) -> PathBuf {
    let p = dir.join("entities");
    init_preset(&p, "named-entities", "texts.jsonl");
    p
}

/// The characters `start..end` of `text`, as Python's `text[start:end]` reads them.
fn chars(text: &str, start: u64, end: u64) -> String {
    text.chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}

/// A JSONL export's rows, changed by `edit`, written to `name` and imported.
fn import_edited(p: &Path, dir: &Path, name: &str, edit: impl Fn(&mut Value)) -> String {
    let mut rows = export_rows(p, "all");
    rows.iter_mut().for_each(edit);
    let f = dir.join(name);
    let text: String = rows.iter().map(|r| format!("{r}\n")).collect();
    std::fs::write(&f, text).unwrap();
    ok(&[&"import", &p, &f])
}

#[test]
fn spans_come_back_from_jsonl_and_a_bad_span_is_named_by_line() {
    let t = tempfile::tempdir().unwrap();
    let p = preset(t.path());
    let rows = export_rows(&p, "all");
    assert_eq!(rows.len(), 6);
    assert_eq!(rows[0]["spans"], json!([]), "one type in every row");
    // Another tool's (or another session's) spans, imported as ana's answer.
    let text = rows[1]["data"]["text"].as_str().unwrap().to_string();
    import_edited(&p, t.path(), "ana.jsonl", |r| {
        r["annotator"] = json!("ana");
        r["status"] = json!("submitted");
        if r["data"]["headline"] == "Lagos startup raises seed round" {
            r["spans"] = json!([{"label": "PER", "field": "text", "start": 23, "end": 36, "text": "Tunde Adeyemi"}]);
        }
    });
    let rows = export_rows(&p, "submitted");
    let row = rows.iter().find(|r| r["data"]["text"] == text).unwrap();
    let s = &row["spans"][0];
    assert_eq!(s["text"], "Tunde Adeyemi");
    assert_eq!(
        chars(
            &text,
            s["start"].as_u64().unwrap(),
            s["end"].as_u64().unwrap()
        ),
        "Tunde Adeyemi"
    );
    assert!(row["labels"].as_array().unwrap().is_empty());
    let said = ok(&[&"stats", &p]);
    assert!(
        said.contains("labels (items chosen or marked, spans):"),
        "{said}"
    );
    let stats: Value = serde_json::from_str(&ok(&[&"stats", &p, &"--json"])).unwrap();
    assert_eq!(
        stats["labels"][0],
        json!({"label": "PER", "items": 1, "boxes": 0, "spans": 1, "segments": 0, "seconds": 0.0})
    );

    // A span that ends before it starts: the file and the line are named, nothing comes in.
    let bad = t.path().join("bad.jsonl");
    let mut line = row.clone();
    line["spans"] = json!([{"label": "PER", "field": "text", "start": 9, "end": 3}]);
    std::fs::write(&bad, format!("{}\n{line}\n", rows[0])).unwrap();
    let o = keylabel(&[&"import", &p, &bad, &"--strict"]);
    assert!(!o.status.success());
    let e = stderr(&o);
    assert!(
        e.contains("bad.jsonl:2") && e.contains("a span of 'text' ends at 3 but starts at 9"),
        "{e}"
    );
    // Offsets one off (counted in bytes, or from 1): the text it says is not there.
    line["spans"] =
        json!([{"label": "PER", "field": "text", "start": 24, "end": 37, "text": "Tunde Adeyemi"}]);
    std::fs::write(
        &bad,
        format!(
            "{line}
"
        ),
    )
    .unwrap();
    let e = stderr(&keylabel(&[&"import", &p, &bad]));
    assert!(e.contains("bad.jsonl:1: a span of 'text' says “Tunde Adeyemi” but its characters 24–37 are “unde Adeyemi ”"), "{e}");
    line["spans"] = json!([{"label": "PER", "field": "text", "start": 140, "end": 400}]);
    std::fs::write(
        &bad,
        format!(
            "{line}
"
        ),
    )
    .unwrap();
    let e = stderr(&keylabel(&[&"import", &p, &bad]));
    assert!(e.contains("ends at 400, past its 148 characters"), "{e}");
}

#[test]
fn agreement_counts_the_spans_two_annotators_marked_alike() {
    let t = tempfile::tempdir().unwrap();
    let p = preset(t.path());
    let span = |label: &str, start: u64, end: u64| json!({"label": label, "field": "text", "start": start, "end": end});
    import_edited(&p, t.path(), "ana.jsonl", |r| {
        r["annotator"] = json!("ana");
        r["status"] = json!("submitted");
        r["spans"] = json!([span("PER", 0, 4), span("LOC", 10, 16)]);
    });
    // ben marks the same person and one letter less of the place.
    import_edited(&p, t.path(), "ben.jsonl", |r| {
        r["annotator"] = json!("ben");
        r["spans"] = json!([span("PER", 0, 4), span("LOC", 10, 15)]);
    });
    let said = ok(&[&"stats", &p]);
    let line = said
        .lines()
        .find(|l| l.contains("span F1"))
        .unwrap_or_default();
    assert!(line.contains("50.0% span F1"), "{line}");
    let stats: Value = serde_json::from_str(&ok(&[&"stats", &p, &"--json"])).unwrap();
    let q = &stats["agreement"]["questions"][0];
    assert_eq!(
        (&q["question"], &q["measure"]),
        (&json!("entities"), &json!("span_f1"))
    );
}

#[test]
fn tokens_and_bio_tags_go_out_for_token_classification() {
    let t = tempfile::tempdir().unwrap();
    let p = preset(t.path());
    // ana submitted the model's spans on every item, as the records carry them.
    import_edited(&p, t.path(), "ana.jsonl", |r| {
        r["annotator"] = json!("ana");
        r["status"] = json!("submitted");
    });
    let records: Vec<Value> = read_jsonl(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/named-entities/texts.jsonl"),
    );
    let model: Vec<Value> = records[1]["model_entities"].as_array().unwrap().to_vec();
    import_edited(&p, t.path(), "spans.jsonl", |r| {
        if r["data"]["id"] == "n2" {
            r["spans"] = Value::Array(
                (model.iter())
                    .map(|m| json!({"label": m["entity_group"], "field": "text", "start": m["start"], "end": m["end"]}))
                    .collect(),
            );
        }
    });
    let out = t.path().join("bio.jsonl");
    let said = ok(&[&"export", &p, &"--format", &"bio", &"--out", &out]);
    assert!(said.contains("6 items, 5 spans"), "{said}");
    let rows = read_jsonl(&out);
    assert_eq!(rows.len(), 12, "a row per item and shown field");
    let row = rows
        .iter()
        .find(|r| r["field"] == "text" && r["tokens"][0] == "Kudi")
        .unwrap();
    let tokens: Vec<&str> = (row["tokens"].as_array().unwrap().iter())
        .map(|v| v.as_str().unwrap())
        .collect();
    let tags: Vec<&str> = (row["ner_tags"].as_array().unwrap().iter())
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(tokens.len(), tags.len());
    assert_eq!(
        &tokens[..6],
        ["Kudi", "Foods", ",", "founded", "by", "Tunde"]
    );
    assert_eq!(
        &tags[..7],
        ["B-ORG", "I-ORG", "O", "O", "O", "B-PER", "I-PER"]
    );
    // A task without spans has none to give.
    let o = keylabel(&[
        &"export",
        &p,
        &"--format",
        &"bio",
        &"--out",
        &p.join("keylabel.toml"),
    ]);
    assert!(!o.status.success());
    let cls = t.path().join("cls");
    init_preset(&cls, "text-classification", "texts.jsonl");
    let o = keylabel(&[
        &"export",
        &cls,
        &"--format",
        &"bio",
        &"--out",
        &t.path().join("x.jsonl"),
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("need a text task with a `spans` control"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_gold_answers_spans_score_an_annotator_by_span_f1() {
    let t = tempfile::tempdir().unwrap();
    let p = preset(t.path());
    let rows = export_rows(&p, "all");
    let answer = |who: &str, spans: Value| {
        let mut r = rows[0].clone();
        r["annotator"] = who.into();
        r["status"] = "submitted".into();
        r["submitted_at"] = "2026-11-22T01:02:03Z".into();
        r["spans"] = spans;
        format!("{r}\n")
    };
    let span = |label: &str, start: u64, end: u64| json!({"label": label, "field": "text", "start": start, "end": end});
    let gold = t.path().join("gold.jsonl");
    std::fs::write(
        &gold,
        answer("lead", json!([span("ORG", 4, 21), span("LOC", 137, 145)])),
    )
    .unwrap();
    ok(&[&"import", &p, &gold, &"--gold"]);
    // ana found the ORG and missed the LOC: F1 2·1/3.
    let work = t.path().join("ana.jsonl");
    std::fs::write(&work, answer("ana", json!([span("ORG", 4, 21)]))).unwrap();
    ok(&[&"import", &p, &work]);
    let stats = ok(&[&"stats", &p]);
    let ana = stats
        .lines()
        .find(|l| l.trim_start().starts_with("ana") && l.contains("close"))
        .unwrap_or_else(|| panic!("{stats}"));
    assert!(ana.ends_with(" 0/1 (0%), 67% close"), "{stats}");
}

#[test]
fn spans_are_refused_on_images() {
    let t = tempfile::tempdir().unwrap();
    let cfg = t.path().join("task.toml");
    std::fs::write(
        &cfg,
        "[task]\nmedia = \"image\"\n[[labels]]\nname = \"a\"\n[[controls]]\nname = \"s\"\ntype = \"spans\"\n",
    )
    .unwrap();
    let o = keylabel(&[
        &"init",
        &t.path().join("p"),
        &"--media",
        &sample_images(),
        &"--config",
        &cfg,
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("spans are marked in text items, but task.media is 'image'"),
        "{}",
        stderr(&o)
    );
}

#[cfg(feature = "gui")]
mod app {
    use super::*;
    use crate::common::ui::*;
    use egui::{Key, Pos2};
    use egui_kittest::kittest::Queryable;

    /// A point on the first line of a field's text, `x` points in from its left edge.
    fn on_text(
        h: &egui_kittest::Harness<'_, keylabel::ui::KeylabelApp>,
        field: &str,
        x: f32,
    ) -> Pos2 {
        let r = h.get_by_label(&format!("spans in {field}")).rect();
        egui::pos2(r.left() + x, r.top() + 10.0)
    }

    /// The spans stored on the current item's headline.
    fn headline(
        h: &egui_kittest::Harness<'_, keylabel::ui::KeylabelApp>,
    ) -> Vec<keylabel::core::Span> {
        stored(h)
            .spans
            .into_iter()
            .filter(|s| s.field == "headline")
            .collect()
    }

    #[test]
    fn a_models_spans_are_accepted_with_enter_and_never_offered_again_once_answered() {
        let t = tempfile::tempdir().unwrap();
        let p = preset(t.path());
        let mut h = harness(&p);
        let first = work(&h).session.item.as_ref().unwrap().id;
        key(&mut h, Key::Enter);
        assert_ne!(work(&h).session.item.as_ref().unwrap().id, first);
        // The second item has its own suggestions.
        let shown: Vec<String> = (work(&h).session.annotation.spans.iter())
            .map(|s| s.text.clone())
            .collect();
        assert_eq!(
            shown,
            [
                "Kudi Foods",
                "Tunde Adeyemi",
                "Chiamaka",
                "Savannah Ventures",
                "Ibadan"
            ]
        );
        // Back on the first: its answer is the model's six, submitted; and once the
        // annotator has taken every span away, none comes back.
        key(&mut h, Key::A);
        assert_eq!(stored(&h).spans.len(), 6);
        assert!(
            h.query_by_label_contains("suggested (model_entities)")
                .is_none()
        );
        for _ in 0..6 {
            key(&mut h, Key::Tab);
            key(&mut h, Key::Delete);
        }
        assert!(stored(&h).spans.is_empty());
        key(&mut h, Key::D);
        key(&mut h, Key::A);
        assert!(work(&h).session.annotation.spans.is_empty());
        let rows = export_rows(&p, "submitted");
        assert_eq!(rows.len(), 1);
        // The Project menu offers the token-classification export.
        h.get_by_label("Project").click();
        h.run_steps(2);
        let bio =
            "Export tokens and BIO tags (token classification) (submitted) to the project folder";
        assert!(h.query_by_label(bio).is_some());
        assert!(
            h.query_by_label("Export COCO (submitted) to the project folder")
                .is_none()
        );
    }

    #[test]
    fn the_spans_the_model_scored_low_are_marked_until_relabelled() {
        let t = tempfile::tempdir().unwrap();
        let mut h = harness(&preset(t.path()));
        // The model called the ferry "Ta' Pinu" a person, scoring it 0.62.
        let spans = &work(&h).session.annotation.spans;
        let at = spans.iter().position(|s| s.text == "Ta' Pinu").unwrap();
        assert_eq!(work(&h).unsure.span_count(), 1);
        assert!(
            h.query_by_label_contains("? 1 the model was unsure of")
                .is_some()
        );
        // Shift+N picks it, whichever span was picked before.
        key(&mut h, Key::Tab);
        key_mod(&mut h, egui::Modifiers::SHIFT, Key::N);
        assert_eq!(work(&h).session.selected, Some(at));
        assert_eq!(work(&h).message, "doubted 1 of 1: score 0.62");
        h.run_steps(1);
        assert!(
            h.query_by_label_contains("the model was unsure of this one: score 0.62")
                .is_some()
        );
        // It is a ship, not a person: named otherwise, someone decided; the mark goes.
        key(&mut h, Key::Num2);
        h.run_steps(1);
        assert_eq!(stored(&h).spans[at].label, "ORG");
        assert_eq!(work(&h).unsure.span_count(), 0);
        assert!(h.query_by_label_contains("the model was unsure").is_none());
    }

    #[test]
    fn the_list_filter_model_doubted_lists_the_records_with_a_low_score() {
        let t = tempfile::tempdir().unwrap();
        let items = t.path().join("texts.jsonl");
        let span =
            |score: f64| json!([{"entity_group": "PER", "score": score, "start": 0, "end": 3}]);
        let lines: Vec<String> = [0.95, 0.31, 0.99]
            .iter()
            .map(|&s| json!({"text": "Ada met Zoë.", "model_entities": span(s)}).to_string())
            .collect();
        std::fs::write(&items, lines.join("\n")).unwrap();
        let p = t.path().join("p");
        let cfg =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/named-entities/task.toml");
        ok(&[&"init", &p, &"--media", &items, &"--config", &cfg]);
        let mut h = harness(&p);
        let all = work(&h).session.ids.clone();
        status_filter(&mut h, "model doubted");
        assert_eq!(work(&h).session.ids, vec![all[1]]);
    }

    #[test]
    fn a_question_beside_the_spans_is_answered_with_a_click() {
        let t = tempfile::tempdir().unwrap();
        let cfg = t.path().join("task.toml");
        let preset = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/named-entities/task.toml"),
        )
        .unwrap();
        let extra = "\n[[controls]]\nname = \"tone\"\ntype = \"choice\"\noptions = [\"neutral\", \"promotional\"]\n";
        std::fs::write(&cfg, preset + extra).unwrap();
        let p = t.path().join("p");
        let media =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/named-entities/texts.jsonl");
        ok(&[&"init", &p, &"--media", &media, &"--config", &cfg]);
        let mut h = harness(&p);
        assert!(
            h.query_by_label("a click answers (number keys name the labels)")
                .is_some()
        );
        // Number keys still name the spans.
        key(&mut h, Key::Num3);
        assert_eq!(work(&h).session.current_label, 2);
        h.get_by_label("promotional").click();
        h.run_steps(2);
        assert_eq!(stored(&h).fields["tone"], "promotional");
        assert_eq!(stored(&h).spans.len(), 6, "the model's spans kept with it");
    }

    #[test]
    fn a_models_spans_that_come_after_the_items_are_offered_too() {
        let t = tempfile::tempdir().unwrap();
        let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/named-entities");
        // The records alone, then the model's output for them, matched by their ids.
        let records = read_jsonl(&sample.join("texts.jsonl"));
        let (mut bare, mut preds) = (String::new(), String::new());
        for r in &records {
            let mut r = r.clone();
            let model = r.as_object_mut().unwrap().remove("model_entities").unwrap();
            bare += &format!("{r}\n");
            preds += &format!("{}\n", json!({"id": r["id"], "model_entities": model}));
        }
        let (items, model) = (t.path().join("items.jsonl"), t.path().join("preds.jsonl"));
        std::fs::write(&items, bare).unwrap();
        std::fs::write(&model, preds).unwrap();
        let p = t.path().join("p");
        ok(&[
            &"init",
            &p,
            &"--media",
            &items,
            &"--config",
            &sample.join("task.toml"),
        ]);
        {
            let h = harness(&p);
            assert!(work(&h).session.annotation.spans.is_empty());
        }
        ok(&[&"import", &p, &model, &"--update-fields"]);
        let h = harness(&p);
        assert_eq!(work(&h).session.annotation.spans.len(), 6);
        assert!(
            h.query_by_label_contains("suggested (model_entities)")
                .is_some()
        );
    }

    #[test]
    fn spans_mark_the_compared_responses_too() {
        let t = tempfile::tempdir().unwrap();
        let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/rlhf-comparison");
        let cfg = t.path().join("task.toml");
        std::fs::write(
            &cfg,
            "[task]\nmedia = \"text\"\nshow = [\"prompt\"]\n\
             [[labels]]\nname = \"hallucination\"\n[[labels]]\nname = \"unsafe\"\n\
             [[controls]]\nname = \"preference\"\ntype = \"compare\"\nfields = [\"response_a\", \"response_b\"]\n\
             [[controls]]\nname = \"errors\"\ntype = \"spans\"\n",
        )
        .unwrap();
        let p = t.path().join("p");
        ok(&[
            &"init",
            &p,
            &"--media",
            &sample.join("items.jsonl"),
            &"--config",
            &cfg,
        ]);
        let mut h = harness(&p);
        assert!(h.query_by_label("word diff (T)").is_none());
        // "The sky is blue because it reflects…": its first word marked in response B.
        let at = on_text(&h, "response_b", 12.0);
        click(&mut h, at);
        let spans = stored(&h).spans;
        assert_eq!(spans.len(), 1, "{spans:?}");
        assert_eq!(
            (
                spans[0].field.as_str(),
                spans[0].label.as_str(),
                spans[0].text.as_str()
            ),
            ("response_b", "hallucination", "The")
        );
        // The preference is a click away, beside the spans.
        h.get_by_role_and_label(egui::accesskit::Role::Button, "response_a")
            .click();
        h.run_steps(2);
        assert_eq!(stored(&h).fields["preference"], "response_a");
    }

    #[test]
    fn shift_drag_marks_the_very_characters() {
        use egui::{Event, Modifiers, PointerButton};
        let t = tempfile::tempdir().unwrap();
        let p = preset(t.path());
        let mut h = harness(&p);
        let (from, to) = (on_text(&h, "headline", 14.0), on_text(&h, "headline", 34.0));
        let step = |h: &mut egui_kittest::Harness<'_, keylabel::ui::KeylabelApp>, e: Event| {
            h.event(e);
            h.run_steps(1);
        };
        // Shift held through the drag.
        step(&mut h, Event::ModifiersChanged(Modifiers::SHIFT));
        step(&mut h, Event::PointerMoved(from));
        let button = |pos, pressed| Event::PointerButton {
            pos,
            button: PointerButton::Primary,
            pressed,
            modifiers: Modifiers::SHIFT,
        };
        step(&mut h, button(from, true));
        step(&mut h, Event::PointerMoved(from + (to - from) * 0.5));
        step(&mut h, Event::PointerMoved(to));
        step(&mut h, button(to, false));
        step(&mut h, Event::ModifiersChanged(Modifiers::NONE));
        let spans = headline(&h);
        assert_eq!(spans.len(), 1, "{spans:?}");
        let text = &spans[0].text;
        assert!(
            text.len() < "Harbour".len() && "Harbour".contains(text.as_str()) && spans[0].start > 0,
            "a part of the word: {text:?}"
        );
    }

    #[test]
    fn statistics_say_how_many_of_the_models_spans_were_kept() {
        let t = tempfile::tempdir().unwrap();
        let p = preset(t.path());
        let mut h = harness(&p);
        // First item: the model's six kept. Second: "Chiamaka" made "Chiamaka Obi" (one of
        // five replaced).
        key(&mut h, Key::Enter);
        key(&mut h, Key::Num1);
        let spans = work(&h).session.annotation.spans.clone();
        let chiamaka = spans.iter().find(|s| s.text == "Chiamaka").unwrap();
        h.state_mut()
            .work_mut()
            .unwrap()
            .act(keylabel::session::Action::AddSpan(keylabel::core::Span {
                end: chiamaka.end + 4,
                text: String::new(),
                ..chiamaka.clone()
            }));
        h.run_steps(1);
        key(&mut h, Key::Enter);
        drop(h);
        let said = ok(&[&"stats", &p]);
        assert!(
            said.contains("entities: spans from `model_entities` kept as they were (of the model's spans), by annotator"),
            "{said}"
        );
        assert!(
            said.contains("by annotator:\n    ana                  91% (10 of 11)"),
            "{said}"
        );
    }

    /// Where the keyboard's word cursor is: field and characters.
    fn cursor(h: &egui_kittest::Harness<'_, keylabel::ui::KeylabelApp>) -> (String, usize, usize) {
        let c = work(h).span_cursor_here().expect("a word cursor");
        (c.field.clone(), c.start, c.end)
    }

    #[test]
    fn the_keyboard_alone_marks_renames_and_stretches_spans() {
        let t = tempfile::tempdir().unwrap();
        let p = preset(t.path());
        let mut h = harness(&p);
        let at = |f: &str, a: usize, b: usize| (f.to_string(), a, b);
        // Headline: "Harbour ferry returns to Valletta after repairs". → starts on its first
        // word; four more reach "Valletta"; 3 marks it LOC and steps on to "after".
        key(&mut h, Key::ArrowRight);
        assert_eq!(cursor(&h), at("headline", 0, 7));
        for _ in 0..4 {
            key(&mut h, Key::ArrowRight);
        }
        assert_eq!(cursor(&h), at("headline", 25, 33));
        key(&mut h, Key::Num3);
        let spans = headline(&h);
        assert_eq!(
            (spans[0].label.as_str(), spans[0].text.as_str()),
            ("LOC", "Valletta")
        );
        assert_eq!(cursor(&h), at("headline", 34, 39), "on to “after”");
        // Back onto the span: it is picked, and a number key renames it.
        key(&mut h, Key::ArrowLeft);
        assert_eq!(work(&h).session.selected, Some(0));
        key(&mut h, Key::Num4);
        assert_eq!(headline(&h)[0].label, "DATE");
        // Shift+→ stretches over the next word, Shift+← takes it back; 2 marks the stretch.
        for _ in 0..4 {
            key(&mut h, Key::ArrowLeft);
        }
        assert_eq!(cursor(&h), at("headline", 0, 7));
        assert_eq!(
            work(&h).session.selected,
            None,
            "off the span, it is let go"
        );
        for _ in 0..2 {
            key_mod(&mut h, egui::Modifiers::SHIFT, Key::ArrowRight);
        }
        key_mod(&mut h, egui::Modifiers::SHIFT, Key::ArrowLeft);
        assert_eq!(cursor(&h), at("headline", 0, 13));
        key(&mut h, Key::Num2);
        let spans = headline(&h);
        assert_eq!(
            (spans[0].label.as_str(), spans[0].text.as_str()),
            ("ORG", "Harbour ferry")
        );
        assert_eq!(spans.len(), 2);
        // Past the headline's last word: the text's first.
        for _ in 0..5 {
            key(&mut h, Key::ArrowRight);
        }
        assert_eq!(cursor(&h), at("text", 0, 3), "“The”");
        // The pointer marks now: the cursor steps aside.
        let point = on_text(&h, "headline", 12.0);
        click(&mut h, point);
        assert!(work(&h).span_cursor_here().is_none());
        // Kept in the store, as every mark is.
        assert_eq!(
            stored(&h)
                .spans
                .iter()
                .filter(|s| s.field == "headline")
                .count(),
            2
        );
    }

    #[test]
    fn a_click_marks_a_word_a_drag_marks_whole_words_and_delete_takes_one_back() {
        let t = tempfile::tempdir().unwrap();
        let p = preset(t.path());
        let mut h = harness(&p);
        assert!(
            h.query_by_label("number key: label of the next span; renames a span you click")
                .is_some()
        );
        // The model's six spans on the text are shown, not yet anyone's answer.
        assert_eq!(work(&h).session.annotation.spans.len(), 6);
        assert!(stored(&h).spans.is_empty());
        assert!(h.query_by_label("6 spans in this text").is_some());
        assert!(
            h.query_by_label_contains("suggested (model_entities)")
                .is_some()
        );
        // Headline: "Harbour ferry returns to Valletta after repairs".
        key(&mut h, Key::Num3);
        let at = on_text(&h, "headline", 12.0);
        click(&mut h, at);
        assert_eq!(
            stored(&h).spans.len(),
            7,
            "the model's kept with the new one"
        );
        let spans = headline(&h);
        assert_eq!(spans.len(), 1);
        assert_eq!(
            (spans[0].label.as_str(), spans[0].text.as_str()),
            ("LOC", "Harbour")
        );
        assert_eq!((spans[0].start, spans[0].end), (0, 7));
        assert!(h.query_by_label("7 spans in this text").is_some());
        // The keys overlay speaks of spans.
        key(&mut h, Key::F1);
        assert!(h.query_by_label("delete the selected span").is_some());
        assert!(h.query_by_label("select the next span").is_some());
        assert!(
            h.query_by_label("word cursor: previous / next word (a number key marks its words)")
                .is_some()
        );
        assert!(
            h.query_by_label(
                "labels 1–10: the next span's (or marks the word cursor's words), renames a clicked one"
            )
                .is_some()
        );
        key(&mut h, Key::F1);
        assert!(
            h.query_by_label_contains("suggested (model_entities)")
                .is_none()
        );

        // A drag from inside "Harbour" to past the line's end: every word, whatever the
        // aim — and it takes the place of the span it overlaps.
        key(&mut h, Key::Num2);
        let width = h.get_by_label("spans in headline").rect().width();
        let (from, to) = (
            on_text(&h, "headline", 30.0),
            on_text(&h, "headline", width - 4.0),
        );
        drag(&mut h, from, to);
        let spans = headline(&h);
        assert_eq!(spans.len(), 1, "{spans:?}");
        let whole = "Harbour ferry returns to Valletta after repairs";
        assert_eq!(
            (spans[0].label.as_str(), spans[0].text.as_str()),
            ("ORG", whole)
        );
        // The new span is selected: a number key names the next one, not this.
        key(&mut h, Key::Num1);
        assert_eq!(headline(&h)[0].label, "ORG");
        // A click picks it; a number key renames it; Delete removes it; undo brings it back.
        let at = on_text(&h, "headline", 12.0);
        click(&mut h, at);
        assert!(
            h.query_by_label(&format!("selected: ORG “{whole}”"))
                .is_some()
        );
        key(&mut h, Key::Num4);
        assert_eq!(headline(&h)[0].label, "DATE");
        key(&mut h, Key::Delete);
        assert!(headline(&h).is_empty());
        assert_eq!(stored(&h).spans.len(), 6);
        key_mod(&mut h, egui::Modifiers::COMMAND, Key::Z);
        assert_eq!(headline(&h).len(), 1);

        // Enter submits; the export's offsets index the record.
        let id = work(&h).session.item.as_ref().unwrap().id;
        key(&mut h, Key::Enter);
        assert_ne!(work(&h).session.item.as_ref().unwrap().id, id);
        let rows = export_rows(&p, "submitted");
        assert_eq!(rows.len(), 1);
        let s = &rows[0]["spans"][0];
        assert_eq!(s["field"], "headline");
        let headline = rows[0]["data"]["headline"].as_str().unwrap();
        assert_eq!(
            chars(
                headline,
                s["start"].as_u64().unwrap(),
                s["end"].as_u64().unwrap()
            ),
            whole
        );
        assert_eq!(s["text"], whole);
        // CSV: the spans as JSON in the control's column.
        let csv = p.join("out.csv");
        ok(&[&"export", &p, &"--format", &"csv", &"--out", &csv]);
        let text = std::fs::read_to_string(&csv).unwrap();
        assert!(
            text.lines().next().unwrap().contains("field.entities"),
            "{text}"
        );
        assert!(
            text.contains(r#"""text"":""Harbour ferry returns"#),
            "{text}"
        );
    }
}
