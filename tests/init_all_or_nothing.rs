//! Making a project is all or nothing: cancelled, failed or killed, no half project stays,
//! and the folder can be made a project again straight away.

mod common;
use common::*;
use keylabel::core::{Annotation, ItemFilter, Progress};
use keylabel::project::{InitOptions, Project, ProjectError};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;

fn opts(media: &Path, progress: &Arc<Progress>) -> InitOptions {
    InitOptions {
        media: media.to_path_buf(),
        labels: vec!["cat".into()],
        progress: Some(progress.clone()),
        ..Default::default()
    }
}

#[test]
fn init_counts_its_progress_and_a_cancel_makes_nothing() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    std::fs::write(imgs.join("broken.jpg"), b"not a picture").unwrap();
    let before = file_names(&imgs);

    let progress = Arc::new(Progress::default());
    let (_, report) = Project::init(&t.path().join("proj"), &opts(&imgs, &progress)).unwrap();
    assert_eq!(report.added, 4);
    assert_eq!(report.problems_total, 1);
    assert_eq!(
        progress.total(),
        5,
        "every file listed counts, readable or not"
    );
    assert_eq!(progress.done(), 5);

    let cancelled = Arc::new(Progress::default());
    cancelled.cancel();
    let fresh = t.path().join("fresh");
    let e = Project::init(&fresh, &opts(&imgs, &cancelled))
        .err()
        .unwrap();
    assert!(matches!(e, ProjectError::Cancelled(_)), "{e}");
    assert!(
        e.to_string().contains("cancelled; no project was made"),
        "{e}"
    );
    assert!(!fresh.exists(), "the folder init made is gone again");
    // In the image folder itself: not a file added, not one taken away.
    let e = Project::init(&imgs, &opts(&imgs, &cancelled))
        .err()
        .unwrap();
    assert!(matches!(e, ProjectError::Cancelled(_)), "{e}");
    assert_eq!(file_names(&imgs), before);
}

#[test]
fn a_new_project_can_be_discarded_until_someone_works_in_it() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let before = file_names(&imgs);
    let progress = Arc::new(Progress::default());
    let (p, _) = Project::init(&imgs, &opts(&imgs, &progress)).unwrap();
    p.discard_new().unwrap();
    assert_eq!(
        file_names(&imgs),
        before,
        "the config, database and WAL files are gone"
    );

    let (mut p, _) = Project::init(&imgs, &opts(&imgs, &progress)).unwrap();
    let id = p.store.item_ids(ItemFilter::All).unwrap()[0];
    let cat = Annotation {
        labels: vec!["cat".into()],
        ..Default::default()
    };
    p.store.save_annotation(id, "ana", &cat, 1).unwrap();
    let e = p.discard_new().err().unwrap();
    assert!(matches!(e, ProjectError::Exists(_)), "{e}");
    assert!(
        Project::open(&imgs, None).is_ok(),
        "work is never thrown away"
    );
}

#[test]
fn a_killed_init_leaves_no_half_project_and_the_next_init_works() {
    let t = tempfile::tempdir().unwrap();
    let imgs = t.path().join("imgs");
    std::fs::create_dir(&imgs).unwrap();
    write_jpeg(&imgs.join("img0.jpg"), 8, 6, None);
    let jpeg = std::fs::read(imgs.join("img0.jpg")).unwrap();
    for i in 1..3000 {
        std::fs::write(imgs.join(format!("img{i}.jpg")), &jpeg).unwrap();
    }
    let p = t.path().join("proj");
    let mut child = Command::new(env!("CARGO_BIN_EXE_keylabel"))
        .args([
            "init",
            p.to_str().unwrap(),
            "--media",
            imgs.to_str().unwrap(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let temp = format!(".keylabel.db.{}.tmp", child.id());
    // Kill it as soon as its database is being filled (or let it be, if it was quicker).
    let mut killed = false;
    while child.try_wait().unwrap().is_none() {
        if p.join(&temp).exists() {
            child.kill().unwrap(); // SIGKILL
            killed = true;
            break;
        }
    }
    child.wait().unwrap();
    let made = p.join("keylabel.toml").exists();
    if made {
        // It finished before the kill: then it is whole.
        assert!(p.join("keylabel.db").exists());
        assert_eq!(export_rows(&p, "all").len(), 3000);
        return;
    }
    assert!(killed);
    assert!(
        !p.join("keylabel.db").exists(),
        "no database without its config"
    );
    let out = ok(&[&"init", &p, &"--media", &imgs]);
    assert!(out.contains("3,000 items"), "{out}");
    let names = file_names(&p);
    assert_eq!(
        names,
        vec!["keylabel.db", "keylabel.toml"],
        "the dead init's temp file was swept"
    );
}
