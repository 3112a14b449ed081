//! Text answers on images: a description written (or corrected from a model's draft) in a
//! field under the photo.

mod common;

use common::*;
use std::path::{Path, PathBuf};

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/image-description")
}

/// The image-description preset on its sample photos, for annotator ana.
fn preset(dir: &Path) -> PathBuf {
    let p = dir.join("descriptions");
    let o = keylabel(&[
        &"init",
        &p,
        &"--media",
        &sample().join("metadata.jsonl"),
        &"--template",
        &"image-description",
        &"--annotator",
        &"ana",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).is_empty(), "warns: {}", stderr(&o));
    p
}

#[test]
fn the_description_preset_inits_from_its_sample_and_exports_the_photos_with_their_drafts() {
    let t = tempfile::tempdir().unwrap();
    let p = preset(t.path());
    let rows = export_rows(&p, "all");
    assert_eq!(rows.len(), 6);
    assert_eq!(rows[2]["media"], "chelsea.jpg");
    assert_eq!(
        rows[2]["data"]["model_caption"],
        "A small dog lying on a carpet and looking up."
    );
    assert_eq!(
        (&rows[2]["width"], &rows[2]["kind"]),
        (&451.into(), &"image".into())
    );
}

#[cfg(feature = "gui")]
mod app {
    use super::*;
    use crate::common::ui::*;
    use egui::{Key, Modifiers};
    use egui_kittest::kittest::Queryable;
    use keylabel::core::Status;

    fn current(h: &egui_kittest::Harness<'_, keylabel::ui::KeylabelApp>) -> i64 {
        work(h).session.item.as_ref().unwrap().id
    }

    #[test]
    fn a_description_is_typed_under_the_photo_and_ctrl_enter_moves_on() {
        let t = tempfile::tempdir().unwrap();
        let p = preset(t.path());
        let mut h = harness(&p);
        wait_loaded(&mut h);
        // The only question is the text: the field has the keys from the start, the
        // Questions panel (not an empty label list) says so, the draft is in the field
        // and not again above the photo.
        h.run_steps(1);
        assert!(h.ctx.text_edit_focused(), "the field has the keyboard");
        assert!(h.query_by_label("Questions").is_some());
        assert!(
            h.query_by_label("type in the field under the item (Esc leaves it) · 6–50 words")
                .is_some()
        );
        assert!(h.query_by_label_contains("model_caption:").is_none());
        assert!(h.query_by_label("no changes from model_caption").is_some());
        // The draft is right: Ctrl+Enter keeps it as the answer and moves on.
        let first = current(&h);
        key_mod(&mut h, Modifiers::COMMAND, Key::Enter);
        let s = &work(&h).session.project.store;
        assert_eq!(s.item(first).unwrap().status, Status::Submitted);
        assert_eq!(
            s.annotation(first, "ana").unwrap().unwrap().fields["description"],
            "An astronaut in an orange flight suit smiling in front of an American flag, \
             with a model of the Space Shuttle."
        );
        key_mod(&mut h, Modifiers::COMMAND, Key::Enter);
        // The third photo is a cat, not a dog: the field is still the keys' on the next
        // item, typing replaces the wrong word.
        let third = current(&h);
        h.run_steps(1);
        assert!(
            h.ctx.text_edit_focused(),
            "the next photo's field has the keys"
        );
        key_mod(&mut h, Modifiers::COMMAND, Key::A);
        // Too short for the guidelines: counted under the field, refused at the submit.
        h.event(egui::Event::Text("A cat.".into()));
        h.run_steps(2);
        assert!(h.query_by_label("2 words · 6–50 words asked").is_some());
        key_mod(&mut h, Modifiers::COMMAND, Key::Enter);
        assert_eq!(current(&h), third);
        assert_eq!(
            work(&h).message,
            "not submitted: “description” has 2 words; 6–50 words asked"
        );
        h.run_steps(1);
        assert!(h.ctx.text_edit_focused(), "the field keeps the keys");
        key_mod(&mut h, Modifiers::COMMAND, Key::A);
        h.event(egui::Event::Text(
            "A tabby cat lying on a rug, looking up.".into(),
        ));
        h.run_steps(2);
        assert!(h.query_by_label("9 words · 6–50 words asked").is_some());
        assert!(
            h.query_by_label_contains("changes from model_caption:")
                .is_some()
        );
        key_mod(&mut h, Modifiers::COMMAND, Key::Enter);
        let s = &work(&h).session.project.store;
        assert_eq!(
            s.annotation(third, "ana").unwrap().unwrap().fields["description"],
            "A tabby cat lying on a rug, looking up."
        );
        assert_eq!(s.item(third).unwrap().status, Status::Submitted);
        assert_ne!(current(&h), third);
        // Statistics: how often the model's draft was good as it was.
        drop(h);
        let text = ok(&[&"stats", &p]);
        assert!(
            text.contains("description: drafts from `model_caption` kept word for word"),
            "{text}"
        );
        assert!(text.contains("67% (2 of 3)"), "{text}");
        // Exported as the photo and its description, side by side.
        let rows = export_rows(&p, "submitted");
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[2]["media"], "chelsea.jpg");
        assert_eq!(
            rows[2]["fields"]["description"],
            "A tabby cat lying on a rug, looking up."
        );
        // And as HF `imagefolder` reads it: each photo beside its description.
        let out = t.path().join("hf");
        ok(&[&"export", &p, &"--format", &"imagefolder", &"--out", &out]);
        let lines = read_jsonl(&out.join("train/metadata.jsonl"));
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[2]["file_name"], "chelsea.jpg");
        assert_eq!(
            lines[2]["description"],
            "A tabby cat lying on a rug, looking up."
        );
        assert!(out.join("train/chelsea.jpg").exists());
    }
}
