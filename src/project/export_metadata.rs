//! An image or audio project's items as an HF `imagefolder` / `audiofolder` dataset: each
//! item's file linked on its side of the split, and a `metadata.jsonl` naming it by
//! `file_name` with the answers as columns — a photo's description and flags, a clip's
//! corrected transcript and verdict, ready for `load_dataset(…, data_dir=out)`.

use super::export::ExportReport;
use super::{Project, Result};
use crate::core::ItemFilter;
use crate::core::config::ControlKind;
use crate::io::image_metadata::{MetadataFolderWriter, column_name};
use crate::io::yolo;
use serde_json::{Value, json};
use std::path::Path;

impl Project {
    /// HF `imagefolder` (`audiofolder`) with a `metadata.jsonl` per side: `file_name`, each
    /// question's answer as a column of one type in every row (a list where it takes
    /// several, else null when unanswered), the boxes as `objects` (the segments as
    /// `segments`), the item's id and annotator.
    pub(super) fn export_media_metadata(
        &self,
        out: &Path,
        filter: ItemFilter,
        val_percent: u8,
    ) -> Result<ExportReport> {
        let controls: Vec<(String, String, bool)> = (self.config.controls.iter())
            .filter(|c| !matches!(c.kind, ControlKind::Boxes | ControlKind::Segments))
            .map(|c| {
                let listed = matches!(c.kind, ControlKind::MultiChoice | ControlKind::Flags);
                (c.name.clone(), column_name(&c.name), listed)
            })
            .collect();
        let boxes = self.config.has_control(ControlKind::Boxes);
        let segments = self.config.has_control(ControlKind::Segments);
        let box_text = self.config.box_text();
        let (polygons, keypoints) = (
            self.config.box_polygons(),
            self.config.box_keypoints().len(),
        );
        let base = std::path::absolute(&self.dir).unwrap_or_else(|_| self.dir.clone());
        let mut report = ExportReport::default();
        yolo::write_dir_atomically(out, |root| -> Result<()> {
            let mut writer = MetadataFolderWriter::start(root, val_percent)?;
            if val_percent > 0 {
                self.store
                    .for_each_export_row(filter, |row| -> Result<()> {
                        if row.item.media.is_some() && self.media_path(&row.item).is_some() {
                            writer.count(&row.item.uid);
                        }
                        Ok(())
                    })?;
            }
            self.store
                .for_each_export_row(filter, |row| -> Result<()> {
                    let (Some(media), Some(file)) = (&row.item.media, self.media_path(&row.item))
                    else {
                        return Ok(());
                    };
                    let mut columns = Vec::with_capacity(controls.len() + 3);
                    for (name, column, listed) in &controls {
                        let answer = row.annotation.fields.get(name).cloned();
                        let empty = if *listed { json!([]) } else { Value::Null };
                        columns.push((column.clone(), answer.unwrap_or(empty)));
                    }
                    if boxes {
                        use crate::core::geometry::round2 as r;
                        let b = &row.annotation.boxes;
                        let bbox: Vec<[f64; 4]> =
                            b.iter().map(|b| [r(b.x), r(b.y), r(b.w), r(b.h)]).collect();
                        let names: Vec<&str> = b.iter().map(|b| b.label.as_str()).collect();
                        let mut objects = json!({"bbox": bbox, "categories": names});
                        if box_text {
                            let texts: Vec<&str> = b.iter().map(|b| b.text.as_str()).collect();
                            objects["text"] = json!(texts);
                        }
                        // Outlines and poses ride along as COCO has them per object: HF
                        // reads a list per object, the same type in every row.
                        if polygons {
                            let rings = |b: &crate::core::BoxAnn| -> Vec<Vec<[f64; 2]>> {
                                (b.polygons.iter())
                                    .map(|ring| ring.iter().map(|&[x, y]| [r(x), r(y)]).collect())
                                    .collect()
                            };
                            objects["polygons"] = json!(b.iter().map(rings).collect::<Vec<_>>());
                        }
                        if keypoints > 0 {
                            let points = |b: &crate::core::BoxAnn| -> Vec<[f64; 3]> {
                                (0..keypoints)
                                    .map(|k| match b.keypoints.get(k) {
                                        Some(&[x, y, v]) if v > 0.0 => [r(x), r(y), f64::from(v)],
                                        _ => [0.0; 3],
                                    })
                                    .collect()
                            };
                            objects["keypoints"] = json!(b.iter().map(points).collect::<Vec<_>>());
                        }
                        columns.push(("objects".into(), objects));
                    }
                    if segments {
                        // Seconds, to the millisecond; as lists side by side, as `objects`.
                        let ms = |t: f64| (t * 1000.0).round() / 1000.0;
                        let s = &row.annotation.segments;
                        columns.push((
                            "segments".into(),
                            json!({
                                "start": s.iter().map(|s| ms(s.start_s)).collect::<Vec<_>>(),
                                "end": s.iter().map(|s| ms(s.end_s)).collect::<Vec<_>>(),
                                "label": s.iter().map(|s| s.label.as_str()).collect::<Vec<_>>(),
                            }),
                        ));
                    }
                    columns.push((crate::core::item::ID_FIELD.into(), json!(row.item.uid)));
                    columns.push(("annotator".into(), json!(row.annotator)));
                    Ok(writer.file(&row.item.uid, media, &base.join(file), &columns)?)
                })?;
            report = writer.finish()?.into();
            Ok(())
        })?;
        Ok(report)
    }
}
