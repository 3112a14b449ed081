//! The real app driven with egui_kittest over a temp project; each test asserts what the
//! store holds afterwards.
#![cfg(feature = "gui")]

mod common;
use common::ui::*;
use common::*;
use egui::{Key, Modifiers, Pos2, pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use keylabel::core::{ItemFilter, Status};
use keylabel::project::{InitOptions, Project};
use keylabel::ui::KeylabelApp;
use std::path::Path;

fn project(dir: &Path, config: &str) -> std::path::PathBuf {
    let imgs = image_folder(dir);
    init_with(dir, imgs, config)
}

/// A project in `dir/proj` on `media`, with a sample_data preset's config, as "ana".
fn init_with(dir: &Path, media: std::path::PathBuf, config: &str) -> std::path::PathBuf {
    let p = dir.join("proj");
    let cfg = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_data")
        .join(config)
        .join("task.toml");
    Project::init(
        &p,
        &InitOptions {
            media,
            config: Some(cfg),
            annotator: Some("ana".into()),
            ..Default::default()
        },
    )
    .unwrap();
    p
}

/// Screen position of an image pixel on the canvas.
fn at(h: &Harness<'_, KeylabelApp>, x: f32, y: f32) -> Pos2 {
    work(h)
        .canvas
        .last_view
        .expect("canvas drawn")
        .to_screen(pos2(x, y))
}

/// The boxes the store holds for the current item.
fn stored_boxes(h: &Harness<'_, KeylabelApp>) -> Vec<keylabel::core::BoxAnn> {
    stored(h).boxes
}

#[test]
fn draw_relabel_move_resize_undo_redo_submit() {
    let t = tempfile::tempdir().unwrap();
    let p = project(t.path(), "boxes");
    let mut h = harness(&p);
    // The first item is img2.jpg, 64×48.
    assert_eq!(
        work(&h).session.item.as_ref().unwrap().media.as_deref(),
        Some("img2.jpg")
    );

    // Draw: a drag on empty canvas makes a box with the current label (label 1, "person").
    let (a, b) = (at(&h, 10.0, 10.0), at(&h, 30.0, 40.0));
    drag(&mut h, a, b);
    let boxes = stored_boxes(&h);
    assert_eq!(boxes.len(), 1, "a dragged box is saved");
    assert!(h.query_by_label("1 box on this image").is_some());
    let bx = &boxes[0];
    assert_eq!(bx.label, "person");
    assert!(
        (bx.x - 10.0).abs() < 0.6 && (bx.y - 10.0).abs() < 0.6,
        "{bx:?}"
    );
    assert!(
        (bx.w - 20.0).abs() < 0.6 && (bx.h - 30.0).abs() < 0.6,
        "{bx:?}"
    );
    assert_eq!(
        work(&h).session.item.as_ref().unwrap().status,
        Status::Draft
    );

    // A number key right after drawing picks the next box's label and leaves the new box
    // alone: naming the next object never renames the one just drawn.
    key(&mut h, Key::Num2);
    assert_eq!(stored_boxes(&h)[0].label, "person");
    assert_eq!(work(&h).session.selected, None);
    assert_eq!(work(&h).session.current_label, 1);
    // A box the annotator clicks is renamed by the key.
    key(&mut h, Key::Num3);
    let inside = at(&h, 20.0, 25.0);
    click(&mut h, inside);
    assert_eq!(work(&h).session.selected, Some(0));
    key(&mut h, Key::Num2);
    assert_eq!(stored_boxes(&h)[0].label, "cat");

    // Move: drag from inside the box by (+5, +2) image pixels.
    let (from, to) = (at(&h, 20.0, 25.0), at(&h, 25.0, 27.0));
    drag(&mut h, from, to);
    let m = &stored_boxes(&h)[0];
    assert!(
        (m.x - 15.0).abs() < 0.6 && (m.y - 12.0).abs() < 0.6,
        "moved: {m:?}"
    );
    assert!((m.w - 20.0).abs() < 0.6, "a move keeps the size: {m:?}");

    // Resize: drag the bottom-right corner out to (50, 46).
    let (c, e) = (at(&h, m.x + m.w, m.y + m.h), at(&h, 50.0, 46.0));
    drag(&mut h, c, e);
    let r = &stored_boxes(&h)[0];
    assert!(
        (r.x + r.w - 50.0).abs() < 0.6 && (r.y + r.h - 46.0).abs() < 0.6,
        "resized: {r:?}"
    );
    assert!((r.x - 15.0).abs() < 0.6, "the opposite corner stays: {r:?}");

    // Nudge with arrows (Shift: 10 px).
    key(&mut h, Key::ArrowLeft);
    key_mod(&mut h, Modifiers::SHIFT, Key::ArrowLeft);
    assert!((stored_boxes(&h)[0].x - 4.0).abs() < 0.6);

    // Undo twice (the nudges), redo once; the store follows.
    key_mod(&mut h, Modifiers::COMMAND, Key::Z);
    key_mod(&mut h, Modifiers::COMMAND, Key::Z);
    assert!((stored_boxes(&h)[0].x - 15.0).abs() < 0.6);
    key_mod(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert!((stored_boxes(&h)[0].x - 14.0).abs() < 0.6);

    // Duplicate, then delete the copy.
    key_mod(&mut h, Modifiers::COMMAND, Key::D);
    assert_eq!(stored_boxes(&h).len(), 2);
    key(&mut h, Key::Delete);
    assert_eq!(stored_boxes(&h).len(), 1);

    // Enter submits and moves on.
    let first = work(&h).session.item.as_ref().unwrap().id;
    key(&mut h, Key::Enter);
    let s = &work(&h).session;
    assert_eq!(
        s.project.store.item(first).unwrap().status,
        Status::Submitted
    );
    assert_eq!(s.pos, 1);
    let t = s.project.store.timing(first, "ana").unwrap().unwrap();
    assert!(t.submitted_at.is_some() && t.visits == 1 && t.keys > 0);

    // Ctrl+V copies the previous item's boxes; a second one stacks no copy on them.
    key_mod(&mut h, Modifiers::COMMAND, Key::V);
    assert_eq!(stored_boxes(&h).len(), 1);
    key_mod(&mut h, Modifiers::COMMAND, Key::V);
    assert_eq!(stored_boxes(&h).len(), 1);
    assert_eq!(
        work(&h).message,
        "the previous item's boxes are here already"
    );
}

#[test]
fn navigation_skip_flag_and_help() {
    let t = tempfile::tempdir().unwrap();
    let p = project(t.path(), "boxes");
    let mut h = harness(&p);
    key(&mut h, Key::D);
    assert_eq!(work(&h).session.pos, 1);
    key(&mut h, Key::D);
    key(&mut h, Key::A);
    assert_eq!(work(&h).session.pos, 1);
    key(&mut h, Key::F);
    let id = work(&h).session.item.as_ref().unwrap().id;
    assert!(work(&h).session.project.store.item(id).unwrap().flagged);
    key_mod(&mut h, Modifiers::COMMAND, Key::Space);
    let s = &work(&h).session;
    assert_eq!(s.project.store.item(id).unwrap().status, Status::Skipped);
    assert_eq!(s.pos, 2);
    assert_eq!(
        s.project
            .store
            .count(ItemFilter::Status(Status::Skipped))
            .unwrap(),
        1
    );
    key(&mut h, Key::F1);
    assert!(work(&h).show_help);
    key(&mut h, Key::F1);
    assert!(!work(&h).show_help);
}

#[test]
fn single_choice_picks_submits_and_advances_in_one_key() {
    let t = tempfile::tempdir().unwrap();
    let p = project(t.path(), "image-classification");
    let mut h = harness(&p);
    let first = work(&h).session.item.as_ref().unwrap().id;
    key(&mut h, Key::Num2);
    let s = &work(&h).session;
    assert_eq!(s.pos, 1, "advanced");
    let ann = s.project.store.annotation(first, "ana").unwrap().unwrap();
    assert_eq!(ann.labels, vec!["outdoor"]);
    assert_eq!(
        s.project.store.item(first).unwrap().status,
        Status::Submitted
    );
    // Undo on the new item does not touch the previous one; going back and undoing does.
    key(&mut h, Key::A);
    key_mod(&mut h, Modifiers::COMMAND, Key::Z);
    let s = &work(&h).session;
    assert_eq!(s.project.store.annotation(first, "ana").unwrap(), None);
}

#[test]
fn undo_history_survives_closing_the_app() {
    let t = tempfile::tempdir().unwrap();
    let p = project(t.path(), "boxes");
    {
        let mut h = harness(&p);
        let (a, b) = (at(&h, 5.0, 5.0), at(&h, 25.0, 25.0));
        drag(&mut h, a, b);
        assert_eq!(stored_boxes(&h).len(), 1);
    }
    let mut h = harness(&p);
    assert_eq!(
        stored_boxes(&h).len(),
        1,
        "the box is there after a restart"
    );
    key_mod(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(stored_boxes(&h).is_empty(), "and its undo too");
    key_mod(&mut h, Modifiers::COMMAND, Key::Y);
    assert_eq!(stored_boxes(&h).len(), 1);
}

#[test]
fn an_unreadable_image_says_why_and_can_be_skipped() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    // A JPEG whose header is fine but whose data is cut: it is an item, but cannot be shown.
    let good = std::fs::read(imgs.join("img2.jpg")).unwrap();
    std::fs::write(imgs.join("img1.jpg"), &good[..good.len() / 3]).unwrap();
    let p = init_with(t.path(), imgs, "boxes");
    let mut h = harness(&p);
    assert_eq!(
        work(&h).session.item.as_ref().unwrap().media.as_deref(),
        Some("img1.jpg")
    );
    // The decode runs on a worker: step frames (no sleeping) until it has answered.
    for _ in 0..200_000 {
        if !work(&h).current_image_loading() {
            break;
        }
        h.step();
    }
    assert!(
        !work(&h).current_image_loading(),
        "the decoder never answered"
    );
    h.run_steps(1);
    assert!(
        h.query_by_label_contains("This image cannot be shown")
            .is_some()
    );
    key_mod(&mut h, Modifiers::COMMAND, Key::Space);
    let s = &work(&h).session;
    assert_eq!(s.pos, 1, "skipped past it");
    assert_eq!(
        s.project
            .store
            .count(ItemFilter::Status(Status::Skipped))
            .unwrap(),
        1
    );
}

#[test]
fn the_menu_goes_back_to_the_start_screen_and_reopens() {
    let t = tempfile::tempdir().unwrap();
    let p = project(t.path(), "boxes");
    let mut h = harness(&p);
    h.get_by_label("Project").click();
    h.run_steps(3);
    h.get_by_label("Open another project or folder…").click();
    h.run_steps(2);
    assert!(h.state().work().is_none());
    assert!(h.query_by_label("Open").is_some());
    // `open` returns at once with the project opening on a worker (asked before any frame:
    // on a quick machine the worker is done by the next one).
    h.state_mut().open(&p);
    assert!(h.state().busy(), "opened on a worker");
    assert!(h.state().work().is_none());
    wait_ready(&mut h);
    assert!(h.state().work().is_some());
}

#[test]
fn a_bare_image_folder_asks_for_labels_once_then_opens() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let app = app_opening(&imgs);
    assert!(app.work().is_none(), "a bare folder asks first");
    let mut h = app_harness(app);
    key(&mut h, Key::Enter);
    h.run_steps(1);
    assert!(
        h.query_by_label("Give at least one label.").is_some(),
        "an empty answer says what is missing, on this screen"
    );
    assert!(!h.state().creating() && h.state().work().is_none());
    h.get_by_role(egui::accesskit::Role::TextInput)
        .type_text("cat, dog");
    h.run_steps(1);
    h.key_press(Key::Enter); // Enter creates, as the Create button does
    h.run_steps(1);
    assert!(h.state().creating(), "the project is made on a worker");
    wait_ready(&mut h);
    let w = work(&h);
    let names: Vec<&str> = w
        .session
        .project
        .config
        .labels
        .iter()
        .map(|l| l.name.as_str())
        .collect();
    assert_eq!(names, vec!["cat", "dog"]);
    assert_eq!(w.session.ids.len(), 4);
    assert!(
        imgs.join("keylabel.toml").is_file(),
        "the project lives in the folder"
    );
    // The next time (this window closed), the folder opens straight away.
    drop(h);
    let again = app_opening(&imgs);
    let mut h = app_harness(again);
    wait_ready(&mut h);
    assert!(h.state().work().is_some());
}

#[test]
fn cancelling_a_new_project_leaves_the_folder_as_it_was() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let before = file_names(&imgs);
    let app = app_opening(&imgs);
    let mut h = app_harness(app);
    create_with_labels(&mut h, "cat");
    assert!(h.state().creating());
    key(&mut h, Key::Escape);
    wait_ready(&mut h);
    // Whether the cancel stopped the worker or came after it finished, no project remains.
    assert!(h.state().work().is_none());
    assert!(
        h.state()
            .message
            .starts_with("Cancelled: no project was made"),
        "{}",
        h.state().message
    );
    assert_eq!(file_names(&imgs), before, "nothing added or left behind");
    // And the folder can be made a project afterwards.
    h.state_mut().open(&imgs);
    h.run_steps(2);
    create_with_labels(&mut h, "cat");
    wait_ready(&mut h);
    assert_eq!(work(&h).session.ids.len(), 4);
}

