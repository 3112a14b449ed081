//! Reading YOLO labels: a dataset's `data.yaml` + `labels/`, or a bare folder of `.txt`
//! files as `yolo predict save_txt=True` writes them (a sixth column is the confidence).

use super::{IoError, Problem};
use std::path::{Path, PathBuf};

/// One line of a label file, as written: normalised to 0–1.
#[derive(Debug, Clone, PartialEq)]
pub struct YoloBox {
    pub class: usize,
    pub cx: f64,
    pub cy: f64,
    pub w: f64,
    pub h: f64,
    pub conf: Option<f64>,
    /// A segmentation line's outline (`class x1 y1 x2 y2 …`), normalised; the box is its
    /// bounds. Empty for a box line.
    pub points: Vec<[f64; 2]>,
    /// A pose line's keypoints `[x, y, v]`, x and y normalised, v 0 (not labelled), 1
    /// (hidden) or 2 (visible). Empty for other lines.
    pub keypoints: Vec<[f64; 3]>,
}

/// A pose dataset's `kpt_shape: [K, 2 or 3]`: K keypoints per object, with or without v.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KptShape {
    pub count: usize,
    pub dims: usize,
}

impl YoloBox {
    /// The box in pixels of a `width`×`height` image, top-left corner and size.
    pub fn to_pixels(&self, width: u32, height: u32) -> [f32; 4] {
        let (iw, ih) = (f64::from(width), f64::from(height));
        [
            ((self.cx - self.w / 2.0) * iw) as f32,
            ((self.cy - self.h / 2.0) * ih) as f32,
            (self.w * iw) as f32,
            (self.h * ih) as f32,
        ]
    }

    /// The keypoints in pixels, as a box's `keypoints` (none for other lines).
    pub fn keypoint_pixels(&self, width: u32, height: u32) -> Vec<[f32; 3]> {
        let (iw, ih) = (f64::from(width), f64::from(height));
        (self.keypoints.iter())
            .map(|&[x, y, v]| match v > 0.0 {
                true => [(x * iw) as f32, (y * ih) as f32, v as f32],
                false => [0.0; 3],
            })
            .collect()
    }

    /// The outline in pixels, as a box's `polygons` (none for a box line).
    pub fn outline_pixels(&self, width: u32, height: u32) -> Vec<Vec<[f32; 2]>> {
        if self.points.is_empty() {
            return Vec::new();
        }
        let (iw, ih) = (f64::from(width), f64::from(height));
        let ring = (self.points.iter())
            .map(|[x, y]| [(x * iw) as f32, (y * ih) as f32])
            .collect();
        vec![ring]
    }
}

/// The label files of a YOLO source and the class names, if it names them.
#[derive(Debug, Default)]
pub struct YoloSource {
    /// From `data.yaml`; empty for a bare labels folder (then the project's labels, in
    /// order, are the classes).
    pub names: Vec<String>,
    /// Each label file with its path under the labels folder, extension cut (`sub/a`).
    pub files: Vec<(String, PathBuf)>,
    /// A pose dataset's `kpt_shape`: its lines carry keypoints after the box.
    pub kpt_shape: Option<KptShape>,
}

/// Whether `dir` is a YOLO source rather than a folder of media: it has a `data.yaml`, or
/// `.txt` files and no image (a predictions folder).
pub fn is_yolo_dir(dir: &Path, has_images: bool) -> bool {
    dir.join("data.yaml").is_file() || (!has_images && !label_files(dir).is_empty())
}

/// A folder holding a `labels/` folder of label files and no `data.yaml`: a YOLO dataset
/// without its config, or what `yolo predict` leaves (drawn copies of the images beside
/// `labels/`). Which of its parts is meant cannot be told, so the caller asks.
pub fn has_labels_folder(dir: &Path) -> bool {
    let labels = dir.join("labels");
    labels.is_dir() && !dir.join("data.yaml").is_file() && !label_files(&labels).is_empty()
}

