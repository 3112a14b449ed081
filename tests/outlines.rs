//! Outlines (polygons) through the real binary: COCO segmentation in and out, JSONL's
//! `polygons`, the preset; and in the app (egui_kittest): O, clicks, Enter, a point dragged.

mod common;
use common::*;
use serde_json::{Value, json};
use std::path::Path;

/// A COCO file with one outlined cat in two parts, a plain box and an RLE crowd (two pixels
/// down the first column).
fn coco_with_polygons(dir: &Path) -> std::path::PathBuf {
    let coco = json!({
        "images": [{"id": 11, "file_name": "img2.jpg", "width": 64, "height": 48}],
        "categories": [{"id": 7, "name": "cat"}],
        "annotations": [
            {"id": 1, "image_id": 11, "category_id": 7, "bbox": [2, 2, 30, 20], "iscrowd": 0,
             "segmentation": [[2, 2, 32, 2, 17.5, 22], [40, 30, 50, 30, 50, 40, 40, 40]]},
            {"id": 2, "image_id": 11, "category_id": 7, "bbox": [1, 1, 5, 5]},
            {"id": 3, "image_id": 11, "category_id": 7, "bbox": [10, 10, 4, 4], "iscrowd": 1,
             "segmentation": {"counts": [1, 2, 3], "size": [48, 64]}}
        ]
    });
    let p = dir.join("seg.json");
    std::fs::write(&p, serde_json::to_vec(&coco).unwrap()).unwrap();
    p
}

fn init_outlines(dir: &Path) -> std::path::PathBuf {
    let imgs = image_folder(dir);
    let p = dir.join("proj");
    ok(&[&"init", &p, &"--media", &imgs, &"--template", &"outlines"]);
    p
}

#[test]
fn coco_polygons_come_in_and_go_out_as_they_were() {
    let t = tempfile::tempdir().unwrap();
    let p = init_outlines(t.path());
    let out = keylabel(&[&"import", &p, &coco_with_polygons(t.path())]);
    let said = format!("{}{}", stdout(&out), stderr(&out));
    assert!(said.contains("1 annotation(s) are RLE masks"), "{said}");

    let e = t.path().join("out.json");
    ok(&[&"export", &p, &"--format", &"coco", &"--out", &e]);
    let got: Value = serde_json::from_slice(&std::fs::read(&e).unwrap()).unwrap();
    let anns = got["annotations"].as_array().unwrap();
    assert_eq!(anns.len(), 3, "{anns:?}");
    let cat = &anns[0];
    // The bounds of both parts; the area inside them, not the box's.
    let numbers = |v: &Value| -> Vec<f64> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect()
    };
    assert_eq!(numbers(&cat["bbox"]), [2.0, 2.0, 48.0, 38.0]);
    let parts = cat["segmentation"].as_array().unwrap();
    assert_eq!(numbers(&parts[0]), [2.0, 2.0, 32.0, 2.0, 17.5, 22.0]);
    assert_eq!(
        numbers(&parts[1]),
        [40.0, 30.0, 50.0, 30.0, 50.0, 40.0, 40.0, 40.0]
    );
    assert_eq!(cat["area"].as_f64(), Some(400.0));
    // Plain boxes stay plain: no empty segmentation anywhere.
    assert!(anns[1].get("segmentation").is_none());
    // The RLE crowd (pixels 1 and 2 down the first column) came in as its outline.
    assert_eq!(
        numbers(&anns[2]["segmentation"][0]),
        [0.0, 1.0, 1.0, 1.0, 1.0, 3.0, 0.0, 3.0]
    );
    assert_eq!(numbers(&anns[2]["bbox"]), [0.0, 1.0, 1.0, 2.0]);

    // JSONL: every box carries `polygons` on a polygons task, `[]` for a plain one.
    let rows = export_rows(&p, "submitted");
    let boxes = rows[0]["boxes"].as_array().unwrap();
    assert_eq!(boxes[0]["polygons"][1][2], json!([50.0, 40.0]));
    assert_eq!(boxes[1]["polygons"], json!([]));

    // And the JSONL export imports back to the same outline; the box is the outline's
    // bounds even where a row says otherwise.
    let jl = t.path().join("rows.jsonl");
    let mut edited = rows.clone();
    for k in ["x", "y", "w", "h"] {
        edited[0]["boxes"][0][k] = json!(0.0);
    }
    std::fs::write(
        &jl,
        edited.iter().map(|r| format!("{r}\n")).collect::<String>(),
    )
    .unwrap();
    let q = init_outlines(&t.path().join("again"));
    ok(&[&"import", &q, &jl]);
    let again = export_rows(&q, "submitted");
    assert_eq!(again[0]["boxes"], rows[0]["boxes"]);

    // HF imagefolder: each object's outline beside its box in `objects` (`[]` plain).
    let hf = t.path().join("hf");
    ok(&[&"export", &p, &"--format", &"imagefolder", &"--out", &hf]);
    let meta = read_jsonl(&hf.join("train/metadata.jsonl"));
    let polygons = &meta[0]["objects"]["polygons"];
    assert_eq!(
        polygons[0][0],
        json!([[2.0, 2.0], [32.0, 2.0], [17.5, 22.0]])
    );
    assert_eq!(polygons[1], json!([]));
    assert_eq!(
        polygons[2][0],
        json!([[0.0, 1.0], [1.0, 1.0], [1.0, 3.0], [0.0, 3.0]])
    );
}

