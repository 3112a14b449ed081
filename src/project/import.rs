//! Adding items and importing annotations into a project.

use super::import_report::ImportReport;
use super::import_sidecar::is_image_annotation;
use super::{Listing, Project, ProjectError, Result};
use crate::core::timing::Clock;
use crate::core::{Annotation, BoxAnn, MediaKind, NewItem, Progress, SystemClock};
use crate::io::field_types::FieldTypes;
use crate::io::records::{JsonlRecords, SeenIds, open_record_lines, record_key, text_item};
use crate::io::scan::{
    audio_items, image_items, is_sidecar, list_images_with_sidecars, list_media, relative_to,
};
use crate::io::{IoError, Problem, jsonl, yolo_labels};
use std::path::Path;

/// How imported annotations land.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct AnnotationImport {
    /// Pre-labels (a model's predictions) to correct: the boxes come in as drafts, still to
    /// do, and items someone already worked on are left as they are. Without it, imported
    /// annotations are taken as done (submitted).
    pub draft: bool,
    /// Boxes with a lower confidence (COCO `score`, YOLO's sixth column) are left out.
    pub min_score: Option<f64>,
    /// Gold answers (a JSONL in Keylabel's export format): each row sets its item's
    /// expected answer, never shown to annotators; statuses, flags and times are left.
    pub gold: bool,
    /// Fields for items already there (see `Project::import_fields`): nothing is added.
    pub update_fields: bool,
}

impl AnnotationImport {
    pub(super) fn keeps(&self, score: Option<f64>) -> bool {
        match (self.min_score, score) {
            (Some(min), Some(s)) => s >= min,
            _ => true,
        }
    }
}

/// Whether a JSONL file is a Keylabel export (answers) rather than records (items): its
/// first readable line says.
fn is_export_jsonl(source: &Path) -> Result<bool> {
    let mut records = JsonlRecords::open(source)?;
    let first = std::iter::from_fn(|| records.next_object()).find_map(|o| o.ok());
    Ok(first.is_some_and(|(_, o)| jsonl::is_export_line(&o)))
}

/// `items` until the user cancels, each counted as done.
fn counted<T>(items: impl Iterator<Item = T>, progress: &Progress) -> impl Iterator<Item = T> {
    items
        .take_while(|_| !progress.is_cancelled())
        .inspect(|_| progress.advance(1))
}

impl Project {
    /// Imports a source: an image folder, a JSONL/CSV of text items, a COCO JSON of boxes, or
    /// Keylabel's own JSONL export (annotations, matched to items by id or media).
    pub fn import(&mut self, source: &Path) -> Result<ImportReport> {
        self.import_with(source, &Progress::default())
    }

    /// [`Project::import`], counting the files or lines read into `progress`; a cancel
    /// keeps nothing (see [`Project::import_as`]).
    pub fn import_with(&mut self, source: &Path, progress: &Progress) -> Result<ImportReport> {
        self.import_as(source, progress, AnnotationImport::default())
    }

