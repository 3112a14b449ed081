//! Annotation files of one image each through the real binary: Pascal VOC (LabelImg's XML)
//! and labelme JSON — a folder opened as the tool left it, a VOC dataset's Annotations/
//! imported, damaged files named with their line while the rest comes in — and the VOC
//! export read back.

mod common;
use common::*;
use serde_json::Value;

fn voc(file: &str, objects: &[(&str, [f32; 4], bool)]) -> String {
    let objects: String = objects
        .iter()
        .map(|(name, [x0, y0, x1, y1], difficult)| {
            format!(
                "<object><name>{name}</name><pose>Unspecified</pose><truncated>0</truncated>\
                 <difficult>{}</difficult><bndbox><xmin>{x0}</xmin><ymin>{y0}</ymin>\
                 <xmax>{x1}</xmax><ymax>{y1}</ymax></bndbox></object>\n",
                u8::from(*difficult)
            )
        })
        .collect();
    format!(
        "<annotation>\n<folder>images</folder>\n<filename>{file}</filename>\n\
         <size><width>64</width><height>48</height><depth>3</depth></size>\n{objects}</annotation>\n"
    )
}

fn row<'a>(rows: &'a [Value], media: &str) -> &'a Value {
    rows.iter()
        .find(|r| r["media"] == media)
        .unwrap_or_else(|| panic!("no {media} in {rows:?}"))
}

#[test]
fn a_labelimg_folder_opened_brings_its_boxes_in() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path().join("images");
    write_jpeg(&d.join("img2.jpg"), 64, 48, None);
    write_jpeg(&d.join("img10.jpg"), 64, 48, None);
    write_jpeg(&d.join("img3.jpg"), 64, 48, None);
    let objects = [
        ("cat", [2.0, 3.0, 30.0, 40.0], false),
        ("dog", [40.0, 10.0, 70.0, 20.0], true),
    ];
    std::fs::write(d.join("img2.xml"), voc("img2.jpg", &objects)).unwrap();
    // Saved with nothing on it: checked, a background image.
    std::fs::write(d.join("img10.xml"), voc("img10.jpg", &[])).unwrap();
    // Damaged: named with its line; its image still comes in, with no boxes.
    let broken = voc("img3.jpg", &[("cat", [1.0, 1.0, 5.0, 5.0], false)])
        .replace("<ymin>1</ymin>", "<ymin>one</ymin>");
    std::fs::write(d.join("img3.xml"), broken).unwrap();
    // Some other XML beside them is no annotation: left alone.
    std::fs::write(d.join("notes.xml"), "<notes><n>hello</n></notes>").unwrap();

    let p = t.path().join("proj");
    let out = keylabel(&[&"init", &p, &"--media", &d, &"--labels", &"cat"]);
    let said = format!("{}{}", stdout(&out), stderr(&out));
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("img3.xml:5:") && said.contains("<ymin> should be a number"),
        "{said}"
    );
    assert!(!said.contains("notes.xml"), "{said}");

    let rows = export_rows(&p, "all");
    assert_eq!(rows.len(), 3, "the XML files are no items: {rows:?}");
    let r = row(&rows, "img2.jpg");
    assert_eq!(r["status"], "submitted");
    let boxes = r["boxes"].as_array().unwrap();
    assert_eq!(boxes.len(), 2, "{r}");
    let xywh = |b: &Value| ["x", "y", "w", "h"].map(|k| b[k].as_f64().unwrap());
    assert_eq!(
        (&boxes[0]["label"], xywh(&boxes[0])),
        (&Value::from("cat"), [2.0, 3.0, 28.0, 37.0])
    );
    // The dog ran past the right edge (64): kept inside the image; its flag kept.
    assert_eq!(xywh(&boxes[1]), [40.0, 10.0, 24.0, 10.0]);
    assert_eq!(boxes[1]["attributes"]["difficult"], true, "{r}");
    let r = row(&rows, "img10.jpg");
    assert_eq!(
        (r["status"].as_str(), r["boxes"].as_array().map(Vec::len)),
        (Some("submitted"), Some(0))
    );
    assert_eq!(row(&rows, "img3.jpg")["status"], "new");
    // The new name became a label of the task.
    let config = std::fs::read_to_string(p.join("keylabel.toml")).unwrap();
    assert!(config.contains("name = \"dog\""), "{config}");
}

