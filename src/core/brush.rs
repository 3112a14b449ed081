//! The brush on outlines: a stroke of round dabs painted into an object (or out of it), the
//! object's pixels traced again into its outline. Edges a model's mask got wrong, hair, a
//! hand over a cup: fixed by painting, not by moving a hundred points.

use super::BoxAnn;
use super::contour::BitMask;

/// Tracing after a stroke keeps the outline this close (px) to the pixels' edge: under half
/// a pixel, so painting again elsewhere leaves the rest of the outline where it was.
pub const TOLERANCE: f32 = 0.45;

/// One drag of the brush, in image pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct Stroke {
    /// Where the brush's centre went (one point: a single dab).
    pub points: Vec<[f32; 2]>,
    pub radius: f32,
    /// Paints out of the object instead of into it.
    pub erase: bool,
}

/// What a stroke made of an object.
#[derive(Debug, Clone, PartialEq)]
pub enum Brushed {
    /// Its new shape (or a new object's, painted where there was none).
    Shape(BoxAnn),
    /// Erased to nothing.
    Gone,
    /// The stroke changed no pixel of it.
    Unchanged,
}

/// Object `b` (None: a new one labelled `label`) with `stroke` painted in or out, in an image
/// of `image` pixels (w, h). A plain box painted on becomes an outline of its rectangle and
/// the stroke.
pub fn brushed(b: Option<&BoxAnn>, label: &str, stroke: &Stroke, image: [f32; 2]) -> Brushed {
    let r = stroke.radius.max(0.5);
    let finite = |p: &&[f32; 2]| p[0].is_finite() && p[1].is_finite();
    let points: Vec<[f32; 2]> = stroke.points.iter().filter(finite).copied().collect();
    if points.is_empty() || !r.is_finite() {
        return Brushed::Unchanged;
    }
    let mut lo = [f32::MAX; 2];
    let mut hi = [f32::MIN; 2];
    for p in &points {
        for k in 0..2 {
            lo[k] = lo[k].min(p[k] - r);
            hi[k] = hi[k].max(p[k] + r);
        }
    }
    repainted(b, label, [lo, hi], !stroke.erase, image, |mask, origin| {
        paint(mask, origin, &points, r, !stroke.erase)
    })
}

/// Object `b` (None: a new one labelled `label`) with the region outlined by `parts` (each
/// even-odd, as a traced mask's are, in image pixels) added to it, or taken out of it.
pub fn filled(
    b: Option<&BoxAnn>,
    label: &str,
    parts: &[Vec<[f32; 2]>],
    erase: bool,
    image: [f32; 2],
) -> Brushed {
    let points = parts
        .iter()
        .flatten()
        .filter(|p| p.iter().all(|v| v.is_finite()));
    let mut lo = [f32::MAX; 2];
    let mut hi = [f32::MIN; 2];
    for p in points {
        for k in 0..2 {
            lo[k] = lo[k].min(p[k]);
            hi[k] = hi[k].max(p[k]);
        }
    }
    if lo[0] > hi[0] {
        return Brushed::Unchanged;
    }
    if b.is_none() && !erase {
        // A new object is the region as traced: no second tracing, no more points.
        let mut out = BoxAnn::outlined(label, parts[0].clone());
        out.polygons = parts.to_vec();
        out.fit_to_polygons();
        return Brushed::Shape(out);
    }
    repainted(b, label, [lo, hi], !erase, image, |mask, origin| {
        let before = mask.bits.clone();
        mask.fill(parts, origin, !erase);
        mask.bits != before
    })
}

