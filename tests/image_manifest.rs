//! Images listed with their metadata: HF `imagefolder`'s `metadata.jsonl`/`.csv`
//! (`file_name`), or an `image` / `path` column. Through the real binary, and in the app:
//! the fields above the image, a model's label as the suggested answer, the presets that
//! fit a manifest of images.

mod common;
use common::*;
use serde_json::json;
use std::path::{Path, PathBuf};

/// `data/train/` with three photos (one turned by EXIF) and a `metadata.jsonl` naming them
/// and one that is not there.
fn imagefolder(dir: &Path) -> PathBuf {
    let train = dir.join("data/train");
    write_jpeg(&train.join("a.jpg"), 40, 20, None);
    write_jpeg(&train.join("b.jpg"), 40, 20, Some(6));
    write_jpeg(&train.join("sub/c d.jpg"), 10, 10, None);
    let rows = [
        json!({"file_name": "a.jpg", "caption": "a red square", "model_label": "outdoor"}),
        json!({"file_name": "b.jpg", "caption": "a tall one", "model_label": "INDOOR"}),
        json!({"file_name": "sub/c d.jpg", "caption": "small", "model_label": "beach"}),
        json!({"file_name": "gone.jpg", "caption": "x"}),
    ];
    let text: String = rows.iter().map(|r| format!("{r}\n")).collect();
    std::fs::write(train.join("metadata.jsonl"), text).unwrap();
    train.join("metadata.jsonl")
}

