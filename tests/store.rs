//! The store through the library API: undo/redo across restarts, status, timing, paging,
//! two writers on one project.

use keylabel::core::timing::TimingDelta;
use keylabel::core::{Annotation, BoxAnn, ItemFilter, MediaKind, NewItem, Status};
use keylabel::store::{Store, StoreError};
use serde_json::Map;

fn text_items(n: usize) -> Vec<NewItem> {
    (0..n)
        .map(|i| {
            let mut data = Map::new();
            data.insert("text".into(), format!("record {i}").into());
            NewItem {
                key: format!("r:{i}"),
                kind: MediaKind::Text,
                root: None,
                media: None,
                data,
                width: None,
                height: None,
                duration_ms: None,
            }
        })
        .collect()
}

fn boxes(n: usize) -> Annotation {
    Annotation {
        boxes: (0..n)
            .map(|i| BoxAnn::new("a", i as f32, 0.0, 5.0, 5.0))
            .collect(),
        ..Default::default()
    }
}

#[test]
fn undo_and_redo_survive_a_restart() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("k.db");
    let id = {
        let mut s = Store::create(&db).unwrap();
        s.insert_items(text_items(3)).unwrap();
        let id = s.item_ids(ItemFilter::All).unwrap()[1];
        for n in 1..=3 {
            assert!(s.save_annotation(id, "ana", &boxes(n), n as i64).unwrap());
        }
        // Saving the same thing again is not a step.
        assert!(!s.save_annotation(id, "ana", &boxes(3), 9).unwrap());
        assert_eq!(s.item(id).unwrap().status, Status::Draft);
        id
    };
    let mut s = Store::open(&db).unwrap();
    assert_eq!(s.undo(id, "ana", 10).unwrap(), Some(boxes(2)));
    assert_eq!(s.undo(id, "ana", 11).unwrap(), Some(boxes(1)));
    drop(s);
    let mut s = Store::open(&db).unwrap();
    assert_eq!(s.annotation(id, "ana").unwrap(), Some(boxes(1)));
    assert_eq!(s.redo(id, "ana", 12).unwrap(), Some(boxes(2)));
    // A new edit drops the redo branch.
    s.save_annotation(id, "ana", &boxes(5), 13).unwrap();
    assert_eq!(s.redo(id, "ana", 14).unwrap(), None);
    assert_eq!(s.undo(id, "ana", 15).unwrap(), Some(boxes(2)));
    assert_eq!(s.undo(id, "ana", 16).unwrap(), Some(boxes(1)));
    // Undoing the first edit leaves nothing: the item is new again.
    assert_eq!(s.undo(id, "ana", 17).unwrap(), Some(Annotation::default()));
    assert_eq!(s.undo(id, "ana", 18).unwrap(), None);
    assert_eq!(s.annotation(id, "ana").unwrap(), None);
    assert_eq!(s.item(id).unwrap().status, Status::New);
    // History is per annotator.
    assert_eq!(s.undo(id, "bob", 19).unwrap(), None);
}

#[test]
fn submit_skip_flag_and_timing() {
    let mut s = Store::in_memory().unwrap();
    s.insert_items(text_items(3)).unwrap();
    let ids = s.item_ids(ItemFilter::All).unwrap();
    s.open_item(ids[0], "ana", 1_000).unwrap();
    s.add_timing(
        ids[0],
        "ana",
        TimingDelta {
            active_ms: 700,
            keys: 2,
            clicks: 0,
        },
    )
    .unwrap();
    s.open_item(ids[0], "ana", 5_000).unwrap();
    s.add_timing(
        ids[0],
        "ana",
        TimingDelta {
            active_ms: 300,
            keys: 1,
            clicks: 1,
        },
    )
    .unwrap();
    s.submit(ids[0], "ana", 6_000).unwrap();
    let t = s.timing(ids[0], "ana").unwrap().unwrap();
    assert_eq!(
        (t.active_ms, t.wall_ms, t.visits, t.keys, t.clicks),
        (1_000, 5_000, 2, 3, 1)
    );
    assert_eq!(
        (t.first_seen_at, t.submitted_at),
        (Some(1_000), Some(6_000))
    );

    s.skip(ids[1], "ana", 7_000).unwrap();
    s.set_flag(ids[2], "ana", true, 8_000).unwrap();
    assert_eq!(s.count(ItemFilter::Status(Status::Submitted)).unwrap(), 1);
    assert_eq!(s.count(ItemFilter::Status(Status::Skipped)).unwrap(), 1);
    assert_eq!(s.count(ItemFilter::Flagged).unwrap(), 1);
    assert_eq!(s.count(ItemFilter::Unfinished).unwrap(), 1);
    assert!(s.submit(999, "ana", 1).is_err());
}