/// Opens a YOLO source: `data.yaml` (its folder's `labels/`), a folder holding one, or a
/// folder of label files.
pub fn open_source(path: &Path) -> Result<YoloSource, IoError> {
    let yaml = if path.is_dir() {
        Some(path.join("data.yaml")).filter(|y| y.is_file())
    } else {
        Some(path.to_path_buf())
    };
    let (names, labels_dir, kpt_shape) = match &yaml {
        Some(y) => {
            let text = read_small(y, MAX_YAML).map_err(|why| IoError::invalid(y, why))?;
            let dir = y.parent().unwrap_or(Path::new("."));
            (
                read_names(y, &text)?,
                dir.join("labels"),
                read_kpt_shape(y, &text)?,
            )
        }
        None => (Vec::new(), path.to_path_buf(), None),
    };
    if !labels_dir.is_dir() {
        return Err(IoError::invalid(
            &labels_dir,
            "no labels folder here (a YOLO dataset keeps its .txt files in labels/ beside data.yaml)",
        ));
    }
    Ok(YoloSource {
        names,
        files: label_files(&labels_dir),
        kpt_shape,
    })
}

/// `kpt_shape: [17, 3]` of a pose dataset's `data.yaml`; None when it has none.
pub fn read_kpt_shape(path: &Path, text: &str) -> Result<Option<KptShape>, IoError> {
    let Some((n, line)) = (text.lines().enumerate()).find(|(_, l)| l.starts_with("kpt_shape:"))
    else {
        return Ok(None);
    };
    let value = strip_comment(&line["kpt_shape:".len()..]).trim();
    let numbers: Option<Vec<usize>> = (value.strip_prefix('['))
        .and_then(|v| v.strip_suffix(']'))
        .and_then(|v| v.split(',').map(|x| x.trim().parse().ok()).collect());
    match numbers.as_deref() {
        Some(&[count, dims]) if (1..=1000).contains(&count) && (dims == 2 || dims == 3) => {
            Ok(Some(KptShape { count, dims }))
        }
        _ => Err(IoError::invalid(
            path,
            format!(
                "line {}: `kpt_shape` should be [keypoints, 2 or 3], found {value}",
                n + 1
            ),
        )),
    }
}

/// Larger than any real `data.yaml` or label file: such a file is refused unread rather
/// than held in memory whole.
pub const MAX_YAML: u64 = 4 << 20;
pub const MAX_LABEL_FILE: u64 = 16 << 20;

/// A small text file, whole; what stops it is said in words.
pub fn read_small(path: &Path, max: u64) -> Result<String, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| super::open_failure(&e))?;
    let mut text = String::new();
    file.take(max + 1)
        .read_to_string(&mut text)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::InvalidData => "cannot read: not UTF-8 text".to_string(),
            _ => format!("cannot read: {e}"),
        })?;
    if text.len() as u64 > max {
        return Err(format!("larger than {} MB; not a label file?", max >> 20));
    }
    Ok(text)
}

/// The `.txt` files under `dir` (hidden ones skipped), each with its relative path minus
/// the extension, in a stable order.
pub(crate) fn label_files(dir: &Path) -> Vec<(String, PathBuf)> {
    let cut = dir.as_os_str().len();
    let mut out: Vec<(String, PathBuf)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_type().is_file()
                && e.path()
                    .extension()
                    .is_some_and(|x| x.eq_ignore_ascii_case("txt"))
        })
        .filter_map(|e| {
            let rel = e
                .path()
                .to_str()?
                .get(cut..)?
                .trim_start_matches(['/', '\\']);
            let stem = rel.get(..rel.len() - 4)?.replace('\\', "/");
            Some((stem, e.path().to_path_buf()))
        })
        .collect();
    out.sort();
    out
}

