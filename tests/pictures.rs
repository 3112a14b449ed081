//! Records that name pictures (a text-to-image comparison's `image_a` and `image_b`): the
//! paths are found from the records file's folder, a missing one is said at import with its
//! line, the app shows the pictures in place of the paths, and exports keep the paths.

mod common;
use common::*;
use serde_json::json;
use std::path::Path;

/// Records in `dir/run/items.jsonl` naming pictures in `dir/pics` (one of them missing on
/// line 3 when `missing`).
fn records(dir: &Path, missing: bool) -> std::path::PathBuf {
    write_png(&dir.join("pics/a.png"), 40, 30);
    write_png(&dir.join("pics/b.png"), 30, 40);
    let gone = if missing { "gone.png" } else { "a.png" };
    let lines = [
        json!({"prompt": "a red square", "image_a": "../pics/a.png", "image_b": "../pics/b.png"}),
        json!({"prompt": "a tall box", "image_a": "../pics/b.png", "image_b": "../pics/a.png"}),
        json!({"prompt": "a cat", "image_a": format!("../pics/{gone}"), "image_b": "../pics/b.png"}),
    ];
    write_records(&dir.join("run/items.jsonl"), &lines)
}

fn task() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/image-comparison/task.toml")
}

#[test]
fn a_missing_picture_is_said_with_its_line_and_the_records_go_in() {
    let t = tempfile::tempdir().unwrap();
    let items = records(t.path(), true);
    let p = t.path().join("p");
    let out = keylabel(&[&"init", &p, &"--media", &items, &"--config", &task()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = format!("{}{}", stdout(&out), stderr(&out));
    assert!(
        said.contains("items.jsonl:3") && said.contains("1 picture named here was not found"),
        "{said}"
    );
    assert!(
        said.contains("line 3 `image_a`: ../pics/gone.png"),
        "{said}"
    );
    // The exports keep each record's paths as it gave them.
    let rows = export_rows(&p, "all");
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["data"]["image_a"], "../pics/a.png");
}

/// The records and their pictures under `t/data` made into a project at `t/p`, then the
/// data moved to `t/moved`.
fn moved_records(t: &Path) -> std::path::PathBuf {
    let items = records(&t.join("data"), false);
    let p = t.join("p");
    ok(&[&"init", &p, &"--media", &items, &"--config", &task()]);
    std::fs::rename(t.join("data"), t.join("moved")).unwrap();
    p
}

#[test]
fn records_moved_with_their_pictures_are_found_again() {
    let t = tempfile::tempdir().unwrap();
    let p = moved_records(t.path());
    // A folder that does not hold the pictures is refused, and nothing changes.
    let out = keylabel(&[&"relocate", &p, &t.path().join("moved")]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("does not hold ../pics/a.png"),
        "{}",
        stderr(&out)
    );
    let said = ok(&[&"relocate", &p, &t.path().join("moved/run")]);
    assert!(said.contains("3 items moved"), "{said}");
    let pr = keylabel::project::Project::open(&p, None).unwrap();
    for it in pr.store.items_page(Default::default(), 0, 10).unwrap() {
        let rel = it.data["image_b"].as_str().unwrap();
        assert!(pr.field_file(&it, rel).is_file(), "{rel}");
    }
    assert!(pr.lost_roots().unwrap().is_empty());
}

#[test]
fn an_image_folder_export_links_the_pictures_and_names_the_one_preferred() {
    let t = tempfile::tempdir().unwrap();
    let items = records(t.path(), true);
    let p = t.path().join("p");
    ok(&[&"init", &p, &"--media", &items, &"--config", &task()]);
    {
        let mut pr = keylabel::project::Project::open(&p, Some("ana".into())).unwrap();
        let ids = pr.store.item_ids(Default::default()).unwrap();
        for (id, pick) in ids.iter().zip(["image_b", "tie", "image_b"]) {
            let mut fields = serde_json::Map::new();
            fields.insert("preference".into(), json!(pick));
            let ann = keylabel::core::Annotation {
                fields,
                ..Default::default()
            };
            pr.store.save_annotation(*id, "ana", &ann, 1_000).unwrap();
            pr.store.submit(*id, "ana", 2_000).unwrap();
        }
    }
    let out = t.path().join("hf");
    let said = ok(&[&"export", &p, &"--format", &"imagefolder", &"--out", &out]);
    assert!(
        said.contains("3 items; 1 picture not found, left empty"),
        "{said}"
    );
    let rows = read_jsonl(&out.join("train/metadata.jsonl"));
    assert_eq!(rows.len(), 3);
    let file = |v: &serde_json::Value| out.join("train").join(v.as_str().unwrap());
    // Each picture linked once, named as HF reads an image column: `<field>_file_name`.
    assert_eq!(rows[0]["image_a_file_name"], "pics__a.png");
    assert_eq!(rows[1]["image_a_file_name"], "pics__b.png");
    assert_eq!(
        file(&rows[0]["image_b_file_name"]),
        file(&rows[1]["image_a_file_name"])
    );
    assert!(file(&rows[0]["image_a_file_name"]).is_file());
    // The picture picked and the other; none for a tie; the missing one left empty.
    assert_eq!(rows[0]["chosen_file_name"], rows[0]["image_b_file_name"]);
    assert_eq!(rows[0]["rejected_file_name"], rows[0]["image_a_file_name"]);
    assert!(rows[1]["chosen_file_name"].is_null());
    assert!(rows[2]["image_a_file_name"].is_null());
    assert!(rows[2]["rejected_file_name"].is_null());
    assert_eq!(rows[2]["chosen_file_name"], rows[2]["image_b_file_name"]);
    // The prompt and the answers beside them.
    assert_eq!(rows[0]["prompt"], "a red square");
    assert_eq!(rows[0]["preference"], "image_b");
    assert_eq!(rows[0]["annotator"], "ana");
}

#[test]
fn the_pictures_are_found_from_the_records_folder_wherever_the_project_is() {
    let t = tempfile::tempdir().unwrap();
    let items = records(t.path(), false);
    let p = t.path().join("elsewhere/deep/p");
    // The preset for it, as `keylabel templates` lists it.
    let said = ok(&[
        &"init",
        &p,
        &"--media",
        &items,
        &"--template",
        &"image-comparison",
    ]);
    assert!(!said.contains("not found"), "{said}");
    let pr = keylabel::project::Project::open(&p, None).unwrap();
    for it in pr.store.items_page(Default::default(), 0, 10).unwrap() {
        for f in ["image_a", "image_b"] {
            let rel = it.data[f].as_str().unwrap();
            let at = pr.field_file(&it, rel);
            assert!(at.is_file(), "{f}: {}", at.display());
        }
    }
}

/// Records about one image each (`image` names it, as a VLM's evaluation data does), with
/// a text task comparing two answers beside them as `task.toml`.
fn vlm_records(dir: &Path) -> std::path::PathBuf {
    write_png(&dir.join("pics/a.png"), 40, 30);
    let line = json!({"image": "pics/a.png", "question": "What colour is it?",
        "response_a": "Black.", "response_b": "Red."});
    let items = dir.join("items.jsonl");
    std::fs::write(&items, format!("{line}\n")).unwrap();
    std::fs::write(
        dir.join("task.toml"),
        "[task]\nname = \"Which answer about the image is right?\"\nmedia = \"text\"\n\
         show = [\"image\", \"question\"]\n[[controls]]\nname = \"preference\"\n\
         type = \"compare\"\nfields = [\"response_a\", \"response_b\"]\n",
    )
    .unwrap();
    items
}

#[test]
fn a_text_task_on_records_naming_images_makes_text_items_that_show_them() {
    let t = tempfile::tempdir().unwrap();
    let items = vlm_records(t.path());
    let p = t.path().join("p");
    // Told nothing of the task, init takes the one beside the records (a text task).
    let said = ok(&[&"init", &p, &"--media", &items]);
    assert!(said.contains("1 item"), "{said}");
    let pr = keylabel::project::Project::open(&p, None).unwrap();
    let it = pr
        .store
        .items_page(Default::default(), 0, 1)
        .unwrap()
        .remove(0);
    assert_eq!(it.kind, keylabel::core::MediaKind::Text);
    assert!(pr.field_file(&it, "pics/a.png").is_file());
    // An image task on the same records still makes image items of them.
    let q = t.path().join("q");
    ok(&[&"init", &q, &"--media", &items, &"--labels", &"cat"]);
    let pr = keylabel::project::Project::open(&q, None).unwrap();
    let it = pr
        .store
        .items_page(Default::default(), 0, 1)
        .unwrap()
        .remove(0);
    assert_eq!(it.kind, keylabel::core::MediaKind::Image);
}

#[cfg(feature = "gui")]
mod app {
    use super::*;
    use crate::common::ui::*;
    use egui::Key;
    use egui_kittest::kittest::Queryable;
    use keylabel::ui::field_images;

    /// Clicks the widget labelled so, and draws two frames.
    fn press(h: &mut egui_kittest::Harness<'_, keylabel::ui::KeylabelApp>, label: &str) {
        h.get_by_label(label).click();
        h.run_steps(2);
    }

    #[test]
    fn the_pictures_are_shown_side_by_side_and_one_is_seen_larger() {
        let t = tempfile::tempdir().unwrap();
        let items = records(t.path(), true);
        let p = t.path().join("p");
        ok(&[&"init", &p, &"--media", &items, &"--config", &task()]);
        let mut h = harness(&p);
        wait_loaded(&mut h);
        // Both pictures in place of their paths; the next item's prefetched with them.
        assert!(h.query_by_label("[1] image_a: ../pics/a.png").is_some());
        assert!(h.query_by_label("[2] image_b: ../pics/b.png").is_some());
        assert_eq!(
            field_images::cached(work(&h)),
            2,
            "a.png and b.png, once each"
        );
        // A choice marks the picture: "preferred" in its title.
        key(&mut h, Key::Num2);
        h.run_steps(2);
        assert!(
            h.query_by_label("[2] image_b · preferred: ../pics/b.png")
                .is_some()
        );
        // A click shows it larger; the work's keys wait until Esc closes it.
        press(&mut h, "[1] image_a: ../pics/a.png");
        assert!(field_images::zoomed(work(&h)));
        key(&mut h, Key::D);
        assert_eq!(work(&h).session.pos, 0, "D while a picture is shown larger");
        key(&mut h, Key::Escape);
        h.run_steps(1);
        assert!(!field_images::zoomed(work(&h)));
        key(&mut h, Key::D);
        assert_eq!(work(&h).session.pos, 1);
        // A picture not on disk says so in its place; the other one shows.
        key(&mut h, Key::D);
        wait_loaded(&mut h);
        assert!(
            h.query_by_label_contains("This picture cannot be shown")
                .is_some()
        );
        assert!(h.query_by_label("[2] image_b: ../pics/b.png").is_some());
        // The Project menu offers the pictures as an image dataset.
        let choices = keylabel::ui::work::export_choices(work(&h));
        assert!(choices.iter().any(|(f, what)| {
            *f == keylabel::project::ExportFormat::ImageFolder && what.starts_with("pictures")
        }));
    }

    #[test]
    fn a_picture_larger_than_the_window_is_seen_at_its_own_pixels() {
        let t = tempfile::tempdir().unwrap();
        let items = vlm_records(t.path());
        write_png(&t.path().join("pics/a.png"), 2000, 1500);
        let p = t.path().join("p");
        ok(&[&"init", &p, &"--media", &items]);
        let mut h = harness(&p);
        wait_loaded(&mut h);
        press(&mut h, "image: pics/a.png");
        assert!(field_images::zoomed(work(&h)));
        assert!(
            h.query_by_label_contains("a click shows its own pixels")
                .is_some()
        );
        // A click shows its pixels one for one, another fits it again; Esc closes.
        press(&mut h, "pics/a.png shown larger");
        assert!(field_images::zoomed_actual(work(&h)));
        assert!(h.query_by_label_contains("drag to look around").is_some());
        press(&mut h, "pics/a.png shown larger");
        assert!(!field_images::zoomed_actual(work(&h)));
        key(&mut h, Key::Escape);
        h.run_steps(1);
        assert!(!field_images::zoomed(work(&h)));
    }

    #[test]
    fn the_records_folder_moved_is_given_its_new_place_in_the_app() {
        let t = tempfile::tempdir().unwrap();
        let p = moved_records(t.path());
        let mut h = harness(&p);
        wait_loaded(&mut h);
        assert!(
            h.query_by_label_contains("the new place of the records' folder")
                .is_some()
        );
        // Asked once, though both pictures of the item are gone.
        assert_eq!(h.query_all_by_label("Use this folder").count(), 1);
        h.state_mut().work_mut().unwrap().relocate.path =
            t.path().join("moved/run").display().to_string();
        h.get_by_label("Use this folder").click();
        for _ in 0..500_000 {
            if work(&h).message.starts_with("found again") {
                break;
            }
            h.step();
        }
        assert!(
            work(&h).message.starts_with("found again: 3 items"),
            "{}",
            work(&h).message
        );
        wait_loaded(&mut h);
        assert!(h.query_by_label("[1] image_a: ../pics/a.png").is_some());
        assert!(h.query_by_label_contains("cannot be shown").is_none());
    }

    #[test]
    fn records_about_an_image_open_with_their_text_task_and_show_it() {
        let t = tempfile::tempdir().unwrap();
        let items = vlm_records(t.path());
        let mut h = app_harness(app_opening(&items));
        assert!(
            h.query_by_label("Use it (Enter)").is_some(),
            "the text task is offered"
        );
        key(&mut h, Key::Enter);
        wait_ready(&mut h);
        wait_loaded(&mut h);
        assert!(h.query_by_label("image: pics/a.png").is_some());
        assert!(h.query_by_label("What colour is it?").is_some());
        assert!(h.query_by_label("Red.").is_some());
    }
}
