//! DOTA, the format aerial datasets of turned boxes ship in (DOTA, DIOR-R, and what
//! MMRotate and Ultralytics' `convert_dota_to_yolo_obb` read): per image a `labelTxt/*.txt`
//! with a line per object, `x1 y1 x2 y2 x3 y3 x4 y4 category difficult`, the corners in
//! pixels in order around it; `imagesource:` and `gsd:` lines before them say where the
//! image came from.

use super::class_folders::flat_name;
use super::voc_writer::image_boxes;
use super::yolo::{EXPORT_MARKER, link, split_of};
use super::{IoError, Problem, werr};
use crate::core::geometry::round2;
use crate::core::{BoxAnn, ExportRow};
use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// DOTA's flag for an object hard to make out; a box attribute of that name here.
pub const DIFFICULT: &str = "difficult";

/// How many of a folder's label files are looked at to tell DOTA from YOLO.
const SNIFF_FILES: usize = 5;

/// Whether `text` reads as a DOTA label file: its first object line has eight numbers and
/// a category (a YOLO line starts with a whole class number and has no name).
pub fn is_dota_text(text: &str) -> bool {
    (text.lines().map(str::trim))
        .find(|l| !l.is_empty() && !is_header(l))
        .is_some_and(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            f.len() >= 9
                && f[..8].iter().all(|v| v.parse::<f64>().is_ok())
                && f[8].parse::<f64>().is_err()
        })
}

/// A label file, or a folder whose first label files (its `labelTxt/`'s, or its own) read
/// as DOTA: the folder to import from.
pub fn source_folder(path: &Path) -> Option<PathBuf> {
    if path.is_file() {
        let text = super::yolo_labels::read_small(path, 1 << 20).ok()?;
        return is_dota_text(&text).then(|| path.to_path_buf());
    }
    let nested = path.join("labelTxt");
    let dir = if nested.is_dir() {
        nested
    } else {
        path.to_path_buf()
    };
    // The first few label files met, not all of them: a folder of images given to import
    // is walked once more only as far as its first `.txt` files.
    let sniffed = walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_type().is_file()
                && (e.path().extension()).is_some_and(|x| x.eq_ignore_ascii_case("txt"))
        })
        .take(SNIFF_FILES)
        .filter_map(|e| super::yolo_labels::read_small(e.path(), 1 << 20).ok())
        .find(|t| !t.trim().is_empty())?;
    is_dota_text(&sniffed).then_some(dir)
}

fn is_header(line: &str) -> bool {
    let lower = line.to_ascii_lowercase();
    lower.starts_with("imagesource:") || lower.starts_with("gsd:")
}

/// The objects of one label file: each a four-point outline with its category as label
/// (a task of turned boxes turns it into the box through its corners), `difficult` 1 as
/// that attribute. A line that cannot be read is a problem naming it; the others go in.
pub fn parse_dota(path: &Path, text: &str) -> (Vec<BoxAnn>, Vec<Problem>) {
    let mut boxes = Vec::new();
    let mut problems = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || is_header(line) {
            continue;
        }
        let problem = |why: &str| Problem::new(path, Some(n as u64 + 1), why);
        let f: Vec<&str> = line.split_whitespace().collect();
        let nums: Option<Vec<f32>> =
            (f.get(..8)).and_then(|c| c.iter().map(|v| v.parse::<f32>().ok()).collect());
        let (Some(nums), Some(category)) = (nums, f.get(8)) else {
            problems.push(problem(
                "expected `x1 y1 x2 y2 x3 y3 x4 y4 category difficult`, the corners in pixels",
            ));
            continue;
        };
        if nums.iter().any(|v| !v.is_finite()) {
            problems.push(problem("corners must be finite numbers"));
            continue;
        }
        let mut b = BoxAnn::outlined(
            *category,
            nums.chunks_exact(2).map(|p| [p[0], p[1]]).collect(),
        );
        match &f[9..] {
            [] | ["0"] => {}
            ["1"] => b.attributes.push(DIFFICULT.into()),
            rest => {
                problems.push(problem(&format!(
                    "after the category comes `difficult`, 0 or 1, and nothing more; found \
                     `{}` (a category is one word: DOTA splits on blanks)",
                    rest.join(" ")
                )));
                continue;
            }
        }
        boxes.push(b);
    }
    (boxes, problems)
}

/// A DOTA dataset of the project's boxes: `images/` linking the images (folders folded
/// into the name, as the other datasets) and `labelTxt/` a file each; with a split,
/// `train/` and `val/` each holding both.
pub struct DotaWriter {
    root: PathBuf,
    taken: HashSet<String>,
    val_percent: u8,
    pub images: u64,
    pub val_images: u64,
    pub boxes: u64,
    /// Boxes DOTA has no place for all of: outlines (written as their upright box's
    /// corners), keypoints, texts, attributes other than `difficult`.
    pub left_out: u64,
}

