//! Manifests: a JSONL or CSV/TSV whose records each name a media file, the rest of the
//! record kept as the item's metadata. Audio: NeMo-style (`audio_filepath`, `duration`,
//! `text`, …) and Common Voice's (`path`, `sentence`, …); relative paths resolve against
//! the manifest's folder (and its `clips/` folder, where Common Voice keeps them). Images:
//! HF `imagefolder`'s `metadata.jsonl`/`.csv` (`file_name`, then any fields: a caption, a
//! model's label), or an `image`, `image_path` or `path` field naming an image file.

use super::audio::{duration_ms, is_audio};
use crate::core::{MediaKind, NewItem};
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// The field naming the audio file, if this record is a manifest line.
pub fn audio_field(data: &Map<String, Value>) -> Option<&'static str> {
    if data.contains_key("audio_filepath") {
        return Some("audio_filepath");
    }
    match data.get("path") {
        Some(Value::String(p)) if is_audio(Path::new(p)) => Some("path"),
        _ => None,
    }
}

/// The fields that may name an image, in the order they are looked for.
const IMAGE_FIELDS: [&str; 4] = ["file_name", "image", "image_path", "path"];

/// The field naming the image file, if this record is a line of an image manifest.
pub fn image_field(data: &Map<String, Value>) -> Option<&'static str> {
    IMAGE_FIELDS.into_iter().find(
        |f| matches!(data.get(*f), Some(Value::String(p)) if super::scan::is_image(Path::new(p))),
    )
}

/// The kind of items a manifest's first record says it lists, when it lists media files.
pub fn manifest_kind(data: &Map<String, Value>) -> Option<MediaKind> {
    if audio_field(data).is_some() {
        Some(MediaKind::Audio)
    } else if image_field(data).is_some() {
        Some(MediaKind::Image)
    } else {
        None
    }
}

/// Turns one record of an image manifest into an image item with the rest of the record
/// as its metadata; its size is read from the file's header (as displayed, after EXIF
/// orientation). The key is the folder import's, so the same image is never added twice,
/// whether it came from a walk of its folder or from a manifest there.
pub fn image_manifest_item(
    manifest: &Path,
    root: &str,
    mut data: Map<String, Value>,
) -> Result<NewItem, String> {
    let Some(field) = image_field(&data) else {
        let named = IMAGE_FIELDS.map(|f| format!("`{f}`")).join(", ");
        return Err(format!(
            "no field naming an image file ({named}, with an image extension such as .jpg)"
        ));
    };
    let rel = match data.remove(field) {
        Some(Value::String(p)) => p.trim().replace('\\', "/"),
        _ => return Err(format!("`{field}` should be a file path")),
    };
    let dir = manifest.parent().unwrap_or(Path::new("."));
    let found = if Path::new(&rel).is_absolute() {
        PathBuf::from(&rel)
    } else {
        dir.join(&rel)
    };
    if !found.is_file() {
        return Err(format!("`{field}`: image {rel} not found"));
    }
    let (width, height) = super::header::image_size(&found).map_err(|e| format!("{rel}: {e}"))?;
    let up = Path::new(&rel)
        .components()
        .any(|c| c == std::path::Component::ParentDir);
    let (root, media) = if Path::new(&rel).is_absolute() {
        (None, rel)
    } else if up {
        // `../images/a.jpg`: the image is kept under its own folder, as a walk of that
        // folder keeps it, so both name it alike (and an export knows it for a media file).
        let full = super::clean_path(&Path::new(root).join(&rel));
        let folder = full.parent().unwrap_or(Path::new(""));
        let name = full.file_name().unwrap_or_default();
        (
            Some(folder.to_string_lossy().replace('\\', "/")),
            name.to_string_lossy().into_owned(),
        )
    } else {
        // `./a.jpg` and `a.jpg` are one file: the key must not tell them apart.
        let clean = rel.trim_start_matches("./").to_string();
        (Some(root.to_string()), clean)
    };
    Ok(NewItem {
        key: format!("m:{}/{media}", root.as_deref().unwrap_or_default()),
        kind: MediaKind::Image,
        root,
        media: Some(media),
        data,
        width: Some(width),
        height: Some(height),
        duration_ms: None,
    })
}

