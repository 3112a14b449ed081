//! The item list's search field, driven with egui_kittest: the list is made on a worker and
//! the work goes on with the items found.
#![cfg(feature = "gui")]

mod common;
use common::ui::*;
use common::*;
use egui::Key;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use keylabel::ui::KeylabelApp;

/// A boxes project on the test images, with the label "cat".
fn image_project(dir: &std::path::Path) -> std::path::PathBuf {
    let imgs = image_folder(dir);
    let p = dir.join("proj");
    ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat"]);
    p
}

fn shown(h: &Harness<'_, KeylabelApp>) -> Vec<String> {
    let s = &work(h).session;
    s.ids
        .iter()
        .map(|&id| s.project.store.item(id).unwrap().media.unwrap())
        .collect()
}

/// Types `text` in the find field and presses Enter.
fn enter_in_find(h: &mut Harness<'_, KeylabelApp>, text: &str) {
    // The find field: the first text input (the item's note is at the foot of the right).
    h.get_all_by_role(Role::TextInput).next().unwrap().click();
    h.run_steps(1);
    h.get_all_by_role(Role::TextInput)
        .next()
        .unwrap()
        .type_text(text);
    h.run_steps(1);
    key(h, Key::Enter);
}

fn search(h: &mut Harness<'_, KeylabelApp>, text: &str) {
    enter_in_find(h, text);
    wait_list(h);
}

#[test]
fn the_search_field_narrows_the_list_and_the_cross_brings_all_back() {
    let t = tempfile::tempdir().unwrap();
    let mut h = harness(&image_project(t.path()));
    assert_eq!(shown(&h).len(), 4);

    search(&mut h, "IMG1");
    assert_eq!(shown(&h), ["img10.jpg"]);
    let item = work(&h).session.item.as_ref().unwrap();
    assert_eq!(
        item.media.as_deref(),
        Some("img10.jpg"),
        "the work moves to it"
    );
    // Typing in the field never fired a shortcut (D is "next", 1 a label).
    assert_eq!(work(&h).session.current_label, 0);

    h.get_by_label("×").click();
    h.run_steps(1);
    wait_list(&mut h);
    assert_eq!(shown(&h).len(), 4);
    assert_eq!(work(&h).search, "");
    // The item found stays the current one in the whole list.
    let item = work(&h).session.item.as_ref().unwrap();
    assert_eq!(item.media.as_deref(), Some("img10.jpg"));

    search(&mut h, "no such thing");
    assert!(shown(&h).is_empty());
    assert_eq!(work(&h).message, "no item matches");
}

/// The status bar says how much is left in the whole project, following each key without
/// counting the project again.
#[test]
fn the_status_bar_counts_what_is_left_to_do() {
    use egui::Modifiers;
    use keylabel::core::Status;
    let t = tempfile::tempdir().unwrap();
    let mut h = harness(&image_project(t.path()));
    wait_loaded(&mut h);
    assert!(h.query_by_label("4 to do").is_some());

    draw_box(&mut h, (5.0, 5.0), (30.0, 20.0));
    assert_eq!(work(&h).session.counts.get(Status::Draft), 1);
    assert_eq!(work(&h).session.counts.to_do(), 4, "a draft is still to do");
    key(&mut h, Key::Enter);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Space);
    h.run_steps(2);
    assert!(h.query_by_label("2 to do").is_some());
    let c = &work(&h).session.counts;
    assert_eq!(
        (c.get(Status::Submitted), c.get(Status::Skipped), c.total()),
        (1, 1, 4)
    );
    // The counts agree with the store.
    let store = &work(&h).session.project.store;
    for s in Status::ALL {
        assert_eq!(
            c.get(s),
            store.count(keylabel::core::ItemFilter::Status(s)).unwrap()
        );
    }
    // The status filter gives each status its count.
    h.query_all_by_role(Role::ComboBox).next().unwrap().click();
    h.run_steps(2);
    for entry in [
        "all (4)",
        "to do (2)",
        "submitted (1)",
        "skipped (1)",
        "flagged",
    ] {
        assert!(h.query_by_label(entry).is_some(), "{entry}");
    }
}

