//! YOLO detection datasets as Ultralytics reads them: `data.yaml`, `images/` holding links
//! to the media (never copies), `labels/` a `.txt` per image with one
//! `class x_center y_center width height` line per box, normalised to 0–1.
//!
//! Ultralytics finds an image's labels by replacing the last `/images/` of its path with
//! `/labels/` and its extension with `.txt`, so both trees mirror the media's relative
//! paths; two media that would share a label file (`a.jpg` and `a.png`) are told apart.

use super::{IoError, werr};
use crate::core::ExportRow;
use crate::core::geometry::clamp_box;
use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Component, Path, PathBuf};

/// A hidden file in every folder Keylabel exports: the next export may replace that
/// folder, and a folder scan skips it (its images are links to media already there).
pub const EXPORT_MARKER: &str = ".keylabel-export";

/// Builds a YOLO dataset in `root` (an empty folder). Call [`YoloWriter::image`] for
/// every row, then [`YoloWriter::finish`]. The links and label files are made right here:
/// on ext4, worker threads making them were 1.2–3× slower (they contend for the inode
/// allocator).
pub struct YoloWriter {
    root: PathBuf,
    class_ids: HashMap<String, usize>,
    classes: Vec<String>,
    made_dirs: HashSet<PathBuf>,
    /// Label paths taken so far, lower-cased: file systems that ignore case would merge them.
    taken: HashSet<String>,
    /// Percent of the images held out for validation (0: no split).
    val_percent: u8,
    /// The first image put on each side (train, val), with its label file: moved to the
    /// other side at the end if that would otherwise be empty (Ultralytics refuses an
    /// empty or missing train or val folder).
    first: [Option<(PathBuf, PathBuf)>; 2],
    images: u64,
    val_images: u64,
    boxes: u64,
    /// Every object written as an outline (segmentation lines): a polygons task.
    outlines: bool,
    /// A pose task's keypoints: every object a pose line with all of them.
    keypoints: Vec<String>,
    /// A task of turned boxes: every object an OBB line, its four corners.
    oriented: bool,
}

/// What a finished dataset holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub images: u64,
    pub val_images: u64,
    pub boxes: u64,
}

/// The two parts of a split dataset.
const SPLITS: [&str; 2] = ["train", "val"];

impl YoloWriter {
    /// Classes get ids from 0 in the order given; a box label not among them gets the next
    /// id when first met, so no box is dropped. With `val_percent` above 0, each image goes
    /// to `train/` or `val/` by a hash of its item's id: the same image stays on the same
    /// side in every later export, so validation never sees an image training saw.
    pub fn start(root: &Path, classes: &[String], val_percent: u8) -> Result<Self, IoError> {
        for sub in ["images", "labels"] {
            let d = root.join(sub);
            std::fs::create_dir_all(&d).map_err(werr(&d))?;
            if val_percent > 0 {
                for split in SPLITS {
                    let d = d.join(split);
                    std::fs::create_dir_all(&d).map_err(werr(&d))?;
                }
            }
        }
        Ok(YoloWriter {
            root: root.to_path_buf(),
            class_ids: classes
                .iter()
                .enumerate()
                .map(|(i, n)| (n.clone(), i))
                .collect(),
            classes: classes.to_vec(),
            made_dirs: HashSet::new(),
            taken: HashSet::new(),
            val_percent: val_percent.min(100),
            first: [None, None],
            images: 0,
            val_images: 0,
            boxes: 0,
            outlines: false,
            keypoints: Vec::new(),
            oriented: false,
        })
    }

    /// Writes every object as Ultralytics' segmentation line, a plain box as its four
    /// corners: one dataset trains `task=segment`, and `detect` too (it takes the bounds).
    pub fn with_outlines(mut self, on: bool) -> Self {
        self.outlines = on;
        self
    }

    /// Writes every object as Ultralytics' OBB line, `class x1 y1 x2 y2 x3 y3 x4 y4`: the
    /// corners of the box as it is turned, over the image's size.
    pub fn with_oriented(mut self, on: bool) -> Self {
        self.oriented = on;
        self
    }