#[test]
fn an_image_folder_export_of_outlines_is_a_segmentation_dataset_with_a_mask_per_image() {
    let t = tempfile::tempdir().unwrap();
    let p = init_outlines(t.path());
    ok(&[&"import", &p, &coco_with_polygons(t.path())]);
    let hf = t.path().join("hf");
    let said = ok(&[&"export", &p, &"--format", &"imagefolder", &"--out", &hf]);
    assert!(
        said.contains("1 box has no outline: not in the masks"),
        "{said}"
    );
    let meta = std::fs::read_to_string(hf.join("train/metadata.jsonl")).unwrap();
    let rows: Vec<Value> = meta
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows[0]["file_name"], "img2.jpg");
    assert_eq!(rows[0]["annotation_file_name"], "masks/img2.png");
    // Every image has its mask, an empty one where nothing is outlined.
    assert!(
        rows.iter().all(|r| r["annotation_file_name"].is_string()),
        "{meta}"
    );
    let mask = image::open(hf.join("train/masks/img2.png")).unwrap();
    assert!(
        matches!(mask, image::DynamicImage::ImageLuma8(_)),
        "8-bit grey"
    );
    let mask = mask.to_luma8();
    assert_eq!(mask.dimensions(), (64, 48), "the image's size as shown");
    // The cat (the outlines preset's second label) in both its parts, and the RLE crowd's
    // two pixels; 0 elsewhere, also under the plain box at 1,1.
    for (x, y, class) in [
        (17, 8, 2),
        (45, 35, 2),
        (0, 2, 2),
        (60, 5, 0),
        (1, 1, 0),
        (0, 3, 0),
    ] {
        assert_eq!(mask.get_pixel(x, y)[0], class, "at {x},{y}");
    }
    let id2label: Value =
        serde_json::from_slice(&std::fs::read(hf.join("id2label.json")).unwrap()).unwrap();
    assert_eq!(
        (&id2label["0"], &id2label["2"]),
        (&json!("background"), &json!("cat"))
    );
}

