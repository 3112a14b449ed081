//! Rotated boxes (`rotated = true` on the boxes control: text lines at an angle, ships and
//! cars seen from above). A box keeps `x, y, w, h` as it stands before it is turned and
//! its `rotation` in degrees, clockwise as seen (image y grows down), about its centre —
//! CVAT's way, so a box can be drawn upright and then turned without changing its size.

use super::annotation::BoxAnn;
use super::geometry::MIN_BOX_SIDE;

/// `deg` brought into (-180, 180]: a box turned 350° is one turned -10°.
pub fn normalized(deg: f32) -> f32 {
    let d = deg.rem_euclid(360.0);
    if d > 180.0 { d - 360.0 } else { d }
}

impl BoxAnn {
    /// Whether the box is turned (by more than a thousandth of a degree).
    pub fn is_rotated(&self) -> bool {
        self.rotation.abs() > 1e-3
    }

    pub fn center(&self) -> [f32; 2] {
        [self.x + self.w / 2.0, self.y + self.h / 2.0]
    }

    /// Where the point `(dx, dy)` from the centre of the upright box is once turned.
    fn turned(&self, dx: f32, dy: f32) -> [f32; 2] {
        let (s, c) = self.rotation.to_radians().sin_cos();
        let [cx, cy] = self.center();
        [cx + dx * c - dy * s, cy + dx * s + dy * c]
    }

    /// The four corners as seen: the upright box's top-left, top-right, bottom-right and
    /// bottom-left, turned (clockwise on screen).
    pub fn corners(&self) -> [[f32; 2]; 4] {
        let (hw, hh) = (self.w / 2.0, self.h / 2.0);
        [
            self.turned(-hw, -hh),
            self.turned(hw, -hh),
            self.turned(hw, hh),
            self.turned(-hw, hh),
        ]
    }

    /// The upright rectangle around what is seen, `(x, y, w, h)`: the box itself unless it
    /// is turned (COCO's `bbox`, Pascal VOC's `bndbox` of a turned box).
    pub fn bounds(&self) -> (f32, f32, f32, f32) {
        if !self.is_rotated() {
            return (self.x, self.y, self.w, self.h);
        }
        let c = self.corners();
        let (mut x0, mut y0, mut x1, mut y1) = (c[0][0], c[0][1], c[0][0], c[0][1]);
        for [x, y] in &c[1..] {
            (x0, y0, x1, y1) = (x0.min(*x), y0.min(*y), x1.max(*x), y1.max(*y));
        }
        (x0, y0, x1 - x0, y1 - y0)
    }

    /// The same box turned by `deg` more, about its centre.
    pub fn rotated_by(&self, deg: f32) -> BoxAnn {
        BoxAnn {
            rotation: normalized(self.rotation + deg),
            ..self.clone()
        }
    }

    /// A turned box through four corners in order around it (Ultralytics' OBB lines,
    /// DOTA's quadrilaterals): its centre theirs, its width the mean of the first and
    /// third sides, its height of the other two, turned as the first side runs. A
    /// quadrilateral that is not quite a rectangle gets the rectangle closest in these.
    pub fn from_corners(label: impl Into<String>, p: [[f32; 2]; 4]) -> BoxAnn {
        let len = |a: [f32; 2], b: [f32; 2]| (b[0] - a[0]).hypot(b[1] - a[1]);
        let w = (len(p[0], p[1]) + len(p[3], p[2])) / 2.0;
        let h = (len(p[1], p[2]) + len(p[0], p[3])) / 2.0;
        let cx = p.iter().map(|q| q[0]).sum::<f32>() / 4.0;
        let cy = p.iter().map(|q| q[1]).sum::<f32>() / 4.0;
        let angle = (p[1][1] - p[0][1]).atan2(p[1][0] - p[0][0]).to_degrees();
        BoxAnn {
            rotation: normalized(angle),
            ..BoxAnn::new(label, cx - w / 2.0, cy - h / 2.0, w, h)
        }
    }

    /// The point `(px, py)` as seen, in the frame of the upright box (turned back about
    /// its centre).
    pub fn unturned(&self, px: f32, py: f32) -> [f32; 2] {
        let (s, c) = self.rotation.to_radians().sin_cos();
        let [cx, cy] = self.center();
        let (dx, dy) = (px - cx, py - cy);
        [cx + dx * c + dy * s, cy - dx * s + dy * c]
    }
}

/// In a task of turned boxes, each object outlined by four points alone (an OBB or
/// quadrilateral line of Ultralytics, DOTA or PaddleOCR) becomes the turned box through
/// them; other shapes are left as they came.
pub fn turn_quadrilaterals(boxes: &mut [BoxAnn]) {
    for b in boxes.iter_mut() {
        if let [ring] = &b.polygons[..]
            && let Ok(quad) = <[[f32; 2]; 4]>::try_from(&ring[..])
            && b.keypoints.is_empty()
        {
            let turned = BoxAnn::from_corners(std::mem::take(&mut b.label), quad);
            *b = BoxAnn {
                polygons: Vec::new(),
                ..turned.with_words_of(b)
            };
        }
    }
}

impl BoxAnn {
    /// This box's shape with `other`'s attributes and text.
    fn with_words_of(self, other: &BoxAnn) -> BoxAnn {
        BoxAnn {
            attributes: other.attributes.clone(),
            text: other.text.clone(),
            ..self
        }
    }
}