    /// Writes every object as Ultralytics' pose line, `class cx cy w h` then each keypoint
    /// `x y v`; `data.yaml` gets `kpt_shape` and, where left and right pair up, `flip_idx`.
    pub fn with_keypoints(mut self, names: &[String]) -> Self {
        self.keypoints = names.to_vec();
        self
    }

    /// Links the image at `media_file` into `images/` and writes its label file: empty for a
    /// submitted image with no box (YOLO's "background": checked, nothing to mark), none
    /// for an image nobody finished that has no box (`--status all`), so importing the
    /// dataset back does not take unseen images for checked ones.
    pub fn image(&mut self, row: &ExportRow, media_file: &Path) -> Result<(), IoError> {
        let (Some(media), Some(w), Some(h)) = (&row.item.media, row.item.width, row.item.height)
        else {
            return Ok(()); // not an image
        };
        let split = self.split_of(&row.item.uid);
        let rel = self.free_name(split, media);
        let image = self.root.join("images").join(&rel);
        let label = self.root.join("labels").join(&rel).with_extension("txt");
        self.make_parent(&image)?;
        self.make_parent(&label)?;
        let mut text = String::new();
        for b in &row.annotation.boxes {
            let Some(b) = clamp_box(b, w, h) else {
                continue;
            };
            let class = self.class_of(&b.label);
            text += &if !self.keypoints.is_empty() {
                pose_line(class, &b, w, h, self.keypoints.len())
            } else if self.outlines || self.oriented {
                // A turned box's shape is its four corners: the OBB line.
                outline_lines(class, &b, w, h)
            } else {
                label_line(class, &b, w, h)
            };
            self.boxes += 1;
        }
        link(media_file, &image)?;
        if !text.is_empty() || row.item.status == crate::core::Status::Submitted {
            std::fs::write(&label, text).map_err(werr(&label))?;
        }
        self.images += 1;
        if let Some(split) = split {
            let side = usize::from(split == "val");
            self.val_images += side as u64;
            self.first[side].get_or_insert((image, label));
        }
        Ok(())
    }

    fn split_of(&self, uid: &str) -> Option<&'static str> {
        (self.val_percent > 0).then(|| split_of(uid, self.val_percent))
    }

    /// A split that left a side empty (a small dataset, a large `--val`) gets the first
    /// image of the other side: val when there are two images or more, train always.
    fn fill_empty_side(&mut self) -> Result<(), IoError> {
        let from = match (self.images - self.val_images, self.val_images) {
            (0, v) if v >= 1 => 1,
            (t, 0) if t >= 2 => 0,
            _ => return Ok(()),
        };
        let Some((image, label)) = self.first[from].take() else {
            return Ok(());
        };
        let sides = ["train", "val"];
        for (path, tree) in [(&image, "images"), (&label, "labels")] {
            let rel = path
                .strip_prefix(self.root.join(tree).join(sides[from]))
                .map_err(|_| IoError::invalid(path, "not in its split's folder"))?;
            if !path.exists() {
                continue; // an unfinished image with no box has no label file
            }
            let to = self.root.join(tree).join(sides[1 - from]).join(rel);
            self.make_parent(&to)?;
            std::fs::rename(path, &to).map_err(werr(&to))?;
        }
        self.val_images = if from == 0 { 1 } else { self.val_images - 1 };
        Ok(())
    }

    /// Writes `data.yaml` and the marker. `data.yaml` names no `path`, so Ultralytics takes
    /// the folder it sits in, and the dataset still loads after the folder is moved.
    /// Returns the counts: the last val image may have been moved there by now.
    pub fn finish(mut self) -> Result<Counts, IoError> {
        self.fill_empty_side()?;
        let yaml = self.root.join("data.yaml");
        let file = File::create(&yaml).map_err(werr(&yaml))?;
        let mut out = BufWriter::new(file);
        let split =
            (self.val_percent > 0).then_some((self.images - self.val_images, self.val_images));
        let kind = match (self.keypoints.is_empty(), self.outlines, self.oriented) {
            (false, _, _) => "pose",
            (true, true, _) => "segmentation",
            (true, false, true) => "OBB",
            (true, false, false) => "detection",
        };
        let mut text = data_yaml(kind, &self.classes, self.images, self.boxes, split);
        text += &pose_yaml(&self.keypoints);
        out.write_all(text.as_bytes())
            .and_then(|()| out.flush())
            .map_err(werr(&yaml))?;
        let marker = self.root.join(EXPORT_MARKER);
        std::fs::write(&marker, "a YOLO dataset exported by Keylabel\n").map_err(werr(&marker))?;
        Ok(Counts {
            images: self.images,
            val_images: self.val_images,
            boxes: self.boxes,
        })
    }

    fn class_of(&mut self, label: &str) -> usize {
        if let Some(&id) = self.class_ids.get(label) {
            return id;
        }
        let id = self.classes.len();
        self.classes.push(label.to_string());
        self.class_ids.insert(label.to_string(), id);
        id
    }

    /// The media's relative path, made safe (no `..`, no root) and unique by its label
    /// path: a clash gets a `dupN/` folder in front.
    fn free_name(&mut self, split: Option<&str>, media: &str) -> PathBuf {
        let safe: PathBuf = Path::new(media)
            .components()
            .filter_map(|c| match c {
                Component::Normal(s) => Some(s),
                _ => None,
            })
            .collect();
        let safe = if safe.as_os_str().is_empty() {
            PathBuf::from("image")
        } else {
            safe
        };
        let safe = match split {
            Some(split) => Path::new(split).join(safe),
            None => safe,
        };
        let key = |p: &Path| {
            p.with_extension("")
                .to_string_lossy()
                .replace('\\', "/")
                .to_lowercase()
        };
        let mut candidate = safe.clone();
        let mut n = 1;
        while !self.taken.insert(key(&candidate)) {
            n += 1;
            candidate = Path::new(&format!("dup{n}")).join(&safe);
        }
        candidate
    }

    fn make_parent(&mut self, file: &Path) -> Result<(), IoError> {
        let Some(dir) = file.parent() else {
            return Ok(());
        };
        if !self.made_dirs.contains(dir) {
            std::fs::create_dir_all(dir).map_err(werr(dir))?;
            self.made_dirs.insert(dir.to_path_buf());
        }
        Ok(())
    }
}

