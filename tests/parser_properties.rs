//! Property tests of every parser of outside data, in the normal test run: valid inputs
//! damaged at random (flips, cuts, repeats, stray bytes) never panic, every problem names
//! the file and a line that exists, and what parses keeps its promises. The long,
//! coverage-guided version of this is `tests/fuzz/run` (libFuzzer).

mod common;
use common::XorShift;
use keylabel::core::TaskConfig;
use keylabel::io::Problem;
use keylabel::io::jsonl::export_rows;
use keylabel::io::manifest::{audio_field, manifest_item};
use keylabel::io::records::{CsvRecords, JsonlRecords};
use std::io::{BufReader, Cursor};
use std::path::Path;

const ROUNDS: usize = 1500;

/// Random damage to a valid input: flips, cuts, duplicated spans, inserted bytes.
fn mutate(rng: &mut XorShift, seed: &[u8]) -> Vec<u8> {
    let mut v = seed.to_vec();
    for _ in 0..(rng.next() % 4 + 1) {
        if v.is_empty() {
            v.push(b'{');
        }
        let i = (rng.next() as usize) % v.len();
        match rng.next() % 5 {
            0 => v[i] ^= 1 << (rng.next() % 8),
            1 => v.truncate(i),
            2 => {
                let j = (i + (rng.next() as usize % 16)).min(v.len());
                let span = v[i..j].to_vec();
                v.splice(i..i, span);
            }
            3 => v.insert(
                i,
                [b'"', b'\\', b'\n', b',', 0xff, b'[', b'}', b'0'][rng.next() as usize % 8],
            ),
            _ => {
                v.remove(i);
            }
        }
    }
    v
}

fn line_count(input: &[u8]) -> u64 {
    input.iter().filter(|&&b| b == b'\n').count() as u64 + 1
}

/// A problem names `path`, and a line between 1 and the input's line count.
fn check_problem(p: &Problem, path: &Path, input: &[u8]) {
    let lines = line_count(input);
    assert_eq!(p.path, path);
    assert!(p.to_string().contains(&path.display().to_string()));
    if let Some(l) = p.line {
        assert!((1..=lines).contains(&l), "line {l} of {lines}: {p}");
    }
}

