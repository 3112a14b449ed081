//! PaddleOCR label files in: a detector's or PPOCRLabel's texts on the project's images, as
//! boxes with their texts (pre-labels with `--draft`, as a model's boxes are).

use super::import::AnnotationImport;
use super::import_report::ImportReport;
use super::{Project, ProjectError, Result};
use crate::core::geometry::clamp_box;
use crate::core::timing::Clock;
use crate::core::{MediaKind, SystemClock};
use crate::io::Problem;
use crate::io::paddle_ocr::ILLEGIBLE;
use std::path::Path;

impl Project {
    /// Each line's image is found by its path (the longest tail that is an item's, else
    /// its file name); its texts become boxes of the task's first label, clamped to the
    /// image, `###` a box with no text. Scores under `--min-score` are left out.
    pub(super) fn import_paddle_ocr(
        &mut self,
        source: &Path,
        how: AnnotationImport,
    ) -> Result<ImportReport> {
        if self.config.task.media != MediaKind::Image || !self.config.box_text() {
            return Err(ProjectError::Mismatch {
                path: source.to_path_buf(),
                message: "is a PaddleOCR label file: it goes into an image project whose \
                          boxes have texts (`box_text = true`, the `ocr` preset)"
                    .into(),
            });
        }
        let label = self
            .config
            .labels
            .first()
            .map_or_else(|| "text".to_string(), |l| l.name.clone());
        // `###` is "could not be read": where the task has a box attribute for that, the
        // box comes in with it ticked, an answer as it stands (a box with no text and nothing
        // ticked is not submitted).
        let illegible = self.config.box_attributes().iter().any(|a| a == ILLEGIBLE);
        let (lines, problems) = crate::io::paddle_ocr::read_labels(source)?;
        let mut report = ImportReport {
            new_labels: vec![label.clone()],
            ..Default::default()
        };
        for p in problems {
            report.problem(p);
        }
        let index = self.media_index()?;
        let now = SystemClock.now_ms();
        for l in lines {
            let id = match index.find_path(&l.image) {
                Ok(id) => id,
                Err(why) => {
                    report.problem(Problem::new(source, Some(l.line), why));
                    continue;
                }
            };
            let item = self.store.item(id)?;
            let (Some(w), Some(h)) = (item.width, item.height) else {
                continue;
            };
            let mut boxes: Vec<_> = (l.boxes.into_iter())
                .filter(|(_, score)| how.keeps(*score))
                .map(|(mut b, _)| {
                    b.label.clone_from(&label);
                    if b.text.is_empty() && illegible {
                        b.attributes.push(ILLEGIBLE.into());
                    }
                    b
                })
                .collect();
            // A text's four points turn its box on a task of turned boxes; elsewhere the
            // box is the upright one around them, as it always was.
            self.fit_to_task(&mut boxes);
            boxes.iter_mut().for_each(|b| b.polygons.clear());
            let boxes = boxes.iter().filter_map(|b| clamp_box(b, w, h)).collect();
            self.set_imported_boxes(&item, boxes, false, how, now, &mut report)?;
        }
        Ok(report)
    }
}
