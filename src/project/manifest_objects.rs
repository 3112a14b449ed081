//! Boxes that come with the images of a metadata file (HF `imagefolder`'s `objects`, as
//! Keylabel's image folder export writes them): pre-labels, set as draft answers to check.

use super::Project;
use super::import::AnnotationImport;
use crate::core::timing::Clock;
use crate::core::{BoxAnn, NewItem, SystemClock};
use crate::io::Problem;
use crate::project::{ImportReport, Result};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// HF's column naming a row's segmentation mask (its `annotation` image).
const MASK_KEY: &str = "annotation_file_name";

/// The boxes read off a metadata file's records, by item key, and the records whose
/// `objects` could not be read (the image comes in without them).
#[derive(Default)]
pub(super) struct Objects {
    boxes: Vec<(String, Vec<BoxAnn>)>,
    unread: Vec<(Option<u64>, String)>,
    /// The class mask files the rows name (read or not).
    mask_files: Vec<PathBuf>,
    /// Where the rows' class masks (`annotation_file_name`) are, and what their values mean.
    masks: Masks,
}

/// What a class mask's values are: `id2label.json`'s names, else the task's labels in
/// order from 1 (as Keylabel writes them), else `class_<n>`.
#[derive(Default)]
struct Masks {
    dir: PathBuf,
    id2label: Option<HashMap<u16, String>>,
    labels: Vec<String>,
}

impl Objects {
    /// For the records of metadata file `path` in a project with these `labels`; a damaged
    /// `id2label.json` beside it is said, and the labels' order stands in.
    pub fn new(path: &Path, labels: Vec<String>) -> Self {
        let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        let mut unread = Vec::new();
        let id2label = crate::io::class_mask::read_id2label(&dir).unwrap_or_else(|e| {
            unread.push((
                None,
                format!("{e}; masks' values are read as the task's labels"),
            ));
            None
        });
        Objects {
            unread,
            masks: Masks {
                dir,
                id2label,
                labels,
            },
            ..Default::default()
        }
    }

    /// Takes `objects` out of the item's fields: boxes are answers, not what the item shows.
    /// Without them, a class mask (`annotation_file_name`, HF's segmentation datasets) comes
    /// in as outlines, a region each.
    pub fn take(&mut self, item: &mut NewItem, line: Option<u64>) {
        let mask = item.data.remove(MASK_KEY);
        let mask = mask.as_ref().and_then(serde_json::Value::as_str);
        if let Some(rel) = mask {
            self.mask_files.push(self.masks.dir.join(rel));
        }
        let Some(v) = item.data.remove("objects") else {
            if let Some(rel) = mask {
                self.take_mask(item, line, rel);
            }
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

    fn take_mask(&mut self, item: &NewItem, line: Option<u64>, rel: &str) {
        let path = self.masks.dir.join(rel);
        let px = match crate::io::class_mask::read_png(&path) {
            Ok(px) => px,
            Err(e) => {
                let m = format!("{e}; the image comes in without its outlines");
                return self.unread.push((line, m));
            }
        };
        if let (Some(w), Some(h)) = (item.width, item.height)
            && (px.width, px.height) != (w as usize, h as usize)
        {
            let m = format!(
                "{}: the mask is {}×{}, its image {w}×{h}; the image comes in without its outlines",
                path.display(),
                px.width,
                px.height
            );
            return self.unread.push((line, m));
        }
        let m = &self.masks;
        let boxes = crate::io::class_mask::objects(&px, |v| {
            if v == 0
                || (px.indexed
                    && v == 255
                    && !m.id2label.as_ref().is_some_and(|l| l.contains_key(&255)))
            {
                return None;
            }
            Some(match &m.id2label {
                Some(names) => names
                    .get(&v)
                    .cloned()
                    .unwrap_or_else(|| format!("class_{v}")),
                None => (m.labels.get(usize::from(v) - 1).cloned())
                    .unwrap_or_else(|| format!("class_{v}")),
            })
        });
        if !boxes.is_empty() {
            self.boxes.push((item.key.clone(), boxes));
        }
    }

    pub fn mask_files(&mut self) -> Vec<PathBuf> {
        std::mem::take(&mut self.mask_files)
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
