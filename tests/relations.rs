//! Relations between spans (`relations` on a spans control, the `entity-relations` preset):
//! made in the app with J and a click, out in JSONL and CSV as positions in the row's spans,
//! back in from JSONL (a position that points nowhere named by file and line), counted in
//! the statistics.

mod common;

use common::*;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

fn preset(dir: &Path) -> PathBuf {
    let p = dir.join("relations");
    init_preset(&p, "entity-relations", "texts.jsonl");
    p
}

/// An export of `p` with the first row given ana's spans (the record's own) and `relations`,
/// written to `name`; the import's output.
fn import_linked(p: &Path, dir: &Path, name: &str, relations: Value) -> std::process::Output {
    import_as(p, dir, name, "ana", relations)
}

fn import_as(
    p: &Path,
    dir: &Path,
    name: &str,
    who: &str,
    relations: Value,
) -> std::process::Output {
    let mut rows = export_rows(p, "all");
    let r = (rows.iter_mut()).find(|r| r["data"]["id"] == "r1").unwrap();
    let spans: Vec<Value> = (r["data"]["entities"].as_array().unwrap().iter())
        .map(
            |e| json!({"label": e["label"], "field": "text", "start": e["start"], "end": e["end"]}),
        )
        .collect();
    r["annotator"] = json!(who);
    r["status"] = json!("submitted");
    r["spans"] = json!(spans);
    r["relations"] = relations;
    let f = dir.join(name);
    std::fs::write(&f, format!("{r}\n")).unwrap();
    keylabel(&[&"import", &p, &f])
}

