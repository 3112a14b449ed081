//! Boxes that come with the images of a metadata file (HF `imagefolder`'s `objects`, as
//! Keylabel's image folder export writes them): pre-labels, set as draft answers to check.

use super::Project;
use super::import::AnnotationImport;
use crate::core::timing::Clock;
use crate::core::{BoxAnn, NewItem, SystemClock};
use crate::io::Problem;
use crate::project::{ImportReport, Result};
use std::path::Path;

/// The boxes read off a metadata file's records, by item key, and the records whose
/// `objects` could not be read (the image comes in without them).
#[derive(Default)]
pub(super) struct Objects {
    boxes: Vec<(String, Vec<BoxAnn>)>,
    unread: Vec<(Option<u64>, String)>,
}

impl Objects {
    /// Takes `objects` out of the item's fields: boxes are answers, not what the item shows.
    pub fn take(&mut self, item: &mut NewItem, line: Option<u64>) {
        let Some(v) = item.data.remove("objects") else {
            return;
        };
        match crate::io::manifest::hf_objects(&v) {
            Ok(b) if b.is_empty() => {}
            Ok(b) => self.boxes.push((item.key.clone(), b)),
            Err(e) => self
                .unread
                .push((line, format!("{e}; the image comes in without its boxes"))),
        }
    }

    pub fn problems(&mut self, path: &Path) -> Vec<Problem> {
        (self.unread.drain(..))
            .map(|(line, m)| Problem::new(path, line, m))
            .collect()
    }
}

impl Project {
    /// Sets each image's boxes as a draft answer by this annotator, as pre-labels are: an
    /// image someone already worked on is left as it is. Labels the task lacks are added
    /// once the import is in (see `import_as`).
    pub(super) fn set_manifest_objects(
        &mut self,
        objects: Objects,
        report: &mut ImportReport,
    ) -> Result<()> {
        let how = AnnotationImport {
            draft: true,
            ..Default::default()
        };
        let now = SystemClock.now_ms();
        for (key, boxes) in objects.boxes {
            let Some(item) = self.store.item_by_key(&key)? else {
                continue;
            };
            for b in &boxes {
                if self.config.label_index(&b.label).is_none()
                    && !report.new_labels.contains(&b.label)
                {
                    report.new_labels.push(b.label.clone());
                }
            }
            report.saw_boxes(&boxes);
            self.set_imported_boxes(&item, boxes, false, how, now, report)?;
        }
        Ok(())
    }
}