    /// [`Project::import_with`], with annotations (COCO, YOLO) landing as `how` says.
    /// All or nothing: the whole import is one transaction, and the config learns the
    /// source's new labels only after it is stored. A cancel (through `progress`) rolls it
    /// back and returns [`ProjectError::Cancelled`].
    pub fn import_as(
        &mut self,
        source: &Path,
        progress: &Progress,
        how: AnnotationImport,
    ) -> Result<ImportReport> {
        let opened = self.store.begin_batch()?;
        let out = self.import_source(source, progress, how);
        let out = out.and_then(|report| match progress.is_cancelled() {
            true => Err(ProjectError::Cancelled(source.to_path_buf())),
            false => Ok(report),
        });
        self.store.end_batch(opened, out.is_ok())?;
        let mut report = out?;
        // The importers name the labels their annotations use; those the config lacks are
        // added now that the annotations are in.
        // (Items alone name none: init, whose config is not written yet, adds items.)
        let wanted = std::mem::take(&mut report.new_labels);
        if !wanted.is_empty() {
            report.new_labels = self.add_labels(&wanted)?;
        }
        let known = self.config.box_attributes();
        let unknown: Vec<&str> = (report.attributes.iter())
            .filter(|a| !known.contains(a))
            .map(String::as_str)
            .collect();
        if !unknown.is_empty() {
            // Kept and exported either way; the config decides what the panel offers.
            let list = serde_json::to_string(&unknown).unwrap_or_default();
            let message = format!(
                "boxes carry attributes the task does not name ({}): they are kept and exported; to see and set them, add `attributes = {list}` to the boxes control in {}",
                unknown.join(", "),
                self.config_path().display()
            );
            report.problem(Problem::new(source, None, message));
        }
        let names = self.config.box_keypoints();
        if report.keypoints > 0 && names.is_empty() {
            let message = format!(
                "{} object(s) came with keypoints: they are kept and exported; to see and place them (K), name them in order with `keypoints = {}` on the boxes control in {}",
                report.keypoints,
                match &report.keypoint_names[..] {
                    [] => "[\"nose\", …]".to_string(),
                    names => serde_json::to_string(names).unwrap_or_default(),
                },
                self.config_path().display()
            );
            report.problem(Problem::new(source, None, message));
        } else if let Some(n) = (report.keypoint_counts.iter()).find(|&&n| n != names.len()) {
            let message = format!(
                "objects came with {n} keypoints where the task names {}: they are kept as they came, and exports write the task's {} (a point past them is left out)",
                names.len(),
                names.len()
            );
            report.problem(Problem::new(source, None, message));
        }
        if report.turned > 0 && !self.config.box_rotated() {
            let message = format!(
                "{} object(s) came turned at an angle (rotated boxes): they are kept and exported so; to turn boxes (Z / X), add `rotated = true` to the boxes control in {}",
                report.turned,
                self.config_path().display()
            );
            report.problem(Problem::new(source, None, message));
        }
        if report.outlines > 0 && !self.config.box_polygons() {
            let message = format!(
                "{} object(s) came with outlines (polygons): they are kept and exported; to draw and edit outlines (O), add `polygons = true` to the boxes control in {}",
                report.outlines,
                self.config_path().display()
            );
            report.problem(Problem::new(source, None, message));
        }
        Ok(report)
    }

    fn import_source(
        &mut self,
        source: &Path,
        progress: &Progress,
        how: AnnotationImport,
    ) -> Result<ImportReport> {
        if how.gold {
            return self.import_gold(source, how, progress);
        }
        if how.update_fields {
            return self.import_fields(source, progress);
        }
        if source.is_dir() {
            let listing = if self.config.task.media == MediaKind::Audio {
                list_media(source, crate::io::audio::is_audio)?
            } else {
                // Refuse before walking: a text project has no use for an image folder.
                self.expect_media(source, MediaKind::Image)?;
                if source.join("data.yaml").is_file() {
                    return self.import_yolo(source, how, progress);
                }
                if let Some(labels) = crate::io::dota::source_folder(source) {
                    return self.import_dota(&labels, how, progress);
                }
                if yolo_labels::has_labels_folder(source) {
                    return Err(ProjectError::Mismatch {
                        path: source.to_path_buf(),
                        message: format!(
                            "holds YOLO label files in labels/: to import them, give {} (or the dataset's data.yaml); to add images as items, give the folder that holds just the images",
                            source.join("labels").display()
                        ),
                    });
                }
                let listing = list_images_with_sidecars(source)?;
                if yolo_labels::is_yolo_dir(source, !listing.0.is_empty()) {
                    return self.import_yolo(source, how, progress);
                }
                listing
            };
            return self.import_listing(source, listing, progress);
        }
        if !source.is_file() {
            return Err(IoError::invalid(source, "not found").into());
        }
        let ext = source
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        match ext.as_str() {
            "yaml" | "yml" => self.import_yolo(source, how, progress),
            "xml" => self.import_sidecars(source, (&[source.to_path_buf()], false), how, progress),
            "json" if crate::io::labelme::is_labelme(source) => {
                self.import_sidecars(source, (&[source.to_path_buf()], false), how, progress)
            }
            "json" => self.import_coco(source, how),
            "rttm" => self.import_rttm(source, how),
            "txt" if crate::io::paddle_ocr::is_label_file(source) => {
                self.import_paddle_ocr(source, how)
            }
            "txt" if crate::io::dota::source_folder(source).is_some() => {
                self.import_dota(source, how, progress)
            }
            "jsonl" | "ndjson" => {
                if is_export_jsonl(source)? {
                    self.import_export_jsonl(source, false)
                } else {
                    self.import_records(source, progress)
                }
            }
            _ => self.import_records(source, progress),
        }
    }

