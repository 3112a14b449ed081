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
    let mut img = DynamicImage::from_decoder(decoder).map_err(describe)?;
    img.apply_orientation(orientation);
    let (width, height) = (img.width(), img.height());
    let img = if width > max_side || height > max_side {
        img.thumbnail(max_side, max_side)
    } else {
        img
    };
    Ok(DisplayImage {
        width,
        height,
        rgba: img.into_rgba8(),
    })
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