#[test]
fn a_segmentation_dataset_opened_brings_its_masks_in_as_outlines() {
    let t = tempfile::tempdir().unwrap();
    let p = init_outlines(t.path());
    ok(&[&"import", &p, &coco_with_polygons(t.path())]);
    let hf = t.path().join("hf");
    ok(&[&"export", &p, &"--format", &"imagefolder", &"--out", &hf]);
    // As a segmentation dataset from elsewhere has it: the image and its mask, no `objects`.
    let meta = hf.join("train/metadata.jsonl");
    let rows: Vec<Value> = read_jsonl(&meta)
        .into_iter()
        .map(|mut r| {
            r.as_object_mut().unwrap().remove("objects");
            r
        })
        .collect();
    let text: String = rows.iter().map(|r| format!("{r}\n")).collect();
    std::fs::write(&meta, text).unwrap();

    let q = t.path().join("opened");
    ok(&[&"init", &q, &"--media", &meta, &"--template", &"outlines"]);
    let rows = export_rows(&q, "all");
    let row = rows.iter().find(|r| r["media"] == "img2.jpg").unwrap();
    assert!(row["data"].get("annotation_file_name").is_none(), "{row}");
    let boxes = row["boxes"].as_array().unwrap();
    // The cat's two parts and the crowd's two pixels: three regions, named by id2label.json.
    assert_eq!(boxes.len(), 3, "{boxes:?}");
    assert!(boxes.iter().all(|b| b["label"] == "cat"), "{boxes:?}");
    let shapes: Vec<keylabel::core::BoxAnn> = boxes
        .iter()
        .map(|b| serde_json::from_value(b.clone()).unwrap())
        .collect();
    for (x, y) in [(17.0, 8.0), (45.0, 35.0), (0.5, 2.0)] {
        assert!(
            shapes.iter().any(|b| b.contains(x, y)),
            "({x}, {y}): {shapes:?}"
        );
    }
    assert!(!shapes.iter().any(|b| b.contains(60.0, 5.0)));

    // The folder opened: the masks it holds are answers, not images to label.
    let w = t.path().join("walked");
    ok(&[&"init", &w, &"--media", &hf, &"--template", &"outlines"]);
    let walked = export_rows(&w, "all");
    assert_eq!(walked.len(), rows.len(), "{walked:?}");
    assert!(
        walked
            .iter()
            .all(|r| !r["media"].as_str().unwrap().contains("masks/"))
    );
    let row = walked.iter().find(|r| r["media"] == "img2.jpg").unwrap();
    assert_eq!(row["boxes"].as_array().unwrap().len(), 3, "{row}");

    // A mask that is not there: the image comes in, the problem names the row.
    let broken = hf.join("train/broken.jsonl");
    let mut row = read_jsonl(&meta)[0].clone();
    row["annotation_file_name"] = json!("masks/nowhere.png");
    std::fs::write(&broken, format!("{row}\n")).unwrap();
    let r = t.path().join("broken");
    let out = keylabel(&[&"init", &r, &"--media", &broken, &"--template", &"outlines"]);
    let said = format!("{}{}", stdout(&out), stderr(&out));
    assert!(
        said.contains("broken.jsonl:1:") && said.contains("nowhere.png"),
        "{said}"
    );
    assert_eq!(export_rows(&r, "all").len(), 1, "{said}");
}

#[test]
fn statistics_say_outlines_are_compared_by_their_shapes() {
    let t = tempfile::tempdir().unwrap();
    let p = init_outlines(t.path());
    ok(&[&"import", &p, &coco_with_polygons(t.path())]);
    // ben outlined the same objects.
    let mut rows = export_rows(&p, "submitted");
    rows[0]["annotator"] = json!("ben");
    let ben = t.path().join("ben.jsonl");
    std::fs::write(&ben, format!("{}\n", rows[0])).unwrap();
    ok(&[&"import", &p, &ben]);

    let json: Value = serde_json::from_str(&ok(&[&"stats", &p, &"--json"])).unwrap();
    let q = &json["agreement"]["questions"][0];
    assert_eq!(
        (&q["measure"], &q["outlines"], &q["agreement"]),
        (&json!("box_f1"), &json!(true), &json!(1.0)),
        "{q}"
    );
    let said = ok(&[&"stats", &p]);
    assert!(
        said.contains("F1 of objects (outlines by their shapes)"),
        "{said}"
    );
}

#[test]
fn a_yolo_export_of_outlines_is_ultralytics_segmentation_and_comes_back() {
    let t = tempfile::tempdir().unwrap();
    let p = init_outlines(t.path());
    ok(&[&"import", &p, &coco_with_polygons(t.path())]);
    let y = t.path().join("yolo");
    ok(&[&"export", &p, &"--format", &"yolo", &"--out", &y]);
    let text = std::fs::read_to_string(y.join("labels/img2.txt")).unwrap();
    let lines: Vec<Vec<f64>> = (text.lines())
        .map(|l| l.split(' ').map(|v| v.parse().unwrap()).collect())
        .collect();
    // The cat in two parts is two lines (its class, 3 and 4 points); the plain boxes their
    // four corners: every line a polygon, as `task=segment` wants.
    let sizes: Vec<usize> = lines.iter().map(Vec::len).collect();
    assert_eq!(sizes, [7, 9, 9, 9], "{text}");
    assert_eq!(
        lines[0][..3],
        [1.0, 2.0 / 64.0, 2.0 / 48.0].map(|v| (v * 1e6_f64).round() / 1e6)[..]
    );
    assert_eq!(
        lines[2][1..],
        [
            1.0 / 64.0,
            1.0 / 48.0,
            6.0 / 64.0,
            1.0 / 48.0,
            6.0 / 64.0,
            6.0 / 48.0,
            1.0 / 64.0,
            6.0 / 48.0
        ]
        .map(|v| (v * 1e6_f64).round() / 1e6)[..]
    );

    // Imported into a new project: the outlines again (the two parts as two objects).
    let q = init_outlines(&t.path().join("again"));
    ok(&[&"import", &q, &y]);
    let rows = export_rows(&q, "submitted");
    let boxes = rows[0]["boxes"].as_array().unwrap();
    assert_eq!(boxes.len(), 4);
    assert_eq!(boxes[0]["polygons"][0].as_array().unwrap().len(), 3);
    let x = boxes[0]["polygons"][0][1][0].as_f64().unwrap();
    assert!((x - 32.0).abs() < 0.01, "{x}");
}

