//! A Pascal VOC detection dataset: `Annotations/<name>.xml` per image (as LabelImg writes
//! them), `JPEGImages/` linking the images, and `ImageSets/Main/` listing them — the layout
//! torchvision's `VOCDetection`, MMDetection's `VOCDataset` and TensorFlow's Object
//! Detection scripts read.

use super::class_folders::flat_name;
use super::yolo::{EXPORT_MARKER, link, split_of};
use super::{IoError, werr};
use crate::core::geometry::clamp_box;
use crate::core::{BoxAnn, ExportRow, Status};
use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// What an image row writes in a per-image dataset: its media path, size and the boxes
/// kept inside it. None for a row that is no image, and for an image nobody finished with
/// no box: a file with no object says "checked, nothing in it".
pub(crate) fn image_boxes(row: &ExportRow) -> Option<(&str, u32, u32, Vec<BoxAnn>)> {
    let (Some(media), Some(w), Some(h)) = (&row.item.media, row.item.width, row.item.height) else {
        return None;
    };
    let boxes: Vec<BoxAnn> = (row.annotation.boxes.iter())
        .filter_map(|b| clamp_box(b, w, h))
        .collect();
    (!boxes.is_empty() || row.item.status == Status::Submitted).then_some((media, w, h, boxes))
}

/// Box attributes VOC has an element for.
const FLAGS: [&str; 3] = ["truncated", "difficult", "occluded"];

pub struct VocWriter {
    root: PathBuf,
    taken: HashSet<String>,
    val_percent: u8,
    /// The names (no extension) of each side's images, for `ImageSets/Main/`.
    lists: [Vec<String>; 2],
    pub images: u64,
    pub boxes: u64,
    /// Boxes with attributes VOC has no element for, or with text, outlines or keypoints.
    pub left_out: u64,
}

impl VocWriter {
    /// With `val_percent` above 0, each image goes to `val` or `train` by a hash of its item's
    /// id, as the other dataset exports split.
    pub fn start(root: &Path, val_percent: u8) -> Result<Self, IoError> {
        for d in ["Annotations", "JPEGImages", "ImageSets/Main"] {
            let d = root.join(d);
            std::fs::create_dir_all(&d).map_err(werr(&d))?;
        }
        Ok(VocWriter {
            root: root.to_path_buf(),
            taken: HashSet::new(),
            val_percent: val_percent.min(100),
            lists: [Vec::new(), Vec::new()],
            images: 0,
            boxes: 0,
            left_out: 0,
        })
    }

    /// Links the image at `media_file` and writes its annotation. An image nobody finished
    /// with no box (`--status all`) is left out: a file with no object says "checked,
    /// nothing in it".
    pub fn image(&mut self, row: &ExportRow, media_file: &Path) -> Result<(), IoError> {
        let Some((media, w, h, boxes)) = image_boxes(row) else {
            return Ok(());
        };
        let ext = Path::new(media)
            .extension()
            .map(|e| format!(".{}", e.to_string_lossy()))
            .unwrap_or_default();
        let stem_of = &media[..media.len() - ext.len()];
        let name = flat_name(&mut self.taken, "voc", stem_of);
        let file_name = format!("{name}{ext}");
        link(media_file, &self.root.join("JPEGImages").join(&file_name))?;
        let mut xml = String::new();
        let _ = write!(
            xml,
            "<annotation>\n\t<folder>JPEGImages</folder>\n\t<filename>{}</filename>\n\
             \t<source>\n\t\t<database>Keylabel</database>\n\t</source>\n\
             \t<size>\n\t\t<width>{w}</width>\n\t\t<height>{h}</height>\n\t\t<depth>3</depth>\n\t</size>\n\
             \t<segmented>0</segmented>\n",
            escape(&file_name)
        );
        for b in &boxes {
            self.left_out += u64::from(
                b.attributes.iter().any(|a| !FLAGS.contains(&a.as_str()))
                    || !b.text.is_empty()
                    || !b.polygons.is_empty()
                    || !b.keypoints.is_empty()
                    || b.is_rotated(),
            );
            let flag = |f: &str| u8::from(b.attributes.iter().any(|a| a == f));
            let _ = write!(
                xml,
                "\t<object>\n\t\t<name>{}</name>\n\t\t<pose>Unspecified</pose>\n\
                 \t\t<truncated>{}</truncated>\n\t\t<difficult>{}</difficult>\n",
                escape(&b.label),
                flag("truncated"),
                flag("difficult")
            );
            if flag("occluded") == 1 {
                xml += "\t\t<occluded>1</occluded>\n";
            }
            // Whole pixels, as LabelImg writes them (readers take them with int()).
            // A turned box: the upright box around it (VOC has no angle).
            let (x, y, w, h) = b.bounds();
            let [x0, y0, x1, y1] = [x, y, x + w, y + h].map(|v| v.round() as i64);
            let _ = write!(
                xml,
                "\t\t<bndbox>\n\t\t\t<xmin>{x0}</xmin>\n\t\t\t<ymin>{y0}</ymin>\n\
                 \t\t\t<xmax>{x1}</xmax>\n\t\t\t<ymax>{y1}</ymax>\n\t\t</bndbox>\n\t</object>\n"
            );
            self.boxes += 1;
        }
        xml += "</annotation>\n";
        let at = self.root.join("Annotations").join(format!("{name}.xml"));
        std::fs::write(&at, xml).map_err(werr(&at))?;
        let side = match self.val_percent {
            0 => 0,
            p => usize::from(split_of(&row.item.uid, p) == "val"),
        };
        self.lists[side].push(name);
        self.images += 1;
        Ok(())
    }

    /// Writes `ImageSets/Main/` (`trainval.txt`, `train.txt`, and `val.txt` when split) and
    /// the marker; returns how many images are in `val`.
    pub fn finish(mut self) -> Result<u64, IoError> {
        let main = self.root.join("ImageSets/Main");
        // A split that left a side empty (a few images, a large percent) gets one image of
        // the other side, as the other dataset exports do: both sides then load.
        if self.val_percent > 0 {
            let [train, val] = &mut self.lists;
            if train.is_empty() && val.len() >= 2 {
                train.push(val.remove(0));
            } else if val.is_empty() && train.len() >= 2 {
                val.push(train.remove(0));
            }
        }
        let [train, val] = &self.lists;
        let mut all: Vec<&String> = train.iter().chain(val).collect();
        all.sort();
        let lines = |names: &mut dyn Iterator<Item = &String>| -> String {
            names.map(|n| format!("{n}\n")).collect()
        };
        let mut files = vec![
            ("trainval.txt", lines(&mut all.into_iter())),
            ("train.txt", lines(&mut train.iter())),
        ];
        if self.val_percent > 0 {
            files.push(("val.txt", lines(&mut val.iter())));
        }
        for (name, text) in files {
            let p = main.join(name);
            std::fs::write(&p, text).map_err(werr(&p))?;
        }
        let marker = self.root.join(EXPORT_MARKER);
        std::fs::write(&marker, "a Pascal VOC dataset exported by Keylabel\n")
            .map_err(werr(&marker))?;
        Ok(val.len() as u64)
    }
}

/// Text as XML content: `&`, `<`, `>` and quotes escaped; characters XML 1.0 cannot hold
/// (controls) dropped.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out += "&amp;",
            '<' => out += "&lt;",
            '>' => out += "&gt;",
            '"' => out += "&quot;",
            '\'' => out += "&apos;",
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}