#[test]
fn with_no_labels_a_drag_says_how_to_add_them_and_draws_nothing() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let p = t.path().join("proj");
    Project::init(
        &p,
        &InitOptions {
            media: imgs,
            annotator: Some("ana".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let mut h = harness(&p);
    wait_loaded(&mut h);
    let (a, b) = (at(&h, 10.0, 10.0), at(&h, 30.0, 40.0));
    drag(&mut h, a, b);
    assert!(stored(&h).boxes.is_empty(), "no box without a label");
    assert!(
        work(&h)
            .message
            .starts_with("This project has no labels yet"),
        "{}",
        work(&h).message
    );
}

#[test]
fn a_damaged_project_says_so_on_the_start_screen() {
    let t = tempfile::tempdir().unwrap();
    let p = project(t.path(), "boxes");
    std::fs::write(p.join("keylabel.db"), b"this is not a database, not at all").unwrap();
    let app = app_opening(&p);
    let mut h = app_harness(app);
    wait_ready(&mut h);
    assert!(h.state().work().is_none());
    let msg = &h.state().message;
    assert!(msg.contains("keylabel.db"), "{msg}");
    assert!(msg.contains("not a Keylabel database or damaged"), "{msg}");
    assert!(
        h.query_by_label_contains("not a Keylabel database")
            .is_some()
    );
    assert_eq!(
        h.state().path_input,
        p.display().to_string(),
        "the path stays to try again"
    );
}

#[test]
fn opened_projects_are_listed_as_recent() {
    let t = tempfile::tempdir().unwrap();
    let p = project(t.path(), "boxes");
    let list = t.path().join("config/recent");
    let mut app = KeylabelApp::new(Some("ana".into()), None);
    app.recent_file = Some(list.clone());
    app.open(&p);
    let mut h = app_harness(app);
    wait_ready(&mut h);
    assert!(h.state().work().is_some());
    drop(h); // closes the project
    let text = std::fs::read_to_string(&list).unwrap();
    let canonical = std::fs::canonicalize(&p).unwrap();
    assert_eq!(text.lines().next(), Some(canonical.to_str().unwrap()));
    // A new start screen offers it.
    let mut fresh = KeylabelApp::new(Some("ana".into()), None);
    fresh.recent_file = Some(list);
    let mut h = app_harness(fresh);
    h.get_by_label(canonical.to_str().unwrap()).click();
    h.run_steps(1);
    wait_ready(&mut h);
    assert!(
        h.state().work().is_some(),
        "clicking a recent project opens it"
    );
}

#[test]
fn the_project_menu_exports_a_yolo_dataset_while_work_goes_on() {
    let t = tempfile::tempdir().unwrap();
    let p = project(t.path(), "boxes");
    let mut h = harness(&p);
    wait_loaded(&mut h);
    let (a, b) = (at(&h, 10.0, 10.0), at(&h, 40.0, 30.0));
    drag(&mut h, a, b);
    key(&mut h, Key::Enter);
    h.get_by_label("Project").click();
    h.run_steps(3);
    assert!(
        h.query_by_label("Export NeMo manifest (submitted) to the project folder")
            .is_none(),
        "an image project offers no audio manifest"
    );
    h.get_by_label("Export YOLO dataset (submitted) to the project folder")
        .click();
    h.run_steps(1);
    for _ in 0..500_000 {
        if work(&h).message.starts_with("exported") {
            break;
        }
        h.step();
    }
    let msg = work(&h).message.clone();
    assert!(msg.starts_with("exported 1 item, 1 box to"), "{msg}");
    let ds = p.join("export.yolo");
    assert!(ds.join("data.yaml").is_file());
    let labels: Vec<String> = std::fs::read_dir(ds.join("labels"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert_eq!(labels.len(), 1);
    assert_eq!(labels[0].lines().count(), 1, "{labels:?}");
}

#[test]
fn a_classification_project_offers_folders_by_label_not_boxes_formats() {
    let t = tempfile::tempdir().unwrap();
    let p = project(t.path(), "image-classification");
    let mut h = harness(&p);
    h.get_by_label("Project").click();
    h.run_steps(3);
    assert!(
        h.query_by_label("Export image folders by label (submitted) to the project folder")
            .is_some()
    );
    for absent in ["COCO", "YOLO dataset", "NeMo manifest"] {
        let label = format!("Export {absent} (submitted) to the project folder");
        assert!(h.query_by_label(&label).is_none(), "{label}");
    }
}

#[test]
fn a_boxes_project_offers_its_images_with_metadata_for_hf() {
    let t = tempfile::tempdir().unwrap();
    let p = project(t.path(), "boxes");
    let mut h = harness(&p);
    h.get_by_label("Project").click();
    h.run_steps(3);
    for offered in [
        "COCO",
        "YOLO dataset",
        "images with metadata.jsonl (HF imagefolder)",
    ] {
        let label = format!("Export {offered} (submitted) to the project folder");
        assert!(h.query_by_label(&label).is_some(), "{label}");
    }
    assert!(
        h.query_by_label("Export image folders by label (submitted) to the project folder")
            .is_none()
    );
}

#[test]
fn b_and_shift_b_show_the_image_brighter_and_darker_item_after_item() {
    let t = tempfile::tempdir().unwrap();
    let p = project(t.path(), "boxes");
    let mut h = harness(&p);
    wait_loaded(&mut h);
    key(&mut h, Key::B);
    key(&mut h, Key::B);
    assert_eq!(work(&h).canvas.brightness, 2.0);
    assert!(
        work(&h).message.contains("brightness 2×"),
        "{}",
        work(&h).message
    );
    // Kept on the next item: a dark set stays readable.
    key(&mut h, Key::D);
    wait_loaded(&mut h);
    assert_eq!(work(&h).canvas.brightness, 2.0);
    for _ in 0..9 {
        key_mod(&mut h, Modifiers::SHIFT, Key::B);
    }
    assert_eq!(work(&h).canvas.brightness, 0.5, "the darkest step holds");
    for _ in 0..20 {
        key(&mut h, Key::B);
    }
    assert_eq!(work(&h).canvas.brightness, 4.0, "the brightest step holds");
    // Nothing was saved: the answer and the file are as they were.
    assert!(stored(&h).boxes.is_empty());
}

#[test]
fn a_drag_on_a_classification_image_pans_and_draws_no_box() {
    let t = tempfile::tempdir().unwrap();
    let p = project(t.path(), "image-classification");
    let mut h = harness(&p);
    wait_loaded(&mut h);
    key(&mut h, Key::Plus);
    let pan_before = work(&h).canvas.pan;
    let (a, b) = (at(&h, 10.0, 10.0), at(&h, 30.0, 40.0));
    drag(&mut h, a, b);
    assert!(stored(&h).is_empty(), "no box saved: {:?}", stored(&h));
    assert_ne!(work(&h).canvas.pan, pan_before, "the drag panned instead");
    // Nor can W, a click or Ctrl+V make one.
    key(&mut h, Key::W);
    let (a, b) = (at(&h, 5.0, 5.0), at(&h, 20.0, 20.0));
    drag(&mut h, a, b);
    key_mod(&mut h, Modifiers::COMMAND, Key::V);
    assert!(stored(&h).is_empty());
    assert_eq!(
        work(&h).session.item.as_ref().unwrap().status,
        Status::New,
        "the item is untouched"
    );
}

#[test]
fn a_slipped_click_makes_no_sliver_box() {
    let t = tempfile::tempdir().unwrap();
    let imgs = t.path().join("big");
    // 1600×1200 fitted: about two pixels a point, so a thin drag is several pixels thick.
    write_png(&imgs.join("photo.png"), 1600, 1200);
    let p = init_with(t.path(), imgs, "boxes");
    let mut h = harness(&p);
    wait_loaded(&mut h);
    // 40 points across but 2 down: a click that slipped, not an object.
    let a = at(&h, 400.0, 300.0);
    drag(&mut h, a, a + egui::vec2(40.0, 2.0));
    assert!(stored_boxes(&h).is_empty(), "{:?}", stored_boxes(&h));
    // A small box drawn on purpose, 8 points each way, is made.
    drag(&mut h, a, a + egui::vec2(8.0, 8.0));
    assert_eq!(stored_boxes(&h).len(), 1);
}

#[test]
fn the_text_size_and_theme_chosen_are_kept_for_the_next_start() {
    let t = tempfile::tempdir().unwrap();
    let p = project(t.path(), "boxes");
    let recent = t.path().join("config").join("keylabel").join("recent");
    let start = |recent: &Path| {
        let mut app = KeylabelApp::new(Some("ana".into()), None);
        app.recent_file = Some(recent.to_path_buf());
        app.open(&p);
        let mut h = app_harness(app);
        wait_ready(&mut h);
        h
    };
    let mut h = start(&recent);
    assert_eq!(h.ctx.zoom_factor(), 1.0);
    // Larger text with the keys, as in a browser; the light theme from the View menu.
    key_mod(&mut h, Modifiers::COMMAND, Key::Equals);
    key_mod(&mut h, Modifiers::COMMAND, Key::Equals);
    h.run_steps(2);
    let larger = h.ctx.zoom_factor();
    assert!(larger > 1.15, "text size {larger}");
    h.get_by_label("View").click();
    h.run_steps(2);
    h.get_by_label_contains("Light").click();
    h.run_steps(2);
    assert_eq!(h.ctx.theme(), egui::Theme::Light);
    // The image task's "+" still zooms the image only: the text size stays.
    key(&mut h, Key::Plus);
    h.run_steps(2);
    assert_eq!(h.ctx.zoom_factor(), larger);
    drop(h);

    let h = start(&recent);
    assert!((h.ctx.zoom_factor() - larger).abs() < 0.01, "kept");
    assert_eq!(h.ctx.theme(), egui::Theme::Light, "kept");
}

#[test]
fn ctrl_q_and_the_project_menu_quit_from_the_work_and_the_start_screen() {
    let t = tempfile::tempdir().unwrap();
    let mut h = harness(&project(t.path(), "boxes"));
    key(&mut h, Key::D);
    assert!(!h.state().quitting, "an ordinary key");
    key_mod(&mut h, Modifiers::COMMAND, Key::Q);
    assert!(h.state().quitting, "Ctrl+Q");
    drop(h); // the window closed

    let mut h = harness(&t.path().join("proj"));
    h.get_by_label("Project").click();
    h.run_steps(3);
    h.get_by_label("Quit (Ctrl+Q)").click();
    h.run_steps(2);
    assert!(h.state().quitting, "the menu");

    let mut app = KeylabelApp::new(Some("ana".into()), None);
    app.recent_file = None;
    let mut start = app_harness(app);
    key_mod(&mut start, Modifiers::COMMAND, Key::Q);
    assert!(start.state().quitting, "the start screen");
}

#[test]
fn a_window_in_the_background_draws_no_frames_and_a_working_one_one_a_second() {
    let t = tempfile::tempdir().unwrap();
    let p = project(t.path(), "boxes");
    let mut h = harness(&p);
    wait_ready(&mut h);
    h.run_steps(2);
    let next_frame = |h: &Harness<'_, KeylabelApp>| {
        h.output().viewport_output[&egui::ViewportId::ROOT].repaint_delay
    };
    // The item timer runs: the next frame comes when its second turns.
    let delay = next_frame(&h);
    assert!(
        delay <= std::time::Duration::from_millis(1_005),
        "{delay:?}"
    );
    // Another window has the focus: the timer pauses, and nothing asks for a frame.
    // (Frames run until the prefetching of the next images, which wakes the window as each
    // arrives, is over.)
    h.input_mut().focused = false;
    for _ in 0..100_000 {
        h.step();
        if next_frame(&h) == std::time::Duration::MAX {
            break;
        }
    }
    assert!(
        h.state_mut().work_mut().unwrap().session.item_timer().1,
        "paused"
    );
    assert_eq!(
        next_frame(&h),
        std::time::Duration::MAX,
        "{:?}",
        h.ctx.repaint_causes()
    );
    // Back in focus: the timer runs, and frames come again.
    h.input_mut().focused = true;
    h.run_steps(2);
    assert!(next_frame(&h) <= std::time::Duration::from_millis(1_005));
}
