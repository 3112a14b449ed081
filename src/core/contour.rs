//! Masks as outlines: the edges between a mask's pixels and the rest joined into closed
//! polygons along the pixel grid, then simplified. Each region is one part, its holes joined
//! to its outside by a cut of no width, so the parts add up as COCO's do (a part inside
//! another is no hole) and each, filled even-odd, gives back the region's pixels.

use std::collections::HashMap;

/// A mask of `width` × `height` pixels, row by row from the top.
pub struct BitMask {
    pub width: usize,
    pub height: usize,
    pub bits: Vec<bool>,
}

/// The pixels whose centre is inside polygon `part` (even-odd), row by row: `f(y, from, to)`
/// for each run of pixels `from..to` of row `y`, on a grid of `width` × `height` pixels whose
/// first pixel's corner is at `origin` in the polygon's coordinates.
pub fn runs(
    part: &[[f32; 2]],
    origin: [f32; 2],
    (width, height): (u32, u32),
    mut f: impl FnMut(u32, u32, u32),
) {
    if part.len() < 3 {
        return;
    }
    let n = part.len();
    let edges: Vec<([f32; 2], [f32; 2])> = (0..n)
        .map(|i| (part[i], part[(i + 1) % n]))
        .map(|(a, b)| {
            let at = |p: [f32; 2]| [p[0] - origin[0], p[1] - origin[1]];
            (at(a), at(b))
        })
        .filter(|(a, b)| a.iter().chain(b).all(|v| v.is_finite()))
        .collect();
    let Some((lo, hi)) = edges.iter().fold(None, |acc: Option<(f32, f32)>, (a, b)| {
        let (l, h) = (a[1].min(b[1]), a[1].max(b[1]));
        Some(acc.map_or((l, h), |(x, y)| (x.min(l), y.max(h))))
    }) else {
        return;
    };
    // Rows whose centre (y + 0.5) can be inside.
    let first = (lo - 0.5).ceil().max(0.0) as u32;
    let last = ((hi - 0.5).floor().min(height as f32 - 1.0)).max(-1.0);
    if last < 0.0 {
        return;
    }
    let mut xs: Vec<f32> = Vec::new();
    for y in first..=last as u32 {
        let yc = y as f32 + 0.5;
        xs.clear();
        for &(a, b) in &edges {
            // Half-open, so a vertex on the line counts once.
            if (a[1] <= yc) != (b[1] <= yc) {
                let t = (yc - a[1]) / (b[1] - a[1]);
                xs.push(a[0] + t * (b[0] - a[0]));
            }
        }
        xs.sort_by(f32::total_cmp);
        for pair in xs.chunks_exact(2) {
            // Pixels whose centre (x + 0.5) lies in [from, to).
            let from = (pair[0] - 0.5).ceil().max(0.0);
            let to = (pair[1] - 0.5).ceil().min(width as f32);
            if to > from {
                f(y, from as u32, to as u32);
            }
        }
    }
}

impl BitMask {
    pub fn new(width: usize, height: usize) -> Self {
        BitMask {
            width,
            height,
            bits: vec![false; width.saturating_mul(height)],
        }
    }

    /// Sets (or clears) the pixels inside any of `parts` (each even-odd, as COCO adds them
    /// up), the mask's first pixel's corner being at `origin`.
    pub fn fill(&mut self, parts: &[Vec<[f32; 2]>], origin: [f32; 2], on: bool) {
        let size = (self.width as u32, self.height as u32);
        for part in parts {
            runs(part, origin, size, |y, from, to| {
                let row = y as usize * self.width;
                self.bits[row + from as usize..row + to as usize].fill(on);
            });
        }
    }

    fn on(&self, x: isize, y: isize) -> bool {
        x >= 0
            && y >= 0
            && (x as usize) < self.width
            && (y as usize) < self.height
            && self.bits[y as usize * self.width + x as usize]
    }

