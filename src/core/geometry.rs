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
    if b.is_rotated() {
        return super::rotation::clamp_rotated(b, width, height);
    }
    if !b.polygons.is_empty() {
        return clamp_outlined(b, width, height).map(|o| clamp_keypoints(o, width, height));
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
    let out = BoxAnn {
        x: x0,
        y: y0,
        w: x1 - x0,
        h: y1 - y0,
        ..b.clone()
    };
    Some(clamp_keypoints(out, width, height))
}

/// Keypoints kept inside the image; one that is not a finite number, or not placed, is
/// `[0, 0, 0]` (COCO's "not labelled"), and a placed one is hidden (1) or visible (2).
fn clamp_keypoints(mut b: BoxAnn, width: u32, height: u32) -> BoxAnn {
    for k in &mut b.keypoints {
        *k = match *k {
            [x, y, v] if x.is_finite() && y.is_finite() && v.is_finite() && v > 0.0 => [
                x.clamp(0.0, width as f32),
                y.clamp(0.0, height as f32),
                if v < 1.5 { 1.0 } else { 2.0 },
            ],
            _ => [0.0; 3],
        };
    }
    b
}

/// An outlined box: each point kept inside the image, parts of fewer than 3 points
/// dropped, and the box made the outline's bounds again.
fn clamp_outlined(b: &BoxAnn, width: u32, height: u32) -> Option<BoxAnn> {
    let (wf, hf) = (width as f32, height as f32);
    let mut polygons = Vec::with_capacity(b.polygons.len());
    for ring in &b.polygons {
        if ring.iter().flatten().any(|v| !v.is_finite()) {
            return None;
        }
        let mut kept: Vec<[f32; 2]> = Vec::with_capacity(ring.len());
        for &[x, y] in ring {
            let p = [x.clamp(0.0, wf), y.clamp(0.0, hf)];
            // A point pressed against the edge twice is one point.
            if kept.last() != Some(&p) {
                kept.push(p);
            }
        }
        if kept.len() > 1 && kept.first() == kept.last() {
            kept.pop();
        }
        if kept.len() >= 3 {
            polygons.push(kept);
        }
    }
    if polygons.is_empty() {
        return None;
    }
    let mut out = BoxAnn {
        polygons,
        ..b.clone()
    };
    out.fit_to_polygons();
    (out.w >= MIN_BOX_SIDE && out.h >= MIN_BOX_SIDE).then_some(out)
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
    fn keypoints_are_kept_in_the_image_and_unplaced_ones_zeroed() {
        let mut b = bx(10.0, 10.0, 50.0, 50.0);
        b.keypoints = vec![
            [120.0, 20.0, 2.0],
            [30.0, 30.0, 0.0],
            [f32::NAN, 1.0, 2.0],
            [5.0, 5.0, 1.0],
        ];
        let c = clamp_box(&b, 100, 100).unwrap();
        assert_eq!(
            c.keypoints,
            [[100.0, 20.0, 2.0], [0.0; 3], [0.0; 3], [5.0, 5.0, 1.0]]
        );
        assert_eq!(c.placed_keypoints(), 2);
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
    fn an_outlined_box_is_its_outlines_bounds_inside_the_image() {
        let tri = BoxAnn::outlined("a", vec![[10.0, 10.0], [120.0, 40.0], [30.0, 80.0]]);
        assert_eq!((tri.x, tri.y, tri.w, tri.h), (10.0, 10.0, 110.0, 70.0));
        assert_eq!(tri.area(), 3550.0);
        let b = clamp_box(&tri, 100, 100).unwrap();
        assert_eq!(b.polygons[0][1], [100.0, 40.0]);
        assert_eq!((b.x, b.y, b.w, b.h), (10.0, 10.0, 90.0, 70.0));
        // Two points, or points all outside on one edge, outline nothing.
        let line = BoxAnn::outlined("a", vec![[1.0, 1.0], [50.0, 50.0]]);
        assert!(clamp_box(&line, 100, 100).is_none());
        let out = BoxAnn::outlined("a", vec![[150.0, 1.0], [160.0, 50.0], [170.0, 9.0]]);
        assert!(clamp_box(&out, 100, 100).is_none());
        let nan = BoxAnn::outlined("a", vec![[1.0, 1.0], [f32::NAN, 50.0], [9.0, 9.0]]);
        assert!(clamp_box(&nan, 100, 100).is_none());
    }

    #[test]
    fn a_moved_or_stretched_box_takes_its_outline_with_it() {
        let tri = BoxAnn::outlined("a", vec![[10.0, 10.0], [30.0, 10.0], [10.0, 20.0]]);
        let moved = tri.placed(50.0, 60.0, 40.0, 10.0);
        assert_eq!(
            moved.polygons[0],
            vec![[50.0, 60.0], [90.0, 60.0], [50.0, 70.0]]
        );
        assert_eq!(clamp_box(&moved, 100, 100).unwrap(), moved);
        // A plain box stays plain.
        let plain = bx(1.0, 2.0, 3.0, 4.0).placed(5.0, 6.0, 7.0, 8.0);
        assert!(plain.polygons.is_empty());
        assert_eq!((plain.x, plain.w), (5.0, 7.0));
    }

    #[test]
    fn rounds_to_two_decimals() {
        assert_eq!(round2(10.456), 10.46);
        assert_eq!(round2(3.0), 3.0);
    }
}