/// The class names of a `data.yaml`: `names:` as a block (`  0: cat` or `  - cat`) or
/// inline (`[cat, dog]`, `{0: cat, 1: dog}`); quoted names may hold any character.
pub fn read_names(path: &Path, text: &str) -> Result<Vec<String>, IoError> {
    let lines: Vec<&str> = text.lines().collect();
    let Some(at) = lines.iter().position(|l| l.starts_with("names:")) else {
        return Err(IoError::invalid(path, "no `names:` (the class names)"));
    };
    let bad = |n: usize, why: String| IoError::invalid(path, format!("line {}: {why}", n + 1));
    let rest = strip_comment(&lines[at]["names:".len()..]).trim();
    let mut pairs: Vec<(Option<usize>, String)> = Vec::new();
    if !rest.is_empty() {
        let inner = rest
            .strip_prefix('[')
            .and_then(|r| r.strip_suffix(']'))
            .or_else(|| rest.strip_prefix('{').and_then(|r| r.strip_suffix('}')))
            .ok_or_else(|| {
                bad(
                    at,
                    "`names:` should be a list `[a, b]`, a map `{0: a}`, or lines below it".into(),
                )
            })?;
        for part in split_top(inner) {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            pairs.push(entry(part, rest.starts_with('{')).map_err(|w| bad(at, w))?);
        }
    } else {
        for (n, line) in lines.iter().enumerate().skip(at + 1) {
            let body = strip_comment(line);
            if body.trim().is_empty() {
                continue;
            }
            if !body.starts_with([' ', '\t']) {
                break; // the next top-level key
            }
            let part = body.trim();
            let item = match part.strip_prefix("- ") {
                Some(name) => (None, unquote(name.trim()).map_err(|w| bad(n, w))?),
                None => entry(part, true).map_err(|w| bad(n, w))?,
            };
            pairs.push(item);
        }
    }
    let mut names = vec![None; pairs.len()];
    for (i, (id, name)) in pairs.into_iter().enumerate() {
        let id = id.unwrap_or(i);
        match names.get_mut(id) {
            Some(slot @ None) if !name.trim().is_empty() => *slot = Some(name),
            Some(None) => return Err(IoError::invalid(path, format!("class {id} has no name"))),
            Some(Some(_)) => {
                return Err(IoError::invalid(path, format!("class {id} is named twice")));
            }
            None => {
                return Err(IoError::invalid(
                    path,
                    format!("class ids must run from 0 with no gap; {id} is out of that range"),
                ));
            }
        }
    }
    let names: Vec<String> = names.into_iter().flatten().collect();
    if names.is_empty() {
        return Err(IoError::invalid(path, "`names:` lists no class"));
    }
    Ok(names)
}

/// `0: cat` (with `keyed`) or `cat`.
fn entry(part: &str, keyed: bool) -> Result<(Option<usize>, String), String> {
    if !keyed {
        return Ok((None, unquote(part)?));
    }
    let (id, name) = part
        .split_once(':')
        .ok_or_else(|| format!("expected `id: name`, found `{part}`"))?;
    let id = id
        .trim()
        .parse::<usize>()
        .map_err(|_| format!("class id `{}` is not a whole number", id.trim()))?;
    Ok((Some(id), unquote(name.trim())?))
}

/// A YAML scalar: "double" (JSON escapes), 'single' ('' is a quote) or plain.
fn unquote(s: &str) -> Result<String, String> {
    if s.starts_with('"') {
        return serde_json::from_str(s).map_err(|_| format!("bad quoted name {s}"));
    }
    if let Some(inner) = s.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')) {
        return Ok(inner.replace("''", "'"));
    }
    Ok(s.to_string())
}

/// Cuts a ` # comment` that is not inside quotes.
fn strip_comment(line: &str) -> &str {
    let mut quote = None;
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q && prev != '\\' => quote = None,
            (None, '#') if prev.is_whitespace() => return &line[..i],
            _ => {}
        }
        prev = c;
    }
    line
}

/// Splits on commas outside quotes.
fn split_top(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut quote, mut start, mut prev) = (None, 0, ' ');
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q && prev != '\\' => quote = None,
            (None, ',') => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        prev = c;
    }
    out.push(&s[start..]);
    out
}

/// The boxes of one label file; a bad line is a problem naming the file and line, and the
/// rest of the file still counts.
pub fn parse_label_file(path: &Path, text: &str) -> (Vec<YoloBox>, Vec<Problem>) {
    parse_labels(path, text, None)
}

/// How far past the image (a share of its size) an OBB line's corners may reach.
const OBB_SLACK: f64 = 0.25;

