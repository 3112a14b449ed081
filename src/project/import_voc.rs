//! Pascal VOC boxes into a project (LabelImg's XML beside the images, or a VOC dataset's
//! `Annotations/`): each file's boxes set on its image's item; names matched to labels, new
//! ones added. A damaged file is a problem naming it and its line; the others come in.

use super::import::AnnotationImport;
use super::import_report::ImportReport;
use super::{Project, Result};
use crate::core::geometry::clamp_box;
use crate::core::timing::Clock;
use crate::core::{MediaKind, Progress, SystemClock};
use crate::io::Problem;
use crate::io::voc::{self, VocImage};
use std::path::{Path, PathBuf};

impl Project {
    /// The VOC annotation files `files` (from `source`, a file or a folder).
    pub(super) fn import_voc(
        &mut self,
        source: &Path,
        files: &[PathBuf],
        how: AnnotationImport,
        progress: &Progress,
    ) -> Result<ImportReport> {
        self.expect_media(source, MediaKind::Image)?;
        let index = self.media_index()?;
        let mut report = ImportReport::default();
        let mut names: Vec<String> = Vec::new();
        let now = SystemClock.now_ms();
        progress.set_total(files.len() as u64);
        for file in files {
            if progress.is_cancelled() {
                break;
            }
            progress.advance(1);
            let img = match voc::read_voc(file) {
                Ok(img) => img,
                Err(p) => {
                    report.problem(p);
                    continue;
                }
            };
            let Some(id) = find_image(&index, file, &img, &mut report) else {
                continue;
            };
            let item = self.store.item(id)?;
            let (Some(w), Some(h)) = (item.width, item.height) else {
                continue;
            };
            if let (Some(fw), Some(fh)) = (img.width, img.height)
                && (fw, fh) != (w, h)
                && fw > 0
                && fh > 0
            {
                report.problem(Problem::new(
                    file,
                    None,
                    format!("'{}' is {fw}×{fh} in the file but {w}×{h} as displayed; boxes kept as given", img.file_name),
                ));
            }
            let boxes: Vec<_> = (img.boxes.iter())
                .filter_map(|b| clamp_box(b, w, h))
                .collect();
            for b in &boxes {
                if !names.contains(&b.label) {
                    names.push(b.label.clone());
                }
            }
            report.saw_boxes(&boxes);
            // A file with no object: LabelImg saved the image as checked, nothing on it.
            let negative = boxes.is_empty();
            self.set_imported_boxes(&item, boxes, negative, how, now, &mut report)?;
        }
        if how.gold {
            self.report_unknown_gold_labels(source, "object names", &names, &mut report);
        } else {
            // Added to the config by `import_as`, once the boxes are in.
            report.new_labels = names;
        }
        Ok(report)
    }
}

/// The item of the image a VOC file is of: the one beside the file (LabelImg's layout), the
/// one `../JPEGImages/` holds or links to (a VOC dataset's), the one at its `<path>`, or the
/// one of its `<filename>`.
fn find_image(
    index: &super::import_yolo::MediaIndex,
    file: &Path,
    img: &VocImage,
    report: &mut ImportReport,
) -> Option<i64> {
    let found = |p: PathBuf| p.is_file().then(|| p.to_string_lossy().replace('\\', "/"));
    let beside = file.parent().and_then(|d| found(d.join(&img.file_name)));
    // A VOC dataset's JPEGImages/, its links followed (Keylabel's export links the media).
    let linked = (file.parent().and_then(Path::parent))
        .map(|d| d.join("JPEGImages").join(&img.file_name))
        .and_then(|p| found(std::fs::canonicalize(&p).unwrap_or(p)));
    let tries = [
        beside.as_deref(),
        linked.as_deref(),
        img.path.as_deref(),
        Some(img.file_name.as_str()),
    ];
    let mut why = String::new();
    for t in tries.into_iter().flatten() {
        match index.find_path(t) {
            Ok(id) => return Some(id),
            // The last try's words (by its name) are the plainest.
            Err(w) => why = w,
        }
    }
    report.problem(Problem::new(
        file,
        None,
        format!(
            "its image '{}' is not in the project ({why}); its boxes were skipped",
            img.file_name
        ),
    ));
    None
}
