//! labelme's JSON, one file beside each image: its `shapes` (polygons, rectangles, circles)
//! as objects. Shapes of one label sharing a `group_id` are one object in parts, as labelme
//! groups them; points and lines have no place here and are counted, not kept.

use super::Problem;
use super::voc::ImageAnnotation;
use crate::core::BoxAnn;
use serde_json::Value;
use std::path::Path;

/// A file is read whole; a larger one is not a labelme file.
const MAX_FILE: u64 = 256 << 20;

/// Points on a circle's outline.
const CIRCLE_POINTS: usize = 32;

/// True when `path` is a labelme file: a JSON object with `shapes` and `imagePath`.
pub fn is_labelme(path: &Path) -> bool {
    read_value(path).is_some_and(|v| looks_labelme(&v))
}

/// A file found among images: read when it is a labelme file, None when it is other JSON.
pub fn read_if_labelme(path: &Path) -> Option<Result<(ImageAnnotation, usize), Problem>> {
    let v = read_value(path)?;
    looks_labelme(&v).then(|| from_value(path, &v))
}

fn read_value(path: &Path) -> Option<Value> {
    let small = std::fs::metadata(path).is_ok_and(|m| m.len() <= MAX_FILE);
    let bytes = std::fs::read(path).ok().filter(|_| small)?;
    serde_json::from_slice(&bytes).ok()
}

fn looks_labelme(v: &Value) -> bool {
    v.get("shapes").is_some_and(Value::is_array) && v.get("imagePath").is_some()
}

/// Reads a labelme file; with it, how many shapes were left out (points, lines).
pub fn read_labelme(path: &Path) -> Result<(ImageAnnotation, usize), Problem> {
    let said = |m: String| Problem::new(path, None, m);
    let bytes = std::fs::read(path).map_err(|e| said(super::open_failure(&e)))?;
    parse_labelme(path, &bytes)
}

/// [`read_labelme`] of `bytes`, read from `path`. A damaged shape is a problem naming it
/// (`shapes[3]: …`, as labelme's own errors say where).
pub fn parse_labelme(path: &Path, bytes: &[u8]) -> Result<(ImageAnnotation, usize), Problem> {
    let v: Value = serde_json::from_slice(bytes).map_err(|e| {
        Problem::new(
            path,
            Some(e.line() as u64),
            format!("not a labelme file: {e}"),
        )
    })?;
    from_value(path, &v)
}

