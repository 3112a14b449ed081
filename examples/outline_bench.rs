//! Speed of outlines (polygons) and poses (keypoints), on data this program generates.
//! `cargo run --release --example outline_bench [-- --small] [--poses | --turned]`
//!
//! Prints: COCO (segmentation), JSONL, YOLO (segmentation lines) and HF imagefolder (a class
//! mask PNG per image) exports of 20k images with 10 outlines of 24 points each, one 12 MP
//! mask, a 12 MP RLE mask traced to an outline, and the agreement of two annotators' outlines
//! (matched by the overlap of their shapes), the Statistics window's figure. With
//! `--poses`, 10 people of COCO's 17 keypoints each instead (COCO keypoints, YOLO pose
//! lines, agreement by keypoint similarity). With `--turned`, 10 turned boxes each (COCO,
//! YOLO OBB lines, DOTA, labelme, Pascal VOC), and the DOTA and YOLO exports read back.

use keylabel::core::timing::Clock;
use keylabel::core::{Annotation, BoxAnn, ItemFilter, Status, SystemClock};
use keylabel::project::{ExportFormat, InitOptions, Project};
use std::time::Instant;

mod common;

/// Points on each outline: about what an annotator clicks around a car or a person.
const POINTS: usize = 24;

fn main() -> anyhow::Result<()> {
    let small = std::env::args().any(|a| a == "--small");
    let poses = std::env::args().any(|a| a == "--poses");
    let turned = std::env::args().any(|a| a == "--turned");
    let (template, what) = match (poses, turned) {
        (true, _) => ("poses", "10 people of 17 keypoints each"),
        (_, true) => ("rotated-boxes", "10 turned boxes each"),
        _ => ("outlines", "10 outlines of 24 points each"),
    };
    let objects = |k: usize, off: f32| match (poses, turned) {
        (true, _) => people(k, off),
        (_, true) => turned_boxes(k, off),
        _ => outlines(k, off),
    };
    let n_images = if small { 2_000 } else { 20_000 };
    let tmp = tempfile::tempdir()?;
    let imgs = tmp.path().join("images");
    std::fs::create_dir_all(&imgs)?;
    let bytes = common::jpeg(640, 480, 7)?;
    for i in 0..n_images {
        std::fs::write(imgs.join(format!("img{i}.jpg")), &bytes)?;
    }
    let (mut project, _) = Project::init(
        &tmp.path().join("proj"),
        &InitOptions {
            media: imgs,
            template: Some(template.into()),
            annotator: Some("ana".into()),
            ..Default::default()
        },
    )?;
    let ids = project.store.item_ids(ItemFilter::All)?;
    let now = SystemClock.now_ms();
    project.store.batch(|store| {
        for (k, &id) in ids.iter().enumerate() {
            store.save_annotation(id, "ana", &objects(k, 0.0), now)?;
            store.set_status(id, Status::Submitted)?;
            // A second annotator: the same objects a few pixels off, one of ten missed.
            let mut theirs = objects(k, 3.0);
            theirs.boxes.pop();
            store.save_annotation(id, "bob", &theirs, now)?;
        }
        Ok(())
    })?;
    println!("{} images, {what}, two annotators", ids.len());
    let submitted = ItemFilter::Status(Status::Submitted);
    let mut formats = vec![
        (ExportFormat::Coco, "coco.json"),
        (ExportFormat::Jsonl, "rows.jsonl"),
        (ExportFormat::Yolo, "yolo"),
        (ExportFormat::ImageFolder, "hf"),
    ];
    if turned {
        formats.extend([
            (ExportFormat::Dota, "dota"),
            (ExportFormat::Labelme, "labelme"),
            (ExportFormat::Voc, "voc"),
        ]);
    }
    for (format, name) in formats {
        let out = tmp.path().join(name);
        let t = Instant::now();
        let e = project.export(format, &out, submitted)?;
        println!(
            "export {name}: {} images / {} objects in {:.2} s",
            e.items,
            e.boxes,
            t.elapsed().as_secs_f64()
        );
    }
    if turned {
        // Each dataset read back into a fresh project of the same images.
        for (name, source) in [("DOTA", "dota/labelTxt"), ("YOLO OBB", "yolo")] {
            let (mut again, _) = Project::init(
                &tmp.path().join(format!("again-{name}")),
                &InitOptions {
                    media: tmp.path().join("images"),
                    template: Some(template.into()),
                    ..Default::default()
                },
            )?;
            let t = Instant::now();
            let r = again.import(&tmp.path().join(source))?;
            println!(
                "import {name} back: {} images in {:.2} s",
                r.annotated,
                t.elapsed().as_secs_f64()
            );
        }
    }
    let t = Instant::now();
    let tally = project.store.agreement(&project.config.controls)?;
    println!(
        "agreement of the two annotators' objects on {} items: {:.2} s",
        tally.items,
        t.elapsed().as_secs_f64()
    );
    if turned {
        return Ok(());
    }
    if !poses {
        // A 12 MP photo's mask: the ten outlines scaled up 6.25 times.
        let big: Vec<BoxAnn> = (objects(1, 0.0).boxes.iter())
            .map(|b| {
                let ring = b.polygons[0].iter().map(|&[x, y]| [x * 6.25, y * 6.25]);
                BoxAnn::outlined(b.label.clone(), ring.collect())
            })
            .collect();
        let t = Instant::now();
        let (map, _) = keylabel::io::masks::class_map(4000, 3000, &big, |_| Some(1));
        let painted = t.elapsed().as_secs_f64() * 1000.0;
        let png = map.png(std::path::Path::new("mask.png"))?;
        println!(
            "a 12 MP image's class mask (10 outlines): painted in {painted:.1} ms, PNG in {:.1} ms ({} KB)",
            t.elapsed().as_secs_f64() * 1000.0 - painted,
            png.len() / 1024
        );
    }
    if !poses {
        let seg = ring_rle(4000, 3000);
        let t = Instant::now();
        let parts = keylabel::io::rle::outlines_of(&seg).map_err(anyhow::Error::msg)?;
        let points: usize = parts.iter().flatten().map(Vec::len).sum();
        println!(
            "a 12 MP RLE mask (an elliptic ring, its hole cut in) traced to an outline of {points} points: {:.1} ms",
            t.elapsed().as_secs_f64() * 1000.0
        );
        // A brush stroke across that outline (its object about 3200×2400 px).
        let parts = parts.unwrap_or_default();
        let mut ring = BoxAnn::outlined("cat", parts.first().cloned().unwrap_or_default());
        ring.polygons = parts;
        ring.fit_to_polygons();
        let stroke = keylabel::core::brush::Stroke {
            points: (0..40).map(|i| [500.0 + i as f32 * 20.0, 1500.0]).collect(),
            radius: 30.0,
            erase: false,
        };
        let t = Instant::now();
        let done = keylabel::core::brush::brushed(Some(&ring), "cat", &stroke, [4000.0, 3000.0]);
        println!(
            "a brush stroke (40 dabs, radius 30 px) on that object, traced again: {:.1} ms ({})",
            t.elapsed().as_secs_f64() * 1000.0,
            matches!(done, keylabel::core::brush::Brushed::Shape(_))
        );
        wand_bench();
    }
    let (a, b) = (objects(1, 0.0), objects(1, 3.0));
    let t = Instant::now();
    let rounds = 2_000;
    let mut matched = 0;
    for _ in 0..rounds {
        matched += keylabel::core::matching::matched_boxes(&a.boxes, &b.boxes).len();
    }
    println!(
        "match 10 objects against 10: {:.3} ms ({} pairs matched)",
        t.elapsed().as_secs_f64() * 1000.0 / f64::from(rounds),
        matched / rounds as usize
    );
    println!("peak RSS {} MB", common::peak_rss_mb());
    Ok(())
}