#[test]
fn an_imagefolder_metadata_file_makes_image_items_with_their_fields() {
    let t = tempfile::tempdir().unwrap();
    let meta = imagefolder(t.path());
    let p = t.path().join("p");
    let o = keylabel(&[&"init", &p, &"--media", &meta, &"--labels", &"x"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("metadata.jsonl:4: `file_name`: image gone.jpg not found"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).contains("added 3 items"), "{}", stdout(&o));
    let rows = export_rows(&p, "all");
    let by_media = |m: &str| rows.iter().find(|r| r["media"] == m).unwrap().clone();
    let a = by_media("a.jpg");
    assert_eq!(
        (a["kind"].as_str(), &a["width"], &a["height"]),
        (Some("image"), &json!(40), &json!(20))
    );
    assert_eq!(
        a["data"],
        json!({"caption": "a red square", "model_label": "outdoor"})
    );
    // Sizes as displayed: the EXIF-turned photo is 20×40.
    let b = by_media("b.jpg");
    assert_eq!((&b["width"], &b["height"]), (&json!(20), &json!(40)));
    assert_eq!(by_media("sub/c d.jpg")["data"]["caption"], "small");
    // The folder walked afterwards holds the same images: none added twice.
    let o = ok(&[&"import", &p, &meta.parent().unwrap()]);
    assert!(o.contains("added 0 items, 3 already there"), "{o}");
    // A text records file is not taken for images.
    let texts = t.path().join("texts.jsonl");
    std::fs::write(&texts, "{\"text\":\"hello\"}\n").unwrap();
    let o = keylabel(&[&"import", &p, &texts]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("holds text items, but this project is for image items"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_walked_imagefolder_brings_its_metadata_along() {
    // HF's layout: data/train/ with its metadata.jsonl, data/test/ with none.
    let t = tempfile::tempdir().unwrap();
    imagefolder(t.path());
    let data = t.path().join("data");
    write_jpeg(&data.join("test/z.jpg"), 12, 12, None);
    let p = t.path().join("p");
    let o = keylabel(&[&"init", &p, &"--media", &data, &"--labels", &"x"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("added 4 items, 1 problem(s)"),
        "{}",
        stdout(&o)
    );
    assert!(stderr(&o).contains("gone.jpg not found"), "{}", stderr(&o));
    let rows = export_rows(&p, "all");
    assert_eq!(rows.len(), 4, "each image once: {rows:?}");
    let captions: Vec<_> = rows.iter().map(|r| r["data"]["caption"].clone()).collect();
    assert_eq!(
        captions,
        vec![
            json!("a red square"),
            json!("a tall one"),
            json!("small"),
            json!(null)
        ]
    );
    let o = ok(&[&"import", &p, &data]);
    assert!(o.contains("added 0 items, 4 already there"), "{o}");
    // A caption changed in the metadata file: said when the folder is walked again.
    let meta = data.join("train/metadata.jsonl");
    let text = std::fs::read_to_string(&meta)
        .unwrap()
        .replace("a red square", "a red box");
    std::fs::write(&meta, text).unwrap();
    let o = keylabel(&[&"import", &p, &data]);
    assert!(
        stdout(&o).contains("4 already there (1 with other content"),
        "{}",
        stdout(&o)
    );
    assert!(
        stderr(&o).contains("metadata.jsonl:1: a.jpg is already in the project with other fields"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_caption_preset_inits_from_its_sample_with_the_photos_beside_it() {
    let t = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/image-captions");
    let p = t.path().join("captions");
    let o = keylabel(&[
        &"init",
        &p,
        &"--media",
        &sample.join("metadata.jsonl"),
        &"--template",
        &"image-captions",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).is_empty(), "warns: {}", stderr(&o));
    let rows = export_rows(&p, "all");
    assert_eq!(rows.len(), 6);
    // `../images/cat.jpg` is kept under the photos' own folder, as a walk of it keeps it.
    assert_eq!(rows[2]["media"], "chelsea.jpg");
    assert_eq!(rows[2]["data"]["caption"], "A dog asleep on a sofa.");
    let o = ok(&[&"import", &p, &sample.parent().unwrap().join("images")]);
    assert!(o.contains("added 0 items, 6 already there"), "{o}");
}

#[test]
fn a_csv_with_an_image_column_is_a_manifest_too() {
    let t = tempfile::tempdir().unwrap();
    write_jpeg(&t.path().join("pics/one.jpg"), 8, 6, None);
    write_png(&t.path().join("pics/two.png"), 5, 5);
    let csv = t.path().join("list.csv");
    std::fs::write(
        &csv,
        "image,source\npics/one.jpg,\"camera 1, north\"\npics/two.png,phone\n",
    )
    .unwrap();
    let p = t.path().join("p");
    ok(&[&"init", &p, &"--media", &csv, &"--labels", &"x"]);
    let rows = export_rows(&p, "all");
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["media"], "pics/one.jpg");
    assert_eq!(rows[0]["data"], json!({"source": "camera 1, north"}));
    assert_eq!(
        (&rows[1]["width"], &rows[1]["kind"]),
        (&json!(5), &json!("image"))
    );
}

#[cfg(feature = "gui")]
mod app {
    use super::*;
    use crate::common::ui::*;
    use egui::Key;
    use egui_kittest::kittest::Queryable;
    use keylabel::ui::app::Screen;

    #[test]
    fn the_caption_check_shows_captions_in_the_list_and_takes_the_verdict_in_one_key() {
        let t = tempfile::tempdir().unwrap();
        let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/image-captions");
        let p = t.path().join("captions");
        ok(&[
            &"init",
            &p,
            &"--media",
            &sample.join("metadata.jsonl"),
            &"--template",
            &"image-captions",
            &"--annotator",
            &"ana",
        ]);
        let mut h = harness(&p);
        // The list names each photo with its caption.
        assert!(
            h.query_by_label_contains("chelsea.jpg · A dog asleep on a sofa.")
                .is_some()
        );
        // The model says "fits": Enter agrees. A key gives a verdict of one's own, as ever.
        let first = work(&h).session.item.as_ref().unwrap().id;
        key(&mut h, Key::Enter);
        let s = &work(&h).session.project.store;
        assert_eq!(
            s.annotation(first, "ana").unwrap().unwrap().fields["caption"],
            "fits"
        );
        key(&mut h, Key::Enter);
        let third = work(&h).session.item.as_ref().unwrap().id;
        assert!(h.query_by_label("caption · suggested").is_some());
        key(&mut h, Key::Num3);
        let s = &work(&h).session.project.store;
        assert_eq!(
            s.annotation(third, "ana").unwrap().unwrap().fields["caption"],
            "wrong"
        );
        assert_eq!(
            s.item(third).unwrap().status,
            keylabel::core::Status::Submitted
        );
    }

    #[test]
    fn an_exported_dataset_opened_for_review_shows_its_answers_not_its_ids() {
        let t = tempfile::tempdir().unwrap();
        let train = t.path().join("hf/train");
        write_jpeg(&train.join("a.jpg"), 40, 20, None);
        let row = json!({"file_name": "a.jpg", "description": "a red square",
                         "keylabel_id": "5f0c2a1e-0000-4000-8000-000000000001",
                         "annotator": "ana"});
        std::fs::write(train.join("metadata.jsonl"), format!("{row}\n")).unwrap();
        let p = t.path().join("p");
        ok(&[
            &"init",
            &p,
            &"--media",
            &train.join("metadata.jsonl"),
            &"--labels",
            &"x",
        ]);
        let h = harness(&p);
        assert!(h.query_by_label("description:").is_some());
        assert!(h.query_by_label("annotator:").is_some());
        assert!(h.query_by_label("keylabel_id:").is_none());
        assert!(h.query_by_label_contains("5f0c2a1e").is_none());
        // Still in the record, for a join back to the project it came from.
        assert_eq!(
            export_rows(&p, "all")[0]["data"]["keylabel_id"],
            "5f0c2a1e-0000-4000-8000-000000000001"
        );
    }

    #[test]
    fn a_manifest_of_images_is_offered_the_image_presets_and_shows_its_fields() {
        let t = tempfile::tempdir().unwrap();
        let meta = imagefolder(t.path());
        let mut h = app_harness(app_opening(&meta));
        assert!(matches!(h.state().screen, Screen::NewProject { .. }));
        assert!(h.query_by_label("image-classification").is_some());
        assert!(h.query_by_label("text-classification").is_none());
        h.get_by_label("image-classification").click();
        h.run_steps(1);
        wait_ready(&mut h);
        assert!(h.state().work().is_some(), "{}", h.state().message);
        // The caption above the image.
        assert!(h.query_by_label("a red square").is_some());
        assert!(h.query_by_label("caption:").is_some());
        // With the model's label as the suggestion (its config read again), Enter takes it.
        let config = meta.with_extension("keylabel").join("keylabel.toml");
        let text = std::fs::read_to_string(&config).unwrap();
        std::fs::write(&config, text + "prefill = \"model_label\"\n").unwrap();
        h.state_mut()
            .work_mut()
            .unwrap()
            .reload_config(true, &egui::Context::default());
        h.run_steps(2);
        assert!(h.query_by_label("scene · suggested").is_some());
        // The suggestion's field is in the Questions panel, not above the image.
        assert!(h.query_by_label("model_label:").is_none());
        let first = work(&h).session.item.as_ref().unwrap().id;
        key(&mut h, Key::Enter);
        let s = &work(&h).session.project.store;
        let ann = s.annotation(first, "ana").unwrap().unwrap();
        assert_eq!(ann.fields["scene"], "outdoor");
        assert_eq!(ann.labels, vec!["outdoor"]);
    }
}