    /// The mask's outline: one closed polygon per region (pixels joined side by side), its
    /// holes cut in, in pixels from `origin` (the mask's top-left corner in the image), each
    /// boundary simplified so no corner of the pixel edge strays more than `tolerance` px
    /// from it. Boundaries of fewer than 3 points after that are dropped.
    pub fn outlines(&self, origin: [f32; 2], tolerance: f32) -> Vec<Vec<[f32; 2]>> {
        let rings = self.rings(tolerance);
        // The outside of a region runs clockwise (its pixels on the right), a hole's the
        // other way.
        let (mut outer, holes): (Vec<_>, Vec<_>) =
            rings.into_iter().partition(|r| twice_area(r) > 0);
        for hole in holes {
            // Its region: the pixel on the right of its first edge is in it, inside that
            // region's outside and any outside around it; the smallest is the region's.
            let (a, b) = (hole[0], hole[1 % hole.len()]);
            let (dx, dy) = (b.0 - a.0, b.1 - a.1);
            let probe = (
                (a.0 + b.0) as f32 / 2.0 - dy.signum() as f32 * 0.5,
                (a.1 + b.1) as f32 / 2.0 + dx.signum() as f32 * 0.5,
            );
            let around = (0..outer.len())
                .filter(|&i| inside(&outer[i], probe))
                .min_by_key(|&i| twice_area(&outer[i]));
            if let Some(i) = around {
                outer[i] = cut_in(&outer[i], &hole);
            }
        }
        outer
            .into_iter()
            .map(|r| {
                (r.iter())
                    .map(|&(x, y)| [origin[0] + x as f32, origin[1] + y as f32])
                    .collect()
            })
            .collect()
    }

    /// Every boundary as a ring of grid corners, simplified.
    fn rings(&self, tolerance: f32) -> Vec<Vec<(i32, i32)>> {
        let edges = self.edges();
        // Each corner's outgoing edges (two at a corner where regions touch diagonally).
        let mut out: HashMap<(i32, i32), Vec<usize>> = HashMap::new();
        for (i, e) in edges.iter().enumerate() {
            out.entry(e.0).or_default().push(i);
        }
        let mut used = vec![false; edges.len()];
        let mut rings = Vec::new();
        for start in 0..edges.len() {
            if used[start] {
                continue;
            }
            let mut ring = Vec::new();
            let mut at = start;
            loop {
                used[at] = true;
                let (from, to) = edges[at];
                ring.push(from);
                let dir = (to.0 - from.0, to.1 - from.1);
                let Some(next) = (out.get(&to).into_iter().flatten())
                    .copied()
                    .filter(|&i| !used[i])
                    .max_by_key(|&i| turn(dir, edges[i]))
                else {
                    break;
                };
                at = next;
            }
            let ring = simplify(&corners_only(&ring), tolerance);
            if ring.len() >= 3 {
                rings.push(ring);
            }
        }
        rings
    }

    /// The pixel edges between the mask and the rest, each from one grid corner to the next,
    /// the mask on their right (clockwise around a region, as y grows downwards).
    fn edges(&self) -> Vec<((i32, i32), (i32, i32))> {
        let mut edges = Vec::new();
        for y in 0..self.height as isize {
            for x in 0..self.width as isize {
                if !self.on(x, y) {
                    continue;
                }
                let (x, y, xi, yi) = (x, y, x as i32, y as i32);
                if !self.on(x, y - 1) {
                    edges.push(((xi, yi), (xi + 1, yi)));
                }
                if !self.on(x + 1, y) {
                    edges.push(((xi + 1, yi), (xi + 1, yi + 1)));
                }
                if !self.on(x, y + 1) {
                    edges.push(((xi + 1, yi + 1), (xi, yi + 1)));
                }
                if !self.on(x - 1, y) {
                    edges.push(((xi, yi + 1), (xi, yi)));
                }
            }
        }
        edges
    }
}

/// Twice the ring's signed area: positive when it runs clockwise on screen (y down).
fn twice_area(r: &[(i32, i32)]) -> i64 {
    let n = r.len();
    (0..n)
        .map(|i| {
            let (a, b) = (r[i], r[(i + 1) % n]);
            i64::from(a.0) * i64::from(b.1) - i64::from(b.0) * i64::from(a.1)
        })
        .sum()
}

