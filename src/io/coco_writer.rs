//! COCO detection JSON written: streamed, with per-image timing (the import is in
//! [`super::coco`]).

use super::{IoError, werr, write_all};
use crate::core::geometry::{clamp_box, round2};
use crate::core::time::rfc3339;
use crate::core::{BoxAnn, ExportRow};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Streams a COCO file: `images` first, then `annotations` in a second pass over the rows
/// (so a million boxes never sit in memory). Call [`CocoWriter::image`] for every row, then
/// [`CocoWriter::begin_annotations`], [`CocoWriter::annotations`] for every row again, then
/// [`CocoWriter::finish`].
pub struct CocoWriter<'a, W: Write> {
    out: &'a mut W,
    path: PathBuf,
    category_ids: HashMap<String, usize>,
    categories: Vec<String>,
    first: bool,
    next_ann_id: u64,
    pub images: u64,
    pub boxes: u64,
    /// The task's box attributes, written with every box: each name with its JSON key
    /// (`"occluded":`), escaped once rather than per box.
    attributes: Vec<(String, String)>,
    /// Each box has a text (`box_text`): written in its attributes as CVAT writes a text
    /// attribute, `"text":"…"`.
    box_text: bool,
    /// The task's keypoints (pose): every box has them all, and every category names them.
    keypoints: Vec<String>,
    skeleton: Vec<(usize, usize)>,
    /// A task of turned boxes: every annotation says its `rotation` (0 upright).
    rotated: bool,
}

impl<'a, W: Write> CocoWriter<'a, W> {
    /// Writes `info` and opens `images`. Categories get ids from 1 in the order given; a box
    /// label not among them gets the next id when first met. `categories` is written last
    /// (key order means nothing in JSON), so no extra pass over the boxes is needed for it.
    pub fn start(
        out: &'a mut W,
        path: &Path,
        categories: &[String],
        attributes: &[String],
        box_text: bool,
    ) -> Result<Self, IoError> {
        let info = json!({
            "description": "Exported by Keylabel",
            "version": crate::VERSION,
            "tool": "keylabel",
            "date_created": rfc3339(crate::core::timing::Clock::now_ms(&crate::core::SystemClock)),
        });
        write_all(
            out,
            path,
            format!("{{\"info\":{info},\"licenses\":[],\"images\":[").as_bytes(),
        )?;
        Ok(CocoWriter {
            out,
            path: path.to_path_buf(),
            category_ids: categories
                .iter()
                .enumerate()
                .map(|(i, n)| (n.clone(), i + 1))
                .collect(),
            categories: categories.to_vec(),
            first: true,
            next_ann_id: 1,
            images: 0,
            boxes: 0,
            attributes: attributes
                .iter()
                .map(|a| (a.clone(), format!("{}:", Value::String(a.clone()))))
                .collect(),
            box_text,
            keypoints: Vec::new(),
            skeleton: Vec::new(),
            rotated: false,
        })
    }

    /// A task of turned boxes: each annotation's `bbox` is the upright box around what is
    /// seen (what a detector is trained on), its `segmentation` the four corners, and its
    /// `rotation` the angle (0 for an upright box), so the turned box comes back exactly.
    pub fn with_rotation(mut self, on: bool) -> Self {
        self.rotated = on;
        self
    }

    /// A pose task: each annotation gets `keypoints` (all of them, in order; `0,0,0` for one
    /// not placed) and `num_keypoints`, each category the names and the skeleton (from 1).
    pub fn with_keypoints(mut self, names: &[String], skeleton: &[(usize, usize)]) -> Self {
        self.keypoints = names.to_vec();
        self.skeleton = skeleton.to_vec();
        self
    }

    fn sep(&mut self) -> Result<(), IoError> {
        if !self.first {
            write_all(self.out, &self.path, b",")?;
        }
        self.first = false;
        Ok(())
    }

    /// An `images[]` entry: size as displayed, relative file name and the item's timing.
    pub fn image(&mut self, row: &ExportRow) -> Result<(), IoError> {
        let (Some(media), Some(w), Some(h)) = (&row.item.media, row.item.width, row.item.height)
        else {
            return Ok(()); // not an image
        };
        self.sep()?;
        let t = &row.timing;
        let v = json!({
            "id": row.item.id,
            "file_name": media,
            "width": w,
            "height": h,
            "keylabel_id": row.item.uid,
            "status": row.item.status.as_str(),
            "annotator": row.annotator,
            "active_ms": t.active_ms,
            "wall_ms": t.wall_ms,
            "visits": t.visits,
            "submitted_at": t.submitted_at.map(rfc3339),
            "keys": t.keys,
            "clicks": t.clicks,
            "notes": row.notes,
        });
        serde_json::to_writer(&mut *self.out, &v).map_err(|e| IoError::io(&self.path, e.into()))?;
        self.images += 1;
        Ok(())
    }

    pub fn begin_annotations(&mut self) -> Result<(), IoError> {
        write_all(self.out, &self.path, b"],\"annotations\":[")?;
        self.first = true;
        Ok(())
    }

