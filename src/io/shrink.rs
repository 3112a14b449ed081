//! Downscaling for display: each output pixel is the average of the source area it covers
//! (no aliasing), in integer arithmetic, two passes over 8-bit channels.
//!
//! `image`'s `thumbnail` does the same averaging through its generic pixel code, at ~9 ns a
//! source pixel: 110 ms of the 200 ms it took to show a 12 MP photo. This takes ~2.

use image::{DynamicImage, RgbaImage};

/// Shares across a row are fractions of 1 << 16.
const ONE: u32 = 1 << 16;

/// `img` shrunk to fit `max_side` on both sides (aspect kept), as RGBA; as it is when it fits.
pub fn shrink_to_fit(img: &DynamicImage, max_side: u32) -> RgbaImage {
    let (w, h) = (img.width(), img.height());
    let max_side = max_side.max(1);
    if w <= max_side && h <= max_side {
        return img.to_rgba8();
    }
    let (ow, oh) = fitted(w, h, max_side);
    let (bytes, channels): (std::borrow::Cow<[u8]>, usize) = match img {
        DynamicImage::ImageRgb8(i) => (i.as_raw().into(), 3),
        DynamicImage::ImageRgba8(i) => (i.as_raw().into(), 4),
        DynamicImage::ImageLuma8(i) => (i.as_raw().into(), 1),
        DynamicImage::ImageLumaA8(i) => (i.as_raw().into(), 2),
        // 16-bit and float images: 8 bits a channel are all a screen shows.
        other => (other.to_rgba8().into_raw().into(), 4),
    };
    let small = shrink_channels(&bytes, (w as usize, h as usize), channels, (ow, oh));
    to_rgba(small, channels, ow, oh)
}

/// The size within `max_side` with the aspect of `w`×`h`, at least 1×1.
fn fitted(w: u32, h: u32, max_side: u32) -> (u32, u32) {
    let scale = f64::from(max_side) / f64::from(w.max(h));
    let side = |n: u32| ((f64::from(n) * scale).round() as u32).clamp(1, max_side);
    (side(w), side(h))
}

/// How `n_in` samples fall into `n_out` bins of equal width: for each bin, the first source
/// and the shares of the `taps` sources from there (fractions of ONE, summing to ONE; a bin
/// covering fewer sources has zero shares at its end, so every bin reads the same count).
struct Taps {
    first: Vec<usize>,
    taps: usize,
    shares: Vec<u32>,
}

impl Taps {
    fn new(n_in: usize, n_out: usize, one: u32) -> Taps {
        let ratio = n_in as f64 / n_out as f64;
        let taps = (ratio.ceil() as usize + 1).min(n_in);
        let mut t = Taps {
            first: Vec::with_capacity(n_out),
            taps,
            shares: vec![0; n_out * taps],
        };
        for o in 0..n_out {
            let (a, b) = (o as f64 * ratio, ((o + 1) as f64 * ratio).min(n_in as f64));
            // Moved back near the end so the bin's `taps` sources all exist.
            let first = (a.floor() as usize).min(n_in - taps);
            let shares = &mut t.shares[o * taps..(o + 1) * taps];
            let mut given = 0u32;
            for (k, share) in shares.iter_mut().enumerate() {
                let i = (first + k) as f64;
                let overlap = (b.min(i + 1.0) - a.max(i)).max(0.0);
                *share = ((overlap / ratio) * f64::from(one)).round() as u32;
                given += *share;
            }
            // Rounding leaves the sum a unit or two off: the largest share takes the
            // difference, so a flat area stays exactly flat.
            if let Some(big) = shares.iter_mut().max_by_key(|s| **s) {
                *big = (*big + one).saturating_sub(given);
            }
            t.first.push(first);
        }
        t
    }

    fn of(&self, o: usize) -> &[u32] {
        &self.shares[o * self.taps..(o + 1) * self.taps]
    }
}

/// Averages `src` (`w`×`h` pixels of `channels` bytes, rows packed) into `ow`×`oh`: down the
/// columns into one row, then across it, one output row at a time (no image-sized buffer).
fn shrink_channels(
    src: &[u8],
    (w, h): (usize, usize),
    channels: usize,
    (ow, oh): (u32, u32),
) -> Vec<u8> {
    let (ow, oh) = (ow as usize, oh as usize);
    // Down the columns in 16-bit lanes (shares of 256: at most 255 · 256 in a u16), which
    // SIMD multiplies eight at a time; across in 32 bits, with finer shares.
    let (tx, ty) = (Taps::new(w, ow, ONE), Taps::new(h, oh, 256));
    let stride = w * channels;
    let mut out = vec![0u8; ow * channels * oh];
    // Kept with 8 more bits than a byte so that averaging across is not rounded twice.
    let mut down = vec![0u16; stride];
    for (y, out_row) in out.chunks_exact_mut(ow * channels).enumerate() {
        down.fill(0);
        let first = ty.first[y];
        for (k, &share) in ty.of(y).iter().enumerate() {
            let row = &src[(first + k) * stride..(first + k + 1) * stride];
            let share = share as u16;
            for (d, &v) in down.iter_mut().zip(row) {
                *d += u16::from(v) * share;
            }
        }
        match channels {
            1 => across::<1>(&down, &tx, out_row),
            2 => across::<2>(&down, &tx, out_row),
            3 => across::<3>(&down, &tx, out_row),
            _ => across::<4>(&down, &tx, out_row),
        }
    }
    out
}

