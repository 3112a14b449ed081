//! A text on each box (`box_text`, OCR): typed under the image right after drawing, kept
//! through JSONL and COCO (CVAT's text attribute) and back.

mod common;

use common::*;
use serde_json::json;
use std::path::{Path, PathBuf};

/// The OCR preset on its two sample images, for ana.
fn preset(dir: &Path) -> PathBuf {
    let p = dir.join("ocr");
    let media = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/ocr");
    let o = keylabel(&[
        &"init",
        &p,
        &"--media",
        &media,
        &"--template",
        &"ocr",
        &"--annotator",
        &"ana",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    p
}

#[test]
fn box_texts_go_through_jsonl_and_coco_and_back() {
    let t = tempfile::tempdir().unwrap();
    let p = preset(t.path());
    let rows = export_rows(&p, "all");
    assert_eq!(rows.len(), 2);
    let mut row = rows[1].clone();
    assert_eq!(row["media"], "sign.jpg");
    row["status"] = "submitted".into();
    row["annotator"] = "ana".into();
    row["boxes"] = json!([
        {"label": "text", "x": 100.0, "y": 80.0, "w": 260.0, "h": 70.0, "text": "BAKERY"},
        {"label": "number", "x": 105.0, "y": 240.0, "w": 230.0, "h": 40.0,
         "text": "OPEN 7:00 - 18:00", "attributes": {"illegible": false}},
        {"label": "text", "x": 105.0, "y": 175.0, "w": 200.0, "h": 40.0}
    ]);
    let answers = t.path().join("answers.jsonl");
    std::fs::write(&answers, format!("{row}\n")).unwrap();
    ok(&[&"import", &p, &answers]);
    // JSONL: every box has its text, "" where none was typed: one type in every row.
    let rows = export_rows(&p, "submitted");
    let texts: Vec<&serde_json::Value> = rows[0]["boxes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| &b["text"])
        .collect();
    assert_eq!(
        texts,
        [&json!("BAKERY"), &json!("OPEN 7:00 - 18:00"), &json!("")]
    );
    // COCO: in each annotation's attributes, as CVAT writes a text attribute.
    let coco = t.path().join("coco.json");
    ok(&[&"export", &p, &"--format", &"coco", &"--out", &coco]);
    let c: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&coco).unwrap()).unwrap();
    assert_eq!(
        c["annotations"][1]["attributes"],
        json!({"text": "OPEN 7:00 - 18:00", "illegible": false})
    );
    // YOLO has no place for them, and says so.
    let said = ok(&[
        &"export",
        &p,
        &"--format",
        &"yolo",
        &"--out",
        &t.path().join("y"),
    ]);
    assert!(
        said.contains("attributes or texts: those of 2 boxes"),
        "{said}"
    );
    // HF imagefolder: the texts beside the boxes in `objects`.
    let hf = t.path().join("hf");
    ok(&[&"export", &p, &"--format", &"imagefolder", &"--out", &hf]);
    let meta = read_jsonl(&hf.join("train/metadata.jsonl"));
    assert_eq!(
        meta[0]["objects"]["text"],
        json!(["BAKERY", "OPEN 7:00 - 18:00", ""])
    );
    // PaddleOCR's detection labels: the image's path, a tab, its boxes clockwise, "###"
    // for the one with no text.
    let label = t.path().join("Label.txt");
    let said = ok(&[&"export", &p, &"--format", &"paddleocr", &"--out", &label]);
    assert!(said.contains("exported 1 item, 3 boxes"), "{said}");
    let text = std::fs::read_to_string(&label).unwrap();
    let (image, list) = text.trim_end().split_once('\t').unwrap();
    assert!(
        Path::new(image).is_absolute() && image.ends_with("sample_data/ocr/sign.jpg"),
        "{image}"
    );
    assert!(Path::new(image).is_file(), "{image}");
    let boxes: serde_json::Value = serde_json::from_str(list).unwrap();
    let said: Vec<&str> = boxes
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["transcription"].as_str().unwrap())
        .collect();
    assert_eq!(said, ["BAKERY", "OPEN 7:00 - 18:00", "###"]);
    assert_eq!(
        boxes[0]["points"],
        json!([[100.0, 80.0], [360.0, 80.0], [360.0, 150.0], [100.0, 150.0]])
    );
    // Into a new project from that COCO file: the texts come back.
    let q = t.path().join("again");
    ok(&[
        &"init",
        &q,
        &"--media",
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/ocr"),
        &"--template",
        &"ocr",
    ]);
    ok(&[&"import", &q, &coco]);
    let again = export_rows(&q, "all");
    let sign = again.iter().find(|r| r["media"] == "sign.jpg").unwrap();
    assert_eq!(sign["boxes"][0]["text"], "BAKERY");
    assert_eq!(sign["boxes"][1]["text"], "OPEN 7:00 - 18:00");
}

