//! Finding a label (or a question's option) by typing its name. Number keys reach ten;
//! with dozens of classes or intents "/", a few letters and Enter beat scrolling a list. A
//! label the project lacks can be added on the spot (it is written to `keylabel.toml`).

use egui::{Color32, Event, Key, Modifiers, RichText};

/// The finder's state while it is open.
#[derive(Debug, Default)]
pub struct LabelFind {
    pub query: String,
    /// Which of the matches Enter picks (arrows move it).
    pub highlight: usize,
    focus_asked: bool,
    /// No text typed yet: the key that opened the finder ("/") also types its character,
    /// in the same frame or a later one, and that is not part of the name.
    typed: bool,
}

/// What the finder asks for after a frame.
#[derive(Debug, PartialEq)]
pub enum FindOutcome {
    Open,
    Close,
    Pick(usize),
    Add(String),
}

/// Indices of the labels whose name holds `query` (case does not matter): names that start
/// with it first, then the rest, each group in label order. An empty query matches all.
pub fn matches(names: &[&str], query: &str) -> Vec<usize> {
    let q = query.trim().to_lowercase();
    let lower: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
    let starts = (0..names.len()).filter(|&i| lower[i].starts_with(&q));
    let inside = (0..names.len()).filter(|&i| !lower[i].starts_with(&q) && lower[i].contains(&q));
    starts.chain(inside).collect()
}

/// Draws the finder; `labels` are (name, colour, hotkey) in label order. `allow_add`
/// offers to add a name nothing matches (labels can grow; a control's options cannot).
pub fn finder_ui(
    ui: &mut egui::Ui,
    find: &mut LabelFind,
    labels: &[(String, Color32, String)],
    allow_add: bool,
) -> FindOutcome {
    // Taken before the text field sees them: Enter and Esc would only end its editing.
    let (enter, esc, down, up) = ui.input_mut(|i| {
        (
            i.consume_key(Modifiers::NONE, Key::Enter),
            i.consume_key(Modifiers::NONE, Key::Escape),
            i.consume_key(Modifiers::NONE, Key::ArrowDown),
            i.consume_key(Modifiers::NONE, Key::ArrowUp),
        )
    });
    if !find.typed {
        ui.input_mut(|i| {
            let Some(at) = i.events.iter().position(|e| matches!(e, Event::Text(_))) else {
                return;
            };
            find.typed = true;
            if let Event::Text(t) = &i.events[at]
                && t.chars().count() == 1
                && !t.chars().all(char::is_alphanumeric)
            {
                i.events.remove(at);
            }
        });
    }
    let names: Vec<&str> = labels.iter().map(|l| l.0.as_str()).collect();
    let found = matches(&names, &find.query);
    if down {
        find.highlight = (find.highlight + 1).min(found.len().saturating_sub(1));
    }
    if up {
        find.highlight = find.highlight.saturating_sub(1);
    }
    find.highlight = find.highlight.min(found.len().saturating_sub(1));
    let edit = ui.add(
        egui::TextEdit::singleline(&mut find.query)
            .hint_text("find a label: type, Enter picks")
            .desired_width(f32::INFINITY),
    );
    if !find.focus_asked {
        edit.request_focus();
        find.focus_asked = true;
    }
    if edit.changed() {
        find.highlight = 0;
    }
    let mut outcome = FindOutcome::Open;
    for (row, &i) in found.iter().enumerate() {
        let (name, color, key) = &labels[i];
        ui.horizontal(|ui| {
            let (r, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
            ui.painter().rect_filled(r, 3.0, *color);
            let on = row == find.highlight;
            let mut text = RichText::new(super::panels::label_text(key, name));
            if on {
                text = text.strong();
            }
            if ui.selectable_label(on, text).clicked() {
                outcome = FindOutcome::Pick(i);
            }
        });
    }
    let wanted = find.query.trim();
    // Offered only when nothing matches: a half-typed name is not a new label.
    if !wanted.is_empty() && found.is_empty() {
        ui.label(RichText::new("nothing has that name").weak());
        if allow_add && ui.button(format!("Add label “{wanted}”")).clicked() {
            outcome = FindOutcome::Add(wanted.to_string());
        }
    }
    if outcome != FindOutcome::Open {
        return outcome;
    }
    if esc {
        return FindOutcome::Close;
    }
    if enter {
        return match found.get(find.highlight) {
            Some(&i) => FindOutcome::Pick(i),
            None => FindOutcome::Open,
        };
    }
    FindOutcome::Open
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn prefix_matches_come_first_and_case_does_not_matter() {
        let names = ["person", "bicycle", "car", "motorcycle", "Cat", "scar"];
        assert_eq!(matches(&names, "c"), vec![2, 4, 1, 3, 5]);
        assert_eq!(matches(&names, "CYC"), vec![1, 3]);
        assert_eq!(matches(&names, "  ca "), vec![2, 4, 5]);
        assert_eq!(matches(&names, "zebra"), Vec::<usize>::new());
        assert_eq!(matches(&names, "").len(), names.len());
    }
}
