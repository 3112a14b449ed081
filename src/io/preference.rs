//! Preference pairs for reward models and DPO: a JSONL row per (chosen, rejected) pair with
//! `prompt`, `chosen` and `rejected` as strings — the "preference" type that TRL's trainers
//! and HF `datasets` read as they are — plus the item's `id`, the `annotator` and which
//! fields were chosen and rejected (for position-bias checks). Where the record holds chat
//! messages, the three are conversations (TRL's conversational form): lists of
//! `{role, content}`, a plain prompt as the user's turn, a plain response the assistant's.

use super::IoError;
use crate::core::ExportRow;
use crate::core::config::{Control, ControlKind};
use crate::core::conversation::{as_messages, is_conversation};
use crate::core::item::value_text;
use serde_json::Value;
use std::io::Write;
use std::path::Path;

/// The (better, worse) response fields an answer to a compare control gives: one pair for
/// a pick between two, every (higher, lower) pair of a ranking of three or more; none for a
/// tie, for no answer, or for names the control does not list. A partial ranking gives the
/// pairs among the responses ranked: nothing is guessed about the others.
pub fn pairs(control: &Control, answer: Option<&Value>) -> Vec<(String, String)> {
    let fields = &control.fields;
    if control.kind != ControlKind::Compare {
        return Vec::new();
    }
    match (fields.len(), answer) {
        (2, Some(Value::String(pick))) => {
            let Some(i) = fields.iter().position(|f| f == pick) else {
                return Vec::new();
            };
            vec![(fields[i].clone(), fields[1 - i].clone())]
        }
        (n, Some(Value::Array(ranked))) if n >= 3 => {
            let mut order: Vec<&String> = Vec::new();
            for r in ranked.iter().filter_map(Value::as_str) {
                if let Some(f) = fields.iter().find(|f| *f == r)
                    && !order.contains(&f)
                {
                    order.push(f);
                }
            }
            let mut v = Vec::new();
            for (i, better) in order.iter().enumerate() {
                for worse in &order[i + 1..] {
                    v.push(((*better).clone(), (*worse).clone()));
                }
            }
            v
        }
        _ => Vec::new(),
    }
}

/// Writes the pairs of each exported answer and counts what it wrote and left out.
pub struct PreferenceWriter<'a> {
    control: &'a Control,
    prompt: &'a str,
    /// Items with at least one pair (their rows come one after the other).
    pub items: u64,
    pub pairs: u64,
    /// Answers that gave none: a tie, or no preference given.
    pub left_out: u64,
    last_item: Option<i64>,
}

impl<'a> PreferenceWriter<'a> {
    /// Pairs from `control`'s answers; the prompt is the item's field named `prompt`.
    pub fn new(control: &'a Control, prompt: &'a str) -> Self {
        PreferenceWriter {
            control,
            prompt,
            items: 0,
            pairs: 0,
            left_out: 0,
            last_item: None,
        }
    }

    pub fn row(&mut self, w: &mut impl Write, out: &Path, row: &ExportRow) -> Result<(), IoError> {
        let found = pairs(self.control, row.annotation.fields.get(&self.control.name));
        if found.is_empty() {
            self.left_out += 1;
            return Ok(());
        }
        if self.last_item != Some(row.item.id) {
            self.last_item = Some(row.item.id);
            self.items += 1;
        }
        let data = &row.item.data;
        let chat = std::iter::once(self.prompt)
            .chain(self.control.fields.iter().map(String::as_str))
            .any(|f| data.get(f).is_some_and(is_conversation));
        let side = |field: &str, role: &str| {
            if chat {
                Side::Chat(as_messages(data.get(field), role))
            } else {
                Side::Text(data.get(field).map(value_text).unwrap_or_default())
            }
        };
        for (chosen, rejected) in found {
            let line = PairRow {
                prompt: side(self.prompt, "user"),
                chosen: side(&chosen, "assistant"),
                rejected: side(&rejected, "assistant"),
                id: &row.item.uid,
                annotator: row.annotator.as_deref().unwrap_or(""),
                chosen_field: &chosen,
                rejected_field: &rejected,
            };
            serde_json::to_writer(&mut *w, &line).map_err(|e| IoError::io(out, e.into()))?;
            w.write_all(b"\n").map_err(|e| IoError::io(out, e))?;
            self.pairs += 1;
        }
        Ok(())
    }
}

/// One line, its keys in this order (the three a trainer reads first).
#[derive(serde::Serialize)]
struct PairRow<'a> {
    prompt: Side,
    chosen: Side,
    rejected: Side,
    id: &'a str,
    annotator: &'a str,
    chosen_field: &'a str,
    rejected_field: &'a str,
}

/// A prompt or a response: a text, or the turns of a conversation.
#[derive(serde::Serialize)]
#[serde(untagged)]
enum Side {
    Text(String),
    Chat(Vec<crate::core::conversation::Turn>),
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn compare(fields: &[&str]) -> Control {
        let mut c = Control::new("preference", ControlKind::Compare);
        c.fields = fields.iter().map(|f| f.to_string()).collect();
        c
    }

    fn p(a: &str, b: &str) -> (String, String) {
        (a.into(), b.into())
    }

    #[test]
    fn a_pick_of_two_is_one_pair_and_a_tie_none() {
        let c = compare(&["a", "b"]);
        assert_eq!(pairs(&c, Some(&json!("b"))), vec![p("b", "a")]);
        assert_eq!(pairs(&c, Some(&json!("a"))), vec![p("a", "b")]);
        assert!(pairs(&c, Some(&json!("tie"))).is_empty());
        assert!(pairs(&c, None).is_empty());
        assert!(pairs(&c, Some(&json!(["a", "b"]))).is_empty());
    }

    #[test]
    fn a_ranking_gives_every_higher_lower_pair_of_what_was_ranked() {
        let c = compare(&["a", "b", "c", "d"]);
        assert_eq!(
            pairs(&c, Some(&json!(["c", "a", "d", "b"]))),
            vec![
                p("c", "a"),
                p("c", "d"),
                p("c", "b"),
                p("a", "d"),
                p("a", "b"),
                p("d", "b")
            ]
        );
        // Partial, repeated and unknown names: only the ranked, listed ones, once.
        assert_eq!(
            pairs(&c, Some(&json!(["b", "x", "b", "a"]))),
            vec![p("b", "a")]
        );
        assert!(pairs(&c, Some(&json!(["a"]))).is_empty());
    }
}
