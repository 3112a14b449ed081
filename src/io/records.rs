//! Text items from JSONL (one object per line) or CSV with a header, read as a stream so a
//! million records never sit in memory at once. A bad line is a [`Problem`]; the rest loads.

use super::{IoError, Problem, stable_hash};
use crate::core::{MediaKind, NewItem};
use serde_json::{Map, Value};
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// The key that makes a record "the same" on a second import: its `id` field if it has one,
/// else a hash of its content.
pub fn record_key(data: &Map<String, Value>) -> String {
    match record_id(data) {
        Some(id) => format!("r:id:{id}"),
        None => format!(
            "r:h:{}",
            stable_hash(Value::Object(data.clone()).to_string().as_bytes())
        ),
    }
}

/// The record's `id` field, when it has one a record can be known by (a string or number).
fn record_id(data: &Map<String, Value>) -> Option<String> {
    match data.get("id") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    }
}

/// The ids met in one source, each with the line it was first met on: a second record with
/// the same `id` would be taken for the first one and left out without a word (datasets
/// where `id` names a query, shared by its documents, lost all but one per query).
#[derive(Default)]
pub struct SeenIds(std::collections::HashMap<u64, u64>);

impl SeenIds {
    /// Notes the record's id (records without one are known by their content); when it was
    /// met before, why this record is left out.
    pub fn repeated(&mut self, data: &Map<String, Value>, line: Option<u64>) -> Option<String> {
        let id = record_id(data)?;
        let key = {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            id.hash(&mut h);
            h.finish()
        };
        match self.0.entry(key) {
            std::collections::hash_map::Entry::Occupied(e) => Some(format!(
                "id {} again (first on line {}): a record is known by its id, so this one was \
                 left out; give each record its own id, or call the shared one something else \
                 (`query_id`)",
                Value::String(id),
                e.get()
            )),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(line.unwrap_or(0));
                None
            }
        }
    }
}

/// The text item of a record.
pub fn text_item(data: Map<String, Value>) -> NewItem {
    NewItem {
        key: record_key(&data),
        kind: MediaKind::Text,
        root: None,
        media: None,
        data,
        width: None,
        height: None,
        duration_ms: None,
    }
}

/// A record with the line it starts on (CSV records may span lines).
pub type RecordLine = (Option<u64>, Map<String, Value>);

/// Opens a record file by its extension (`.jsonl`/`.ndjson`/`.json` or `.csv`/`.tsv`) and
/// yields each record with its line.
pub fn open_record_lines(
    path: &Path,
) -> Result<Box<dyn Iterator<Item = Result<RecordLine, Problem>>>, IoError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "jsonl" | "ndjson" | "json" => {
            let mut r = JsonlRecords::open(path)?;
            Ok(Box::new(
                std::iter::from_fn(move || r.next_object()).map(|r| r.map(|(l, m)| (Some(l), m))),
            ))
        }
        "tsv" => Ok(Box::new(CsvRecords::open(path, b'\t')?)),
        "csv" => Ok(Box::new(CsvRecords::open_csv(path)?)),
        _ => Err(IoError::invalid(
            path,
            "unknown item file type (expected .jsonl, .csv or .tsv)",
        )),
    }
}

/// A line number with the JSON object on that line.
pub type LineObject = (u64, Map<String, Value>);

/// Reads one JSON object per line.
pub struct JsonlRecords {
    path: PathBuf,
    reader: Box<dyn BufRead + Send>,
    line: u64,
    buf: Vec<u8>,
    done: bool,
}

impl JsonlRecords {
    pub fn open(path: &Path) -> Result<Self, IoError> {
        let file = File::open(path).map_err(|e| IoError::io(path, e))?;
        Ok(Self::from_reader(
            path,
            BufReader::with_capacity(1 << 20, file),
        ))
    }

    /// Reads from `reader`; `path` is what problems name.
    pub fn from_reader(path: &Path, reader: impl BufRead + Send + 'static) -> Self {
        JsonlRecords {
            path: path.to_path_buf(),
            reader: Box::new(reader),
            line: 0,
            buf: Vec::new(),
            done: false,
        }
    }

    /// The next non-blank line as (line number, object), or a problem with that line.
    pub fn next_object(&mut self) -> Option<Result<LineObject, Problem>> {
        let (line, obj) = match self.next_with(|line, text| (line, object_of(text)))? {
            Ok(next) => next,
            Err(p) => return Some(Err(p)),
        };
        Some(
            obj.map(|o| (line, o))
                .map_err(|m| Problem::new(&self.path, Some(line), m)),
        )
    }