#[test]
fn two_readings_of_one_box_are_a_disagreement() {
    let t = tempfile::tempdir().unwrap();
    let p = preset(t.path());
    let rows = export_rows(&p, "all");
    let mut lines = String::new();
    for (who, text) in [("ana", "TOTAL 9.30"), ("ben", "TOTAL 9.80")] {
        let mut row = rows[0].clone();
        row["status"] = "submitted".into();
        row["annotator"] = who.into();
        row["boxes"] = json!([{"label": "number", "x": 40.0, "y": 235.0, "w": 220.0, "h": 25.0,
                               "text": text}]);
        lines += &format!("{row}\n");
    }
    let answers = t.path().join("both.jsonl");
    std::fs::write(&answers, lines).unwrap();
    ok(&[&"import", &p, &answers]);
    let out = ok(&[&"stats", &p]);
    assert!(out.contains("with a disagreement: 1"), "{out}");
    assert!(out.contains("boxes · text"), "{out}");
    assert!(out.contains("50.0% words alike over 1 pairs"), "{out}");
}

#[test]
fn box_text_is_for_boxes_and_not_with_labels_typed_after_drawing() {
    let t = tempfile::tempdir().unwrap();
    let bad = t.path().join("bad.toml");
    std::fs::write(
        &bad,
        "[task]\nmedia = \"image\"\nlabel_after_drawing = true\n[[controls]]\nname = \"boxes\"\ntype = \"boxes\"\nbox_text = true\n",
    )
    .unwrap();
    let o = keylabel(&[
        &"init",
        &t.path().join("p"),
        &"--media",
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/ocr"),
        &"--config",
        &bad,
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("`label_after_drawing` cannot"),
        "{}",
        stderr(&o)
    );
}

#[cfg(feature = "gui")]
mod app {
    use super::*;
    use crate::common::ui::*;
    use egui::Key;
    use egui_kittest::kittest::Queryable;

    #[test]
    fn a_box_just_drawn_takes_its_text_then_enter_gives_the_keys_back() {
        let t = tempfile::tempdir().unwrap();
        let p = preset(t.path());
        let mut h = harness(&p);
        wait_loaded(&mut h);
        assert!(h.query_by_label_contains("box text: draw a box").is_some());
        // The receipt first (natural order): its heading, with label 1 (text).
        draw_box(&mut h, (35.0, 35.0), (200.0, 70.0));
        h.run_steps(1);
        assert!(
            h.ctx.text_edit_focused(),
            "the new box's field has the keys"
        );
        // "d" and "2" are letters here, not the next item or a label.
        h.event(egui::Event::Text("CORNER CAFE d2".into()));
        h.run_steps(2);
        let ann = stored(&h);
        assert_eq!(ann.boxes.len(), 1);
        assert_eq!(ann.boxes[0].text, "CORNER CAFE d2");
        assert_eq!(ann.boxes[0].label, "text");
        // Typing is one undo step.
        key_mod(&mut h, egui::Modifiers::COMMAND, Key::Z);
        assert_eq!(stored(&h).boxes[0].text, "");
        key_mod(&mut h, egui::Modifiers::COMMAND, Key::Y);
        // Enter: the box is done, the keys are the image's again.
        key(&mut h, Key::Enter);
        h.run_steps(1);
        assert!(!h.ctx.text_edit_focused());
        assert_eq!(work(&h).session.selected, None);
        // The tag on the box shows its text.
        assert_eq!(stored(&h).boxes[0].text, "CORNER CAFE d2");
        // A second box, labelled number first: its own text.
        key(&mut h, Key::Num2);
        draw_box(&mut h, (35.0, 235.0), (260.0, 260.0));
        h.run_steps(1);
        assert!(h.ctx.text_edit_focused());
        h.event(egui::Event::Text("TOTAL 9.30".into()));
        h.run_steps(2);
        key(&mut h, Key::Enter);
        h.run_steps(1);
        let ann = stored(&h);
        assert_eq!(
            ann.boxes
                .iter()
                .map(|b| (b.label.as_str(), b.text.as_str()))
                .collect::<Vec<_>>(),
            [("text", "CORNER CAFE d2"), ("number", "TOTAL 9.30")]
        );
        // The texts in the panel, top to bottom, to proofread: a click selects the box.
        assert!(h.query_by_label("1 · CORNER CAFE d2").is_some());
        h.get_by_label("2 · TOTAL 9.30").click();
        h.run_steps(2);
        assert_eq!(work(&h).session.selected, Some(1));
        key(&mut h, Key::Escape);
        h.run_steps(1);
        // Enter again submits and moves on.
        let first = work(&h).session.item.as_ref().unwrap().id;
        key(&mut h, Key::Enter);
        assert_ne!(work(&h).session.item.as_ref().unwrap().id, first);
        // Back on it, Tab selects a box and its text is there to fix.
        key(&mut h, Key::A);
        wait_loaded(&mut h);
        key(&mut h, Key::Tab);
        h.run_steps(1);
        assert!(h.query_by_label_contains("text of box 1 (text)").is_some());
        assert!(
            !h.ctx.text_edit_focused(),
            "picking a box leaves the keys to the image"
        );
        // F2 types in it: the end of the text goes, Enter gives the keys back.
        key(&mut h, Key::F2);
        h.run_steps(1);
        assert!(h.ctx.text_edit_focused());
        h.key_press(Key::End);
        for _ in 0..3 {
            h.key_press(Key::Backspace);
        }
        h.run_steps(2);
        key(&mut h, Key::Enter);
        assert_eq!(stored(&h).boxes[0].text, "CORNER CAFE");
        assert!(!h.ctx.text_edit_focused());
        // The Project menu offers the OCR labels beside COCO.
        h.get_by_label("Project").click();
        h.run_steps(3);
        for offered in ["COCO", "PaddleOCR labels"] {
            let label = format!("Export {offered} (submitted) to the project folder");
            assert!(h.query_by_label(&label).is_some(), "{label}");
        }
    }

    #[test]
    fn a_box_left_with_no_text_is_not_submitted_and_takes_the_keys() {
        let t = tempfile::tempdir().unwrap();
        let p = preset(t.path());
        let mut h = harness(&p);
        wait_loaded(&mut h);
        let first = work(&h).session.item.as_ref().unwrap().id;
        draw_box(&mut h, (35.0, 35.0), (200.0, 70.0));
        h.run_steps(1);
        h.event(egui::Event::Text("CORNER CAFE".into()));
        h.run_steps(2);
        key(&mut h, Key::Enter);
        // A second box, left empty: Enter leaves its field, Enter again would submit.
        draw_box(&mut h, (35.0, 235.0), (260.0, 260.0));
        h.run_steps(1);
        key(&mut h, Key::Enter);
        h.run_steps(1);
        key(&mut h, Key::Enter);
        h.run_steps(2);
        let w = work(&h);
        assert_eq!(w.session.item.as_ref().unwrap().id, first, "not submitted");
        assert!(
            w.message
                .contains("box 2 has no text: type what it says, tick “illegible” (Alt+1)"),
            "{}",
            w.message
        );
        assert_eq!(w.session.selected, Some(1));
        assert!(h.ctx.text_edit_focused(), "its text field has the keys");
        h.event(egui::Event::Text("TOTAL 9.30".into()));
        h.run_steps(2);
        key(&mut h, Key::Enter);
        h.run_steps(1);
        key(&mut h, Key::Enter);
        assert_ne!(
            work(&h).session.item.as_ref().unwrap().id,
            first,
            "submitted"
        );
        // Illegible, with nothing typed, is an answer too: the box goes out as `###`.
        key(&mut h, Key::A);
        wait_loaded(&mut h);
        key(&mut h, Key::Tab);
        key(&mut h, Key::Tab);
        h.run_steps(1);
        key(&mut h, Key::Delete);
        draw_box(&mut h, (35.0, 235.0), (260.0, 260.0));
        h.run_steps(1);
        key(&mut h, Key::Escape);
        key(&mut h, Key::Tab);
        key(&mut h, Key::Tab);
        h.run_steps(1);
        assert_eq!(work(&h).session.selected, Some(1));
        key_mod(&mut h, egui::Modifiers::ALT, Key::Num1);
        key(&mut h, Key::Enter);
        assert_ne!(
            work(&h).session.item.as_ref().unwrap().id,
            first,
            "{}",
            work(&h).message
        );
        let s = &work(&h).session.project.store;
        let ann = s.annotation(first, "ana").unwrap().unwrap();
        assert_eq!(ann.boxes.len(), 2);
        assert_eq!(ann.boxes[1].attributes, ["illegible"]);
    }
}

#[test]
fn paddleocr_labels_need_box_texts() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("p");
    let media = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/ocr");
    ok(&[&"init", &p, &"--media", &media, &"--labels", &"word"]);
    let out = t.path().join("Label.txt");
    let o = keylabel(&[&"export", &p, &"--format", &"paddleocr", &"--out", &out]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("`box_text = true`"), "{}", stderr(&o));
    assert!(!out.exists());
}

