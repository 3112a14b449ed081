//! `import --update-fields`: fields (a model's suggestions) for items already there,
//! matched by the record's id or the file a line names; nothing added, answers kept.

mod common;
use common::*;
use serde_json::json;

#[test]
fn fields_come_to_records_by_id_and_to_images_by_file() {
    let t = tempfile::tempdir().unwrap();
    let items = t.path().join("items.jsonl");
    std::fs::write(
        &items,
        "{\"id\":\"r1\",\"text\":\"good\"}\n{\"id\":\"r2\",\"text\":\"bad\"}\n{\"text\":\"no id\"}\n",
    )
    .unwrap();
    let p = t.path().join("p");
    ok(&[
        &"init",
        &p,
        &"--media",
        &items,
        &"--labels",
        &"positive,negative",
    ]);
    let preds = t.path().join("preds.jsonl");
    std::fs::write(
        &preds,
        "{\"id\":\"r1\",\"model_label\":\"positive\",\"score\":null}\n{\"id\":\"r2\",\"model_label\":\"negative\",\"text\":\"bad!\"}\n{\"id\":\"r9\",\"model_label\":\"x\"}\n{\"model_label\":\"y\"}\n",
    )
    .unwrap();
    let o = keylabel(&[&"import", &p, &preds, &"--update-fields"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("fields set on 2 items, 2 problem(s)"),
        "{}",
        stdout(&o)
    );
    let err = stderr(&o);
    let l3 = err.find("preds.jsonl:3: no item in the project has this record's id");
    let l4 = err.find("preds.jsonl:4: no `id`: a record is matched to its item by its id");
    assert!(
        l3.is_some() && l4.is_some() && l3 < l4,
        "in line order: {err}"
    );
    let data: Vec<_> = export_rows(&p, "all")
        .iter()
        .map(|r| r["data"].clone())
        .collect();
    assert_eq!(
        data,
        vec![
            json!({"id": "r1", "text": "good", "model_label": "positive"}),
            json!({"id": "r2", "text": "bad!", "model_label": "negative"}),
            json!({"text": "no id"}),
        ]
    );
    // --strict makes the lines that fit nowhere an error.
    let o = keylabel(&[&"import", &p, &preds, &"--update-fields", &"--strict"]);
    assert!(!o.status.success());

    // Images: by the file each line names, as in a metadata file.
    let imgs = image_folder(t.path());
    let q = t.path().join("q");
    ok(&[&"init", &q, &"--media", &imgs, &"--labels", &"cat"]);
    let meta = imgs.join("preds.csv");
    std::fs::write(&meta, "file_name,model_label\nimg2.jpg,cat\nnope.jpg,cat\n").unwrap();
    // Imported as a plain list, the image is already there: its new fields are told, and
    // the way to bring them in.
    let o = keylabel(&[&"import", &q, &meta]);
    assert!(
        stdout(&o).contains("added 0 items, 1 already there (1 with other content"),
        "{}",
        stdout(&o)
    );
    assert!(
        stderr(&o).contains(
            "preds.csv:2: img2.jpg is already in the project with other fields: the project \
             keeps its own (`import --update-fields` sets the new ones on it)"
        ),
        "{}",
        stderr(&o)
    );
    let rows = export_rows(&q, "all");
    let img2 = rows.iter().find(|r| r["media"] == "img2.jpg").unwrap();
    assert!(
        img2["data"]["model_label"].is_null(),
        "kept as it was: {img2}"
    );
    let o = keylabel(&[&"import", &q, &meta, &"--update-fields"]);
    assert!(
        stdout(&o).contains("fields set on 1 item, 1 problem(s)"),
        "{}",
        stdout(&o)
    );
    let rows = export_rows(&q, "all");
    let img2 = rows.iter().find(|r| r["media"] == "img2.jpg").unwrap();
    assert_eq!(img2["data"], json!({"model_label": "cat"}));
    assert_eq!(rows.len(), 4, "nothing added");
}
