//! Items: one unit of work (an image, a text record, an audio clip).

use serde_json::{Map, Value};
use std::fmt;
use std::str::FromStr;

use super::annotation::Annotation;
use super::config::MediaKind;
use super::timing::Timing;

/// Where an item stands in the work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// Not yet answered.
    New,
    /// Answered in part, not submitted.
    Draft,
    Submitted,
    Skipped,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::New,
        Status::Draft,
        Status::Submitted,
        Status::Skipped,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Draft => "draft",
            Status::Submitted => "submitted",
            Status::Skipped => "skipped",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Status::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| {
                format!("unknown status '{s}' (expected new, draft, submitted or skipped)")
            })
    }
}

/// Which items a listing or an export takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ItemFilter {
    #[default]
    All,
    Status(Status),
    Flagged,
    /// New or draft: what is still to do.
    Unfinished,
    /// Items someone wrote a note on.
    Noted,
}

/// An item as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Row id: stable, and the order items are shown in.
    pub id: i64,
    /// Stable public id (uuid), used in exports.
    pub uid: String,
    pub kind: MediaKind,
    /// Folder that `media` is relative to, itself relative to the project folder where possible.
    pub root: Option<String>,
    /// Path of the media file under `root` (images, audio); `None` for text records.
    pub media: Option<String>,
    /// The record's fields (text items) or metadata (manifest fields of audio items).
    pub data: Map<String, Value>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub duration_ms: Option<u64>,
    pub status: Status,
    pub flagged: bool,
}

impl Item {
    /// Field `name` of the record as shown: a string as it is, any other value as JSON.
    pub fn field_text(&self, name: &str) -> Option<String> {
        self.data.get(name).map(value_text)
    }
}

/// The field an export names an item's id in (image metadata, COCO images): kept with the
/// record when such an export comes back in, never shown as one of its fields.
pub const ID_FIELD: &str = "keylabel_id";

/// A record's value as shown and as spans count its characters: a string as it is, any
/// other value as JSON.
pub fn value_text(v: &Value) -> String {
    match v {
        Value::String(t) => t.clone(),
        other => other.to_string(),
    }
}

/// An item about to be added: everything but the ids and the work state.
#[derive(Debug, Clone, PartialEq)]
pub struct NewItem {
    /// What makes two items the same (media path or record hash): never added twice.
    pub key: String,
    pub kind: MediaKind,
    pub root: Option<String>,
    pub media: Option<String>,
    pub data: Map<String, Value>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub duration_ms: Option<u64>,
}

/// Which answers an export carries for an item.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Answers {
    /// The newest answer, one row per item: the training data.
    #[default]
    Newest,
    /// Every annotator's answer, a row each (the item repeats): for adjudication and for
    /// agreement measured outside Keylabel.
    Every,
}

/// A note someone wrote on an item — why it was flagged, what is unclear, what a reviewer
/// wants changed. Kept beside the answers, never part of one: writing it changes no answer,
/// status or time.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Note {
    pub annotator: String,
    pub text: String,
}

/// One item with its latest annotation and that annotator's timing, for export.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportRow {
    pub item: Item,
    pub annotator: Option<String>,
    pub annotation: Annotation,
    pub timing: Timing,
    /// Every note on the item, oldest first (whoever wrote them).
    pub notes: Vec<Note>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_round_trips_through_text() {
        for st in Status::ALL {
            assert_eq!(st.as_str().parse::<Status>().unwrap(), st);
        }
        assert!("done".parse::<Status>().is_err());
    }
}
