//! Exports through the real binary: COCO and JSONL contracts and round trips.

mod common;
use common::*;
use keylabel::core::{Annotation, BoxAnn};
use keylabel::project::Project;
use serde_json::{Value, json};
use std::path::Path;

fn coco_fixture(dir: &Path) -> std::path::PathBuf {
    let coco = json!({
        "images": [
            {"id": 11, "file_name": "img2.jpg", "width": 64, "height": 48},
            {"id": 12, "file_name": "sub dir/猫 1.png", "width": 30, "height": 20},
            {"id": 13, "file_name": "img10.jpg", "width": 64, "height": 48}
        ],
        "categories": [{"id": 7, "name": "cat"}, {"id": 9, "name": "dog"}],
        "annotations": [
            {"id": 1, "image_id": 11, "category_id": 7, "bbox": [1.25, 2.5, 10.123, 20.0], "area": 1.0, "iscrowd": 0},
            {"id": 2, "image_id": 11, "category_id": 9, "bbox": [30, 10, 20.5, 30.25]},
            {"id": 3, "image_id": 12, "category_id": 9, "bbox": [0, 0, 30, 20]},
            {"id": 4, "image_id": 13, "category_id": 7, "bbox": [5, 5, 5, 5]}
        ]
    });
    let p = dir.join("in coco.json");
    std::fs::write(&p, serde_json::to_vec_pretty(&coco).unwrap()).unwrap();
    p
}

fn boxes_of(coco: &Value) -> Vec<(String, String, Vec<f64>)> {
    let names: std::collections::HashMap<i64, String> = coco["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_i64().unwrap(),
                c["name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let files: std::collections::HashMap<i64, String> = coco["images"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_i64().unwrap(),
                c["file_name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut v: Vec<_> = coco["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                files[&a["image_id"].as_i64().unwrap()].clone(),
                names[&a["category_id"].as_i64().unwrap()].clone(),
                a["bbox"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x.as_f64().unwrap())
                    .collect(),
            )
        })
        .collect();
    v.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    v
}

#[test]
fn coco_import_then_export_gives_the_same_boxes() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let p = t.path().join("proj");
    ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat"]);
    let input = coco_fixture(t.path());
    let out = ok(&[&"import", &p, &input]);
    assert!(out.contains("annotations for 3 items"), "{out}");
    assert!(out.contains("new labels: dog"), "{out}");

    let e = t.path().join("out.json");
    ok(&[&"export", &p, &"--format", &"coco", &"--out", &e]);
    let got: Value = serde_json::from_slice(&std::fs::read(&e).unwrap()).unwrap();
    let want: Value = serde_json::from_slice(&std::fs::read(&input).unwrap()).unwrap();
    let (g, w) = (boxes_of(&got), boxes_of(&want));
    assert_eq!(g.len(), w.len());
    for (a, b) in g.iter().zip(&w) {
        assert_eq!((&a.0, &a.1), (&b.0, &b.1));
        for (x, y) in a.2.iter().zip(&b.2) {
            assert!((x - y).abs() <= 0.01, "{a:?} vs {b:?}");
        }
    }
    // The contract: categories from 1 in label order, unique annotation ids from 1,
    // area = w*h, iscrowd 0, no segmentation, timing keys on images, info with the tool.
    assert_eq!(
        got["categories"][0],
        json!({"id": 1, "name": "cat", "supercategory": ""})
    );
    assert_eq!(got["categories"][1]["id"], 2);
    let anns = got["annotations"].as_array().unwrap();
    let ids: Vec<i64> = anns.iter().map(|a| a["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, (1..=anns.len() as i64).collect::<Vec<_>>());
    for a in anns {
        let b = a["bbox"].as_array().unwrap();
        let area = b[2].as_f64().unwrap() * b[3].as_f64().unwrap();
        assert!((a["area"].as_f64().unwrap() - area).abs() < 0.01);
        assert_eq!(a["iscrowd"], 0);
        assert!(a.get("segmentation").is_none());
    }
    let im = &got["images"][0];
    for k in [
        "annotator",
        "active_ms",
        "wall_ms",
        "visits",
        "submitted_at",
        "notes",
    ] {
        assert!(im.get(k).is_some(), "images[0] lacks {k}");
    }
    assert_eq!(im["notes"], json!([]));
    assert_eq!(got["info"]["tool"], "keylabel");
    // Only the three images with boxes are submitted: the rotated one is not exported.
    assert_eq!(got["images"].as_array().unwrap().len(), 3);
}

#[test]
fn coco_with_unresolved_ids_changes_nothing() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let p = t.path().join("proj");
    ok(&[&"init", &p, &"--media", &imgs]);
    let bad = t.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"images":[{"id":1,"file_name":"img2.jpg"}],"categories":[{"id":1,"name":"x"}],
            "annotations":[{"id":1,"image_id":1,"category_id":1,"bbox":[0,0,5,5]},
                           {"id":2,"image_id":4,"category_id":1,"bbox":[0,0,5,5]}]}"#,
    )
    .unwrap();
    let o = keylabel(&[&"import", &p, &bad]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains(
            "bad.json: 1 problem(s), nothing imported: annotations[1] (id 2): image_id 4"
        ),
        "{}",
        stderr(&o)
    );
    let e = t.path().join("all.jsonl");
    ok(&[
        &"export",
        &p,
        &"--format",
        &"jsonl",
        &"--out",
        &e,
        &"--status",
        &"all",
    ]);
    assert!(
        read_jsonl(&e)
            .iter()
            .all(|r| r["boxes"].as_array().unwrap().is_empty())
    );
    assert!(
        !std::fs::read_to_string(p.join("keylabel.toml"))
            .unwrap()
            .contains("\"x\"")
    );
}