#[test]
fn a_voc_datasets_annotations_are_imported_by_folder_or_file() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("VOC2012");
    let (jpeg, ann) = (root.join("JPEGImages"), root.join("Annotations"));
    write_jpeg(&jpeg.join("2007_000027.jpg"), 64, 48, None);
    write_jpeg(&jpeg.join("2007_000032.jpg"), 64, 48, None);
    std::fs::create_dir_all(&ann).unwrap();
    let person = [("person", [10.0, 5.0, 50.0, 45.0], false)];
    std::fs::write(ann.join("2007_000027.xml"), voc("2007_000027.jpg", &person)).unwrap();
    std::fs::write(ann.join("2007_000099.xml"), voc("2007_000099.jpg", &person)).unwrap();

    let p = t.path().join("proj");
    ok(&[&"init", &p, &"--media", &jpeg, &"--labels", &"person"]);
    let out = keylabel(&[&"import", &p, &ann]);
    let said = format!("{}{}", stdout(&out), stderr(&out));
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("2007_000099.xml") && said.contains("not in the project"),
        "{said}"
    );
    let rows = export_rows(&p, "all");
    let boxes = row(&rows, "2007_000027.jpg")["boxes"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(boxes.len(), 1);
    assert_eq!(boxes[0]["w"], 40.0);

    // One file alone: the other image gets its box.
    let one = ann.join("one.xml");
    std::fs::write(
        &one,
        voc(
            "2007_000032.jpg",
            &[("person", [1.0, 1.0, 9.0, 9.0], false)],
        ),
    )
    .unwrap();
    ok(&[&"import", &p, &one]);
    let rows = export_rows(&p, "all");
    assert_eq!(
        row(&rows, "2007_000032.jpg")["boxes"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn voc_outside_an_image_project_is_refused_naming_it() {
    let t = tempfile::tempdir().unwrap();
    let texts = t.path().join("t.jsonl");
    std::fs::write(&texts, "{\"text\": \"hello\"}\n").unwrap();
    let p = t.path().join("proj");
    ok(&[&"init", &p, &"--media", &texts, &"--labels", &"a"]);
    let x = t.path().join("a.xml");
    std::fs::write(&x, voc("a.jpg", &[])).unwrap();
    let out = keylabel(&[&"import", &p, &x]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("a.xml"), "{}", stderr(&out));
}

#[test]
fn a_voc_export_is_a_dataset_that_comes_back_as_it_went() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let p = t.path().join("proj");
    ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat,dog"]);
    let coco = serde_json::json!({
        "images": [
            {"id": 1, "file_name": "img2.jpg", "width": 64, "height": 48},
            {"id": 2, "file_name": "sub dir/猫 1.png", "width": 30, "height": 20}
        ],
        "categories": [{"id": 1, "name": "cat"}, {"id": 2, "name": "R&D <x>"}],
        "annotations": [
            {"id": 1, "image_id": 1, "category_id": 1, "bbox": [1.25, 2.5, 10.5, 20.0],
             "attributes": {"difficult": true, "truncated": false}},
            {"id": 2, "image_id": 2, "category_id": 2, "bbox": [3, 4, 5, 6]}
        ]
    });
    let c = t.path().join("in.json");
    std::fs::write(&c, coco.to_string()).unwrap();
    ok(&[&"import", &p, &c]);

    let out = t.path().join("voc");
    let said = ok(&[
        &"export",
        &p,
        &"--format",
        &"voc",
        &"--out",
        &out,
        &"--val",
        &"50",
    ]);
    assert!(said.contains("2 items"), "{said}");
    let xml = std::fs::read_to_string(out.join("Annotations/img2.xml")).unwrap();
    for want in [
        "<filename>img2.jpg</filename>",
        "<width>64</width>",
        "<name>cat</name>",
        "<difficult>1</difficult>",
        "<truncated>0</truncated>",
        // Whole pixels: 1.25 → 1, 1.25 + 10.5 → 12.
        "<xmin>1</xmin>",
        "<xmax>12</xmax>",
        "<ymin>3</ymin>",
    ] {
        assert!(xml.contains(want), "{want} in {xml}");
    }
    let other = std::fs::read_to_string(out.join("Annotations/sub dir__猫 1.xml")).unwrap();
    assert!(other.contains("<name>R&amp;D &lt;x&gt;</name>"), "{other}");
    assert!(out.join("JPEGImages/img2.jpg").exists());
    assert!(out.join("JPEGImages/sub dir__猫 1.png").exists());
    let list = |n: &str| std::fs::read_to_string(out.join("ImageSets/Main").join(n)).unwrap();
    assert_eq!(list("trainval.txt"), "img2\nsub dir__猫 1\n");
    let (train, val) = (list("train.txt"), list("val.txt"));
    assert_eq!(
        train.lines().count() + val.lines().count(),
        2,
        "{train}|{val}"
    );
    assert!(
        !train.is_empty() && !val.is_empty(),
        "both sides: {train}|{val}"
    );

    // Its annotations imported into a fresh project of the same images: the boxes, in
    // whole pixels, their names and flags.
    let q = t.path().join("again");
    ok(&[&"init", &q, &"--media", &imgs, &"--labels", &"cat"]);
    ok(&[&"import", &q, &out.join("Annotations")]);
    let rows = export_rows(&q, "all");
    let b = &row(&rows, "img2.jpg")["boxes"][0];
    let xywh = ["x", "y", "w", "h"].map(|k| b[k].as_f64().unwrap());
    assert_eq!(xywh, [1.0, 3.0, 11.0, 20.0], "{b}");
    assert_eq!(b["attributes"]["difficult"], true, "{b}");
    assert_eq!(
        row(&rows, "sub dir/猫 1.png")["boxes"][0]["label"],
        "R&D <x>"
    );
}

#[test]
fn a_labelme_folder_opened_brings_its_outlines_and_boxes_in() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path().join("images");
    write_jpeg(&d.join("img2.jpg"), 64, 48, None);
    write_jpeg(&d.join("sub/img3.jpg"), 64, 48, None);
    let shapes = serde_json::json!({
        "version": "5.5.0", "flags": {}, "imageData": null,
        "imagePath": "img2.jpg", "imageHeight": 48, "imageWidth": 64,
        "shapes": [
            {"label": "cat", "points": [[2, 2], [30, 2], [16, 20]], "group_id": null,
             "shape_type": "polygon", "flags": {}},
            {"label": "cup", "points": [[50, 30], [40, 10]], "shape_type": "rectangle", "flags": {}},
            {"label": "nose", "points": [[3, 3]], "shape_type": "point", "flags": {}}
        ]
    });
    std::fs::write(d.join("img2.json"), shapes.to_string()).unwrap();
    // labelme's files may sit apart from the image: imagePath says where it is.
    let apart = serde_json::json!({"imagePath": "../sub/img3.jpg", "shapes": [
        {"label": "cat", "points": [[1, 1], [9, 1], [9, 9]], "shape_type": "polygon"}]});
    std::fs::create_dir_all(d.join("json")).unwrap();
    std::fs::write(d.join("json/img3.json"), apart.to_string()).unwrap();
    // A COCO file in the folder is no labelme file: left alone.
    std::fs::write(d.join("other.json"), r#"{"images": [], "annotations": []}"#).unwrap();

    let p = t.path().join("proj");
    let out = keylabel(&[&"init", &p, &"--media", &d, &"--template", &"outlines"]);
    let said = format!("{}{}", stdout(&out), stderr(&out));
    assert!(out.status.success(), "{said}");
    assert!(said.contains("1 shape(s) are points or lines"), "{said}");
    let rows = export_rows(&p, "all");
    assert_eq!(rows.len(), 2, "{rows:?}");
    let boxes = row(&rows, "img2.jpg")["boxes"].as_array().unwrap().clone();
    assert_eq!(boxes.len(), 2, "{boxes:?}");
    assert_eq!(boxes[0]["polygons"][0].as_array().unwrap().len(), 3);
    assert_eq!(
        (&boxes[1]["label"], &boxes[1]["x"], &boxes[1]["w"]),
        (&Value::from("cup"), &Value::from(40.0), &Value::from(10.0))
    );
    assert!(
        boxes[1]
            .get("polygons")
            .is_none_or(|p| p.as_array().unwrap().is_empty()),
        "{boxes:?}"
    );
    let other = row(&rows, "sub/img3.jpg")["boxes"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(other.len(), 1, "{other:?}");

    // A damaged one, imported on its own: said with the shape, nothing else changes.
    let bad = d.join("bad.json");
    std::fs::write(
        &bad,
        r#"{"imagePath": "img2.jpg", "shapes": [{"label": "cat", "points": [[1, 1], [2, 2]]}]}"#,
    )
    .unwrap();
    let out = keylabel(&[&"import", &p, &bad]);
    let said = format!("{}{}", stdout(&out), stderr(&out));
    assert!(
        said.contains("bad.json") && said.contains("shapes[0]: a polygon with 2 points"),
        "{said}"
    );
    assert_eq!(
        row(&export_rows(&p, "all"), "img2.jpg")["boxes"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn a_labelme_export_opens_as_a_labelme_folder_and_comes_back_as_it_went() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let p = t.path().join("proj");
    ok(&[&"init", &p, &"--media", &imgs, &"--template", &"outlines"]);
    // Answers: a plain box with an attribute and a text, and a cat outlined in two parts.
    let rows: Vec<Value> = export_rows(&p, "all")
        .into_iter()
        .map(|mut r| {
            if r["media"] == "img2.jpg" {
                r["status"] = "submitted".into();
                r["boxes"] = serde_json::json!([
                    {"label": "cup", "x": 1.5, "y": 2, "w": 10, "h": 8,
                     "attributes": {"occluded": true}, "text": "MUG"},
                    {"label": "cat", "x": 0, "y": 0, "w": 0, "h": 0,
                     "polygons": [[[20, 5], [40, 5], [30, 20]], [[45, 30], [60, 30], [50, 44]]]}
                ]);
            }
            r
        })
        .collect();
    let answers = write_records(&t.path().join("answers.jsonl"), &rows);
    ok(&[&"import", &p, &answers]);

    let out = t.path().join("lm");
    let said = ok(&[&"export", &p, &"--format", &"labelme", &"--out", &out]);
    assert!(said.contains("1 item, 2 boxes"), "{said}");
    let doc: Value =
        serde_json::from_slice(&std::fs::read(out.join("img2.json")).unwrap()).unwrap();
    assert_eq!(doc["imagePath"], "img2.jpg");
    assert_eq!(
        (doc["imageWidth"].as_u64(), doc["imageHeight"].as_u64()),
        (Some(64), Some(48))
    );
    assert!(doc["imageData"].is_null());
    let kinds: Vec<&str> = (doc["shapes"].as_array().unwrap().iter())
        .map(|s| s["shape_type"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["rectangle", "polygon", "polygon"]);
    assert!(out.join("img2.jpg").exists(), "the image beside its JSON");

    // The folder opened as labelme leaves it: the same objects, in their parts.
    let q = t.path().join("again");
    ok(&[&"init", &q, &"--media", &out, &"--template", &"outlines"]);
    let rows = export_rows(&q, "all");
    let boxes = row(&rows, "img2.jpg")["boxes"].as_array().unwrap().clone();
    assert_eq!(boxes.len(), 2, "{boxes:?}");
    let cup = boxes.iter().find(|b| b["label"] == "cup").unwrap();
    let xywh = ["x", "y", "w", "h"].map(|k| cup[k].as_f64().unwrap());
    assert_eq!(xywh, [1.5, 2.0, 10.0, 8.0], "{cup}");
    assert_eq!(
        (&cup["attributes"]["occluded"], &cup["text"]),
        (&Value::Bool(true), &"MUG".into()),
        "{cup}"
    );
    let cat = boxes.iter().find(|b| b["label"] == "cat").unwrap();
    assert_eq!(cat["polygons"].as_array().unwrap().len(), 2, "{cat}");
}