#[test]
fn paging_walks_every_item_once_in_order() {
    let mut s = Store::in_memory().unwrap();
    let r = s.insert_items(text_items(250)).unwrap();
    assert_eq!(r.added, 250);
    assert_eq!(s.insert_items(text_items(10)).unwrap().duplicates, 10);
    let mut after = 0;
    let mut seen = Vec::new();
    loop {
        let page = s.items_page(ItemFilter::All, after, 100).unwrap();
        if page.is_empty() {
            break;
        }
        after = page.last().unwrap().id;
        seen.extend(
            page.into_iter()
                .map(|i| i.data["text"].as_str().unwrap().to_string()),
        );
    }
    assert_eq!(seen.len(), 250);
    assert_eq!(seen[0], "record 0");
    assert_eq!(seen[249], "record 249");
}

/// The ids come from the status index, grouped by status: they must still be in project
/// order, and counted by status.
#[test]
fn item_ids_stay_in_project_order_whatever_their_status() {
    let mut s = Store::in_memory().unwrap();
    s.insert_items(text_items(7)).unwrap();
    let all = s.item_ids(ItemFilter::All).unwrap();
    s.submit(all[5], "ana", 1).unwrap();
    s.submit(all[1], "ana", 1).unwrap();
    s.skip(all[3], "ana", 1).unwrap();
    s.save_annotation(all[0], "ana", &boxes(1), 1).unwrap();
    let (ids, counts) = s.item_ids_and_counts().unwrap();
    assert_eq!(ids, all);
    assert!(ids.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(
        Status::ALL.map(|st| counts.get(st)),
        Status::ALL.map(|st| s.count(ItemFilter::Status(st)).unwrap())
    );
    assert_eq!((counts.to_do(), counts.total()), (4, 7));
}

/// An annotator sees their own answer, even an older one; else the newest of anyone's.
#[test]
fn the_shown_answer_is_ones_own_else_the_newest() {
    let mut s = Store::in_memory().unwrap();
    s.insert_items(text_items(2)).unwrap();
    let ids = s.item_ids(ItemFilter::All).unwrap();
    s.save_annotation(ids[0], "ana", &boxes(1), 1).unwrap();
    s.save_annotation(ids[0], "bob", &boxes(2), 2).unwrap();
    s.save_annotation(ids[0], "cy", &boxes(3), 3).unwrap();
    let shown = |who| s.shown_annotation(ids[0], who).unwrap().unwrap();
    assert_eq!(shown("ana"), ("ana".to_string(), boxes(1)));
    assert_eq!(shown("bob"), ("bob".to_string(), boxes(2)));
    assert_eq!(shown("dee"), ("cy".to_string(), boxes(3)));
    assert_eq!(s.shown_annotation(ids[1], "ana").unwrap(), None);
}

#[test]
fn two_writers_on_one_project_lose_nothing() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("k.db");
    {
        let mut s = Store::create(&db).unwrap();
        s.insert_items(text_items(2)).unwrap();
    }
    let writers: Vec<_> = ["ana", "bob"]
        .into_iter()
        .map(|who| {
            let db = db.clone();
            std::thread::spawn(move || {
                let mut s = Store::open(&db).unwrap();
                let ids = s.item_ids(ItemFilter::All).unwrap();
                for n in 1..=100 {
                    s.save_annotation(ids[n % 2], who, &boxes(n), n as i64)
                        .unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let s = Store::open(&db).unwrap();
    let ids = s.item_ids(ItemFilter::All).unwrap();
    for who in ["ana", "bob"] {
        assert_eq!(s.annotation(ids[0], who).unwrap(), Some(boxes(100)));
        assert_eq!(s.annotation(ids[1], who).unwrap(), Some(boxes(99)));
    }
}

#[test]
fn a_batch_commits_once_and_a_failed_batch_leaves_nothing() {
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("k.db");
    let mut s = Store::create(&path).unwrap();
    s.insert_items(text_items(3)).unwrap();
    let ids = s.item_ids(ItemFilter::All).unwrap();
    // A change that fails inside a batch takes the whole batch down, even when the caller
    // goes on: changes in a batch have no savepoint of their own, so keeping the rest could
    // keep half a change.
    let swallowed = s.batch(|s| {
        s.import_annotation(ids[0], "ana", &boxes(9), Status::Submitted, 1)?;
        assert!(s.set_flag(999, "ana", true, 1).is_err());
        s.import_annotation(ids[1], "ana", &boxes(9), Status::Submitted, 1)
    });
    assert!(
        matches!(swallowed, Err(StoreError::BatchBroken { .. })),
        "{swallowed:?}"
    );
    assert!(s.annotation(ids[0], "ana").unwrap().is_none());
    s.batch(|s| {
        s.import_annotation(ids[0], "ana", &boxes(1), Status::Submitted, 1)?;
        s.import_annotation(ids[1], "ana", &boxes(2), Status::Submitted, 1)
    })
    .unwrap();
    // An error out of the batch rolls all of it back.
    let failed = s.batch(|s| {
        s.import_annotation(ids[2], "ana", &boxes(3), Status::Submitted, 1)?;
        s.set_flag(999, "ana", true, 1)
    });
    assert!(failed.is_err());
    drop(s);
    let s = Store::open(&path).unwrap();
    assert_eq!(s.annotation(ids[0], "ana").unwrap().unwrap().boxes.len(), 1);
    assert_eq!(s.annotation(ids[1], "ana").unwrap().unwrap().boxes.len(), 2);
    assert!(s.annotation(ids[2], "ana").unwrap().is_none());
    assert_eq!(s.item(ids[2]).unwrap().status, Status::New);
    // After a batch, single changes commit on their own again.
    let mut s = s;
    s.import_annotation(ids[2], "ana", &boxes(1), Status::Submitted, 2)
        .unwrap();
    drop(s);
    let s = Store::open(&path).unwrap();
    assert_eq!(s.item(ids[2]).unwrap().status, Status::Submitted);
}

/// The item list's query: text in the shown fields or the media path, a label in use, a
/// status; the user's % and _ are plain characters, and field names are not searched.
#[test]
fn find_item_ids_searches_shown_fields_labels_and_status() {
    use keylabel::store::ItemQuery;
    let d = tempfile::tempdir().unwrap();
    let mut s = Store::create(&d.path().join("k.db")).unwrap();
    let mut items = text_items(12);
    items[3]
        .data
        .insert("text".into(), "50% off, Snake_Case".into());
    items[4].data.insert("note".into(), "hidden record".into());
    items[5].media = Some("photos/Beach 1.jpg".into());
    s.insert_items(items).unwrap();
    let ids = s.item_ids(ItemFilter::All).unwrap();
    s.save_annotation(ids[1], "ana", &boxes(1), 1).unwrap();
    s.save_annotation(ids[11], "bob", &boxes(2), 2).unwrap();
    s.submit(ids[11], "bob", 3).unwrap();
    let mut said = boxes(1);
    said.fields
        .insert("description".into(), "A tabby cat asleep".into());
    said.fields.insert("verdict".into(), "zebra".into());
    said.boxes[0].text = "TOTAL 9.30".into();
    said.boxes[0].label = "z".into();
    s.save_annotation(ids[7], "ana", &said, 4).unwrap();
    let mut marked = keylabel::core::Annotation::default();
    marked.spans.push(keylabel::core::Span {
        label: "PER".into(),
        field: "text".into(),
        start: 0,
        end: 6,
        text: "record".into(),
        attributes: Vec::new(),
    });
    s.save_annotation(ids[9], "ana", &marked, 5).unwrap();
    let mut heard = keylabel::core::Annotation::default();
    heard.segments.push(keylabel::core::Segment {
        label: "speech".into(),
        start_s: 0.0,
        end_s: 1.0,
        text: "turn right at the lights".into(),
    });
    s.save_annotation(ids[10], "ana", &heard, 6).unwrap();

    let find = |text: &str, fields: &[&str]| {
        s.find_item_ids(&ItemQuery {
            text: Some(text.into()),
            fields: fields.iter().map(|f| f.to_string()).collect(),
            ..Default::default()
        })
        .unwrap()
    };
    // "record 1" is in records 1, 10 and 11; case does not matter.
    assert_eq!(find("RECORD 1", &["text"]), vec![ids[1], ids[10], ids[11]]);
    assert_eq!(find("%", &["text"]), vec![ids[3]], "% is a character");
    assert_eq!(find("e_c", &["text"]), vec![ids[3]], "_ is a character");
    assert_eq!(find("x_c", &["text"]), Vec::<i64>::new());
    // Only the shown fields, unless none are named; never the field names.
    assert_eq!(find("hidden", &["text"]), Vec::<i64>::new());
    assert_eq!(find("hidden", &[]), vec![ids[4]]);
    assert_eq!(find("note", &[]), Vec::<i64>::new());
    assert_eq!(find("beach", &["text"]), vec![ids[5]], "the media path");
    // What annotators answered: a text answer, a picked option, a box's text (OCR).
    assert_eq!(find("TABBY", &["text"]), vec![ids[7]]);
    assert_eq!(find("total 9", &["text"]), vec![ids[7]]);
    assert_eq!(find("zebra", &["text"]), vec![ids[7]]);
    assert_eq!(
        find("right at", &["text"]),
        vec![ids[10]],
        "a segment's words"
    );

    let with = |filter, label: &str, text: Option<&str>| {
        s.find_item_ids(&ItemQuery {
            filter,
            label: Some(label.into()),
            text: text.map(Into::into),
            fields: vec!["text".into()],
            ..Default::default()
        })
        .unwrap()
    };
    assert_eq!(with(ItemFilter::All, "a", None), vec![ids[1], ids[11]]);
    assert_eq!(
        with(ItemFilter::Status(Status::Submitted), "a", None),
        vec![ids[11]]
    );
    assert_eq!(with(ItemFilter::All, "a", Some("record 11")), vec![ids[11]]);
    assert_eq!(with(ItemFilter::All, "b", None), Vec::<i64>::new());
    // A label used on a span.
    assert_eq!(with(ItemFilter::All, "PER", None), vec![ids[9]]);
}

/// A project made before gold answers existed (schema 1), or before notes (2), opens, is
/// migrated forward in place, and keeps its items and answers.
#[test]
fn older_projects_migrate_to_gold_answers_and_notes() {
    for version in [1, 2] {
        migrates_from(version);
    }
}

fn migrates_from(version: i64) {
    let t = tempfile::tempdir().unwrap();
    let db = t.path().join("keylabel.db");
    let id = {
        let mut s = Store::create(&db).unwrap();
        s.insert_items(text_items(1)).unwrap();
        let id = s.item_ids(ItemFilter::All).unwrap()[0];
        s.save_annotation(id, "ana", &boxes(1), 1).unwrap();
        id
    };
    {
        // What schema 1 looked like: no gold table; 2: no notes.
        let c = rusqlite::Connection::open(&db).unwrap();
        let drop = if version == 1 {
            "DROP TABLE gold; DROP TABLE notes;"
        } else {
            "DROP TABLE notes;"
        };
        c.execute_batch(&format!(
            "{drop} UPDATE meta SET value = '{version}' WHERE key = 'schema_version';"
        ))
        .unwrap();
    }
    let mut s = Store::open(&db).unwrap();
    assert_eq!(s.annotation(id, "ana").unwrap(), Some(boxes(1)));
    s.set_gold(id, &boxes(2), 2).unwrap();
    assert_eq!(s.gold(id).unwrap(), Some(boxes(2)));
    s.set_note(id, "ana", "blurry", 3).unwrap();
    assert_eq!(s.notes(id).unwrap()[0].text, "blurry");
    drop(s);
    let c = rusqlite::Connection::open(&db).unwrap();
    let v: String = c
        .query_row(
            "SELECT value FROM meta WHERE key = 'schema_version'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(v, keylabel::store::SCHEMA_VERSION.to_string());
}

/// Gold scoring gives partial credit on boxes: one of two boxes found is 2/3 close (F1),
/// though the item is not "right".
#[test]
fn gold_scores_give_box_tasks_partial_credit() {
    let t = tempfile::tempdir().unwrap();
    let mut s = Store::create(&t.path().join("k.db")).unwrap();
    s.insert_items(text_items(2)).unwrap();
    let ids = s.item_ids(ItemFilter::All).unwrap();
    let controls = [keylabel::core::Control::new(
        "boxes",
        keylabel::core::ControlKind::Boxes,
    )];
    s.set_gold(ids[0], &boxes(2), 1).unwrap();
    s.set_gold(ids[1], &boxes(1), 1).unwrap();
    let mut first_only = boxes(2);
    first_only.boxes.truncate(1);
    s.save_annotation(ids[0], "ana", &first_only, 2).unwrap();
    s.submit(ids[0], "ana", 3).unwrap();
    s.save_annotation(ids[1], "ana", &boxes(1), 2).unwrap();
    s.submit(ids[1], "ana", 3).unwrap();
    let scores = s.gold_scores(&controls).unwrap();
    assert_eq!(scores.len(), 1);
    let g = &scores[0];
    assert_eq!((g.annotator.as_str(), g.checked, g.correct), ("ana", 2, 1));
    assert!(
        (g.closeness - (2.0 / 3.0 + 1.0)).abs() < 1e-9,
        "{}",
        g.closeness
    );
}

#[test]
fn a_burst_of_typing_is_one_undo_step() {
    let d = tempfile::tempdir().unwrap();
    let mut s = Store::create(&d.path().join("k.db")).unwrap();
    s.insert_items(text_items(1)).unwrap();
    let id = s.item_ids(ItemFilter::All).unwrap()[0];
    let typed = |t: &str| {
        let mut a = Annotation::default();
        a.fields
            .insert("fix".into(), serde_json::Value::String(t.into()));
        a
    };
    s.save_annotation(id, "ana", &typed("x"), 1).unwrap();
    for (i, t) in ["xa", "xab", "xabc"].iter().enumerate() {
        s.save_annotation_merged(id, "ana", &typed(t), 2 + i as i64)
            .unwrap();
    }
    let undone = s.undo(id, "ana", 9).unwrap().unwrap();
    assert!(
        undone.fields.is_empty(),
        "one undo before the first save: {undone:?}"
    );
    assert_eq!(s.redo(id, "ana", 10).unwrap().unwrap(), typed("xabc"));
    // After an undo, typing starts a step of its own; typed back to where it began, the
    // step undoes nothing and is gone.
    s.undo(id, "ana", 11).unwrap();
    s.save_annotation(id, "ana", &typed("y"), 12).unwrap();
    s.save_annotation_merged(id, "ana", &typed("yz"), 13)
        .unwrap();
    assert!(s.undo(id, "ana", 14).unwrap().unwrap().fields.is_empty());
    assert_eq!(s.undo(id, "ana", 15).unwrap(), None, "nothing more to undo");
}
