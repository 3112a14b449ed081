//! `keylabel init` and `import` through the real binary, on good and hostile input.

mod common;
use common::*;
use serde_json::Value;

#[test]
fn init_from_image_folder_sorts_naturally_and_applies_exif_orientation() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let p = t.path().join("proj");
    let o = keylabel(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat,dog"]);
    assert!(!stderr(&o).contains("no labels"), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("4 items"), "{out}");
    assert!(p.join("keylabel.toml").is_file() && p.join("keylabel.db").is_file());
    let cfg = std::fs::read_to_string(p.join("keylabel.toml")).unwrap();
    assert!(cfg.contains("name = \"dog\""), "{cfg}");

    let rows = export_rows(&p, "all");
    let media: Vec<&str> = rows.iter().map(|r| r["media"].as_str().unwrap()).collect();
    assert_eq!(
        media,
        vec!["img2.jpg", "img10.jpg", "rotated.jpg", "sub dir/猫 1.png"]
    );
    // 80×40 stored with orientation 6 is displayed 40×80.
    assert_eq!(
        (rows[2]["width"].as_u64(), rows[2]["height"].as_u64()),
        (Some(40), Some(80))
    );
    assert_eq!(
        (rows[3]["width"].as_u64(), rows[3]["height"].as_u64()),
        (Some(30), Some(20))
    );
    // Media is referenced, not copied.
    assert!(!p.join("img2.jpg").exists());
}

#[test]
fn bad_files_are_reported_by_name_and_the_good_ones_go_in() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    std::fs::write(imgs.join("empty.jpg"), b"").unwrap();
    std::fs::write(imgs.join("notes.jpg"), b"this is text, not a picture").unwrap();
    let good = std::fs::read(imgs.join("img2.jpg")).unwrap();
    std::fs::write(imgs.join("cut.jpg"), &good[..10]).unwrap();
    let p = t.path().join("proj");
    let o = keylabel(&[&"init", &p, &"--media", &imgs]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("no labels yet"), "boxes need labels: {err}");
    assert!(err.contains("empty.jpg: empty file"), "{err}");
    assert!(err.contains("notes.jpg"), "{err}");
    assert!(err.contains("cut.jpg: truncated JPEG header"), "{err}");
    assert!(
        stdout(&o).contains("added 4 items, 3 problem(s)"),
        "{}",
        stdout(&o)
    );

    // --strict turns problems into failure.
    let o = keylabel(&[
        &"init",
        &t.path().join("strict"),
        &"--media",
        &imgs,
        &"--strict",
    ]);
    assert!(!o.status.success());
}

#[test]
fn nothing_importable_fails_and_leaves_no_project() {
    let t = tempfile::tempdir().unwrap();
    let items = t.path().join("bad.jsonl");
    std::fs::write(&items, "{oops\n[1,2]\n").unwrap();
    let p = t.path().join("proj");
    let o = keylabel(&[&"init", &p, &"--media", &items]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("nothing could be imported"), "{err}");
    assert!(err.contains("bad.jsonl:1: bad JSON"), "{err}");
    assert!(!p.join("keylabel.db").exists());
    assert!(!p.join("keylabel.toml").exists());
}

#[test]
fn a_csv_header_naming_a_column_twice_is_refused_before_a_value_is_lost() {
    let t = tempfile::tempdir().unwrap();
    let items = t.path().join("items.csv");
    std::fs::write(&items, "id,text,text\n1,first,second\n").unwrap();
    let p = t.path().join("proj");
    let o = keylabel(&[&"init", &p, &"--media", &items]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("items.csv: line 1: the header names column 'text' twice (columns 2 and 3)"),
        "{err}"
    );
    assert!(!p.join("keylabel.db").exists());
}

#[test]
fn an_empty_folder_or_file_makes_a_project_and_says_it_held_nothing() {
    let t = tempfile::tempdir().unwrap();
    let folder = t.path().join("photos");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("notes.md"), "not a photo").unwrap();
    let p = t.path().join("proj");
    let o = keylabel(&[&"init", &p, &"--media", &folder, &"--labels", &"cat"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("photos: no media in it; a folder is read for images (.jpg"),
        "{err}"
    );
    assert!(err.contains("or audio clips (.wav"), "{err}");
    assert!(stdout(&o).contains("0 items"), "{}", stdout(&o));
    // Into an image project: what an image project reads, and nothing of audio.
    let o = keylabel(&[&"import", &p, &folder]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("no media in it; a folder is read for images"),
        "{err}"
    );
    assert!(!err.contains("audio"), "{err}");
    // A file of records with no line in it.
    let empty = t.path().join("empty.jsonl");
    std::fs::write(&empty, "").unwrap();
    let q = t.path().join("texts");
    let o = keylabel(&[&"init", &q, &"--media", &empty]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("empty.jsonl: no items in it"),
        "{}",
        stderr(&o)
    );
    // A source that brought items says nothing of the kind.
    std::fs::write(&empty, "{\"text\":\"hi\"}\n").unwrap();
    let o = keylabel(&[&"import", &q, &empty]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("no items in it"), "{}", stderr(&o));
    assert!(stdout(&o).contains("added 1 item"), "{}", stdout(&o));
}

