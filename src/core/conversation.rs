//! Conversations in a record: a field holding chat messages, as LLM data comes — OpenAI and
//! HF chat templates' `[{"role": "user", "content": "…"}, …]` (a content of text parts
//! too), ShareGPT's `[{"from": "human", "value": "…"}, …]`, TRL's conversational
//! preference pairs. Read into turns, to show as a dialogue and write back in one form.

use serde::Serialize;
use serde_json::{Map, Value};

/// One message: who speaks (`user`, `assistant`, `system`, `tool`, or the record's own
/// word) and what they say, as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Turn {
    pub role: String,
    pub content: String,
}

impl Turn {
    pub fn new(role: &str, content: impl Into<String>) -> Self {
        Turn {
            role: role.to_string(),
            content: content.into(),
        }
    }
}

/// The turns of a conversation field; `None` for anything else (a string, a list that is
/// not all messages). A string holding such a list as JSON (a CSV cell) counts too.
pub fn turns(v: &Value) -> Option<Vec<Turn>> {
    match v {
        Value::Array(messages) if !messages.is_empty() => {
            messages.iter().map(|m| turn(m.as_object()?)).collect()
        }
        Value::String(s) if s.trim_start().starts_with("[{") => {
            turns(&serde_json::from_str(s).ok()?)
        }
        _ => None,
    }
}

/// Whether a field holds a conversation.
pub fn is_conversation(v: &Value) -> bool {
    turns(v).is_some()
}

fn turn(m: &Map<String, Value>) -> Option<Turn> {
    let role = m.get("role").or_else(|| m.get("from"))?.as_str()?;
    let content = m
        .get("content")
        .or_else(|| m.get("value"))
        .or_else(|| m.get("text"));
    let mut text = match content {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(parts)) => parts.iter().map(part_text).collect::<Vec<_>>().join("\n"),
        Some(other) => other.to_string(),
    };
    // A model's call of a tool is what it said, even with no words around it.
    if let Some(Value::Array(calls)) = m.get("tool_calls") {
        for call in calls {
            let f = call.get("function").unwrap_or(call);
            let name = f.get("name").and_then(Value::as_str).unwrap_or("tool");
            let args = match f.get("arguments") {
                Some(Value::String(a)) => a.clone(),
                Some(a) => a.to_string(),
                None => String::new(),
            };
            if !text.is_empty() {
                text.push('\n');
            }
            text += &format!("→ {name}({args})");
        }
    }
    Some(Turn::new(&role_word(role), text))
}

/// A part of a message's content: its text, or what it is (an image the record points at).
fn part_text(p: &Value) -> String {
    match p {
        Value::String(s) => s.clone(),
        Value::Object(o) => match o.get("text").and_then(Value::as_str) {
            Some(t) => t.to_string(),
            None => {
                let kind = o.get("type").and_then(Value::as_str).unwrap_or("part");
                format!("[{kind}]")
            }
        },
        other => other.to_string(),
    }
}

/// The one word for each speaker whatever the format called it: ShareGPT's `human` and
/// `gpt` are `user` and `assistant`.
fn role_word(role: &str) -> String {
    let r = role.trim().to_lowercase();
    match r.as_str() {
        "human" | "user" | "prompter" => "user".into(),
        "gpt" | "assistant" | "model" | "bot" | "chatgpt" => "assistant".into(),
        "function" | "ipython" | "tool" | "observation" => "tool".into(),
        _ => r,
    }
}

/// The text a correction of a field starts from: a conversation's last turn (the answer
/// under review), any other value as it is shown.
pub fn text_to_correct(v: &Value) -> String {
    match turns(v).and_then(|mut t| t.pop()) {
        Some(last) => last.content,
        None => super::item::value_text(v),
    }
}

/// Whether an answer is the text it started from as it came: the same words, spaces and
/// line breaks aside (a model's answer accepted, not edited).
pub fn kept_as_it_came(answer: &str, original: &Value) -> bool {
    answer
        .split_whitespace()
        .eq(text_to_correct(original).split_whitespace())
}

/// A field as a conversation to write in a conversational dataset (TRL's preference
/// pairs): its turns, or a plain text as one turn of `role`.
pub fn as_messages(v: Option<&Value>, role: &str) -> Vec<Turn> {
    match v.and_then(turns) {
        Some(t) => t,
        None => {
            let text = v.map(super::item::value_text).unwrap_or_default();
            vec![Turn::new(role, text)]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn chat_template_messages_are_turns() {
        let v = json!([
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": [{"type": "text", "text": "What is this?"},
                                         {"type": "image_url", "image_url": {"url": "x.png"}}]},
            {"role": "assistant", "content": null,
             "tool_calls": [{"type": "function",
                             "function": {"name": "lookup", "arguments": "{\"q\": \"x\"}"}}]},
            {"role": "tool", "content": "a cat"},
            {"role": "Assistant", "content": "A cat."}
        ]);
        let t = turns(&v).unwrap();
        assert_eq!(t[0], Turn::new("system", "Be brief."));
        assert_eq!(t[1], Turn::new("user", "What is this?\n[image_url]"));
        assert_eq!(t[2], Turn::new("assistant", "→ lookup({\"q\": \"x\"})"));
        assert_eq!(t[4], Turn::new("assistant", "A cat."));
    }

    #[test]
    fn sharegpt_and_json_text_are_read_too() {
        let v = json!([{"from": "human", "value": "Hi"}, {"from": "gpt", "value": "Hello"}]);
        let t = turns(&v).unwrap();
        assert_eq!(
            (t[0].role.as_str(), t[1].role.as_str()),
            ("user", "assistant")
        );
        let cell = Value::String(v.to_string());
        assert_eq!(turns(&cell), Some(t));
    }

    #[test]
    fn other_values_are_no_conversation() {
        for v in [
            json!("plain text"),
            json!([]),
            json!(["a", "b"]),
            json!([{"role": "user", "content": "x"}, {"text": "no role"}]),
            json!({"role": "user", "content": "x"}),
            json!("[{not json"),
        ] {
            assert!(!is_conversation(&v), "{v}");
        }
    }

    #[test]
    fn a_correction_of_a_conversation_starts_from_its_last_turn() {
        let chat =
            json!([{"role": "user", "content": "Q"}, {"role": "assistant", "content": "A."}]);
        assert_eq!(text_to_correct(&chat), "A.");
        assert_eq!(text_to_correct(&json!("plain")), "plain");
        assert_eq!(text_to_correct(&json!(3)), "3");
        assert!(kept_as_it_came("A. ", &chat));
        assert!(!kept_as_it_came("B.", &chat));
    }

    #[test]
    fn a_plain_text_becomes_one_turn_of_its_role() {
        assert_eq!(
            as_messages(Some(&json!("Why?")), "user"),
            [Turn::new("user", "Why?")]
        );
        let chat = json!([{"role": "assistant", "content": "Because."}]);
        assert_eq!(
            as_messages(Some(&chat), "user"),
            [Turn::new("assistant", "Because.")]
        );
    }
}