/// Whether point `p` is inside ring `r` (even-odd).
fn inside(r: &[(i32, i32)], p: (f32, f32)) -> bool {
    let n = r.len();
    let mut inside = false;
    for i in 0..n {
        let (xi, yi) = (r[i].0 as f32, r[i].1 as f32);
        let (xj, yj) = (r[(i + n - 1) % n].0 as f32, r[(i + n - 1) % n].1 as f32);
        if (yi > p.1) != (yj > p.1) && p.0 < (xj - xi) * (p.1 - yi) / (yj - yi) + xi {
            inside = !inside;
        }
    }
    inside
}

/// `outer` with `hole` cut in: from the outer corner nearest the hole, across to it, round
/// the hole and back — a cut of no width, so the part filled even-odd leaves the hole out.
fn cut_in(outer: &[(i32, i32)], hole: &[(i32, i32)]) -> Vec<(i32, i32)> {
    let d2 = |a: (i32, i32), b: (i32, i32)| {
        let (dx, dy) = (i64::from(a.0 - b.0), i64::from(a.1 - b.1));
        dx * dx + dy * dy
    };
    let mut best = (i64::MAX, 0, 0);
    for (i, &o) in outer.iter().enumerate() {
        for (j, &h) in hole.iter().enumerate() {
            if d2(o, h) < best.0 {
                best = (d2(o, h), i, j);
            }
        }
    }
    let (_, i, j) = best;
    let mut out = Vec::with_capacity(outer.len() + hole.len() + 2);
    out.extend_from_slice(&outer[..=i]);
    out.extend(hole[j..].iter().chain(&hole[..=j]));
    out.extend_from_slice(&outer[i..]);
    out
}

/// How an edge turns from direction `dir`: a right turn first, so regions touching at a
/// corner are traced apart.
fn turn(dir: (i32, i32), e: ((i32, i32), (i32, i32))) -> i32 {
    let d = (e.1.0 - e.0.0, e.1.1 - e.0.1);
    // The cross product's sign, y down: positive is a right turn on screen.
    dir.0 * d.1 - dir.1 * d.0
}

/// The ring's corners: points where it changes direction.
fn corners_only(ring: &[(i32, i32)]) -> Vec<(i32, i32)> {
    let n = ring.len();
    (0..n)
        .filter(|&i| {
            let (a, b, c) = (ring[(i + n - 1) % n], ring[i], ring[(i + 1) % n]);
            (b.0 - a.0) * (c.1 - b.1) != (b.1 - a.1) * (c.0 - b.0)
        })
        .map(|i| ring[i])
        .collect()
}

/// Douglas–Peucker on a closed ring: split at its first point and the point farthest from
/// it, each half simplified within `tolerance`.
fn simplify(ring: &[(i32, i32)], tolerance: f32) -> Vec<(i32, i32)> {
    if ring.len() <= 4 || tolerance <= 0.0 {
        return ring.to_vec();
    }
    let d2 = |a: (i32, i32), b: (i32, i32)| {
        let (dx, dy) = ((a.0 - b.0) as f32, (a.1 - b.1) as f32);
        dx * dx + dy * dy
    };
    let far = (1..ring.len())
        .max_by(|&i, &j| d2(ring[0], ring[i]).total_cmp(&d2(ring[0], ring[j])))
        .unwrap_or(1);
    // The ring closed by its first point again, which ends the second half.
    let closed: Vec<(i32, i32)> = ring.iter().copied().chain([ring[0]]).collect();
    let mut keep = vec![false; closed.len()];
    keep[0] = true;
    keep[far] = true;
    mark(&closed, 0, far, tolerance, &mut keep);
    mark(&closed, far, ring.len(), tolerance, &mut keep);
    (0..ring.len())
        .filter(|&i| keep[i])
        .map(|i| ring[i])
        .collect()
}

