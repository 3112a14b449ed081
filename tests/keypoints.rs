//! Keypoints (pose) through the real binary: COCO keypoints in and out, Ultralytics pose
//! lines, JSONL's `keypoints`, bad files refused; and in the app (egui_kittest): a box
//! drawn, its points clicked in order, Space, Backspace, K, a point dragged and hidden; the
//! points placed first and the box fitted around them.

mod common;
use common::*;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

const FACE: &str = r#"[task]
media = "image"
[[labels]]
name = "person"
hotkey = "1"
[[controls]]
name = "boxes"
type = "boxes"
keypoints = ["nose", "left_eye", "right_eye"]
skeleton = [["nose", "left_eye"], ["nose", "right_eye"]]
"#;

fn init_faces(dir: &Path) -> PathBuf {
    let imgs = image_folder(dir);
    let cfg = dir.join("face.toml");
    std::fs::write(&cfg, FACE).unwrap();
    let p = dir.join("proj");
    ok(&[&"init", &p, &"--media", &imgs, &"--config", &cfg]);
    p
}

/// A COCO file of one person with a visible nose, a hidden left eye and no right eye, and
/// a person with no keypoints at all.
fn coco_with_keypoints(dir: &Path, keypoints: Value) -> PathBuf {
    let coco = json!({
        "images": [{"id": 11, "file_name": "img2.jpg", "width": 64, "height": 48}],
        "categories": [{"id": 1, "name": "person", "keypoints": ["nose", "left_eye", "right_eye"]}],
        "annotations": [
            {"id": 5, "image_id": 11, "category_id": 1, "bbox": [10, 5, 30, 40],
             "keypoints": keypoints, "num_keypoints": 2},
            {"id": 6, "image_id": 11, "category_id": 1, "bbox": [45, 5, 10, 10]}
        ]
    });
    let p = dir.join("pose.json");
    std::fs::write(&p, serde_json::to_vec(&coco).unwrap()).unwrap();
    p
}

