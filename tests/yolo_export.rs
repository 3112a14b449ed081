//! The YOLO dataset export through the real binary, checked the way Ultralytics reads it:
//! labels found from each image path by its `/images/` → `/labels/` rule.

mod common;
use common::*;
use std::path::{Path, PathBuf};

fn coco(dir: &Path) -> PathBuf {
    let coco = serde_json::json!({
        "images": [
            {"id": 1, "file_name": "img2.jpg", "width": 64, "height": 48},
            {"id": 2, "file_name": "sub dir/猫 1.png", "width": 30, "height": 20}
        ],
        "categories": [{"id": 7, "name": "cat"}, {"id": 9, "name": "dog: big"}],
        "annotations": [
            {"id": 1, "image_id": 1, "category_id": 7, "bbox": [1.25, 2.5, 10.0, 20.0]},
            {"id": 2, "image_id": 1, "category_id": 9, "bbox": [30, 10, 20, 30]},
            {"id": 3, "image_id": 2, "category_id": 9, "bbox": [0, 0, 30, 20]}
        ]
    });
    let p = dir.join("in.json");
    std::fs::write(&p, coco.to_string()).unwrap();
    p
}

/// Every file under `dir`, as paths (links not followed).
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                todo.push(e.path());
            } else {
                out.push(e.path());
            }
        }
    }
    out.sort();
    out
}

/// Ultralytics' rule: the last `/images/` becomes `/labels/`, the extension `.txt`.
fn label_path_of(image: &Path) -> PathBuf {
    let s = image.to_str().unwrap().replace('\\', "/");
    let i = s.rfind("/images/").unwrap();
    let swapped = format!("{}/labels/{}", &s[..i], &s[i + "/images/".len()..]);
    PathBuf::from(&swapped[..swapped.rfind('.').unwrap()]).with_extension("txt")
}

fn lines(path: &Path) -> Vec<Vec<f64>> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| l.split(' ').map(|v| v.parse().unwrap()).collect())
        .collect()
}

#[test]
fn a_yolo_dataset_links_the_media_and_its_labels_give_back_the_boxes() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let before: Vec<Vec<u8>> = files_under(&imgs)
        .iter()
        .map(|f| std::fs::read(f).unwrap())
        .collect();
    let p = t.path().join("proj");
    ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat"]);
    ok(&[&"import", &p, &coco(t.path())]);
    let ds = t.path().join("ds");
    let out = ok(&[&"export", &p, &"--format", &"yolo", &"--out", &ds]);
    assert!(out.contains("exported 2 items, 3 boxes"), "{out}");

    let yaml = std::fs::read_to_string(ds.join("data.yaml")).unwrap();
    assert!(yaml.contains("train: images\nval: images\n"), "{yaml}");
    assert!(
        yaml.contains("names:\n  0: \"cat\"\n  1: \"dog: big\"\n"),
        "{yaml}"
    );
    assert!(!yaml.contains("\npath:"), "{yaml}");

    let images = files_under(&ds.join("images"));
    assert_eq!(images.len(), 2, "{images:?}");
    for image in &images {
        // Windows gets hard links: symbolic ones need privileges there.
        if cfg!(unix) {
            let target = std::fs::read_link(image).expect("a link, not a copy");
            assert!(target.is_absolute(), "{target:?}");
            assert!(target.starts_with(std::fs::canonicalize(&imgs).unwrap()));
        }
        assert!(label_path_of(image).is_file(), "no labels for {image:?}");
    }

    // img2.jpg is 64×48: the cat box [1.25, 2.5, 10, 20] comes back within 0.01 px.
    let l = lines(&label_path_of(&ds.join("images/img2.jpg")));
    assert_eq!(l.len(), 2);
    let (class, cx, cy, w, h) = (l[0][0], l[0][1], l[0][2], l[0][3], l[0][4]);
    assert_eq!(class, 0.0);
    let x = (cx - w / 2.0) * 64.0;
    let y = (cy - h / 2.0) * 48.0;
    for (got, want) in [(x, 1.25), (y, 2.5), (w * 64.0, 10.0), (h * 48.0, 20.0)] {
        assert!((got - want).abs() <= 0.01, "{got} vs {want}");
    }
    assert_eq!(l[1][0], 1.0, "the COCO file's new label is class 1");
    let unicode = lines(&label_path_of(&ds.join("images/sub dir/猫 1.png")));
    assert_eq!(unicode, vec![vec![1.0, 0.5, 0.5, 1.0, 1.0]]);

    // All items: the EXIF-rotated one (80×40 stored, 40×80 shown) has no box and nobody
    // finished it: its image is there, its label file is not (Ultralytics trains it as
    // background all the same, and an import back leaves it unlabelled).
    let all = t.path().join("all");
    let out = ok(&[
        &"export",
        &p,
        &"--format",
        &"yolo",
        &"--out",
        &all,
        &"--status",
        &"all",
    ]);
    assert!(out.contains("exported 4 items"), "{out}");
    assert!(all.join("images/rotated.jpg").exists());
    assert!(!all.join("labels/rotated.txt").exists());
    assert!(all.join("labels/img2.txt").is_file());

    let after: Vec<Vec<u8>> = files_under(&imgs)
        .iter()
        .map(|f| std::fs::read(f).unwrap())
        .collect();
    assert_eq!(before, after, "the media changed");
}

