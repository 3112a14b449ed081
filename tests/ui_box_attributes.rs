//! Box attributes in the app: Alt+number and the panel's checkboxes on the selected box,
//! saved at once and undone like any change; driven with egui_kittest.
#![cfg(feature = "gui")]

mod common;
use common::ui::*;
use common::*;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

#[test]
fn alt_number_and_the_checkboxes_set_the_selected_boxs_attributes() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let cfg = t.path().join("task.toml");
    std::fs::write(&cfg, BOXES_WITH_ATTRIBUTES).unwrap();
    let p = t.path().join("proj");
    ok(&[&"init", &p, &"--media", &imgs, &"--config", &cfg]);
    let mut h = harness(&p);
    wait_loaded(&mut h);

    // With no box selected the key says what it needs, and saves nothing.
    key_mod(&mut h, Modifiers::ALT, Key::Num1);
    assert!(
        work(&h).message.contains("select one first"),
        "{}",
        work(&h).message
    );
    assert!(stored(&h).boxes.is_empty());

    // The box just drawn is the selected one: Alt+1 marks it occluded, saved at once.
    draw_box(&mut h, (5.0, 5.0), (30.0, 20.0));
    key_mod(&mut h, Modifiers::ALT, Key::Num1);
    assert_eq!(stored(&h).boxes[0].attributes, vec!["occluded"]);
    assert_eq!(work(&h).message, "cat: occluded");
    // Alt+2 is an attribute, not the label key 2: the box stays a cat.
    key_mod(&mut h, Modifiers::ALT, Key::Num2);
    let b = &stored(&h).boxes[0];
    assert_eq!((b.label.as_str(), b.attributes.len()), ("cat", 2));

    // The panel shows them ticked; a click turns one off.
    h.get_by_label("truncated").click();
    h.run_steps(2);
    assert_eq!(stored(&h).boxes[0].attributes, vec!["occluded"]);

    // One undo step each.
    key_mod(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        stored(&h).boxes[0].attributes,
        vec!["occluded", "truncated"]
    );
    key_mod(&mut h, Modifiers::ALT, Key::Num1);
    key_mod(&mut h, Modifiers::ALT, Key::Num2);
    assert!(stored(&h).boxes[0].attributes.is_empty());

    // A moved box keeps its attributes.
    key_mod(&mut h, Modifiers::ALT, Key::Num2);
    key(&mut h, Key::ArrowRight);
    let b = &stored(&h).boxes[0];
    assert_eq!((b.x, b.attributes.clone()), (6.0, vec!["truncated".into()]));

    // The shortcut overlay names them.
    key(&mut h, Key::F1);
    assert!(
        h.query_by_label("the selected box is “occluded” (on / off)")
            .is_some()
    );
}
