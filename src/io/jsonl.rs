//! Keylabel's JSONL export (one flat object per item, one JSON type per field) and its
//! re-import (round trip).

use super::records::{JsonlRecords, json_type};
use super::{IoError, Problem, werr};
use crate::core::annotation::attribute_flags;
use crate::core::geometry::round2;
use crate::core::relations::{IndexedRelation, from_indexed, indexed};
use crate::core::time::{parse_rfc3339, rfc3339};
use crate::core::timing::Timing;
use crate::core::{Annotation, BoxAnn, ExportRow, MediaKind, Note, Segment, Span, Status};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::io::Write;
use std::path::Path;

#[derive(Serialize)]
struct OutBox<'a> {
    label: &'a str,
    x: f64,
    y: f64,
    w: f64,
    h: f64,
    /// The task's box attributes, `{"occluded": true, "truncated": false}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    attributes: Option<Map<String, Value>>,
    /// The box's text where the task has them (`""` when none yet: one type in every row).
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
    /// The outline, `[[[x, y], …]]`, where the task draws polygons (`[]` for a plain box).
    #[serde(skip_serializing_if = "Option::is_none")]
    polygons: Option<Vec<Vec<[f64; 2]>>>,
    /// The keypoints, `[[x, y, v], …]` in the task's order, where the task has them (all
    /// of them on every box, `[0, 0, 0]` for one not placed).
    #[serde(skip_serializing_if = "Option::is_none")]
    keypoints: Option<Vec<[f64; 3]>>,
    /// Degrees clockwise about the box's centre, where the task turns boxes (0 upright);
    /// `x, y, w, h` are then the box before it is turned.
    #[serde(skip_serializing_if = "Option::is_none")]
    rotation: Option<f64>,
}

#[derive(Serialize)]
struct OutRow<'a> {
    id: &'a str,
    media: Option<&'a str>,
    kind: &'a str,
    status: &'a str,
    flagged: bool,
    annotator: Option<&'a str>,
    labels: &'a [String],
    boxes: Vec<OutBox<'a>>,
    fields: &'a Map<String, Value>,
    active_ms: u64,
    wall_ms: u64,
    visits: u32,
    first_seen_at: Option<String>,
    submitted_at: Option<String>,
    /// Keys pressed and clicks made on the item: how much effort a workflow costs.
    keys: u32,
    clicks: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    width: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    height: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    duration_s: Option<f64>,
    /// Audio items: time segments.
    #[serde(skip_serializing_if = "Option::is_none")]
    segments: Option<Vec<OutSegment<'a>>>,
    /// Text items of a task that marks spans: `{label, field, start, end, text}`, offsets in
    /// characters (`[]` when none: one type in every row).
    #[serde(skip_serializing_if = "Option::is_none")]
    spans: Option<Vec<OutSpan<'a>>>,
    /// Tasks that link spans: `{label, from, to}`, `from`/`to` indexing `spans` (`[]` when
    /// none).
    #[serde(skip_serializing_if = "Option::is_none")]
    relations: Option<Vec<IndexedRelation>>,
    /// The record's own fields (text items), or the manifest's (audio).
    #[serde(skip_serializing_if = "Map::is_empty")]
    data: &'a Map<String, Value>,
    /// Notes on the item, `[]` when none: one JSON type in every row.
    notes: &'a [Note],
}

/// A span as a row writes it: its attributes as flags, every one the task names (one shape
/// in every row), where the task has any.
#[derive(Serialize)]
struct OutSpan<'a> {
    label: &'a str,
    field: &'a str,
    start: usize,
    end: usize,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    attributes: Option<Map<String, Value>>,
}

/// A segment as a row writes it: its text in every segment where the task has them (`""`
/// for none yet: one shape in every row).
#[derive(Serialize)]
struct OutSegment<'a> {
    label: &'a str,
    start_s: f64,
    end_s: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
}