#[test]
fn an_export_replaces_its_earlier_self_but_never_a_folder_of_other_files() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    let p = t.path().join("proj");
    ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat"]);
    ok(&[&"import", &p, &coco(t.path())]);
    let media = |d: &Path| -> Vec<Vec<u8>> {
        files_under(d)
            .iter()
            .map(|f| std::fs::read(f).unwrap())
            .collect()
    };
    let before = media(&imgs);
    let ds = t.path().join("ds");
    ok(&[&"export", &p, &"--format", &"yolo", &"--out", &ds]);
    std::fs::write(ds.join("labels/stale.txt"), "0 0.5 0.5 1 1\n").unwrap();
    ok(&[&"export", &p, &"--format", &"yolo", &"--out", &ds]);
    assert_eq!(
        media(&imgs),
        before,
        "removing the old export touched the media"
    );
    assert!(
        !ds.join("labels/stale.txt").exists(),
        "the old export was kept"
    );
    assert_eq!(files_under(&ds.join("images")).len(), 2);
    assert_eq!(file_names(t.path()), ["ds", "images", "in.json", "proj"]);

    let mine = t.path().join("mine");
    std::fs::create_dir(&mine).unwrap();
    std::fs::write(mine.join("notes.txt"), "keep me").unwrap();
    let o = keylabel(&[&"export", &p, &"--format", &"yolo", &"--out", &mine]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("mine") && err.contains("did not export"),
        "{err}"
    );
    assert_eq!(file_names(&mine), ["notes.txt"]);
}

#[test]
fn an_export_inside_the_image_folder_is_not_imported_again() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    ok(&[&"init", &imgs, &"--media", &imgs, &"--labels", &"cat"]);
    ok(&[&"import", &imgs, &coco(t.path())]);
    let ds = imgs.join("dataset");
    ok(&[
        &"export",
        &imgs,
        &"--format",
        &"yolo",
        &"--out",
        &ds,
        &"--status",
        &"all",
    ]);
    let out = ok(&[&"import", &imgs, &imgs]);
    assert!(out.contains("added 0 items, 4 already there"), "{out}");
}

