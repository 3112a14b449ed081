//! NeMo ASR manifests: a line per clip with its transcript — or, where the task types the
//! words of each segment (`segment_text`), a line per segment with its `offset` and
//! `duration` in the clip, as NeMo reads a long recording cut into utterances.

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