/// What a task's rows hold beyond the fields every row has.
#[derive(Debug, Clone, Copy, Default)]
pub struct RowShape<'a> {
    /// The task's box attributes.
    pub attributes: &'a [String],
    /// Its boxes have a text each.
    pub box_text: bool,
    /// Its segments have a text each.
    pub segment_text: bool,
    /// It marks spans in text items.
    pub spans: bool,
    /// The attributes its spans can have.
    pub span_attributes: &'a [String],
    /// It links spans (`relations` on the spans control).
    pub relations: bool,
    /// Its boxes can be outlined (polygons).
    pub polygons: bool,
    /// Its boxes have keypoints: how many (the task's), or `Some(0)` when only imported
    /// boxes have them (each box then writes its own, `[]` for none).
    pub keypoints: Option<usize>,
    /// Its boxes can be turned.
    pub rotated: bool,
}

/// Writes one export row as a line.
pub fn write_row(
    out: &mut impl Write,
    path: &Path,
    row: &ExportRow,
    shape: RowShape,
) -> Result<(), IoError> {
    let RowShape {
        attributes,
        box_text,
        segment_text,
        spans,
        span_attributes,
        relations,
        polygons,
        keypoints,
        rotated,
    } = shape;
    let it = &row.item;
    let t = &row.timing;
    let r = OutRow {
        id: &it.uid,
        media: it.media.as_deref(),
        kind: it.kind.as_str(),
        status: it.status.as_str(),
        flagged: it.flagged,
        annotator: row.annotator.as_deref(),
        labels: &row.annotation.labels,
        boxes: row
            .annotation
            .boxes
            .iter()
            .map(|b| OutBox {
                label: &b.label,
                x: round2(b.x),
                y: round2(b.y),
                w: round2(b.w),
                h: round2(b.h),
                attributes: b.attribute_flags(attributes),
                text: (box_text || !b.text.is_empty()).then_some(b.text.as_str()),
                polygons: (polygons || !b.polygons.is_empty()).then(|| {
                    (b.polygons.iter())
                        .map(|ring| ring.iter().map(|&[x, y]| [round2(x), round2(y)]).collect())
                        .collect()
                }),
                keypoints: (keypoints.is_some() || !b.keypoints.is_empty()).then(|| {
                    let count = keypoints.filter(|&n| n > 0).unwrap_or(b.keypoints.len());
                    (0..count)
                        .map(|k| match b.keypoints.get(k) {
                            Some(&[x, y, v]) if v > 0.0 => [round2(x), round2(y), f64::from(v)],
                            _ => [0.0; 3],
                        })
                        .collect()
                }),
                rotation: (rotated || b.is_rotated()).then(|| round2(b.rotation)),
            })
            .collect(),
        fields: &row.annotation.fields,
        active_ms: t.active_ms,
        wall_ms: t.wall_ms,
        visits: t.visits,
        first_seen_at: t.first_seen_at.map(rfc3339),
        submitted_at: t.submitted_at.map(rfc3339),
        keys: t.keys,
        clicks: t.clicks,
        width: it.width,
        height: it.height,
        duration_s: it.duration_ms.map(|ms| ms as f64 / 1000.0),
        segments: (it.kind == MediaKind::Audio).then(|| {
            (row.annotation.segments.iter())
                .map(|g| OutSegment {
                    label: &g.label,
                    start_s: g.start_s,
                    end_s: g.end_s,
                    text: (segment_text || !g.text.is_empty()).then_some(g.text.as_str()),
                })
                .collect()
        }),
        spans: (spans || !row.annotation.spans.is_empty()).then(|| {
            (row.annotation.spans.iter())
                .map(|s| OutSpan {
                    label: &s.label,
                    field: &s.field,
                    start: s.start,
                    end: s.end,
                    text: &s.text,
                    attributes: attribute_flags(&s.attributes, span_attributes),
                })
                .collect()
        }),
        relations: (relations || !row.annotation.relations.is_empty())
            .then(|| indexed(&row.annotation.spans, &row.annotation.relations)),
        data: &it.data,
        notes: &row.notes,
    };
    serde_json::to_writer(&mut *out, &r).map_err(|e| IoError::io(path, e.into()))?;
    out.write_all(b"\n").map_err(werr(path))
}