fn from_value(path: &Path, v: &Value) -> Result<(ImageAnnotation, usize), Problem> {
    let said = |m: String| Problem::new(path, None, m);
    let Some(shapes) = v.get("shapes").and_then(Value::as_array) else {
        return Err(said("not a labelme file: no `shapes` list".into()));
    };
    let image_path = v
        .get("imagePath")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim();
    if image_path.is_empty() {
        return Err(said(
            "no `imagePath`: which image it is of cannot be told".into(),
        ));
    }
    let size = |k: &str| {
        v.get(k)
            .and_then(Value::as_u64)
            .and_then(|n| u32::try_from(n).ok())
    };
    // Objects by (label, group): a grouped shape joins its group's object.
    let mut objects: Vec<(String, Option<i64>, BoxAnn)> = Vec::new();
    let mut left_out = 0;
    for (i, s) in shapes.iter().enumerate() {
        let bad = |m: &str| said(format!("shapes[{i}]: {m}"));
        let label = s.get("label").and_then(Value::as_str).unwrap_or("").trim();
        if label.is_empty() {
            return Err(bad("has no label"));
        }
        let points: Option<Vec<[f32; 2]>> = (s.get("points").and_then(Value::as_array))
            .map(|ps| ps.iter().map(point).collect())
            .and_then(|ps: Vec<Option<[f32; 2]>>| ps.into_iter().collect());
        let Some(points) = points else {
            return Err(bad("`points` should be a list of [x, y] numbers"));
        };
        let kind = s
            .get("shape_type")
            .and_then(Value::as_str)
            .unwrap_or("polygon");
        let outline = match (kind, points.as_slice()) {
            ("polygon", ps) if ps.len() >= 3 => ps.to_vec(),
            // X-AnyLabeling's turned box: its four corners.
            ("rotation", ps) if ps.len() == 4 => ps.to_vec(),
            ("rectangle", [a, b]) => vec![*a, [b[0], a[1]], *b, [a[0], b[1]]],
            ("circle", [c, e]) => {
                let r = ((e[0] - c[0]).powi(2) + (e[1] - c[1]).powi(2)).sqrt();
                if !r.is_finite() {
                    return Err(bad("a circle too large to draw"));
                }
                (0..CIRCLE_POINTS)
                    .map(|k| {
                        let t = k as f32 / CIRCLE_POINTS as f32 * std::f32::consts::TAU;
                        [c[0] + r * t.cos(), c[1] + r * t.sin()]
                    })
                    .collect()
            }
            ("polygon" | "rectangle" | "circle" | "rotation", _) => {
                return Err(bad(&format!("a {kind} with {} points", points.len())));
            }
            _ => {
                // point, line, linestrip, points, mask: not an object's box or outline.
                left_out += 1;
                continue;
            }
        };
        let flags: Vec<String> = (s.get("flags").and_then(Value::as_object))
            .map(|f| {
                f.iter()
                    .filter(|(_, on)| on.as_bool() == Some(true))
                    .map(|(k, _)| k.clone())
                    .collect()
            })
            .unwrap_or_default();
        let group = s.get("group_id").and_then(Value::as_i64);
        let found = group.and_then(|g| {
            objects
                .iter_mut()
                .find(|(l, og, _)| l == label && *og == Some(g))
        });
        let joined = found.is_some();
        match found {
            Some((_, _, b)) => {
                b.polygons.push(outline);
                for f in flags {
                    if !b.attributes.contains(&f) {
                        b.attributes.push(f);
                    }
                }
            }
            None => {
                let mut b = BoxAnn::outlined(label, outline);
                b.attributes = flags;
                // labelme 5's `description`: the box's text (OCR), as Keylabel writes it.
                let said = s.get("description").and_then(Value::as_str);
                b.text = said.unwrap_or_default().trim().to_string();
                objects.push((label.to_string(), group, b));
            }
        }
        // A rectangle alone is a plain box, not an outline of four corners (grouped with
        // its keypoints, too: points are no part of the shape).
        if let (Some((_, _, b)), "rectangle", false) = (objects.last_mut(), kind, joined)
            && b.polygons.len() == 1
        {
            b.fit_to_polygons();
            b.polygons.clear();
        }
        // A turned box alone is the turned box through its corners.
        if let (Some((_, _, b)), "rotation") = (objects.last_mut(), kind)
            && let [ring] = &b.polygons[..]
            && let Ok(quad) = <[[f32; 2]; 4]>::try_from(&ring[..])
            && group.is_none()
        {
            let turned = BoxAnn::from_corners(label, quad);
            *b = BoxAnn {
                attributes: std::mem::take(&mut b.attributes),
                ..turned
            };
        }
    }
    let boxes = objects
        .into_iter()
        .map(|(_, _, mut b)| {
            b.fit_to_polygons();
            b
        })
        .collect();
    let name = image_path.replace('\\', "/");
    Ok((
        ImageAnnotation {
            file_name: name,
            path: None,
            width: size("imageWidth"),
            height: size("imageHeight"),
            boxes,
        },
        left_out,
    ))
}

