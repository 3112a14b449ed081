//! Supervised fine-tuning data from corrected answers: a JSONL row per answer with `prompt`
//! and `completion` — TRL's prompt-completion type, which its SFT trainer and HF `datasets`
//! read as they are — plus the item's `id`, the `annotator` and whether the answer was
//! `edited` from the model's. Where the record holds chat messages, prompt and completion
//! are conversations (TRL's conversational form): the history, then the assistant's turn.

use super::IoError;
use crate::core::ExportRow;
use crate::core::conversation::{Turn, as_messages, is_conversation, kept_as_it_came};
use crate::core::item::value_text;
use serde_json::Value;
use std::io::Write;
use std::path::Path;

/// Writes a row for each exported answer with a text, and counts what it left out.
pub struct SftWriter<'a> {
    /// The text question whose answer is the completion.
    control: &'a str,
    /// The record field the prompt is in.
    prompt: &'a str,
    /// The field the answer started from (the model's), if any: `edited` compares with it.
    original: Option<&'a str>,
    pub rows: u64,
    /// Answers with no text (a blank correction, or the question not answered).
    pub left_out: u64,
}

impl<'a> SftWriter<'a> {
    pub fn new(control: &'a str, prompt: &'a str, original: Option<&'a str>) -> Self {
        SftWriter {
            control,
            prompt,
            original,
            rows: 0,
            left_out: 0,
        }
    }

    pub fn row(&mut self, w: &mut impl Write, out: &Path, row: &ExportRow) -> Result<(), IoError> {
        let completion = match row.annotation.fields.get(self.control) {
            Some(Value::String(t)) if !t.trim().is_empty() => t.clone(),
            _ => {
                self.left_out += 1;
                return Ok(());
            }
        };
        let data = &row.item.data;
        let prompt = data.get(self.prompt);
        let original = self.original.and_then(|f| data.get(f));
        let edited = original.is_none_or(|o| !kept_as_it_came(&completion, o));
        let chat = prompt.is_some_and(is_conversation) || original.is_some_and(is_conversation);
        let line = if chat {
            SftRow {
                prompt: Side::Chat(as_messages(prompt, "user")),
                completion: Side::Chat(vec![Turn::new("assistant", completion)]),
                id: &row.item.uid,
                annotator: row.annotator.as_deref().unwrap_or(""),
                edited,
            }
        } else {
            SftRow {
                prompt: Side::Text(prompt.map(value_text).unwrap_or_default()),
                completion: Side::Text(completion),
                id: &row.item.uid,
                annotator: row.annotator.as_deref().unwrap_or(""),
                edited,
            }
        };
        serde_json::to_writer(&mut *w, &line).map_err(|e| IoError::io(out, e.into()))?;
        w.write_all(b"\n").map_err(|e| IoError::io(out, e))?;
        self.rows += 1;
        Ok(())
    }
}

/// One line, its keys in this order (the two a trainer reads first).
#[derive(serde::Serialize)]
struct SftRow<'a> {
    prompt: Side,
    completion: Side,
    id: &'a str,
    annotator: &'a str,
    edited: bool,
}

/// A prompt or a completion: a text, or the turns of a conversation.
#[derive(serde::Serialize)]
#[serde(untagged)]
enum Side {
    Text(String),
    Chat(Vec<Turn>),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{Annotation, Item, MediaKind, Status};
    use serde_json::json;

    fn row(data: Value, answer: Option<&str>) -> ExportRow {
        let mut annotation = Annotation::default();
        if let Some(a) = answer {
            annotation.fields.insert("corrected".into(), json!(a));
        }
        ExportRow {
            item: Item {
                id: 1,
                uid: "u1".into(),
                kind: MediaKind::Text,
                root: None,
                media: None,
                data: data.as_object().cloned().unwrap_or_default(),
                width: None,
                height: None,
                duration_ms: None,
                status: Status::Submitted,
                flagged: false,
            },
            annotator: Some("ana".into()),
            annotation,
            timing: Default::default(),
            notes: Vec::new(),
        }
    }

    fn write(rows: &[ExportRow]) -> (Vec<Value>, u64) {
        let mut w = SftWriter::new("corrected", "prompt", Some("response"));
        let mut out = Vec::new();
        for r in rows {
            w.row(&mut out, Path::new("out.jsonl"), r).unwrap();
        }
        let lines = String::from_utf8(out).unwrap();
        let rows = lines
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        (rows, w.left_out)
    }

    #[test]
    fn a_corrected_answer_is_the_completion_and_says_whether_it_was_edited() {
        let data = json!({"prompt": "17 × 3?", "response": "41."});
        let (rows, left_out) = write(&[
            row(data.clone(), Some("51.")),
            row(data.clone(), Some("41.")),
            row(data.clone(), Some("  ")),
            row(data, None),
        ]);
        assert_eq!(left_out, 2, "no text: nothing to learn from");
        assert_eq!(
            rows[0],
            json!({"prompt": "17 × 3?", "completion": "51.", "id": "u1", "annotator": "ana",
                   "edited": true})
        );
        assert_eq!(rows[1]["edited"], false, "accepted as it came");
    }

    #[test]
    fn a_chat_gives_the_conversational_form() {
        let data = json!({
            "prompt": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"},
                       {"role": "user", "content": "17 × 3?"}],
            "response": [{"role": "assistant", "content": "41."}],
        });
        let (rows, _) = write(&[row(data, Some("41."))]);
        assert_eq!(rows[0]["prompt"].as_array().unwrap().len(), 3);
        assert_eq!(
            rows[0]["completion"],
            json!([{"role": "assistant", "content": "41."}])
        );
        assert_eq!(
            rows[0]["edited"], false,
            "compared with the model's last turn"
        );
    }
}