#[test]
fn coco_keypoints_come_in_and_go_out_with_the_skeleton() {
    let t = tempfile::tempdir().unwrap();
    let p = init_faces(t.path());
    let kp = json!([20, 10, 2, 25.5, 8, 1, 0, 0, 0]);
    ok(&[&"import", &p, &coco_with_keypoints(t.path(), kp)]);

    let e = t.path().join("out.json");
    ok(&[&"export", &p, &"--format", &"coco", &"--out", &e]);
    let got: Value = serde_json::from_slice(&std::fs::read(&e).unwrap()).unwrap();
    let cat = &got["categories"][0];
    assert_eq!(cat["keypoints"], json!(["nose", "left_eye", "right_eye"]));
    assert_eq!(
        cat["skeleton"],
        json!([[1, 2], [1, 3]]),
        "from 1, as COCO counts"
    );
    let anns = got["annotations"].as_array().unwrap();
    assert_eq!(
        numbers(&anns[0]["keypoints"]),
        [20.0, 10.0, 2.0, 25.5, 8.0, 1.0, 0.0, 0.0, 0.0]
    );
    assert_eq!(anns[0]["num_keypoints"], 2);
    // A box with none placed still has all three, as pycocotools' keypoint eval wants.
    assert_eq!(numbers(&anns[1]["keypoints"]), [0.0; 9]);
    assert_eq!(anns[1]["num_keypoints"], 0);

    // JSONL: `[x, y, v]` per point on every box; read back as it was.
    let rows = export_rows(&p, "submitted");
    let boxes = rows[0]["boxes"].as_array().unwrap();
    assert_eq!(
        boxes[0]["keypoints"],
        json!([[20.0, 10.0, 2.0], [25.5, 8.0, 1.0], [0.0, 0.0, 0.0]])
    );
    assert_eq!(
        boxes[1]["keypoints"],
        json!([[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    );
    let jl = t.path().join("rows.jsonl");
    std::fs::write(
        &jl,
        rows.iter().map(|r| format!("{r}\n")).collect::<String>(),
    )
    .unwrap();
    let q = init_faces(&t.path().join("again"));
    ok(&[&"import", &q, &jl]);
    assert_eq!(export_rows(&q, "submitted")[0]["boxes"], rows[0]["boxes"]);
}

#[test]
fn an_image_folder_export_carries_the_poses_in_objects_and_they_come_back() {
    let t = tempfile::tempdir().unwrap();
    let p = init_faces(t.path());
    ok(&[
        &"import",
        &p,
        &coco_with_keypoints(t.path(), json!([20, 10, 2, 25.5, 8, 1, 0, 0, 0])),
    ]);
    let hf = t.path().join("hf");
    ok(&[&"export", &p, &"--format", &"imagefolder", &"--out", &hf]);
    let meta = read_jsonl(&hf.join("train/metadata.jsonl"));
    assert_eq!(
        meta[0]["objects"]["keypoints"],
        json!([
            [[20.0, 10.0, 2.0], [25.5, 8.0, 1.0], [0.0, 0.0, 0.0]],
            [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
        ])
    );
    assert!(
        meta[0]["objects"].get("polygons").is_none(),
        "a pose task has no outlines"
    );
    // Opened as a project: the poses come back as drafts.
    let q = t.path().join("q");
    ok(&[
        &"init",
        &q,
        &"--media",
        &hf.join("train/metadata.jsonl"),
        &"--config",
        &t.path().join("face.toml"),
    ]);
    let rows = export_rows(&q, "all");
    assert_eq!(rows[0]["boxes"][0]["keypoints"][1], json!([25.5, 8.0, 1.0]));
}

#[test]
fn keypoints_that_do_not_fit_the_task_refuse_the_file_or_are_kept_and_said() {
    let t = tempfile::tempdir().unwrap();
    let p = init_faces(t.path());
    // Two points where the task names three: taken by position they would be wrong.
    let out = keylabel(&[
        &"import",
        &p,
        &coco_with_keypoints(t.path(), json!([1, 1, 2, 2, 2, 2])),
    ]);
    assert!(!out.status.success());
    let e = stderr(&out);
    assert!(
        e.contains("pose.json")
            && e.contains("2 keypoints")
            && e.contains("names 3 (nose, left_eye, right_eye)"),
        "{e}"
    );
    // A v that is not 0, 1 or 2, and a count not in threes, name the annotation.
    for (bad, says) in [
        (json!([1, 1, 7, 0, 0, 0, 0, 0, 0]), "v is 0, 1 or 2"),
        (json!([1, 1]), "in threes"),
    ] {
        let out = keylabel(&[&"import", &p, &coco_with_keypoints(t.path(), bad)]);
        let e = stderr(&out);
        assert!(
            !out.status.success() && e.contains("annotations[0] (id 5)") && e.contains(says),
            "{e}"
        );
    }
    assert!(
        export_rows(&p, "all")
            .iter()
            .all(|r| r["boxes"] == json!([])),
        "nothing imported"
    );

    // A task naming no keypoints keeps them, says how to name them, and exports them.
    let imgs = t.path().join("images");
    let plain = t.path().join("plain");
    ok(&[&"init", &plain, &"--media", &imgs, &"--labels", &"person"]);
    let out = keylabel(&[
        &"import",
        &plain,
        &coco_with_keypoints(t.path(), json!([20, 10, 2, 0, 0, 0, 30, 9, 2])),
    ]);
    assert!(out.status.success());
    let said = format!("{}{}", stdout(&out), stderr(&out));
    assert!(
        said.contains(r#"keypoints = ["nose","left_eye","right_eye"]"#),
        "{said}"
    );
    let rows = export_rows(&plain, "submitted");
    assert_eq!(rows[0]["boxes"][0]["keypoints"][2], json!([30.0, 9.0, 2.0]));
    assert_eq!(
        rows[0]["boxes"][1]["keypoints"],
        json!([]),
        "one shape in every row"
    );
}

#[test]
fn a_yolo_export_is_ultralytics_pose_with_its_flips_and_comes_back() {
    let t = tempfile::tempdir().unwrap();
    let p = init_faces(t.path());
    let kp = json!([16, 12, 2, 32, 6, 1, 0, 0, 0]);
    ok(&[&"import", &p, &coco_with_keypoints(t.path(), kp)]);
    let y = t.path().join("yolo");
    ok(&[&"export", &p, &"--format", &"yolo", &"--out", &y]);
    let yaml = std::fs::read_to_string(y.join("data.yaml")).unwrap();
    assert!(yaml.contains("kpt_shape: [3, 3]\n"), "{yaml}");
    assert!(
        yaml.contains("flip_idx: [0, 2, 1]\n"),
        "left and right eyes swap: {yaml}"
    );
    let text = std::fs::read_to_string(y.join("labels/img2.txt")).unwrap();
    let lines: Vec<Vec<f64>> = (text.lines())
        .map(|l| l.split(' ').map(|v| v.parse().unwrap()).collect())
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(lines.iter().all(|l| l.len() == 5 + 9), "{text}");
    let r6 = |v: f64| (v * 1e6).round() / 1e6;
    assert_eq!(
        lines[0][5..],
        [
            r6(0.25),
            r6(0.25),
            2.0,
            r6(0.5),
            r6(0.125),
            1.0,
            0.0,
            0.0,
            0.0
        ]
    );

    let q = init_faces(&t.path().join("again"));
    ok(&[&"import", &q, &y]);
    let rows = export_rows(&q, "submitted");
    assert_eq!(
        rows[0]["boxes"][0]["keypoints"],
        json!([[16.0, 12.0, 2.0], [32.0, 6.0, 1.0], [0.0, 0.0, 0.0]])
    );

    // A pose dataset of another shape is refused before anything is stored.
    std::fs::write(
        y.join("data.yaml"),
        yaml.replace("kpt_shape: [3, 3]", "kpt_shape: [17, 3]"),
    )
    .unwrap();
    let r = init_faces(&t.path().join("third"));
    let out = keylabel(&[&"import", &r, &y]);
    assert!(
        !out.status.success() && stderr(&out).contains("17 keypoints"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn agreement_compares_the_poses_of_the_boxes_two_annotators_both_drew() {
    let t = tempfile::tempdir().unwrap();
    let p = init_faces(t.path());
    ok(&[
        &"import",
        &p,
        &coco_with_keypoints(t.path(), json!([20, 10, 2, 25.5, 8, 1, 0, 0, 0])),
    ]);
    // ben put the same person's nose 12 px lower on a 30×40 box: another point, for OKS.
    let mut rows = export_rows(&p, "submitted");
    rows[0]["annotator"] = json!("ben");
    rows[0]["boxes"][0]["keypoints"][0] = json!([20.0, 22.0, 2.0]);
    let ben = t.path().join("ben.jsonl");
    std::fs::write(&ben, format!("{}\n", rows[0])).unwrap();
    ok(&[&"import", &p, &ben]);

    let json: Value = serde_json::from_str(&ok(&[&"stats", &p, &"--json"])).unwrap();
    let qs = json["agreement"]["questions"].as_array().unwrap();
    let q = qs
        .iter()
        .find(|q| q["question"] == "boxes · keypoints")
        .expect("a keypoints row");
    assert_eq!(
        (&q["measure"], &q["pairs"]),
        (&json!("keypoints"), &json!(1))
    );
    let alike = q["agreement"].as_f64().unwrap();
    // The left eye agrees; the nose 12 px off scores near 0 (COCO σ 0.026 for a nose):
    // about half alike.
    assert!(alike > 0.45 && alike < 0.55, "{alike}");
    assert_eq!(q["pairs_below"], json!(0), "not under COCO's 0.5");
    assert_eq!(
        json["agreement"]["questions"][0]["agreement"],
        json!(1.0),
        "the boxes agree"
    );
    // Which points they put apart: the nose, then the eye they agree on.
    let points = q["least_alike_keypoints"].as_array().unwrap();
    assert_eq!(points[0]["keypoint"], "nose");
    assert!(points[0]["alike"].as_f64().unwrap() < 0.05, "{points:?}");
    assert_eq!(
        (&points[1]["keypoint"], &points[1]["alike"]),
        (&json!("left_eye"), &json!(1.0))
    );
    assert_eq!(points.len(), 2, "the right eye neither placed: {points:?}");
    let said = ok(&[&"stats", &p]);
    assert!(
        said.contains("keypoints alike (COCO's OKS) over 1 box pairs"),
        "{said}"
    );
    assert!(
        said.contains("least alike keypoints: nose 0%, left_eye 100%"),
        "{said}"
    );
}

#[test]
fn a_pose_models_predictions_come_in_as_poses_to_correct() {
    let t = tempfile::tempdir().unwrap();
    let p = init_faces(t.path());
    // As `yolo predict save_txt=True save_conf=True` writes them for a -pose model (no
    // data.yaml): the box, each keypoint with its confidence, the box's confidence. The
    // second line's model gives no keypoint confidences; the third is too weak.
    let preds = t.path().join("predict/labels");
    std::fs::create_dir_all(&preds).unwrap();
    std::fs::write(
        preds.join("img2.txt"),
        "0 0.5 0.5 0.5 0.5 0.25 0.25 0.93 0.5 0.125 0.31 0.4 0.2 0.6 0.88\n\
         0 0.2 0.2 0.2 0.2 0.1 0.1 0.2 0.2 0 0 0.77\n\
         0 0.8 0.8 0.2 0.2 0.8 0.8 0.9 0.8 0.8 0.9 0.8 0.8 0.9 0.12\n",
    )
    .unwrap();
    ok(&[&"import", &p, &preds, &"--draft", &"--min-score", &"0.5"]);
    let rows = export_rows(&p, "all");
    let row = rows.iter().find(|r| r["media"] == "img2.jpg").unwrap();
    assert_eq!(row["status"], "draft");
    let boxes = row["boxes"].as_array().unwrap();
    assert_eq!(boxes.len(), 2, "{boxes:?}");
    // 64×48: a point seen with confidence 0.93 is visible; 0.31 is not taken for seen.
    assert_eq!(
        boxes[0]["keypoints"],
        json!([[16.0, 12.0, 2.0], [0.0, 0.0, 0.0], [25.6, 9.6, 2.0]])
    );
    assert_eq!(
        boxes[1]["keypoints"],
        json!([[6.4, 4.8, 2.0], [12.8, 9.6, 2.0], [0.0, 0.0, 0.0]])
    );
}

#[test]
fn the_poses_preset_names_cocos_seventeen_points_and_pairs_every_side() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let p = t.path().join("poses");
    ok(&[&"init", &p, &"--media", &imgs, &"--template", &"poses"]);
    let y = t.path().join("yolo");
    ok(&[
        &"export",
        &p,
        &"--format",
        &"yolo",
        &"--status",
        &"all",
        &"--out",
        &y,
    ]);
    let yaml = std::fs::read_to_string(y.join("data.yaml")).unwrap();
    assert!(yaml.contains("kpt_shape: [17, 3]"), "{yaml}");
    // Ultralytics' own coco-pose.yaml flips these the same way.
    assert!(
        yaml.contains("flip_idx: [0, 2, 1, 4, 3, 6, 5, 8, 7, 10, 9, 12, 11, 14, 13, 16, 15]"),
        "{yaml}"
    );
}

#[cfg(feature = "gui")]
mod app {
    use super::*;
    use common::ui::*;
    use egui::{Key, Modifiers, Pos2, pos2};
    use egui_kittest::kittest::Queryable;
    use keylabel::ui::app::KeylabelApp;

    type H = egui_kittest::Harness<'static, KeylabelApp>;

    fn at(h: &H, x: f32, y: f32) -> Pos2 {
        work(h)
            .canvas
            .last_view
            .expect("canvas drawn")
            .to_screen(pos2(x, y))
    }

    fn click_image(h: &mut H, x: f32, y: f32, modifiers: Modifiers) {
        let p = at(h, x, y);
        if modifiers.is_none() {
            return click(h, p);
        }
        h.event(egui::Event::PointerMoved(p));
        h.run_steps(1);
        let button = |pressed| egui::Event::PointerButton {
            pos: p,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers,
        };
        h.event(button(true));
        h.event_modifiers(button(false), modifiers);
        h.run_steps(2);
    }

    fn points(h: &H) -> Vec<[f32; 3]> {
        stored(h).boxes[0].keypoints.clone()
    }

    #[test]
    fn a_box_drawn_goes_on_to_its_points_in_order_and_they_are_edited_in_place() {
        let t = tempfile::tempdir().unwrap();
        let p = init_faces(t.path());
        let mut h = harness(&p);
        wait_loaded(&mut h);

        // A box, then straight on to its points: the nose (visible), the left eye (Shift:
        // hidden), Space passes over the right eye; the last point ends placing.
        draw_box(&mut h, (8.0, 4.0), (48.0, 44.0));
        assert_eq!(work(&h).canvas.placing.map(|pl| pl.next), Some(0));
        click_image(&mut h, 20.0, 10.0, Modifiers::NONE);
        click_image(&mut h, 30.0, 8.0, Modifiers::SHIFT);
        assert_eq!(work(&h).canvas.placing.map(|pl| pl.next), Some(2));
        key(&mut h, Key::Space);
        assert!(work(&h).canvas.placing.is_none());
        assert!(
            work(&h).message.contains("2 of 3 keypoints placed"),
            "{}",
            work(&h).message
        );
        let k = points(&h);
        assert_eq!(k[2], [0.0; 3]);
        assert!((k[0][0] - 20.0).abs() < 0.5 && k[0][2] == 2.0, "{k:?}");
        assert!((k[1][1] - 8.0).abs() < 0.5 && k[1][2] == 1.0, "{k:?}");
        assert_eq!(
            stored(&h).boxes.len(),
            1,
            "the clicks placed points, drew no box"
        );

        // K goes on from the first point not placed; Backspace takes the last one back.
        key(&mut h, Key::K);
        assert_eq!(work(&h).canvas.placing.map(|pl| pl.next), Some(2));
        click_image(&mut h, 12.0, 8.0, Modifiers::NONE);
        assert!(work(&h).canvas.placing.is_none() && points(&h)[2][2] == 2.0);
        assert!(
            work(&h).message.contains("3 of 3 keypoints placed"),
            "{}",
            work(&h).message
        );
        key(&mut h, Key::K);
        assert!(
            work(&h).message.contains("all 3 keypoints are placed"),
            "{}",
            work(&h).message
        );
        click_image(&mut h, 12.0, 8.0, Modifiers::SHIFT);
        click_image(&mut h, 12.0, 8.0, Modifiers::SHIFT);
        assert_eq!(
            points(&h)[2],
            [0.0; 3],
            "Shift+click hides a point, then takes it away"
        );
        key(&mut h, Key::K);
        click_image(&mut h, 14.0, 9.0, Modifiers::NONE);
        key(&mut h, Key::K);
        // (all placed again: K only says so)
        assert!(work(&h).canvas.placing.is_none());

        // A point dragged moves alone, keeping its visibility; the box dragged takes them all.
        let (from, to) = (at(&h, 30.0, 8.0), at(&h, 34.0, 12.0));
        drag(&mut h, from, to);
        let k = points(&h);
        assert!(
            (k[1][0] - 34.0).abs() < 0.5 && k[1][2] == 1.0 && (k[0][0] - 20.0).abs() < 0.5,
            "{k:?}"
        );
        let (from, to) = (at(&h, 40.0, 30.0), at(&h, 45.0, 32.0));
        drag(&mut h, from, to);
        let b = stored(&h).boxes[0].clone();
        assert!(
            (b.x - 13.0).abs() < 0.5 && (b.keypoints[0][0] - 25.0).abs() < 0.5,
            "{b:?}"
        );

        // Esc leaves placing for later; the status line names the next point meanwhile.
        draw_box(&mut h, (55.0, 2.0), (63.0, 20.0));
        assert_eq!(work(&h).canvas.placing.map(|pl| pl.object), Some(1));
        click_image(&mut h, 58.0, 10.0, Modifiers::NONE);
        assert!(
            h.query_by_label_contains("keypoints: click left_eye (2 of 3)")
                .is_some()
        );
        key(&mut h, Key::Backspace);
        assert_eq!(work(&h).canvas.placing.map(|pl| pl.next), Some(0));
        assert_eq!(
            stored(&h).boxes[1].placed_keypoints(),
            0,
            "Backspace took it back"
        );
        key(&mut h, Key::Escape);
        assert!(work(&h).canvas.placing.is_none());
        assert_eq!(stored(&h).boxes.len(), 2, "Esc dropped no box");
        // W leaves placing for a new box at once.
        key(&mut h, Key::K);
        assert!(work(&h).canvas.placing.is_some());
        key(&mut h, Key::W);
        assert!(work(&h).canvas.placing.is_none() && work(&h).canvas.draw_mode);
    }

    fn bounds(h: &H, i: usize) -> [f32; 4] {
        let b = stored(h).boxes[i].clone();
        [b.x, b.y, b.x + b.w, b.y + b.h].map(|v| (v * 10.0).round() / 10.0)
    }

    #[test]
    fn k_with_no_box_selected_places_the_points_first_and_fits_the_box_around_them() {
        let t = tempfile::tempdir().unwrap();
        let p = init_faces(t.path());
        let mut h = harness(&p);
        wait_loaded(&mut h);

        // K with nothing selected: no box yet; the first click makes one around its point.
        key(&mut h, Key::K);
        let pl = work(&h).canvas.placing.expect("placing");
        assert!(
            pl.fit && pl.next == 0 && stored(&h).boxes.is_empty(),
            "{pl:?}"
        );
        click_image(&mut h, 20.0, 10.0, Modifiers::NONE);
        assert_eq!(stored(&h).boxes.len(), 1);
        assert_eq!(
            bounds(&h, 0),
            [16.0, 6.0, 24.0, 14.0],
            "4 px around one point"
        );
        assert_eq!(stored(&h).boxes[0].label, "person");
        // Each point placed fits it again (a tenth of the larger side, 4 px at least).
        click_image(&mut h, 30.0, 40.0, Modifiers::NONE);
        assert_eq!(bounds(&h, 0), [16.0, 6.0, 34.0, 44.0]);
        // Backspace takes a point back and refits; the last point back takes the box away.
        key(&mut h, Key::Backspace);
        assert_eq!(bounds(&h, 0), [16.0, 6.0, 24.0, 14.0]);
        key(&mut h, Key::Backspace);
        assert!(stored(&h).boxes.is_empty(), "{:?}", stored(&h).boxes);
        let pl = work(&h).canvas.placing.expect("still placing");
        assert_eq!((pl.next, pl.object, pl.fit), (0, 0, true));

        // Placed again, the left eye hidden, the right one not in the picture: done.
        click_image(&mut h, 20.0, 10.0, Modifiers::NONE);
        click_image(&mut h, 30.0, 40.0, Modifiers::SHIFT);
        key(&mut h, Key::Space);
        assert!(work(&h).canvas.placing.is_none());
        assert!(
            work(&h)
                .message
                .contains("2 of 3 keypoints placed, the box fitted around them"),
            "{}",
            work(&h).message
        );
        let k = points(&h);
        assert_eq!((k[0][2], k[1][2], k[2][2]), (2.0, 1.0, 0.0), "{k:?}");
        assert_eq!(
            work(&h).session.selected,
            Some(0),
            "its edges can be dragged at once"
        );

        // K then begins the next object (not the passed-over point of this one).
        key(&mut h, Key::K);
        let pl = work(&h).canvas.placing.expect("the next object");
        assert_eq!((pl.next, pl.object, pl.fit), (0, 1, true));
        click_image(&mut h, 50.0, 30.0, Modifiers::NONE);
        key(&mut h, Key::Escape);
        assert_eq!(stored(&h).boxes.len(), 2);
        assert_eq!(bounds(&h, 1), [46.0, 26.0, 54.0, 34.0]);
        assert_eq!(
            bounds(&h, 0),
            [16.0, 6.0, 34.0, 44.0],
            "the first kept as it was"
        );
        // Left for later (Esc), K goes on with that object's next point instead.
        key(&mut h, Key::K);
        let pl = work(&h).canvas.placing.expect("going on");
        assert_eq!((pl.next, pl.object, pl.fit), (1, 1, false));
    }

    #[test]
    fn k_on_a_task_without_keypoints_says_how_to_have_them() {
        let t = tempfile::tempdir().unwrap();
        let imgs = image_folder(t.path());
        let p = t.path().join("plain");
        ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat"]);
        let mut h = harness(&p);
        wait_loaded(&mut h);
        key(&mut h, Key::K);
        assert!(
            work(&h).message.contains("no keypoints"),
            "{}",
            work(&h).message
        );
        assert!(work(&h).canvas.placing.is_none());
    }
}
