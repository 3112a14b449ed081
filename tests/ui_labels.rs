//! Finding a label by name ("/") and adding one from the app, driven with egui_kittest.
#![cfg(feature = "gui")]

mod common;
use common::ui::*;
use common::*;
use egui::{Event, Key};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use keylabel::ui::KeylabelApp;
use std::path::Path;

const LABELS: &str = "person,bicycle,car,motorcycle,airplane,bus,train,truck,boat,traffic light,fire hydrant,stop sign";

/// A boxes project on the test images with twelve labels (two beyond the number keys).
fn project(dir: &Path) -> std::path::PathBuf {
    let imgs = image_folder(dir);
    let p = dir.join("proj");
    ok(&[&"init", &p, &"--media", &imgs, &"--labels", &LABELS]);
    p
}

/// A key as a keyboard sends it: the key, then the character it types.
fn typed_key(h: &mut Harness<'_, KeylabelApp>, k: Key, text: &str) {
    h.key_press(k);
    h.event(Event::Text(text.into()));
    h.run_steps(1);
}

fn type_text(h: &mut Harness<'_, KeylabelApp>, text: &str) {
    h.event(Event::Text(text.into()));
    h.run_steps(1);
}

fn label_index(h: &Harness<'_, KeylabelApp>, name: &str) -> usize {
    work(h).session.project.config.label_index(name).unwrap()
}

#[test]
fn esc_lets_go_of_the_picked_box_so_a_number_key_names_the_next_one() {
    let t = tempfile::tempdir().unwrap();
    let mut h = harness(&project(t.path()));
    wait_loaded(&mut h);
    draw_box(&mut h, (10.0, 10.0), (60.0, 60.0));
    click_on_image(&mut h, 35.0, 35.0);
    assert_eq!(work(&h).session.selected, Some(0));
    key(&mut h, Key::Escape);
    assert_eq!(work(&h).session.selected, None);
    key(&mut h, Key::Num3);
    assert_eq!(stored(&h).boxes[0].label, "person", "not renamed");
    assert_eq!(work(&h).session.current_label, 2, "the next box's label");
    // With nothing picked, Esc does nothing at all.
    key(&mut h, Key::Escape);
    assert_eq!(work(&h).session.selected, None);
}

#[test]
fn slash_then_a_few_letters_and_enter_picks_a_label_beyond_the_number_keys() {
    let t = tempfile::tempdir().unwrap();
    let mut h = harness(&project(t.path()));
    wait_loaded(&mut h);
    let item = work(&h).session.item.as_ref().unwrap().id;

    typed_key(&mut h, Key::Slash, "/");
    assert!(work(&h).label_find.is_some());
    // Typing goes to the finder: "d" does not move to the next item, "/" is not typed.
    type_text(&mut h, "sd");
    assert_eq!(work(&h).session.item.as_ref().unwrap().id, item);
    assert_eq!(work(&h).label_find.as_ref().unwrap().query, "sd");
    key(&mut h, Key::Backspace);
    key(&mut h, Key::Backspace);
    type_text(&mut h, "s");
    // Names starting with "s" first (stop sign), then those holding one (person, bus).
    key(&mut h, Key::ArrowDown);
    key(&mut h, Key::ArrowDown);
    key(&mut h, Key::ArrowUp);
    key(&mut h, Key::ArrowUp);
    key(&mut h, Key::Enter);
    assert!(work(&h).label_find.is_none(), "Enter closes the finder");
    assert_eq!(work(&h).session.current_label, label_index(&h, "stop sign"));

    // A box drawn now has that label, stored at once.
    draw_box(&mut h, (5.0, 5.0), (30.0, 20.0));
    assert_eq!(stored(&h).boxes[0].label, "stop sign");

    // Arrows move down the matches: "s", down twice, is "bus". The box is picked with Tab
    // first: the label of the box just drawn is not changed by naming the next one.
    key(&mut h, Key::Tab);
    typed_key(&mut h, Key::Slash, "/");
    type_text(&mut h, "s");
    key(&mut h, Key::ArrowDown);
    key(&mut h, Key::ArrowDown);
    key(&mut h, Key::Enter);
    assert_eq!(work(&h).session.current_label, label_index(&h, "bus"));
    // The selected box took the label too, as a number key does.
    assert_eq!(stored(&h).boxes[0].label, "bus");

    // Esc closes the finder and changes nothing.
    typed_key(&mut h, Key::Slash, "/");
    type_text(&mut h, "tru");
    key(&mut h, Key::Escape);
    assert!(work(&h).label_find.is_none());
    assert_eq!(work(&h).session.current_label, label_index(&h, "bus"));
}

