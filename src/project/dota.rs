//! DOTA label files in (see [`crate::io::dota`]): each file's objects set on the image of
//! its name, categories matched to labels (new ones added). The export is with the other
//! per-image datasets.

use super::import::AnnotationImport;
use super::import_report::ImportReport;
use super::{Project, Result};
use crate::core::geometry::clamp_box;
use crate::core::timing::Clock;
use crate::core::{BoxAnn, MediaKind, Progress, SystemClock};
use crate::io::dota;
use crate::io::yolo_labels;
use std::path::Path;

impl Project {
    /// A DOTA label file, or a folder of them (`labelTxt/`, its subfolders too), matched to
    /// the project's images by path, then by file name.
    pub(super) fn import_dota(
        &mut self,
        source: &Path,
        how: AnnotationImport,
        progress: &Progress,
    ) -> Result<ImportReport> {
        self.expect_media(source, MediaKind::Image)?;
        let files = if source.is_file() {
            let stem = source.file_stem().map(|s| s.to_string_lossy().into_owned());
            vec![(stem.unwrap_or_default(), source.to_path_buf())]
        } else {
            yolo_labels::label_files(source)
        };
        let index = self.media_index()?;
        let mut report = ImportReport::default();
        let mut names: Vec<String> = Vec::new();
        let now = SystemClock.now_ms();
        progress.set_total(files.len() as u64);
        for (rel, file) in &files {
            if progress.is_cancelled() {
                break;
            }
            progress.advance(1);
            let Some((id, text)) = index.label_file(rel, file, &mut report) else {
                continue;
            };
            let (mut found, problems) = dota::parse_dota(file, &text);
            // A file with no object and nothing wrong: the image was checked, nothing on it.
            let negative = found.is_empty() && problems.is_empty();
            problems.into_iter().for_each(|p| report.problem(p));
            let item = self.store.item(id)?;
            let (Some(w), Some(h)) = (item.width, item.height) else {
                continue;
            };
            // Turned before kept inside, so a corner past the edge moves the box in whole.
            self.fit_to_task(&mut found);
            // The export writes "small vehicle" as "small-vehicle" (a DOTA category is one
            // word): read back, it is the project's label again.
            for b in &mut found {
                if let Some(l) = (self.config.labels.iter())
                    .find(|l| l.name != b.label && dota::category(&l.name) == b.label)
                {
                    b.label = l.name.clone();
                }
            }
            let boxes: Vec<BoxAnn> = found.iter().filter_map(|b| clamp_box(b, w, h)).collect();
            for b in &boxes {
                if !names.contains(&b.label) {
                    names.push(b.label.clone());
                }
            }
            report.saw_boxes(&boxes);
            self.set_imported_boxes(&item, boxes, negative, how, now, &mut report)?;
        }
        if how.gold {
            self.report_unknown_gold_labels(source, "categories", &names, &mut report);
        } else {
            // Added to the config by `import_as`, once the boxes are in.
            report.new_labels = names;
        }
        Ok(report)
    }
}
