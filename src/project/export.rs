//! Exports: written to a temp file and renamed into place.

use super::{Project, ProjectError, Result};
use crate::core::{Answers, ExportRow, ItemFilter};
use crate::io::class_folders::ClassFolderWriter;
use crate::io::coco_writer::CocoWriter;
use crate::io::pictures::FieldFile;
use crate::io::{jsonl, write_atomically, yolo};
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Coco,
    Jsonl,
    Csv,
    /// NeMo ASR manifest: `audio_filepath`, `duration` (s), `text`, a line per clip.
    Nemo,
    /// YOLO detection dataset for Ultralytics: a folder with `data.yaml`, `images/` (links
    /// to the media) and `labels/`.
    Yolo,
    /// Image classification as folders, `train/<label>/` and `val/<label>/`, of links to
    /// the media (Ultralytics classification, torchvision and HF `imagefolder`); a task
    /// with no `choice` question gets `train/` (and `val/`) with a `metadata.jsonl` of its
    /// answers instead (HF `imagefolder`).
    ImageFolder,
    /// Records naming audio clips (a TTS comparison) as HF `audiofolder`: the clips linked
    /// beside a `metadata.jsonl` of the fields and answers (`chosen`/`rejected` for a
    /// comparison of two clips).
    AudioFolder,
    /// Preference pairs from a `compare` control, a JSONL row per (chosen, rejected) pair:
    /// `prompt`, `chosen`, `rejected` (TRL's preference type, for DPO and reward models).
    Preference,
    /// PaddleOCR's text detection labels (`Label.txt`): each image's boxes with their
    /// texts (`box_text` tasks).
    PaddleOcr,
    /// Token classification (spans tasks): a JSONL row per item and shown field, with
    /// `tokens` (words and punctuation marks) and their BIO `ner_tags`, as HF `datasets`
    /// and the token-classification trainers read them.
    Bio,
    /// Pascal VOC detection dataset: `Annotations/` (an XML per image, as LabelImg writes
    /// them), `JPEGImages/` (links to the media) and `ImageSets/Main/`.
    Voc,
    /// DOTA dataset of turned (or upright) boxes: `images/` (links to the media) and
    /// `labelTxt/`, a line of four corners, category and `difficult` per object.
    Dota,
    /// A folder labelme and X-AnyLabeling open: each image (a link) with its JSON beside it.
    Labelme,
    /// Supervised fine-tuning data from a text answer (a corrected response): a JSONL row
    /// per answer with `prompt` and `completion` (TRL's prompt-completion type).
    Sft,
    /// Time segments as RTTM, a line per segment (who speaks, or what sounds, when), as
    /// speaker diarization and voice activity tools read it.
    Rttm,
}

