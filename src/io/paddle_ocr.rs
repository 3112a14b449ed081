//! PaddleOCR's text detection labels (`Label.txt`, as PPOCRLabel writes them): a line per
//! image, its path, a tab, then a JSON list of its text boxes, each with its
//! `transcription` and four `points` clockwise from the top left. A line nobody could read
//! is `###`, which PaddleOCR's training leaves out ("don't care").

use super::{IoError, werr};
use crate::core::BoxAnn;
use crate::core::geometry::round2;
use serde::Serialize;
use std::io::Write;
use std::path::Path;

/// What PaddleOCR reads as a text to ignore.
pub const DONT_CARE: &str = "###";

/// The box attribute (the `ocr` preset's) that says a box's text could not be read.
pub const ILLEGIBLE: &str = "illegible";

#[derive(Serialize)]
struct TextBox<'a> {
    transcription: &'a str,
    points: [[f64; 2]; 4],
}

/// Writes one image's line: `image` (its path as PaddleOCR is to open it), its boxes.
/// A box with no text, or ticked `illegible`, is `###`.
pub fn write_line(
    out: &mut impl Write,
    path: &Path,
    image: &str,
    boxes: &[BoxAnn],
) -> Result<(), IoError> {
    let texts: Vec<TextBox> = boxes
        .iter()
        .map(|b| {
            let (x0, y0, x1, y1) = (
                round2(b.x),
                round2(b.y),
                round2(b.x + b.w),
                round2(b.y + b.h),
            );
            let unread = b.text.trim().is_empty() || b.has_attribute(ILLEGIBLE);
            // A turned box is its corners, clockwise from its top left as it reads.
            let points = match b.is_rotated() {
                true => b.corners().map(|[x, y]| [round2(x), round2(y)]),
                false => [[x0, y0], [x1, y0], [x1, y1], [x0, y1]],
            };
            TextBox {
                transcription: if unread { DONT_CARE } else { &b.text },
                points,
            }
        })
        .collect();
    let list = serde_json::to_string(&texts).map_err(|e| IoError::io(path, e.into()))?;
    // A tab or line break in the path would break the line: PaddleOCR splits on them.
    let image = image.replace(['\t', '\n', '\r'], " ");
    writeln!(out, "{image}\t{list}").map_err(werr(path))
}

/// A box read (its label left empty: the file has no classes) and the detector's `score`
/// where it gives one.
pub type Scored = (BoxAnn, Option<f64>);

/// One image's line of a label file: the image's path as written, and its boxes.
pub struct LabelLine {
    pub line: u64,
    pub image: String,
    pub boxes: Vec<Scored>,
}

/// Whether `path` reads like a PaddleOCR label file: its first line a path, a tab, a list.
pub fn is_label_file(path: &Path) -> bool {
    use std::io::{BufRead, Read};
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut first = String::new();
    let _ = std::io::BufReader::new(file.take(64 * 1024)).read_line(&mut first);
    first
        .split_once('\t')
        .is_some_and(|(_, rest)| rest.trim_start().starts_with('['))
}

/// Reads a label file (PPOCRLabel's `Label.txt`, PaddleOCR's `system_results.txt`): a
/// line per image. Each text's points (four corners, or any polygon) become the box around
/// them; `###` (not read) becomes a box with no text. A line that cannot be read is a
/// problem naming it; the others go in.
pub fn read_labels(path: &Path) -> Result<(Vec<LabelLine>, Vec<super::Problem>), IoError> {
    let text = super::yolo_labels::read_small(path, 256 << 20)
        .map_err(|why| IoError::invalid(path, why))?;
    let mut lines = Vec::new();
    let mut problems = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let n = i as u64 + 1;
        let raw = raw.trim_end_matches('\r');
        if raw.trim().is_empty() {
            continue;
        }
        match parse_line(raw) {
            Ok((image, boxes)) => lines.push(LabelLine {
                line: n,
                image,
                boxes,
            }),
            Err(why) => problems.push(super::Problem::new(path, Some(n), why)),
        }
    }
    Ok((lines, problems))
}

