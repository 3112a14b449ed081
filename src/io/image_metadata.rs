//! Image datasets with the answers as columns: `train/` (and `val/`) holding a link to each
//! image and a `metadata.jsonl` naming it by `file_name` — HF `imagefolder`'s own form, which
//! `load_dataset("imagefolder", data_dir=…)` reads into an `image` column beside the
//! answers (a description, flags, a rating, boxes as `objects`).

use super::class_folders::flat_name;
use super::yolo::{EXPORT_MARKER, link, split_of};
use super::{IoError, werr};
use serde_json::Value;
use std::collections::HashSet;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

const SIDES: [&str; 2] = ["train", "val"];

/// Where each side's segmentation masks are written.
const MASKS: &str = "masks";

/// Names HF gives a meaning of its own: an answer named so gets an `answer_` in front.
/// (`file_name`, and any `*_file_name(s)`, would be read as a path to an image.)
pub fn column_name(control: &str) -> String {
    let taken = matches!(
        control,
        "file_name"
            | "file_names"
            | "image"
            | "objects"
            | crate::core::item::ID_FIELD
            | "annotator"
            | "label"
    ) || control.ends_with("_file_name")
        || control.ends_with("_file_names");
    if taken {
        format!("answer_{control}")
    } else {
        control.to_string()
    }
}

/// Builds the folders in `root` (an empty folder): with a split, first
/// [`MetadataFolderWriter::count`] for every image; then [`MetadataFolderWriter::image`] for
/// each, then [`MetadataFolderWriter::finish`].
pub struct MetadataFolderWriter {
    root: PathBuf,
    /// 0: every image in `train/`; else about this share in `val/`, by a hash of the item's
    /// id, so an image keeps its side in every later export.
    val_percent: u8,
    /// Each side's `metadata.jsonl`, opened with its first image: HF reads a side with a
    /// folder but no images as an error.
    files: [Option<BufWriter<File>>; 2],
    taken: HashSet<String>,
    images: u64,
    val_images: u64,
    /// Images [`MetadataFolderWriter::count`]ed on each side of the split.
    counted: [u64; 2],
    /// The name each file (by its path in the records, and on disk) was linked under, on
    /// each side.
    linked: [std::collections::HashMap<(String, PathBuf), String>; 2],
    /// The columns with a value (not null, not an empty list) in some row, on each side:
    /// the only way HF learns a column's type.
    typed: [std::collections::BTreeSet<String>; 2],
    /// The side whose first image goes to the other instead, once the counts are in: a
    /// split that left train (or val) empty would load as a dataset without that split.
    flip: Option<Option<usize>>,
}

impl MetadataFolderWriter {
    pub fn start(root: &Path, val_percent: u8) -> Result<Self, IoError> {
        Ok(MetadataFolderWriter {
            root: root.to_path_buf(),
            val_percent: val_percent.min(100),
            files: [None, None],
            taken: HashSet::new(),
            images: 0,
            val_images: 0,
            counted: [0, 0],
            linked: Default::default(),
            typed: Default::default(),
            flip: None,
        })
    }

    /// Counts an image that [`MetadataFolderWriter::image`] will get, before the first of
    /// them: with every image counted, a split that would leave a side empty moves one.
    pub fn count(&mut self, uid: &str) {
        if self.val_percent > 0 {
            self.counted[usize::from(split_of(uid, self.val_percent) == "val")] += 1;
        }
    }

    fn side_of(&mut self, uid: &str) -> usize {
        if self.val_percent == 0 {
            return 0;
        }
        let flip = *self.flip.get_or_insert(match self.counted {
            [0, v] if v >= 1 => Some(1),
            [t, 0] if t >= 2 => Some(0),
            _ => None,
        });
        let side = usize::from(split_of(uid, self.val_percent) == "val");
        if flip == Some(side) {
            self.flip = Some(None);
            return 1 - side;
        }
        side
    }

    /// Links the item's image or clip (`media` is its path in the project, `media_file` the
    /// file) on its side, and writes its line: `file_name`, then `columns`.
    pub fn file(
        &mut self,
        uid: &str,
        media: &str,
        media_file: &Path,
        columns: &[(String, Value)],
    ) -> Result<(), IoError> {
        self.row(uid, &[("file_name", Some((media, media_file)))], columns)
    }

