//! Records that name pictures (or clips), as an HF `imagefolder` (or `audiofolder`) dataset:
//! the files linked beside a `metadata.jsonl` whose `<field>_file_name` keys HF reads as
//! image (audio) columns, with the record's shown fields and the answers beside them. A
//! comparison of two pictures also gives `chosen` and `rejected` image columns:
//! text-to-image preference data as reward models and Diffusion-DPO read it, with no path
//! to fix; of two clips, the same for a TTS preference.

use super::export::ExportReport;
use super::{Project, ProjectError, Result};
use crate::core::config::ControlKind;
use crate::core::{ExportRow, ItemFilter};
use crate::io::image_metadata::{MetadataFolderWriter, column_name};
use crate::io::pictures::{FieldFile, file_ref};
use crate::io::yolo;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// A comparison of two picture (clip) fields: its control, and the two fields.
struct Pair {
    control: String,
    fields: [String; 2],
}

impl Project {
    /// The fields the first record names a picture (a clip) in, in its order.
    pub fn field_files(&self, kind: FieldFile) -> Result<Vec<String>> {
        let first = self.store.items_page(ItemFilter::All, 0, 1)?;
        Ok(first.first().map_or_else(Vec::new, |it| {
            (it.data.iter())
                .filter(|(_, v)| named(v, kind).is_some())
                .map(|(k, _)| k.clone())
                .collect()
        }))
    }

    /// An audio project's clips, or the clips records name, as an HF `audiofolder` dataset.
    pub fn export_audio_folder(
        &self,
        out: &Path,
        filter: ItemFilter,
        val_percent: u8,
    ) -> Result<ExportReport> {
        self.check_export_path(out)?;
        match self.config.task.media {
            crate::core::MediaKind::Text => {
                self.export_field_files(out, filter, val_percent, FieldFile::Clip)
            }
            crate::core::MediaKind::Audio => self.export_media_metadata(out, filter, val_percent),
            crate::core::MediaKind::Image => Err(ProjectError::Mismatch {
                path: self.dir.clone(),
                message: "an audio folder dataset is of clips: an audio project, or records \
                          naming clips (\"audio_a\": \"tts/1.wav\"); an image project \
                          exports with --format imagefolder"
                    .into(),
            }),
        }
    }

