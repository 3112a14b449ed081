//! How the window looks, kept from one run to the next: the text size (Ctrl+= / Ctrl+- /
//! Ctrl+0, or the View menu) and the theme. Someone who enlarged the text on a laptop or
//! chose the light theme should not have to do it again every morning. Kept in a small TOML
//! file beside the recent-projects list; a missing or damaged file means the defaults.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The text sizes offered: egui's own zoom steps stay within these.
const SMALLEST: f32 = 0.5;
const LARGEST: f32 = 3.0;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ViewPrefs {
    /// 1.0 is the system's size; 1.2 is a fifth larger.
    pub text_size: f32,
    pub theme: ThemeChoice,
    /// A clip's spectrogram under its waveform.
    pub spectrogram: bool,
}

impl Default for ViewPrefs {
    fn default() -> Self {
        ViewPrefs {
            text_size: 1.0,
            theme: ThemeChoice::System,
            spectrogram: false,
        }
    }
}

/// Kept in the context, with the text size and the theme, so any view can read it.
fn spectrogram_id() -> egui::Id {
    egui::Id::unique("keylabel view: spectrogram")
}

/// Whether clips show their spectrogram under the waveform.
pub fn spectrogram(ctx: &egui::Context) -> bool {
    ctx.data(|d| d.get_temp::<bool>(spectrogram_id()))
        .unwrap_or(false)
}

pub fn set_spectrogram(ctx: &egui::Context, on: bool) {
    ctx.data_mut(|d| d.insert_temp(spectrogram_id(), on));
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeChoice {
    #[default]
    System,
    Dark,
    Light,
}

impl From<ThemeChoice> for egui::ThemePreference {
    fn from(t: ThemeChoice) -> Self {
        match t {
            ThemeChoice::System => egui::ThemePreference::System,
            ThemeChoice::Dark => egui::ThemePreference::Dark,
            ThemeChoice::Light => egui::ThemePreference::Light,
        }
    }
}

impl From<egui::ThemePreference> for ThemeChoice {
    fn from(t: egui::ThemePreference) -> Self {
        match t {
            egui::ThemePreference::System => ThemeChoice::System,
            egui::ThemePreference::Dark => ThemeChoice::Dark,
            egui::ThemePreference::Light => ThemeChoice::Light,
        }
    }
}

/// Where they are kept: `view.toml` beside the recent-projects list.
pub fn file_beside(recent_file: &Path) -> PathBuf {
    recent_file.with_file_name("view.toml")
}

/// The prefs in `file`; the defaults when it is missing or unreadable, a text size out of
/// range brought back into it (a hand-edited 40 must not make the window unusable).
pub fn load(file: &Path) -> ViewPrefs {
    let mut p = std::fs::read_to_string(file)
        .ok()
        .and_then(|text| toml::from_str::<ViewPrefs>(&text).ok())
        .unwrap_or_default();
    p.text_size = if p.text_size.is_finite() {
        p.text_size.clamp(SMALLEST, LARGEST)
    } else {
        1.0
    };
    p
}

/// Best effort: a read-only config folder must not stop the work.
pub fn save(file: &Path, p: &ViewPrefs) {
    let Ok(text) = toml::to_string(p) else { return };
    if let Some(dir) = file.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let _ = std::fs::write(file, text);
}

/// What the window shows now.
fn current(ctx: &egui::Context) -> ViewPrefs {
    ViewPrefs {
        // Rounded so a float's last digit never counts as a change.
        text_size: (ctx.zoom_factor() * 100.0).round() / 100.0,
        theme: ctx.options(|o| o.theme_preference).into(),
        spectrogram: spectrogram(ctx),
    }
}

/// Applies the saved prefs once, then keeps the file up to date with the window.
#[derive(Debug, Default)]
pub struct FollowView {
    last: Option<ViewPrefs>,
}

impl FollowView {
    /// Each frame: on the first, the prefs in `file` are applied; after, a change made
    /// with the keys or the menu is written (only then: no write per frame).
    pub fn frame(&mut self, ctx: &egui::Context, file: Option<&Path>) {
        let Some(file) = file else { return };
        match self.last {
            None => {
                let p = load(file);
                ctx.set_zoom_factor(p.text_size);
                ctx.set_theme(egui::ThemePreference::from(p.theme));
                set_spectrogram(ctx, p.spectrogram);
                self.last = Some(p);
            }
            Some(last) => {
                let now = current(ctx);
                if now != last {
                    save(file, &now);
                    self.last = Some(now);
                }
            }
        }
    }
}

/// The View menu's rows: text size with smaller / larger / reset, and the theme (named in
/// words: egui's own buttons are icons only).
pub fn menu_rows(ui: &mut egui::Ui) {
    ui.horizontal(|ui| {
        let ctx = ui.ctx().clone();
        ui.label(format!("Text size {:.0}%", ctx.zoom_factor() * 100.0));
        if ui
            .add_enabled(ctx.zoom_factor() > SMALLEST, egui::Button::new("−"))
            .on_hover_text("smaller (Ctrl+-)")
            .clicked()
        {
            egui::gui_zoom::zoom_out(&ctx);
        }
        if ui
            .add_enabled(ctx.zoom_factor() < LARGEST, egui::Button::new("+"))
            .on_hover_text("larger (Ctrl+=)")
            .clicked()
        {
            egui::gui_zoom::zoom_in(&ctx);
        }
        if ui
            .button("100%")
            .on_hover_text("the system's size (Ctrl+0)")
            .clicked()
        {
            ctx.set_zoom_factor(1.0);
        }
    });
    ui.horizontal(|ui| {
        ui.label("Theme");
        let mut choice = ui.options(|o| o.theme_preference);
        for (pref, name) in [
            (egui::ThemePreference::System, "System"),
            (egui::ThemePreference::Dark, "Dark"),
            (egui::ThemePreference::Light, "Light"),
        ] {
            ui.selectable_value(&mut choice, pref, name);
        }
        if choice != ui.options(|o| o.theme_preference) {
            ui.ctx().set_theme(choice);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_and_read_back_and_a_damaged_file_means_the_defaults() {
        let d = tempfile::tempdir().unwrap();
        let f = file_beside(&d.path().join("keylabel").join("recent"));
        assert_eq!(load(&f), ViewPrefs::default(), "no file yet");
        let p = ViewPrefs {
            text_size: 1.3,
            theme: ThemeChoice::Light,
            spectrogram: true,
        };
        save(&f, &p);
        assert_eq!(load(&f), p);
        for damaged in ["text_size = \"big\"", "\u{0}\u{1}", "theme = \"sepia\""] {
            std::fs::write(&f, damaged).unwrap();
            assert_eq!(load(&f), ViewPrefs::default(), "{damaged:?}");
        }
        std::fs::write(&f, "text_size = 40.0\ntheme = \"dark\"").unwrap();
        assert_eq!(
            load(&f),
            ViewPrefs {
                text_size: LARGEST,
                theme: ThemeChoice::Dark,
                spectrogram: false,
            }
        );
        std::fs::write(&f, "text_size = nan").unwrap();
        assert_eq!(load(&f).text_size, 1.0);
    }
}