/// Marks the points between `a` and `b` that stray more than `tolerance` from the line a–b
/// (worst first, recursively, with an explicit stack: a ring may have many thousand points).
fn mark(p: &[(i32, i32)], a: usize, b: usize, tolerance: f32, keep: &mut [bool]) {
    let mut stack = vec![(a, b)];
    while let Some((a, b)) = stack.pop() {
        if b <= a + 1 {
            continue;
        }
        let (pa, pb) = (p[a], p[b]);
        let (dx, dy) = ((pb.0 - pa.0) as f32, (pb.1 - pa.1) as f32);
        let len = (dx * dx + dy * dy).sqrt().max(f32::EPSILON);
        let (mut worst, mut at) = (0.0f32, a);
        for (i, q) in p.iter().enumerate().take(b).skip(a + 1) {
            let d = ((q.0 - pa.0) as f32 * dy - (q.1 - pa.1) as f32 * dx).abs() / len;
            if d > worst {
                (worst, at) = (d, i);
            }
        }
        if worst > tolerance {
            keep[at] = true;
            stack.push((a, at));
            stack.push((at, b));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mask(rows: &[&str]) -> BitMask {
        BitMask {
            width: rows[0].len(),
            height: rows.len(),
            bits: rows
                .iter()
                .flat_map(|r| r.bytes().map(|b| b == b'#'))
                .collect(),
        }
    }

    /// The pixels whose centre the rings cover, even-odd, as the masks export paints them.
    fn painted(rings: &[Vec<[f32; 2]>], w: usize, h: usize) -> Vec<String> {
        let mut b = crate::core::BoxAnn::outlined("x", rings[0].clone());
        b.polygons = rings.to_vec();
        b.fit_to_polygons();
        (0..h)
            .map(|y| {
                (0..w)
                    .map(|x| match b.contains(x as f32 + 0.5, y as f32 + 0.5) {
                        true => '#',
                        false => '.',
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn outlines_give_back_the_pixels_holes_and_diagonal_touches_included() {
        let rows = [
            "......#", ".####.#", ".#..#..", ".#.##..", ".####..", "#......",
        ];
        let m = mask(&rows);
        let rings = m.outlines([0.0, 0.0], 0.0);
        assert_eq!(painted(&rings, 7, 6), rows);
        // Three regions (two touch the square only at a corner), the hole cut into the square.
        assert_eq!(rings.len(), 3, "{rings:?}");
        assert!(
            rings
                .iter()
                .any(|r| r.len() == 12 && r.contains(&[5.0, 5.0])),
            "{rings:?}"
        );
        // Where the origin is, the outline is.
        let moved = m.outlines([10.0, 20.0], 0.0);
        assert!(moved.iter().any(|r| r.contains(&[11.0, 21.0])), "{moved:?}");
    }

    #[test]
    fn a_round_mask_with_a_hole_and_an_island_is_simplified_within_the_tolerance() {
        let (w, h) = (60, 60);
        let bits = (0..w * h)
            .map(|i| {
                let (x, y) = ((i % w) as f32 + 0.5 - 30.0, (i / w) as f32 + 0.5 - 30.0);
                let r2 = x * x + y * y;
                // A ring, with an island in its hole.
                (10.0 * 10.0..=25.0 * 25.0).contains(&r2) || r2 <= 4.0 * 4.0
            })
            .collect();
        let m = BitMask {
            width: w,
            height: h,
            bits,
        };
        let exact = m.outlines([0.0, 0.0], 0.0);
        let simple = m.outlines([0.0, 0.0], 1.0);
        assert_eq!((exact.len(), simple.len()), (2, 2));
        assert!(
            simple[0].len() * 3 < exact[0].len(),
            "{} of {}",
            simple[0].len(),
            exact[0].len()
        );
        // Still the same disc, give or take the pixels along its edge.
        let (a, b) = (painted(&exact, w, h), painted(&simple, w, h));
        let differ = (a.iter().zip(&b))
            .map(|(x, y)| x.chars().zip(y.chars()).filter(|(p, q)| p != q).count())
            .sum::<usize>();
        assert!(differ < 80, "{differ} pixels differ");
        assert!(
            BitMask {
                width: 0,
                height: 0,
                bits: vec![]
            }
            .outlines([0.0; 2], 1.0)
            .is_empty()
        );
    }
}