#[test]
fn relations_go_out_as_positions_in_the_spans_and_come_back() {
    let t = tempfile::tempdir().unwrap();
    let p = preset(t.path());
    let rows = export_rows(&p, "all");
    assert_eq!(rows.len(), 6);
    assert!(
        rows.iter().all(|r| r["relations"] == json!([])),
        "one type in every row"
    );
    let o = import_linked(
        &p,
        t.path(),
        "ana.jsonl",
        json!([{"label": "works_at", "from": 0, "to": 1}, {"label": "located_in", "from": 1, "to": 2}]),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let rows = export_rows(&p, "submitted");
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    let text_of = |i: &Value| r["spans"][i.as_u64().unwrap() as usize]["text"].clone();
    let links: Vec<(Value, Value, Value)> = (r["relations"].as_array().unwrap().iter())
        .map(|l| (text_of(&l["from"]), l["label"].clone(), text_of(&l["to"])))
        .collect();
    assert_eq!(
        links,
        [
            (
                json!("Kofi Mensah"),
                json!("works_at"),
                json!("Volta Solar")
            ),
            (json!("Volta Solar"), json!("located_in"), json!("Tamale")),
        ]
    );
    // Exported again and imported into a fresh project: the same relations.
    let out = t.path().join("out.jsonl");
    ok(&[&"export", &p, &"--format", &"jsonl", &"--out", &out]);
    let q = preset(&t.path().join("again"));
    ok(&[&"import", &q, &out]);
    assert_eq!(export_rows(&q, "submitted")[0]["relations"], r["relations"]);
    // CSV: a column beside the spans.
    let csv_out = t.path().join("out.csv");
    ok(&[&"export", &p, &"--format", &"csv", &"--out", &csv_out]);
    let mut reader = csv::Reader::from_path(&csv_out).unwrap();
    let head = reader.headers().unwrap().clone();
    let col = head
        .iter()
        .position(|h| h == "field.entities.relations")
        .expect("a relations column");
    assert_eq!(head.get(col - 1), Some("field.entities"));
    let row = reader.records().next().unwrap().unwrap();
    let cell: Value = serde_json::from_str(&row[col]).unwrap();
    assert_eq!(cell, r["relations"]);
    // Statistics count them by kind.
    let said = stdout(&keylabel(&[&"stats", &p]));
    assert!(said.contains("relations between spans:"), "{said}");
    assert!(
        said.lines()
            .any(|l| l.contains("works_at") && l.trim_end().ends_with('1')),
        "{said}"
    );
    let stats: Value =
        serde_json::from_str(&stdout(&keylabel(&[&"stats", &p, &"--json"]))).unwrap();
    assert_eq!(stats["relations"], json!({"located_in": 1, "works_at": 1}));
    // The model's one link on r1 (works_at) is among ana's: kept, 1 of 1.
    let kept = (stats["suggestions_kept"].as_array().unwrap().iter())
        .find(|q| q["unit"] == "relations")
        .expect("the model's relations counted");
    assert_eq!(
        (
            &kept["question"],
            &kept["field"],
            &kept["kept"],
            &kept["answered"]
        ),
        (
            &json!("entities · relations"),
            &json!("model_relations"),
            &json!(1),
            &json!(1)
        )
    );
    // Bob links the same spans once, the same way: the relation F1 of the two is 2·1/3.
    let o = import_as(
        &p,
        t.path(),
        "bob.jsonl",
        "bob",
        json!([{"label": "works_at", "from": 0, "to": 1}]),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let stats: Value =
        serde_json::from_str(&stdout(&keylabel(&[&"stats", &p, &"--json"]))).unwrap();
    let q = (stats["agreement"]["questions"].as_array().unwrap().iter())
        .find(|q| q["question"] == "entities · relations")
        .expect("relations compared");
    assert_eq!(q["measure"], "relation_f1");
    assert!(
        (q["agreement"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-9,
        "{q}"
    );
    let spans = (stats["agreement"]["questions"].as_array().unwrap().iter())
        .find(|q| q["question"] == "entities")
        .unwrap();
    assert_eq!(spans["agreement"], 1.0, "the same spans");
}

#[test]
fn a_relation_that_points_nowhere_is_named_by_file_and_line() {
    let t = tempfile::tempdir().unwrap();
    let p = preset(t.path());
    let o = import_linked(
        &p,
        t.path(),
        "bad.jsonl",
        json!([{"label": "works_at", "from": 0, "to": 7}]),
    );
    let e = stderr(&o);
    assert!(!o.status.success(), "nothing could be imported: {e}");
    assert!(
        e.contains("bad.jsonl:1:") && e.contains("points at span 7"),
        "{e}"
    );
    let o = import_linked(
        &p,
        t.path(),
        "self.jsonl",
        json!([{"label": "works_at", "from": 1, "to": 1}]),
    );
    assert!(stderr(&o).contains("to itself"), "{}", stderr(&o));
    assert!(
        export_rows(&p, "submitted").is_empty(),
        "nothing half-taken"
    );
}

#[test]
fn relations_belong_on_a_spans_control() {
    let t = tempfile::tempdir().unwrap();
    let o = init_text(
        t.path(),
        "[task]\nmedia = \"text\"\nshow = [\"text\"]\n[[labels]]\nname = \"PER\"\n\
         [[controls]]\nname = \"kind\"\ntype = \"choice\"\nrelations = [\"works_at\"]\n",
    );
    assert!(!o.status.success());
    let e = stderr(&o);
    assert!(
        e.contains("`relations` link spans") && e.contains("controls[0]"),
        "{e}"
    );
    // A model's relations with no model spans to point at.
    let o = init_text(
        t.path(),
        "[task]\nmedia = \"text\"\nshow = [\"text\"]\n[[labels]]\nname = \"PER\"\n\
         [[controls]]\nname = \"e\"\ntype = \"spans\"\nrelations = [\"knows\"]\n\
         prefill_relations = \"model_relations\"\n",
    );
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("needs both `prefill` and `relations`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn symmetric_kinds_are_among_the_relations() {
    let t = tempfile::tempdir().unwrap();
    let o = init_text(
        t.path(),
        "[task]\nmedia = \"text\"\nshow = [\"text\"]\n[[labels]]\nname = \"PER\"\n\
         [[controls]]\nname = \"e\"\ntype = \"spans\"\nrelations = [\"knows\"]\n\
         symmetric = [\"married_to\"]\n",
    );
    assert!(!o.status.success());
    assert!(
        stderr(&o)
            .contains("symmetric relation 'married_to' is not one of its `relations` (knows)"),
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
    use keylabel::core::SpanRef;

    /// The middle of the span that covers `text` on the item shown, where it was drawn.
    fn span_at(h: &egui_kittest::Harness<'_, keylabel::ui::KeylabelApp>, text: &str) -> Pos2 {
        let w = work(h);
        let s = (w.session.annotation.spans.iter())
            .find(|s| s.text == text)
            .unwrap_or_else(|| panic!("no span “{text}”"));
        let r = SpanRef::of(s);
        let (_, rect) = (w.links.anchors.iter())
            .find(|(a, _)| *a == r)
            .expect("drawn");
        rect.center()
    }

    /// The stored relations as (from text, kind, to text).
    fn links(
        h: &egui_kittest::Harness<'_, keylabel::ui::KeylabelApp>,
    ) -> Vec<(String, String, String)> {
        let a = stored(h);
        let text = |r: &SpanRef| a.spans.iter().find(|s| r.is(s)).unwrap().text.clone();
        (a.relations.iter())
            .map(|r| (text(&r.from), r.label.clone(), text(&r.to)))
            .collect()
    }

    fn link(a: &str, kind: &str, b: &str) -> (String, String, String) {
        (a.into(), kind.into(), b.into())
    }

    #[test]
    fn j_and_a_click_link_two_spans_and_a_picked_relation_is_renamed_or_removed() {
        let t = tempfile::tempdir().unwrap();
        let p = preset(t.path());
        let mut h = harness(&p);
        h.run_steps(2);
        // The model's link is offered with its spans, not yet anyone's answer; picked by a
        // click on its tag, Delete takes it away and makes the spans the annotator's.
        let offered = &work(&h).session.annotation.relations;
        assert_eq!(offered.len(), 1, "{offered:?}");
        assert!(stored(&h).spans.is_empty());
        let tag = h.get_by_label("relation works_at").rect().center();
        click(&mut h, tag);
        key(&mut h, Key::Delete);
        assert!(links(&h).is_empty());
        assert_eq!(stored(&h).spans.len(), 3);
        // "Kofi Mensah" picked, J, then a click on "Volta Solar": works_at, the first kind.
        let kofi = span_at(&h, "Kofi Mensah");
        click(&mut h, kofi);
        key(&mut h, Key::J);
        assert!(work(&h).linking_from().is_some());
        let volta = span_at(&h, "Volta Solar");
        click(&mut h, volta);
        assert_eq!(links(&h), [link("Kofi Mensah", "works_at", "Volta Solar")]);
        assert!(work(&h).linking_from().is_none(), "one link per J");
        assert!(
            work(&h).message.contains("works_at"),
            "{}",
            work(&h).message
        );
        // The click made the link and left "Kofi Mensah" picked. From the keyboard: Tab to
        // "Volta Solar", J, 3 (located_in), Tab to the next span, Enter.
        assert_eq!(work(&h).session.selected, Some(0));
        key(&mut h, Key::Tab);
        key(&mut h, Key::J);
        key(&mut h, Key::Num3);
        key(&mut h, Key::Tab);
        assert_eq!(work(&h).session.selected, Some(2), "Tamale");
        key(&mut h, Key::Enter);
        assert_eq!(
            links(&h),
            [
                link("Kofi Mensah", "works_at", "Volta Solar"),
                link("Volta Solar", "located_in", "Tamale")
            ]
        );
        assert_eq!(
            work(&h).session.item.as_ref().unwrap().status,
            keylabel::core::Status::Draft,
            "Enter linked, it did not submit"
        );
        // A click on the first relation's tag picks it; 4 makes it born_in; Delete removes it.
        h.run_steps(2);
        let tag = h.get_by_label("relation works_at").rect().center();
        click(&mut h, tag);
        assert_eq!(work(&h).picked_relation(), Some(0));
        key(&mut h, Key::Num4);
        assert_eq!(links(&h)[0].1, "born_in");
        assert_eq!(stored(&h).spans.len(), 3, "the spans keep their labels");
        key(&mut h, Key::Delete);
        assert_eq!(links(&h), [link("Volta Solar", "located_in", "Tamale")]);
        assert_eq!(stored(&h).spans.len(), 3, "Delete took the relation only");
        // A relation picked, then a span clicked: Delete is the span's.
        let tag = h.get_by_label("relation located_in").rect().center();
        click(&mut h, tag);
        assert_eq!(work(&h).picked_relation(), Some(0));
        click(&mut h, kofi);
        assert_eq!(work(&h).picked_relation(), None);
        key(&mut h, Key::Delete);
        assert_eq!(stored(&h).spans.len(), 2);
        assert_eq!(links(&h).len(), 1, "the relation stays");
        key_mod(&mut h, egui::Modifiers::COMMAND, Key::Z);
        assert_eq!(stored(&h).spans.len(), 3);
        // Undo brings it back; a span removed takes its relations with it.
        key_mod(&mut h, egui::Modifiers::COMMAND, Key::Z);
        assert_eq!(links(&h).len(), 2);
        key(&mut h, Key::Escape);
        let tamale = span_at(&h, "Tamale");
        click(&mut h, tamale);
        key(&mut h, Key::Delete);
        assert_eq!(links(&h), [link("Kofi Mensah", "born_in", "Volta Solar")]);
        // Esc drops a link being drawn; J with no span picked says what to do.
        key(&mut h, Key::Escape);
        click(&mut h, kofi);
        key(&mut h, Key::J);
        key(&mut h, Key::Escape);
        assert!(work(&h).linking_from().is_none());
        click(&mut h, volta);
        assert_eq!(links(&h).len(), 1, "the click only picked the span");
    }

    #[test]
    fn j_on_a_picked_relation_turns_it_round() {
        let t = tempfile::tempdir().unwrap();
        let p = preset(t.path());
        let mut h = harness(&p);
        h.run_steps(2);
        // Volta Solar → Kofi Mensah, drawn the wrong way round.
        let (kofi, volta) = (span_at(&h, "Kofi Mensah"), span_at(&h, "Volta Solar"));
        let tag = h.get_by_label("relation works_at").rect().center();
        click(&mut h, tag);
        key(&mut h, Key::Delete);
        click(&mut h, volta);
        key(&mut h, Key::J);
        click(&mut h, kofi);
        assert_eq!(links(&h), [link("Volta Solar", "works_at", "Kofi Mensah")]);
        key(&mut h, Key::Escape);
        h.run_steps(2);
        let tag = h.get_by_label("relation works_at").rect().center();
        click(&mut h, tag);
        key(&mut h, Key::J);
        assert_eq!(links(&h), [link("Kofi Mensah", "works_at", "Volta Solar")]);
        assert_eq!(work(&h).picked_relation(), Some(0), "still picked");
        assert!(
            work(&h).message.contains("turned round"),
            "{}",
            work(&h).message
        );
        // One undo step; where the way back is linked already, that link takes the kind.
        key_mod(&mut h, egui::Modifiers::COMMAND, Key::Z);
        assert_eq!(links(&h), [link("Volta Solar", "works_at", "Kofi Mensah")]);
        key(&mut h, Key::Escape);
        click(&mut h, kofi);
        key(&mut h, Key::J);
        key(&mut h, Key::Num4);
        click(&mut h, volta);
        assert_eq!(links(&h).len(), 2);
        h.run_steps(2);
        let tag = h.get_by_label("relation born_in").rect().center();
        click(&mut h, tag);
        key(&mut h, Key::J);
        assert_eq!(links(&h), [link("Volta Solar", "born_in", "Kofi Mensah")]);
    }

    #[test]
    fn a_models_links_are_accepted_with_enter_or_corrected_first() {
        let t = tempfile::tempdir().unwrap();
        let p = preset(t.path());
        let mut h = harness(&p);
        // r1 as the model linked it: Enter submits it so, and it moves on.
        key(&mut h, Key::Enter);
        key(&mut h, Key::A);
        assert_eq!(links(&h), [link("Kofi Mensah", "works_at", "Volta Solar")]);
        // r2: the model says Ingrid Dahl works at the university she left. Its tag picked,
        // Delete; then Nordlys Robotics linked to Bergen (located_in, key 3).
        key(&mut h, Key::D);
        h.run_steps(2);
        assert_eq!(work(&h).session.annotation.relations.len(), 2);
        let tag = h.get_by_label("relation works_at").rect().center();
        click(&mut h, tag);
        key(&mut h, Key::Delete);
        let nordlys = span_at(&h, "Nordlys Robotics");
        click(&mut h, nordlys);
        key(&mut h, Key::J);
        key(&mut h, Key::Num3);
        let bergen = span_at(&h, "Bergen");
        click(&mut h, bergen);
        assert_eq!(
            links(&h),
            [
                link("Ingrid Dahl", "founded", "Nordlys Robotics"),
                link("Nordlys Robotics", "located_in", "Bergen")
            ]
        );
        key(&mut h, Key::Enter);
        let rows = export_rows(&p, "submitted");
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[1]["relations"],
            json!([{"label": "founded", "from": 0, "to": 1}, {"label": "located_in", "from": 1, "to": 2}])
        );
    }

    #[test]
    fn a_doccano_export_opens_with_its_entities_and_relations_offered() {
        let t = tempfile::tempdir().unwrap();
        let items = t.path().join("doccano.jsonl");
        let line = json!({
            "id": 12, "text": "Ada Lovelace worked with Charles Babbage in London.",
            "entities": [
                {"id": 101, "label": "PER", "start_offset": 0, "end_offset": 12},
                {"id": 102, "label": "PER", "start_offset": 25, "end_offset": 40},
                {"id": 103, "label": "LOC", "start_offset": 44, "end_offset": 50}
            ],
            "relations": [{"id": 5, "from_id": 101, "to_id": 102, "type": "works_with"}]
        });
        std::fs::write(&items, format!("{line}\n")).unwrap();
        let cfg = t.path().join("task.toml");
        std::fs::write(
            &cfg,
            "[task]\nmedia = \"text\"\nshow = [\"text\"]\n[[labels]]\nname = \"PER\"\n\
             [[labels]]\nname = \"LOC\"\n[[controls]]\nname = \"entities\"\ntype = \"spans\"\n\
             prefill = \"entities\"\nprefill_relations = \"relations\"\n\
             relations = [\"works_with\", \"lives_in\"]\n",
        )
        .unwrap();
        let p = t.path().join("p");
        ok(&[&"init", &p, &"--media", &items, &"--config", &cfg]);
        let mut h = harness(&p);
        let a = &work(&h).session.annotation;
        let texts: Vec<&str> = a.spans.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["Ada Lovelace", "Charles Babbage", "London"]);
        key(&mut h, Key::Enter);
        key(&mut h, Key::A);
        assert_eq!(
            links(&h),
            [link("Ada Lovelace", "works_with", "Charles Babbage")]
        );
    }

    #[test]
    fn j_says_how_to_add_relations_on_a_task_without_them() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("entities");
        init_preset(&p, "named-entities", "texts.jsonl");
        let mut h = harness(&p);
        key(&mut h, Key::Tab);
        key(&mut h, Key::J);
        assert!(
            work(&h).message.contains("relations = ["),
            "{}",
            work(&h).message
        );
        assert!(stored(&h).relations.is_empty());
    }

    #[test]
    fn a_symmetric_link_has_no_head_and_no_way_round() {
        let t = tempfile::tempdir().unwrap();
        let items = t.path().join("t.jsonl");
        let text = json!({"text": "Ana married Ben.", "model": [
            {"label": "PER", "start": 0, "end": 3}, {"label": "PER", "start": 12, "end": 15}]});
        std::fs::write(&items, format!("{text}\n")).unwrap();
        let cfg = t.path().join("task.toml");
        std::fs::write(
            &cfg,
            "[task]\nmedia = \"text\"\nshow = [\"text\"]\n[[labels]]\nname = \"PER\"\n\
             [[controls]]\nname = \"e\"\ntype = \"spans\"\nprefill = \"model\"\n\
             relations = [\"married_to\", \"knows\"]\nsymmetric = [\"married_to\"]\n",
        )
        .unwrap();
        let p = t.path().join("p");
        ok(&[&"init", &p, &"--media", &items, &"--config", &cfg]);
        let mut h = harness(&p);
        h.run_steps(2);
        // Drawn from "Ben" to "Ana": kept from "Ana", the span that comes first.
        let (ana, ben) = (span_at(&h, "Ana"), span_at(&h, "Ben"));
        click(&mut h, ben);
        key(&mut h, Key::J);
        click(&mut h, ana);
        assert_eq!(links(&h), [link("Ana", "married_to", "Ben")]);
        assert!(work(&h).message.contains("↔"), "{}", work(&h).message);
        // Linked again from "Ana": the same link, not a second one.
        key(&mut h, Key::J);
        click(&mut h, ben);
        assert_eq!(links(&h).len(), 1);
        h.run_steps(2);
        assert!(
            h.query_by_label_contains("“Ana” married_to ↔ “Ben”")
                .is_some()
        );
        // J on it says it goes both ways, and leaves it.
        let tag = h.get_by_label("relation married_to").rect().center();
        click(&mut h, tag);
        key(&mut h, Key::J);
        assert!(
            work(&h).message.contains("goes both ways"),
            "{}",
            work(&h).message
        );
        assert_eq!(links(&h), [link("Ana", "married_to", "Ben")]);
    }

    /// A project of one `record` (its `model` spans PER and ORG, its `links` works_at).
    fn works_at_project(dir: &Path, record: &Value) -> PathBuf {
        let items = dir.join("t.jsonl");
        std::fs::write(&items, format!("{record}\n")).unwrap();
        let cfg = dir.join("task.toml");
        std::fs::write(
            &cfg,
            "[task]\nmedia = \"text\"\nshow = [\"text\"]\n[[labels]]\nname = \"PER\"\n\
             [[labels]]\nname = \"ORG\"\n[[controls]]\nname = \"e\"\ntype = \"spans\"\n\
             prefill = \"model\"\nprefill_relations = \"links\"\nrelations = [\"works_at\"]\n",
        )
        .unwrap();
        let p = dir.join("p");
        ok(&[&"init", &p, &"--media", &items, &"--config", &cfg]);
        p
    }

    #[test]
    fn a_link_to_a_span_far_down_the_text_shows_as_a_stub_naming_it() {
        let t = tempfile::tempdir().unwrap();
        let head = "Kofi Mensah works at the firm.\n";
        let filler = "A line about the plant and the town, long enough to read.\n".repeat(300);
        let tail = "Volta Solar is that firm.";
        let far = head.len() + filler.len();
        let record = json!({
            "text": format!("{head}{filler}{tail}"),
            "model": [{"label": "PER", "start": 0, "end": 11},
                      {"label": "ORG", "start": far, "end": far + 11}],
            "links": [{"from": 0, "to": 1, "label": "works_at"}]});
        let mut h = harness(&works_at_project(t.path(), &record));
        h.run_steps(2);
        // At the top, "Volta Solar" is 300 lines down: a stub says where the link goes.
        let down = "relation works_at → “Volta Solar” ↓";
        assert!(h.query_by_label(down).is_some());
        let at = h.get_by_label(down).rect().center();
        click(&mut h, at);
        assert_eq!(
            work(&h).picked_relation(),
            Some(0),
            "a click on it picks it"
        );
        // At the end of the text, it points back up to where the link comes from.
        for _ in 0..40 {
            key(&mut h, Key::PageDown);
        }
        h.run_steps(2);
        assert!(
            h.query_by_label("relation “Kofi Mensah” ↑ works_at →")
                .is_some()
        );
        assert!(h.query_by_label(down).is_none());
    }

    #[test]
    fn far_links_past_the_views_edge_are_one_more_tag_naming_them() {
        let t = tempfile::tempdir().unwrap();
        let head = "Kofi Mensah works at all of them.\n";
        let filler = "A line about the plant and the town, long enough to read.\n".repeat(300);
        let mut text = format!("{head}{filler}");
        let mut model = vec![json!({"label": "PER", "start": 0, "end": 11})];
        let mut links = Vec::new();
        for k in 1..=8 {
            let name = format!("Volta Solar Energy Company Number {k}");
            let start = text.chars().count();
            model
                .push(json!({"label": "ORG", "start": start, "end": start + name.chars().count()}));
            links.push(json!({"from": 0, "to": k, "label": "works_at"}));
            text += &format!("{name}.\n");
        }
        let record = json!({"text": text, "model": model, "links": links});
        let mut h = harness(&works_at_project(t.path(), &record));
        h.run_steps(2);
        assert_eq!(work(&h).session.annotation.relations.len(), 8);
        // Some stubs side by side, the rest one "+N more" tag, none drawn over another.
        let shown = h
            .query_all_by_label_contains("relation works_at → “Volta Solar")
            .count();
        let more = format!("+{} more", 8 - shown);
        assert!((1..8).contains(&shown), "{shown}");
        assert!(h.query_by_label(&more).is_some(), "{more}");
        let tags: Vec<egui::Rect> = (h.query_all_by_label_contains("relation works_at"))
            .chain(h.query_all_by_label(&more))
            .map(|n| n.rect())
            .collect();
        for (a, ra) in tags.iter().enumerate() {
            for rb in &tags[a + 1..] {
                assert!(!ra.intersects(*rb), "{ra:?} {rb:?}");
            }
        }
    }
}
