//! Text spans: where a click or a drag over a text lands in words, and how a new span takes
//! its place among the others.

use super::annotation::Span;
use super::config::Label;
use serde_json::{Map, Value};

/// A character that belongs to a word: a span never starts or ends inside one, and never
/// takes the comma or the full stop beside it.
pub fn in_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The words a click or a drag from character `a` to `b` (either order) touches in `text`,
/// as a character range: a drag that starts or ends inside a word takes the whole word (no
/// pixel-precise aiming), whitespace and punctuation at its ends are left out. `None` when it
/// touches no word at all (a click on a comma).
pub fn snap_to_words(text: &[char], a: usize, b: usize) -> Option<(usize, usize)> {
    let n = text.len();
    let (mut start, mut end) = (a.min(b).min(n), a.max(b).min(n));
    // Out to the edges of the words touched…
    while start > 0 && start < n && in_word(text[start]) && in_word(text[start - 1]) {
        start -= 1;
    }
    if start == end {
        // A click: the word it is in, or the one it is at the end of.
        if end < n && in_word(text[end]) {
            end += 1;
        } else if start > 0 && in_word(text[start - 1]) {
            start -= 1;
            while start > 0 && in_word(text[start - 1]) {
                start -= 1;
            }
        }
    }
    while end < n && end > 0 && in_word(text[end - 1]) && in_word(text[end]) {
        end += 1;
    }
    // …then in past what is not a word.
    while start < end && !in_word(text[start]) {
        start += 1;
    }
    while end > start && !in_word(text[end - 1]) {
        end -= 1;
    }
    (start < end).then_some((start, end))
}

/// The characters a drag from `a` to `b` (either order, both included) went over, blanks at
/// the ends left out: what Shift+drag marks, for the stop of "Inc." or a part of a word.
pub fn exact(text: &[char], a: usize, b: usize) -> Option<(usize, usize)> {
    let n = text.len();
    let (mut start, mut end) = (a.min(b).min(n), (a.max(b) + 1).min(n));
    while start < end && text[start].is_whitespace() {
        start += 1;
    }
    while end > start && text[end - 1].is_whitespace() {
        end -= 1;
    }
    (start < end).then_some((start, end))
}

/// Puts `new` among `spans`: any span of the same field it overlaps goes (marking over a
/// span corrects it), the rest stay, all in reading order (field, then start). Returns
/// where the new one is.
pub fn place(spans: &mut Vec<Span>, new: Span) -> usize {
    spans.retain(|s| s.field != new.field || s.end <= new.start || new.end <= s.start);
    let at = spans
        .iter()
        .position(|s| (s.field.as_str(), s.start) > (new.field.as_str(), new.start))
        .unwrap_or(spans.len());
    spans.insert(at, new);
    at
}

/// The span of `spans` that covers character `at` of `field`.
pub fn at(spans: &[Span], field: &str, at: usize) -> Option<usize> {
    spans
        .iter()
        .position(|s| s.field == field && s.start <= at && at < s.end)
}

/// The spans a model marked, from the record's field `value`: a list (or that list as JSON
/// text, as a CSV cell holds it) of objects with `start` and `end` in characters and the
/// label in `label`, `entity_group` or `entity` (HF's token-classification pipeline output
/// as it is; `B-`/`I-` before it and case aside), on `field` or else `default_field`. A span
/// whose label is not one of the task's, whose offsets are not in its field, or whose `word`
/// (or `text`) is not what they cover there (case and spaces aside: an uncased model's), is
/// left out: better no suggestion than one on the wrong words.
pub fn suggested(
    value: &Value,
    labels: &[Label],
    default_field: Option<&str>,
    data: &Map<String, Value>,
) -> Vec<Span> {
    let mut out = Vec::new();
    for span in suggested_each(value, labels, default_field, data)
        .into_iter()
        .flatten()
    {
        place(&mut out, span);
    }
    out
}

/// A model's span scored under this is marked doubted: a token classifier's entities it
/// finds plainly score 0.9 and over, and the ones it mixes up mostly well under.
pub const DOUBT_BELOW: f64 = 0.7;

