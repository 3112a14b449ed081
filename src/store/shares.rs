//! What each annotator answers, question by question: "response_a 80%" on a comparison is
//! position bias, one person's "spam 40%" beside everyone's 10% a misread guideline; and
//! how often each kept a suggested answer.

use super::{Result, Store};
use crate::core::config::{Control, ControlKind, TaskConfig};

/// One question's answers, per annotator.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QuestionShares {
    pub question: String,
    /// Annotator → (answer, how many of their items got it), answers in a fixed order
    /// (numbers ascending, a comparison's responses in their order, else most given first).
    pub by_annotator: Vec<(String, Vec<(String, u64)>)>,
}

impl QuestionShares {
    /// "response_a: 50% · response_b: 25% · tie: 25%" for one annotator's counts.
    pub fn text(counts: &[(String, u64)]) -> String {
        let total: u64 = counts.iter().map(|c| c.1).sum();
        counts
            .iter()
            .map(|(v, n)| format!("{v}: {:.0}%", *n as f64 * 100.0 / total.max(1) as f64))
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

impl Store {
    /// The answers given to each one-answer question (a choice, a rating, the better of
    /// two), per annotator.
    pub fn answer_shares(&self, controls: &[Control]) -> Result<Vec<QuestionShares>> {
        let e = |e| self.err(e);
        let mut out = Vec::new();
        for c in controls.iter().filter(|c| {
            matches!(c.kind, ControlKind::Choice | ControlKind::Rating)
                || c.kind == ControlKind::Compare && c.fields.len() == 2
        }) {
            let mut stmt = self
                .conn
                .prepare_cached(
                    "SELECT annotator, CAST(json_extract(data, ?1) AS TEXT), COUNT(*)
                     FROM annotations
                     WHERE json_type(data, ?1) IN ('text', 'integer', 'real')
                     GROUP BY 1, 2 ORDER BY 1",
                )
                .map_err(e)?;
            // The name quoted, so a question called "my question" or "a.b" is one key.
            let path = format!("$.fields.\"{}\"", c.name.replace('"', "\\\""));
            let mut rows = stmt.query([&path]).map_err(e)?;
            let mut q = QuestionShares {
                question: c.name.clone(),
                by_annotator: Vec::new(),
            };
            while let Some(row) = rows.next().map_err(e)? {
                let who: String = row.get(0).map_err(e)?;
                let value: String = row.get(1).map_err(e)?;
                let n = row.get::<_, i64>(2).map_err(e)?.max(0) as u64;
                match q.by_annotator.last_mut() {
                    Some((name, counts)) if *name == who => counts.push((value, n)),
                    _ => q.by_annotator.push((who, vec![(value, n)])),
                }
            }
            for (_, counts) in &mut q.by_annotator {
                order(c, counts);
            }
            if !q.by_annotator.is_empty() {
                out.push(q);
            }
        }
        Ok(out)
    }
}

/// How often each annotator kept the answer an item field suggested (`prefill` on a
/// choice, rating…): a model's accuracy as people judge it, and beside the others' rates, a
/// person who accepts every suggestion unread.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SuggestionsKept {
    pub question: String,
    /// The item field the suggestions come from.
    pub field: String,
    /// Annotator → (answers kept as suggested, answers given where there was a
    /// suggestion), by name.
    pub by_annotator: Vec<(String, u64, u64)>,
    /// A text question: its suggestion is a draft, kept when its words are.
    pub draft: bool,
    /// A spans question: the counts are of the model's spans (kept: the same label on the
    /// same characters in the answer), not of answers.
    pub spans: bool,
    /// The model's relations between its spans (`prefill_relations`): the counts are of
    /// those (kept: the same kind between the same characters).
    pub relations: bool,
}

impl SuggestionsKept {
    /// "92% (46 of 50)".
    pub fn text(kept: u64, of: u64) -> String {
        format!(
            "{:.0}% ({kept} of {of})",
            kept as f64 * 100.0 / of.max(1) as f64
        )
    }

