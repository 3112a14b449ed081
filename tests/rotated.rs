//! Turned (rotated) boxes through the real binary: Ultralytics OBB lines in, and out to
//! YOLO OBB, COCO (upright bbox, corners, rotation), JSONL, Pascal VOC and PaddleOCR;
//! CVAT's COCO with `attributes.rotation`; a plain task told how to turn boxes.

mod common;
use common::*;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

const SHIPS: &str = r#"[task]
media = "image"
[[labels]]
name = "ship"
hotkey = "1"
[[labels]]
name = "car"
hotkey = "2"
[[controls]]
name = "boxes"
type = "boxes"
rotated = true
"#;

fn init_ships(dir: &Path, name: &str) -> PathBuf {
    let imgs = dir.join("images");
    if !imgs.exists() {
        image_folder(dir);
    }
    let cfg = dir.join("ships.toml");
    std::fs::write(&cfg, SHIPS).unwrap();
    let p = dir.join(name);
    ok(&[&"init", &p, &"--media", &imgs, &"--config", &cfg]);
    p
}

/// The corners of a 30×10 box centred at (32, 24), turned 30° clockwise, in pixels.
fn ship_corners() -> [[f64; 2]; 4] {
    let (s, c) = 30f64.to_radians().sin_cos();
    [(-15.0, -5.0), (15.0, -5.0), (15.0, 5.0), (-15.0, 5.0)]
        .map(|(dx, dy)| [32.0 + dx * c - dy * s, 24.0 + dx * s + dy * c])
}

fn obb_labels(dir: &Path) -> PathBuf {
    let labels = dir.join("predict/labels");
    std::fs::create_dir_all(&labels).unwrap();
    let mut line = "0".to_string();
    for [x, y] in ship_corners() {
        line += &format!(" {:.6} {:.6}", x / 64.0, y / 48.0);
    }
    // And an upright car as a plain detection line.
    std::fs::write(
        labels.join("img2.txt"),
        format!("{line}\n1 0.25 0.25 0.125 0.25\n"),
    )
    .unwrap();
    labels
}

fn img2_boxes(project: &Path) -> Vec<Value> {
    let rows = export_rows(project, "all");
    let row = rows.iter().find(|r| r["media"] == "img2.jpg").unwrap();
    row["boxes"].as_array().unwrap().clone()
}

fn near(a: f64, b: f64, eps: f64) -> bool {
    (a - b).abs() <= eps
}

fn assert_ship(b: &Value) {
    assert_eq!(b["label"], "ship");
    let f = |k: &str| b[k].as_f64().unwrap();
    assert!(near(f("rotation"), 30.0, 0.05), "{b}");
    assert!(near(f("w"), 30.0, 0.02) && near(f("h"), 10.0, 0.02), "{b}");
    assert!(near(f("x") + f("w") / 2.0, 32.0, 0.02), "{b}");
    assert!(near(f("y") + f("h") / 2.0, 24.0, 0.02), "{b}");
}

