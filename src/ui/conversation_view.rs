//! A conversation field (chat messages) shown as a dialogue: each turn under its speaker,
//! the assistant's shaded, its text set as the other fields' are (markup, the query's words
//! marked, the word diff of two compared responses).

use super::text_task::{GalleyCache, laid_text};
use crate::core::conversation::Turn;
use egui::{Color32, RichText};

/// The turns' texts as one, for a word diff of two conversations: each turn's words follow
/// the last turn's, so the marks split back by counting words.
pub fn joined(turns: &[Turn]) -> String {
    let texts: Vec<&str> = turns.iter().map(|t| t.content.as_str()).collect();
    texts.join("\n\n")
}

/// Turns shown open at the end of a long history; the earlier ones fold under one line.
const OPEN_TURNS: usize = 3;

/// A history of more turns than this folds its earlier ones away.
const FOLD_OVER: usize = 5;

/// A history above the answers: its last turns open, the earlier ones folded under a line
/// that opens them (and stays open from item to item once opened), so the answers to judge
/// are in sight without scrolling past a long chat.
pub fn history(
    ui: &mut egui::Ui,
    cache: &mut GalleyCache,
    title: &str,
    turns: &[Turn],
    highlight: &[String],
) {
    if turns.len() <= FOLD_OVER {
        return block(ui, cache, title, turns, highlight, None);
    }
    let cut = turns.len() - OPEN_TURNS;
    ui.label(RichText::new(title).small().weak());
    // One id for every item: opened once, the history stays open.
    egui::CollapsingHeader::new(format!("{cut} earlier turns"))
        .id_salt(("earlier turns", title))
        .show(ui, |ui| {
            show_turns(ui, cache, title, &turns[..cut], 0, highlight, None);
        });
    show_turns(ui, cache, title, &turns[cut..], cut, highlight, None);
    ui.add_space(6.0);
}

/// The conversation under its title; `diff` marks words of [`joined`] turns.
pub fn block(
    ui: &mut egui::Ui,
    cache: &mut GalleyCache,
    title: &str,
    turns: &[Turn],
    highlight: &[String],
    diff: Option<(&Vec<bool>, Color32)>,
) {
    ui.label(RichText::new(title).small().weak());
    show_turns(ui, cache, title, turns, 0, highlight, diff);
    ui.add_space(6.0);
}

/// Turns `first..` of a conversation, each in its frame under its speaker.
fn show_turns(
    ui: &mut egui::Ui,
    cache: &mut GalleyCache,
    title: &str,
    turns: &[Turn],
    first: usize,
    highlight: &[String],
    diff: Option<(&Vec<bool>, Color32)>,
) {
    let mut word = 0;
    for (k, turn) in turns.iter().enumerate() {
        let i = first + k;
        let words = turn.content.split_whitespace().count();
        let marks: Option<Vec<bool>> = diff.map(|(m, _)| {
            m.get(word..word + words)
                .map(<[bool]>::to_vec)
                .unwrap_or_default()
        });
        word += words;
        let v = ui.visuals();
        // The model's turns set apart from the others' at a glance.
        let fill = match turn.role.as_str() {
            "assistant" => v.faint_bg_color,
            "user" => v.extreme_bg_color,
            _ => Color32::TRANSPARENT,
        };
        egui::Frame::new()
            .fill(fill)
            .stroke(v.widgets.noninteractive.bg_stroke)
            .corner_radius(4)
            .inner_margin(8)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(RichText::new(&turn.role).small().strong());
                let diff = marks.as_ref().zip(diff.map(|d| d.1));
                laid_text(
                    ui,
                    cache,
                    format!("{title}#{i}"),
                    &turn.content,
                    highlight,
                    diff,
                );
            });
        ui.add_space(4.0);
    }
}
