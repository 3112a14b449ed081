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
        .default_width(460.0)
        // Over the item list, the part of the screen least needed while reading them.
        .default_pos([8.0, 60.0])
        .show(ctx, |ui| {
            egui::ScrollArea::vertical()
                .max_height(520.0)
                .show(ui, |ui| {
                    if let Some(text) = config.task.instructions.as_deref() {
                        for para in text.trim().split("\n\n") {
                            ui.label(para.trim());
                            ui.add_space(4.0);
                        }
                    }
                    let described: Vec<_> = config
                        .labels
                        .iter()
                        .filter(|l| !l.description.trim().is_empty())
                        .collect();
                    if !described.is_empty() {
                        ui.separator();
                        egui::Grid::new("label_guidelines")
                            .num_columns(2)
                            .striped(true)
                            .show(ui, |ui| {
                                for l in described {
                                    let key = if l.hotkey.is_empty() {
                                        String::new()
                                    } else {
                                        format!("[{}] ", l.hotkey)
                                    };
                                    ui.label(
                                        RichText::new(format!("{key}{}", l.name))
                                            .strong()
                                            .color(w.color_of(&l.name)),
                                    );
                                    ui.label(&l.description);
                                    ui.end_row();
                                }
                            });
                    }
                    let helped: Vec<_> = config
                        .controls
                        .iter()
                        .filter_map(|c| Some((&c.name, c.help.as_deref()?)))
                        .filter(|(_, h)| !h.trim().is_empty())
                        .collect();
                    if !helped.is_empty() {
                        ui.separator();
                        egui::Grid::new("question_guidelines")
                            .num_columns(2)
                            .striped(true)
                            .show(ui, |ui| {
                                for (name, help) in helped {
                                    ui.label(RichText::new(name).strong());
                                    ui.label(help);
                                    ui.end_row();
                                }
                            });
                    }
                });
            ui.label(RichText::new("G opens and closes this window").weak());
        });
    if !open {
        w.show_guidelines = false;
    }
}