/// The suggested spans the model gave a low `score` (or `confidence`, under
/// [`DOUBT_BELOW`]), each with it in words.
pub fn doubted(
    value: &Value,
    labels: &[Label],
    default_field: Option<&str>,
    data: &Map<String, Value>,
) -> Vec<(Span, String)> {
    let each = suggested_each(value, labels, default_field, data);
    (each.into_iter().zip(listed(value).iter()))
        .filter_map(|(span, v)| {
            let o = v.as_object()?;
            let score = o.get("score").or(o.get("confidence"))?.as_f64()?;
            (score < DOUBT_BELOW).then(|| (span, format!("score {score:.2}")))
        })
        .filter_map(|(span, why)| Some((span?, why)))
        .collect()
}

/// For each of `spans`, which of `doubted` it is, while it is as the model gave it (the same
/// stretch, field and label: relabelled or moved, someone decided).
pub fn doubt_marks(spans: &[Span], doubted: &[(Span, String)]) -> Vec<Option<usize>> {
    (spans.iter())
        .map(|s| {
            (doubted.iter()).position(|(d, _)| {
                (d.field == s.field && d.start == s.start && d.end == s.end) && d.label == s.label
            })
        })
        .collect()
}

/// A record's list as a model gives it: a JSON list, or that list as JSON text (a CSV cell
/// holds it so); anything else, none.
pub fn listed(value: &Value) -> std::borrow::Cow<'_, [Value]> {
    match value {
        Value::Array(a) => std::borrow::Cow::Borrowed(a),
        Value::String(s) => match serde_json::from_str::<Value>(s) {
            Ok(Value::Array(a)) => std::borrow::Cow::Owned(a),
            _ => std::borrow::Cow::Borrowed(&[]),
        },
        _ => std::borrow::Cow::Borrowed(&[]),
    }
}

/// The model's spans one by one, as [`suggested`] reads them, each in the place the model
/// listed it (`None` for one left out): what its relations point at.
pub fn suggested_each(
    value: &Value,
    labels: &[Label],
    default_field: Option<&str>,
    data: &Map<String, Value>,
) -> Vec<Option<Span>> {
    let list = listed(value);
    let label_of = |o: &Map<String, Value>| -> Option<String> {
        let raw = ["label", "entity_group", "entity"]
            .iter()
            .find_map(|k| o.get(*k)?.as_str())?
            .trim();
        let bare = raw
            .strip_prefix("B-")
            .or_else(|| raw.strip_prefix("I-"))
            .unwrap_or(raw);
        let found = labels.iter().find(|l| l.name == bare).or_else(|| {
            labels
                .iter()
                .find(|l| l.name.to_lowercase() == bare.to_lowercase())
        })?;
        Some(found.name.clone())
    };
    let one = |o: &Map<String, Value>| -> Option<Span> {
        let (Some(start), Some(end)) = (
            // doccano writes `start_offset` / `end_offset`.
            (o.get("start").or(o.get("start_offset"))).and_then(Value::as_u64),
            (o.get("end").or(o.get("end_offset"))).and_then(Value::as_u64),
        ) else {
            return None;
        };
        let field = o.get("field").and_then(Value::as_str).or(default_field)?;
        let text = data.get(field).map(super::item::value_text)?;
        let (start, end) = (start as usize, end as usize);
        if start >= end || end > text.chars().count() {
            return None;
        }
        let label = label_of(o)?;
        let there: String = text.chars().skip(start).take(end - start).collect();
        let squash = |s: &str| -> String {
            s.chars()
                .filter(|c| !c.is_whitespace())
                .flat_map(char::to_lowercase)
                .collect()
        };
        let said = ["word", "text"].iter().find_map(|k| o.get(*k)?.as_str());
        if said.is_some_and(|w| squash(w) != squash(&there)) {
            return None;
        }
        // A model's assertion status: names (or flags) under `attributes`, or a flag of its
        // own (`"negated": true`, as NegEx-style taggers write it). The task keeps its own.
        let mut attributes = (o.get("attributes").cloned())
            .and_then(|v| super::annotation::attribute_names_of(v).ok())
            .unwrap_or_default();
        for (k, v) in o {
            if *v == Value::Bool(true) && !attributes.contains(k) {
                attributes.push(k.clone());
            }
        }
        Some(Span {
            label,
            field: field.to_string(),
            start,
            end,
            text: there,
            attributes,
        })
    };
    list.iter().map(|v| v.as_object().and_then(one)).collect()
}