#[test]
fn obb_lines_come_in_turned_and_go_out_to_every_format() {
    let t = tempfile::tempdir().unwrap();
    let p = init_ships(t.path(), "p");
    ok(&[&"import", &p, &obb_labels(t.path())]);
    let boxes = img2_boxes(&p);
    assert_eq!(boxes.len(), 2);
    assert_ship(&boxes[0]);
    assert_eq!(
        boxes[1]["rotation"], 0.0,
        "one type in every row: {}",
        boxes[1]
    );
    assert!(boxes[0].get("polygons").is_none(), "{}", boxes[0]);

    // YOLO: Ultralytics' OBB lines, the corners over the image's size.
    let y = t.path().join("yolo");
    ok(&[
        &"export",
        &p,
        &"--format",
        &"yolo",
        &"--out",
        &y,
        &"--status",
        &"all",
    ]);
    let yaml = std::fs::read_to_string(y.join("data.yaml")).unwrap();
    assert!(yaml.contains("YOLO OBB dataset"), "{yaml}");
    let text = std::fs::read_to_string(y.join("labels/img2.txt")).unwrap();
    let lines: Vec<Vec<f64>> = (text.lines())
        .map(|l| l.split(' ').map(|v| v.parse().unwrap()).collect())
        .collect();
    assert_eq!(lines[0].len(), 9, "{text}");
    for (k, [x, yv]) in ship_corners().iter().enumerate() {
        assert!(near(lines[0][1 + 2 * k], x / 64.0, 2e-4), "{text}");
        assert!(near(lines[0][2 + 2 * k], yv / 48.0, 2e-4), "{text}");
    }
    assert_eq!(
        lines[1],
        [
            1.0, 0.1875, 0.125, 0.3125, 0.125, 0.3125, 0.375, 0.1875, 0.375
        ]
    );

    // COCO: bbox upright around what is seen, the corners as segmentation, the angle.
    let c = t.path().join("coco.json");
    ok(&[
        &"export",
        &p,
        &"--format",
        &"coco",
        &"--out",
        &c,
        &"--status",
        &"all",
    ]);
    let coco: Value = serde_json::from_slice(&std::fs::read(&c).unwrap()).unwrap();
    let ann = &coco["annotations"][0];
    let corners = ship_corners();
    let (x0, x1) =
        (corners.iter().map(|p| p[0])).fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(v), b.max(v)));
    let bbox = numbers(&ann["bbox"]);
    assert!(
        near(bbox[0], x0, 0.011) && near(bbox[2], x1 - x0, 0.02),
        "{ann}"
    );
    assert_eq!(numbers(&ann["segmentation"][0]).len(), 8);
    assert_eq!(ann["rotation"], 30.0);
    assert!(near(ann["area"].as_f64().unwrap(), 300.0, 0.5), "{ann}");
    assert_eq!(coco["annotations"][1]["rotation"], 0.0);

    // Read back into another project of turned boxes: the same box.
    let q = init_ships(t.path(), "q");
    ok(&[&"import", &q, &c]);
    assert_ship(&img2_boxes(&q)[0]);
    // And the JSONL export too.
    let j = t.path().join("all.jsonl");
    ok(&[
        &"export",
        &p,
        &"--format",
        &"jsonl",
        &"--out",
        &j,
        &"--status",
        &"all",
    ]);
    let r = init_ships(t.path(), "r");
    ok(&[&"import", &r, &j]);
    assert_ship(&img2_boxes(&r)[0]);

    // Pascal VOC has no angle: the upright box around it.
    let v = t.path().join("voc");
    ok(&[
        &"export",
        &p,
        &"--format",
        &"voc",
        &"--out",
        &v,
        &"--status",
        &"all",
    ]);
    let xml = std::fs::read_to_string(v.join("Annotations/img2.xml")).unwrap();
    assert!(
        xml.contains(&format!("<xmin>{}</xmin>", x0.round())),
        "{xml}"
    );
}

#[test]
fn cvats_rotation_attribute_turns_the_box_and_a_plain_task_says_how_to_turn_boxes() {
    let t = tempfile::tempdir().unwrap();
    // CVAT writes the box before it is turned, and the angle among the attributes.
    let cvat = json!({
        "images": [{"id": 1, "file_name": "img2.jpg", "width": 64, "height": 48}],
        "categories": [{"id": 1, "name": "ship"}],
        "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [17, 19, 30, 10],
            "area": 300, "iscrowd": 0, "segmentation": [],
            "attributes": {"occluded": false, "rotation": 30.0}}]
    });
    let f = t.path().join("cvat.json");
    std::fs::write(&f, cvat.to_string()).unwrap();
    let p = init_ships(t.path(), "p");
    ok(&[&"import", &p, &f]);
    assert_ship(&img2_boxes(&p)[0]);

    // A task without `rotated`: the box is kept turned, and the import says how to turn.
    let plain = t.path().join("plain");
    ok(&[
        &"init",
        &plain,
        &"--media",
        &t.path().join("images"),
        &"--labels",
        &"ship",
    ]);
    let o = keylabel(&[&"import", &plain, &f]);
    assert!(o.status.success(), "{}", stderr(&o));
    let said = format!("{}{}", stdout(&o), stderr(&o));
    assert!(said.contains("rotated = true"), "{said}");
    assert_ship(&img2_boxes(&plain)[0]);
}

