//! Importing from the app's Project menu, driven with egui_kittest: boxes and pre-labels
//! come in on a worker, the project opens again on them, and a bad source is explained on
//! the form without losing the work.
#![cfg(feature = "gui")]

mod common;
use common::ui::*;
use common::*;
use egui::Key;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use keylabel::core::Status;
use keylabel::ui::KeylabelApp;
use keylabel::ui::app::Screen;
use std::path::Path;

/// An image project in `dir/proj` with the label "cat", and a COCO file of detections
/// beside it: img2.jpg holds a "dog" (score 0.9) and a weak "cat" (0.2).
fn setup(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let imgs = image_folder(dir);
    let p = dir.join("proj");
    ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat"]);
    let coco = serde_json::json!({
        "images": [{"id": 1, "file_name": "img2.jpg", "width": 64, "height": 48}],
        "categories": [{"id": 1, "name": "cat"}, {"id": 2, "name": "dog"}],
        "annotations": [
            {"id": 1, "image_id": 1, "category_id": 2, "bbox": [1, 2, 10, 20], "score": 0.9},
            {"id": 2, "image_id": 1, "category_id": 1, "bbox": [30, 5, 8, 8], "score": 0.2}
        ]
    });
    let file = dir.join("detections.json");
    std::fs::write(&file, coco.to_string()).unwrap();
    (p, file)
}

/// Project menu → Import…: the form, its path field focused.
fn open_form(h: &mut Harness<'_, KeylabelApp>) {
    h.get_by_label("Project").click();
    h.run_steps(3);
    h.get_by_label("Import boxes, pre-labels or images…")
        .click();
    h.run_steps(2);
    assert!(matches!(h.state().screen, Screen::ImportForm(_)));
}

/// The text fields of the form: the path, then the confidence.
fn type_into(h: &mut Harness<'_, KeylabelApp>, field: usize, text: &str) {
    h.get_all_by_role(Role::TextInput)
        .nth(field)
        .unwrap()
        .click();
    h.run_steps(1);
    h.get_all_by_role(Role::TextInput)
        .nth(field)
        .unwrap()
        .type_text(text);
    h.run_steps(1);
}

fn img2(h: &Harness<'_, KeylabelApp>) -> (Status, Vec<String>) {
    let store = &work(h).session.project.store;
    let item = store.items_by_media("img2.jpg").unwrap().remove(0);
    let ann = store
        .annotation(item.id, "ana")
        .unwrap()
        .unwrap_or_default();
    (
        item.status,
        ann.boxes.into_iter().map(|b| b.label).collect(),
    )
}

#[test]
fn a_file_dropped_on_the_work_opens_the_import_form_with_it() {
    let t = tempfile::tempdir().unwrap();
    let (p, coco) = setup(t.path());
    let mut h = harness(&p);
    drop_files(&mut h, &[&coco]);
    h.run_steps(1);
    let Screen::ImportForm(form) = &h.state().screen else {
        panic!("no import form after the drop");
    };
    assert_eq!(form.path, coco.display().to_string());
    assert!(form.message.is_empty(), "{}", form.message);
    h.get_by_label("Import (Enter)").click();
    h.run_steps(1);
    wait_ready(&mut h);
    assert_eq!(img2(&h).1, ["dog", "cat"], "the dropped file came in");
    // Two files: the first is taken, and the form says so.
    drop_files(&mut h, &[&coco, &p]);
    h.run_steps(1);
    let Screen::ImportForm(form) = &h.state().screen else {
        panic!("no import form after the second drop");
    };
    assert_eq!(form.path, coco.display().to_string());
    assert!(form.message.contains("2 files dropped"), "{}", form.message);
}

#[test]
fn a_coco_file_imported_from_the_menu_lands_and_the_project_opens_on_it() {
    let t = tempfile::tempdir().unwrap();
    let (p, coco) = setup(t.path());
    let mut h = harness(&p);
    open_form(&mut h);
    type_into(&mut h, 0, &coco.display().to_string());
    key(&mut h, Key::Enter);
    wait_ready(&mut h);

    let w = work(&h);
    assert!(
        w.message
            .contains("annotations for 1 item, new labels: dog"),
        "{}",
        w.message
    );
    assert!(!w.message.contains("added 0"), "{}", w.message);
    let (status, labels) = img2(&h);
    assert_eq!(status, Status::Submitted);
    assert_eq!(labels, ["dog", "cat"]);
    // The open project knows the new label: its key and colour work at once.
    let names: Vec<_> = w
        .session
        .project
        .config
        .labels
        .iter()
        .map(|l| &l.name)
        .collect();
    assert_eq!(names, ["cat", "dog"]);
}