/// One box as a YOLO line: class, centre and size over the image's size, 6 decimals.
pub fn label_line(class: usize, b: &crate::core::BoxAnn, width: u32, height: u32) -> String {
    let (w, h) = (f64::from(width), f64::from(height));
    let (x, y, bw, bh) = (
        f64::from(b.x),
        f64::from(b.y),
        f64::from(b.w),
        f64::from(b.h),
    );
    let cx = ((x + bw / 2.0) / w).clamp(0.0, 1.0);
    let cy = ((y + bh / 2.0) / h).clamp(0.0, 1.0);
    let nw = (bw / w).clamp(0.0, 1.0);
    let nh = (bh / h).clamp(0.0, 1.0);
    format!("{class} {cx:.6} {cy:.6} {nw:.6} {nh:.6}\n")
}

/// An object as a pose line: its box, then `count` keypoints `x y v` over the image's size
/// (`0 0 0` for one not placed).
pub fn pose_line(
    class: usize,
    b: &crate::core::BoxAnn,
    width: u32,
    height: u32,
    count: usize,
) -> String {
    use std::fmt::Write as _;
    let mut out = label_line(class, b, width, height);
    out.pop();
    let (w, h) = (f64::from(width), f64::from(height));
    for k in 0..count {
        // Writing into a String cannot fail.
        let _ = match b.keypoints.get(k) {
            Some(&[x, y, v]) if v > 0.0 => {
                let nx = (f64::from(x) / w).clamp(0.0, 1.0);
                let ny = (f64::from(y) / h).clamp(0.0, 1.0);
                write!(out, " {nx:.6} {ny:.6} {}", if v >= 2.0 { 2 } else { 1 })
            }
            _ => write!(out, " 0.000000 0.000000 0"),
        };
    }
    out.push('\n');
    out
}