#[cfg(feature = "gui")]
mod app {
    use super::*;
    use common::ui::*;
    use egui::{Key, Modifiers, Pos2, pos2, vec2};
    use egui_kittest::kittest::Queryable;
    use keylabel::ui::app::KeylabelApp;

    type H = egui_kittest::Harness<'static, KeylabelApp>;

    fn at(h: &H, x: f32, y: f32) -> Pos2 {
        let view = work(h).canvas.last_view.expect("canvas drawn");
        view.to_screen(pos2(x, y))
    }

    fn click_at(h: &mut H, x: f32, y: f32) {
        let p = at(h, x, y);
        click(h, p);
    }

    /// The stored box as `[cx, cy, w, h, rotation]`.
    fn ship(h: &H) -> [f32; 5] {
        let b = &stored(h).boxes[0];
        let [cx, cy] = b.center();
        [cx, cy, b.w, b.h, b.rotation]
    }

    fn close(a: [f32; 5], b: [f32; 5]) -> bool {
        a.iter().zip(b).all(|(p, q)| (p - q).abs() < 0.15)
    }

    #[test]
    fn a_box_is_turned_by_keys_and_by_its_handle_and_resized_along_its_own_sides() {
        let t = tempfile::tempdir().unwrap();
        let p = init_ships(t.path(), "p");
        let mut h = harness(&p);
        wait_loaded(&mut h);
        assert_eq!(work(&h).session.item.as_ref().unwrap().width, Some(64));

        // Drawn upright, then X three times and Shift+X: 18° clockwise; Z back one.
        draw_box(&mut h, (12.0, 19.0), (52.0, 29.0));
        assert_eq!(work(&h).session.selected, Some(0));
        for _ in 0..3 {
            key(&mut h, Key::X);
        }
        key_mod(&mut h, Modifiers::SHIFT, Key::X);
        assert!(
            close(ship(&h), [32.0, 24.0, 40.0, 10.0, 18.0]),
            "{:?}",
            ship(&h)
        );
        key(&mut h, Key::Z);
        assert!(
            close(ship(&h), [32.0, 24.0, 40.0, 10.0, 17.0]),
            "{:?}",
            ship(&h)
        );

        // The round handle above its top side, dragged to the right of its centre: a
        // quarter turn, the box standing up.
        let view = work(&h).canvas.last_view.unwrap();
        let (s, c) = 17f32.to_radians().sin_cos();
        let out = 5.0 * view.scale + 24.0;
        let handle = at(&h, 32.0, 24.0) + vec2(s, -c) * out;
        let right = at(&h, 60.0, 24.0);
        drag(&mut h, handle, right);
        assert!(
            close(ship(&h), [32.0, 24.0, 40.0, 10.0, 90.0]),
            "{:?}",
            ship(&h)
        );

        // Its right side now faces down: dragged 3 px lower, the box is 3 px longer and
        // its left side (now on top) stays where it was.
        let (side, lower) = (at(&h, 32.0, 44.0), at(&h, 32.0, 47.0));
        drag(&mut h, side, lower);
        assert!(
            close(ship(&h), [32.0, 25.5, 43.0, 10.0, 90.0]),
            "{:?}",
            ship(&h)
        );
        // Each is one undo step.
        key_mod(&mut h, Modifiers::COMMAND, Key::Z);
        assert!(
            close(ship(&h), [32.0, 24.0, 40.0, 10.0, 90.0]),
            "{:?}",
            ship(&h)
        );

        // A click inside the turned box picks it; outside it, but inside its upright
        // box's corner, picks nothing.
        click_at(&mut h, 1.0, 1.0);
        assert_eq!(work(&h).session.selected, None);
        click_at(&mut h, 16.0, 21.0);
        assert_eq!(work(&h).session.selected, None, "outside the turned box");
        click_at(&mut h, 32.0, 40.0);
        assert_eq!(work(&h).session.selected, Some(0));
    }

