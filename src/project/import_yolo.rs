//! YOLO labels into a project: a dataset (`data.yaml` + `labels/`) or a folder of
//! predictions, matched to the project's images by path, then by file name.

use super::import::AnnotationImport;
use super::import_report::ImportReport;
use super::{Project, ProjectError, Result};
use crate::core::geometry::clamp_box;
use crate::core::timing::Clock;
use crate::core::{BoxAnn, Item, ItemFilter, MediaKind, Progress, SystemClock};
use crate::io::yolo_labels::{self, YoloSource};
use crate::io::{IoError, Problem};
use std::collections::HashMap;
use std::path::Path;

/// The project's images by media path with the extension cut (`sub/a`), and by file stem
/// alone (`a`) for predictions saved flat.
pub(super) struct MediaIndex {
    by_path: HashMap<String, i64>,
    by_stem: HashMap<String, Vec<i64>>,
}

impl MediaIndex {
    /// The item of an image named by a path from elsewhere (absolute, or under another
    /// root): the longest tail of it that is an item's media path, else its file name.
    pub(super) fn find_path(&self, path: &str) -> std::result::Result<i64, String> {
        let path = cut_extension(path);
        let parts: Vec<&str> = path.split(['/', '\\']).filter(|p| !p.is_empty()).collect();
        for start in 0..parts.len() {
            if let Some(&id) = self.by_path.get(&parts[start..].join("/")) {
                return Ok(id);
            }
        }
        self.find(path)
    }

    pub(super) fn find(&self, rel: &str) -> std::result::Result<i64, String> {
        if let Some(&id) = self.by_path.get(rel) {
            return Ok(id);
        }
        // A split dataset keeps `labels/train/…` beside `labels/val/…`.
        let unsplit = ["train/", "val/", "valid/", "test/"]
            .iter()
            .find_map(|split| rel.strip_prefix(split));
        if let Some(&id) = unsplit.and_then(|r| self.by_path.get(r)) {
            return Ok(id);
        }
        // A dataset that folds folders into names (VOC, DOTA, labelme: `sub__a` for `sub/a`).
        let unfolded = unsplit.unwrap_or(rel).replace("__", "/");
        if let Some(&id) = self.by_path.get(&unfolded) {
            return Ok(id);
        }
        let stem = rel.rsplit('/').next().unwrap_or(rel);
        match self.by_stem.get(stem).map(Vec::as_slice) {
            Some([id]) => Ok(*id),
            Some(many) if many.len() > 1 => Err(format!(
                "matches {} images named {stem}.*; keep the folders of labels/ as the images' to tell them apart",
                many.len()
            )),
            _ => Err(format!("no image {rel}.* (nor {stem}.*) in the project")),
        }
    }
}

impl MediaIndex {
    /// The item a label file (`rel`: its path under the labels folder, extension cut) is
    /// of, and the file's text; a problem naming the file when either cannot be had.
    pub(super) fn label_file(
        &self,
        rel: &str,
        file: &Path,
        report: &mut ImportReport,
    ) -> Option<(i64, String)> {
        let found = self.find(rel).and_then(|id| {
            yolo_labels::read_small(file, yolo_labels::MAX_LABEL_FILE).map(|text| (id, text))
        });
        found
            .map_err(|why| report.problem(Problem::new(file, None, why)))
            .ok()
    }
}

fn cut_extension(media: &str) -> &str {
    match media.rfind('.') {
        Some(dot) if !media[dot..].contains('/') => &media[..dot],
        _ => media,
    }
}

