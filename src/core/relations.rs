//! Relations between spans: "Marie Curie" —works_at→ "the Sorbonne". A relation names its
//! two spans by where they are (field and characters), not by their place in the list: a
//! span renamed keeps its relations, and one removed or marked over (which replaces it)
//! takes them with it. Exports write them as positions in the row's `spans` list.

use super::annotation::{Annotation, Span};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Where a span is: its field and characters (its label aside).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SpanRef {
    pub field: String,
    pub start: usize,
    pub end: usize,
}

impl SpanRef {
    pub fn of(s: &Span) -> SpanRef {
        SpanRef {
            field: s.field.clone(),
            start: s.start,
            end: s.end,
        }
    }

    pub fn is(&self, s: &Span) -> bool {
        self.field == s.field && self.start == s.start && self.end == s.end
    }
}

/// A labelled, directed link from one span to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relation {
    pub label: String,
    pub from: SpanRef,
    pub to: SpanRef,
}

/// A relation as exports write it: `from` and `to` index the row's `spans`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexedRelation {
    pub label: String,
    pub from: usize,
    pub to: usize,
}

/// The span of `spans` at `r`.
pub fn find(spans: &[Span], r: &SpanRef) -> Option<usize> {
    spans.iter().position(|s| r.is(s))
}

/// Drops the relations whose spans are gone (a span removed, or marked over).
pub fn prune(ann: &mut Annotation) {
    let spans = &ann.spans;
    ann.relations
        .retain(|r| find(spans, &r.from).is_some() && find(spans, &r.to).is_some());
}

/// `r` as it is kept: a kind that goes both ways (`symmetric`) from the span that comes
/// first, so one link is one link whichever span it was drawn from.
pub fn canonical(mut r: Relation, symmetric: &[String]) -> Relation {
    let at = |s: &SpanRef| (s.field.clone(), s.start, s.end);
    if symmetric.contains(&r.label) && at(&r.to) < at(&r.from) {
        std::mem::swap(&mut r.from, &mut r.to);
    }
    r
}

/// Puts `new` among `relations` (as [`canonical`] keeps it): one between the same two
/// spans, the same way, takes its label (two spans are related one way at a time).
/// Returns where it is.
pub fn put(relations: &mut Vec<Relation>, new: Relation, symmetric: &[String]) -> usize {
    let new = canonical(new, symmetric);
    match (relations.iter()).position(|r| r.from == new.from && r.to == new.to) {
        Some(i) => {
            relations[i].label = new.label;
            i
        }
        None => {
            relations.push(new);
            relations.len() - 1
        }
    }
}

/// A model's relations (a record's `prefill_relations` field: a list, or that list as JSON
/// text, of `{from, to, label}` — or `head`/`tail` and `type`, as relation-extraction
/// datasets write them — positions in the list of spans the model gave; or doccano's
/// `from_id`/`to_id`, the `id`s of those spans in `listed`), between the spans as read one
/// by one (`spans`, `None` for one left out). A relation of a kind the task lacks (case
/// aside), or to a span left out, or from a span to itself, is left out.
pub fn suggested(
    value: &Value,
    listed: &Value,
    spans: &[Option<Span>],
    kinds: &[String],
) -> Vec<Relation> {
    let list = super::spans::listed(value);
    let entities = super::spans::listed(listed);
    let by_id = |id: &Value| -> Option<SpanRef> {
        let i = entities.iter().position(|e| e.get("id") == Some(id))?;
        spans.get(i)?.as_ref().map(SpanRef::of)
    };
    fn first<'a>(o: &'a Map<String, Value>, keys: &[&str]) -> Option<&'a Value> {
        keys.iter().find_map(|k| o.get(*k))
    }
    let span = |v: Option<&Value>| {
        let i = usize::try_from(v?.as_u64()?).ok()?;
        spans.get(i)?.as_ref().map(SpanRef::of)
    };
    let mut out: Vec<Relation> = Vec::new();
    for o in list.iter().filter_map(Value::as_object) {
        let Some(said) = first(o, &["label", "type", "relation"]).and_then(Value::as_str) else {
            continue;
        };
        let Some(label) = (kinds.iter())
            .find(|k| k.as_str() == said.trim())
            .or_else(|| kinds.iter().find(|k| k.eq_ignore_ascii_case(said.trim())))
        else {
            continue;
        };
        let (from, to) = match (o.get("from_id"), o.get("to_id")) {
            (Some(a), Some(b)) => (by_id(a), by_id(b)),
            _ => (
                span(first(o, &["from", "head"])),
                span(first(o, &["to", "tail"])),
            ),
        };
        let (Some(from), Some(to)) = (from, to) else {
            continue;
        };
        if from != to {
            put(
                &mut out,
                Relation {
                    label: label.clone(),
                    from,
                    to,
                },
                &[],
            );
        }
    }
    out
}

