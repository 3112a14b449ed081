//! Pascal VOC annotations (LabelImg's XML) into a project through the real binary: a
//! LabelImg folder opened as it is, a VOC dataset's Annotations/ imported, damaged files
//! named with their line while the rest comes in.

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