    /// Gold answers come as rows of Keylabel's JSONL export format (what a lead exports
    /// after answering the gold items, or writes), or as a COCO file of gold boxes.
    fn import_gold(
        &mut self,
        source: &Path,
        how: AnnotationImport,
        progress: &Progress,
    ) -> Result<ImportReport> {
        let ext = source
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        if ext == "json" && source.is_file() && !crate::io::labelme::is_labelme(source) {
            return self.import_coco(source, how);
        }
        let labelme = ext == "json" && crate::io::labelme::is_labelme(source);
        if (ext == "xml" || labelme) && source.is_file() {
            return self.import_sidecars(source, (&[source.to_path_buf()], false), how, progress);
        }
        let files = match source.is_dir() {
            true => list_media(source, is_sidecar)?.0,
            false => Vec::new(),
        };
        let files: Vec<_> = files.iter().map(|f| source.join(f)).collect();
        if files.iter().any(|f| is_image_annotation(f)) {
            return self.import_sidecars(source, (&files, true), how, progress);
        }
        // A YOLO dataset's data.yaml, or a folder of label files.
        if matches!(ext.as_str(), "yaml" | "yml") || source.is_dir() {
            return self.import_yolo(source, how, progress);
        }
        if !is_export_jsonl(source)? {
            return Err(ProjectError::Mismatch {
                path: source.to_path_buf(),
                message: "gold answers are read from a JSONL in Keylabel's export format \
                          (rows with id, kind, status, labels and boxes, as `keylabel export \
                          --format jsonl` writes them), a COCO file of boxes, or YOLO labels \
                          (a data.yaml or a folder of label files)"
                    .into(),
            });
        }
        self.import_export_jsonl(source, true)
    }

    /// Objects whose number of keypoints is not the task's refuse the file they are in,
    /// before anything of it is stored: points taken by position would be the wrong ones.
    pub(super) fn expect_keypoints(&self, source: &Path, counts: &[usize]) -> Result<()> {
        let names = self.config.box_keypoints();
        match counts.iter().find(|&&n| n != names.len()) {
            Some(n) if !names.is_empty() => Err(ProjectError::Mismatch {
                path: source.to_path_buf(),
                message: format!(
                    "its objects have {n} keypoints, but this task names {} ({}); nothing imported",
                    names.len(),
                    names.join(", ")
                ),
            }),
            _ => Ok(()),
        }
    }

    pub(super) fn expect_media(&self, source: &Path, kind: MediaKind) -> Result<()> {
        if self.config.task.media != kind {
            return Err(ProjectError::Mismatch {
                path: source.to_path_buf(),
                message: format!(
                    "holds {} items, but this project is for {} items",
                    kind.as_str(),
                    self.config.task.media.as_str()
                ),
            });
        }
        Ok(())
    }

    /// The media files a walk of `dir` listed (images, or clips for an audio project).
    pub(super) fn import_listing(
        &mut self,
        dir: &Path,
        (files, listed): Listing,
        progress: &Progress,
    ) -> Result<ImportReport> {
        // LabelImg (Pascal VOC) and labelme keep a file beside each image: their objects
        // come in after the images are items.
        let (sidecars, files): (Vec<String>, Vec<String>) =
            files.into_iter().partition(|f| is_sidecar(Path::new(f)));
        let root = relative_to(dir, &self.dir)
            .to_string_lossy()
            .replace('\\', "/");
        progress.set_total(files.len() as u64);
        if self.config.task.media == MediaKind::Audio {
            let found = audio_items(dir, &root, files);
            return self.insert_found(dir, listed, counted(found, progress));
        }
        self.expect_media(dir, MediaKind::Image)?;
        // HF `imagefolder` keeps the images' fields in a metadata file beside them: the
        // images it lists come in with their fields first, then the walk adds the rest.
        let mut report = ImportReport::default();
        let mut masks = std::collections::HashSet::new();
        for meta in metadata_files(dir) {
            let (listed_here, its_masks) = self.import_metadata(&meta, progress)?;
            report.absorb(listed_here);
            masks.extend(its_masks);
        }
        // The class masks the metadata names are answers, not images to label.
        let files: Vec<String> = (files.into_iter())
            .filter(|f| masks.is_empty() || !masks.contains(&dir.join(f)))
            .collect();
        progress.set_total(files.len() as u64);
        let found = image_items(dir, &root, files);
        let walked = self.insert_found(dir, listed, counted(found, progress))?;
        // The walk meets each listed image again and counts it: those added just now are
        // not "already there", and those that were are counted once.
        let listed_seen = report.added + report.duplicates;
        report.absorb(walked);
        report.duplicates = report.duplicates.saturating_sub(listed_seen);
        let sidecars: Vec<_> = sidecars.iter().map(|f| dir.join(f)).collect();
        let how = AnnotationImport::default();
        if sidecars.iter().any(|f| is_image_annotation(f)) {
            let boxes = self.import_sidecars(dir, (&sidecars, true), how, progress)?;
            report.absorb(self.with_labels_of(boxes)?);
        }
        // A DOTA dataset keeps its labels in `labelTxt/` beside `images/`.
        let dota = dir.join("labelTxt");
        if dota.is_dir() && crate::io::dota::source_folder(&dota).is_some() {
            let boxes = self.import_dota(&dota, how, progress)?;
            report.absorb(self.with_labels_of(boxes)?);
        }
        Ok(report)
    }