fn sample(rel: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

#[test]
fn coco_damage_is_an_error_naming_the_file() {
    let mut rng = XorShift(1);
    let plain = br#"{"images":[{"id":1,"file_name":"a.jpg","width":10,"height":10}],"categories":[{"id":1,"name":"cat"}],"annotations":[{"id":1,"image_id":1,"category_id":1,"bbox":[1,2,3,4]}]}"#;
    let pose = br#"{"images":[{"id":1,"file_name":"a.jpg","width":10,"height":10}],"categories":[{"id":1,"name":"person","keypoints":["nose","eye"],"skeleton":[[1,2]]}],"annotations":[{"id":1,"image_id":1,"category_id":1,"bbox":[1,2,3,4],"keypoints":[2,3,2,4,3,1],"num_keypoints":2}]}"#;
    // A mask as pycocotools encodes it (compressed counts).
    let mask = br#"{"images":[{"id":1,"file_name":"a.jpg","width":4,"height":5}],"categories":[{"id":1,"name":"cat"}],"annotations":[{"id":1,"image_id":1,"category_id":1,"segmentation":{"size":[5,4],"counts":"63204"}}]}"#;
    let path = Path::new("damaged.json");
    for k in 0..ROUNDS {
        let seed: &[u8] = [&plain[..], pose, mask][k % 3];
        match keylabel::io::coco::parse_coco(path, &mutate(&mut rng, seed)) {
            Ok(c) => {
                assert!(c.images.len() <= 1);
                let points = c
                    .images
                    .iter()
                    .flat_map(|i| &i.boxes)
                    .flat_map(|b| &b.keypoints);
                assert!(points.clone().all(|p| [0.0, 1.0, 2.0].contains(&p[2])));
                let corners = c
                    .images
                    .iter()
                    .flat_map(|i| &i.boxes)
                    .flat_map(|b| &b.polygons);
                assert!(
                    corners
                        .flatten()
                        .all(|p| p[0].is_finite() && p[1].is_finite())
                );
            }
            Err(e) => assert!(e.to_string().contains("damaged.json"), "{e}"),
        }
    }
}

/// Any mask traced (no simplification) and painted back, as the masks export paints
/// outlines, is the same mask: holes, islands in holes, regions touching at a corner.
#[test]
fn a_mask_traced_and_painted_back_is_the_same_mask() {
    use keylabel::core::contour::BitMask;
    let mut rng = XorShift(7);
    for _ in 0..ROUNDS {
        let (w, h) = (1 + rng.next() as usize % 12, 1 + rng.next() as usize % 12);
        let density = rng.next() % 100;
        let bits: Vec<bool> = (0..w * h).map(|_| rng.next() % 100 < density).collect();
        let mask = BitMask {
            width: w,
            height: h,
            bits: bits.clone(),
        };
        let parts = mask.outlines([0.0, 0.0], 0.0);
        let mut map = keylabel::io::masks::ClassMap::new(w as u32, h as u32);
        map.fill(&parts, 1);
        let back: Vec<bool> = (0..w * h)
            .map(|i| map.at((i % w) as u32, (i / w) as u32) == 1)
            .collect();
        assert_eq!(back, bits, "{w}×{h}: {parts:?}");
    }
}

#[test]
fn a_config_that_parses_writes_back_one_that_parses() {
    let mut rng = XorShift(2);
    let seeds = [
        sample("sample_data/rlhf-comparison/task.toml"),
        sample("sample_data/boxes/task.toml"),
        sample("sample_data/audio-segments/task.toml"),
    ];
    for k in 0..ROUNDS {
        let text = String::from_utf8_lossy(&mutate(&mut rng, &seeds[k % seeds.len()])).into_owned();
        if let Ok(config) = TaskConfig::from_toml_str(&text) {
            let again = TaskConfig::from_toml_str(&config.to_toml());
            assert!(again.is_ok(), "{text}\n---\n{again:?}");
        }
    }
}

#[test]
fn jsonl_and_csv_problems_point_at_real_lines() {
    let mut rng = XorShift(3);
    let items = sample("sample_data/search-relevance/items.jsonl");
    let csv = b"id,text\n1,\"a, b\"\n2,\"two\nlines\"\n3,x\n".to_vec();
    let (pj, pc) = (Path::new("items.jsonl"), Path::new("items.csv"));
    for _ in 0..ROUNDS {
        let damaged = mutate(&mut rng, &items);
        let mut seen = 0;
        for r in JsonlRecords::from_reader(pj, Cursor::new(damaged.clone())) {
            seen += 1;
            if let Err(p) = r {
                check_problem(&p, pj, &damaged);
            }
        }
        // One answer per line at most: a bad line never swallows or repeats others.
        assert!(seen <= line_count(&damaged), "{seen} answers");
        let damaged = mutate(&mut rng, &csv);
        match CsvRecords::from_reader(pc, Cursor::new(damaged.clone()), b',') {
            Ok(records) => {
                for r in records {
                    if let Err(p) = r {
                        check_problem(&p, pc, &damaged);
                    }
                }
            }
            Err(e) => assert!(e.to_string().contains("items.csv"), "{e}"),
        }
    }
}

#[test]
fn export_rows_read_back_or_name_their_line() {
    let mut rng = XorShift(4);
    let seed = br#"{"id":"u1","media":"a.jpg","kind":"image","status":"submitted","flagged":false,"annotator":"ana","labels":["cat"],"boxes":[{"label":"cat","x":1,"y":2,"w":3,"h":4}],"fields":{"r":3},"active_ms":5,"wall_ms":6,"visits":1,"first_seen_at":"2026-11-22T01:02:03Z","submitted_at":null}
{"id":"u2","kind":"text","status":"new","flagged":false,"annotator":null,"labels":[],"boxes":[],"fields":{},"text":"hi","active_ms":0,"wall_ms":0,"visits":0,"first_seen_at":null,"submitted_at":null}
"#;
    let path = Path::new("export.jsonl");
    for _ in 0..ROUNDS {
        let damaged = mutate(&mut rng, seed);
        let records = JsonlRecords::from_reader(path, Cursor::new(damaged.clone()));
        for r in export_rows(path, records) {
            match r {
                Ok(row) => assert!((1..=line_count(&damaged)).contains(&row.line)),
                Err(p) => check_problem(&p, path, &damaged),
            }
        }
    }
}

#[test]
fn manifest_lines_become_clips_or_say_which_field_is_wrong() {
    let t = tempfile::tempdir().unwrap();
    let tone: Vec<f32> = (0..800).map(|i| (i as f32 * 0.1).sin() * 0.5).collect();
    keylabel::io::audio::write_wav(&t.path().join("a.wav"), 8000, &tone).unwrap();
    let manifest = t.path().join("manifest.jsonl");
    let seed = b"{\"audio_filepath\": \"a.wav\", \"duration\": 0.1, \"text\": \"hi\"}\n{\"audio_filepath\": \"a.wav\", \"text\": \"no duration\"}\n";
    let mut rng = XorShift(5);
    let mut clips = 0;
    for _ in 0..ROUNDS {
        let damaged = mutate(&mut rng, seed);
        let mut lines = JsonlRecords::from_reader(&manifest, Cursor::new(damaged.clone()));
        while let Some(line) = lines.next_object() {
            let record = match line {
                Ok((_, record)) => record,
                Err(p) => {
                    check_problem(&p, &manifest, &damaged);
                    continue;
                }
            };
            if audio_field(&record).is_none() {
                continue;
            }
            match manifest_item(&manifest, "audio", record) {
                Ok(item) => {
                    clips += 1;
                    let media = item.media.unwrap_or_default();
                    // Windows' file names ignore case: a mutated "a.Wav" is the same file.
                    assert!(
                        media == "a.wav" || (cfg!(windows) && media.eq_ignore_ascii_case("a.wav")),
                        "{media}"
                    );
                    assert!(item.duration_ms.is_some());
                }
                Err(m) => assert!(m.contains('`'), "names no field: {m}"),
            }
        }
    }
    assert!(clips > 0, "no damaged manifest line was still a clip");
}

#[test]
fn image_headers_give_a_real_size_or_a_reason() {
    let t = tempfile::tempdir().unwrap();
    common::write_jpeg(&t.path().join("o.jpg"), 30, 20, Some(6));
    common::write_png(&t.path().join("p.png"), 30, 20);
    common::write_cmyk_jpeg(&t.path().join("c.jpg"), 30, 20);
    let seeds: Vec<Vec<u8>> = ["o.jpg", "p.png", "c.jpg"]
        .iter()
        .map(|f| std::fs::read(t.path().join(f)).unwrap())
        .collect();
    let mut rng = XorShift(6);
    for k in 0..ROUNDS {
        let damaged = mutate(&mut rng, &seeds[k % seeds.len()]);
        match keylabel::io::header::read_size(BufReader::new(Cursor::new(damaged))) {
            Ok((w, h)) => assert!(w > 0 && h > 0),
            Err(m) => assert!(!m.is_empty()),
        }
    }
}

#[test]
fn yolo_names_and_label_lines_parse_or_name_file_and_line() {
    use keylabel::io::yolo_labels::{parse_label_file, read_names};
    let mut rng = XorShift(7);
    let yaml = b"# made by hand\ntrain: images\nval: images\nnames:\n  0: \"cat\"\n  1: 'dog: big'\n  2: bird # the last\nnc: 3\n";
    let inline = b"names: [cat, \"a, b\", 'c']\n";
    let labels = b"0 0.5 0.5 0.25 0.5\n1 0.1 0.2 0.05 0.05 0.9\n\n2 1 1 0 0\n";
    let (ypath, lpath) = (Path::new("data.yaml"), Path::new("labels/a.txt"));
    for k in 0..ROUNDS {
        let seed: &[u8] = if k % 2 == 0 { yaml } else { inline };
        let text = String::from_utf8_lossy(&mutate(&mut rng, seed)).into_owned();
        match read_names(ypath, &text) {
            Ok(names) => assert!(!names.is_empty() && names.iter().all(|n| !n.trim().is_empty())),
            Err(e) => {
                let e = e.to_string();
                assert!(e.starts_with("data.yaml: "), "{e}");
                if let Some(rest) = e.strip_prefix("data.yaml: line ") {
                    let n: u64 = rest.split(':').next().unwrap().parse().unwrap();
                    assert!((1..=line_count(text.as_bytes())).contains(&n), "{e}");
                }
            }
        }
        let damaged = mutate(&mut rng, labels);
        let text = String::from_utf8_lossy(&damaged).into_owned();
        let (boxes, problems) = parse_label_file(lpath, &text);
        for p in &problems {
            check_problem(p, lpath, text.as_bytes());
        }
        for b in boxes {
            for v in [b.cx, b.cy, b.w, b.h] {
                assert!((0.0..=1.0).contains(&v), "{b:?}");
            }
            let [x, y, w, h] = b.to_pixels(640, 480);
            assert!([x, y, w, h].iter().all(|v| v.is_finite()));
        }
    }
}

#[test]
fn pose_lines_and_kpt_shape_parse_or_name_file_and_line() {
    use keylabel::io::yolo_labels::{KptShape, parse_labels, read_kpt_shape};
    let mut rng = XorShift(11);
    let yaml = b"names:\n  0: person\nkpt_shape: [3, 3] # nose, eyes\nflip_idx: [0, 2, 1]\n";
    let labels = b"0 0.5 0.5 0.4 0.6 0.5 0.3 2 0.45 0.25 1 0 0 0\n0 0.2 0.2 0.1 0.1 0.2 0.2 0.9 0.1 0.1 0.2 0.3 0.3 0.6 0.8\n";
    let (ypath, lpath) = (Path::new("data.yaml"), Path::new("labels/a.txt"));
    let shape = KptShape { count: 3, dims: 3 };
    for _ in 0..ROUNDS {
        let text = String::from_utf8_lossy(&mutate(&mut rng, yaml)).into_owned();
        match read_kpt_shape(ypath, &text) {
            Ok(Some(k)) => assert!(k.count >= 1 && (k.dims == 2 || k.dims == 3), "{k:?}"),
            Ok(None) => {}
            Err(e) => assert!(e.to_string().starts_with("data.yaml: line "), "{e}"),
        }
        let text = String::from_utf8_lossy(&mutate(&mut rng, labels)).into_owned();
        let (boxes, problems) = parse_labels(lpath, &text, Some(shape));
        for p in &problems {
            check_problem(p, lpath, text.as_bytes());
        }
        for b in boxes {
            assert_eq!(b.keypoints.len(), 3, "{b:?}");
            for [x, y, v] in b.keypoint_pixels(640, 480) {
                assert!([0.0, 1.0, 2.0].contains(&v), "{b:?}");
                assert!(
                    x.is_finite()
                        && y.is_finite()
                        && (0.0..=640.0).contains(&x)
                        && (0.0..=480.0).contains(&y)
                );
            }
        }
    }
}
