//! The magic wand on outlines: the region of like colour around a clicked pixel, as the
//! pixels joined side by side to it whose colour is within a tolerance of its own. A flat
//! sky, a product on a white backdrop, a field in a satellite tile: one click, not a hundred
//! points.

use super::contour::BitMask;

/// Pixels of 8 bits a channel (1 grey, 2 grey+alpha, 3 RGB, 4 RGBA), row by row.
pub struct Pixels<'a> {
    pub width: usize,
    pub height: usize,
    pub channels: usize,
    pub data: &'a [u8],
}

/// The tolerance when the wand is first taken up (0–255 per channel).
pub const TOLERANCE: u8 = 32;
/// `[` and `]` step it by this, up to the most.
pub const TOLERANCE_STEP: u8 = 8;
pub const MAX_TOLERANCE: u8 = 128;

/// The region around pixel `seed`: the pixels reachable from it side by side whose colour
/// channels (alpha aside) each differ from its own by at most `tolerance`. Given as a mask
/// of its bounds and the bounds' top-left pixel; None when `seed` is outside the pixels or
/// they are not as `Pixels` says.
pub fn region(px: &Pixels<'_>, seed: [usize; 2], tolerance: u8) -> Option<(BitMask, [usize; 2])> {
    let (w, h, ch) = (px.width, px.height, px.channels);
    if !(1..=4).contains(&ch)
        || seed[0] >= w
        || seed[1] >= h
        || px.data.len() < w.checked_mul(h)?.checked_mul(ch)?
    {
        return None;
    }
    // Alpha says nothing of colour.
    let colours = if ch == 2 || ch == 4 { ch - 1 } else { ch };
    let at = |i: usize| &px.data[i * ch..i * ch + colours];
    let start = seed[1] * w + seed[0];
    let own: Vec<u8> = at(start).to_vec();
    let alike = |i: usize| {
        at(i)
            .iter()
            .zip(&own)
            .all(|(a, b)| a.abs_diff(*b) <= tolerance)
    };
    let mut inside = vec![false; w * h];
    // Scanline fill: a run of the row at a time, a seed per run met above and below, so the
    // stack stays short even for a region of the whole image.
    let mut todo = vec![seed];
    let (mut lo, mut hi) = (seed, seed);
    while let Some([x, y]) = todo.pop() {
        let row = y * w;
        if inside[row + x] {
            continue;
        }
        let (mut a, mut b) = (x, x);
        while a > 0 && !inside[row + a - 1] && alike(row + a - 1) {
            a -= 1;
        }
        while b + 1 < w && !inside[row + b + 1] && alike(row + b + 1) {
            b += 1;
        }
        inside[row + a..=row + b].fill(true);
        lo = [lo[0].min(a), lo[1].min(y)];
        hi = [hi[0].max(b), hi[1].max(y)];
        for ny in [y.checked_sub(1), (y + 1 < h).then_some(y + 1)]
            .into_iter()
            .flatten()
        {
            let mut in_run = false;
            for nx in a..=b {
                let fits = !inside[ny * w + nx] && alike(ny * w + nx);
                if fits && !in_run {
                    todo.push([nx, ny]);
                }
                in_run = fits;
            }
        }
    }
    let (bw, bh) = (hi[0] - lo[0] + 1, hi[1] - lo[1] + 1);
    let mut mask = BitMask::new(bw, bh);
    for y in 0..bh {
        let row = (lo[1] + y) * w + lo[0];
        mask.bits[y * bw..(y + 1) * bw].copy_from_slice(&inside[row..row + bw]);
    }
    Some((mask, lo))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 20×10 RGB image: dark left half, a lighter square in it, white right half.
    fn image() -> Vec<u8> {
        let mut data = Vec::new();
        for y in 0..10 {
            for x in 0..20 {
                let v = if x >= 10 {
                    250
                } else if (2..5).contains(&x) && (2..5).contains(&y) {
                    60
                } else {
                    40
                };
                data.extend([v, v, v + 5]);
            }
        }
        data
    }

    fn count(m: &BitMask) -> usize {
        m.bits.iter().filter(|b| **b).count()
    }

    #[test]
    fn the_region_is_the_joined_pixels_of_like_colour() {
        let data = image();
        let px = Pixels {
            width: 20,
            height: 10,
            channels: 3,
            data: &data,
        };
        // Strict: the dark half around the lighter square.
        let (m, at) = region(&px, [0, 0], 10).unwrap();
        assert_eq!((at, m.width, m.height), ([0, 0], 10, 10));
        assert_eq!(count(&m), 100 - 9);
        assert!(!m.bits[3 * 10 + 3], "the square is not like it");
        // Looser: the square joins in, the white half still not.
        let (m, _) = region(&px, [0, 0], 20).unwrap();
        assert_eq!(count(&m), 100);
        // From the square: just it.
        let (m, at) = region(&px, [3, 3], 10).unwrap();
        assert_eq!((at, m.width, m.height, count(&m)), ([2, 2], 3, 3, 9));
        // The white half, alone.
        let (m, at) = region(&px, [19, 9], 0).unwrap();
        assert_eq!((at, count(&m)), ([10, 0], 100));
    }

    #[test]
    fn alpha_is_no_colour_and_bad_input_is_no_region() {
        // Two pixels of one colour, one clear: one region.
        let data = [9, 9, 9, 255, 9, 9, 9, 0];
        let px = Pixels {
            width: 2,
            height: 1,
            channels: 4,
            data: &data,
        };
        assert_eq!(count(&region(&px, [1, 0], 0).unwrap().0), 2);
        assert!(region(&px, [2, 0], 0).is_none());
        let short = Pixels {
            width: 3,
            height: 1,
            channels: 4,
            data: &data,
        };
        assert!(region(&short, [0, 0], 0).is_none());
    }
}
