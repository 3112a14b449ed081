//! The task's guidelines in a window beside the work (G): the instructions, what each label
//! means, how to answer each question. Annotators check them mid-task, so they stay one key
//! away and never cover the item's controls.

use super::work::Work;
use egui::RichText;

/// Draws the window while `w.show_guidelines` holds; its close button clears it.
pub fn window(ctx: &egui::Context, w: &mut Work) {
    if !w.show_guidelines {
        return;
    }
    let config = &w.session.project.config;
    let title = if config.task.name.trim().is_empty() {
        "Guidelines".to_string()
    } else {
        format!("Guidelines — {}", config.task.name)
    };
    let mut open = true;
    egui::Window::new(title)
        .open(&mut open)
        .collapsible(true)
        .resizable(true)
        .default_width(400.0)
        // Over the item list, the part of the screen least needed while reading them.
        .default_pos([8.0, 60.0])
        .show(ctx, |ui| {
            egui::ScrollArea::vertical()
                .max_height(520.0)
                .show(ui, |ui| {
                    if let Some(text) = config.task.instructions.as_deref() {
                        for para in text.trim().split("\n\n") {
                            ui.label(reflow(para));
                            ui.add_space(4.0);
                        }
                    }
                    let described: Vec<(RichText, String)> = config
                        .labels
                        .iter()
                        .filter(|l| !l.description.trim().is_empty())
                        .map(|l| {
                            let key = if l.hotkey.is_empty() {
                                String::new()
                            } else {
                                format!("[{}] ", l.hotkey)
                            };
                            let name = RichText::new(format!("{key}{}", l.name));
                            (
                                name.strong().color(w.color_of(&l.name)),
                                l.description.clone(),
                            )
                        })
                        .collect();
                    explained(ui, "label_guidelines", described);
                    // A follow-up says when it is asked, help or not: the window is read
                    // before the items, when the question is not yet on screen.
                    let helped: Vec<(RichText, String)> = (config.controls.iter())
                        .filter_map(|c| {
                            let help = c.help.as_deref().map(str::trim).filter(|h| !h.is_empty());
                            let text = match (help, c.when_said()) {
                                (Some(h), Some(when)) => format!("{h} ({when})"),
                                (Some(h), None) => h.to_string(),
                                (None, when) => when?,
                            };
                            Some((RichText::new(&c.name).strong(), text))
                        })
                        .collect();
                    explained(ui, "question_guidelines", helped);
                });
            ui.label(RichText::new("G opens and closes this window").weak());
        });
    if !open {
        w.show_guidelines = false;
    }
}

/// Names and what they mean, two columns under a separator; nothing when none.
fn explained(ui: &mut egui::Ui, id: &str, rows: Vec<(RichText, String)>) {
    if rows.is_empty() {
        return;
    }
    ui.separator();
    egui::Grid::new(id)
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for (name, text) in rows {
                ui.label(name);
                ui.label(text);
                ui.end_row();
            }
        });
}

/// A paragraph as written in TOML, reflowed: a line break inside a sentence becomes a space
/// (the window wraps to its width), while a line starting a list item ("- ", "1. ",
/// "5 perfect: ") keeps its own line.
fn reflow(para: &str) -> String {
    let mut out = String::new();
    for line in para.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !out.is_empty() {
            out.push(if starts_item(line) { '\n' } else { ' ' });
        }
        out.push_str(line);
    }
    out
}

fn starts_item(line: &str) -> bool {
    let mut chars = line.chars();
    match chars.next() {
        Some('-' | '*' | '•') => true,
        Some(c) if c.is_ascii_digit() => {
            // "1. ", "2) ", or a grade like "5 perfect: …"; not "10 pixels wide".
            let rest = chars
                .as_str()
                .trim_start_matches(|c: char| c.is_ascii_digit());
            rest.starts_with(['.', ')', ':'])
                || (rest.starts_with(' ')
                    && rest
                        .split_whitespace()
                        .next()
                        .is_some_and(|w| w.ends_with(':')))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::reflow;

    #[test]
    fn sentences_flow_and_list_items_keep_their_lines() {
        assert_eq!(
            reflow("Draw a tight\nbox around it."),
            "Draw a tight box around it."
        );
        assert_eq!(
            reflow("Grades:\n5 perfect: all\n4 good: most\n- or a dash\nitem"),
            "Grades:\n5 perfect: all\n4 good: most\n- or a dash item"
        );
        assert_eq!(reflow("  padded  \n\n"), "padded");
        assert_eq!(
            reflow("smaller than\n10 pixels."),
            "smaller than 10 pixels."
        );
        assert_eq!(
            reflow("Steps:\n1. look\n2) draw"),
            "Steps:\n1. look\n2) draw"
        );
    }
}