/// The words and the punctuation marks of `text`, as character ranges: a run of word
/// characters is a token, and so is every other character but whitespace ("Köln," is
/// "Köln" and ","), as token-classification datasets split text.
pub fn tokens(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut word: Option<usize> = None;
    for (i, c) in text.chars().enumerate() {
        if in_word(c) {
            word.get_or_insert(i);
            continue;
        }
        if let Some(start) = word.take() {
            out.push((start, i));
        }
        if !c.is_whitespace() {
            out.push((i, i + 1));
        }
    }
    if let Some(start) = word {
        out.push((start, text.chars().count()));
    }
    out
}

/// The words of `text` (runs of word characters), as character ranges: where the keyboard's
/// word cursor steps.
pub fn words(text: &str) -> Vec<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    (tokens(text).into_iter())
        .filter(|&(a, _)| chars.get(a).copied().is_some_and(in_word))
        .collect()
}

/// Where a word cursor over `words` (one field's) goes from `a..b`: the word after it
/// (`forward`) or before it, alone; `None` past either end.
pub fn step(
    words: &[(usize, usize)],
    (a, b): (usize, usize),
    forward: bool,
) -> Option<(usize, usize)> {
    if forward {
        words.iter().find(|w| w.0 >= b).copied()
    } else {
        words.iter().rev().find(|w| w.1 <= a).copied()
    }
}

/// The cursor `a..b` stretched over the next word (`longer`) or back off its last one; it
/// keeps at least its first word, and stays as it is at the end of the field.
pub fn stretch(words: &[(usize, usize)], (a, b): (usize, usize), longer: bool) -> (usize, usize) {
    if longer {
        return words.iter().find(|w| w.0 >= b).map_or((a, b), |w| (a, w.1));
    }
    match words.iter().rev().find(|w| w.1 < b && w.0 >= a) {
        Some(w) => (a, w.1),
        None => (a, b),
    }
}

