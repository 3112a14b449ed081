//! Decoding media for display: EXIF orientation applied, bounded by decoder limits, and
//! downscaled so a huge image becomes a texture a GPU (and memory) can hold.

use image::{DynamicImage, ImageDecoder, ImageReader, Limits, RgbaImage};
use std::path::Path;

/// Larger sides are refused by the decoder before it allocates anything.
pub const MAX_SIDE: u32 = 24_000;
/// What a decode may allocate at most.
pub const MAX_ALLOC: u64 = 2 << 30;

/// A decoded image ready for display.
#[derive(Debug, Clone)]
pub struct DisplayImage {
    /// Size as displayed at full resolution (box coordinates are in these pixels).
    pub width: u32,
    pub height: u32,
    /// The pixels, at most `max_side` on each side.
    pub rgba: RgbaImage,
}

/// Decodes `path`, applies its EXIF orientation, and downscales to at most `max_side`.
pub fn decode_for_display(path: &Path, max_side: u32) -> Result<DisplayImage, String> {
    let (img, orientation) = decode_as_stored(path)?;
    let (width, height) = super::header::oriented(img.width(), img.height(), orientation.to_exif());
    // Shrunk before it is turned: turning a 12 MP image is a copy of 36 MB.
    let mut small = DynamicImage::ImageRgba8(super::shrink::shrink_to_fit(&img, max_side));
    drop(img);
    small.apply_orientation(orientation);
    Ok(DisplayImage {
        width,
        height,
        rgba: small.into_rgba8(),
    })
}

/// An image decoded at full resolution for the detail under the zoom, kept as decoded (3
/// bytes a pixel for a JPEG): no copy is made to keep it.
#[derive(Debug, Clone)]
pub struct DetailSource {
    /// Size as displayed at full resolution (box coordinates are in these pixels).
    pub width: u32,
    pub height: u32,
    /// The pixels: full size, or smaller when the image is over the memory allowed.
    pub pixels: DynamicImage,
}

/// Decodes `path` as displayed (EXIF orientation applied), to be kept in at most about
/// `max_bytes` (a larger image is kept downscaled to fit).
pub fn decode_detail(path: &Path, max_bytes: u64) -> Result<DetailSource, String> {
    let mut img = decode_oriented(path)?;
    let (width, height) = (img.width(), img.height());
    if !matches!(
        img,
        DynamicImage::ImageRgb8(_)
            | DynamicImage::ImageRgba8(_)
            | DynamicImage::ImageLuma8(_)
            | DynamicImage::ImageLumaA8(_)
    ) {
        // 16-bit and float images: 8 bits a channel are all a screen shows.
        img = DynamicImage::ImageRgba8(img.into_rgba8());
    }
    let bytes = img.as_bytes().len() as u64;
    if bytes > max_bytes {
        // `thumbnail` averages in one pass: no full-size float buffer, unlike `resize`.
        let f = (max_bytes as f64 / bytes as f64).sqrt();
        img = img.thumbnail(
            ((f64::from(width) * f) as u32).max(1),
            ((f64::from(height) * f) as u32).max(1),
        );
    }
    Ok(DetailSource {
        width,
        height,
        pixels: img,
    })
}

/// The part of `img` under `region` (`[x0, y0, x1, y1]` in display pixels), at most
/// `max_side` on each side; with the region it covers, clamped to the image.
pub fn crop_detail(img: &DetailSource, region: [f32; 4], max_side: u32) -> (RgbaImage, [f32; 4]) {
    let (w, h) = (img.width as f32, img.height as f32);
    let (pw, ph) = (img.pixels.width(), img.pixels.height());
    let [x0, y0, x1, y1] = [
        region[0].clamp(0.0, w),
        region[1].clamp(0.0, h),
        region[2].clamp(0.0, w),
        region[3].clamp(0.0, h),
    ];
    // Display pixels to stored pixels (the same unless the source was downscaled).
    let (sx, sy) = (pw as f32 / w.max(1.0), ph as f32 / h.max(1.0));
    let px0 = ((x0 * sx).floor() as u32).min(pw.saturating_sub(1));
    let py0 = ((y0 * sy).floor() as u32).min(ph.saturating_sub(1));
    let px1 = ((x1 * sx).ceil() as u32).clamp(px0 + 1, pw.max(px0 + 1));
    let py1 = ((y1 * sy).ceil() as u32).clamp(py0 + 1, ph.max(py0 + 1));
    let (cw, ch) = (px1 - px0, py1 - py0);
    let crop = img.pixels.crop_imm(px0, py0, cw, ch);
    let crop = super::shrink::shrink_to_fit(&crop, max_side);
    let covered = [
        px0 as f32 / sx,
        py0 as f32 / sy,
        (px0 + cw) as f32 / sx,
        (py0 + ch) as f32 / sy,
    ];
    (crop, covered)
}

/// The magic wand on `img`: the outline (parts, in display pixels) of the region of like
/// colour around display pixel `at`, traced within a stored pixel; empty outside the image.
pub fn wand_outline(img: &DetailSource, at: [f32; 2], tolerance: u8) -> Vec<Vec<[f32; 2]>> {
    use crate::core::wand::{Pixels, region};
    let (pw, ph) = (img.pixels.width() as usize, img.pixels.height() as usize);
    let (sx, sy) = (
        pw as f32 / (img.width as f32).max(1.0),
        ph as f32 / (img.height as f32).max(1.0),
    );
    let seed = [at[0] * sx, at[1] * sy];
    if !(seed[0] >= 0.0 && seed[1] >= 0.0) {
        return Vec::new();
    }
    let px = Pixels {
        width: pw,
        height: ph,
        channels: usize::from(img.pixels.color().channel_count()),
        data: img.pixels.as_bytes(),
    };
    // A click on the far edge is on its last pixel.
    let seed = [
        (seed[0] as usize).min(pw.saturating_sub(1)),
        (seed[1] as usize).min(ph.saturating_sub(1)),
    ];
    let Some((mask, lo)) = region(&px, seed, tolerance) else {
        return Vec::new();
    };
    let mut parts = mask.outlines([lo[0] as f32, lo[1] as f32], 1.0);
    for p in parts.iter_mut().flatten() {
        *p = [p[0] / sx, p[1] / sy];
    }
    parts
}