#[test]
fn paddleocr_results_come_in_as_pre_labels_to_correct() {
    let t = tempfile::tempdir().unwrap();
    let p = preset(t.path());
    // A detector's results as PaddleOCR writes them: a path (here under another root), a
    // tab, its texts with four corners (a tilted one) and a score each.
    let results = t.path().join("system_results.txt");
    std::fs::write(
        &results,
        "/elsewhere/ocr/sign.jpg\t[{\"transcription\": \"BAKERY\", \"points\": [[120, 80], [360, 85], [358, 150], [118, 145]], \"score\": 0.98}, {\"transcription\": \"Fresh brad daily\", \"points\": [[110, 178], [305, 178], [305, 212], [110, 212]], \"score\": 0.61}, {\"transcription\": \"###\", \"points\": [[600, 5], [700, 5], [700, 30], [600, 30]], \"score\": 0.3}]\n\
         missing.jpg\t[]\n",
    )
    .unwrap();
    let o = keylabel(&[
        &"import",
        &p,
        &results,
        &"--draft",
        &"--min-score",
        &"0.5",
        &"--annotator",
        &"model",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("system_results.txt:2: no image missing.* (nor missing.*)"),
        "{}",
        stderr(&o)
    );
    let rows = export_rows(&p, "all");
    let sign = rows.iter().find(|r| r["media"] == "sign.jpg").unwrap();
    assert_eq!(sign["status"], "draft");
    assert_eq!(sign["annotator"], "model");
    let boxes = sign["boxes"].as_array().unwrap();
    assert_eq!(boxes.len(), 2, "the low score left out: {boxes:?}");
    assert_eq!(
        (
            &boxes[0]["label"],
            &boxes[0]["text"],
            &boxes[0]["x"],
            &boxes[0]["h"]
        ),
        (
            &json!("text"),
            &json!("BAKERY"),
            &json!(118.0),
            &json!(70.0)
        )
    );
    assert_eq!(boxes[1]["text"], "Fresh brad daily");
    assert_eq!(boxes[1]["attributes"], json!({"illegible": false}));
}

#[test]
fn a_text_paddleocr_could_not_read_comes_in_ticked_illegible() {
    let t = tempfile::tempdir().unwrap();
    let p = preset(t.path());
    let labels = t.path().join("Label.txt");
    std::fs::write(
        &labels,
        "ocr/sign.jpg\t[{\"transcription\": \"###\", \"points\": [[600, 5], [700, 5], [700, 30], [600, 30]]}]\n",
    )
    .unwrap();
    ok(&[&"import", &p, &labels, &"--annotator", &"model"]);
    let rows = export_rows(&p, "all");
    let sign = rows.iter().find(|r| r["media"] == "sign.jpg").unwrap();
    let boxes = sign["boxes"].as_array().unwrap();
    assert_eq!(
        (&boxes[0]["text"], &boxes[0]["attributes"]),
        (&json!(""), &json!({"illegible": true})),
        "an answer as it stands: \"not readable\""
    );
    // And back out to PaddleOCR as `###`.
    let back = t.path().join("out.txt");
    ok(&[
        &"export",
        &p,
        &"--format",
        &"paddleocr",
        &"--status",
        &"all",
        &"--out",
        &back,
    ]);
    assert!(
        std::fs::read_to_string(&back)
            .unwrap()
            .contains("\"transcription\":\"###\"")
    );
}
