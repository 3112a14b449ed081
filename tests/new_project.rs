//! New projects and the task shipped with the media (`task.toml` beside it): offered first
//! by the app's new-project screen (with the folder's presets, a bad task file named), taken
//! by `keylabel init` when it is told nothing of the task.

mod common;
use common::*;
use std::path::{Path, PathBuf};

/// The bundled OCR task, copied beside the test images as a team would ship it.
fn folder_with_ocr_task(dir: &Path) -> PathBuf {
    let imgs = image_folder(dir);
    let task = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/ocr/task.toml");
    std::fs::copy(task, imgs.join("task.toml")).unwrap();
    imgs
}

#[test]
fn init_told_nothing_of_the_task_takes_the_one_shipped() {
    let t = tempfile::tempdir().unwrap();
    let imgs = folder_with_ocr_task(t.path());
    let p = t.path().join("p");
    let o = keylabel(&[&"init", &p, &"--media", &imgs]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("using the task shipped with the media")
            && stderr(&o).contains("“Text in images”"),
        "{}",
        stderr(&o)
    );
    let config = std::fs::read_to_string(p.join("keylabel.toml")).unwrap();
    assert!(config.contains("box_text = true"), "{config}");
    // Labels given: a plain project, the shipped task left alone.
    let q = t.path().join("q");
    ok(&[&"init", &q, &"--media", &imgs, &"--labels", &"cat"]);
    let config = std::fs::read_to_string(q.join("keylabel.toml")).unwrap();
    assert!(!config.contains("box_text"), "{config}");
}

#[test]
fn init_names_a_bad_shipped_task_and_makes_nothing() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    std::fs::write(imgs.join("task.toml"), "[task]\nmedia = \"imag\"\n").unwrap();
    let p = t.path().join("p");
    let o = keylabel(&[&"init", &p, &"--media", &imgs]);
    assert!(!o.status.success());
    let said = stderr(&o);
    assert!(
        said.contains("task.toml") && said.contains("line 2"),
        "{said}"
    );
    assert!(
        said.contains("give --config, --template or --labels"),
        "{said}"
    );
    assert!(!p.exists(), "no project made");
}

#[cfg(feature = "gui")]
mod app {
    use super::*;
    use crate::common::ui::*;
    use egui::Key;
    use egui_kittest::kittest::{NodeT, Queryable};
    use keylabel::core::config::ControlKind;

    fn config_of(
        h: &egui_kittest::Harness<'_, keylabel::ui::KeylabelApp>,
    ) -> keylabel::core::TaskConfig {
        work(h).session.project.config.clone()
    }

    #[test]
    fn enter_takes_the_task_shipped_in_the_folder() {
        let t = tempfile::tempdir().unwrap();
        let imgs = folder_with_ocr_task(t.path());
        let mut h = app_harness(app_opening(&imgs));
        assert!(
            h.query_by_label("This folder comes with a task, task.toml:")
                .is_some()
        );
        assert!(h.query_by_label("Text in images").is_some());
        assert!(
            h.query_by_label("asks boxes; labels text, number")
                .is_some()
        );
        assert!(h.query_by_label("Use it (Enter)").is_some());
        key(&mut h, Key::Enter);
        h.run_steps(1);
        wait_ready(&mut h);
        assert!(h.state().work().is_some(), "{}", h.state().message);
        let c = config_of(&h);
        assert_eq!(c.task.name, "Text in images");
        assert!(c.box_text(), "the OCR task's boxes with a text each");
        let names: Vec<&str> = c.labels.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["text", "number"]);
        assert_eq!(work(&h).session.ids.len(), 4, "task.toml is no item");
    }

    #[test]
    fn labels_typed_beside_a_shipped_task_make_a_plain_project() {
        let t = tempfile::tempdir().unwrap();
        let imgs = folder_with_ocr_task(t.path());
        let mut h = app_harness(app_opening(&imgs));
        h.get_by_role(egui::accesskit::Role::TextInput)
            .type_text("cat, dog");
        h.run_steps(2);
        // Enter now goes to the labels, and the buttons say so.
        assert!(h.query_by_label("Use it").is_some());
        assert!(h.query_by_label("Create (Enter)").is_some());
        key(&mut h, Key::Enter);
        h.run_steps(1);
        wait_ready(&mut h);
        let c = config_of(&h);
        assert!(!c.box_text());
        assert_eq!(c.labels.len(), 2);
        assert!(c.has_control(ControlKind::Boxes));
    }

    #[test]
    fn an_image_folder_is_offered_the_image_presets() {
        let t = tempfile::tempdir().unwrap();
        let imgs = image_folder(t.path());
        let mut h = app_harness(app_opening(&imgs));
        assert!(h.query_by_label_contains("This folder comes").is_none());
        assert!(h.query_by_label("Which labels? Comma-separated; the first ten get the keys 1–9, 0. You can add more later in keylabel.toml.").is_some());
        assert!(h.query_by_label("ocr").is_some());
        assert!(h.query_by_label("text-classification").is_none());
        h.get_by_label("image-classification").click();
        h.run_steps(1);
        wait_ready(&mut h);
        assert!(config_of(&h).has_control(ControlKind::Choice));
    }

    #[test]
    fn a_bad_task_file_is_named_with_its_line_and_labels_still_work() {
        let t = tempfile::tempdir().unwrap();
        let imgs = image_folder(t.path());
        std::fs::write(
            imgs.join("task.toml"),
            "[task]\nname = \"Boxes\"\nmedia = \"image\"\n\n[[controls]]\nname = \"b\"\ntype = \"boxs\"\n",
        )
        .unwrap();
        let mut h = app_harness(app_opening(&imgs));
        let said = h
            .query_by_label_contains("task.toml: ")
            .expect("the problem is shown")
            .accesskit_node()
            .value()
            .unwrap_or_default();
        assert!(said.contains("task.toml"), "{said}");
        assert!(said.contains("line 7"), "{said}");
        // Enter with no labels does not take the bad file.
        key(&mut h, Key::Enter);
        h.run_steps(1);
        assert!(h.state().work().is_none());
        create_with_labels(&mut h, "cat");
        wait_ready(&mut h);
        assert_eq!(config_of(&h).labels[0].name, "cat");
    }

    #[test]
    fn a_task_for_other_items_is_not_offered() {
        let t = tempfile::tempdir().unwrap();
        let texts = t.path().join("reviews.jsonl");
        std::fs::write(&texts, "{\"text\": \"fine\"}\n{\"text\": \"bad\"}\n").unwrap();
        let task = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/ocr/task.toml");
        std::fs::copy(task, t.path().join("task.toml")).unwrap();
        let h = app_harness(app_opening(&texts));
        assert!(
            h.query_by_label_contains("a task for image items, and these are text items")
                .is_some()
        );
        assert!(h.query_by_label("Use it (Enter)").is_none());
        assert!(h.query_by_label("text-classification").is_some());
    }
}
