//! The JSON type of each field of imported records. A field that is a number in one record
//! and a string in another loads in pandas and in HF `datasets` 4.8 and later (as a Json
//! column), but Arrow's JSON reader under `datasets` 4.4 and before refuses it ("changed from
//! number to string"; both tried). Exports keep records as given, so the mix is said at
//! import, while the source can still be fixed, and not after the labelling is done.

use super::Problem;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::path::Path;

/// How deep nested objects and lists are followed.
const MAX_DEPTH: usize = 4;
/// How many field paths are kept; records keyed by ever new names (ids as keys) would
/// otherwise grow the map without end.
const MAX_PATHS: usize = 4096;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Bool,
    Number,
    String,
    List,
    Object,
}

impl Kind {
    /// `None` for null: a missing value fits a column of any type.
    fn of(v: &Value) -> Option<Kind> {
        match v {
            Value::Null => None,
            Value::Bool(_) => Some(Kind::Bool),
            Value::Number(_) => Some(Kind::Number),
            Value::String(_) => Some(Kind::String),
            Value::Array(_) => Some(Kind::List),
            Value::Object(_) => Some(Kind::Object),
        }
    }

    fn words(self) -> &'static str {
        match self {
            Kind::Bool => "true/false",
            Kind::Number => "a number",
            Kind::String => "a string",
            Kind::List => "a list",
            Kind::Object => "an object",
        }
    }
}

/// A field whose type changed: what it was from which line, what it is at which.
struct Mix {
    field: String,
    was: Kind,
    first: Option<u64>,
    now: Kind,
    at: Option<u64>,
}

struct Seen {
    kind: Kind,
    line: Option<u64>,
    told: bool,
}

/// Watches the records of one source go by and notes each field whose type changes (once a
/// field: its first change).
#[derive(Default)]
pub struct FieldTypes {
    seen: HashMap<String, Seen>,
    mixed: Vec<Mix>,
}

impl FieldTypes {
    pub fn observe(&mut self, line: Option<u64>, data: &Map<String, Value>) {
        for (k, v) in data {
            self.walk(k, v, line, 0);
        }
    }

    fn walk(&mut self, path: &str, v: &Value, line: Option<u64>, depth: usize) {
        let Some(kind) = Kind::of(v) else { return };
        let full = self.seen.len() >= MAX_PATHS;
        match self.seen.get_mut(path) {
            Some(s) if s.kind != kind && !s.told => {
                s.told = true;
                self.mixed.push(Mix {
                    field: path.to_string(),
                    was: s.kind,
                    first: s.line,
                    now: kind,
                    at: line,
                });
            }
            Some(_) => {}
            None if full => return,
            None => {
                if let Entry::Vacant(e) = self.seen.entry(path.to_string()) {
                    e.insert(Seen {
                        kind,
                        line,
                        told: false,
                    });
                }
            }
        }
        if depth + 1 >= MAX_DEPTH {
            return;
        }
        match v {
            Value::Array(list) if !list.is_empty() => {
                let p = format!("{path}[]");
                for x in list {
                    self.walk(&p, x, line, depth + 1);
                }
            }
            Value::Object(o) => {
                for (k, x) in o {
                    self.walk(&format!("{path}.{k}"), x, line, depth + 1);
                }
            }
            _ => {}
        }
    }

    /// What changed type, each at the line where it changed, naming the first line.
    pub fn notices(&self, path: &Path) -> Vec<Problem> {
        self.mixed
            .iter()
            .map(|m| {
                let first = m.first.map_or(String::new(), |l| format!(" on line {l}"));
                Problem::new(
                    path,
                    m.at,
                    format!(
                        "field '{}' is {} here but {}{first}: kept as given, but HF \
                         datasets up to 4.4 will refuse the export's `data` column (4.8 and \
                         later, and pandas, read it)",
                        m.field,
                        m.now.words(),
                        m.was.words()
                    ),
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn seen(rows: &[Value]) -> Vec<String> {
        let mut t = FieldTypes::default();
        for (i, r) in rows.iter().enumerate() {
            t.observe(Some(i as u64 + 1), r.as_object().unwrap());
        }
        t.notices(Path::new("items.jsonl"))
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn a_field_changing_type_is_told_once_at_the_line_it_changed() {
        let n = seen(&[
            json!({"id": 1, "text": "a"}),
            json!({"id": 2, "text": "b"}),
            json!({"id": "x3", "text": "c"}),
            json!({"id": "x4", "text": null}),
            json!({"id": true}),
        ]);
        assert_eq!(n.len(), 1, "{n:?}");
        assert!(
            n[0].starts_with("items.jsonl:3: field 'id' is a string here but a number on line 1"),
            "{}",
            n[0]
        );
    }

    #[test]
    fn nulls_missing_fields_and_whole_numbers_beside_decimals_are_fine() {
        let n = seen(&[
            json!({"score": 1, "meta": {"src": "web"}, "tags": ["a"]}),
            json!({"score": 0.5, "meta": {"src": null, "n": 2}, "tags": []}),
            json!({"score": null, "tags": null}),
            json!({"other": "new field"}),
        ]);
        assert!(n.is_empty(), "{n:?}");
    }

    #[test]
    fn nested_fields_and_list_items_are_followed() {
        let n = seen(&[
            json!({"meta": {"src": "web"}, "tags": ["a", "b"]}),
            json!({"meta": {"src": 7}, "tags": [1]}),
        ]);
        assert_eq!(n.len(), 2, "{n:?}");
        assert!(n[0].contains("field 'meta.src' is a number here but a string on line 1"));
        assert!(n[1].contains("field 'tags[]' is a number here but a string on line 1"));
    }

    #[test]
    fn ever_new_keys_stop_being_kept_at_the_cap() {
        let mut t = FieldTypes::default();
        for i in 0..(MAX_PATHS + 100) {
            let mut m = Map::new();
            m.insert(format!("k{i}"), json!(i));
            t.observe(None, &m);
        }
        assert_eq!(t.seen.len(), MAX_PATHS);
    }
}