    /// The labels an import of a folder's annotations met: on an init, whose config is
    /// written once the items are in, taken into the task now.
    fn with_labels_of(&mut self, mut boxes: ImportReport) -> Result<ImportReport> {
        if !self.config_path().exists() {
            boxes.new_labels = self.add_labels(&boxes.new_labels)?;
        }
        Ok(boxes)
    }

    /// Stores the items a folder scan finds as they come (reading overlaps writing); the
    /// files that could not be read, and `listed` (problems of the walk), go in the report.
    fn insert_found(
        &mut self,
        dir: &Path,
        listed: Vec<Problem>,
        found: impl Iterator<Item = (String, std::result::Result<NewItem, String>)>,
    ) -> Result<ImportReport> {
        let mut report = ImportReport::default();
        for p in listed {
            report.problem(p);
        }
        let mut unreadable = Vec::new();
        let ins = self.store.insert_items(found.filter_map(|(rel, r)| {
            r.map_err(|m| unreadable.push(Problem::new(&dir.join(&rel), None, m)))
                .ok()
        }))?;
        for p in unreadable {
            report.problem(p);
        }
        report.added = ins.added;
        report.duplicates = ins.duplicates;
        Ok(report)
    }

    /// A manifest: each line an audio item (or, in an image project, an image with its
    /// metadata); a bad path, duration or image is reported with its line.
    fn import_manifest(&mut self, path: &Path, progress: &Progress) -> Result<ImportReport> {
        Ok(self.import_metadata(path, progress)?.0)
    }

    /// As `import_manifest`, also giving the class mask files its records name.
    fn import_metadata(
        &mut self,
        path: &Path,
        progress: &Progress,
    ) -> Result<(ImportReport, Vec<std::path::PathBuf>)> {
        let root = self.root_of(path);
        let mut report = ImportReport::default();
        let mut problems = Vec::new();
        let to_item = match self.config.task.media {
            MediaKind::Image => crate::io::manifest::image_manifest_item,
            _ => crate::io::manifest::manifest_item,
        };
        // The line of the item going in, for the word on a changed one.
        let at = std::cell::Cell::new(None);
        let labels = self.config.labels.iter().map(|l| l.name.clone()).collect();
        let mut objects = super::manifest_objects::Objects::new(path, labels);
        let images = self.config.task.media == MediaKind::Image;
        let items = converted(path, progress, &mut problems, |data| {
            to_item(path, &root, data)
        })?
        .map(|(mut item, line)| {
            at.set(line);
            if images {
                objects.take(&mut item, line);
            }
            item
        });
        let mut changed = Vec::new();
        let ins = self
            .store
            .insert_items_seeing(items, |key| changed.push((at.get(), key.to_string())))?;
        self.note_source(path)?;
        problems.extend(objects.problems(path));
        problems.sort_by_key(|p| p.line);
        for p in problems {
            report.problem(p);
        }
        let masks = objects.mask_files();
        self.set_manifest_objects(objects, &mut report)?;
        report.saw_changed(path, &changed);
        report.added = ins.added;
        report.duplicates = ins.duplicates;
        Ok((report, masks))
    }

    /// How the folder of a file that names media is recorded in the project: the root of
    /// the paths in it.
    pub(super) fn root_of(&self, file: &Path) -> String {
        let dir = file
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        relative_to(dir, &self.dir)
            .to_string_lossy()
            .replace('\\', "/")
    }