impl DotaWriter {
    pub fn start(root: &Path, val_percent: u8) -> Result<Self, IoError> {
        let sides: &[&str] = if val_percent > 0 {
            &["train", "val"]
        } else {
            &[""]
        };
        for side in sides {
            for d in ["images", "labelTxt"] {
                let d = root.join(side).join(d);
                std::fs::create_dir_all(&d).map_err(werr(&d))?;
            }
        }
        Ok(DotaWriter {
            root: root.to_path_buf(),
            taken: HashSet::new(),
            val_percent: val_percent.min(100),
            images: 0,
            val_images: 0,
            boxes: 0,
            left_out: 0,
        })
    }

    /// Links the image at `media_file` and writes its labels. An image nobody finished with
    /// no box is left out: an empty file says "checked, nothing in it".
    pub fn image(&mut self, row: &ExportRow, media_file: &Path) -> Result<(), IoError> {
        let Some((media, _, _, boxes)) = image_boxes(row) else {
            return Ok(());
        };
        let side = if self.val_percent > 0 {
            split_of(&row.item.uid, self.val_percent)
        } else {
            ""
        };
        let file_name = flat_name(&mut self.taken, "dota", media);
        let dir = self.root.join(side);
        link(media_file, &dir.join("images").join(&file_name))?;
        let mut text = String::new();
        for b in &boxes {
            self.left_out += u64::from(
                b.attributes.iter().any(|a| a != DIFFICULT)
                    || !b.text.is_empty()
                    || !b.polygons.is_empty()
                    || !b.keypoints.is_empty(),
            );
            text += &dota_line(b);
        }
        let stem = Path::new(&file_name).with_extension("txt");
        let labels = dir.join("labelTxt").join(stem);
        std::fs::write(&labels, text).map_err(werr(&labels))?;
        self.images += 1;
        self.val_images += u64::from(side == "val");
        self.boxes += boxes.len() as u64;
        Ok(())
    }

    pub fn finish(self) -> Result<(), IoError> {
        let marker = self.root.join(EXPORT_MARKER);
        std::fs::write(&marker, "a DOTA dataset exported by Keylabel\n").map_err(werr(&marker))
    }
}

/// One object as a DOTA line: its four corners as seen (an outline: its upright box's),
/// clockwise from the top left of the box before it is turned, in pixels; the label with
/// blanks made `-` (DOTA splits on them); `difficult` 0 or 1.
pub fn dota_line(b: &BoxAnn) -> String {
    let corners = if b.polygons.is_empty() {
        b.corners()
    } else {
        let (x, y, w, h) = b.bounds();
        BoxAnn::new("", x, y, w, h).corners()
    };
    let mut line = String::new();
    for [x, y] in corners {
        let _ = write!(line, "{} {} ", round2(x), round2(y));
    }
    let name = category(&b.label);
    let _ = writeln!(line, "{name} {}", u8::from(b.has_attribute(DIFFICULT)));
    line
}

/// A label as a DOTA category: one word, its blanks as hyphens ("small vehicle" is
/// "small-vehicle"); "object" for a label of none.
pub fn category(label: &str) -> String {
    let name: String = (label.split_whitespace()).collect::<Vec<_>>().join("-");
    if name.is_empty() {
        "object".into()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_read_headers_skipped_bad_ones_named() {
        let text = "imagesource:GoogleEarth\ngsd:0.146\n\
                    10 20 50 20 50 40 10 40 small-vehicle 0\n\
                    1 2 3 4 5 6 7 8 ship 1\n\
                    1 2 3 x 5 6 7 8 plane 0\n\
                    1 2 3 4 5 6 7 8 plane 2\n";
        assert!(is_dota_text(text));
        assert!(!is_dota_text("0 0.5 0.5 0.1 0.1\n"));
        assert!(
            !is_dota_text("0 0.1 0.1 0.2 0.1 0.2 0.2 0.1 0.2\n"),
            "a YOLO OBB line"
        );
        let (boxes, problems) = parse_dota(Path::new("P0001.txt"), text);
        assert_eq!(boxes.len(), 2);
        assert_eq!(boxes[0].label, "small-vehicle");
        assert_eq!(
            (boxes[0].x, boxes[0].y, boxes[0].w, boxes[0].h),
            (10.0, 20.0, 40.0, 20.0)
        );
        assert_eq!(boxes[1].attributes, [DIFFICULT]);
        let lines: Vec<_> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [Some(5), Some(6)]);
        assert!(
            problems[1].message.contains("0 or 1"),
            "{}",
            problems[1].message
        );
        let (_, two_words) = parse_dota(Path::new("a.txt"), "1 2 3 4 5 6 7 8 large vehicle 0\n");
        assert!(
            two_words[0].message.contains("`vehicle 0`"),
            "{}",
            two_words[0].message
        );
    }

    #[test]
    fn a_box_is_written_as_its_corners_with_its_name_made_one_word() {
        let mut b = BoxAnn::new("small car", 10.0, 20.0, 40.0, 20.0);
        b.attributes.push(DIFFICULT.into());
        assert_eq!(dota_line(&b), "10 20 50 20 50 40 10 40 small-car 1\n");
        let turned = BoxAnn::new("ship", 10.0, 20.0, 40.0, 20.0).rotated_by(90.0);
        assert_eq!(dota_line(&turned), "40 10 40 50 20 50 20 10 ship 0\n");
    }
}