    /// As [`MetadataFolderWriter::file`], with the image's segmentation mask (PNG bytes)
    /// written to `masks/` on its side and named by `annotation_file_name`: HF reads it as
    /// the `annotation` image column its segmentation datasets have.
    pub fn file_with_mask(
        &mut self,
        uid: &str,
        (media, media_file): (&str, &Path),
        mask: &[u8],
        columns: &[(String, Value)],
    ) -> Result<(), IoError> {
        let side = self.side_of(uid);
        let dir = self.root.join(SIDES[side]).join(MASKS);
        if self.taken.insert(format!("{}/{MASKS}/", SIDES[side])) {
            std::fs::create_dir_all(&dir).map_err(werr(&dir))?;
        }
        let stem = media.rsplit_once('.').map_or(media, |(stem, _)| stem);
        let scope = format!("{}/{MASKS}", SIDES[side]);
        let name = flat_name(&mut self.taken, &scope, &format!("{stem}.png"));
        let path = dir.join(&name);
        std::fs::write(&path, mask).map_err(werr(&path))?;
        let extra = ("annotation_file_name", format!("{MASKS}/{name}"));
        self.row_on(
            side,
            &[("file_name", Some((media, media_file)))],
            Some(extra),
            columns,
        )
    }

    /// Links a row's pictures on its side and writes its line: each picture by its key
    /// (`file_name`, or `<column>_file_name`: HF makes an image column of each; null where
    /// the row has none), then `columns`. A file many rows name is linked once a side.
    pub fn row(
        &mut self,
        uid: &str,
        pictures: &[(&str, Option<(&str, &Path)>)],
        columns: &[(String, Value)],
    ) -> Result<(), IoError> {
        let side = self.side_of(uid);
        self.row_on(side, pictures, None, columns)
    }

    /// [`MetadataFolderWriter::row`] on `side`, with a file written there already (its key
    /// and name) after the linked pictures.
    fn row_on(
        &mut self,
        side: usize,
        pictures: &[(&str, Option<(&str, &Path)>)],
        written: Option<(&str, String)>,
        columns: &[(String, Value)],
    ) -> Result<(), IoError> {
        let dir = self.root.join(SIDES[side]);
        if self.files[side].is_none() {
            std::fs::create_dir_all(&dir).map_err(werr(&dir))?;
            let path = dir.join("metadata.jsonl");
            let file = File::create(&path).map_err(werr(&path))?;
            self.files[side] = Some(BufWriter::new(file));
        }
        let mut files = Vec::with_capacity(pictures.len());
        for (key, picture) in pictures {
            let name = match picture {
                Some((media, file)) => {
                    match self.linked[side].get(&(media.to_string(), file.to_path_buf())) {
                        Some(name) => Some(name.clone()),
                        None => {
                            let name = flat_name(&mut self.taken, SIDES[side], media);
                            link(file, &dir.join(&name))?;
                            (self.linked[side])
                                .insert((media.to_string(), file.to_path_buf()), name.clone());
                            Some(name)
                        }
                    }
                }
                None => None,
            };
            if name.is_some() && !self.typed[side].contains(*key) {
                self.typed[side].insert(key.to_string());
            }
            files.push((*key, name));
        }
        if let Some((key, name)) = written {
            self.typed[side].insert(key.to_string());
            files.push((key, Some(name)));
        }
        for (k, v) in columns {
            let empty = v.is_null() || v.as_array().is_some_and(Vec::is_empty);
            if !empty && !self.typed[side].contains(k) {
                self.typed[side].insert(k.clone());
            }
        }
        let line = Line {
            files: &files,
            columns,
        };
        let path = dir.join("metadata.jsonl");
        if let Some(out) = &mut self.files[side] {
            serde_json::to_writer(&mut *out, &line).map_err(|e| IoError::io(&path, e.into()))?;
            out.write_all(b"\n").map_err(werr(&path))?;
        }
        self.images += 1;
        self.val_images += side as u64;
        Ok(())
    }