/// True when a JSONL object looks like a line of Keylabel's own export, not an item record.
pub fn is_export_line(obj: &Map<String, Value>) -> bool {
    ["id", "kind", "status", "labels", "boxes"]
        .iter()
        .all(|k| obj.contains_key(*k))
}

/// One line of a Keylabel JSONL export, read back.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedRow {
    pub line: u64,
    pub uid: String,
    pub kind: MediaKind,
    pub media: Option<String>,
    pub data: Map<String, Value>,
    pub status: Status,
    pub flagged: bool,
    pub annotator: Option<String>,
    pub annotation: Annotation,
    pub timing: Timing,
    pub notes: Vec<Note>,
}

/// Reads a Keylabel JSONL export line by line; bad lines come back as problems.
pub fn read_export(
    path: &Path,
) -> Result<impl Iterator<Item = Result<ImportedRow, Problem>>, IoError> {
    Ok(export_rows(path, JsonlRecords::open(path)?))
}

/// The rows of an export read from `records`; `path` is what problems name.
pub fn export_rows(
    path: &Path,
    mut records: JsonlRecords,
) -> impl Iterator<Item = Result<ImportedRow, Problem>> + use<> {
    let path = path.to_path_buf();
    std::iter::from_fn(move || {
        let next = records.next_with(|line, text| (line, parse_line(line, text)))?;
        Some(next.and_then(|(line, row)| row.map_err(|m| Problem::new(&path, Some(line), m))))
    })
}

/// A line of an export as its fields stand, before they are checked and converted.
/// Read straight from the line's text when every field has its type (the usual case: three
/// times faster than going through a JSON object), else from the object by
/// [`RawRow::from_object`], which says which field is wrong.
#[derive(Deserialize)]
struct RawRow {
    id: Option<String>,
    kind: Option<String>,
    status: Option<String>,
    #[serde(default)]
    media: Option<String>,
    #[serde(default)]
    flagged: Option<bool>,
    #[serde(default)]
    annotator: Option<String>,
    #[serde(default)]
    labels: Option<Vec<String>>,
    #[serde(default)]
    boxes: Option<Vec<BoxAnn>>,
    #[serde(default)]
    segments: Option<Vec<Segment>>,
    #[serde(default)]
    spans: Option<Vec<Span>>,
    #[serde(default)]
    relations: Option<Vec<IndexedRelation>>,
    #[serde(default)]
    fields: Option<Map<String, Value>>,
    #[serde(default)]
    data: Option<Map<String, Value>>,
    #[serde(default)]
    active_ms: Option<u64>,
    #[serde(default)]
    wall_ms: Option<u64>,
    #[serde(default)]
    visits: Option<u64>,
    #[serde(default)]
    first_seen_at: Option<String>,
    #[serde(default)]
    submitted_at: Option<String>,
    #[serde(default)]
    keys: Option<u64>,
    #[serde(default)]
    clicks: Option<u64>,
    #[serde(default)]
    notes: Option<Vec<Note>>,
}

/// One export line's text as a row: the fast typed read, else the object with its
/// field-by-field messages (a bad line's message names the field either way).
fn parse_line(line: u64, text: &str) -> Result<ImportedRow, String> {
    match serde_json::from_str::<RawRow>(text) {
        Ok(raw) => raw.into_row(line),
        Err(_) => parse_row(line, super::records::object_of(text)?),
    }
}

fn parse_row(line: u64, o: Map<String, Value>) -> Result<ImportedRow, String> {
    RawRow::from_object(o)?.into_row(line)
}

