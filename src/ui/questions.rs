//! The Questions panel of text, evaluation and audio tasks (and image classification):
//! each question with its options and keys, suggested answers, the finder over options.

use super::work::Work;
use crate::core::Control;
use crate::core::config::ControlKind;
use crate::session::Action;
use egui::RichText;
use serde_json::Value;

/// The controls panel: each question with its options and keys; the active one takes the
/// number keys, Tab moves on.
pub fn controls_panel(ui: &mut egui::Ui, w: &mut Work) {
    ui.heading("Questions");
    use super::keymap::Command;
    let hint = if w.session.answerable().is_empty() {
        // Text answers only: no number keys to speak of.
        format!(
            "Ctrl+Enter submits and moves on · Esc leaves the field (then {}: back, {}: skip), \
             Tab goes back in",
            w.keymap.keys_of(Command::Prev),
            w.keymap.keys_of(Command::Skip)
        )
    } else if w.session.answer_submits() {
        // The key is the submit here: "Enter: submit" would invite a blank submit.
        format!(
            "a number key answers, submits and moves on · {}: back · {}: skip",
            w.keymap.keys_of(Command::Prev),
            w.keymap.keys_of(Command::Skip)
        )
    } else {
        format!(
            "number keys answer the highlighted question (a choice or rating then moves on \
             to the next) · Tab: next · {}: submit",
            w.keymap.keys_of(Command::Submit)
        )
    };
    ui.label(RichText::new(hint).weak());
    ui.separator();
    question_rows(ui, w, true);
}

/// The questions of a boxes or spans task beyond its shapes (an image's quality, a text's
/// sentiment), under the labels: the number keys name shapes there, so a click answers.
pub fn beside_shapes(ui: &mut egui::Ui, w: &mut Work) {
    let shapes = [
        ControlKind::Boxes,
        ControlKind::Segments,
        ControlKind::Spans,
    ];
    let cfg = &w.session.project.config;
    if !cfg.controls.iter().any(|c| !shapes.contains(&c.kind)) {
        return;
    }
    ui.separator();
    ui.label(RichText::new("Questions").strong());
    ui.label(RichText::new("a click answers (number keys name the labels)").weak());
    question_rows(ui, w, false);
}

/// Each question with its options; `keys`: the number keys answer them (else they are
/// not shown, and the shapes' controls are left to the label panel).
fn question_rows(ui: &mut egui::Ui, w: &mut Work, keys: bool) {
    let controls = w.session.project.config.controls.clone();
    let labels = w.session.project.config.labels.clone();
    let mut action = None;
    for (ci, c) in controls.iter().enumerate() {
        let shape = matches!(
            c.kind,
            ControlKind::Boxes | ControlKind::Segments | ControlKind::Spans
        );
        // A follow-up shows once the answer that asks it is given (`when`).
        if (shape && !keys) || !w.session.is_asked(ci) {
            continue;
        }
        let active = keys && ci == w.session.active_control;
        let suggestion = w.session.suggestion(ci);
        // A required question says so until it has its answer; a suggested answer is one
        // key (the submit) from being it.
        let title = if suggestion.is_some() {
            RichText::new(format!("{} · suggested", c.name)).strong()
        } else if w.session.missing_required_of(ci) {
            RichText::new(format!("{} · required", c.name)).strong()
        } else {
            RichText::new(&c.name).strong()
        };
        ui.label(if active {
            title.color(super::palette::focus(ui.visuals()))
        } else {
            title
        });
        if let Some(help) = c.help.as_deref().filter(|h| !h.trim().is_empty()) {
            ui.label(RichText::new(help).italics().weak());
        }
        if let Some(when) = c.when_said() {
            ui.label(RichText::new(when).weak());
        }
        if let Some(v) = &suggestion {
            ui.label(RichText::new(suggestion_line(w, c, v)).weak());
        } else if let Some(said) = unusable_suggestion(w, c) {
            ui.label(RichText::new(said).weak());
        }
        match c.kind {
            ControlKind::Text => {
                let how = if active {
                    "type in the field under the item (Esc leaves it)"
                } else if !keys {
                    "type in the field under the item"
                } else {
                    "Tab here to type in the field under the item"
                };
                let limits = c
                    .word_limits()
                    .map(|l| format!(" · {l}"))
                    .unwrap_or_default();
                ui.label(RichText::new(format!("{how}{limits}")).weak());
            }
            ControlKind::Boxes => {}
            _ => {
                let answer = w.session.answer(&c.name).cloned();
                if c.kind == ControlKind::Rating {
                    let ends = format!(
                        "1 = {} … {} = {}",
                        c.low.as_deref().unwrap_or("low"),
                        c.scale.unwrap_or(5),
                        c.high.as_deref().unwrap_or("high")
                    );
                    ui.label(RichText::new(ends).weak());
                }
                if active && w.label_find.is_some() && w.active_control_has_options() {
                    action = find_choice(ui, w, ci, &c.choices(&labels));
                    ui.add_space(6.0);
                    continue;
                }
                let among_labels = matches!(c.kind, ControlKind::Choice | ControlKind::MultiChoice)
                    && c.options.is_empty();
                // A ranking (3+ responses): the responses placed so far, best first.
                let ranked: Vec<String> = if c.kind == ControlKind::Compare && c.fields.len() >= 3 {
                    answer
                        .as_ref()
                        .and_then(Value::as_array)
                        .map(|a| {
                            a.iter()
                                .filter_map(|v| v.as_str().map(str::to_owned))
                                .collect()
                        })
                        .unwrap_or_default()
                } else {
                    Vec::new()
                };
                ui.horizontal_wrapped(|ui| {
                    for (k, choice) in c.choices(&labels).iter().enumerate() {
                        let chosen = is_chosen(&answer, choice, c);
                        let suggested = is_chosen(&suggestion, choice, c);
                        let key = if !keys {
                            String::new()
                        } else if k < 9 {
                            format!("{}", k + 1)
                        } else if k == 9 {
                            "0".into()
                        } else {
                            " ".into()
                        };
                        // A rating's key is its value: "[3] 3" would say it twice.
                        let shown = if c.kind == ControlKind::Rating {
                            format!(" {choice} ")
                        } else if let Some(place) = ranked.iter().position(|r| r == choice) {
                            format!(
                                "{} · #{}",
                                super::panels::label_text(&key, choice),
                                place + 1
                            )
                        } else {
                            super::panels::label_text(&key, choice)
                        };
                        let mut text = RichText::new(shown);
                        if chosen {
                            text = text.strong();
                        } else if suggested {
                            // Marked, not yet answered: slanted, so it is told apart.
                            text = text.italics();
                        }
                        let mut button = ui.selectable_label(chosen || suggested, text);
                        if suggested {
                            button = button.on_hover_text(format!(
                                "suggested by the item's `{}`",
                                c.prefill.as_deref().unwrap_or_default()
                            ));
                        }
                        // A choice among the labels explains itself with the label's
                        // description from the guidelines.
                        if let Some(d) = labels
                            .get(k)
                            .filter(|_| among_labels)
                            .map(|l| l.description.trim())
                            .filter(|d| !d.is_empty())
                        {
                            button = button.on_hover_text(d);
                        }
                        if c.exclusive.contains(choice) {
                            button =
                                button.on_hover_text("stands alone: picking it clears the others");
                        }
                        if button.clicked() {
                            action = Some(Action::Answer(ci, k));
                        }
                    }
                });
                if c.kind == ControlKind::Compare && c.fields.len() >= 3 {
                    let left = c.fields.len().saturating_sub(ranked.len());
                    let order = if ranked.is_empty() {
                        "press the best first".to_string()
                    } else {
                        format!("best first: {}", ranked.join(" › "))
                    };
                    let rest = match left {
                        0 => "all placed".to_string(),
                        n => format!("{n} to place"),
                    };
                    ui.label(RichText::new(format!("{order} · {rest}")).weak());
                }
            }
        }
        ui.add_space(6.0);
    }
    if let Some(a) = action {
        w.act(a);
    }
}

