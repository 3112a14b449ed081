//! Class masks read back into outlines: a grey or palette PNG whose pixel values are classes
//! (the `annotation` of HF segmentation datasets, Pascal VOC's masks, Keylabel's own image
//! folder export), each region of a class one object, traced along its pixels.

use super::IoError;
use crate::core::BoxAnn;
use crate::core::contour::BitMask;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// A traced region may stray this far (px) from its pixels' edge.
pub const TOLERANCE: f32 = 1.0;

/// Masks larger than this (pixels) are refused rather than held.
const MAX_PIXELS: u64 = 1 << 28;

/// A class mask: a value per pixel, row by row from the top.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassPixels {
    pub width: usize,
    pub height: usize,
    pub values: Vec<u16>,
    /// A palette image (Pascal VOC's): its 255 is the "void" band along edges, no class.
    pub indexed: bool,
}

/// Reads a class mask: 1- to 16-bit grey or a palette PNG, read as the values stored, never
/// as the colours shown. Colour masks say so (a class per colour is not a value per pixel).
pub fn read_png(path: &Path) -> Result<ClassPixels, IoError> {
    use png::{BitDepth, ColorType, Transformations};
    let file = std::fs::File::open(path).map_err(|e| IoError::io(path, e))?;
    let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
    decoder.set_transformations(Transformations::IDENTITY);
    let bad = |m: String| IoError::invalid(path, m);
    let mut reader = decoder
        .read_info()
        .map_err(|e| bad(format!("not a PNG mask: {e}")))?;
    let (w, h) = (reader.info().width, reader.info().height);
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(bad(format!("a mask of {w}×{h} pixels is too large")));
    }
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| bad("the mask's size cannot be held".into()))?;
    let mut buf = vec![0; size];
    let frame = reader
        .next_frame(&mut buf)
        .map_err(|e| bad(format!("the mask is damaged: {e}")))?;
    let indexed = match frame.color_type {
        ColorType::Grayscale => false,
        ColorType::Indexed => true,
        other => {
            return Err(bad(format!(
                "a class mask has a class number per pixel (grey or palette PNG); this one is \
                 {other:?}, colours per pixel"
            )));
        }
    };
    let bits = match frame.bit_depth {
        BitDepth::One => 1,
        BitDepth::Two => 2,
        BitDepth::Four => 4,
        BitDepth::Eight => 8,
        BitDepth::Sixteen => 16,
    };
    let (w, h) = (frame.width as usize, frame.height as usize);
    let mut values = Vec::with_capacity(w * h);
    for row in buf.chunks(frame.line_size).take(h) {
        for x in 0..w {
            let v = match bits {
                16 => u16::from_be_bytes([row[2 * x], row[2 * x + 1]]),
                8 => u16::from(row[x]),
                // Packed from the high bits of each byte.
                b => {
                    let per = 8 / b;
                    let byte = row[x / per];
                    let shift = 8 - b * (x % per + 1);
                    u16::from((byte >> shift) & ((1u8 << b) - 1))
                }
            };
            values.push(v);
        }
    }
    if values.len() != w * h {
        return Err(bad("the mask is shorter than its size says".into()));
    }
    Ok(ClassPixels {
        width: w,
        height: h,
        values,
        indexed,
    })
}

/// `id2label.json` (`{"0": "background", "1": "person", …}`, as HF's segmentation datasets and
/// Keylabel's export have it) in `dir` or the folder above it; None when there is none.
pub fn read_id2label(dir: &Path) -> Result<Option<HashMap<u16, String>>, IoError> {
    for d in [Some(dir), dir.parent()].into_iter().flatten() {
        let path = d.join("id2label.json");
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let map: BTreeMap<String, String> = serde_json::from_str(&text).map_err(|e| {
            IoError::invalid(&path, format!("should map class numbers to names: {e}"))
        })?;
        let mut out = HashMap::new();
        for (k, v) in map {
            let k: u16 = k
                .trim()
                .parse()
                .map_err(|_| IoError::invalid(&path, format!("'{k}' is not a class number")))?;
            out.insert(k, v);
        }
        return Ok(Some(out));
    }
    Ok(None)
}