/// Ten star-like outlines in a row across a 640×480 image, shifted by `off` pixels.
fn outlines(k: usize, off: f32) -> Annotation {
    let boxes = (0..10)
        .map(|i| {
            let (cx, cy) = (40.0 + i as f32 * 60.0 + off, 240.0 + off);
            let ring = (0..POINTS)
                .map(|p| {
                    let a = p as f32 / POINTS as f32 * std::f32::consts::TAU;
                    let r = if p % 2 == 0 { 28.0 } else { 20.0 };
                    [cx + r * a.cos(), cy + r * a.sin()]
                })
                .collect();
            BoxAnn::outlined(["person", "cat", "cup", "horse"][(k + i) % 4], ring)
        })
        .collect();
    Annotation {
        boxes,
        ..Default::default()
    }
}

/// Ten boxes turned each its own way in a row across a 640×480 image, shifted by `off`.
fn turned_boxes(k: usize, off: f32) -> Annotation {
    let boxes = (0..10)
        .map(|i| {
            let label = ["cat", "spoon", "text", "rocket"][(k + i) % 4];
            let b = BoxAnn::new(label, 20.0 + i as f32 * 60.0 + off, 200.0 + off, 50.0, 20.0);
            b.rotated_by(((k * 7 + i * 13) % 180) as f32 - 90.0)
        })
        .collect();
    Annotation {
        boxes,
        ..Default::default()
    }
}

