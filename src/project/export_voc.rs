//! The Pascal VOC export: a detection dataset of the image project's boxes (see
//! [`crate::io::voc_writer`]).

use super::export::ExportReport;
use super::{Project, Result};
use crate::core::ItemFilter;
use crate::io::voc_writer::VocWriter;
use crate::io::yolo;
use std::path::Path;

impl Project {
    /// A folder built under a temp name and swapped in whole, like the other datasets;
    /// `val_percent` of the images (0–100) listed in `val.txt`, by a hash of the item's id.
    pub fn export_voc(
        &self,
        out: &Path,
        filter: ItemFilter,
        val_percent: u8,
    ) -> Result<ExportReport> {
        self.check_export_path(out)?;
        self.expect_image_export("a Pascal VOC dataset")?;
        // Links must hold from wherever the dataset is read: make the media paths absolute.
        let base = std::path::absolute(&self.dir).unwrap_or_else(|_| self.dir.clone());
        let mut report = ExportReport::default();
        yolo::write_dir_atomically(out, |root| -> Result<()> {
            let mut writer = VocWriter::start(root, val_percent)?;
            self.store
                .for_each_export_row(filter, |row| -> Result<()> {
                    let Some(media) = self.media_path(&row.item) else {
                        return Ok(());
                    };
                    Ok(writer.image(&row, &base.join(media))?)
                })?;
            let (items, boxes, left_out) = (writer.images, writer.boxes, writer.left_out);
            let val_items = writer.finish()?;
            report = ExportReport {
                items,
                boxes,
                val_items,
                voc_left_out: left_out,
                ..Default::default()
            };
            Ok(())
        })?;
        Ok(report)
    }
}