/// Each region of each class as an object, named by `name_of` (None: that value is no class,
/// as 0, the background, is not). Values are visited in order, regions as traced.
pub fn objects(px: &ClassPixels, name_of: impl Fn(u16) -> Option<String>) -> Vec<BoxAnn> {
    // Each value's bounds, in one pass: a mask is traced within them only.
    let mut bounds: BTreeMap<u16, [usize; 4]> = BTreeMap::new();
    for (i, &v) in px.values.iter().enumerate() {
        let (x, y) = (i % px.width, i / px.width);
        let b = bounds.entry(v).or_insert([x, y, x, y]);
        *b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
    }
    let mut out = Vec::new();
    for (v, [x0, y0, x1, y1]) in bounds {
        let Some(label) = name_of(v) else {
            continue;
        };
        let (w, h) = (x1 - x0 + 1, y1 - y0 + 1);
        let mut mask = BitMask::new(w, h);
        for y in 0..h {
            let row = &px.values[(y0 + y) * px.width + x0..][..w];
            for (x, &p) in row.iter().enumerate() {
                mask.bits[y * w + x] = p == v;
            }
        }
        for part in mask.outlines([x0 as f32, y0 as f32], TOLERANCE) {
            let mut b = BoxAnn::outlined(label.clone(), part);
            b.fit_to_polygons();
            out.push(b);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_png(
        path: &Path,
        w: u32,
        h: u32,
        color: png::ColorType,
        depth: png::BitDepth,
        data: &[u8],
    ) {
        let file = std::fs::File::create(path).unwrap();
        let mut enc = png::Encoder::new(std::io::BufWriter::new(file), w, h);
        enc.set_color(color);
        enc.set_depth(depth);
        if color == png::ColorType::Indexed {
            enc.set_palette(vec![0u8; 3 * 256]);
        }
        enc.write_header().unwrap().write_image_data(data).unwrap();
    }

    #[test]
    fn grey_and_palette_masks_become_an_object_per_region() {
        let t = tempfile::tempdir().unwrap();
        // 6×4: class 1 in two regions, class 2 in one, a VOC 255 edge.
        let rows: [[u8; 6]; 4] = [
            [1, 1, 0, 0, 2, 2],
            [1, 1, 0, 0, 2, 2],
            [0, 0, 0, 0, 255, 255],
            [0, 0, 1, 0, 0, 0],
        ];
        let data: Vec<u8> = rows.iter().flatten().copied().collect();
        let grey = t.path().join("grey.png");
        write_png(
            &grey,
            6,
            4,
            png::ColorType::Grayscale,
            png::BitDepth::Eight,
            &data,
        );
        let pal = t.path().join("pal.png");
        write_png(
            &pal,
            6,
            4,
            png::ColorType::Indexed,
            png::BitDepth::Eight,
            &data,
        );
        let (g, p) = (read_png(&grey).unwrap(), read_png(&pal).unwrap());
        assert_eq!((g.values, g.indexed), (p.values.clone(), false));
        assert!(p.indexed, "palette values, not colours");
        let names = |v: u16| match v {
            1 => Some("cat".to_string()),
            2 => Some("dog".to_string()),
            _ => None,
        };
        let objs = objects(&p, names);
        let got: Vec<(&str, [f32; 4])> = objs
            .iter()
            .map(|b| (b.label.as_str(), [b.x, b.y, b.w, b.h]))
            .collect();
        assert_eq!(
            got,
            [
                ("cat", [0.0, 0.0, 2.0, 2.0]),
                ("cat", [2.0, 3.0, 1.0, 1.0]),
                ("dog", [4.0, 0.0, 2.0, 2.0])
            ]
        );
        // 16-bit grey, and 2-bit packed rows.
        let wide = t.path().join("wide.png");
        let data16: Vec<u8> = [300u16, 0, 0, 7]
            .iter()
            .flat_map(|v| v.to_be_bytes())
            .collect();
        write_png(
            &wide,
            2,
            2,
            png::ColorType::Grayscale,
            png::BitDepth::Sixteen,
            &data16,
        );
        assert_eq!(read_png(&wide).unwrap().values, [300, 0, 0, 7]);
        let packed = t.path().join("packed.png");
        write_png(
            &packed,
            3,
            1,
            png::ColorType::Grayscale,
            png::BitDepth::Two,
            &[0b0110_1100],
        );
        assert_eq!(read_png(&packed).unwrap().values, [1, 2, 3]);
    }

    #[test]
    fn colour_masks_and_damaged_files_say_what_is_wrong() {
        let t = tempfile::tempdir().unwrap();
        let rgb = t.path().join("rgb.png");
        write_png(
            &rgb,
            1,
            1,
            png::ColorType::Rgb,
            png::BitDepth::Eight,
            &[1, 2, 3],
        );
        let e = read_png(&rgb).unwrap_err().to_string();
        assert!(
            e.contains("rgb.png") && e.contains("grey or palette"),
            "{e}"
        );
        let junk = t.path().join("junk.png");
        std::fs::write(&junk, b"not a png").unwrap();
        assert!(
            read_png(&junk)
                .unwrap_err()
                .to_string()
                .contains("junk.png")
        );
        // id2label beside the split's folder, or in it.
        let split = t.path().join("train");
        std::fs::create_dir(&split).unwrap();
        assert_eq!(read_id2label(&split).unwrap(), None);
        std::fs::write(
            t.path().join("id2label.json"),
            r#"{"0": "background", "1": "cat"}"#,
        )
        .unwrap();
        let map = read_id2label(&split).unwrap().unwrap();
        assert_eq!(map.get(&1).map(String::as_str), Some("cat"));
        std::fs::write(t.path().join("id2label.json"), r#"{"x": "cat"}"#).unwrap();
        assert!(
            read_id2label(&split)
                .unwrap_err()
                .to_string()
                .contains("'x'")
        );
    }
}