/// As [`parse_label_file`], for a dataset of shape `kpt` (a pose dataset's lines are
/// `class cx cy w h` and the keypoints, with a confidence after them in predictions).
pub fn parse_labels(
    path: &Path,
    text: &str,
    kpt: Option<KptShape>,
) -> (Vec<YoloBox>, Vec<Problem>) {
    if let Some(kpt) = kpt {
        return parse_pose(path, text, kpt);
    }
    let mut boxes = Vec::new();
    let mut problems = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        let nums: Option<Vec<f64>> = fields.iter().map(|f| f.parse::<f64>().ok()).collect();
        let problem = |why: &str| Problem::new(path, Some(n as u64 + 1), why);
        // 5 or 6 numbers are a box (and a confidence); 7 or more an outline, Ultralytics'
        // segmentation line `class x1 y1 x2 y2 x3 y3 …` (an odd count of points' numbers:
        // a confidence at the end).
        let Some(nums) = nums.filter(|v| v.len() >= 5) else {
            problems.push(problem(
                "expected `class x_center y_center width height` (and a confidence), or `class x1 y1 x2 y2 x3 y3 …`, as numbers",
            ));
            continue;
        };
        if nums[0] < 0.0 || nums[0].fract() != 0.0 || nums[0] > 1e6 {
            problems.push(problem("the class must be a whole number from 0"));
            continue;
        }
        let outline = nums.len() >= 7;
        let coords = match (outline, nums.len() % 2) {
            (false, _) => &nums[1..5],
            (true, 1) => &nums[1..],
            (true, _) => &nums[1..nums.len() - 1],
        };
        // An OBB model's box at the image's edge has corners past it (Ultralytics does not
        // cut them): four points may reach a quarter of the image out; the import then
        // keeps the box whole inside.
        let slack = if coords.len() == 8 { OBB_SLACK } else { 0.0 };
        if coords
            .iter()
            .any(|v| !v.is_finite() || *v < -slack || *v > 1.0 + slack)
        {
            problems.push(problem(
                "coordinates must be between 0 and 1 (normalised by the image size)",
            ));
            continue;
        }
        if outline {
            let points: Vec<[f64; 2]> = coords.chunks_exact(2).map(|p| [p[0], p[1]]).collect();
            let xs = points.iter().map(|p| p[0]);
            let ys = points.iter().map(|p| p[1]);
            let (x0, x1) = (xs.clone().fold(1.0, f64::min), xs.fold(0.0, f64::max));
            let (y0, y1) = (ys.clone().fold(1.0, f64::min), ys.fold(0.0, f64::max));
            boxes.push(YoloBox {
                class: nums[0] as usize,
                cx: (x0 + x1) / 2.0,
                cy: (y0 + y1) / 2.0,
                w: x1 - x0,
                h: y1 - y0,
                conf: (nums.len() % 2 == 0).then(|| nums[nums.len() - 1]),
                points,
                keypoints: Vec::new(),
            });
            continue;
        }
        boxes.push(YoloBox {
            class: nums[0] as usize,
            cx: nums[1],
            cy: nums[2],
            w: nums[3],
            h: nums[4],
            conf: nums.get(5).copied(),
            points: Vec::new(),
            keypoints: Vec::new(),
        });
    }
    (boxes, problems)
}

