//! Notes on items, in the real app driven with egui_kittest: written with a key, saved as
//! typed, beside the answer (no answer, status or time changed), others' shown to read.
#![cfg(feature = "gui")]

mod common;
use common::ui::*;
use egui::{Event, Key, Modifiers};
use egui_kittest::kittest::Queryable;
use keylabel::core::{ItemFilter, Status};
use keylabel::project::{InitOptions, Project};
use std::path::{Path, PathBuf};

fn reviews(dir: &Path) -> PathBuf {
    let file = dir.join("reviews.jsonl");
    std::fs::write(
        &file,
        "{\"text\":\"great\"}\n{\"text\":\"awful\"}\n{\"text\":\"meh\"}\n",
    )
    .unwrap();
    let p = dir.join("reviews");
    Project::init(
        &p,
        &InitOptions {
            media: file,
            labels: vec!["positive".into(), "negative".into()],
            annotator: Some("ana".into()),
            ..Default::default()
        },
    )
    .unwrap();
    p
}

fn typed(h: &mut egui_kittest::Harness<'_, keylabel::ui::KeylabelApp>, text: &str) {
    h.input_mut().events.push(Event::Text(text.into()));
    h.run_steps(1);
}

#[test]
fn e_writes_a_note_saved_as_typed_that_changes_nothing_else() {
    let t = tempfile::tempdir().unwrap();
    let p = reviews(t.path());
    let mut h = harness(&p);
    let first = work(&h).session.item.as_ref().unwrap().id;
    // E puts the cursor in the note; the E itself is not typed into it.
    h.key_press(Key::E);
    h.input_mut().events.push(Event::Text("e".into()));
    h.run_steps(2);
    typed(&mut h, "sarcasm?");
    let store = |h: &egui_kittest::Harness<'_, keylabel::ui::KeylabelApp>| {
        work(h).session.project.store.notes(first).unwrap()
    };
    let notes = store(&h);
    assert_eq!(notes.len(), 1, "saved as typed");
    assert_eq!(
        (notes[0].annotator.as_str(), notes[0].text.as_str()),
        ("ana", "sarcasm?")
    );
    // Its row in the list says so (drawn again in the next frame).
    h.run_steps(1);
    assert_eq!(work(&h).rows[&first].answer, "note");
    // Typing never fires a shortcut: D went into the note, not to the next item.
    typed(&mut h, " D");
    assert_eq!(work(&h).session.item.as_ref().unwrap().id, first);
    assert_eq!(store(&h)[0].text, "sarcasm? D");
    // Enter leaves the field; then the keys are commands again.
    key(&mut h, Key::Enter);
    key(&mut h, Key::D);
    assert_ne!(
        work(&h).session.item.as_ref().unwrap().id,
        first,
        "D: next item"
    );
    // The item it was written on: still new, no answer, no undo step.
    let s = &work(&h).session.project.store;
    assert_eq!(s.item(first).unwrap().status, Status::New);
    assert_eq!(s.annotation(first, "ana").unwrap(), None);
    // Back on it, the note is in the field; the list finds it under "noted".
    key(&mut h, Key::A);
    assert!(
        h.query_all_by_value("sarcasm? D").next().is_some(),
        "the note is shown again"
    );
    let noted = work(&h)
        .session
        .project
        .store
        .item_ids(ItemFilter::Noted)
        .unwrap();
    assert_eq!(noted, vec![first]);
    // Ctrl+Enter from inside the note submits, as from any text field (here refused: the
    // one-key choice needs its answer first), and the next key answers.
    key(&mut h, Key::E);
    key_mod(&mut h, Modifiers::COMMAND, Key::Enter);
    assert!(
        work(&h).message.contains("needs an answer"),
        "{}",
        work(&h).message
    );
    key(&mut h, Key::Num2);
    let s = &work(&h).session.project.store;
    assert_eq!(s.item(first).unwrap().status, Status::Submitted);
    assert_eq!(s.notes(first).unwrap()[0].text, "sarcasm? D");
}

#[test]
fn others_notes_are_shown_and_a_blank_note_is_removed() {
    let t = tempfile::tempdir().unwrap();
    let p = reviews(t.path());
    {
        let mut pr = Project::open(&p, None).unwrap();
        let first = pr.store.item_ids(ItemFilter::All).unwrap()[0];
        pr.store
            .set_note(first, "lead", "read the guideline on irony", 1)
            .unwrap();
        pr.store.set_note(first, "ana", "x", 2).unwrap();
    }
    let mut h = harness(&p);
    assert!(
        h.query_by_label("lead: read the guideline on irony")
            .is_some(),
        "the lead's note is shown"
    );
    let first = work(&h).session.item.as_ref().unwrap().id;
    key(&mut h, Key::E);
    // Erasing one's own note removes it; the lead's stays.
    h.key_press(Key::Backspace);
    h.run_steps(1);
    let notes = work(&h).session.project.store.notes(first).unwrap();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(notes[0].annotator, "lead");
}
