//! `keylabel stats`: the project's counts, times, agreement and gold scores, as a table or
//! as one JSON object for scripts.

use keylabel::core::agreement::Measure;
use keylabel::core::time::hms;
use keylabel::store::{QuestionShares, Stats, SuggestionsKept};
use serde_json::{Value, json};

/// The table.
pub fn print(s: &Stats) {
    say!("items: {}", s.items);
    for (st, n) in &s.by_status {
        say!("  {:10} {n}", st.as_str());
    }
    say!("  {:10} {}", "flagged", s.flagged);
    say!("  {:10} {}", "noted", s.noted);
    if s.gold_items > 0 {
        say!("items with a gold answer: {}", s.gold_items);
    }
    if !s.by_label.is_empty() {
        if s.by_label.iter().any(|l| l.segments > 0) {
            // How much audio was marked: what an ASR data plan counts in hours.
            say!("labels (clips marked, segments, their length):");
            for l in &s.by_label {
                let length = hms((l.seconds * 1000.0).round() as u64);
                say!(
                    "  {:20} {:>8} {:>8} {length:>10}",
                    l.name,
                    l.items,
                    l.segments
                );
            }
        } else if s.by_label.iter().any(|l| l.spans > 0) {
            say!("labels (items chosen or marked, spans):");
            for l in &s.by_label {
                say!("  {:20} {:>8} {:>8}", l.name, l.items, l.spans);
            }
        } else {
            say!("labels (items chosen or boxed, boxes):");
            for l in &s.by_label {
                say!("  {:20} {:>8} {:>8}", l.name, l.items, l.boxes);
            }
        }
    }
    if !s.by_attribute.is_empty() {
        if s.span_attributes {
            say!("span attributes (spans):");
        } else {
            say!("box attributes (boxes):");
        }
        for (name, boxes) in &s.by_attribute {
            say!("  {name:20} {boxes:>8}");
        }
    }
    if !s.by_relation.is_empty() {
        say!("relations between spans:");
        for (name, n) in &s.by_relation {
            say!("  {name:20} {n:>8}");
        }
    }
    if !s.annotators.is_empty() {
        let gold = s.gold_items > 0;
        say!(
            "annotators (items annotated, submitted, active time, median s/item, items/h, median keys/item{}):",
            if gold {
                ", right on gold items, how close on them"
            } else {
                ""
            }
        );
        for a in &s.annotators {
            let median = a
                .median_ms
                .map_or("-".into(), |m| format!("{:.1}", m as f64 / 1000.0));
            let rate = a.per_hour().map_or("-".into(), |r| format!("{r:.1}"));
            let keys = a.median_keys.map_or("-".into(), |k| k.to_string());
            let score = match (a.accuracy(), a.gold_closeness) {
                (Some(r), Some(c)) if gold => format!(
                    " {}/{} ({:.0}%), {:.0}% close",
                    a.gold_correct,
                    a.gold_checked,
                    r * 100.0,
                    c * 100.0
                ),
                _ if gold => " -".into(),
                _ => String::new(),
            };
            say!(
                "  {:20} {:>8} {:>8} {:>9} {median:>7} {rate:>7} {keys:>5}{score}",
                a.name,
                a.annotated,
                a.submitted,
                hms(a.active_ms)
            );
        }
    }
    if s.annotators.iter().any(|a| a.audio_ms > 0) {
        // Transcription is planned and paid by the audio, not by the clip.
        say!("audio submitted (length, active time per length: times real time):");
        for a in s.annotators.iter().filter(|a| a.audio_ms > 0) {
            let rtf = a
                .times_real_time()
                .map_or("-".into(), |x| format!("{x:.1}×"));
            say!("  {:20} {:>9} {rtf:>8}", a.name, hms(a.audio_ms));
        }
    }
    let recent = s.recent_days(14);
    if !recent.is_empty() {
        let more = if recent.len() < s.by_day.len() {
            "; the last 14 days with work, every day in --json"
        } else {
            ""
        };
        say!("by day (UTC; items submitted, active time{more}):");
        for d in recent {
            say!(
                "  {}  {:20} {:>8} {:>9}",
                d.day,
                d.annotator,
                d.submitted,
                hms(d.active_ms)
            );
        }
    }
    if !s.shares.is_empty() {
        say!("answers given, by annotator (position bias, label use):");
        for q in &s.shares {
            say!("  {}", q.question);
            for (who, counts) in &q.by_annotator {
                let n: u64 = counts.iter().map(|c| c.1).sum();
                say!("    {who:20} {} ({n})", QuestionShares::text(counts));
            }
        }
    }
    for q in &s.suggestions {
        say!("{}:", q.heading());
        for (who, kept, of) in &q.by_annotator {
            say!("    {who:20} {}", SuggestionsKept::text(*kept, *of));
        }
    }
    let by_question = s.gold_by_question();
    if !by_question.is_empty() {
        say!("on gold items, by question (share right; boxes: mean F1):");
        for (name, text) in by_question {
            say!("  {name:20} {text}");
        }
    }
    let a = &s.agreement;
    if a.items > 0 {
        say!(
            "agreement (items answered by 2+ annotators: {}, with a disagreement: {}):",
            a.items,
            a.disagreed
        );
        for q in a.questions.iter().filter(|q| q.pairs > 0) {
            let rate = q
                .rate()
                .map_or("-".into(), |r| format!("{:.1}%", r * 100.0));
            let how = match &q.measure {
                Measure::Same => "",
                Measure::BoxF1 if q.outlines => " F1 of objects (outlines by their shapes)",
                Measure::BoxF1 => " box F1",
                Measure::SegmentF1 => " segment F1",
                Measure::SpanF1 => " span F1",
                Measure::RelationF1 => " relation F1 (same kind, same spans)",
                Measure::Attribute(_) => " of boxes both drew",
                Measure::Words => " words alike",
                Measure::Keypoints => " keypoints alike (COCO's OKS)",
            };
            let alpha = q
                .alpha()
                .map_or(String::new(), |a| format!(", Krippendorff's alpha {a:.2}"));
            let pairs = match &q.measure {
                Measure::Attribute(_) | Measure::Keypoints => "box pairs",
                _ => "pairs",
            };
            say!(
                "  {:20} {rate:>8}{how} over {} {pairs}{alpha}",
                q.name,
                q.pairs
            );
            let confused = confused_text(q);
            if !confused.is_empty() {
                say!("    most often told apart: {confused}");
            }
            if let Some(t) = q.disagree_below {
                say!(
                    "    {} under {:.0}% alike (disagreements)",
                    pair_count(q.pairs_below),
                    t * 100.0
                );
            }
            let points = points_text(q, 5);
            if !points.is_empty() {
                say!("    least alike keypoints: {points}");
            }
        }
        say!("  each annotator against the others on shared items (mean closeness):");
        for (name, pairs, mean) in a.by_annotator() {
            say!("    {name:20} {:>6.1}% over {pairs} pairs", mean * 100.0);
        }
    }
    say!("active time on submitted items: {}", hms(s.total_active_ms));
    match s.median_active_ms {
        Some(m) => say!("median per item: {:.1} s", m as f64 / 1000.0),
        None => say!("median per item: -"),
    }
    match s.items_per_hour {
        Some(r) => say!("items per hour: {r:.1}"),
        None => say!("items per hour: -"),
    }
}

