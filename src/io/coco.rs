//! COCO detection JSON read: boxes, outlines (polygons and RLE masks), keypoints and turned
//! boxes (the export is in [`super::coco_writer`]).

use super::IoError;
use crate::core::BoxAnn;
use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;

#[derive(Deserialize)]
struct CocoFile {
    images: Vec<CocoImage>,
    #[serde(default)]
    annotations: Vec<CocoAnnotation>,
    #[serde(default)]
    categories: Vec<CocoCategory>,
}

#[derive(Deserialize)]
struct CocoImage {
    id: Value,
    file_name: String,
    #[serde(default)]
    width: Option<u32>,
    #[serde(default)]
    height: Option<u32>,
    /// Keylabel's own export says when the image was submitted.
    #[serde(default)]
    submitted_at: Option<Value>,
}

#[derive(Deserialize)]
struct CocoAnnotation {
    #[serde(default)]
    id: Value,
    image_id: Value,
    category_id: Value,
    #[serde(default)]
    bbox: Option<Vec<f64>>,
    /// A model's confidence, in detection results used as pre-labels.
    #[serde(default)]
    score: Option<f64>,
    /// CVAT's and Keylabel's box attributes, `{"occluded": true}`.
    #[serde(default)]
    attributes: Option<Value>,
    /// Polygons (`[[x1, y1, x2, y2, …], …]`) or an RLE mask (an object).
    #[serde(default)]
    segmentation: Option<Value>,
    /// Pose: `[x1, y1, v1, x2, y2, v2, …]`, v 0 (not labelled), 1 (hidden) or 2 (visible).
    #[serde(default)]
    keypoints: Option<Value>,
    /// A turned box, degrees clockwise about its centre, as Keylabel writes it (CVAT writes
    /// it in `attributes`).
    #[serde(default)]
    rotation: Option<f64>,
}

#[derive(Deserialize)]
struct CocoCategory {
    id: Value,
    name: String,
    /// Pose: the names of the keypoints, in their order.
    #[serde(default)]
    keypoints: Option<Vec<String>>,
}

/// One image of a COCO file with its boxes.
#[derive(Debug, Clone, PartialEq)]
pub struct CocoImageBoxes {
    pub file_name: String,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub boxes: Vec<BoxAnn>,
    /// Each box's `score`, where the file gives one.
    pub scores: Vec<Option<f64>>,
    /// The file says the image was submitted (Keylabel's `submitted_at`): with no box, it
    /// is a checked image with nothing to mark, not one nobody looked at.
    pub submitted: bool,
}

/// A parsed, fully resolved COCO file.
#[derive(Debug, Clone, PartialEq)]
pub struct CocoImport {
    /// Category names, in the file's order.
    pub categories: Vec<String>,
    pub images: Vec<CocoImageBoxes>,
    /// Annotations with neither a `bbox` nor an outline (an empty mask alone).
    pub without_box: usize,
    /// Annotations whose mask is RLE (crowds; a model's masks): traced into outlines.
    pub masks_traced: usize,
    /// The keypoints' names, as the first category with keypoints gives them.
    pub keypoint_names: Vec<String>,
}

/// A box said to be turned by `deg`: through the four corners of its segmentation where it
/// has them (Keylabel's export: `bbox` is then the upright box around what is seen), else
/// CVAT's way, `bbox` the box before it is turned.
fn turned(b: BoxAnn, deg: f32, bbox: &[f64; 4]) -> BoxAnn {
    if let [ring] = &b.polygons[..]
        && let Ok(quad) = <[[f32; 2]; 4]>::try_from(&ring[..])
    {
        let t = BoxAnn::from_corners(b.label.clone(), quad);
        let (x, y, w, h, rotation) = (t.x, t.y, t.w, t.h, t.rotation);
        return BoxAnn {
            x,
            y,
            w,
            h,
            rotation,
            polygons: Vec::new(),
            ..b
        };
    }
    let [x, y, w, h] = bbox.map(|v| v as f32);
    BoxAnn {
        x,
        y,
        w,
        h,
        polygons: Vec::new(),
        ..b
    }
    .rotated_by(deg)
}