    fn import_records(&mut self, path: &Path, progress: &Progress) -> Result<ImportReport> {
        if self.config.task.media != MediaKind::Text
            && crate::project::media_kind_of(path)? == self.config.task.media
        {
            return self.import_manifest(path, progress);
        }
        if self.config.task.media == MediaKind::Audio {
            // As before: each line says what its clip lacks.
            return self.import_manifest(path, progress);
        }
        self.expect_media(path, MediaKind::Text)?;
        let mut report = ImportReport::default();
        let records = open_record_lines(path)?;
        let mut problems = Vec::new();
        let mut types = FieldTypes::default();
        let mut ids = SeenIds::default();
        // Pictures the records name are found from their folder, as a manifest's media are.
        let root = self.root_of(path);
        let base = path.parent().unwrap_or(Path::new(""));
        let mut pictures = crate::io::pictures::MissingFiles::default();
        // The line of the record going in, for the word on a changed one.
        let at = std::cell::Cell::new(None);
        let mut changed = Vec::new();
        let ins = self.store.insert_items_seeing(
            counted(records, progress).filter_map(|r| match r {
                Ok((line, data)) => {
                    if let Some(why) = ids.repeated(&data, line) {
                        problems.push(Problem::new(path, line, why));
                        return None;
                    }
                    types.observe(line, &data);
                    pictures.check(base, line, &data);
                    at.set(line);
                    let mut item = text_item(data);
                    item.root = Some(root.clone());
                    Some(item)
                }
                Err(p) => {
                    problems.push(p);
                    None
                }
            }),
            |key| changed.push((at.get(), key.to_string())),
        )?;
        for p in problems {
            report.problem(p);
        }
        self.note_source(path)?;
        report.notices = types.notices(path);
        report.notices.extend(pictures.notice(path));
        report.saw_changed(path, &changed);
        report.added = ins.added;
        report.duplicates = ins.duplicates;
        Ok(report)
    }

    fn import_export_jsonl(&mut self, path: &Path, gold: bool) -> Result<ImportReport> {
        let mut report = ImportReport::default();
        let now = SystemClock.now_ms();
        // Streamed in batches: a million rows never sit in memory, and one commit per batch
        // instead of one per row makes the import a hundred times faster.
        let mut rows = jsonl::read_export(path)?;
        loop {
            let chunk: Vec<_> = rows.by_ref().take(IMPORT_BATCH).collect();
            if chunk.is_empty() {
                break;
            }
            let mut labels = Vec::new();
            for row in chunk.iter().flatten() {
                report.saw_boxes(&row.annotation.boxes);
                for n in row.annotation.label_names() {
                    if !labels.iter().any(|l: &String| l == n) {
                        labels.push(n.to_string());
                    }
                }
            }
            for l in labels {
                if !report.new_labels.contains(&l) {
                    report.new_labels.push(l);
                }
            }
            let (media, annotator) = (self.config.task.media, self.annotator.clone());
            let controls = &self.config.controls;
            self.store.batch(|store| {
                for mut row in chunk {
                    if let Ok(r) = &mut row {
                        r.annotation.answer_from_labels(controls);
                        // An outline's box is its bounds, whatever the row says.
                        r.annotation
                            .boxes
                            .iter_mut()
                            .for_each(BoxAnn::fit_to_polygons);
                    }
                    let to = Destination {
                        annotator: &annotator,
                        gold,
                    };
                    import_row(store, path, media, to, row, now, &mut report)?;
                }
                Ok(())
            })?;
        }
        Ok(report)
    }
}

/// Each record of `path` turned into a `T` by `convert`, with its line (counted into
/// `progress`); a record that cannot be read or turned goes to `problems` with its line.
pub(super) fn converted<'a, T>(
    path: &'a Path,
    progress: &'a Progress,
    problems: &'a mut Vec<Problem>,
    mut convert: impl FnMut(
        serde_json::Map<String, serde_json::Value>,
    ) -> std::result::Result<T, String>
    + 'a,
) -> Result<impl Iterator<Item = (T, Option<u64>)> + 'a> {
    let records = open_record_lines(path)?;
    Ok(counted(records, progress).filter_map(move |r| match r {
        Ok((line, data)) => match convert(data) {
            Ok(t) => Some((t, line)),
            Err(m) => {
                problems.push(Problem::new(path, line, m));
                None
            }
        },
        Err(p) => {
            problems.push(p);
            None
        }
    }))
}