fn point(v: &Value) -> Option<[f32; 2]> {
    let p = v.as_array()?;
    let n = |i: usize| {
        p.get(i)?
            .as_f64()
            .filter(|f| f.is_finite())
            .map(|f| f as f32)
    };
    (p.len() == 2).then_some([n(0)?, n(1)?])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(v: Value) -> Result<(ImageAnnotation, usize), Problem> {
        parse_labelme(Path::new("a.json"), v.to_string().as_bytes())
    }

    #[test]
    fn polygons_rectangles_circles_and_groups_become_objects() {
        let (img, left_out) = parse(serde_json::json!({
            "version": "5.5.0", "flags": {},
            "imagePath": "..\\photos\\cat.jpg", "imageData": null,
            "imageHeight": 48, "imageWidth": 64,
            "shapes": [
                {"label": "cat", "points": [[2, 2], [30, 2], [16, 20]], "group_id": null,
                 "shape_type": "polygon", "flags": {"occluded": true, "truncated": false}},
                {"label": "cup", "points": [[40, 30], [50, 10]], "shape_type": "rectangle", "flags": {}},
                {"label": "ball", "points": [[10, 40], [13, 44]], "shape_type": "circle"},
                {"label": "dog", "points": [[0, 0], [5, 0], [5, 5]], "group_id": 1, "shape_type": "polygon"},
                {"label": "dog", "points": [[10, 0], [15, 0], [15, 5]], "group_id": 1, "shape_type": "polygon"},
                {"label": "nose", "points": [[3, 3]], "shape_type": "point"},
                {"label": "edge", "points": [[3, 3], [9, 9]], "shape_type": "line"},
                {"label": "ship", "points": [[30, 10], [50, 30], [40, 40], [20, 20]], "shape_type": "rotation", "direction": 0.785}
            ]
        }))
        .unwrap();
        assert_eq!(img.file_name, "../photos/cat.jpg");
        assert_eq!((img.width, img.height), (Some(64), Some(48)));
        assert_eq!(left_out, 2);
        let b = &img.boxes;
        assert_eq!(b.len(), 5, "{b:?}");
        // X-AnyLabeling's turned box: the box through its corners, turned 45°.
        assert!(
            b[4].polygons.is_empty() && (b[4].rotation - 45.0).abs() < 0.01,
            "{:?}",
            b[4]
        );
        assert!((b[4].w - 800f32.sqrt()).abs() < 0.01, "{:?}", b[4]);
        assert_eq!((b[0].label.as_str(), b[0].w, b[0].h), ("cat", 28.0, 18.0));
        assert_eq!(b[0].attributes, vec!["occluded".to_string()]);
        // The rectangle is a plain box, its corners in any order.
        assert_eq!((b[1].x, b[1].y, b[1].w, b[1].h), (40.0, 10.0, 10.0, 20.0));
        assert!(b[1].polygons.is_empty());
        // The circle: radius 5, an outline around it.
        assert!(
            (b[2].w - 10.0).abs() < 0.01 && b[2].polygons[0].len() == 32,
            "{:?}",
            b[2]
        );
        // Two shapes of one group: one dog in two parts.
        assert_eq!(
            (b[3].label.as_str(), b[3].polygons.len(), b[3].w),
            ("dog", 2, 15.0)
        );
    }

    #[test]
    fn damage_names_the_shape() {
        let base = |shape: Value| serde_json::json!({"imagePath": "a.jpg", "shapes": [shape]});
        for (shape, want) in [
            (
                serde_json::json!({"label": "", "points": [[1, 1], [2, 2], [3, 1]]}),
                "shapes[0]: has no label",
            ),
            (
                serde_json::json!({"label": "a", "points": [[1, "x"]]}),
                "list of [x, y] numbers",
            ),
            (
                serde_json::json!({"label": "a", "points": [[1, 1], [2, 2]]}),
                "a polygon with 2 points",
            ),
            (
                serde_json::json!({"label": "a", "points": [[1, 1]], "shape_type": "rectangle"}),
                "a rectangle with 1 points",
            ),
        ] {
            let e = parse(base(shape)).unwrap_err().to_string();
            assert!(e.contains(want) && e.starts_with("a.json"), "{e}");
        }
        let e = parse(serde_json::json!({"shapes": []}))
            .unwrap_err()
            .to_string();
        assert!(e.contains("no `imagePath`"), "{e}");
        let e = parse_labelme(Path::new("a.json"), b"{\n\"shapes\": [").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
    }

    #[test]
    fn any_cut_or_changed_byte_is_an_answer_not_a_panic() {
        let good = br#"{"imagePath":"a.jpg","imageHeight":48,"imageWidth":64,"shapes":[{"label":"cat","points":[[2,2],[30,2],[16,20]],"group_id":1,"flags":{"x":true}},{"label":"cat","points":[[1,1],[3,3]],"group_id":1,"shape_type":"circle"},{"label":"b","points":[[5,1],[1,5]],"shape_type":"rectangle"}]}"#;
        let path = Path::new("x.json");
        for n in 0..=good.len() {
            let _ = parse_labelme(path, &good[..n]);
        }
        let mut seed: u64 = 11;
        for _ in 0..3000 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let at = (seed >> 33) as usize % good.len();
            let mut bytes = good.to_vec();
            bytes[at] = b"[]{},:\"0-e9"[(seed >> 20) as usize % 11];
            if let Ok((img, _)) = parse_labelme(path, &bytes) {
                let finite = |b: &BoxAnn| [b.x, b.y, b.w, b.h].iter().all(|v| v.is_finite());
                assert!(
                    img.boxes.iter().all(finite),
                    "{}",
                    String::from_utf8_lossy(&bytes)
                );
            }
        }
        // A circle past what f32 holds is said, not drawn.
        let huge = br#"{"imagePath":"a.jpg","shapes":[{"label":"c","points":[[-3e38,0],[3e38,0]],"shape_type":"circle"}]}"#;
        assert!(
            parse_labelme(path, huge)
                .unwrap_err()
                .to_string()
                .contains("too large")
        );
    }
}