/// A pose dataset's label file: `class cx cy w h` then `count` keypoints of `dims` numbers.
fn parse_pose(path: &Path, text: &str, kpt: KptShape) -> (Vec<YoloBox>, Vec<Problem>) {
    let mut boxes = Vec::new();
    let mut problems = Vec::new();
    let fits = |len: usize, dims: usize| len == 5 + kpt.count * dims || len == 6 + kpt.count * dims;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let problem = |why: String| Problem::new(path, Some(n as u64 + 1), why);
        let nums: Option<Vec<f64>> = line.split_whitespace().map(|f| f.parse().ok()).collect();
        // A prediction's keypoints have no third number when the model gives none.
        let dims = match nums.as_ref().map(Vec::len) {
            Some(len) if fits(len, kpt.dims) => kpt.dims,
            Some(len) if kpt.dims == 3 && fits(len, 2) => 2,
            _ => 0,
        };
        let (Some(nums), 2 | 3) = (nums, dims) else {
            problems.push(problem(format!(
                "expected `class x_center y_center width height` and {} keypoints of {} numbers ({} numbers; a confidence after them)",
                kpt.count,
                kpt.dims,
                5 + kpt.count * kpt.dims
            )));
            continue;
        };
        let want = 5 + kpt.count * dims;
        if nums[0] < 0.0 || nums[0].fract() != 0.0 || nums[0] > 1e6 {
            problems.push(problem("the class must be a whole number from 0".into()));
            continue;
        }
        let mut keypoints = Vec::with_capacity(kpt.count);
        for k in nums[5..want].chunks_exact(dims) {
            // A prediction's third number is a confidence: seen from one half.
            let v = match k.get(2).copied() {
                None if k[0] == 0.0 && k[1] == 0.0 => 0.0,
                None => 2.0,
                Some(v) if v == 0.0 || v == 1.0 || v == 2.0 => v,
                Some(v) if v > 0.0 && v < 1.0 => {
                    if v >= 0.5 {
                        2.0
                    } else {
                        0.0
                    }
                }
                Some(_) => f64::NAN,
            };
            keypoints.push([k[0], k[1], v]);
        }
        let placed = keypoints.iter().filter(|k| k[2] > 0.0);
        if nums[1..5]
            .iter()
            .chain(placed.flat_map(|k| &k[..2]))
            .any(|v| !v.is_finite() || *v < 0.0 || *v > 1.0)
            || keypoints.iter().any(|k| k[2].is_nan())
        {
            problems.push(problem(
                "coordinates must be between 0 and 1 (normalised by the image size), and a keypoint's v 0, 1 or 2".into(),
            ));
            continue;
        }
        boxes.push(YoloBox {
            class: nums[0] as usize,
            cx: nums[1],
            cy: nums[2],
            w: nums[3],
            h: nums[4],
            conf: nums.get(want).copied(),
            points: Vec::new(),
            keypoints,
        });
    }
    (boxes, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Result<Vec<String>, String> {
        read_names(Path::new("data.yaml"), text).map_err(|e| e.to_string())
    }

    #[test]
    fn every_common_form_of_names_is_read() {
        let want = vec!["cat".to_string(), "dog: big".to_string()];
        assert_eq!(
            names("names:\n  0: cat\n  1: \"dog: big\"\n").unwrap(),
            want
        );
        assert_eq!(
            names("names:\n  - cat\n  - 'dog: big'\nnc: 2\n").unwrap(),
            want
        );
        assert_eq!(names("nc: 2\nnames: [cat, \"dog: big\"]\n").unwrap(), want);
        assert_eq!(
            names("names: {1: 'dog: big', 0: cat} # two\n").unwrap(),
            want
        );
        assert_eq!(
            names("names:\n  0: cat # a comment\n\n  1: dog: big\ntrain: x\n").unwrap(),
            want
        );
    }

    #[test]
    fn names_with_gaps_or_no_names_are_refused_with_the_file() {
        let e = names("names:\n  0: cat\n  2: dog\n").unwrap_err();
        assert!(e.contains("data.yaml") && e.contains("no gap"), "{e}");
        assert!(
            names("train: images\n")
                .unwrap_err()
                .contains("no `names:`")
        );
        let e = names("x: 1\nnames: cat\n").unwrap_err();
        assert!(e.starts_with("data.yaml: line 2:"), "{e}");
        let e = names("names:\n  zero: cat\n").unwrap_err();
        assert!(
            e.starts_with("data.yaml: line 2:") && e.contains("`zero`"),
            "{e}"
        );
    }

    #[test]
    fn a_file_over_the_limit_is_refused_unread() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("big.txt");
        std::fs::write(&f, vec![b'0'; (2 << 20) + 1]).unwrap();
        assert!(
            read_small(&f, 2 << 20)
                .unwrap_err()
                .contains("larger than 2 MB")
        );
        std::fs::write(&f, "0 0.5 0.5 1 1\n").unwrap();
        assert_eq!(read_small(&f, 2 << 20).unwrap(), "0 0.5 0.5 1 1\n");
    }

    #[test]
    fn label_lines_and_their_problems() {
        let text = "0 0.5 0.5 0.2 0.4\n\n1 0.1 0.1 0.1 0.1 0.87\nx 1 2\n0 1.5 0.5 0.1 0.1\n-1 0.5 0.5 0.1 0.1\n";
        let (boxes, problems) = parse_label_file(Path::new("a.txt"), text);
        assert_eq!(boxes.len(), 2);
        assert_eq!(boxes[1].conf, Some(0.87));
        let lines: Vec<_> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [Some(4), Some(5), Some(6)]);
        assert_eq!(boxes[0].to_pixels(100, 50), [40.0, 15.0, 20.0, 20.0]);
    }

    #[test]
    fn segmentation_lines_are_outlines_with_their_bounds_and_confidence() {
        let text = "2 0.1 0.2 0.5 0.2 0.3 0.6
0 0.1 0.1 0.2 0.1 0.2 0.2 0.9
1 0.1 0.1 0.2 1.5 0.2 0.2
";
        let (boxes, problems) = parse_label_file(Path::new("a.txt"), text);
        assert_eq!(boxes.len(), 2);
        assert_eq!(problems.len(), 1, "the third line is off the image");
        let tri = &boxes[0];
        assert_eq!((tri.class, tri.conf, tri.points.len()), (2, None, 3));
        assert_eq!(tri.to_pixels(100, 100), [10.0, 20.0, 40.0, 40.0]);
        assert_eq!(tri.outline_pixels(100, 100)[0][1], [50.0, 20.0]);
        assert_eq!(boxes[1].conf, Some(0.9));
    }
}
