//! COCO's run-length masks (`"segmentation": {"size": [h, w], "counts": …}`): crowds in COCO
//! itself, and every mask Detectron2, SAM and the like write. Read as outlines, traced along
//! the mask's pixels, so they are drawn, corrected and exported as any outline.

use crate::core::contour::BitMask;
use serde_json::Value;

/// A mask's outline may stray this far (px) from its pixels' edge: a pixel's corner.
pub const TOLERANCE: f32 = 1.0;

/// Masks larger than this (pixels) are refused rather than held: no photo is.
const MAX_PIXELS: u64 = 1 << 30;

/// A COCO RLE mask's outline, in image pixels: one part per region, its holes cut in.
/// `Ok(None)` for a mask with no pixel on; an error says what is wrong.
pub fn outlines_of(seg: &Value) -> Result<Option<Vec<Vec<[f32; 2]>>>, String> {
    let (h, w, counts) = parse(seg)?;
    let Some((mask, origin)) = to_mask(h, w, &counts)? else {
        return Ok(None);
    };
    let parts = mask.outlines(origin, TOLERANCE);
    Ok((!parts.is_empty()).then_some(parts))
}

/// `size` and `counts` (a list of numbers, or COCO's compressed string).
fn parse(seg: &Value) -> Result<(u64, u64, Vec<u64>), String> {
    let size = (seg.get("size").and_then(Value::as_array))
        .and_then(|s| Some((s.first()?.as_u64()?, s.get(1)?.as_u64()?)))
        .filter(|_| seg["size"].as_array().is_some_and(|s| s.len() == 2));
    let Some((h, w)) = size else {
        return Err("an RLE mask's size should be [height, width]".into());
    };
    if h.saturating_mul(w) > MAX_PIXELS {
        return Err(format!("an RLE mask of {w}×{h} pixels is too large"));
    }
    let counts = match seg.get("counts") {
        Some(Value::String(s)) => decode_compressed(s)?,
        Some(Value::Array(list)) => (list.iter())
            .map(Value::as_u64)
            .collect::<Option<Vec<u64>>>()
            .ok_or("an RLE mask's counts should be whole numbers, 0 or more")?,
        _ => return Err("an RLE mask needs counts (a list or COCO's compressed text)".into()),
    };
    Ok((h, w, counts))
}

/// COCO's compressed counts: each number in 5-bit groups, least first, as characters from
/// '0' (48), 0x20 meaning another group follows and 0x10 in the last one a negative number;
/// from the third on, each is the difference from the one two before.
fn decode_compressed(s: &str) -> Result<Vec<u64>, String> {
    let bad = || format!("an RLE mask's counts text is damaged ({s:.40})");
    let bytes = s.as_bytes();
    let mut counts: Vec<i64> = Vec::new();
    let mut p = 0;
    while p < bytes.len() {
        let (mut x, mut k) = (0i64, 0u32);
        loop {
            let c = i64::from(*bytes.get(p).ok_or_else(bad)?) - 48;
            if !(0..64).contains(&c) || k > 11 {
                return Err(bad());
            }
            x |= (c & 0x1f) << (5 * k);
            p += 1;
            k += 1;
            if c & 0x20 == 0 {
                if c & 0x10 != 0 {
                    x |= -1i64 << (5 * k);
                }
                break;
            }
        }
        if counts.len() > 2 {
            x += counts[counts.len() - 2];
        }
        if x < 0 {
            return Err(bad());
        }
        counts.push(x);
    }
    Ok(counts.into_iter().map(|c| c as u64).collect())
}