/// The BIO tag of each token of `text` given the spans of its field: `B-label` on the first
/// token a span covers, `I-label` on the next ones, `O` outside every span. A token is in a
/// span when it starts inside it.
pub fn bio_tags(tokens: &[(usize, usize)], spans: &[&Span]) -> Vec<String> {
    let mut last: Option<usize> = None;
    tokens
        .iter()
        .map(|&(start, _)| {
            let hit = spans.iter().position(|s| s.start <= start && start < s.end);
            let tag = match hit {
                Some(i) if last == Some(i) => format!("I-{}", spans[i].label),
                Some(i) => format!("B-{}", spans[i].label),
                None => "O".to_string(),
            };
            last = hit;
            tag
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_cursor_steps_and_stretches_over_words_only() {
        // "Dr. Zoë Ng, of Köln." — words at 0..2, 4..7, 8..10, 12..14, 15..19.
        let w = words("Dr. Zoë Ng, of Köln.");
        assert_eq!(w, [(0, 2), (4, 7), (8, 10), (12, 14), (15, 19)]);
        assert_eq!(step(&w, (0, 2), true), Some((4, 7)));
        assert_eq!(
            step(&w, (4, 10), true),
            Some((12, 14)),
            "past the whole stretch"
        );
        assert_eq!(step(&w, (4, 7), false), Some((0, 2)));
        assert_eq!(step(&w, (0, 2), false), None);
        assert_eq!(step(&w, (15, 19), true), None);
        assert_eq!(stretch(&w, (4, 7), true), (4, 10));
        assert_eq!(stretch(&w, (4, 10), true), (4, 14));
        assert_eq!(stretch(&w, (4, 14), false), (4, 10));
        assert_eq!(stretch(&w, (4, 7), false), (4, 7), "its first word stays");
        assert_eq!(stretch(&w, (15, 19), true), (15, 19));
    }

    fn snap(text: &str, a: usize, b: usize) -> Option<&str> {
        let chars: Vec<char> = text.chars().collect();
        let (s, e) = snap_to_words(&chars, a, b)?;
        let start = text.char_indices().nth(s).map_or(text.len(), |(i, _)| i);
        let end = text.char_indices().nth(e).map_or(text.len(), |(i, _)| i);
        Some(&text[start..end])
    }

    #[test]
    fn a_drag_takes_whole_words_and_leaves_punctuation_out() {
        let t = "Ada Lovelace met Babbage in London, 1833.";
        // From inside "Lovelace" to inside "Babbage": both whole.
        assert_eq!(snap(t, 6, 19), Some("Lovelace met Babbage"));
        // Backwards is the same.
        assert_eq!(snap(t, 19, 6), Some("Lovelace met Babbage"));
        // "London, " dragged with its comma and the space after.
        assert_eq!(snap(t, 28, 36), Some("London"));
        // Starting inside "in": it comes too.
        assert_eq!(snap(t, 26, 36), Some("in London"));
        assert_eq!(snap(t, 36, 41), Some("1833"));
    }

    #[test]
    fn a_click_takes_the_word_it_is_in_or_ends() {
        let t = "Ada Lovelace, London";
        assert_eq!(snap(t, 5, 5), Some("Lovelace"));
        assert_eq!(snap(t, 4, 4), Some("Lovelace"));
        // Right after the word (the cursor lands there on its last letter's right half).
        assert_eq!(snap(t, 12, 12), Some("Lovelace"));
        assert_eq!(snap(t, 0, 0), Some("Ada"));
        assert_eq!(snap(t, 20, 20), Some("London"));
        assert_eq!(snap(",  ", 1, 1), None);
        assert_eq!(snap("", 0, 0), None);
        // Far past the end is the end.
        assert_eq!(snap(t, 99, 99), Some("London"));
        // Letters of any script.
        assert_eq!(snap("Zoë in Köln", 9, 9), Some("Köln"));
    }

    #[test]
    fn shift_marks_the_characters_dragged_over() {
        let text: Vec<char> = "Acme Inc. said".chars().collect();
        assert_eq!(exact(&text, 0, 8), Some((0, 9)), "Acme Inc.");
        assert_eq!(exact(&text, 8, 0), Some((0, 9)));
        assert_eq!(exact(&text, 4, 4), None, "a blank");
        assert_eq!(exact(&text, 2, 99), Some((2, 14)));
    }

    fn span(field: &str, start: usize, end: usize) -> Span {
        Span {
            label: "X".into(),
            field: field.into(),
            start,
            end,
            ..Default::default()
        }
    }

    #[test]
    fn a_models_spans_are_read_as_hf_pipelines_write_them() {
        let labels = [Label::named("PER"), Label::named("place")];
        let data = serde_json::json!({"text": "Zoë met Ada in Köln.", "title": "Köln"});
        let data = data.as_object().unwrap();
        let model = serde_json::json!([
            {"entity_group": "PER", "score": 0.99, "word": "Zoë", "start": 0, "end": 3},
            {"entity": "I-per", "start": 8, "end": 11},
            {"label": "Place", "start": 15, "end": 19},
            {"label": "place", "field": "title", "start": 0, "end": 4},
            {"label": "ORG", "start": 0, "end": 3},
            {"label": "PER", "start": 15, "end": 99},
            {"label": "PER", "start": 3, "end": 3},
            // An uncased model's word is still the word; a word that is not there is no span.
            {"label": "PER", "word": "zoë", "start": 0, "end": 3},
            {"label": "PER", "word": "Ada", "start": 4, "end": 7},
            "not a span"
        ]);
        let got = suggested(&model, &labels, Some("text"), data);
        let seen: Vec<(&str, &str, &str)> = got
            .iter()
            .map(|s| (s.field.as_str(), s.label.as_str(), s.text.as_str()))
            .collect();
        assert_eq!(
            seen,
            [
                ("text", "PER", "Zoë"),
                ("text", "PER", "Ada"),
                ("text", "place", "Köln"),
                ("title", "place", "Köln")
            ]
        );
        // As a CSV cell holds it: the same list as JSON text.
        let cell = Value::String(model.to_string());
        assert_eq!(suggested(&cell, &labels, Some("text"), data), got);
        // No field named and none to fall back on: nothing.
        assert_eq!(suggested(&model, &labels, None, data).len(), 1);
        // The model's doubts: a low score, said; a span it left out, not.
        let model = serde_json::json!([
            {"entity_group": "PER", "score": 0.99, "start": 0, "end": 3},
            {"entity_group": "PER", "score": 0.41, "start": 8, "end": 11},
            {"entity_group": "ORG", "score": 0.2, "start": 15, "end": 19},
            {"label": "place", "confidence": 0.3, "start": 15, "end": 19}
        ]);
        let doubts = doubted(&model, &labels, Some("text"), data);
        let said: Vec<(&str, &str)> = (doubts.iter())
            .map(|(s, why)| (s.text.as_str(), why.as_str()))
            .collect();
        assert_eq!(said, [("Ada", "score 0.41"), ("Köln", "score 0.30")]);
        let mut spans = suggested(&model, &labels, Some("text"), data);
        assert_eq!(doubt_marks(&spans, &doubts), [None, Some(0), Some(1)]);
        spans[1].label = "place".into();
        assert_eq!(doubt_marks(&spans, &doubts)[1], None, "relabelled: decided");
        assert!(suggested(&Value::from(3), &labels, Some("text"), data).is_empty());
    }

    #[test]
    fn text_is_split_into_words_and_marks_and_tagged_bio() {
        let text = "Zoë Obi visited Köln, 2021.";
        let toks = tokens(text);
        let words: Vec<String> = toks
            .iter()
            .map(|&(a, b)| text.chars().skip(a).take(b - a).collect())
            .collect();
        assert_eq!(words, ["Zoë", "Obi", "visited", "Köln", ",", "2021", "."]);
        let per = Span {
            label: "PER".into(),
            field: "text".into(),
            start: 0,
            end: 7,
            text: String::new(),
            attributes: Vec::new(),
        };
        let loc = Span {
            label: "LOC".into(),
            start: 16,
            end: 20,
            ..per.clone()
        };
        let date = Span {
            label: "DATE".into(),
            start: 22,
            end: 26,
            ..per.clone()
        };
        assert_eq!(
            bio_tags(&toks, &[&per, &loc, &date]),
            ["B-PER", "I-PER", "O", "B-LOC", "O", "B-DATE", "O"]
        );
        // Two spans side by side: each begins anew.
        let first = Span {
            end: 3,
            ..per.clone()
        };
        let second = Span {
            start: 4,
            ..per.clone()
        };
        assert_eq!(bio_tags(&toks[..2], &[&first, &second]), ["B-PER", "B-PER"]);
        assert!(tokens("  ").is_empty());
    }

    #[test]
    fn a_new_span_replaces_those_it_overlaps_in_its_field_only() {
        let mut v = vec![
            span("text", 0, 3),
            span("text", 10, 15),
            span("title", 0, 4),
        ];
        let i = place(&mut v, span("text", 12, 20));
        assert_eq!(i, 1);
        assert_eq!(
            v,
            vec![
                span("text", 0, 3),
                span("text", 12, 20),
                span("title", 0, 4)
            ]
        );
        // Touching is not overlapping.
        assert_eq!(place(&mut v, span("text", 3, 12)), 1);
        assert_eq!(v.len(), 4);
        assert_eq!(at(&v, "text", 3), Some(1));
        assert_eq!(at(&v, "text", 20), None);
        assert_eq!(at(&v, "title", 2), Some(3));
    }
}