/// COCO's flat `keypoints` as `[x, y, v]` points; an error names what is wrong.
fn keypoints_of(v: Option<&Value>) -> Result<Vec<[f32; 3]>, String> {
    let list = match v {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(list)) => list,
        Some(other) => {
            return Err(format!(
                "keypoints should be a list of numbers, found {other}"
            ));
        }
    };
    let numbers: Option<Vec<f32>> = (list.iter())
        .map(|v| v.as_f64().filter(|f| f.is_finite()).map(|f| f as f32))
        .collect();
    let Some(ns) = numbers.filter(|ns| ns.len() % 3 == 0) else {
        return Err("keypoints should be x, y, v numbers in threes".to_string());
    };
    (ns.chunks_exact(3))
        .map(|k| match k[2] {
            0.0 => Ok([0.0; 3]),
            1.0 | 2.0 => Ok([k[0], k[1], k[2]]),
            v => Err(format!("a keypoint's v is 0, 1 or 2, not {v}")),
        })
        .collect()
}

/// COCO's `segmentation` as outlines: each polygon's flat `[x1, y1, x2, y2, …]` as points,
/// an RLE mask (an object) traced along its pixels. `Ok(None)` for none (or an empty mask);
/// an error for anything else.
fn polygons_of(seg: Option<&Value>) -> Result<Option<Vec<Vec<[f32; 2]>>>, String> {
    let list = match seg {
        None | Some(Value::Null) => return Ok(None),
        Some(mask @ Value::Object(_)) => return super::rle::outlines_of(mask),
        Some(Value::Array(list)) => list,
        Some(other) => return Err(format!("segmentation should be polygons, found {other}")),
    };
    let mut polygons = Vec::with_capacity(list.len());
    for part in list {
        let numbers: Option<Vec<f32>> = part.as_array().and_then(|xs| {
            xs.iter()
                .map(|v| v.as_f64().filter(|f| f.is_finite()).map(|f| f as f32))
                .collect()
        });
        match numbers {
            Some(ns) if ns.len() % 2 == 0 => {
                // A part of fewer than 3 points outlines nothing (pycocotools skips it too).
                if ns.len() >= 6 {
                    polygons.push(ns.chunks_exact(2).map(|p| [p[0], p[1]]).collect());
                }
            }
            _ => {
                return Err(
                    "segmentation polygons should be lists of x, y numbers in pairs".to_string(),
                );
            }
        }
    }
    Ok((!polygons.is_empty()).then_some(polygons))
}

/// Reads a COCO file. Every id must resolve and every bbox be 4 finite numbers; otherwise
/// the whole file is refused (the first problems are named) and nothing is imported.
pub fn read_coco(path: &Path) -> Result<CocoImport, IoError> {
    let bytes = std::fs::read(path).map_err(|e| IoError::io(path, e))?;
    parse_coco(path, &bytes)
}