impl RawRow {
    // Takes the object by value: its lists and maps move into the row instead of being
    // cloned.
    fn from_object(mut o: Map<String, Value>) -> Result<RawRow, String> {
        let mut owned = |k: &str| o.remove(k).filter(|v| !v.is_null());
        let (labels, boxes, segments) = (owned("labels"), owned("boxes"), owned("segments"));
        let (spans, relations) = (owned("spans"), owned("relations"));
        let (data, fields, notes) = (owned("data"), owned("fields"), owned("notes"));
        let s = |k: &str| -> Result<Option<String>, String> {
            match o.get(k) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(v) => Err(format!("'{k}' should be a string, found {}", json_type(v))),
            }
        };
        let n = |k: &str| -> Result<Option<u64>, String> {
            match o.get(k) {
                None | Some(Value::Null) => Ok(None),
                Some(v) => v
                    .as_u64()
                    .map(Some)
                    .ok_or_else(|| format!("'{k}' should be a whole number ≥ 0, found {v}")),
            }
        };
        fn list<T: serde::de::DeserializeOwned>(
            v: Option<Value>,
            what: &str,
        ) -> Result<Option<Vec<T>>, String> {
            v.map(serde_json::from_value)
                .transpose()
                .map_err(|e| format!("{what}: {e}"))
        }
        let obj = |k: &str, v: Option<Value>| -> Result<Option<Map<String, Value>>, String> {
            match v {
                None => Ok(None),
                Some(Value::Object(m)) => Ok(Some(m)),
                Some(v) => Err(format!(
                    "'{k}' should be an object, found {}",
                    json_type(&v)
                )),
            }
        };
        Ok(RawRow {
            id: s("id")?,
            kind: s("kind")?,
            status: s("status")?,
            media: s("media")?,
            flagged: o.get("flagged").and_then(Value::as_bool),
            annotator: s("annotator")?,
            labels: list(labels, "'labels' should be a list of names")?,
            boxes: list(boxes, "'boxes' should be a list of {label,x,y,w,h}")?,
            segments: list(
                segments,
                "'segments' should be a list of {label,start_s,end_s}",
            )?,
            spans: list(
                spans,
                "'spans' should be a list of {label,field,start,end,text}",
            )?,
            relations: list(
                relations,
                "'relations' should be a list of {label,from,to} (positions in 'spans')",
            )?,
            fields: obj("fields", fields)?,
            data: obj("data", data)?,
            active_ms: n("active_ms")?,
            wall_ms: n("wall_ms")?,
            visits: n("visits")?,
            first_seen_at: s("first_seen_at")?,
            submitted_at: s("submitted_at")?,
            keys: n("keys")?,
            clicks: n("clicks")?,
            notes: list(notes, "'notes' should be a list of {annotator,text}")?,
        })
    }

    /// The checks both reads share: what must be there, known kinds and statuses, finite
    /// coordinates, times in RFC 3339.
    fn into_row(self, line: u64) -> Result<ImportedRow, String> {
        let time = |k: &str, t: Option<String>| -> Result<Option<i64>, String> {
            t.map(|t| {
                parse_rfc3339(&t).ok_or_else(|| format!("'{k}' is not an RFC 3339 time: {t}"))
            })
            .transpose()
        };
        let uid = self.id.ok_or("'id' is missing")?;
        let kind = self.kind.ok_or("'kind' is missing")?;
        let kind = MediaKind::parse(&kind).ok_or_else(|| format!("unknown kind '{kind}'"))?;
        let status: Status = self.status.ok_or("'status' is missing")?.parse()?;
        let segments = self.segments.unwrap_or_default();
        if segments
            .iter()
            .any(|s| !(s.start_s.is_finite() && s.end_s.is_finite() && s.start_s <= s.end_s))
        {
            return Err(
                "a segment has a start or end that is not a number, or ends before it starts"
                    .into(),
            );
        }
        let data = self.data.unwrap_or_default();
        let mut spans = self.spans.unwrap_or_default();
        for s in &mut spans {
            check_span(s, &data)?;
        }
        let relations = from_indexed(&spans, &self.relations.unwrap_or_default())?;
        let boxes = self.boxes.unwrap_or_default();
        if boxes
            .iter()
            .any(|b| ![b.x, b.y, b.w, b.h].iter().all(|v| v.is_finite()))
        {
            return Err("a box has a coordinate that is not a finite number".into());
        }
        Ok(ImportedRow {
            line,
            uid,
            kind,
            media: self.media,
            data,
            status,
            flagged: self.flagged.unwrap_or(false),
            annotator: self.annotator,
            annotation: Annotation {
                labels: self.labels.unwrap_or_default(),
                boxes,
                segments,
                spans,
                relations,
                fields: self.fields.unwrap_or_default(),
            },
            timing: Timing {
                active_ms: self.active_ms.unwrap_or(0),
                wall_ms: self.wall_ms.unwrap_or(0),
                visits: self.visits.unwrap_or(0).min(u64::from(u32::MAX)) as u32,
                first_seen_at: time("first_seen_at", self.first_seen_at)?,
                submitted_at: time("submitted_at", self.submitted_at)?,
                keys: self.keys.unwrap_or(0).min(u64::from(u32::MAX)) as u32,
                clicks: self.clicks.unwrap_or(0).min(u64::from(u32::MAX)) as u32,
            },
            notes: self.notes.unwrap_or_default(),
        })
    }
}

