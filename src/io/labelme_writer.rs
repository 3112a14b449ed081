//! labelme's JSON written: a folder of the images (linked, folders folded into the name)
//! each with its `.json` beside it, as labelme and X-AnyLabeling open a folder. Boxes are
//! rectangles, outlines polygons (an object in parts shares a `group_id`), turned boxes
//! X-AnyLabeling's `rotation` shapes, keypoints `point` shapes named by the keypoint and
//! grouped with their object; attributes are `flags`, a box's text its `description`.

use super::class_folders::flat_name;
use super::voc_writer::image_boxes;
use super::yolo::{EXPORT_MARKER, link};
use super::{IoError, werr};
use crate::core::geometry::round2;
use crate::core::{BoxAnn, ExportRow};
use serde_json::{Map, Value, json};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The labelme version whose files these are like.
const VERSION: &str = "5.5.0";

pub struct LabelmeWriter {
    root: PathBuf,
    taken: HashSet<String>,
    /// The task's keypoints, in order: a point shape's label.
    keypoints: Vec<String>,
    pub images: u64,
    pub boxes: u64,
}

impl LabelmeWriter {
    pub fn start(root: &Path, keypoints: &[String]) -> Result<Self, IoError> {
        std::fs::create_dir_all(root).map_err(werr(root))?;
        Ok(LabelmeWriter {
            root: root.to_path_buf(),
            taken: HashSet::new(),
            keypoints: keypoints.to_vec(),
            images: 0,
            boxes: 0,
        })
    }

    /// Links the image at `media_file` and writes its JSON beside it. An image nobody
    /// finished with no box is left out: a file with no shape says "checked, nothing in it".
    pub fn image(&mut self, row: &ExportRow, media_file: &Path) -> Result<(), IoError> {
        let Some((media, w, h, boxes)) = image_boxes(row) else {
            return Ok(());
        };
        let file_name = flat_name(&mut self.taken, "labelme", media);
        link(media_file, &self.root.join(&file_name))?;
        let shapes: Vec<Value> = (boxes.iter().enumerate())
            .flat_map(|(k, b)| shapes_of(b, k as i64 + 1, &self.keypoints))
            .collect();
        let doc = json!({
            "version": VERSION,
            "flags": {},
            "shapes": shapes,
            "imagePath": file_name,
            "imageData": null,
            "imageHeight": h,
            "imageWidth": w,
        });
        let path = self.root.join(Path::new(&file_name).with_extension("json"));
        let text = serde_json::to_vec_pretty(&doc).map_err(|e| IoError::io(&path, e.into()))?;
        std::fs::write(&path, text).map_err(werr(&path))?;
        self.images += 1;
        self.boxes += boxes.len() as u64;
        Ok(())
    }

    pub fn finish(self) -> Result<(), IoError> {
        let marker = self.root.join(EXPORT_MARKER);
        std::fs::write(&marker, "a labelme folder exported by Keylabel\n").map_err(werr(&marker))
    }
}

/// One object's shapes; `group` ties its parts and its keypoints together where it has
/// more than one shape.
pub fn shapes_of(b: &BoxAnn, group: i64, keypoints: &[String]) -> Vec<Value> {
    let placed: Vec<(usize, [f32; 3])> = (b.keypoints.iter().copied().enumerate())
        .filter(|(_, k)| k[2] > 0.0)
        .collect();
    let grouped = b.polygons.len() > 1 || !placed.is_empty();
    let group_id = if grouped { json!(group) } else { Value::Null };
    let flags: Map<String, Value> = (b.attributes.iter())
        .map(|a| (a.clone(), Value::Bool(true)))
        .collect();
    let shape = |points: Vec<[f64; 2]>, kind: &str| {
        let mut s = json!({
            "label": b.label,
            "points": points,
            "group_id": group_id,
            "description": b.text,
            "shape_type": kind,
            "flags": flags,
            "mask": null,
        });
        if kind == "rotation" {
            s["direction"] = json!(f64::from(b.rotation.to_radians()));
        }
        s
    };
    let xy = |x: f32, y: f32| [round2(x), round2(y)];
    let mut out = Vec::new();
    if b.is_rotated() {
        out.push(shape(
            b.corners().map(|[x, y]| xy(x, y)).to_vec(),
            "rotation",
        ));
    } else if b.polygons.is_empty() {
        out.push(shape(
            vec![xy(b.x, b.y), xy(b.x + b.w, b.y + b.h)],
            "rectangle",
        ));
    } else {
        for ring in &b.polygons {
            out.push(shape(
                ring.iter().map(|&[x, y]| xy(x, y)).collect(),
                "polygon",
            ));
        }
    }
    for (k, [x, y, _]) in placed {
        let name = keypoints
            .get(k)
            .cloned()
            .unwrap_or_else(|| format!("point_{}", k + 1));
        out.push(json!({
            "label": name,
            "points": [xy(x, y)],
            "group_id": group,
            "description": "",
            "shape_type": "point",
            "flags": {},
            "mask": null,
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_object_is_the_shape_labelme_draws() {
        let mut plain = BoxAnn::new("cup", 1.0, 2.0, 3.0, 4.0);
        plain.attributes.push("occluded".into());
        plain.text = "TOTAL".into();
        let s = &shapes_of(&plain, 1, &[])[0];
        assert_eq!(s["shape_type"], "rectangle");
        assert_eq!(s["points"], json!([[1.0, 2.0], [4.0, 6.0]]));
        assert_eq!(
            (&s["flags"]["occluded"], &s["description"]),
            (&json!(true), &json!("TOTAL"))
        );
        assert_eq!(s["group_id"], Value::Null);

        let turned = BoxAnn::new("ship", 10.0, 20.0, 40.0, 20.0).rotated_by(90.0);
        let s = &shapes_of(&turned, 2, &[])[0];
        assert_eq!(s["shape_type"], "rotation");
        assert_eq!(s["points"][0], json!([40.0, 10.0]));
        assert!((s["direction"].as_f64().unwrap() - std::f64::consts::FRAC_PI_2).abs() < 1e-6);

        let mut two = BoxAnn::outlined("dog", vec![[0.0, 0.0], [5.0, 0.0], [5.0, 5.0]]);
        two.polygons
            .push(vec![[9.0, 0.0], [12.0, 0.0], [12.0, 4.0]]);
        let s = shapes_of(&two, 3, &[]);
        assert_eq!(s.len(), 2);
        assert!(
            s.iter()
                .all(|s| s["group_id"] == 3 && s["shape_type"] == "polygon")
        );

        let mut person = BoxAnn::new("person", 0.0, 0.0, 10.0, 20.0);
        person.keypoints = vec![[5.0, 2.0, 2.0], [0.0, 0.0, 0.0], [6.0, 3.0, 1.0]];
        let names = ["nose".to_string(), "left_eye".into(), "right_eye".into()];
        let s = shapes_of(&person, 4, &names);
        let labels: Vec<&str> = s.iter().map(|s| s["label"].as_str().unwrap()).collect();
        assert_eq!(labels, ["person", "nose", "right_eye"]);
        assert!(s.iter().all(|s| s["group_id"] == 4));
    }
}