/// Under a question with a suggested answer: what it is and how to take it.
fn suggestion_line(w: &Work, c: &Control, v: &Value) -> String {
    use super::keymap::Command;
    let what = match v {
        Value::String(s) => s.clone(),
        Value::Array(a) => a
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    };
    let change = if matches!(c.kind, ControlKind::MultiChoice | ControlKind::Flags) {
        "a key adds or takes off an option"
    } else {
        "a key picks another"
    };
    format!(
        "suggested ({}): {what} · {} accepts it, {change}",
        c.prefill.as_deref().unwrap_or_default(),
        w.keymap.keys_of(Command::Submit)
    )
}

/// An unanswered question whose item field holds something it cannot take ("POS" where the
/// labels say "positive"): said, so a model's other names for the labels are seen at once.
fn unusable_suggestion(w: &Work, c: &Control) -> Option<String> {
    let field = c
        .prefill
        .as_deref()
        .filter(|_| c.kind != ControlKind::Text)?;
    if w.session.answer(&c.name).is_some() {
        return None;
    }
    let mut said = w.session.item.as_ref()?.data.get(field)?.to_string();
    if said.chars().count() > 40 {
        said = said.chars().take(40).collect::<String>() + "…";
    }
    Some(format!(
        "{field} says {said}: not an answer here, so nothing is suggested"
    ))
}

/// The finder over the active question's options; the one picked is the answer.
fn find_choice(ui: &mut egui::Ui, w: &mut Work, ci: usize, choices: &[String]) -> Option<Action> {
    use super::label_find::{FindOutcome, finder_ui};
    let shown: Vec<_> = choices
        .iter()
        .enumerate()
        .map(|(k, name)| {
            let key = match k {
                0..=8 => format!("{}", k + 1),
                9 => "0".into(),
                _ => String::new(),
            };
            (name.clone(), w.color_of(name), key)
        })
        .collect();
    let find = w.label_find.as_mut()?;
    match finder_ui(ui, find, &shown, false) {
        FindOutcome::Open | FindOutcome::Add(_) => None,
        FindOutcome::Close => {
            w.label_find = None;
            None
        }
        FindOutcome::Pick(k) => {
            w.label_find = None;
            Some(Action::Answer(ci, k))
        }
    }
}

fn is_chosen(answer: &Option<Value>, choice: &str, c: &Control) -> bool {
    match answer {
        Some(Value::String(s)) => s == choice,
        Some(Value::Number(n)) => c.kind == ControlKind::Rating && n.to_string() == choice,
        Some(Value::Array(a)) => a.iter().any(|x| x.as_str() == Some(choice)),
        _ => false,
    }
}