#[test]
fn a_text_project_has_no_yolo_dataset() {
    let t = tempfile::tempdir().unwrap();
    let items = t.path().join("items.jsonl");
    std::fs::write(&items, "{\"text\":\"hello\"}\n").unwrap();
    let p = t.path().join("proj");
    ok(&[&"init", &p, &"--media", &items, &"--labels", &"a,b"]);
    let o = keylabel(&[
        &"export",
        &p,
        &"--format",
        &"yolo",
        &"--out",
        &t.path().join("ds"),
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("needs an image project"),
        "{}",
        stderr(&o)
    );
    assert!(!t.path().join("ds").exists());
}

/// Images the COCO fixture gives boxes.
const LABELLED: usize = 2;

#[test]
fn a_split_holds_the_same_images_out_every_time_and_imports_back() {
    let t = tempfile::tempdir().unwrap();
    let imgs = image_folder(t.path());
    for i in 0..16 {
        write_jpeg(&imgs.join(format!("more/m{i}.jpg")), 20, 10, None);
    }
    let p = t.path().join("proj");
    ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat"]);
    ok(&[&"import", &p, &coco(t.path())]);
    let ds = t.path().join("ds");
    let split = |ds: &Path| {
        ok(&[
            &"export",
            &p,
            &"--format",
            &"yolo",
            &"--out",
            &ds,
            &"--status",
            &"all",
            &"--val",
            &"25",
        ])
    };
    let out = split(&ds);
    assert!(out.contains("exported 20 items"), "{out}");
    let yaml = std::fs::read_to_string(ds.join("data.yaml")).unwrap();
    assert!(
        yaml.contains("train: images/train\nval: images/val\n"),
        "{yaml}"
    );
    let train = files_under(&ds.join("images/train"));
    let val = files_under(&ds.join("images/val"));
    assert_eq!(train.len() + val.len(), 20);
    // About a quarter, by a hash of random item ids: the bounds hold but in 1 run of 10^5.
    assert!(
        !val.is_empty() && val.len() <= 15,
        "{} held out: {val:?}\n{out}",
        val.len()
    );
    assert!(out.contains(&format!("({} of the items held out in val)", val.len())));
    // Label files for the images with boxes; none for the unlabelled ones nobody finished.
    let labelled: Vec<_> = train
        .iter()
        .chain(&val)
        .filter(|image| label_path_of(image).is_file())
        .collect();
    assert_eq!(labelled.len(), LABELLED, "{labelled:?}");
    // More work later, exported again: every image stays on its side.
    let again = t.path().join("again");
    split(&again);
    let names = |d: &Path| -> Vec<String> {
        files_under(d)
            .iter()
            .map(|f| f.strip_prefix(d).unwrap().to_string_lossy().into_owned())
            .collect()
    };
    assert_eq!(
        names(&ds.join("images/val")),
        names(&again.join("images/val"))
    );

    // The split dataset imports back into a fresh project: every label file finds its image.
    let fresh = t.path().join("fresh");
    ok(&[&"init", &fresh, &"--media", &imgs]);
    let out = ok(&[&"import", &fresh, &ds]);
    assert!(
        out.contains(&format!("annotations for {LABELLED} items")),
        "{out}"
    );
    assert!(!out.contains("problem"), "{out}");
    let boxes: usize = export_rows(&fresh, "all")
        .iter()
        .map(|r| r["boxes"].as_array().unwrap().len())
        .sum();
    assert_eq!(boxes, 3);

    let o = keylabel(&[
        &"export",
        &p,
        &"--format",
        &"coco",
        &"--out",
        &t.path().join("c.json"),
        &"--val",
        &"10",
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("--val splits a dataset folder"),
        "{}",
        stderr(&o)
    );
}

/// The four test images, unlabelled, exported as YOLO with `--val` `percent`.
fn small_split(dir: &Path, percent: &str) -> PathBuf {
    let imgs = image_folder(dir);
    let p = dir.join("proj");
    ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat"]);
    let ds = dir.join("ds");
    ok(&[
        &"export",
        &p,
        &"--format",
        &"yolo",
        &"--out",
        &ds,
        &"--status",
        &"all",
        &"--val",
        &percent,
    ]);
    ds
}

#[test]
fn a_split_of_a_small_set_still_has_a_val_image() {
    let t = tempfile::tempdir().unwrap();
    let ds = small_split(t.path(), "1");
    let val = files_under(&ds.join("images/val"));
    // One is moved to val when the hash held none out; two only when the hash of the
    // (random) item ids held two out itself, about 1 run in 1,700.
    assert!(
        (1..=2).contains(&val.len()),
        "Ultralytics refuses an empty val folder: {val:?} {:?}",
        files_under(&ds)
    );
    assert!(!label_path_of(&val[0]).exists(), "nobody labelled it");
    assert!(files_under(&ds.join("labels")).is_empty());
    assert_eq!(files_under(&ds.join("images/train")).len(), 4 - val.len());
}

#[test]
fn a_split_holding_out_nearly_all_still_has_a_train_image() {
    let t = tempfile::tempdir().unwrap();
    let ds = small_split(t.path(), "99");
    let train = files_under(&ds.join("images/train"));
    // One is moved to train when the hash held all four out (about 24 runs in 25).
    assert!(
        (1..=2).contains(&train.len()),
        "Ultralytics refuses a missing train folder: {train:?} {:?}",
        files_under(&ds)
    );
    assert_eq!(files_under(&ds.join("images/val")).len(), 4 - train.len());
    let yaml = std::fs::read_to_string(ds.join("data.yaml")).unwrap();
    assert!(
        yaml.contains("train: images/train\nval: images/val\n"),
        "{yaml}"
    );
}
