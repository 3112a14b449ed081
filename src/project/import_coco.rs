//! COCO boxes into a project: each image's boxes set on its item, found by file name (or
//! added when the image sits beside the COCO file); categories matched to labels by name.

use super::import::AnnotationImport;
use super::import_report::ImportReport;
use super::{Project, Result};
use crate::core::timing::Clock;
use crate::core::{Annotation, BoxAnn, MediaKind, NewItem, Status, SystemClock};
use crate::io::scan::relative_to;
use crate::io::{Problem, coco};
use std::path::Path;

impl Project {
    pub(super) fn import_coco(
        &mut self,
        path: &Path,
        how: AnnotationImport,
    ) -> Result<ImportReport> {
        self.expect_media(path, MediaKind::Image)?;
        let mut file = coco::read_coco(path)?;
        let mut report = ImportReport {
            new_labels: file.categories.clone(),
            ..Default::default()
        };
        if how.gold {
            self.report_unknown_gold_labels(path, "categories", &file.categories, &mut report);
            report.new_labels.clear();
        }
        if file.without_box > 0 {
            report.problem(Problem::new(
                path,
                None,
                format!(
                    "{} annotation(s) have no bbox and an empty mask: nothing to import, left out",
                    file.without_box
                ),
            ));
        }
        if file.masks_traced > 0 {
            report.notices.push(Problem::new(
                path,
                None,
                format!(
                    "{} annotation(s) are RLE masks: they came in as outlines traced along \
                     their pixels (within {} px), a region each, holes cut in",
                    file.masks_traced,
                    crate::io::rle::TOLERANCE
                ),
            ));
        }
        for im in &mut file.images {
            self.fit_to_task(&mut im.boxes);
        }
        report.saw_boxes(file.images.iter().flat_map(|im| &im.boxes));
        self.expect_keypoints(path, &report.keypoint_counts)?;
        report.keypoint_names = file.keypoint_names.clone();
        let coco_dir = path.parent().unwrap_or(Path::new("."));
        let now = SystemClock.now_ms();
        self.batch(|p| p.apply_coco(path, coco_dir, &file, how, now, &mut report))?;
        Ok(report)
    }

    /// Runs `f` with the store in one batch transaction (see `Store::batch`).
    fn batch<T>(&mut self, f: impl FnOnce(&mut Project) -> Result<T>) -> Result<T> {
        let opened = self.store.begin_batch()?;
        let out = f(self);
        self.store.end_batch(opened, out.is_ok())?;
        out
    }

    /// Sets the boxes of each COCO image on its item (found by file name, or added when the
    /// image sits beside the COCO file).
    fn apply_coco(
        &mut self,
        path: &Path,
        coco_dir: &Path,
        file: &coco::CocoImport,
        how: AnnotationImport,
        now: i64,
        report: &mut ImportReport,
    ) -> Result<()> {
        let mut unchecked = 0;
        for (i, im) in file.images.iter().enumerate() {
            let mut found = self.store.items_by_media(&im.file_name)?;
            // Gold is for items annotators have: an image the project lacks is not added.
            if found.is_empty() && !how.gold {
                // The image sits beside the COCO file but is not in the project yet: add it.
                let full = coco_dir.join(&im.file_name);
                if full.is_file() {
                    let root = relative_to(coco_dir, &self.dir)
                        .to_string_lossy()
                        .replace('\\', "/");
                    match crate::io::header::image_size(&full) {
                        Ok((w, h)) => {
                            let ins = self.store.insert_items([NewItem {
                                key: format!("m:{root}/{}", im.file_name),
                                kind: MediaKind::Image,
                                root: Some(root),
                                media: Some(im.file_name.clone()),
                                data: Default::default(),
                                width: Some(w),
                                height: Some(h),
                                duration_ms: None,
                            }])?;
                            report.added += ins.added;
                            found = self.store.items_by_media(&im.file_name)?;
                        }
                        Err(m) => report.problem(Problem::new(&full, None, m)),
                    }
                }
            }
            let Some(item) = found.first() else {
                report.problem(Problem::new(
                    path,
                    None,
                    format!("images[{i}]: '{}' is not in the project (nor beside this file); its boxes were skipped", im.file_name),
                ));
                continue;
            };
            if found.len() > 1 {
                report.problem(Problem::new(
                    path,
                    None,
                    format!(
                        "images[{i}]: '{}' matches {} items; the first was used",
                        im.file_name,
                        found.len()
                    ),
                ));
            }
            if let (Some(w), Some(h), Some(iw), Some(ih)) =
                (im.width, im.height, item.width, item.height)
                && (w, h) != (iw, ih)
            {
                report.problem(Problem::new(
                    path,
                    None,
                    format!("images[{i}]: '{}' is {w}×{h} in the file but {iw}×{ih} as displayed; boxes kept as given", im.file_name),
                ));
            }
            let boxes: Vec<BoxAnn> = im
                .boxes
                .iter()
                .zip(&im.scores)
                .filter(|(_, s)| how.keeps(**s))
                .map(|(b, _)| b.clone())
                .collect();
            let item = item.clone();
            if how.gold && boxes.is_empty() && !im.submitted {
                // An image with no box is gold only where the file says it was checked.
                unchecked += 1;
                continue;
            }
            self.set_imported_boxes(&item, boxes, im.submitted, how, now, report)?;
        }
        if unchecked > 0 {
            report.problem(Problem::new(
                path,
                None,
                format!("{unchecked} image(s) with no box and not marked as checked (no submitted_at): no gold answer set for them"),
            ));
        }
        Ok(())
    }

