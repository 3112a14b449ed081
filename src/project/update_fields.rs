//! Fields for items already there: a model's suggestions (or any metadata) that came
//! after the items, matched by the record's `id` or by the media file the line names.

use super::import::converted;
use super::import_report::ImportReport;
use super::{Project, Result};
use crate::core::{MediaKind, Progress};
use crate::io::Problem;
use crate::io::records::record_key;
use serde_json::{Map, Value};
use std::path::Path;

impl Project {
    /// Sets each line's fields on the item it names: a text record by its `id`, an image or
    /// clip by the file it names (as in a manifest). Fields of the same name are replaced,
    /// the others kept; answers, statuses and times are left as they are, and nothing is
    /// added: a line that names no item of the project is a problem of the report.
    pub(super) fn import_fields(
        &mut self,
        path: &Path,
        progress: &Progress,
    ) -> Result<ImportReport> {
        let root = self.root_of(path);
        let media = self.config.task.media;
        let mut report = ImportReport::default();
        let mut problems = Vec::new();
        let updates = converted(path, progress, &mut problems, |data| {
            keyed(path, &root, media, data)
        })?
        .map(|((key, fields), line)| (key, fields, line));
        let mut unmatched = Vec::new();
        report.fields_set = self
            .store
            .update_fields(updates, |line| unmatched.push(line))?;
        problems.extend(unmatched.into_iter().map(|line| {
            let why = match media {
                MediaKind::Text => "no item in the project has this record's id",
                _ => "no item in the project has this file",
            };
            Problem::new(path, line, why)
        }));
        problems.sort_by_key(|p| p.line);
        for p in problems {
            report.problem(p);
        }
        Ok(report)
    }
}

/// The key of the item a line names, and the fields it gives.
fn keyed(
    path: &Path,
    root: &str,
    media: MediaKind,
    data: Map<String, Value>,
) -> std::result::Result<(String, Map<String, Value>), String> {
    match media {
        MediaKind::Text => {
            let key = record_key(&data);
            if !key.starts_with("r:id:") {
                return Err("no `id`: a record is matched to its item by its id".into());
            }
            let mut fields = data;
            fields.remove("id");
            Ok((key, fields))
        }
        MediaKind::Image => crate::io::manifest::image_manifest_item(path, root, data)
            .map(|item| (item.key, item.data)),
        MediaKind::Audio => {
            crate::io::manifest::manifest_item(path, root, data).map(|item| (item.key, item.data))
        }
    }
}