/// A turned box kept whole inside a `width`×`height` image: the same size and angle, moved
/// in where it sticks out, made smaller (keeping its shape) only where it cannot fit —
/// Ultralytics refuses an OBB label with a corner outside the image. `None` when a side is
/// under [`MIN_BOX_SIDE`] or a number is not finite.
pub fn clamp_rotated(b: &BoxAnn, width: u32, height: u32) -> Option<BoxAnn> {
    if !b.rotation.is_finite() {
        return None;
    }
    let (wf, hf) = (width as f32, height as f32);
    let mut out = BoxAnn {
        x: b.x.min(b.x + b.w),
        y: b.y.min(b.y + b.h),
        w: b.w.abs(),
        h: b.h.abs(),
        rotation: normalized(b.rotation),
        ..b.clone()
    };
    let (_, _, bw, bh) = out.bounds();
    let shrink = (wf / bw.max(f32::EPSILON)).min(hf / bh.max(f32::EPSILON));
    if shrink < 1.0 {
        let [cx, cy] = out.center();
        (out.w, out.h) = (out.w * shrink, out.h * shrink);
        (out.x, out.y) = (cx - out.w / 2.0, cy - out.h / 2.0);
    }
    if out.w < MIN_BOX_SIDE || out.h < MIN_BOX_SIDE {
        return None;
    }
    let (bx, by, bw, bh) = out.bounds();
    let dx = (-bx).max(0.0) - (bx + bw - wf).max(0.0);
    let dy = (-by).max(0.0) - (by + bh - hf).max(0.0);
    out.x += dx;
    out.y += dy;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: [f32; 2], b: [f32; 2]) -> bool {
        (a[0] - b[0]).abs() < 1e-3 && (a[1] - b[1]).abs() < 1e-3
    }

    #[test]
    fn angles_are_brought_into_a_half_turn_either_way() {
        assert_eq!(normalized(350.0), -10.0);
        assert_eq!(normalized(-190.0), 170.0);
        assert_eq!(normalized(180.0), 180.0);
        assert_eq!(normalized(-180.0), 180.0);
        assert_eq!(normalized(45.0), 45.0);
    }

    #[test]
    fn a_quarter_turn_clockwise_stands_a_wide_box_up() {
        let b = BoxAnn::new("a", 10.0, 20.0, 40.0, 10.0).rotated_by(90.0);
        // The top-left corner goes to the top-right, as seen with y down.
        let c = b.corners();
        assert!(close(c[0], [35.0, 5.0]), "{c:?}");
        assert!(close(c[2], [25.0, 45.0]), "{c:?}");
        let (x, y, w, h) = b.bounds();
        assert!(close([x, y], [25.0, 5.0]) && close([w, h], [10.0, 40.0]));
        // An upright box is its own bounds.
        assert_eq!(
            BoxAnn::new("a", 1.0, 2.0, 3.0, 4.0).bounds(),
            (1.0, 2.0, 3.0, 4.0)
        );
    }

    #[test]
    fn corners_give_the_same_box_back_and_points_inside_are_on_it() {
        let b = BoxAnn::new("a", 30.0, 40.0, 60.0, 20.0).rotated_by(-30.0);
        let back = BoxAnn::from_corners("a", b.corners());
        for (p, q) in back.corners().iter().zip(b.corners()) {
            assert!(close(*p, q), "{back:?}");
        }
        assert!((back.rotation + 30.0).abs() < 1e-3);
        // The corners listed the other way round are the same rectangle.
        let mut other = b.corners();
        other.reverse();
        let rev = BoxAnn::from_corners("a", other);
        assert!(close(rev.center(), b.center()));
        let [cx, cy] = b.center();
        assert!(b.contains(cx, cy));
        // Inside the upright box's corner but outside the turned one.
        assert!(!b.contains(31.0, 41.0));
        assert!(close(b.unturned(cx, cy), [cx, cy]));
    }

    #[test]
    fn four_point_outlines_become_turned_boxes_other_shapes_stay() {
        let b = BoxAnn::new("ship", 30.0, 40.0, 60.0, 20.0).rotated_by(20.0);
        let mut quad = BoxAnn::outlined("ship", b.corners().to_vec());
        quad.text = "HMS".into();
        let tri = BoxAnn::outlined("rock", vec![[0.0, 0.0], [9.0, 0.0], [0.0, 9.0]]);
        let mut boxes = vec![quad, tri.clone()];
        turn_quadrilaterals(&mut boxes);
        assert!(boxes[0].polygons.is_empty() && boxes[0].text == "HMS");
        assert_eq!(boxes[0].label, "ship");
        assert!((boxes[0].rotation - 20.0).abs() < 1e-3 && (boxes[0].w - 60.0).abs() < 1e-3);
        assert_eq!(boxes[1], tri);
    }

    #[test]
    fn a_turned_box_is_kept_whole_inside_the_image() {
        // Sticking out on the left: moved in, not cut.
        let b = BoxAnn::new("a", -20.0, 40.0, 60.0, 20.0).rotated_by(30.0);
        let c = clamp_rotated(&b, 200, 100).unwrap();
        assert_eq!((c.w, c.h, c.rotation), (60.0, 20.0, 30.0));
        let (x, _, _, _) = c.bounds();
        assert!(x.abs() < 1e-3, "{c:?}");
        // Too large for the image at that angle: made smaller, its shape kept.
        let big = BoxAnn::new("a", 0.0, 0.0, 300.0, 30.0).rotated_by(45.0);
        let c = clamp_rotated(&big, 100, 100).unwrap();
        let (x, y, w, h) = c.bounds();
        assert!(x >= -1e-3 && y >= -1e-3 && x + w <= 100.001 && y + h <= 100.001);
        assert!((c.w / c.h - 10.0).abs() < 1e-3);
        assert!(clamp_rotated(&big.rotated_by(f32::NAN), 100, 100).is_none());
    }
}