/// One row of `C`-channel pixels (bytes << 8) averaged across into `out` (bytes). At most
/// 255 << 8 times shares summing to ONE: fits in a u32. `C` is a constant so the
/// per-pixel loops unroll.
fn across<const C: usize>(row: &[u16], tx: &Taps, out: &mut [u8]) {
    for (x, o) in out.chunks_exact_mut(C).enumerate() {
        let from = tx.first[x] * C;
        let mut acc = [0u32; C];
        for (p, &share) in row[from..from + tx.taps * C].chunks_exact(C).zip(tx.of(x)) {
            for c in 0..C {
                acc[c] += u32::from(p[c]) * share;
            }
        }
        for c in 0..C {
            // Divided by ONE << 8, rounded, without overflowing.
            o[c] = (((acc[c] >> 23) + 1) >> 1).min(255) as u8;
        }
    }
}

fn to_rgba(bytes: Vec<u8>, channels: usize, w: u32, h: u32) -> RgbaImage {
    let rgba = match channels {
        4 => bytes,
        3 => bytes
            .chunks_exact(3)
            .flat_map(|p| [p[0], p[1], p[2], 255])
            .collect(),
        2 => bytes
            .chunks_exact(2)
            .flat_map(|p| [p[0], p[0], p[0], p[1]])
            .collect(),
        _ => bytes.iter().flat_map(|&v| [v, v, v, 255]).collect(),
    };
    // The length is w·h·4 by construction; an empty image is the only other answer.
    RgbaImage::from_raw(w, h, rgba).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{GrayImage, Luma, Rgb, RgbImage};

    fn gray_row(values: &[u8]) -> DynamicImage {
        let mut img = GrayImage::new(values.len() as u32, 1);
        for (x, &v) in values.iter().enumerate() {
            img.put_pixel(x as u32, 0, Luma([v]));
        }
        DynamicImage::ImageLuma8(img)
    }

    #[test]
    fn each_output_pixel_averages_the_area_it_covers() {
        // Halving: pairs averaged.
        let out = shrink_to_fit(&gray_row(&[0, 100, 200, 255]), 2);
        let got: Vec<u8> = out.pixels().map(|p| p.0[0]).collect();
        assert_eq!(got, vec![50, 228]);
        // Three into two: the middle pixel is shared half and half.
        let out = shrink_to_fit(&gray_row(&[0, 90, 180]), 2);
        let got: Vec<u8> = out.pixels().map(|p| p.0[0]).collect();
        assert_eq!(got, vec![30, 150]);
        assert!(out.pixels().all(|p| p.0[3] == 255));
    }

    #[test]
    fn a_flat_area_stays_exactly_flat_and_the_aspect_is_kept() {
        let img = DynamicImage::ImageRgb8(RgbImage::from_pixel(4000, 3000, Rgb([255, 7, 128])));
        let out = shrink_to_fit(&img, 2048);
        assert_eq!(out.dimensions(), (2048, 1536));
        assert!(out.pixels().all(|p| p.0 == [255, 7, 128, 255]));
        // Odd ratios too (a prime width, a tall image).
        let img = DynamicImage::ImageRgb8(RgbImage::from_pixel(997, 2999, Rgb([1, 254, 9])));
        let out = shrink_to_fit(&img, 1000);
        assert_eq!(out.dimensions(), (332, 1000));
        assert!(out.pixels().all(|p| p.0 == [1, 254, 9, 255]));
    }

    #[test]
    fn matches_the_image_crates_average_on_a_photo() {
        let photo = image::open(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/sample_data/images/coffee.jpg"
        ))
        .unwrap();
        let ours = shrink_to_fit(&photo, 100);
        let theirs = photo.thumbnail(100, 100).to_rgba8();
        assert_eq!(ours.dimensions(), theirs.dimensions());
        let diff: u64 = ours
            .as_raw()
            .iter()
            .zip(theirs.as_raw())
            .map(|(a, b)| u64::from(a.abs_diff(*b)))
            .sum();
        let mean = diff as f64 / ours.as_raw().len() as f64;
        assert!(mean < 2.0, "mean difference {mean} per channel");
    }

    #[test]
    fn small_images_and_degenerate_sizes() {
        let img = DynamicImage::ImageLumaA8(image::GrayAlphaImage::from_pixel(
            3,
            2,
            image::LumaA([9, 200]),
        ));
        let out = shrink_to_fit(&img, 2048);
        assert_eq!(out.dimensions(), (3, 2));
        assert_eq!(out.get_pixel(0, 0).0, [9, 9, 9, 200]);
        // A line a pixel high shrinks to one pixel high, never zero.
        let line = DynamicImage::ImageRgba8(RgbaImage::new(5000, 1));
        assert_eq!(shrink_to_fit(&line, 100).dimensions(), (100, 1));
        assert_eq!(shrink_to_fit(&line, 0).dimensions(), (1, 1));
    }
}