#[test]
fn a_label_the_project_lacks_is_added_to_its_config_and_picked() {
    let t = tempfile::tempdir().unwrap();
    let p = project(t.path());
    let mut h = harness(&p);
    wait_loaded(&mut h);
    typed_key(&mut h, Key::Slash, "/");
    type_text(&mut h, "zebra");
    // Enter with no match adds nothing: adding is a deliberate click.
    key(&mut h, Key::Enter);
    assert!(
        work(&h)
            .session
            .project
            .config
            .label_index("zebra")
            .is_none()
    );
    h.get_by_label("Add label “zebra”").click();
    h.run_steps(2);

    let i = label_index(&h, "zebra");
    assert_eq!(i, 12);
    assert_eq!(work(&h).session.current_label, i);
    assert!(work(&h).message.contains("added the label “zebra”"));
    // The app wrote the config itself: coming back to the window does not read it again.
    away_and_back(&mut h);
    assert!(work(&h).message.contains("added the label “zebra”"));
    // The project keeps it: the config file names it, and a fresh open reads it.
    drop(h);
    let project = keylabel::project::Project::open(&p, None).unwrap();
    assert_eq!(project.config.labels[12].name, "zebra");
    assert!(!project.config.labels[12].color.is_empty());
}

/// Intent classification with more intents than number keys: "/" searches the question's
/// options, Enter answers (and, with one question, submits and moves on).
#[test]
fn slash_finds_an_option_of_a_text_question() {
    let t = tempfile::tempdir().unwrap();
    let items = t.path().join("items.jsonl");
    std::fs::write(
        &items,
        "{\"text\":\"book me a table for two\"}\n{\"text\":\"play jazz\"}\n",
    )
    .unwrap();
    let config = t.path().join("task.toml");
    let intents: Vec<String> = (0..14)
        .map(|i| format!("\"intent {i}\""))
        .chain(["\"restaurant booking\"".into(), "\"music\"".into()])
        .collect();
    std::fs::write(
        &config,
        format!(
            "[task]\nname = \"Intents\"\nmedia = \"text\"\nshow = [\"text\"]\nadvance_on_choice = true\n\n[[controls]]\nname = \"intent\"\ntype = \"choice\"\noptions = [{}]\n",
            intents.join(", ")
        ),
    )
    .unwrap();
    let p = t.path().join("proj");
    ok(&[&"init", &p, &"--media", &items, &"--config", &config]);
    let mut h = harness(&p);
    let first = work(&h).session.item.as_ref().unwrap().id;

    typed_key(&mut h, Key::Slash, "/");
    type_text(&mut h, "book");
    key(&mut h, Key::Enter);
    let store = &work(&h).session.project.store;
    let ann = store.annotation(first, "ana").unwrap().unwrap();
    assert_eq!(ann.fields["intent"], "restaurant booking");
    assert_eq!(
        store.item(first).unwrap().status,
        keylabel::core::Status::Submitted
    );
    assert_ne!(
        work(&h).session.item.as_ref().unwrap().id,
        first,
        "moved on"
    );
    assert!(work(&h).label_find.is_none());

    // A name nothing matches offers no label to add on a question either.
    typed_key(&mut h, Key::Slash, "/");
    type_text(&mut h, "zzz");
    h.run_steps(1);
    assert!(h.query_by_label("nothing has that name").is_some());
    assert!(h.query_by_label("Add label “zzz”").is_none());
}