    /// The item's boxes, clamped inside the image, rounded to 2 decimals.
    pub fn annotations(&mut self, row: &ExportRow) -> Result<(), IoError> {
        let (Some(_), Some(w), Some(h)) = (&row.item.media, row.item.width, row.item.height) else {
            return Ok(());
        };
        for b in &row.annotation.boxes {
            let Some(b) = clamp_box(b, w, h) else {
                continue;
            };
            let cat = match self.category_ids.get(&b.label) {
                Some(&cat) => cat,
                None => {
                    // A label the config no longer names: a category of its own, never a
                    // box dropped.
                    self.categories.push(b.label.clone());
                    let cat = self.categories.len();
                    self.category_ids.insert(b.label.clone(), cat);
                    cat
                }
            };
            self.sep()?;
            let (x, y, bw, bh) = b.bounds();
            let (x, y, bw, bh) = (round2(x), round2(y), round2(bw), round2(bh));
            let area = if b.is_rotated() {
                (b.area() * 100.0).round() / 100.0
            } else if b.polygons.is_empty() {
                (bw * bh * 100.0).round() / 100.0
            } else {
                (b.area() * 100.0).round() / 100.0
            };
            let mut line = format!(
                "{{\"id\":{},\"image_id\":{},\"category_id\":{cat},\"bbox\":[{x},{y},{bw},{bh}],\"area\":{area},\"iscrowd\":0",
                self.next_ann_id, row.item.id
            );
            push_segmentation(&mut line, &b);
            if self.rotated || b.is_rotated() {
                line.push_str(",\"rotation\":");
                push_hundredths(&mut line, b.rotation);
            }
            push_keypoints(&mut line, &b, self.keypoints.len());
            self.push_attributes(&mut line, &b);
            line.push('}');
            self.out
                .write_all(line.as_bytes())
                .map_err(werr(&self.path))?;
            self.next_ann_id += 1;
            self.boxes += 1;
        }
        Ok(())
    }

    /// CVAT's shape for box attributes, `,"attributes":{"occluded":true,…}`: every one the
    /// task names, then any other the box has (COCO readers ignore the key). Nothing where
    /// there are none.
    fn push_attributes(&self, line: &mut String, b: &BoxAnn) {
        let text = self.box_text || !b.text.is_empty();
        if self.attributes.is_empty() && b.attributes.is_empty() && !text {
            return;
        }
        line.push_str(",\"attributes\":{");
        if text {
            line.push_str("\"text\":");
            line.push_str(&Value::String(b.text.clone()).to_string());
            if !(self.attributes.is_empty() && b.attributes.is_empty()) {
                line.push(',');
            }
        }
        for (i, (name, key)) in self.attributes.iter().enumerate() {
            if i > 0 {
                line.push(',');
            }
            line.push_str(key);
            line.push_str(if b.has_attribute(name) {
                "true"
            } else {
                "false"
            });
        }
        let known = |a: &String| self.attributes.iter().any(|(n, _)| n == a);
        for (i, a) in b.attributes.iter().filter(|a| !known(a)).enumerate() {
            if i > 0 || !self.attributes.is_empty() {
                line.push(',');
            }
            line.push_str(&Value::String(a.clone()).to_string());
            line.push_str(":true");
        }
        line.push('}');
    }

    pub fn finish(self) -> Result<(), IoError> {
        let cats: Vec<Value> = self
            .categories
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let mut c = json!({"id": i + 1, "name": name, "supercategory": ""});
                if !self.keypoints.is_empty() {
                    c["keypoints"] = json!(self.keypoints);
                    let lines = self.skeleton.iter().map(|&(a, b)| [a + 1, b + 1]);
                    c["skeleton"] = json!(lines.collect::<Vec<_>>());
                }
                c
            })
            .collect();
        write_all(
            self.out,
            &self.path,
            format!("],\"categories\":{}}}\n", Value::Array(cats)).as_bytes(),
        )
    }
}

/// `,"segmentation":[[x1,y1,x2,y2,…],…]` for an outlined box, rounded as the bbox is, and
/// its corners for a turned one; nothing for a plain box (COCO readers take a missing key
/// better than an empty list).
fn push_segmentation(line: &mut String, b: &BoxAnn) {
    if b.polygons.is_empty() && !b.is_rotated() {
        return;
    }
    line.push_str(",\"segmentation\":[");
    // A turned box's shape is its corners.
    for (i, ring) in b.shape_parts().iter().enumerate() {
        line.push_str(if i == 0 { "[" } else { ",[" });
        for (j, [x, y]) in ring.iter().enumerate() {
            if j > 0 {
                line.push(',');
            }
            push_hundredths(line, *x);
            line.push(',');
            push_hundredths(line, *y);
        }
        line.push(']');
    }
    line.push(']');
}