/// Ten people of COCO's 17 keypoints in a row across a 640×480 image, shifted by `off`
/// pixels; every fourth point hidden, the ankles not in the picture.
fn people(_k: usize, off: f32) -> Annotation {
    let boxes = (0..10)
        .map(|i| {
            let (x, y) = (10.0 + i as f32 * 62.0 + off, 100.0 + off);
            let keypoints = (0..17)
                .map(|p| match p {
                    15 | 16 => [0.0; 3],
                    _ => {
                        let v = if p % 4 == 3 { 1.0 } else { 2.0 };
                        [
                            x + 10.0 + (p % 3) as f32 * 15.0,
                            y + 10.0 + p as f32 * 15.0,
                            v,
                        ]
                    }
                })
                .collect();
            BoxAnn {
                keypoints,
                ..BoxAnn::new("person", x, y, 56.0, 280.0)
            }
        })
        .collect();
    Annotation {
        boxes,
        ..Default::default()
    }
}

/// COCO's uncompressed RLE of an elliptic ring filling most of a `w` × `h` image, as a
/// segmentation model's mask of a large object with a hole.
fn ring_rle(w: usize, h: usize) -> serde_json::Value {
    let (mut counts, mut run, mut on) = (Vec::new(), 0u64, false);
    for x in 0..w {
        for y in 0..h {
            let (dx, dy) = (
                (x as f32 - w as f32 * 0.5) / (w as f32 * 0.4),
                (y as f32 - h as f32 * 0.5) / (h as f32 * 0.4),
            );
            let e = dx * dx + dy * dy;
            if (0.3..=1.0).contains(&e) != on {
                counts.push(run);
                (run, on) = (0, !on);
            }
            run += 1;
        }
    }
    counts.push(run);
    serde_json::json!({"size": [h, w], "counts": counts})
}

/// The magic wand on a 12 MP photo-like image: a flat ellipse of 4.7 MP on a noisy ground,
/// as the worker does it (the region traced, then made an object).
fn wand_bench() {
    use keylabel::io::decode::{DetailSource, wand_outline};
    let (w, h) = (4000u32, 3000u32);
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let (dx, dy) = ((x as f32 - 2000.0) / 1500.0, (y as f32 - 1500.0) / 1000.0);
        if dx * dx + dy * dy <= 1.0 {
            image::Rgb([200, 190, 180])
        } else {
            let n = ((x * 31 + y * 17) % 13) as u8;
            image::Rgb([40 + n, 60, 50 + n])
        }
    });
    let src = DetailSource {
        width: w,
        height: h,
        pixels: image::DynamicImage::ImageRgb8(img),
    };
    for (what, at) in [
        ("the ellipse", [2000.0, 1500.0]),
        ("the ground around it", [10.0, 10.0]),
    ] {
        let t = Instant::now();
        let parts = wand_outline(&src, at, 32);
        let traced = t.elapsed().as_secs_f64() * 1000.0;
        let t = Instant::now();
        let done = keylabel::core::brush::filled(None, "cat", &parts, false, [4000.0, 3000.0]);
        let points: usize = parts.iter().map(Vec::len).sum();
        println!(
            "the wand on a 12 MP image, {what}: filled and traced in {traced:.1} ms ({points} points), made an object in {:.1} ms ({})",
            t.elapsed().as_secs_f64() * 1000.0,
            matches!(done, keylabel::core::brush::Brushed::Shape(_))
        );
    }
}