    /// The heading of one question's rates.
    pub fn heading(&self) -> String {
        let (q, f) = (&self.question, &self.field);
        if self.draft {
            format!("{q}: drafts from `{f}` kept word for word, by annotator")
        } else if self.relations {
            format!("{q}: relations from `{f}` kept as they were (of the model's), by annotator")
        } else if self.spans {
            format!("{q}: spans from `{f}` kept as they were (of the model's spans), by annotator")
        } else {
            format!("{q}: suggestions from `{f}` kept as they were, by annotator")
        }
    }
}

impl Store {
    /// For each question with a suggestion field, each annotator's answers on the items
    /// that had a suggestion, and how many of them are that suggestion.
    pub fn suggestions_kept(&self, config: &TaskConfig) -> Result<Vec<SuggestionsKept>> {
        use crate::core::suggestion::suggested;
        use serde_json::{Map, Value};
        let labels = &config.labels;
        let e = |e| self.err(e);
        let mut out = Vec::new();
        for c in &config.controls {
            let Some(field) = c.prefill.as_deref() else {
                continue;
            };
            if c.kind == ControlKind::Spans {
                let default = (c.fields.first()).or(config.task.show.first());
                let (q, linked) = self.spans_kept(c, field, labels, default.map(String::as_str))?;
                for q in [Some(q), linked].into_iter().flatten() {
                    if !q.by_annotator.is_empty() {
                        out.push(q);
                    }
                }
                continue;
            }
            let answer_path = format!("$.fields.\"{}\"", c.name.replace('"', "\\\""));
            let field_path = format!("$.\"{}\"", field.replace('"', "\\\""));
            let mut stmt = self
                .conn
                .prepare_cached(
                    "SELECT a.annotator, a.data -> ?1, i.data -> ?2
                     FROM annotations a JOIN items i ON i.id = a.item_id
                     WHERE json_type(a.data, ?1) IS NOT NULL
                       AND json_type(a.data, ?1) != 'null'
                       AND json_type(i.data, ?2) IS NOT NULL
                     ORDER BY 1",
                )
                .map_err(e)?;
            let mut rows = stmt.query([&answer_path, &field_path]).map_err(e)?;
            let mut q = SuggestionsKept {
                question: c.name.clone(),
                field: field.to_string(),
                by_annotator: Vec::new(),
                draft: c.kind == ControlKind::Text,
                spans: false,
                relations: false,
            };
            let mut data = Map::new();
            while let Some(row) = rows.next().map_err(e)? {
                let who: String = row.get(0).map_err(e)?;
                let parse = |i| -> Result<Option<Value>> {
                    let text: String = row.get(i).map_err(e)?;
                    Ok(serde_json::from_str(&text).ok())
                };
                let (Some(answer), Some(hint)) = (parse(1)?, parse(2)?) else {
                    continue;
                };
                let kept = if q.draft {
                    // A draft is kept when its words are: spaces and line breaks aside (a
                    // chat's, its last turn's).
                    let Some(a) = answer.as_str() else {
                        continue;
                    };
                    u64::from(crate::core::conversation::kept_as_it_came(a, &hint))
                } else {
                    data.insert(field.to_string(), hint);
                    let Some(suggestion) = suggested(c, labels, &data) else {
                        continue;
                    };
                    u64::from(answer == suggestion)
                };
                add_kept(&mut q.by_annotator, who, kept, 1);
            }
            if !q.by_annotator.is_empty() {
                out.push(q);
            }
        }
        Ok(out)
    }