/// "left_wrist 41%, right_ankle 63%": the keypoints annotators place furthest apart.
fn points_text(q: &keylabel::core::agreement::QuestionAgreement, n: usize) -> String {
    (q.least_alike_points(n).iter())
        .map(|(name, alike)| format!("{name} {:.0}%", alike * 100.0))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "positive / mixed 5, negative / mixed 2": the answers a question's annotators split on.
fn confused_text(q: &keylabel::core::agreement::QuestionAgreement) -> String {
    q.most_confused(3)
        .iter()
        .map(|(a, b, n)| format!("{a} / {b} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One object: counts by status and label, each annotator's work, time and gold score,
/// agreement per question with the answers people split on. Times in milliseconds; a value
/// that cannot be known yet is null.
pub fn as_json(s: &Stats) -> Value {
    let by_status: serde_json::Map<String, Value> = s
        .by_status
        .iter()
        .map(|(st, n)| (st.as_str().to_string(), json!(n)))
        .collect();
    let labels: Vec<Value> = s
        .by_label
        .iter()
        .map(|l| {
            json!({"label": l.name, "items": l.items, "boxes": l.boxes, "spans": l.spans,
                   "segments": l.segments, "seconds": (l.seconds * 1000.0).round() / 1000.0})
        })
        .collect();
    let by_attribute: serde_json::Map<String, Value> = s
        .by_attribute
        .iter()
        .map(|(name, n)| (name.clone(), json!(n)))
        .collect();
    let annotators: Vec<Value> = s
        .annotators
        .iter()
        .map(|a| {
            json!({
                "annotator": a.name,
                "annotated": a.annotated,
                "submitted": a.submitted,
                "active_ms": a.active_ms,
                "median_active_ms": a.median_ms,
                "median_keys": a.median_keys,
                "items_per_hour": a.per_hour(),
                "audio_ms": a.audio_ms,
                "times_real_time": a.times_real_time(),
                "gold_checked": a.gold_checked,
                "gold_correct": a.gold_correct,
                "gold_closeness": a.gold_closeness,
                "gold_by_question": a.gold_by_question.iter().map(|(q, n, mean)| {
                    json!({"question": q, "items": n, "score": mean})
                }).collect::<Vec<_>>(),
            })
        })
        .collect();
    let questions: Vec<Value> = s
        .agreement
        .questions
        .iter()
        .filter(|q| q.pairs > 0)
        .map(|q| {
            let confused: Vec<Value> = q
                .most_confused(10)
                .iter()
                .map(|(a, b, n)| json!({"answers": [a, b], "pairs": n}))
                .collect();
            json!({
                "question": q.name,
                "measure": q.measure.as_str(),
                "boxes": q.measure == Measure::BoxF1,
                "outlines": q.outlines,
                "attribute": match &q.measure {
                    Measure::Attribute(a) => Some(a),
                    _ => None,
                },
                "pairs": q.pairs,
                "agreement": q.rate(),
                "alpha": q.alpha(),
                "most_confused": confused,
                "least_alike_keypoints": (q.measure == Measure::Keypoints).then(|| {
                    (q.least_alike_points(usize::MAX).iter())
                        .map(|(k, alike)| json!({"keypoint": k, "alike": alike}))
                        .collect::<Vec<_>>()
                }),
                "disagree_below": q.disagree_below,
                "pairs_below": q.disagree_below.map(|_| q.pairs_below),
            })
        })
        .collect();
    let days: Vec<Value> = s
        .by_day
        .iter()
        .map(|d| {
            json!({"day": d.day, "annotator": d.annotator, "submitted": d.submitted, "active_ms": d.active_ms})
        })
        .collect();
    let shares: Vec<Value> = s
        .shares
        .iter()
        .flat_map(|q| {
            q.by_annotator.iter().map(|(who, counts)| {
                let counts: serde_json::Map<String, Value> =
                    counts.iter().map(|(v, n)| (v.clone(), json!(n))).collect();
                json!({"question": q.question, "annotator": who, "counts": counts})
            })
        })
        .collect();
    let suggestions: Vec<Value> = s
        .suggestions
        .iter()
        .flat_map(|q| {
            q.by_annotator.iter().map(|(who, kept, of)| {
                // What is counted: answers, or (spans questions) the model's spans.
                let unit = match (q.relations, q.spans) {
                    (true, _) => "relations",
                    (false, true) => "spans",
                    _ => "answers",
                };
                json!({"question": q.question, "field": q.field, "annotator": who, "kept": kept, "answered": of, "unit": unit})
            })
        })
        .collect();
    json!({
        "suggestions_kept": suggestions,
        "answers_by_annotator": shares,
        "by_day": days,
        "items": s.items,
        "by_status": by_status,
        "flagged": s.flagged,
        "noted": s.noted,
        "gold_items": s.gold_items,
        "labels": labels,
        "box_attributes": by_attribute,
        "relations": s.by_relation.iter()
            .map(|(name, n)| (name.clone(), json!(n)))
            .collect::<serde_json::Map<String, Value>>(),
        "annotators": annotators,
        "agreement": {
            "items": s.agreement.items,
            "disagreed": s.agreement.disagreed,
            "by_annotator": s.agreement.by_annotator().iter().map(|(name, pairs, mean)| {
                json!({"annotator": name, "pairs": pairs, "closeness": mean})
            }).collect::<Vec<_>>(),
            "questions": questions,
        },
        "active_ms": s.total_active_ms,
        "median_active_ms": s.median_active_ms,
        "items_per_hour": s.items_per_hour,
    })
}

/// "1 pair", "3 pairs".
fn pair_count(n: u64) -> String {
    if n == 1 {
        "1 pair".into()
    } else {
        format!("{n} pairs")
    }
}
