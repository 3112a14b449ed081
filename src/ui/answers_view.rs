//! The answers on the current item, one line per annotator, when two or more people answered
//! it: a reviewer sees the split at a glance and clicks (or presses V) to show one.

use super::work::Work;
use crate::session::Action;
use egui::RichText;

/// Each annotator's answer on an item, newest first, as a few words.
#[derive(Debug, Clone, Default)]
pub struct AnswersHere {
    pub item: i64,
    pub lines: Vec<(String, String)>,
    /// Each annotator's boxes, for the canvas to draw the others' under the one shown.
    pub boxes: Vec<(String, Vec<crate::core::BoxAnn>)>,
    /// The questions their answers differ on, each with how close they came where that is
    /// a measure ("boxes (F1 67%)", "transcript (80% alike)"): what a lead has to settle.
    pub differ: Vec<String>,
}

impl AnswersHere {
    /// Reads them from the store (indexed lookups), at most once per item and change; an
    /// item with one answer is not read at all (a 10,000-box answer would cost a frame).
    fn of(w: &Work, item: i64) -> AnswersHere {
        let store = &w.session.project.store;
        if store.answer_count(item).unwrap_or(0) < 2 {
            return AnswersHere {
                item,
                ..Default::default()
            };
        }
        let controls = &w.session.project.config.controls;
        // A damaged answer is left out here; showing it says what is wrong.
        let mut answers = store.answers(item).unwrap_or_default();
        for (_, a) in &mut answers {
            a.answer_from_labels(controls);
        }
        let mut here = AnswersHere {
            item,
            differ: differences(controls, &answers),
            ..Default::default()
        };
        for (who, a) in answers {
            let said = a.summary(controls);
            here.lines.push((
                who.clone(),
                if said.is_empty() {
                    "nothing".into()
                } else {
                    said
                },
            ));
            here.boxes.push((who, a.boxes));
        }
        here
    }
}

/// The questions `answers` differ on, in the task's order.
fn differences(
    controls: &[crate::core::Control],
    answers: &[(String, crate::core::Annotation)],
) -> Vec<String> {
    use crate::core::agreement::{Agreement, Measure};
    let mut tally = Agreement::with_texts();
    let all: Vec<crate::core::Annotation> = answers.iter().map(|(_, a)| a.clone()).collect();
    tally.add_item(controls, &all);
    tally
        .questions
        .iter()
        .filter_map(|q| {
            let rate = q.rate()?;
            // Float noise of matched boxes is not a difference.
            if rate > 1.0 - 1e-9 {
                return None;
            }
            let pct = rate * 100.0;
            Some(match q.measure {
                Measure::Same => q.name.clone(),
                Measure::BoxF1 | Measure::SegmentF1 | Measure::SpanF1 | Measure::RelationF1 => {
                    format!("{} (F1 {pct:.0}%)", q.name)
                }
                Measure::Attribute(_) | Measure::Words | Measure::Keypoints => {
                    format!("{} ({pct:.0}% alike)", q.name)
                }
            })
        })
        .collect()
}

/// The boxes of every answer but the one shown, when the reviewer asked for them (C).
pub fn other_boxes(w: &Work) -> Vec<(String, Vec<crate::core::BoxAnn>)> {
    let (Some(here), Some(item)) = (&w.answers_here, &w.session.item) else {
        return Vec::new();
    };
    if !w.show_other_boxes || here.item != item.id {
        return Vec::new();
    }
    let shown = w
        .session
        .answer_by
        .clone()
        .unwrap_or_else(|| w.session.project.annotator.clone());
    here.boxes
        .iter()
        .filter(|(who, _)| *who != shown)
        .cloned()
        .collect()
}

/// Draws the section (nothing when fewer than two answers).
pub fn answers_section(ui: &mut egui::Ui, w: &mut Work) {
    let Some(item) = w.session.item.as_ref().map(|i| i.id) else {
        return;
    };
    if w.answers_here.as_ref().is_none_or(|a| a.item != item) {
        w.answers_here = Some(AnswersHere::of(w, item));
    }
    let Some(here) = &w.answers_here else {
        return;
    };
    if here.lines.len() < 2 {
        return;
    }
    let me = w.session.project.annotator.clone();
    let shown = w.session.answer_by.clone().unwrap_or_else(|| me.clone());
    let mut pick = None;
    ui.add_space(8.0);
    ui.separator();
    ui.label(RichText::new(format!("{} answers · V: next", here.lines.len())).strong());
    if here.differ.is_empty() {
        ui.label(RichText::new("they agree").weak());
    } else {
        ui.label(
            RichText::new(format!("they differ on: {}", here.differ.join(", ")))
                .color(super::palette::caution(ui.visuals())),
        );
    }
    if w.session.has_boxes() {
        let hint = if w.show_other_boxes {
            "C: hide the others' boxes (dashed)"
        } else {
            "C: draw every answer's boxes at once"
        };
        ui.label(RichText::new(hint).weak());
    }
    egui::Grid::new("answers_here")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for (who, said) in &here.lines {
                let name = if *who == me {
                    format!("{who} (you)")
                } else {
                    who.clone()
                };
                if ui
                    .selectable_label(*who == shown, name)
                    .on_hover_text("show this answer; a change starts from it")
                    .clicked()
                {
                    pick = Some(who.clone());
                }
                ui.label(RichText::new(said).weak());
                ui.end_row();
            }
        });
    if let Some(who) = pick {
        w.act(Action::ShowAnswer(who));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::config::ControlKind;
    use crate::core::{Annotation, Control};

    fn said(text: &str, verdict: &str) -> Annotation {
        let mut a = Annotation::default();
        a.fields.insert("transcript".into(), text.into());
        a.fields.insert("verdict".into(), verdict.into());
        a
    }

    #[test]
    fn the_questions_answers_differ_on_are_named_with_how_close_they_came() {
        let mut verdict = Control::new("verdict", ControlKind::Choice);
        verdict.options = vec!["correct".into(), "fixed".into()];
        let controls = [Control::new("transcript", ControlKind::Text), verdict];
        let two =
            |a: Annotation, b: Annotation| vec![("ana".to_string(), a), ("ben".to_string(), b)];
        let text = "turn left at the station";
        assert_eq!(
            differences(
                &controls,
                &two(
                    said(text, "correct"),
                    said("Turn left at the nation.", "fixed")
                )
            ),
            ["transcript (80% alike)", "verdict"]
        );
        // Case and punctuation aside, the same words and the same verdict: nothing to settle.
        assert!(
            differences(
                &controls,
                &two(
                    said(text, "fixed"),
                    said("Turn left at the station.", "fixed")
                )
            )
            .is_empty()
        );
    }
}
