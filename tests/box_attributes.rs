//! Box attributes (occluded, truncated…) through the real binary: COCO in with CVAT's
//! attribute objects, out in COCO, JSONL and CSV, and back in from JSONL.

mod common;
use common::*;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// A project on the test images whose boxes can be occluded or truncated.
fn project(dir: &Path, name: &str) -> PathBuf {
    let imgs = dir.join("images");
    if !imgs.exists() {
        image_folder(dir);
    }
    let cfg = dir.join("task.toml");
    std::fs::write(&cfg, BOXES_WITH_ATTRIBUTES).unwrap();
    let p = dir.join(name);
    ok(&[&"init", &p, &"--media", &imgs, &"--config", &cfg]);
    p
}

/// A COCO file as CVAT writes it: every box with an `attributes` object, `rotation` too.
fn cvat_coco(dir: &Path) -> PathBuf {
    let coco = json!({
        "images": [{"id": 1, "file_name": "img2.jpg", "width": 64, "height": 48}],
        "categories": [{"id": 1, "name": "cat"}, {"id": 2, "name": "dog"}],
        "annotations": [
            {"id": 1, "image_id": 1, "category_id": 1, "bbox": [1, 2, 10, 20],
             "attributes": {"occluded": true, "truncated": false, "rotation": 0.0}},
            {"id": 2, "image_id": 1, "category_id": 2, "bbox": [30, 10, 20, 30],
             "attributes": {"occluded": false, "rotation": 0.0}}
        ]
    });
    let p = dir.join("images/cvat.json");
    std::fs::write(&p, serde_json::to_vec(&coco).unwrap()).unwrap();
    p
}