/// Holding H hides the boxes to see the image under them; letting go shows them again, and
/// nothing is changed.
#[test]
fn holding_h_hides_the_boxes_while_held() {
    let t = tempfile::tempdir().unwrap();
    let mut h = harness(&project(t.path()));
    wait_loaded(&mut h);
    draw_box(&mut h, (5.0, 5.0), (30.0, 20.0));
    h.key_down(Key::H);
    h.run_steps(1);
    assert!(work(&h).canvas.hide_boxes);
    h.run_steps(2);
    assert!(work(&h).canvas.hide_boxes, "hidden as long as it is held");
    h.key_up(Key::H);
    h.run_steps(1);
    assert!(!work(&h).canvas.hide_boxes);
    assert_eq!(stored(&h).boxes.len(), 1);
}

#[test]
fn picking_the_next_label_after_drawing_keeps_the_drawn_box_its_label() {
    let t = tempfile::tempdir().unwrap();
    let mut h = harness(&project(t.path()));
    wait_loaded(&mut h);
    // Label first, then draw, for two objects: the second key must not rename box one.
    draw_box(&mut h, (5.0, 5.0), (20.0, 20.0));
    key(&mut h, Key::Num3);
    draw_box(&mut h, (30.0, 10.0), (50.0, 40.0));
    let labels: Vec<String> = stored(&h).boxes.into_iter().map(|b| b.label).collect();
    assert_eq!(labels, ["person", "car"]);
    // Moving the new box is no pick of it: the next label key still leaves it be.
    draw_box(&mut h, (40.0, 25.0), (42.0, 27.0));
    assert!((stored(&h).boxes[1].x - 32.0).abs() < 0.6, "moved");
    key(&mut h, Key::Num2);
    assert_eq!(stored(&h).boxes[1].label, "car");
    // Tab picks a box; then the key renames it.
    key(&mut h, Key::Tab);
    key(&mut h, Key::Num2);
    assert_eq!(stored(&h).boxes[0].label, "bicycle");
}

#[test]
fn with_label_after_drawing_the_key_names_the_box_just_drawn() {
    let t = tempfile::tempdir().unwrap();
    let p = project(t.path());
    let toml = p.join("keylabel.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(
        &toml,
        text.replacen("[task]\n", "[task]\nlabel_after_drawing = true\n", 1),
    )
    .unwrap();
    let mut h = harness(&p);
    wait_loaded(&mut h);
    assert!(work(&h).session.project.config.task.label_after_drawing);
    draw_box(&mut h, (5.0, 5.0), (20.0, 20.0));
    key(&mut h, Key::Num3);
    assert_eq!(stored(&h).boxes[0].label, "car");
}

#[test]
fn shift_tab_picks_the_previous_box_round_the_end() {
    let t = tempfile::tempdir().unwrap();
    let mut h = harness(&project(t.path()));
    wait_loaded(&mut h);
    draw_box(&mut h, (5.0, 5.0), (20.0, 20.0));
    draw_box(&mut h, (30.0, 10.0), (50.0, 40.0));
    h.key_press_modifiers(egui::Modifiers::SHIFT, Key::Tab);
    h.run_steps(1);
    assert_eq!(
        work(&h).session.selected,
        Some(0),
        "from the drawn one back"
    );
    h.key_press_modifiers(egui::Modifiers::SHIFT, Key::Tab);
    h.run_steps(1);
    assert_eq!(work(&h).session.selected, Some(1), "round the end");
    key(&mut h, Key::Tab);
    assert_eq!(work(&h).session.selected, Some(0));
}