/// `b`'s pixels (and those of bounds `[lo, hi]`, inside the image) changed by `change`, traced
/// again. Painting in (`adds`) with no object makes a new one; taking out of none does nothing.
fn repainted(
    b: Option<&BoxAnn>,
    label: &str,
    [mut lo, mut hi]: [[f32; 2]; 2],
    adds: bool,
    image: [f32; 2],
    change: impl FnOnce(&mut BitMask, [f32; 2]) -> bool,
) -> Brushed {
    if b.is_none() && !adds {
        return Brushed::Unchanged;
    }
    if let Some(b) = b {
        (lo[0], lo[1]) = (lo[0].min(b.x), lo[1].min(b.y));
        (hi[0], hi[1]) = (hi[0].max(b.x + b.w), hi[1].max(b.y + b.h));
    }
    let x0 = lo[0].floor().clamp(0.0, image[0]);
    let y0 = lo[1].floor().clamp(0.0, image[1]);
    let x1 = hi[0].ceil().clamp(0.0, image[0]);
    let y1 = hi[1].ceil().clamp(0.0, image[1]);
    let (w, h) = ((x1 - x0) as usize, (y1 - y0) as usize);
    if w == 0 || h == 0 {
        return Brushed::Unchanged;
    }
    let origin = [x0, y0];
    let mut mask = BitMask::new(w, h);
    if let Some(b) = b {
        let parts = b.shape_parts();
        mask.fill(&parts, origin, true);
    }
    if !change(&mut mask, origin) {
        return Brushed::Unchanged;
    }
    let parts = mask.outlines(origin, TOLERANCE);
    if parts.is_empty() {
        return Brushed::Gone;
    }
    let mut out = match b {
        Some(b) => b.clone(),
        None => BoxAnn::new(label, 0.0, 0.0, 0.0, 0.0),
    };
    out.polygons = parts;
    out.fit_to_polygons();
    Brushed::Shape(out)
}