#[test]
fn pre_labels_come_in_as_drafts_above_the_confidence_asked() {
    let t = tempfile::tempdir().unwrap();
    let (p, coco) = setup(t.path());
    let mut h = harness(&p);
    open_form(&mut h);
    type_into(&mut h, 0, &coco.display().to_string());
    h.get_by_label("Pre-labels to correct: boxes come in as drafts, done work is left alone")
        .click();
    h.run_steps(1);
    type_into(&mut h, 1, "0.5");
    let Screen::ImportForm(form) = &h.state().screen else {
        panic!("still the form");
    };
    assert_eq!((form.draft, form.min_score.as_str()), (true, "0.5"));
    h.get_by_label("Import (Enter)").click();
    h.run_steps(1);
    wait_ready(&mut h);

    assert_eq!(img2(&h), (Status::Draft, vec!["dog".to_string()]));
    assert!(work(&h).message.contains("annotations for 1 item"));

    // The next import starts from the same source and options (tomorrow's predictions).
    open_form(&mut h);
    let Screen::ImportForm(form) = &h.state().screen else {
        unreachable!()
    };
    assert_eq!(form.path, coco.display().to_string());
    assert_eq!((form.draft, form.min_score.as_str()), (true, "0.5"));
}

#[test]
fn a_bad_source_is_explained_on_the_form_and_esc_goes_back_to_the_same_work() {
    let t = tempfile::tempdir().unwrap();
    let (p, _) = setup(t.path());
    let bad = t.path().join("broken.json");
    std::fs::write(&bad, "{\"images\": [").unwrap();
    let mut h = harness(&p);
    key(&mut h, Key::D);
    let item = work(&h).session.item.as_ref().unwrap().id;
    open_form(&mut h);

    // A path that does not exist: said at once, nothing started.
    type_into(&mut h, 0, "/no/such/file.json");
    key(&mut h, Key::Enter);
    let Screen::ImportForm(form) = &h.state().screen else {
        panic!("the form should stay");
    };
    assert!(form.message.contains("not found"), "{}", form.message);

    // A broken COCO file: the worker says why, and the form shows it with the path kept.
    let Screen::ImportForm(form) = &mut h.state_mut().screen else {
        unreachable!()
    };
    form.path = bad.display().to_string();
    key(&mut h, Key::Enter);
    wait_ready(&mut h);
    let Screen::ImportForm(form) = &h.state().screen else {
        panic!("a failed import goes back to the form");
    };
    assert!(form.message.contains("broken.json"), "{}", form.message);
    assert_eq!(form.path, bad.display().to_string());

    // Back to the item that was open before the import.
    key(&mut h, Key::Escape);
    assert_eq!(work(&h).session.item.as_ref().unwrap().id, item);
}

#[test]
fn gold_answers_from_the_form_stay_hidden() {
    let t = tempfile::tempdir().unwrap();
    let (p, _) = setup(t.path());
    let gold = t.path().join("gold.jsonl");
    let row = serde_json::json!({"id": "g1", "media": "img2.jpg", "kind": "image",
        "status": "submitted", "labels": [], "annotator": "lead",
        "boxes": [{"label": "cat", "x": 1.0, "y": 1.0, "w": 9.0, "h": 9.0}]});
    std::fs::write(&gold, format!("{row}\n")).unwrap();
    let mut h = harness(&p);
    open_form(&mut h);
    type_into(&mut h, 0, &gold.display().to_string());
    h.get_by_label("Gold answers: hidden from annotators, each one scored against them")
        .click();
    h.run_steps(1);
    key(&mut h, Key::Enter);
    wait_ready(&mut h);

    let w = work(&h);
    assert!(
        w.message.contains("gold answers for 1 item"),
        "{}",
        w.message
    );
    assert_eq!(
        img2(&h),
        (Status::New, vec![]),
        "no answer, no status change"
    );
    let store = &work(&h).session.project.store;
    let id = store.items_by_media("img2.jpg").unwrap()[0].id;
    assert_eq!(store.gold(id).unwrap().unwrap().boxes.len(), 1);
    assert!(store.annotation(id, "lead").unwrap().is_none());
}

#[test]
fn an_empty_project_says_how_to_fill_it_and_an_empty_folder_imports_nothing() {
    let t = tempfile::tempdir().unwrap();
    let empty = t.path().join("photos");
    std::fs::create_dir(&empty).unwrap();
    let mut h = app_harness(app_opening(&empty));
    create_with_labels(&mut h, "cat");
    wait_ready(&mut h);
    assert!(work(&h).session.ids.is_empty());
    assert!(h.query_by_label("This project has no items yet.").is_some());
    assert!(
        h.query_by_label_contains("A folder is read for images (.jpg")
            .is_some()
    );
    // The same folder, still empty, dropped on the window: the form says so and stays.
    drop_files(&mut h, &[&empty]);
    h.run_steps(1);
    h.get_by_label("Import (Enter)").click();
    h.run_steps(1);
    wait_ready(&mut h);
    let Screen::ImportForm(form) = &h.state().screen else {
        panic!("the form closed on an import of nothing");
    };
    assert!(
        form.message.starts_with("Nothing to import: ")
            && form.message.contains("photos: no media in it"),
        "{}",
        form.message
    );
    // With photos in it, the import fills the project and the hint goes.
    let imgs = image_folder(t.path());
    for f in ["img2.jpg", "img10.jpg"] {
        std::fs::copy(imgs.join(f), empty.join(f)).unwrap();
    }
    h.get_by_label("Import (Enter)").click();
    h.run_steps(1);
    wait_ready(&mut h);
    assert_eq!(work(&h).session.ids.len(), 2);
    assert!(h.query_by_label("This project has no items yet.").is_none());
}
