//! RTTM in: a diarization or voice activity model's turns on the project's clips, as time
//! segments labelled by speaker (pre-labels with `--draft`, as a model's boxes are).

use super::import::AnnotationImport;
use super::import_report::ImportReport;
use super::{Project, ProjectError, Result};
use crate::core::config::ControlKind;
use crate::core::segments::SHORTEST_S;
use crate::core::timing::Clock;
use crate::core::{Segment, SystemClock};
use crate::io::Problem;
use std::collections::BTreeMap;
use std::path::Path;

impl Project {
    /// Each line's clip is found by its name (the longest tail of it that is an item's
    /// path, else its file name); its turns become that clip's segments, labelled by
    /// speaker (speakers the task lacks become labels), kept inside the clip.
    pub(super) fn import_rttm(
        &mut self,
        source: &Path,
        how: AnnotationImport,
    ) -> Result<ImportReport> {
        if !self.config.has_control(ControlKind::Segments) {
            return Err(ProjectError::Mismatch {
                path: source.to_path_buf(),
                message: "is an RTTM file of time segments: it goes into an audio project \
                          with a segments control (the `audio-segments` or \
                          `segment-transcription` preset)"
                    .into(),
            });
        }
        let (turns, problems) = crate::io::rttm::read_turns(source)?;
        let mut report = ImportReport::default();
        for p in problems {
            report.problem(p);
        }
        let index = self.media_index()?;
        // Each clip's turns together: one answer per clip.
        let mut by_item: BTreeMap<i64, Vec<Segment>> = BTreeMap::new();
        for t in turns {
            let id = match index.find_path(&t.clip) {
                Ok(id) => id,
                Err(why) => {
                    report.problem(Problem::new(source, Some(t.line), why));
                    continue;
                }
            };
            if !report.new_labels.contains(&t.speaker) {
                report.new_labels.push(t.speaker.clone());
            }
            by_item.entry(id).or_default().push(Segment {
                label: t.speaker,
                start_s: t.start_s,
                end_s: t.end_s,
                text: String::new(),
            });
        }
        let now = SystemClock.now_ms();
        for (id, mut segments) in by_item {
            let item = self.store.item(id)?;
            if let Some(ms) = item.duration_ms {
                let end = ms as f64 / 1000.0;
                segments.iter_mut().for_each(|s| s.end_s = s.end_s.min(end));
            }
            segments.retain(|s| s.end_s - s.start_s >= SHORTEST_S);
            segments.sort_by(|a, b| a.start_s.total_cmp(&b.start_s));
            self.set_imported(
                &item,
                |a| a.segments = segments,
                false,
                how,
                now,
                &mut report,
            )?;
        }
        Ok(report)
    }
}