    #[test]
    fn shift_w_draws_a_turned_box_in_three_clicks_along_its_top_side() {
        let t = tempfile::tempdir().unwrap();
        let p = init_ships(t.path(), "p");
        let mut h = harness(&p);
        wait_loaded(&mut h);
        // Label 2 first: the box to come is a car.
        key(&mut h, Key::Num2);
        key_mod(&mut h, Modifiers::SHIFT, Key::W);
        assert!(work(&h).canvas.turning.is_some(), "{}", work(&h).message);
        click_at(&mut h, 10.0, 10.0);
        click_at(&mut h, 30.0, 30.0);
        // Backspace takes the second end back; it is placed again further along.
        key(&mut h, Key::Backspace);
        assert_eq!(work(&h).canvas.turning.as_ref().map(Vec::len), Some(1));
        click_at(&mut h, 40.0, 40.0);
        // The third click, 8 px across the side (below it, as it runs down-right).
        let s = std::f32::consts::FRAC_1_SQRT_2;
        click_at(&mut h, 40.0 - 8.0 * s, 40.0 + 8.0 * s);
        assert!(work(&h).canvas.turning.is_none());
        let ann = stored(&h);
        assert_eq!(ann.boxes.len(), 1);
        assert_eq!(ann.boxes[0].label, "car");
        let want = [22.17, 27.83, 1800f32.sqrt(), 8.0, 45.0];
        assert!(close(ship(&h), want), "{:?}", ship(&h));
        // Esc drops one begun: nothing is drawn.
        key_mod(&mut h, Modifiers::SHIFT, Key::W);
        click_at(&mut h, 50.0, 10.0);
        key(&mut h, Key::Escape);
        assert!(work(&h).canvas.turning.is_none());
        assert_eq!(stored(&h).boxes.len(), 1);
    }

    #[test]
    fn a_dota_dataset_from_the_export_form_of_a_task_of_turned_boxes() {
        let t = tempfile::tempdir().unwrap();
        let p = init_ships(t.path(), "p");
        let mut h = harness(&p);
        wait_loaded(&mut h);
        draw_box(&mut h, (12.0, 19.0), (52.0, 29.0));
        key_mod(&mut h, Modifiers::SHIFT, Key::X);
        key(&mut h, Key::Enter);
        open_form(&mut h);
        h.get_by_label("DOTA dataset (turned boxes, MMRotate)")
            .click();
        h.run_steps(1);
        let out = t.path().join("dota");
        let keylabel::ui::app::Screen::ExportForm(form) = &mut h.state_mut().screen else {
            unreachable!()
        };
        assert!(form.path.ends_with("export.dota"), "{}", form.path);
        form.path = out.display().to_string();
        key(&mut h, Key::Enter);
        wait_export(&mut h);
        let msg = &work(&h).message;
        assert!(msg.starts_with("exported 1 item, 1 box"), "{msg}");
        let text = std::fs::read_to_string(out.join("labelTxt/img2.txt")).unwrap();
        assert!(text.ends_with(" ship 0\n"), "{text}");
    }

    #[test]
    fn on_a_task_of_upright_boxes_the_turning_keys_say_how_to_have_them() {
        let t = tempfile::tempdir().unwrap();
        let imgs = image_folder(t.path());
        let p = t.path().join("plain");
        ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"ship"]);
        let mut h = harness(&p);
        wait_loaded(&mut h);
        draw_box(&mut h, (12.0, 19.0), (52.0, 29.0));
        key(&mut h, Key::X);
        assert_eq!(stored(&h).boxes[0].rotation, 0.0);
        assert!(
            work(&h).message.contains("rotated = true"),
            "{}",
            work(&h).message
        );
    }
}