    /// `f` of the next non-blank line's number and trimmed text, or a problem with that
    /// line (unreadable, not UTF-8).
    pub fn next_with<T>(&mut self, f: impl FnOnce(u64, &str) -> T) -> Option<Result<T, Problem>> {
        while !self.done {
            self.buf.clear();
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => {
                    self.line += 1;
                    // A read error will repeat: report it once and stop.
                    self.buf.clear();
                    self.done = true;
                    return Some(Err(Problem::new(
                        &self.path,
                        Some(self.line),
                        format!("read failed: {e}"),
                    )));
                }
            }
            self.line += 1;
            let mut bytes = self.buf.as_slice();
            if self.line == 1 {
                bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            }
            let text = match std::str::from_utf8(bytes) {
                Ok(t) => t.trim(),
                Err(e) => {
                    return Some(Err(Problem::new(
                        &self.path,
                        Some(self.line),
                        format!("not valid UTF-8 (at byte {} of the line)", e.valid_up_to()),
                    )));
                }
            };
            if text.is_empty() {
                continue;
            }
            return Some(Ok(f(self.line, text)));
        }
        None
    }
}

/// The JSON object a line holds, or what is wrong with it.
pub(crate) fn object_of(text: &str) -> Result<Map<String, Value>, String> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(other) => Err(format!(
            "expected a JSON object, found {}",
            json_type(&other)
        )),
        Err(e) => Err(format!("bad JSON: {e}")),
    }
}

impl Iterator for JsonlRecords {
    type Item = Result<NewItem, Problem>;
    fn next(&mut self) -> Option<Self::Item> {
        self.next_object().map(|r| r.map(|(_, m)| text_item(m)))
    }
}

pub fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Reads CSV/TSV rows under a header line; quoted separators and newlines are handled.
pub struct CsvRecords {
    path: PathBuf,
    reader: csv::Reader<Box<dyn Read + Send>>,
    headers: Vec<String>,
    record: csv::ByteRecord,
    done: bool,
}

impl CsvRecords {
    pub fn open(path: &Path, delimiter: u8) -> Result<Self, IoError> {
        let file = File::open(path).map_err(|e| IoError::io(path, e))?;
        Self::from_reader(path, file, delimiter)
    }

    /// A `.csv` file, its separator (`,` or `;`) told by its header line.
    pub fn open_csv(path: &Path) -> Result<Self, IoError> {
        let file = File::open(path).map_err(|e| IoError::io(path, e))?;
        let mut reader = std::io::BufReader::with_capacity(64 * 1024, file);
        let head = std::io::BufRead::fill_buf(&mut reader).map_err(|e| IoError::io(path, e))?;
        let delimiter = super::csv_lines::csv_delimiter(head);
        Self::from_reader(path, reader, delimiter)
    }

    /// Reads from `reader`; `path` is what problems name.
    pub fn from_reader(
        path: &Path,
        reader: impl Read + Send + 'static,
        delimiter: u8,
    ) -> Result<Self, IoError> {
        let boxed: Box<dyn Read + Send> =
            Box::new(super::csv_lines::RecordEndsAsLf::new(reader, delimiter));
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(true)
            .flexible(true)
            .from_reader(boxed);
        let headers = reader
            .headers()
            .map_err(|e| IoError::invalid(path, format!("line 1: header: {e}")))?
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
            .collect::<Vec<_>>();
        if headers.iter().all(String::is_empty) {
            return Err(IoError::invalid(path, "line 1: the header line is empty"));
        }
        // Each row becomes an object keyed by the header: a name given twice would keep one
        // column's values and silently drop the other's.
        for (i, h) in headers.iter().enumerate() {
            if let Some(j) = headers[..i].iter().position(|g| !h.is_empty() && g == h) {
                return Err(IoError::invalid(
                    path,
                    format!(
                        "line 1: the header names column '{h}' twice (columns {} and {}); rename one",
                        j + 1,
                        i + 1
                    ),
                ));
            }
        }
        Ok(CsvRecords {
            path: path.to_path_buf(),
            reader,
            headers,
            record: csv::ByteRecord::new(),
            done: false,
        })
    }
}