impl ExportFormat {
    /// Written as a folder (a dataset), not one file.
    pub fn is_folder(self) -> bool {
        matches!(
            self,
            ExportFormat::Yolo
                | ExportFormat::ImageFolder
                | ExportFormat::AudioFolder
                | ExportFormat::Voc
                | ExportFormat::Dota
                | ExportFormat::Labelme
        )
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportReport {
    pub items: u64,
    pub boxes: u64,
    /// Of the items, those held out for validation (a split YOLO dataset).
    pub val_items: u64,
    /// Rows written when every annotator's answer has a row of its own.
    pub answers: Option<u64>,
    /// Preference pairs written, when the export is of pairs.
    pub pairs: Option<u64>,
    /// Answers that gave no pair (a tie, or no preference given).
    pub left_out: u64,
    /// Boxes whose attributes (occluded…) or text the format has no place for (YOLO).
    pub attributes_left_out: u64,
    /// Boxes whose outline, keypoints, text or attributes past VOC's flags a Pascal VOC
    /// dataset has no place for.
    pub voc_left_out: u64,
    /// Boxes whose outline, keypoints, text or attributes past `difficult` a DOTA dataset
    /// has no place for.
    pub dota_left_out: u64,
    /// Text spans written.
    pub spans: u64,
    /// Answers left out of SFT data for having no text.
    pub no_text: u64,
    /// Segments written on their own (a NeMo manifest of segment texts).
    pub segments: u64,
    /// Segments left out of such a manifest for having no text yet.
    pub segments_no_text: u64,
    /// Pictures records name that are not on disk: their columns left empty.
    pub pictures_missing: u64,
    /// Clips records name that were not on disk (an audio folder export leaves them empty).
    pub clips_missing: u64,
    /// Columns of a split image dataset with a value on one side only: HF reads each
    /// side's types from its own rows and refuses two sides that differ.
    pub one_sided: Vec<String>,
    /// Objects of an outlines task with no outline (plain boxes): not in its masks.
    pub unoutlined: u64,
}

/// "12 items, 1 box" (no boxes: "12 items"): how the CLI and the app report an export.
impl std::fmt::Display for ExportReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::core::progress::count;
        write!(f, "{}", count(self.items, "item", "items"))?;
        if let Some(n) = self.answers {
            write!(f, " ({})", count(n, "answer", "answers"))?;
        }
        if self.boxes > 0 {
            write!(f, ", {}", count(self.boxes, "box", "boxes"))?;
        }
        if self.spans > 0 {
            write!(f, ", {}", count(self.spans, "span", "spans"))?;
        }
        if self.segments > 0 {
            write!(f, ", {}", count(self.segments, "segment", "segments"))?;
        }
        if self.segments_no_text > 0 {
            write!(
                f,
                " ({} with no text left out; JSONL keeps them)",
                count(self.segments_no_text, "segment", "segments")
            )?;
        }
        if let Some(n) = self.pairs {
            write!(f, ", {}", count(n, "preference pair", "preference pairs"))?;
        }
        if self.left_out > 0 {
            write!(
                f,
                " ({} with a tie or no preference left out)",
                count(self.left_out, "answer", "answers")
            )?;
        }
        if self.no_text > 0 {
            write!(
                f,
                " ({} with no text left out)",
                count(self.no_text, "answer", "answers")
            )?;
        }
        if self.val_items > 0 {
            write!(f, " ({} of the items held out in val)", self.val_items)?;
        }
        if !self.one_sided.is_empty() {
            write!(
                f,
                "; {} empty in every row of one side of the split: HF datasets reads each \
                 side's types from its own rows and will refuse the pair — export with no \
                 --val, or a larger one",
                self.one_sided
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )?;
        }
        for (n, one, many) in [
            (self.pictures_missing, "picture", "pictures"),
            (self.clips_missing, "clip", "clips"),
        ] {
            if n > 0 {
                write!(f, "; {} not found, left empty", count(n, one, many))?;
            }
        }
        if self.unoutlined > 0 {
            write!(
                f,
                "; {} no outline: not in the masks (a box is no mask; outline it with O)",
                count(self.unoutlined, "box has", "boxes have")
            )?;
        }
        if self.voc_left_out > 0 {
            write!(
                f,
                "; Pascal VOC has no place for outlines, keypoints, texts, angles (a turned box is written upright around it) or attributes other than truncated, difficult and occluded: those of {} are not in it (COCO and JSONL keep them)",
                count(self.voc_left_out, "box", "boxes")
            )?;
        }
        if self.dota_left_out > 0 {
            write!(
                f,
                "; DOTA has no place for outlines (their upright box's corners are written), keypoints, texts or attributes other than difficult: those of {} are not in it (COCO and JSONL keep them)",
                count(self.dota_left_out, "box", "boxes")
            )?;
        }
        if self.attributes_left_out > 0 {
            write!(
                f,
                "; YOLO has no place for box attributes or texts: those of {} are not in it (COCO and JSONL keep them)",
                count(self.attributes_left_out, "box", "boxes")
            )?;
        }
        Ok(())
    }
}

/// An image folder dataset's report: its images, and those held out in val.
impl From<crate::io::class_folders::Counts> for ExportReport {
    fn from(c: crate::io::class_folders::Counts) -> Self {
        ExportReport {
            items: c.images,
            val_items: c.val_images,
            one_sided: c.one_sided,
            ..Default::default()
        }
    }
}

impl Project {
    pub fn export(
        &self,
        format: ExportFormat,
        out: &Path,
        filter: ItemFilter,
    ) -> Result<ExportReport> {
        self.export_answers(format, out, filter, Answers::Newest)
    }