/// Project → Statistics…: the counts `keylabel stats` prints, made on a worker.
#[test]
fn the_statistics_window_counts_the_project() {
    let t = tempfile::tempdir().unwrap();
    let mut h = harness(&image_project(t.path()));
    wait_loaded(&mut h);
    draw_box(&mut h, (5.0, 5.0), (30.0, 20.0));
    key(&mut h, Key::Enter);

    h.get_by_label("Project").click();
    h.run_steps(3);
    h.get_by_label("Statistics…").click();
    for _ in 0..500_000 {
        if work(&h).stats.as_ref().is_some_and(|v| v.stats().is_some()) {
            break;
        }
        h.step();
    }
    h.run_steps(2);
    let s = work(&h).stats.as_ref().unwrap().stats().expect("counted");
    assert_eq!(s.items, 4);
    // The image the cat was boxed on counts as an item of the label.
    let cat = keylabel::store::LabelUse {
        name: "cat".into(),
        items: 1,
        boxes: 1,
        ..Default::default()
    };
    assert_eq!(s.by_label, vec![cat]);
    let ana = &s.annotators[..];
    assert_eq!(
        ana.iter()
            .map(|a| (a.name.as_str(), a.annotated, a.submitted))
            .collect::<Vec<_>>(),
        [("ana", 1, 1)]
    );
    // The submitted item gives the median a value, within all her active time.
    assert!(ana[0].median_ms.is_some_and(|m| m <= ana[0].active_ms));
    assert!(h.query_by_label("4 items").is_some());
    assert!(h.query_by_label("annotator").is_some());
    assert!(h.query_by_label("items/h").is_some());
    // Today's timesheet row: her one submitted item.
    assert_eq!(s.by_day.len(), 1);
    assert_eq!(
        (s.by_day[0].annotator.as_str(), s.by_day[0].submitted),
        ("ana", 1)
    );
    assert!(
        h.query_by_label("by day (UTC): items submitted, active time")
            .is_some()
    );
}

/// Each row of the list says what was answered, so a slip shows without opening the item.
#[test]
fn the_list_shows_each_items_answer() {
    let t = tempfile::tempdir().unwrap();
    let mut h = harness(&image_project(t.path()));
    wait_loaded(&mut h);
    assert!(h.query_by_label("1 box").is_none());
    draw_box(&mut h, (5.0, 5.0), (30.0, 20.0));
    h.run_steps(1);
    assert!(
        h.query_by_label("1 box").is_some(),
        "the row follows the work"
    );
    draw_box(&mut h, (40.0, 40.0), (60.0, 60.0));
    key(&mut h, Key::D);
    h.run_steps(2);
    assert!(h.query_by_label("2 boxes").is_some());
    assert!(h.query_by_label("1 box").is_none());
}

/// "#3" in the find field goes to the list's third item; a number past the end says so.
#[test]
fn a_number_in_the_find_field_goes_to_that_item() {
    let t = tempfile::tempdir().unwrap();
    let mut h = harness(&image_project(t.path()));
    enter_in_find(&mut h, "#3");
    assert_eq!(work(&h).session.pos, 2);
    assert_eq!(work(&h).search, "", "the field is cleared");
    assert!(
        !work(&h).list_pending(),
        "the list itself is left as it was"
    );
    assert_eq!(shown(&h).len(), 4);

    enter_in_find(&mut h, "#9");
    assert_eq!(work(&h).session.pos, 2);
    assert_eq!(work(&h).message, "no item #9: the list holds 4");
}

/// Whether the list's row of item number `n` (1-based) is drawn: rows out of view are not.
fn row_shown(h: &Harness<'_, KeylabelApp>, n: usize) -> bool {
    h.query_by_label_contains(&format!("{n}  record {n:04}"))
        .is_some()
}

/// Stepping far down a long list keeps the current item's row in view (the list drifted a
/// row in eight behind it: at item 241 it showed 193–221), and holds the list still while
/// the row is on screen.
#[test]
fn the_list_follows_the_current_item_down_a_long_list() {
    let t = tempfile::tempdir().unwrap();
    let records = t.path().join("records.jsonl");
    let lines: String = (1..=600)
        .map(|i| format!("{{\"text\": \"record {i:04}\"}}\n"))
        .collect();
    std::fs::write(&records, lines).unwrap();
    let p = t.path().join("proj");
    ok(&[&"init", &p, &"--media", &records, &"--labels", &"a,b"]);
    let mut h = harness(&p);
    enter_in_find(&mut h, "#450");
    h.run_steps(2);
    assert_eq!(work(&h).session.pos, 449);
    assert!(row_shown(&h, 450), "the row of the item gone to is in view");
    let offset = work(&h).list_offset;

    for _ in 0..3 {
        key(&mut h, Key::D);
    }
    h.run_steps(2);
    assert_eq!(work(&h).session.pos, 452);
    assert!(row_shown(&h, 453));
    assert_eq!(
        work(&h).list_offset,
        offset,
        "a few steps down, the list has not moved under the pointer"
    );

    for _ in 0..60 {
        key(&mut h, Key::D);
    }
    h.run_steps(2);
    assert_eq!(work(&h).session.pos, 512);
    assert!(row_shown(&h, 513), "the list followed the item down");
}