/// Opens, decodes within the limits, and turns `path` as its EXIF orientation says.
fn decode_oriented(path: &Path) -> Result<DynamicImage, String> {
    let (mut img, orientation) = decode_as_stored(path)?;
    img.apply_orientation(orientation);
    Ok(img)
}

/// Opens and decodes `path` within the limits, as stored, with the turn its EXIF asks for.
fn decode_as_stored(path: &Path) -> Result<(DynamicImage, image::metadata::Orientation), String> {
    let mut reader = ImageReader::open(path)
        .map_err(|e| super::open_failure(&e))?
        .with_guessed_format()
        .map_err(|e| format!("cannot read: {e}"))?;
    if reader.format().is_none() {
        return Err("not an image this tool reads (jpeg, png, webp, bmp, gif, tiff)".into());
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(describe)?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let img = DynamicImage::from_decoder(decoder).map_err(describe)?;
    Ok((img, orientation))
}

fn describe(e: image::ImageError) -> String {
    match e {
        image::ImageError::Limits(l) => format!("image too large to open ({l})"),
        image::ImageError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            "the file is truncated".into()
        }
        other => format!("cannot decode: {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn downscales_and_keeps_display_size() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("big.png");
        RgbaImage::new(3000, 1000).save(&p).unwrap();
        let img = decode_for_display(&p, 1024).unwrap();
        assert_eq!((img.width, img.height), (3000, 1000));
        assert_eq!(img.rgba.width(), 1024);
        assert!(img.rgba.height() <= 342 && img.rgba.height() >= 340);
    }

    #[test]
    fn detail_crops_at_full_resolution_and_bounds_memory() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("big.png");
        let mut img = RgbaImage::new(3000, 1000);
        img.put_pixel(2500, 700, image::Rgba([255, 0, 0, 255]));
        img.save(&p).unwrap();
        let full = decode_detail(&p, 20_000_000).unwrap();
        assert_eq!((full.pixels.width(), full.pixels.height()), (3000, 1000));
        let (crop, covered) = crop_detail(&full, [2490.0, 690.0, 2510.5, 710.0], 2048);
        assert_eq!((crop.width(), crop.height()), (21, 20));
        assert_eq!(covered, [2490.0, 690.0, 2511.0, 710.0]);
        assert_eq!(
            crop.get_pixel(10, 10).0,
            [255, 0, 0, 255],
            "one source pixel, one texel"
        );
        // A region off the image is clamped; a huge region is downscaled to the side limit.
        let (edge, covered) = crop_detail(&full, [-50.0, 990.0, 10.0, 1200.0], 2048);
        assert_eq!(
            (edge.width(), edge.height(), covered),
            (10, 10, [0.0, 990.0, 10.0, 1000.0])
        );
        let (whole, _) = crop_detail(&full, [0.0, 0.0, 3000.0, 1000.0], 1024);
        assert_eq!(whole.width(), 1024);
        // Over the pixel budget: kept downscaled, still mapped in display pixels.
        let small = decode_detail(&p, 3_000_000).unwrap();
        assert_eq!((small.width, small.height), (3000, 1000));
        assert_eq!((small.pixels.width(), small.pixels.height()), (1500, 500));
        let (c, covered) = crop_detail(&small, [2000.0, 500.0, 2100.0, 600.0], 2048);
        assert_eq!(
            (c.width(), c.height(), covered),
            (50, 50, [2000.0, 500.0, 2100.0, 600.0])
        );
    }

    #[test]
    fn truncated_and_fake_images_give_messages() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("x.png");
        let mut bytes = Vec::new();
        image::DynamicImage::ImageRgb8(image::RgbImage::new(50, 50))
            .write_to(
                &mut std::io::Cursor::new(&mut bytes),
                image::ImageFormat::Png,
            )
            .unwrap();
        std::fs::write(&p, &bytes[..bytes.len() / 2]).unwrap();
        assert!(decode_for_display(&p, 512).is_err());
        std::fs::write(&p, b"hello").unwrap();
        let e = decode_for_display(&p, 512).unwrap_err();
        assert!(e.contains("cannot decode"), "{e}");
    }

    #[test]
    fn a_huge_header_is_refused_by_limits() {
        // A PNG header claiming 30000×30000, with no pixel data.
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("huge.png");
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut ihdr = b"IHDR".to_vec();
        ihdr.extend_from_slice(&30000u32.to_be_bytes());
        ihdr.extend_from_slice(&30000u32.to_be_bytes());
        ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
        png.extend_from_slice(&13u32.to_be_bytes());
        png.extend_from_slice(&ihdr);
        png.extend_from_slice(&crc32(&ihdr).to_be_bytes());
        std::fs::write(&p, png).unwrap();
        let e = decode_for_display(&p, 512).unwrap_err();
        assert!(e.contains("too large"), "{e}");
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut c = 0xFFFF_FFFFu32;
        for b in bytes {
            c ^= u32::from(*b);
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
        }
        !c
    }
}