/// `,"keypoints":[x1,y1,v1,…],"num_keypoints":n` with `count` points (the task's; a box
/// that has other, imported, keeps its own count), rounded as the bbox is.
fn push_keypoints(line: &mut String, b: &BoxAnn, count: usize) {
    let count = if b.keypoints.is_empty() || count > 0 {
        count
    } else {
        b.keypoints.len()
    };
    if count == 0 {
        return;
    }
    line.push_str(",\"keypoints\":[");
    for k in 0..count {
        if k > 0 {
            line.push(',');
        }
        match b.keypoints.get(k) {
            Some(&[x, y, v]) if v > 0.0 => {
                push_hundredths(line, x);
                line.push(',');
                push_hundredths(line, y);
                line.push_str(if v >= 2.0 { ",2" } else { ",1" });
            }
            _ => line.push_str("0,0,0"),
        }
    }
    let placed = b
        .keypoints
        .iter()
        .take(count)
        .filter(|k| k[2] > 0.0)
        .count();
    line.push_str(&format!("],\"num_keypoints\":{placed}"));
}

/// `v` rounded to 2 decimals as JSON writes it (`12`, `12.5`, `12.34`), written by hand:
/// 200k outlines are ten million numbers, and formatting them as floats took a sixth of
/// their export's time.
fn push_hundredths(line: &mut String, v: f32) {
    use std::fmt::Write as _;
    let h = (f64::from(v) * 100.0).round();
    if !(h.is_finite() && h.abs() < 1e15) {
        line.push_str(&round2(v).to_string());
        return;
    }
    let h = h as i64;
    if h < 0 {
        line.push('-');
    }
    let (whole, frac) = (h.unsigned_abs() / 100, h.unsigned_abs() % 100);
    // Writing into a String cannot fail.
    let _ = write!(line, "{whole}");
    if frac != 0 {
        line.push('.');
        line.push(char::from(b'0' + (frac / 10) as u8));
        if frac % 10 != 0 {
            line.push(char::from(b'0' + (frac % 10) as u8));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn box_attributes_are_written_as_an_object_of_every_name_then_the_boxs_others() {
        let order = ["occluded".to_string(), "truncated".to_string()];
        let mut b = BoxAnn::new("cat", 1.0, 2.0, 3.0, 4.0);
        b.attributes = vec!["truncated".into(), "odd \"one\"".into()];
        let mut out = Vec::new();
        for (names, plain) in [
            (&order[..], &b),
            (&[][..], &BoxAnn::new("cat", 1.0, 2.0, 3.0, 4.0)),
        ] {
            let w = CocoWriter::start(&mut out, Path::new("c.json"), &[], names, false).unwrap();
            let mut line = String::from("{\"x\":1");
            w.push_attributes(&mut line, plain);
            line.push('}');
            let v: Value = serde_json::from_str(&line).unwrap();
            match plain.attribute_flags(names) {
                Some(flags) => assert_eq!(v["attributes"], Value::Object(flags)),
                None => assert_eq!(v, serde_json::json!({"x": 1}), "no key where none"),
            }
        }
    }

    #[test]
    fn hundredths_are_written_as_json_writes_the_rounded_number() {
        for v in [
            0.0, 2.0, 10.333, 10.5, 10.05, 268.584, 0.004, -3.25, 99.999, 1e7,
        ] {
            let mut s = String::new();
            push_hundredths(&mut s, v);
            let back: f64 = s.parse().unwrap();
            assert_eq!(back, round2(v), "{v} → {s}");
            assert!(!s.ends_with('0') || !s.contains('.'), "{v} → {s}");
        }
    }

    #[test]
    fn an_outlined_box_is_written_with_its_segmentation_and_area() {
        let mut out = Vec::new();
        let mut w =
            CocoWriter::start(&mut out, Path::new("o.json"), &["cat".into()], &[], false).unwrap();
        let row = ExportRow {
            item: crate::core::Item {
                id: 1,
                uid: "u".into(),
                kind: crate::core::MediaKind::Image,
                root: None,
                media: Some("a.jpg".into()),
                data: Default::default(),
                width: Some(100),
                height: Some(100),
                duration_ms: None,
                status: crate::core::Status::Submitted,
                flagged: false,
            },
            annotator: None,
            annotation: crate::core::Annotation {
                boxes: vec![
                    BoxAnn::outlined("cat", vec![[10.0, 10.0], [30.0, 10.0], [10.333, 30.0]]),
                    BoxAnn::new("cat", 1.0, 1.0, 2.0, 2.0),
                ],
                ..Default::default()
            },
            timing: Default::default(),
            notes: Vec::new(),
        };
        w.begin_annotations().unwrap();
        w.annotations(&row).unwrap();
        w.finish().unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(
            s.contains(r#""segmentation":[[10,10,30,10,10.33,30]]"#),
            "{s}"
        );
        // The triangle's area, half its box's.
        assert!(s.contains(r#""bbox":[10,10,20,20],"area":200,"#), "{s}");
        assert_eq!(s.matches("segmentation").count(), 1, "{s}");
    }
}
