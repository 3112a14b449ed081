//! What an import did: counts, the first problems, notices, and the line that says so.

use crate::core::{BoxAnn, MediaKind};
use crate::io::Problem;
use std::path::Path;

/// How many problems a report keeps to show; the total is counted apart.
const PROBLEMS_KEPT: usize = 20;

/// What an import did.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    pub added: u64,
    pub duplicates: u64,
    /// Items whose annotations were set from the source.
    pub annotated: u64,
    pub new_labels: Vec<String>,
    /// The first problems (bad lines, unreadable files), with where they are.
    pub problems: Vec<Problem>,
    pub problems_total: u64,
    /// Items a draft import did not touch: someone had already worked on them.
    pub left_alone: u64,
    /// Items given a gold answer.
    pub gold: u64,
    /// Box attributes the imported boxes carry, in the order met.
    pub attributes: Vec<String>,
    /// Imported boxes with an outline (polygons).
    pub outlines: u64,
    /// Imported boxes turned at an angle (rotated boxes).
    pub turned: u64,
    /// Objects that came with keypoints, and the numbers of keypoints they had.
    pub keypoints: u64,
    pub keypoint_counts: Vec<usize>,
    /// Their names, where the source gives them (COCO's categories, YOLO's data.yaml).
    pub keypoint_names: Vec<String>,
    /// What came in but is worth a word: record fields whose JSON type changes from one
    /// record to the next (HF `datasets` will not load them as they are), records already
    /// in the project whose content changed in the source.
    pub notices: Vec<Problem>,
    /// Of `duplicates`, records known by their `id` whose content differs from the
    /// project's: the project keeps its own.
    pub changed: u64,
    /// Items whose fields were set from the source (`update_fields`).
    pub fields_set: u64,
}

/// How many changed records are named one by one; the rest are counted.
const CHANGED_NAMED: usize = 5;

impl ImportReport {
    /// Notes the attributes of imported boxes.
    pub(super) fn saw_boxes<'b>(&mut self, boxes: impl IntoIterator<Item = &'b BoxAnn>) {
        for b in boxes {
            self.outlines += u64::from(!b.polygons.is_empty());
            self.turned += u64::from(b.is_rotated());
            if !b.keypoints.is_empty() {
                self.keypoints += 1;
                if !self.keypoint_counts.contains(&b.keypoints.len()) {
                    self.keypoint_counts.push(b.keypoints.len());
                }
            }
            for a in &b.attributes {
                if !self.attributes.contains(a) {
                    self.attributes.push(a.clone());
                }
            }
        }
    }

    /// Notes records already in the project whose content changed in `path` (line and
    /// key each): the first by name, then how many more.
    pub(super) fn saw_changed(&mut self, path: &Path, changed: &[(Option<u64>, String)]) {
        self.changed = changed.len() as u64;
        for (line, key) in changed.iter().take(CHANGED_NAMED) {
            let message = match key.strip_prefix("r:id:") {
                Some(id) => format!(
                    "record {} is already in the project with other content: the project \
                     keeps its own, the one any answers were given on (`import \
                     --update-fields` sets the new fields on it; a new id adds it as a new \
                     item)",
                    serde_json::Value::String(id.to_string())
                ),
                // A listed file ("m:root/a.jpg"): its name says which.
                None => format!(
                    "{} is already in the project with other fields: the project keeps its \
                     own (`import --update-fields` sets the new ones on it)",
                    key.rsplit('/').next().unwrap_or(key)
                ),
            };
            self.notices.push(Problem::new(path, *line, message));
        }
        if changed.len() > CHANGED_NAMED {
            self.notices.push(Problem::new(
                path,
                None,
                format!(
                    "… and {} more already in the project with other content",
                    changed.len() - CHANGED_NAMED
                ),
            ));
        }
    }

    /// Takes in what another import of the same run did (a metadata file, then the walk of
    /// its folder): counts added up, problems and notices after this one's.
    pub(super) fn absorb(&mut self, other: ImportReport) {
        self.added += other.added;
        self.duplicates += other.duplicates;
        self.changed += other.changed;
        self.annotated += other.annotated;
        self.left_alone += other.left_alone;
        self.gold += other.gold;
        self.fields_set += other.fields_set;
        let unkept = other.problems_total - other.problems.len() as u64;
        for p in other.problems {
            self.problem(p);
        }
        self.problems_total += unkept;
        self.notices.extend(other.notices);
        for l in other.new_labels {
            if !self.new_labels.contains(&l) {
                self.new_labels.push(l);
            }
        }
        for a in other.attributes {
            if !self.attributes.contains(&a) {
                self.attributes.push(a);
            }
        }
    }

    pub(super) fn problem(&mut self, p: Problem) {
        self.problems_total += 1;
        if self.problems.len() < PROBLEMS_KEPT {
            self.problems.push(p);
        }
    }

    /// Anything at all came in.
    pub fn imported_anything(&self) -> bool {
        self.added
            + self.duplicates
            + self.annotated
            + self.left_alone
            + self.gold
            + self.fields_set
            > 0
    }

    /// The source was read without a problem and held nothing to import: an empty folder
    /// or file, or a folder of files Keylabel does not read. Worth a word, not an error.
    /// `media`: the project's, when it has one already.
    pub fn nothing_in(&self, source: &Path, media: Option<MediaKind>) -> Option<String> {
        if self.imported_anything() || self.problems_total > 0 {
            return None;
        }
        Some(if source.is_dir() {
            format!(
                "{}: no media in it; a folder is read for {}",
                source.display(),
                crate::io::scan::media_files_hint(media)
            )
        } else {
            format!("{}: no items in it", source.display())
        })
    }

    /// One line saying what the import did ("added 3 items, annotations for 2 items, …").
    pub fn summary(&self) -> String {
        use crate::core::progress::{count, grouped};
        let mut parts = Vec::new();
        // "added 0 items" says nothing after an import of annotations.
        if self.added > 0
            || self.duplicates > 0
            || self.annotated + self.left_alone + self.gold + self.fields_set == 0
        {
            parts.push(format!("added {}", count(self.added, "item", "items")));
        }
        if self.changed > 0 {
            parts.push(format!(
                "{} already there ({} with other content in the source: the project keeps \
                 its own)",
                grouped(self.duplicates),
                grouped(self.changed)
            ));
        } else if self.duplicates > 0 {
            parts.push(format!("{} already there", grouped(self.duplicates)));
        }
        if self.fields_set > 0 {
            parts.push(format!(
                "fields set on {}",
                count(self.fields_set, "item", "items")
            ));
        }
        if self.annotated > 0 {
            parts.push(format!(
                "annotations for {}",
                count(self.annotated, "item", "items")
            ));
        }
        if self.gold > 0 {
            parts.push(format!(
                "gold answers for {} (hidden from annotators)",
                count(self.gold, "item", "items")
            ));
        }
        if self.left_alone > 0 {
            parts.push(format!(
                "{} already worked on left as they were",
                count(self.left_alone, "item", "items")
            ));
        }
        if !self.new_labels.is_empty() {
            parts.push(format!("new labels: {}", self.new_labels.join(", ")));
        }
        if self.problems_total > 0 {
            parts.push(format!("{} problem(s)", grouped(self.problems_total)));
        }
        parts.join(", ")
    }
}
