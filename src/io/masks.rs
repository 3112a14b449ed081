//! Semantic segmentation masks from outlines: one grey PNG per image, each pixel the class of
//! the outline over it (the label's place in the task from 1, 0 for none), as HF's
//! segmentation datasets (`image` beside `annotation`) and the mask loaders of torchvision
//! and segmentation_models_pytorch read them.

use super::IoError;
use crate::core::BoxAnn;
use std::path::Path;

/// A class map being painted, row by row from the top, `width` × `height` pixels.
pub struct ClassMap {
    width: u32,
    height: u32,
    pixels: Vec<u16>,
}

impl ClassMap {
    pub fn new(width: u32, height: u32) -> Self {
        let len = (width as usize).saturating_mul(height as usize);
        ClassMap {
            width,
            height,
            pixels: vec![0; len],
        }
    }

    /// The class at pixel (x, y); 0 outside the map.
    pub fn at(&self, x: u32, y: u32) -> u16 {
        if x >= self.width || y >= self.height {
            return 0;
        }
        self.pixels[y as usize * self.width as usize + x as usize]
    }

    /// Paints `class` on every pixel whose centre is inside the outline `parts`: inside any
    /// part, each even-odd, as COCO (pycocotools) and a click on the object count them.
    pub fn fill(&mut self, parts: &[Vec<[f32; 2]>], class: u16) {
        for part in parts {
            self.fill_part(part, class);
        }
    }

    fn fill_part(&mut self, p: &[[f32; 2]], class: u16) {
        let width = self.width as usize;
        crate::core::contour::runs(p, [0.0, 0.0], (self.width, self.height), |y, from, to| {
            let row = y as usize * width;
            self.pixels[row + from as usize..row + to as usize].fill(class);
        });
    }

    /// The map as a PNG: 8-bit grey for up to 255 classes, else 16-bit.
    pub fn png(&self, path_for_errors: &Path) -> Result<Vec<u8>, IoError> {
        use image::ImageEncoder;
        let mut out = Vec::new();
        let enc = image::codecs::png::PngEncoder::new_with_quality(
            &mut out,
            image::codecs::png::CompressionType::Fast,
            image::codecs::png::FilterType::Sub,
        );
        let done = if self.pixels.iter().all(|&c| c <= u16::from(u8::MAX)) {
            let bytes: Vec<u8> = self.pixels.iter().map(|&c| c as u8).collect();
            enc.write_image(
                &bytes,
                self.width,
                self.height,
                image::ExtendedColorType::L8,
            )
        } else {
            // The encoder takes native order and writes PNG's own.
            let bytes: Vec<u8> = self.pixels.iter().flat_map(|c| c.to_ne_bytes()).collect();
            enc.write_image(
                &bytes,
                self.width,
                self.height,
                image::ExtendedColorType::L16,
            )
        };
        done.map_err(|e| IoError::invalid(path_for_errors, e.to_string()))?;
        Ok(out)
    }
}

/// The class map of an image's objects: each outlined one painted with its label's class
/// (`class_of`: from 1; None leaves it out), the larger first so an object drawn inside
/// another (a person on a road) stays on top. Returns the map and how many objects had no
/// outline (plain boxes: not painted, since a box is no mask).
pub fn class_map(
    width: u32,
    height: u32,
    boxes: &[BoxAnn],
    class_of: impl Fn(&str) -> Option<u16>,
) -> (ClassMap, u64) {
    let mut map = ClassMap::new(width, height);
    let mut unoutlined = 0;
    let mut order: Vec<(f64, &BoxAnn)> = Vec::with_capacity(boxes.len());
    for b in boxes {
        if b.polygons.is_empty() {
            unoutlined += 1;
        } else {
            order.push((b.area(), b));
        }
    }
    // Stable: objects of one size keep the annotator's order, the later on top.
    order.sort_by(|x, y| y.0.total_cmp(&x.0));
    for (_, b) in order {
        if let Some(class) = class_of(&b.label) {
            map.fill(&b.polygons, class);
        }
    }
    (map, unoutlined)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(m: &ClassMap) -> Vec<String> {
        (0..m.height)
            .map(|y| {
                (0..m.width)
                    .map(|x| char::from(b'0' + m.at(x, y) as u8))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn pixels_whose_centre_is_inside_are_painted_holes_left() {
        let mut m = ClassMap::new(6, 5);
        // A square from 1 to 5 with a hole from 2 to 4, the hole joined to the outside by a
        // cut along x = 1 to 2 (as outlines of masks have their holes); a part past the
        // edge is cut off.
        let holed = vec![
            [1.0, 0.0],
            [5.0, 0.0],
            [5.0, 4.0],
            [1.0, 4.0],
            [1.0, 1.0],
            [2.0, 1.0],
            [2.0, 3.0],
            [4.0, 3.0],
            [4.0, 1.0],
            [2.0, 1.0],
            [1.0, 1.0],
        ];
        m.fill(&[holed], 3);
        assert_eq!(rows(&m), ["033330", "030030", "030030", "033330", "000000"]);
        // Parts of one outline add up, as in COCO: a part inside another is no hole.
        let mut u = ClassMap::new(3, 3);
        let outer = vec![[0.0, 0.0], [3.0, 0.0], [3.0, 3.0], [0.0, 3.0]];
        let inner = vec![[1.0, 1.0], [2.0, 1.0], [2.0, 2.0], [1.0, 2.0]];
        u.fill(&[outer, inner], 1);
        assert_eq!(rows(&u), ["111", "111", "111"]);
        m.fill(&[vec![[4.0, 3.0], [9.0, 3.0], [9.0, 9.0], [4.0, 9.0]]], 1);
        assert_eq!(rows(&m)[3..], ["033311", "000011"]);
        // Degenerate and broken outlines paint nothing, and do not panic.
        m.fill(&[vec![[0.0, 0.0], [f32::NAN, 1.0], [1.0, 1.0]]], 9);
        m.fill(&[vec![[0.0, 0.0], [3.0, 3.0]]], 9);
        m.fill(&[vec![[-9.0, -9.0], [-1.0, -9.0], [-1.0, -1.0]]], 9);
        assert!(rows(&m).iter().all(|r| !r.contains('9')));
    }

    #[test]
    fn the_larger_object_goes_under_and_boxes_are_left_out() {
        let road = BoxAnn::outlined("road", vec![[0.0, 0.0], [4.0, 0.0], [4.0, 4.0], [0.0, 4.0]]);
        let person = BoxAnn::outlined(
            "person",
            vec![[1.0, 1.0], [3.0, 1.0], [3.0, 3.0], [1.0, 3.0]],
        );
        let plain = BoxAnn::new("person", 0.0, 0.0, 2.0, 2.0);
        let class = |l: &str| match l {
            "person" => Some(1),
            "road" => Some(2),
            _ => None,
        };
        // The person drawn first still lies over the road.
        let (m, unoutlined) = class_map(4, 4, &[person, road, plain], class);
        assert_eq!(rows(&m), ["2222", "2112", "2112", "2222"]);
        assert_eq!(unoutlined, 1);
        let png = m.png(Path::new("x.png")).unwrap();
        let back = image::load_from_memory(&png).unwrap().to_luma8();
        assert_eq!((back.width(), back.get_pixel(1, 1)[0]), (4, 1));
        // Past 255 classes the PNG is 16-bit.
        let mut wide = ClassMap::new(2, 1);
        wide.fill(&[vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]]], 300);
        let png = wide.png(Path::new("x.png")).unwrap();
        let back = image::load_from_memory(&png).unwrap().to_luma16();
        assert_eq!(back.get_pixel(0, 0)[0], 300);
    }
}
