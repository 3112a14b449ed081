//! Image datasets as folders, through the real binary: image classification by label, and
//! the other image tasks as images with a metadata file of their answers (HF imagefolder).

mod common;
use common::*;
use std::path::{Path, PathBuf};

/// A classification project on the test images with three of the four answered.
fn answered(dir: &Path) -> PathBuf {
    let imgs = image_folder(dir);
    let p = dir.join("p");
    let cfg =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/image-classification/task.toml");
    ok(&[&"init", &p, &"--media", &imgs, &"--config", &cfg]);
    let answers = [
        ("img2.jpg", "indoor"),
        ("img10.jpg", "outdoor"),
        ("sub dir/猫 1.png", "indoor"),
    ];
    let mut lines = String::new();
    for row in export_rows(&p, "all") {
        let Some((_, label)) = answers.iter().find(|(m, _)| row["media"] == *m) else {
            continue;
        };
        let mut row = row.clone();
        row["fields"] = serde_json::json!({ "scene": label });
        row["status"] = "submitted".into();
        lines += &format!("{row}\n");
    }
    let back = dir.join("answers.jsonl");
    std::fs::write(&back, lines).unwrap();
    ok(&[&"import", &p, &back]);
    p
}

/// (split, label folder, file name) of every link under `root`.
fn links(root: &Path) -> Vec<(String, String, String)> {
    let mut v = Vec::new();
    for split in ["train", "val"] {
        let Ok(classes) = std::fs::read_dir(root.join(split)) else {
            continue;
        };
        for class in classes {
            let class = class.unwrap();
            for f in std::fs::read_dir(class.path()).unwrap() {
                let f = f.unwrap();
                assert!(
                    // Windows gets hard links: symbolic ones need privileges there.
                    f.file_type().unwrap().is_symlink() || cfg!(not(unix)),
                    "{:?} is not a link",
                    f.path()
                );
                let name = |s: &std::ffi::OsStr| s.to_string_lossy().into_owned();
                v.push((
                    split.to_string(),
                    name(&class.file_name()),
                    name(&f.file_name()),
                ));
            }
        }
    }
    v.sort();
    v
}

#[test]
fn each_answered_image_is_linked_under_its_label() {
    let t = tempfile::tempdir().unwrap();
    let p = answered(t.path());
    let out = t.path().join("by-label");
    let said = ok(&[&"export", &p, &"--format", &"imagefolder", &"--out", &out]);
    assert!(said.contains("exported 3 items to"), "{said}");
    let mut want = Vec::new();
    for split in ["train", "val"] {
        for (class, file) in [
            ("indoor", "img2.jpg"),
            ("indoor", "sub dir__猫 1.png"),
            ("outdoor", "img10.jpg"),
        ] {
            want.push((split.to_string(), class.to_string(), file.to_string()));
        }
    }
    want.sort();
    assert_eq!(
        links(&out),
        want,
        "without --val, val holds the same images"
    );
    if cfg!(unix) {
        let target = std::fs::read_link(out.join("train/indoor/sub dir__猫 1.png")).unwrap();
        assert!(target.ends_with("images/sub dir/猫 1.png"), "{target:?}");
    }

    let split = t.path().join("split");
    let said = ok(&[
        &"export",
        &p,
        &"--format",
        &"imagefolder",
        &"--out",
        &split,
        &"--val",
        &"50",
    ]);
    // Both labels on both sides, as loaders need: "indoor" has two images, one on each
    // side; "outdoor" has one, linked on both.
    let got = links(&split);
    let on = |side: &str, class: &str| got.iter().filter(|l| l.0 == side && l.1 == class).count();
    assert_eq!(
        (on("train", "indoor"), on("val", "indoor")),
        (1, 1),
        "{got:?}"
    );
    assert_eq!(
        (on("train", "outdoor"), on("val", "outdoor")),
        (1, 1),
        "{got:?}"
    );
    assert!(said.contains("(1 of the items held out in val)"), "{said}");
}

/// A boxes project (cat, dog) on the test images with `boxes` submitted by ana on `media`.
fn boxed(dir: &Path, media: &str, boxes: serde_json::Value) -> PathBuf {
    let imgs = image_folder(dir);
    let p = dir.join("p");
    ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat,dog"]);
    let mut lines = String::new();
    for mut row in export_rows(&p, "all") {
        if row["media"] == media {
            row["boxes"] = boxes.clone();
            row["status"] = "submitted".into();
            row["annotator"] = "ana".into();
        }
        lines += &format!("{row}\n");
    }
    let back = dir.join("answers.jsonl");
    std::fs::write(&back, lines).unwrap();
    ok(&[&"import", &p, &back]);
    p
}