/// The attributes of each exported box, by label.
fn jsonl_attributes(rows: &[Value]) -> Vec<(String, Value)> {
    let mut v: Vec<_> = rows
        .iter()
        .flat_map(|r| r["boxes"].as_array().unwrap().clone())
        .map(|b| {
            (
                b["label"].as_str().unwrap().to_string(),
                b["attributes"].clone(),
            )
        })
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

#[test]
fn attributes_come_in_from_cvat_coco_and_go_out_in_every_export_and_back() {
    let t = tempfile::tempdir().unwrap();
    let p = project(t.path(), "proj");
    ok(&[&"import", &p, &cvat_coco(t.path())]);

    let rows = export_rows(&p, "submitted");
    let want = vec![
        (
            "cat".to_string(),
            json!({"occluded": true, "truncated": false}),
        ),
        (
            "dog".to_string(),
            json!({"occluded": false, "truncated": false}),
        ),
    ];
    assert_eq!(jsonl_attributes(&rows), want);

    let coco = t.path().join("out.json");
    ok(&[&"export", &p, &"--format", &"coco", &"--out", &coco]);
    let coco: Value = serde_json::from_slice(&std::fs::read(&coco).unwrap()).unwrap();
    let anns = coco["annotations"].as_array().unwrap();
    assert_eq!(anns.len(), 2);
    let cat = anns.iter().find(|a| a["category_id"] == 1).unwrap();
    assert_eq!(
        cat["attributes"],
        json!({"occluded": true, "truncated": false})
    );
    assert_eq!(cat["bbox"], json!([1, 2, 10, 20]));

    // YOLO cannot hold them: the export says so instead of dropping them in silence.
    let yolo = t.path().join("yolo");
    let said = ok(&[&"export", &p, &"--format", &"yolo", &"--out", &yolo]);
    assert!(
        said.contains("no place for box attributes or texts: those of 1 box are not in it"),
        "{said}"
    );

    let csv = t.path().join("out.csv");
    ok(&[&"export", &p, &"--format", &"csv", &"--out", &csv]);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.contains(r#"""attributes"":[""occluded""]"#), "{text}");

    // A fresh project takes the JSONL export back with the attributes.
    let e = t.path().join("back.jsonl");
    ok(&[&"export", &p, &"--format", &"jsonl", &"--out", &e]);
    let q = project(t.path(), "again");
    ok(&[&"import", &q, &e]);
    assert_eq!(jsonl_attributes(&export_rows(&q, "submitted")), want);
}

#[test]
fn attributes_the_task_does_not_name_are_kept_and_the_import_says_how_to_show_them() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let p = t.path().join("plain");
    ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat,dog"]);
    let o = keylabel(&[&"import", &p, &cvat_coco(t.path())]);
    assert!(o.status.success(), "{}", stderr(&o));
    let said = format!("{}{}", stdout(&o), stderr(&o));
    assert!(
        said.contains("occluded") && said.contains(r#"attributes = ["occluded"]"#),
        "{said}"
    );
    // Nothing lost: the box still says it is occluded.
    let rows = export_rows(&p, "submitted");
    let attrs = jsonl_attributes(&rows);
    assert_eq!(attrs[0].1, json!({"occluded": true}));
    assert_eq!(attrs[1].1, Value::Null, "a box with none has no key here");
}

#[test]
fn a_coco_box_with_attributes_of_the_wrong_shape_is_named_and_nothing_comes_in() {
    let t = tempfile::tempdir().unwrap();
    let p = project(t.path(), "proj");
    let coco = json!({
        "images": [{"id": 1, "file_name": "img2.jpg", "width": 64, "height": 48}],
        "categories": [{"id": 1, "name": "cat"}],
        "annotations": [{"id": 7, "image_id": 1, "category_id": 1, "bbox": [1, 2, 10, 20],
                         "attributes": "occluded"}]
    });
    let f = t.path().join("bad.json");
    std::fs::write(&f, serde_json::to_vec(&coco).unwrap()).unwrap();
    let o = keylabel(&[&"import", &p, &f]);
    assert!(!o.status.success());
    let e = stderr(&o);
    assert!(
        e.contains("bad.json") && e.contains("annotations[0] (id 7)") && e.contains("attributes"),
        "{e}"
    );
    assert!(export_rows(&p, "submitted").is_empty());
}

#[test]
fn stats_count_the_boxes_with_each_attribute() {
    let t = tempfile::tempdir().unwrap();
    let p = project(t.path(), "proj");
    ok(&[&"import", &p, &cvat_coco(t.path())]);
    let text = ok(&[&"stats", &p]);
    assert!(text.contains("box attributes (boxes):"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>() == ["occluded", "1"]),
        "{text}"
    );
    let json: Value = serde_json::from_str(&ok(&[&"stats", &p, &"--json"])).unwrap();
    assert_eq!(json["box_attributes"], json!({"occluded": 1}));
    // A label boxed on an image counts that image, not only labels chosen for an item.
    assert_eq!(
        json["labels"][0],
        json!({"label": "cat", "items": 1, "boxes": 1, "spans": 0, "segments": 0, "seconds": 0.0})
    );
    assert!(
        text.contains("labels (items chosen or boxed, boxes):"),
        "{text}"
    );
}

#[test]
fn agreement_compares_the_attributes_of_the_boxes_two_annotators_both_drew() {
    let t = tempfile::tempdir().unwrap();
    let p = project(t.path(), "proj");
    ok(&[&"import", &p, &cvat_coco(t.path())]);
    // ben boxed the same cat and dog, but did not find the cat occluded.
    let mut rows = export_rows(&p, "submitted");
    let ben = t.path().join("ben.jsonl");
    for r in &mut rows {
        r["annotator"] = json!("ben");
        for b in r["boxes"].as_array_mut().unwrap() {
            b["attributes"]["occluded"] = json!(false);
        }
    }
    let text: String = rows.iter().map(|r| format!("{r}\n")).collect();
    std::fs::write(&ben, text).unwrap();
    ok(&[&"import", &p, &ben]);

    let said = ok(&[&"stats", &p]);
    assert!(said.contains("with a disagreement: 1"), "{said}");
    let line = line_starting(&said, "boxes · occluded");
    assert!(
        line.contains("50.0% of boxes both drew over 2 box pairs"),
        "{line}"
    );
    let json: Value = serde_json::from_str(&ok(&[&"stats", &p, &"--json"])).unwrap();
    let qs = json["agreement"]["questions"].as_array().unwrap();
    let names: Vec<&str> = qs.iter().map(|q| q["question"].as_str().unwrap()).collect();
    assert_eq!(names, ["boxes", "boxes · occluded", "boxes · truncated"]);
    assert_eq!(qs[0]["agreement"], json!(1.0), "the boxes themselves agree");
    assert_eq!(qs[1]["attribute"], json!("occluded"));
    assert_eq!(qs[1]["agreement"], json!(0.5));
    assert_eq!(qs[2]["agreement"], json!(1.0));
    // The label table counts the dataset — each image's newest answer, ben's, as exports
    // take it — not both copies of the cat.
    let labels = json["labels"].as_array().unwrap();
    let cat = labels.iter().find(|l| l["label"] == "cat").unwrap();
    assert_eq!((&cat["items"], &cat["boxes"]), (&json!(1), &json!(1)));
    assert_eq!(
        json["box_attributes"],
        json!({}),
        "ben's cat is not occluded"
    );
}
