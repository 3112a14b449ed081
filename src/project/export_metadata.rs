//! An image or audio project's items as an HF `imagefolder` / `audiofolder` dataset: each
//! item's file linked on its side of the split, and a `metadata.jsonl` naming it by
//! `file_name` with the answers as columns — a photo's description and flags, a clip's
//! corrected transcript and verdict, ready for `load_dataset(…, data_dir=out)`.

use super::export::ExportReport;
use super::{Project, Result};
use crate::core::ItemFilter;
use crate::core::config::ControlKind;
use crate::io::image_metadata::{MetadataFolderWriter, column_name};
use crate::io::{masks, yolo};
use serde_json::{Value, json};
use std::collections::HashMap;
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
        let (polygons, keypoints, rotated) = (
            self.config.box_polygons(),
            self.config.box_keypoints().len(),
            self.config.box_rotated(),
        );
        let base = std::path::absolute(&self.dir).unwrap_or_else(|_| self.dir.clone());
        // Outlines make a segmentation dataset too: each image's class mask beside it.
        let classes: Option<HashMap<&str, u16>> = polygons.then(|| {
            (self.config.labels.iter().enumerate())
                .map(|(i, l)| (l.name.as_str(), u16::try_from(i + 1).unwrap_or(u16::MAX)))
                .collect()
        });
        let mut report = ExportReport::default();
        let (mut unoutlined, mut drawn) = (0, 0);
        yolo::write_dir_atomically(out, |root| -> Result<()> {
            if polygons {
                write_id2label(root, &self.config.labels)?;
            }
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
                        drawn += b.len() as u64;
                        // COCO's bbox: upright around what is seen, a turned box too.
                        let bbox: Vec<[f64; 4]> = (b.iter().map(|b| b.bounds()))
                            .map(|(x, y, w, h)| [r(x), r(y), r(w), r(h)])
                            .collect();
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
                        if rotated {
                            // Each box as it is turned: its corners, and its angle.
                            let corners =
                                |b: &crate::core::BoxAnn| b.corners().map(|[x, y]| [r(x), r(y)]);
                            objects["corners"] = json!(b.iter().map(corners).collect::<Vec<_>>());
                            let angle: Vec<f64> = b.iter().map(|b| r(b.rotation)).collect();
                            objects["rotation"] = json!(angle);
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
                    let media_file = base.join(file);
                    let size = row.item.width.zip(row.item.height);
                    let (Some(classes), Some((w, h))) = (&classes, size) else {
                        return Ok(writer.file(&row.item.uid, media, &media_file, &columns)?);
                    };
                    let (map, plain) =
                        masks::class_map(w, h, &row.annotation.boxes, |l| classes.get(l).copied());
                    unoutlined += plain;
                    let png = map.png(&media_file)?;
                    Ok(writer.file_with_mask(
                        &row.item.uid,
                        (media, &media_file),
                        &png,
                        &columns,
                    )?)
                })?;
            report = writer.finish()?.into();
            Ok(())
        })?;
        (report.unoutlined, report.boxes) = (unoutlined, drawn);
        Ok(report)
    }
}

/// `id2label.json` beside the splits: each mask value's label, 0 the pixels no outline
/// covers (as HF's segmentation models take `id2label`).
fn write_id2label(root: &Path, labels: &[crate::core::config::Label]) -> Result<()> {
    let zero = if labels.iter().any(|l| l.name == "background") {
        "unlabeled"
    } else {
        "background"
    };
    let mut map = serde_json::Map::new();
    map.insert("0".into(), json!(zero));
    for (i, l) in labels.iter().enumerate() {
        map.insert((i + 1).to_string(), json!(l.name));
    }
    let path = root.join("id2label.json");
    let text = serde_json::to_string_pretty(&map).unwrap_or_default();
    std::fs::write(&path, text + "\n").map_err(|e| crate::io::IoError::io(&path, e))?;
    Ok(())
}