/// The runs as a mask cut to the pixels on, and where that cut's corner is in the image.
/// Runs go down each column from the left one, off first.
fn to_mask(h: u64, w: u64, counts: &[u64]) -> Result<Option<(BitMask, [f32; 2])>, String> {
    let total: u64 = counts.iter().fold(0u64, |a, &c| a.saturating_add(c));
    if total > h * w {
        return Err(format!(
            "an RLE mask's counts add up to {total} pixels, more than its {w}×{h}"
        ));
    }
    // The runs on: [start, end) in column order.
    let mut on = Vec::new();
    let mut at = 0;
    for (i, &c) in counts.iter().enumerate() {
        if i % 2 == 1 && c > 0 {
            on.push((at, at + c));
        }
        at += c;
    }
    if on.is_empty() || h == 0 {
        return Ok(None);
    }
    let (mut x0, mut y0, mut x1, mut y1) = (u64::MAX, u64::MAX, 0, 0);
    for &(s, e) in &on {
        let (xs, xe) = (s / h, (e - 1) / h);
        let (ys, ye) = if xs == xe {
            (s % h, (e - 1) % h)
        } else {
            (0, h - 1)
        };
        (x0, x1, y0, y1) = (x0.min(xs), x1.max(xe), y0.min(ys), y1.max(ye));
    }
    let (cw, ch) = ((x1 - x0 + 1) as usize, (y1 - y0 + 1) as usize);
    let mut bits = vec![false; cw * ch];
    for &(s, e) in &on {
        for i in s..e {
            let (x, y) = ((i / h - x0) as usize, (i % h - y0) as usize);
            bits[y * cw + x] = true;
        }
    }
    let mask = BitMask {
        width: cw,
        height: ch,
        bits,
    };
    Ok(Some((mask, [x0 as f32, y0 as f32])))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn compressed_counts_read_as_cocos_own() {
        // Made with pycocotools' encode of a 5×4 mask: [[0,0,0,0],[0,1,1,0],[0,1,1,0],
        // [0,1,1,0],[0,0,0,0]] (column order: 6 off, 3 on, 2 off, 3 on, 6 off).
        assert_eq!(decode_compressed("63204").unwrap(), [6, 3, 2, 3, 6]);
        // Large numbers take several groups; differences from two before may be negative
        // (pycocotools' frPyObjects of [1000, 1312, 5]).
        assert_eq!(decode_compressed("Xo0PY15").unwrap(), [1000, 1312, 5]);
        assert!(decode_compressed("6\u{1}").is_err());
        assert!(
            decode_compressed("h").is_err(),
            "a group promised but missing"
        );
    }

    #[test]
    fn a_mask_comes_in_as_its_outline_where_it_is_in_the_image() {
        // 5 high, 4 wide: a 2×3 block at x 1–2, y 1–3.
        let seg = json!({"size": [5, 4], "counts": [6, 3, 2, 3, 6]});
        let parts = outlines_of(&seg).unwrap().unwrap();
        assert_eq!(
            parts,
            [vec![[1.0, 1.0], [3.0, 1.0], [3.0, 4.0], [1.0, 4.0]]]
        );
        let compressed = json!({"size": [5, 4], "counts": "63204"});
        assert_eq!(outlines_of(&compressed).unwrap().unwrap(), parts);
        assert_eq!(
            outlines_of(&json!({"size": [5, 4], "counts": [20]})).unwrap(),
            None
        );
        // pycocotools' encode of a 260×100 block at x 20, y 50 in a 300×200 image, with a
        // 20×20 hole at x 100, y 90: painted back, the same pixels.
        let holed = json!({"size": [200, 300], "counts": "bn3T3T300000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000TN`M0`20`M0`20`M0`20`M0`20`M0`20`M0`20`M0`20`M0`20`M0`20`M0`20`M0`20`M0`20`M0`20`M0`20`M0`20`M0`20`M0`20`M0`20`M0`20`M0`2l1000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000^k3"});
        let parts = outlines_of(&holed).unwrap().unwrap();
        assert_eq!(parts.len(), 1, "one region, its hole cut in: {parts:?}");
        let mut map = crate::io::masks::ClassMap::new(300, 200);
        map.fill(&parts, 1);
        let on = (0..200)
            .flat_map(|y| (0..300).map(move |x| (x, y)))
            .filter(|&(x, y)| map.at(x, y) == 1)
            .count();
        assert_eq!(on, 260 * 100 - 20 * 20);
        assert_eq!(
            (
                map.at(20, 50),
                map.at(279, 149),
                map.at(110, 100),
                map.at(19, 50)
            ),
            (1, 1, 0, 0)
        );
        for (bad, says) in [
            (json!({"size": [5], "counts": [1]}), "size should be"),
            (
                json!({"size": [5, 4], "counts": [18, 3]}),
                "add up to 21 pixels",
            ),
            (json!({"size": [5, 4], "counts": [-1]}), "whole numbers"),
            (json!({"size": [5, 4]}), "needs counts"),
            (json!({"size": [100000, 100000], "counts": []}), "too large"),
        ] {
            let e = outlines_of(&bad).unwrap_err();
            assert!(e.contains(says), "{bad}: {e}");
        }
    }
}