#[test]
fn a_boxes_project_gets_its_images_with_a_metadata_file_of_objects() {
    let t = tempfile::tempdir().unwrap();
    // Boxes on the photo turned by EXIF, in its displayed 40×80 frame.
    let p = boxed(
        t.path(),
        "rotated.jpg",
        serde_json::json!([
            {"label": "dog", "x": 1.0, "y": 2.5, "w": 30.0, "h": 70.0},
            {"label": "cat", "x": 0.0, "y": 0.0, "w": 10.0, "h": 10.0}
        ]),
    );
    let out = t.path().join("hf");
    let said = ok(&[&"export", &p, &"--format", &"imagefolder", &"--out", &out]);
    assert!(said.contains("exported 1 item"), "{said}");
    let rows = read_jsonl(&out.join("train/metadata.jsonl"));
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0]["objects"],
        serde_json::json!({"bbox": [[1.0, 2.5, 30.0, 70.0], [0.0, 0.0, 10.0, 10.0]],
                           "categories": ["dog", "cat"]})
    );
    assert_eq!(
        (&rows[0]["file_name"], &rows[0]["annotator"]),
        (&"rotated.jpg".into(), &"ana".into())
    );
    assert!(out.join("train/rotated.jpg").exists());
    assert!(!out.join("val").exists());
}

#[test]
fn a_text_project_naming_no_pictures_has_no_image_folders() {
    let t = tempfile::tempdir().unwrap();
    let texts = t.path().join("t.jsonl");
    std::fs::write(&texts, "{\"text\": \"hello\"}\n").unwrap();
    let p = t.path().join("p");
    ok(&[&"init", &p, &"--media", &texts, &"--labels", &"a,b"]);
    let o = keylabel(&[
        &"export",
        &p,
        &"--format",
        &"imagefolder",
        &"--out",
        &t.path().join("x"),
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("needs images: an image project, or records naming pictures"),
        "{}",
        stderr(&o)
    );
    assert!(!t.path().join("x").exists());
}

#[test]
fn an_image_folder_export_with_boxes_comes_back_in_as_pre_labels() {
    let t = tempfile::tempdir().unwrap();
    let p = boxed(
        t.path(),
        "img2.jpg",
        serde_json::json!([{"label": "dog", "x": 1.0, "y": 2.0, "w": 30.0, "h": 20.0}]),
    );
    let imgs = t.path().join("images");
    let out = t.path().join("hf");
    ok(&[&"export", &p, &"--format", &"imagefolder", &"--out", &out]);
    // A model's boxes in the same shape, one with a label the task has not met, one record
    // whose boxes cannot be read.
    let meta = out.join("train/metadata.jsonl");
    let mut text = std::fs::read_to_string(&meta).unwrap();
    std::fs::copy(imgs.join("img10.jpg"), out.join("train/img10.jpg")).unwrap();
    std::fs::copy(imgs.join("rotated.jpg"), out.join("train/rotated.jpg")).unwrap();
    text += r#"{"file_name": "img10.jpg", "objects": {"bbox": [[5, 5, 10, 10]], "categories": ["fox"]}}
{"file_name": "rotated.jpg", "objects": {"bbox": [[5, 5, 10, 10]], "categories": [3]}}
"#;
    std::fs::write(&meta, text).unwrap();
    let q = t.path().join("q");
    let o = keylabel(&[&"init", &q, &"--media", &meta, &"--annotator", &"model"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("metadata.jsonl:3: `objects.categories[0]` is a number"),
        "{}",
        stderr(&o)
    );
    let rows = export_rows(&q, "all");
    assert_eq!(rows.len(), 3);
    let by = |m: &str| rows.iter().find(|r| r["media"] == m).unwrap().clone();
    let img2 = by("img2.jpg");
    assert_eq!(
        (
            &img2["status"],
            &img2["annotator"],
            &img2["boxes"][0]["label"]
        ),
        (&"draft".into(), &"model".into(), &"dog".into())
    );
    assert_eq!(img2["boxes"][0]["w"], 30.0);
    assert!(img2["data"].get("objects").is_none(), "{img2}");
    assert_eq!(by("img10.jpg")["boxes"][0]["label"], "fox");
    assert_eq!(by("rotated.jpg")["boxes"], serde_json::json!([]));
    // The task learnt the label its boxes use.
    let config = std::fs::read_to_string(q.join("keylabel.toml")).unwrap();
    assert!(config.contains("name = \"fox\""), "{config}");
}

#[test]
fn a_metadata_split_holding_out_nearly_all_still_has_a_train_side() {
    let t = tempfile::tempdir().unwrap();
    let p = boxed(t.path(), "rotated.jpg", serde_json::json!([]));
    let out = t.path().join("hf");
    ok(&[
        &"export",
        &p,
        &"--format",
        &"imagefolder",
        &"--status",
        &"all",
        &"--out",
        &out,
        &"--val",
        &"99",
    ]);
    let train = read_jsonl(&out.join("train/metadata.jsonl"));
    let val = read_jsonl(&out.join("val/metadata.jsonl"));
    // One image moves to train when the hash held every one out: HF would load a
    // dataset with a validation split and no train split.
    assert!(!train.is_empty() && !val.is_empty(), "{train:?} {val:?}");
    assert_eq!(train.len() + val.len(), 4, "the four test images");
}