pub fn parse_coco(path: &Path, bytes: &[u8]) -> Result<CocoImport, IoError> {
    let file: CocoFile = serde_json::from_slice(bytes)
        .map_err(|e| IoError::invalid(path, format!("not a COCO file: {e}")))?;
    let key = |v: &Value| v.to_string();
    let mut problems = Vec::new();
    let mut cats: HashMap<String, usize> = HashMap::new();
    let mut categories = Vec::new();
    for (i, c) in file.categories.iter().enumerate() {
        if cats.insert(key(&c.id), categories.len()).is_some() {
            problems.push(format!("categories[{i}]: id {} is used twice", c.id));
        }
        if c.name.trim().is_empty() {
            problems.push(format!("categories[{i}]: empty name"));
        }
        categories.push(c.name.clone());
    }
    let mut without_box = 0;
    let mut masks_traced = 0;
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut images: Vec<CocoImageBoxes> = Vec::with_capacity(file.images.len());
    for (i, im) in file.images.iter().enumerate() {
        if by_id.insert(key(&im.id), i).is_some() {
            problems.push(format!("images[{i}]: id {} is used twice", im.id));
        }
        images.push(CocoImageBoxes {
            file_name: im.file_name.clone(),
            width: im.width,
            height: im.height,
            boxes: Vec::new(),
            scores: Vec::new(),
            submitted: matches!(im.submitted_at, Some(Value::String(_))),
        });
    }
    for (i, a) in file.annotations.iter().enumerate() {
        let Some(&img) = by_id.get(&key(&a.image_id)) else {
            problems.push(format!(
                "annotations[{i}] (id {}): image_id {} is not in images[]",
                a.id, a.image_id
            ));
            continue;
        };
        let Some(&cat) = cats.get(&key(&a.category_id)) else {
            problems.push(format!(
                "annotations[{i}] (id {}): category_id {} is not in categories[]",
                a.id, a.category_id
            ));
            continue;
        };
        let polygons = match polygons_of(a.segmentation.as_ref()) {
            Ok(p) => p,
            Err(e) => {
                problems.push(format!("annotations[{i}] (id {}): {e}", a.id));
                continue;
            }
        };
        let bbox = match a.bbox.as_deref() {
            Some(&[x, y, w, h]) if [x, y, w, h].iter().all(|v| v.is_finite()) => [x, y, w, h],
            // The box of an outline is its bounds.
            None if polygons.is_some() => [0.0; 4],
            None => {
                without_box += 1;
                continue;
            }
            Some(_) => {
                problems.push(format!(
                    "annotations[{i}] (id {}): bbox must be 4 finite numbers [x, y, w, h]",
                    a.id
                ));
                continue;
            }
        };
        if matches!(a.segmentation, Some(Value::Object(_))) && polygons.is_some() {
            masks_traced += 1;
        }
        let keypoints = match keypoints_of(a.keypoints.as_ref()) {
            Ok(k) => k,
            Err(e) => {
                problems.push(format!("annotations[{i}] (id {}): {e}", a.id));
                continue;
            }
        };
        let attributes = match crate::core::annotation::attribute_names_of(
            a.attributes.clone().unwrap_or(Value::Null),
        ) {
            Ok(names) => names,
            Err(e) => {
                problems.push(format!("annotations[{i}] (id {}): {e}", a.id));
                continue;
            }
        };
        // CVAT's text attribute, as Keylabel writes a box's text.
        let text = (a.attributes.as_ref())
            .and_then(|v| v.get("text"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let mut b = BoxAnn {
            attributes,
            text,
            polygons: polygons.unwrap_or_default(),
            keypoints,
            ..BoxAnn::new(
                categories[cat].clone(),
                bbox[0] as f32,
                bbox[1] as f32,
                bbox[2] as f32,
                bbox[3] as f32,
            )
        };
        b.fit_to_polygons();
        let rotation = a
            .rotation
            .or_else(|| (a.attributes.as_ref()).and_then(|v| v.get("rotation")?.as_f64()));
        if let Some(deg) = rotation.filter(|d| d.is_finite() && *d != 0.0) {
            b = turned(b, deg as f32, &bbox);
        }
        images[img].boxes.push(b);
        images[img].scores.push(a.score.filter(|s| s.is_finite()));
    }
    if !problems.is_empty() {
        let n = problems.len();
        problems.truncate(5);
        let more = if n > 5 {
            format!(" (and {} more)", n - 5)
        } else {
            String::new()
        };
        return Err(IoError::invalid(
            path,
            format!(
                "{n} problem(s), nothing imported: {}{more}",
                problems.join("; ")
            ),
        ));
    }
    Ok(CocoImport {
        categories,
        images,
        without_box,
        masks_traced,
        keypoint_names: (file.categories.iter())
            .find_map(|c| c.keypoints.clone().filter(|k| !k.is_empty()))
            .unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unresolved_ids_refuse_the_file_and_say_where() {
        let bad =
            br#"{"images":[{"id":1,"file_name":"a.jpg"}],"categories":[{"id":1,"name":"cat"}],
            "annotations":[{"id":5,"image_id":2,"category_id":1,"bbox":[0,0,1,1]},
                           {"id":6,"image_id":1,"category_id":9,"bbox":[0,0,1,1]}]}"#;
        let e = parse_coco(Path::new("x.json"), bad)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("x.json: 2 problem(s)"), "{e}");
        assert!(e.contains("annotations[0] (id 5): image_id 2"), "{e}");
        assert!(e.contains("category_id 9"), "{e}");
    }

    #[test]
    fn polygons_and_rle_masks_come_in_as_outlines() {
        let seg = br#"{"images":[{"id":1,"file_name":"a.jpg"}],"categories":[{"id":1,"name":"cat"}],
            "annotations":[{"id":1,"image_id":1,"category_id":1,"segmentation":[[0,0,4,0,4,3],[9,9,10,9]]},
                           {"id":2,"image_id":1,"category_id":1,"bbox":[0,0,2,2]},
                           {"id":3,"image_id":1,"category_id":1,"segmentation":{"counts":[25],"size":[5,5]}},
                           {"id":4,"image_id":1,"category_id":1,"bbox":[1,1,2,2],"iscrowd":1,
                            "segmentation":{"counts":[1,2],"size":[5,5]}}]}"#;
        let c = parse_coco(Path::new("x.json"), seg).unwrap();
        assert_eq!(
            (c.without_box, c.masks_traced),
            (1, 1),
            "an empty mask is nothing"
        );
        let boxes = &c.images[0].boxes;
        assert_eq!(boxes.len(), 3);
        // The polygon's box is its bounds; the two-point part outlines nothing.
        assert_eq!(
            boxes[0].polygons,
            vec![vec![[0.0, 0.0], [4.0, 0.0], [4.0, 3.0]]]
        );
        assert_eq!((boxes[0].w, boxes[0].h), (4.0, 3.0));
        assert!(boxes[1].polygons.is_empty());
        // The mask's pixels 1 and 2 down its first column, traced; its box fits them.
        assert_eq!(
            boxes[2].polygons,
            vec![vec![[0.0, 1.0], [1.0, 1.0], [1.0, 3.0], [0.0, 3.0]]]
        );
        assert_eq!(
            (boxes[2].x, boxes[2].y, boxes[2].w, boxes[2].h),
            (0.0, 1.0, 1.0, 2.0)
        );
        let damaged = br#"{"images":[{"id":1,"file_name":"a.jpg"}],"categories":[{"id":1,"name":"cat"}],
            "annotations":[{"id":8,"image_id":1,"category_id":1,"segmentation":{"counts":"x","size":[5,5]}}]}"#;
        let e = parse_coco(Path::new("x.json"), damaged)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("annotations[0] (id 8): an RLE mask's counts text is damaged"),
            "{e}"
        );
        let odd =
            br#"{"images":[{"id":1,"file_name":"a.jpg"}],"categories":[{"id":1,"name":"cat"}],
            "annotations":[{"id":7,"image_id":1,"category_id":1,"segmentation":[[0,0,4,0,4]]}]}"#;
        let e = parse_coco(Path::new("x.json"), odd)
            .unwrap_err()
            .to_string();
        assert!(e.contains("annotations[0] (id 7): segmentation"), "{e}");
    }

    #[test]
    fn string_and_number_ids_both_resolve() {
        let ok = br#"{"images":[{"id":"a","file_name":"a.jpg","width":10,"height":10}],
            "categories":[{"id":3,"name":"cat"}],
            "annotations":[{"id":1,"image_id":"a","category_id":3,"bbox":[1,2,3,4]}]}"#;
        let c = parse_coco(Path::new("x.json"), ok).unwrap();
        assert_eq!(c.categories, vec!["cat"]);
        assert_eq!(c.images[0].boxes[0], BoxAnn::new("cat", 1.0, 2.0, 3.0, 4.0));
    }

    #[test]
    fn not_json_is_a_clear_error() {
        let e = parse_coco(Path::new("x.json"), b"{\"images\": 3}")
            .unwrap_err()
            .to_string();
        assert!(e.contains("not a COCO file"), "{e}");
    }
}