    /// As [`Project::export`], with every annotator's answer a row of its own when
    /// `answers` says so: JSONL and CSV only, since a dataset format holds one answer.
    pub fn export_answers(
        &self,
        format: ExportFormat,
        out: &Path,
        filter: ItemFilter,
        answers: Answers,
    ) -> Result<ExportReport> {
        self.check_export_path(out)?;
        if answers == Answers::Every
            && !matches!(
                format,
                ExportFormat::Jsonl
                    | ExportFormat::Csv
                    | ExportFormat::Preference
                    | ExportFormat::Sft
            )
        {
            return Err(ProjectError::Mismatch {
                path: out.to_path_buf(),
                message: "every annotator's answer, a row each, goes to JSONL, CSV, preference \
                          pairs or SFT data; a \
                          dataset format holds one answer per item"
                    .into(),
            });
        }
        match format {
            ExportFormat::Jsonl => self.export_jsonl(out, filter, answers),
            ExportFormat::Coco => self.export_coco(out, filter),
            ExportFormat::Csv => self.export_csv(out, filter, answers),
            ExportFormat::Nemo => self.export_nemo(out, filter),
            ExportFormat::Rttm => self.export_rttm(out, filter),
            ExportFormat::Yolo => self.export_yolo(out, filter, 0),
            ExportFormat::Voc => self.export_voc(out, filter, 0),
            ExportFormat::Dota => self.export_dota(out, filter, 0),
            ExportFormat::Labelme => self.export_labelme(out, filter),
            ExportFormat::ImageFolder => self.export_image_folder(out, filter, 0),
            ExportFormat::AudioFolder => self.export_audio_folder(out, filter, 0),
            ExportFormat::Preference => self.export_preference(out, filter, answers),
            ExportFormat::PaddleOcr => self.export_paddle_ocr(out, filter),
            ExportFormat::Bio => self.export_bio(out, filter),
            ExportFormat::Sft => self.export_sft(out, filter, answers),
        }
    }

    /// A folder built under a temp name and swapped in whole, like the single-file exports.
    /// Class ids follow the config's labels, then labels only boxes still use.
    /// `val_percent` of the images (0–100) are held out in `val/`, chosen by a hash of the
    /// item's id, so an image keeps its side across exports.
    pub fn export_yolo(
        &self,
        out: &Path,
        filter: ItemFilter,
        val_percent: u8,
    ) -> Result<ExportReport> {
        self.check_export_path(out)?;
        self.expect_image_export("a YOLO dataset")?;
        let classes: Vec<String> = self.config.labels.iter().map(|l| l.name.clone()).collect();
        // Links must hold from wherever the dataset is read: make the media paths absolute.
        let base = std::path::absolute(&self.dir).unwrap_or_else(|_| self.dir.clone());
        let mut report = ExportReport::default();
        let mut with_attributes = 0;
        yolo::write_dir_atomically(out, |root| -> Result<()> {
            let mut writer = yolo::YoloWriter::start(root, &classes, val_percent)?
                .with_outlines(self.config.box_polygons())
                .with_keypoints(self.config.box_keypoints())
                .with_oriented(self.config.box_rotated());
            self.store
                .for_each_export_row(filter, |row| -> Result<()> {
                    let Some(media) = self.media_path(&row.item) else {
                        return Ok(());
                    };
                    // Said in the report, not dropped in silence.
                    with_attributes += (row.annotation.boxes.iter())
                        .filter(|b| !b.attributes.is_empty() || !b.text.is_empty())
                        .count() as u64;
                    Ok(writer.image(&row, &base.join(media))?)
                })?;
            let finished = writer.finish()?;
            report = ExportReport {
                items: finished.images,
                boxes: finished.boxes,
                val_items: finished.val_images,
                attributes_left_out: with_attributes,
                ..Default::default()
            };
            Ok(())
        })?;
        Ok(report)
    }

