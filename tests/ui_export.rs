//! The export form from the Project menu, driven with egui_kittest: format, items, a
//! validation split and a destination; the export runs while the work goes on.
#![cfg(feature = "gui")]

mod common;
use common::ui::*;
use common::*;
use egui::Key;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use keylabel::ui::KeylabelApp;
use keylabel::ui::app::Screen;

#[test]
fn a_split_yolo_dataset_of_all_items_from_the_export_form() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    for i in 0..6 {
        write_jpeg(&imgs.join(format!("more/m{i}.jpg")), 20, 10, None);
    }
    let p = t.path().join("proj");
    ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat"]);
    let mut h = harness(&p);
    let item = work(&h).session.item.as_ref().unwrap().id;
    open_form(&mut h);

    // The destination follows the format until one is typed.
    h.get_by_label("YOLO dataset").click();
    h.run_steps(1);
    let Screen::ExportForm(form) = &h.state().screen else {
        unreachable!()
    };
    assert!(form.path.ends_with("export.yolo"), "{}", form.path);
    h.get_by_label("all (10)").click();
    h.run_steps(1);
    h.get_all_by_role(Role::TextInput).next().unwrap().click();
    h.run_steps(1);
    h.get_all_by_role(Role::TextInput)
        .next()
        .unwrap()
        .type_text("150");
    h.run_steps(1);
    key(&mut h, Key::Enter);
    let Screen::ExportForm(form) = &mut h.state_mut().screen else {
        panic!("a bad percent keeps the form");
    };
    assert!(form.message.contains("0 to 100"), "{}", form.message);
    let out = t.path().join("out/dataset");
    (form.val, form.path) = ("25".into(), out.display().to_string());
    key(&mut h, Key::Enter);
    wait_export(&mut h);

    // Back at the same item, the export done.
    assert_eq!(work(&h).session.item.as_ref().unwrap().id, item);
    let msg = &work(&h).message;
    assert!(msg.starts_with("exported 10 items"), "{msg}");
    assert!(msg.contains("held out in val"), "{msg}");
    let yaml = std::fs::read_to_string(out.join("data.yaml")).unwrap();
    assert!(yaml.contains("val: images/val"), "{yaml}");
    assert!(!file_names(&out.join("images/val")).is_empty());
}

#[test]
fn a_pascal_voc_dataset_from_the_export_form() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let p = t.path().join("proj");
    ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat"]);
    let mut h = harness(&p);
    wait_loaded(&mut h);
    draw_box(&mut h, (10.0, 10.0), (40.0, 30.0));
    key(&mut h, Key::Enter);
    open_form(&mut h);
    h.get_by_label("Pascal VOC dataset (LabelImg's XML)")
        .click();
    h.run_steps(1);
    let out = t.path().join("voc");
    let Screen::ExportForm(form) = &mut h.state_mut().screen else {
        unreachable!()
    };
    assert!(form.path.ends_with("export.voc"), "{}", form.path);
    form.path = out.display().to_string();
    key(&mut h, Key::Enter);
    wait_export(&mut h);
    let msg = &work(&h).message;
    assert!(msg.starts_with("exported 1 item, 1 box"), "{msg}");
    let xml = std::fs::read_to_string(out.join("Annotations/img2.xml")).unwrap();
    assert!(xml.contains("<name>cat</name>"), "{xml}");
    let list = std::fs::read_to_string(out.join("ImageSets/Main/trainval.txt")).unwrap();
    assert_eq!(list, "img2\n");
}

#[test]
fn esc_leaves_the_export_form_without_exporting() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let p = t.path().join("proj");
    ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat"]);
    let mut h = harness(&p);
    open_form(&mut h);
    key(&mut h, Key::Escape);
    assert!(work(&h).session.item.is_some());
    assert!(!work(&h).exporting());
    assert!(!p.join("export.coco.json").exists());
}

