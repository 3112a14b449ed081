//! Box geometry in image pixels.

use super::annotation::BoxAnn;

/// Boxes smaller than this (pixels, each side) are not kept.
pub const MIN_BOX_SIDE: f32 = 1.0;

/// Rounds to 2 decimals, as exports carry them.
pub fn round2(v: f32) -> f64 {
    (f64::from(v) * 100.0).round() / 100.0
}

/// Clamps a box inside a `width`×`height` image. Returns `None` when nothing of at least
/// [`MIN_BOX_SIDE`] is left, or when a coordinate is not a finite number.
pub fn clamp_box(b: &BoxAnn, width: u32, height: u32) -> Option<BoxAnn> {
    if ![b.x, b.y, b.w, b.h].iter().all(|v| v.is_finite()) {
        return None;
    }
    // Normalise negative sizes (a drag up-left) before clamping.
    let (x0, x1) = order(b.x, b.x + b.w);
    let (y0, y1) = order(b.y, b.y + b.h);
    let (wf, hf) = (width as f32, height as f32);
    let (x0, x1) = (x0.clamp(0.0, wf), x1.clamp(0.0, wf));
    let (y0, y1) = (y0.clamp(0.0, hf), y1.clamp(0.0, hf));
    if x1 - x0 < MIN_BOX_SIDE || y1 - y0 < MIN_BOX_SIDE {
        return None;
    }
    Some(BoxAnn {
        x: x0,
        y: y0,
        w: x1 - x0,
        h: y1 - y0,
        ..b.clone()
    })
}

fn order(a: f32, b: f32) -> (f32, f32) {
    if a <= b { (a, b) } else { (b, a) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bx(x: f32, y: f32, w: f32, h: f32) -> BoxAnn {
        BoxAnn::new("a", x, y, w, h)
    }

    #[test]
    fn clamps_into_the_image() {
        let b = clamp_box(&bx(-5.0, 90.0, 20.0, 20.0), 100, 100).unwrap();
        assert_eq!((b.x, b.y, b.w, b.h), (0.0, 90.0, 15.0, 10.0));
    }

    #[test]
    fn negative_sizes_are_normalised() {
        let b = clamp_box(&bx(50.0, 50.0, -10.0, -20.0), 100, 100).unwrap();
        assert_eq!((b.x, b.y, b.w, b.h), (40.0, 30.0, 10.0, 20.0));
    }

    #[test]
    fn tiny_outside_and_nan_boxes_are_dropped() {
        assert!(clamp_box(&bx(10.0, 10.0, 0.5, 30.0), 100, 100).is_none());
        assert!(clamp_box(&bx(200.0, 10.0, 10.0, 10.0), 100, 100).is_none());
        assert!(clamp_box(&bx(f32::NAN, 10.0, 10.0, 10.0), 100, 100).is_none());
    }

    #[test]
    fn rounds_to_two_decimals() {
        assert_eq!(round2(10.456), 10.46);
        assert_eq!(round2(3.0), 3.0);
    }
}