#[test]
fn a_segmentation_models_predictions_come_in_as_outlines_to_correct() {
    let t = tempfile::tempdir().unwrap();
    let p = init_outlines(t.path());
    // As `yolo predict save_txt=True save_conf=True` writes them for a -seg model: class,
    // the outline's points over the image's size, the confidence.
    let preds = t.path().join("predict/labels");
    std::fs::create_dir_all(&preds).unwrap();
    std::fs::write(
        preds.join("img2.txt"),
        "1 0.1 0.1 0.5 0.1 0.3 0.6 0.91\n3 0.6 0.6 0.9 0.6 0.9 0.9 0.32\n",
    )
    .unwrap();
    let out = ok(&[&"import", &p, &preds, &"--draft", &"--min-score", &"0.5"]);
    assert!(out.contains("1 item"), "{out}");
    let rows = export_rows(&p, "all");
    let row = rows.iter().find(|r| r["media"] == "img2.jpg").unwrap();
    assert_eq!(row["status"], "draft", "pre-labels are drafts to correct");
    let boxes = row["boxes"].as_array().unwrap();
    assert_eq!(boxes.len(), 1, "the weak one is left out: {boxes:?}");
    assert_eq!(boxes[0]["label"], "cat");
    // 64×48 image: (0.5, 0.1) is (32, 4.8).
    assert_eq!(boxes[0]["polygons"][0][1], json!([32.0, 4.8]));
}

#[test]
fn a_segmentation_that_is_not_polygons_or_a_mask_refuses_the_file_and_says_where() {
    let t = tempfile::tempdir().unwrap();
    let p = init_outlines(t.path());
    let bad = t.path().join("bad.json");
    let coco = json!({
        "images": [{"id": 1, "file_name": "img2.jpg"}],
        "categories": [{"id": 1, "name": "cat"}],
        "annotations": [{"id": 5, "image_id": 1, "category_id": 1, "segmentation": [[1, 2, 3]]}]
    });
    std::fs::write(&bad, coco.to_string()).unwrap();
    let out = keylabel(&[&"import", &p, &bad]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("bad.json"), "{err}");
    assert!(err.contains("annotations[0] (id 5): segmentation"), "{err}");
    // Nothing came in.
    assert!(
        export_rows(&p, "all")
            .iter()
            .all(|r| r["boxes"] == json!([]))
    );
}