#[test]
fn a_drag_inside_a_box_that_is_not_selected_draws_an_object_inside_it() {
    let t = tempfile::tempdir().unwrap();
    let mut h = harness(&project(t.path()));
    wait_loaded(&mut h);
    draw_box(&mut h, (2.0, 2.0), (60.0, 44.0));
    let big = stored(&h).boxes[0].clone();
    // A click outside ends the selection; a drag inside the big box draws a cup in it.
    let view = work(&h).canvas.last_view.unwrap();
    click(&mut h, view.to_screen(egui::pos2(63.0, 47.0)));
    assert_eq!(work(&h).session.selected, None);
    key(&mut h, Key::Num3);
    draw_box(&mut h, (10.0, 10.0), (20.0, 20.0));
    let boxes = stored(&h).boxes;
    assert_eq!(boxes.len(), 2, "drawn, not dragged: {boxes:?}");
    assert_eq!(boxes[0], big, "the big box did not move");
    assert_eq!(boxes[1].label, "car");
    // Picked with a click, the big box moves with a drag from inside it.
    click(&mut h, view.to_screen(egui::pos2(40.0, 35.0)));
    assert_eq!(work(&h).session.selected, Some(0));
    draw_box(&mut h, (40.0, 35.0), (41.0, 36.0));
    let moved = &stored(&h).boxes[0];
    assert!((moved.x - big.x - 1.0).abs() < 0.6, "{moved:?}");
}

/// The window goes to another one (an editor) and comes back.
fn away_and_back(h: &mut Harness<'_, KeylabelApp>) {
    h.input_mut().focused = false;
    h.run_steps(1);
    h.input_mut().focused = true;
    h.run_steps(1);
}

#[test]
fn a_config_edited_while_the_project_is_open_is_taken_on_coming_back() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let p = t.path().join("proj");
    ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat"]);
    let mut h = harness(&p);
    wait_loaded(&mut h);
    let toml = p.join("keylabel.toml");
    let first = std::fs::read_to_string(&toml).unwrap();

    // A label added in an editor: read on coming back, its key picks it, a box gets it.
    std::fs::write(
        &toml,
        format!("{first}\n[[labels]]\nname = \"dog\"\ncolor = \"#3cb44b\"\nhotkey = \"2\"\n"),
    )
    .unwrap();
    h.run_steps(1);
    assert_eq!(
        work(&h).session.project.config.labels.len(),
        1,
        "not while away"
    );
    away_and_back(&mut h);
    assert!(
        work(&h)
            .message
            .ends_with("keylabel.toml read again: 2 labels, 1 question"),
        "{}",
        work(&h).message
    );
    key(&mut h, Key::Num2);
    assert_eq!(work(&h).session.current_label, 1);
    draw_box(&mut h, (10.0, 10.0), (30.0, 30.0));
    assert_eq!(stored(&h).boxes[0].label, "dog");

    // A config that does not parse: said, naming the file; the one in use goes on.
    std::fs::write(&toml, format!("{first}\n[[labels]\nname = \"bird\"\n")).unwrap();
    away_and_back(&mut h);
    let said = work(&h).message.clone();
    assert!(said.contains("keylabel.toml"), "{said}");
    assert!(
        said.ends_with("going on with the config as it was"),
        "{said}"
    );
    assert_eq!(work(&h).session.project.config.labels.len(), 2);

    // Another media is refused; the labels stay.
    let text = first
        .replace("media = \"image\"", "media = \"text\"")
        .replace("type = \"boxes\"", "type = \"choice\"");
    std::fs::write(&toml, text).unwrap();
    away_and_back(&mut h);
    assert!(
        work(&h)
            .message
            .contains("cannot change on a project of image items"),
        "{}",
        work(&h).message
    );
    assert_eq!(work(&h).session.project.config.labels.len(), 2);

    // The label picked is taken out: the first one is picked; unchanged, nothing is read.
    std::fs::write(&toml, &first).unwrap();
    h.get_by_label("Project").click();
    h.run_steps(2);
    h.get_by_label("Read keylabel.toml again").click();
    h.run_steps(2);
    assert_eq!(work(&h).session.project.config.labels.len(), 1);
    assert_eq!(work(&h).session.current_label, 0);
    assert_eq!(
        stored(&h).boxes[0].label,
        "dog",
        "answers are never changed"
    );
    h.state_mut().work_mut().unwrap().message.clear();
    away_and_back(&mut h);
    assert_eq!(
        work(&h).message,
        "",
        "an unchanged config is not read again"
    );
}