/// The metadata files of an HF `imagefolder` (`metadata.jsonl` or `.csv`) in `dir` and in
/// its split folders (`train/`, `test/`…), that list images.
fn metadata_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut dirs = vec![dir.to_path_buf()];
    if let Ok(entries) = std::fs::read_dir(dir) {
        let mut subs: Vec<_> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        subs.sort();
        dirs.extend(subs);
    }
    dirs.iter()
        .flat_map(|d| ["metadata.jsonl", "metadata.csv"].map(|n| d.join(n)))
        .filter(|f| {
            f.is_file() && crate::project::media_kind_of(f).is_ok_and(|k| k == MediaKind::Image)
        })
        .collect()
}

/// Rows of a JSONL export imported per transaction.
const IMPORT_BATCH: usize = 5_000;

/// Whose a row's answer becomes: the row's annotator (else `annotator`), or with `gold` the
/// item's gold answer.
#[derive(Clone, Copy)]
struct Destination<'a> {
    annotator: &'a str,
    gold: bool,
}

/// Applies one row of a Keylabel JSONL export: its annotation, status, flag and timing go to
/// the item with its id (else its media, else its record); a row that fits nowhere is a
/// problem of the report.
fn import_row(
    store: &mut crate::store::Store,
    path: &Path,
    media: MediaKind,
    to: Destination<'_>,
    row: std::result::Result<jsonl::ImportedRow, Problem>,
    now: i64,
    report: &mut ImportReport,
) -> crate::store::Result<()> {
    let row = match row {
        Ok(r) => r,
        Err(p) => {
            report.problem(p);
            return Ok(());
        }
    };
    if row.kind != media {
        report.problem(Problem::new(
            path,
            Some(row.line),
            format!(
                "a {} item, but this project is for {} items",
                row.kind.as_str(),
                media.as_str()
            ),
        ));
        return Ok(());
    }
    // Only the id and the flag are needed: the id lookup (every row of a round trip) reads
    // just those, not the whole record.
    let by_ref = |i: crate::core::Item| crate::store::ItemRef {
        id: i.id,
        status: Some(i.status),
        flagged: i.flagged,
    };
    let mut item = store.item_ref_by_uid(&row.uid)?;
    if item.is_none()
        && let Some(m) = &row.media
    {
        item = store.items_by_media(m)?.into_iter().next().map(by_ref);
    }
    if item.is_none() && row.kind == MediaKind::Text && !row.data.is_empty() {
        let key = record_key(&row.data);
        item = store.item_by_key(&key)?.map(by_ref);
        // Gold is for items annotators have: a record the project lacks is not added.
        if item.is_none() && !to.gold {
            // A record the project lacks: add it, so a JSONL export fully round-trips.
            let ins = store.insert_items([NewItem {
                key: key.clone(),
                kind: MediaKind::Text,
                root: None,
                media: None,
                data: row.data.clone(),
                width: None,
                height: None,
                duration_ms: None,
            }])?;
            report.added += ins.added;
            item = store.item_by_key(&key)?.map(by_ref);
        }
    }
    let Some(item) = item else {
        report.problem(Problem::new(
            path,
            Some(row.line),
            format!(
                "no item in the project with id {} or media {}",
                row.uid,
                row.media.as_deref().unwrap_or("(none)")
            ),
        ));
        return Ok(());
    };
    if to.gold {
        store.set_gold(item.id, &row.annotation, now)?;
        report.gold += 1;
        return Ok(());
    }
    let who = row
        .annotator
        .clone()
        .unwrap_or_else(|| to.annotator.to_string());
    let ann: Annotation = row.annotation;
    if ann.is_empty() && row.annotator.is_none() {
        // Re-reading a project's own export mostly finds statuses as they are: no write.
        if item.status != Some(row.status) {
            store.set_status(item.id, row.status)?;
        }
    } else {
        store.import_annotation(item.id, &who, &ann, row.status, now)?;
    }
    if row.flagged != item.flagged {
        store.set_flag(item.id, &who, row.flagged, now)?;
    }
    if row.timing != Default::default() {
        store.import_timing(item.id, &who, &row.timing)?;
    }
    // Each note under its writer (a lead merging parts keeps who said what).
    for n in &row.notes {
        store.set_note(item.id, &n.annotator, &n.text, now)?;
    }
    report.annotated += 1;
    Ok(())
}