    /// The boxes a source gives an item: taken as done (submitted) or, for pre-labels, as a
    /// draft on an item nobody has worked on yet. An image with no box keeps its status
    /// (tools also list images nobody has labelled yet) unless the source says it was
    /// checked and holds nothing to mark (`negative`): then it is submitted, so a round trip
    /// keeps the background images a training set needs.
    /// Gold never changes the task: a label only the gold answers use (`what`: COCO's
    /// categories, YOLO's classes) is reported, since no annotator could draw a box with it.
    pub(super) fn report_unknown_gold_labels(
        &self,
        source: &Path,
        what: &str,
        names: &[String],
        report: &mut ImportReport,
    ) {
        let unknown: Vec<&str> = names
            .iter()
            .filter(|c| self.config.label_index(c).is_none())
            .map(String::as_str)
            .collect();
        if !unknown.is_empty() {
            report.problem(Problem::new(
                source,
                None,
                format!(
                    "{what} the project has no label for: {} (gold boxes with them can never be matched; add the labels to keylabel.toml to use them)",
                    unknown.join(", ")
                ),
            ));
        }
    }

    /// Boxes as the task draws them: on a task of turned boxes, a four-point outline is the
    /// turned box through its points.
    pub(super) fn fit_to_task(&self, boxes: &mut [BoxAnn]) {
        if self.config.box_rotated() {
            crate::core::rotation::turn_quadrilaterals(boxes);
        }
    }

    pub(super) fn set_imported_boxes(
        &mut self,
        item: &crate::core::Item,
        boxes: Vec<BoxAnn>,
        negative: bool,
        how: AnnotationImport,
        now: i64,
        report: &mut ImportReport,
    ) -> Result<()> {
        self.set_imported(item, |a| a.boxes = boxes, negative, how, now, report)
    }

    /// [`Project::set_imported_boxes`] for any shapes: `put` sets them (boxes, segments) on
    /// the item's answer.
    pub(super) fn set_imported(
        &mut self,
        item: &crate::core::Item,
        put: impl FnOnce(&mut Annotation),
        negative: bool,
        how: AnnotationImport,
        now: i64,
        report: &mut ImportReport,
    ) -> Result<()> {
        if how.gold {
            let mut gold = Annotation::default();
            put(&mut gold);
            // An item with no shape is gold only where the source says it was checked (YOLO:
            // an empty label file).
            if gold.is_empty() && !negative {
                return Ok(());
            }
            self.store.set_gold(item.id, &gold, now)?;
            report.gold += 1;
            return Ok(());
        }
        if how.draft && item.status != Status::New {
            report.left_alone += 1;
            return Ok(());
        }
        let mut ann = self
            .store
            .annotation(item.id, &self.annotator)?
            .unwrap_or_default();
        put(&mut ann);
        let status = match (ann.is_empty(), how.draft) {
            (true, false) if negative => Status::Submitted,
            (true, _) => item.status,
            (false, false) => Status::Submitted,
            (false, true) => Status::Draft,
        };
        self.store
            .import_annotation(item.id, &self.annotator, &ann, status, now)?;
        report.annotated += 1;
        Ok(())
    }
}