/// `data.yaml`'s pose part: the keypoints' names (a comment: Ultralytics reads none),
/// `kpt_shape`, and `flip_idx` when every left point has its right (a flipped image for
/// training swaps them; without it Ultralytics trains without flips, saying so).
pub fn pose_yaml(names: &[String]) -> String {
    if names.is_empty() {
        return String::new();
    }
    let quoted: Vec<String> = (names.iter())
        .map(|n| serde_json::to_string(n).unwrap_or_default())
        .collect();
    let mut s = format!(
        "# Pose: each line is also {} keypoints `x y v` (v: 0 not labelled, 1 hidden, 2 visible):\n# {}\nkpt_shape: [{}, 3]\n",
        names.len(),
        quoted.join(", "),
        names.len()
    );
    if let Some(flip) = flip_index(names) {
        let list: Vec<String> = flip.iter().map(usize::to_string).collect();
        s += &format!("flip_idx: [{}]\n", list.join(", "));
    }
    s
}

/// Each keypoint's mirror image (`left_eye` ↔ `right_eye`, a point of neither side its
/// own), or None when a side's point has no partner.
pub fn flip_index(names: &[String]) -> Option<Vec<usize>> {
    let swap = |n: &str| {
        let lower = n.to_lowercase();
        let (from, to) = if lower.contains("left") {
            ("left", "right")
        } else if lower.contains("right") {
            ("right", "left")
        } else {
            return None;
        };
        Some(lower.replacen(from, to, 1))
    };
    (names.iter().enumerate())
        .map(|(i, n)| match swap(n) {
            None => Some(i),
            Some(m) => names.iter().position(|o| o.to_lowercase() == m),
        })
        .collect()
}

/// An object as segmentation lines, `class x1 y1 x2 y2 …` over the image's size: a line per
/// part of its outline (an object in two parts is two), a plain box as its four corners.
pub fn outline_lines(class: usize, b: &crate::core::BoxAnn, width: u32, height: u32) -> String {
    use std::fmt::Write as _;
    let (w, h) = (f64::from(width), f64::from(height));
    let mut out = String::new();
    for ring in b.shape_parts().iter() {
        out += &class.to_string();
        for [x, y] in ring {
            let nx = (f64::from(*x) / w).clamp(0.0, 1.0);
            let ny = (f64::from(*y) / h).clamp(0.0, 1.0);
            // Writing into a String cannot fail.
            let _ = write!(out, " {nx:.6} {ny:.6}");
        }
        out.push('\n');
    }
    out
}

/// `data.yaml`: with a split (train and val counts), `images/train` and `images/val`;
/// without, train and val both on `images`. Class names by id, written as JSON strings,
/// which YAML reads as they are.
pub fn data_yaml(
    kind: &str,
    classes: &[String],
    images: u64,
    boxes: u64,
    split: Option<(u64, u64)>,
) -> String {
    let sets = match split {
        Some((train, 0)) => format!(
            "# {train} images, too few to hold one out: train and val are the same.\n\
             train: images/train\nval: images/train\n"
        ),
        Some((train, val)) => format!(
            "# {train} images to train on, {val} held out to validate (by a hash of each item's\n\
             # id: an image stays on its side in every export).\n\
             train: images/train\nval: images/val\n"
        ),
        None => "# train and val are the same images: export with --val 10 to hold some out.\n\
                 train: images\nval: images\n"
            .to_string(),
    };
    let mut s = format!(
        "# YOLO {kind} dataset exported by Keylabel {}: {images} images, {boxes} boxes.\n\
         # images/ links to the media (nothing is copied); labels/ holds a .txt per image:\n\
         # {}, each over the image's size (0-1).\n\
         # No `path`: Ultralytics uses this file's folder.\n\
         {sets}nc: {}\nnames:\n",
        crate::VERSION,
        match kind {
            "segmentation" => "class x1 y1 x2 y2 …: the points of an outline",
            "OBB" => "class x1 y1 x2 y2 x3 y3 x4 y4: the corners of a box as it is turned",
            _ => "class x_center y_center width height",
        },
        classes.len()
    );
    for (i, name) in classes.iter().enumerate() {
        let quoted = serde_json::to_string(name).unwrap_or_else(|_| "\"?\"".into());
        s += &format!("  {i}: {quoted}\n");
    }
    s
}

/// "val" for about `val_percent` in 100 item ids, else "train": by a hash of the id, so an
/// item keeps its side in every export.
pub(crate) fn split_of(uid: &str, val_percent: u8) -> &'static str {
    let h = u64::from_str_radix(&super::stable_hash(uid.as_bytes()), 16).unwrap_or(0);
    if h % 100 < u64::from(val_percent) {
        "val"
    } else {
        "train"
    }
}