    /// Flushes the metadata files and marks the folder as Keylabel's (a later export may
    /// replace it). With no image at all, `train/` holds an empty `metadata.jsonl`.
    pub fn finish(mut self) -> Result<super::class_folders::Counts, IoError> {
        if self.images == 0 {
            let dir = self.root.join(SIDES[0]);
            std::fs::create_dir_all(&dir).map_err(werr(&dir))?;
            let path = dir.join("metadata.jsonl");
            std::fs::write(&path, b"").map_err(werr(&path))?;
        }
        for (side, file) in self.files.iter_mut().enumerate() {
            if let Some(out) = file {
                let path = self.root.join(SIDES[side]).join("metadata.jsonl");
                out.flush().map_err(werr(&path))?;
            }
        }
        self.files = [None, None];
        // A column with a value on one side only: HF would read another type on the other
        // and refuse the pair, so rows that can be spared move across.
        let split = self.val_images > 0 && self.val_images < self.images;
        let mut one_sided = Vec::new();
        if split && self.typed[0] != self.typed[1] {
            let (to_val, left) = super::split_balance::balance(&self.root, SIDES, &mut self.taken)?;
            self.val_images = self.val_images.saturating_add_signed(to_val);
            one_sided = left;
        }
        let marker = self.root.join(EXPORT_MARKER);
        std::fs::write(
            &marker,
            "an image dataset with metadata exported by Keylabel\n",
        )
        .map_err(werr(&marker))?;
        Ok(super::class_folders::Counts {
            images: self.images,
            val_images: self.val_images,
            one_sided,
        })
    }
}

/// A metadata line: the pictures first, then the columns in the config's order, as a
/// person reading the file expects.
struct Line<'a> {
    files: &'a [(&'a str, Option<String>)],
    columns: &'a [(String, Value)],
}