#[test]
fn a_record_field_changing_type_is_told_with_its_lines_and_kept_as_given() {
    let t = tempfile::tempdir().unwrap();
    let items = t.path().join("items.jsonl");
    std::fs::write(
        &items,
        "{\"id\":1,\"text\":\"a\"}\n{\"id\":2,\"text\":\"b\"}\n{\"id\":\"x3\",\"text\":null}\n",
    )
    .unwrap();
    let p = t.path().join("proj");
    let o = keylabel(&[&"init", &p, &"--media", &items, &"--strict"]);
    assert!(
        o.status.success(),
        "a notice, not a problem: {}",
        stderr(&o)
    );
    let err = stderr(&o);
    assert!(
        err.contains("items.jsonl:3: field 'id' is a string here but a number on line 1"),
        "{err}"
    );
    assert_eq!(
        err.matches("warning:").count(),
        1,
        "text's null fits: {err}"
    );
    let rows = export_rows(&p, "all");
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["data"]["id"], 1);
    assert_eq!(rows[2]["data"]["id"], "x3");
}

#[test]
fn a_record_whose_id_came_before_is_named_not_silently_dropped() {
    let t = tempfile::tempdir().unwrap();
    let items = t.path().join("items.jsonl");
    std::fs::write(
        &items,
        "{\"id\":\"q1\",\"doc\":\"a\"}\n{\"id\":\"q1\",\"doc\":\"b\"}\n{\"id\":\"q2\",\"doc\":\"c\"}\n",
    )
    .unwrap();
    let p = t.path().join("proj");
    let o = keylabel(&[&"init", &p, &"--media", &items]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("items.jsonl:2: id \"q1\" again (first on line 1)"),
        "{}",
        stderr(&o)
    );
    assert!(
        stdout(&o).contains("added 2 items, 1 problem(s)"),
        "{}",
        stdout(&o)
    );
    assert!(!stdout(&o).contains("already there"), "{}", stdout(&o));
    // The same in a CSV, and --strict makes it an error.
    let csv = t.path().join("items.csv");
    std::fs::write(&csv, "id,doc\n7,a\n8,b\n7,c\n").unwrap();
    let q = t.path().join("q");
    let o = keylabel(&[&"init", &q, &"--media", &csv, &"--strict"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("items.csv:4: id \"7\" again (first on line 2)"),
        "{}",
        stderr(&o)
    );
    // A second import of the file: what is in the project is "already there", as before.
    let o = keylabel(&[&"import", &p, &items]);
    assert!(
        stdout(&o).contains("added 0 items, 2 already there"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_record_changed_in_the_source_is_told_on_reimport_and_the_project_keeps_its_own() {
    let t = tempfile::tempdir().unwrap();
    let items = t.path().join("items.jsonl");
    std::fs::write(
        &items,
        "{\"id\":\"r1\",\"text\":\"teh cat\",\"n\":1}\n{\"id\":2,\"text\":\"a dog\"}\n",
    )
    .unwrap();
    let p = t.path().join("proj");
    ok(&[&"init", &p, &"--media", &items]);
    // The typo fixed, a field reordered (the same record), a new record.
    std::fs::write(
        &items,
        "{\"id\":\"r1\",\"text\":\"the cat\",\"n\":1}\n{\"text\":\"a dog\",\"id\":2}\n{\"id\":\"r3\",\"text\":\"a cow\"}\n",
    )
    .unwrap();
    let o = keylabel(&[&"import", &p, &items, &"--strict"]);
    assert!(
        o.status.success(),
        "a notice, not a problem: {}",
        stderr(&o)
    );
    assert!(
        stderr(&o)
            .contains("items.jsonl:1: record \"r1\" is already in the project with other content"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("\"2\""), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("added 1 item, 2 already there (1 with other content"),
        "{}",
        stdout(&o)
    );
    // The project keeps what it had.
    let texts: Vec<_> = export_rows(&p, "all")
        .iter()
        .map(|r| r["data"]["text"].clone())
        .collect();
    assert_eq!(texts, vec!["teh cat", "a dog", "a cow"]);
}

#[test]
fn missing_media_folder_is_a_clear_error_and_creates_nothing() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("proj");
    let o = keylabel(&[&"init", &p, &"--media", &t.path().join("nope")]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("nope: not found"), "{}", stderr(&o));
    assert!(!p.exists());
}

#[test]
fn jsonl_items_with_broken_lines_load_the_rest_and_name_the_lines() {
    let t = tempfile::tempdir().unwrap();
    let items = t.path().join("my items.jsonl");
    std::fs::write(
        &items,
        b"{\"text\":\"one\"}\n{\"text\": broken\n\n{\"text\":\"\xff\xfe\"}\n{\"text\":\"\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85 \xf0\x9f\x98\x80\"}\n",
    )
    .unwrap();
    let p = t.path().join("proj");
    let o = keylabel(&[&"init", &p, &"--media", &items, &"--labels", &"a,b"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("my items.jsonl:2: bad JSON"), "{err}");
    assert!(err.contains("my items.jsonl:4: not valid UTF-8"), "{err}");
    assert!(stdout(&o).contains("added 2 items"), "{}", stdout(&o));

    // Importing the same file again adds nothing twice.
    let o = keylabel(&[&"import", &p, &items]);
    assert!(o.status.success());
    assert!(
        stdout(&o).contains("added 0 items, 2 already there"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn csv_items_keep_quoted_commas_and_newlines() {
    let t = tempfile::tempdir().unwrap();
    let items = t.path().join("items.csv");
    std::fs::write(&items, "id,text\n1,\"hello, world\"\n2,\"two\nlines\"\n3\n").unwrap();
    let p = t.path().join("proj");
    let o = keylabel(&[&"init", &p, &"--media", &items]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("items.csv:5: 1 fields, but the header has 2"),
        "{}",
        stderr(&o)
    );
    let rows = export_rows(&p, "new");
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["data"]["text"], "hello, world");
    assert_eq!(rows[1]["data"]["text"], "two\nlines");
    assert_eq!(rows[1]["kind"], "text");
    assert_eq!(rows[1]["media"], Value::Null);
}

#[test]
fn config_errors_name_the_file_and_line() {
    let t = tempfile::tempdir().unwrap();
    let cfg = t.path().join("task.toml");
    std::fs::write(&cfg, "[task]\nmedia = \"image\"\nidle_after_s = \"soon\"\n").unwrap();
    let o = keylabel(&[
        &"init",
        &t.path().join("p"),
        &"--media",
        &sample_images(),
        &"--config",
        &cfg,
    ]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("task.toml") && err.contains("line 3"), "{err}");

    // A text config on an image folder is refused before anything is made.
    let cfg = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_data/text-classification/task.toml");
    let o = keylabel(&[
        &"init",
        &t.path().join("q"),
        &"--media",
        &sample_images(),
        &"--config",
        &cfg,
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("asks for text items"), "{}", stderr(&o));
    assert!(!t.path().join("q").exists());
}

#[test]
fn init_twice_is_refused_and_templates_work() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("p");
    ok(&[
        &"init",
        &p,
        &"--media",
        &sample_images(),
        &"--template",
        &"image-classification",
    ]);
    let o = keylabel(&[&"init", &p, &"--media", &sample_images()]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("already holds a Keylabel project"));
    assert!(ok(&[&"templates"]).contains("text-classification"));
    let o = keylabel(&[
        &"init",
        &t.path().join("x"),
        &"--media",
        &sample_images(),
        &"--template",
        &"nope",
    ]);
    assert!(stderr(&o).contains("unknown template 'nope'"));
}

#[test]
fn not_a_project_newer_schema_and_corrupt_db_are_clear_and_untouched() {
    let t = tempfile::tempdir().unwrap();
    let o = keylabel(&[&"stats", &t.path()]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("not a Keylabel project"));

    let p = t.path().join("p");
    ok(&[&"init", &p, &"--media", &sample_images()]);
    let db = p.join("keylabel.db");
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute(
            "UPDATE meta SET value = '99' WHERE key = 'schema_version'",
            [],
        )
        .unwrap();
    }
    let o = keylabel(&[&"stats", &p]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("newer Keylabel (schema 99"),
        "{}",
        stderr(&o)
    );

    std::fs::remove_file(p.join("keylabel.db-wal")).ok();
    std::fs::remove_file(p.join("keylabel.db-shm")).ok();
    let junk = vec![0x42u8; 8192];
    std::fs::write(&db, &junk).unwrap();
    let o = keylabel(&[&"stats", &p]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("not a Keylabel database or damaged"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read(&db).unwrap(),
        junk,
        "a damaged database must not be overwritten"
    );
}

#[test]
fn a_project_made_without_a_name_is_named_after_its_media() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let p = t.path().join("p");
    ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat"]);
    let config = std::fs::read_to_string(p.join("keylabel.toml")).unwrap();
    assert!(config.contains("name = \"images\""), "{config}");
}

#[test]
fn gold_boxes_come_from_a_coco_file_and_change_nothing_else() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let p = t.path().join("proj");
    ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat,dog"]);
    let config_before = std::fs::read_to_string(p.join("keylabel.toml")).unwrap();
    // img2: two cats; img10: listed with no box and not marked checked; a zebra somewhere;
    // an image the project lacks (even one sitting beside the file is not added).
    write_jpeg(&t.path().join("beside.jpg"), 10, 10, None);
    let coco = serde_json::json!({
        "images": [
            {"id": 1, "file_name": "img2.jpg", "width": 64, "height": 48},
            {"id": 2, "file_name": "img10.jpg", "width": 64, "height": 48},
            {"id": 3, "file_name": "beside.jpg", "width": 10, "height": 10}
        ],
        "categories": [{"id": 1, "name": "cat"}, {"id": 2, "name": "zebra"}],
        "annotations": [
            {"id": 1, "image_id": 1, "category_id": 1, "bbox": [1, 1, 10, 10]},
            {"id": 2, "image_id": 1, "category_id": 1, "bbox": [30, 20, 20, 20]},
            {"id": 3, "image_id": 3, "category_id": 2, "bbox": [1, 1, 5, 5]}
        ]
    });
    let gold = t.path().join("gold.json");
    std::fs::write(&gold, coco.to_string()).unwrap();
    let o = keylabel(&[&"import", &p, &gold, &"--gold"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let said = format!("{}{}", stdout(&o), stderr(&o));
    assert!(said.contains("gold answers for 1 item"), "{said}");
    assert!(said.contains("no label for: zebra"), "{said}");
    assert!(
        said.contains("1 image(s) with no box and not marked as checked"),
        "{said}"
    );
    assert!(
        said.contains("'beside.jpg' is not in the project"),
        "{said}"
    );
    assert_eq!(
        std::fs::read_to_string(p.join("keylabel.toml")).unwrap(),
        config_before,
        "gold adds no label"
    );
    let j: serde_json::Value = serde_json::from_str(&ok(&[&"stats", &p, &"--json"])).unwrap();
    assert_eq!(j["gold_items"], 1);
    assert_eq!(j["by_status"]["new"], 4, "no item added, none marked");

    // ana finds one of the two cats: not right, two thirds close (box F1). Her work comes
    // as her JSONL export does, with when she submitted it.
    let ana = t.path().join("ana.jsonl");
    let row = serde_json::json!({
        "id": "from-another-project", "media": "img2.jpg", "kind": "image", "status": "submitted", "annotator": "ana",
        "labels": ["cat"], "boxes": [{"label": "cat", "x": 1, "y": 1, "w": 10, "h": 10}],
        "fields": {}, "active_ms": 3000, "wall_ms": 3000, "visits": 1,
        "first_seen_at": "2026-11-23T01:00:00Z", "submitted_at": "2026-11-23T01:00:03Z"
    });
    std::fs::write(&ana, format!("{row}\n")).unwrap();
    ok(&[&"import", &p, &ana]);
    let j: serde_json::Value = serde_json::from_str(&ok(&[&"stats", &p, &"--json"])).unwrap();
    let a = &j["annotators"][0];
    assert_eq!(
        (&a["annotator"], &a["gold_checked"], &a["gold_correct"]),
        (
            &serde_json::json!("ana"),
            &serde_json::json!(1),
            &serde_json::json!(0)
        )
    );
    let close = a["gold_closeness"].as_f64().unwrap();
    assert!((close - 2.0 / 3.0).abs() < 1e-9, "{close}");
}

#[test]
fn gold_boxes_come_from_yolo_labels_too() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let p = t.path().join("proj");
    ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat,dog"]);
    let config_before = std::fs::read_to_string(p.join("keylabel.toml")).unwrap();
    // img2: a cat in its middle; img10: an empty file, checked background; rotated: no file.
    let labels = t.path().join("gold/labels");
    std::fs::create_dir_all(&labels).unwrap();
    std::fs::write(labels.join("img2.txt"), "0 0.5 0.5 0.25 0.25\n").unwrap();
    std::fs::write(labels.join("img10.txt"), "").unwrap();
    let said = ok(&[&"import", &p, &labels, &"--gold"]);
    assert!(said.contains("gold answers for 2 items"), "{said}");
    assert_eq!(
        std::fs::read_to_string(p.join("keylabel.toml")).unwrap(),
        config_before,
        "gold adds no label"
    );
    let j: serde_json::Value = serde_json::from_str(&ok(&[&"stats", &p, &"--json"])).unwrap();
    assert_eq!(j["gold_items"], 2);
    assert_eq!(j["by_status"]["new"], 4, "no item marked, no box shown");
    assert!(
        export_rows(&p, "all")
            .iter()
            .all(|r| r["boxes"] == serde_json::json!([]))
    );
    // The gold cat is at 24,18 16×12 on the 64×48 image: ana's box there is right.
    let ana = t.path().join("ana.jsonl");
    let row = serde_json::json!({
        "id": "x", "media": "img2.jpg", "kind": "image", "status": "submitted", "annotator": "ana",
        "labels": ["cat"], "boxes": [{"label": "cat", "x": 24, "y": 18, "w": 16, "h": 12}],
        "fields": {}, "active_ms": 1, "wall_ms": 1, "visits": 1,
        "first_seen_at": null, "submitted_at": "2026-11-23T01:00:03Z"
    });
    std::fs::write(&ana, format!("{row}\n")).unwrap();
    ok(&[&"import", &p, &ana]);
    let j: serde_json::Value = serde_json::from_str(&ok(&[&"stats", &p, &"--json"])).unwrap();
    let a = &j["annotators"][0];
    assert_eq!(
        (&a["gold_checked"], &a["gold_correct"]),
        (&serde_json::json!(1), &serde_json::json!(1))
    );

    // A data.yaml naming a class the project lacks: reported, never added.
    std::fs::write(
        t.path().join("gold/data.yaml"),
        "path: .\ntrain: images\nnames: [cat, zebra]\n",
    )
    .unwrap();
    let o = keylabel(&[&"import", &p, &t.path().join("gold/data.yaml"), &"--gold"]);
    let said = format!("{}{}", stdout(&o), stderr(&o));
    assert!(said.contains("no label for: zebra"), "{said}");
    assert_eq!(
        std::fs::read_to_string(p.join("keylabel.toml")).unwrap(),
        config_before
    );
}

#[test]
fn relocate_points_a_project_at_its_moved_media_folder() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let p = t.path().join("proj");
    ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat"]);
    // Nothing moved: said, and a failure.
    let o = keylabel(&[&"relocate", &p, &imgs]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("every media folder is where it was"),
        "{}",
        stderr(&o)
    );
    let moved = t.path().join("unpacked photos");
    std::fs::rename(&imgs, &moved).unwrap();
    // A folder that lacks the files is refused, naming what it lacks.
    let o = keylabel(&[&"relocate", &p, &t.path()]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("does not hold img10.jpg"),
        "{}",
        stderr(&o)
    );
    let out = ok(&[&"relocate", &p, &moved]);
    assert!(out.contains("4 items moved from"), "{out}");
    // The export finds the images again (sizes from the files, boxes none).
    let rows = export_rows(&p, "all");
    assert_eq!(rows.len(), 4);
    // The same files imported from the new place add nothing.
    let again = ok(&[&"import", &p, &moved]);
    assert!(again.contains("added 0 items"), "{again}");
}

#[test]
fn a_project_open_in_the_app_refuses_a_command_line_import_and_relocate() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let p = t.path().join("proj");
    ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat"]);
    let more = t.path().join("more");
    std::fs::create_dir(&more).unwrap();
    image::RgbImage::new(8, 6)
        .save(more.join("new.png"))
        .unwrap();
    // As the app holds it while a window works on the project.
    let window = keylabel::project::ProjectLock::acquire(&p)
        .unwrap()
        .expect("a lock");
    let o = keylabel(&[&"import", &p, &more]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("open in Keylabel"), "{}", stderr(&o));
    let o = keylabel(&[&"relocate", &p, &imgs]);
    assert!(stderr(&o).contains("open in Keylabel"), "{}", stderr(&o));
    // Reading goes on: stats and exports change nothing.
    ok(&[&"stats", &p]);
    assert_eq!(export_rows(&p, "all").len(), 4);
    drop(window);
    let out = ok(&[&"import", &p, &more]);
    assert!(out.contains("added 1 item"), "{out}");
}
