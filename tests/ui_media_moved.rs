//! A project whose media folder moved, driven with egui_kittest: the item says its file is
//! not there, the annotator gives the folder's new place, and every item finds its file.
#![cfg(feature = "gui")]

mod common;
use common::ui::*;
use common::*;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use keylabel::ui::KeylabelApp;
use std::path::Path;

/// Replaces the text of the field showing `now` with `new`, and presses Enter.
fn retype(h: &mut Harness<'_, KeylabelApp>, now: &str, new: &Path) {
    let field = |h: &Harness<'_, KeylabelApp>| {
        h.get_all_by_role(Role::TextInput)
            .position(|n| n.accesskit_node().value().as_deref() == Some(now))
            .expect("the field showing the folder")
    };
    let i = field(h);
    h.get_all_by_role(Role::TextInput).nth(i).unwrap().click();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run_steps(1);
    h.get_all_by_role(Role::TextInput)
        .nth(i)
        .unwrap()
        .type_text(&new.display().to_string());
    h.run_steps(1);
    key(h, Key::Enter);
}

/// Steps frames until the worker has answered (no sleeping).
fn until(h: &mut Harness<'_, KeylabelApp>, done: impl Fn(&KeylabelApp) -> bool) {
    for _ in 0..200_000 {
        if done(h.state()) {
            break;
        }
        h.step();
    }
    assert!(done(h.state()), "the worker never answered");
    h.run_steps(2);
}

#[test]
fn a_moved_media_folder_is_found_again_from_the_item() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let p = t.path().join("proj");
    ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat"]);
    // The media unpacked elsewhere: the project points at nothing.
    let moved = t.path().join("unpacked").join("photos");
    std::fs::create_dir_all(moved.parent().unwrap()).unwrap();
    std::fs::rename(&imgs, &moved).unwrap();

    let mut h = harness(&p);
    wait_loaded(&mut h);
    assert!(h.query_by_label("This image cannot be shown").is_some());
    assert!(
        h.query_by_label_contains("The file is not where it was")
            .is_some()
    );
    // The field shows where the folder was. A folder without the file is refused.
    let was = std::fs::canonicalize(t.path()).unwrap().join("images");
    let was = was.display().to_string();
    retype(&mut h, &was, t.path());
    until(&mut h, |a| {
        a.work().is_some_and(|w| !w.relocate.message.is_empty())
    });
    let said = work(&h).relocate.message.clone();
    assert!(said.contains("does not hold img2.jpg"), "{said}");
    assert!(h.query_by_label("This image cannot be shown").is_some());
    // The right one: every item follows, and the image is drawn.
    retype(&mut h, &t.path().display().to_string(), &moved);
    until(&mut h, |a| {
        a.work().is_some_and(|w| w.message.contains("found again"))
    });
    assert!(
        work(&h).message.contains("found again: 4 items"),
        "{}",
        work(&h).message
    );
    wait_loaded(&mut h);
    assert!(h.query_by_label("This image cannot be shown").is_none());
    let s = &work(&h).session;
    for id in s.ids.clone() {
        let item = s.project.store.item(id).unwrap();
        assert!(s.project.media_path(&item).unwrap().is_file());
    }
}