#[test]
fn an_obb_models_predictions_come_in_as_turned_drafts_kept_inside_the_image() {
    let t = tempfile::tempdir().unwrap();
    let p = init_ships(t.path(), "p");
    // As `yolo predict save_txt=True save_conf=True` writes an OBB model's boxes: corners
    // then a confidence; one box pokes past the left edge, one is far off, one is unsure.
    let preds = t.path().join("predict/labels");
    std::fs::create_dir_all(&preds).unwrap();
    let mut ship = "0".to_string();
    for [x, y] in ship_corners() {
        ship += &format!(" {:.6} {:.6}", x / 64.0 - 0.3, y / 48.0);
    }
    std::fs::write(
        preds.join("img2.txt"),
        format!("{ship} 0.91\n1 -3 0 0.5 0 0.5 0.5 -3 0.5 0.88\n{ship} 0.10\n"),
    )
    .unwrap();
    let o = keylabel(&[&"import", &p, &preds, &"--draft", &"--min-score", &"0.5"]);
    let said = format!("{}{}", stdout(&o), stderr(&o));
    assert!(
        said.contains("img2.txt:2"),
        "the far-off box is named: {said}"
    );
    let boxes = img2_boxes(&p);
    assert_eq!(boxes.len(), 1, "{boxes:?}");
    let b = &boxes[0];
    let f = |k: &str| b[k].as_f64().unwrap();
    // The same size and angle, moved in so no corner is past the edge.
    assert!(
        near(f("rotation"), 30.0, 0.05) && near(f("w"), 30.0, 0.02),
        "{b}"
    );
    let (s, c) = 30f64.to_radians().sin_cos();
    let half_wide = 15.0 * c + 5.0 * s;
    assert!(near(f("x") + f("w") / 2.0 - half_wide, 0.0, 0.02), "{b}");
    let rows = export_rows(&p, "all");
    let row = rows.iter().find(|r| r["media"] == "img2.jpg").unwrap();
    assert_eq!(row["status"], "draft");
}

#[test]
fn a_dota_dataset_comes_in_turned_and_goes_out_again() {
    let t = tempfile::tempdir().unwrap();
    let p = init_ships(t.path(), "p");
    // As DOTA ships: a header, the corners in pixels, the category, difficult.
    let labels = t.path().join("dota/labelTxt");
    std::fs::create_dir_all(&labels).unwrap();
    let mut ship = String::new();
    for [x, y] in ship_corners() {
        ship += &format!("{x:.2} {y:.2} ");
    }
    std::fs::write(
        labels.join("img2.txt"),
        format!("imagesource:GoogleEarth\ngsd:0.146\n{ship}ship 0\n40 2 60 2 60 12 40 12 large vehicle 1\n1 2 3\n"),
    )
    .unwrap();
    std::fs::write(labels.join("img10.txt"), "").unwrap();
    // Found by its name alone; exported as `sub dir__猫 1`, its folder folded in.
    std::fs::write(labels.join("猫 1.txt"), "2 2 10 2 10 8 2 8 ship 0\n").unwrap();
    let o = keylabel(&[&"import", &p, &t.path().join("dota")]);
    let said = format!("{}{}", stdout(&o), stderr(&o));
    assert!(
        said.contains("img2.txt:5"),
        "the broken line is named: {said}"
    );
    let boxes = img2_boxes(&p);
    assert_eq!(boxes.len(), 1, "{boxes:?}");
    assert_ship(&boxes[0]);
    // The two-word category is one word too many: named, not guessed.
    assert!(said.contains("img2.txt:4"), "{said}");
    let rows = export_rows(&p, "all");
    let empty = rows.iter().find(|r| r["media"] == "img10.jpg").unwrap();
    assert_eq!(
        empty["status"], "submitted",
        "an empty label file: checked, nothing on it"
    );

    let out = t.path().join("out");
    ok(&[
        &"export",
        &p,
        &"--format",
        &"dota",
        &"--out",
        &out,
        &"--status",
        &"all",
    ]);
    let text = std::fs::read_to_string(out.join("labelTxt/img2.txt")).unwrap();
    let f: Vec<&str> = text.split_whitespace().collect();
    assert_eq!(&f[8..], ["ship", "0"], "{text}");
    for (k, [x, y]) in ship_corners().iter().enumerate() {
        let (gx, gy): (f64, f64) = (f[2 * k].parse().unwrap(), f[2 * k + 1].parse().unwrap());
        assert!(near(gx, *x, 0.02) && near(gy, *y, 0.02), "{text}");
    }
    assert!(out.join("images/img2.jpg").exists());
    assert_eq!(
        std::fs::read_to_string(out.join("labelTxt/img10.txt")).unwrap(),
        ""
    );
    // Read back into another project: the same turned box.
    let q = init_ships(t.path(), "q");
    ok(&[&"import", &q, &out.join("labelTxt")]);
    assert_ship(&img2_boxes(&q)[0]);
    assert!(out.join("labelTxt/sub dir__猫 1.txt").exists());
    let rows = export_rows(&q, "all");
    let cat = rows
        .iter()
        .find(|r| r["media"] == "sub dir/猫 1.png")
        .unwrap();
    assert_eq!(cat["boxes"][0]["w"], 8.0, "the folded name unfolded: {cat}");
}

