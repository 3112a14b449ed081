//! The project's statistics in a window (Project menu): items by status and by label, who
//! did what, active time per item and the pace — what `keylabel stats` prints, counted on a
//! worker because a million items take a moment.

use crate::core::TaskConfig;
use crate::core::agreement::Measure;
use crate::core::progress::grouped;
use crate::core::time::hms;
use crate::store::{Stats, Store};
use egui::RichText;
use std::path::Path;
use std::sync::mpsc::{Receiver, channel};

/// The window's state.
pub enum StatsView {
    Counting(Receiver<Result<Stats, String>>),
    Ready(Box<Stats>),
    Failed(String),
}

impl StatsView {
    /// Starts counting the project in `dir` on a worker with its own connection.
    pub fn start(dir: &Path, config: TaskConfig, ctx: &egui::Context) -> StatsView {
        let db = dir.join(crate::project::DB_FILE);
        let (tx, rx) = channel();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let stats = Store::open(&db)
                .and_then(|s| {
                    let mut stats = s.stats(&config.controls)?;
                    stats.suggestions = s.suggestions_kept(&config)?;
                    Ok(stats)
                })
                .map_err(|e| e.to_string());
            let _ = tx.send(stats);
            ctx.request_repaint();
        });
        StatsView::Counting(rx)
    }

    /// The counts, once the worker has them.
    pub fn stats(&self) -> Option<&Stats> {
        match self {
            StatsView::Ready(s) => Some(s),
            _ => None,
        }
    }
}

/// Draws the window; false once it is closed.
/// The config's pay: per submitted item, per minute of audio submitted.
pub type Pay = (Option<f64>, Option<f64>);

pub fn show(ctx: &egui::Context, view: &mut StatsView, pay: Pay) -> bool {
    if let StatsView::Counting(rx) = view
        && let Ok(answer) = rx.try_recv()
    {
        *view = match answer {
            Ok(s) => StatsView::Ready(Box::new(s)),
            Err(e) => StatsView::Failed(e),
        };
    }
    let mut open = true;
    egui::Window::new("Project statistics")
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| match view {
            StatsView::Counting(_) => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("Counting…");
                });
            }
            StatsView::Failed(e) => {
                ui.colored_label(
                    super::palette::caution(ui.visuals()),
                    format!("Could not count: {e}"),
                );
            }
            StatsView::Ready(s) => {
                // Many annotators, questions and days scroll rather than run off the window.
                let max_h = ctx.content_rect().height() * 0.8;
                egui::ScrollArea::vertical()
                    .max_height(max_h)
                    .min_scrolled_height(max_h)
                    .show(ui, |ui| table(ui, s, pay));
            }
        });
    open
}