#[test]
fn a_path_over_the_projects_database_or_a_photo_is_refused_on_the_form() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let p = t.path().join("proj");
    ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat"]);
    let folder = t.path().join("a folder");
    std::fs::create_dir(&folder).unwrap();
    let mut h = harness(&p);
    open_form(&mut h);
    for (out, says) in [
        (p.join("keylabel.db"), "the project's own keylabel.db"),
        (
            imgs.join("img2.jpg"),
            "a media file of this project (img2.jpg)",
        ),
        // A COCO file where a folder is: it would have failed only once written.
        (folder.clone(), "is a folder; give the name of the file"),
    ] {
        let Screen::ExportForm(form) = &mut h.state_mut().screen else {
            panic!("the form closed on a refused path");
        };
        form.path = out.display().to_string();
        key(&mut h, Key::Enter);
        let Screen::ExportForm(form) = &h.state().screen else {
            panic!("the form closed on a refused path");
        };
        assert!(form.message.contains(says), "{}", form.message);
        assert!(!work_exporting(&h));
    }
    drop(h);
    // The app writes its own rows (its session), so the database is not compared byte for
    // byte: it opens, with its items.
    assert_eq!(export_rows(&p, "all").len(), 4);
}

#[test]
fn a_failed_export_is_said_and_the_form_opens_again_as_it_was_set() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let p = t.path().join("proj");
    ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat"]);
    let mut h = harness(&p);
    open_form(&mut h);
    h.get_by_label("YOLO dataset").click();
    h.get_by_label("all (4)").click();
    h.run_steps(1);
    // A folder of someone's files is refused on the form, before any worker.
    let theirs = t.path().join("theirs");
    std::fs::create_dir(&theirs).unwrap();
    std::fs::write(theirs.join("notes.txt"), "keep").unwrap();
    let Screen::ExportForm(form) = &mut h.state_mut().screen else {
        unreachable!()
    };
    (form.val, form.path) = ("25".into(), theirs.display().to_string());
    key(&mut h, Key::Enter);
    let Screen::ExportForm(form) = &mut h.state_mut().screen else {
        panic!("the form closed on a folder of other files");
    };
    assert!(
        form.message
            .contains("holds files that Keylabel did not export"),
        "{}",
        form.message
    );
    // Under a file: said on the form too.
    let blocker = t.path().join("a file");
    std::fs::write(&blocker, "x").unwrap();
    form.path = blocker.join("dataset").display().to_string();
    key(&mut h, Key::Enter);
    let Screen::ExportForm(form) = &mut h.state_mut().screen else {
        panic!("the form closed on a path under a file");
    };
    assert!(
        form.message.contains("a file") && form.message.contains("is a file, not a folder"),
        "{}",
        form.message
    );
    // A name longer than the system takes fails only on the worker, as a full disk would.
    let bad = t.path().join("n".repeat(300));
    form.path = bad.display().to_string();
    key(&mut h, Key::Enter);
    wait_export(&mut h);
    let msg = work(&h).message.clone();
    assert!(
        msg.starts_with("export failed: ") && msg.contains("to try again as it was set"),
        "{msg}"
    );
    assert_eq!(std::fs::read_to_string(&blocker).unwrap(), "x");

    // The form opens as it was, saying why it failed; a new path, and it goes.
    open_form(&mut h);
    let Screen::ExportForm(form) = &mut h.state_mut().screen else {
        unreachable!()
    };
    assert_eq!(form.path, bad.display().to_string());
    assert_eq!(form.val, "25");
    assert!(
        form.message.starts_with("The last export failed: "),
        "{}",
        form.message
    );
    let good = t.path().join("out/dataset");
    form.path = good.display().to_string();
    key(&mut h, Key::Enter);
    wait_export(&mut h);
    let msg = &work(&h).message;
    assert!(msg.starts_with("exported 4 items"), "{msg}");
    assert!(good.join("data.yaml").is_file());
    // Done: the form keeps its settings, and no failure to tell.
    open_form(&mut h);
    let Screen::ExportForm(form) = &h.state().screen else {
        unreachable!()
    };
    assert_eq!(form.path, good.display().to_string());
    assert!(form.message.is_empty(), "{}", form.message);
}

