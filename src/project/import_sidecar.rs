//! Annotation files of one image each into a project — Pascal VOC XML (LabelImg's, beside
//! the images, or a VOC dataset's `Annotations/`) and labelme JSON: each file's objects set
//! on its image's item; names matched to labels, new ones added. A damaged file is a
//! problem naming it (and its line or shape); the others come in.

use super::import::AnnotationImport;
use super::import_report::ImportReport;
use super::{Project, Result};
use crate::core::geometry::clamp_box;
use crate::core::timing::Clock;
use crate::core::{MediaKind, Progress, SystemClock};
use crate::io::Problem;
use crate::io::voc::{self, ImageAnnotation};
use crate::io::{labelme, scan};
use std::path::{Path, PathBuf};

impl Project {
    /// The annotation files `files` (from `source`, a file or a folder): `.xml` as VOC,
    /// `.json` as labelme. Those `found` in a folder that are other XML or JSON are passed
    /// over; one given by itself must be of the kind its name says.
    pub(super) fn import_sidecars(
        &mut self,
        source: &Path,
        (files, found): (&[PathBuf], bool),
        how: AnnotationImport,
        progress: &Progress,
    ) -> Result<ImportReport> {
        self.expect_media(source, MediaKind::Image)?;
        let index = self.media_index()?;
        let mut report = ImportReport::default();
        let mut names: Vec<String> = Vec::new();
        let mut left_out = 0;
        let now = SystemClock.now_ms();
        progress.set_total(files.len() as u64);
        for file in files {
            if progress.is_cancelled() {
                break;
            }
            progress.advance(1);
            let read = match (scan::is_xml(file), found) {
                (true, true) => voc::read_if_voc(file).map(|r| r.map(|img| (img, 0))),
                (true, false) => Some(voc::read_voc(file).map(|img| (img, 0))),
                (false, true) => labelme::read_if_labelme(file),
                (false, false) => Some(labelme::read_labelme(file)),
            };
            let Some(read) = read else {
                continue;
            };
            let img = match read {
                Ok((img, skipped)) => {
                    left_out += skipped;
                    img
                }
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
            let mut boxes: Vec<_> = img.boxes.clone();
            self.fit_to_task(&mut boxes);
            let boxes: Vec<_> = (boxes.iter()).filter_map(|b| clamp_box(b, w, h)).collect();
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
        if left_out > 0 {
            report.problem(Problem::new(
                source,
                None,
                format!("{left_out} shape(s) are points or lines, which are no object's box or outline: left out"),
            ));
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

/// An annotation file of one image, by its content: VOC XML or labelme JSON (a COCO file or
/// other JSON is not).
pub(super) fn is_image_annotation(path: &Path) -> bool {
    match scan::is_xml(path) {
        true => voc::is_voc(path),
        false => labelme::is_labelme(path),
    }
}

/// The item of the image a VOC file is of: the one beside the file (LabelImg's layout), the
/// one `../JPEGImages/` holds or links to (a VOC dataset's), the one at its `<path>`, or the
/// one of its `<filename>`.
fn find_image(
    index: &super::import_yolo::MediaIndex,
    file: &Path,
    img: &ImageAnnotation,
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