    /// The label of each image is its answer to the first `choice` control; an image with
    /// no answer is left out.
    pub fn export_image_folder(
        &self,
        out: &Path,
        filter: ItemFilter,
        val_percent: u8,
    ) -> Result<ExportReport> {
        self.check_export_path(out)?;
        use crate::core::config::ControlKind;
        let control = self
            .config
            .controls
            .iter()
            .find(|c| c.kind == ControlKind::Choice)
            .map(|c| c.name.clone());
        if self.config.task.media == crate::core::MediaKind::Text {
            return self.export_field_files(out, filter, val_percent, FieldFile::Picture);
        }
        self.expect_image_export("an image folder dataset")?;
        // Without a label to sort by: the answers as columns of a metadata file.
        let Some(control) = control else {
            return self.export_media_metadata(out, filter, val_percent);
        };
        let base = std::path::absolute(&self.dir).unwrap_or_else(|_| self.dir.clone());
        let mut report = ExportReport::default();
        yolo::write_dir_atomically(out, |root| -> Result<()> {
            let mut writer = ClassFolderWriter::start(root, val_percent)?;
            let label_of = |row: &crate::core::ExportRow| {
                row.annotation
                    .fields
                    .get(&control)
                    .and_then(|v| v.as_str())
                    .map(str::to_owned)
            };
            if val_percent > 0 {
                // A first pass counts each label's images on each side of the split.
                self.store
                    .for_each_export_row(filter, |row| -> Result<()> {
                        if let Some(label) = label_of(&row) {
                            writer.count(&row.item.uid, &label);
                        }
                        Ok(())
                    })?;
            }
            self.store
                .for_each_export_row(filter, |row| -> Result<()> {
                    let (Some(label), Some(media), Some(file)) =
                        (label_of(&row), &row.item.media, self.media_path(&row.item))
                    else {
                        return Ok(());
                    };
                    Ok(writer.image(&row.item.uid, media, &label, &base.join(file))?)
                })?;
            report = writer.finish()?.into();
            Ok(())
        })?;
        Ok(report)
    }

    /// A line per image with boxes, its absolute path first: PaddleOCR joins a path with
    /// its `data_dir`, and an absolute one stands whatever that is.
    fn export_paddle_ocr(&self, out: &Path, filter: ItemFilter) -> Result<ExportReport> {
        if !self.config.box_text() {
            return Err(ProjectError::Mismatch {
                path: self.dir.clone(),
                message: "PaddleOCR labels need boxes with texts (`box_text = true` on the \
                          boxes control, as in the `ocr` preset); use --format coco or yolo"
                    .into(),
            });
        }
        let base = std::path::absolute(&self.dir).unwrap_or_else(|_| self.dir.clone());
        let mut report = ExportReport::default();
        write_atomically(out, |w| {
            self.store.for_each_export_row(filter, |row| -> Result<()> {
                let (false, Some(file)) =
                    (row.annotation.boxes.is_empty(), self.media_path(&row.item))
                else {
                    return Ok(());
                };
                let image = crate::io::clean_path(&base.join(file));
                let image = image.to_string_lossy().replace('\\', "/");
                crate::io::paddle_ocr::write_line(w, out, &image, &row.annotation.boxes)?;
                report.items += 1;
                report.boxes += row.annotation.boxes.len() as u64;
                Ok(())
            })
        })?;
        Ok(report)
    }

    /// A row per item and field: the shown fields (else those with spans), each split into
    /// tokens tagged by the item's spans; an item with no answer is left out.
    fn export_bio(&self, out: &Path, filter: ItemFilter) -> Result<ExportReport> {
        use crate::core::config::ControlKind;
        use crate::core::spans::{bio_tags, tokens};
        use std::io::Write;
        if !self.config.has_control(ControlKind::Spans) {
            return Err(ProjectError::Mismatch {
                path: self.dir.clone(),
                message: "tokens and BIO tags need a text task with a `spans` control (the \
                          `named-entities` preset); use --format jsonl"
                    .into(),
            });
        }
        let mut report = ExportReport::default();
        write_atomically(out, |w| {
            self.store.for_each_export_row(filter, |row| -> Result<()> {
                if row.annotator.is_none() {
                    return Ok(());
                }
                let mut fields: Vec<&String> = self.config.task.show.iter().collect();
                if fields.is_empty() {
                    fields = row.annotation.spans.iter().map(|s| &s.field).collect();
                    fields.dedup();
                }
                for field in fields {
                    let Some(text) = row.item.field_text(field) else {
                        continue;
                    };
                    let toks = tokens(&text);
                    let spans: Vec<_> = (row.annotation.spans.iter())
                        .filter(|s| &s.field == field)
                        .collect();
                    // Byte offset of each character: a long text is cut in one pass.
                    let at: Vec<usize> = (text.char_indices().map(|(i, _)| i))
                        .chain([text.len()])
                        .collect();
                    let words: Vec<&str> =
                        (toks.iter()).map(|&(a, b)| &text[at[a]..at[b]]).collect();
                    let line = serde_json::json!({
                        "id": row.item.uid,
                        "field": field,
                        "tokens": words,
                        "ner_tags": bio_tags(&toks, &spans),
                    });
                    serde_json::to_writer(&mut *w, &line)
                        .map_err(|e| crate::io::IoError::io(out, e.into()))?;
                    w.write_all(b"\n").map_err(crate::io::werr(out))?;
                    report.spans += spans.len() as u64;
                }
                report.items += 1;
                Ok(())
            })
        })?;
        Ok(report)
    }