#[test]
fn outlines_brought_into_a_boxes_task_are_kept_and_the_import_says_how_to_draw_them() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let p = t.path().join("proj");
    ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat"]);
    let out = keylabel(&[&"import", &p, &coco_with_polygons(t.path())]);
    let said = format!("{}{}", stdout(&out), stderr(&out));
    assert!(said.contains("2 object(s) came with outlines"), "{said}");
    assert!(said.contains("`polygons = true`"), "{said}");
    let e = t.path().join("out.json");
    ok(&[&"export", &p, &"--format", &"coco", &"--out", &e]);
    let got: Value = serde_json::from_slice(&std::fs::read(&e).unwrap()).unwrap();
    assert_eq!(
        got["annotations"][0]["segmentation"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    // JSONL: every box has `polygons` (`[]` for a plain one): one shape in every row.
    let rows = export_rows(&p, "submitted");
    assert_eq!(
        rows[0]["boxes"][0]["polygons"].as_array().map(Vec::len),
        Some(2)
    );
    assert_eq!(rows[0]["boxes"][1]["polygons"], json!([]));
    // A project with no outline anywhere has no `polygons` in its rows.
    let q = t.path().join("plain");
    ok(&[&"init", &q, &"--media", &imgs, &"--labels", &"cat"]);
    let plain = t.path().join("plain.json");
    std::fs::write(
        &plain,
        json!({"images": [{"id": 1, "file_name": "img2.jpg"}], "categories": [{"id": 1, "name": "cat"}],
               "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [1, 1, 5, 5]}]})
        .to_string(),
    )
    .unwrap();
    ok(&[&"import", &q, &plain]);
    let rows = export_rows(&q, "submitted");
    assert!(rows[0]["boxes"][0].get("polygons").is_none(), "{}", rows[0]);
}

#[test]
fn the_polygons_setting_is_for_boxes_only() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let cfg = t.path().join("task.toml");
    std::fs::write(
        &cfg,
        "[task]\nmedia = \"image\"\n[[labels]]\nname = \"cat\"\n[[controls]]\nname = \"kind\"\ntype = \"choice\"\npolygons = true\n",
    )
    .unwrap();
    let out = keylabel(&[
        &"init",
        &t.path().join("p"),
        &"--media",
        &imgs,
        &"--config",
        &cfg,
    ]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("`polygons` are for boxes"),
        "{}",
        stderr(&out)
    );
}

#[cfg(feature = "gui")]
mod app {
    use super::*;
    use common::ui::*;
    use egui::{Key, Pos2, pos2};

    fn at(h: &egui_kittest::Harness<'_, keylabel::ui::app::KeylabelApp>, x: f32, y: f32) -> Pos2 {
        let view = work(h).canvas.last_view.expect("canvas drawn");
        view.to_screen(pos2(x, y))
    }

    fn click_image(
        h: &mut egui_kittest::Harness<'_, keylabel::ui::app::KeylabelApp>,
        x: f32,
        y: f32,
    ) {
        let p = at(h, x, y);
        click(h, p);
    }

    #[test]
    fn o_then_clicks_outline_an_object_and_a_dragged_point_reshapes_it() {
        let t = tempfile::tempdir().unwrap();
        let p = init_outlines(t.path());
        let mut h = harness(&p);
        wait_loaded(&mut h);

        // O, three corners, a click on the first: one outlined cat (label 2), selected.
        key(&mut h, Key::Num2);
        key(&mut h, Key::O);
        assert!(work(&h).canvas.polygon.is_some());
        for (x, y) in [(10.0, 10.0), (50.0, 12.0), (30.0, 40.0)] {
            click_image(&mut h, x, y);
        }
        assert_eq!(work(&h).canvas.polygon.as_ref().map(Vec::len), Some(3));
        assert!(
            stored(&h).boxes.is_empty(),
            "nothing saved before it closes"
        );
        click_image(&mut h, 10.3, 10.2);
        let b = stored(&h).boxes[0].clone();
        assert_eq!(b.label, "cat");
        assert_eq!(b.polygons[0].len(), 3);
        assert!(
            (b.x - 10.0).abs() < 0.5 && (b.w - 40.0).abs() < 0.5,
            "{b:?}"
        );
        assert!(work(&h).canvas.polygon.is_none());
        assert_eq!(work(&h).session.selected, Some(0));

        // Drag its second point further right: the outline and its box follow, one step.
        let (from, to) = (at(&h, 50.0, 12.0), at(&h, 60.0, 12.0));
        drag(&mut h, from, to);
        let b = stored(&h).boxes[0].clone();
        assert!((b.polygons[0][1][0] - 60.0).abs() < 0.5, "{b:?}");
        assert!((b.w - 50.0).abs() < 0.5, "{b:?}");
        key_mod(&mut h, egui::Modifiers::COMMAND, Key::Z);
        assert!((stored(&h).boxes[0].polygons[0][1][0] - 50.0).abs() < 0.5);

        // A drag from an edge adds a point there and moves it; Shift+click takes it away.
        let (from, to) = (at(&h, 30.0, 11.0), at(&h, 30.0, 2.0));
        drag(&mut h, from, to);
        let b = stored(&h).boxes[0].clone();
        assert_eq!(b.polygons[0].len(), 4, "{b:?}");
        assert!(
            (b.polygons[0][1][1] - 2.0).abs() < 0.5 && (b.y - 2.0).abs() < 0.5,
            "{b:?}"
        );
        let p = at(&h, 30.0, 2.0);
        h.event(egui::Event::PointerMoved(p));
        h.run_steps(1);
        let button = |pressed| egui::Event::PointerButton {
            pos: p,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::SHIFT,
        };
        h.event(button(true));
        h.event_modifiers(button(false), egui::Modifiers::SHIFT);
        h.run_steps(2);
        let b = stored(&h).boxes[0].clone();
        assert_eq!(b.polygons[0].len(), 3, "{b:?}");
        assert!((b.y - 10.0).abs() < 0.5, "the box follows: {b:?}");

        // Enter closes an outline (it does not submit); Backspace takes a point back.
        key(&mut h, Key::O);
        for (x, y) in [(5.0, 30.0), (20.0, 30.0), (20.0, 45.0), (5.0, 45.0)] {
            click_image(&mut h, x, y);
        }
        key(&mut h, Key::Backspace);
        assert_eq!(work(&h).canvas.polygon.as_ref().map(Vec::len), Some(3));
        // Ctrl+Z takes a point back too, not the last saved change.
        key_mod(&mut h, egui::Modifiers::COMMAND, Key::Z);
        assert_eq!(work(&h).canvas.polygon.as_ref().map(Vec::len), Some(2));
        assert_eq!(stored(&h).boxes.len(), 1);
        click_image(&mut h, 20.0, 45.0);
        key(&mut h, Key::Enter);
        let s = stored(&h);
        assert_eq!(s.boxes.len(), 2, "{s:?}");
        assert_eq!(s.boxes[1].polygons[0].len(), 3);
        assert_eq!(
            work(&h).session.pos,
            0,
            "Enter closed the outline, not the item"
        );

        // Esc drops one half done; two points are no outline.
        key(&mut h, Key::O);
        click_image(&mut h, 40.0, 30.0);
        key(&mut h, Key::Escape);
        assert!(work(&h).canvas.polygon.is_none());
        key(&mut h, Key::O);
        click_image(&mut h, 40.0, 30.0);
        click_image(&mut h, 45.0, 35.0);
        key(&mut h, Key::O);
        assert!(
            work(&h).message.contains("3 points at least"),
            "{}",
            work(&h).message
        );
        assert_eq!(stored(&h).boxes.len(), 2);
        // The two points stay, to go on from; Esc drops them.
        assert_eq!(work(&h).canvas.polygon.as_ref().map(Vec::len), Some(2));
        key(&mut h, Key::Escape);

        // A label key while outlining names the outline to come: the object picked before
        // is not renamed (O leaves nothing selected).
        click_image(&mut h, 28.0, 20.0);
        assert_eq!(work(&h).session.selected, Some(0));
        key(&mut h, Key::O);
        assert_eq!(work(&h).session.selected, None);
        key(&mut h, Key::Num4);
        for (x, y) in [(40.0, 30.0), (60.0, 30.0), (50.0, 45.0)] {
            click_image(&mut h, x, y);
        }
        key(&mut h, Key::Enter);
        let s = stored(&h);
        assert_eq!(
            (s.boxes[0].label.as_str(), s.boxes[2].label.as_str()),
            ("cat", "horse")
        );
        key_mod(&mut h, egui::Modifiers::COMMAND, Key::Z);
        assert_eq!(stored(&h).boxes.len(), 2);

        // A click inside the triangle picks it; its box's empty corner picks nothing.
        click_image(&mut h, 60.0, 40.0);
        assert_eq!(work(&h).session.selected, None);
        click_image(&mut h, 28.0, 20.0);
        assert_eq!(work(&h).session.selected, Some(0));
    }

    #[test]
    fn the_brush_paints_a_new_object_paints_out_of_it_and_is_sized_and_put_down() {
        let t = tempfile::tempdir().unwrap();
        let p = init_outlines(t.path());
        let mut h = harness(&p);
        wait_loaded(&mut h);

        key(&mut h, Key::P);
        let r = work(&h).canvas.brush.expect("the brush is up");
        // Nothing selected: a stroke paints a new object of the current label.
        let (from, to) = (at(&h, 20.0, 20.0), at(&h, 40.0, 20.0));
        drag(&mut h, from, to);
        // Traced on the worker: the paint stays on screen till then.
        assert!(
            !work(&h).canvas.waiting.is_empty() || !stored(&h).boxes.is_empty(),
            "the stroke neither waits nor is done"
        );
        wait_shapes(&mut h);
        assert!(work(&h).canvas.waiting.is_empty());
        let painted = stored(&h).boxes;
        assert_eq!(painted.len(), 1, "{painted:?}");
        let b = &painted[0];
        assert_eq!(b.label, "person");
        assert!(!b.polygons.is_empty() && b.contains(30.0, 20.0), "{b:?}");
        assert!(!b.contains(30.0, 30.0), "{b:?}");
        // The brush is as wide on screen at any zoom: here it paints its radius in pixels.
        let scale = work(&h).canvas.last_view.unwrap().scale;
        assert!((b.h - 2.0 * r / scale).abs() < 1.5, "{b:?}");
        assert_eq!(
            work(&h).session.selected,
            Some(0),
            "the new object is selected"
        );

        // Shift+drag across its middle paints out of it: two parts.
        let (from, to) = (at(&h, 30.0, 10.0), at(&h, 30.0, 30.0));
        drag_mod(&mut h, from, to, egui::Modifiers::SHIFT);
        wait_shapes(&mut h);
        let cut = stored(&h).boxes[0].clone();
        assert_eq!(cut.polygons.len(), 2, "{cut:?}");
        assert!(!cut.contains(30.0, 20.0) && cut.contains(22.0, 20.0));
        // One undo step per stroke.
        key_mod(&mut h, egui::Modifiers::COMMAND, Key::Z);
        assert_eq!(stored(&h).boxes[0].polygons, b.polygons);
        // Ctrl+click on nothing lets go of it: the next stroke is a new object.
        let nothing = at(&h, 55.0, 40.0);
        h.event(egui::Event::PointerMoved(nothing));
        h.run_steps(1);
        let button = |pressed| egui::Event::PointerButton {
            pos: nothing,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::COMMAND,
        };
        h.event_modifiers(button(true), egui::Modifiers::COMMAND);
        h.event_modifiers(button(false), egui::Modifiers::COMMAND);
        h.run_steps(2);
        wait_shapes(&mut h);
        assert_eq!(work(&h).session.selected, None);
        assert_eq!(stored(&h).boxes.len(), 1, "a Ctrl+click paints nothing");

        // ] and [ size it; Esc puts it down, and a drag draws a box again.
        key(&mut h, Key::CloseBracket);
        let bigger = work(&h).canvas.brush.unwrap();
        key(&mut h, Key::OpenBracket);
        key(&mut h, Key::OpenBracket);
        let smaller = work(&h).canvas.brush.unwrap();
        assert!(bigger > r && smaller < r, "{r} {bigger} {smaller}");
        key(&mut h, Key::Escape);
        assert!(work(&h).canvas.brush.is_none());
        // Painted out entirely, an object goes (Tab picks it again).
        key(&mut h, Key::Tab);
        assert_eq!(work(&h).session.selected, Some(0));
        key(&mut h, Key::P);
        key(&mut h, Key::CloseBracket);
        for _ in 0..8 {
            key(&mut h, Key::CloseBracket);
        }
        let (from, to) = (at(&h, 15.0, 20.0), at(&h, 45.0, 20.0));
        drag_mod(&mut h, from, to, egui::Modifiers::SHIFT);
        wait_shapes(&mut h);
        assert!(stored(&h).boxes.is_empty(), "{:?}", stored(&h).boxes);
    }

    #[test]
    fn the_brush_and_wand_on_a_boxes_only_task_say_how_to_have_outlines() {
        let t = tempfile::tempdir().unwrap();
        let imgs = image_folder(t.path());
        let p = t.path().join("plain");
        ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat"]);
        let mut h = harness(&p);
        wait_loaded(&mut h);
        key(&mut h, Key::P);
        assert!(work(&h).canvas.brush.is_none());
        assert!(
            work(&h).message.contains("`polygons = true`"),
            "{}",
            work(&h).message
        );
        key(&mut h, Key::U);
        assert!(work(&h).canvas.wand.is_none());
        assert!(
            work(&h).message.starts_with("the wand fills outlines"),
            "{}",
            work(&h).message
        );
    }

    #[test]
    fn the_outline_key_on_a_boxes_only_task_says_how_to_have_it() {
        let t = tempfile::tempdir().unwrap();
        let imgs = image_folder(t.path());
        let p = t.path().join("proj");
        ok(&[&"init", &p, &"--media", &imgs, &"--template", &"boxes"]);
        let mut h = harness(&p);
        wait_loaded(&mut h);
        key(&mut h, Key::O);
        assert!(work(&h).canvas.polygon.is_none());
        assert!(
            work(&h).message.contains("polygons = true"),
            "{}",
            work(&h).message
        );
    }
}
