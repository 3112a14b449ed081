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
            let unread = b.text.trim().is_empty() || b.has_attribute("illegible");
            TextBox {
                transcription: if unread { DONT_CARE } else { &b.text },
                points: [[x0, y0], [x1, y0], [x1, y1], [x0, y1]],
            }
        })
        .collect();
    let list = serde_json::to_string(&texts).map_err(|e| IoError::io(path, e.into()))?;
    // A tab or line break in the path would break the line: PaddleOCR splits on them.
    let image = image.replace(['\t', '\n', '\r'], " ");
    writeln!(out, "{image}\t{list}").map_err(werr(path))
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
}