    /// The field a prompt is in, for training data: the first shown field that is not an
    /// answer's (`answer_field`), or, when the config shows all fields, `prompt`.
    pub(super) fn prompt_field(
        &self,
        answer_field: impl Fn(&String) -> bool,
        what: &str,
    ) -> Result<String> {
        let shown = &self.config.task.show;
        match shown.iter().find(|f| !answer_field(f)) {
            Some(f) => Ok(f.clone()),
            None if shown.is_empty() => Ok("prompt".to_string()),
            None => Err(ProjectError::Mismatch {
                path: self.dir.clone(),
                message: format!("{what} the prompt: name its field in [task] show"),
            }),
        }
    }

    /// The pairs of the first `compare` control's answers. The prompt is the first shown
    /// field that is not a response (or, when the config shows all fields, `prompt`).
    fn export_preference(
        &self,
        out: &Path,
        filter: ItemFilter,
        answers: Answers,
    ) -> Result<ExportReport> {
        use crate::core::config::ControlKind;
        use crate::io::preference::PreferenceWriter;
        let mismatch = |message: &str| ProjectError::Mismatch {
            path: self.dir.clone(),
            message: message.into(),
        };
        let Some(control) = self
            .config
            .controls
            .iter()
            .find(|c| c.kind == ControlKind::Compare)
        else {
            return Err(mismatch(
                "preference pairs need a `compare` control; use --format jsonl",
            ));
        };
        let prompt = self.prompt_field(|f| control.fields.contains(f), "preference pairs need")?;
        let mut writer = PreferenceWriter::new(control, &prompt);
        write_atomically(out, |w| {
            self.store
                .for_each_answer_row(filter, answers, |row| -> Result<()> {
                    Ok(writer.row(w, out, &row)?)
                })
        })?;
        Ok(ExportReport {
            items: writer.items,
            pairs: Some(writer.pairs),
            left_out: writer.left_out,
            ..Default::default()
        })
    }

    fn export_csv(&self, out: &Path, filter: ItemFilter, answers: Answers) -> Result<ExportReport> {
        use crate::core::config::ControlKind;
        let controls: Vec<String> = self
            .config
            .controls
            .iter()
            .filter(|c| c.kind != ControlKind::Boxes)
            .map(|c| c.name.clone())
            .collect();
        let data: Vec<String> = if self.config.task.show.is_empty() {
            let first = self.store.items_page(ItemFilter::All, 0, 1)?;
            first
                .first()
                .map(|i| i.data.keys().cloned().collect())
                .unwrap_or_default()
        } else {
            self.config.task.show.clone()
        };
        let named = |kind| {
            (self.config.controls.iter())
                .find(|c| c.kind == kind)
                .map(|c| c.name.clone())
        };
        let (spans, segments) = (named(ControlKind::Spans), named(ControlKind::Segments));
        let mut tally = RowTally::new(answers);
        write_atomically(out, |w| -> Result<()> {
            let linked = !self.config.span_relations().is_empty();
            let mut csv = crate::io::csv_export::CsvExport::start(
                w,
                out,
                controls,
                data,
                (spans, linked),
                segments,
            )?;
            self.store
                .for_each_answer_row(filter, answers, |row| -> Result<()> {
                    csv.row(&row)?;
                    tally.add(&row);
                    Ok(())
                })?;
            Ok(csv.finish()?)
        })?;
        Ok(tally.report)
    }