fn work_exporting(h: &Harness<'_, KeylabelApp>) -> bool {
    match &h.state().screen {
        Screen::ExportForm(form) => form.work.exporting(),
        _ => work(h).exporting(),
    }
}

#[test]
fn every_annotators_answer_from_the_export_form() {
    use keylabel::core::{Annotation, BoxAnn};
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let p = t.path().join("proj");
    ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat"]);
    let mut other = keylabel::project::Project::open(&p, None).unwrap();
    let first = other
        .store
        .item_ids(keylabel::core::ItemFilter::All)
        .unwrap()[0];
    for (who, x) in [("bob", 1.0), ("cy", 40.0)] {
        let a = Annotation {
            boxes: vec![BoxAnn::new("cat", x, 1.0, 5.0, 5.0)],
            ..Default::default()
        };
        other.store.save_annotation(first, who, &a, 1).unwrap();
    }
    drop(other);
    let mut h = harness(&p);
    open_form(&mut h);
    let every = "Every annotator's answer, a row each (for adjudication)";
    assert!(h.query_by_label(every).is_none(), "COCO holds one answer");
    h.get_by_label("JSONL").click();
    h.run_steps(1);
    h.get_by_label(every).click();
    h.get_by_label("all (4)").click();
    h.run_steps(1);
    let out = t.path().join("every.jsonl");
    let Screen::ExportForm(form) = &mut h.state_mut().screen else {
        unreachable!()
    };
    form.path = out.display().to_string();
    key(&mut h, Key::Enter);
    wait_export(&mut h);
    let msg = &work(&h).message;
    assert!(msg.starts_with("exported 4 items (2 answers)"), "{msg}");
    let rows = read_jsonl(&out);
    let who: Vec<&str> = rows
        .iter()
        .map(|r| r["annotator"].as_str().unwrap_or("-"))
        .collect();
    assert_eq!(who, ["bob", "cy", "-", "-", "-"]);
}

#[test]
fn a_comparison_project_exports_preference_pairs_from_the_menu() {
    let t = tempfile::tempdir().unwrap();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/rlhf-comparison");
    let p = t.path().join("proj");
    init_preset(&p, "rlhf-comparison", "items.jsonl");
    let mut h = harness(&p);
    wait_loaded(&mut h);
    // response_b is better, confidence 4, then submit.
    key(&mut h, Key::Num2);
    key(&mut h, Key::Num4);
    key(&mut h, Key::Enter);
    h.get_by_label("Project").click();
    h.run_steps(3);
    h.get_by_label("Export preference pairs for DPO (submitted) to the project folder")
        .click();
    h.run_steps(1);
    wait_export(&mut h);
    let msg = &work(&h).message;
    assert!(
        msg.starts_with("exported 1 item, 1 preference pair"),
        "{msg}"
    );
    let rows = read_jsonl(&p.join("export.preference.jsonl"));
    let record = &read_jsonl(&dir.join("items.jsonl"))[0];
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["prompt"], record["prompt"]);
    assert_eq!(rows[0]["chosen"], record["response_b"]);
    assert_eq!(rows[0]["rejected"], record["response_a"]);
}

#[test]
fn a_correction_project_exports_sft_data_from_the_menu() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("proj");
    init_preset(&p, "response-correction", "items.jsonl");
    let mut h = harness(&p);
    wait_loaded(&mut h);
    // The model's answer accepted as it is, rated 3, submitted.
    key(&mut h, Key::Num3);
    key(&mut h, Key::Enter);
    h.get_by_label("Project").click();
    h.run_steps(3);
    h.get_by_label("Export prompt and answer for SFT (submitted) to the project folder")
        .click();
    h.run_steps(1);
    wait_export(&mut h);
    let msg = &work(&h).message;
    assert!(msg.starts_with("exported 1 item"), "{msg}");
    let rows = read_jsonl(&p.join("export.sft.jsonl"));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["completion"], "Le chat dort sur la sofa.");
    assert_eq!(rows[0]["edited"], false);
}
