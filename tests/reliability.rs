//! Nothing is lost: SIGKILL mid-session and mid-export, media never touched, no network
//! needed, hostile folders. Fast enough for the normal test run.

mod common;
use common::*;
use keylabel::core::{Annotation, BoxAnn, ItemFilter, MediaKind, NewItem};
use keylabel::project::Project;
use keylabel::session::drill_step;
use keylabel::store::Store;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

fn text_project(dir: &Path, n: usize) -> std::path::PathBuf {
    let items = dir.join("items.jsonl");
    let body: String = (0..n)
        .map(|i| format!("{{\"id\": {i}, \"text\": \"item {i}\"}}\n"))
        .collect();
    std::fs::write(&items, body).unwrap();
    let p = dir.join("proj");
    ok(&[&"init", &p, &"--media", &items, &"--labels", &"a,b"]);
    p
}

#[test]
fn every_acknowledged_action_survives_sigkill_at_random_points() {
    let t = tempfile::tempdir().unwrap();
    let p = text_project(t.path(), 13);
    let ids = Store::open(&p.join("keylabel.db"))
        .unwrap()
        .item_ids(ItemFilter::All)
        .unwrap();
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let mut done_total = 0u32;
    for run in 0..20 {
        let kill_after = (rng.next() % 1000) as u32;
        let mut child = Command::new(env!("CARGO_BIN_EXE_keylabel"))
            .args([
                "drill",
                p.to_str().unwrap(),
                "--actions",
                "1000",
                "--annotator",
                &format!("run{run}"),
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut last_ack: Option<u32> = None;
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        while let Some(Ok(line)) = lines.next() {
            let n: u32 = line.trim_start_matches("ack ").parse().unwrap();
            last_ack = Some(n);
            if n >= kill_after {
                child.kill().unwrap(); // SIGKILL on Unix
                break;
            }
        }
        child.wait().unwrap();
        // Acks the child wrote before it died but we had not read yet count too.
        for line in lines.map_while(Result::ok) {
            last_ack = line.trim_start_matches("ack ").parse().ok().or(last_ack);
        }
        let Some(last) = last_ack else { continue };
        done_total += last + 1;
        // The project opens, and each item holds the last acknowledged edit of this run
        // (or the one after it, committed before its ack could be printed).
        let s = Store::open(&p.join("keylabel.db")).unwrap();
        for &id in &ids {
            let got = s.annotation(id, &format!("run{run}")).unwrap();
            let touched = |n: u32| drill_step(&ids, n).0 == id;
            let want = (0..=last)
                .rev()
                .find(|n| touched(*n))
                .map(|n| drill_step(&ids, n).1);
            let maybe_next = Some(last + 1)
                .filter(|n| touched(*n))
                .map(|n| drill_step(&ids, n).1);
            assert!(
                got == want || (got.is_some() && got == maybe_next),
                "run {run}, item {id}: after ack {last} found {got:?}, expected {want:?}"
            );
        }
    }
    assert!(
        done_total > 1000,
        "the drills did too little work to prove anything: {done_total}"
    );
}

#[test]
fn a_killed_export_leaves_the_previous_file_intact() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("proj");
    // A project big enough that the export takes a while.
    {
        let (mut p, _) = Project::init(
            &dir,
            &keylabel::project::InitOptions {
                media: image_folder(t.path()),
                labels: vec!["a".into()],
                ..Default::default()
            },
        )
        .unwrap();
        let items: Vec<NewItem> = (0..20_000)
            .map(|i| NewItem {
                key: format!("m:x/{i}"),
                kind: MediaKind::Image,
                root: Some("x".into()),
                media: Some(format!("f{i}.jpg")),
                data: Default::default(),
                width: Some(100),
                height: Some(100),
                duration_ms: None,
            })
            .collect();
        p.store.insert_items(items).unwrap();
        let ann = Annotation {
            boxes: vec![BoxAnn::new("a", 1.0, 1.0, 9.0, 9.0); 10],
            ..Default::default()
        };
        for id in p.store.item_ids(ItemFilter::All).unwrap() {
            p.store
                .import_annotation(id, "ana", &ann, keylabel::core::Status::Submitted, 0)
                .unwrap();
        }
    }
    let out = t.path().join("export.json");
    std::fs::write(&out, "previous export").unwrap();
    let (mut kills, mut last_killed) = (0, 0);
    for _ in 0..5 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_keylabel"))
            .args([
                "export",
                dir.to_str().unwrap(),
                "--format",
                "coco",
                "--out",
                out.to_str().unwrap(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Kill as soon as the temporary file exists: the export is in the middle of writing.
        let mut seen = false;
        for _ in 0..2_000_000 {
            seen = std::fs::read_dir(t.path())
                .unwrap()
                .flatten()
                .any(|e| e.file_name().to_string_lossy().ends_with(".tmp"));
            if seen || child.try_wait().unwrap().is_some() {
                break;
            }
        }
        if seen && child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
            kills += 1;
            last_killed = child.id();
        }
        child.wait().unwrap();
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(
            text == "previous export" || serde_json::from_str::<serde_json::Value>(&text).is_ok(),
            "export file is torn"
        );
        // Clean the leftover temp file of a killed export for the next round.
        for e in std::fs::read_dir(t.path()).unwrap().flatten() {
            if e.file_name().to_string_lossy().ends_with(".tmp") {
                std::fs::remove_file(e.path()).unwrap();
            }
        }
        std::fs::write(&out, "previous export").unwrap();
    }
    assert!(kills > 0, "no export was caught in the middle");
    // The next export sweeps away what a killed one left, and keeps a live writer's file.
    let dead = t.path().join(format!(".export.json.{}.tmp", last_killed));
    let live = t
        .path()
        .join(format!(".export.json.{}.tmp", std::process::id()));
    std::fs::write(&dead, "torn").unwrap();
    std::fs::write(&live, "in progress").unwrap();
    ok(&[&"export", &dir, &"--format", &"coco", &"--out", &out]);
    assert!(!dead.exists(), "stale temp file left behind");
    assert!(live.exists(), "a live writer's temp file was removed");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(serde_json::from_str::<serde_json::Value>(&text).is_ok());
}

fn checksums(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().display().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn media_files_are_never_modified() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let before = checksums(&imgs);
    let p = t.path().join("proj");
    ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat"]);
    {
        let mut pr = Project::open(&p, Some("ana".into())).unwrap();
        let ids = pr.store.item_ids(ItemFilter::All).unwrap();
        let ann = Annotation {
            boxes: vec![BoxAnn::new("cat", 1.0, 1.0, 5.0, 5.0)],
            ..Default::default()
        };
        pr.store.save_annotation(ids[0], "ana", &ann, 1).unwrap();
        pr.store.undo(ids[0], "ana", 2).unwrap();
        pr.store.redo(ids[0], "ana", 3).unwrap();
        pr.store.submit(ids[0], "ana", 4).unwrap();
    }
    ok(&[
        &"export",
        &p,
        &"--format",
        &"coco",
        &"--out",
        &t.path().join("c.json"),
    ]);
    ok(&[
        &"export",
        &p,
        &"--format",
        &"jsonl",
        &"--out",
        &t.path().join("e.jsonl"),
    ]);
    ok(&[&"import", &p, &imgs]);
    assert_eq!(checksums(&imgs), before, "media changed");
}

#[test]
fn a_whole_session_works_without_any_network() {
    // An empty network namespace: no interface but a down loopback. Needs root (as CI has).
    if Command::new("unshare")
        .args(["-n", "true"])
        .status()
        .map(|s| !s.success())
        .unwrap_or(true)
    {
        eprintln!("skipped: cannot create a network namespace here (not root?)");
        return;
    }
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let p = t.path().join("proj");
    let run = |args: &[&str]| {
        let o = Command::new("unshare")
            .arg("-n")
            .arg(env!("CARGO_BIN_EXE_keylabel"))
            .args(args)
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    run(&[
        "init",
        p.to_str().unwrap(),
        "--media",
        imgs.to_str().unwrap(),
        "--labels",
        "cat",
    ]);
    run(&["drill", p.to_str().unwrap(), "--actions", "50"]);
    run(&[
        "export",
        p.to_str().unwrap(),
        "--format",
        "jsonl",
        "--out",
        t.path().join("e.jsonl").to_str().unwrap(),
        "--status",
        "all",
    ]);
    assert_eq!(read_jsonl(&t.path().join("e.jsonl")).len(), 4);
}

#[test]
#[cfg(unix)] // runs cargo, which a Windows build under Wine does not have
fn the_dependency_tree_has_no_http_client() {
    let o = Command::new(env!("CARGO"))
        .args([
            "tree",
            "--offline",
            "--edges",
            "normal",
            "--prefix",
            "none",
            "--format",
            "{p}",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let tree = String::from_utf8_lossy(&o.stdout);
    assert!(tree.contains("rusqlite"), "cargo tree printed no tree");
    for client in [
        "reqwest ",
        "hyper ",
        "ureq ",
        "curl ",
        "isahc ",
        "attohttpc ",
        "surf ",
        "ehttp ",
    ] {
        assert!(
            !tree.lines().any(|l| l.starts_with(client)),
            "{client} is in the dependency tree"
        );
    }
}

#[test]
#[cfg(unix)] // a symlink needs privileges on Windows
fn a_symlink_loop_and_orientations_1_to_8() {
    let t = tempfile::tempdir().unwrap();
    let imgs = t.path().join("imgs");
    for o in 1..=8u16 {
        write_jpeg(&imgs.join(format!("o{o}.jpg")), 40, 20, Some(o));
    }
    std::os::unix::fs::symlink(&imgs, imgs.join("loop")).unwrap();
    let p = t.path().join("proj");
    let o = keylabel(&[&"init", &p, &"--media", &imgs]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("symlink loop"), "{}", stderr(&o));
    let rows = export_rows(&p, "all");
    assert_eq!(rows.len(), 8);
    for r in rows {
        let o: u32 = r["media"].as_str().unwrap()[1..2].parse().unwrap();
        let want = if o >= 5 { (20, 40) } else { (40, 20) };
        assert_eq!(
            (r["width"].as_u64().unwrap(), r["height"].as_u64().unwrap()),
            want,
            "orientation {o}"
        );
    }
}

#[test]
fn a_downscaled_picture_is_turned_as_its_exif_says() {
    // The picture is shrunk before it is turned (turning 12 MP first is a 36 MB copy): the
    // result must be what turning and then shrinking gives, for each of the 8 orientations.
    let t = tempfile::tempdir().unwrap();
    for o in 1..=8u16 {
        let p = t.path().join(format!("o{o}.jpg"));
        write_jpeg(&p, 400, 200, Some(o));
        let shown = keylabel::io::decode::decode_for_display(&p, 100).unwrap();
        let mut full = image::open(&p).unwrap();
        full.apply_orientation(image::metadata::Orientation::from_exif(o as u8).unwrap());
        let want = full.thumbnail(100, 100).to_rgba8();
        assert_eq!(
            shown.rgba.dimensions(),
            want.dimensions(),
            "orientation {o}"
        );
        assert_eq!((shown.width, shown.height), (full.width(), full.height()));
        let diff: u64 = (shown.rgba.as_raw().iter())
            .zip(want.as_raw())
            .map(|(a, b)| u64::from(a.abs_diff(*b)))
            .sum();
        let mean = diff as f64 / want.as_raw().len() as f64;
        assert!(mean < 4.0, "orientation {o}: mean difference {mean}");
    }
}

#[test]
fn a_16_bit_png_is_sized_and_decoded() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("imgs");
    std::fs::create_dir_all(&dir).unwrap();
    let img = image::ImageBuffer::<image::Rgb<u16>, Vec<u16>>::from_fn(30, 20, |x, y| {
        image::Rgb([x as u16 * 2000, y as u16 * 3000, 65535])
    });
    img.save(dir.join("deep.png")).unwrap();
    let p = t.path().join("p");
    ok(&[&"init", &p, &"--media", &dir]);
    let rows = export_rows(&p, "all");
    assert_eq!(
        (rows[0]["width"].as_u64(), rows[0]["height"].as_u64()),
        (Some(30), Some(20))
    );
    let d = keylabel::io::decode::decode_for_display(&dir.join("deep.png"), 512).unwrap();
    assert_eq!((d.rgba.width(), d.rgba.height()), (30, 20));
}