#[test]
fn a_dota_dataset_folder_opened_brings_its_turned_boxes_in() {
    let t = tempfile::tempdir().unwrap();
    // DOTA's layout: images/ beside labelTxt/.
    let root = t.path().join("dota");
    write_jpeg(&root.join("images/P0001.jpg"), 64, 48, None);
    write_jpeg(&root.join("images/P0002.jpg"), 64, 48, None);
    std::fs::create_dir_all(root.join("labelTxt")).unwrap();
    let mut ship = "gsd:0.1\n".to_string();
    for [x, y] in ship_corners() {
        ship += &format!("{x:.2} {y:.2} ");
    }
    std::fs::write(root.join("labelTxt/P0001.txt"), format!("{ship}ship 0\n")).unwrap();
    let p = t.path().join("p");
    let said = ok(&[
        &"init",
        &p,
        &"--media",
        &root,
        &"--template",
        &"rotated-boxes",
    ]);
    assert!(said.contains("added 2 items"), "{said}");
    let rows = export_rows(&p, "all");
    let row = rows
        .iter()
        .find(|r| r["media"] == "images/P0001.jpg")
        .unwrap();
    assert_ship(&row["boxes"][0]);
    // The preset has no "ship": the category became a label of the task.
    let toml = std::fs::read_to_string(p.join("keylabel.toml")).unwrap();
    assert!(toml.contains("name = \"ship\""), "{toml}");
}

#[test]
fn a_two_word_label_goes_out_to_dota_hyphenated_and_comes_back_as_itself() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let cfg = t.path().join("vehicles.toml");
    std::fs::write(&cfg, SHIPS.replace("\"car\"", "\"small vehicle\"")).unwrap();
    let init = |name: &str| {
        let p = t.path().join(name);
        ok(&[&"init", &p, &"--media", &imgs, &"--config", &cfg]);
        p
    };
    let p = init("p");
    let labels = t.path().join("in/labelTxt");
    std::fs::create_dir_all(&labels).unwrap();
    std::fs::write(
        labels.join("img2.txt"),
        "40 2 60 2 60 12 40 12 small-vehicle 0\n",
    )
    .unwrap();
    ok(&[&"import", &p, &labels]);
    assert_eq!(img2_boxes(&p)[0]["label"], "small vehicle");
    let out = t.path().join("out");
    ok(&[&"export", &p, &"--format", &"dota", &"--out", &out]);
    let text = std::fs::read_to_string(out.join("labelTxt/img2.txt")).unwrap();
    assert!(text.contains(" small-vehicle 0"), "{text}");
    let q = init("q");
    ok(&[&"import", &q, &out.join("labelTxt")]);
    assert_eq!(img2_boxes(&q)[0]["label"], "small vehicle");
    let config = std::fs::read_to_string(q.join("keylabel.toml")).unwrap();
    assert!(
        !config.contains("small-vehicle"),
        "no label added: {config}"
    );
}