/// How alike two answers' relations are: the F1 of those with the same kind between the
/// same characters (the spans' labels aside: the span F1 counts those; a `symmetric` kind
/// whichever way it was drawn); none on both: 1.
pub fn relation_f1(a: &[Relation], b: &[Relation], symmetric: &[String]) -> f64 {
    let kept = |list: &[Relation]| -> Vec<Relation> {
        (list.iter())
            .map(|r| canonical(r.clone(), symmetric))
            .collect()
    };
    let (a, b) = (kept(a), kept(b));
    let mut theirs: Vec<&Relation> = b.iter().collect();
    let mut matched = 0;
    for r in &a {
        if let Some(p) = theirs.iter().position(|t| *t == r) {
            theirs.swap_remove(p);
            matched += 1;
        }
    }
    super::matching::f1(matched, a.len() + b.len())
}

/// The relations as positions in `spans`, for an export row (a relation whose span is
/// missing is left out: it cannot be pointed at).
pub fn indexed(spans: &[Span], relations: &[Relation]) -> Vec<IndexedRelation> {
    (relations.iter())
        .filter_map(|r| {
            Some(IndexedRelation {
                label: r.label.clone(),
                from: find(spans, &r.from)?,
                to: find(spans, &r.to)?,
            })
        })
        .collect()
}