/// Sets (or clears) the pixels whose centre is within `r` of the stroke's path; true when
/// any pixel changed.
fn paint(mask: &mut BitMask, origin: [f32; 2], points: &[[f32; 2]], r: f32, on: bool) -> bool {
    let mut changed = false;
    let segments: Vec<([f32; 2], [f32; 2])> = match points {
        [only] => vec![(*only, *only)],
        _ => points.windows(2).map(|w| (w[0], w[1])).collect(),
    };
    for (a, b) in segments {
        let span = |k: usize, size: usize| {
            let lo = (a[k].min(b[k]) - r - origin[k]).floor().max(0.0) as usize;
            let hi = ((a[k].max(b[k]) + r - origin[k]).ceil().max(0.0) as usize).min(size);
            lo..hi
        };
        let (d, len2) = (
            [b[0] - a[0], b[1] - a[1]],
            (b[0] - a[0]).powi(2) + (b[1] - a[1]).powi(2),
        );
        for y in span(1, mask.height) {
            for x in span(0, mask.width) {
                let c = [origin[0] + x as f32 + 0.5, origin[1] + y as f32 + 0.5];
                // The nearest point of the segment to the pixel's centre.
                let t = if len2 > 0.0 {
                    (((c[0] - a[0]) * d[0] + (c[1] - a[1]) * d[1]) / len2).clamp(0.0, 1.0)
                } else {
                    0.0
                };
                let (nx, ny) = (a[0] + t * d[0] - c[0], a[1] + t * d[1] - c[1]);
                let i = y * mask.width + x;
                if nx * nx + ny * ny <= r * r && mask.bits[i] != on {
                    mask.bits[i] = on;
                    changed = true;
                }
            }
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x: f32, y: f32, s: f32) -> BoxAnn {
        BoxAnn::outlined("cat", vec![[x, y], [x + s, y], [x + s, y + s], [x, y + s]])
    }

    fn shape(b: Brushed) -> BoxAnn {
        match b {
            Brushed::Shape(b) => b,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn painting_grows_the_outline_and_erasing_cuts_it() {
        let img = [100.0, 100.0];
        let cat = BoxAnn {
            attributes: vec!["occluded".into()],
            ..square(10.0, 10.0, 20.0)
        };
        // A stroke from inside out to the right: the outline reaches it; the rest stays.
        let grown = shape(brushed(
            Some(&cat),
            "dog",
            &Stroke {
                points: vec![[25.0, 20.0], [45.0, 20.0]],
                radius: 3.0,
                erase: false,
            },
            img,
        ));
        assert_eq!(
            (grown.x, grown.y, grown.label.as_str()),
            (10.0, 10.0, "cat")
        );
        assert!((47.0..=48.0).contains(&(grown.x + grown.w)), "{grown:?}");
        assert!(grown.contains(44.0, 20.0) && !grown.contains(44.0, 25.0));
        assert_eq!(
            grown.attributes,
            ["occluded"],
            "the object keeps what it had"
        );
        // Erased across the middle: one object of two parts.
        let cut = shape(brushed(
            Some(&cat),
            "cat",
            &Stroke {
                points: vec![[5.0, 20.0], [35.0, 20.0]],
                radius: 2.0,
                erase: true,
            },
            img,
        ));
        assert_eq!(cut.polygons.len(), 2, "{cut:?}");
        assert!(!cut.contains(20.0, 20.0) && cut.contains(20.0, 12.0));
        // Painting again elsewhere leaves the outline where it was: no drift.
        let again = shape(brushed(
            Some(&cut),
            "cat",
            &Stroke {
                points: vec![[80.0, 80.0]],
                radius: 2.0,
                erase: false,
            },
            img,
        ));
        assert_eq!(&again.polygons[..2], &cut.polygons[..], "{again:?}");
    }

    #[test]
    fn a_stroke_on_nothing_makes_an_object_and_one_erasing_all_of_it_removes_it() {
        let img = [50.0, 40.0];
        let dab = Stroke {
            points: vec![[48.0, 20.0]],
            radius: 4.0,
            erase: false,
        };
        let new = shape(brushed(None, "cup", &dab, img));
        assert_eq!(new.label, "cup");
        assert!(new.x + new.w <= 50.0, "kept in the image: {new:?}");
        let all = Stroke {
            radius: 10.0,
            erase: true,
            ..dab.clone()
        };
        assert_eq!(brushed(Some(&new), "cup", &all, img), Brushed::Gone);
        let far = Stroke {
            points: vec![[5.0, 5.0]],
            ..all
        };
        assert_eq!(brushed(Some(&new), "cup", &far, img), Brushed::Unchanged);
        assert_eq!(brushed(None, "cup", &far, img), Brushed::Unchanged);
        // A plain box painted on becomes the outline of its rectangle and the dab.
        let plain = BoxAnn::new("cup", 0.0, 0.0, 10.0, 10.0);
        let outlined = shape(brushed(
            Some(&plain),
            "cup",
            &Stroke {
                points: vec![[12.0, 5.0]],
                radius: 3.0,
                erase: false,
            },
            img,
        ));
        assert!(outlined.contains(1.0, 1.0) && outlined.contains(14.0, 5.0));
        assert!(!outlined.contains(14.0, 1.0));
    }

    #[test]
    fn a_region_filled_in_joins_the_object_and_filled_out_cuts_it() {
        let image = [100.0, 100.0];
        let cat = square(10.0, 10.0, 20.0);
        // A region beside it, touching: one object, the two squares' area.
        let beside = vec![vec![[30.0, 10.0], [40.0, 10.0], [40.0, 30.0], [30.0, 30.0]]];
        let b = shape(filled(Some(&cat), "cat", &beside, false, image));
        assert_eq!((b.x, b.y, b.w, b.h), (10.0, 10.0, 30.0, 20.0));
        assert_eq!(b.polygons.len(), 1, "{:?}", b.polygons);
        // The same region taken out of the joined object gives the square back.
        let back = shape(filled(Some(&b), "cat", &beside, true, image));
        assert_eq!((back.x, back.y, back.w, back.h), (10.0, 10.0, 20.0, 20.0));
        // Taken out where it is not: unchanged; on nothing, a new object of the label.
        assert_eq!(
            filled(Some(&cat), "cat", &beside, true, image),
            Brushed::Unchanged
        );
        let new = shape(filled(None, "dog", &beside, false, image));
        assert_eq!((new.label.as_str(), new.w, new.h), ("dog", 10.0, 20.0));
        // Filling out all of it removes it; nothing to fill changes nothing.
        let all = vec![vec![[0.0, 0.0], [50.0, 0.0], [50.0, 50.0], [0.0, 50.0]]];
        assert_eq!(filled(Some(&cat), "cat", &all, true, image), Brushed::Gone);
        assert_eq!(
            filled(Some(&cat), "cat", &[], false, image),
            Brushed::Unchanged
        );
    }
}