/// Work done through the library, as the app does it: boxes, a label, timing, a submit.
fn do_some_work(dir: &Path) {
    let mut p = Project::open(dir, Some("ana".into())).unwrap();
    // The folder as the title bar shows it: no `\\?\` before a Windows path.
    assert!(p.dir.is_absolute() && !p.dir.to_string_lossy().starts_with(r"\\?\"));
    let ids = p.store.item_ids(Default::default()).unwrap();
    let ann = Annotation {
        labels: vec!["cat".into()],
        boxes: vec![BoxAnn::new("cat", 1.5, 2.25, 10.0, 12.75)],
        ..Default::default()
    };
    let t0 = 1_795_309_323_000;
    p.store.open_item(ids[0], "ana", t0).unwrap();
    p.store
        .save_annotation(ids[0], "ana", &ann, t0 + 1000)
        .unwrap();
    p.store
        .add_timing(
            ids[0],
            "ana",
            keylabel::core::timing::TimingDelta {
                active_ms: 4200,
                keys: 3,
                clicks: 2,
            },
        )
        .unwrap();
    p.store.submit(ids[0], "ana", t0 + 9000).unwrap();
    p.store.open_item(ids[1], "ana", t0 + 9500).unwrap();
    p.store.skip(ids[1], "ana", t0 + 9900).unwrap();
}

#[test]
fn jsonl_export_contract_and_round_trip_into_a_fresh_project() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let p = t.path().join("proj");
    ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat,dog"]);
    do_some_work(&p);

    let e = t.path().join("sub.jsonl");
    ok(&[&"export", &p, &"--format", &"jsonl", &"--out", &e]);
    let rows = read_jsonl(&e);
    assert_eq!(rows.len(), 1, "default export is submitted items only");
    let r = &rows[0];
    assert_eq!(r["media"], "img2.jpg");
    assert_eq!(r["status"], "submitted");
    assert_eq!(r["annotator"], "ana");
    assert_eq!(r["labels"], json!(["cat"]));
    assert_eq!(
        r["boxes"],
        json!([{"label": "cat", "x": 1.5, "y": 2.25, "w": 10.0, "h": 12.75}])
    );
    assert_eq!(r["fields"], json!({}));
    assert_eq!(r["active_ms"], 4200);
    assert_eq!(r["wall_ms"], 9000);
    assert_eq!(r["visits"], 1);
    assert_eq!(
        (&r["keys"], &r["clicks"]),
        (&json!(3), &json!(2)),
        "effort per item"
    );
    assert_eq!(r["first_seen_at"], "2026-11-22T01:02:03Z");
    assert_eq!(r["submitted_at"], "2026-11-22T01:02:12Z");
    assert_eq!(
        (r["width"].as_u64(), r["height"].as_u64()),
        (Some(64), Some(48))
    );
    assert_eq!(r["id"].as_str().unwrap().len(), 36);

    // Every field keeps one JSON type across rows (all statuses).
    let rows = export_rows(&p, "all");
    assert_eq!(rows.len(), 4);
    for key in rows[0].as_object().unwrap().keys() {
        let kinds: std::collections::BTreeSet<&str> = rows
            .iter()
            .map(|r| match &r[key] {
                Value::Null => "null",
                Value::Bool(_) => "bool",
                Value::Number(n) if n.is_u64() || n.is_i64() => "int",
                Value::Number(_) => "float",
                Value::String(_) => "string",
                Value::Array(_) => "array",
                Value::Object(_) => "object",
            })
            .filter(|k| *k != "null")
            .collect();
        assert!(kinds.len() <= 1, "field {key} has types {kinds:?}");
    }

    // Round trip: a fresh project on the same images takes the export back as it was.
    let q = t.path().join("proj2");
    ok(&[&"init", &q, &"--media", &imgs]);
    let all = p.with_extension("all.jsonl");
    let out = ok(&[&"import", &q, &all]);
    assert!(out.contains("annotations for 4 items"), "{out}");
    let again = t.path().join("again.jsonl");
    ok(&[
        &"export",
        &q,
        &"--format",
        &"jsonl",
        &"--out",
        &again,
        &"--status",
        &"all",
    ]);
    let strip = |rows: Vec<Value>| -> Vec<Value> {
        rows.into_iter()
            .map(|mut r| {
                r.as_object_mut().unwrap().remove("id");
                r
            })
            .collect()
    };
    assert_eq!(strip(read_jsonl(&again)), strip(rows));

    // COCO and CSV carry the effort too.
    let coco = t.path().join("c.json");
    ok(&[&"export", &p, &"--format", &"coco", &"--out", &coco]);
    let c: Value = serde_json::from_str(&std::fs::read_to_string(&coco).unwrap()).unwrap();
    assert_eq!(
        (&c["images"][0]["keys"], &c["images"][0]["clicks"]),
        (&json!(3), &json!(2))
    );
    let csv = t.path().join("c.csv");
    ok(&[&"export", &p, &"--format", &"csv", &"--out", &csv]);
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines = text.lines();
    assert!(lines.next().unwrap().ends_with(",keys,clicks"), "{text}");
    assert!(lines.next().unwrap().ends_with(",3,2"), "{text}");
}

#[test]
fn text_project_jsonl_round_trip_matches_records() {
    let t = tempfile::tempdir().unwrap();
    let items =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/text-classification/texts.jsonl");
    let cfg =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/text-classification/task.toml");
    let p = t.path().join("p");
    ok(&[&"init", &p, &"--media", &items, &"--config", &cfg]);
    {
        let mut pr = Project::open(&p, None).unwrap();
        let ids = pr.store.item_ids(Default::default()).unwrap();
        let ann = Annotation {
            labels: vec!["mixed".into()],
            ..Default::default()
        };
        pr.store.save_annotation(ids[2], "tester", &ann, 5).unwrap();
        pr.store.submit(ids[2], "tester", 7).unwrap();
    }
    let e = t.path().join("e.jsonl");
    ok(&[&"export", &p, &"--format", &"jsonl", &"--out", &e]);
    let rows = read_jsonl(&e);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["data"]["id"], "r-003");
    assert_eq!(rows[0]["labels"], json!(["mixed"]));

    let q = t.path().join("q");
    ok(&[&"init", &q, &"--media", &items, &"--config", &cfg]);
    ok(&[&"import", &q, &e]);
    let e2 = t.path().join("e2.jsonl");
    ok(&[&"export", &q, &"--format", &"jsonl", &"--out", &e2]);
    let again = read_jsonl(&e2);
    assert_eq!(again[0]["data"], rows[0]["data"]);
    assert_eq!(again[0]["labels"], rows[0]["labels"]);
    // No duplicate record was created.
    let stats = ok(&[&"stats", &q]);
    assert!(stats.contains("items: 12"), "{stats}");
}