/// A span's offsets against the record the line carries (when it does): inside its field,
/// and on the text the span says it covers (filled in when it says none).
fn check_span(s: &mut Span, data: &Map<String, Value>) -> Result<(), String> {
    if s.start >= s.end {
        return Err(format!(
            "a span of '{}' ends at {} but starts at {}",
            s.field, s.end, s.start
        ));
    }
    let Some(field) = data.get(&s.field) else {
        return Ok(());
    };
    let field = crate::core::item::value_text(field);
    let n = field.chars().count();
    if s.end > n {
        return Err(format!(
            "a span of '{}' ends at {}, past its {n} characters",
            s.field, s.end
        ));
    }
    let there: String = field.chars().skip(s.start).take(s.end - s.start).collect();
    if s.text.is_empty() {
        s.text = there;
    } else if s.text != there {
        return Err(format!(
            "a span of '{}' says “{}” but its characters {}–{} are “{there}” (offsets count characters from 0, as Python indexes a str)",
            s.field, s.text, s.start, s.end
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::Item;

    fn row() -> ExportRow {
        ExportRow {
            notes: vec![Note {
                annotator: "bob".into(),
                text: "too dark, \"guess\"".into(),
            }],
            item: Item {
                id: 3,
                uid: "u-1".into(),
                kind: MediaKind::Image,
                root: Some("imgs".into()),
                media: Some("cat 1.jpg".into()),
                data: Map::new(),
                width: Some(640),
                height: Some(480),
                duration_ms: None,
                status: Status::Submitted,
                flagged: false,
            },
            annotator: Some("ana".into()),
            annotation: Annotation {
                labels: vec!["cat".into()],
                boxes: vec![BoxAnn::new("cat", 10.456, 20.0, 100.0, 80.0)],
                fields: Map::new(),
                segments: Vec::new(),
                spans: Vec::new(),
                relations: Vec::new(),
            },
            timing: Timing {
                active_ms: 5231,
                wall_ms: 9012,
                visits: 2,
                first_seen_at: Some(1_795_309_323_000),
                submitted_at: Some(1_795_309_332_000),
                keys: 3,
                clicks: 1,
            },
        }
    }

    #[test]
    fn written_row_has_the_contract_fields_and_reads_back() {
        let mut out = Vec::new();
        write_row(&mut out, Path::new("o.jsonl"), &row(), RowShape::default()).unwrap();
        let v: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["boxes"][0]["x"], 10.46);
        assert_eq!(v["first_seen_at"], "2026-11-22T01:02:03Z");
        assert_eq!(v["width"], 640);
        assert!(v.get("data").is_none());
        let obj = v.as_object().unwrap();
        assert!(is_export_line(obj));
        let back = parse_row(1, obj.clone()).unwrap();
        assert_eq!(back.uid, "u-1");
        assert_eq!(back.timing.active_ms, 5231);
        assert_eq!(back.timing.submitted_at, Some(1_795_309_332_000));
        assert_eq!(back.annotation.boxes[0].x, 10.46);
        assert_eq!(v["notes"][0]["text"], "too dark, \"guess\"");
        assert_eq!(back.notes, row().notes);
        // Both reads take the notes (the fast one above; the checked one names a bad list).
        let fast = parse_line(1, std::str::from_utf8(&out).unwrap().trim()).unwrap();
        assert_eq!(fast.notes, row().notes);
        let mut bad = obj.clone();
        bad.insert("notes".into(), Value::from("ana: hm"));
        let e = parse_row(1, bad).unwrap_err();
        assert!(e.contains("'notes' should be a list"), "{e}");
    }

    #[test]
    fn wrong_types_are_named() {
        let o: Map<String, Value> = serde_json::from_str(
            r#"{"id":"a","kind":"image","status":"submitted","labels":"cat","boxes":[]}"#,
        )
        .unwrap();
        assert!(parse_row(1, o).unwrap_err().contains("'labels'"));
        let o: Map<String, Value> = serde_json::from_str(
            r#"{"id":"a","kind":"image","status":"done","labels":[],"boxes":[]}"#,
        )
        .unwrap();
        assert!(parse_row(1, o).unwrap_err().contains("unknown status"));
    }

    /// The typed read of a line and the read through its object give the same row or the
    /// same message, whatever the line holds.
    #[test]
    fn both_reads_of_a_line_agree() {
        let lines = [
            r#"{"id":"u","kind":"image","status":"submitted","flagged":true,"annotator":"ana","labels":["cat"],"boxes":[{"label":"cat","x":10.46,"y":1,"w":2.5,"h":3}],"fields":{"q":1},"active_ms":5,"wall_ms":6,"visits":2,"first_seen_at":"2026-11-22T01:02:03Z","submitted_at":null,"width":640}"#,
            r#"{"id":"u","kind":"text","status":"new","labels":null,"boxes":[],"data":{"text":"é"}}"#,
            r#"{"id":"u","kind":"image","status":"new","flagged":"yes","labels":[],"boxes":[]}"#,
            r#"{"id":"u","id":"v","kind":"image","status":"new","labels":[],"boxes":[]}"#,
            r#"{"id":7,"kind":"image","status":"new","labels":[],"boxes":[]}"#,
            r#"{"id":"u","kind":"image","status":"new","labels":[],"boxes":[],"active_ms":-1}"#,
            r#"{"id":"u","kind":"image","status":"new","labels":[],"boxes":[],"visits":1.5}"#,
            r#"{"id":"u","kind":"image","status":"new","labels":[2],"boxes":[]}"#,
            r#"{"id":"u","kind":"image","status":"new","labels":[],"boxes":[{"label":"a","x":"1","y":0,"w":1,"h":1}]}"#,
            r#"{"id":"u","kind":"image","status":"new","labels":[],"boxes":[],"fields":[]}"#,
            r#"{"id":"u","kind":"audio","status":"new","labels":[],"boxes":[],"segments":[{"label":"a","start_s":2,"end_s":1}]}"#,
            r#"{"id":"u","kind":"image","status":"new","labels":[],"boxes":[],"submitted_at":"yesterday"}"#,
            r#"{"kind":"image","status":"new","labels":[],"boxes":[]}"#,
            r#"{"id":"u","kind":"video","status":"new","labels":[],"boxes":[]}"#,
            r#"[1]"#,
            r#"{"id":"u","#,
        ];
        for text in lines {
            let slow = super::super::records::object_of(text).and_then(|o| parse_row(4, o));
            assert_eq!(parse_line(4, text), slow, "{text}");
        }
        assert_eq!(
            parse_line(4, lines[0]).unwrap().annotation.boxes[0].x,
            10.46
        );
        assert!(parse_line(4, lines[2]).is_ok_and(|r| !r.flagged));
        assert!(
            parse_line(4, lines[4])
                .unwrap_err()
                .contains("'id' should be a string")
        );
    }
}
