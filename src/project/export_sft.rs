//! Corrected answers as supervised fine-tuning data (see `io::sft`).

use super::export::ExportReport;
use super::{Project, ProjectError, Result};
use crate::core::config::ControlKind;
use crate::core::{Answers, ItemFilter};
use crate::io::sft::SftWriter;
use crate::io::write_atomically;
use std::path::Path;

impl Project {
    /// A (prompt, completion) row per answer to the task's text question: the one that
    /// corrects a field (`prefill`) if there is one, else the first. The prompt is the
    /// first shown field that is not the answer's original (or, with all fields shown,
    /// `prompt`).
    pub(super) fn export_sft(
        &self,
        out: &Path,
        filter: ItemFilter,
        answers: Answers,
    ) -> Result<ExportReport> {
        let texts = || (self.config.controls.iter()).filter(|c| c.kind == ControlKind::Text);
        let Some(control) = texts().find(|c| c.prefill.is_some()).or(texts().next()) else {
            return Err(ProjectError::Mismatch {
                path: self.dir.clone(),
                message: "SFT data needs a text answer (a `text` question, as in the \
                          response-correction preset); use --format jsonl"
                    .into(),
            });
        };
        let original = control.prefill.as_deref();
        let prompt = self.prompt_field(|f| Some(f.as_str()) == original, "SFT data needs")?;
        let mut writer = SftWriter::new(&control.name, &prompt, original);
        write_atomically(out, |w| {
            self.store
                .for_each_answer_row(filter, answers, |row| -> Result<()> {
                    Ok(writer.row(w, out, &row)?)
                })
        })?;
        Ok(ExportReport {
            items: writer.rows,
            answers: (answers == Answers::Every).then_some(writer.rows),
            no_text: writer.left_out,
            ..Default::default()
        })
    }
}