impl Project {
    pub(super) fn import_yolo(
        &mut self,
        source: &Path,
        how: AnnotationImport,
        progress: &Progress,
    ) -> Result<ImportReport> {
        if self.config.task.media != MediaKind::Image {
            return Err(ProjectError::Mismatch {
                path: source.to_path_buf(),
                message: "holds YOLO labels, but this project is not for images".into(),
            });
        }
        let mut src = yolo_labels::open_source(source)?;
        if src.files.is_empty() {
            return Err(IoError::invalid(source, "holds no label (.txt) file").into());
        }
        let mut report = ImportReport::default();
        let classes: Vec<String> = if src.names.is_empty() {
            self.config.labels.iter().map(|l| l.name.clone()).collect()
        } else {
            src.names.clone()
        };
        if classes.is_empty() {
            return Err(ProjectError::Mismatch {
                path: source.to_path_buf(),
                message: "label files without a data.yaml take the project's labels as classes 0, 1, …, and this project has none; add labels, or import the dataset's data.yaml".into(),
            });
        }
        if let Some(k) = src.kpt_shape {
            self.expect_keypoints(source, &[k.count])?;
        }
        // A folder of predictions has no data.yaml: its lines carry the task's keypoints.
        let count = self.config.box_keypoints().len();
        let shape = (count > 0).then_some(yolo_labels::KptShape { count, dims: 3 });
        src.kpt_shape = src.kpt_shape.or(shape);
        let index = self.media_index()?;
        progress.set_total(src.files.len() as u64);
        self.apply_yolo(&src, &classes, &index, how, progress, &mut report)?;
        if how.gold {
            self.report_unknown_gold_labels(source, "classes", &classes, &mut report);
            return Ok(report);
        }
        // Added to the config by `import_as`, once the boxes are in.
        report.new_labels = src.names.clone();
        Ok(report)
    }

    pub(super) fn media_index(&self) -> Result<MediaIndex> {
        let mut index = MediaIndex {
            by_path: HashMap::new(),
            by_stem: HashMap::new(),
        };
        let mut after = 0;
        loop {
            let page = self.store.items_page(ItemFilter::All, after, 10_000)?;
            let Some(last) = page.last() else {
                break;
            };
            after = last.id;
            for item in &page {
                let Some(media) = &item.media else {
                    continue;
                };
                let path = cut_extension(media);
                index.by_path.entry(path.to_string()).or_insert(item.id);
                let stem = path.rsplit('/').next().unwrap_or(path);
                index
                    .by_stem
                    .entry(stem.to_string())
                    .or_default()
                    .push(item.id);
            }
        }
        Ok(index)
    }

    fn apply_yolo(
        &mut self,
        src: &YoloSource,
        classes: &[String],
        index: &MediaIndex,
        how: AnnotationImport,
        progress: &Progress,
        report: &mut ImportReport,
    ) -> Result<()> {
        let now = SystemClock.now_ms();
        for (rel, file) in &src.files {
            if progress.is_cancelled() {
                break;
            }
            progress.advance(1);
            let Some((id, text)) = index.label_file(rel, file, report) else {
                continue;
            };
            let item: Item = self.store.item(id)?;
            let (Some(w), Some(h)) = (item.width, item.height) else {
                continue;
            };
            let (lines, problems) = yolo_labels::parse_labels(file, &text, src.kpt_shape);
            // An empty label file is YOLO's way to say "background": checked, nothing in it.
            let negative = lines.is_empty() && problems.is_empty();
            problems.into_iter().for_each(|p| report.problem(p));
            let mut boxes = Vec::new();
            for (n, b) in lines.iter().enumerate() {
                let Some(label) = classes.get(b.class) else {
                    report.problem(Problem::new(
                        file,
                        None,
                        format!(
                            "box {}: class {} is not among the {} classes; skipped",
                            n + 1,
                            b.class,
                            classes.len()
                        ),
                    ));
                    continue;
                };
                if !how.keeps(b.conf) {
                    continue;
                }
                let [x, y, bw, bh] = b.to_pixels(w, h);
                let mut found = [BoxAnn {
                    polygons: b.outline_pixels(w, h),
                    keypoints: b.keypoint_pixels(w, h),
                    ..BoxAnn::new(label.clone(), x, y, bw, bh)
                }];
                // Turned before it is kept inside: a corner past the edge moves the box in
                // rather than bending it.
                self.fit_to_task(&mut found);
                boxes.extend(clamp_box(&found[0], w, h));
            }
            report.saw_boxes(&boxes);
            self.set_imported_boxes(&item, boxes, negative, how, now, report)?;
        }
        Ok(())
    }
}