    fn export_jsonl(
        &self,
        out: &Path,
        filter: ItemFilter,
        answers: Answers,
    ) -> Result<ExportReport> {
        let mut tally = RowTally::new(answers);
        let shape = jsonl::RowShape {
            attributes: self.config.box_attributes(),
            box_text: self.config.box_text(),
            segment_text: self.config.segment_text(),
            polygons: self.config.box_polygons()
                || (self.config.task.media == crate::core::MediaKind::Image
                    && self.store.any_outlines()?),
            spans: self
                .config
                .has_control(crate::core::config::ControlKind::Spans),
            relations: !self.config.span_relations().is_empty(),
            span_attributes: self.config.span_attributes(),
            rotated: self.config.box_rotated(),
            keypoints: match self.config.box_keypoints().len() {
                0 if self.config.task.media == crate::core::MediaKind::Image
                    && self.store.any_keypoints()? =>
                {
                    Some(0)
                }
                0 => None,
                n => Some(n),
            },
        };
        write_atomically(out, |w| {
            self.store
                .for_each_answer_row(filter, answers, |row| -> Result<()> {
                    jsonl::write_row(w, out, &row, shape)?;
                    tally.add(&row);
                    Ok(())
                })
        })?;
        Ok(tally.report)
    }

    /// Categories are the config's labels in order, then any label boxes still use that the
    /// config no longer names (so no box is dropped).
    fn export_coco(&self, out: &Path, filter: ItemFilter) -> Result<ExportReport> {
        self.expect_image_export("COCO export")?;
        let categories: Vec<String> = self.config.labels.iter().map(|l| l.name.clone()).collect();
        let mut report = ExportReport::default();
        write_atomically(out, |w| -> Result<()> {
            let mut coco = CocoWriter::start(
                w,
                out,
                &categories,
                self.config.box_attributes(),
                self.config.box_text(),
            )?
            .with_keypoints(self.config.box_keypoints(), &self.config.box_skeleton())
            .with_rotation(self.config.box_rotated());
            self.store
                .for_each_export_row_with(filter, false, |row| -> Result<()> {
                    Ok(coco.image(&row)?)
                })?;
            coco.begin_annotations()?;
            self.store
                .for_each_export_row(filter, |row| -> Result<()> { Ok(coco.annotations(&row)?) })?;
            report = ExportReport {
                items: coco.images,
                boxes: coco.boxes,
                ..Default::default()
            };
            coco.finish()?;
            Ok(())
        })?;
        Ok(report)
    }
}

/// Counts the rows of a JSONL or CSV export: items, boxes, and the answers when each has
/// a row (an item then spans several rows, one after the other).
struct RowTally {
    report: ExportReport,
    last_item: Option<i64>,
}

impl RowTally {
    fn new(answers: Answers) -> RowTally {
        let report = ExportReport {
            answers: (answers == Answers::Every).then_some(0),
            ..Default::default()
        };
        RowTally {
            report,
            last_item: None,
        }
    }

    fn add(&mut self, row: &ExportRow) {
        if self.last_item != Some(row.item.id) {
            self.last_item = Some(row.item.id);
            self.report.items += 1;
        }
        if let Some(n) = &mut self.report.answers
            && row.annotator.is_some()
        {
            *n += 1;
        }
        self.report.boxes += row.annotation.boxes.len() as u64;
        self.report.spans += row.annotation.spans.len() as u64;
    }
}

impl Project {
    /// The image exports (COCO, YOLO, VOC, image folders) refuse a text or audio project,
    /// naming `what` they would have made.
    pub(super) fn expect_image_export(&self, what: &str) -> Result<()> {
        if self.config.task.media == crate::core::MediaKind::Image {
            return Ok(());
        }
        Err(ProjectError::Mismatch {
            path: self.dir.clone(),
            message: format!("{what} needs an image project; use --format jsonl"),
        })
    }
}
