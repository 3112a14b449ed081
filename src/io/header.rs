//! Image size from the file header only, as displayed (after EXIF orientation).

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek};
use std::path::Path;

/// Width and height as displayed, or why they could not be read.
pub fn image_size(path: &Path) -> Result<(u32, u32), String> {
    let file = File::open(path).map_err(|e| super::open_failure(&e))?;
    // 4 KB holds the markers of most files; a camera's EXIF thumbnail is skipped by seeking.
    read_size(BufReader::with_capacity(4 * 1024, file))
}

/// [`image_size`] of the image `r` reads.
pub fn read_size<R: Read + Seek>(mut r: BufReader<R>) -> Result<(u32, u32), String> {
    // No fstat for the size: the first read tells an empty file, one syscall less per image.
    if r.fill_buf().map_err(|e| e.to_string())?.is_empty() {
        return Err("empty file (0 bytes)".into());
    }
    let mut magic = [0u8; 2];
    r.read_exact(&mut magic)
        .map_err(|_| "file too short to be an image".to_string())?;
    if magic == [0xFF, 0xD8] {
        // Our own JPEG walk reads only the markers; the image crate would read the whole file.
        return jpeg_size(&mut r);
    }
    r.rewind().map_err(|e| e.to_string())?;
    let reader = image::ImageReader::new(r)
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    if reader.format().is_none() {
        return Err("not an image this tool reads (jpeg, png, webp, bmp, gif, tiff)".into());
    }
    use image::ImageDecoder;
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let (w, h) = decoder.dimensions();
    let orientation = decoder.orientation().map(|o| o.to_exif()).unwrap_or(1);
    check_size(oriented(w, h, orientation))
}

fn check_size((w, h): (u32, u32)) -> Result<(u32, u32), String> {
    if w == 0 || h == 0 {
        return Err(format!("header says the image is {w}×{h}"));
    }
    Ok((w, h))
}

/// Orientations 5–8 turn the image a quarter: width and height swap.
pub(crate) fn oriented(w: u32, h: u32, exif_orientation: u8) -> (u32, u32) {
    if (5..=8).contains(&exif_orientation) {
        (h, w)
    } else {
        (w, h)
    }
}

fn jpeg_size<R: Read + Seek>(r: &mut BufReader<R>) -> Result<(u32, u32), String> {
    let truncated = |_| "truncated JPEG header".to_string();
    let mut orientation = 1u8;
    loop {
        let mut b = [0u8; 1];
        r.read_exact(&mut b).map_err(truncated)?;
        if b[0] != 0xFF {
            return Err("damaged JPEG header (marker expected)".into());
        }
        let mut marker = 0xFF;
        while marker == 0xFF {
            r.read_exact(&mut b).map_err(truncated)?;
            marker = b[0];
        }
        if marker == 0xD8 || (0xD0..=0xD7).contains(&marker) || marker == 0x01 {
            continue;
        }
        if marker == 0xD9 || marker == 0xDA {
            return Err("JPEG has no frame header before its image data".into());
        }
        let mut len = [0u8; 2];
        r.read_exact(&mut len).map_err(truncated)?;
        let len = u16::from_be_bytes(len);
        if len < 2 {
            return Err("damaged JPEG segment length".into());
        }
        let body = i64::from(len) - 2;
        let is_sof = matches!(marker, 0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF);
        if is_sof {
            let mut sof = [0u8; 5];
            r.read_exact(&mut sof).map_err(truncated)?;
            let h = u32::from(u16::from_be_bytes([sof[1], sof[2]]));
            let w = u32::from(u16::from_be_bytes([sof[3], sof[4]]));
            return check_size(oriented(w, h, orientation));
        }
        if marker == 0xE1 {
            // The orientation sits in IFD0 at the start of the segment; the rest (often a
            // thumbnail of tens of KB) is skipped, not read.
            let mut head = [0u8; 4096];
            let n = (body as usize).min(head.len());
            r.read_exact(&mut head[..n]).map_err(truncated)?;
            if let Some(o) = exif_orientation(&head[..n]) {
                orientation = o;
            }
            r.seek_relative(body - n as i64).map_err(truncated)?;
        } else {
            r.seek_relative(body).map_err(truncated)?;
        }
    }
}

/// The orientation tag (0x0112) of IFD0 in an APP1 `Exif` segment.
fn exif_orientation(seg: &[u8]) -> Option<u8> {
    let tiff = seg.strip_prefix(b"Exif\0\0")?;
    let le = match tiff.get(0..2)? {
        b"II" => true,
        b"MM" => false,
        _ => return None,
    };
    let u16_at = |i: usize| -> Option<u16> {
        let b = [*tiff.get(i)?, *tiff.get(i + 1)?];
        Some(if le {
            u16::from_le_bytes(b)
        } else {
            u16::from_be_bytes(b)
        })
    };
    let u32_at = |i: usize| -> Option<u32> {
        let b = [
            *tiff.get(i)?,
            *tiff.get(i + 1)?,
            *tiff.get(i + 2)?,
            *tiff.get(i + 3)?,
        ];
        Some(if le {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    };
    let ifd = u32_at(4)? as usize;
    let count = u16_at(ifd)? as usize;
    for k in 0..count.min(512) {
        let e = ifd + 2 + k * 12;
        if u16_at(e)? == 0x0112 {
            let v = u16_at(e + 8)?;
            return (1..=8).contains(&v).then_some(v as u8);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exif_segment(orientation: u16, le: bool) -> Vec<u8> {
        let mut s = b"Exif\0\0".to_vec();
        let u16b = |v: u16| if le { v.to_le_bytes() } else { v.to_be_bytes() };
        let u32b = |v: u32| if le { v.to_le_bytes() } else { v.to_be_bytes() };
        s.extend_from_slice(if le { b"II" } else { b"MM" });
        s.extend_from_slice(&u16b(42));
        s.extend_from_slice(&u32b(8));
        s.extend_from_slice(&u16b(1));
        s.extend_from_slice(&u16b(0x0112));
        s.extend_from_slice(&u16b(3));
        s.extend_from_slice(&u32b(1));
        s.extend_from_slice(&u16b(orientation));
        s.extend_from_slice(&[0, 0]);
        s.extend_from_slice(&u32b(0));
        s
    }

    #[test]
    fn reads_orientation_in_both_byte_orders() {
        assert_eq!(exif_orientation(&exif_segment(6, true)), Some(6));
        assert_eq!(exif_orientation(&exif_segment(3, false)), Some(3));
        assert_eq!(exif_orientation(&exif_segment(9, true)), None);
        assert_eq!(exif_orientation(b"Exif\0\0II"), None);
    }

    #[test]
    fn quarter_turns_swap_sides() {
        assert_eq!(oriented(4000, 3000, 6), (3000, 4000));
        assert_eq!(oriented(4000, 3000, 3), (4000, 3000));
    }
}