fn parse_line(raw: &str) -> Result<(String, Vec<Scored>), String> {
    let (image, list) = raw
        .split_once('\t')
        .ok_or("should be an image path, a tab, then a JSON list of texts")?;
    let texts: Vec<serde_json::Value> =
        serde_json::from_str(list).map_err(|e| format!("the list of texts: {e}"))?;
    let mut boxes = Vec::with_capacity(texts.len());
    for (k, t) in texts.iter().enumerate() {
        let points: Vec<(f64, f64)> = t
            .get("points")
            .and_then(|p| p.as_array())
            .map(|ps| {
                ps.iter()
                    .filter_map(|p| Some((p.get(0)?.as_f64()?, p.get(1)?.as_f64()?)))
                    .collect()
            })
            .unwrap_or_default();
        if points.len() < 2 || points.iter().any(|(x, y)| !x.is_finite() || !y.is_finite()) {
            return Err(format!(
                "text {}: `points` should be a list of [x, y]",
                k + 1
            ));
        }
        let (x0, x1) = min_max(points.iter().map(|p| p.0));
        let (y0, y1) = min_max(points.iter().map(|p| p.1));
        let mut b = BoxAnn::new("", x0 as f32, y0 as f32, (x1 - x0) as f32, (y1 - y0) as f32);
        // The points themselves too: a task of turned boxes turns the box through them.
        b.polygons = vec![points.iter().map(|&(x, y)| [x as f32, y as f32]).collect()];
        let said = t
            .get("transcription")
            .and_then(|v| v.as_str())
            .unwrap_or("");
        if said != DONT_CARE {
            b.text = said.to_string();
        }
        boxes.push((b, t.get("score").and_then(|s| s.as_f64())));
    }
    Ok((image.trim().to_string(), boxes))
}

fn min_max(v: impl Iterator<Item = f64>) -> (f64, f64) {
    v.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| {
        (lo.min(x), hi.max(x))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_the_path_a_tab_and_the_boxes_clockwise() {
        let mut read = BoxAnn::new("text", 10.0, 20.0, 100.0, 30.5);
        read.text = "TOTAL 9.30".into();
        let blank = BoxAnn::new("text", 0.0, 0.0, 5.0, 5.0);
        let mut illegible = read.clone();
        illegible.attributes = vec!["illegible".into()];
        let mut out = Vec::new();
        write_line(
            &mut out,
            Path::new("L.txt"),
            "/d/a b.jpg",
            &[read, blank, illegible],
        )
        .unwrap();
        let line = String::from_utf8(out).unwrap();
        let (image, list) = line.trim_end().split_once('\t').unwrap();
        assert_eq!(image, "/d/a b.jpg");
        let v: serde_json::Value = serde_json::from_str(list).unwrap();
        assert_eq!(
            v[0],
            serde_json::json!({"transcription": "TOTAL 9.30",
                               "points": [[10.0, 20.0], [110.0, 20.0], [110.0, 50.5], [10.0, 50.5]]})
        );
        assert_eq!(
            (&v[1]["transcription"], &v[2]["transcription"]),
            (&"###".into(), &"###".into())
        );
    }

    #[test]
    fn a_label_file_reads_back_with_polygons_boxed_and_bad_lines_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Label.txt");
        std::fs::write(
            &path,
            "a.jpg\t[{\"transcription\": \"HELLO\", \"points\": [[10, 5], [50, 8], [48, 30], [9, 27]], \"score\": 0.9}, {\"transcription\": \"###\", \"points\": [[0, 0], [4, 0], [4, 4], [0, 4]]}]\n\nb.jpg no tab\nc.jpg\t[{\"points\": [[1]]}]\n",
        )
        .unwrap();
        assert!(is_label_file(&path));
        let (lines, problems) = read_labels(&path).unwrap();
        assert_eq!(lines.len(), 1);
        let (b, score) = &lines[0].boxes[0];
        assert_eq!(
            (b.x, b.y, b.w, b.h, b.text.as_str()),
            (9.0, 5.0, 41.0, 25.0, "HELLO")
        );
        assert_eq!(*score, Some(0.9));
        assert_eq!(lines[0].boxes[1].0.text, "", "### is a box nobody read");
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0].line, Some(3));
        assert!(
            problems[1].message.contains("`points`"),
            "{}",
            problems[1].message
        );
        let other = dir.path().join("notes.txt");
        std::fs::write(&other, "just some notes\n").unwrap();
        assert!(!is_label_file(&other));
    }
}