/// An image's boxes as HF writes them in an `imagefolder` metadata file (Keylabel's image
/// folder export too): `"objects": {"bbox": [[x, y, w, h], …], "categories": ["cat", …]}`
/// in the image's pixels, `category` for `categories` as some datasets name it, and an
/// optional `text` list (box texts, OCR). Categories must be label names: numbers index a
/// list of names the file does not hold.
pub fn hf_objects(v: &Value) -> Result<Vec<crate::core::BoxAnn>, String> {
    let o = v
        .as_object()
        .ok_or("`objects` should be an object of `bbox` and `categories` lists")?;
    let list = |k: &str| -> Result<Option<&Vec<Value>>, String> {
        o.get(k)
            .map(|v| {
                v.as_array()
                    .ok_or(format!("`objects.{k}` should be a list"))
            })
            .transpose()
    };
    let bbox = list("bbox")?.ok_or("`objects` has no `bbox` list")?;
    let cats = match list("categories")? {
        Some(c) => c,
        None => list("category")?.ok_or("`objects` has no `categories` list")?,
    };
    let texts = list("text")?;
    if cats.len() != bbox.len() || texts.is_some_and(|t| t.len() != bbox.len()) {
        return Err(format!(
            "`objects` lists {} boxes but {} categories{}",
            bbox.len(),
            cats.len(),
            texts.map_or(String::new(), |t| format!(" and {} texts", t.len()))
        ));
    }
    // Outlines (`[[[x, y], …], …]` per object) and keypoints (`[[x, y, v], …]`), as
    // Keylabel's export writes them for outlines and poses.
    let shapes = |k: &str| -> Result<Option<&Vec<Value>>, String> {
        let l = list(k)?;
        match l {
            Some(l) if l.len() != bbox.len() => Err(format!(
                "`objects` lists {} boxes but {} {k}",
                bbox.len(),
                l.len()
            )),
            _ => Ok(l),
        }
    };
    let (polygons, keypoints) = (shapes("polygons")?, shapes("keypoints")?);
    let mut boxes = Vec::with_capacity(bbox.len());
    for (i, (b, c)) in bbox.iter().zip(cats).enumerate() {
        let xywh: Vec<f32> = b
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_f64)
                    .map(|v| v as f32)
                    .collect()
            })
            .unwrap_or_default();
        let [x, y, w, h] = xywh[..] else {
            return Err(format!(
                "`objects.bbox[{i}]` should be [x, y, w, h] in pixels, not {b}"
            ));
        };
        if !xywh.iter().all(|v| v.is_finite()) || w <= 0.0 || h <= 0.0 {
            return Err(format!(
                "`objects.bbox[{i}]` should be [x, y, w, h] with a width and height, not {b}"
            ));
        }
        let label = match c {
            Value::String(name) if !name.trim().is_empty() => name.trim().to_string(),
            Value::Number(n) => {
                return Err(format!(
                    "`objects.categories[{i}]` is a number ({n}): the label names are not in \
                     the file; write names, as Keylabel's image folder export does"
                ));
            }
            other => {
                return Err(format!(
                    "`objects.categories[{i}]` should be a label name, not {other}"
                ));
            }
        };
        let mut b = crate::core::BoxAnn::new(label, x, y, w, h);
        if let Some(t) = texts.and_then(|t| t[i].as_str()) {
            b.text = t.to_string();
        }
        if let Some(p) = polygons {
            b.polygons = serde_json::from_value(p[i].clone()).map_err(|_| {
                format!(
                    "`objects.polygons[{i}]` should be parts of [x, y] points, not {}",
                    p[i]
                )
            })?;
            b.fit_to_polygons();
        }
        if let Some(k) = keypoints {
            b.keypoints = serde_json::from_value(k[i].clone()).map_err(|_| {
                format!(
                    "`objects.keypoints[{i}]` should be [x, y, v] points, not {}",
                    k[i]
                )
            })?;
        }
        boxes.push(b);
    }
    Ok(boxes)
}