impl serde::Serialize for Line<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.columns.len() + self.files.len()))?;
        for (key, name) in self.files {
            m.serialize_entry(key, name)?;
        }
        for (k, v) in self.columns {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn lines(path: &Path) -> Vec<Value> {
        std::fs::read_to_string(path)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    #[test]
    fn each_image_is_linked_beside_its_line_with_a_flat_unique_name() {
        let dir = tempfile::tempdir().unwrap();
        let media = dir.path().join("m.jpg");
        std::fs::write(&media, b"x").unwrap();
        let root = dir.path().join("out");
        let mut w = MetadataFolderWriter::start(&root, 0).unwrap();
        let cols = |d: &str| vec![("description".to_string(), json!(d))];
        w.file("u1", "sub/a.jpg", &media, &cols("one")).unwrap();
        w.file("u2", "sub/A.jpg", &media, &cols("two")).unwrap();
        let counts = w.finish().unwrap();
        assert_eq!((counts.images, counts.val_images), (2, 0));
        let rows = lines(&root.join("train/metadata.jsonl"));
        assert_eq!(
            rows[0],
            json!({"file_name": "sub__a.jpg", "description": "one"})
        );
        assert_eq!(rows[1]["file_name"], "sub__A-2.jpg");
        assert!(root.join("train/sub__A-2.jpg").exists());
        assert!(!root.join("val").exists(), "no val side without --val");
    }

    #[test]
    fn a_split_puts_each_image_on_its_sides_file() {
        let dir = tempfile::tempdir().unwrap();
        let media = dir.path().join("m.jpg");
        std::fs::write(&media, b"x").unwrap();
        let root = dir.path().join("out");
        let mut w = MetadataFolderWriter::start(&root, 50).unwrap();
        for i in 0..40 {
            w.file(&format!("u{i}"), &format!("{i}.jpg"), &media, &[])
                .unwrap();
        }
        let counts = w.finish().unwrap();
        let val = lines(&root.join("val/metadata.jsonl")).len() as u64;
        let train = lines(&root.join("train/metadata.jsonl")).len() as u64;
        assert_eq!((train + val, val), (40, counts.val_images));
        assert!(val > 0 && train > 0, "{train} / {val}");
    }

    #[test]
    fn a_column_empty_on_one_side_of_the_split_takes_a_row_that_can_be_spared() {
        let dir = tempfile::tempdir().unwrap();
        let media = dir.path().join("m.jpg");
        std::fs::write(&media, b"x").unwrap();
        // Train ticks a flag `ticked` times, val never: HF would type the column two ways.
        let split = |name: &str, ticked: usize| {
            let out = dir.path().join(name);
            let mut w = MetadataFolderWriter::start(&out, 50).unwrap();
            for (k, u) in ids_on("train", 3).iter().enumerate() {
                let flags = if k < ticked {
                    json!(["blurry"])
                } else {
                    json!([])
                };
                let cols = [("flags".to_string(), flags), ("n".into(), json!(1))];
                w.file(u, &format!("{u}.jpg"), &media, &cols).unwrap();
            }
            for u in &ids_on("val", 2) {
                let cols = [("flags".to_string(), json!([])), ("n".into(), json!(2))];
                w.file(u, &format!("{u}.jpg"), &media, &cols).unwrap();
            }
            let counts = w.finish().unwrap();
            let flagged = |side: &str| {
                let rows = lines(&out.join(side).join("metadata.jsonl"));
                for r in &rows {
                    let f = r["file_name"].as_str().unwrap();
                    assert!(out.join(side).join(f).exists(), "{side}/{f} linked");
                }
                rows.iter().filter(|r| r["flags"] != json!([])).count()
            };
            (counts, flagged("train"), flagged("val"))
        };
        // Two ticked: one moves to val, linked there; both sides type the column.
        let (counts, train, val) = split("two", 2);
        assert_eq!((train, val), (1, 1));
        assert!(counts.one_sided.is_empty());
        assert_eq!(counts.val_images, 3);
        // One ticked: train cannot spare it; the column is named instead.
        let (counts, train, val) = split("one", 1);
        assert_eq!((train, val), (1, 0));
        assert_eq!(counts.one_sided, ["flags"]);
        assert_eq!(counts.val_images, 2);
        // The same picture named by two rows is linked once on its side.
        let mut w = MetadataFolderWriter::start(&dir.path().join("pics"), 0).unwrap();
        for u in ["a", "b"] {
            let pics = [("image_a_file_name", Some(("p/x.jpg", media.as_path())))];
            w.row(u, &pics, &[]).unwrap();
        }
        assert!(w.finish().unwrap().one_sided.is_empty(), "no split");
        let rows = lines(&dir.path().join("pics/train/metadata.jsonl"));
        assert_eq!(rows[0]["image_a_file_name"], "p__x.jpg");
        assert_eq!(rows[1]["image_a_file_name"], "p__x.jpg");
    }

    /// Ids the hash puts on `side` of a 50% split.
    fn ids_on(side: &str, n: usize) -> Vec<String> {
        (0..1000)
            .map(|i| format!("u{i}"))
            .filter(|u| split_of(u, 50) == side)
            .take(n)
            .collect()
    }

    #[test]
    fn a_split_that_would_leave_a_side_empty_moves_one_image_there() {
        let dir = tempfile::tempdir().unwrap();
        let media = dir.path().join("m.jpg");
        std::fs::write(&media, b"x").unwrap();
        for (side, other) in [("val", "train"), ("train", "val")] {
            let root = dir.path().join(side);
            let mut w = MetadataFolderWriter::start(&root, 50).unwrap();
            let ids = ids_on(side, 3);
            ids.iter().for_each(|u| w.count(u));
            for u in &ids {
                w.file(u, &format!("{u}.jpg"), &media, &[]).unwrap();
            }
            let counts = w.finish().unwrap();
            let moved = lines(&root.join(other).join("metadata.jsonl"));
            assert_eq!(moved.len(), 1, "all three hash to {side}");
            assert_eq!(moved[0]["file_name"], format!("{}.jpg", ids[0]));
            assert_eq!(lines(&root.join(side).join("metadata.jsonl")).len(), 2);
            assert_eq!(counts.val_images, if side == "val" { 2 } else { 1 });
        }
    }

    #[test]
    fn answers_named_as_hf_columns_are_renamed() {
        assert_eq!(column_name("description"), "description");
        assert_eq!(column_name("image"), "answer_image");
        assert_eq!(column_name("crop_file_name"), "answer_crop_file_name");
        assert_eq!(column_name("file_name"), "answer_file_name");
    }
}