/// Relations read back from positions in `spans` (an export line); the message says which
/// one points where nothing is.
pub fn from_indexed(spans: &[Span], list: &[IndexedRelation]) -> Result<Vec<Relation>, String> {
    let span = |i: usize, r: &IndexedRelation| {
        spans.get(i).map(SpanRef::of).ok_or_else(|| {
            format!(
                "relation '{}' points at span {i}, but the line has {} span(s) (counted from 0)",
                r.label,
                spans.len()
            )
        })
    };
    list.iter()
        .map(|r| {
            if r.from == r.to {
                return Err(format!(
                    "relation '{}' goes from span {} to itself",
                    r.label, r.from
                ));
            }
            Ok(Relation {
                label: r.label.clone(),
                from: span(r.from, r)?,
                to: span(r.to, r)?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(label: &str, start: usize, end: usize) -> Span {
        Span {
            label: label.into(),
            field: "text".into(),
            start,
            end,
            ..Default::default()
        }
    }

    #[test]
    fn relations_follow_their_spans_by_place_not_position() {
        let mut ann = Annotation {
            spans: vec![span("PER", 0, 11), span("ORG", 21, 29), span("LOC", 33, 38)],
            ..Default::default()
        };
        let rel = |l: &str, a: &Span, b: &Span| Relation {
            label: l.into(),
            from: SpanRef::of(a),
            to: SpanRef::of(b),
        };
        let works = rel("works_at", &ann.spans[0], &ann.spans[1]);
        let in_ = rel("located_in", &ann.spans[1], &ann.spans[2]);
        assert_eq!(put(&mut ann.relations, works.clone(), &[]), 0);
        assert_eq!(put(&mut ann.relations, in_, &[]), 1);
        // The same two spans again: its label changes, no second relation.
        let founded = Relation {
            label: "founded".into(),
            ..works.clone()
        };
        assert_eq!(put(&mut ann.relations, founded, &[]), 0);
        assert_eq!(ann.relations.len(), 2);
        assert_eq!(ann.relations[0].label, "founded");
        // Renamed, a span keeps its relations; a span before them removed, they still point right.
        ann.spans[0].label = "ORG".into();
        ann.spans.insert(0, span("DATE", 0, 0));
        prune(&mut ann);
        assert_eq!(ann.relations.len(), 2);
        let out = indexed(&ann.spans, &ann.relations);
        assert_eq!(
            (out[0].from, out[0].to, out[1].from, out[1].to),
            (1, 2, 2, 3)
        );
        assert_eq!(from_indexed(&ann.spans, &out).unwrap(), ann.relations);
        // Two answers alike in one relation of two: F1 2·1/3.
        let one = &ann.relations[..1];
        assert!((relation_f1(&ann.relations, one, &[]) - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(relation_f1(&[], &[], &[]), 1.0);
        assert_eq!(relation_f1(one, &[], &[]), 0.0);
        // The organisation removed: both relations go with it.
        ann.spans.remove(2);
        prune(&mut ann);
        assert!(ann.relations.is_empty());
    }

    #[test]
    fn a_models_relations_point_at_its_spans_as_it_listed_them() {
        let spans = vec![Some(span("PER", 0, 3)), None, Some(span("ORG", 5, 9))];
        let kinds = vec!["works_at".to_string(), "born_in".to_string()];
        let model = serde_json::json!([
            {"head": 0, "tail": 2, "type": "Works_At"},
            {"from": 0, "to": 1, "label": "works_at"},
            {"from": 2, "to": 2, "label": "born_in"},
            {"from": 2, "to": 0, "label": "owns"},
            {"from": 9, "to": 0, "label": "born_in"},
            "not an object"
        ]);
        let got = suggested(&model, &Value::Null, &spans, &kinds);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].label, "works_at");
        assert!(got[0].from.is(spans[0].as_ref().unwrap()));
        assert!(got[0].to.is(spans[2].as_ref().unwrap()));
        // As JSON text in a CSV cell, the same.
        let text = Value::String(model.to_string());
        assert_eq!(suggested(&text, &Value::Null, &spans, &kinds), got);
        // doccano's: by the spans' ids.
        let entities = serde_json::json!([{"id": 7}, {"id": 8}, {"id": 9}]);
        let doccano = serde_json::json!([{"id": 0, "from_id": 7, "to_id": 9, "type": "works_at"}]);
        assert_eq!(suggested(&doccano, &entities, &spans, &kinds), got);
    }

    #[test]
    fn positions_that_point_nowhere_are_named() {
        let spans = vec![span("PER", 0, 3), span("ORG", 5, 9)];
        let bad = |from, to| IndexedRelation {
            label: "works_at".into(),
            from,
            to,
        };
        let e = from_indexed(&spans, &[bad(0, 2)]).unwrap_err();
        assert!(e.contains("span 2") && e.contains("2 span(s)"), "{e}");
        let e = from_indexed(&spans, &[bad(1, 1)]).unwrap_err();
        assert!(e.contains("to itself"), "{e}");
        assert_eq!(from_indexed(&spans, &[bad(1, 0)]).unwrap().len(), 1);
    }

    #[test]
    fn a_link_that_goes_both_ways_is_one_link_whichever_way_it_was_drawn() {
        let r = |label: &str, a: usize, b: usize| Relation {
            label: label.into(),
            from: SpanRef::of(&span("PER", a, a + 3)),
            to: SpanRef::of(&span("PER", b, b + 3)),
        };
        let both = ["married_to".to_string()];
        // Kept from the span that comes first.
        assert_eq!(
            canonical(r("married_to", 12, 0), &both),
            r("married_to", 0, 12)
        );
        assert_eq!(canonical(r("knows", 12, 0), &both), r("knows", 12, 0));
        let mut kept = Vec::new();
        put(&mut kept, r("married_to", 12, 0), &both);
        assert_eq!(
            put(&mut kept, r("married_to", 0, 12), &both),
            0,
            "the same link"
        );
        assert_eq!(kept.len(), 1);
        // Two annotators drawing it from either end agree; a directed kind does not.
        let (ana, ben) = ([r("married_to", 0, 12)], [r("married_to", 12, 0)]);
        assert_eq!(relation_f1(&ana, &ben, &both), 1.0);
        assert_eq!(relation_f1(&ana, &ben, &[]), 0.0);
    }
}
