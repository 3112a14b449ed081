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

    /// Links the image (`media` is its path in the project, `media_file` the file) on its
    /// side, and writes its line: `file_name`, then `columns`.
    pub fn image(
        &mut self,
        uid: &str,
        media: &str,
        media_file: &Path,
        columns: &[(String, Value)],
    ) -> Result<(), IoError> {
        let side = self.side_of(uid);
        let dir = self.root.join(SIDES[side]);
        if self.files[side].is_none() {
            std::fs::create_dir_all(&dir).map_err(werr(&dir))?;
            let path = dir.join("metadata.jsonl");
            let file = File::create(&path).map_err(werr(&path))?;
            self.files[side] = Some(BufWriter::new(file));
        }
        let name = flat_name(&mut self.taken, SIDES[side], media);
        link(media_file, &dir.join(&name))?;
        let line = Line {
            file_name: &name,
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
        let marker = self.root.join(EXPORT_MARKER);
        std::fs::write(
            &marker,
            "an image dataset with metadata exported by Keylabel\n",
        )
        .map_err(werr(&marker))?;
        Ok(super::class_folders::Counts {
            images: self.images,
            val_images: self.val_images,
        })
    }
}

/// A metadata line: `file_name` first, then the columns in the config's order, as a
/// person reading the file expects.
struct Line<'a> {
    file_name: &'a str,
    columns: &'a [(String, Value)],
}

impl serde::Serialize for Line<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.columns.len() + 1))?;
        m.serialize_entry("file_name", self.file_name)?;
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
        w.image("u1", "sub/a.jpg", &media, &cols("one")).unwrap();
        w.image("u2", "sub/A.jpg", &media, &cols("two")).unwrap();
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
            w.image(&format!("u{i}"), &format!("{i}.jpg"), &media, &[])
                .unwrap();
        }
        let counts = w.finish().unwrap();
        let val = lines(&root.join("val/metadata.jsonl")).len() as u64;
        let train = lines(&root.join("train/metadata.jsonl")).len() as u64;
        assert_eq!((train + val, val), (40, counts.val_images));
        assert!(val > 0 && train > 0, "{train} / {val}");
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
                w.image(u, &format!("{u}.jpg"), &media, &[]).unwrap();
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