#[test]
fn failed_export_leaves_the_previous_file_and_stats_sum_up() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let p = t.path().join("proj");
    ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat"]);
    do_some_work(&p);
    let e = t.path().join("keep.json");
    std::fs::write(&e, "previous").unwrap();
    // A text project cannot export COCO: the error comes before anything is written.
    let items = t.path().join("x.jsonl");
    std::fs::write(&items, "{\"text\":\"a\"}\n").unwrap();
    let tp = t.path().join("tp");
    ok(&[&"init", &tp, &"--media", &items]);
    let o = keylabel(&[&"export", &tp, &"--format", &"coco", &"--out", &e]);
    assert!(!o.status.success());
    assert_eq!(std::fs::read_to_string(&e).unwrap(), "previous");

    // bob only looked at an image for 1.5 s and skipped it: his time is still his.
    let mut bob = Project::open(&p, Some("bob".into())).unwrap();
    let third = bob.store.item_ids(Default::default()).unwrap()[2];
    bob.store
        .open_item(third, "bob", 1_795_309_400_000)
        .unwrap();
    let spent = keylabel::core::timing::TimingDelta {
        active_ms: 1500,
        keys: 1,
        clicks: 0,
    };
    bob.store.add_timing(third, "bob", spent).unwrap();
    bob.store.skip(third, "bob", 1_795_309_402_000).unwrap();
    drop(bob);

    let s = ok(&[&"stats", &p]);
    assert!(s.contains("submitted  1"), "{s}");
    assert!(s.contains("skipped    2"), "{s}");
    assert!(s.contains("median per item: 4.2 s"), "{s}");
    assert!(s.contains("items per hour: 857.1"), "{s}");
    let row = |who: &str| -> Vec<String> {
        let line = s.lines().find(|l| l.trim_start().starts_with(who)).unwrap();
        line.split_whitespace().map(str::to_string).collect()
    };
    // name, annotated, submitted, active, median s/item, items/h, median keys/item
    assert_eq!(
        row("ana"),
        ["ana", "1", "1", "0:00:04", "4.2", "857.1", "3"],
        "{s}"
    );
    assert_eq!(
        row("bob"),
        ["bob", "0", "0", "0:00:01", "-", "-", "-"],
        "{s}"
    );
}

