//! YOLO labels into a project through the real binary: a dataset round trip, and a model's
//! predictions as drafts to correct.

mod common;
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn coco(dir: &Path) -> PathBuf {
    let coco = serde_json::json!({
        "images": [
            {"id": 1, "file_name": "img2.jpg", "width": 64, "height": 48},
            {"id": 2, "file_name": "sub dir/猫 1.png", "width": 30, "height": 20},
            {"id": 3, "file_name": "img10.jpg", "width": 64, "height": 48}
        ],
        "categories": [{"id": 1, "name": "cat"}, {"id": 2, "name": "dog"}],
        "annotations": [
            {"id": 1, "image_id": 1, "category_id": 1, "bbox": [1.25, 2.5, 10.123, 20.0]},
            {"id": 2, "image_id": 1, "category_id": 2, "bbox": [30, 10, 20.5, 30.25]},
            {"id": 3, "image_id": 2, "category_id": 2, "bbox": [3, 4, 5, 6]},
            {"id": 4, "image_id": 3, "category_id": 1, "bbox": [5, 5, 5, 5]}
        ]
    });
    let p = dir.join("in.json");
    std::fs::write(&p, coco.to_string()).unwrap();
    p
}

/// (media, label, [x, y, w, h]) of every box a project holds, sorted.
fn boxes(project: &Path) -> Vec<(String, String, Vec<f64>)> {
    let mut v: Vec<_> = export_rows(project, "all")
        .iter()
        .flat_map(|r| {
            let media = r["media"].as_str().unwrap().to_string();
            r["boxes"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |b| {
                    let xywh = ["x", "y", "w", "h"].map(|k| b[k].as_f64().unwrap());
                    (
                        media.clone(),
                        b["label"].as_str().unwrap().into(),
                        xywh.to_vec(),
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect();
    v.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    v
}

fn row<'a>(rows: &'a [Value], media: &str) -> &'a Value {
    rows.iter().find(|r| r["media"] == media).unwrap()
}

/// The test images, project `a` holding the COCO fixture's boxes, and its YOLO export.
fn exported_dataset(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let imgs = image_folder(dir);
    let a = dir.join("a");
    ok(&[&"init", &a, &"--media", &imgs, &"--labels", &"cat"]);
    ok(&[&"import", &a, &coco(dir)]);
    let ds = dir.join("ds");
    ok(&[&"export", &a, &"--format", &"yolo", &"--out", &ds]);
    (imgs, a, ds)
}

#[test]
fn a_yolo_export_imported_into_a_fresh_project_gives_the_same_boxes() {
    let t = tempfile::tempdir().unwrap();
    let (imgs, a, ds) = exported_dataset(t.path());

    let b = t.path().join("b");
    ok(&[&"init", &b, &"--media", &imgs]);
    let out = ok(&[&"import", &b, &ds]);
    assert!(out.contains("annotations for 3 items"), "{out}");
    assert!(out.contains("new labels: cat, dog"), "{out}");
    let (want, got) = (boxes(&a), boxes(&b));
    assert_eq!(want.len(), 4);
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(&want) {
        assert_eq!((&g.0, &g.1), (&w.0, &w.1));
        for (x, y) in g.2.iter().zip(&w.2) {
            assert!((x - y).abs() <= 0.01, "{g:?} vs {w:?}");
        }
    }
    let rows = export_rows(&b, "all");
    assert_eq!(row(&rows, "img2.jpg")["status"], "submitted");
    assert_eq!(row(&rows, "rotated.jpg")["status"], "new");

    // data.yaml itself names the same dataset: importing it again changes nothing.
    ok(&[&"import", &b, &ds.join("data.yaml")]);
    assert_eq!(boxes(&b), got);
}

#[test]
fn predictions_come_in_as_drafts_above_the_score_and_never_over_done_work() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let p = t.path().join("p");
    ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat,dog"]);
    // img10 was done by a person before the model ran.
    let done = t.path().join("done.json");
    std::fs::write(
        &done,
        r#"{"images":[{"id":1,"file_name":"img10.jpg"}],"categories":[{"id":1,"name":"cat"}],
            "annotations":[{"id":1,"image_id":1,"category_id":1,"bbox":[1,1,9,9]}]}"#,
    )
    .unwrap();
    ok(&[&"import", &p, &done]);

    // As `yolo predict save_txt=True save_conf=True` writes them: flat, by file stem.
    let preds = t.path().join("predict/labels");
    std::fs::create_dir_all(&preds).unwrap();
    std::fs::write(
        preds.join("img2.txt"),
        "1 0.5 0.5 0.25 0.5 0.91\n0 0.1 0.1 0.05 0.05 0.20\n7 0.5 0.5 0.1 0.1 0.99\nnot a box\n",
    )
    .unwrap();
    std::fs::write(preds.join("猫 1.txt"), "0 0.5 0.5 1 1 0.75\n").unwrap();
    std::fs::write(preds.join("img10.txt"), "1 0.5 0.5 0.5 0.5 0.99\n").unwrap();
    std::fs::write(preds.join("ghost.txt"), "0 0.5 0.5 0.5 0.5 0.99\n").unwrap();
    std::fs::write(preds.join("rotated.txt"), b"0 0.5 \xff\xfe").unwrap();

    // The run folder itself holds drawn copies of the images beside labels/: asked which.
    write_jpeg(&t.path().join("predict/img2.jpg"), 64, 48, None);
    let o = keylabel(&[&"import", &p, &t.path().join("predict"), &"--draft"]);
    assert!(!o.status.success());
    let labels = std::path::Path::new("predict").join("labels");
    assert!(
        stderr(&o).contains(&*labels.to_string_lossy()),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        export_rows(&p, "all").len(),
        4,
        "no drawn copy became an item"
    );

    let o = keylabel(&[&"import", &p, &preds, &"--draft", &"--min-score", &"0.5"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (out, err) = (stdout(&o), stderr(&o));
    assert!(
        out.contains("annotations for 2 items, 1 item already worked on left as they were"),
        "{out}"
    );
    assert!(err.contains("img2.txt:4:"), "{err}");
    assert!(err.contains("class 7 is not among the 2 classes"), "{err}");
    assert!(err.contains("ghost.txt: no image ghost.*"), "{err}");
    assert!(err.contains("rotated.txt: cannot read"), "{err}");

    let rows = export_rows(&p, "all");
    let img2 = row(&rows, "img2.jpg");
    assert_eq!(
        img2["status"], "draft",
        "still to do, for a person to check"
    );
    let b = &img2["boxes"].as_array().unwrap();
    assert_eq!(b.len(), 1, "the 0.20 box is under --min-score: {b:?}");
    assert_eq!(b[0]["label"], "dog");
    // 64×48: centre (32, 24), size 16×24.
    assert_eq!(
        ["x", "y", "w", "h"].map(|k| b[0][k].as_f64().unwrap()),
        [24.0, 12.0, 16.0, 24.0]
    );
    assert_eq!(row(&rows, "sub dir/猫 1.png")["status"], "draft");
    let img10 = row(&rows, "img10.jpg");
    assert_eq!(img10["status"], "submitted");
    assert_eq!(img10["boxes"][0]["label"], "cat", "the person's box stays");
}

#[test]
fn a_bad_data_yaml_names_its_line_and_changes_nothing() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let p = t.path().join("p");
    ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat"]);
    let ds = t.path().join("ds");
    std::fs::create_dir_all(ds.join("labels")).unwrap();
    std::fs::write(ds.join("labels/img2.txt"), "0 0.5 0.5 0.5 0.5\n").unwrap();
    std::fs::write(ds.join("data.yaml"), "train: images\nnames:\n  zero: cat\n").unwrap();
    let o = keylabel(&[&"import", &p, &ds]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("data.yaml: line 3:"), "{err}");
    assert_eq!(boxes(&p), Vec::new());

    // Label files with no data.yaml in a project with no labels: says what to do.
    let q = t.path().join("q");
    ok(&[&"init", &q, &"--media", &imgs]);
    let o = keylabel(&[&"import", &q, &ds.join("labels")]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("this project has none"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn coco_detections_with_scores_come_in_as_drafts_too() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let p = t.path().join("p");
    ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat"]);
    let dets = t.path().join("dets.json");
    std::fs::write(
        &dets,
        r#"{"images":[{"id":1,"file_name":"img2.jpg"}],"categories":[{"id":1,"name":"cat"}],
            "annotations":[{"id":1,"image_id":1,"category_id":1,"bbox":[1,2,3,4],"score":0.8},
                           {"id":2,"image_id":1,"category_id":1,"bbox":[5,6,7,8],"score":0.3}]}"#,
    )
    .unwrap();
    ok(&[&"import", &p, &dets, &"--draft", &"--min-score", &"0.5"]);
    let rows = export_rows(&p, "all");
    let img2 = row(&rows, "img2.jpg");
    assert_eq!(img2["status"], "draft");
    assert_eq!(img2["boxes"].as_array().unwrap().len(), 1);
    assert_eq!(img2["boxes"][0]["x"], 1.0);

    let o = keylabel(&[&"import", &p, &dets, &"--min-score", &"2"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("from 0 to 1"), "{}", stderr(&o));
}

#[test]
fn the_sample_predictions_prelabel_the_sample_photos() {
    let t = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data");
    let p = t.path().join("p");
    ok(&[
        &"init",
        &p,
        &"--media",
        &sample_images(),
        &"--config",
        &root.join("boxes/task.toml"),
    ]);
    let preds = root.join("boxes/predictions");
    let out = ok(&[&"import", &p, &preds, &"--draft", &"--min-score", &"0.5"]);
    assert!(out.contains("annotations for 6 items"), "{out}");
    let rows = export_rows(&p, "all");
    assert!(rows.iter().all(|r| r["status"] == "draft"), "{rows:?}");
    let coffee = row(&rows, "coffee.jpg");
    let boxes = coffee["boxes"].as_array().unwrap();
    assert_eq!(boxes.len(), 1, "the 0.31 box is under --min-score");
    assert_eq!(boxes[0]["label"], "cup");
    assert_eq!(row(&rows, "chelsea.jpg")["boxes"][0]["label"], "cat");
}

#[test]
fn a_cancelled_yolo_import_keeps_nothing() {
    use keylabel::core::Progress;
    use keylabel::project::{AnnotationImport, Project};
    let t = tempfile::tempdir().unwrap();
    let (imgs, _, ds) = exported_dataset(t.path());
    let b = t.path().join("b");
    ok(&[&"init", &b, &"--media", &imgs, &"--labels", &"cat"]);
    let mut project = Project::open(&b, Some("ana".into())).unwrap();
    let progress = Progress::default();
    progress.cancel();
    let r = project.import_as(&ds, &progress, AnnotationImport::default());
    assert!(r.is_err(), "a cancel is not a success");
    drop(project);
    assert_eq!(boxes(&b), Vec::new());
    let config = std::fs::read_to_string(b.join("keylabel.toml")).unwrap();
    assert!(
        !config.contains("name = \"dog\""),
        "no label of the cancelled import: {config}"
    );
}

/// An image someone checked and found nothing to mark is a training example (background);
/// one nobody finished is not. Both COCO and YOLO round trips keep the difference.
#[test]
fn checked_images_with_nothing_to_mark_survive_coco_and_yolo_round_trips() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    write_jpeg(&imgs.join("unseen.jpg"), 32, 32, None);
    let a = t.path().join("a");
    ok(&[&"init", &a, &"--media", &imgs, &"--labels", &"cat"]);
    ok(&[&"import", &a, &coco(t.path())]);
    {
        let mut p = keylabel::project::Project::open(&a, Some("ana".into())).unwrap();
        let id = p.store.items_by_media("rotated.jpg").unwrap()[0].id;
        p.store.open_item(id, "ana", 1_000).unwrap();
        p.store.submit(id, "ana", 2_000).unwrap();
    }
    let ds = t.path().join("ds");
    ok(&[
        &"export",
        &a,
        &"--format",
        &"yolo",
        &"--out",
        &ds,
        &"--status",
        &"all",
    ]);
    assert_eq!(std::fs::read(ds.join("labels/rotated.txt")).unwrap(), b"");
    assert!(!ds.join("labels/unseen.txt").exists());
    assert!(ds.join("images/unseen.jpg").exists());
    let cj = t.path().join("all.json");
    ok(&[
        &"export",
        &a,
        &"--format",
        &"coco",
        &"--out",
        &cj,
        &"--status",
        &"all",
    ]);

    for (name, source) in [("from_yolo", &ds), ("from_coco", &cj)] {
        let b = t.path().join(name);
        ok(&[&"init", &b, &"--media", &imgs]);
        ok(&[&"import", &b, source]);
        let rows = export_rows(&b, "all");
        assert_eq!(row(&rows, "rotated.jpg")["status"], "submitted", "{name}");
        assert_eq!(row(&rows, "rotated.jpg")["boxes"], serde_json::json!([]));
        assert_eq!(row(&rows, "unseen.jpg")["status"], "new", "{name}");
        assert_eq!(row(&rows, "img2.jpg")["status"], "submitted", "{name}");
        assert_eq!(boxes(&b), boxes(&a), "{name}");
    }
}