/// A link to the media where the system has them; a copy only where it has neither
/// symbolic nor hard links.
#[cfg(unix)]
pub(crate) fn link(target: &Path, at: &Path) -> Result<(), IoError> {
    match std::os::unix::fs::symlink(target, at) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::Unsupported => copy(target, at),
        Err(e) => Err(IoError::io(at, e)),
    }
}

/// A hard link to the media (a symbolic link needs privileges on Windows), else a copy:
/// a hard link cannot cross drives (media on D:, the export on C:) or leave NTFS.
#[cfg(not(unix))]
pub(crate) fn link(target: &Path, at: &Path) -> Result<(), IoError> {
    match std::fs::hard_link(target, at) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(IoError::io(at, e)),
        Err(_) => copy(target, at),
    }
}

fn copy(target: &Path, at: &Path) -> Result<(), IoError> {
    std::fs::copy(target, at)
        .map(|_| ())
        .map_err(|e| IoError::io(target, e))
}

/// Builds a folder under a temp name beside `out`, then puts it in place of `out`. An `out`
/// that exists must be empty or an earlier Keylabel export (it has [`EXPORT_MARKER`]):
/// a folder of anything else is refused, and nothing is written. A failed build leaves the
/// earlier export as it was.
pub fn write_dir_atomically<E: From<IoError>>(
    out: &Path,
    build: impl FnOnce(&Path) -> Result<(), E>,
) -> Result<(), E> {
    let (parent, name) = super::parent_and_name(out);
    super::check_export_target(out, true)?;
    super::make_folder(parent)?;
    super::remove_stale_temps(parent, &name);
    let pid = std::process::id();
    let tmp = parent.join(format!(".{name}.{pid}.tmp"));
    let result = std::fs::create_dir(&tmp)
        .map_err(|e| E::from(IoError::io(&tmp, e)))
        .and_then(|()| build(&tmp))
        .and_then(|()| put_in_place(&tmp, out, parent, &name).map_err(E::from));
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result
}

pub(crate) fn replaceable(out: &Path) -> Result<(), IoError> {
    if !out.is_dir() {
        return Err(IoError::invalid(
            out,
            "exists and is not a folder; nothing was written",
        ));
    }
    let empty = std::fs::read_dir(out).map_err(werr(out))?.next().is_none();
    if empty || out.join(EXPORT_MARKER).is_file() {
        Ok(())
    } else {
        Err(IoError::invalid(
            out,
            "holds files that Keylabel did not export; choose a new or empty folder (nothing was written)",
        ))
    }
}