/// Turns one manifest record into an audio item. `root` is how the manifest's folder is
/// recorded in the project. The message of an error names the field that is wrong.
pub fn manifest_item(
    manifest: &Path,
    root: &str,
    mut data: Map<String, Value>,
) -> Result<NewItem, String> {
    let field = audio_field(&data).ok_or("no `audio_filepath` (or `path`) field")?;
    let rel = match data.remove(field) {
        Some(Value::String(p)) if !p.trim().is_empty() => p,
        other => {
            return Err(format!(
                "`{field}` should be a file path, found {}",
                other.map_or("nothing".into(), |v| v.to_string())
            ));
        }
    };
    let dir = manifest.parent().unwrap_or(Path::new("."));
    let candidates: Vec<PathBuf> = if Path::new(&rel).is_absolute() {
        vec![PathBuf::from(&rel)]
    } else {
        vec![dir.join(&rel), dir.join("clips").join(&rel)]
    };
    let Some(found) = candidates.iter().find(|p| p.is_file()) else {
        return Err(format!("`{field}`: audio file {rel} not found"));
    };
    // Kept as written, relative to the manifest's folder (or absolute).
    let media = match found.strip_prefix(dir) {
        Ok(r) if !Path::new(&rel).is_absolute() => r.to_string_lossy().replace('\\', "/"),
        _ => found.to_string_lossy().into_owned(),
    };
    let duration_ms = match data.get("duration") {
        None | Some(Value::Null) => duration_ms(found).map_err(|e| format!("{media}: {e}"))?,
        Some(Value::Number(n)) if n.as_f64().is_some_and(|d| d.is_finite() && d >= 0.0) => {
            (n.as_f64().unwrap_or(0.0) * 1000.0).round() as u64
        }
        Some(v) => {
            return Err(format!(
                "`duration` should be seconds (a number ≥ 0), found {v}"
            ));
        }
    };
    let root = if Path::new(&media).is_absolute() {
        String::new()
    } else {
        root.to_string()
    };
    Ok(NewItem {
        key: format!("m:{root}/{media}"),
        kind: MediaKind::Audio,
        root: (!root.is_empty()).then_some(root),
        media: Some(media),
        data,
        width: None,
        height: None,
        duration_ms: Some(duration_ms),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_paths_and_checks_duration() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join("clips")).unwrap();
        super::super::audio::write_wav(&d.path().join("a.wav"), 8000, &[0.0; 8000]).unwrap();
        super::super::audio::write_wav(&d.path().join("clips/b.wav"), 8000, &[0.0; 4000]).unwrap();
        let m = d.path().join("m.jsonl");
        let rec = |j: &str| serde_json::from_str::<Map<String, Value>>(j).unwrap();
        let a = manifest_item(
            &m,
            "data",
            rec(r#"{"audio_filepath":"a.wav","duration":1.25,"text":"hi"}"#),
        )
        .unwrap();
        assert_eq!(
            (a.media.as_deref(), a.duration_ms, a.data["text"].as_str()),
            (Some("a.wav"), Some(1250), Some("hi"))
        );
        let b = manifest_item(&m, "data", rec(r#"{"path":"b.wav","sentence":"yo"}"#)).unwrap();
        assert_eq!(
            (b.media.as_deref(), b.duration_ms),
            (Some("clips/b.wav"), Some(500))
        );
        assert!(
            manifest_item(&m, "data", rec(r#"{"audio_filepath":"nope.wav"}"#))
                .unwrap_err()
                .contains("not found")
        );
        assert!(
            manifest_item(
                &m,
                "data",
                rec(r#"{"audio_filepath":"a.wav","duration":"long"}"#)
            )
            .unwrap_err()
            .contains("`duration`")
        );
        assert!(
            manifest_item(
                &m,
                "data",
                rec(r#"{"audio_filepath":"a.wav","duration":-1}"#)
            )
            .is_err()
        );
    }

    #[test]
    fn hf_objects_become_boxes_and_say_what_is_wrong() {
        let v = serde_json::json!({"bbox": [[1, 2.5, 30, 40], [0, 0, 5, 5]],
                                   "categories": ["cat", "dog"], "text": ["A", ""]});
        let b = hf_objects(&v).unwrap();
        assert_eq!((b[0].label.as_str(), b[0].y, b[0].h), ("cat", 2.5, 40.0));
        assert_eq!((b[0].text.as_str(), b[1].text.as_str()), ("A", ""));
        let v = serde_json::json!({"bbox": [[1, 2, 3, 4]], "category": ["bird"]});
        assert_eq!(hf_objects(&v).unwrap()[0].label, "bird");
        let err = |v: serde_json::Value| hf_objects(&v).unwrap_err();
        assert!(
            err(serde_json::json!({"bbox": [[1, 2, 3, 4]], "categories": [0]}))
                .contains("is a number")
        );
        assert!(
            err(serde_json::json!({"bbox": [[1, 2, 3]], "categories": ["a"]})).contains("bbox[0]")
        );
        assert!(
            err(serde_json::json!({"bbox": [[1, 2, 0, 4]], "categories": ["a"]}))
                .contains("width and height")
        );
        assert!(
            err(serde_json::json!({"bbox": [], "categories": ["a"]})).contains("0 boxes but 1")
        );
        assert!(err(serde_json::json!([1])).contains("should be an object"));
        assert!(err(serde_json::json!({"categories": []})).contains("no `bbox`"));
    }
}
