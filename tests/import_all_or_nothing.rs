//! An import is all or nothing: a cancel (the app's Cancel button) rolls back every item,
//! box and label it brought, whatever the source.

mod common;
use common::*;
use keylabel::core::Progress;
use keylabel::project::{AnnotationImport, Project, ProjectError};
use std::path::Path;

fn cancelled() -> Progress {
    let p = Progress::default();
    p.cancel();
    p
}

/// The project's database rows and config, to compare before and after.
fn state(project: &Path) -> (Vec<serde_json::Value>, String) {
    let rows = export_rows(project, "all");
    let config = std::fs::read_to_string(project.join("keylabel.toml")).unwrap();
    (rows, config)
}

fn coco_with_a_new_label(dir: &Path) -> std::path::PathBuf {
    let coco = serde_json::json!({
        "images": [{"id": 1, "file_name": "img2.jpg", "width": 64, "height": 48}],
        "categories": [{"id": 1, "name": "cat"}, {"id": 2, "name": "zebra"}],
        "annotations": [
            {"id": 1, "image_id": 1, "category_id": 2, "bbox": [1, 2, 10, 20]}
        ]
    });
    let p = dir.join("in.json");
    std::fs::write(&p, coco.to_string()).unwrap();
    p
}

#[test]
fn a_cancelled_coco_import_keeps_no_box_and_no_label() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let p = t.path().join("p");
    ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat"]);
    let coco = coco_with_a_new_label(t.path());
    let before = state(&p);

    let mut project = Project::open(&p, Some("ana".into())).unwrap();
    let r = project.import_as(&coco, &cancelled(), AnnotationImport::default());
    assert!(matches!(r, Err(ProjectError::Cancelled(_))), "{r:?}");
    assert!(project.config.labels.iter().all(|l| l.name != "zebra"));
    drop(project);
    assert_eq!(state(&p), before);

    // The same import, not cancelled, brings the box and the label.
    let mut project = Project::open(&p, Some("ana".into())).unwrap();
    let r = project.import_as(&coco, &Progress::default(), AnnotationImport::default());
    assert_eq!(r.unwrap().new_labels, vec!["zebra".to_string()]);
    drop(project);
    let (rows, config) = state(&p);
    assert!(config.contains("name = \"zebra\""), "{config}");
    let img2 = rows.iter().find(|r| r["media"] == "img2.jpg").unwrap();
    assert_eq!(img2["boxes"][0]["label"], "zebra");
    assert_eq!(img2["status"], "submitted");
}

#[test]
fn a_cancelled_round_trip_import_keeps_nothing() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let a = t.path().join("a");
    ok(&[&"init", &a, &"--media", &imgs, &"--labels", &"cat"]);
    ok(&[&"import", &a, &coco_with_a_new_label(t.path())]);
    let export = t.path().join("a.jsonl");
    ok(&[&"export", &a, &"--format", &"jsonl", &"--out", &export]);

    let b = t.path().join("b");
    ok(&[&"init", &b, &"--media", &imgs, &"--labels", &"cat"]);
    let before = state(&b);
    let mut project = Project::open(&b, Some("ana".into())).unwrap();
    let r = project.import_as(&export, &cancelled(), AnnotationImport::default());
    assert!(matches!(r, Err(ProjectError::Cancelled(_))), "{r:?}");
    drop(project);
    assert_eq!(state(&b), before);
}

#[test]
fn a_cancelled_folder_import_adds_no_item() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let p = t.path().join("p");
    ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat"]);
    let more = t.path().join("more");
    for i in 0..5 {
        write_jpeg(&more.join(format!("m{i}.jpg")), 16, 16, None);
    }
    let before = state(&p);
    let mut project = Project::open(&p, Some("ana".into())).unwrap();
    let r = project.import_with(&more, &cancelled());
    assert!(matches!(r, Err(ProjectError::Cancelled(_))), "{r:?}");
    drop(project);
    assert_eq!(state(&p), before);
}