/// Swaps the new folder in: the old one is moved aside first and removed last, so a
/// failure in between puts it back. `remove_dir_all` removes links, never what they point at.
fn put_in_place(tmp: &Path, out: &Path, parent: &Path, name: &str) -> Result<(), IoError> {
    if !out.exists() {
        return std::fs::rename(tmp, out).map_err(werr(out));
    }
    let old = parent.join(format!(".{name}.{}.old", std::process::id()));
    std::fs::rename(out, &old).map_err(werr(out))?;
    if let Err(e) = std::fs::rename(tmp, out) {
        let _ = std::fs::rename(&old, out);
        return Err(IoError::io(out, e));
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::BoxAnn;

    fn b(x: f32, y: f32, w: f32, h: f32) -> BoxAnn {
        BoxAnn::new("cat", x, y, w, h)
    }

    #[test]
    fn a_line_is_centre_and_size_over_the_image() {
        assert_eq!(
            label_line(2, &b(10.0, 20.0, 100.0, 50.0), 200, 100),
            "2 0.300000 0.450000 0.500000 0.500000\n"
        );
    }

    #[test]
    fn yaml_names_are_quoted_and_indexed_from_zero() {
        let y = data_yaml("detection", &["cat".into(), "a: \"b\"".into()], 3, 4, None);
        assert!(
            y.contains("nc: 2\nnames:\n  0: \"cat\"\n  1: \"a: \\\"b\\\"\"\n"),
            "{y}"
        );
        assert!(y.contains("3 images, 4 boxes"));
        assert!(
            !y.contains("\npath:"),
            "a path would pin the dataset to one place"
        );
    }

    #[test]
    fn names_that_would_share_a_label_file_are_told_apart() {
        let dir = tempfile::tempdir().unwrap();
        let mut y = YoloWriter::start(dir.path(), &[], 0).unwrap();
        assert_eq!(y.free_name(None, "sub/a.jpg"), PathBuf::from("sub/a.jpg"));
        assert_eq!(
            y.free_name(None, "sub/A.png"),
            PathBuf::from("dup2/sub/A.png")
        );
        assert_eq!(y.free_name(None, "../x/b.jpg"), PathBuf::from("x/b.jpg"));
        assert_eq!(y.free_name(None, "/abs/c.jpg"), PathBuf::from("abs/c.jpg"));
        assert_eq!(
            y.free_name(Some("val"), "sub/a.jpg"),
            PathBuf::from("val/sub/a.jpg")
        );
    }

    fn row(media: &str) -> ExportRow {
        ExportRow {
            notes: Vec::new(),
            item: crate::core::Item {
                id: 1,
                uid: "u".into(),
                kind: crate::core::MediaKind::Image,
                root: None,
                media: Some(media.into()),
                data: Default::default(),
                width: Some(100),
                height: Some(50),
                duration_ms: None,
                status: crate::core::Status::Submitted,
                flagged: false,
            },
            annotator: None,
            annotation: crate::core::Annotation {
                boxes: vec![b(0.0, 0.0, 50.0, 50.0)],
                ..Default::default()
            },
            timing: Default::default(),
        }
    }

    #[test]
    fn a_file_that_cannot_be_made_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let media = dir.path().join("a.jpg");
        std::fs::write(&media, b"x").unwrap();
        let root = dir.path().join("ds");
        let mut y = YoloWriter::start(&root, &["cat".into()], 0).unwrap();
        std::fs::write(root.join("images/a.jpg"), b"in the way").unwrap();
        let e = y.image(&row("a.jpg"), &media).unwrap_err().to_string();
        let named = Path::new("images").join("a.jpg");
        assert!(e.contains(&*named.to_string_lossy()), "{e}");

        let root = dir.path().join("ok");
        let mut y = YoloWriter::start(&root, &["cat".into()], 0).unwrap();
        for i in 0..10 {
            y.image(&row(&format!("{i}.jpg")), &media).unwrap();
        }
        y.finish().unwrap();
        let labels = std::fs::read_dir(root.join("labels")).unwrap().count();
        assert_eq!(labels, 10);
        assert_eq!(
            std::fs::read_to_string(root.join("labels/7.txt")).unwrap(),
            "0 0.250000 0.500000 0.500000 1.000000\n"
        );
    }

    #[test]
    fn a_folder_of_other_files_is_refused_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("ds");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("mine.txt"), "keep").unwrap();
        let r: Result<(), IoError> = write_dir_atomically(&out, |_| Ok(()));
        let e = r.unwrap_err().to_string();
        assert!(e.contains("did not export"), "{e}");
        assert_eq!(
            std::fs::read_to_string(out.join("mine.txt")).unwrap(),
            "keep"
        );
    }

    #[test]
    fn a_failed_build_keeps_the_earlier_export_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("ds");
        let first: Result<(), IoError> = write_dir_atomically(&out, |d| {
            std::fs::write(d.join(EXPORT_MARKER), "").unwrap();
            std::fs::write(d.join("data.yaml"), "first").map_err(werr(d))
        });
        first.unwrap();
        let second: Result<(), IoError> = write_dir_atomically(&out, |d| {
            std::fs::write(d.join("data.yaml"), "half").map_err(werr(d))?;
            Err(IoError::invalid(d, "stopped"))
        });
        assert!(second.is_err());
        assert_eq!(
            std::fs::read_to_string(out.join("data.yaml")).unwrap(),
            "first"
        );
        let third: Result<(), IoError> = write_dir_atomically(&out, |d| {
            std::fs::write(d.join(EXPORT_MARKER), "").unwrap();
            std::fs::write(d.join("data.yaml"), "third").map_err(werr(d))
        });
        third.unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("data.yaml")).unwrap(),
            "third"
        );
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(names.len(), 1, "temp or old folders left: {names:?}");
    }
}