impl Iterator for CsvRecords {
    type Item = Result<RecordLine, Problem>;
    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => {
                self.done = true;
                None
            }
            Ok(true) => {
                let line = self.record.position().map(|p| p.line());
                if self.record.len() != self.headers.len() {
                    return Some(Err(Problem::new(
                        &self.path,
                        line,
                        format!(
                            "{} fields, but the header has {}",
                            self.record.len(),
                            self.headers.len()
                        ),
                    )));
                }
                let mut data = Map::new();
                for (h, v) in self.headers.iter().zip(self.record.iter()) {
                    match std::str::from_utf8(v) {
                        Ok(s) => {
                            data.insert(h.clone(), Value::String(s.to_string()));
                        }
                        Err(_) => {
                            return Some(Err(Problem::new(
                                &self.path,
                                line,
                                format!(
                                    "field '{h}' is not valid UTF-8 (from a spreadsheet, \
                                     save it as \"CSV UTF-8\")"
                                ),
                            )));
                        }
                    }
                }
                Some(Ok((line, data)))
            }
            Err(e) => {
                let line = e.position().map(|p| p.line());
                if !matches!(
                    e.kind(),
                    csv::ErrorKind::UnequalLengths { .. } | csv::ErrorKind::Utf8 { .. }
                ) {
                    // An I/O error repeats forever: report it and stop.
                    self.done = true;
                }
                Some(Err(Problem::new(&self.path, line, e.to_string())))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    #[test]
    fn jsonl_bad_lines_are_reported_with_their_number() {
        let d = tempfile::tempdir().unwrap();
        let p = write(
            d.path(),
            "t.jsonl",
            b"\xEF\xBB\xBF{\"text\":\"a\"}\n\n{bad\n[1]\n{\"text\":\"\xff\"}\n{\"id\":7,\"text\":\"\xc3\xa9 \xf0\x9f\x98\x80\"}",
        );
        let out: Vec<_> = JsonlRecords::open(&p).unwrap().collect();
        assert_eq!(out.len(), 5);
        assert!(out[0].is_ok());
        let lines: Vec<_> = out
            .iter()
            .filter_map(|r| r.as_ref().err())
            .map(|p| p.line)
            .collect();
        assert_eq!(lines, vec![Some(3), Some(4), Some(5)]);
        let last = out[4].as_ref().unwrap();
        assert_eq!(last.key, "r:id:7");
        assert_eq!(last.data["text"], "é 😀");
        assert!(
            out[2]
                .as_ref()
                .unwrap_err()
                .to_string()
                .contains("t.jsonl:4: expected a JSON object")
        );
    }

    #[test]
    fn csv_handles_quotes_and_reports_ragged_rows() {
        let d = tempfile::tempdir().unwrap();
        let p = write(d.path(), "t.csv", b"id,text\n1,\"a, b\nc\"\n2\n3,ok\n");
        let out: Vec<_> = CsvRecords::open(&p, b',').unwrap().collect();
        assert_eq!(out.len(), 3);
        assert_eq!(out[0].as_ref().unwrap().1["text"], "a, b\nc");
        let e = out[1].as_ref().unwrap_err();
        assert_eq!(e.line, Some(4));
        assert!(out[2].is_ok());
    }

    /// Windows' spreadsheet CSV: CRLF line ends (each problem named the line above it) and,
    /// where the decimal mark is a comma, `;` between fields (read as one column).
    #[test]
    fn excel_csv_with_crlf_and_semicolons_names_the_right_lines() {
        let d = tempfile::tempdir().unwrap();
        let p = write(
            d.path(),
            "t.csv",
            b"\xEF\xBB\xBFid;text\r\n1;\"a; b\r\nc\"\r\n2\r\n3;\xff\r\n4;ok\r\n",
        );
        let out: Vec<_> = CsvRecords::open_csv(&p).unwrap().collect();
        assert_eq!(out.len(), 4);
        let (line, first) = out[0].as_ref().unwrap();
        assert_eq!((*line, first["id"].as_str()), (Some(2), Some("1")));
        assert_eq!(
            first["text"], "a; b\r\nc",
            "a quoted line break is kept as written"
        );
        assert_eq!(out[1].as_ref().unwrap_err().line, Some(4));
        assert_eq!(out[2].as_ref().unwrap_err().line, Some(5));
        let (line, last) = out[3].as_ref().unwrap();
        assert_eq!((*line, last["text"].as_str()), (Some(6), Some("ok")));
    }

    #[test]
    fn same_content_same_key() {
        let a: Map<String, Value> = serde_json::from_str(r#"{"b":1,"a":2}"#).unwrap();
        let b: Map<String, Value> = serde_json::from_str(r#"{"a":2, "b":1}"#).unwrap();
        assert_eq!(record_key(&a), record_key(&b));
    }
}