#[test]
fn an_export_into_a_folder_that_does_not_exist_yet_makes_it() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let p = t.path().join("p");
    ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat"]);
    ok(&[&"import", &p, &coco_fixture(t.path())]);
    let file = t.path().join("new/nested/boxes.json");
    ok(&[&"export", &p, &"--format", &"coco", &"--out", &file]);
    let coco: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert!(!coco["annotations"].as_array().unwrap().is_empty());
    let dir = t.path().join("other/new/yolo");
    ok(&[&"export", &p, &"--format", &"yolo", &"--out", &dir]);
    // "-" is not taken for a file of that name in the working folder.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_keylabel"))
        .args([
            "export".as_ref(),
            p.as_os_str(),
            "--format".as_ref(),
            "jsonl".as_ref(),
        ])
        .args(["--out", "-"])
        .current_dir(t.path())
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--out -:"), "{}", stderr(&o));
    assert!(!t.path().join("-").exists());
    assert!(dir.join("data.yaml").is_file());
    // A dataset holds one answer per image: every annotator's answer is refused, and the
    // file already there is left as it was.
    let before = std::fs::read(&file).unwrap();
    let o = keylabel(&[
        &"export",
        &p,
        &"--format",
        &"coco",
        &"--answers",
        &"every",
        &"--out",
        &file,
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("goes to JSONL, CSV, preference pairs or SFT data"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn a_box_whose_label_the_config_no_longer_names_still_exports() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let p = t.path().join("p");
    ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat"]);
    let mut project = Project::open(&p, Some("ana".into())).unwrap();
    let id = project
        .store
        .item_ids(keylabel::core::ItemFilter::All)
        .unwrap()[0];
    let bx = |label: &str, x: f32| BoxAnn::new(label, x, 1.0, 4.0, 3.0);
    let ann = Annotation {
        boxes: vec![bx("cat", 1.0), bx("zebra", 6.0)],
        ..Default::default()
    };
    project.store.save_annotation(id, "ana", &ann, 1).unwrap();
    project.store.submit(id, "ana", 2).unwrap();
    drop(project);
    let file = t.path().join("coco.json");
    let said = ok(&[&"export", &p, &"--format", &"coco", &"--out", &file]);
    assert!(said.contains("2 boxes"), "{said}");
    let coco: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(
        coco["categories"],
        json!([
            {"id": 1, "name": "cat", "supercategory": ""},
            {"id": 2, "name": "zebra", "supercategory": ""}
        ])
    );
    let cats: Vec<i64> = coco["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["category_id"].as_i64().unwrap())
        .collect();
    assert_eq!(cats, [1, 2]);
}

#[test]
fn an_export_never_replaces_the_project_its_media_or_its_records() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let p = t.path().join("p");
    ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat"]);
    ok(&[&"import", &p, &coco_fixture(t.path())]);
    let photo = imgs.join("img2.jpg");
    let db = p.join("keylabel.db");
    let config = p.join("keylabel.toml");
    let before: Vec<Vec<u8>> = [&photo, &db, &config]
        .iter()
        .map(|f| std::fs::read(f).unwrap())
        .collect();
    for (out, format, says) in [
        (&db, "jsonl", "that is the project's own keylabel.db"),
        (&config, "coco", "that is the project's own keylabel.toml"),
        (
            &photo,
            "coco",
            "that is a media file of this project (img2.jpg)",
        ),
        (
            &photo,
            "yolo",
            "that is a media file of this project (img2.jpg)",
        ),
        // A folder where a file goes: said before a row is written.
        (
            &imgs,
            "csv",
            "is a folder; give the name of the file to write",
        ),
    ] {
        let o = keylabel(&[
            &"export",
            &p,
            &"--format",
            &format,
            &"--status",
            &"all",
            &"--out",
            out,
        ]);
        assert!(!o.status.success(), "{format} to {}", out.display());
        assert!(stderr(&o).contains(says), "{}", stderr(&o));
    }
    let after: Vec<Vec<u8>> = [&photo, &db, &config]
        .iter()
        .map(|f| std::fs::read(f).unwrap())
        .collect();
    assert!(before == after, "nothing was replaced");
    assert_eq!(
        export_rows(&p, "all").len(),
        4,
        "the project opens as it was"
    );
    // Beside them, under another name, it exports as ever (and again over itself).
    for _ in 0..2 {
        ok(&[
            &"export",
            &p,
            &"--format",
            &"jsonl",
            &"--out",
            &p.join("export.jsonl"),
        ]);
    }

    // A text project: the records file its items came from, by any path to it.
    let records = t.path().join("items.jsonl");
    std::fs::write(&records, "{\"text\":\"a\"}\n{\"text\":\"b\"}\n").unwrap();
    let q = t.path().join("q");
    ok(&[&"init", &q, &"--media", &records, &"--labels", &"x"]);
    let roundabout = q.join("..").join("items.jsonl");
    for out in [&records, &roundabout] {
        let o = keylabel(&[
            &"export",
            &q,
            &"--format",
            &"jsonl",
            &"--status",
            &"all",
            &"--out",
            out,
        ]);
        assert!(!o.status.success());
        assert!(
            stderr(&o).contains("the project's items were read from that file"),
            "{}",
            stderr(&o)
        );
    }
    assert_eq!(
        std::fs::read_to_string(&records).unwrap(),
        "{\"text\":\"a\"}\n{\"text\":\"b\"}\n"
    );
}
