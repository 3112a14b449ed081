//! A conversation field (chat messages) shown as a dialogue: each turn under its speaker,
//! the assistant's shaded, its text set as the other fields' are (markup, the query's words
//! marked, the word diff of two compared responses).

use super::text_task::{GalleyCache, clip, layout_job};
use crate::core::conversation::Turn;
use egui::{Color32, RichText};

/// The turns' texts as one, for a word diff of two conversations: each turn's words follow
/// the last turn's, so the marks split back by counting words.
pub fn joined(turns: &[Turn]) -> String {
    let texts: Vec<&str> = turns.iter().map(|t| t.content.as_str()).collect();
    texts.join("\n\n")
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
    let mut word = 0;
    for (i, turn) in turns.iter().enumerate() {
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
                let (shown, cut) = clip(&turn.content);
                let key = (
                    format!("{title}#{i}"),
                    ui.available_width().to_bits(),
                    diff.is_some(),
                );
                let galley = match cache.get(&key) {
                    Some(g) => g.clone(),
                    None => {
                        let diff = marks.as_ref().zip(diff.map(|d| d.1));
                        let job = layout_job(ui, shown, highlight, diff);
                        let g = ui.ctx().fonts_mut(|f| f.layout_job(job));
                        cache.insert(key, g.clone());
                        g
                    }
                };
                ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                    ui.label(galley)
                });
                if cut > 0 {
                    ui.label(
                        RichText::new(format!(
                            "… {cut} more characters not shown here (the record is kept whole)"
                        ))
                        .weak(),
                    );
                }
            });
        ui.add_space(4.0);
    }
    ui.add_space(6.0);
}
