//! The dataset exports of an image project that write a file (or files) per image beside a
//! link to it: Pascal VOC (see [`crate::io::voc_writer`]), DOTA ([`crate::io::dota`]) and
//! labelme ([`crate::io::labelme_writer`]). Each is a folder built under a temp name and
//! swapped in whole, like the other datasets.

use super::export::ExportReport;
use super::{Project, Result};
use crate::core::{ExportRow, ItemFilter};
use crate::io::dota::DotaWriter;
use crate::io::labelme_writer::LabelmeWriter;
use crate::io::voc_writer::VocWriter;
use crate::io::yolo;
use std::path::Path;

impl Project {
    /// `val_percent` of the images (0–100) listed in `val.txt`, by a hash of the item's id.
    pub fn export_voc(
        &self,
        out: &Path,
        filter: ItemFilter,
        val_percent: u8,
    ) -> Result<ExportReport> {
        self.export_per_image(
            out,
            filter,
            "a Pascal VOC dataset",
            |root| Ok(VocWriter::start(root, val_percent)?),
            |w, row, media| Ok(w.image(row, media)?),
            |w| {
                let (items, boxes, left_out) = (w.images, w.boxes, w.left_out);
                Ok(ExportReport {
                    items,
                    boxes,
                    val_items: w.finish()?,
                    voc_left_out: left_out,
                    ..Default::default()
                })
            },
        )
    }

    /// `val_percent` of the images (0–100) in `val/`, by a hash of the item's id.
    pub fn export_dota(
        &self,
        out: &Path,
        filter: ItemFilter,
        val_percent: u8,
    ) -> Result<ExportReport> {
        self.export_per_image(
            out,
            filter,
            "a DOTA dataset",
            |root| Ok(DotaWriter::start(root, val_percent)?),
            |w, row, media| Ok(w.image(row, media)?),
            |w| {
                let report = ExportReport {
                    items: w.images,
                    boxes: w.boxes,
                    val_items: w.val_images,
                    dota_left_out: w.left_out,
                    ..Default::default()
                };
                w.finish()?;
                Ok(report)
            },
        )
    }

    /// A folder labelme (or X-AnyLabeling) opens: each image with its JSON beside it.
    pub fn export_labelme(&self, out: &Path, filter: ItemFilter) -> Result<ExportReport> {
        let keypoints = self.config.box_keypoints().to_vec();
        self.export_per_image(
            out,
            filter,
            "a labelme folder",
            |root| Ok(LabelmeWriter::start(root, &keypoints)?),
            |w, row, media| Ok(w.image(row, media)?),
            |w| {
                let report = ExportReport {
                    items: w.images,
                    boxes: w.boxes,
                    ..Default::default()
                };
                w.finish()?;
                Ok(report)
            },
        )
    }

    /// The frame they share: the checks, the folder built aside, each row with its media
    /// file (made absolute, so the links hold from wherever the dataset is read).
    fn export_per_image<W>(
        &self,
        out: &Path,
        filter: ItemFilter,
        what: &str,
        start: impl FnOnce(&Path) -> Result<W>,
        mut image: impl FnMut(&mut W, &ExportRow, &Path) -> Result<()>,
        finish: impl FnOnce(W) -> Result<ExportReport>,
    ) -> Result<ExportReport> {
        self.check_export_path(out)?;
        self.expect_image_export(what)?;
        let base = std::path::absolute(&self.dir).unwrap_or_else(|_| self.dir.clone());
        let mut report = ExportReport::default();
        yolo::write_dir_atomically(out, |root| -> Result<()> {
            let mut writer = start(root)?;
            self.store
                .for_each_export_row(filter, |row| -> Result<()> {
                    let Some(media) = self.media_path(&row.item) else {
                        return Ok(());
                    };
                    image(&mut writer, &row, &base.join(media))
                })?;
            report = finish(writer)?;
            Ok(())
        })?;
        Ok(report)
    }
}