    pub(super) fn export_field_files(
        &self,
        out: &Path,
        filter: ItemFilter,
        val_percent: u8,
        kind: FieldFile,
    ) -> Result<ExportReport> {
        let pictures = self.field_files(kind)?;
        if pictures.is_empty() {
            let message = match kind {
                FieldFile::Picture => {
                    "an image folder dataset needs images: an image project, or records naming \
                     pictures (\"image_a\": \"gen/1.png\"); use --format jsonl"
                }
                FieldFile::Clip => {
                    "an audio folder dataset needs records naming clips (\"audio_a\": \
                     \"tts/1.wav\"); use --format jsonl"
                }
            };
            return Err(ProjectError::Mismatch {
                path: self.dir.clone(),
                message: message.into(),
            });
        }
        let keys: Vec<String> = pictures.iter().map(|f| format!("{f}_file_name")).collect();
        let fields = self.fields_beside(&pictures)?;
        let controls: Vec<(String, String, bool)> = (self.config.controls.iter())
            .filter(|c| !matches!(c.kind, ControlKind::Boxes | ControlKind::Segments))
            .filter(|c| c.kind != ControlKind::Spans)
            .map(|c| {
                let listed = matches!(c.kind, ControlKind::MultiChoice | ControlKind::Flags);
                (c.name.clone(), column_name(&c.name), listed)
            })
            .collect();
        let pair = (self.config.controls.iter())
            .find(|c| c.kind == ControlKind::Compare)
            .filter(|c| c.fields.len() == 2 && c.fields.iter().all(|f| pictures.contains(f)))
            .map(|c| Pair {
                control: c.name.clone(),
                fields: [c.fields[0].clone(), c.fields[1].clone()],
            });
        let base = std::path::absolute(&self.dir).unwrap_or_else(|_| self.dir.clone());
        let found = |row: &ExportRow, field: &str| -> Option<(String, PathBuf)> {
            let rel = row.item.data.get(field).and_then(|v| named(v, kind))?;
            let file = base.join(self.field_file(&row.item, rel));
            Some((rel.to_string(), file))
        };
        let mut report = ExportReport::default();
        let mut missing = 0;
        yolo::write_dir_atomically(out, |root| -> Result<()> {
            let mut writer = MetadataFolderWriter::start(root, val_percent)?;
            if val_percent > 0 {
                self.store
                    .for_each_export_row(filter, |row| -> Result<()> {
                        writer.count(&row.item.uid);
                        Ok(())
                    })?;
            }
            self.store
                .for_each_export_row(filter, |row| -> Result<()> {
                    let mut files: Vec<Option<(String, PathBuf)>> = Vec::new();
                    for f in &pictures {
                        let file = found(&row, f).filter(|(_, file)| {
                            let there = file.is_file();
                            missing += u64::from(!there);
                            there
                        });
                        files.push(file);
                    }
                    let mut keyed: Vec<(&str, Option<(&str, &Path)>)> = (keys.iter())
                        .zip(&files)
                        .map(|(k, f)| {
                            (
                                k.as_str(),
                                f.as_ref().map(|(r, p)| (r.as_str(), p.as_path())),
                            )
                        })
                        .collect();
                    if let Some(pair) = &pair {
                        // The picture picked and the other; empty for a tie or no answer.
                        let picked = row.annotation.fields.get(&pair.control);
                        let at = |f: &str| pictures.iter().position(|p| p == f);
                        let sides = match picked.and_then(Value::as_str) {
                            Some(p) if p == pair.fields[0] => Some((0, 1)),
                            Some(p) if p == pair.fields[1] => Some((1, 0)),
                            _ => None,
                        };
                        let side = |k: usize| {
                            let i = sides
                                .and_then(|s| at(&pair.fields[if k == 0 { s.0 } else { s.1 }]))?;
                            files[i].as_ref().map(|(r, p)| (r.as_str(), p.as_path()))
                        };
                        keyed.push(("chosen_file_name", side(0)));
                        keyed.push(("rejected_file_name", side(1)));
                    }
                    let mut columns = Vec::with_capacity(fields.len() + controls.len() + 2);
                    for (field, column) in &fields {
                        let v = row.item.data.get(field).cloned().unwrap_or(Value::Null);
                        columns.push((column.clone(), v));
                    }
                    for (name, column, listed) in &controls {
                        let answer = row.annotation.fields.get(name).cloned();
                        let empty = if *listed { json!([]) } else { Value::Null };
                        columns.push((column.clone(), answer.unwrap_or(empty)));
                    }
                    columns.push((crate::core::item::ID_FIELD.into(), json!(row.item.uid)));
                    columns.push(("annotator".into(), json!(row.annotator)));
                    Ok(writer.row(&row.item.uid, &keyed, &columns)?)
                })?;
            report = writer.finish()?.into();
            Ok(())
        })?;
        match kind {
            FieldFile::Picture => report.pictures_missing = missing,
            FieldFile::Clip => report.clips_missing = missing,
        }
        Ok(report)
    }

    /// The record's fields that go beside its pictures, with their column names: the
    /// config's `show` (else every field of the first record) but the pictures and the
    /// id an export wrote. A name HF reads as a path gets `field_` in front.
    fn fields_beside(&self, pictures: &[String]) -> Result<Vec<(String, String)>> {
        let names: Vec<String> = if self.config.task.show.is_empty() {
            let first = self.store.items_page(ItemFilter::All, 0, 1)?;
            first
                .first()
                .map_or_else(Vec::new, |it| it.data.keys().cloned().collect())
        } else {
            self.config.task.show.clone()
        };
        let answers: Vec<&str> = self
            .config
            .controls
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        Ok(names
            .into_iter()
            .filter(|f| !pictures.contains(f) && f != crate::core::item::ID_FIELD)
            .map(|f| {
                let taken = column_name(&f) != f
                    || answers.contains(&f.as_str())
                    || matches!(f.as_str(), "chosen" | "rejected");
                let column = if taken {
                    format!("field_{f}")
                } else {
                    f.clone()
                };
                (f, column)
            })
            .collect())
    }
}

/// The path a field's value names when it is a file of this kind.
fn named(v: &Value, kind: FieldFile) -> Option<&str> {
    file_ref(v).filter(|(_, k)| *k == kind).map(|(rel, _)| rel)
}
