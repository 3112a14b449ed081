//! Speech exports. NeMo ASR manifests: a line per clip with its transcript — or, where the
//! task types the words of each segment (`segment_text`), a line per segment with its
//! `offset` and `duration` in the clip, as NeMo reads a long recording cut into utterances.
//! RTTM: who speaks (or what sounds) when, a line per segment, as speaker diarization and
//! voice activity tools (pyannote, dscore) read and score it.

use super::export::ExportReport;
use super::{Project, ProjectError, Result};
use crate::core::config::ControlKind;
use crate::core::{ExportRow, ItemFilter};
use crate::io::write_atomically;
use serde_json::json;
use std::io::Write;
use std::path::Path;

/// Milliseconds' worth of decimals: a segment's times as they were set.
fn seconds(s: f64) -> f64 {
    (s * 1000.0).round() / 1000.0
}

impl Project {
    pub(super) fn export_nemo(&self, out: &Path, filter: ItemFilter) -> Result<ExportReport> {
        if self.config.task.media != crate::core::MediaKind::Audio {
            return Err(ProjectError::Mismatch {
                path: self.dir.clone(),
                message: "a NeMo manifest needs an audio project; use --format jsonl".into(),
            });
        }
        let text_control = (self.config.controls.iter())
            .find(|c| c.kind == ControlKind::Text)
            .map(|c| c.name.clone());
        let by_segment = self.config.segment_text();
        let mut report = ExportReport::default();
        write_atomically(out, |w| -> Result<()> {
            self.store.for_each_export_row(filter, |row| -> Result<()> {
                let Some(path) = self.media_path(&row.item) else {
                    return Ok(());
                };
                let path = crate::io::canonical(&path);
                let path = path.to_string_lossy();
                let mut line = |v: serde_json::Value| {
                    writeln!(w, "{v}").map_err(|e| crate::io::IoError::io(out, e))
                };
                report.items += 1;
                if by_segment {
                    for s in &row.annotation.segments {
                        if s.text.trim().is_empty() {
                            report.segments_no_text += 1;
                            continue;
                        }
                        line(json!({
                            "audio_filepath": path,
                            "offset": seconds(s.start_s),
                            "duration": seconds(s.end_s - s.start_s),
                            "text": s.text.trim(),
                            "label": s.label,
                        }))?;
                        report.segments += 1;
                    }
                    return Ok(());
                }
                line(json!({
                    "audio_filepath": path,
                    "duration": row.item.duration_ms.unwrap_or(0) as f64 / 1000.0,
                    "text": clip_text(&row, text_control.as_deref()),
                }))?;
                Ok(())
            })
        })?;
        Ok(report)
    }
}

impl Project {
    /// A line per segment, `SPEAKER <clip> 1 <onset> <duration> <NA> <NA> <label> <NA>
    /// <NA>`, the clip named by its path without its extension (and without `..`); spaces
    /// in a name or a label (RTTM's separator) become `_`.
    pub(super) fn export_rttm(&self, out: &Path, filter: ItemFilter) -> Result<ExportReport> {
        if !self.config.has_control(ControlKind::Segments) {
            return Err(ProjectError::Mismatch {
                path: self.dir.clone(),
                message: "RTTM holds time segments: it needs an audio project with a \
                          segments control; use --format jsonl"
                    .into(),
            });
        }
        let token = |s: &str| s.split_whitespace().collect::<Vec<_>>().join("_");
        let mut report = ExportReport::default();
        write_atomically(out, |w| -> Result<()> {
            self.store.for_each_export_row(filter, |row| -> Result<()> {
                let media = row.item.media.as_deref().unwrap_or(&row.item.uid);
                // "../audio/clip1.wav" (a manifest beside the clips' folder) is "audio/clip1".
                let named: std::path::PathBuf = (Path::new(media).with_extension(""))
                    .components()
                    .filter(|c| matches!(c, std::path::Component::Normal(_)))
                    .collect();
                let clip = token(&named.to_string_lossy().replace('\\', "/"));
                report.items += 1;
                for s in &row.annotation.segments {
                    let (onset, length) = (seconds(s.start_s), seconds(s.end_s - s.start_s));
                    let label = token(&s.label);
                    writeln!(
                        w,
                        "SPEAKER {clip} 1 {onset:.3} {length:.3} <NA> <NA> {label} <NA> <NA>"
                    )
                    .map_err(|e| crate::io::IoError::io(out, e))?;
                    report.segments += 1;
                }
                Ok(())
            })
        })?;
        Ok(report)
    }
}

/// A clip's transcript: the answer to the task's text question, else the manifest's own
/// `text` (or Common Voice's `sentence`): a clip validated without edits keeps its text.
fn clip_text<'a>(row: &'a ExportRow, control: Option<&str>) -> &'a str {
    control
        .and_then(|c| row.annotation.fields.get(c))
        .or_else(|| row.item.data.get("text"))
        .or_else(|| row.item.data.get("sentence"))
        .and_then(|v| v.as_str())
        .unwrap_or("")
}