fn table(ui: &mut egui::Ui, s: &Stats, (pay_per_item, pay_per_minute): Pay) {
    let row = |ui: &mut egui::Ui, name: &str, values: &[String]| {
        ui.label(name);
        for v in values {
            ui.label(RichText::new(v).monospace());
        }
        ui.end_row();
    };
    ui.label(RichText::new(format!("{} items", grouped(s.items))).strong());
    egui::Grid::new("by_status").striped(true).show(ui, |ui| {
        for (status, n) in &s.by_status {
            row(ui, status.as_str(), &[grouped(*n)]);
        }
        row(ui, "flagged", &[grouped(s.flagged)]);
        row(ui, "with a note", &[grouped(s.noted)]);
        if s.gold_items > 0 {
            row(ui, "with a gold answer", &[grouped(s.gold_items)]);
        }
    });
    if !s.by_label.is_empty() {
        ui.separator();
        egui::Grid::new("by_label").striped(true).show(ui, |ui| {
            // A spans task's labels mark stretches of text, a segments task's stretches of
            // audio (how long, too), not boxes.
            let spans = s.by_label.iter().any(|l| l.spans > 0);
            let segments = s.by_label.iter().any(|l| l.segments > 0);
            if segments {
                let head = ["clips".into(), "segments".into(), "length".into()];
                row(ui, "label", &head);
            } else {
                let parts = if spans { "spans" } else { "boxes" };
                row(ui, "label", &["items".into(), parts.into()]);
            }
            for l in &s.by_label {
                if segments {
                    let length = crate::core::time::hms((l.seconds * 1000.0).round() as u64);
                    row(
                        ui,
                        &l.name,
                        &[grouped(l.items), grouped(l.segments), length],
                    );
                    continue;
                }
                let n = if spans { l.spans } else { l.boxes };
                row(ui, &l.name, &[grouped(l.items), grouped(n)]);
            }
        });
    }
    if !s.by_attribute.is_empty() {
        ui.separator();
        egui::Grid::new("by_attribute")
            .striped(true)
            .show(ui, |ui| {
                if s.span_attributes {
                    row(ui, "span attribute", &["spans".into()]);
                } else {
                    row(ui, "box attribute", &["boxes".into()]);
                }
                for (name, boxes) in &s.by_attribute {
                    row(ui, name, &[grouped(*boxes)]);
                }
            });
    }
    if !s.by_relation.is_empty() {
        ui.separator();
        egui::Grid::new("by_relation").striped(true).show(ui, |ui| {
            row(ui, "relation", &["links".into()]);
            for (name, n) in &s.by_relation {
                row(ui, name, &[grouped(*n)]);
            }
        });
    }
    if !s.annotators.is_empty() {
        ui.separator();
        egui::Grid::new("annotators").striped(true).show(ui, |ui| {
            row(
                ui,
                "annotator",
                &[
                    "annotated".into(),
                    "submitted".into(),
                    "active".into(),
                    "median".into(),
                    "items/h".into(),
                    "keys/item".into(),
                    if s.gold_items > 0 {
                        "right on gold".into()
                    } else {
                        String::new()
                    },
                    if s.gold_items > 0 {
                        "close to gold".into()
                    } else {
                        String::new()
                    },
                ],
            );
            for a in &s.annotators {
                let median = a
                    .median_ms
                    .map_or("–".into(), |m| format!("{:.1} s", m as f64 / 1000.0));
                let rate = a.per_hour().map_or("–".into(), |r| format!("{r:.1}"));
                row(
                    ui,
                    &a.name,
                    &[
                        grouped(a.annotated),
                        grouped(a.submitted),
                        hms(a.active_ms),
                        median,
                        rate,
                        a.median_keys.map_or("–".into(), |k| k.to_string()),
                        match a.accuracy() {
                            Some(r) => {
                                format!("{}/{} ({:.0}%)", a.gold_correct, a.gold_checked, r * 100.0)
                            }
                            None if s.gold_items > 0 => "–".into(),
                            None => String::new(),
                        },
                        match a.gold_closeness {
                            Some(c) => format!("{:.0}%", c * 100.0),
                            None if s.gold_items > 0 => "–".into(),
                            None => String::new(),
                        },
                    ],
                );
            }
        });
        if s.annotators.iter().any(|a| a.audio_ms > 0) {
            // Transcription is planned and paid by the audio, not by the clip.
            egui::Grid::new("audio").striped(true).show(ui, |ui| {
                let head = ["audio submitted".into(), "× real time".into()];
                row(ui, "annotator", &head);
                for a in s.annotators.iter().filter(|a| a.audio_ms > 0) {
                    let rtf = a
                        .times_real_time()
                        .map_or("–".into(), |x| format!("{x:.1}×"));
                    row(ui, &a.name, &[hms(a.audio_ms), rtf]);
                }
            });
        }
        let recent = s.recent_days(14);
        if !recent.is_empty() {
            egui::CollapsingHeader::new("by day (UTC): items submitted, active time").show(
                ui,
                |ui| {
                    egui::Grid::new("by_day").striped(true).show(ui, |ui| {
                        for d in recent {
                            row(
                                ui,
                                &d.day,
                                &[d.annotator.clone(), grouped(d.submitted), hms(d.active_ms)],
                            );
                        }
                    });
                },
            );
        }
        if !s.shares.is_empty() {
            egui::CollapsingHeader::new("answers given, by annotator (position bias, label use)")
                .show(ui, |ui| {
                    egui::Grid::new("shares").striped(true).show(ui, |ui| {
                        for q in &s.shares {
                            for (who, counts) in &q.by_annotator {
                                row(
                                    ui,
                                    &q.question,
                                    &[who.clone(), crate::store::QuestionShares::text(counts)],
                                );
                            }
                        }
                    });
                });
        }
        for q in &s.suggestions {
            ui.label(q.heading());
            egui::Grid::new(("suggestions", &q.question))
                .striped(true)
                .show(ui, |ui| {
                    for (who, kept, of) in &q.by_annotator {
                        row(ui, who, &[crate::store::SuggestionsKept::text(*kept, *of)]);
                    }
                });
        }
        let by_question = s.gold_by_question();
        if !by_question.is_empty() {
            ui.label("on gold items, by question (share right; boxes: mean F1):");
            egui::Grid::new("gold_by_question")
                .striped(true)
                .show(ui, |ui| {
                    for (name, text) in by_question {
                        row(ui, name, &[text]);
                    }
                });
        }
    }
    if s.agreement.items > 0 {
        ui.separator();
        ui.label(format!(
            "agreement on {} answered by 2+ annotators; {} with a disagreement \
             (status filter \"disagreed\" lists them)",
            crate::core::progress::count(s.agreement.items, "item", "items"),
            grouped(s.agreement.disagreed)
        ));
        egui::Grid::new("agreement").striped(true).show(ui, |ui| {
            row(
                ui,
                "question",
                &[
                    "agree".into(),
                    "α (beyond chance)".into(),
                    "pairs".into(),
                    "most often told apart".into(),
                ],
            );
            for q in s.agreement.questions.iter().filter(|q| q.pairs > 0) {
                let rate = q
                    .rate()
                    .map_or("–".into(), |r| format!("{:.1}%", r * 100.0));
                let name = match &q.measure {
                    Measure::Same => q.name.clone(),
                    Measure::BoxF1 if q.outlines => {
                        format!("{} (object F1, shapes' IoU ≥ 0.5)", q.name)
                    }
                    Measure::BoxF1 => format!("{} (box F1, IoU ≥ 0.5)", q.name),
                    Measure::SegmentF1 => format!("{} (segment F1, IoU ≥ 0.5)", q.name),
                    Measure::SpanF1 => format!("{} (span F1, same characters)", q.name),
                    Measure::RelationF1 => {
                        format!("{} (relation F1, same kind and spans)", q.name)
                    }
                    Measure::Attribute(_) => format!("{} (on boxes both drew)", q.name),
                    Measure::Words => format!("{} (words alike)", q.name),
                    Measure::Keypoints => format!("{} (alike by OKS, on boxes both drew)", q.name),
                };
                let points: Vec<String> = (q.least_alike_points(2).iter())
                    .map(|(k, alike)| format!("{k} {:.0}%", alike * 100.0))
                    .collect();
                let points = match points.is_empty() {
                    true => String::new(),
                    false => format!(" · least alike: {}", points.join(", ")),
                };
                let confused = match q.disagree_below {
                    Some(t) => format!(
                        "{} pair{} under {:.0}% alike{points}",
                        q.pairs_below,
                        if q.pairs_below == 1 { "" } else { "s" },
                        t * 100.0
                    ),
                    None => q
                        .most_confused(2)
                        .iter()
                        .map(|(a, b, n)| format!("{a} / {b} ({n})"))
                        .collect::<Vec<_>>()
                        .join(", "),
                };
                let alpha = q.alpha().map_or("–".into(), |a| format!("{a:.2}"));
                row(ui, &name, &[rate, alpha, grouped(q.pairs), confused]);
            }
        });
        // Who answers unlike the others, with no gold answer to go by.
        let peers: Vec<String> = s
            .agreement
            .by_annotator()
            .iter()
            .map(|(name, pairs, mean)| format!("{name} {:.0}% ({pairs})", mean * 100.0))
            .collect();
        ui.label(format!(
            "each annotator against the others on shared items: {}",
            peers.join(" · ")
        ));
    }
    ui.separator();
    egui::Grid::new("time").show(ui, |ui| {
        row(
            ui,
            "active time, submitted items",
            &[hms(s.total_active_ms)],
        );
        let median = s
            .median_active_ms
            .map_or("–".into(), |m| format!("{:.1} s", m as f64 / 1000.0));
        row(ui, "median per item", &[median]);
        let pace = s.items_per_hour.map_or("–".into(), |r| format!("{r:.1}"));
        row(ui, "items per active hour", &[pace]);
        if let Some(pay) = pay_per_item {
            let submitted = s
                .by_status
                .iter()
                .find(|(st, _)| *st == crate::core::Status::Submitted)
                .map_or(0, |(_, n)| *n);
            row(
                ui,
                "earned (submitted × pay)",
                &[format!("{:.2}", pay * submitted as f64)],
            );
        }
        if let Some(pay) = pay_per_minute {
            // Each annotator is paid for the audio they submitted.
            let ms: u64 = s.annotators.iter().map(|a| a.audio_ms).sum();
            let earned = pay * ms as f64 / 60_000.0;
            row(
                ui,
                "earned (audio minutes × pay)",
                &[format!("{earned:.2}")],
            );
        }
    });
}
