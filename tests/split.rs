//! `keylabel split`: the work still to do shared out as a project per annotator, whose
//! exports come back into the lead's project, through the real binary.

mod common;
use common::*;
use keylabel::core::{Annotation, BoxAnn, ItemFilter};
use keylabel::project::Project;

fn boxed(x: f32) -> Annotation {
    Annotation {
        boxes: vec![BoxAnn::new("cat", x, 1.0, 8.0, 8.0)],
        ..Default::default()
    }
}

#[test]
fn split_work_comes_back_with_every_annotators_answers() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let p = t.path().join("lead").join("cats");
    ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat"]);
    let lead_uids: Vec<String> = {
        let mut lead = Project::open(&p, None).unwrap();
        let ids = lead.store.item_ids(ItemFilter::All).unwrap();
        // A model's pre-label on the first image travels with it, to be corrected.
        lead.store
            .save_annotation(ids[0], "model", &boxed(3.0), 1)
            .unwrap();
        // And the lead's note on the second.
        lead.store
            .set_note(ids[1], "lead", "mirrored: label it as is", 1)
            .unwrap();
        ids.iter()
            .map(|&id| lead.store.item(id).unwrap().uid)
            .collect()
    };

    // Without overlap, the items are shared out in turn.
    let plain = t.path().join("plain");
    let said = ok(&[&"split", &p, &"--parts", &"2", &"--out", &plain]);
    assert!(
        said.contains("cats-1: 2 items") && said.contains("cats-2: 2 items"),
        "{said}"
    );
    assert!(said.contains("0 items in two parts"), "{said}");

    // With 100% overlap every item goes to both: two annotators on everything.
    let out = t.path().join("parts");
    let said = ok(&[
        &"split",
        &p,
        &"--parts",
        &"2",
        &"--overlap",
        &"100",
        &"--out",
        &out,
    ]);
    assert!(said.contains("4 items in two parts"), "{said}");
    // A second split into the same folder is refused; nothing there is touched.
    let before = std::fs::read(out.join("cats-1").join("keylabel.db")).unwrap();
    let o = keylabel(&[&"split", &p, &"--parts", &"2", &"--out", &out]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("already holds a Keylabel project"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read(out.join("cats-1").join("keylabel.db")).unwrap(),
        before
    );

    for (part, who, far) in [("cats-1", "ana", false), ("cats-2", "bob", true)] {
        let dir = out.join(part);
        let mut q = Project::open(&dir, Some(who.into())).unwrap();
        let ids = q.store.item_ids(ItemFilter::All).unwrap();
        let uids: Vec<String> = ids
            .iter()
            .map(|&id| q.store.item(id).unwrap().uid)
            .collect();
        assert_eq!(uids, lead_uids, "same items, same ids, same order");
        assert_eq!(
            q.store.annotation(ids[0], "model").unwrap(),
            Some(boxed(3.0))
        );
        let notes = q.store.notes(ids[1]).unwrap();
        assert_eq!(notes.len(), 1, "the lead's note goes with the item");
        assert_eq!(notes[0].text, "mirrored: label it as is");
        for (k, &id) in ids.iter().enumerate() {
            let item = q.store.item(id).unwrap();
            assert!(
                q.media_path(&item).unwrap().is_file(),
                "media found from the part"
            );
            // bob boxes the first image elsewhere: one disagreement.
            let x = if far && k == 0 { 40.0 } else { 1.0 };
            q.store.save_annotation(id, who, &boxed(x), 1).unwrap();
            q.store.submit(id, who, 2).unwrap();
        }
        drop(q);
        let file = t.path().join(format!("{who}.jsonl"));
        ok(&[&"export", &dir, &"--format", &"jsonl", &"--out", &file]);
        let back = ok(&[&"import", &p, &file]);
        assert!(back.contains("annotations for 4 items"), "{back}");
    }
    let stats = ok(&[&"stats", &p]);
    assert!(
        stats.contains("2+ annotators: 4, with a disagreement: 1"),
        "{stats}"
    );

    // Now that everything is done, there is nothing left to split.
    let o = keylabel(&[
        &"split",
        &p,
        &"--parts",
        &"2",
        &"--out",
        &t.path().join("again"),
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("nothing to split"), "{}", stderr(&o));
    assert!(!t.path().join("again").exists());
}
