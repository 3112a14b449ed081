//! CSV export for spreadsheets: one row per item, a column per control answer and per
//! shown record field, then the timing. Lists are joined with "; ", boxes are JSON.

use super::{IoError, werr};
use crate::core::ExportRow;
use crate::core::time::rfc3339;
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};

pub struct CsvExport<W: Write> {
    out: csv::Writer<W>,
    path: PathBuf,
    controls: Vec<String>,
    data: Vec<String>,
    /// The control whose column holds the item's spans, as JSON.
    spans: Option<String>,
    /// The spans' relations get a column beside them (`field.NAME.relations`).
    relations: bool,
    /// The control whose column holds the item's time segments, as JSON.
    segments: Option<String>,
}

const HEAD: [&str; 9] = [
    "id",
    "media",
    "kind",
    "status",
    "flagged",
    "annotator",
    "labels",
    "boxes",
    "notes",
];
const TAIL: [&str; 7] = [
    "active_ms",
    "wall_ms",
    "visits",
    "first_seen_at",
    "submitted_at",
    "keys",
    "clicks",
];

impl<W: Write> CsvExport<W> {
    /// `controls`: answer columns (`field.NAME`); `data`: record columns (`data.NAME`);
    /// `spans`: the control among them that marks spans, and whether it links them;
    /// `segments`: the one that marks time segments.
    pub fn start(
        out: W,
        path: &Path,
        controls: Vec<String>,
        data: Vec<String>,
        (spans, relations): (Option<String>, bool),
        segments: Option<String>,
    ) -> Result<Self, IoError> {
        let mut out = csv::Writer::from_writer(out);
        let header: Vec<String> = HEAD
            .iter()
            .map(|s| s.to_string())
            .chain(controls.iter().flat_map(|c| {
                let linked = relations && spans.as_ref() == Some(c);
                std::iter::once(format!("field.{c}"))
                    .chain(linked.then(|| format!("field.{c}.relations")))
            }))
            .chain(data.iter().map(|d| format!("data.{d}")))
            .chain(TAIL.iter().map(|s| s.to_string()))
            .collect();
        out.write_record(&header).map_err(|e| csv_err(path, e))?;
        Ok(CsvExport {
            out,
            path: path.to_path_buf(),
            controls,
            data,
            spans,
            relations,
            segments,
        })
    }

    pub fn row(&mut self, row: &ExportRow) -> Result<(), IoError> {
        let it = &row.item;
        let t = &row.timing;
        let mut rec: Vec<String> = vec![
            it.uid.clone(),
            it.media.clone().unwrap_or_default(),
            it.kind.as_str().to_string(),
            it.status.as_str().to_string(),
            it.flagged.to_string(),
            row.annotator.clone().unwrap_or_default(),
            row.annotation.labels.join("; "),
            if row.annotation.boxes.is_empty() {
                String::new()
            } else {
                serde_json::to_string(&row.annotation.boxes).unwrap_or_default()
            },
            // A line each, as a spreadsheet cell shows them: "ana: too dark".
            row.notes
                .iter()
                .map(|n| format!("{}: {}", n.annotator, n.text))
                .collect::<Vec<_>>()
                .join("\n"),
        ];
        let ann = &row.annotation;
        for c in &self.controls {
            if self.segments.as_ref() == Some(c) {
                rec.push(match ann.segments.is_empty() {
                    true => String::new(),
                    false => serde_json::to_string(&ann.segments).unwrap_or_default(),
                });
                continue;
            }
            if self.spans.as_ref() != Some(c) {
                rec.push(cell(ann.fields.get(c)));
                continue;
            }
            rec.push(match ann.spans.is_empty() {
                true => String::new(),
                false => serde_json::to_string(&ann.spans).unwrap_or_default(),
            });
            if self.relations {
                let linked = crate::core::relations::indexed(&ann.spans, &ann.relations);
                rec.push(match linked.is_empty() {
                    true => String::new(),
                    false => serde_json::to_string(&linked).unwrap_or_default(),
                });
            }
        }
        rec.extend(self.data.iter().map(|d| cell(it.data.get(d))));
        rec.extend([
            t.active_ms.to_string(),
            t.wall_ms.to_string(),
            t.visits.to_string(),
            t.first_seen_at.map(rfc3339).unwrap_or_default(),
            t.submitted_at.map(rfc3339).unwrap_or_default(),
            t.keys.to_string(),
            t.clicks.to_string(),
        ]);
        self.out
            .write_record(&rec)
            .map_err(|e| csv_err(&self.path, e))
    }

    pub fn finish(mut self) -> Result<(), IoError> {
        self.out.flush().map_err(werr(&self.path))
    }
}

fn cell(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(a)) => a
            .iter()
            .map(|x| match x {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join("; "),
        Some(other) => other.to_string(),
    }
}

fn csv_err(path: &Path, e: csv::Error) -> IoError {
    IoError::invalid(path, e.to_string())
}