    /// A spans question's model: of the spans it suggested on each item an annotator
    /// answered, how many the answer holds as they were; and of its relations between them
    /// (`prefill_relations`), likewise.
    fn spans_kept(
        &self,
        c: &Control,
        field: &str,
        labels: &[crate::core::Label],
        default_field: Option<&str>,
    ) -> Result<(SuggestionsKept, Option<SuggestionsKept>)> {
        use crate::core::relations::{Relation, SpanRef};
        use crate::core::{Annotation, Span};
        use serde_json::{Map, Value};
        let e = |e| self.err(e);
        let kept_of = |question: String, field: &str, relations: bool| SuggestionsKept {
            question,
            field: field.to_string(),
            by_annotator: Vec::new(),
            draft: false,
            spans: true,
            relations,
        };
        let mut q = kept_of(c.name.clone(), field, false);
        let rel_field = c
            .prefill_relations
            .as_deref()
            .filter(|_| !c.relations.is_empty());
        let mut linked = rel_field.map(|f| kept_of(format!("{} · relations", c.name), f, true));
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT a.annotator, a.data -> '$.spans', a.data -> '$.relations', i.data
                 FROM annotations a JOIN items i ON i.id = a.item_id
                 WHERE json_type(i.data, ?1) IS NOT NULL
                 ORDER BY 1",
            )
            .map_err(e)?;
        let field_path = format!("$.\"{}\"", field.replace('"', "\\\""));
        let mut rows = stmt.query([&field_path]).map_err(e)?;
        while let Some(row) = rows.next().map_err(e)? {
            let who: String = row.get(0).map_err(e)?;
            let answer: Option<String> = row.get(1).map_err(e)?;
            let links: Option<String> = row.get(2).map_err(e)?;
            let data: String = row.get(3).map_err(e)?;
            let Ok(data) = serde_json::from_str::<Map<String, Value>>(&data) else {
                continue;
            };
            let Some(hint) = data.get(field) else {
                continue;
            };
            let each = crate::core::spans::suggested_each(hint, labels, default_field, &data);
            // The model's spans and links as an item nobody answered offers them.
            let mut model = Annotation::default();
            for s in each.iter().flatten() {
                crate::core::spans::place(&mut model.spans, s.clone());
            }
            if model.spans.is_empty() {
                continue;
            }
            if let Some(links) = rel_field.and_then(|f| data.get(f)) {
                model.relations =
                    crate::core::relations::suggested(links, hint, &each, &c.relations);
                crate::core::relations::prune(&mut model);
            }
            let answer: Vec<Span> = answer
                .and_then(|a| serde_json::from_str(&a).ok())
                .unwrap_or_default();
            let kept = (model.spans.iter())
                .filter(|m| {
                    answer
                        .iter()
                        .any(|a| SpanRef::of(a).is(m) && a.label == m.label)
                })
                .count() as u64;
            add_kept(
                &mut q.by_annotator,
                who.clone(),
                kept,
                model.spans.len() as u64,
            );
            if let Some(l) = linked.as_mut().filter(|_| !model.relations.is_empty()) {
                let links: Vec<Relation> = links
                    .and_then(|a| serde_json::from_str(&a).ok())
                    .unwrap_or_default();
                let kept = (model.relations.iter())
                    .filter(|m| links.contains(m))
                    .count() as u64;
                add_kept(&mut l.by_annotator, who, kept, model.relations.len() as u64);
            }
        }
        Ok((q, linked))
    }
}

/// Adds to the last annotator's counts when it is `who` (rows come by annotator).
fn add_kept(by: &mut Vec<(String, u64, u64)>, who: String, kept: u64, of: u64) {
    match by.last_mut() {
        Some((name, k, n)) if *name == who => {
            *k += kept;
            *n += of;
        }
        _ => by.push((who, kept, of)),
    }
}

/// Numbers ascending; a comparison's responses in their order, then the tie; else the
/// most given first.
fn order(c: &Control, counts: &mut [(String, u64)]) {
    if counts.iter().all(|(v, _)| v.parse::<f64>().is_ok()) {
        counts.sort_by(|a, b| {
            let num = |v: &str| v.parse::<f64>().unwrap_or(0.0);
            num(&a.0).total_cmp(&num(&b.0))
        });
    } else if c.kind == ControlKind::Compare {
        let place = |v: &str| {
            c.fields
                .iter()
                .position(|f| f == v)
                .unwrap_or(c.fields.len())
        };
        counts.sort_by_key(|(v, _)| place(v));
    } else {
        counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_read_as_percentages_in_order() {
        let mut c = Control::new("preference", ControlKind::Compare);
        c.fields = vec!["a".into(), "b".into()];
        let mut counts = vec![("tie".to_string(), 1), ("b".into(), 1), ("a".into(), 2)];
        order(&c, &mut counts);
        assert_eq!(QuestionShares::text(&counts), "a: 50% · b: 25% · tie: 25%");
        let r = Control::new("grade", ControlKind::Rating);
        let mut grades = vec![("10".to_string(), 1), ("2".into(), 3)];
        order(&r, &mut grades);
        assert_eq!(grades[0].0, "2", "numbers ascending, not as text");
    }
}
